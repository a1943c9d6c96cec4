/**
 * The uniform interface every baseline exports, so the RSGN train loop can drive any of them
 * (`--model transformer|sparse-transformer|lstm|mlp`).
 *
 * @module
 */
import type { Var } from "@neuroplastic/core/autodiff";
import type { Key } from "@neuroplastic/core/random";
import type { Tensor } from "@neuroplastic/core/tensor";
import type { Tree } from "@neuroplastic/core/tree";
import type { BaselineConfig, BaselineName, BaselineTask } from "./config.ts";
import type { ParamSpec } from "./params.ts";

/** Options of a forward pass. */
export interface ForwardOptions {
  /** Training mode: dropout active (torch `model.train()`); `false` is `model.eval()`. */
  readonly train: boolean;
  /** Key for the dropout masks (ignored in eval mode or when dropout is 0). */
  readonly key: Key;
  /**
   * The config the parameters were built with. Only `heads` and `dropout` are read (the rest is
   * implied by the parameter shapes); when absent the reference values of the model are used
   * (4 heads; dropout 0.1 for `transformer`, 0 for `sparse-transformer`).
   */
  readonly cfg?: Partial<BaselineConfig>;
}

/**
 * A baseline classifier: pure `init`, a traced `forward` producing logits, and the parameter count.
 *
 * @example
 * ```ts
 * import { key } from "@neuroplastic/core/random";
 * import { constant } from "@neuroplastic/core/autodiff";
 * import { treeMap, isTensor } from "@neuroplastic/core/tree";
 * import { variable } from "@neuroplastic/core/autodiff";
 * import { baselineByName } from "./mod.ts";
 * const m = baselineByName("mlp");
 * const cfg = m.referenceConfig("readme");
 * const p = treeMap(m.init(cfg, key(0)), variable, isTensor);
 * const x = constant({ data: new Float32Array(2 * 32 * 64), shape: [2, 32, 64] });
 * console.log(m.forward(p, x, { train: false, key: key(1) }).shape); // [2, 10]
 * ```
 */
export interface Model<P extends Tree<Tensor> = Tree<Tensor>> {
  /** CLI name. */
  readonly name: BaselineName;
  /** Parameters drawn with torch-default initialisers from `key` (pure). */
  init(cfg: BaselineConfig, key: Key): P;
  /** Logits [B, C] for x [B, T, D_in]; `params` has the structure of `init`'s result. */
  forward(params: Tree<Var>, x: Var, opts: ForwardOptions): Var;
  /** Number of scalar parameters (from the spec's shapes, no allocation). */
  paramCount(cfg: BaselineConfig): number;
  /** Shapes and initialisers of the parameters. */
  spec(cfg: BaselineConfig): Tree<ParamSpec>;
  /** The notebook's config of this model on a reference task. */
  referenceConfig(task: BaselineTask, dtype?: "f32" | "f64"): BaselineConfig;
}
