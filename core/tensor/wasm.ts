/**
 * WebAssembly kernels that only some engines need, kept out of `@neuroplastic/core/tensor` so
 * that the others do not load them: a SIMD `tanh` with the bits of `Math.tanh`
 * ({@link tanhInPlace}) and a resident-input one-hidden-layer tanh network forward pass
 * ({@link createMlpForward}); the WebAssembly emitter (`wasm_emit.ts`) and the vectorised f32
 * exp/sigmoid/tanh emitters (`wasm_simd.ts`) that engines build their own kernels with.
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
export { createMlpForward, type MlpForward, type MlpTile } from "./wasm_mlp.ts";
export {
  emitExp,
  emitHorizontal,
  emitSigmoid,
  emitTanh,
  EXP_CLAMP_ABOVE,
  EXP_FLUSH_BELOW,
  F32,
  FnBuilder,
  ops,
  type VMathFn,
  vmathModule,
} from "./wasm_simd.ts";
export { emitModule, I32, op, V128, type WasmFunction } from "./wasm_emit.ts";
