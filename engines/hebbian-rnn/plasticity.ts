/**
 * The plasticity kernels this engine uses, from `@neuroplastic/plasticity`
 * (`hebbian_trace.ts`, `eligibility.ts`, `neuromodulation.ts`, `clip.ts`).
 *
 * @module
 */
export {
  clipInPlace,
  clipValue,
  decayingEligibilityUpdate,
  eligibilityAccumulateNaive,
  eligibilityCubedAccumulate,
  eligibilityCubedFromHistory,
  hebbianTraceBound,
  hebbianTraceUpdate,
  modulatedHebbUpdate,
  retroactiveHebbUpdate,
  rewardModulatedUpdate,
  runningAverageUpdate,
  traceMatvecInto,
} from "@neuroplastic/plasticity";
