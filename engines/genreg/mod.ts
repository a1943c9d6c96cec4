/**
 * GENREG (GENREG-sine, seed 003): gradient-free evolved controllers for y = sin(x) from 256
 * expanded inputs, ultra-sparse networks with evolvable input indices, protein-cascade trust and
 * the saturation sweeps; optimisers from `@neuroplastic/evolution`.
 *
 * @example
 * ```ts
 * import { runTrial, trialDefaults } from "@neuroplastic/engines/genreg";
 * import { key } from "@neuroplastic/core/random";
 * const r = runTrial({ ...trialDefaults, sa: { ...trialDefaults.sa, steps: 2000 } }, key(0));
 * console.log(r.params, r.mse < 0.5); // 33 true
 * ```
 *
 * @module
 */
export {
  decodeTrialConfig,
  inputsDocs,
  InputsSchema,
  type PopulationConfig,
  PopulationConfigSchema,
  populationDefaults,
  populationDocs,
  populationTrialConfig,
  type TrialConfig,
  TrialConfigSchema,
  trialDefaults,
  trialDocs,
  trialLimits,
} from "./config.ts";
export {
  expandInputs,
  type InputMode,
  type Inputs,
  type InputSpec,
  LEGACY_NOISE,
  LEGACY_TRUE,
  legacyNoiseParams,
  samplePoints,
  SAMPLES,
  type Variant,
  VARIANTS,
  withFreshNoise,
} from "./inputs.ts";
export {
  controllerOps,
  type DenseForward,
  denseForward,
  denseHiddenBatch,
  denseHiddenFromBatch,
  denseHiddenInto,
  type EvalBuffers,
  evalBuffers,
  forwardMse,
  initGenome,
  type Layout,
  layoutOf,
  type MutationOptions,
  type NetShape,
  outputMse,
  sparseUnitInto,
} from "./network.ts";
export {
  type CascadeResult,
  cascadeTrustMany,
  mutateProteins,
  PROTEIN_DEFAULTS,
  PROTEIN_GENE_NAMES,
  PROTEIN_GENES,
  runCascade,
  trustFitness,
  type TrustMode,
} from "./proteins.ts";
export { describe, type Energy, energy, type Saturation, saturation } from "./stats.ts";
export { type Evaluation, type TrialContext, trialContext } from "./context.ts";
export { bestGenome, type GaMeta, initState, run, step, type TrialState } from "./step.ts";
export { backpropEpochs, type BackpropState, denseLossGrad, initBackprop } from "./backprop.ts";
export { runTrial, stepsToFinish, type TrialResult, trialResult } from "./run.ts";
export {
  type Experiment,
  type ExperimentConfig,
  experimentConfigSchema,
  experimentDefaults,
  experimentDocs,
  type ExperimentOptions,
  type ExperimentRow,
  experimentRows,
  EXPERIMENTS,
  type Reference,
} from "./experiments.ts";
export {
  type ExperimentJson,
  experimentJsonMarkdown,
  experimentMarkdown,
  type RowSummary,
  type RunInfo,
  summarizeRow,
} from "./experiment_report.ts";
export { genregTrial, type TrialJob, type TrialJobOutput } from "./trial_job.ts";
export {
  fastTanh,
  inferSparseColumns,
  inferSparseExact,
  inferSparseFast,
  type SparseInference,
  sparseInference,
} from "./inference.ts";
export {
  evaluatePopulation,
  evaluatePopulationWith,
  genregShapeOf,
  type PopulationEvaluation,
} from "./population.ts";
export {
  backendGenregEval,
  createGenregEval,
  destroyGenregEval,
  GENREG_UNROLL_MAX_H,
  GENREG_WG,
  type GenregEval,
  genregEvalCpu,
  genregLayout,
  type GenregResult,
  type GenregShape,
  runGenregEval,
} from "./gpu/genreg_eval.ts";
export { genregReporter, genregSections } from "./report.ts";
export { genregShowcase } from "./showcase.ts";
export {
  cli,
  experimentCommand,
  inputsCommand,
  populationCommand,
  trialProcess,
} from "./process.ts";
// Types of other members that appear in this module's signatures, re-exported so that the
// documentation of this entry point links them (`deno doc --lint` private-type-ref).
export type * from "../core_types.ts";
export type { OptState } from "@neuroplastic/core/optim";
export type { Backend, GpuContext } from "@neuroplastic/gpu";
export type { FloatArray, Tensor } from "@neuroplastic/core/tensor";
export type { Tree } from "@neuroplastic/core/tree";
export type { BestSoFar, GaState, GenomeOps, LocalSearchState } from "@neuroplastic/evolution";
