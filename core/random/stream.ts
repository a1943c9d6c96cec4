/**
 * Per-element random streams: how every sampler in this folder turns (key, n) into bits.
 *
 * Element i of a draw of size n owns an unbounded sequence of 64-bit *units*:
 * - unit 0 = Threefry(key, (i, n + i)): exactly the i-th word pair of JAX's
 *   `random_bits(key, 64, (n,))` (classic), high word y0, low word y1;
 * - unit j ≥ 1 = Threefry(key′, (i, j − 1)) with the *secondary key*
 *   key′ = Threefry(key, (2^32 − 1, 2^32 − 1)), a counter that `split`, `fold` and
 *   `randomBits` never use, so key′ is independent of every key derived from `key`.
 *
 * Almost every sample needs only unit 0 (computed in batches by `threefryRun`); rejection
 * samplers continue on units 1, 2, ... of the same element. Element i's value therefore depends
 * only on (key, n, i, params): same bits on every machine, any element computable alone.
 *
 * @module
 */
import type { Key } from "./key.ts";
import { threefryRun } from "./threefry.ts";

/** 2^-53. */
export const TWO_M53 = 1.1102230246251565e-16;

/**
 * The double in [0, 1) made of the top 53 bits of the 64-bit unit hi·2^32 + lo:
 * u = (hi·2^21 + ⌊lo / 2^11⌋) · 2^-53. (JAX's float64 `uniform` keeps the top 52 bits, so its
 * value is this one with the last bit cleared.)
 *
 * @example
 * ```ts
 * import { unitDouble } from "./stream.ts";
 * console.log(unitDouble(0xffffffff, 0xffffffff)); // 1 - 2^-53
 * ```
 */
export function unitDouble(hi: number, lo: number): number {
  return ((hi >>> 0) * 2097152 + (lo >>> 11)) * TWO_M53;
}

/** Mutable cursor over element streams; local to one sampler call, never shared. */
export interface ElementStream {
  /** primary key words */
  readonly k0: number;
  readonly k1: number;
  /** secondary key words */
  readonly s0: number;
  readonly s1: number;
  /** sample count n of the draw */
  readonly n: number;
  /** current element index */
  elem: number;
  /** index of the next unit to draw for `elem` */
  j: number;
  /** high word (y0) of the last unit drawn, as int32 bits */
  hi: number;
  /** low word (y1) of the last unit drawn, as int32 bits */
  lo: number;
  /** scratch for one Threefry block */
  readonly buf: Int32Array;
}

/**
 * A stream cursor for a draw of `n` elements under `key`.
 *
 * @example
 * ```ts
 * import { elementStream, nextUnit, startElement } from "./stream.ts";
 * const st = elementStream({ k0: 0, k1: 1 }, 10);
 * startElement(st, 3);
 * nextUnit(st); // unit 0 of element 3
 * console.log(st.hi, st.lo);
 * ```
 */
export function elementStream(key: Key, n: number): ElementStream {
  const buf = new Int32Array(2);
  threefryRun(key.k0, key.k1, 0xffffffff, 0xffffffff, 1, buf, 0);
  return { k0: key.k0, k1: key.k1, s0: buf[0], s1: buf[1], n, elem: 0, j: 0, hi: 0, lo: 0, buf };
}

/**
 * Position the cursor at the start of element i (next unit is unit 0).
 *
 * @example
 * ```ts
 * import { elementStream, startElement } from "./stream.ts";
 * const st = elementStream({ k0: 0, k1: 1 }, 10);
 * startElement(st, 9);
 * ```
 */
export function startElement(st: ElementStream, i: number): void {
  st.elem = i;
  st.j = 0;
}

/**
 * Draw the next unit of the current element into `st.hi`, `st.lo`.
 *
 * @example
 * ```ts
 * import { elementStream, nextUnit, startElement, unitDouble } from "./stream.ts";
 * const st = elementStream({ k0: 0, k1: 1 }, 1);
 * startElement(st, 0);
 * nextUnit(st);
 * console.log(unitDouble(st.hi, st.lo));
 * ```
 */
export function nextUnit(st: ElementStream): void {
  if (st.j === 0) {
    threefryRun(st.k0, st.k1, st.elem, st.n + st.elem, 1, st.buf, 0);
  } else {
    threefryRun(st.s0, st.s1, st.elem, st.j - 1, 1, st.buf, 0);
  }
  st.j++;
  st.hi = st.buf[0];
  st.lo = st.buf[1];
}

/**
 * Draw the next unit and return it as a double in [0, 1) (`unitDouble`).
 *
 * @example
 * ```ts
 * import { elementStream, nextDouble, startElement } from "./stream.ts";
 * const st = elementStream({ k0: 0, k1: 1 }, 1);
 * startElement(st, 0);
 * console.log(nextDouble(st) < 1);
 * ```
 */
export function nextDouble(st: ElementStream): number {
  nextUnit(st);
  return unitDouble(st.hi, st.lo);
}

/** Block count per batch in the samplers' hot loops (2 KiB of scratch). */
export const BATCH = 256;
