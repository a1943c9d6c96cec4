/**
 * The worker-pool entry point of GENREG experiments: `genregTrial(context)` returns the job
 * function that runs one trial config to completion with the job's key
 * (fold(key(seed), job index)) and returns its result and wall time.
 *
 * @module
 */
import type { Key } from "@neuroplastic/core/random";
import type { TrialConfig } from "./config.ts";
import { runTrial, type TrialResult } from "./run.ts";

/**
 * A trial job.
 *
 * @example
 * ```ts
 * import { genregTrial, type TrialJob, trialDefaults } from "@neuroplastic/engines/genreg";
 * import { key } from "@neuroplastic/core/random";
 * const job: TrialJob = { config: { ...trialDefaults, sa: { ...trialDefaults.sa, steps: 100 } } };
 * console.log(genregTrial()(job, key(0)).result.iterations); // 100
 * ```
 */
export interface TrialJob {
  /** The trial's config. */
  readonly config: TrialConfig;
}

/**
 * A job's output: the result and the trial's wall time (not part of the result).
 *
 * @example
 * ```ts
 * import { genregTrial, trialDefaults, type TrialJobOutput } from "@neuroplastic/engines/genreg";
 * import { key } from "@neuroplastic/core/random";
 * const c = { ...trialDefaults, sa: { ...trialDefaults.sa, steps: 100 } };
 * const out: TrialJobOutput = genregTrial()({ config: c }, key(0));
 * console.log(out.wallMs >= 0, out.result.params); // true 33
 * ```
 */
export interface TrialJobOutput {
  /** The trial's result. */
  readonly result: TrialResult;
  /** Wall time of the trial (ms). */
  readonly wallMs: number;
}

/**
 * Factory used by `@neuroplastic/evolution/pool` (`exportName: "genregTrial"`).
 *
 * @example
 * ```ts
 * import { genregTrial, trialDefaults } from "@neuroplastic/engines/genreg";
 * import { key } from "@neuroplastic/core/random";
 * const c = { ...trialDefaults, sa: { ...trialDefaults.sa, steps: 100 } };
 * console.log(genregTrial()({ config: c }, key(0)).result.iterations); // 100
 * ```
 */
export const genregTrial = (): (job: TrialJob, key: Key) => TrialJobOutput => (job, key) => {
  const t0 = performance.now();
  const result = runTrial(job.config, key);
  return { result, wallMs: performance.now() - t0 };
};
