/**
 * RSGN configurations: the model's Effect Schema with the reference defaults
 * (`RSGNetwork.__init__` / `RSGClassifier`, HasiHays/RSGN src/model.py and notebook cell 3) and
 * the named presets of the README and the notebook experiments (spec §1.2, §5); and the schema,
 * defaults and one-line docs (which become the flags) of each command: `train`, `data`, `info`,
 * `connectivity`, `table`.
 *
 * @module
 */
import { Effect, Schema } from "effect";
import type { InvalidConfig } from "@neuroplastic/core/errors";
import {
  decodeConfig,
  type FieldDocs,
  inRange,
  intInRange,
  mergeConfig,
  Positive,
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

/** The model variants: the reference's dense network, or our top-k / k-WTA sparse network. */
export type RsgnVariant = "faithful" | "sparse";

/** Schema of {@link RsgnConfig}. */
export const RsgnConfigSchema: EffectSchema<RsgnConfig> = Schema.Struct({
  /** C: classes of the linear head. */
  numClasses: intInRange(1, 10_000),
  /** N: nodes in the Poincaré ball. */
  numNodes: intInRange(1, 8192),
  /** D_in: input feature dimension. */
  dimInput: intInRange(1, 65_536),
  /** D_h: hidden state dimension. */
  dimHidden: intInRange(1, 4096),
  /** D_s: dimension of the ball (reference 3). */
  dimSpace: intInRange(1, 64),
  /** K: propagation steps (5 hierarchical, 7 long-range). */
  numSteps: intInRange(0, 64),
  /** T_s: soft-threshold temperature (never annealed in the reference). */
  temperature: Positive,
  /** τ: distance decay of the connection weights exp(−d/τ). */
  tau: Positive,
  /** ρ: target activity of the Hebbian threshold rule (unused by the network itself). */
  sparsityTarget: inRange(0, 1),
  /** Euclidean neighbourhood radius of the reference "inhibition". */
  inhibitionRadius: inRange(0, 10),
  /** r: rank of the affinity factors U, V (hard-coded 32 in the reference). */
  affinityRank: intInRange(1, 1024),
  /** "faithful" (reference, dense) or "sparse" (ours: top-k neighbours, k-WTA). */
  variant: Schema.Literal("faithful", "sparse"),
  /** Sparse variant: incoming hyperbolic nearest neighbours per node. */
  topK: intInRange(1, 8192),
  /** Sparse variant: k-winners-take-all, active nodes per sample after each step. */
  activeK: intInRange(1, 8192),
});

/** A decoded RSGN configuration. */
export interface RsgnConfig {
  /** C: classes of the linear head. */
  readonly numClasses: number;
  /** N: nodes in the Poincaré ball. */
  readonly numNodes: number;
  /** D_in: input feature dimension. */
  readonly dimInput: number;
  /** D_h: hidden state dimension. */
  readonly dimHidden: number;
  /** D_s: dimension of the ball (reference 3). */
  readonly dimSpace: number;
  /** K: propagation steps (5 hierarchical, 7 long-range). */
  readonly numSteps: number;
  /** T_s: soft-threshold temperature (never annealed in the reference). */
  readonly temperature: number;
  /** τ: distance decay of the connection weights exp(−d/τ). */
  readonly tau: number;
  /** ρ: target activity of the Hebbian threshold rule (unused by the network itself). */
  readonly sparsityTarget: number;
  /** Euclidean neighbourhood radius of the reference "inhibition". */
  readonly inhibitionRadius: number;
  /** r: rank of the affinity factors U, V (hard-coded 32 in the reference). */
  readonly affinityRank: number;
  /** "faithful" (reference, dense) or "sparse" (ours: top-k neighbours, k-WTA). */
  readonly variant: "faithful" | "sparse";
  /** Sparse variant: incoming hyperbolic nearest neighbours per node. */
  readonly topK: number;
  /** Sparse variant: k-winners-take-all, active nodes per sample after each step. */
  readonly activeK: number;
}

/**
 * Reference defaults: `RSGClassifier(10, num_nodes=256, dim_input=64, dim_hidden=128,
 * num_steps=5)` of the README (44,862 parameters).
 *
 * @example
 * ```ts
 * import { paramCount, rsgnDefaults } from "@neuroplastic/engines/rsgn";
 * console.log(paramCount(rsgnDefaults)); // 44862
 * ```
 */
export const rsgnDefaults: RsgnConfig = Object.freeze({
  numClasses: 10,
  numNodes: 256,
  dimInput: 64,
  dimHidden: 128,
  dimSpace: 3,
  numSteps: 5,
  temperature: 1.0,
  tau: 1.0,
  sparsityTarget: 0.1,
  inhibitionRadius: 0.3,
  affinityRank: 32,
  variant: "faithful",
  topK: 16,
  activeK: 32,
});

/** Named presets: the README model and every RSGN of the notebook experiments. */
export const PRESETS: { readonly [name: string]: Partial<RsgnConfig> } = Object.freeze({
  /** README quick start (src): 10 classes, D_in 64 — 44,862 parameters. */
  readme: {},
  /** Notebook Exp. 1 (hierarchical, 20 classes, D_in 32, 5 steps) — 41,672. */
  hierarchical: { numClasses: 20, dimInput: 32, numSteps: 5 },
  /** Notebook Exp. 2 (long-range, 10 classes, D_in 32, 7 steps) — 40,382. */
  "long-range": { numClasses: 10, dimInput: 32, numSteps: 7 },
  /** Notebook Exp. 3 ablation "128 Nodes" — 32,840. */
  "ablation-128": { numClasses: 20, dimInput: 32, numSteps: 5, numNodes: 128 },
  /** Notebook Exp. 3 ablation "512 Nodes" — 59,336. */
  "ablation-512": { numClasses: 20, dimInput: 32, numSteps: 5, numNodes: 512 },
});

/**
 * Decode a partial JSON config merged over {@link rsgnDefaults}; fails with `InvalidConfig`
 * naming the field.
 *
 * @example
 * ```ts
 * import { Effect } from "effect";
 * import { decodeRsgnConfig } from "@neuroplastic/engines/rsgn";
 * const c = Effect.runSync(decodeRsgnConfig({ numNodes: 64 }));
 * console.log(c.numNodes, c.dimHidden); // 64 128
 * ```
 */
export const decodeRsgnConfig = (input: unknown): Effect.Effect<RsgnConfig, InvalidConfig> =>
  decodeConfig(RsgnConfigSchema, mergeConfig(rsgnDefaults, input ?? {}));

/**
 * Synchronous preset lookup merged with overrides (no validation beyond the schema's types).
 *
 * @example
 * ```ts
 * import { presetConfig } from "@neuroplastic/engines/rsgn";
 * console.log(presetConfig("long-range").numSteps); // 7
 * ```
 */
export const presetConfig = (name: string, over: Partial<RsgnConfig> = {}): RsgnConfig => {
  const p = PRESETS[name];
  if (!p) throw new RangeError(`unknown preset ${name}; known: ${Object.keys(PRESETS).join(", ")}`);
  return Effect.runSync(decodeRsgnConfig({ ...p, ...over }));
};

/** Names of the {@link PRESETS}, in display order. */
export const PRESET_NAMES: readonly string[] = Object.freeze(Object.keys(PRESETS));

/** The two reported tasks of the notebook. */
export type Task = "hierarchical" | "long-range";

/** Every model of the reproduction: the RSGN variants and the baselines. */
export type ModelName =
  | "rsgn"
  | "rsgn-hebbian"
  | "rsgn-sparse"
  | "transformer"
  | "sparse-transformer"
  | "lstm"
  | "mlp";

/**
 * All model names.
 *
 * @example
 * ```ts
 * import { MODEL_NAMES } from "@neuroplastic/engines/rsgn";
 * console.log(MODEL_NAMES.includes("rsgn-sparse")); // true
 * ```
 */
export const MODEL_NAMES: readonly ModelName[] = Object.freeze([
  "rsgn",
  "rsgn-hebbian",
  "rsgn-sparse",
  "transformer",
  "sparse-transformer",
  "lstm",
  "mlp",
]);

/** Largest seed (NumPy's `np.random.seed` and our `key` both take 32-bit seeds). */
const MAX_SEED = 2 ** 32 - 1;

/** Configuration of `np rsgn train`: one task × model trained once per seed. */
export interface TrainConfig {
  /** Task whose notebook data set is generated (NumPy seed 42, the notebook's split). */
  readonly task: Task;
  /** Model trained: an RSGN variant or a baseline. */
  readonly model: ModelName;
  /** Training epochs per seed (also the cosine schedule's T_max). */
  readonly epochs: number;
  /** Run seeds; one training run per seed, in this order. */
  readonly seeds: readonly number[];
  /** Mini-batch size; null: the notebook's (64 hierarchical, 32 long-range). */
  readonly batchSize: number | null;
  /** Train on the first M samples of the training split only; null: all. */
  readonly trainLimit: number | null;
  /** Validate on the first V samples of the validation split only; null: all. */
  readonly valLimit: number | null;
  /** Hebbian learner of `rsgn-hebbian` (ignored by the other models). */
  readonly hebbian: "notebook" | "src";
  /** `rsgn-sparse`: incoming hyperbolic nearest neighbours per node. */
  readonly topK: number;
  /** `rsgn-sparse`: active nodes per sample kept by k-winners-take-all. */
  readonly activeK: number;
  /** RSGN models: propagation steps K; null: the task's preset (5 hierarchical, 7 long-range). */
  readonly numSteps: number | null;
}

const uniqueSeeds = Schema.Array(intInRange(0, MAX_SEED)).pipe(
  Schema.filter((s) => s.length > 0 && new Set(s).size === s.length, {
    message: () => "must be a non-empty list of distinct seeds",
  }),
);

/** Schema of {@link TrainConfig}. */
export const TrainConfigSchema: EffectSchema<TrainConfig> = Schema.Struct({
  task: Schema.Literal("hierarchical", "long-range"),
  model: Schema.Literal(
    "rsgn",
    "rsgn-hebbian",
    "rsgn-sparse",
    "transformer",
    "sparse-transformer",
    "lstm",
    "mlp",
  ),
  epochs: intInRange(1, 10_000),
  seeds: uniqueSeeds,
  batchSize: Schema.NullOr(intInRange(1, 65_536)),
  trainLimit: Schema.NullOr(intInRange(1, 10_000_000)),
  valLimit: Schema.NullOr(intInRange(1, 10_000_000)),
  hebbian: Schema.Literal("notebook", "src"),
  topK: intInRange(1, 8192),
  activeK: intInRange(1, 8192),
  numSteps: Schema.NullOr(intInRange(0, 64)),
});

/**
 * Defaults of `np rsgn train`: the faithful RSGN on the long-range task, the notebook's 50 epochs,
 * seed 42, full data.
 *
 * @example
 * ```ts
 * import { trainDefaults } from "@neuroplastic/engines/rsgn";
 * console.log(trainDefaults.epochs, trainDefaults.seeds); // 50 [42]
 * ```
 */
export const trainDefaults: TrainConfig = Object.freeze({
  task: "long-range",
  model: "rsgn",
  epochs: 50,
  seeds: Object.freeze([42]),
  batchSize: null,
  trainLimit: null,
  valLimit: null,
  hebbian: "notebook",
  topK: rsgnDefaults.topK,
  activeK: rsgnDefaults.activeK,
  numSteps: null,
});

/** Configuration of `np rsgn data`: one reference data set (its NumPy seed is `--seed`). */
export interface DataConfig {
  /** Generator: notebook hierarchical or long-range, or src's hierarchical (README task). */
  readonly task: "hierarchical" | "long-range" | "src-hierarchical";
  /** Samples; null: the task's notebook value (5000 / 3000 / 5000). */
  readonly n: number | null;
  /** Sequence length T; null: the task's (64 / 128 / 32). */
  readonly seqLen: number | null;
  /** Feature dimension D; null: the task's (32 / 32 / 64). */
  readonly dim: number | null;
  /** Classes; null: the task's (20 / 10 / 10). */
  readonly classes: number | null;
  /** Noise scale of the hierarchical tasks; null: the generator's (0.3 notebook, 0.1 src). */
  readonly noise: number | null;
}

/** Schema of {@link DataConfig}. */
export const DataConfigSchema: EffectSchema<DataConfig> = Schema.Struct({
  task: Schema.Literal("hierarchical", "long-range", "src-hierarchical"),
  n: Schema.NullOr(intInRange(1, 10_000_000)),
  seqLen: Schema.NullOr(intInRange(1, 1_000_000)),
  dim: Schema.NullOr(intInRange(1, 100_000)),
  classes: Schema.NullOr(intInRange(1, 1_000_000)),
  noise: Schema.NullOr(inRange(0, 1e6)),
});

/**
 * Defaults of `np rsgn data`: the notebook's hierarchical set.
 *
 * @example
 * ```ts
 * import { dataDefaults } from "@neuroplastic/engines/rsgn";
 * console.log(dataDefaults.task); // "hierarchical"
 * ```
 */
export const dataDefaults: DataConfig = Object.freeze({
  task: "hierarchical",
  n: null,
  seqLen: null,
  dim: null,
  classes: null,
  noise: null,
});

/** Overrides of every {@link RsgnConfig} field (null: the preset's value). */
export type RsgnOverrides = { readonly [K in keyof RsgnConfig]: RsgnConfig[K] | null };

/** Configuration of `np rsgn info`: a preset, overrides of any model field, a sequence length. */
export interface InfoConfig extends RsgnOverrides {
  /** Preset the overrides apply to. */
  readonly preset: string;
  /** Sequence length of the MAC count; null: the preset's task (128 long-range, 64 hierarchical and ablations, 32 readme). */
  readonly seqLen: number | null;
}

const presetSchema = Schema.Literal(...(Object.keys(PRESETS) as [string, ...string[]]));

/** Schema of {@link InfoConfig}. */
export const InfoConfigSchema: EffectSchema<InfoConfig> = Schema.Struct({
  preset: presetSchema,
  seqLen: Schema.NullOr(intInRange(1, 1_000_000)),
  numClasses: Schema.NullOr(intInRange(1, 10_000)),
  numNodes: Schema.NullOr(intInRange(1, 8192)),
  dimInput: Schema.NullOr(intInRange(1, 65_536)),
  dimHidden: Schema.NullOr(intInRange(1, 4096)),
  dimSpace: Schema.NullOr(intInRange(1, 64)),
  numSteps: Schema.NullOr(intInRange(0, 64)),
  temperature: Schema.NullOr(Positive),
  tau: Schema.NullOr(Positive),
  sparsityTarget: Schema.NullOr(inRange(0, 1)),
  inhibitionRadius: Schema.NullOr(inRange(0, 10)),
  affinityRank: Schema.NullOr(intInRange(1, 1024)),
  variant: Schema.NullOr(Schema.Literal("faithful", "sparse")),
  topK: Schema.NullOr(intInRange(1, 8192)),
  activeK: Schema.NullOr(intInRange(1, 8192)),
});

/**
 * Defaults of `np rsgn info`: the README model, no overrides.
 *
 * @example
 * ```ts
 * import { infoDefaults } from "@neuroplastic/engines/rsgn";
 * console.log(infoDefaults.preset, infoDefaults.numNodes); // "readme" null
 * ```
 */
export const infoDefaults: InfoConfig = Object.freeze({
  preset: "readme",
  seqLen: null,
  numClasses: null,
  numNodes: null,
  dimInput: null,
  dimHidden: null,
  dimSpace: null,
  numSteps: null,
  temperature: null,
  tau: null,
  sparsityTarget: null,
  inhibitionRadius: null,
  affinityRank: null,
  variant: null,
  topK: null,
  activeK: null,
});

/**
 * The model config of a preset with the non-null overrides applied (validated by the schema).
 *
 * @example
 * ```ts
 * import { Effect } from "effect";
 * import { infoDefaults, presetWithOverrides } from "@neuroplastic/engines/rsgn";
 * const c = Effect.runSync(presetWithOverrides("long-range", { ...infoDefaults, numNodes: 64 }));
 * console.log(c.numSteps, c.numNodes); // 7 64
 * ```
 */
export const presetWithOverrides = (
  preset: string,
  over: Partial<RsgnOverrides>,
): Effect.Effect<RsgnConfig, InvalidConfig> => {
  const set = Object.fromEntries(
    Object.entries(over).filter(([k, v]) => v !== null && v !== undefined && k in rsgnDefaults),
  );
  return decodeRsgnConfig({ ...PRESETS[preset], ...set });
};

/** Configuration of `np rsgn connectivity`. */
export interface ConnectivityConfig {
  /** Model preset whose freshly initialised W is computed (init key = `--seed`). */
  readonly preset: string;
  /** Where W is computed: the CPU, the WebGPU kernel, or the GPU when it pays off. */
  readonly backend: "cpu" | "gpu" | "auto";
}

/** Schema of {@link ConnectivityConfig}. */
export const ConnectivityConfigSchema: EffectSchema<ConnectivityConfig> = Schema.Struct({
  preset: presetSchema,
  backend: Schema.Literal("cpu", "gpu", "auto"),
});

/**
 * Defaults of `np rsgn connectivity`: the README model on the CPU.
 *
 * @example
 * ```ts
 * import { connectivityDefaults } from "@neuroplastic/engines/rsgn";
 * console.log(connectivityDefaults.backend); // "cpu"
 * ```
 */
export const connectivityDefaults: ConnectivityConfig = Object.freeze({
  preset: "readme",
  backend: "cpu",
});

/** Configuration of `np rsgn table`. */
export interface TableConfig {
  /** Folder of results files `<task>-<model>.json` (written by `np rsgn train --out`). */
  readonly in: string;
}

/** Schema of {@link TableConfig}. */
export const TableConfigSchema: EffectSchema<TableConfig> = Schema.Struct({
  in: Schema.String.pipe(Schema.minLength(1)),
});

/**
 * Defaults of `np rsgn table`: the committed results.
 *
 * @example
 * ```ts
 * import { tableDefaults } from "@neuroplastic/engines/rsgn";
 * console.log(tableDefaults.in); // "docs/results/rsgn"
 * ```
 */
export const tableDefaults: TableConfig = Object.freeze({ in: "docs/results/rsgn" });

/**
 * One line (and unit) per field of {@link TrainConfig}: the flags of `np rsgn train`.
 *
 * @example
 * ```ts
 * import { trainDocs } from "@neuroplastic/engines/rsgn";
 * console.log(Object.keys(trainDocs).length); // 11
 * ```
 */
export const trainDocs: FieldDocs = {
  task: "task whose notebook data set is trained on (NumPy seed 42, the notebook's 80/20 split)",
  model: "model trained: rsgn (faithful), rsgn-hebbian, rsgn-sparse (ours) or a baseline",
  epochs: {
    description: "training epochs per seed (also the cosine schedule's length)",
    unit: "epochs",
  },
  seeds: "run seeds, one training run each (init, shuffling and dropout keys)",
  batchSize: {
    description: "mini-batch size; null: the notebook's (64 hierarchical, 32 long-range)",
    unit: "samples",
  },
  trainLimit: {
    description: "train on the first M samples of the training split only; null: all",
    unit: "samples",
  },
  valLimit: {
    description: "validate on the first V samples of the validation split only; null: all",
    unit: "samples",
  },
  hebbian: "Hebbian learner of rsgn-hebbian: notebook (published numbers) or src",
  topK: {
    description: "rsgn-sparse: incoming hyperbolic nearest neighbours per node",
    unit: "nodes",
  },
  activeK: {
    description: "rsgn-sparse: active nodes per sample kept by k-winners-take-all",
    unit: "nodes",
  },
  numSteps: {
    description: "RSGN propagation steps K; null: the task's preset (5 hierarchical, 7 long-range)",
    unit: "steps",
  },
};

/**
 * One line (and unit) per field of {@link DataConfig}: the flags of `np rsgn data`.
 *
 * @example
 * ```ts
 * import { dataDocs } from "@neuroplastic/engines/rsgn";
 * console.log(Object.keys(dataDocs)); // ["task", "n", "seqLen", "dim", "classes", "noise"]
 * ```
 */
export const dataDocs: FieldDocs = {
  task: "generator: notebook hierarchical or long-range, or src's hierarchical (README task)",
  n: { description: "samples; null: the task's (5000 / 3000 / 5000)", unit: "samples" },
  seqLen: {
    description: "sequence length T; null: the task's (64 / 128 / 32); long-range needs ≥ 8",
    unit: "time steps",
  },
  dim: "feature dimension D; null: the task's (32 / 32 / 64)",
  classes: "number of classes; null: the task's (20 / 10 / 10)",
  noise: "noise scale of the hierarchical tasks; null: the generator's (0.3 notebook, 0.1 src)",
};

const modelFieldDocs: FieldDocs = {
  numClasses: "override C, classes of the linear head; null: the preset's",
  numNodes: {
    description: "override N, nodes in the Poincaré ball; null: the preset's",
    unit: "nodes",
  },
  dimInput: "override D_in, input feature dimension; null: the preset's",
  dimHidden: "override D_h, hidden state dimension; null: the preset's",
  dimSpace: "override D_s, dimension of the ball; null: the preset's",
  numSteps: { description: "override K, propagation steps; null: the preset's", unit: "steps" },
  temperature: "override T_s, soft-threshold temperature; null: the preset's",
  tau: "override τ, distance decay of the connection weights exp(−d/τ); null: the preset's",
  sparsityTarget: "override ρ, target activity of the Hebbian threshold rule; null: the preset's",
  inhibitionRadius: "override the Euclidean radius of the reference inhibition; null: the preset's",
  affinityRank: "override r, rank of the affinity factors U, V; null: the preset's",
  variant: "override the variant: faithful (reference) or sparse (ours); null: the preset's",
  topK: {
    description: "override the sparse variant's neighbours per node; null: the preset's",
    unit: "nodes",
  },
  activeK: {
    description: "override the sparse variant's active nodes per sample; null: the preset's",
    unit: "nodes",
  },
};

/**
 * One line (and unit) per field of {@link InfoConfig}: the flags of `np rsgn info`.
 *
 * @example
 * ```ts
 * import { infoDocs } from "@neuroplastic/engines/rsgn";
 * console.log(typeof infoDocs.preset); // "string"
 * ```
 */
export const infoDocs: FieldDocs = {
  preset:
    "model preset the overrides apply to: readme, hierarchical, long-range, ablation-128, ablation-512",
  seqLen: {
    description:
      "sequence length of the MAC count; null: the preset's task (128 long-range, 64 hierarchical and ablations, 32 readme)",
    unit: "time steps",
  },
  ...modelFieldDocs,
};

/**
 * One line per field of {@link ConnectivityConfig}: the flags of `np rsgn connectivity`.
 *
 * @example
 * ```ts
 * import { connectivityDocs } from "@neuroplastic/engines/rsgn";
 * console.log(typeof connectivityDocs.backend); // "string"
 * ```
 */
export const connectivityDocs: FieldDocs = {
  preset:
    "model preset whose freshly initialised connection matrix W is computed (init key: --seed)",
  backend: "where W is computed: cpu, gpu (WebGPU kernel; fails without an adapter) or auto",
};

/**
 * One line per field of {@link TableConfig}: the flags of `np rsgn table`.
 *
 * @example
 * ```ts
 * import { tableDocs } from "@neuroplastic/engines/rsgn";
 * console.log(typeof tableDocs.in); // "string"
 * ```
 */
export const tableDocs: FieldDocs = {
  in:
    "folder of results files <task>-<model>.json (from np rsgn train --out), merged per task and model",
};
