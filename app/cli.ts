/**
 * `np` — the neuroplastic command line: a thin front end over the run orchestrator
 * (`@neuroplastic/core/sim`), which decodes the flags, runs, checkpoints and resumes.
 *
 * ```
 * deno task np --help | --version
 * deno task np <engine> <command> [flags]        (np <engine> <command> --help lists them)
 * deno task np <engine> resume <dir> [--budget S] [--workers W] [--json] [--quiet]
 * deno task np resume <dir>
 * deno task np report <dir>
 * deno task np export <dir> --format npy|csv|parquet [--what records|final] [--out file-or-dir]
 * ```
 * Progress goes to stderr, the summary (or one JSON object with `--json`) to stdout. Exit codes
 * and HTTP statuses come from one table (`ERROR_CODES` in `@neuroplastic/core/sim`): 0 ok,
 * 2 bad flags or config, 3 numerical divergence, 4 corrupt checkpoint, 5 file error,
 * 6 no GPU, 1 a defect.
 *
 * @module
 */
import { Cause, Effect, Exit } from "effect";
import {
  codesOf,
  commandHelp,
  type EngineCli,
  engineHelp,
  invoke,
  listedCommands,
  parseArgs,
  type ProgressEvent,
  progressWriter,
  readManifest,
  resume,
  type RunResult,
} from "@neuroplastic/core/sim";
import { readRunDir, runReportHtml } from "@neuroplastic/core/chart";
import { InvalidConfig } from "@neuroplastic/core/errors";
import appJson from "./deno.json" with { type: "json" };
import { sweepMain } from "./sweep_cli.ts";
import { EXPORT_FORMATS, EXPORT_WHATS, exportRun } from "./export.ts";

/** `np --version`: the package version and the Deno, V8 and TypeScript versions. */
export const versionText = (): string =>
  `neuroplastic ${appJson.version} (deno ${Deno.version.deno}, v8 ${Deno.version.v8}, typescript ${Deno.version.typescript})`;

const usage = (all: readonly EngineCli[]): string => {
  const lines = [
    "np — neuroplastic command line",
    "",
    "usage: np <engine> <command> [flags]          np <engine> <command> --help lists every flag",
    "       np <engine> resume <dir> [--budget S] [--workers W]   (or: np resume <dir>)",
    "       np report <dir>                          write <dir>/report.html",
    "       np export <dir> --format npy|csv|parquet [--what records|final] [--out file-or-dir]",
    "       np sweep <engine> --grid grid.json [--workers W] [--queue kv [--kv path]] [--out dir]",
    "       np sweep consume --kv path               run an extra KV-queue consumer",
    "       np --version",
    "",
    "engines and commands:",
  ];
  for (const e of all) {
    lines.push(`  ${e.name}  (${e.version}) ${e.description}`);
    for (const name of listedCommands(e)) {
      lines.push(`      ${name.padEnd(20)} ${e.commands[name].description}`);
    }
  }
  lines.push(
    "",
    "Exit codes: 0 ok, 2 bad flags or config, 3 numerical divergence, 4 corrupt checkpoint,",
    "5 file error, 6 no GPU, 1 a defect (run with --debug and report it).",
  );
  return lines.join("\n");
};

/** The reporters of the registered engines, by engine name. */
const reportersOf = (registry: readonly EngineCli[]) =>
  Object.fromEntries(registry.flatMap((e) => (e.reporter ? [[e.name, e.reporter]] : [])));

/**
 * Writes `<dir>/report.html` for a run directory and returns its path.
 *
 * @example
 * ```ts ignore
 * import { writeRunReport } from "./cli.ts";
 * import { engines } from "./registry.ts";
 * writeRunReport("out/run1", engines);
 * ```
 */
export const writeRunReport = (dir: string, registry: readonly EngineCli[]): string => {
  const html = runReportHtml(readRunDir(dir), reportersOf(registry));
  const path = `${dir}/report.html`;
  Deno.writeTextFileSync(path, html);
  return path;
};

/** How the CLI draws progress on stderr. */
export interface ProgressSink {
  /** True when stderr is a terminal: one bar redrawn in place; otherwise plain lines. */
  readonly tty: boolean;
  /** Writes raw text to stderr (the bar's carriage returns; no newline added). */
  readonly raw: (s: string) => void;
}

/** Progress of a run as the orchestrator reports it, drawn through `progressWriter`. */
const progressOf = (label: string, err: (s: string) => void, sink?: ProgressSink) => {
  const draw = progressWriter(sink?.tty ? { write: sink.raw, tty: true } : { write: err });
  return (ev: ProgressEvent): void =>
    draw({
      label,
      done: ev.done,
      total: ev.total,
      elapsedMs: ev.elapsedMs,
      unit: ev.unit,
      from: ev.from,
    });
};

/**
 * Runs the CLI on `argv`, writing to the given sinks; returns the exit code. Progress goes to
 * `err` as plain lines, or, with a terminal `sink`, as one bar redrawn in place.
 *
 * @example
 * ```ts ignore
 * import { main } from "./cli.ts";
 * import { engines } from "./registry.ts";
 * const code = await main(["--help"], console.log, console.error, engines);
 * ```
 */
export const main = async (
  argv: readonly string[],
  out: (s: string) => void,
  err: (s: string) => void,
  registry: readonly EngineCli[],
  sink?: ProgressSink,
): Promise<number> => {
  const { positional, flags } = parseArgs(argv);
  const io = (label: string, flags: { readonly [k: string]: string | boolean }) =>
    flags.quiet === true ? {} : { progress: progressOf(label, err, sink) };
  const help = flags.help === true || flags.h === true;
  const [first, second, ...rest] = positional;
  if (flags.version === true && !first) {
    out(versionText());
    return 0;
  }
  if (!first) {
    (help ? out : err)(usage(registry));
    return help ? 0 : 2;
  }
  if (first === "sweep") {
    return await sweepMain([second, ...rest].filter(Boolean), flags, out, err, registry);
  }
  if (first === "report") {
    if (!second) {
      err("usage: np report <run-dir>");
      return 2;
    }
    try {
      out(writeRunReport(second, registry));
      return 0;
    } catch (e) {
      err(`np report: ${(e as Error).message}`);
      return 2;
    }
  }
  if (first === "export") {
    return await exportMain([second, ...rest].filter(Boolean), flags, out, err);
  }
  const { h: _h, help: _help, ...runFlags } = flags;
  if (first === "resume") {
    if (!second || rest.length > 0) {
      err("usage: np resume <dir> [--budget S] [--workers W] [--json] [--quiet]");
      return 2;
    }
    return await finish(resume(registry, second, runFlags, io(second, flags)), {
      outDir: second,
      flags,
      out,
      err,
      registry,
    });
  }
  const engine = registry.find((e) => e.name === first);
  if (!engine) {
    err(`np: unknown engine '${first}'. Known engines: ${registry.map((e) => e.name).join(", ")}`);
    return 2;
  }
  if (!second) {
    (help ? out : err)(engineHelp(engine));
    return help ? 0 : 2;
  }
  if (second === "resume") {
    const dir = rest[0];
    if (!dir || rest.length > 1) {
      err(`usage: np ${engine.name} resume <dir> [--budget S] [--workers W] [--json] [--quiet]`);
      return 2;
    }
    const m = readManifest(dir);
    if (m && m.engine !== engine.name) {
      err(`np: ${dir} holds a ${m.engine} run, not ${engine.name}`);
      return 2;
    }
    return await finish(resume([engine], dir, runFlags, io(dir, flags)), {
      outDir: dir,
      flags,
      out,
      err,
      registry,
    });
  }
  // `np hebbian-rnn mode-a train` is another spelling of `mode-a-train`.
  let command = second;
  let extra = rest;
  if (!Object.hasOwn(engine.commands, command) && rest.length > 0) {
    const joined = `${second}-${rest[0]}`;
    if (Object.hasOwn(engine.commands, joined)) {
      command = joined;
      extra = rest.slice(1);
    }
  }
  if (help && Object.hasOwn(engine.commands, command)) {
    out(commandHelp(engine, command));
    return 0;
  }
  if (extra.length > 0) {
    err(
      `np: unexpected argument '${
        extra[0]
      }' (flags start with --; see np ${engine.name} ${command} --help)`,
    );
    return 2;
  }
  const outDir = typeof flags.out === "string" ? flags.out : undefined;
  return await finish(
    invoke(engine, command, runFlags, io(`${engine.name} ${command}`, flags)),
    { outDir, flags, out, err, registry },
  );
};

const EXPORT_USAGE =
  "usage: np export <run-dir> --format npy|csv|parquet [--what records|final] [--out file-or-dir]";

/** `np export`: a run folder's records or final state as NPY, CSV or Parquet (app/export.ts). */
const exportMain = async (
  args: readonly string[],
  flags: { readonly [k: string]: string | boolean },
  out: (s: string) => void,
  err: (s: string) => void,
): Promise<number> => {
  if (flags.help === true || flags.h === true) {
    out(EXPORT_USAGE);
    return 0;
  }
  const allowed = ["format", "what", "out", "quiet", "json"];
  const bad = Object.keys(flags).find((k) => !allowed.includes(k));
  if (args.length !== 1 || bad || typeof flags.format !== "string") {
    err(
      bad
        ? `np export: unknown flag --${bad} (allowed: --${allowed.join(", --")})`
        : args.length !== 1
        ? `np export: give one run folder\n${EXPORT_USAGE}`
        : `np export: --format is required (${EXPORT_FORMATS.join(", ")})\n${EXPORT_USAGE}`,
    );
    return 2;
  }
  for (const k of ["what", "out"] as const) {
    if (flags[k] !== undefined && typeof flags[k] !== "string") {
      err(`np export: --${k} needs a value${k === "what" ? ` (${EXPORT_WHATS.join(", ")})` : ""}`);
      return 2;
    }
  }
  const exit = await Effect.runPromiseExit(exportRun(args[0], {
    format: flags.format,
    what: flags.what as string | undefined,
    out: flags.out as string | undefined,
  }));
  if (Exit.isSuccess(exit)) {
    if (flags.json === true) out(JSON.stringify({ files: exit.value }));
    else for (const f of exit.value) out(f);
    return 0;
  }
  const failure = Cause.failureOption(exit.cause);
  const e = failure._tag === "Some" ? failure.value : Cause.squash(exit.cause);
  err(`np export: ${(e as Error).message}`);
  return codesOf(e).exit;
};

const finish = async (
  run: Effect.Effect<RunResult, unknown>,
  ctx: {
    readonly outDir: string | undefined;
    readonly flags: { readonly [k: string]: string | boolean };
    readonly out: (s: string) => void;
    readonly err: (s: string) => void;
    readonly registry: readonly EngineCli[];
  },
): Promise<number> => {
  const exit = await Effect.runPromiseExit(run);
  if (Exit.isSuccess(exit)) {
    const { __text, ...result } = exit.value as Record<string, unknown>;
    if (ctx.outDir && readManifest(ctx.outDir)?.kind === "process") {
      try {
        const path = writeRunReport(ctx.outDir, ctx.registry);
        if (ctx.flags.quiet !== true) ctx.err(`report: ${path}`);
      } catch (e) {
        ctx.err(`np: could not write the report: ${(e as Error).message}`);
      }
    }
    if (ctx.flags.json === true) ctx.out(JSON.stringify(result));
    else {
      if (Array.isArray(__text)) { for (const l of __text) ctx.out(String(l)); }
      for (const [k, v] of Object.entries(result)) {
        ctx.out(`${k.padEnd(18)} ${typeof v === "object" ? JSON.stringify(v) : String(v)}`);
      }
    }
    return 0;
  }
  const failure = Cause.failureOption(exit.cause);
  const e = failure._tag === "Some" ? failure.value : Cause.squash(exit.cause);
  const codes = codesOf(e);
  const debug = ctx.flags.debug === true;
  if (codes.exit === 1) {
    ctx.err(
      `np: internal error: ${
        debug && e instanceof Error
          ? e.stack ?? e.message
          : e instanceof Error
          ? e.message
          : String(e)
      }${debug ? "" : " (run with --debug for the stack trace)"}`,
    );
    return 1;
  }
  const msg = (e as Error).message;
  const extra = e instanceof InvalidConfig && e.allowed && !msg.includes(e.allowed)
    ? ` (allowed: ${e.allowed})`
    : "";
  ctx.err(
    `np: ${msg}${extra}${codes.exit === 3 ? "; the last good checkpoint (if any) is kept" : ""}`,
  );
  if (debug && e instanceof Error && e.stack) ctx.err(e.stack);
  return codes.exit;
};

if (import.meta.main) {
  const { engines } = await import("./registry.ts");
  const enc = new TextEncoder();
  const code = await main(Deno.args, (s) => console.log(s), (s) => console.error(s), engines, {
    tty: Deno.stderr.isTerminal(),
    raw: (s) => Deno.stderr.writeSync(enc.encode(s)),
  });
  Deno.exit(code);
}
