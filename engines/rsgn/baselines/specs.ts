/**
 * Parameter trees of the four baselines, generic in the leaf type (`ParamSpec` for shapes and
 * initialisers, `Tensor` for values, `Var` inside a traced forward pass), and their spec builders.
 * Shapes follow PyTorch's module layout (Linear weight [out, in]; MHA in_proj [3d, d]; LSTM gate
 * rows in the order i, f, g, o), so counts equal `count_parameters` of the notebook's models.
 *
 * @module
 */
import type { BaselineConfig } from "./config.ts";
import { constSpec, linearSpec, type ParamSpec, uniformSpec } from "./params.ts";

/** `nn.Linear`: weight [out, in], bias [out]. */
export type LinearP<L> = { readonly w: L; readonly b: L };

/** `nn.LayerNorm(d)`: γ, β of shape [d]. */
export type NormP<L> = { readonly g: L; readonly b: L };

/** One encoder block: MHA (packed in-projection, out-projection), two LayerNorms, two FF linears. */
export type EncoderLayerP<L> = {
  /** in_proj_weight [3d, d] (rows: q, k, v). */
  readonly inW: L;
  /** in_proj_bias [3d]. */
  readonly inB: L;
  /** out_proj (d → d). */
  readonly out: LinearP<L>;
  readonly norm1: NormP<L>;
  /** linear1 (d → ff). */
  readonly ff1: LinearP<L>;
  /** linear2 (ff → d). */
  readonly ff2: LinearP<L>;
  readonly norm2: NormP<L>;
};

/** Transformer / sparse Transformer: input projection, blocks, classifier. */
export type TransformerP<L> = {
  readonly embed: LinearP<L>;
  readonly layers: readonly EncoderLayerP<L>[];
  readonly head: LinearP<L>;
};

/** One LSTM direction of one layer: weight_ih [4H, in], weight_hh [4H, H], bias_ih, bias_hh [4H]. */
export type LstmDirP<L> = {
  readonly wIh: L;
  readonly wHh: L;
  readonly bIh: L;
  readonly bHh: L;
};

/** Bidirectional LSTM stack and its classifier on [h_fwd, h_bwd]. */
export type LstmP<L> = {
  readonly layers: readonly { readonly fwd: LstmDirP<L>; readonly bwd: LstmDirP<L> }[];
  readonly head: LinearP<L>;
};

/** MLP: flatten(T·D_in) → hidden → hidden → C. */
export type MlpP<L> = {
  readonly fc1: LinearP<L>;
  readonly fc2: LinearP<L>;
  readonly fc3: LinearP<L>;
};

/**
 * Spec of one encoder block (nn.TransformerEncoderLayer / the notebook's sparse block).
 *
 * @example
 * ```ts
 * import { encoderLayerSpec } from "./specs.ts";
 * console.log(encoderLayerSpec(128, 512).inW.shape); // [384, 128]
 * ```
 */
export const encoderLayerSpec = (d: number, ff: number): EncoderLayerP<ParamSpec> => ({
  // xavier_uniform_ on in_proj_weight [3d, d]: bound = √(6/(fan_in + fan_out)) = √(6/(d + 3d))
  // (torch/nn/modules/activation.py MultiheadAttention._reset_parameters)
  inW: uniformSpec([3 * d, d], Math.sqrt(6 / (d + 3 * d))),
  inB: constSpec([3 * d], 0),
  // out_proj is a Linear (kaiming-uniform weight) whose bias MHA resets to 0
  out: { w: linearSpec(d, d).w, b: constSpec([d], 0) },
  norm1: { g: constSpec([d], 1), b: constSpec([d], 0) },
  ff1: linearSpec(d, ff),
  ff2: linearSpec(ff, d),
  norm2: { g: constSpec([d], 1), b: constSpec([d], 0) },
});

/**
 * Spec of the Transformer baselines (both the dense and the sparse-mask one have the same
 * parameters: 403,348 on the hierarchical task).
 *
 * @example
 * ```ts
 * import { referenceBaselineConfig } from "./config.ts";
 * import { specCount } from "./params.ts";
 * import { transformerSpec } from "./specs.ts";
 * console.log(specCount(transformerSpec(referenceBaselineConfig("transformer", "hierarchical")))); // 403348
 * ```
 */
export const transformerSpec = (cfg: BaselineConfig): TransformerP<ParamSpec> => ({
  embed: linearSpec(cfg.dIn, cfg.hidden),
  layers: Array.from({ length: cfg.layers }, () => encoderLayerSpec(cfg.hidden, cfg.ff)),
  head: linearSpec(cfg.hidden, cfg.classes),
});

const lstmDirSpec = (input: number, h: number): LstmDirP<ParamSpec> => {
  // every LSTM weight and bias ~ U(±1/√hidden) (torch/nn/modules/rnn.py RNNBase.reset_parameters)
  const k = 1 / Math.sqrt(h);
  return {
    wIh: uniformSpec([4 * h, input], k),
    wHh: uniformSpec([4 * h, h], k),
    bIh: uniformSpec([4 * h], k),
    bHh: uniformSpec([4 * h], k),
  };
};

/**
 * Spec of the 2-layer bidirectional LSTM baseline (layer l > 0 reads the 2H concatenation).
 *
 * @example
 * ```ts
 * import { referenceBaselineConfig } from "./config.ts";
 * import { specCount } from "./params.ts";
 * import { lstmSpec } from "./specs.ts";
 * console.log(specCount(lstmSpec(referenceBaselineConfig("lstm", "hierarchical")))); // 566292
 * ```
 */
export const lstmSpec = (cfg: BaselineConfig): LstmP<ParamSpec> => ({
  layers: Array.from({ length: cfg.layers }, (_, l) => {
    const input = l === 0 ? cfg.dIn : 2 * cfg.hidden;
    return { fwd: lstmDirSpec(input, cfg.hidden), bwd: lstmDirSpec(input, cfg.hidden) };
  }),
  head: linearSpec(2 * cfg.hidden, cfg.classes),
});

/**
 * Spec of the MLP baseline.
 *
 * @example
 * ```ts
 * import { referenceBaselineConfig } from "./config.ts";
 * import { specCount } from "./params.ts";
 * import { mlpSpec } from "./specs.ts";
 * console.log(specCount(mlpSpec(referenceBaselineConfig("mlp", "hierarchical")))); // 281364
 * ```
 */
export const mlpSpec = (cfg: BaselineConfig): MlpP<ParamSpec> => ({
  fc1: linearSpec(cfg.seqLen * cfg.dIn, cfg.hidden),
  fc2: linearSpec(cfg.hidden, cfg.hidden),
  fc3: linearSpec(cfg.hidden, cfg.classes),
});
