/**
 * Shaped views over typed arrays: the `Tensor` record, dtypes, constructors and
 * nested-array conversion.
 *
 * A tensor is a plain frozen record `{ data, shape }`; `data` is a contiguous
 * row-major `Float32Array` or `Float64Array`. There is no hidden state and no
 * class: every kernel in `@neuroplastic/core/tensor` works on the raw arrays.
 *
 * @module
 */

/** The two floating-point storage types every kernel accepts. */
export type FloatArray = Float32Array | Float64Array;

/** Name of a storage type: `"f32"` ↔ `Float32Array`, `"f64"` ↔ `Float64Array`. */
export type DType = "f32" | "f64";

/** Arbitrarily nested arrays of numbers (a 0-d value is a plain number). */
export type Nested = number | Nested[];

/** Read-only nested input accepted by {@link fromNested}. */
export type NestedInput = number | readonly NestedInput[];

/**
 * An n-dimensional array: contiguous row-major `data` with its `shape`.
 * `data.length === sizeOf(shape)` always holds for tensors built by this module.
 */
export interface Tensor<A extends FloatArray = FloatArray> {
  /** The elements, contiguous in row-major (C) order. */
  readonly data: A;
  /** Size of each dimension (`[]` for a scalar). */
  readonly shape: readonly number[];
}

/**
 * Number of elements of a shape (product of its dimensions; 1 for the 0-d shape `[]`).
 *
 * @example
 * ```ts
 * import { sizeOf } from "@neuroplastic/core/tensor";
 * sizeOf([2, 3, 4]); // 24
 * ```
 */
export function sizeOf(shape: readonly number[]): number {
  let s = 1;
  for (let i = 0; i < shape.length; i++) s *= shape[i];
  return s;
}

/**
 * Row-major (C-order) strides, in elements, of a shape.
 *
 * @example
 * ```ts
 * import { stridesOf } from "@neuroplastic/core/tensor";
 * stridesOf([2, 3, 4]); // [12, 4, 1]
 * ```
 */
export function stridesOf(shape: readonly number[]): number[] {
  const st = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    st[i] = s;
    s *= shape[i];
  }
  return st;
}

/**
 * The dtype name of a typed array.
 *
 * @example
 * ```ts
 * import { dtypeOf } from "@neuroplastic/core/tensor";
 * dtypeOf(new Float32Array(2)); // "f32"
 * ```
 */
export function dtypeOf(a: FloatArray): DType {
  return a instanceof Float32Array ? "f32" : "f64";
}

/**
 * Allocate a zero-filled typed array of the given dtype and length.
 *
 * @example
 * ```ts
 * import { alloc } from "@neuroplastic/core/tensor";
 * alloc("f32", 3); // Float32Array [0, 0, 0]
 * ```
 */
export function alloc(dtype: DType, n: number): FloatArray {
  return dtype === "f32" ? new Float32Array(n) : new Float64Array(n);
}

function checkShape(shape: readonly number[], what: string): void {
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i];
    if (!Number.isInteger(d) || d < 0) {
      throw new RangeError(
        `${what}: shape [${shape.join(", ")}] has invalid dimension ${d} at axis ${i} ` +
          `(dimensions must be integers ≥ 0)`,
      );
    }
  }
}

/**
 * Wrap a typed array as a tensor of the given shape (no copy).
 * Throws a `RangeError` naming the shape when `data.length` differs from `sizeOf(shape)`
 * or a dimension is not a non-negative integer.
 *
 * @example
 * ```ts
 * import { tensor } from "@neuroplastic/core/tensor";
 * const t = tensor(new Float64Array([1, 2, 3, 4, 5, 6]), [2, 3]);
 * t.shape; // [2, 3]
 * ```
 */
export function tensor<A extends FloatArray>(data: A, shape: readonly number[]): Tensor<A> {
  checkShape(shape, "tensor");
  const n = sizeOf(shape);
  if (n !== data.length) {
    throw new RangeError(
      `tensor: shape [${shape.join(", ")}] needs ${n} elements but data has ${data.length}`,
    );
  }
  return Object.freeze({ data, shape: Object.freeze(shape.slice()) });
}

/**
 * A tensor of zeros. The default dtype is `"f64"`.
 *
 * @example
 * ```ts
 * import { zeros } from "@neuroplastic/core/tensor";
 * zeros([2, 2], "f32").data; // Float32Array [0, 0, 0, 0]
 * ```
 */
export function zeros(shape: readonly number[], dtype: DType = "f64"): Tensor {
  checkShape(shape, "zeros");
  return tensor(alloc(dtype, sizeOf(shape)), shape);
}

/**
 * A tensor filled with `value`. The default dtype is `"f64"`.
 *
 * @example
 * ```ts
 * import { full } from "@neuroplastic/core/tensor";
 * full([3], 0.5).data; // Float64Array [0.5, 0.5, 0.5]
 * ```
 */
export function full(shape: readonly number[], value: number, dtype: DType = "f64"): Tensor {
  checkShape(shape, "full");
  const d = alloc(dtype, sizeOf(shape));
  d.fill(value);
  return tensor(d, shape);
}

/**
 * A tensor of ones. The default dtype is `"f64"`.
 *
 * @example
 * ```ts
 * import { ones } from "@neuroplastic/core/tensor";
 * ones([2]).data; // Float64Array [1, 1]
 * ```
 */
export function ones(shape: readonly number[], dtype: DType = "f64"): Tensor {
  return full(shape, 1, dtype);
}

/**
 * Build a tensor from (rectangular) nested arrays; a bare number gives a 0-d tensor.
 * Throws a `RangeError` for ragged input or non-number leaves. The default dtype is `"f64"`.
 *
 * @example
 * ```ts
 * import { fromNested } from "@neuroplastic/core/tensor";
 * const t = fromNested([[1, 2, 3], [4, 5, 6]], "f32");
 * t.shape; // [2, 3]
 * ```
 */
export function fromNested(nested: NestedInput, dtype: DType = "f64"): Tensor {
  const shape: number[] = [];
  let cur: NestedInput = nested;
  while (Array.isArray(cur)) {
    shape.push(cur.length);
    if (cur.length === 0) break;
    cur = cur[0];
  }
  const data = alloc(dtype, sizeOf(shape));
  let pos = 0;
  const walk = (node: NestedInput, depth: number, path: string): void => {
    if (depth === shape.length) {
      if (typeof node !== "number") {
        throw new RangeError(
          `fromNested: expected a number at ${path || "root"}, got ${typeof node}`,
        );
      }
      data[pos++] = node;
      return;
    }
    if (!Array.isArray(node) || node.length !== shape[depth]) {
      throw new RangeError(
        `fromNested: ragged input at ${path || "root"}: expected an array of length ${
          shape[depth]
        } (inferred shape [${shape.join(", ")}])`,
      );
    }
    for (let i = 0; i < node.length; i++) walk(node[i], depth + 1, `${path}[${i}]`);
  };
  walk(nested, 0, "");
  return tensor(data, shape);
}

/**
 * Convert a tensor to nested plain arrays (a 0-d tensor gives a number).
 *
 * @example
 * ```ts
 * import { tensor, toNested } from "@neuroplastic/core/tensor";
 * toNested(tensor(new Float64Array([1, 2, 3, 4]), [2, 2])); // [[1, 2], [3, 4]]
 * ```
 */
export function toNested(t: Tensor): Nested {
  const { data, shape } = t;
  if (shape.length === 0) return data[0];
  const st = stridesOf(shape);
  const build = (depth: number, off: number): Nested[] => {
    const len = shape[depth];
    const res = new Array<Nested>(len);
    if (depth === shape.length - 1) {
      for (let i = 0; i < len; i++) res[i] = data[off + i];
    } else {
      for (let i = 0; i < len; i++) res[i] = build(depth + 1, off + i * st[depth]);
    }
    return res;
  };
  return build(0, 0);
}
