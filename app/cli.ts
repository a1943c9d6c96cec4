/**
 * `np` — the neuroplastic command line.
 *
 * ```
 * deno task np --help
 * deno task np <engine> <command> [--config file.json] [--seed N] [--steps N] [--out dir]
 *                                 [--checkpoint-every K] [--record a,b --stride K] [--json] [--quiet]
 * deno task np <engine> resume <dir>
 * ```
 * Progress goes to stderr, the summary (or one JSON object with `--json`) to stdout.
 * Exit codes: 0 ok, 2 bad flags or config, 3 numerical divergence, 4 corrupt checkpoint, 1 other.
 *
 * @module
 */
import { Cause, Effect, Exit } from "effect";
import { CheckpointCorrupt, InvalidConfig, NumericalDivergence } from "@neuroplastic/core/errors";
import type { EngineCli } from "@neuroplastic/core/sim";
import { parseArgs } from "./args.ts";
import { runCommand, UsageError } from "./driver.ts";
import { engines } from "./registry.ts";
import { reporters } from "./report/engines.ts";
import { readRunDir, runReportHtml } from "@neuroplastic/core/chart";
import { sweepMain } from "./sweep_cli.ts";

/** The result of a CLI invocation: exit code and what went to stdout/stderr. */
export interface CliOutcome {
  /** Exit code: 0 ok, 2 bad flags or config, 3 numerical divergence, 4 corrupt checkpoint, 1 other. */
  readonly code: number;
}

const usage = (all: readonly EngineCli[]): string => {
  const lines = [
    "np — neuroplastic command line",
    "",
    "usage: np <engine> <command> [--config file.json] [--seed N] [--steps N] [--out dir]",
    "                             [--checkpoint-every K] [--record a,b --stride K] [--json] [--quiet]",
    "       np <engine> resume <dir>",
    "       np <engine> --help",
    "       np report <run-dir>          write <run-dir>/report.html",
    "       np sweep <engine> --grid grid.json [--workers W] [--queue kv [--kv path]] [--out dir]",
    "       np sweep consume --kv path   run an extra KV-queue consumer",
    "",
    "engines and commands:",
  ];
  for (const e of all) {
    lines.push(`  ${e.name}  (${e.version}) ${e.description}`);
    for (const [name, c] of Object.entries(e.commands)) {
      lines.push(`      ${name.padEnd(18)} ${c.description}`);
    }
    lines.push(
      `      ${"resume <dir>".padEnd(18)} continue an interrupted run from its last checkpoint`,
    );
  }
  return lines.join("\n");
};

const engineUsage = (e: EngineCli): string => {
  const lines = [`np ${e.name} — ${e.description}`, "", "commands:"];
  for (const [name, c] of Object.entries(e.commands)) {
    lines.push(`  ${name.padEnd(18)} ${c.description}`);
    if (c.kind === "custom" && c.usage) lines.push(`  ${"".padEnd(18)} usage: ${c.usage}`);
    if (c.kind === "process") {
      lines.push(
        `  ${"".padEnd(18)} config fields (defaults): ${JSON.stringify(c.process.defaults)}`,
      );
    }
  }
  lines.push(`  ${"resume <dir>".padEnd(18)} continue an interrupted run from its last checkpoint`);
  return lines.join("\n");
};

/**
 * Runs the CLI on `argv`, writing to the given sinks; returns the exit code.
 *
 * @example
 * ```ts ignore
 * import { main } from "./cli.ts";
 * const code = await main(["--help"], console.log, console.error);
 * ```
 */
export const main = async (
  argv: readonly string[],
  out: (s: string) => void,
  err: (s: string) => void,
  registry: readonly EngineCli[] = engines,
): Promise<number> => {
  const { positional, flags } = parseArgs(argv);
  const [engineName, command, ...rest] = positional;
  if (!engineName) {
    (flags.help || flags.h ? out : err)(usage(registry));
    return flags.help || flags.h ? 0 : 2;
  }
  if (engineName === "sweep") {
    return await sweepMain([command, ...rest].filter(Boolean), flags, out, err);
  }
  if (engineName === "report") {
    const dir = command;
    if (!dir) {
      err("usage: np report <run-dir>");
      return 2;
    }
    try {
      const path = writeRunReport(dir);
      out(path);
      return 0;
    } catch (e) {
      err(`np report: ${(e as Error).message}`);
      return 2;
    }
  }
  const engine = registry.find((e) => e.name === engineName);
  if (!engine) {
    err(
      `np: unknown engine '${engineName}'. Known engines: ${
        registry.map((e) => e.name).join(", ")
      }`,
    );
    return 2;
  }
  if (!command || flags.help || flags.h) {
    (command ? out : flags.help ? out : err)(engineUsage(engine));
    return flags.help || flags.h ? 0 : 2;
  }
  const exit = await Effect.runPromiseExit(
    runCommand({
      engine,
      command,
      positional: rest,
      flags,
      log: err,
      stepAliases: ["generations", "epochs"],
    }),
  );
  if (Exit.isSuccess(exit)) {
    const { __text, ...result } = exit.value as Record<string, unknown>;
    const outDir = command === "resume"
      ? rest[0]
      : typeof flags.out === "string"
      ? flags.out
      : undefined;
    if (outDir) {
      try {
        const path = writeRunReport(outDir);
        if (!flags.quiet) err(`report: ${path}`);
      } catch (e) {
        err(`np: could not write the report: ${(e as Error).message}`);
      }
    }
    if (flags.json) out(JSON.stringify(result));
    else {
      if (Array.isArray(__text)) { for (const l of __text) out(String(l)); }
      for (const [k, v] of Object.entries(result)) {
        out(`${k.padEnd(16)} ${typeof v === "object" ? JSON.stringify(v) : String(v)}`);
      }
    }
    return 0;
  }
  const e = Cause.squash(exit.cause);
  if (e instanceof UsageError) {
    err(`np: ${e.message}`);
    return 2;
  }
  if (e instanceof InvalidConfig) {
    err(
      `np: invalid config: ${e.message}${
        e.allowed && !e.message.includes(e.allowed) ? ` (allowed: ${e.allowed})` : ""
      }`,
    );
    return 2;
  }
  if (e instanceof NumericalDivergence) {
    err(`np: ${e.message}; the last good checkpoint (if any) is kept`);
    return 3;
  }
  if (e instanceof CheckpointCorrupt) {
    err(`np: ${e.message}`);
    return 4;
  }
  err(`np: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
  return 1;
};

/**
 * Writes `<dir>/report.html` for a run directory and returns its path.
 *
 * @example
 * ```ts ignore
 * import { writeRunReport } from "./cli.ts";
 * writeRunReport("out/run1");
 * ```
 */
export const writeRunReport = (dir: string): string => {
  const html = runReportHtml(readRunDir(dir), reporters);
  const path = `${dir}/report.html`;
  Deno.writeTextFileSync(path, html);
  return path;
};

if (import.meta.main) {
  const code = await main(Deno.args, (s) => console.log(s), (s) => console.error(s));
  Deno.exit(code);
}
