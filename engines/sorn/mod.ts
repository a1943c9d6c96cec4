/**
 * SORN — Self-Organizing Recurrent Network (Lazar, Pipa & Triesch 2009; reference
 * implementation: the `sorn` Python package, Saran-nns/sorn).
 *
 * Pure `initState(config, key)`, `step(state, config, input?)`, and a transient
 * `run(state, config, n, opts)` with streamed records; an event-driven step and a
 * plain dense reference step that agree bit for bit; analysis statistics; a ridge
 * readout; the counting task of Lazar et al. 2009; batches of networks on the CPU or WebGPU
 * (`runSornBatch`, `backend: "cpu" | "gpu" | "auto"`, kernels in `gpu/`); and the commands
 * (`cli`: `run`, `counting`, `batch`; process.ts), reporter and showcase.
 *
 * @example
 * ```ts
 * import { initState, makeConfigSync, run, stateSummary } from "@neuroplastic/engines/sorn";
 * import { key } from "@neuroplastic/core/random";
 * const config = makeConfigSync({});
 * const s = run(initState(config, key(42)), config, 1000);
 * console.log(stateSummary(s).meanRateE);
 * ```
 *
 * @module
 */
export {
  checkInput,
  hIp,
  isPlastic,
  makeConfig,
  makeConfigSync,
  MAX_NEURONS,
  type Mechanism,
  prefixDocs,
  type SornConfig,
  SornConfigSchema,
  sornDefaults,
  sornDocs,
  type SornNetworkConfig,
  SornNetworkSchema,
  validateConfig,
} from "./config.ts";
export {
  cloneState,
  createCounters,
  EE_TRAJECTORY_EVERY,
  FIRST_STEPS,
  initState,
  POPULATION_WINDOW,
  resetCounters,
  type SornState,
  type SpikeCounters,
} from "./state.ts";
export {
  checkShapes,
  createScratch,
  step,
  STEP_IP,
  STEP_ISTDP,
  STEP_SP,
  STEP_SS,
  STEP_STDP,
  STEP_UNIFORM_INPUT,
  stepInPlace,
  stepMask,
  type StepScratch,
} from "./step.ts";
export { type DenseSornState, denseStepInPlace, toDense } from "./dense_step.ts";
export {
  activeIndices,
  ipBinary,
  istdpBinary,
  normalizeTouched,
  stdpBinaryColumns,
  stdpNormBinaryColumns,
} from "./kernels.ts";
/** The wasm normal generator a {@link DrawCache} holds (from `@neuroplastic/core/random`). */
export type { Normal32Generator } from "@neuroplastic/core/random";
export {
  createDrawCache,
  DRAW_BLOCK,
  type DrawCache,
  inputOffset,
  noiseOffset,
  structuralGate,
  structuralPairKey,
} from "./draws.ts";
export {
  RECORD_NAMES,
  type RecordName,
  recordSelectors,
  type RecordSink,
  run,
  type RunOptions,
  runWithRaster,
} from "./run.ts";
export {
  binnedFano,
  lagAutocorrelation,
  POPULATION_FANO_BIN,
  type PopulationStats,
  populationStats,
  recentPopulationCounts,
} from "./population.ts";
export {
  meanSdOf,
  type StatisticsConfig,
  StatisticsConfigSchema,
  statisticsDefaults,
  statisticsDocs,
  statisticsFiles,
  type StatisticsRow,
  statisticsRow,
} from "./statistics.ts";
export {
  autocorrelation,
  averageCorrelation,
  fanoFactor,
  fanoFromCounters,
  firingRates,
  hammingDistance,
  histogram,
  integerHistogram,
  interSpikeIntervals,
  isiExponentialFit,
  lognormalFit,
  networkActivity,
  smoothness,
  spikeSourceEntropy,
  stateSummary,
  synapseWeights,
} from "./stats.ts";
export {
  oneHot,
  readoutReport,
  ridgeClassify,
  ridgeFit,
  type RidgeModel,
  ridgePredict,
} from "./readout.ts";
export {
  COUNTING_SYMBOLS,
  type CountingCell,
  countingCell,
  countingCellAt,
  type CountingConfig,
  CountingConfigSchema,
  countingDefaults,
  countingDocs,
  type CountingMetrics,
  type CountingRow,
  countingRows,
  countingSequence,
  countingStudy,
  countingTrial,
  meanSd,
} from "./counting.ts";
export {
  countingFiles,
  countingJson,
  countingMarkdown,
  countingProtocol,
  countingSvg,
} from "./counting_report.ts";
export {
  type GoldenConfig,
  GoldenConfigSchema,
  goldenDefaults,
  goldenDocs,
  goldenFileName,
  type GoldenStats,
  goldenStats,
} from "./golden.ts";
export {
  type BatchConfig,
  BatchConfigSchema,
  batchDefaults,
  batchDocs,
  runSornBatch,
  type SornBatchOptions,
  type SornBatchRun,
  type SornNetworkFigures,
} from "./batch.ts";
export { batchInitOf, drawCachesOf, fillSornDraws, netParamsOf, shapeOf } from "./gpu/glue.ts";
export {
  allocSornDraws,
  createSornBatch,
  destroySornBatch,
  readSornBatch,
  SORN_CHUNK,
  SORN_FLAG,
  SORN_WG,
  type SornBatch,
  type SornBatchDraws,
  type SornBatchInit,
  sornBatchLimit,
  type SornBatchShape,
  type SornBatchState,
  sornBatchSteps,
  type SornNetParams,
  type SornReadback,
  sornWeightWords,
  writeSornBatch,
} from "./gpu/kernel.ts";
export { cli } from "./engine.ts";
export {
  batchCommand,
  countingProcess,
  type CountingState,
  goldenCommand,
  MAX_PROCESS_PAIRS,
  sornProcess,
  statisticsCommand,
} from "./process.ts";
export { sornReporter } from "./report.ts";
export { sornShowcase } from "./showcase.ts";
// Types of other members that appear in this module's signatures, re-exported so that the
// documentation of this entry point links them (`deno doc --lint` private-type-ref).
export type * from "../core_types.ts";
export type { ColumnSet, SynapseMatrix } from "@neuroplastic/plasticity";
export type { BackendChoice, GpuAdapterInfo, GpuContext, Staging } from "@neuroplastic/gpu";
