/**
 * LNDP — Lifelong Neural Developmental Programs (Plantec, Pedersen, Montero, Nisioti, Risi 2024;
 * reference erwanplantec/LNDP): a graph-transformer + GRU developmental program that grows, prunes
 * and reweights a 32-node policy network during its lifetime, evolved with CMA-ES or OpenAI-ES on
 * gymnax classic-control tasks and a grid chemotaxis task.
 *
 * Commands (`cli`): `train` (process, one step = one generation), `lifetime` and `report`
 * (functions).
 *
 * @module
 */
export {
  acrobot,
  acrobotStepInto,
  acrobotWrap,
  cartPole,
  cartPoleStepInto,
  type Env,
  envByName,
  envStep,
  grid,
  gridStepInto,
  mountainCar,
  mountainCarStepInto,
  pendulum,
  pendulumAngleNormalize,
  pendulumStepInto,
  type StepResult,
  type TaskName,
  TASKS,
} from "./envs/mod.ts";
export type * from "../core_types.ts";
export {
  type LifetimeCommandConfig,
  lifetimeCommandDefaults,
  lifetimeCommandDocs,
  LifetimeCommandSchema,
  type LifetimeConfig,
  lifetimeConfig,
  LifetimeConfigSchema,
  lifetimeDefaults,
  lifetimeDocs,
  lndpDefaults,
  modelDocs,
  modelFields,
  type ReportConfig,
  ReportConfigSchema,
  reportDefaults,
  reportDocs,
  TaskSchema,
  type TrainConfig,
  TrainConfigSchema,
  trainDefaults,
  trainDocs,
  WHICH_GENOMES,
} from "./config.ts";
export {
  EDGE_FEATS,
  EDGE_FEATURES,
  genomeLayout,
  HEADS,
  type Layout,
  type LayoutSpec,
  type Leaf,
  MLP_WIDTH,
  NODE_FEATS,
  NODE_FEATURES,
  type Params,
  QK,
  unflattenParams,
  VF,
} from "./params.ts";
export { allowedMask, makeModel, type Model, type ModelOptions } from "./model.ts";
export { cloneNetState, emptyNetState, initNetGraph, type NetState } from "./state.ts";
export { makeWorkspace, type Workspace } from "./workspace.ts";
export { gruCellInto, mlpSigmoid, sigmoid } from "./gru.ts";
export { type AttentionScratch, edgeGatesInto, graphTransformerInto } from "./attention.ts";
export {
  DECISION_THRESHOLD,
  nodeFeaturesInto,
  outputIdentityInto,
  type UpdateInfo,
  updateInPlace,
} from "./update.ts";
export { updateFastInPlace } from "./fast.ts";
export { naiveGraphTransformer, type NaiveUpdateInfo, naiveUpdateInPlace } from "./naive.ts";
export { forwardInPlace, readAction } from "./forward.ts";
export { expF32, type Precision, PRECISIONS, sigmoidF32, TANH_F32_CLAMP, tanhF32 } from "./f32.ts";
export {
  ouNoiseInto,
  type OuProcess,
  ouProcess,
  ouStationaryCovariance,
  ouStepInPlace,
  symmetricEigen,
} from "./ou.ts";
export { developInPlace, initState, step, stepInPlace, type UpdateFn } from "./step.ts";
export {
  runWasmF32,
  wasmF32Available,
  WasmF32Net,
  wasmNetFor,
  type WasmObserver,
} from "./wasm_f32.ts";
export {
  type LifetimeBuffers,
  lifetimeBuffers,
  type LifetimeObserver,
  type LifetimeResult,
  run,
} from "./run.ts";
export { edgeCount, type Histogram, weightHistogram, weightMoments } from "./stats.ts";
export { analyzeLifetimes, type GraphSnapshot, type LifetimeAnalysis } from "./analysis.ts";
export {
  evaluateBatchInline,
  evaluateGenomeInto,
  evaluateMemberInto,
  type Evaluator,
  makeEvaluator,
  type PopulationResult,
  resultStride,
  unpackResults,
  type UpdateKernel,
  updateKernel,
} from "./population.ts";
export { closePools, evaluatePopulationSync, IDLE_MS, setPoolIdleMs } from "./pool.ts";
export { type BenchOptions, type BenchRow, runBench } from "./bench.ts";
export {
  type AskTell,
  FITNESS_SHAPINGS,
  type FitnessShaping,
  makeStrategy,
  STRATEGIES,
  type StrategyName,
  type StrategySettings,
} from "./strategy.ts";
export {
  type AskedGeneration,
  askGeneration,
  HTTP_MAX_GENERATION_ENV_STEPS,
  httpGenerationProblem,
  initTrain,
  lifetimeOf,
  meanGenome,
  meanOverReps,
  poolWorkers,
  repeatMembers,
  stepTrain,
  tellGeneration,
  trainConfigProblem,
  trainFiles,
  type TrainState,
  trainSummary,
} from "./train.ts";
export { cli, lifetimeCommand, reportCommand, trainProcess } from "./process.ts";
export {
  analysisJson,
  analysisMarkdown,
  benchMarkdown,
  bestSoFarCurve,
  type RunSummary,
  trainMarkdown,
} from "./markdown.ts";
export {
  type GraphSvgOptions,
  lndpCurveSvg,
  lndpGraphCaption,
  lndpGraphSvg,
  lndpLifetimeSections,
  lndpReporter,
} from "./report.ts";
export { lndpShowcase } from "./showcase.ts";
// Types of @neuroplastic/core/chart in this entry point's signatures (GraphSvgOptions.caption),
// re-exported so its documentation links them (`deno doc --lint` private-type-ref).
export type { Caption, Claim } from "@neuroplastic/core/chart";
