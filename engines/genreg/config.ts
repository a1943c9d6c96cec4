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
  type FieldDocs,
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

/**
 * Schema of the input expansion (`TrialConfig.inputs`, and the config of `np genreg inputs`).
 *
 * @example
 * ```ts
 * import { Schema } from "effect";
 * import { InputsSchema, trialDefaults } from "@neuroplastic/engines/genreg";
 * console.log(Schema.decodeUnknownSync(InputsSchema)(trialDefaults.inputs).noiseColumns); // 240
 * ```
 */
export const InputsSchema: EffectSchema<TrialConfig["inputs"]> = Schema.Struct({
  /** "legacy" (reference expansion, leaky noise) or "clean" (uncorrelated noise). */
  mode: Mode,
  /** Width of the true block (16 defined columns; extra columns are zero). */
  trueColumns: intInRange(1, 4096),
  /** Noise columns (legacy: beyond 240 they are fresh N(0, 0.5²) per evaluation). */
  noiseColumns: intInRange(0, 8192),
  /** Clean-mode noise seed. */
  cleanSeed: intInRange(0, 2 ** 32 - 1),
});

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
  inputs: InputsSchema,
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
  /** SA / hill-climbing steps between two points of the trace (GA: see `recordGeneration`). */
  traceEvery: intInRange(1, 10_000_000),
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
  /** SA / hill-climbing steps between two trace points (the last step is always traced). */
  readonly traceEvery: number;
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
  traceEvery: 1000,
};

/**
 * One line (and unit) per field of {@link InputsSchema}, keyed by field name.
 *
 * @example
 * ```ts
 * import { inputsDocs } from "@neuroplastic/engines/genreg";
 * console.log(Object.keys(inputsDocs)); // ["mode", "trueColumns", "noiseColumns", "cleanSeed"]
 * ```
 */
export const inputsDocs: FieldDocs = {
  mode: "legacy: the reference's expansion (its 'noise' leaks sin x); clean: uncorrelated noise",
  trueColumns: { description: "width of the true block (16 defined, extra zero)", unit: "columns" },
  noiseColumns: {
    description: "noise columns (legacy: beyond 240 fresh N(0, 0.5²) per evaluation)",
    unit: "columns",
  },
  cleanSeed: "seed of the clean-mode noise columns",
};

const prefixed = (prefix: string, docs: FieldDocs): FieldDocs =>
  Object.fromEntries(Object.entries(docs).map(([k, v]) => [`${prefix}.${k}`, v]));

/**
 * One line (and unit) per field of {@link TrialConfigSchema}, keyed by dotted path (these drive
 * the flags and `--help` of `np genreg run`, e.g. `--ga.popsize 60`).
 *
 * @example
 * ```ts
 * import { trialDocs } from "@neuroplastic/engines/genreg";
 * console.log(trialDocs["ga.popsize"]);
 * ```
 */
export const trialDocs: FieldDocs = {
  ...prefixed("inputs", inputsDocs),
  "model.kind": "dense (every unit reads all inputs) or sparse (model.k evolvable inputs per unit)",
  "model.hidden": "hidden units H",
  "model.k": { description: "inputs per hidden unit (sparse model)", unit: "inputs" },
  optimizer:
    "sa: simulated annealing; hill: hill climbing; ga: GENREG GA; gsa: GA then SA; backprop: Adam (dense)",
  "mutation.rate": "per-weight mutation probability (reference 0.1)",
  "mutation.scale": "standard deviation of a weight mutation (reference 0.1)",
  "mutation.indexRate": "per-unit probability of replacing one input index (sparse; 0.05)",
  "sa.steps": { description: "simulated-annealing steps", unit: "steps" },
  "sa.t0": "initial temperature (0.01; geometric schedule)",
  "sa.t1": "final temperature (1e-5; at most sa.t0)",
  "hill.maxSteps": { description: "hill-climbing step cap", unit: "steps" },
  "hill.patience": {
    description: "consecutive non-improving steps before hill climbing stops",
    unit: "steps",
  },
  "ga.popsize": { description: "GA population", unit: "genomes" },
  "ga.maxGenerations": { description: "GA generation cap (evolutions)", unit: "generations" },
  "ga.targetMse": "stop when the population's best MSE is below this (0 disables)",
  "ga.stagnationWindow": { description: "stagnation window", unit: "generations" },
  "ga.stagnationThreshold":
    "stop when the best MSE improved by less than this over the window (0 disables)",
  "ga.proteins": "protein cascade and trust-modulated fitness (GA only)",
  "ga.trust": "intent: documented behaviour; reference: the reference's sign bug; off: plain -MSE",
  "gsa.generations": {
    description: "GA generations before the SA refinement",
    unit: "generations",
  },
  "gsa.saSteps": { description: "SA refinement steps after the GA", unit: "steps" },
  "backprop.epochs": { description: "full-batch Adam epochs", unit: "epochs" },
  "backprop.lr": "Adam learning rate",
  traceEvery: {
    description: "SA / hill-climbing steps between two points of the trace (the last is traced)",
    unit: "steps",
  },
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

/**
 * Config of `np genreg population`: P random genomes of a controller evaluated in one batch.
 *
 * @example
 * ```ts
 * import { type PopulationConfig, populationDefaults } from "@neuroplastic/engines/genreg";
 * const c: PopulationConfig = { ...populationDefaults, backend: "auto" };
 * console.log(c.population, c.model.kind); // 1024 "sparse"
 * ```
 */
export interface PopulationConfig {
  /** Genomes P. */
  readonly population: number;
  /** Where to evaluate: the CPU (f64, bit-exact), WebGPU (f32), or auto. */
  readonly backend: "cpu" | "gpu" | "auto";
  /** Input expansion (as a trial's). */
  readonly inputs: TrialConfig["inputs"];
  /** Controller (as a trial's). */
  readonly model: TrialConfig["model"];
  /** Genomes carry the 29 protein genes and are evaluated with the cascade (GA genomes). */
  readonly proteins: boolean;
}

/**
 * Schema of {@link PopulationConfig}.
 *
 * @example
 * ```ts
 * import { Schema } from "effect";
 * import { PopulationConfigSchema, populationDefaults } from "@neuroplastic/engines/genreg";
 * console.log(Schema.is(PopulationConfigSchema)(populationDefaults)); // true
 * ```
 */
export const PopulationConfigSchema: EffectSchema<PopulationConfig> = Schema.Struct({
  population: intInRange(1, 1_000_000),
  backend: Schema.Literal("cpu", "gpu", "auto"),
  inputs: InputsSchema,
  model: Schema.Struct({
    kind: Schema.Literal("dense", "sparse"),
    hidden: intInRange(1, 1024),
    k: intInRange(1, 256),
  }),
  proteins: Schema.Boolean,
});

/**
 * Defaults of `np genreg population`: 1024 ultra-sparse genomes on the legacy inputs, on the CPU.
 *
 * @example
 * ```ts
 * import { populationDefaults } from "@neuroplastic/engines/genreg";
 * console.log(populationDefaults.population, populationDefaults.backend); // 1024 "cpu"
 * ```
 */
export const populationDefaults: PopulationConfig = {
  population: 1024,
  backend: "cpu",
  inputs: trialDefaults.inputs,
  model: trialDefaults.model,
  proteins: false,
};

/**
 * One line (and unit) per field of {@link PopulationConfigSchema}.
 *
 * @example
 * ```ts
 * import { populationDocs } from "@neuroplastic/engines/genreg";
 * console.log(populationDocs.backend);
 * ```
 */
export const populationDocs: FieldDocs = {
  population: { description: "random genomes evaluated in one batch", unit: "genomes" },
  backend: "cpu: f64, bit-exact; gpu: WebGPU kernel, f32, MSE only; auto: GPU above its threshold",
  ...prefixed("inputs", inputsDocs),
  "model.kind": trialDocs["model.kind"],
  "model.hidden": trialDocs["model.hidden"],
  "model.k": trialDocs["model.k"],
  proteins: "genomes carry protein genes and are evaluated with the cascade (as the GA's)",
};

/**
 * The trial config whose context evaluates a population config's genomes.
 *
 * @example
 * ```ts
 * import { populationDefaults, populationTrialConfig } from "@neuroplastic/engines/genreg";
 * console.log(populationTrialConfig({ ...populationDefaults, proteins: true }).optimizer); // "ga"
 * ```
 */
export const populationTrialConfig = (c: PopulationConfig): TrialConfig => ({
  ...trialDefaults,
  inputs: c.inputs,
  model: c.model,
  optimizer: c.proteins ? "ga" : "sa",
  ga: { ...trialDefaults.ga, proteins: c.proteins },
});
