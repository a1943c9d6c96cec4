/**
 * Batched, optionally parallel population evaluation on top of the worker pool.
 *
 * @module
 */
import { Effect } from "effect";
import type { Key } from "@neuroplastic/core/random";
import { makeWorkerPool, WorkerFailed, type WorkerPool, type WorkerTask } from "./pool.ts";

/** Options of {@link evaluatePopulation}. */
export interface EvaluateOptions {
  /** Workers for a one-off pool (default 1 = inline). Ignored when `pool` is given. */
  readonly workers?: number;
  /** A pool acquired by the caller (reuse it across generations to avoid respawning). */
  readonly pool?: WorkerPool;
  /** Fitness already known (not NaN) for some candidates; those are not evaluated. */
  readonly knownFitness?: Float64Array;
  /** Candidates per worker message (default ≈ λ / (4·workers)). */
  readonly chunk?: number;
}

/**
 * Evaluates a λ×n row-major population with the task's fitness function
 * `(context) => (genome: Float64Array, key, index) => number`. Candidate k is evaluated with the
 * key fold(key, k) and its fitness is stored at k, so the result is identical for any number of
 * workers. Non-numeric results fail with `WorkerFailed` (NaN is passed through; the
 * strategies rank NaN last).
 *
 * @example
 * ```ts ignore
 * import { Effect } from "effect";
 * import { key } from "@neuroplastic/core/random";
 * import { evaluatePopulation } from "@neuroplastic/evolution/pool";
 * const task = { moduleUrl: new URL("./fitness.ts", import.meta.url).href, exportName: "sphere" };
 * const f = await Effect.runPromise(evaluatePopulation(task, new Float64Array(12), 3, key(0), { workers: 2 }));
 * ```
 */
export const evaluatePopulation = (
  task: WorkerTask,
  candidates: Float64Array,
  numDims: number,
  key: Key,
  options: EvaluateOptions = {},
): Effect.Effect<Float64Array, WorkerFailed> => {
  const n = numDims;
  const count = Math.floor(candidates.length / n);
  const fitness = new Float64Array(count);
  const jobs: Float64Array[] = [];
  const indices: number[] = [];
  for (let k = 0; k < count; k++) {
    const known = options.knownFitness?.[k];
    if (known !== undefined && known === known) {
      fitness[k] = known;
      continue;
    }
    jobs.push(candidates.slice(k * n, (k + 1) * n));
    indices.push(k);
  }
  const run = (pool: WorkerPool): Effect.Effect<Float64Array, WorkerFailed> =>
    Effect.flatMap(pool.run<unknown>(jobs, key, { indices, chunk: options.chunk }), (results) => {
      for (let p = 0; p < results.length; p++) {
        const v = results[p];
        if (typeof v !== "number") {
          return Effect.fail(
            new WorkerFailed({ reason: `fitness of candidate ${indices[p]} is not a number` }),
          );
        }
        fitness[indices[p]] = v;
      }
      return Effect.succeed(fitness);
    });
  if (jobs.length === 0) return Effect.succeed(fitness);
  if (options.pool) return run(options.pool);
  return Effect.scoped(Effect.flatMap(makeWorkerPool(task, options.workers ?? 1), run));
};
