/**
 * Exact port of NumPy's legacy `numpy.random.RandomState` on MT19937 (Matsumoto & Nishimura,
 * ACM TOMACS 8(1), 1998; NumPy `numpy/random/src/mt19937/mt19937.c`, `_mt19937.pyx`,
 * `src/legacy/legacy-distributions.c`, `src/distributions/distributions.c`, `mtrand.pyx`),
 * to reproduce reference experiments that seed NumPy's global RNG bit for bit.
 *
 * The state is explicit plain data (`RandomState`): clone it with `cloneRandomState`,
 * serialise it with `randomStateToJson`. Only the functions here mutate it.
 * Import as a namespace: `import { numpy } from "@neuroplastic/core/random"`, then
 * `numpy.randomState(42)`.
 *
 * Bit-exactness: every integer, uniform, permutation and state output equals NumPy's. `randn`
 * and `normal` need ln(r²); NumPy takes it from the C library (glibc on Linux, not correctly
 * rounded), this port from `Math.log` (in V8 15 it matched a correctly rounded log on every
 * input checked), so a few deviates differ from NumPy in the last bit: 710 of 2,000,000
 * `randn` values from RandomState(2024) (max relative difference 4.4e-16) against NumPy 2.4.6
 * with glibc 2.36. Such a difference never changes how many words are drawn, so the streams
 * never drift apart, and it almost never survives a cast to float32.
 *
 * @module
 */
import { checkFinite, checkInt } from "./validate.ts";

const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;

/**
 * NumPy legacy RandomState: MT19937 key (624 words), position in it, and the cached second
 * normal deviate of the Marsaglia polar method (`null` when none is cached).
 */
export interface RandomState {
  /** The 624-word MT19937 key (NumPy `get_state()[1]`). */
  readonly mt: Uint32Array;
  /** Index of the next word to temper, 0..624; 624 means "regenerate first". */
  pos: number;
  /** The cached polar-method deviate, or `null` (NumPy `has_gauss`/`cached_gaussian`). */
  gauss: number | null;
}

/**
 * `numpy.random.RandomState(seed)`: MT19937 `init_genrand(seed)`
 * (mt[0] = seed, mt[i] = 1812433253·(mt[i−1] ^ (mt[i−1] >> 30)) + i mod 2^32), pos = 624.
 *
 * @param seed integer in [0, 2^32 − 1]
 * @returns a fresh state
 * @throws RangeError naming `seed`
 * @example
 * ```ts
 * import { numpy } from "@neuroplastic/core/random";
 * const rs = numpy.randomState(12345);
 * console.log(numpy.randomSample(rs, 1)[0].toFixed(8)); // "0.92961609"
 * ```
 */
export function randomState(seed: number): RandomState {
  checkInt("seed", seed, 0, 0xffffffff);
  const mt = new Uint32Array(N);
  let s = seed >>> 0;
  for (let i = 0; i < N; i++) {
    mt[i] = s;
    s = (Math.imul(1812433253, s ^ (s >>> 30)) + i + 1) >>> 0;
  }
  return { mt, pos: N, gauss: null };
}

/**
 * An independent copy of a state (the two then produce the same sequence).
 *
 * @example
 * ```ts
 * import { numpy } from "@neuroplastic/core/random";
 * const a = numpy.randomState(1);
 * const b = numpy.cloneRandomState(a);
 * console.log(numpy.nextUint32(a) === numpy.nextUint32(b)); // true
 * ```
 */
export function cloneRandomState(rs: RandomState): RandomState {
  return { mt: rs.mt.slice(), pos: rs.pos, gauss: rs.gauss };
}

/** Regenerate the 624-word block (MT19937 `genrand`, NumPy `mt19937_gen`). */
function regenerate(mt: Uint32Array): void {
  let i = 0;
  let y = 0;
  for (; i < N - M; i++) {
    y = (mt[i] & UPPER_MASK) | (mt[i + 1] & LOWER_MASK);
    mt[i] = mt[i + M] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
  }
  for (; i < N - 1; i++) {
    y = (mt[i] & UPPER_MASK) | (mt[i + 1] & LOWER_MASK);
    mt[i] = mt[i + M - N] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
  }
  y = (mt[N - 1] & UPPER_MASK) | (mt[0] & LOWER_MASK);
  mt[N - 1] = mt[M - 1] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
}

/**
 * Next 32-bit output (MT19937 tempering), as NumPy's `mt19937_next32`.
 *
 * @example
 * ```ts
 * import { numpy } from "@neuroplastic/core/random";
 * console.log(numpy.nextUint32(numpy.randomState(5489))); // 3499211612
 * ```
 */
export function nextUint32(rs: RandomState): number {
  if (rs.pos >= N) {
    regenerate(rs.mt);
    rs.pos = 0;
  }
  let y = rs.mt[rs.pos++];
  y ^= y >>> 11;
  y ^= (y << 7) & 0x9d2c5680;
  y ^= (y << 15) & 0xefc60000;
  y ^= y >>> 18;
  return y >>> 0;
}

/**
 * Next double in [0, 1): ((a >> 5)·67108864 + (b >> 6)) / 2^53 from two 32-bit outputs
 * (NumPy `mt19937_next_double`, MT19937 `genrand_res53`).
 *
 * @example
 * ```ts
 * import { numpy } from "@neuroplastic/core/random";
 * console.log(numpy.nextDouble(numpy.randomState(0)).toFixed(8)); // "0.54881350"
 * ```
 */
export function nextDouble(rs: RandomState): number {
  const a = nextUint32(rs) >>> 5;
  const b = nextUint32(rs) >>> 6;
  return (a * 67108864 + b) / 9007199254740992;
}

function checkSize(n: number): void {
  checkInt("n", n, 0, 2 ** 32 - 1);
}

/**
 * `RandomState.random_sample(n)`: n doubles in [0, 1) (`nextDouble`).
 *
 * @example
 * ```ts
 * import { numpy } from "@neuroplastic/core/random";
 * const u = numpy.randomSample(numpy.randomState(12345), 5);
 * console.log(u[4].toFixed(8)); // "0.56772503"
 * ```
 */
export function randomSample(rs: RandomState, n: number): Float64Array {
  checkSize(n);
  const out = new Float64Array(n);
  const mt = rs.mt;
  let pos = rs.pos;
  for (let i = 0; i < n; i++) {
    // two tempered outputs, inlined from nextUint32
    if (pos >= N) {
      regenerate(mt);
      pos = 0;
    }
    let a = mt[pos++];
    a ^= a >>> 11;
    a ^= (a << 7) & 0x9d2c5680;
    a ^= (a << 15) & 0xefc60000;
    a ^= a >>> 18;
    if (pos >= N) {
      regenerate(mt);
      pos = 0;
    }
    let b = mt[pos++];
    b ^= b >>> 11;
    b ^= (b << 7) & 0x9d2c5680;
    b ^= (b << 15) & 0xefc60000;
    b ^= b >>> 18;
    out[i] = ((a >>> 5) * 67108864 + (b >>> 6)) / 9007199254740992;
  }
  rs.pos = pos;
  return out;
}

/**
 * `RandomState.uniform(lo, hi, n)`: lo + (hi − lo)·random_sample (NumPy `random_uniform`).
 * As in NumPy, hi < lo is allowed (values then lie in (hi, lo]).
 *
 * @param lo finite bound
 * @param hi finite bound, with hi − lo finite
 * @throws RangeError naming `lo`, `hi` or `n`
 * @example
 * ```ts
 * import { numpy } from "@neuroplastic/core/random";
 * const nf = numpy.uniform(numpy.randomState(12345), 0.1, 10, 100);
 * console.log(nf[0].toFixed(8)); // "9.30319932" (GENREG noise frequency NF[0])
 * ```
 */
export function uniform(rs: RandomState, lo: number, hi: number, n: number): Float64Array {
  checkFinite("lo", lo);
  checkFinite("hi", hi);
  const range = hi - lo;
  if (!Number.isFinite(range)) throw new RangeError(`hi - lo must be finite, got ${range}`);
  const out = randomSample(rs, n);
  for (let i = 0; i < n; i++) out[i] = lo + range * out[i];
  return out;
}

/**
 * One standard normal deviate, NumPy `legacy_gauss` (Marsaglia polar method): return the cached
 * value if any; else draw x1, x2 = 2·double − 1 until 0 < r² = x1² + x2² < 1,
 * f = √(−2·ln(r²)/r²), cache f·x1 and return f·x2.
 *
 * @example
 * ```ts
 * import { numpy } from "@neuroplastic/core/random";
 * console.log(numpy.gauss(numpy.randomState(0)).toFixed(8)); // "1.76405235"
 * ```
 */
export function gauss(rs: RandomState): number {
  if (rs.gauss !== null) {
    const g = rs.gauss;
    rs.gauss = null;
    return g;
  }
  let x1 = 0;
  let x2 = 0;
  let r2 = 0;
  do {
    x1 = 2.0 * nextDouble(rs) - 1.0;
    x2 = 2.0 * nextDouble(rs) - 1.0;
    r2 = x1 * x1 + x2 * x2;
  } while (r2 >= 1.0 || r2 === 0.0);
  const f = Math.sqrt((-2.0 * Math.log(r2)) / r2);
  rs.gauss = f * x1;
  return f * x2;
}

/**
 * `RandomState.randn(n)` / `standard_normal(n)`: n calls of `gauss` (the cache persists
 * across calls, including calls to other functions).
 *
 * @example
 * ```ts
 * import { numpy } from "@neuroplastic/core/random";
 * const z = numpy.randn(numpy.randomState(0), 3);
 * console.log(z[2].toFixed(8)); // "0.97873798"
 * ```
 */
export function randn(rs: RandomState, n: number): Float64Array {
  checkSize(n);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = gauss(rs);
  return out;
}

/**
 * `RandomState.normal(loc, scale, n)`: loc + scale·gauss (NumPy `legacy_normal`).
 *
 * @param loc finite mean
 * @param scale finite standard deviation ≥ 0
 * @throws RangeError naming `loc`, `scale` or `n`
 * @example
 * ```ts
 * import { numpy } from "@neuroplastic/core/random";
 * const x = numpy.normal(numpy.randomState(0), 10, 2, 1);
 * console.log(x[0].toFixed(6)); // "13.528105"
 * ```
 */
export function normal(rs: RandomState, loc: number, scale: number, n: number): Float64Array {
  checkFinite("loc", loc);
  checkFinite("scale", scale);
  if (!(scale >= 0)) throw new RangeError(`scale must be ≥ 0, got ${scale}`);
  checkSize(n);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = loc + scale * gauss(rs);
  return out;
}

/** Smallest all-ones mask ≥ x (x < 2^32): bits smeared right. */
function smear(x: number): number {
  let m = x >>> 0;
  m |= m >>> 1;
  m |= m >>> 2;
  m |= m >>> 4;
  m |= m >>> 8;
  m |= m >>> 16;
  return m >>> 0;
}

/**
 * Uniform integer in [0, max] by masked rejection: draw (u32 & mask) until ≤ max, where mask is
 * max with its bits smeared right (NumPy `random_interval` / `buffered_bounded_masked_uint32`).
 * max = 0 draws nothing. max must be < 2^32.
 *
 * @example
 * ```ts
 * import { numpy } from "@neuroplastic/core/random";
 * const j = numpy.interval(numpy.randomState(0), 9);
 * console.log(j >= 0 && j <= 9); // true
 * ```
 */
export function interval(rs: RandomState, max: number): number {
  if (max === 0) return 0;
  const mask = smear(max);
  let v = 0;
  do {
    v = (nextUint32(rs) & mask) >>> 0;
  } while (v > max);
  return v;
}

/**
 * `RandomState.randint(lo, hi, n)` (default int64 dtype, masked rejection): rng = hi − 1 − lo,
 * each value lo + interval(rng). When rng = 0 nothing is drawn, as in NumPy.
 *
 * @param lo integer ≥ −2^31
 * @param hi integer in (lo, 2^31] (use `randintWide` for larger values)
 * @throws RangeError naming `lo`, `hi` or `n`
 * @example
 * ```ts
 * import { numpy } from "@neuroplastic/core/random";
 * const y = numpy.randint(numpy.randomState(42), 0, 10, 5);
 * console.log(y.length); // 5
 * ```
 */
export function randint(rs: RandomState, lo: number, hi: number, n: number): Int32Array {
  checkInt("lo", lo, -(2 ** 31), 2 ** 31 - 1);
  checkInt("hi", hi, -(2 ** 31) + 1, 2 ** 31);
  if (!(lo < hi)) throw new RangeError(`lo must be < hi, got lo = ${lo}, hi = ${hi}`);
  checkSize(n);
  const rng = hi - 1 - lo;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = lo + interval(rs, rng);
  return out;
}

/**
 * `RandomState.randint(lo, hi, n)` for ranges beyond 32 bits, as float64 integers: for
 * rng = hi − 1 − lo ≥ 2^32 NumPy draws 64-bit words (first output high) masked by rng smeared
 * right until ≤ rng; below 2^32 it is the same as `randint`.
 *
 * @param lo safe integer
 * @param hi safe integer > lo, with hi − lo ≤ 2^53
 * @throws RangeError naming `lo`, `hi` or `n`
 * @example
 * ```ts
 * import { numpy } from "@neuroplastic/core/random";
 * const big = numpy.randintWide(numpy.randomState(0), 0, 2 ** 40, 2);
 * console.log(big.every((x) => Number.isInteger(x) && x < 2 ** 40)); // true
 * ```
 */
export function randintWide(rs: RandomState, lo: number, hi: number, n: number): Float64Array {
  if (!Number.isSafeInteger(lo)) throw new RangeError(`lo must be a safe integer, got ${lo}`);
  if (!Number.isSafeInteger(hi)) throw new RangeError(`hi must be a safe integer, got ${hi}`);
  if (!(lo < hi) || hi - lo > 2 ** 53) {
    throw new RangeError(`hi must satisfy lo < hi ≤ lo + 2^53, got lo = ${lo}, hi = ${hi}`);
  }
  checkSize(n);
  const rng = hi - 1 - lo;
  const out = new Float64Array(n);
  if (rng <= 0xffffffff) {
    for (let i = 0; i < n; i++) out[i] = lo + interval(rs, rng);
    return out;
  }
  const maskHi = smear(Math.floor(rng / 4294967296)); // low mask word is all ones
  for (let i = 0; i < n; i++) {
    let v = 0;
    do {
      const a = (nextUint32(rs) & maskHi) >>> 0;
      const b = nextUint32(rs);
      v = a * 4294967296 + b;
    } while (v > rng);
    out[i] = lo + v;
  }
  return out;
}

/**
 * `RandomState.shuffle(arr)` in place: Fisher–Yates for i = len−1 down to 1, j = interval(i),
 * swap arr[i] and arr[j] (NumPy `_shuffle_raw`; the first axis of a 1-d array or list).
 *
 * @example
 * ```ts
 * import { numpy } from "@neuroplastic/core/random";
 * const xs = [10, 20, 30, 40];
 * numpy.shuffle(numpy.randomState(0), xs);
 * console.log(xs.length); // 4
 * ```
 */
export function shuffle<T>(rs: RandomState, arr: { [i: number]: T; length: number }): void {
  checkSize(arr.length);
  for (let i = arr.length - 1; i >= 1; i--) {
    const j = interval(rs, i);
    const x = arr[i];
    arr[i] = arr[j];
    arr[j] = x;
  }
}

/**
 * `RandomState.permutation(n)`: shuffle of 0..n−1.
 *
 * @param n integer in [0, 2^31 − 1]
 * @example
 * ```ts
 * import { numpy } from "@neuroplastic/core/random";
 * const p = numpy.permutation(numpy.randomState(42), 5000);
 * console.log(p[0], p[1], p[2], p[3]); // 1501 2586 2653 1055
 * ```
 */
export function permutation(rs: RandomState, n: number): Int32Array {
  checkInt("n", n, 0, 2 ** 31 - 1);
  const a = new Int32Array(n);
  for (let i = 0; i < n; i++) a[i] = i;
  shuffle(rs, a);
  return a;
}

/** JSON form of a `RandomState`. */
export interface RandomStateJson {
  /** The 624 key words. */
  mt: number[];
  /** Position, 0..624. */
  pos: number;
  /** Cached deviate or `null`. */
  gauss: number | null;
}

/**
 * A JSON-safe copy of the state. NumPy's `get_state()` is ('MT19937', keys, pos, has_gauss,
 * cached_gaussian): keys = mt, pos = pos, gauss = has_gauss ? cached_gaussian : null.
 *
 * @example
 * ```ts
 * import { numpy } from "@neuroplastic/core/random";
 * const json = JSON.stringify(numpy.randomStateToJson(numpy.randomState(7)));
 * console.log(json.length > 0); // true
 * ```
 */
export function randomStateToJson(rs: RandomState): RandomStateJson {
  return { mt: Array.from(rs.mt), pos: rs.pos, gauss: rs.gauss };
}

/**
 * Rebuild a state from `randomStateToJson` output (or from NumPy's `get_state()` fields).
 *
 * @throws RangeError naming `mt`, `pos` or `gauss`
 * @example
 * ```ts
 * import { numpy } from "@neuroplastic/core/random";
 * const rs = numpy.randomStateFromJson(numpy.randomStateToJson(numpy.randomState(7)));
 * console.log(rs.pos); // 624
 * ```
 */
export function randomStateFromJson(json: RandomStateJson): RandomState {
  if (!Array.isArray(json.mt) || json.mt.length !== N) {
    throw new RangeError(`mt must be an array of ${N} words`);
  }
  for (const w of json.mt) checkInt("mt[i]", w, 0, 0xffffffff);
  checkInt("pos", json.pos, 0, N);
  if (json.gauss !== null) checkFinite("gauss", json.gauss);
  return { mt: Uint32Array.from(json.mt), pos: json.pos, gauss: json.gauss };
}
