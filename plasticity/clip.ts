/**
 * Clipping kernels used by plasticity rules (trace clipping in backpropamine, ΔW clipping in
 * Miconi 2017).
 *
 * @module
 */

/**
 * In place: `a[i] ← min(hi, max(lo, a[i]))` over `[offset, offset + n)` (default: all of `a`).
 * NaN stays NaN so a divergence guard can still see it.
 *
 * @returns `a`
 * @example
 * ```ts
 * import { clipInPlace } from "@neuroplastic/plasticity";
 * console.log(Array.from(clipInPlace(new Float64Array([-2, 0.5, 3]), -1, 1))); // [-1, 0.5, 1]
 * ```
 */
export const clipInPlace = (
  a: Float64Array,
  lo: number,
  hi: number,
  offset = 0,
  n: number = a.length - offset,
): Float64Array => {
  for (let i = offset; i < offset + n; i++) {
    const v = a[i];
    if (v > hi) a[i] = hi;
    else if (v < lo) a[i] = lo;
  }
  return a;
};

/**
 * `min(hi, max(lo, v))` for one number (NaN passes through).
 *
 * @example
 * ```ts
 * import { clipValue } from "@neuroplastic/plasticity";
 * console.log(clipValue(5, -3e-4, 3e-4)); // 0.0003
 * ```
 */
export const clipValue = (v: number, lo: number, hi: number): number =>
  v > hi ? hi : v < lo ? lo : v;
