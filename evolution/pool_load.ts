/**
 * The worker-task description and module loading shared by the pool and its workers (kept free
 * of Effect so that workers start quickly).
 *
 * @module
 */
import type { Key } from "@neuroplastic/core/random";

/** Which module export the workers run, and the context passed to its factory. */
export interface WorkerTask {
  /** Absolute module URL (e.g. `new URL("./fitness.ts", import.meta.url).href`). */
  readonly moduleUrl: string;
  /** Name of the exported factory `(context) => (job, key, index) => result`. */
  readonly exportName: string;
  /** Structured-cloneable context handed to the factory once per worker. */
  readonly context?: unknown;
}

/** The function a task's factory returns. */
export type JobFunction = (job: unknown, key: Key, index: number) => unknown;

/**
 * Loads the task's factory and builds its job function (used by workers and inline).
 *
 * @example
 * ```ts ignore
 * import { loadJobFunction } from "@neuroplastic/evolution/pool";
 * const fn = await loadJobFunction({ moduleUrl: new URL("./f.ts", import.meta.url).href, exportName: "f" });
 * ```
 */
export const loadJobFunction = async (task: WorkerTask): Promise<JobFunction> => {
  const mod = await import(task.moduleUrl) as Record<string, unknown>;
  const factory = mod[task.exportName];
  if (typeof factory !== "function") {
    throw new Error(`${task.moduleUrl} has no exported function ${task.exportName}`);
  }
  const fn = await (factory as (c: unknown) => unknown)(task.context);
  if (typeof fn !== "function") {
    throw new Error(
      `${task.exportName}(context) must return a function (job, key, index) => result`,
    );
  }
  return fn as JobFunction;
};
