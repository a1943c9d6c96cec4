/**
 * Reductions along axes: sum, mean, max, min. `axis` is a number, an array of axes, or omitted
 * (all axes); `keepDims` keeps reduced axes as size 1. max/min route the whole gradient to the
 * first arg-extremum in row-major order (ties: the lowest flat index wins), like `torch.max(dim)`.
 *
 * @module
 */
import {
  addExpanded,
  addReduced,
  type BroadcastPlan,
  broadcastPlan,
  normAxis,
  PLAN_IDENTITY,
  PLAN_INDEX,
  PLAN_TILE,
} from "./broadcast.ts";
import { allocLike, makeVar, type Var } from "./var.ts";

/** How a reduction maps input elements to outputs. */
export interface ReducePlan {
  /** Output shape. */
  readonly shape: number[];
  /** Number of outputs. */
  readonly size: number;
  /** Number of inputs reduced into each output. */
  readonly count: number;
  /**
   * The reduction is the adjoint of broadcasting the output (with kept axes) back to the input
   * shape: this is that broadcast's plan (tile = leading axes reduced, repeat = trailing axes).
   */
  readonly plan: BroadcastPlan;
}

/**
 * Plan a reduction of a tensor of shape `shape` over `axis` (all axes when undefined).
 *
 * @example
 * ```ts
 * import { reducePlan } from "@neuroplastic/core/autodiff";
 * const p = reducePlan([2, 3], 1, false);
 * console.log(p.shape, p.count, p.plan.kind); // [2] 3 2 (repeat: trailing axis reduced)
 * ```
 */
export function reducePlan(
  shape: readonly number[],
  axis: number | readonly number[] | undefined,
  keepDims: boolean,
): ReducePlan {
  const r = shape.length;
  const red = new Array<boolean>(r).fill(axis === undefined);
  if (axis !== undefined) {
    for (const a of typeof axis === "number" ? [axis] : axis) red[normAxis(a, r)] = true;
  }
  const outFull = shape.map((d, i) => (red[i] ? 1 : d));
  const outShape = keepDims ? outFull : shape.filter((_, i) => !red[i]);
  let size = 1, total = 1;
  for (const d of outFull) size *= d;
  for (const d of shape) total *= d;
  const count = size === 0 ? 0 : total / size;
  return { shape: outShape, size, count, plan: broadcastPlan(outFull, shape) };
}

/** Output index of every input element of a reduction. */
function outIndex(p: BroadcastPlan): Int32Array {
  const map = new Int32Array(p.n);
  if (p.kind === PLAN_INDEX) return p.idx as Int32Array;
  for (let i = 0; i < p.n; i++) {
    map[i] = p.kind === PLAN_IDENTITY ? i : p.kind === PLAN_TILE ? i % p.M : Math.floor(i / p.M);
  }
  return map;
}

function sumWith(a: Var, p: ReducePlan, scale: number): Var {
  const x = a.value;
  // Accumulate in doubles even for f32 values.
  const acc = new Float64Array(p.size);
  addReduced(acc, x, p.plan);
  const y = allocLike(x, p.size);
  for (let j = 0; j < p.size; j++) y[j] = acc[j] * scale;
  return makeVar(y, p.shape, [a], (g, sink) => {
    const gx = sink(0);
    if (gx !== null) addExpanded(gx, g, p.plan, scale);
  });
}

/**
 * Σ over the given axes (all by default).
 *
 * @example
 * ```ts
 * import { constant, sum } from "@neuroplastic/core/autodiff";
 * import { fromNested } from "@neuroplastic/core/tensor";
 * const x = constant(fromNested([[1, 2], [3, 4]]));
 * console.log(sum(x).value[0], sum(x, 0).value); // 10 Float64Array [4, 6]
 * ```
 */
export function sum(a: Var, axis?: number | readonly number[], keepDims = false): Var {
  return sumWith(a, reducePlan(a.shape, axis, keepDims), 1);
}

/**
 * Arithmetic mean over the given axes (all by default).
 *
 * @example
 * ```ts
 * import { constant, mean } from "@neuroplastic/core/autodiff";
 * import { fromNested } from "@neuroplastic/core/tensor";
 * console.log(mean(constant(fromNested([[1, 2], [3, 4]])), 1).value); // Float64Array [1.5, 3.5]
 * ```
 */
export function mean(a: Var, axis?: number | readonly number[], keepDims = false): Var {
  const p = reducePlan(a.shape, axis, keepDims);
  return sumWith(a, p, 1 / p.count);
}

function extremum(a: Var, p: ReducePlan, isMax: boolean): Var {
  const x = a.value, n = x.length, map = outIndex(p.plan);
  if (p.count === 0) throw new RangeError(`${isMax ? "max" : "min"}: empty reduction`);
  const arg = new Int32Array(p.size).fill(-1);
  const y = allocLike(x, p.size);
  for (let i = 0; i < n; i++) {
    const j = map[i];
    const v = x[i], k = arg[j];
    // Strict comparison: the first extremum wins; NaN propagates (a NaN is kept once seen).
    if (k < 0 || (y[j] === y[j] && (v !== v || (isMax ? v > y[j] : v < y[j])))) {
      arg[j] = i;
      y[j] = v;
    }
  }
  return makeVar(y, p.shape, [a], (g, sink) => {
    const gx = sink(0);
    if (gx !== null) { for (let j = 0; j < p.size; j++) gx[arg[j]] += g[j]; }
  });
}

/**
 * Maximum over the given axes; the gradient goes to the first arg-max only.
 *
 * @example
 * ```ts
 * import { constant, max } from "@neuroplastic/core/autodiff";
 * import { fromNested } from "@neuroplastic/core/tensor";
 * console.log(max(constant(fromNested([[1, 5], [7, 2]])), 1).value); // Float64Array [5, 7]
 * ```
 */
export function max(a: Var, axis?: number | readonly number[], keepDims = false): Var {
  return extremum(a, reducePlan(a.shape, axis, keepDims), true);
}

/**
 * Minimum over the given axes; the gradient goes to the first arg-min only.
 *
 * @example
 * ```ts
 * import { constant, min } from "@neuroplastic/core/autodiff";
 * import { fromNested } from "@neuroplastic/core/tensor";
 * console.log(min(constant(fromNested([[1, 5], [7, 2]])), 0).value); // Float64Array [1, 2]
 * ```
 */
export function min(a: Var, axis?: number | readonly number[], keepDims = false): Var {
  return extremum(a, reducePlan(a.shape, axis, keepDims), false);
}
