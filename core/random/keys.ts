/**
 * Key creation and derivation with JAX's classic (non-partitionable) Threefry semantics:
 * `key` = `jax.random.PRNGKey`, `split` = `jax.random.split`, `fold` = `jax.random.fold_in`,
 * `randomBits` = `jax.random.bits(key, (n,), uint32)`, all with
 * `jax_threefry_partitionable = False` (the default before JAX 0.5).
 *
 * JAX's `threefry_2x32(key, count)` hashes a flat counter array by padding it to even length
 * with one 0, cutting it into halves x0 = first half, x1 = second half, and concatenating the
 * outputs (y0 of every block, then y1 of every block), dropping the pad
 * (`jax/_src/prng.py`, `threefry_2x32`).
 *
 * @module
 */
import type { Key } from "./key.ts";
import { threefryRun } from "./threefry.ts";
import { checkInt, checkKey, MAX_COUNT } from "./validate.ts";

/**
 * The key for an integer seed, as `jax.random.PRNGKey(seed)` (x64 enabled):
 * k0 = floor(seed / 2^32), k1 = seed mod 2^32; so a 32-bit seed gives (0, seed).
 *
 * @param seed integer in [0, 2^53)
 * @returns the key
 * @throws RangeError naming `seed` when it is not an integer in [0, 2^53)
 * @example
 * ```ts
 * import { key } from "@neuroplastic/core/random";
 * console.log(key(42)); // { k0: 0, k1: 42 }
 * ```
 */
export function key(seed: number): Key {
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new RangeError(`seed must be an integer in [0, 2^53), got ${seed}`);
  }
  return { k0: Math.floor(seed / 4294967296), k1: seed % 4294967296 };
}

/**
 * Split a key into `n` new independent keys, as JAX's classic `split`:
 * words = threefry_2x32(key, iota(2n)) (blocks (i, n + i), i < n), reshaped to n pairs, so
 * key j = (words[2j], words[2j + 1]) where words[t] = y0 of block t for t < n and
 * y1 of block t − n otherwise (`jax/_src/prng.py`, `_threefry_split_original`).
 *
 * @param k the key to split (not modified; do not use it again for sampling)
 * @param n number of keys, integer in [1, 2^31 − 1] (default 2)
 * @returns n keys
 * @throws RangeError naming `n` or `key`
 * @example
 * ```ts
 * import { key, split } from "@neuroplastic/core/random";
 * const [a, b] = split(key(0));
 * console.log(a, b); // { k0: 4146024105, k1: 967050713 } { k0: 2718843009, k1: 1272950319 }
 * ```
 */
export function split(k: Key, n = 2): Key[] {
  checkKey(k);
  checkInt("n", n, 1, MAX_COUNT);
  const blocks = new Uint32Array(2 * n);
  threefryRun(k.k0, k.k1, 0, n, n, blocks, 0);
  // words[t]: y0 of block t (t < n), y1 of block t − n (t ≥ n)
  const word = (t: number): number => t < n ? blocks[2 * t] : blocks[2 * (t - n) + 1];
  const keys: Key[] = new Array(n);
  for (let j = 0; j < n; j++) keys[j] = { k0: word(2 * j), k1: word(2 * j + 1) };
  return keys;
}

/**
 * Derive a key from a key and a 32-bit integer, as `jax.random.fold_in`:
 * fold(key, d) = threefry_2x32(key, threefry_seed(d)) = Threefry(key, (0, d mod 2^32)).
 *
 * @param k the key
 * @param data an integer; it is taken modulo 2^32 (as JAX does for uint32 data)
 * @returns the derived key
 * @throws RangeError naming `data` when it is not a safe integer
 * @example
 * ```ts
 * import { fold, key } from "@neuroplastic/core/random";
 * const stepKey = fold(key(0), 17); // a different stream per step index
 * console.log(stepKey.k0 !== 0);
 * ```
 */
export function fold(k: Key, data: number): Key {
  checkKey(k);
  if (!Number.isSafeInteger(data)) {
    throw new RangeError(`data must be a safe integer (taken mod 2^32), got ${data}`);
  }
  const w = FOLD_BLOCK;
  threefryRun(k.k0, k.k1, 0, data >>> 0, 1, w, 0);
  return { k0: w[0], k1: w[1] };
}

/** Scratch for the block of `fold` (read before returning; no array allocated per call). */
const FOLD_BLOCK = new Uint32Array(2);

/**
 * Fill `out` with 32-bit random words, exactly `jax.random.bits(key, (m,), jnp.uint32)` with
 * m = out.length (classic Threefry): h = ceil(m/2) blocks (i, h + i) (the second word of the
 * last block is the pad 0 when m is odd); out[i] = y0 of block i, out[h + i] = y1 of block i.
 * The result depends on (key, m): a longer array is not an extension of a shorter one.
 *
 * @param k the key
 * @param out destination, length in [0, 2^32 − 2]
 * @returns `out`
 * @example
 * ```ts
 * import { key, randomBits } from "@neuroplastic/core/random";
 * console.log(randomBits(key(1701), new Uint32Array(3))); // [56197195, 4200222568, 961309823]
 * ```
 */
export function randomBits(k: Key, out: Uint32Array): Uint32Array {
  checkKey(k);
  const m = out.length;
  checkInt("out.length", m, 0, 0xfffffffe);
  if (m === 0) return out;
  const h = Math.ceil(m / 2);
  const odd = m % 2 === 1;
  const full = odd ? h - 1 : h; // blocks whose counter is not the pad
  const B = 256;
  const buf = new Int32Array(2 * B);
  for (let start = 0; start < full; start += B) {
    const cnt = Math.min(B, full - start);
    threefryRun(k.k0, k.k1, start, h + start, cnt, buf, 0);
    for (let t = 0; t < cnt; t++) {
      out[start + t] = buf[2 * t];
      out[h + start + t] = buf[2 * t + 1];
    }
  }
  if (odd) {
    // last block: counter (h − 1, 0); its y1 would land at index 2h − 1 = m and is dropped
    threefryRun(k.k0, k.k1, h - 1, 0, 1, buf, 0);
    out[h - 1] = buf[0];
  }
  return out;
}
