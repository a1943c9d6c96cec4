/**
 * The interface the training loop drives: any model with an init, a loss-and-gradient on a
 * batch and a prediction. RSGN (faithful or sparse) implements it with its hand-written reverse
 * pass; the baselines implement it through core autodiff.
 *
 * @module
 */
import type { Key } from "@neuroplastic/core/random";
import type { FloatArray, Tensor } from "@neuroplastic/core/tensor";
import type { Tree } from "@neuroplastic/core/tree";
import type { RsgnConfig } from "./config.ts";
import { crossEntropy, rsgnBackward, rsgnForward } from "./model.ts";
import { initParams, paramCount, type RsgnParams } from "./params.ts";
import { sparseBackward, sparseForward } from "./sparse.ts";

/** A model the training loop can drive. */
export interface TrainableModel {
  /** Display name. */
  readonly name: string;
  /** Number of trainable scalars. */
  readonly paramCount: number;
  /** Fresh parameters. */
  init(k: Key): Tree<Tensor>;
  /** Mean CE loss on a batch, its gradient, #correct and (RSGN) the final α (B, N). */
  lossAndGrad(
    params: Tree<Tensor>,
    X: Float32Array,
    y: Int32Array,
    B: number,
    T: number,
    k: Key,
  ): { loss: number; correct: number; grads: Tree<Tensor>; alpha?: FloatArray };
  /** Logits (B, C) in evaluation mode. */
  predict(params: Tree<Tensor>, X: Float32Array, B: number, T: number): FloatArray;
}

/**
 * RSGN as a {@link TrainableModel} (float32; faithful or sparse per `c.variant`).
 *
 * @example
 * ```ts
 * import { presetConfig, rsgnTrainable } from "@neuroplastic/engines/rsgn";
 * console.log(rsgnTrainable(presetConfig("long-range")).paramCount); // 40382
 * ```
 */
export function rsgnTrainable(c: RsgnConfig): TrainableModel {
  const sparse = c.variant === "sparse";
  return {
    name: sparse ? "RSGN-sparse" : "RSGN",
    paramCount: paramCount(c),
    init: (k) => initParams(c, k) as unknown as Tree<Tensor>,
    lossAndGrad: (params, X, y, B, T) => {
      const p = params as unknown as RsgnParams;
      if (sparse) {
        const out = sparseForward(p, c, X, B, T, true);
        const ce = crossEntropy(out.logits, y, B, c.numClasses);
        const grads = sparseBackward(p, c, out.cache!, ce.dLogits);
        return {
          loss: ce.loss,
          correct: ce.correct,
          grads: grads as unknown as Tree<Tensor>,
          alpha: out.alpha,
        };
      }
      const out = rsgnForward(p, c, X, B, T, true);
      const ce = crossEntropy(out.logits, y, B, c.numClasses);
      const grads = rsgnBackward(p, c, out.cache!, ce.dLogits);
      return {
        loss: ce.loss,
        correct: ce.correct,
        grads: grads as unknown as Tree<Tensor>,
        alpha: out.alpha,
      };
    },
    predict: (params, X, B, T) => {
      const p = params as unknown as RsgnParams;
      return sparse ? sparseForward(p, c, X, B, T).logits : rsgnForward(p, c, X, B, T).logits;
    },
  };
}
