/**
 * From raw flags to a checked invocation: the command's parameters (its config fields, derived
 * from its Schema) plus the run-level flags the orchestrator owns, each accepted only where it
 * applies. Unknown flags fail with the closest valid one; values fail naming the flag and every
 * allowed value.
 *
 * @module
 */
import { Effect } from "effect";
import { FileError, InvalidConfig, UsageError } from "../errors.ts";
import type { EngineCommand, Json, Process, StepUnit } from "./command.ts";
import { decodeConfig, mergeConfig } from "./schema.ts";
import { allowedText, closest, type ParamSpec, paramSpecs, parseParam, setPath } from "./spec.ts";

/** Raw flags: `--name value` → `{ name: "value" }`, bare `--name` → `true`. */
export type RawFlags = { readonly [name: string]: string | boolean };

/** Flags of the front end itself, valid with every command (output form, diagnostics). */
export const INTERFACE_FLAGS: readonly string[] = ["json", "quiet", "debug", "help"];

/** Flags that may be given after `resume <dir>` (they do not change the run's results). */
export const RESUME_FLAGS: readonly string[] = ["budget", "workers", ...INTERFACE_FLAGS];

/** The run-level settings of one invocation, as decoded. */
export interface RunOptions {
  /** `--seed` (0 when absent or not applicable). */
  readonly seed: number;
  /** Total length in the command's unit (processes). */
  readonly steps: number;
  /** `--out` folder. */
  readonly outDir?: string;
  /** `--force`: write into a non-empty folder that holds no run of this command. */
  readonly force: boolean;
  /** `--checkpoint-every K` (undefined: automatic period when `--out` is given). */
  readonly checkpointEvery?: number;
  /** `--record a,b`. */
  readonly records: readonly string[];
  /** `--stride K` (default 1). */
  readonly stride: number;
  /** `--budget` in milliseconds. */
  readonly budgetMs?: number;
  /** `--workers` (default 1). */
  readonly workers: number;
}

/** A decoded invocation: the command's raw config input (JSON) and the run options. */
export interface Invocation {
  /** The config as JSON (defaults ← config file ← flags), not yet decoded by the Schema. */
  readonly configInput: Json;
  /** Run options. */
  readonly options: RunOptions;
}

/**
 * Every flag name the orchestrator owns (run flags for any unit, and the front end's own): a
 * config field spelled like one of them would be shadowed where that run flag applies.
 *
 * @example
 * ```ts
 * import { RUN_FLAG_NAMES } from "@neuroplastic/core/sim";
 * console.log(RUN_FLAG_NAMES.includes("epochs")); // true
 * ```
 */
export const RUN_FLAG_NAMES: readonly string[] = [
  "seed",
  ...(["step", "epoch", "generation", "trial"] as const).map((u) => `${u}s`),
  "config",
  "out",
  "force",
  "checkpoint-every",
  "budget",
  "record",
  "stride",
  "workers",
  ...INTERFACE_FLAGS,
];

/** The plural of a unit, as used for the length flag and the result field. */
export const unitPlural = (unit: StepUnit | string): string => `${unit}s`;

/** The schema, defaults and docs of any command. */
export const commandParams = (cmd: EngineCommand): ParamSpec[] =>
  cmd.kind === "process"
    ? paramSpecs(cmd.process.config, cmd.process.defaults, cmd.process.docs)
    : paramSpecs(cmd.config, cmd.defaults, cmd.docs);

/** Default config of a command. */
export const commandDefaults = (cmd: EngineCommand): unknown =>
  cmd.kind === "process" ? cmd.process.defaults : cmd.defaults;

/** A run-level flag: what it sets, where it applies, its help line. */
export interface RunFlag {
  /** Flag name. */
  readonly name: string;
  /** Value shape, for help. */
  readonly value: string;
  /** One-line description. */
  readonly description: string;
  /** Default shown in help. */
  readonly default?: string;
  /** Unit. */
  readonly unit?: string;
  /** Why it does not apply to this command, or undefined when it does. */
  readonly notApplicable?: string;
}

/**
 * The run-level flags of a command, each with whether it applies.
 *
 * @example
 * ```ts ignore
 * runFlags(cmd).filter((f) => !f.notApplicable).map((f) => f.name);
 * ```
 */
export const runFlags = (cmd: EngineCommand): RunFlag[] => {
  const p: Process<unknown, unknown> | undefined = cmd.kind === "process" ? cmd.process : undefined;
  const unit = p?.unit ?? "step";
  const seeded = p ? p.seeded !== false : cmd.kind === "function" && cmd.seeded === true;
  const workers = p ? p.workers === true : cmd.kind === "function" && cmd.workers === true;
  const hasRecords = !!p?.records && Object.keys(p.records).length > 0;
  const notProcess = p ? undefined : "it is not a stepping process (nothing to checkpoint)";
  const fixedLength = p?.length ? "its length is set by its config" : undefined;
  return [
    {
      name: "seed",
      value: "N",
      description: "PRNG seed (key) of the run",
      default: "0",
      notApplicable: seeded ? undefined : "it takes no seed",
    },
    {
      name: unitPlural(unit),
      value: "N",
      description: `number of ${unitPlural(unit)} to run`,
      default: p ? String(p.defaultSteps) : undefined,
      unit: unitPlural(unit),
      notApplicable: notProcess ?? fixedLength,
    },
    {
      name: "config",
      value: "file.json",
      description: "JSON file of config fields, merged over the defaults (flags override it)",
    },
    {
      name: "out",
      value: "dir",
      description: p
        ? "run folder: run.json, config.json, checkpoints, records, final state, result, report"
        : "folder for the result and the command's files",
    },
    {
      name: "force",
      value: "",
      description: "write into a non-empty --out folder that holds no run of this command",
    },
    {
      name: "checkpoint-every",
      value: "K",
      description: "checkpoint every K steps (default: automatic, under 1% of run time)",
      unit: unitPlural(unit),
      notApplicable: notProcess,
    },
    {
      name: "budget",
      value: "S",
      description: "wall-clock budget; the run stops (checkpointed) when it is spent",
      unit: "s",
      notApplicable: notProcess,
    },
    {
      name: "record",
      value: "a,b",
      description: `records to write every --stride ${unitPlural(unit)}${
        hasRecords ? `: ${Object.keys(p!.records!).join(", ")}` : ""
      }`,
      notApplicable: notProcess ?? (hasRecords ? undefined : "it records nothing"),
    },
    {
      name: "stride",
      value: "K",
      description: "record every K steps",
      default: "1",
      unit: unitPlural(unit),
      notApplicable: notProcess ?? (hasRecords ? undefined : "it records nothing"),
    },
    {
      name: "workers",
      value: "W",
      description: "worker threads (results do not depend on it)",
      default: "1",
      notApplicable: workers ? undefined : "it runs on one thread",
    },
  ];
};

const usage = (flag: string, message: string): UsageError => new UsageError({ flag, message });

const intOf = (
  flags: RawFlags,
  name: string,
  lo: number,
  hi: number,
): number | undefined => {
  const v = flags[name];
  if (v === undefined) return undefined;
  const n = typeof v === "string" && v.trim() !== "" ? Number(v) : NaN;
  if (!Number.isInteger(n) || n < lo || n > hi) {
    throw new InvalidConfig({
      field: name,
      message: `--${name}: must be an integer in [${lo}, ${hi}], got ${
        v === true ? "no value" : JSON.stringify(v)
      }`,
      allowed: `an integer in [${lo}, ${hi}]`,
    });
  }
  return n;
};

const numOf = (flags: RawFlags, name: string, lo: number, hi: number): number | undefined => {
  const v = flags[name];
  if (v === undefined) return undefined;
  const n = typeof v === "string" && v.trim() !== "" ? Number(v) : NaN;
  if (!Number.isFinite(n) || n < lo || n > hi) {
    throw new InvalidConfig({
      field: name,
      message: `--${name}: must be a number in [${lo}, ${hi}], got ${
        v === true ? "no value" : JSON.stringify(v)
      }`,
      allowed: `a number in (${lo}, ${hi}]`,
    });
  }
  return n;
};

const pathOf = (flags: RawFlags, name: string): string | undefined => {
  const v = flags[name];
  if (v === undefined) return undefined;
  if (typeof v !== "string" || v === "") throw usage(name, `--${name} needs a path`);
  return v;
};

/**
 * Reads and parses a JSON file, failing with {@link FileError} (unreadable) or
 * {@link InvalidConfig} naming `field` (not JSON).
 *
 * @example
 * ```ts ignore
 * const v = Effect.runSync(readJsonFile("config.json", "config"));
 * ```
 */
export const readJsonFile = (
  path: string,
  field: string,
): Effect.Effect<unknown, FileError | InvalidConfig> =>
  Effect.suspend((): Effect.Effect<unknown, FileError | InvalidConfig> => {
    let text: string;
    try {
      text = Deno.readTextFileSync(path);
    } catch (e) {
      return Effect.fail(new FileError({ path, reason: errorReason(e) }));
    }
    try {
      return Effect.succeed(JSON.parse(text) as unknown);
    } catch (e) {
      return Effect.fail(
        new InvalidConfig({
          field,
          message: `--${field}: ${path} is not valid JSON: ${(e as Error).message}`,
          allowed: "a JSON file",
        }),
      );
    }
  });

/**
 * The one-line reason of a filesystem error (`permission denied`, `no such file or directory`).
 *
 * @example
 * ```ts
 * import { errorReason } from "@neuroplastic/core/sim";
 * console.log(errorReason(new Deno.errors.NotFound("No such file or directory (os error 2): stat 'x'")));
 * ```
 */
export const errorReason = (e: unknown): string => {
  const msg = e instanceof Error ? e.message : String(e);
  const m = /^([^(:]+?)\s*\(os error \d+\)/.exec(msg);
  return (m ? m[1] : msg.split("\n")[0]).trim().toLowerCase();
};

/**
 * Decodes the raw flags of one command into its config input and run options. Fails with
 * {@link UsageError} (unknown flag, with the closest valid one; a flag that does not apply) or
 * {@link InvalidConfig} (a bad value, naming the flag and every allowed value), or
 * {@link FileError} (an unreadable `--config` file).
 *
 * @example
 * ```ts ignore
 * const inv = Effect.runSync(decodeInvocation(cmd, { steps: "100", "sp-prob": "0.1" }));
 * ```
 */
export const decodeInvocation = (
  cmd: EngineCommand,
  flags: RawFlags,
): Effect.Effect<Invocation, UsageError | InvalidConfig | FileError> =>
  Effect.gen(function* () {
    const params = commandParams(cmd);
    const byFlag = new Map(params.map((p) => [p.flag, p]));
    const run = runFlags(cmd);
    const runByName = new Map(run.map((f) => [f.name, f]));
    const valid = [
      ...params.map((p) => p.flag),
      ...run.filter((f) => !f.notApplicable).map((f) => f.name),
      ...INTERFACE_FLAGS,
    ];
    const overrides: Record<string, unknown> = {};
    for (const [name, raw] of Object.entries(flags)) {
      if (INTERFACE_FLAGS.includes(name)) continue;
      const rf = runByName.get(name);
      if (rf && !rf.notApplicable) continue;
      const p = byFlag.get(name);
      if (!p && rf) {
        return yield* Effect.fail(
          usage(name, `--${name} does not apply to this command: ${rf.notApplicable}`),
        );
      }
      if (!p) {
        const near = closest(name, valid);
        return yield* Effect.fail(
          usage(
            name,
            `unknown flag --${name}${near ? ` (did you mean --${near}?)` : ""}; see --help`,
          ),
        );
      }
      const value = yield* Effect.try({
        try: () => parseParam(p, raw),
        catch: (e) => e as InvalidConfig,
      });
      setPath(overrides, p.path, value);
    }
    const options = yield* Effect.try({
      try: (): RunOptions => {
        const p = cmd.kind === "process" ? cmd.process : undefined;
        const unit = unitPlural(p?.unit ?? "step");
        const records = typeof flags.record === "string"
          ? flags.record.split(",").filter(Boolean)
          : flags.record === true
          ? (() => {
            throw usage("record", "--record needs a list of record names");
          })()
          : [];
        for (const r of records) {
          if (!p?.records || !Object.hasOwn(p.records, r)) {
            throw new InvalidConfig({
              field: "record",
              message: `--record: unknown record ${r}; allowed: ${
                Object.keys(p?.records ?? {}).join(", ")
              }`,
              allowed: Object.keys(p?.records ?? {}).join(", "),
            });
          }
        }
        if (flags.stride !== undefined && records.length === 0) {
          throw usage("stride", "--stride needs --record");
        }
        const budget = numOf(flags, "budget", 0.001, 1e9);
        return {
          seed: intOf(flags, "seed", 0, Number.MAX_SAFE_INTEGER) ?? 0,
          steps: p && !p.length ? intOf(flags, unit, 0, p.maxSteps ?? 1e12) ?? p.defaultSteps : 0,
          outDir: pathOf(flags, "out"),
          force: flags.force === true || flags.force === "true",
          checkpointEvery: intOf(flags, "checkpoint-every", 1, 1e12),
          records,
          stride: intOf(flags, "stride", 1, 1e12) ?? 1,
          budgetMs: budget === undefined ? undefined : budget * 1000,
          workers: intOf(flags, "workers", 1, 256) ?? 1,
        };
      },
      catch: (e) => e as UsageError | InvalidConfig,
    });
    if (options.checkpointEvery !== undefined && options.outDir === undefined) {
      return yield* Effect.fail(
        usage("checkpoint-every", "--checkpoint-every needs --out (checkpoints go there)"),
      );
    }
    let input: unknown = commandDefaults(cmd);
    const file = yield* Effect.try({
      try: () => pathOf(flags, "config"),
      catch: (e) => e as UsageError,
    });
    if (file !== undefined) input = mergeConfig(input, yield* readJsonFile(file, "config"));
    input = mergeDeep(input, overrides);
    return { configInput: toJsonValue(input), options };
  });

const isPlain = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v);

/** Merges `over` into `base` at every depth (flags set single leaves of nested configs). */
const mergeDeep = (base: unknown, over: unknown): unknown => {
  if (!isPlain(base) || !isPlain(over)) return over === undefined ? base : over;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = k in base ? mergeDeep(base[k], v) : v;
  return out;
};

const toJsonValue = (v: unknown): Json => {
  if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<number>);
  if (Array.isArray(v)) return v.map(toJsonValue);
  if (isPlain(v)) {
    const o: { [k: string]: Json } = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) o[k] = toJsonValue(x);
    return o;
  }
  return v as Json;
};

/**
 * Decodes a config input with the command's Schema; an error names the flag that sets the field
 * (`--ga.popsize: must be an integer in [2, 10000]`).
 *
 * @example
 * ```ts ignore
 * const config = Effect.runSync(decodeCommandConfig(cmd, inv.configInput));
 * ```
 */
export const decodeCommandConfig = (
  cmd: EngineCommand,
  input: unknown,
): Effect.Effect<unknown, InvalidConfig> => {
  const schema = cmd.kind === "process" ? cmd.process.config : cmd.config;
  const params = commandParams(cmd);
  return decodeConfig(schema, input).pipe(
    Effect.mapError((e) => {
      const p = params.find((q) => q.field === e.field);
      if (!p) return e;
      let rest = e.message.startsWith(`${e.field}: `)
        ? e.message.slice(e.field.length + 2)
        : e.message;
      if (p.kind === "choice" || p.kind === "string-list" && p.choices) {
        // Effect names only the first member of a literal union: name them all.
        let v: unknown = input;
        for (const k of p.path) v = (v as Record<string, unknown> | undefined)?.[k];
        rest = `must be ${allowedText(p)}, got ${JSON.stringify(v)}`;
      }
      return new InvalidConfig({
        field: e.field,
        message: `--${p.flag}: ${rest}`,
        allowed: e.allowed ?? allowedText(p),
      });
    }),
  );
};
