/**
 * Neighbouring floating-point values, used to keep rounded samples inside their interval.
 *
 * Float32 outputs are always defined as: compute the float64 sample, round it to the nearest
 * float32 (ties to even, which is what a `Float32Array` store and `Math.fround` do), then, for
 * bounded distributions, move it to the nearest float32 inside the interval if rounding pushed
 * it out. IEEE-754 fixes every step, so the bits are the same on every machine.
 *
 * @module
 */

const F64 = new Float64Array(1);
const I64 = new BigInt64Array(F64.buffer);
const F32 = new Float32Array(1);
const I32 = new Int32Array(F32.buffer);

/**
 * The largest double strictly below x (x finite).
 *
 * @example
 * ```ts
 * import { prevDouble } from "./rounding.ts";
 * console.log(prevDouble(1)); // 0.9999999999999999
 * ```
 */
export function prevDouble(x: number): number {
  if (x === 0) return -Number.MIN_VALUE;
  F64[0] = x;
  I64[0] += x > 0 ? -1n : 1n;
  return F64[0];
}

/**
 * The largest float32 value ≤ x (−Infinity if none).
 *
 * @example
 * ```ts
 * import { f32AtMost } from "./rounding.ts";
 * console.log(f32AtMost(0.1) <= 0.1); // true
 * ```
 */
export function f32AtMost(x: number): number {
  const f = Math.fround(x);
  return f <= x ? f : stepF32(f, -1);
}

/**
 * The smallest float32 value ≥ x (+Infinity if none).
 *
 * @example
 * ```ts
 * import { f32AtLeast } from "./rounding.ts";
 * console.log(f32AtLeast(0.1) >= 0.1); // true
 * ```
 */
export function f32AtLeast(x: number): number {
  const f = Math.fround(x);
  return f >= x ? f : stepF32(f, 1);
}

/**
 * The largest float32 value strictly below x.
 *
 * @example
 * ```ts
 * import { f32Below } from "./rounding.ts";
 * console.log(f32Below(1)); // 0.9999999403953552
 * ```
 */
export function f32Below(x: number): number {
  const f = f32AtMost(x);
  return f < x ? f : stepF32(f, -1);
}

/** The float32 neighbour of the float32 value f in direction dir (±1). */
function stepF32(f: number, dir: 1 | -1): number {
  if (f === Infinity) return dir < 0 ? 3.4028234663852886e38 : Infinity;
  if (f === -Infinity) return dir > 0 ? -3.4028234663852886e38 : -Infinity;
  if (f === 0) return dir * 1.401298464324817e-45;
  F32[0] = f;
  // moving away from zero increments the magnitude bits
  I32[0] += (f > 0) === (dir > 0) ? 1 : -1;
  return F32[0];
}
