/**
 * Reductions: whole-array sums, dot products and norms, and per-axis sum/mean/max/min.
 *
 * All accumulation is in doubles, whatever the storage type. NaN propagates: a max/min/argmax
 * over a range that contains NaN returns NaN and the index of the first NaN (like NumPy).
 *
 * @module
 */
import { alloc, dtypeOf, type FloatArray, type Tensor, tensor } from "./tensor.ts";

/** Size of the sequential base block of the pairwise sum. */
const PAIRWISE_BLOCK = 128;

function pairwise(a: FloatArray, lo: number, n: number): number {
  if (n <= PAIRWISE_BLOCK) {
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    let i = lo;
    const end = lo + n, end4 = lo + (n & ~3);
    for (; i < end4; i += 4) s0 += a[i], s1 += a[i + 1], s2 += a[i + 2], s3 += a[i + 3];
    for (; i < end; i++) s0 += a[i];
    return (s0 + s1) + (s2 + s3);
  }
  const h = (n >>> 1) & ~3;
  return pairwise(a, lo, h) + pairwise(a, lo + h, n - h);
}

/**
 * Sum of `a[offset .. offset+length)` by pairwise (cascade) summation: blocks of ≤128 values
 * are summed with four interleaved accumulators, blocks are combined in a balanced tree.
 * Error bound ≈ (32 + log2(n/128))·ε·Σ|a_i| (Higham, "Accuracy and Stability of Numerical
 * Algorithms", 2nd ed., §4.2), versus n·ε·Σ|a_i| for a naive loop.
 *
 * @example
 * ```ts
 * import { sum } from "@neuroplastic/core/tensor";
 * sum(new Float64Array([1, 2, 3.5])); // 6.5
 * ```
 */
export function sum(a: FloatArray, offset = 0, length: number = a.length - offset): number {
  checkRange("sum", a, offset, length);
  return pairwise(a, offset, length);
}

function checkRange(what: string, a: FloatArray, offset: number, length: number): void {
  if (
    !Number.isInteger(offset) || !Number.isInteger(length) || offset < 0 || length < 0 ||
    offset + length > a.length
  ) {
    throw new RangeError(
      `${what}: range [${offset}, ${offset + length}) is outside length ${a.length}`,
    );
  }
}

/**
 * Dot product Σ a_i b_i (four interleaved double accumulators). Lengths must match.
 *
 * @example
 * ```ts
 * import { dot } from "@neuroplastic/core/tensor";
 * dot(new Float64Array([1, 2, 3]), new Float64Array([4, 5, 6])); // 32
 * ```
 */
export function dot(a: FloatArray, b: FloatArray): number {
  if (a.length !== b.length) {
    throw new RangeError(`dot: length mismatch ${a.length} vs ${b.length}`);
  }
  const n = a.length, n4 = n & ~3;
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  let i = 0;
  for (; i < n4; i += 4) {
    s0 += a[i] * b[i],
      s1 += a[i + 1] * b[i + 1],
      s2 += a[i + 2] * b[i + 2],
      s3 += a[i + 3] * b[i + 3];
  }
  for (; i < n; i++) s0 += a[i] * b[i];
  return (s0 + s1) + (s2 + s3);
}

/**
 * Euclidean norm ‖a‖₂ = sqrt(Σ a_i²), safe from overflow and underflow: when the plain sum of
 * squares overflows or underflows, it is recomputed on a / max|a_i| (as LAPACK xNRM2 avoids
 * both).
 *
 * @example
 * ```ts
 * import { norm2 } from "@neuroplastic/core/tensor";
 * norm2(new Float64Array([3, 4])); // 5
 * norm2(new Float64Array([3e200, 4e200])); // ≈ 5e200 (no overflow)
 * ```
 */
export function norm2(a: FloatArray): number {
  const ss = dot(a, a);
  if (ss < Infinity && ss > 1e-290) return Math.sqrt(ss);
  let mx = 0;
  for (let i = 0; i < a.length; i++) {
    const v = Math.abs(a[i]);
    if (v !== v) return NaN;
    if (v > mx) mx = v;
  }
  if (mx === 0 || mx === Infinity) return mx;
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    const v = a[i] / mx;
    s += v * v;
  }
  return mx * Math.sqrt(s);
}

/**
 * Index of the largest of `a[offset .. offset+length)`, **relative to `offset`** (so
 * `argmax(logits, r·n, n)` is the class of row r). First index wins ties; a NaN wins over
 * everything (first NaN). Returns −1 for an empty range.
 *
 * @example
 * ```ts
 * import { argmax } from "@neuroplastic/core/tensor";
 * const rows = new Float64Array([0, 5, 1, 9, 2, 3]); // 2 rows of 3
 * argmax(rows, 3, 3); // 0 (the 9 in row 1)
 * ```
 */
export function argmax(a: FloatArray, offset = 0, length: number = a.length - offset): number {
  checkRange("argmax", a, offset, length);
  if (length === 0) return -1;
  let best = a[offset], bi = 0;
  if (best !== best) return 0;
  for (let i = 1; i < length; i++) {
    const v = a[offset + i];
    if (v > best) best = v, bi = i;
    else if (v !== v) return i;
  }
  return bi;
}

/**
 * Index of the smallest of `a[offset .. offset+length)`, relative to `offset`; same
 * conventions as {@link argmax}.
 *
 * @example
 * ```ts
 * import { argmin } from "@neuroplastic/core/tensor";
 * argmin(new Float64Array([3, 1, 2])); // 1
 * ```
 */
export function argmin(a: FloatArray, offset = 0, length: number = a.length - offset): number {
  checkRange("argmin", a, offset, length);
  if (length === 0) return -1;
  let best = a[offset], bi = 0;
  if (best !== best) return 0;
  for (let i = 1; i < length; i++) {
    const v = a[offset + i];
    if (v < best) best = v, bi = i;
    else if (v !== v) return i;
  }
  return bi;
}

/** Split a shape around `axis` into [outer, len, inner] and the reduced shape. */
function axisSplit(
  what: string,
  shape: readonly number[],
  axis: number,
  keepdims: boolean,
): { outer: number; len: number; inner: number; outShape: number[] } {
  const nd = shape.length;
  if (!Number.isInteger(axis) || axis < -nd || axis >= nd) {
    throw new RangeError(`${what}: axis ${axis} is out of range for shape [${shape.join(", ")}]`);
  }
  const ax = axis < 0 ? axis + nd : axis;
  let outer = 1, inner = 1;
  for (let i = 0; i < ax; i++) outer *= shape[i];
  for (let i = ax + 1; i < nd; i++) inner *= shape[i];
  const outShape = keepdims
    ? shape.map((d, i) => (i === ax ? 1 : d))
    : shape.filter((_, i) => i !== ax);
  return { outer, len: shape[ax], inner, outShape };
}

/**
 * Sum along one axis (negative axes count from the end). Sequential double accumulation
 * along the axis; the result has the input's dtype.
 *
 * @example
 * ```ts
 * import { fromNested, sumAxis } from "@neuroplastic/core/tensor";
 * sumAxis(fromNested([[1, 2, 3], [4, 5, 6]]), 0).data; // [5, 7, 9]
 * sumAxis(fromNested([[1, 2, 3], [4, 5, 6]]), -1, true).shape; // [2, 1]
 * ```
 */
export function sumAxis(t: Tensor, axis: number, keepdims = false): Tensor {
  const { outer, len, inner, outShape } = axisSplit("sumAxis", t.shape, axis, keepdims);
  const a = t.data;
  const out = alloc(dtypeOf(a), outer * inner);
  const acc = new Float64Array(inner);
  for (let o = 0; o < outer; o++) {
    acc.fill(0);
    let base = o * len * inner;
    for (let l = 0; l < len; l++, base += inner) {
      for (let i = 0; i < inner; i++) acc[i] += a[base + i];
    }
    out.set(acc, o * inner);
  }
  return tensor(out, outShape);
}

/**
 * Mean along one axis (sum / length; NaN for an empty axis).
 *
 * @example
 * ```ts
 * import { fromNested, meanAxis } from "@neuroplastic/core/tensor";
 * meanAxis(fromNested([[1, 2], [3, 4]]), 1).data; // [1.5, 3.5]
 * ```
 */
export function meanAxis(t: Tensor, axis: number, keepdims = false): Tensor {
  const { outer, len, inner, outShape } = axisSplit("meanAxis", t.shape, axis, keepdims);
  const a = t.data;
  const out = alloc(dtypeOf(a), outer * inner);
  const acc = new Float64Array(inner);
  for (let o = 0; o < outer; o++) {
    acc.fill(0);
    let base = o * len * inner;
    for (let l = 0; l < len; l++, base += inner) {
      for (let i = 0; i < inner; i++) acc[i] += a[base + i];
    }
    for (let i = 0; i < inner; i++) out[o * inner + i] = acc[i] / len;
  }
  return tensor(out, outShape);
}

function extremeAxis(
  what: string,
  t: Tensor,
  axis: number,
  keepdims: boolean,
  sign: 1 | -1,
): { values: Tensor; indices: Int32Array } {
  const { outer, len, inner, outShape } = axisSplit(what, t.shape, axis, keepdims);
  if (len === 0 && outer * inner > 0) {
    throw new RangeError(`${what}: cannot reduce an empty axis of shape [${t.shape.join(", ")}]`);
  }
  const a = t.data;
  const values = alloc(dtypeOf(a), outer * inner);
  const indices = new Int32Array(outer * inner);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let base = o * len * inner + i;
      let best = a[base], bi = 0;
      if (best === best) {
        for (let l = 1; l < len; l++) {
          base += inner;
          const v = a[base];
          if (sign * v > sign * best) best = v, bi = l;
          else if (v !== v) {
            best = v, bi = l;
            break;
          }
        }
      }
      values[o * inner + i] = best;
      indices[o * inner + i] = bi;
    }
  }
  return { values: tensor(values, outShape), indices };
}

/**
 * Maximum along one axis with the position of the (first) maximum on that axis.
 * Throws `RangeError` for an empty axis.
 *
 * @example
 * ```ts
 * import { fromNested, maxAxis } from "@neuroplastic/core/tensor";
 * const { values, indices } = maxAxis(fromNested([[1, 5], [7, 2]]), 1);
 * values.data; // [5, 7]
 * indices; // Int32Array [1, 0]
 * ```
 */
export function maxAxis(
  t: Tensor,
  axis: number,
  keepdims = false,
): { values: Tensor; indices: Int32Array } {
  return extremeAxis("maxAxis", t, axis, keepdims, 1);
}

/**
 * Minimum along one axis with the position of the (first) minimum on that axis.
 * Throws `RangeError` for an empty axis.
 *
 * @example
 * ```ts
 * import { fromNested, minAxis } from "@neuroplastic/core/tensor";
 * minAxis(fromNested([[1, 5], [7, 2]]), 0).indices; // Int32Array [0, 1]
 * ```
 */
export function minAxis(
  t: Tensor,
  axis: number,
  keepdims = false,
): { values: Tensor; indices: Int32Array } {
  return extremeAxis("minAxis", t, axis, keepdims, -1);
}
