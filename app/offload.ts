/**
 * Runs function commands (`kind: "function"`) off the HTTP handler's thread. A function command is
 * one synchronous computation (e.g. `sorn batch`, `genreg population`, `rsgn connectivity`): run
 * inline it would hold the isolate for its whole duration, so no other request, not even
 * `GET /health`, would be answered. Where the runtime has `Worker` (Deno, `deno serve`), it runs
 * in a Web Worker from a small pool instead; where it has none (e.g. a Deno Deploy isolate), it
 * runs inline as before.
 *
 * - The worker loads only the engine the request names and runs the same orchestrator call
 *   (`runInvocation`), so the result, its `stateHash` included, is the one of the inline path.
 * - The request's abort signal (a client that disconnects) sets a shared cancel flag that the
 *   command polls (`FunctionInput.cancelled`) and the run answers a `UsageError` naming the
 *   cancel at once. A worker whose command stops within {@link OffloadOptions.cancelGraceMs} goes
 *   back to the pool warm: terminating it would cost the isolate's teardown (~100–200 ms of CPU
 *   here), longer than the stop itself. One that does not stop in time is terminated (Deno
 *   carries the termination out when its JavaScript next returns: denoland/deno#12831).
 * - Idle workers stay warm for {@link OffloadOptions.idleMs} and are then terminated (an idle
 *   worker keeps a `deno run` process alive); at most {@link OffloadOptions.maxWorkers} run at once,
 *   further requests wait for one.
 * - Engines the worker does not know (a custom engine embedded with `makeHandler`) and runs that
 *   write a run folder run inline.
 *
 * @module
 */
import { Effect } from "effect";
import {
  CheckpointCorrupt,
  FileError,
  GpuUnavailable,
  InvalidConfig,
  type NeuroplasticError,
  NumericalDivergence,
  ShapeMismatch,
  UsageError,
} from "@neuroplastic/core/errors";
import {
  type EngineCli,
  type Invocation,
  type Json,
  type ProgressEvent,
  type RunError,
  runInvocation,
  type RunIo,
  type RunOptions,
  type RunResult,
} from "@neuroplastic/core/sim";

/** A job sent to a worker. */
export interface OffloadRequest {
  /** Engine name (the worker loads `@neuroplastic/engines/<name>`). */
  readonly engine: string;
  /** The engine's version as the handler serves it (the worker checks it is the same). */
  readonly version: string;
  /** The function command. */
  readonly command: string;
  /** The config as JSON, not yet decoded. */
  readonly configInput: Json;
  /** Run options (no `outDir`). */
  readonly options: RunOptions;
  /**
   * One Int32 set to 1 when the request is aborted: the command reads it between chunks of its
   * work (`FunctionInput.cancelled`), since a busy worker cannot receive a message.
   */
  readonly cancel: SharedArrayBuffer;
}

/** A worker's message back: progress, then exactly one of result, failure, defect or unknown. */
export type OffloadReply =
  | { readonly type: "progress"; readonly ev: ProgressEvent }
  | { readonly type: "result"; readonly result: RunResult }
  | { readonly type: "failure"; readonly tag: string; readonly fields: Record<string, unknown> }
  | { readonly type: "defect"; readonly message: string }
  | { readonly type: "unknown"; readonly reason: string };

/** Pool settings. */
export interface OffloadOptions {
  /** Workers running at once (default: the core count, at least 2); more requests wait. */
  readonly maxWorkers: number;
  /** Workers kept warm when idle (default 2). */
  readonly maxIdle: number;
  /** An idle worker is terminated after this many ms (default 10,000). */
  readonly idleMs: number;
  /**
   * After a cancel, a worker that has not stopped within this many ms is terminated instead of
   * kept (default 250).
   */
  readonly cancelGraceMs: number;
  /** Use workers at all (default: when the runtime has `Worker`). */
  readonly enabled: boolean;
}

/** Counters of the pool, for tests and the load bench. */
export interface OffloadStats {
  /** Workers started so far. */
  readonly spawned: number;
  /** Runs whose request was aborted or timed out (their worker drains back to the pool or is terminated). */
  readonly cancelled: number;
  /** Jobs run in a worker. */
  readonly offloaded: number;
  /** Jobs run inline (no `Worker`, unknown engine, or a worker that could not start). */
  readonly inline: number;
  /** Workers running a job now. */
  readonly busy: number;
  /** Warm idle workers now. */
  readonly idle: number;
}

const hasWorker = typeof (globalThis as { Worker?: unknown }).Worker === "function";

let settings: OffloadOptions = {
  maxWorkers: Math.max(
    2,
    (globalThis.navigator as { hardwareConcurrency?: number } | undefined)
      ?.hardwareConcurrency ?? 2,
  ),
  maxIdle: 2,
  idleMs: 10_000,
  cancelGraceMs: 250,
  enabled: hasWorker,
};

const counts = { spawned: 0, cancelled: 0, offloaded: 0, inline: 0 };
const idle: { w: Worker; timer: ReturnType<typeof setTimeout> }[] = [];
const waiting: (() => void)[] = [];
let busy = 0;
/** Set when a worker failed to start: the runtime cannot run ours, so run inline from then on. */
let broken = false;

/**
 * Changes the pool's settings (merged over the current ones); returns the new settings.
 *
 * @example
 * ```ts
 * import { configureOffload } from "@neuroplastic/app/offload";
 * console.log(configureOffload({ idleMs: 5_000 }).idleMs); // 5000
 * ```
 */
export const configureOffload = (options: Partial<OffloadOptions>): OffloadOptions => {
  settings = { ...settings, ...options };
  return settings;
};

/**
 * The pool's counters.
 *
 * @example
 * ```ts
 * import { offloadStats } from "@neuroplastic/app/offload";
 * console.log(offloadStats().busy); // 0
 * ```
 */
export const offloadStats = (): OffloadStats => ({ ...counts, busy, idle: idle.length });

/**
 * Terminates the idle workers now (busy ones end with their request), e.g. before a script exits.
 *
 * @example
 * ```ts
 * import { closeOffload } from "@neuroplastic/app/offload";
 * closeOffload();
 * ```
 */
export const closeOffload = (): void => {
  for (const { w, timer } of idle.splice(0)) {
    clearTimeout(timer);
    w.terminate();
  }
};

const spawn = (): Worker => {
  counts.spawned++;
  return new Worker(new URL("./offload_worker.ts", import.meta.url).href, { type: "module" });
};

/** A worker (warm if one is idle), once fewer than `maxWorkers` are busy. */
const acquire = (signal?: AbortSignal): Promise<Worker | undefined> =>
  new Promise((resolve) => {
    const take = () => {
      if (signal?.aborted) {
        if (busy < settings.maxWorkers) waiting.shift()?.(); // pass the free slot on
        return resolve(undefined);
      }
      busy++;
      const warm = idle.pop();
      if (warm) {
        clearTimeout(warm.timer);
        return resolve(warm.w);
      }
      try {
        resolve(spawn());
      } catch {
        busy--;
        broken = true;
        resolve(undefined);
      }
    };
    if (busy < settings.maxWorkers) return take();
    const wake = () => {
      signal?.removeEventListener("abort", drop);
      take();
    };
    const drop = () => {
      const i = waiting.indexOf(wake);
      if (i >= 0) waiting.splice(i, 1);
      resolve(undefined);
    };
    signal?.addEventListener("abort", drop, { once: true });
    waiting.push(wake);
  });

/** Gives a worker back (kept warm, or terminated) and lets the next waiting request in. */
const release = (w: Worker | undefined, keep: boolean): void => {
  if (w) {
    w.onmessage = null;
    w.onerror = null;
    if (keep && idle.length < settings.maxIdle) {
      const entry: (typeof idle)[number] = {
        w,
        timer: 0 as unknown as ReturnType<typeof setTimeout>,
      };
      entry.timer = setTimeout(() => {
        const i = idle.indexOf(entry);
        if (i >= 0) idle.splice(i, 1);
        w.terminate();
      }, settings.idleMs);
      (globalThis as { Deno?: { unrefTimer?: (id: number) => void } }).Deno?.unrefTimer?.(
        entry.timer as unknown as number,
      );
      idle.push(entry);
    } else w.terminate();
  }
  busy--;
  waiting.shift()?.();
};

const errorClasses: { readonly [tag: string]: new (fields: never) => NeuroplasticError } = {
  InvalidConfig,
  ShapeMismatch,
  NumericalDivergence,
  CheckpointCorrupt,
  GpuUnavailable,
  UsageError,
  FileError,
};

/** The library error a worker reported, rebuilt as the same class (so `instanceof` and tags hold). */
const rebuild = (tag: string, fields: Record<string, unknown>): unknown => {
  const { _tag: _t, ...rest } = fields;
  const C = Object.hasOwn(errorClasses, tag) ? errorClasses[tag] : undefined;
  return C ? new C(rest as never) : Object.assign(new Error(String(fields.message ?? tag)), fields);
};

const cancelled = (): UsageError =>
  new UsageError({ flag: "(request)", message: "cancelled: the request was aborted" });

/**
 * Runs `engine command` like the orchestrator's `runInvocation`, but a function command runs in a
 * Web Worker when the runtime has one, so the calling isolate stays free; `io.signal` terminates
 * the worker. Processes (already sliced by the orchestrator), runs with an `outDir`, engines the
 * worker does not know, and runtimes without `Worker` run inline. The result is the inline one.
 *
 * @example
 * ```ts ignore
 * import { Effect } from "effect";
 * import { runOffThread } from "@neuroplastic/app/offload";
 * import { cli as rsgn } from "@neuroplastic/engines/rsgn";
 * const r = await Effect.runPromise(runOffThread(rsgn, "info", {
 *   configInput: {},
 *   options: { seed: 0, steps: 0, force: false, records: [], stride: 1, workers: 1 },
 * }));
 * console.log(r.stateHash);
 * ```
 */
export const runOffThread = (
  engine: EngineCli,
  command: string,
  inv: Invocation,
  io: RunIo = {},
): Effect.Effect<RunResult, RunError> => {
  const cmd = Object.hasOwn(engine.commands, command) ? engine.commands[command] : undefined;
  const inline = (): Effect.Effect<RunResult, RunError> =>
    Effect.suspend(() => {
      counts.inline++;
      return runInvocation(engine, command, inv, io);
    });
  if (!settings.enabled || broken || cmd?.kind !== "function" || inv.options.outDir) {
    return inline();
  }
  const cancel = new SharedArrayBuffer(4);
  const job: OffloadRequest = {
    engine: engine.name,
    version: engine.version,
    command,
    configInput: inv.configInput,
    options: inv.options,
    cancel,
  };
  return Effect.async<RunResult | undefined, RunError>((resume) => {
    let w: Worker | undefined;
    let over = false;
    const finish = (keep: boolean): boolean => {
      if (over) return false;
      over = true;
      io.signal?.removeEventListener("abort", onAbort);
      release(w, keep);
      return true;
    };
    /**
     * Answers the cancel now and lets the worker drain: a command that polls `cancelled`
     * (FunctionInput) replies within a poll, and the worker goes back to the pool warm; one that
     * does not reply within the grace period is terminated.
     */
    const drain = (worker: Worker): void => {
      const timer = setTimeout(() => release(worker, false), settings.cancelGraceMs);
      worker.onmessage = (e: MessageEvent<OffloadReply>) => {
        if (e.data.type === "progress") return;
        clearTimeout(timer);
        release(worker, e.data.type !== "unknown");
      };
      worker.onerror = (e: ErrorEvent) => {
        e.preventDefault();
        clearTimeout(timer);
        release(worker, false);
      };
    };
    const onAbort = () => {
      Atomics.store(new Int32Array(cancel), 0, 1);
      if (!w || over) return; // still waiting: acquire() resolves undefined
      over = true;
      io.signal?.removeEventListener("abort", onAbort);
      counts.cancelled++;
      drain(w);
      resume(Effect.fail(cancelled()));
    };
    io.signal?.addEventListener("abort", onAbort, { once: true });
    acquire(io.signal).then((worker) => {
      if (over) return worker && release(worker, true); // interrupted while waiting
      if (!worker) {
        io.signal?.removeEventListener("abort", onAbort);
        over = true;
        // aborted while waiting, or no worker could start
        return resume(io.signal?.aborted ? Effect.fail(cancelled()) : Effect.succeed(undefined));
      }
      w = worker;
      if (io.signal?.aborted) return onAbort();
      worker.onmessage = (e: MessageEvent<OffloadReply>) => {
        const m = e.data;
        if (m.type === "progress") return io.progress?.(m.ev);
        if (!finish(m.type !== "unknown")) return;
        if (m.type === "result") {
          counts.offloaded++;
          resume(Effect.succeed(m.result));
        } else if (m.type === "failure") {
          counts.offloaded++;
          resume(Effect.fail(rebuild(m.tag, m.fields) as RunError));
        } else if (m.type === "defect") {
          counts.offloaded++;
          resume(Effect.die(new Error(m.message)));
        } else resume(Effect.succeed(undefined)); // not the engine we serve: run inline
      };
      worker.onerror = (e: ErrorEvent) => {
        e.preventDefault();
        broken = true; // the worker module cannot run here: inline from now on
        if (finish(false)) resume(Effect.succeed(undefined));
      };
      worker.postMessage(job);
    });
    // interruption (the handler's time budget): terminate the worker
    return Effect.sync(() => {
      Atomics.store(new Int32Array(cancel), 0, 1);
      if (!w) over = true; // still waiting: the worker, once granted, goes back to the pool
      else if (!over) {
        over = true;
        io.signal?.removeEventListener("abort", onAbort);
        counts.cancelled++;
        drain(w);
      }
    });
  }).pipe(Effect.flatMap((r) => (r === undefined ? inline() : Effect.succeed(r))));
};
