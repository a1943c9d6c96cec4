/**
 * Integer samplers over Threefry keys: unbiased bounded integers, permutations and sampling
 * without replacement.
 *
 * A bounded draw on [0, r) for element i reads the 32-bit words of its stream (`stream.ts`) in
 * order (y0 then y1 of unit 0 = block (i, n + i), then of units 1, 2, ...) and returns w mod r
 * for the first word w < 2^32 − (2^32 mod r) (rejection makes every residue exactly equally
 * likely; at least half of all words are accepted, almost all when r ≪ 2^32).
 *
 * @module
 */
import type { Key } from "./key.ts";
import { BATCH, type ElementStream, elementStream, nextUnit, startElement } from "./stream.ts";
import { threefryRun } from "./threefry.ts";
import { checkCount, checkInt, checkKey, MAX_COUNT } from "./validate.ts";

const TWO32 = 4294967296;

/** Words ≥ limit are rejected: limit = 2^32 − (2^32 mod r), a multiple of r. */
function rejectionLimit(r: number): number {
  return TWO32 - (TWO32 % r);
}

/**
 * Uniform integer in [0, r) for element `elem`, given the two words (w0, w1) of its unit 0.
 * Falls back on units 1, 2, ... of the element's stream when both are rejected.
 */
function bounded(
  w0: number,
  w1: number,
  r: number,
  limit: number,
  st: ElementStream,
  elem: number,
): number {
  let w = w0 >>> 0;
  if (w < limit) return w % r;
  w = w1 >>> 0;
  if (w < limit) return w % r;
  startElement(st, elem);
  st.j = 1; // unit 0 is used up
  for (;;) {
    nextUnit(st);
    w = st.hi >>> 0;
    if (w < limit) return w % r;
    w = st.lo >>> 0;
    if (w < limit) return w % r;
  }
}

/**
 * n uniform integers in [lo, hi), unbiased (rejection; see the module doc).
 *
 * @param k the key
 * @param n sample count, integer in [0, 2^31 − 1]
 * @param lo lowest value, integer ≥ −2^31
 * @param hi one past the highest value, integer in (lo, 2^31]
 * @returns a new Int32Array of length n
 * @throws RangeError naming `n`, `lo` or `hi`
 * @example
 * ```ts
 * import { key, randint } from "@neuroplastic/core/random";
 * const dice = randint(key(6), 10, 1, 7);
 * console.log(dice.every((d) => d >= 1 && d <= 6)); // true
 * ```
 */
export function randint(k: Key, n: number, lo: number, hi: number): Int32Array {
  checkKey(k);
  checkCount("n", n);
  checkInt("lo", lo, -(2 ** 31), 2 ** 31 - 1);
  checkInt("hi", hi, -(2 ** 31) + 1, 2 ** 31);
  if (!(lo < hi)) throw new RangeError(`lo must be < hi, got lo = ${lo}, hi = ${hi}`);
  const r = hi - lo;
  const limit = rejectionLimit(r);
  const out = new Int32Array(n);
  const buf = new Int32Array(2 * BATCH);
  const st = elementStream(k, n);
  for (let start = 0; start < n; start += BATCH) {
    const cnt = Math.min(BATCH, n - start);
    threefryRun(k.k0, k.k1, start, n + start, cnt, buf, 0);
    for (let t = 0; t < cnt; t++) {
      out[start + t] = lo + bounded(buf[2 * t], buf[2 * t + 1], r, limit, st, start + t);
    }
  }
  return out;
}

/**
 * One uniform integer in [lo, hi): equals `randint(key, 1, lo, hi)[0]`.
 *
 * @example
 * ```ts
 * import { key, randint1 } from "@neuroplastic/core/random";
 * const i = randint1(key(0), 0, 10);
 * console.log(i >= 0 && i < 10); // true
 * ```
 */
export function randint1(k: Key, lo: number, hi: number): number {
  checkKey(k);
  checkInt("lo", lo, -(2 ** 31), 2 ** 31 - 1);
  checkInt("hi", hi, -(2 ** 31) + 1, 2 ** 31);
  if (!(lo < hi)) return randint(k, 1, lo, hi)[0]; // throws the range error
  // Element 0's unit 0 (block (0, 1)) into a reused buffer: no arrays allocated per call.
  // When both of its words are rejected (rare), the general path continues on the stream.
  const r = hi - lo;
  const limit = rejectionLimit(r);
  threefryRun(k.k0, k.k1, 0, 1, 1, ONE_BLOCK, 0);
  let w = ONE_BLOCK[0] >>> 0;
  if (w < limit) return lo + (w % r);
  w = ONE_BLOCK[1] >>> 0;
  if (w < limit) return lo + (w % r);
  return randint(k, 1, lo, hi)[0];
}

/** Scratch for the one block of `randint1` (used within a call only). */
const ONE_BLOCK = new Int32Array(2);

/**
 * Run the first `steps` steps of the forward Fisher–Yates shuffle of 0..n−1 (Durstenfeld 1964):
 * step t swaps position t with t + U{0, n − t − 1}, the bounded draw of element t (draw size n).
 * `swap(t, j)` applies the step; the draws depend only on (key, n, t).
 */
function fisherYates(
  k: Key,
  n: number,
  steps: number,
  swap: (t: number, j: number) => void,
): void {
  const buf = new Int32Array(2 * BATCH);
  const st = elementStream(k, n);
  for (let start = 0; start < steps; start += BATCH) {
    const cnt = Math.min(BATCH, steps - start);
    threefryRun(k.k0, k.k1, start, n + start, cnt, buf, 0);
    for (let u = 0; u < cnt; u++) {
      const t = start + u;
      const r = n - t;
      if (r <= 1) continue; // j = t: nothing to do (and nothing to draw)
      swap(t, t + bounded(buf[2 * u], buf[2 * u + 1], r, rejectionLimit(r), st, t));
    }
  }
}

/**
 * A uniformly random permutation of 0..n−1 (forward Fisher–Yates, every draw unbiased).
 * `choice(key, n, k)` is always the first k entries of `permutation(key, n)`.
 *
 * @param k the key
 * @param n length, integer in [0, 2^31 − 1]
 * @returns a new Int32Array holding each of 0..n−1 once
 * @throws RangeError naming `n`
 * @example
 * ```ts
 * import { key, permutation } from "@neuroplastic/core/random";
 * const order = permutation(key(0), 5);
 * console.log([...order].sort()); // [0, 1, 2, 3, 4]
 * ```
 */
export function permutation(k: Key, n: number): Int32Array {
  checkKey(k);
  checkCount("n", n);
  const a = new Int32Array(n);
  for (let i = 0; i < n; i++) a[i] = i;
  fisherYates(k, n, n, (t, j) => {
    const x = a[t];
    a[t] = a[j];
    a[j] = x;
  });
  return a;
}

/**
 * k distinct values drawn uniformly without replacement from 0..n−1, in random order (every
 * ordered k-tuple equally likely). Runs k steps of the Fisher–Yates shuffle of `permutation`
 * (so the result is `permutation(key, n).subarray(0, k)`), on a dense array when k is a
 * sizeable fraction of n and on a sparse map of displaced entries (O(k) time and memory)
 * when k ≪ n.
 *
 * @param key the key
 * @param n population size, integer in [0, 2^31 − 1]
 * @param k sample size, integer in [0, n]
 * @returns a new Int32Array of length k
 * @throws RangeError naming `n` or `k`
 * @example
 * ```ts
 * import { choice, key } from "@neuroplastic/core/random";
 * const picks = choice(key(3), 1_000_000, 5); // 5 distinct indices, O(5) work
 * console.log(new Set(picks).size); // 5
 * ```
 */
export function choice(key: Key, n: number, k: number): Int32Array {
  checkKey(key);
  checkInt("n", n, 0, MAX_COUNT);
  checkInt("k", k, 0, n);
  const out = new Int32Array(k);
  if (n <= 8 * k + 1024) {
    const a = new Int32Array(n);
    for (let i = 0; i < n; i++) a[i] = i;
    fisherYates(key, n, k, (t, j) => {
      const x = a[t];
      a[t] = a[j];
      a[j] = x;
    });
    out.set(a.subarray(0, k));
    return out;
  }
  // sparse: `moved` holds the entries of the virtual array 0..n−1 that differ from their index
  const moved = new Map<number, number>();
  fisherYates(key, n, k, (t, j) => {
    const at = moved.get(t) ?? t;
    const aj = moved.get(j) ?? j;
    out[t] = aj;
    moved.set(j, at);
  });
  return out;
}
