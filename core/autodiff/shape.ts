/**
 * Shape ops: reshape, transpose, broadcastTo, slice, concat, stack, gather (plus expandDims and
 * squeeze). Views that move elements (transpose, broadcast, slice, gather) are "index selects":
 * y_i = x[idx_i] with a precomputed Int32 index map; their gradient scatter-adds g back through
 * the same map (which sums over broadcast copies and repeated gather indices).
 *
 * @module
 */
import { ShapeMismatch } from "../errors.ts";
import { sizeOf, stridesOf } from "../tensor/mod.ts";
import {
  addReduced,
  broadcastPlan,
  expandInto,
  normAxis,
  PLAN_IDENTITY,
  stridedIndex,
} from "./broadcast.ts";
import { allocLike, makeVar, type Var } from "./var.ts";

/** y_i = x[idx_i] with gradient g_x[idx_i] += g_i. */
function indexSelect(a: Var, idx: Int32Array, shape: readonly number[]): Var {
  const x = a.value, n = idx.length, y = allocLike(x, n);
  for (let i = 0; i < n; i++) y[i] = x[idx[i]];
  return makeVar(y, shape, [a], (g, sink) => {
    const gx = sink(0);
    if (gx !== null) { for (let i = 0; i < n; i++) gx[idx[i]] += g[i]; }
  });
}

/**
 * Same elements, new shape (row-major order kept; no copy). One dimension may be −1 (inferred).
 *
 * @example
 * ```ts
 * import { constant, reshape } from "@neuroplastic/core/autodiff";
 * import { fromNested } from "@neuroplastic/core/tensor";
 * console.log(reshape(constant(fromNested([[1, 2], [3, 4]])), [-1]).shape); // [4]
 * ```
 */
export function reshape(a: Var, shape: readonly number[]): Var {
  const n = a.value.length;
  const s = shape.slice();
  const inf = s.indexOf(-1);
  if (inf >= 0) {
    let rest = 1;
    for (let i = 0; i < s.length; i++) if (i !== inf) rest *= s[i];
    s[inf] = rest === 0 ? 0 : n / rest;
  }
  if (sizeOf(s) !== n || s.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new ShapeMismatch({
      what: `reshape to [${shape.join(", ")}]`,
      expected: s,
      actual: a.shape,
    });
  }
  return makeVar(a.value, s, [a], (g, sink) => {
    const gx = sink(0);
    if (gx !== null) { for (let i = 0; i < n; i++) gx[i] += g[i]; }
  });
}

/**
 * Insert a dimension of size 1 at `axis` (`unsqueeze`).
 *
 * @example
 * ```ts
 * import { constant, expandDims } from "@neuroplastic/core/autodiff";
 * import { zeros } from "@neuroplastic/core/tensor";
 * console.log(expandDims(constant(zeros([2, 3])), 1).shape); // [2, 1, 3]
 * ```
 */
export function expandDims(a: Var, axis: number): Var {
  const ax = normAxis(axis, a.shape.length + 1);
  const s = a.shape.slice();
  s.splice(ax, 0, 1);
  return reshape(a, s);
}

/**
 * Remove dimensions of size 1 (all of them, or the given axes).
 *
 * @example
 * ```ts
 * import { constant, squeeze } from "@neuroplastic/core/autodiff";
 * import { zeros } from "@neuroplastic/core/tensor";
 * console.log(squeeze(constant(zeros([2, 1, 3]))).shape); // [2, 3]
 * ```
 */
export function squeeze(a: Var, axes?: number | readonly number[]): Var {
  const r = a.shape.length;
  const drop = new Set<number>();
  if (axes === undefined) a.shape.forEach((d, i) => d === 1 && drop.add(i));
  else {
    for (const ax of typeof axes === "number" ? [axes] : axes) {
      const k = normAxis(ax, r);
      if (a.shape[k] !== 1) throw new RangeError(`squeeze: axis ${ax} has size ${a.shape[k]}`);
      drop.add(k);
    }
  }
  return reshape(a, a.shape.filter((_, i) => !drop.has(i)));
}

/**
 * Permute axes: `axes[i]` is the input axis that becomes output axis i. Default: swap the last
 * two axes (matrix transpose of each item of a batch).
 *
 * @example
 * ```ts
 * import { constant, transpose } from "@neuroplastic/core/autodiff";
 * import { fromNested } from "@neuroplastic/core/tensor";
 * console.log(transpose(constant(fromNested([[1, 2, 3], [4, 5, 6]]))).value); // [1, 4, 2, 5, 3, 6]
 * ```
 */
export function transpose(a: Var, axes?: readonly number[]): Var {
  const r = a.shape.length;
  let perm: number[];
  if (axes === undefined) {
    if (r < 2) return a;
    perm = Array.from({ length: r }, (_, i) => i);
    perm[r - 2] = r - 1;
    perm[r - 1] = r - 2;
  } else {
    if (axes.length !== r) {
      throw new RangeError(`transpose: ${axes.length} axes given for rank ${r}`);
    }
    perm = axes.map((x) => normAxis(x, r));
    if (new Set(perm).size !== r) throw new RangeError(`transpose: [${axes}] is not a permutation`);
  }
  const st = stridesOf(a.shape);
  const shape = perm.map((p) => a.shape[p]);
  return indexSelect(a, stridedIndex(shape, perm.map((p) => st[p])), shape);
}

/**
 * Broadcast to a larger shape (NumPy rules); the gradient sums over the broadcast copies.
 *
 * @example
 * ```ts
 * import { broadcastTo, constant } from "@neuroplastic/core/autodiff";
 * import { fromNested } from "@neuroplastic/core/tensor";
 * console.log(broadcastTo(constant(fromNested([1, 2])), [2, 2]).value); // [1, 2, 1, 2]
 * ```
 */
export function broadcastTo(a: Var, shape: readonly number[]): Var {
  const p = broadcastPlan(a.shape, shape);
  if (p.kind === PLAN_IDENTITY) return a;
  const y = expandInto(a.value, p, allocLike(a.value, p.n));
  return makeVar(y, shape.slice(), [a], (g, sink) => {
    const gx = sink(0);
    if (gx !== null) addReduced(gx, g, p);
  });
}

/**
 * The block `starts[i] ≤ index_i < ends[i]` along every axis (missing trailing axes: whole
 * axis; negative bounds count from the end; bounds are clipped to the axis).
 *
 * @example
 * ```ts
 * import { constant, slice } from "@neuroplastic/core/autodiff";
 * import { fromNested } from "@neuroplastic/core/tensor";
 * console.log(slice(constant(fromNested([[1, 2, 3], [4, 5, 6]])), [0, 1], [2, 3]).value); // [2, 3, 5, 6]
 * ```
 */
export function slice(a: Var, starts: readonly number[], ends: readonly number[]): Var {
  const r = a.shape.length;
  if (starts.length > r || ends.length > r) {
    throw new RangeError(`slice: more bounds than axes (rank ${r})`);
  }
  const st = stridesOf(a.shape);
  const shape: number[] = [];
  let base = 0;
  for (let i = 0; i < r; i++) {
    const d = a.shape[i];
    const fix = (v: number) => Math.min(Math.max(v < 0 ? v + d : v, 0), d);
    const s = fix(starts[i] ?? 0), e = fix(ends[i] ?? d);
    shape.push(Math.max(e - s, 0));
    base += s * st[i];
  }
  return indexSelect(a, stridedIndex(shape, st, base), shape);
}

/**
 * Join tensors along an existing axis (all other dimensions must agree). dtype of the first.
 *
 * @example
 * ```ts
 * import { concat, constant } from "@neuroplastic/core/autodiff";
 * import { fromNested } from "@neuroplastic/core/tensor";
 * const a = constant(fromNested([[1], [2]])), b = constant(fromNested([[3, 4], [5, 6]]));
 * console.log(concat([a, b], 1).value); // [1, 3, 4, 2, 5, 6]
 * ```
 */
export function concat(vs: readonly Var[], axis: number): Var {
  if (vs.length === 0) throw new RangeError("concat: no inputs");
  const r = vs[0].shape.length;
  const ax = normAxis(axis, r);
  const shape = vs[0].shape.slice();
  shape[ax] = 0;
  for (const v of vs) {
    const ok = v.shape.length === r && v.shape.every((d, i) => i === ax || d === vs[0].shape[i]);
    if (!ok) {
      throw new ShapeMismatch({
        what: `concat along axis ${axis}`,
        expected: vs[0].shape,
        actual: v.shape,
      });
    }
    shape[ax] += v.shape[ax];
  }
  let outer = 1, inner = 1;
  for (let i = 0; i < ax; i++) outer *= shape[i];
  for (let i = ax + 1; i < r; i++) inner *= shape[i];
  const rowLen = shape[ax] * inner;
  const y = allocLike(vs[0].value, outer * rowLen);
  const offs: number[] = [];
  let off = 0;
  for (const v of vs) {
    offs.push(off);
    const w = v.shape[ax] * inner, x = v.value;
    for (let o = 0; o < outer; o++) {
      y.set(x.subarray(o * w, (o + 1) * w), o * rowLen + off);
    }
    off += w;
  }
  return makeVar(y, shape, vs, (g, sink) => {
    for (let k = 0; k < vs.length; k++) {
      const gx = sink(k);
      if (gx === null) continue;
      const w = vs[k].shape[ax] * inner, base = offs[k];
      for (let o = 0; o < outer; o++) {
        const src = o * rowLen + base, dst = o * w;
        for (let j = 0; j < w; j++) gx[dst + j] += g[src + j];
      }
    }
  });
}

/**
 * Stack same-shaped tensors along a new axis.
 *
 * @example
 * ```ts
 * import { constant, stack } from "@neuroplastic/core/autodiff";
 * import { fromNested } from "@neuroplastic/core/tensor";
 * console.log(stack([constant(fromNested([1, 2])), constant(fromNested([3, 4]))], 0).shape); // [2, 2]
 * ```
 */
export function stack(vs: readonly Var[], axis: number): Var {
  if (vs.length === 0) throw new RangeError("stack: no inputs");
  return concat(vs.map((v) => expandDims(v, axis)), axis);
}

/**
 * Take entries along `axis` (`np.take`; along axis 0 of an embedding table, a lookup). The
 * result replaces that axis by `indices.length`; the gradient scatter-adds (repeated indices
 * accumulate).
 *
 * @example
 * ```ts
 * import { constant, gather } from "@neuroplastic/core/autodiff";
 * import { fromNested } from "@neuroplastic/core/tensor";
 * const E = constant(fromNested([[1, 2], [3, 4], [5, 6]]));
 * console.log(gather(E, [2, 0, 2], 0).value); // [5, 6, 1, 2, 5, 6]
 * ```
 */
export function gather(a: Var, indices: Int32Array | readonly number[], axis: number): Var {
  const r = a.shape.length;
  const ax = normAxis(axis, r);
  const d = a.shape[ax], m = indices.length;
  let outer = 1, inner = 1;
  for (let i = 0; i < ax; i++) outer *= a.shape[i];
  for (let i = ax + 1; i < r; i++) inner *= a.shape[i];
  const idx = new Int32Array(outer * m * inner);
  let p = 0;
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < m; j++) {
      let t = indices[j];
      if (t < 0) t += d;
      if (!Number.isInteger(t) || t < 0 || t >= d) {
        throw new RangeError(`gather: index ${indices[j]} out of range for axis of size ${d}`);
      }
      const base = (o * d + t) * inner;
      for (let i = 0; i < inner; i++) idx[p++] = base + i;
    }
  }
  const shape = a.shape.slice();
  shape[ax] = m;
  return indexSelect(a, idx, shape);
}
