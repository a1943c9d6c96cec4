/**
 * `@neuroplastic/core/tensor`: shaped typed-array views and dependency-free kernels.
 *
 * - Tensors: {@link tensor}, {@link zeros}, {@link ones}, {@link full}, {@link fromNested},
 *   {@link toNested}, {@link sizeOf}, {@link stridesOf}, {@link dtypeOf}, {@link alloc}.
 * - Dense products: {@link matmulInto} (cache-blocked; WebAssembly SIMD with a plain-JS
 *   fallback), {@link matvecInto}, {@link matmul}, {@link transpose2d}, {@link outerInto}.
 * - Sparse: CSR/CSC builders and matrix–vector products.
 * - Elementwise `…Into` kernels, reductions, and the stable softmax family.
 * - WebAssembly `tanh` with the bits of `Math.tanh` and a resident-input one-hidden-layer tanh
 *   network forward pass live in `@neuroplastic/core/tensor/wasm` (a separate entry point, so
 *   that engines which do not use them do not load them).
 *
 * @example
 * ```ts
 * import { fromNested, matmul, softmaxInto, toNested } from "@neuroplastic/core/tensor";
 * const logits = matmul(fromNested([[1, 2]]), fromNested([[1, 0], [0, 1]]));
 * const p = softmaxInto(new Float64Array(2), logits.data, 2);
 * console.log(toNested(logits), p);
 * ```
 *
 * @module
 */
export {
  alloc,
  type DType,
  dtypeOf,
  type FloatArray,
  fromNested,
  full,
  type Nested,
  type NestedInput,
  ones,
  sizeOf,
  stridesOf,
  type Tensor,
  tensor,
  toNested,
  zeros,
} from "./tensor.ts";
export {
  matmul,
  matmulBackend,
  matmulInto,
  type MatmulOptions,
  matmulPath,
  matvecInto,
  outerInto,
  transpose2d,
  transposeInto,
  WASM_MIN_MACS,
} from "./matmul.ts";
export {
  type Csc,
  cscFromCsr,
  cscFromDense,
  cscMatvecInto,
  type Csr,
  csrFromCoo,
  csrFromCsc,
  csrFromDense,
  csrMatvecInto,
  csrMatvecTInto,
  denseFromCsc,
  denseFromCsr,
} from "./sparse.ts";
export {
  addInto,
  addRowInto,
  axpyInto,
  divInto,
  mapInto,
  mulInto,
  scaleInto,
  subInto,
  zipInto,
} from "./elementwise.ts";
export { argmax, argmin, dot, maxAxis, meanAxis, minAxis, norm2, sum, sumAxis } from "./reduce.ts";
export { logSoftmaxInto, logsumexpRows, softmaxInto } from "./softmax.ts";
