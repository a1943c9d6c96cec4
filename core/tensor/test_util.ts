/**
 * Shared helpers for the tensor tests: fast-check arbitraries, mathjs conversions and
 * rounding-error-aware comparisons. Test-only; not exported from `mod.ts`.
 *
 * @module
 */
import fc from "fast-check";
import type { FloatArray } from "./tensor.ts";

/** Fixed fast-check parameters used by every property in this folder. */
export const FC: { readonly seed: number; readonly numRuns: number } = { seed: 42, numRuns: 100 };

/** Unit roundoff of f32 (2⁻²⁴) and f64 (2⁻⁵³). */
export const U32: number = 2 ** -24;
/** Unit roundoff of f64. */
export const U64: number = 2 ** -53;

/**
 * A typed array of `len` finite values in [-8, 8] (fast-check also produces zeros, −0,
 * subnormals and the bounds).
 *
 * @example
 * ```ts
 * import { floatArray } from "./test_util.ts";
 * const arb = floatArray(true, 4);
 * ```
 */
export function floatArray(f32: boolean, len: number): fc.Arbitrary<FloatArray> {
  const opts = {
    minLength: len,
    maxLength: len,
    min: -8,
    max: 8,
    noNaN: true,
    noDefaultInfinity: true,
  };
  return f32 ? fc.float32Array(opts) : fc.float64Array(opts);
}

/**
 * Rows×cols block of a flat row-major array as nested numbers for mathjs.
 *
 * @example
 * ```ts
 * import { toRows } from "./test_util.ts";
 * toRows(new Float64Array([1, 2, 3, 4]), 0, 2, 2); // [[1, 2], [3, 4]]
 * ```
 */
export function toRows(a: ArrayLike<number>, off: number, rows: number, cols: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < rows; i++) {
    const r: number[] = [];
    for (let j = 0; j < cols; j++) r.push(a[off + i * cols + j]);
    out.push(r);
  }
  return out;
}

/**
 * Throw with a readable message unless |actual_i − expected_i| ≤ bound_i for all i.
 *
 * @example
 * ```ts
 * import { assertWithin } from "./test_util.ts";
 * assertWithin("x", [1], [1 + 1e-17], [1e-15]);
 * ```
 */
export function assertWithin(
  what: string,
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  bound: ArrayLike<number>,
): void {
  if (actual.length !== expected.length) {
    throw new Error(`${what}: length ${actual.length} ≠ expected ${expected.length}`);
  }
  for (let i = 0; i < actual.length; i++) {
    const err = Math.abs(actual[i] - expected[i]);
    if (!(err <= bound[i]) && !Object.is(actual[i], expected[i])) {
      throw new Error(
        `${what}: element ${i}: got ${actual[i]}, expected ${expected[i]} (|err| ${err} > ${
          bound[i]
        })`,
      );
    }
  }
}

/**
 * Relative-tolerance check: |a − e| ≤ rel·max(|e|, scale) + abs.
 *
 * @example
 * ```ts
 * import { assertClose } from "./test_util.ts";
 * assertClose("y", [1.0000001], [1], 1e-6);
 * ```
 */
export function assertClose(
  what: string,
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  rel: number,
  abs = 0,
  scale = 0,
): void {
  const bound = Array.from(expected, (e) => rel * Math.max(Math.abs(e), scale) + abs);
  assertWithin(what, actual, expected, bound);
}
