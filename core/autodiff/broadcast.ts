/**
 * Shape utilities shared by the autodiff ops: NumPy broadcasting, axis normalisation and
 * strided index maps (the flat source index of every element of a strided view).
 *
 * @module
 */
import { ShapeMismatch } from "../errors.ts";
import { sizeOf, stridesOf } from "../tensor/mod.ts";

/**
 * NumPy broadcast of two or more shapes (align right; each pair of dimensions equal or one of
 * them 1). Throws `ShapeMismatch` when incompatible.
 *
 * @example
 * ```ts
 * import { broadcastShapes } from "@neuroplastic/core/autodiff";
 * console.log(broadcastShapes([4, 1, 3], [5, 1])); // [4, 5, 3]
 * ```
 */
export function broadcastShapes(...shapes: (readonly number[])[]): number[] {
  let r = 0;
  for (const s of shapes) if (s.length > r) r = s.length;
  const out = new Array<number>(r).fill(1);
  for (const s of shapes) {
    const off = r - s.length;
    for (let i = 0; i < s.length; i++) {
      const d = s[i], o = out[off + i];
      if (d === o || d === 1) continue;
      if (o === 1) out[off + i] = d;
      else {
        throw new ShapeMismatch({
          what: `broadcast of shapes ${shapes.map((x) => `[${x.join(", ")}]`).join(" and ")}`,
          expected: out,
          actual: s,
        });
      }
    }
  }
  return out;
}

/**
 * Whether two shapes are identical.
 *
 * @example
 * ```ts
 * import { sameShape } from "@neuroplastic/core/autodiff";
 * console.log(sameShape([2, 3], [2, 3]), sameShape([2], [2, 1])); // true false
 * ```
 */
export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Normalise an axis (negative counts from the end) for a tensor of rank `rank`.
 *
 * @example
 * ```ts
 * import { normAxis } from "@neuroplastic/core/autodiff";
 * console.log(normAxis(-1, 3)); // 2
 * ```
 */
export function normAxis(axis: number, rank: number): number {
  const a = axis < 0 ? axis + rank : axis;
  if (!Number.isInteger(a) || a < 0 || a >= rank) {
    throw new RangeError(`axis ${axis} is out of range for rank ${rank}`);
  }
  return a;
}

/**
 * Flat source offsets of a strided view: element `i` (row-major over `shape`) of the view reads
 * `base + Σ_k idx_k · strides[k]`. One odometer pass, inner dimension unrolled.
 *
 * @example
 * ```ts
 * import { stridedIndex } from "@neuroplastic/core/autodiff";
 * // transpose of a 2×3 matrix: view shape [3, 2], strides [1, 3]
 * console.log(stridedIndex([3, 2], [1, 3])); // Int32Array [0, 3, 1, 4, 2, 5]
 * ```
 */
export function stridedIndex(
  shape: readonly number[],
  strides: readonly number[],
  base = 0,
): Int32Array {
  const n = sizeOf(shape);
  const out = new Int32Array(n);
  const r = shape.length;
  if (n === 0) return out;
  if (r === 0) {
    out[0] = base;
    return out;
  }
  const inner = shape[r - 1], sIn = strides[r - 1];
  const ctr = new Array<number>(r).fill(0);
  let off = base;
  for (let i = 0; i < n; i += inner) {
    for (let j = 0; j < inner; j++) out[i + j] = off + j * sIn;
    // advance the outer dimensions
    for (let k = r - 2; k >= 0; k--) {
      ctr[k]++;
      off += strides[k];
      if (ctr[k] < shape[k]) break;
      off -= ctr[k] * strides[k];
      ctr[k] = 0;
    }
  }
  return out;
}

/**
 * For broadcasting `from` to `to`: the flat index into `from` of every element of `to`, or
 * `null` when the shapes are equal (identity). Throws `ShapeMismatch` when `from` does not
 * broadcast to `to`.
 *
 * @example
 * ```ts
 * import { broadcastIndex } from "@neuroplastic/core/autodiff";
 * console.log(broadcastIndex([3], [2, 3])); // Int32Array [0, 1, 2, 0, 1, 2]
 * ```
 */
export function broadcastIndex(from: readonly number[], to: readonly number[]): Int32Array | null {
  if (sameShape(from, to)) return null;
  const r = to.length, off = r - from.length;
  if (off < 0) {
    throw new ShapeMismatch({ what: "broadcastTo (rank too large)", expected: to, actual: from });
  }
  const fs = stridesOf(from);
  const st = new Array<number>(r).fill(0);
  for (let i = 0; i < from.length; i++) {
    if (from[i] === to[off + i]) st[off + i] = from[i] === 1 ? 0 : fs[i];
    else if (from[i] !== 1) {
      throw new ShapeMismatch({ what: "broadcastTo", expected: to, actual: from });
    }
  }
  return stridedIndex(to, st);
}

/**
 * `[0, 1, …, n−1]` as an Int32Array.
 *
 * @example
 * ```ts
 * import { iota } from "@neuroplastic/core/autodiff";
 * console.log(iota(3)); // Int32Array [0, 1, 2]
 * ```
 */
export function iota(n: number): Int32Array {
  const o = new Int32Array(n);
  for (let i = 0; i < n; i++) o[i] = i;
  return o;
}

/** Broadcast relation kinds of {@link BroadcastPlan}. */
export const PLAN_IDENTITY = 0, PLAN_TILE = 1, PLAN_REPEAT = 2, PLAN_INDEX = 3;

/**
 * How the elements of a tensor of shape `from` map onto its broadcast to shape `to`, with the
 * element i of `to` reading `from` at:
 * - identity (`kind` 0): i (same shape);
 * - tile (1): i mod M — `from` is the trailing block of `to` (a bias row, a scalar with M = 1);
 * - repeat (2): ⌊i / M⌋ — `from` is the leading block of `to` followed by size-1 axes (one value
 *   per row, e.g. a `keepDims` reduction);
 * - index (3): `idx[i]` (any other broadcast).
 * The same plan describes the adjoint: summing `to` back onto `from` (reductions, gradients).
 */
export interface BroadcastPlan {
  /** 0 same shape, 1 tile, 2 repeat, 3 index (see above). */
  readonly kind: number;
  /** Block length (see `kind`). */
  readonly M: number;
  /** Elements of `to`. */
  readonly n: number;
  /** Source index per element for `kind` 3, else `null`. */
  readonly idx: Int32Array | null;
}

/**
 * Plan the broadcast of `from` to `to` (throws `ShapeMismatch` if impossible).
 *
 * @example
 * ```ts
 * import { broadcastPlan } from "@neuroplastic/core/autodiff";
 * console.log(broadcastPlan([3], [2, 3]).kind, broadcastPlan([2, 1], [2, 3]).kind); // 1 2
 * ```
 */
export function broadcastPlan(from: readonly number[], to: readonly number[]): BroadcastPlan {
  const n = sizeOf(to);
  if (sameShape(from, to)) return { kind: PLAN_IDENTITY, M: n, n, idx: null };
  const r = to.length, off = r - from.length;
  if (off < 0) {
    throw new ShapeMismatch({ what: "broadcastTo (rank too large)", expected: to, actual: from });
  }
  const f = (i: number): number => (i < off ? 1 : from[i - off]);
  for (let i = 0; i < r; i++) {
    if (f(i) !== to[i] && f(i) !== 1) {
      throw new ShapeMismatch({ what: "broadcastTo", expected: to, actual: from });
    }
  }
  // tile: from = [1, …, 1, to[k..]]
  let k = r;
  while (k > 0 && f(k - 1) === to[k - 1]) k--;
  let lead1 = true;
  for (let i = 0; i < k; i++) if (f(i) !== 1) lead1 = false;
  if (lead1) return { kind: PLAN_TILE, M: sizeOf(to.slice(k)), n, idx: null };
  // repeat: from = [to[..k], 1, …, 1]
  k = 0;
  while (k < r && f(k) === to[k]) k++;
  let trail1 = true;
  for (let i = k; i < r; i++) if (f(i) !== 1) trail1 = false;
  if (trail1) return { kind: PLAN_REPEAT, M: sizeOf(to.slice(k)), n, idx: null };
  return { kind: PLAN_INDEX, M: 0, n, idx: broadcastIndex(from, to) };
}

/**
 * out[i] = src[source(i)] for every element of the broadcast (see {@link BroadcastPlan}).
 * Returns `out`.
 *
 * @example
 * ```ts
 * import { broadcastPlan, expandInto } from "@neuroplastic/core/autodiff";
 * const p = broadcastPlan([2, 1], [2, 3]);
 * console.log(expandInto(new Float64Array([1, 2]), p, new Float64Array(6))); // [1, 1, 1, 2, 2, 2]
 * ```
 */
export function expandInto<T extends Float32Array | Float64Array>(
  src: ArrayLike<number>,
  p: BroadcastPlan,
  out: T,
): T {
  const n = p.n, M = p.M;
  if (p.kind === PLAN_IDENTITY) { for (let i = 0; i < n; i++) out[i] = src[i]; }
  else if (p.kind === PLAN_TILE) {
    if (M === 1) out.fill(src[0]);
    else for (let o = 0; o < n; o += M) for (let j = 0; j < M; j++) out[o + j] = src[j];
  } else if (p.kind === PLAN_REPEAT) {
    for (let o = 0, r = 0; o < n; o += M, r++) out.fill(src[r], o, o + M);
  } else {
    const idx = p.idx as Int32Array;
    for (let i = 0; i < n; i++) out[i] = src[idx[i]];
  }
  return out;
}

/**
 * dst[source(i)] += scale · src[i] over the broadcast (the adjoint of {@link expandInto}: sums
 * a broadcast tensor back onto its source shape).
 *
 * @example
 * ```ts
 * import { addReduced, broadcastPlan } from "@neuroplastic/core/autodiff";
 * const dst = new Float64Array(3);
 * addReduced(dst, new Float64Array([1, 2, 3, 4, 5, 6]), broadcastPlan([3], [2, 3]));
 * console.log(dst); // [5, 7, 9]
 * ```
 */
export function addReduced(
  dst: Float32Array | Float64Array,
  src: ArrayLike<number>,
  p: BroadcastPlan,
  scale = 1,
): void {
  const n = p.n, M = p.M;
  if (p.kind === PLAN_IDENTITY) {
    if (scale === 1) { for (let i = 0; i < n; i++) dst[i] += src[i]; }
    else for (let i = 0; i < n; i++) dst[i] += scale * src[i];
  } else if (p.kind === PLAN_TILE) {
    if (M === 1) {
      let s = 0;
      for (let i = 0; i < n; i++) s += src[i];
      dst[0] += scale * s;
    } else if (dst instanceof Float64Array) {
      for (let o = 0; o < n; o += M) for (let j = 0; j < M; j++) dst[j] += scale * src[o + j];
    } else {
      // accumulate f32 destinations in doubles
      const acc = new Float64Array(M);
      for (let o = 0; o < n; o += M) for (let j = 0; j < M; j++) acc[j] += src[o + j];
      for (let j = 0; j < M; j++) dst[j] += scale * acc[j];
    }
  } else if (p.kind === PLAN_REPEAT) {
    for (let o = 0, r = 0; o < n; o += M, r++) {
      let s = 0;
      for (let j = 0; j < M; j++) s += src[o + j];
      dst[r] += scale * s;
    }
  } else {
    const idx = p.idx as Int32Array;
    for (let i = 0; i < n; i++) dst[idx[i]] += scale * src[i];
  }
}

/**
 * dst[i] += scale · src[source(i)] over the broadcast (the gradient of a reduction).
 *
 * @example
 * ```ts
 * import { addExpanded, broadcastPlan } from "@neuroplastic/core/autodiff";
 * const dst = new Float64Array(4);
 * addExpanded(dst, new Float64Array([1, 2]), broadcastPlan([2, 1], [2, 2]), 0.5);
 * console.log(dst); // [0.5, 0.5, 1, 1]
 * ```
 */
export function addExpanded(
  dst: Float32Array | Float64Array,
  src: ArrayLike<number>,
  p: BroadcastPlan,
  scale = 1,
): void {
  const n = p.n, M = p.M;
  if (p.kind === PLAN_IDENTITY) { for (let i = 0; i < n; i++) dst[i] += scale * src[i]; }
  else if (p.kind === PLAN_TILE) {
    for (let o = 0; o < n; o += M) for (let j = 0; j < M; j++) dst[o + j] += scale * src[j];
  } else if (p.kind === PLAN_REPEAT) {
    for (let o = 0, r = 0; o < n; o += M, r++) {
      const v = scale * src[r];
      for (let j = 0; j < M; j++) dst[o + j] += v;
    }
  } else {
    const idx = p.idx as Int32Array;
    for (let i = 0; i < n; i++) dst[i] += scale * src[idx[i]];
  }
}
