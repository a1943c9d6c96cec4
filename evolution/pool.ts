/**
 * A Web-Worker pool for population evaluation and independent trials, managed by Effect: workers
 * are acquired with `Effect.acquireRelease` inside a `Scope` and always terminated on release
 * (success, failure or interruption).
 *
 * Workers load a module URL and call a named export given by the caller, so any package can use
 * the pool without the pool knowing about it. The export must be a *factory*:
 *
 * ```ts ignore
 * export const myFitness = (context: C) => (job: J, key: Key, index: number) => R | Promise<R>;
 * ```
 *
 * It is called once per worker with the (structured-cloneable) context, and the function it
 * returns is called for each job. Job i receives the key `fold(runKey, i)` and its result is
 * stored at index i, so results are identical for any number of workers (and for the inline
 * path used when `workers ≤ 1`, which imports the same module in the calling thread).
 *
 * @module
 */
import { Data, Effect, type Scope } from "effect";
import type { TaggedErrorBase } from "@neuroplastic/core/errors";
import { fold, type Key } from "@neuroplastic/core/random";
import { type JobFunction, loadJobFunction, type WorkerTask } from "./pool_load.ts";

export type { JobFunction, WorkerTask };

/**
 * effect's `Effect.Effect<A, E, never>`.
 *
 * Local alias because `deno doc --lint` reports every reference to an npm package's type as a
 * private type (denoland/deno#27364); effect documents the type upstream.
 *
 * @internal
 */
type EffectOf<A, E> = Effect.Effect<A, E, never>;

/**
 * Base class of {@link WorkerFailed}: `Data.TaggedError("WorkerFailed")`, explicitly typed for
 * JSR. Use {@link WorkerFailed} itself; the base is exported only so that the public class names
 * no private type.
 *
 * @example
 * ```ts
 * import { WorkerFailed, WorkerFailedBase } from "@neuroplastic/evolution/pool";
 * console.log(new WorkerFailed({ reason: "boom" }) instanceof WorkerFailedBase); // true
 * ```
 */
export const WorkerFailedBase: TaggedErrorBase<"WorkerFailed", { readonly reason: string }> = Data
  .TaggedError("WorkerFailed");

/**
 * A worker (or the inline evaluator) failed: bad module/export, or the job threw.
 *
 * @example
 * ```ts
 * import { WorkerFailed } from "@neuroplastic/evolution/pool";
 * console.log(new WorkerFailed({ reason: "boom" }).message); // "worker failed: boom"
 * ```
 */
export class WorkerFailed extends WorkerFailedBase {
  /** A readable message. */
  override get message(): string {
    return `worker failed: ${this.reason}`;
  }
}

/** Options of {@link WorkerPool.run}. */
export interface RunOptions {
  /** Jobs per message (default: about four chunks per worker). */
  readonly chunk?: number;
  /** Called after each finished chunk with (jobs done, total). */
  readonly onProgress?: (done: number, total: number) => void;
  /**
   * Logical index of each job (default: its position). Job p gets the key fold(key, indices[p])
   * and is called with index indices[p]; used to evaluate a subset of a population with the
   * keys the full population would get.
   */
  readonly indices?: readonly number[];
}

/** A live pool (valid inside the scope that acquired it). */
export interface WorkerPool {
  /** Number of workers (0 for the inline evaluator). */
  readonly size: number;
  /** Runs `jobs` (job i with key fold(key, i)); results in job order. */
  run<R>(
    jobs: readonly unknown[],
    key: Key,
    options?: RunOptions,
  ): EffectOf<R[], WorkerFailed>;
}

interface ChunkMessage {
  readonly type: "run";
  readonly start: number;
  readonly jobs: readonly unknown[];
  readonly indices: readonly number[];
  readonly key: Key;
}
type Reply =
  | { readonly type: "ready" }
  | { readonly type: "done"; readonly start: number; readonly results: unknown[] }
  | { readonly type: "error"; readonly message: string };

const errorText = (e: unknown): string =>
  e instanceof Error ? `${e.name}: ${e.message}` : String(e);

const defaultChunk = (jobs: number, workers: number): number =>
  Math.max(1, Math.ceil(jobs / Math.max(1, workers * 4)));

/** The inline "pool": same job function, called in this thread in index order. */
const inlinePool = (task: WorkerTask): Effect.Effect<WorkerPool, WorkerFailed> =>
  Effect.map(
    Effect.tryPromise({
      try: () => loadJobFunction(task),
      catch: (e) => new WorkerFailed({ reason: errorText(e) }),
    }),
    (fn): WorkerPool => ({
      size: 0,
      run: <R>(jobs: readonly unknown[], key: Key, options?: RunOptions) =>
        Effect.tryPromise({
          try: async () => {
            const out: R[] = new Array(jobs.length);
            for (let i = 0; i < jobs.length; i++) {
              const idx = options?.indices ? options.indices[i] : i;
              out[i] = await fn(jobs[i], fold(key, idx), idx) as R;
              options?.onProgress?.(i + 1, jobs.length);
            }
            return out;
          },
          catch: (e) => new WorkerFailed({ reason: `job: ${errorText(e)}` }),
        }),
    }),
  );

const spawn = (task: WorkerTask): Effect.Effect<Worker, WorkerFailed, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.async<Worker, WorkerFailed>((resume) => {
      const w = new Worker(new URL("./pool_worker.ts", import.meta.url).href, { type: "module" });
      w.onmessage = (e: MessageEvent<Reply>) => {
        w.onmessage = null;
        w.onerror = null;
        if (e.data.type === "ready") resume(Effect.succeed(w));
        else {
          w.terminate();
          resume(
            Effect.fail(new WorkerFailed({ reason: (e.data as { message: string }).message })),
          );
        }
      };
      w.onerror = (e) => {
        e.preventDefault();
        w.terminate();
        resume(Effect.fail(new WorkerFailed({ reason: e.message })));
      };
      w.postMessage({ type: "init", task });
      return Effect.sync(() => w.terminate());
    }),
    (w) => Effect.sync(() => w.terminate()),
  );

/**
 * Acquires a pool of `workers` Web Workers running `task` (or the inline evaluator when
 * `workers ≤ 1`). The workers are terminated when the enclosing scope closes.
 *
 * @example
 * ```ts ignore
 * import { Effect } from "effect";
 * import { key } from "@neuroplastic/core/random";
 * import { makeWorkerPool } from "@neuroplastic/evolution/pool";
 * const task = { moduleUrl: new URL("./trial.ts", import.meta.url).href, exportName: "trial" };
 * const results = await Effect.runPromise(Effect.scoped(Effect.gen(function* () {
 *   const pool = yield* makeWorkerPool(task, 2);
 *   return yield* pool.run([1, 2, 3], key(0));
 * })));
 * ```
 */
export const makeWorkerPool = (
  task: WorkerTask,
  workers: number,
): Effect.Effect<WorkerPool, WorkerFailed, Scope.Scope> => {
  if (!(workers > 1)) return inlinePool(task);
  return Effect.map(
    Effect.forEach(Array.from({ length: Math.floor(workers) }), () => spawn(task), {
      concurrency: "unbounded",
    }),
    (ws): WorkerPool => ({
      size: ws.length,
      run: <R>(jobs: readonly unknown[], key: Key, options?: RunOptions) =>
        dispatch<R>(ws, jobs, key, options),
    }),
  );
};

/** Dynamic dispatch: each idle worker takes the next chunk; results land by index. */
const dispatch = <R>(
  ws: readonly Worker[],
  jobs: readonly unknown[],
  key: Key,
  options?: RunOptions,
): Effect.Effect<R[], WorkerFailed> =>
  Effect.async<R[], WorkerFailed>((resume) => {
    const total = jobs.length;
    const out: R[] = new Array(total);
    if (total === 0) {
      resume(Effect.succeed(out));
      return;
    }
    const chunk = Math.max(1, Math.floor(options?.chunk ?? defaultChunk(total, ws.length)));
    let next = 0, done = 0, finished = false;
    const finish = (e: Effect.Effect<R[], WorkerFailed>): void => {
      if (finished) return;
      finished = true;
      for (const w of ws) {
        w.onmessage = null;
        w.onerror = null;
      }
      resume(e);
    };
    const feed = (w: Worker): void => {
      if (next >= total) return;
      const start = next;
      next = Math.min(total, next + chunk);
      const indices: number[] = [];
      for (let i = start; i < next; i++) indices.push(options?.indices ? options.indices[i] : i);
      const msg: ChunkMessage = { type: "run", start, jobs: jobs.slice(start, next), indices, key };
      w.postMessage(msg);
    };
    for (const w of ws) {
      w.onmessage = (e: MessageEvent<Reply>) => {
        const r = e.data;
        if (r.type === "error") {
          finish(Effect.fail(new WorkerFailed({ reason: `job: ${r.message}` })));
          return;
        }
        if (r.type !== "done") return;
        for (let i = 0; i < r.results.length; i++) out[r.start + i] = r.results[i] as R;
        done += r.results.length;
        options?.onProgress?.(done, total);
        if (done === total) finish(Effect.succeed(out));
        else feed(w);
      };
      w.onerror = (e) => {
        e.preventDefault();
        finish(Effect.fail(new WorkerFailed({ reason: e.message })));
      };
      feed(w);
    }
    return Effect.sync(() => {
      finished = true;
    });
  });

/**
 * Runs jobs through a pool acquired and released for this call (scoped). `workers ≤ 1` runs
 * inline. Results are in job order and identical for any worker count.
 *
 * @example
 * ```ts ignore
 * import { Effect } from "effect";
 * import { key } from "@neuroplastic/core/random";
 * import { runJobs } from "@neuroplastic/evolution/pool";
 * const task = { moduleUrl: new URL("./trial.ts", import.meta.url).href, exportName: "trial" };
 * const r = await Effect.runPromise(runJobs(task, [{ trial: 0 }, { trial: 1 }], key(7), 2));
 * ```
 */
export const runJobs = <R>(
  task: WorkerTask,
  jobs: readonly unknown[],
  key: Key,
  workers: number,
  options?: RunOptions,
): Effect.Effect<R[], WorkerFailed> =>
  Effect.scoped(
    Effect.flatMap(
      makeWorkerPool(task, Math.min(workers, jobs.length)),
      (pool) => pool.run<R>(jobs, key, options),
    ),
  );
