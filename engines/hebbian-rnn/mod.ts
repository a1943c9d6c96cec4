/**
 * Hebbian RNN with neuromodulation, in three modes:
 * - **Mode A** — the reference model of `Ria-Chaudhry/Hebbian-RNN-Model-` (`sc.py`), exactly:
 *   `h_t = tanh(W_ih x_t + b_ih + W_hh h_{t−1} + b_hh + Hebb_{t−1} h_{t−1})`,
 *   `Hebb_t = (1 − η) Hebb_{t−1} + η m_t h_{t−1} h_tᵀ`, trained by BPTT + Adam on its
 *   (unlearnable) random-bit task, with the PyTorch generator emulated draw for draw.
 * - **Mode B** — differentiable plasticity and backpropamine (Miconi et al. 2018, 2019):
 *   per-synapse α, network-generated neuromodulation (simple and retroactive), clipped trace,
 *   hand-written BPTT through the plastic updates; one-shot pattern completion and cue–reward
 *   association against a plain RNN with the same parameter count.
 * - **Mode C** — reward-modulated Hebbian learning without backprop (Miconi 2017): node
 *   perturbation, supralinear eligibility, running-average reward prediction, clipped ΔJ, on
 *   delayed non-match-to-sample.
 *
 * Each mode lives in its own folder (`mode_a/`, `mode_b/`, `mode_c/`, with `config.ts`, the model
 * and `process.ts`); the optimiser, the PyTorch generator emulation and the plasticity kernels are
 * shared at the top. Mode A's network transition is `initState/step/run` in `mode_a/`, exported
 * here as `initModeAState/stepModeA/runModeA`.
 *
 * @example
 * ```ts
 * import { initModeATrain, modeADefaults, runModeATrain } from "@neuroplastic/engines/hebbian-rnn";
 * import { key } from "@neuroplastic/core/random";
 * const s = runModeATrain(initModeATrain(modeADefaults, key(42)), modeADefaults, 1);
 * console.log(s.losses[0].toFixed(2)); // "1.83"
 * ```
 *
 * @module
 */
// Shared pieces.
export {
  type AdamOptions,
  type AdamState,
  adamStepInPlace,
  flatAdam,
  type FlatOptimizer,
} from "./optimizer.ts";
export {
  cloneTorchGenerator,
  type TorchGenerator,
  torchGenerator,
  torchLinearInit,
  torchRandint,
  torchSkipRandn,
  torchUniform,
} from "./torch_rng.ts";
// Mode A: the reference model.
export {
  checkModeAConfig,
  type ModeAConfig,
  ModeAConfigSchema,
  modeADefaults,
  modeADocs,
  type ModeAForwardConfig,
  ModeAForwardConfigSchema,
  modeAForwardDefaults,
  modeAForwardDocs,
} from "./mode_a/config.ts";
export {
  initModeAParams,
  type ModeALayout,
  modeALayout,
  modeAParamsFromJson,
  modeAParamsToJson,
  type ModeAShape,
  type ModeAWeightsJson,
} from "./mode_a/params.ts";
export {
  cloneState as cloneModeAState,
  initState as initModeAState,
  type ModeAState,
} from "./mode_a/state.ts";
export {
  advanceInPlace as advanceModeAInPlace,
  type ModeAStepResult,
  step as stepModeA,
} from "./mode_a/step.ts";
export { type ModeARunRecord, run as runModeA } from "./mode_a/run.ts";
export { modeALossAndGrad, type ModeAWorkspace, modeAWorkspace } from "./mode_a/bptt.ts";
export {
  modeALossAndGradLowRank,
  type ModeALowRankWorkspace,
  modeALowRankWorkspace,
} from "./mode_a/bptt_lowrank.ts";
export {
  initModeATrain,
  modeATestLoss,
  type ModeATrainState,
  modeATrainSummary,
  randomBitBatch,
  runModeATrain,
} from "./mode_a/train.ts";
export {
  modeAForward,
  type ModeAForwardInput,
  type ModeAForwardOutput,
  parseModeAForward,
} from "./mode_a/forward.ts";
export {
  modeAForwardCommand,
  modeAForwardRun,
  modeATrainCommand,
  modeATrainProcess,
} from "./mode_a/process.ts";
// Mode B: differentiable plasticity and backpropamine.
export {
  type ModeBConfig,
  ModeBConfigSchema,
  type ModeBCueRewardParams,
  modeBDefaults,
  modeBDocs,
  type ModeBPatternParams,
  type ModeBStudyConfig,
  ModeBStudyConfigSchema,
  modeBStudyDefaults,
  modeBStudyDocs,
  type ModeBStudyTrain,
  modeBTaskOf,
  modeBTaskPreset,
} from "./mode_b/config.ts";
export {
  checkModeBSpec,
  initModeBParams,
  initModeBState,
  isModulated,
  matchedHiddenSize,
  modeBAdvanceSample,
  type ModeBLayout,
  modeBLayout,
  type ModeBPlasticity,
  type ModeBSampleBuffers,
  type ModeBSpec,
  type ModeBState,
  runModeB,
  stepModeB,
} from "./mode_b/model.ts";
export { modeBLossAndGrad, type ModeBWorkspace, modeBWorkspace } from "./mode_b/bptt.ts";
export {
  modeBAccuracy,
  type ModeBBatch,
  modeBTaskBatch,
  type ModeBTaskName,
  modeBTaskShape,
  type ModeBTaskSpec,
} from "./mode_b/tasks.ts";
export {
  initModeBTrain,
  modeBEvalAccuracy,
  modeBSpecOf,
  type ModeBTrainState,
  modeBTrainSummary,
  runModeBTrain,
} from "./mode_b/train.ts";
export {
  initModeBStudy,
  MODE_B_SOLVED,
  type ModeBRun,
  modeBStudyCommandLine,
  modeBStudyConfig,
  modeBStudyFiles,
  type ModeBStudyJson,
  modeBStudyLength,
  modeBStudyMarkdown,
  type ModeBStudyRow,
  modeBStudyRows,
  type ModeBStudyState,
  runModeBStudy,
} from "./mode_b/study.ts";
export {
  modeBStudyCommand,
  modeBStudyProcess,
  modeBTrainCommand,
  modeBTrainProcess,
} from "./mode_b/process.ts";
// Mode B: the binary pattern-completion experiment of Miconi, Clune & Stanley 2018.
export {
  checkMiconiNetSpec,
  initMiconiNetParams,
  miconiNetForward,
  type MiconiNetLayout,
  miconiNetLayout,
  miconiNetLossAndGrad,
  miconiNetRun,
  type MiconiNetSpec,
  type MiconiNetWorkspace,
  miconiNetWorkspace,
} from "./mode_b/miconi.ts";
export {
  type MiconiBatch,
  miconiErrors,
  miconiTaskBatch,
  type MiconiTaskParams,
  miconiTaskShape,
} from "./mode_b/miconi_task.ts";
export {
  MICONI_SETUPS,
  type MiconiConfig,
  MiconiConfigSchema,
  miconiDefaults,
  miconiDocs,
  miconiHarder,
  type MiconiNetType,
  miconiPaper1000,
  miconiPaper50,
  type MiconiSetup,
  type MiconiSetupName,
  type MiconiStudyConfig,
  MiconiStudyConfigSchema,
  miconiStudyDefaults,
  miconiStudyDocs,
  type MiconiStudySetup,
} from "./mode_b/miconi_config.ts";
export {
  initMiconiTrain,
  miconiSpecOf,
  miconiTest,
  type MiconiTrainState,
  miconiTrainSummary,
  runMiconiTrain,
  windowMeans,
} from "./mode_b/miconi_train.ts";
export {
  initMiconiStudy,
  type MiconiRun,
  miconiRunConfig,
  miconiStudyCommandLine,
  miconiStudyFiles,
  miconiStudyLength,
  type MiconiStudyState,
  runMiconiStudy,
} from "./mode_b/miconi_study.ts";
export {
  miconiStudyCommand,
  miconiStudyProcess,
  miconiTrainCommand,
  miconiTrainProcess,
} from "./mode_b/miconi_process.ts";
// Mode C: reward-modulated Hebbian learning without backprop.
export {
  checkModeCConfig,
  type ModeCConfig,
  ModeCConfigSchema,
  modeCDefaults,
  modeCDocs,
  type ModeCStudyConfig,
  ModeCStudyConfigSchema,
  modeCStudyDefaults,
  modeCStudyDocs,
} from "./mode_c/config.ts";
export {
  dnmsTrial,
  initModeC,
  MODE_C_INPUTS,
  modeCEvaluate,
  type ModeCScratch,
  modeCScratch,
  type ModeCState,
  modeCSummary,
  modeCTrial,
  modeCTrialInPlace,
  type ModeCTrialResult,
  runModeC,
  windowedErrorRate,
  windowedMean,
} from "./mode_c/model.ts";
export {
  initModeCStudy,
  type ModeCRun,
  modeCRunOf,
  modeCStudyCommandLine,
  modeCStudyFiles,
  type ModeCStudyJson,
  modeCStudyLength,
  modeCStudyMarkdown,
  type ModeCStudyState,
  runModeCStudy,
} from "./mode_c/study.ts";
export {
  modeCStudyCommand,
  modeCStudyProcess,
  modeCTrainCommand,
  modeCTrainProcess,
} from "./mode_c/process.ts";
// The engine descriptor, its reporter and its showcase.
export { hebbianRnnReporter } from "./report.ts";
export { hebbianRnnShowcase } from "./showcase.ts";
export { cli } from "./process.ts";
// Types named in the public signatures above, re-exported so the docs can link them.
export type * from "../core_types.ts";
