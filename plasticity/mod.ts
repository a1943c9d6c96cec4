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
export { stdpDelta, stdpDense, stdpSparse, stdpSparseColumns } from "./stdp.ts";
export { istdpDelta, istdpDense, istdpSparse } from "./istdp.ts";
export { ipTarget, type IpTargetMode, ipUpdate } from "./ip.ts";
export {
  clearColumnSet,
  type ColumnSet,
  columnSum,
  createColumnSet,
  markColumn,
  normalizeColumnsDense,
  normalizeColumnSetSparse,
  normalizeColumnSparse,
} from "./normalization.ts";
export { rateEstimateUpdate, synapticScaling } from "./scaling.ts";
export {
  ABSENT_PAIR_TRIES,
  addSynapse,
  chooseAbsentPair,
  cloneSynapseMatrix,
  createSynapseMatrix,
  denseWeights,
  pruneZeroSynapses,
  removeSynapse,
  removeSynapseAt,
  structuralChoice,
  synapseCount,
  type SynapseMatrix,
  synapseMatrixFromDense,
  weightAt,
} from "./structural.ts";
export { hebbianTraceBound, hebbianTraceUpdate, traceMatvecInto } from "./hebbian_trace.ts";
export {
  decayingEligibilityUpdate,
  eligibilityAccumulateNaive,
  eligibilityCubedAccumulate,
  eligibilityCubedFromHistory,
  runningAverageUpdate,
} from "./eligibility.ts";
export {
  modulatedHebbUpdate,
  retroactiveHebbUpdate,
  rewardModulatedUpdate,
} from "./neuromodulation.ts";
export { clipInPlace, clipValue } from "./clip.ts";
