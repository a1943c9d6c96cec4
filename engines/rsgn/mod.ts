/**
 * RSGN (Resonant Sparse Geometry Networks, HasiHays/RSGN, arXiv 2601.18064): the faithful
 * notebook model with hand-written reverse pass, the Hebbian structural learners, the
 * reference data generators (bit-exact with NumPy), the training loop and our truly sparse
 * variant (top-k hyperbolic neighbours, k-winners-take-all).
 *
 * @example
 * ```ts
 * import { initParams, paramCount, presetConfig, rsgnForward } from "@neuroplastic/engines/rsgn";
 * import { key } from "@neuroplastic/core/random";
 * const c = presetConfig("hierarchical");
 * console.log(paramCount(c)); // 41672
 * ```
 *
 * @module
 */
export * from "./config.ts";
export * from "./data.ts";
export * from "./params.ts";
export * from "./weights.ts";
export * from "./ignition.ts";
export * from "./model.ts";
export * from "./hebbian.ts";
export * from "./sparse.ts";
export * from "./macs.ts";
export * from "./train.ts";
export * from "./trainable.ts";
export * from "./experiment.ts";
export { connectivityCommand } from "./connectivity_cli.ts";
export { cli } from "./cli.ts";
export * from "./refgeom.ts";
export * from "./ad_model.ts";
// Types of other members that appear in this module's signatures, re-exported so that the
// documentation of this entry point links them (`deno doc --lint` private-type-ref).
export type * from "../core_types.ts";
export type { DType, FloatArray, Tensor } from "@neuroplastic/core/tensor";
export type { Tree } from "@neuroplastic/core/tree";
export type { Backward, GradSink, Var } from "@neuroplastic/core/autodiff";
