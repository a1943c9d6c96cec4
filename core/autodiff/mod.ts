/**
 * `@neuroplastic/core/autodiff`: reverse-mode automatic differentiation on core tensors.
 *
 * No global tape: every {@link Var} holds its value, its parents and a backward closure, and
 * {@link grad} / {@link valueAndGrad} trace a pure function of a parameter pytree, then sweep
 * back from its scalar output. Binary ops broadcast (NumPy rules); the result of an op has the
 * dtype of its first `Var` input (f32 stays f32); numbers are constants.
 *
 * @example
 * ```ts
 * import { crossEntropy, linear, relu, valueAndGrad, type Var } from "@neuroplastic/core/autodiff";
 * import { fromNested } from "@neuroplastic/core/tensor";
 * const params = { W: fromNested([[0.1, -0.2], [0.3, 0.4]]), b: fromNested([0, 0]) };
 * const x = { value: new Float64Array([1, 2]), shape: [1, 2], parents: [], backward: null, requiresGrad: false };
 * const { value, grad } = valueAndGrad((p) => {
 *   const { W, b } = p as { W: Var; b: Var };
 *   return crossEntropy(relu(linear(x, W, b)), [1]);
 * })(params);
 * console.log(value, grad);
 * ```
 *
 * @module
 */
/** Types of the tensors, pytrees and keys this API takes (re-exported for the docs). */
export type { FloatArray, Tensor } from "../tensor/mod.ts";
export type { Tree } from "../tree.ts";
export type { Key } from "../random/mod.ts";
export {
  allocLike,
  type Backward,
  backward,
  constant,
  type GradSink,
  type In,
  isVar,
  makeVar,
  scalar,
  stopGradient,
  toTensor,
  type Var,
  variable,
} from "./var.ts";
export { grad, type LossOut, type ValueAndGrad, valueAndGrad } from "./grad.ts";
export {
  addExpanded,
  addReduced,
  broadcastIndex,
  type BroadcastPlan,
  broadcastPlan,
  broadcastShapes,
  expandInto,
  iota,
  normAxis,
  PLAN_IDENTITY,
  PLAN_INDEX,
  PLAN_REPEAT,
  PLAN_TILE,
  sameShape,
  stridedIndex,
} from "./broadcast.ts";
export { add, clamp, div, mul, neg, pow, sub, where } from "./elementwise.ts";
export { matmul } from "./linalg.ts";
export {
  broadcastTo,
  concat,
  expandDims,
  gather,
  reshape,
  slice,
  squeeze,
  stack,
  transpose,
} from "./shape.ts";
export { max, mean, min, type ReducePlan, reducePlan, sum } from "./reduce.ts";
export {
  abs,
  acosh,
  atanh,
  exp,
  gelu,
  log,
  relu,
  sigmoid,
  softplus,
  sqrt,
  tanh,
} from "./activations.ts";
export { erf } from "./erf.ts";
export { dropout, layerNorm, linear, mse, norm } from "./nn.ts";
export { crossEntropy, logSoftmax, logSumExp, nllLoss, softmax } from "./softmax.ts";
export {
  checkGrad,
  type CheckGradOptions,
  checkGradReport,
  type CheckGradResult,
} from "./gradcheck.ts";
