/**
 * Threefry-2x32 with 20 rounds: the counter-based block function behind JAX's default PRNG
 * (Salmon, Moraes, Dror, Shaw, "Parallel Random Numbers: As Easy as 1, 2, 3", SC'11;
 * Random123 `threefry.h`). A pure function of (key, counter): no state, any block computable
 * independently, so every sampler here is reproducible and embarrassingly parallel.
 *
 * @module
 */

/** Skein key-schedule parity constant (Random123 `SKEIN_KS_PARITY32`). */
const KS_PARITY = 0x1bd11bda;

/**
 * Threefry-2x32-20 of one block: (y0, y1) = Threefry(key = (k0, k1), counter = (x0, x1)).
 *
 * Rotations R = (13, 15, 26, 6, 17, 29, 16, 24); each round: x0 += x1; x1 = rotl(x1, R) ^ x0;
 * key injection s after every 4 rounds: x0 += ks[s mod 3], x1 += ks[(s+1) mod 3] + s, with
 * ks = (k0, k1, k0 ^ k1 ^ 0x1BD11BDA) (Random123 `threefry.h`, `_threefry2x32_tpl`).
 * All inputs are taken modulo 2^32.
 *
 * @param k0 first key word
 * @param k1 second key word
 * @param x0 first counter word
 * @param x1 second counter word
 * @param out optional 2-word output buffer
 * @returns `out` (or a new `Uint32Array(2)`) holding (y0, y1)
 * @example
 * ```ts
 * import { threefry2x32 } from "@neuroplastic/core/random";
 * const y = threefry2x32(0, 0, 0, 0);
 * console.log(y[0].toString(16), y[1].toString(16)); // "6b200159" "99ba4efe"
 * ```
 */
export function threefry2x32(
  k0: number,
  k1: number,
  x0: number,
  x1: number,
  out: Uint32Array = new Uint32Array(2),
): Uint32Array {
  threefryRun(k0, k1, x0, x1, 1, out, 0);
  return out;
}

/**
 * Threefry-2x32-20 over a run of `count` consecutive counters (x0 + t, x1 + t) (mod 2^32),
 * t = 0..count−1, writing y0 to `out[offset + 2t]` and y1 to `out[offset + 2t + 1]`.
 * This is the hot kernel of every sampler: the 20 rounds are unrolled and it never allocates.
 *
 * @param k0 first key word
 * @param k1 second key word
 * @param x0 first counter word of the first block
 * @param x1 second counter word of the first block
 * @param count number of blocks
 * @param out destination (Int32Array words are the same bits as Uint32Array words)
 * @param offset first index written in `out`
 * @example
 * ```ts
 * import { threefryRun } from "./threefry.ts";
 * const w = new Uint32Array(4);
 * threefryRun(0, 0, 0, 2, 2, w, 0); // blocks (0,2) and (1,3): JAX's split(PRNGKey(0)) words
 * console.log(w[0]); // 4146024105
 * ```
 */
export function threefryRun(
  k0: number,
  k1: number,
  x0: number,
  x1: number,
  count: number,
  out: Int32Array | Uint32Array,
  offset: number,
): void {
  const ks0 = k0 | 0;
  const ks1 = k1 | 0;
  const ks2 = (k0 ^ k1 ^ KS_PARITY) | 0;
  const c0 = x0 | 0;
  const c1 = x1 | 0;
  let o = offset;
  let t = 0;
  // Four blocks at a time, interleaved: one block's 20 rounds are a serial chain (each round
  // needs the last), so four independent chains keep the CPU's integer units busy (≈ 1.5×
  // faster); the same operations per block, so the same words.
  for (; t + 3 < count; t += 4) {
    let a0 = (((c0 + t) | 0) + ks0) | 0;
    let b0 = (((c1 + t) | 0) + ks1) | 0;
    let a1 = (((c0 + t + 1) | 0) + ks0) | 0;
    let b1 = (((c1 + t + 1) | 0) + ks1) | 0;
    let a2 = (((c0 + t + 2) | 0) + ks0) | 0;
    let b2 = (((c1 + t + 2) | 0) + ks1) | 0;
    let a3 = (((c0 + t + 3) | 0) + ks0) | 0;
    let b3 = (((c1 + t + 3) | 0) + ks1) | 0;
    // rounds 1-4
    a0 = (a0 + b0) | 0;
    b0 = ((b0 << 13) | (b0 >>> 19)) ^ a0;
    a1 = (a1 + b1) | 0;
    b1 = ((b1 << 13) | (b1 >>> 19)) ^ a1;
    a2 = (a2 + b2) | 0;
    b2 = ((b2 << 13) | (b2 >>> 19)) ^ a2;
    a3 = (a3 + b3) | 0;
    b3 = ((b3 << 13) | (b3 >>> 19)) ^ a3;
    a0 = (a0 + b0) | 0;
    b0 = ((b0 << 15) | (b0 >>> 17)) ^ a0;
    a1 = (a1 + b1) | 0;
    b1 = ((b1 << 15) | (b1 >>> 17)) ^ a1;
    a2 = (a2 + b2) | 0;
    b2 = ((b2 << 15) | (b2 >>> 17)) ^ a2;
    a3 = (a3 + b3) | 0;
    b3 = ((b3 << 15) | (b3 >>> 17)) ^ a3;
    a0 = (a0 + b0) | 0;
    b0 = ((b0 << 26) | (b0 >>> 6)) ^ a0;
    a1 = (a1 + b1) | 0;
    b1 = ((b1 << 26) | (b1 >>> 6)) ^ a1;
    a2 = (a2 + b2) | 0;
    b2 = ((b2 << 26) | (b2 >>> 6)) ^ a2;
    a3 = (a3 + b3) | 0;
    b3 = ((b3 << 26) | (b3 >>> 6)) ^ a3;
    a0 = (a0 + b0) | 0;
    b0 = ((b0 << 6) | (b0 >>> 26)) ^ a0;
    a1 = (a1 + b1) | 0;
    b1 = ((b1 << 6) | (b1 >>> 26)) ^ a1;
    a2 = (a2 + b2) | 0;
    b2 = ((b2 << 6) | (b2 >>> 26)) ^ a2;
    a3 = (a3 + b3) | 0;
    b3 = ((b3 << 6) | (b3 >>> 26)) ^ a3;
    // injection 1
    a0 = (a0 + ks1) | 0;
    b0 = (b0 + ks2 + 1) | 0;
    a1 = (a1 + ks1) | 0;
    b1 = (b1 + ks2 + 1) | 0;
    a2 = (a2 + ks1) | 0;
    b2 = (b2 + ks2 + 1) | 0;
    a3 = (a3 + ks1) | 0;
    b3 = (b3 + ks2 + 1) | 0;
    // rounds 5-8
    a0 = (a0 + b0) | 0;
    b0 = ((b0 << 17) | (b0 >>> 15)) ^ a0;
    a1 = (a1 + b1) | 0;
    b1 = ((b1 << 17) | (b1 >>> 15)) ^ a1;
    a2 = (a2 + b2) | 0;
    b2 = ((b2 << 17) | (b2 >>> 15)) ^ a2;
    a3 = (a3 + b3) | 0;
    b3 = ((b3 << 17) | (b3 >>> 15)) ^ a3;
    a0 = (a0 + b0) | 0;
    b0 = ((b0 << 29) | (b0 >>> 3)) ^ a0;
    a1 = (a1 + b1) | 0;
    b1 = ((b1 << 29) | (b1 >>> 3)) ^ a1;
    a2 = (a2 + b2) | 0;
    b2 = ((b2 << 29) | (b2 >>> 3)) ^ a2;
    a3 = (a3 + b3) | 0;
    b3 = ((b3 << 29) | (b3 >>> 3)) ^ a3;
    a0 = (a0 + b0) | 0;
    b0 = ((b0 << 16) | (b0 >>> 16)) ^ a0;
    a1 = (a1 + b1) | 0;
    b1 = ((b1 << 16) | (b1 >>> 16)) ^ a1;
    a2 = (a2 + b2) | 0;
    b2 = ((b2 << 16) | (b2 >>> 16)) ^ a2;
    a3 = (a3 + b3) | 0;
    b3 = ((b3 << 16) | (b3 >>> 16)) ^ a3;
    a0 = (a0 + b0) | 0;
    b0 = ((b0 << 24) | (b0 >>> 8)) ^ a0;
    a1 = (a1 + b1) | 0;
    b1 = ((b1 << 24) | (b1 >>> 8)) ^ a1;
    a2 = (a2 + b2) | 0;
    b2 = ((b2 << 24) | (b2 >>> 8)) ^ a2;
    a3 = (a3 + b3) | 0;
    b3 = ((b3 << 24) | (b3 >>> 8)) ^ a3;
    // injection 2
    a0 = (a0 + ks2) | 0;
    b0 = (b0 + ks0 + 2) | 0;
    a1 = (a1 + ks2) | 0;
    b1 = (b1 + ks0 + 2) | 0;
    a2 = (a2 + ks2) | 0;
    b2 = (b2 + ks0 + 2) | 0;
    a3 = (a3 + ks2) | 0;
    b3 = (b3 + ks0 + 2) | 0;
    // rounds 9-12
    a0 = (a0 + b0) | 0;
    b0 = ((b0 << 13) | (b0 >>> 19)) ^ a0;
    a1 = (a1 + b1) | 0;
    b1 = ((b1 << 13) | (b1 >>> 19)) ^ a1;
    a2 = (a2 + b2) | 0;
    b2 = ((b2 << 13) | (b2 >>> 19)) ^ a2;
    a3 = (a3 + b3) | 0;
    b3 = ((b3 << 13) | (b3 >>> 19)) ^ a3;
    a0 = (a0 + b0) | 0;
    b0 = ((b0 << 15) | (b0 >>> 17)) ^ a0;
    a1 = (a1 + b1) | 0;
    b1 = ((b1 << 15) | (b1 >>> 17)) ^ a1;
    a2 = (a2 + b2) | 0;
    b2 = ((b2 << 15) | (b2 >>> 17)) ^ a2;
    a3 = (a3 + b3) | 0;
    b3 = ((b3 << 15) | (b3 >>> 17)) ^ a3;
    a0 = (a0 + b0) | 0;
    b0 = ((b0 << 26) | (b0 >>> 6)) ^ a0;
    a1 = (a1 + b1) | 0;
    b1 = ((b1 << 26) | (b1 >>> 6)) ^ a1;
    a2 = (a2 + b2) | 0;
    b2 = ((b2 << 26) | (b2 >>> 6)) ^ a2;
    a3 = (a3 + b3) | 0;
    b3 = ((b3 << 26) | (b3 >>> 6)) ^ a3;
    a0 = (a0 + b0) | 0;
    b0 = ((b0 << 6) | (b0 >>> 26)) ^ a0;
    a1 = (a1 + b1) | 0;
    b1 = ((b1 << 6) | (b1 >>> 26)) ^ a1;
    a2 = (a2 + b2) | 0;
    b2 = ((b2 << 6) | (b2 >>> 26)) ^ a2;
    a3 = (a3 + b3) | 0;
    b3 = ((b3 << 6) | (b3 >>> 26)) ^ a3;
    // injection 3
    a0 = (a0 + ks0) | 0;
    b0 = (b0 + ks1 + 3) | 0;
    a1 = (a1 + ks0) | 0;
    b1 = (b1 + ks1 + 3) | 0;
    a2 = (a2 + ks0) | 0;
    b2 = (b2 + ks1 + 3) | 0;
    a3 = (a3 + ks0) | 0;
    b3 = (b3 + ks1 + 3) | 0;
    // rounds 13-16
    a0 = (a0 + b0) | 0;
    b0 = ((b0 << 17) | (b0 >>> 15)) ^ a0;
    a1 = (a1 + b1) | 0;
    b1 = ((b1 << 17) | (b1 >>> 15)) ^ a1;
    a2 = (a2 + b2) | 0;
    b2 = ((b2 << 17) | (b2 >>> 15)) ^ a2;
    a3 = (a3 + b3) | 0;
    b3 = ((b3 << 17) | (b3 >>> 15)) ^ a3;
    a0 = (a0 + b0) | 0;
    b0 = ((b0 << 29) | (b0 >>> 3)) ^ a0;
    a1 = (a1 + b1) | 0;
    b1 = ((b1 << 29) | (b1 >>> 3)) ^ a1;
    a2 = (a2 + b2) | 0;
    b2 = ((b2 << 29) | (b2 >>> 3)) ^ a2;
    a3 = (a3 + b3) | 0;
    b3 = ((b3 << 29) | (b3 >>> 3)) ^ a3;
    a0 = (a0 + b0) | 0;
    b0 = ((b0 << 16) | (b0 >>> 16)) ^ a0;
    a1 = (a1 + b1) | 0;
    b1 = ((b1 << 16) | (b1 >>> 16)) ^ a1;
    a2 = (a2 + b2) | 0;
    b2 = ((b2 << 16) | (b2 >>> 16)) ^ a2;
    a3 = (a3 + b3) | 0;
    b3 = ((b3 << 16) | (b3 >>> 16)) ^ a3;
    a0 = (a0 + b0) | 0;
    b0 = ((b0 << 24) | (b0 >>> 8)) ^ a0;
    a1 = (a1 + b1) | 0;
    b1 = ((b1 << 24) | (b1 >>> 8)) ^ a1;
    a2 = (a2 + b2) | 0;
    b2 = ((b2 << 24) | (b2 >>> 8)) ^ a2;
    a3 = (a3 + b3) | 0;
    b3 = ((b3 << 24) | (b3 >>> 8)) ^ a3;
    // injection 4
    a0 = (a0 + ks1) | 0;
    b0 = (b0 + ks2 + 4) | 0;
    a1 = (a1 + ks1) | 0;
    b1 = (b1 + ks2 + 4) | 0;
    a2 = (a2 + ks1) | 0;
    b2 = (b2 + ks2 + 4) | 0;
    a3 = (a3 + ks1) | 0;
    b3 = (b3 + ks2 + 4) | 0;
    // rounds 17-20
    a0 = (a0 + b0) | 0;
    b0 = ((b0 << 13) | (b0 >>> 19)) ^ a0;
    a1 = (a1 + b1) | 0;
    b1 = ((b1 << 13) | (b1 >>> 19)) ^ a1;
    a2 = (a2 + b2) | 0;
    b2 = ((b2 << 13) | (b2 >>> 19)) ^ a2;
    a3 = (a3 + b3) | 0;
    b3 = ((b3 << 13) | (b3 >>> 19)) ^ a3;
    a0 = (a0 + b0) | 0;
    b0 = ((b0 << 15) | (b0 >>> 17)) ^ a0;
    a1 = (a1 + b1) | 0;
    b1 = ((b1 << 15) | (b1 >>> 17)) ^ a1;
    a2 = (a2 + b2) | 0;
    b2 = ((b2 << 15) | (b2 >>> 17)) ^ a2;
    a3 = (a3 + b3) | 0;
    b3 = ((b3 << 15) | (b3 >>> 17)) ^ a3;
    a0 = (a0 + b0) | 0;
    b0 = ((b0 << 26) | (b0 >>> 6)) ^ a0;
    a1 = (a1 + b1) | 0;
    b1 = ((b1 << 26) | (b1 >>> 6)) ^ a1;
    a2 = (a2 + b2) | 0;
    b2 = ((b2 << 26) | (b2 >>> 6)) ^ a2;
    a3 = (a3 + b3) | 0;
    b3 = ((b3 << 26) | (b3 >>> 6)) ^ a3;
    a0 = (a0 + b0) | 0;
    b0 = ((b0 << 6) | (b0 >>> 26)) ^ a0;
    a1 = (a1 + b1) | 0;
    b1 = ((b1 << 6) | (b1 >>> 26)) ^ a1;
    a2 = (a2 + b2) | 0;
    b2 = ((b2 << 6) | (b2 >>> 26)) ^ a2;
    a3 = (a3 + b3) | 0;
    b3 = ((b3 << 6) | (b3 >>> 26)) ^ a3;
    // injection 5
    out[o + 0] = (a0 + ks2) | 0;
    out[o + 1] = (b0 + ks0 + 5) | 0;
    out[o + 2] = (a1 + ks2) | 0;
    out[o + 3] = (b1 + ks0 + 5) | 0;
    out[o + 4] = (a2 + ks2) | 0;
    out[o + 5] = (b2 + ks0 + 5) | 0;
    out[o + 6] = (a3 + ks2) | 0;
    out[o + 7] = (b3 + ks0 + 5) | 0;
    o += 8;
  }

  // The remaining 0–3 blocks one at a time.
  for (; t < count; t++) {
    let a = (((c0 + t) | 0) + ks0) | 0;
    let b = (((c1 + t) | 0) + ks1) | 0;
    // rounds 1-4: R = 13, 15, 26, 6
    a = (a + b) | 0;
    b = ((b << 13) | (b >>> 19)) ^ a;
    a = (a + b) | 0;
    b = ((b << 15) | (b >>> 17)) ^ a;
    a = (a + b) | 0;
    b = ((b << 26) | (b >>> 6)) ^ a;
    a = (a + b) | 0;
    b = ((b << 6) | (b >>> 26)) ^ a;
    // injection 1
    a = (a + ks1) | 0;
    b = (b + ks2 + 1) | 0;
    // rounds 5-8: R = 17, 29, 16, 24
    a = (a + b) | 0;
    b = ((b << 17) | (b >>> 15)) ^ a;
    a = (a + b) | 0;
    b = ((b << 29) | (b >>> 3)) ^ a;
    a = (a + b) | 0;
    b = ((b << 16) | (b >>> 16)) ^ a;
    a = (a + b) | 0;
    b = ((b << 24) | (b >>> 8)) ^ a;
    // injection 2
    a = (a + ks2) | 0;
    b = (b + ks0 + 2) | 0;
    // rounds 9-12
    a = (a + b) | 0;
    b = ((b << 13) | (b >>> 19)) ^ a;
    a = (a + b) | 0;
    b = ((b << 15) | (b >>> 17)) ^ a;
    a = (a + b) | 0;
    b = ((b << 26) | (b >>> 6)) ^ a;
    a = (a + b) | 0;
    b = ((b << 6) | (b >>> 26)) ^ a;
    // injection 3
    a = (a + ks0) | 0;
    b = (b + ks1 + 3) | 0;
    // rounds 13-16
    a = (a + b) | 0;
    b = ((b << 17) | (b >>> 15)) ^ a;
    a = (a + b) | 0;
    b = ((b << 29) | (b >>> 3)) ^ a;
    a = (a + b) | 0;
    b = ((b << 16) | (b >>> 16)) ^ a;
    a = (a + b) | 0;
    b = ((b << 24) | (b >>> 8)) ^ a;
    // injection 4
    a = (a + ks1) | 0;
    b = (b + ks2 + 4) | 0;
    // rounds 17-20
    a = (a + b) | 0;
    b = ((b << 13) | (b >>> 19)) ^ a;
    a = (a + b) | 0;
    b = ((b << 15) | (b >>> 17)) ^ a;
    a = (a + b) | 0;
    b = ((b << 26) | (b >>> 6)) ^ a;
    a = (a + b) | 0;
    b = ((b << 6) | (b >>> 26)) ^ a;
    // injection 5
    out[o++] = (a + ks2) | 0;
    out[o++] = (b + ks0 + 5) | 0;
  }
}
