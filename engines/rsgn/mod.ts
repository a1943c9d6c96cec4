/**
 * RSGN (Resonant Sparse Geometry Networks, HasiHays/RSGN, arXiv 2601.18064): the faithful
 * notebook model with hand-written reverse pass, the Hebbian structural learners, the
 * reference data generators (bit-exact with NumPy), the training loop (`np rsgn train`: one
 * epoch per step, checkpointed and resumed by the orchestrator), our truly sparse variant (top-k
 * hyperbolic neighbours, k-winners-take-all), its GPU connectivity kernel, report and showcase.
 *
 * @example
 * ```ts
 * import { paramCount, presetConfig } from "@neuroplastic/engines/rsgn";
 * const c = presetConfig("hierarchical");
 * console.log(paramCount(c)); // 41672
 * ```
 *
 * @module
 */
export {
  type ConnectivityConfig,
  ConnectivityConfigSchema,
  connectivityDefaults,
  connectivityDocs,
  type DataConfig,
  DataConfigSchema,
  dataDefaults,
  dataDocs,
  decodeRsgnConfig,
  type InfoConfig,
  InfoConfigSchema,
  infoDefaults,
  infoDocs,
  MODEL_NAMES,
  type ModelName,
  PRESET_NAMES,
  presetConfig,
  PRESETS,
  presetWithOverrides,
  type RsgnConfig,
  RsgnConfigSchema,
  rsgnDefaults,
  type RsgnOverrides,
  type RsgnVariant,
  type TableConfig,
  TableConfigSchema,
  tableDefaults,
  tableDocs,
  type Task,
  type TrainConfig,
  TrainConfigSchema,
  trainDefaults,
  trainDocs,
} from "./config.ts";
export {
  type DataOptions,
  type Dataset,
  generateTask,
  hierarchicalData,
  longRangeData,
  type Split,
  splitIndices,
  srcHierarchicalData,
  subset,
  type TaskName,
} from "./data.ts";
export {
  cloneParams,
  countParams,
  initParams,
  PARAM_NAMES,
  paramCount,
  paramShapes,
  type RsgnParams,
  zerosLikeParams,
} from "./params.ts";
export {
  BALL_EPS,
  connectionWeights,
  connectionWeightsBackward,
  type Neighbourhood,
  neighbourhood,
  projectRowsRef,
  projectRowsRefBackward,
  refDistance,
  type WeightsCache,
} from "./weights.ts";
export { erf, gelu, geluGrad, ignite, igniteBackward, type IgnitionCache } from "./ignition.ts";
export {
  ACTIVE_THRESHOLD,
  crossEntropy,
  headBackward,
  rsgnBackward,
  type RsgnCache,
  rsgnForward,
  type RsgnOutput,
  type StepCache,
} from "./model.ts";
export {
  hebbianInit,
  type HebbianOptions,
  hebbianPruneAndSprout,
  type HebbianState,
  hebbianUpdate,
  historyCorrelation,
  NOTEBOOK_HEBBIAN,
} from "./hebbian.ts";
export {
  sparseBackward,
  type SparseCache,
  sparseForward,
  type SparseGraph,
  sparseGraph,
  type SparseOutput,
  type SparseStep,
} from "./sparse.ts";
export { type MacCount, macsPerSample } from "./macs.ts";
export {
  type EpochRecord,
  type EpochStats,
  evaluate,
  initLoop,
  type LoopState,
  orderLike,
  type RunResult,
  trainEpoch,
  type TrainHooks,
  trainRun,
  type TrainSettings,
} from "./train.ts";
export { rsgnTrainable, type TrainableModel } from "./trainable.ts";
export { baselineTrainable } from "./baseline_trainable.ts";
export {
  type ExperimentResult,
  meanStd,
  mergeResults,
  REFERENCE,
  type ResultEpoch,
  resultsMarkdown,
  type RunRecord,
  taskData,
} from "./experiment.ts";
export {
  type FinalGeometry,
  type FinishedRun,
  initState,
  modelOf,
  type TrainSetup,
  trainSetup,
  type TrainState,
} from "./state.ts";
export { epochSeconds, step } from "./step.ts";
export { run } from "./run.ts";
export { experimentResult, trainSummary } from "./stats.ts";
export {
  cli,
  connectivityCommand,
  dataCommand,
  infoCommand,
  tableCommand,
  trainProcess,
} from "./process.ts";
export { nearestEdges, rsgnReporter, rsgnResultSections } from "./report.ts";
export { rsgnShowcase } from "./showcase.ts";
export {
  backendRsgnConnectivity,
  createRsgnConnectivity,
  gpuPoincarePairwise,
  poincarePairwiseCpu,
  RSGN_EPS,
  RSGN_MAX_NORM,
  type RsgnConnectivity,
  rsgnConnectivityCpu,
  type RsgnConnectivityInput,
  type RsgnConnectivityPlan,
  rsgnDistanceFromNorms,
  rsgnProjectRows,
  runRsgnConnectivity,
} from "./gpu/connectivity.ts";
export { refExpMap, refLogMap, refMobiusAdd } from "./refgeom.ts";
export { rsgnForwardAd, type RsgnVars } from "./ad_model.ts";

// Types of other members that appear in this module's signatures, re-exported so that the
// documentation of this entry point links them (`deno doc --lint` private-type-ref).
export type * from "../core_types.ts";
export type { DType, FloatArray, Tensor } from "@neuroplastic/core/tensor";
export type { Tree } from "@neuroplastic/core/tree";
export type { Backward, GradSink, Var } from "@neuroplastic/core/autodiff";
export type { OptState } from "@neuroplastic/core/optim";
export type { Backend } from "@neuroplastic/gpu";
