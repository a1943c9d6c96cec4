/**
 * Parameter specifications (shape + torch-default initialiser) for the baselines. A model's spec
 * tree is the single source of its parameter shapes: `initParams` materialises it with
 * `@neuroplastic/core/random` keys and `specCount` counts it without allocating.
 *
 * Initialisers follow PyTorch's defaults in distribution (torch 1.13/2.x), not bit for bit (the
 * generators differ):
 * - `nn.Linear`: W ~ U(±1/√fan_in) (kaiming_uniform with a = √5), b ~ U(±1/√fan_in);
 * - `nn.MultiheadAttention`: in_proj_weight xavier_uniform, U(±√(6/(fan_in+fan_out))); in_proj_bias
 *   and out_proj.bias 0; out_proj.weight as Linear;
 * - `nn.LayerNorm`: γ = 1, β = 0;
 * - `nn.LSTM`: every weight and bias ~ U(±1/√hidden).
 *
 * @module
 */
import type { Tensor } from "@neuroplastic/core/tensor";
import { fold, type Key, uniform } from "@neuroplastic/core/random";
import { isTensor, type Tree, treeLeaves, treeMap } from "@neuroplastic/core/tree";

/** How a parameter is initialised. */
export type ParamInit =
  | { readonly kind: "uniform"; readonly bound: number }
  | { readonly kind: "const"; readonly value: number };

/** One parameter: its shape and its initialiser. */
export interface ParamSpec {
  /** Shape of the parameter tensor. */
  readonly shape: readonly number[];
  /** How its values are drawn by `initParams`. */
  readonly init: ParamInit;
}

/**
 * Whether `v` is a {@link ParamSpec} leaf.
 *
 * @example
 * ```ts
 * import { isParamSpec } from "./params.ts";
 * console.log(isParamSpec({ shape: [2], init: { kind: "const", value: 0 } })); // true
 * ```
 */
export const isParamSpec = (v: unknown): v is ParamSpec =>
  typeof v === "object" && v !== null && !Array.isArray(v) &&
  Array.isArray((v as ParamSpec).shape) && typeof (v as ParamSpec).init === "object";

/**
 * U(−bound, bound) parameter.
 *
 * @example
 * ```ts
 * import { uniformSpec } from "./params.ts";
 * console.log(uniformSpec([3, 2], 0.5).init); // { kind: "uniform", bound: 0.5 }
 * ```
 */
export const uniformSpec = (shape: readonly number[], bound: number): ParamSpec => ({
  shape,
  init: { kind: "uniform", bound },
});

/**
 * Constant-filled parameter (LayerNorm γ = 1, β = 0, attention biases 0).
 *
 * @example
 * ```ts
 * import { constSpec } from "./params.ts";
 * console.log(constSpec([4], 1).shape); // [4]
 * ```
 */
export const constSpec = (shape: readonly number[], value: number): ParamSpec => ({
  shape,
  init: { kind: "const", value },
});

/** Spec of an `nn.Linear(in, out)`: weight [out, in] and bias [out]. */
export type LinearSpec = { readonly w: ParamSpec; readonly b: ParamSpec };

/**
 * `nn.Linear(fanIn, fanOut)` with torch's default init: W, b ~ U(±1/√fan_in)
 * (kaiming_uniform_(a=√5): bound = √(2/(1+a²))·√(3/fan_in) = 1/√fan_in; torch/nn/modules/linear.py).
 *
 * @example
 * ```ts
 * import { linearSpec } from "./params.ts";
 * console.log(linearSpec(32, 128).w.shape); // [128, 32]
 * ```
 */
export const linearSpec = (fanIn: number, fanOut: number): LinearSpec => {
  // bound = 1/√fan_in (torch nn.Linear.reset_parameters)
  const bound = 1 / Math.sqrt(fanIn);
  return { w: uniformSpec([fanOut, fanIn], bound), b: uniformSpec([fanOut], bound) };
};

/**
 * Number of scalars in a spec tree (the model's `count_parameters`).
 *
 * @example
 * ```ts
 * import { linearSpec, specCount } from "./params.ts";
 * console.log(specCount(linearSpec(128, 20))); // 2580
 * ```
 */
export const specCount = (spec: Tree<ParamSpec>): number => {
  let n = 0;
  for (const s of treeLeaves(spec, isParamSpec)) {
    let m = 1;
    for (const d of s.shape) m *= d;
    n += m;
  }
  return n;
};

/**
 * Materialises a spec tree into tensors of `dtype`. Leaf i (in tree order) draws from
 * `fold(key, i)`, so the result depends only on (spec, key, dtype).
 *
 * @example
 * ```ts
 * import { key } from "@neuroplastic/core/random";
 * import { initParams, linearSpec } from "./params.ts";
 * const p = initParams(linearSpec(4, 2), key(0), "f64") as unknown as { w: { shape: number[] } };
 * console.log(p.w.shape); // [2, 4]
 * ```
 */
export const initParams = (
  spec: Tree<ParamSpec>,
  k: Key,
  dtype: "f32" | "f64",
): Tree<Tensor> => {
  let i = 0;
  return treeMap<ParamSpec, Tensor>(spec, (s) => {
    const leafKey = fold(k, i++);
    let n = 1;
    for (const d of s.shape) n *= d;
    const data = dtype === "f32" ? new Float32Array(n) : new Float64Array(n);
    if (s.init.kind === "const") data.fill(s.init.value);
    else if (n > 0) {
      // U(−bound, bound)
      const u = uniform(leafKey, n, -s.init.bound, s.init.bound);
      data.set(u);
    }
    return { data, shape: s.shape.slice() };
  }, isParamSpec);
};

/**
 * Deep copy of a tensor tree (fresh arrays, same shapes).
 *
 * @example
 * ```ts
 * import { cloneTensors } from "./params.ts";
 * const t = cloneTensors({ w: { data: new Float64Array([1]), shape: [1] } });
 * console.log(t);
 * ```
 */
export const cloneTensors = (t: Tree<Tensor>): Tree<Tensor> =>
  treeMap<Tensor, Tensor>(
    t,
    (l) => ({ data: l.data.slice(), shape: l.shape.slice() }),
    isTensor,
  );
