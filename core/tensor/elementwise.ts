/**
 * Elementwise kernels over flat typed arrays. Each writes into `out` and returns it;
 * `out` may be the same array as an input (every element is read before it is written).
 * Lengths must match exactly, otherwise a `RangeError` names both lengths.
 *
 * @module
 */
import type { FloatArray } from "./tensor.ts";

function sameLength(what: string, out: FloatArray, a: FloatArray, b?: FloatArray): void {
  if (out.length !== a.length || (b !== undefined && b.length !== a.length)) {
    const lens = b === undefined ? `${a.length}` : `${a.length} and ${b.length}`;
    throw new RangeError(`${what}: length mismatch: out has ${out.length}, inputs have ${lens}`);
  }
}

/**
 * `out[i] = f(a[i], i)`.
 *
 * @example
 * ```ts
 * import { mapInto } from "@neuroplastic/core/tensor";
 * const a = new Float64Array([1, 2, 3]);
 * mapInto(a, a, (v) => v * v); // a is now [1, 4, 9]
 * ```
 */
export function mapInto(
  out: FloatArray,
  a: FloatArray,
  f: (v: number, i: number) => number,
): FloatArray {
  sameLength("mapInto", out, a);
  for (let i = 0; i < a.length; i++) out[i] = f(a[i], i);
  return out;
}

/**
 * `out[i] = f(a[i], b[i], i)`.
 *
 * @example
 * ```ts
 * import { zipInto } from "@neuroplastic/core/tensor";
 * zipInto(new Float64Array(2), new Float64Array([1, 2]), new Float64Array([3, 4]), Math.max); // [3, 4]
 * ```
 */
export function zipInto(
  out: FloatArray,
  a: FloatArray,
  b: FloatArray,
  f: (x: number, y: number, i: number) => number,
): FloatArray {
  sameLength("zipInto", out, a, b);
  for (let i = 0; i < a.length; i++) out[i] = f(a[i], b[i], i);
  return out;
}

/**
 * `out = a + b` elementwise.
 *
 * @example
 * ```ts
 * import { addInto } from "@neuroplastic/core/tensor";
 * addInto(new Float64Array(2), new Float64Array([1, 2]), new Float64Array([3, 4])); // [4, 6]
 * ```
 */
export function addInto(out: FloatArray, a: FloatArray, b: FloatArray): FloatArray {
  sameLength("addInto", out, a, b);
  for (let i = 0; i < a.length; i++) out[i] = a[i] + b[i];
  return out;
}

/**
 * `out = a − b` elementwise.
 *
 * @example
 * ```ts
 * import { subInto } from "@neuroplastic/core/tensor";
 * subInto(new Float64Array(2), new Float64Array([1, 2]), new Float64Array([3, 4])); // [-2, -2]
 * ```
 */
export function subInto(out: FloatArray, a: FloatArray, b: FloatArray): FloatArray {
  sameLength("subInto", out, a, b);
  for (let i = 0; i < a.length; i++) out[i] = a[i] - b[i];
  return out;
}

/**
 * `out = a ⊙ b` (elementwise product).
 *
 * @example
 * ```ts
 * import { mulInto } from "@neuroplastic/core/tensor";
 * mulInto(new Float64Array(2), new Float64Array([1, 2]), new Float64Array([3, 4])); // [3, 8]
 * ```
 */
export function mulInto(out: FloatArray, a: FloatArray, b: FloatArray): FloatArray {
  sameLength("mulInto", out, a, b);
  for (let i = 0; i < a.length; i++) out[i] = a[i] * b[i];
  return out;
}

/**
 * `out = a ⊘ b` (elementwise quotient, IEEE semantics: x/0 = ±Infinity, 0/0 = NaN).
 *
 * @example
 * ```ts
 * import { divInto } from "@neuroplastic/core/tensor";
 * divInto(new Float64Array(2), new Float64Array([1, 2]), new Float64Array([4, 4])); // [0.25, 0.5]
 * ```
 */
export function divInto(out: FloatArray, a: FloatArray, b: FloatArray): FloatArray {
  sameLength("divInto", out, a, b);
  for (let i = 0; i < a.length; i++) out[i] = a[i] / b[i];
  return out;
}

/**
 * `out = s · a`.
 *
 * @example
 * ```ts
 * import { scaleInto } from "@neuroplastic/core/tensor";
 * scaleInto(new Float64Array(2), new Float64Array([1, 2]), 3); // [3, 6]
 * ```
 */
export function scaleInto(out: FloatArray, a: FloatArray, s: number): FloatArray {
  sameLength("scaleInto", out, a);
  for (let i = 0; i < a.length; i++) out[i] = s * a[i];
  return out;
}

/**
 * `y += α x` in place (BLAS xAXPY). Returns `y`.
 *
 * @example
 * ```ts
 * import { axpyInto } from "@neuroplastic/core/tensor";
 * axpyInto(new Float64Array([1, 1]), 2, new Float64Array([1, 2])); // [3, 5]
 * ```
 */
export function axpyInto(y: FloatArray, alpha: number, x: FloatArray): FloatArray {
  sameLength("axpyInto", y, x);
  for (let i = 0; i < x.length; i++) y[i] += alpha * x[i];
  return y;
}

/**
 * Row broadcast (bias add): `out[r·n + j] = a[r·n + j] + row[j]` for every row r of the
 * rows×n matrix `a` (`row.length` = n). `out` may alias `a`.
 *
 * @example
 * ```ts
 * import { addRowInto } from "@neuroplastic/core/tensor";
 * const x = new Float64Array([1, 2, 3, 4]); // 2×2
 * addRowInto(x, x, new Float64Array([10, 20])); // [11, 22, 13, 24]
 * ```
 */
export function addRowInto(out: FloatArray, a: FloatArray, row: FloatArray): FloatArray {
  sameLength("addRowInto", out, a);
  const n = row.length;
  if (n === 0 ? a.length !== 0 : a.length % n !== 0) {
    throw new RangeError(`addRowInto: length ${a.length} is not a multiple of the row length ${n}`);
  }
  for (let r = 0; r < a.length; r += n) {
    for (let j = 0; j < n; j++) out[r + j] = a[r + j] + row[j];
  }
  return out;
}
