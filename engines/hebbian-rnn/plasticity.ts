/**
 * The plasticity kernels this engine uses. They live in `plasticity/` (workspace member
 * `@neuroplastic/plasticity`); this file imports them by path until that package's `mod.ts`
 * re-exports `hebbian_trace.ts`, `eligibility.ts`, `neuromodulation.ts` and `clip.ts`, after which
 * the four lines below become one `export { … } from "@neuroplastic/plasticity"`.
 *
 * @module
 */
export {
  hebbianTraceBound,
  hebbianTraceUpdate,
  traceMatvecInto,
} from "../../plasticity/hebbian_trace.ts";
export {
  eligibilityAccumulateNaive,
  eligibilityCubedAccumulate,
  runningAverageUpdate,
} from "../../plasticity/eligibility.ts";
export { rewardModulatedUpdate } from "../../plasticity/neuromodulation.ts";
export { clipInPlace } from "../../plasticity/clip.ts";
