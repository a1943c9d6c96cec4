/**
 * `@neuroplastic/evolution/pool`: the Effect-managed Web-Worker pool and the population
 * evaluator on their own.
 *
 * @example
 * ```ts ignore
 * import { Effect } from "effect";
 * import { key } from "@neuroplastic/core/random";
 * import { evaluatePopulation } from "@neuroplastic/evolution/pool";
 * const task = { moduleUrl: new URL("./fitness.ts", import.meta.url).href, exportName: "sphere" };
 * const f = await Effect.runPromise(evaluatePopulation(task, new Float64Array(12), 3, key(0), { workers: 2 }));
 * ```
 *
 * @module
 */
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
// Re-exported because it appears in this entry point's signatures (`deno doc --lint`).
export type { TaggedErrorBase } from "@neuroplastic/core/errors";
export type { Key } from "@neuroplastic/core/random";
export { type EvaluateOptions, evaluatePopulation } from "./evaluate.ts";
