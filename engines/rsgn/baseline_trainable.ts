/**
 * The baselines (engines/rsgn/baselines, written against core autodiff) as
 * {@link TrainableModel}s for the notebook's training loop: loss = mean cross-entropy of the
 * traced forward, gradient by `valueAndGrad`, dropout keyed per batch in training mode.
 *
 * @module
 */
import { constant, crossEntropy, valueAndGrad, type Var } from "@neuroplastic/core/autodiff";
import type { Key } from "@neuroplastic/core/random";
import type { FloatArray, Tensor } from "@neuroplastic/core/tensor";
import { isTensor, type Tree, treeMap } from "@neuroplastic/core/tree";
import { baselineByName, type BaselineTask } from "./baselines/mod.ts";
import type { TrainableModel } from "./trainable.ts";

/**
 * A baseline (`transformer`, `sparse-transformer`, `lstm`, `mlp`) with the notebook's config of
 * `task` as a trainable model.
 *
 * @example
 * ```ts
 * import { baselineTrainable } from "@neuroplastic/engines/rsgn";
 * console.log(baselineTrainable("mlp", "hierarchical").paramCount); // 281364
 * ```
 */
export function baselineTrainable(name: string, task: BaselineTask): TrainableModel {
  const m = baselineByName(name);
  const cfg = m.referenceConfig(task);
  const input = (X: Float32Array, B: number, T: number): Var =>
    constant({ data: X, shape: [B, T, cfg.dIn] } as Tensor);
  return {
    name,
    paramCount: m.paramCount(cfg),
    init: (k: Key) => m.init(cfg, k),
    lossAndGrad: (params, X, y, B, T, k) => {
      const f = valueAndGrad<FloatArray>((p: Tree<Var>) => {
        const logits = m.forward(p, input(X, B, T), { train: true, key: k, cfg });
        return { loss: crossEntropy(logits, y), aux: logits.value };
      });
      const r = f(params);
      const C = cfg.classes;
      let correct = 0;
      for (let b = 0; b < B; b++) {
        let am = 0;
        for (let c = 1; c < C; c++) if (r.aux[b * C + c] > r.aux[b * C + am]) am = c;
        if (am === y[b]) correct++;
      }
      return { loss: r.value, correct, grads: r.grad };
    },
    predict: (params, X, B, T) => {
      const p = treeMap(params, (t: Tensor) => constant(t), isTensor) as Tree<Var>;
      return m.forward(p, input(X, B, T), { train: false, key: { k0: 0, k1: 0 } as Key, cfg })
        .value;
    },
  };
}
