/**
 * The RSGN notebook's MLP baseline (MLPClassifier, `RSGN-colab.ipynb` cell 5; spec `rsgn.md` §5):
 * flatten(T·D_in) → Linear → ReLU → Linear → ReLU → Linear(→ C).
 *
 * @module
 */
import { linear, relu, reshape, type Var } from "@neuroplastic/core/autodiff";
import { ShapeMismatch } from "@neuroplastic/core/errors";
import type { Key } from "@neuroplastic/core/random";
import type { Tensor } from "@neuroplastic/core/tensor";
import type { Tree } from "@neuroplastic/core/tree";
import { type BaselineTask, referenceBaselineConfig } from "./config.ts";
import type { ForwardOptions, Model } from "./model.ts";
import { initParams, type ParamSpec, specCount } from "./params.ts";
import { type MlpP, mlpSpec } from "./specs.ts";

const forward = (p: MlpP<Var>, x: Var): Var => {
  const [B, T, D] = x.shape;
  const fanIn = p.fc1.w.shape[1];
  if (T * D !== fanIn) {
    throw new ShapeMismatch({ what: "mlp input T·D_in", expected: [fanIn], actual: [T * D] });
  }
  // nn.Flatten: [B, T, D] → [B, T·D] (row-major, t-major)
  const h1 = relu(linear(reshape(x, [B, T * D]), p.fc1.w, p.fc1.b));
  const h2 = relu(linear(h1, p.fc2.w, p.fc2.b));
  return linear(h2, p.fc3.w, p.fc3.b);
};

/**
 * The MLP baseline.
 *
 * @example
 * ```ts
 * import { mlp } from "./mlp.ts";
 * console.log(mlp.paramCount(mlp.referenceConfig("hierarchical"))); // 281364
 * ```
 */
export const mlp: Model<MlpP<Tensor>> = {
  name: "mlp",
  init: (cfg, key: Key) => initParams(mlpSpec(cfg), key, cfg.dtype) as MlpP<Tensor>,
  forward: (params: Tree<Var>, x: Var, _opts: ForwardOptions): Var =>
    forward(params as MlpP<Var>, x),
  paramCount: (cfg) => specCount(mlpSpec(cfg)),
  spec: (cfg): Tree<ParamSpec> => mlpSpec(cfg),
  referenceConfig: (task: BaselineTask, dtype?: "f32" | "f64") =>
    referenceBaselineConfig("mlp", task, dtype),
};
