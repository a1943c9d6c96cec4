/**
 * Configuration of one GENREG trial (one optimiser run on one network), with the reference
 * defaults (GENREG-sine `experiments/comprehensive_benchmark.py`, `legacy/sine_config.py`,
 * `legacy/sine_sweep.py`, `core/training.py`).
 *
 * @module
 */
import { Effect, Schema } from "effect";
import { InvalidConfig } from "@neuroplastic/core/errors";
import {
  decodeConfig,
  inRange,
  intInRange,
  mergeConfig,
  NonNegative,
  Positive,
  Probability,
} from "@neuroplastic/core/sim";

/**
 * effect's `Schema.Schema<A>` (decodes an `A` into an `A`).
 *
 * Local alias because `deno doc --lint` reports every reference to an npm package's type as a
 * private type (denoland/deno#27364); effect documents the type upstream.
 *
 * @internal
 */
type EffectSchema<A> = Schema.Schema<A>;

const Mode = Schema.Literal("legacy", "clean");
const Optimizer = Schema.Literal("sa", "hill", "ga", "gsa", "backprop");

/**
 * Schema of {@link TrialConfig} (cross-field limits are checked by {@link decodeTrialConfig}).
 *
 * @example
 * ```ts
 * import { Schema } from "effect";
 * import { TrialConfigSchema, trialDefaults } from "@neuroplastic/engines/genreg";
 * console.log(Schema.decodeUnknownSync(TrialConfigSchema)(trialDefaults).optimizer); // "sa"
 * ```
 */
export const TrialConfigSchema: EffectSchema<TrialConfig> = Schema.Struct({
  inputs: Schema.Struct({
    /** "legacy" (reference expansion, leaky noise) or "clean" (uncorrelated noise). */
    mode: Mode,
    /** Width of the true block (16 defined columns; extra columns are zero). */
    trueColumns: intInRange(1, 4096),
    /** Noise columns (legacy: beyond 240 they are fresh N(0, 0.5²) per evaluation). */
    noiseColumns: intInRange(0, 8192),
    /** Clean-mode noise seed. */
    cleanSeed: intInRange(0, 2 ** 32 - 1),
  }),
  model: Schema.Struct({
    /** "dense" (all inputs) or "sparse" (K inputs per hidden unit). */
    kind: Schema.Literal("dense", "sparse"),
    hidden: intInRange(1, 1024),
    /** Inputs per hidden unit (sparse). */
    k: intInRange(1, 256),
  }),
  optimizer: Optimizer,
  mutation: Schema.Struct({
    /** Per-weight mutation probability (reference 0.1). */
    rate: Probability,
    /** Mutation standard deviation (reference 0.1). */
    scale: NonNegative,
    /** Per-unit index mutation probability (reference 0.05). */
    indexRate: Probability,
  }),
  sa: Schema.Struct({
    /** SA steps (ultra-sparse and dense benchmark: 20,000). */
    steps: intInRange(1, 100_000_000),
    /** Initial temperature (0.01). */
    t0: Positive,
    /** Final temperature (1e−5). */
    t1: Positive,
  }),
  hill: Schema.Struct({
    maxSteps: intInRange(1, 100_000_000),
    /** Consecutive non-improving steps before stopping (500). */
    patience: intInRange(1, 100_000_000),
  }),
  ga: Schema.Struct({
    /** Population (sweeps: 40). */
    popsize: intInRange(5, 100_000),
    /** Generation cap (sweeps: 2000). */
    maxGenerations: intInRange(1, 10_000_000),
    /** Stop when the population's best MSE is below this (sweeps: 0.0008; 0 disables). */
    targetMse: NonNegative,
    /** Stagnation window in generations (150). */
    stagnationWindow: intInRange(1, 1_000_000),
    /** Stop when best MSE improved by less than this over the window (1e−4; 0 disables). */
    stagnationThreshold: NonNegative,
    /** Protein cascade and trust-modulated fitness (the reference GA: on). */
    proteins: Schema.Boolean,
    /** "intent" (documented behaviour), "reference" (sign bug), "off". */
    trust: Schema.Literal("intent", "reference", "off"),
  }),
  gsa: Schema.Struct({
    /** GA generations before SA refinement. */
    generations: intInRange(1, 10_000_000),
    /** SA refinement steps. */
    saSteps: intInRange(1, 100_000_000),
  }),
  backprop: Schema.Struct({
    /** Full-batch Adam epochs (reference 1000). */
    epochs: intInRange(1, 10_000_000),
    /** Adam learning rate (0.01). */
    lr: inRange(1e-12, 10),
  }),
  /** SA / hill-climbing steps (or backprop epochs) per Process step (GA: one generation). */
  chunk: intInRange(1, 10_000_000),
});

/**
 * Config of one trial (decoded by {@link TrialConfigSchema}; field docs there).
 *
 * @example
 * ```ts
 * import { type TrialConfig, trialDefaults } from "@neuroplastic/engines/genreg";
 * const c: TrialConfig = { ...trialDefaults, optimizer: "hill", hill: { maxSteps: 5000, patience: 200 } };
 * console.log(c.model.kind, c.optimizer); // "sparse" "hill"
 * ```
 */
export interface TrialConfig {
  /**
   * Input expansion: `mode` "legacy" (reference expansion, leaky noise) or "clean" (uncorrelated
   * noise), `trueColumns` (width of the true block), `noiseColumns`, `cleanSeed` (clean-mode noise).
   */
  readonly inputs: {
    readonly mode: "legacy" | "clean";
    readonly trueColumns: number;
    readonly noiseColumns: number;
    readonly cleanSeed: number;
  };
  /**
   * Network: `kind` "dense" (all inputs) or "sparse" (`k` evolvable inputs per hidden unit),
   * `hidden` units.
   */
  readonly model: {
    readonly kind: "dense" | "sparse";
    readonly hidden: number;
    readonly k: number;
  };
  /**
   * Optimiser: simulated annealing, hill climbing, the GENREG GA, GA then SA ("gsa"), or
   * full-batch Adam ("backprop", dense only).
   */
  readonly optimizer: "sa" | "hill" | "ga" | "gsa" | "backprop";
  /** Per-weight mutation probability, mutation standard deviation, per-unit index mutation probability. */
  readonly mutation: { readonly rate: number; readonly scale: number; readonly indexRate: number };
  /** Simulated annealing: steps and the initial/final temperatures. */
  readonly sa: { readonly steps: number; readonly t0: number; readonly t1: number };
  /** Hill climbing: step cap and consecutive non-improving steps before stopping. */
  readonly hill: { readonly maxSteps: number; readonly patience: number };
  /**
   * GENREG GA: population, generation cap, target MSE (0 disables), stagnation window and
   * threshold (0 disables), protein cascade on/off and the trust mode.
   */
  readonly ga: {
    readonly popsize: number;
    readonly maxGenerations: number;
    readonly targetMse: number;
    readonly stagnationWindow: number;
    readonly stagnationThreshold: number;
    readonly proteins: boolean;
    readonly trust: "intent" | "reference" | "off";
  };
  /** GA-then-SA: GA generations before the SA refinement, and the SA refinement steps. */
  readonly gsa: { readonly generations: number; readonly saSteps: number };
  /** Full-batch Adam: epochs and learning rate. */
  readonly backprop: { readonly epochs: number; readonly lr: number };
  /** SA / hill-climbing steps (or backprop epochs) per Process step (GA: one generation). */
  readonly chunk: number;
}

/**
 * Reference defaults: ultra-sparse K = 2, H = 8 on the legacy 16 + 240 inputs, SA 20,000 steps,
 * T 0.01 → 1e−5, mutation 0.1/0.1, index rate 0.05; GA population 40 with the sweep's termination
 * rules; Adam lr 0.01 for 1000 epochs.
 *
 * @example
 * ```ts
 * import { trialDefaults } from "@neuroplastic/engines/genreg";
 * console.log(trialDefaults.sa.steps, trialDefaults.model.k); // 20000 2
 * ```
 */
export const trialDefaults: TrialConfig = {
  inputs: { mode: "legacy", trueColumns: 16, noiseColumns: 240, cleanSeed: 12345 },
  model: { kind: "sparse", hidden: 8, k: 2 },
  optimizer: "sa",
  mutation: { rate: 0.1, scale: 0.1, indexRate: 0.05 },
  sa: { steps: 20_000, t0: 0.01, t1: 1e-5 },
  hill: { maxSteps: 20_000, patience: 500 },
  ga: {
    popsize: 40,
    maxGenerations: 2000,
    targetMse: 0.0008,
    stagnationWindow: 150,
    stagnationThreshold: 1e-4,
    proteins: true,
    trust: "reference",
  },
  gsa: { generations: 200, saSteps: 12_000 },
  backprop: { epochs: 1000, lr: 0.01 },
  chunk: 1000,
};

/**
 * Cross-field checks: returns an InvalidConfig naming the field, or undefined.
 *
 * @example
 * ```ts
 * import { trialDefaults, trialLimits } from "@neuroplastic/engines/genreg";
 * console.log(trialLimits({ ...trialDefaults, model: { kind: "sparse", hidden: 8, k: 999 } })?.field); // "model.k"
 * ```
 */
export const trialLimits = (c: TrialConfig): InvalidConfig | undefined => {
  const inputs = c.inputs.trueColumns + c.inputs.noiseColumns;
  if (c.model.kind === "sparse" && c.model.k > inputs) {
    return new InvalidConfig({
      field: "model.k",
      message: `model.k: must be at most the number of inputs (${inputs}), got ${c.model.k}`,
      allowed: `integer in [1, ${inputs}]`,
    });
  }
  if (c.model.kind === "sparse" && c.optimizer === "backprop") {
    return new InvalidConfig({
      field: "optimizer",
      message: "optimizer: backprop is implemented for the dense model only",
      allowed: "sa | hill | ga | gsa with model.kind = sparse",
    });
  }
  if (c.model.kind === "dense" && inputs * c.model.hidden > 4_000_000) {
    return new InvalidConfig({
      field: "model.hidden",
      message: "model.hidden: inputs × hidden must be at most 4,000,000 weights",
      allowed: `integer in [1, ${Math.floor(4_000_000 / inputs)}]`,
    });
  }
  if (c.sa.t1 > c.sa.t0) {
    return new InvalidConfig({
      field: "sa.t1",
      message: `sa.t1: the final temperature must not exceed sa.t0 (${c.sa.t0}), got ${c.sa.t1}`,
      allowed: `number in (0, ${c.sa.t0}]`,
    });
  }
  return undefined;
};

/**
 * Decodes a JSON config merged over the defaults and applies the cross-field checks.
 *
 * @example
 * ```ts
 * import { Effect } from "effect";
 * import { decodeTrialConfig } from "@neuroplastic/engines/genreg";
 * const c = Effect.runSync(decodeTrialConfig({ model: { kind: "dense" } }));
 * console.log(c.model.kind, c.model.hidden); // dense 8
 * ```
 */
export const decodeTrialConfig = (input: unknown): Effect.Effect<TrialConfig, InvalidConfig> =>
  Effect.flatMap(decodeConfig(TrialConfigSchema, mergeConfig(trialDefaults, input)), (c) => {
    const bad = trialLimits(c);
    return bad ? Effect.fail(bad) : Effect.succeed(c);
  });
