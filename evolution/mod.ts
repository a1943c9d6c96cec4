/**
 * `@neuroplastic/evolution`: gradient-free ask/tell strategies over flat `Float64Array` genomes
 * (pure, seeded, plain-data states) and a Web-Worker population evaluator.
 *
 * - {@link cmaEs} (exact evosax 0.1.6 CMA-ES; optional pycma-style lazy eigendecomposition),
 *   {@link sepCmaEs} (diagonal sep-CMA-ES, O(n) per sample), {@link openaiEs} (antithetic,
 *   centred ranks, Adam);
 * - {@link genregGa} (GENREG tiers), {@link ga} (tournament/truncation, crossover, mutation);
 * - {@link simulatedAnnealing}, {@link hillClimb}, {@link gsa} (GA then SA);
 * - {@link eigh} (symmetric eigensolver: Householder, then divide and conquer or implicit QL);
 * - {@link evaluatePopulation} / {@link makeWorkerPool} / {@link runJobs} (Effect-managed workers).
 *
 * @example
 * ```ts
 * import { cmaEs } from "@neuroplastic/evolution";
 * import { fold, key } from "@neuroplastic/core/random";
 * const es = cmaEs({ numDims: 2, popsize: 6, maximize: false });
 * const { candidates, state } = es.ask(es.init(key(0)), fold(key(1), 0));
 * const f = new Float64Array(6).map((_, k) => candidates[2 * k] ** 2 + candidates[2 * k + 1] ** 2);
 * console.log(es.tell(state, candidates, f).gen); // 1
 * ```
 *
 * @module
 */
export type { AskResult, BestSoFar, GenomeOps, Strategy } from "./types.ts";
// Types of @neuroplastic/core that appear in this package's signatures, re-exported so that the
// documentation of this entry point links them (`deno doc --lint` private-type-ref).
export type { TaggedErrorBase } from "@neuroplastic/core/errors";
export type { Key } from "@neuroplastic/core/random";
export type { FloatArray, Tensor } from "@neuroplastic/core/tensor";
export type { Tree } from "@neuroplastic/core/tree";
export {
  argsortDescending,
  argsortStable,
  bestIndex,
  centeredRanks,
  updateBest,
  worstFitness,
  zScore,
} from "./ranks.ts";
export {
  type Eigh,
  eigh,
  eighInto,
  type EighTimings,
  eighTimings,
  ROTATION_PANEL,
} from "./eigh.ts";
export {
  type CmaConstants,
  cmaConstants,
  cmaEigen,
  cmaEs,
  type CmaEsParams,
  type CmaEsState,
  FLT_MAX,
  pycmaEigenGap,
} from "./cma_es.ts";
export {
  type SepCmaConstants,
  sepCmaConstants,
  sepCmaEs,
  type SepCmaEsParams,
  type SepCmaEsState,
} from "./sep_cma_es.ts";
export { openaiEs, type OpenAiEsParams, type OpenAiEsState } from "./openai_es.ts";
export { gaussianOps, type GaussianOpsParams, maskedGaussianInto } from "./ops.ts";
export { type DrawStream, drawStream, nextInt, nextNormal, nextUniform } from "./stream.ts";
export { ga, type GaParams, type GaState, genregGa, type GenregGaParams } from "./ga.ts";
export {
  hillClimb,
  type HillClimbParams,
  type LocalSearchState,
  type SaParams,
  saTemperature,
  simulatedAnnealing,
} from "./sa.ts";
export { gsa, type GsaParams, type GsaState } from "./gsa.ts";
export { type TreeGenome, treeGenome } from "./tree_genome.ts";
export {
  type JobFunction,
  makeWorkerPool,
  runJobs,
  type RunOptions,
  WorkerFailed,
  WorkerFailedBase,
  type WorkerPool,
  type WorkerTask,
} from "./pool.ts";
export { loadJobFunction } from "./pool_load.ts";
export { type EvaluateOptions, evaluatePopulation } from "./evaluate.ts";
export {
  type BenchmarkRow,
  benchmarksMarkdown,
  type BenchmarksReport,
  benchmarksReportMarkdown,
  type Contender,
  CONTENDERS,
  type Problem,
  PROBLEMS,
  rastrigin,
  rosenbrock,
  runBenchmarks,
  type RunOutcome,
  runToTarget,
  sphere,
} from "./benchmarks.ts";
