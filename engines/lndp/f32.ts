/**
 * Float32 emulation of the LNDP nonlinearities (`--precision f32`). The reference runs in JAX
 * float32; ours runs in float64 by default. With `precision: "f32"` the input and output of every
 * nonlinear op (tanh of the policy and the GRUs, the GRU and decision sigmoids, exp in the
 * attention softmax, the GRU state blend and the softmax weights) are rounded to float32 with
 * `Math.fround`, while linear layers still accumulate in float64 (their f32-representable inputs
 * make the sums at least as accurate as float32 ones). `Math.fround` was chosen over Float32Array
 * storage so that one kernel serves both precisions and the default path stays float64.
 *
 * tanh follows XLA's CPU float32 kernel (xla/service/llvm_ir/math_ops.cc `EmitFastTanh`): inputs
 * beyond ±7.90531110763549805 return exactly ±1 (the rational approximation is exactly 1 there),
 * so saturated outputs tie exactly, as in the reference, where float64 still orders them
 * (tanh(8.5) < tanh(9.5)). Inside the clamp, fround(tanh(x)) is within an ulp or two of XLA's
 * approximation. The sigmoid is 1/(1 + e^{−x}) with rounding after the exp and the division
 * (jax.nn.sigmoid); environments stay float64.
 *
 * @module
 */

/**
 * |x| beyond which XLA's float32 tanh returns exactly ±1 (`EmitFastTanh`, without FMA).
 *
 * @example
 * ```ts
 * import { TANH_F32_CLAMP } from "@neuroplastic/engines/lndp";
 * console.log(TANH_F32_CLAMP.toFixed(3)); // 7.905
 * ```
 */
export const TANH_F32_CLAMP = 7.90531110763549805;

/**
 * float32 tanh: exactly ±1 beyond {@link TANH_F32_CLAMP}, else fround(tanh(fround(x))).
 *
 * @example
 * ```ts
 * import { tanhF32 } from "@neuroplastic/engines/lndp";
 * console.log(tanhF32(8), Math.tanh(8) === 1); // 1 false
 * ```
 */
export function tanhF32(x: number): number {
  const v = Math.fround(x);
  // XLA EmitFastTanh: the input is clamped to ±7.90531110763549805, where tanh ≈ 1 exactly
  if (v > TANH_F32_CLAMP) return 1;
  if (v < -TANH_F32_CLAMP) return -1;
  return Math.fround(Math.tanh(v));
}

/**
 * float32 logistic sigmoid σ(x) = 1/(1 + e^{−x}), rounded after the exp and the division.
 *
 * @example
 * ```ts
 * import { sigmoidF32 } from "@neuroplastic/engines/lndp";
 * console.log(sigmoidF32(0), sigmoidF32(20)); // 0.5 1
 * ```
 */
export function sigmoidF32(x: number): number {
  // σ(x) = 1/(1 + e^{−x}) (jax.nn.sigmoid), each op in float32
  return Math.fround(1 / Math.fround(1 + Math.fround(Math.exp(-Math.fround(x)))));
}

/**
 * float32 exp: fround(exp(fround(x))).
 *
 * @example
 * ```ts
 * import { expF32 } from "@neuroplastic/engines/lndp";
 * console.log(expF32(0), expF32(-200)); // 1 0
 * ```
 */
export function expF32(x: number): number {
  const r = Math.fround(Math.exp(Math.fround(x)));
  // flush float32 subnormals (< 2^−126) to 0, as XLA's CPU backend does
  return r < 1.1754943508222875e-38 ? 0 : r;
}

/**
 * Numeric precision of the LNDP network: "f64" (ours, default), "f32" (float32 emulation of the
 * reference's nonlinearities) or "f32-wasm" (ours: everything in float32 in the WebAssembly SIMD
 * kernel of `wasm_f32.ts`, with approximate exp/sigmoid/tanh; a different arithmetic, for speed).
 */
export const PRECISIONS = ["f64", "f32", "f32-wasm"] as const;
/** A precision name. */
export type Precision = (typeof PRECISIONS)[number];
