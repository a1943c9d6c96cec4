/**
 * Normal samplers over Threefry keys: the 256-layer ziggurat (`ziggurat.ts`) on each element's
 * stream (`stream.ts`). Element i starts from the Threefry block (i, n + i); the 0.7% of draws
 * the ziggurat rejects continue on that element's later units, so element i depends only on
 * (key, n, i, mean, std). No `Math.log`/`Math.exp`: the rare tail and wedge paths use the
 * fdlibm ports, so the bits are the same on every engine.
 *
 * @module
 */
import type { Key } from "./key.ts";
import { BATCH, elementStream, startElement } from "./stream.ts";
import { threefryRun } from "./threefry.ts";
import { checkCount, checkFinite, checkKey } from "./validate.ts";
import { KI, WI, zigguratNormal } from "./ziggurat.ts";

/** Words of one batch of Threefry blocks, reused by every call (filled and read within a call). */
const BATCH_WORDS = new Int32Array(2 * BATCH);

function checkMoments(mean: number, std: number): void {
  checkFinite("mean", mean);
  checkFinite("std", std);
  if (!(std >= 0)) throw new RangeError(`std must be ≥ 0, got ${std}`);
}

/**
 * Fill `out` with N(mean, std²) samples: out[i] = mean + std·z_i in float64, z_i the ziggurat
 * deviate of element i. For a Float32Array each value is that float64 rounded to nearest
 * float32 (ties to even).
 *
 * @param k the key
 * @param out destination (its length is n)
 * @param mean finite mean (default 0)
 * @param std finite standard deviation ≥ 0 (default 1)
 * @throws RangeError naming `mean` or `std`
 * @example
 * ```ts
 * import { fillNormal, key } from "@neuroplastic/core/random";
 * const noise = new Float32Array(240);
 * fillNormal(key(9), noise, 0, 0.05);
 * console.log(noise.length); // 240
 * ```
 */
export function fillNormal(
  k: Key,
  out: Float32Array | Float64Array,
  mean = 0,
  std = 1,
): void {
  checkKey(k);
  checkMoments(mean, std);
  checkCount("out.length", out.length);
  if (out instanceof Float32Array) normalInto32(k, out, mean, std);
  else normalInto64(k, out, mean, std);
}

function normalInto64(k: Key, out: Float64Array, mean: number, std: number): void {
  const n = out.length;
  const buf = BATCH_WORDS;
  const st = elementStream(k, n);
  for (let start = 0; start < n; start += BATCH) {
    const cnt = Math.min(BATCH, n - start);
    threefryRun(k.k0, k.k1, start, n + start, cnt, buf, 0);
    for (let t = 0; t < cnt; t++) {
      const hi = buf[2 * t];
      const lo = buf[2 * t + 1];
      // ziggurat fast path (see zigguratNormal): layer, sign, 52-bit abscissa
      const idx = lo & 0xff;
      const rabs = (hi & 0x1fffffff) * 8388608 + (lo >>> 9);
      let z: number;
      if (rabs < KI[idx]) {
        z = rabs * WI[idx];
        if (lo & 0x100) z = -z;
      } else {
        startElement(st, start + t);
        st.j = 1; // unit 0 is (hi, lo)
        z = zigguratNormal(st, hi, lo);
      }
      out[start + t] = mean + std * z;
    }
  }
}

function normalInto32(k: Key, out: Float32Array, mean: number, std: number): void {
  const n = out.length;
  const buf = BATCH_WORDS;
  const st = elementStream(k, n);
  for (let start = 0; start < n; start += BATCH) {
    const cnt = Math.min(BATCH, n - start);
    threefryRun(k.k0, k.k1, start, n + start, cnt, buf, 0);
    for (let t = 0; t < cnt; t++) {
      const hi = buf[2 * t];
      const lo = buf[2 * t + 1];
      const idx = lo & 0xff;
      const rabs = (hi & 0x1fffffff) * 8388608 + (lo >>> 9);
      let z: number;
      if (rabs < KI[idx]) {
        z = rabs * WI[idx];
        if (lo & 0x100) z = -z;
      } else {
        startElement(st, start + t);
        st.j = 1;
        z = zigguratNormal(st, hi, lo);
      }
      // float64 value, rounded to nearest float32 by the store
      out[start + t] = mean + std * z;
    }
  }
}

/**
 * n float64 samples of N(mean, std²); see `fillNormal`.
 *
 * @param k the key
 * @param n sample count, integer in [0, 2^31 − 1]
 * @param mean finite mean (default 0)
 * @param std finite standard deviation ≥ 0 (default 1)
 * @returns a new Float64Array of length n
 * @throws RangeError naming `n`, `mean` or `std`
 * @example
 * ```ts
 * import { key, normal } from "@neuroplastic/core/random";
 * const z = normal(key(0), 1000);
 * console.log(z.length); // 1000
 * ```
 */
export function normal(k: Key, n: number, mean = 0, std = 1): Float64Array {
  checkCount("n", n);
  const out = new Float64Array(n);
  fillNormal(k, out, mean, std);
  return out;
}

/**
 * One N(mean, std²) sample: equals `normal(key, 1, mean, std)[0]`.
 *
 * @example
 * ```ts
 * import { key, normal1 } from "@neuroplastic/core/random";
 * console.log(Number.isFinite(normal1(key(4)))); // true
 * ```
 */
export function normal1(k: Key, mean = 0, std = 1): number {
  return normal(k, 1, mean, std)[0];
}
