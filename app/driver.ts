/**
 * Drives an engine command for the CLI: config decoding (defaults ← `--config`
 * file ← flags), seeded init, chunked stepping with progress, records, atomic
 * checkpoints every K steps, resume from a run directory, and the final
 * `{ engine, command, seed, steps, elapsedMs, stateHash, ... }` result.
 *
 * @module
 */
import { Data, Effect } from "effect";
import {
  CheckpointCorrupt,
  InvalidConfig,
  type NeuroplasticError,
} from "@neuroplastic/core/errors";
import { key } from "@neuroplastic/core/random";
import {
  configField,
  decodeConfig,
  type EngineCli,
  flagValue,
  FRONT_END_FLAGS,
  intFlag,
  type Json,
  mergeConfig,
  type Process,
  progressReporter,
  runProcess,
} from "@neuroplastic/core/sim";
import {
  readCheckpointSync,
  stateHash,
  writeCheckpointSync,
  writeFileAtomicSync,
} from "@neuroplastic/core/checkpoint";

/** A bad command line (exit code 2). */
export class UsageError extends Data.TaggedError("UsageError")<{ readonly message: string }> {}

/** Flags the driver itself understands (never merged into an engine config). */
export const GLOBAL_FLAGS: ReadonlySet<string> = new Set([...FRONT_END_FLAGS, "record", "stride"]);

/** Options shared by every command run. */
export interface RunRequest {
  readonly engine: EngineCli;
  readonly command: string;
  readonly positional: readonly string[];
  readonly flags: { readonly [name: string]: string | boolean };
  /** Where progress lines go (stderr in the CLI). */
  readonly log: (line: string) => void;
  /** Step-count aliases per command (e.g. `--generations` for LNDP train). */
  readonly stepAliases?: readonly string[];
}

/** The result object printed by `--json`. */
export type RunResult = { readonly [key: string]: Json };

const enc = new TextEncoder();

const parseIntFlag = (
  flags: RunRequest["flags"],
  name: string,
  lo: number,
  hi: number,
): number | undefined => {
  try {
    return intFlag(flags, name, lo, hi);
  } catch {
    throw new UsageError({
      message: `--${name} must be an integer in [${lo}, ${hi}], got ${JSON.stringify(flags[name])}`,
    });
  }
};

const readJsonFile = (path: string, what: string): unknown => {
  let text: string;
  try {
    text = Deno.readTextFileSync(path);
  } catch (e) {
    throw new UsageError({ message: `cannot read ${what} ${path}: ${(e as Error).message}` });
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError({ message: `${what} ${path} is not valid JSON: ${(e as Error).message}` });
  }
};

/** Builds the raw config input: defaults ← config file ← flags that name config fields. */
const configInput = (process: Process<unknown, unknown>, req: RunRequest): unknown => {
  let input: unknown = process.defaults;
  if (typeof req.flags.config === "string") {
    input = mergeConfig(input, readJsonFile(req.flags.config, "config file"));
  } else if (req.flags.config === true) {
    throw new UsageError({ message: "--config needs a file path" });
  }
  const fields = typeof process.defaults === "object" && process.defaults !== null
    ? Object.keys(process.defaults as object)
    : [];
  const overrides: Record<string, unknown> = {};
  for (const [name, v] of Object.entries(req.flags)) {
    if (GLOBAL_FLAGS.has(name) || req.stepAliases?.includes(name)) continue;
    const field = configField(name, fields);
    if (field === undefined) {
      throw new UsageError({
        message: `unknown flag --${name} for ${req.engine.name} ${req.command}; config fields: ${
          fields.join(", ")
        }`,
      });
    }
    overrides[field] = flagValue(v);
  }
  return mergeConfig(input, overrides);
};

const seedOf = (flags: RunRequest["flags"]): number =>
  parseIntFlag(flags, "seed", 0, Number.MAX_SAFE_INTEGER) ?? 0;

/** Everything persisted in `<out>/run.json` so `resume` can continue the run. */
interface RunManifest {
  readonly engine: string;
  readonly command: string;
  readonly seed: number;
  readonly steps: number;
  readonly config: unknown;
  readonly checkpointEvery: number;
  readonly records: readonly string[];
  readonly stride: number;
}

const writeJson = (path: string, value: unknown): void =>
  writeFileAtomicSync(path, enc.encode(JSON.stringify(value, null, 2) + "\n"));

/** Drops record lines past `step` (written after the last checkpoint of a killed run). */
const truncateRecords = (dir: string, step: number): void => {
  let text: string;
  try {
    text = Deno.readTextFileSync(`${dir}/records.ndjson`);
  } catch {
    return;
  }
  const keep = text.split("\n").filter((line) => {
    if (!line) return false;
    try {
      return (JSON.parse(line) as { step: number }).step <= step;
    } catch {
      return false; // a half-written line
    }
  });
  writeFileAtomicSync(`${dir}/records.ndjson`, enc.encode(keep.map((l) => l + "\n").join("")));
};

const toJson = (v: number | ArrayLike<number>): Json => typeof v === "number" ? v : Array.from(v);

/** Runs (or resumes) a process command; returns the `--json` result. */
const runProcessCommand = (
  req: RunRequest,
  process: Process<unknown, unknown>,
  resume?: { readonly dir: string; readonly manifest: RunManifest },
): Effect.Effect<RunResult, NeuroplasticError | UsageError> =>
  Effect.gen(function* () {
    const flags = req.flags;
    const manifest: RunManifest = resume?.manifest ?? (() => {
      const stepFlag = req.stepAliases?.find((a) => flags[a] !== undefined) ?? "steps";
      const steps = parseIntFlag(flags, stepFlag, 0, 1e12) ?? process.defaultSteps;
      const records = typeof flags.record === "string"
        ? flags.record.split(",").filter(Boolean)
        : [];
      for (const r of records) {
        if (!process.records || !(r in process.records)) {
          throw new UsageError({
            message: `unknown record ${r}; available: ${
              Object.keys(process.records ?? {}).join(", ") || "none"
            }`,
          });
        }
      }
      return {
        engine: req.engine.name,
        command: req.command,
        seed: seedOf(flags),
        steps,
        config: configInput(process, req),
        checkpointEvery: parseIntFlag(flags, "checkpoint-every", 1, 1e12) ?? 0,
        records,
        stride: parseIntFlag(flags, "stride", 1, 1e12) ?? 1,
      };
    })();
    const config = yield* decodeConfig(process.config, manifest.config);
    if (process.limits) {
      const bad = process.limits(config);
      if (bad) return yield* Effect.fail(bad);
    }
    const outDir = resume?.dir ?? (typeof flags.out === "string" ? flags.out : undefined);
    if (flags.out === true) throw new UsageError({ message: "--out needs a directory" });
    let from = 0;
    let state: unknown;
    if (resume) {
      let ckpt: { step: number; state: unknown } | undefined;
      try {
        ckpt = readCheckpointSync(`${resume.dir}/checkpoint.bin`);
      } catch (e) {
        const missing = e instanceof CheckpointCorrupt && /cannot read/.test(e.reason) &&
          /No such file|not found/i.test(e.reason);
        if (!missing) return yield* Effect.fail(e as CheckpointCorrupt);
      }
      if (ckpt) {
        from = ckpt.step;
        state = ckpt.state;
      }
      truncateRecords(resume.dir, from);
    }
    if (state === undefined) state = process.init(config, key(manifest.seed));
    if (outDir) {
      Deno.mkdirSync(outDir, { recursive: true });
      if (!resume) {
        writeJson(`${outDir}/run.json`, manifest);
        writeJson(`${outDir}/config.json`, manifest.config);
        try {
          Deno.removeSync(`${outDir}/checkpoint.bin`);
        } catch { /* none */ }
        try {
          Deno.removeSync(`${outDir}/records.ndjson`);
        } catch { /* none */ }
      }
    }
    const K = outDir ? manifest.checkpointEvery : 0;
    const stride = manifest.records.length > 0 ? manifest.stride : 0;
    const total = manifest.steps;
    const progressChunk = Math.max(1, Math.floor(total / 100));
    const every = K || stride ? gcd(K || stride, stride || K) : progressChunk;
    const quiet = flags.quiet === true;
    const report = progressReporter({
      label: `${req.engine.name} ${req.command}`,
      write: (l) => quiet ? undefined : req.log(l),
    });
    let pending: string[] = [];
    const flushRecords = (): void => {
      if (!outDir || pending.length === 0) return;
      const f = Deno.openSync(`${outDir}/records.ndjson`, {
        append: true,
        create: true,
        write: true,
      });
      try {
        f.writeSync(enc.encode(pending.join("")));
        f.syncSync();
      } finally {
        f.close();
      }
      pending = [];
    };
    const recordsInMemory: Record<string, Json[]> = {};
    const t0 = performance.now();
    const last = yield* runProcess(process, config, state, {
      from,
      to: total,
      every,
      onEvent: (ev) =>
        Effect.sync(() => {
          report(ev.step, total);
          if (stride && ev.step % stride === 0) {
            for (const name of manifest.records) {
              const value = toJson(process.records![name](ev.state));
              if (outDir) pending.push(JSON.stringify({ step: ev.step, name, value }) + "\n");
              else (recordsInMemory[name] ??= []).push(value);
            }
          }
          if (K && ev.step % K === 0) {
            flushRecords();
            writeCheckpointSync(`${outDir}/checkpoint.bin`, {
              step: ev.step,
              meta: { engine: req.engine.name, command: manifest.command, seed: manifest.seed },
              state: ev.state,
            });
          }
        }),
    });
    flushRecords();
    const elapsedMs = performance.now() - t0;
    const hash = stateHash(last.state);
    const ran = last.step - from;
    const result: RunResult = {
      engine: req.engine.name,
      command: manifest.command,
      seed: manifest.seed,
      steps: last.step,
      elapsedMs: Math.round(elapsedMs * 1000) / 1000,
      stepsPerSecond: elapsedMs > 0 ? Math.round((ran / elapsedMs) * 1000) : null,
      stateHash: hash,
      ...(resume ? { resumedFrom: from } : {}),
      ...process.summary(last.state, config),
      ...(!outDir && manifest.records.length > 0 ? { records: recordsInMemory } : {}),
    };
    if (outDir) {
      writeCheckpointSync(`${outDir}/final.bin`, {
        step: last.step,
        meta: { engine: req.engine.name, command: manifest.command, seed: manifest.seed },
        state: last.state,
      });
      writeJson(`${outDir}/result.json`, result);
    }
    return result;
  });

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/**
 * Runs `np <engine> <command> ...` (or `np <engine> resume <dir>`) and returns the result object.
 *
 * @example
 * ```ts ignore
 * import { Effect } from "effect";
 * import { runCommand } from "./driver.ts";
 * ```
 */
export const runCommand = (
  req: RunRequest,
): Effect.Effect<RunResult, NeuroplasticError | UsageError> =>
  Effect.suspend(() => {
    if (req.command === "resume") {
      const dir = req.positional[0];
      if (!dir) {
        return Effect.fail(
          new UsageError({ message: `usage: np ${req.engine.name} resume <dir>` }),
        );
      }
      const manifest = readJsonFile(`${dir}/run.json`, "run manifest") as RunManifest;
      if (manifest.engine !== req.engine.name) {
        return Effect.fail(
          new UsageError({
            message: `${dir} holds a ${manifest.engine} run, not ${req.engine.name}`,
          }),
        );
      }
      const cmd = req.engine.commands[manifest.command];
      if (!cmd || cmd.kind !== "process") {
        return Effect.fail(
          new UsageError({ message: `${dir}: command ${manifest.command} cannot be resumed` }),
        );
      }
      return runProcessCommand({ ...req, command: manifest.command }, cmd.process, {
        dir,
        manifest,
      });
    }
    const cmd = req.engine.commands[req.command];
    if (!cmd) {
      return Effect.fail(
        new UsageError({
          message: `unknown command '${req.command}' for ${req.engine.name}; commands: ${
            [...Object.keys(req.engine.commands), "resume"].join(", ")
          }`,
        }),
      );
    }
    if (cmd.kind === "process") return runProcessCommand(req, cmd.process);
    const seed = seedOf(req.flags);
    const steps = parseIntFlag(req.flags, "steps", 0, 1e12);
    const outDir = typeof req.flags.out === "string" ? req.flags.out : undefined;
    if (outDir) Deno.mkdirSync(outDir, { recursive: true });
    const quiet = req.flags.quiet === true;
    const report = progressReporter({
      label: `${req.engine.name} ${req.command}`,
      write: (l) => quiet ? undefined : req.log(l),
    });
    const t0 = performance.now();
    return cmd.run({
      flags: req.flags,
      positional: req.positional,
      seed,
      steps,
      outDir,
      progress: report,
    }).pipe(
      Effect.map((out) => {
        const elapsedMs = performance.now() - t0;
        const result: RunResult = {
          engine: req.engine.name,
          command: req.command,
          seed,
          steps: out.steps,
          elapsedMs: Math.round(elapsedMs * 1000) / 1000,
          stateHash: stateHash(out.state ?? out.figures),
          ...out.figures,
        };
        if (outDir) writeJson(`${outDir}/result.json`, result);
        return out.text ? { ...result, __text: out.text as Json } : result;
      }),
    );
  });

export { InvalidConfig };
