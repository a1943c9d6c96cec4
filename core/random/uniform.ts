/**
 * Uniform and Bernoulli samplers over Threefry keys.
 *
 * Element i of a draw of size n uses unit 0 of its stream (`stream.ts`): the Threefry block
 * (i, n + i), i.e. the i-th 64-bit word of JAX's classic `random_bits(key, 64, (n,))`, turned
 * into u_i = top 53 bits · 2^-53 ∈ [0, 1). For lo = 0, hi = 1 this is JAX's float64 `uniform`
 * with one more bit (JAX keeps 52). Results depend only on (key, n, lo, hi).
 *
 * @module
 */
import type { Key } from "./key.ts";
import { f32AtLeast, f32Below, prevDouble } from "./rounding.ts";
import { BATCH, TWO_M53 } from "./stream.ts";
import { threefryRun } from "./threefry.ts";
import { checkCount, checkFinite, checkKey } from "./validate.ts";

/** Words of one batch of Threefry blocks, reused by every call (filled and read within a call). */
const BATCH_WORDS = new Int32Array(2 * BATCH);

function checkInterval(lo: number, hi: number): void {
  checkFinite("lo", lo);
  checkFinite("hi", hi);
  if (!(lo < hi)) throw new RangeError(`lo must be < hi, got lo = ${lo}, hi = ${hi}`);
  if (!Number.isFinite(hi - lo)) {
    throw new RangeError(`hi - lo must be finite, got lo = ${lo}, hi = ${hi}`);
  }
}

/**
 * Fill `out` with uniform samples in [lo, hi).
 *
 * out[i] = lo + (hi − lo)·u_i in float64 (u_i as in the module doc); a value that rounds up to
 * hi is replaced by the largest double below hi. For a Float32Array the float64 value is
 * rounded to nearest float32 (ties to even) and, if that leaves [lo, hi), replaced by the
 * nearest float32 inside it.
 *
 * @param k the key
 * @param out destination (its length is n)
 * @param lo lower bound, finite (default 0)
 * @param hi upper bound, finite, > lo (default 1)
 * @throws RangeError naming `lo`/`hi`, or when no float32 lies in [lo, hi) for a Float32Array
 * @example
 * ```ts
 * import { fillUniform, key } from "@neuroplastic/core/random";
 * const w = new Float32Array(4);
 * fillUniform(key(1), w, -0.1, 0.1);
 * console.log(w.every((x) => x >= -0.1 && x < 0.1)); // true
 * ```
 */
export function fillUniform(
  k: Key,
  out: Float32Array | Float64Array,
  lo = 0,
  hi = 1,
): void {
  checkKey(k);
  checkInterval(lo, hi);
  const n = out.length;
  checkCount("out.length", n);
  if (out instanceof Float32Array) {
    const lo32 = f32AtLeast(lo);
    const hi32 = f32Below(hi);
    if (!(lo32 <= hi32)) {
      throw new RangeError(`lo, hi: no float32 value lies in [${lo}, ${hi})`);
    }
    uniformInto32(k, n, lo, hi, out, lo32, hi32);
  } else {
    uniformInto64(k, n, lo, hi, out);
  }
}

/** Float64 loop (kept separate from the float32 one so each stays monomorphic). */
function uniformInto64(k: Key, n: number, lo: number, hi: number, out: Float64Array): void {
  const span = hi - lo;
  const below = prevDouble(hi);
  const buf = BATCH_WORDS;
  for (let start = 0; start < n; start += BATCH) {
    const cnt = Math.min(BATCH, n - start);
    threefryRun(k.k0, k.k1, start, n + start, cnt, buf, 0);
    for (let t = 0; t < cnt; t++) {
      // u = top 53 bits of (y0·2^32 + y1) / 2^53
      const u = ((buf[2 * t] >>> 0) * 2097152 + (buf[2 * t + 1] >>> 11)) * TWO_M53;
      const v = lo + span * u;
      out[start + t] = v >= hi ? below : v;
    }
  }
}

/** Float32 loop: round the float64 sample to nearest, then clamp into [lo32, hi32]. */
function uniformInto32(
  k: Key,
  n: number,
  lo: number,
  hi: number,
  out: Float32Array,
  lo32: number,
  hi32: number,
): void {
  const span = hi - lo;
  const buf = BATCH_WORDS;
  for (let start = 0; start < n; start += BATCH) {
    const cnt = Math.min(BATCH, n - start);
    threefryRun(k.k0, k.k1, start, n + start, cnt, buf, 0);
    for (let t = 0; t < cnt; t++) {
      const u = ((buf[2 * t] >>> 0) * 2097152 + (buf[2 * t + 1] >>> 11)) * TWO_M53;
      // when lo + span·u rounds to ≥ hi the float64 sample is prevDouble(hi), whose clamped
      // float32 image is hi32: the same as clamping this one
      const f = Math.fround(lo + span * u);
      out[start + t] = f >= hi ? hi32 : f < lo ? lo32 : f;
    }
  }
}

/**
 * n uniform float64 samples in [lo, hi) (53-bit resolution); see `fillUniform`.
 *
 * @param k the key
 * @param n sample count, integer in [0, 2^31 − 1]
 * @param lo lower bound (default 0)
 * @param hi upper bound, > lo (default 1)
 * @returns a new Float64Array of length n
 * @throws RangeError naming `n`, `lo` or `hi`
 * @example
 * ```ts
 * import { key, uniform } from "@neuroplastic/core/random";
 * const u = uniform(key(0), 3);
 * console.log(u.length); // 3
 * ```
 */
export function uniform(k: Key, n: number, lo = 0, hi = 1): Float64Array {
  checkCount("n", n);
  const out = new Float64Array(n);
  fillUniform(k, out, lo, hi);
  return out;
}

/**
 * One uniform float64 sample in [lo, hi): equals `uniform(key, 1, lo, hi)[0]`.
 *
 * @example
 * ```ts
 * import { key, uniform1 } from "@neuroplastic/core/random";
 * console.log(uniform1(key(3)) < 1); // true
 * ```
 */
export function uniform1(k: Key, lo = 0, hi = 1): number {
  return uniform(k, 1, lo, hi)[0];
}

/**
 * Fill `out` with Bernoulli(p) draws: out[i] = 1 if u_i < p else 0, so
 * P(1) = ⌈p·2^53⌉/2^53 exactly (p = 0 never, p = 1 always).
 *
 * @param k the key
 * @param out destination (its length is n)
 * @param p success probability in [0, 1]
 * @throws RangeError naming `p`
 * @example
 * ```ts
 * import { fillBernoulli, key } from "@neuroplastic/core/random";
 * const mask = new Uint8Array(8);
 * fillBernoulli(key(5), mask, 0.5);
 * console.log(mask.every((b) => b === 0 || b === 1)); // true
 * ```
 */
export function fillBernoulli(k: Key, out: Uint8Array, p: number): void {
  checkKey(k);
  if (typeof p !== "number" || !(p >= 0 && p <= 1)) {
    throw new RangeError(`p must be a probability in [0, 1], got ${p}`);
  }
  const n = out.length;
  checkCount("out.length", n);
  const buf = BATCH_WORDS;
  for (let start = 0; start < n; start += BATCH) {
    const cnt = Math.min(BATCH, n - start);
    threefryRun(k.k0, k.k1, start, n + start, cnt, buf, 0);
    for (let t = 0; t < cnt; t++) {
      const u = ((buf[2 * t] >>> 0) * 2097152 + (buf[2 * t + 1] >>> 11)) * TWO_M53;
      out[start + t] = u < p ? 1 : 0;
    }
  }
}

/**
 * n Bernoulli(p) draws as 0/1 bytes; see `fillBernoulli`.
 *
 * @param k the key
 * @param n sample count, integer in [0, 2^31 − 1]
 * @param p success probability in [0, 1]
 * @returns a new Uint8Array of length n
 * @throws RangeError naming `n` or `p`
 * @example
 * ```ts
 * import { bernoulli, key } from "@neuroplastic/core/random";
 * const spikes = bernoulli(key(2), 100, 0.1);
 * console.log(spikes.length); // 100
 * ```
 */
export function bernoulli(k: Key, n: number, p: number): Uint8Array {
  checkCount("n", n);
  const out = new Uint8Array(n);
  fillBernoulli(k, out, p);
  return out;
}
