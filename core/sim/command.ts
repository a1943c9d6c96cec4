/**
 * The contract between engines and the front ends (CLI, HTTP handler, sweeps).
 *
 * An engine exposes a {@link EngineCli}: a name, a version, and commands. A
 * command is either a {@link Process} (a pure `init/step` state machine that the
 * orchestrator drives, checkpoints and resumes) or a {@link FunctionCommand} (one
 * pure function of a declared config). Both declare their parameters as an Effect
 * Schema plus a docs table, from which flags, help and validation are derived.
 * Engines implement this without importing the app layer.
 *
 * @module
 */
import type { Effect, Schema } from "effect";
import type { Key } from "../random/key.ts";
import type { InvalidConfig, NeuroplasticError } from "../errors.ts";
import type { FieldDocs } from "./spec.ts";
import type { EngineReporter } from "../chart/run_report.ts";
import type { Showcase } from "../chart/showcase.ts";

/**
 * effect's `Schema.Schema<A, I, never>`: decodes an `I` into an `A` with no requirements.
 *
 * Local aliases of effect's types: `deno doc --lint` reports every reference to an npm
 * package's type as a private type (denoland/deno#27364); effect documents these upstream.
 *
 * @internal
 */
// deno-lint-ignore no-explicit-any
type EffectSchema<A, I = any> = Schema.Schema<A, I, never>;

/**
 * effect's `Effect.Effect<A, E, never>`: a lazy computation succeeding with `A` or failing with `E`.
 *
 * @internal
 */
type EffectOf<A, E> = Effect.Effect<A, E, never>;

/** A plain JSON value. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * The unit one step of a process stands for. It names the length flag (`--steps`, `--epochs`,
 * `--generations`, `--trials`), the result field and the progress rate.
 */
export type StepUnit = "step" | "epoch" | "generation" | "trial";

/** What the orchestrator hands a process or function besides its config. */
export interface RunEnv {
  /** Worker threads the command may use (`--workers`, default 1); results never depend on it. */
  readonly workers: number;
}

/**
 * A seeded, steppable process: the unit that `np <engine> <command>` runs, checkpoints and
 * resumes bit-exactly, and that the HTTP handler, sweeps and jobs drive.
 *
 * The state must be a plain tree of numbers, strings, booleans, null, arrays,
 * plain objects and typed arrays (everything the checkpoint codec encodes),
 * and must contain everything the next step needs (including its PRNG key).
 *
 * @example
 * ```ts
 * import { Schema } from "effect";
 * import type { Process } from "@neuroplastic/core/sim";
 * const counter: Process<{ inc: number }, { t: number; x: number }> = {
 *   config: Schema.Struct({ inc: Schema.Number }),
 *   defaults: { inc: 1 },
 *   docs: { inc: "added to x each step" },
 *   defaultSteps: 10,
 *   init: () => ({ t: 0, x: 0 }),
 *   step: (s, c) => ({ t: s.t + 1, x: s.x + c.inc }),
 *   summary: (s) => ({ x: s.x }),
 * };
 * console.log(counter.step(counter.init(counter.defaults, { k0: 0, k1: 1 }), counter.defaults));
 * ```
 */
export interface Process<C, S> {
  /** Schema decoding a JSON config (merged over `defaults`) into a typed config. */
  readonly config: EffectSchema<C>;
  /** The default configuration (the reference's defaults, where there is one). */
  readonly defaults: C;
  /** One line (and unit) per config field, keyed by dotted path: drives `--help` and the flags. */
  readonly docs: FieldDocs;
  /** What one step is (default `"step"`). */
  readonly unit?: StepUnit;
  /** Number of steps run when the length flag is absent (and `length` is not given). */
  readonly defaultSteps: number;
  /** Largest length accepted from the length flag (default 1e12). */
  readonly maxSteps?: number;
  /**
   * When the config fixes the run's length (e.g. epochs × seeds), the number of steps: the command
   * then has no length flag.
   */
  readonly length?: (config: C) => number;
  /** Whether `--seed` applies (default true); when false, `init` receives `key(0)`. */
  readonly seeded?: boolean;
  /** Whether the process can use `--workers` (results must not depend on it). */
  readonly workers?: boolean;
  /** Pure initial state from a decoded config and a key. */
  init(config: C, key: Key, env?: RunEnv): S;
  /** Pure transition; must not mutate `state`. */
  step(state: S, config: C, env?: RunEnv): S;
  /** Optional fast path: must equal `n` calls of `step` bit for bit. */
  run?(state: S, config: C, n: number, env?: RunEnv): S;
  /** Optional early end (e.g. a target reached): the run stops after the step where it is true. */
  done?(state: S, config: C): boolean;
  /** The engine's own figures for the final state (go into `--json`). */
  summary(state: S, config: C): { [key: string]: Json };
  /** Documents written into `--out` at the end of the run (name → contents), e.g. a results table. */
  files?(state: S, config: C): { readonly [name: string]: string | Uint8Array };
  /** Named records that `--record a,b --stride K` can stream. */
  readonly records?: { readonly [name: string]: (state: S) => number | ArrayLike<number> };
  /** Arrays to check for NaN/Inf after each step (default: every float array of the state). */
  readonly finite?: (state: S) => { readonly [field: string]: ArrayLike<number> | number };
  /** Optional extra limits on the config for every front end (e.g. max neurons). */
  readonly limits?: (config: C) => InvalidConfig | undefined;
  /**
   * Optional limits checked only by front ends that must answer within a wall-clock budget (the
   * HTTP handler), which checks its budget between steps and cannot interrupt one: e.g. the work
   * of a single step (an LNDP generation).
   */
  readonly httpLimits?: (config: C) => InvalidConfig | undefined;
}

/** What a function command receives from the orchestrator. */
export interface FunctionInput<C> {
  /** The decoded config (defaults ← `--config` file ← flags). */
  readonly config: C;
  /** `--seed` (0 when absent or when the command is not seeded). */
  readonly seed: number;
  /** Workers and other run-time settings. */
  readonly env: RunEnv;
  /** Report progress: `done` of `total` units. */
  readonly progress: (done: number, total: number, unit?: string) => void;
  /**
   * True once the caller gave up (an HTTP client that disconnected). A long command polls it
   * between chunks of its work and stops by throwing {@link CANCELLED}; results never depend on it.
   */
  readonly cancelled?: () => boolean;
}

/**
 * What a function command throws when {@link FunctionInput.cancelled} turned true: the
 * orchestrator reports the run as cancelled (nobody waits for its result).
 *
 * @example
 * ```ts
 * import { CANCELLED } from "@neuroplastic/core/sim";
 * console.log(CANCELLED.name); // "AbortError"
 * ```
 */
export const CANCELLED: Error = Object.freeze(new DOMException("cancelled", "AbortError"));

/** What a function command returns: its figures (merged into `--json`) and a state to hash. */
export interface CommandOutput {
  /** The command's own figures. */
  readonly figures: { readonly [key: string]: Json };
  /** How many units of work were done, reported as `{ [unit + "s"]: count }` when given. */
  readonly count?: { readonly unit: string; readonly n: number };
  /** The final state whose canonical bytes give `stateHash` (defaults to `figures`). */
  readonly state?: unknown;
  /** Documents to write into `--out` (name → contents); nothing is written without `--out`. */
  readonly files?: { readonly [name: string]: string | Uint8Array };
  /** Optional human summary lines printed without `--json`. */
  readonly text?: readonly string[];
}

/** Fields every command has. */
export interface CommandInfo {
  /** One-line description shown by `--help`. */
  readonly description: string;
  /** Internal commands (golden-file generators, ...) are left out of `--help`. */
  readonly hidden?: boolean;
  /** Served by the HTTP handler at `POST /v1/<engine>/<command>` (default: true for processes). */
  readonly http?: boolean;
  /**
   * Flags of a short run of this command (1–3 s here; for a process long enough to checkpoint
   * once): the conformance test runs, kills and resumes it, and the docs quote it.
   */
  readonly quick?: { readonly [flag: string]: string };
  /**
   * Config fields (nested like the config) the HTTP handler uses instead of the defaults when a
   * request does not set them, so that a request with an empty body fits the handler's limits
   * (e.g. a smaller population than the reference's).
   */
  readonly httpDefaults?: { readonly [field: string]: Json };
  /** The length the HTTP handler runs when a request gives no `steps` (default `defaultSteps`). */
  readonly httpSteps?: number;
}

/** A command that is a {@link Process}: the orchestrator steps, records, checkpoints and resumes it. */
export interface ProcessCommand extends CommandInfo {
  /** Discriminant. */
  readonly kind: "process";
  /** The process to run. */
  // deno-lint-ignore no-explicit-any
  readonly process: Process<any, any>;
}

/**
 * A command that is one pure function of a declared config (tables, data sets, inspections, short
 * experiments): the orchestrator decodes its flags and writes its `files` into `--out`.
 */
export interface FunctionCommand<C = unknown> extends CommandInfo {
  /** Discriminant. */
  readonly kind: "function";
  /** Schema of the command's parameters. */
  readonly config: EffectSchema<C>;
  /** Their defaults. */
  readonly defaults: C;
  /** One line (and unit) per parameter. */
  readonly docs: FieldDocs;
  /** Whether `--seed` applies (default false). */
  readonly seeded?: boolean;
  /** Whether `--workers` applies (default false). */
  readonly workers?: boolean;
  /** Optional limits checked only by the HTTP handler (e.g. the size of one request's work). */
  readonly httpLimits?: (config: C) => InvalidConfig | undefined;
  /** Runs the command; fails only with the library's tagged errors. */
  readonly run: (input: FunctionInput<C>) => EffectOf<CommandOutput, NeuroplasticError>;
}

/** One command of an engine. */
// deno-lint-ignore no-explicit-any
export type EngineCommand = ProcessCommand | FunctionCommand<any>;

/**
 * An engine as seen by the CLI, the HTTP handler and the sweep runner.
 *
 * @example
 * ```ts
 * import type { EngineCli } from "@neuroplastic/core/sim";
 * const describe = (e: EngineCli): string => `${e.name}@${e.version}: ${Object.keys(e.commands)}`;
 * ```
 */
export interface EngineCli {
  /** Engine name as typed on the command line and in URLs (`np <name> ...`, `/v1/<name>/run`). */
  readonly name: string;
  /** Engine version (semver), reported by `GET /v1/engines` and in `--json` output. */
  readonly version: string;
  /** One-line description shown by `--help` and `GET /v1/engines`. */
  readonly description: string;
  /** Command name → command. A command named `run` is what `POST /v1/<engine>/run` runs. */
  readonly commands: { readonly [name: string]: EngineCommand };
  /** The engine's own report sections for a run directory (`--out`, `np report`). */
  readonly reporter?: EngineReporter;
  /** The engine's part of the demo and of the demo report. */
  readonly showcase?: Showcase;
}
