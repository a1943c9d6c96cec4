/**
 * WebAssembly kernels that only some engines need, kept out of `@neuroplastic/core/tensor` so
 * that the others do not load them: a SIMD `tanh` with the bits of `Math.tanh`
 * ({@link tanhInPlace}) and a resident-input one-hidden-layer tanh network forward pass
 * ({@link createMlpForward}).
 *
 * @example
 * ```ts
 * import { tanhInPlace } from "@neuroplastic/core/tensor/wasm";
 * const x = Float64Array.of(-1, 0, 0.5);
 * tanhInPlace(x);
 * console.log(x[2] === Math.tanh(0.5)); // true
 * ```
 *
 * @module
 */
export {
  TANH_PROBES,
  tanhInPlace,
  tanhScratch,
  tanhScratchRun,
  wasmTanhAvailable,
} from "./wasm_tanh.ts";
export { createMlpForward, type MlpForward } from "./wasm_mlp.ts";
