/**
 * The `Var` node of reverse-mode automatic differentiation and the backward pass.
 *
 * There is no global tape: every `Var` holds its value, its parents and a backward closure, so
 * a computation is a DAG that can be walked from its output. Nodes that depend on no
 * differentiable input are plain constants (no parents, no closure), so constant sub-graphs
 * cost nothing in the backward pass. Values are never mutated once a `Var` is built.
 *
 * @module
 */
import { type FloatArray, type Tensor, tensor } from "../tensor/mod.ts";

/**
 * Where a backward closure accumulates the cotangent of its parent `i`: a zero-initialised buffer
 * (same length and dtype as the parent's value) to add into, or `null` when that parent needs no
 * gradient.
 */
export type GradSink = (i: number) => FloatArray | null;

/**
 * Backward closure of a node: given the cotangent `g` of the node's value (same length), add the
 * vector–Jacobian products into the parents' buffers obtained from `sink`.
 */
export type Backward = (g: FloatArray, sink: GradSink) => void;

/** A node of the autodiff graph: a value with its shape, and how to pull cotangents back. */
export interface Var {
  /** The value, row-major (never mutated). */
  readonly value: FloatArray;
  /** The shape (`[]` for a scalar). */
  readonly shape: readonly number[];
  /** Internal: the inputs this node was computed from. */
  readonly parents: readonly Var[];
  /** Internal: the vector–Jacobian product, or `null` for leaves and constants. */
  readonly backward: Backward | null;
  /** Whether a gradient flows to this node (a parameter or something computed from one). */
  readonly requiresGrad: boolean;
}

/** An op input: a `Var`, or a number (a constant scalar broadcast to the other operand). */
export type In = Var | number;

/**
 * Whether `v` is a {@link Var}.
 *
 * @example
 * ```ts
 * import { constant, isVar } from "@neuroplastic/core/autodiff";
 * console.log(isVar(constant(1)), isVar(1)); // true false
 * ```
 */
export const isVar = (v: unknown): v is Var =>
  typeof v === "object" && v !== null && "value" in v && "parents" in v && "requiresGrad" in v;

/**
 * Allocate a zero-filled array of the same dtype as `like`.
 *
 * @example
 * ```ts
 * import { allocLike } from "@neuroplastic/core/autodiff";
 * console.log(allocLike(new Float32Array(1), 3)); // Float32Array(3) [0, 0, 0]
 * ```
 */
export function allocLike(like: FloatArray, n: number): FloatArray {
  return like instanceof Float32Array ? new Float32Array(n) : new Float64Array(n);
}

/**
 * Build a node. If no parent requires a gradient the result is a constant (parents and closure
 * dropped), so graphs of constants are never traversed.
 *
 * @example
 * ```ts
 * import { makeVar, variable } from "@neuroplastic/core/autodiff";
 * const x = variable({ data: new Float64Array([2]), shape: [] });
 * // y = 3x, dy/dx = 3
 * const y = makeVar(new Float64Array([6]), [], [x], (g, sink) => {
 *   const gx = sink(0);
 *   if (gx) gx[0] += 3 * g[0];
 * });
 * console.log(y.requiresGrad); // true
 * ```
 */
export function makeVar(
  value: FloatArray,
  shape: readonly number[],
  parents: readonly Var[],
  backward: Backward,
): Var {
  let req = false;
  for (let i = 0; i < parents.length; i++) if (parents[i].requiresGrad) req = true;
  if (!req) return { value, shape, parents: [], backward: null, requiresGrad: false };
  return { value, shape, parents, backward, requiresGrad: true };
}

/**
 * A differentiable leaf (a parameter) wrapping a tensor (no copy).
 *
 * @example
 * ```ts
 * import { variable } from "@neuroplastic/core/autodiff";
 * const w = variable({ data: new Float64Array([1, 2]), shape: [2] });
 * console.log(w.requiresGrad); // true
 * ```
 */
export function variable(t: Tensor): Var {
  return { value: t.data, shape: t.shape.slice(), parents: [], backward: null, requiresGrad: true };
}

/**
 * A constant (no gradient) from a tensor or a number; a number gives a 0-d f64 value unless
 * `like` is given, in which case it takes `like`'s dtype.
 *
 * @example
 * ```ts
 * import { constant } from "@neuroplastic/core/autodiff";
 * const c = constant(2);
 * console.log(c.shape, c.value[0]); // [] 2
 * ```
 */
export function constant(t: Tensor | number, like?: FloatArray): Var {
  if (typeof t === "number") {
    const v = like instanceof Float32Array ? new Float32Array(1) : new Float64Array(1);
    v[0] = t;
    return { value: v, shape: [], parents: [], backward: null, requiresGrad: false };
  }
  return {
    value: t.data,
    shape: t.shape.slice(),
    parents: [],
    backward: null,
    requiresGrad: false,
  };
}

/**
 * The same value with no gradient flowing back (`torch.detach`, `jax.lax.stop_gradient`).
 *
 * @example
 * ```ts
 * import { stopGradient, variable } from "@neuroplastic/core/autodiff";
 * console.log(stopGradient(variable({ data: new Float64Array(1), shape: [] })).requiresGrad); // false
 * ```
 */
export function stopGradient(v: Var): Var {
  return { value: v.value, shape: v.shape, parents: [], backward: null, requiresGrad: false };
}

/**
 * The value of a one-element `Var` as a number.
 *
 * @example
 * ```ts
 * import { constant, scalar } from "@neuroplastic/core/autodiff";
 * console.log(scalar(constant(3))); // 3
 * ```
 */
export function scalar(v: Var): number {
  if (v.value.length !== 1) {
    throw new RangeError(`scalar: expected one element, got shape [${v.shape.join(", ")}]`);
  }
  return v.value[0];
}

/**
 * The value of a `Var` as a tensor (shares the array; treat it as read-only).
 *
 * @example
 * ```ts
 * import { constant, toTensor } from "@neuroplastic/core/autodiff";
 * console.log(toTensor(constant(3)).shape); // []
 * ```
 */
export function toTensor(v: Var): Tensor {
  return tensor(v.value, v.shape);
}

/** Nodes reachable from `out` through nodes that require a gradient, parents before children. */
function topoOrder(out: Var): Var[] {
  const order: Var[] = [];
  if (!out.requiresGrad) return order;
  const seen = new Set<Var>([out]);
  // Iterative post-order DFS (graphs can be deep: long unrolled recurrences).
  const stack: Var[] = [out];
  const next: number[] = [0];
  while (stack.length > 0) {
    const top = stack.length - 1;
    const node = stack[top];
    const i = next[top];
    if (i < node.parents.length) {
      next[top] = i + 1;
      const p = node.parents[i];
      if (p.requiresGrad && !seen.has(p)) {
        seen.add(p);
        stack.push(p);
        next.push(0);
      }
    } else {
      order.push(node);
      stack.pop();
      next.pop();
    }
  }
  return order;
}

/**
 * Reverse-mode sweep: the gradients of `out` (seeded with `seed`, default all ones, i.e. the
 * gradient of the sum of `out`) with respect to each of `wrt`. A `Var` of `wrt` that `out` does
 * not depend on gets zeros. Each result has the dtype and length of that `Var`'s value.
 *
 * @example
 * ```ts
 * import { backward, mul, sum, variable } from "@neuroplastic/core/autodiff";
 * const x = variable({ data: new Float64Array([1, 2]), shape: [2] });
 * const [gx] = backward(sum(mul(x, x)), [x]);
 * console.log(gx); // Float64Array [2, 4]
 * ```
 */
export function backward(out: Var, wrt: readonly Var[], seed?: ArrayLike<number>): FloatArray[] {
  const grads = new Map<Var, FloatArray>();
  const keep = new Set<Var>(wrt);
  const order = topoOrder(out);
  if (order.length > 0) {
    const g0 = allocLike(out.value, out.value.length);
    if (seed === undefined) g0.fill(1);
    else {
      if (seed.length !== g0.length) {
        throw new RangeError(`backward: seed has ${seed.length} values, output has ${g0.length}`);
      }
      for (let i = 0; i < g0.length; i++) g0[i] = seed[i];
    }
    grads.set(out, g0);
  }
  for (let k = order.length - 1; k >= 0; k--) {
    const node = order[k];
    const g = grads.get(node);
    if (g === undefined || node.backward === null) continue;
    const parents = node.parents;
    node.backward(g, (i) => {
      const p = parents[i];
      if (!p.requiresGrad) return null;
      let b = grads.get(p);
      if (b === undefined) {
        b = allocLike(p.value, p.value.length);
        grads.set(p, b);
      }
      return b;
    });
    // Free intermediate cotangents as soon as they are consumed.
    if (!keep.has(node)) grads.delete(node);
  }
  return wrt.map((v) => grads.get(v) ?? allocLike(v.value, v.value.length));
}
