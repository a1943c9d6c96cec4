/**
 * Truncated normal samples by *exact rejection* (Robert, "Simulation of truncated normal
 * variables", Statistics and Computing 5:121–125, 1995), not by inverse CDF: every accepted
 * value is an exact N(0,1) draw conditioned on [a, b] (up to float64 rounding), including far
 * tails where an erf/erfinv inverse CDF loses all precision.
 *
 * With standardised bounds a = (lo − mean)/std, b = (hi − mean)/std:
 * - a < 0 < b, b − a > √(2π): draw z ~ N(0,1) (ziggurat) until a ≤ z ≤ b;
 * - a < 0 < b, b − a ≤ √(2π): z ~ U(a, b), accept with probability exp(−z²/2);
 * - 0 ≤ a: if b − a < 2/(a + √(a²+4))·exp(1/2 − a/(a + √(a²+4))) (Robert 1995, Prop. 2.3)
 *   z ~ U(a, b), accept with probability exp(−(z − a)(z + a)/2); otherwise z = a + E/α with
 *   E ~ Exp(1), α = (a + √(a²+4))/2, reject z > b, accept with probability exp(−(z − α)²/2);
 * - b ≤ 0: the mirror image of the previous case.
 * All draws come from element i's stream (`stream.ts`), so element i depends only on
 * (key, n, i, lo, hi, mean, std). The result mean + std·z is clamped into [lo, hi].
 *
 * @module
 */
import { detExp, detLog } from "./detmath.ts";
import type { Key } from "./key.ts";
import { f32AtLeast, f32AtMost } from "./rounding.ts";
import { type ElementStream, elementStream, nextDouble, startElement } from "./stream.ts";
import { checkCount, checkFinite, checkKey } from "./validate.ts";
import { streamNormal } from "./ziggurat.ts";

const SQRT_2PI = 2.5066282746310002;

/** z ~ N(0,1) | z ∈ [a, b] with 0 ≤ a < b ≤ ∞ (a, b finite or b = ∞). */
function oneSided(st: ElementStream, a: number, b: number): number {
  // s = √(a²+4) without overflow; α = (a + s)/2 is Robert's optimal exponential rate
  const s = a > 1e100 ? a : Math.sqrt(a * a + 4);
  const alpha = (a + s) / 2;
  // uniform proposal is better when b − a < 2/(a+s)·exp((a² − a·s)/4 + 1/2); a² − a·s = −4a/(a+s)
  if (b - a < (2 / (a + s)) * detExp(0.5 - a / (a + s))) {
    const w = b - a;
    for (;;) {
      const z = a + w * nextDouble(st);
      if (nextDouble(st) < detExp(-0.5 * (z - a) * (z + a))) return z;
    }
  }
  for (;;) {
    const z = a - detLog(1 - nextDouble(st)) / alpha;
    if (z > b) continue;
    const d = z - alpha;
    if (nextDouble(st) < detExp(-0.5 * d * d)) return z;
  }
}

/** z ~ N(0,1) | z ∈ [a, b], a < b (either may be infinite). */
function standardTruncated(st: ElementStream, a: number, b: number): number {
  if (a >= 0) return oneSided(st, a, b);
  if (b <= 0) return -oneSided(st, -b, -a);
  if (b - a > SQRT_2PI) {
    for (;;) {
      const z = streamNormal(st);
      if (z >= a && z <= b) return z;
    }
  }
  for (;;) {
    const z = a + (b - a) * nextDouble(st);
    if (nextDouble(st) < detExp(-0.5 * z * z)) return z;
  }
}

function checkTruncation(lo: number, hi: number, mean: number, std: number): void {
  if (typeof lo !== "number" || Number.isNaN(lo)) {
    throw new RangeError(`lo must be a number (may be -Infinity), got ${lo}`);
  }
  if (typeof hi !== "number" || Number.isNaN(hi)) {
    throw new RangeError(`hi must be a number (may be Infinity), got ${hi}`);
  }
  if (!(lo < hi)) throw new RangeError(`lo must be < hi, got lo = ${lo}, hi = ${hi}`);
  checkFinite("mean", mean);
  checkFinite("std", std);
  if (!(std > 0)) throw new RangeError(`std must be > 0, got ${std}`);
}

/**
 * Fill `out` with samples of N(mean, std²) restricted to [lo, hi], by exact rejection (see the
 * module doc). Float64: mean + std·z clamped into [lo, hi]. Float32: that value rounded to
 * nearest float32 (ties to even), then moved to the nearest float32 inside [lo, hi] if needed.
 *
 * @param k the key
 * @param out destination (its length is n)
 * @param lo lower bound (may be -Infinity)
 * @param hi upper bound, > lo (may be Infinity)
 * @param mean finite mean (default 0)
 * @param std finite standard deviation > 0 (default 1)
 * @throws RangeError naming `lo`, `hi`, `mean` or `std`
 * @example
 * ```ts
 * import { fillTruncatedNormal, key } from "@neuroplastic/core/random";
 * const w = new Float32Array(100);
 * fillTruncatedNormal(key(0), w, -2, 2); // like truncated_normal initialisers
 * console.log(w.every((x) => x >= -2 && x <= 2)); // true
 * ```
 */
export function fillTruncatedNormal(
  k: Key,
  out: Float32Array | Float64Array,
  lo: number,
  hi: number,
  mean = 0,
  std = 1,
): void {
  checkKey(k);
  checkTruncation(lo, hi, mean, std);
  const n = out.length;
  checkCount("out.length", n);
  const f32 = out instanceof Float32Array;
  const lo32 = f32AtLeast(lo);
  const hi32 = f32AtMost(hi);
  if (f32 && !(lo32 <= hi32)) {
    throw new RangeError(`lo, hi: no float32 value lies in [${lo}, ${hi}]`);
  }
  const a = (lo - mean) / std;
  const b = (hi - mean) / std;
  const st = elementStream(k, n);
  for (let i = 0; i < n; i++) {
    let v: number;
    if (a === Infinity) v = lo; // all mass is at lo after rounding
    else if (b === -Infinity) v = hi;
    else {
      startElement(st, i);
      v = mean + std * standardTruncated(st, a, b);
      if (v < lo) v = lo;
      else if (v > hi) v = hi;
    }
    if (f32) {
      const f = Math.fround(v);
      out[i] = f < lo ? lo32 : f > hi ? hi32 : f;
    } else {
      out[i] = v;
    }
  }
}

/**
 * n float64 samples of N(mean, std²) restricted to [lo, hi]; see `fillTruncatedNormal`.
 *
 * @param k the key
 * @param n sample count, integer in [0, 2^31 − 1]
 * @param lo lower bound (may be -Infinity)
 * @param hi upper bound, > lo (may be Infinity)
 * @param mean finite mean (default 0)
 * @param std finite standard deviation > 0 (default 1)
 * @returns a new Float64Array of length n
 * @throws RangeError naming `n`, `lo`, `hi`, `mean` or `std`
 * @example
 * ```ts
 * import { key, truncatedNormal } from "@neuroplastic/core/random";
 * const tail = truncatedNormal(key(1), 10, 5, Infinity); // far tail, still exact
 * console.log(tail.every((x) => x >= 5)); // true
 * ```
 */
export function truncatedNormal(
  k: Key,
  n: number,
  lo: number,
  hi: number,
  mean = 0,
  std = 1,
): Float64Array {
  checkCount("n", n);
  const out = new Float64Array(n);
  fillTruncatedNormal(k, out, lo, hi, mean, std);
  return out;
}
