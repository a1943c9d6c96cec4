/**
 * A synchronous Web-Worker pool for LNDP population evaluation. `Process.step` is
 * synchronous, so the calling thread publishes the batch in SharedArrayBuffers and blocks in
 * `Atomics.wait` while the workers claim members one by one (dynamic load balancing; lifetimes
 * differ a lot in length). Results are indexed by member, and each member's key is
 * fold(generation key, index), so the outcome is identical for any worker count.
 * Idle pools shut their workers down after `IDLE_MS` (see `setPoolIdleMs`), so a finished program
 * can exit.
 *
 * @module
 */
import type { Key } from "@neuroplastic/core/random";
import type { LifetimeConfig } from "./config.ts";
import { makeModel } from "./model.ts";
import {
  evaluateBatchInline,
  type PopulationResult,
  resultStride,
  unpackResults,
  type UpdateKernel,
} from "./population.ts";
import { CTRL, INDEX_BITS } from "./worker.ts";

/** Idle time after which a pool's workers are terminated. */
export const IDLE_MS = 1500;

let idleMs = IDLE_MS;

/**
 * Sets the idle time after which pools shut down (default {@link IDLE_MS}) and returns the
 * previous one. The bench raises it, so that a pool waiting while the other kernel's pool runs
 * a long generation is not torn down and restarted inside a timed call.
 *
 * @example
 * ```ts
 * import { IDLE_MS, setPoolIdleMs } from "@neuroplastic/engines/lndp";
 * const before = setPoolIdleMs(60_000);
 * setPoolIdleMs(before);
 * console.log(before === IDLE_MS); // true
 * ```
 */
export function setPoolIdleMs(ms: number): number {
  const prev = idleMs;
  idleMs = ms;
  return prev;
}

interface Pool {
  readonly workers: Worker[];
  readonly ctrl: Int32Array;
  readonly keys: Uint32Array;
  readonly genomes: Float64Array;
  readonly results: Float64Array;
  readonly capacity: number;
  epoch: number;
  lastUse: number;
  timer: number;
}

const pools = new Map<string, Pool>();

function shutdown(id: string): void {
  const pool = pools.get(id);
  if (!pool) return;
  pools.delete(id);
  clearInterval(pool.timer);
  Atomics.store(pool.ctrl, CTRL.SHUTDOWN, 1);
  Atomics.notify(pool.ctrl, CTRL.EPOCH);
  for (const w of pool.workers) w.terminate();
}

/**
 * Terminates every pool's workers now (tests call this; programs may rely on the idle timer).
 *
 * @example
 * ```ts
 * import { closePools } from "@neuroplastic/engines/lndp";
 * closePools();
 * ```
 */
export function closePools(): void {
  for (const id of [...pools.keys()]) shutdown(id);
}

function openPool(
  id: string,
  cfg: LifetimeConfig,
  workers: number,
  capacity: number,
  kernel: UpdateKernel,
): Pool {
  const P = makeModel(cfg.task, cfg).layout.size;
  const ctrlSab = new SharedArrayBuffer(16 * 4);
  const keysSab = new SharedArrayBuffer(2 * 4);
  const genomesSab = new SharedArrayBuffer(capacity * P * 8);
  const resultsSab = new SharedArrayBuffer(capacity * resultStride(cfg) * 8);
  const list: Worker[] = [];
  for (let w = 0; w < workers; w++) {
    const worker = new Worker(new URL("./worker.ts", import.meta.url).href, { type: "module" });
    worker.postMessage({
      cfg,
      kernel,
      ctrl: ctrlSab,
      keys: keysSab,
      genomes: genomesSab,
      results: resultsSab,
    });
    list.push(worker);
  }
  const pool: Pool = {
    workers: list,
    ctrl: new Int32Array(ctrlSab),
    keys: new Uint32Array(keysSab),
    genomes: new Float64Array(genomesSab),
    results: new Float64Array(resultsSab),
    capacity,
    epoch: 0,
    lastUse: performance.now(),
    timer: 0,
  };
  pool.timer = setInterval(() => {
    if (performance.now() - pool.lastUse > idleMs) shutdown(id);
  }, 250) as unknown as number;
  Deno.unrefTimer(pool.timer);
  return pool;
}

/**
 * Evaluates a flat population (popsize × P) with `workers` Web Workers (0 = on this thread).
 * Blocks until every member is done; deterministic in (cfg, genomes, genKey) for any `workers`
 * and either `kernel` (the fast update by default; "reference" runs update.ts, bit-identical).
 *
 * @example
 * ```ts
 * import { closePools, lifetimeDefaults, evaluatePopulationSync } from "@neuroplastic/engines/lndp";
 * const r = evaluatePopulationSync(lifetimeDefaults, new Float64Array(4 * 1918), 4, { k0: 0, k1: 1 }, 2);
 * console.log(r.fitness.length); // 4
 * closePools();
 * ```
 */
export function evaluatePopulationSync(
  cfg: LifetimeConfig,
  genomes: Float64Array,
  popsize: number,
  genKey: Key,
  workers: number,
  kernel: UpdateKernel = "fast",
): PopulationResult {
  if (workers <= 0) return evaluateBatchInline(cfg, genomes, popsize, genKey, kernel);
  const id = `${workers}|${kernel}|${JSON.stringify(cfg)}`;
  let pool = pools.get(id);
  if (pool && pool.capacity < popsize) {
    shutdown(id);
    pool = undefined;
  }
  if (!pool) {
    pool = openPool(id, cfg, workers, popsize, kernel);
    pools.set(id, pool);
  }
  const { ctrl } = pool;
  pool.genomes.set(genomes.subarray(0, popsize * (genomes.length / popsize)));
  pool.keys[0] = genKey.k0;
  pool.keys[1] = genKey.k1;
  Atomics.store(ctrl, CTRL.ERROR, 0);
  Atomics.store(ctrl, CTRL.DONE, 0);
  Atomics.store(ctrl, CTRL.TOTAL, popsize);
  pool.epoch++;
  Atomics.store(ctrl, CTRL.NEXT, (pool.epoch & 0x7ff) << INDEX_BITS);
  Atomics.store(ctrl, CTRL.EPOCH, pool.epoch);
  Atomics.notify(ctrl, CTRL.EPOCH);
  for (;;) {
    const d = Atomics.load(ctrl, CTRL.DONE);
    if (d >= popsize) break;
    Atomics.wait(ctrl, CTRL.DONE, d, 1000);
  }
  pool.lastUse = performance.now();
  if (Atomics.load(ctrl, CTRL.ERROR)) {
    throw new Error("lndp pool: a worker failed to evaluate a member");
  }
  return unpackResults(cfg, pool.results.slice(0, popsize * resultStride(cfg)), popsize);
}
