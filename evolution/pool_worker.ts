/**
 * Web Worker body of the evolution pool (`pool.ts`): loads the caller's module once, then runs
 * chunks of jobs; job p of a chunk gets the key fold(key, indices[p]).
 *
 * @module
 */
/// <reference lib="deno.worker" />
import { fold, type Key } from "@neuroplastic/core/random";
import { type JobFunction, loadJobFunction, type WorkerTask } from "./pool_load.ts";

let fn: JobFunction | undefined;

const text = (e: unknown): string => e instanceof Error ? `${e.name}: ${e.message}` : String(e);

self.onmessage = async (
  e: MessageEvent<
    | { type: "init"; task: WorkerTask }
    | { type: "run"; start: number; jobs: unknown[]; indices: number[]; key: Key }
  >,
) => {
  const msg = e.data;
  if (msg.type === "init") {
    try {
      fn = await loadJobFunction(msg.task);
      self.postMessage({ type: "ready" });
    } catch (err) {
      self.postMessage({ type: "error", message: text(err) });
    }
    return;
  }
  try {
    if (!fn) throw new Error("pool worker: run before init");
    const results: unknown[] = new Array(msg.jobs.length);
    for (let p = 0; p < msg.jobs.length; p++) {
      const idx = msg.indices[p];
      results[p] = await fn(msg.jobs[p], fold(msg.key, idx), idx);
    }
    self.postMessage({ type: "done", start: msg.start, results });
  } catch (err) {
    self.postMessage({ type: "error", message: text(err) });
  }
};
