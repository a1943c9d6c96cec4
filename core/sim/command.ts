/**
 * The contract between engines and the front ends (CLI, HTTP handler, sweeps).
 *
 * An engine exposes a {@link EngineCli}: a name, a version, and commands. A
 * command is either a {@link Process} (a pure `init/step` state machine that the
 * front end drives, checkpoints and resumes generically) or a custom handler.
 * Engines implement this without importing the app layer.
 *
 * @module
 */
import type { Effect, Schema } from "effect";
import type { Key } from "../random/key.ts";
import type { InvalidConfig, NeuroplasticError } from "../errors.ts";

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
 * A seeded, steppable process: the unit that `np <engine> <command>` runs,
 * checkpoints every K steps and resumes bit-exactly.
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
  /** Number of steps run when `--steps` is absent. */
  readonly defaultSteps: number;
  /** Pure initial state from a decoded config and a key. */
  init(config: C, key: Key): S;
  /** Pure transition; must not mutate `state`. */
  step(state: S, config: C): S;
  /** Optional fast path: must equal `n` calls of `step` bit for bit. */
  run?(state: S, config: C, n: number): S;
  /** The engine's own figures for the final state (go into `--json`). */
  summary(state: S, config: C): { [key: string]: Json };
  /** Named records that `--record a,b --stride K` can stream. */
  readonly records?: { readonly [name: string]: (state: S) => number | ArrayLike<number> };
  /** Arrays to check for NaN/Inf after each step (default: every float array of the state). */
  readonly finite?: (state: S) => { readonly [field: string]: ArrayLike<number> | number };
  /** Optional extra limits on the config for the HTTP handler (e.g. max neurons). */
  readonly limits?: (config: C) => InvalidConfig | undefined;
  /**
   * Optional limits checked only by front ends that must answer within a wall-clock budget (the
   * HTTP handler), which checks its budget between steps and cannot interrupt one: e.g. the work
   * of a single step (an LNDP generation).
   */
  readonly httpLimits?: (config: C) => InvalidConfig | undefined;
}

/** Everything a custom command receives from the front end. */
export interface CommandContext {
  /** Flags as given (`--trials 20` → `{ trials: "20" }`, bare flags → `true`). */
  readonly flags: { readonly [name: string]: string | boolean };
  /** Positional arguments after `<engine> <command>`. */
  readonly positional: readonly string[];
  /** `--seed`, default 0. */
  readonly seed: number;
  /** `--steps`, when given. */
  readonly steps: number | undefined;
  /** `--out dir`, when given: the command may write files there. */
  readonly outDir: string | undefined;
  /** Report progress (shown on stderr unless `--quiet`). */
  readonly progress: (done: number, total: number, label?: string) => void;
}

/** What a custom command returns: its figures (merged into `--json`) and a state to hash. */
export interface CommandOutput {
  /** The command's own figures. */
  readonly figures: { readonly [key: string]: Json };
  /** Number of steps/generations/epochs performed (goes into `steps`). */
  readonly steps: number;
  /** The final state whose canonical bytes give `stateHash` (defaults to `figures`). */
  readonly state?: unknown;
  /** Optional human summary lines printed without `--json`. */
  readonly text?: readonly string[];
}

/** One command of an engine. */
export type EngineCommand =
  | {
    /** A {@link Process} the front end steps, records, checkpoints and resumes. */
    readonly kind: "process";
    /** One-line description shown by `--help`. */
    readonly description: string;
    /** The process to run. */
    // deno-lint-ignore no-explicit-any
    readonly process: Process<any, any>;
  }
  | {
    /** A command with its own handler (trials, sweeps, exports, ...). */
    readonly kind: "custom";
    /** One-line description shown by `--help`. */
    readonly description: string;
    /** Usage line shown by `--help`. */
    readonly usage?: string;
    /** Runs the command; fails only with the library's tagged errors. */
    readonly run: (ctx: CommandContext) => EffectOf<CommandOutput, NeuroplasticError>;
    /**
     * Served by the HTTP handler at `POST /v1/<engine>/<command>` (opt-in). Such a command must
     * validate every flag it reads, and must not need files: the handler refuses the `config`,
     * `out` and `params` flags and passes no output directory.
     */
    readonly http?: boolean;
  };

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
}
