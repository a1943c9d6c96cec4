/**
 * Configuration of the RSGN paper's baselines (Transformer, sparse-mask Transformer, 2-layer
 * bidirectional LSTM, MLP) and the reference presets of the notebook's experiments
 * (HasiHays/RSGN `RSGN-colab.ipynb`, cells 5, 8 and 9; spec `rsgn.md` §5).
 *
 * @module
 */
import { Effect, Schema } from "effect";
import { InvalidConfig } from "@neuroplastic/core/errors";
import { decodeConfig, decodeConfigSync, inRange, intInRange } from "@neuroplastic/core/sim";

/** Names of the four baselines (the CLI's `--model` values). */
export type BaselineName = "transformer" | "sparse-transformer" | "lstm" | "mlp";

/** All baseline names, in the order of the reference table. */
export const BASELINE_NAMES: readonly BaselineName[] = [
  "transformer",
  "sparse-transformer",
  "lstm",
  "mlp",
];

/** The reference tasks whose shapes fix the baselines' input/output sizes. */
export type BaselineTask = "hierarchical" | "long-range" | "readme";

/**
 * effect's `Schema.Schema<A>` (decodes an `A` into an `A`).
 *
 * Local alias because `deno doc --lint` reports every reference to an npm package's type as a
 * private type (denoland/deno#27364); effect documents the type upstream.
 *
 * @internal
 */
type EffectSchema<A> = Schema.Schema<A>;

/**
 * Schema of {@link BaselineConfig}. One config type serves all four models; each model reads the
 * fields it needs (see the field comments).
 *
 * @example
 * ```ts
 * import { Schema } from "effect";
 * import { BaselineConfigSchema, referenceBaselineConfig } from "./config.ts";
 * const c = Schema.decodeUnknownSync(BaselineConfigSchema)(referenceBaselineConfig("lstm", "hierarchical"));
 * console.log(c.hidden); // 128
 * ```
 */
export const BaselineConfigSchema: EffectSchema<BaselineConfig> = Schema.Struct({
  /** Input feature size D_in (notebook: 32). */
  dIn: intInRange(1, 65536),
  /** Sequence length T (used by the MLP's flatten; attention/LSTM accept any T). */
  seqLen: intInRange(1, 65536),
  /** Number of classes C. */
  classes: intInRange(1, 65536),
  /** Model width d (Transformers: d_model; LSTM: hidden per direction; MLP: hidden). Reference 128. */
  hidden: intInRange(1, 8192),
  /** Attention heads (reference 4); must divide `hidden`. */
  heads: intInRange(1, 1024),
  /** Encoder blocks (Transformers) or stacked LSTM layers. Reference: 2 (3 for long-range Transformer). */
  layers: intInRange(1, 64),
  /** Feed-forward width of the Transformer blocks (reference dim_hidden·4 = 512). */
  ff: intInRange(1, 65536),
  /** Dropout probability (nn.TransformerEncoderLayer default 0.1; the sparse Transformer has 0). */
  dropout: inRange(0, 0.99),
  /** Parameter dtype ("f32" like torch; "f64" for gradient checks). */
  dtype: Schema.Literal("f32", "f64"),
  /**
   * Transformer only: initialise every encoder layer with the same values, as
   * `nn.TransformerEncoder` does (it deep-copies one layer). `false` draws each layer independently.
   */
  cloneLayers: Schema.Boolean,
});

/** A decoded baseline config. */
export interface BaselineConfig {
  /** Input feature size D_in (notebook: 32). */
  readonly dIn: number;
  /** Sequence length T (used by the MLP's flatten; attention/LSTM accept any T). */
  readonly seqLen: number;
  /** Number of classes C. */
  readonly classes: number;
  /** Model width d (Transformers: d_model; LSTM: hidden per direction; MLP: hidden). Reference 128. */
  readonly hidden: number;
  /** Attention heads (reference 4); must divide `hidden`. */
  readonly heads: number;
  /** Encoder blocks (Transformers) or stacked LSTM layers. Reference: 2 (3 for long-range Transformer). */
  readonly layers: number;
  /** Feed-forward width of the Transformer blocks (reference dim_hidden·4 = 512). */
  readonly ff: number;
  /** Dropout probability (nn.TransformerEncoderLayer default 0.1; the sparse Transformer has 0). */
  readonly dropout: number;
  /** Parameter dtype ("f32" like torch; "f64" for gradient checks). */
  readonly dtype: "f32" | "f64";
  /**
   * Transformer only: initialise every encoder layer with the same values, as
   * `nn.TransformerEncoder` does (it deep-copies one layer). `false` draws each layer independently.
   */
  readonly cloneLayers: boolean;
}

const TASK_SHAPES: Record<BaselineTask, { dIn: number; seqLen: number; classes: number }> = {
  // notebook Exp. 1: generate_hierarchical_data(5000, seq_len=64, dim=32, num_classes=20)
  hierarchical: { dIn: 32, seqLen: 64, classes: 20 },
  // notebook Exp. 2: generate_long_range_data(3000, seq_len=128, dim=32, num_classes=10)
  "long-range": { dIn: 32, seqLen: 128, classes: 10 },
  // README quick start: generate_hierarchical_data(5000, 32, 64, 10)
  readme: { dIn: 64, seqLen: 32, classes: 10 },
};

/**
 * The notebook's exact config of baseline `name` on `task`: d = 128, 4 heads, ff = 512; the dense
 * Transformer has dropout 0.1 and 2 layers (3 on long-range, notebook cell 9); the sparse
 * Transformer has no dropout (nn.MultiheadAttention default) and independently drawn layers; the
 * LSTM has 2 layers.
 *
 * @example
 * ```ts
 * import { referenceBaselineConfig } from "./config.ts";
 * console.log(referenceBaselineConfig("transformer", "long-range").layers); // 3
 * ```
 */
export const referenceBaselineConfig = (
  name: BaselineName,
  task: BaselineTask,
  dtype: "f32" | "f64" = "f32",
): BaselineConfig => ({
  ...TASK_SHAPES[task],
  hidden: 128,
  heads: 4,
  layers: name === "transformer" && task === "long-range" ? 3 : 2,
  ff: 512,
  dropout: name === "transformer" ? 0.1 : 0,
  dtype,
  cloneLayers: name === "transformer",
});

const crossCheck = (c: BaselineConfig): InvalidConfig | undefined =>
  c.hidden % c.heads !== 0
    ? new InvalidConfig({
      field: "heads",
      message: `heads: must divide hidden (${c.hidden}), got ${c.heads}`,
      allowed: `a divisor of ${c.hidden}`,
    })
    : undefined;

/**
 * Decodes unknown input into a {@link BaselineConfig}, failing with `InvalidConfig` naming the
 * field (including the cross-field rule `hidden % heads == 0`).
 *
 * @example
 * ```ts
 * import { Effect } from "effect";
 * import { decodeBaselineConfig, referenceBaselineConfig } from "./config.ts";
 * const c = Effect.runSync(decodeBaselineConfig(referenceBaselineConfig("mlp", "readme")));
 * console.log(c.seqLen); // 32
 * ```
 */
export const decodeBaselineConfig = (
  input: unknown,
): Effect.Effect<BaselineConfig, InvalidConfig> =>
  Effect.flatMap(decodeConfig(BaselineConfigSchema, input), (c) => {
    const e = crossCheck(c);
    return e ? Effect.fail(e) : Effect.succeed(c);
  });

/**
 * Synchronous {@link decodeBaselineConfig}: returns the config or throws the `InvalidConfig`.
 *
 * @example
 * ```ts
 * import { decodeBaselineConfigSync, referenceBaselineConfig } from "./config.ts";
 * console.log(decodeBaselineConfigSync(referenceBaselineConfig("lstm", "readme")).layers); // 2
 * ```
 */
export const decodeBaselineConfigSync = (input: unknown): BaselineConfig => {
  const c = decodeConfigSync(BaselineConfigSchema, input);
  const e = crossCheck(c);
  if (e) throw e;
  return c;
};
