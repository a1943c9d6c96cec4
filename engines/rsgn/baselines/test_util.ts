/**
 * Test helpers for the baselines: tiny configs, seeded inputs, and parameter trees as `Var`s.
 *
 * @module
 */
import { constant, type Var, variable } from "@neuroplastic/core/autodiff";
import { key, normal } from "@neuroplastic/core/random";
import type { Tensor } from "@neuroplastic/core/tensor";
import { isTensor, type Tree, treeMap } from "@neuroplastic/core/tree";
import type { BaselineConfig, BaselineName } from "./config.ts";

/**
 * A tiny f64 config (D_in 3, T 6, C 4, d 8, 2 heads, ff 12, 2 layers) for oracle and gradient tests.
 *
 * @example
 * ```ts
 * import { tinyConfig } from "./test_util.ts";
 * console.log(tinyConfig("transformer").hidden); // 8
 * ```
 */
export const tinyConfig = (name: BaselineName, dtype: "f32" | "f64" = "f64"): BaselineConfig => ({
  dIn: 3,
  seqLen: 6,
  classes: 4,
  hidden: 8,
  heads: 2,
  layers: 2,
  ff: 12,
  dropout: name === "transformer" ? 0.1 : 0,
  dtype,
  cloneLayers: false,
});

/**
 * Seeded N(0, 1) input tensor [B, T, D] of `dtype`.
 *
 * @example
 * ```ts
 * import { randomInput } from "./test_util.ts";
 * console.log(randomInput(2, 3, 4, 0, "f64").shape); // [2, 3, 4]
 * ```
 */
export const randomInput = (
  B: number,
  T: number,
  D: number,
  seed: number,
  dtype: "f32" | "f64",
): Tensor => {
  const v = normal(key(seed), B * T * D);
  return { data: dtype === "f32" ? Float32Array.from(v) : v, shape: [B, T, D] };
};

/**
 * Wraps every tensor of a parameter tree as a differentiable leaf.
 *
 * @example
 * ```ts
 * import { asVars } from "./test_util.ts";
 * console.log(asVars({ w: { data: new Float64Array(1), shape: [1] } }));
 * ```
 */
export const asVars = (p: Tree<Tensor>): Tree<Var> => treeMap(p, (t) => variable(t), isTensor);

/**
 * Input tensor as a constant `Var`.
 *
 * @example
 * ```ts
 * import { asInput } from "./test_util.ts";
 * console.log(asInput({ data: new Float64Array(2), shape: [1, 1, 2] }).shape); // [1, 1, 2]
 * ```
 */
export const asInput = (t: Tensor): Var => constant(t);

/**
 * Rows b0..b1 of a [B, ...] tensor.
 *
 * @example
 * ```ts
 * import { batchRows } from "./test_util.ts";
 * console.log(batchRows({ data: new Float64Array(6), shape: [3, 2] }, 1, 2).shape); // [1, 2]
 * ```
 */
export const batchRows = (t: Tensor, b0: number, b1: number): Tensor => {
  const per = t.data.length / t.shape[0];
  return { data: t.data.slice(b0 * per, b1 * per), shape: [b1 - b0, ...t.shape.slice(1)] };
};
