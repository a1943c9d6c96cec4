/**
 * Web Worker body for KV-queue sweeps: consumes the queue at the given path until told to stop.
 *
 * @module
 */
/// <reference lib="deno.worker" />
import { engines } from "./registry.ts";
import { consumeQueue } from "./sweep.ts";

let stopResolve: () => void = () => {};
const stopped = new Promise<void>((r) => (stopResolve = r));

self.onmessage = (e: MessageEvent<{ path?: string; stop?: boolean }>) => {
  if (e.data.stop) stopResolve();
  else if (e.data.path) {
    consumeQueue(e.data.path, engines, () => stopped).catch((err) => console.error(err));
  }
};
