/**
 * Local learning rules as pure kernels over typed arrays: STDP, iSTDP, intrinsic
 * plasticity, synaptic normalisation, synaptic scaling and structural plasticity.
 *
 * @example
 * ```ts
 * import { stdpDelta } from "@neuroplastic/plasticity";
 * console.log(stdpDelta(0.004, 1, 0, 0, 1)); // 0.004
 * ```
 *
 * @module
 */
export * from "./stdp.ts";
export * from "./istdp.ts";
export * from "./ip.ts";
export * from "./normalization.ts";
export * from "./scaling.ts";
export * from "./structural.ts";
export * from "./hebbian_trace.ts";
export * from "./eligibility.ts";
export * from "./neuromodulation.ts";
export * from "./clip.ts";
