/**
 * Web Worker entry of the LNDP population pool (`pool.ts`): waits on a shared control
 * block, claims member indices with compare-and-swap, evaluates lifetimes, writes results.
 *
 * @module
 */
import type { LifetimeConfig } from "./config.ts";
import { evaluateMemberInto, makeEvaluator, type UpdateKernel } from "./population.ts";

/** Control-block slots shared with `pool.ts`. */
export const CTRL = { EPOCH: 0, NEXT: 1, DONE: 2, TOTAL: 3, SHUTDOWN: 4, ERROR: 5 } as const;
/** Bits of the NEXT word that hold the member index (the rest tags the epoch). */
export const INDEX_BITS = 20;

/** The init message a pool worker receives. */
export interface PoolInit {
  readonly cfg: LifetimeConfig;
  /** The update kernel (absent: "fast"). */
  readonly kernel?: UpdateKernel;
  readonly ctrl: SharedArrayBuffer;
  readonly keys: SharedArrayBuffer;
  readonly genomes: SharedArrayBuffer;
  readonly results: SharedArrayBuffer;
}

/**
 * The worker loop: for each new epoch, claim indices tagged with that epoch until none are
 * left; a worker that wakes late for an old epoch finds a different tag and claims nothing.
 *
 * @example
 * ```ts ignore
 * // runs inside a Worker; see pool.ts
 * ```
 */
export function workerLoop(init: PoolInit): void {
  const ctrl = new Int32Array(init.ctrl);
  const keys = new Uint32Array(init.keys);
  const genomes = new Float64Array(init.genomes);
  const results = new Float64Array(init.results);
  const ev = makeEvaluator(init.cfg, init.kernel ?? "fast");
  const mask = (1 << INDEX_BITS) - 1;
  let seen = 0;
  for (;;) {
    while (Atomics.load(ctrl, CTRL.EPOCH) === seen && !Atomics.load(ctrl, CTRL.SHUTDOWN)) {
      Atomics.wait(ctrl, CTRL.EPOCH, seen, 1000);
    }
    if (Atomics.load(ctrl, CTRL.SHUTDOWN)) return;
    const epoch = Atomics.load(ctrl, CTRL.EPOCH);
    seen = epoch;
    const tag = epoch & 0x7ff;
    for (;;) {
      const c = Atomics.load(ctrl, CTRL.NEXT);
      if (c >>> INDEX_BITS !== tag) break;
      const idx = c & mask;
      if (idx >= Atomics.load(ctrl, CTRL.TOTAL)) break;
      if (Atomics.compareExchange(ctrl, CTRL.NEXT, c, c + 1) !== c) continue;
      try {
        evaluateMemberInto(ev, genomes, idx, { k0: keys[0], k1: keys[1] }, results);
      } catch (_e) {
        Atomics.store(ctrl, CTRL.ERROR, 1);
      }
      Atomics.add(ctrl, CTRL.DONE, 1);
      Atomics.notify(ctrl, CTRL.DONE);
    }
  }
}

// deno-lint-ignore no-explicit-any
const scope = globalThis as any;
if (typeof scope.WorkerGlobalScope !== "undefined" && scope instanceof scope.WorkerGlobalScope) {
  scope.onmessage = (e: MessageEvent<PoolInit>) => {
    workerLoop(e.data);
    scope.close();
  };
}
