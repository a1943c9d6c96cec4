/**
 * Web Worker body of a local LNDP KV consumer (app/lndp_kv.ts): consumes member messages on the
 * KV queue at the given path until told to stop.
 *
 * @module
 */
/// <reference lib="deno.worker" />
import { consumeLndp } from "./lndp_kv.ts";

let stopResolve: () => void = () => {};
const stopped = new Promise<void>((r) => (stopResolve = r));

self.onmessage = (e: MessageEvent<{ path?: string; consumer?: string; stop?: boolean }>) => {
  if (e.data.stop) stopResolve();
  else if (e.data.path) {
    consumeLndp(e.data.path, e.data.consumer ?? "worker", stopped).catch((err) =>
      console.error(err)
    );
  }
};
