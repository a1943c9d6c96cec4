/**
 * Numerically stable softmax family along the last axis: the input is a flat array of
 * rows of length `n` (`a.length` must be a multiple of `n`). The row maximum is subtracted
 * before exponentiating (the shifted log-sum-exp; Blanchard, Higham & Higham, "Accurately
 * computing the log-sum-exp and softmax functions", IMA J. Numer. Anal. 41(4), 2021, §2),
 * so no finite input overflows. Arithmetic is in doubles; f32 outputs round on store.
 *
 * Non-finite rows: a row of all −∞ has logsumexp −∞ and a NaN softmax (0/0, as in PyTorch);
 * a +∞ or NaN entry makes the row NaN.
 *
 * @module
 */
import type { FloatArray } from "./tensor.ts";

function rowsOf(what: string, len: number, n: number): number {
  if (!Number.isInteger(n) || n < 1 || len % n !== 0) {
    throw new RangeError(`${what}: length ${len} is not a whole number of rows of length ${n}`);
  }
  return len / n;
}

function rowMax(a: FloatArray, o: number, n: number): number {
  let m = a[o];
  for (let j = 1; j < n; j++) {
    const v = a[o + j];
    if (v > m || v !== v) m = v;
  }
  return m;
}

/**
 * Row-wise softmax: `out_j = exp(a_j − m) / Σ_k exp(a_k − m)`, m = max_k a_k. `out` may alias `a`.
 *
 * @example
 * ```ts
 * import { softmaxInto } from "@neuroplastic/core/tensor";
 * softmaxInto(new Float64Array(2), new Float64Array([0, Math.log(3)]), 2); // [0.25, 0.75]
 * ```
 */
export function softmaxInto(out: FloatArray, a: FloatArray, n: number): FloatArray {
  if (out.length !== a.length) {
    throw new RangeError(`softmaxInto: out has length ${out.length}, input ${a.length}`);
  }
  const rows = rowsOf("softmaxInto", a.length, n);
  for (let r = 0, o = 0; r < rows; r++, o += n) {
    const m = rowMax(a, o, n);
    let s = 0;
    for (let j = 0; j < n; j++) {
      const e = Math.exp(a[o + j] - m);
      out[o + j] = e;
      s += e;
    }
    for (let j = 0; j < n; j++) out[o + j] = out[o + j] / s;
  }
  return out;
}

/**
 * Row-wise log-softmax: `out_j = a_j − m − log Σ_k exp(a_k − m)`. `out` may alias `a`.
 *
 * @example
 * ```ts
 * import { logSoftmaxInto } from "@neuroplastic/core/tensor";
 * logSoftmaxInto(new Float64Array(2), new Float64Array([1, 1]), 2); // [-0.693…, -0.693…]
 * ```
 */
export function logSoftmaxInto(out: FloatArray, a: FloatArray, n: number): FloatArray {
  if (out.length !== a.length) {
    throw new RangeError(`logSoftmaxInto: out has length ${out.length}, input ${a.length}`);
  }
  const rows = rowsOf("logSoftmaxInto", a.length, n);
  for (let r = 0, o = 0; r < rows; r++, o += n) {
    const m = rowMax(a, o, n);
    let s = 0;
    for (let j = 0; j < n; j++) s += Math.exp(a[o + j] - m);
    const lse = Math.log(s);
    for (let j = 0; j < n; j++) out[o + j] = a[o + j] - m - lse;
  }
  return out;
}

/**
 * Row-wise log-sum-exp: `m + log Σ_j exp(a_j − m)` for each row (−∞ for an all −∞ row).
 *
 * @example
 * ```ts
 * import { logsumexpRows } from "@neuroplastic/core/tensor";
 * logsumexpRows(new Float64Array([0, 0, 1000, 1000]), 2); // [0.693…, 1000.693…]
 * ```
 */
export function logsumexpRows(a: FloatArray, n: number): Float64Array {
  const rows = rowsOf("logsumexpRows", a.length, n);
  const out = new Float64Array(rows);
  for (let r = 0, o = 0; r < rows; r++, o += n) {
    const m = rowMax(a, o, n);
    if (m === -Infinity) {
      out[r] = -Infinity;
      continue;
    }
    let s = 0;
    for (let j = 0; j < n; j++) s += Math.exp(a[o + j] - m);
    out[r] = m + Math.log(s);
  }
  return out;
}
