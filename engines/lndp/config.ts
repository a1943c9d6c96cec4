/**
 * LNDP configuration (train.py `Config` defaults, erwanplantec/LNDP @ c66e6a9), as Effect Schemas
 * whose errors name the field, with one documentation line per field (the flags and `--help` of
 * the commands are derived from them):
 * - the model options ({@link lndpDefaults}) and the lifetime ({@link lifetimeDefaults});
 * - the training config of `np lndp train` ({@link trainDefaults});
 * - the parameters of `np lndp lifetime` ({@link lifetimeCommandDefaults}) and `np lndp report`
 *   ({@link reportDefaults}).
 *
 * @module
 */
import { Schema } from "effect";
import { InvalidConfig } from "@neuroplastic/core/errors";
import {
  decodeConfigSync,
  type FieldDocs,
  inRange,
  intInRange,
  NonNegative,
  Positive,
} from "@neuroplastic/core/sim";
import { type TaskName, TASKS } from "./envs/mod.ts";
import { type Precision, PRECISIONS } from "./f32.ts";
import type { ModelOptions } from "./model.ts";
import {
  FITNESS_SHAPINGS,
  type FitnessShaping,
  STRATEGIES,
  type StrategyName,
} from "./strategy.ts";

/**
 * Local alias because `deno doc --lint` reports every reference to an npm package's type as a
 * private type (denoland/deno#27364); effect documents the type upstream.
 *
 * @internal
 */
type EffectSchema<A> = Schema.Schema<A>;

/**
 * The reference defaults (train.py `Config`): 32 nodes, rnn_iters 3, dev_steps 0,
 * p = 0.1 ± 1e-4 for the three initial connection probabilities, pruning and synaptogenesis on,
 * deterministic decisions, no bias, not recurrent, one GNN iteration, updates not blocked.
 *
 * @example
 * ```ts
 * import { lndpDefaults } from "@neuroplastic/engines/lndp";
 * console.log(lndpDefaults.nNodes); // 32
 * ```
 */
export const lndpDefaults: ModelOptions = {
  nNodes: 32,
  rnnIters: 3,
  devSteps: 0,
  pHh: 0.1,
  sHh: 0.0001,
  pIh: 0.1,
  sIh: 0.0001,
  pHo: 0.1,
  sHo: 0.0001,
  pruning: true,
  synaptogenesis: true,
  stochasticDecisions: false,
  useBias: false,
  isRecurrent: false,
  gnnIters: 1,
  blockLtUpdates: false,
  precision: "f64",
  outputIdentity: false,
};

/** Schema fields of the model options (shared by every LNDP config). */
export const modelFields: {
  readonly [K in keyof ModelOptions]-?: EffectSchema<ModelOptions[K]>;
} = {
  nNodes: intInRange(3, 256),
  rnnIters: intInRange(1, 32),
  devSteps: intInRange(0, 100_000),
  pHh: inRange(0, 1),
  sHh: inRange(1e-12, 10),
  pIh: inRange(-10, 10),
  sIh: NonNegative,
  pHo: inRange(-10, 10),
  sHo: NonNegative,
  pruning: Schema.Boolean,
  synaptogenesis: Schema.Boolean,
  stochasticDecisions: Schema.Boolean,
  useBias: Schema.Boolean,
  isRecurrent: Schema.Boolean,
  gnnIters: intInRange(1, 16),
  blockLtUpdates: Schema.Boolean,
  precision: Schema.Literal(...PRECISIONS),
  outputIdentity: Schema.Boolean,
};

/**
 * One documentation line per model option (`--help` of the commands that take them).
 *
 * @example
 * ```ts
 * import { modelDocs } from "@neuroplastic/engines/lndp";
 * console.log(Object.keys(modelDocs).length); // 18
 * ```
 */
export const modelDocs: FieldDocs = {
  nNodes: { description: "N, nodes of the policy network (train.py n_nodes)", unit: "nodes" },
  rnnIters: { description: "T, forward-pass iterations per environment step (rnn_iters)" },
  devSteps: {
    description: "developmental updates driven by OU spontaneous activity before the lifetime",
    unit: "updates",
  },
  pHh: "mean of the hidden→hidden connection probability, drawn per lifetime (p_hh)",
  sHh: "std of that probability (truncated normal on [0, 1]) (s_hh)",
  pIh: "mean of the input→hidden connection probability (p_ih)",
  sIh: "std of that probability (normal, not clipped) (s_ih)",
  pHo: "mean of the hidden→output connection probability (p_ho)",
  sHo: "std of that probability (normal, not clipped) (s_ho)",
  pruning: "whether the developmental program may prune edges",
  synaptogenesis: "whether the developmental program may add edges",
  stochasticDecisions: "sample prune/add decisions (Bernoulli 0.5·p) instead of the 0.6 threshold",
  useBias: "node biases b = h[:, 0] in the forward pass",
  isRecurrent: "keep the activations between environment steps",
  gnnIters: { description: "graph-transformer iterations per update (gnn_iters)" },
  blockLtUpdates: "freeze the graph after development (no lifetime updates)",
  precision:
    "nonlinearities in f64 (ours, the default), f32 (float32 emulation of the reference's JAX run: tanh saturates to exactly ±1 beyond 7.905) or f32-wasm (ours: the whole network in float32 WebAssembly SIMD with approximate exp/sigmoid/tanh, several times faster; a different arithmetic, reproducible bit for bit)",
  outputIdentity:
    "ours, not the reference (default off): a learned node-GRU input per output node (x_m += W_id[:, m] after the graph transformer) that breaks the output-swap symmetry; adds 8 × (output nodes) genome parameters (+16 on cartpole, P = 1934)",
};

/** The task name schema (`--task`): its errors list every task. */
export const TaskSchema: EffectSchema<TaskName> = Schema.Literal(...TASKS);

/** A model on a task, with the lifetime length (train.py `n_episodes` = 3). */
export interface LifetimeConfig extends ModelOptions {
  /** Task name. */
  readonly task: TaskName;
  /** Episodes per lifetime (train.py `n_episodes`). */
  readonly nEpisodes: number;
}

/** Schema of {@link LifetimeConfig}. */
export const LifetimeConfigSchema: EffectSchema<LifetimeConfig> = Schema.Struct({
  task: TaskSchema,
  nEpisodes: intInRange(1, 1000),
  ...modelFields,
});

/**
 * Documentation of the lifetime fields (task, episodes) and the model options.
 *
 * @example
 * ```ts
 * import { lifetimeDocs } from "@neuroplastic/engines/lndp";
 * console.log(typeof lifetimeDocs.task); // string
 * ```
 */
export const lifetimeDocs: FieldDocs = {
  task: "environment of a lifetime: gymnax classic control or grid chemotaxis",
  nEpisodes: {
    description: "episodes per lifetime, the network carried over (train.py n_episodes)",
    unit: "episodes",
  },
  ...modelDocs,
};

/**
 * Default lifetime config: CartPole, 3 episodes, reference model defaults.
 *
 * @example
 * ```ts
 * import { lifetimeDefaults } from "@neuroplastic/engines/lndp";
 * console.log(lifetimeDefaults.task, lifetimeDefaults.nEpisodes); // cartpole 3
 * ```
 */
export const lifetimeDefaults: LifetimeConfig = {
  task: "cartpole",
  nEpisodes: 3,
  ...lndpDefaults,
};

/**
 * Decodes a partial lifetime config over the defaults; throws {@link InvalidConfig} naming the
 * bad field (e.g. `task` for an unknown environment name).
 *
 * @example
 * ```ts
 * import { lifetimeConfig } from "@neuroplastic/engines/lndp";
 * console.log(lifetimeConfig({ task: "acrobot" }).task); // acrobot
 * ```
 */
export function lifetimeConfig(input: Partial<LifetimeConfig> = {}): LifetimeConfig {
  if (typeof input !== "object" || input === null) {
    throw new InvalidConfig({ field: "(root)", message: "config must be an object" });
  }
  return decodeConfigSync(LifetimeConfigSchema, { ...lifetimeDefaults, ...input });
}

/** Training configuration: the lifetime config plus the evolution settings. */
export interface TrainConfig extends LifetimeConfig {
  /** "cma" (evosax CMA_ES, the reference), "cma-lazy", "sep-cma" or "openai" (OpenAI-ES). */
  readonly strategy: StrategyName;
  /** Population size (train.py 256). */
  readonly popsize: number;
  /** Initial step size σ₀ (evosax CMA_ES default 1.0). */
  readonly sigmaInit: number;
  /** CMA-ES elite ratio (evosax default 0.5). */
  readonly eliteRatio: number;
  /** OpenAI-ES learning rate (Adam). */
  readonly lrate: number;
  /** OpenAI-ES: "none" (reference: negation only), "centeredRank" or "zscore". */
  readonly fitnessShaping: FitnessShaping;
  /**
   * Lifetimes per genome per generation; fitness = their mean (trainer.py `eval_reps`, 1 in the
   * reference; more is ours).
   */
  readonly evalReps: number;
}

/** Schema of {@link TrainConfig}; errors name the field (and list every allowed choice). */
export const TrainConfigSchema: EffectSchema<TrainConfig> = Schema.Struct({
  task: TaskSchema,
  nEpisodes: intInRange(1, 1000),
  ...modelFields,
  strategy: Schema.Literal(...STRATEGIES),
  popsize: intInRange(2, 1 << 16),
  sigmaInit: Positive,
  eliteRatio: inRange(0.001, 1),
  lrate: Positive,
  fitnessShaping: Schema.Literal(...FITNESS_SHAPINGS),
  evalReps: intInRange(1, 64),
});

/**
 * The reference training defaults (train.py, evosax 0.1.6 defaults).
 *
 * @example
 * ```ts
 * import { trainDefaults } from "@neuroplastic/engines/lndp";
 * console.log(trainDefaults.popsize, trainDefaults.strategy); // 256 cma
 * ```
 */
export const trainDefaults: TrainConfig = {
  ...lifetimeDefaults,
  strategy: "cma",
  popsize: 256,
  sigmaInit: 1,
  eliteRatio: 0.5,
  lrate: 0.05,
  fitnessShaping: "none",
  evalReps: 1,
};

/**
 * One documentation line per training config field.
 *
 * @example
 * ```ts
 * import { trainDocs } from "@neuroplastic/engines/lndp";
 * console.log(Object.keys(trainDocs).length); // 27
 * ```
 */
export const trainDocs: FieldDocs = {
  ...lifetimeDocs,
  strategy:
    "evolution strategy: cma (evosax CMA_ES, the reference: an eigendecomposition every generation), cma-lazy (CMA-ES with pycma's lazy eigendecomposition), sep-cma (diagonal sep-CMA-ES, O(n) per sample) or openai (OpenAI-ES)",
  popsize: { description: "population size (OpenAI-ES: even)", unit: "genomes" },
  sigmaInit: "initial search step size σ₀ (OpenAI-ES: the perturbation σ)",
  eliteRatio: "CMA-ES (all three kinds) μ/λ, the fraction of the population that moves the mean",
  lrate: "OpenAI-ES Adam learning rate of the mean",
  fitnessShaping:
    "OpenAI-ES fitness shaping: none (the reference), centeredRank or zscore (CMA-ES ranks anyway)",
  evalReps: {
    description:
      "lifetimes per genome per generation, distinct keys, fitness = their mean (trainer.py eval_reps; the reference uses 1, more is ours)",
    unit: "lifetimes",
  },
};

/** Which genome of a run `np lndp lifetime` analyses. */
export const WHICH_GENOMES = ["best", "mean"] as const;

/** Parameters of `np lndp lifetime`. */
export interface LifetimeCommandConfig {
  /** A training run directory (`np lndp train --out`) or a genome JSON file. */
  readonly from: string;
  /** The run's best member genome or its strategy mean genome. */
  readonly which: (typeof WHICH_GENOMES)[number];
  /** Lifetimes to run (fresh keys); lifetime 0 is traced. */
  readonly lifetimes: number;
  /** Task of a bare genome array (default: the run's or the file's task). */
  readonly task?: TaskName;
  /** Episodes per lifetime (default: the run's or the file's). */
  readonly nEpisodes?: number;
  /** Precision of the nonlinearities (default: the run's or the file's, else f64). */
  readonly precision?: Precision;
}

/** Schema of {@link LifetimeCommandConfig}. */
export const LifetimeCommandSchema: EffectSchema<LifetimeCommandConfig> = Schema.Struct({
  from: Schema.String,
  which: Schema.Literal(...WHICH_GENOMES),
  lifetimes: intInRange(1, 100_000),
  task: Schema.optional(TaskSchema),
  nEpisodes: Schema.optional(intInRange(1, 1000)),
  precision: Schema.optional(Schema.Literal(...PRECISIONS)),
});

/**
 * Defaults of `np lndp lifetime`: the published CartPole result's best genome, 20 lifetimes.
 *
 * @example
 * ```ts
 * import { lifetimeCommandDefaults } from "@neuroplastic/engines/lndp";
 * console.log(lifetimeCommandDefaults.lifetimes); // 20
 * ```
 */
export const lifetimeCommandDefaults: LifetimeCommandConfig = {
  from: "docs/results/lndp-cartpole.json",
  which: "best",
  lifetimes: 20,
};

/**
 * One documentation line per `np lndp lifetime` parameter.
 *
 * @example
 * ```ts
 * import { lifetimeCommandDocs } from "@neuroplastic/engines/lndp";
 * console.log(Object.keys(lifetimeCommandDocs)); // ["from", "which", "lifetimes", "task", "nEpisodes", "precision"]
 * ```
 */
export const lifetimeCommandDocs: FieldDocs = {
  from:
    "training run directory (np lndp train --out) or genome JSON file (a number array, or an object with genome/bestGenome/meanGenome and config)",
  which: "genome of the run: best (best member seen) or mean (the strategy's mean)",
  lifetimes: {
    description: "lifetimes to run with fresh keys (the first is traced)",
    unit: "lifetimes",
  },
  task: "task of a bare genome array (default: the run's or the file's task, else cartpole)",
  nEpisodes: {
    description: "episodes per lifetime (default: the run's or the file's)",
    unit: "episodes",
  },
  precision:
    "nonlinearities in f64, f32 (float32 emulation of the reference) or f32-wasm (float32 WebAssembly SIMD kernel; default: the run's or the file's, else f64)",
};

/** Parameters of `np lndp report`. */
export interface ReportConfig {
  /** The training run directory to report. */
  readonly from: string;
  /** Lifetimes each genome is re-evaluated on. */
  readonly lifetimes: number;
  /** The "solved" fitness (default: 475 for CartPole, none otherwise). */
  readonly threshold?: number;
  /** Precision of the re-evaluations (default: the run's). */
  readonly precision?: Precision;
}

/** Schema of {@link ReportConfig}. */
export const ReportConfigSchema: EffectSchema<ReportConfig> = Schema.Struct({
  from: Schema.String,
  lifetimes: intInRange(1, 100_000),
  threshold: Schema.optional(inRange(-1e9, 1e9)),
  precision: Schema.optional(Schema.Literal(...PRECISIONS)),
});

/**
 * Defaults of `np lndp report` (`from` must be given: "" fails naming it).
 *
 * @example
 * ```ts
 * import { reportDefaults } from "@neuroplastic/engines/lndp";
 * console.log(reportDefaults.lifetimes); // 30
 * ```
 */
export const reportDefaults: ReportConfig = { from: "", lifetimes: 30 };

/**
 * One documentation line per `np lndp report` parameter.
 *
 * @example
 * ```ts
 * import { reportDocs } from "@neuroplastic/engines/lndp";
 * console.log(Object.keys(reportDocs)); // ["from", "lifetimes", "threshold", "precision"]
 * ```
 */
export const reportDocs: FieldDocs = {
  from: "training run directory (np lndp train --out), finished or interrupted",
  lifetimes: {
    description: "fresh lifetimes each genome is re-evaluated on",
    unit: "lifetimes",
  },
  threshold: {
    description: "solved fitness marked in the report (default: 475 on cartpole, none otherwise)",
    unit: "fitness",
  },
  precision: "nonlinearities of the re-evaluations in f64, f32 or f32-wasm (default: the run's)",
};
