/**
 * The RSGN notebook's two Transformer baselines (HasiHays/RSGN `RSGN-colab.ipynb` cell 5; spec
 * `rsgn.md` §5), traced through `@neuroplastic/core/autodiff`:
 *
 * - `transformer`: Linear(D_in → d) → nn.TransformerEncoder of L post-LN layers (4 heads, ff 512,
 *   ReLU, dropout 0.1 at the four torch sites, LN eps 1e-5) → mean over T → Linear(d → C).
 *   No positional encoding (so it is invariant to permutations of T).
 * - `sparseTransformer`: the same projection, then L blocks of
 *   [x = LN(x + MHA(x) with a local+strided mask); x = LN(x + Linear(GELU(Linear(x))))], no dropout,
 *   mean pool, Linear. Query i may attend key j iff |i − j| ≤ 2 or j mod 4 = 0.
 *
 * Attention is one fused autodiff node per layer (`attention.ts`: per-(b, head) WASM products,
 * softmax, mask and dropout in place), checked against the same graph built from generic ops.
 *
 * @module
 */
import { dropout, gelu, linear, mean, type Var } from "@neuroplastic/core/autodiff";
import { fold, type Key } from "@neuroplastic/core/random";
import type { FloatArray, Tensor } from "@neuroplastic/core/tensor";
import { fusedSelfAttention } from "./attention.ts";
import { addDropoutNorm, dropoutMask, reluDropout } from "./fused.ts";
import type { Tree } from "@neuroplastic/core/tree";
import { type BaselineConfig, type BaselineTask, referenceBaselineConfig } from "./config.ts";
import type { ForwardOptions, Model } from "./model.ts";
import { cloneTensors, initParams, type ParamSpec, specCount } from "./params.ts";
import { type EncoderLayerP, type TransformerP, transformerSpec } from "./specs.ts";

/** Which of the two reference blocks. */
type Variant = "dense" | "sparse";

/**
 * The sparse Transformer's additive attention mask [T, T]: 0 where query i may attend key j
 * (|i − j| ≤ 2, or j mod 4 = 0), −∞ elsewhere (torch turns a boolean attn_mask, True = blocked,
 * into −∞ before the softmax). Every row allows j = 0, so no row is fully masked.
 *
 * @example
 * ```ts
 * import { sparseAttentionMask } from "./transformer.ts";
 * const m = sparseAttentionMask(8, "f64");
 * console.log(m.data[0 * 8 + 3], m.data[7 * 8 + 4]); // -Infinity 0
 * ```
 */
export const sparseAttentionMask = (T: number, dtype: "f32" | "f64"): Tensor => {
  const data = dtype === "f32" ? new Float32Array(T * T) : new Float64Array(T * T);
  for (let i = 0; i < T; i++) {
    for (let j = 0; j < T; j++) {
      // notebook cell 5: local window [i−2, i+2] and strided keys j % 4 == 0 are unmasked
      const allowed = Math.abs(i - j) <= 2 || j % 4 === 0;
      data[i * T + j] = allowed ? 0 : -Infinity;
    }
  }
  return { data, shape: [T, T] };
};

/**
 * One post-LN block. Dense (nn.TransformerEncoderLayer, norm_first=False):
 *   x = LN1(x + Drop(SA(x))); x = LN2(x + Drop(W2 Drop(ReLU(W1 x + b1)) + b2)).
 * Sparse (notebook): x = LN1(x + SA_mask(x)); x = LN2(x + W2 GELU(W1 x + b1) + b2).
 * The residual+LayerNorm pairs and ReLU+dropout are fused nodes (`fused.ts`).
 */
const block = (
  x: Var,
  p: EncoderLayerP<Var>,
  variant: Variant,
  heads: number,
  mask: FloatArray | null,
  pDrop: number,
  key: Key,
  train: boolean,
): Var => {
  // four independent dropout sites per layer: attention weights, dropout1, dropout, dropout2
  const k = (s: number): Key => fold(key, s);
  const on = train && pDrop > 0;
  const scale = on ? 1 / (1 - pDrop) : 1;
  const keep = (s: number, n: number): Uint8Array | null => on ? dropoutMask(k(s), n, pDrop) : null;
  // SA = nn.MultiheadAttention (batch_first): packed in-projection qkv = x W_inᵀ + b_in, then
  // softmax(q kᵀ/√d_h + mask) v per head (fused node, `attention.ts`), heads concatenated, out_proj
  const qkv = linear(x, p.inW, p.inB);
  const sa = linear(fusedSelfAttention(qkv, heads, mask, pDrop, k(0), train), p.out.w, p.out.b);
  const x1 = addDropoutNorm(x, sa, keep(1, sa.value.length), scale, p.norm1.g, p.norm1.b, 1e-5);
  const hidden = linear(x1, p.ff1.w, p.ff1.b);
  const act = variant === "dense"
    ? reluDropout(hidden, keep(2, hidden.value.length), scale)
    : dropout(gelu(hidden), pDrop, k(2), train);
  const ff = linear(act, p.ff2.w, p.ff2.b);
  return addDropoutNorm(x1, ff, keep(3, ff.value.length), scale, p.norm2.g, p.norm2.b, 1e-5);
};

const forwardWith = (
  variant: Variant,
  params: TransformerP<Var>,
  x: Var,
  opts: ForwardOptions,
): Var => {
  const heads = opts.cfg?.heads ?? 4;
  const pDrop = variant === "sparse" ? (opts.cfg?.dropout ?? 0) : (opts.cfg?.dropout ?? 0.1);
  const T = x.shape[1];
  const mask = variant === "sparse"
    ? sparseAttentionMask(T, params.embed.w.value instanceof Float32Array ? "f32" : "f64").data
    : null;
  // no positional encoding (reference): h = x W_eᵀ + b_e
  let h = linear(x, params.embed.w, params.embed.b);
  params.layers.forEach((lp, i) => {
    h = block(h, lp, variant, heads, mask, pDrop, fold(opts.key, i), opts.train);
  });
  // global average pooling over T, then the classifier
  return linear(mean(h, 1), params.head.w, params.head.b);
};

const initWith = (variant: Variant, cfg: BaselineConfig, key: Key): TransformerP<Tensor> => {
  const spec = transformerSpec(cfg);
  const p = initParams(spec, key, cfg.dtype) as TransformerP<Tensor>;
  // nn.TransformerEncoder deep-copies its layer, so all layers start equal (torch _get_clones)
  if (variant === "dense" && cfg.cloneLayers && p.layers.length > 1) {
    const first = p.layers[0] as unknown as Tree<Tensor>;
    return {
      ...p,
      layers: p.layers.map((l, i) => i === 0 ? l : cloneTensors(first) as EncoderLayerP<Tensor>),
    };
  }
  return p;
};

const makeModel = (variant: Variant): Model<TransformerP<Tensor>> => {
  const name = variant === "dense" ? "transformer" : "sparse-transformer";
  return {
    name,
    init: (cfg, key) => initWith(variant, cfg, key),
    forward: (params: Tree<Var>, x: Var, opts: ForwardOptions): Var =>
      forwardWith(variant, params as TransformerP<Var>, x, opts),
    paramCount: (cfg) => specCount(transformerSpec(cfg)),
    spec: (cfg): Tree<ParamSpec> => transformerSpec(cfg),
    referenceConfig: (task: BaselineTask, dtype?: "f32" | "f64") =>
      referenceBaselineConfig(name, task, dtype),
  };
};

/**
 * The dense Transformer baseline (TransformerClassifier of the notebook).
 *
 * @example
 * ```ts
 * import { transformer } from "./transformer.ts";
 * console.log(transformer.paramCount(transformer.referenceConfig("long-range"))); // 600330
 * ```
 */
export const transformer: Model<TransformerP<Tensor>> = makeModel("dense");

/**
 * The sparse-mask Transformer baseline (SparseTransformerClassifier of the notebook).
 *
 * @example
 * ```ts
 * import { sparseTransformer } from "./transformer.ts";
 * console.log(sparseTransformer.paramCount(sparseTransformer.referenceConfig("hierarchical"))); // 403348
 * ```
 */
export const sparseTransformer: Model<TransformerP<Tensor>> = makeModel("sparse");
