/**
 * Web Worker body for local sweeps: receives jobs, posts results.
 *
 * @module
 */
/// <reference lib="deno.worker" />
import { type Job, runJob } from "./jobs.ts";
import { engines } from "./registry.ts";

self.onmessage = (e: MessageEvent<Job>) => {
  try {
    self.postMessage({ ok: true, result: runJob(engines, e.data) });
  } catch (err) {
    self.postMessage({ ok: false, id: e.data.id, error: String((err as Error)?.message ?? err) });
  }
};
