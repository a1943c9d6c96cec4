/**
 * Statistics helpers for this folder's tests (not part of the public API): normal CDF via
 * mathjs `erf`, a chi-square critical value, and a Kolmogorov–Smirnov distance.
 *
 * @module
 */
import { erf } from "mathjs";

/**
 * Standard normal CDF Φ(x) = (1 + erf(x/√2))/2.
 *
 * @example
 * ```ts
 * import { normalCdf } from "./test_stats.ts";
 * console.log(normalCdf(0)); // 0.5
 * ```
 */
export function normalCdf(x: number): number {
  if (x === Infinity) return 1;
  if (x === -Infinity) return 0;
  return 0.5 * (1 + (erf(x / Math.SQRT2) as number));
}

/**
 * Standard normal upper tail Q(x) = 1 − Φ(x), accurate in the far tail: 1 − Φ for x < 3,
 * φ(x)·R(x) with the Mills ratio R(x) = 1/(x + 1/(x + 2/(x + 3/(x + ...)))) (Laplace's
 * continued fraction, 300 terms) for x ≥ 3.
 *
 * @example
 * ```ts
 * import { normalSf } from "./test_stats.ts";
 * console.log(normalSf(10) > 0);
 * ```
 */
export function normalSf(x: number): number {
  if (x < 3) return 1 - normalCdf(x);
  if (x === Infinity) return 0;
  let r = x;
  for (let k = 300; k >= 1; k--) r = x + k / r;
  return normalPdf(x) / r;
}

/**
 * Standard normal density φ(x).
 *
 * @example
 * ```ts
 * import { normalPdf } from "./test_stats.ts";
 * console.log(normalPdf(0) > 0.39);
 * ```
 */
export function normalPdf(x: number): number {
  if (!Number.isFinite(x)) return 0;
  return Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
}

/**
 * Upper critical value of χ²(df) at the standard-normal quantile z (Wilson–Hilferty 1931):
 * df·(1 − 2/(9df) + z·√(2/(9df)))³. z = 5 is a false-alarm rate of about 3e-7.
 *
 * @example
 * ```ts
 * import { chiSquareCritical } from "./test_stats.ts";
 * console.log(chiSquareCritical(9, 5) > 40);
 * ```
 */
export function chiSquareCritical(df: number, z = 5): number {
  const c = 2 / (9 * df);
  return df * (1 - c + z * Math.sqrt(c)) ** 3;
}

/**
 * Pearson χ² statistic of observed counts against equal expected counts.
 *
 * @example
 * ```ts
 * import { chiSquareUniform } from "./test_stats.ts";
 * console.log(chiSquareUniform([10, 10, 10])); // 0
 * ```
 */
export function chiSquareUniform(counts: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < counts.length; i++) total += counts[i];
  const e = total / counts.length;
  let chi = 0;
  for (let i = 0; i < counts.length; i++) chi += (counts[i] - e) ** 2 / e;
  return chi;
}

/**
 * Kolmogorov–Smirnov distance sup |F_n − F| of a sample against a CDF.
 *
 * @example
 * ```ts
 * import { ksDistance, normalCdf } from "./test_stats.ts";
 * console.log(ksDistance(new Float64Array([0]), normalCdf)); // 0.5
 * ```
 */
export function ksDistance(sample: Float64Array, cdf: (x: number) => number): number {
  const s = sample.slice().sort();
  const n = s.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(s[i]);
    d = Math.max(d, (i + 1) / n - f, f - i / n);
  }
  return d;
}

/**
 * Mean and (population) variance.
 *
 * @example
 * ```ts
 * import { moments } from "./test_stats.ts";
 * console.log(moments([1, 3])); // { mean: 2, variance: 1 }
 * ```
 */
export function moments(xs: ArrayLike<number>): { mean: number; variance: number } {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  const mean = s / xs.length;
  let v = 0;
  for (let i = 0; i < xs.length; i++) v += (xs[i] - mean) ** 2;
  return { mean, variance: v / xs.length };
}
