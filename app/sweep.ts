/**
 * Parameter sweeps and seed batches, in parallel on Web Workers or through
 * Deno KV queues (the same code runs on Deno Deploy, where KV is managed).
 *
 * ```
 * np sweep <engine> --grid grid.json [--workers W] [--out dir]
 * np sweep <engine> --grid grid.json --queue kv [--kv path.sqlite3] [--workers W] [--out dir]
 * np sweep consume --kv path.sqlite3 [--idle-exit S]     # an extra consumer process
 * ```
 *
 * KV protocol (idempotent on redelivery): the coordinator writes each job under
 * `["np-sweep", sweepId, "job", id]` and enqueues `{ sweepId, id }` in the same atomic
 * commit (guarded by a versionstamp check, so enqueueing twice is harmless). A consumer
 * skips a message whose result already exists, runs the job (a pure function of the job),
 * and writes `["np-sweep", sweepId, "result", id]` with a `check(null)` guard, so a job
 * redelivered after a crash is computed again but its result is stored once.
 * `["np-sweep", sweepId, "attempts", id]` counts deliveries (a KV `sum`), to make
 * redeliveries visible.
 *
 * @module
 */
import { consumeKvQueue, whenUnlocked } from "./kv_consumer.ts";
import { Effect } from "effect";
import type { EngineCli } from "@neuroplastic/core/sim";
import { type Job, type JobResult, runJob } from "./jobs.ts";

/** Result of a sweep: results in job order. */
export interface SweepOutcome {
  readonly results: readonly JobResult[];
  readonly redelivered: number;
}

/**
 * Runs jobs on `workers` Web Workers (an Effect-managed pool: workers are acquired with
 * `acquireRelease` and always terminated). Results come back in job order whatever the
 * number of workers.
 *
 * @example
 * ```ts ignore
 * import { Effect } from "effect";
 * import { runSweepWorkers } from "./sweep.ts";
 * const out = await Effect.runPromise(runSweepWorkers(jobs, 2));
 * ```
 */
export const runSweepWorkers = (
  jobs: readonly Job[],
  workers: number,
  onDone?: (done: number, total: number) => void,
): Effect.Effect<SweepOutcome, Error> =>
  Effect.scoped(
    Effect.gen(function* () {
      const n = Math.max(1, Math.min(workers, jobs.length));
      const pool = yield* Effect.forEach(Array.from({ length: n }), () =>
        Effect.acquireRelease(
          Effect.sync(() =>
            new Worker(new URL("./sweep_worker.ts", import.meta.url), { type: "module" })
          ),
          (w) => Effect.sync(() => w.terminate()),
        ));
      const results: JobResult[] = new Array(jobs.length);
      let next = 0, done = 0;
      const runOn = (w: Worker): Effect.Effect<void, Error> =>
        Effect.async<void, Error>((resume) => {
          const pump = (): void => {
            if (next >= jobs.length) {
              w.onmessage = null;
              resume(Effect.void);
              return;
            }
            const i = next++;
            w.onmessage = (
              e: MessageEvent<{ ok: boolean; result?: JobResult; error?: string }>,
            ) => {
              if (!e.data.ok) {
                resume(Effect.fail(new Error(`job ${jobs[i].id}: ${e.data.error}`)));
                return;
              }
              results[i] = e.data.result!;
              onDone?.(++done, jobs.length);
              pump();
            };
            w.onerror = (e) => {
              e.preventDefault();
              resume(Effect.fail(new Error(`worker failed: ${e.message}`)));
            };
            w.postMessage(jobs[i]);
          };
          pump();
        });
      yield* Effect.forEach(pool, runOn, { concurrency: "unbounded", discard: true });
      return { results, redelivered: 0 };
    }),
  );

const K = {
  job: (s: string, id: string): Deno.KvKey => ["np-sweep", s, "job", id],
  result: (s: string, id: string): Deno.KvKey => ["np-sweep", s, "result", id],
  attempts: (s: string, id: string): Deno.KvKey => ["np-sweep", s, "attempts", id],
};

/** A queue message. */
interface SweepMessage {
  readonly kind: "np-sweep";
  readonly sweepId: string;
  readonly id: string;
}

/**
 * Writes the jobs and enqueues one message per job (idempotent: a job already written is not enqueued again).
 *
 * @example
 * ```ts ignore
 * const kv = await Deno.openKv("sweep.sqlite3");
 * await enqueueSweep(kv, "s1", jobs);
 * ```
 */
export const enqueueSweep = async (
  kv: Deno.Kv,
  sweepId: string,
  jobs: readonly Job[],
): Promise<void> => {
  for (const job of jobs) {
    const msg: SweepMessage = { kind: "np-sweep", sweepId, id: job.id };
    // the local SQLite KV refuses writes while another process holds its lock: retry them
    await whenUnlocked(() =>
      kv.atomic().check({ key: K.job(sweepId, job.id), versionstamp: null })
        .set(K.job(sweepId, job.id), job)
        .enqueue(msg).commit()
    );
  }
};

/**
 * Handles one queue message: skip if its result exists, else run and store the result once.
 *
 * @example
 * ```ts ignore
 * kv.listenQueue((m) => handleSweepMessage(kv, engines, m));
 * ```
 */
export const handleSweepMessage = async (
  kv: Deno.Kv,
  registry: readonly EngineCli[],
  msg: unknown,
): Promise<void> => {
  const m = msg as SweepMessage;
  if (m?.kind !== "np-sweep") return;
  // every KV call retries 'database is locked' (another consumer process writing): a handler that
  // threw on it would spend the message's redeliveries and could lose the job
  await whenUnlocked(() => kv.atomic().sum(K.attempts(m.sweepId, m.id), 1n).commit());
  const done = await whenUnlocked(() => kv.get(K.result(m.sweepId, m.id)));
  if (done.versionstamp !== null) return;
  const job = (await whenUnlocked(() => kv.get<Job>(K.job(m.sweepId, m.id)))).value;
  if (!job) return;
  const result = runJob(registry, job);
  await whenUnlocked(() =>
    kv.atomic().check({ key: K.result(m.sweepId, m.id), versionstamp: null })
      .set(K.result(m.sweepId, m.id), result)
      .commit()
  );
};

/**
 * Reads the results present so far, in job order (`undefined` where missing), and the redelivery count.
 *
 * @example
 * ```ts ignore
 * const { results } = await readSweep(kv, "s1", jobs);
 * ```
 */
export const readSweep = async (
  kv: Deno.Kv,
  sweepId: string,
  jobs: readonly Job[],
): Promise<{ results: (JobResult | undefined)[]; redelivered: number }> => {
  const results: (JobResult | undefined)[] = [];
  let redelivered = 0;
  for (const job of jobs) {
    results.push(
      (await whenUnlocked(() => kv.get<JobResult>(K.result(sweepId, job.id)))).value ?? undefined,
    );
    const a = (await whenUnlocked(() => kv.get<Deno.KvU64>(K.attempts(sweepId, job.id)))).value;
    if (a && a.value > 1n) redelivered += Number(a.value - 1n);
  }
  return { results, redelivered };
};

/**
 * A queue consumer: listens on the KV queue at `path` until `stop()` resolves, running every sweep
 * message (the loop, with its idle re-open, is {@link consumeKvQueue}).
 *
 * @example
 * ```ts ignore
 * await consumeQueue("sweep.sqlite3", engines, () => new Promise((r) => setTimeout(r, 10_000)));
 * ```
 */
export const consumeQueue = (
  path: string | undefined,
  registry: readonly EngineCli[],
  stop: (kv: Deno.Kv) => Promise<void>,
  reopenMs = 7000,
): Promise<void> =>
  consumeKvQueue(path, (kv, m) => handleSweepMessage(kv, registry, m), stop, { reopenMs });

/**
 * Runs a sweep through a KV queue: enqueue, consume with `workers` consumers running in
 * Web Workers (each with its own KV handle on `path`; other processes may consume too),
 * and wait for every result. With `workers = 0` nothing is consumed here (external
 * consumers only, e.g. Deno Deploy isolates).
 *
 * @example
 * ```ts ignore
 * const out = await runSweepKv("sweep.sqlite3", "s1", jobs, 2);
 * ```
 */
export const runSweepKv = async (
  path: string,
  sweepId: string,
  jobs: readonly Job[],
  workers: number,
  onDone?: (done: number, total: number) => void,
  timeoutMs = 3_600_000,
): Promise<SweepOutcome> => {
  const kv = await Deno.openKv(path);
  const pool: Worker[] = [];
  try {
    await enqueueSweep(kv, sweepId, jobs);
    for (let i = 0; i < workers; i++) {
      const w = new Worker(new URL("./sweep_kv_worker.ts", import.meta.url), { type: "module" });
      w.postMessage({ path });
      pool.push(w);
    }
    const t0 = Date.now();
    while (true) {
      const { results } = await readSweep(kv, sweepId, jobs);
      const done = results.filter(Boolean).length;
      onDone?.(done, jobs.length);
      if (done === jobs.length) break;
      if (Date.now() - t0 > timeoutMs) {
        throw new Error(
          `sweep ${sweepId}: ${jobs.length - done} jobs unfinished after ${timeoutMs} ms`,
        );
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    const { results, redelivered } = await readSweep(kv, sweepId, jobs);
    return { results: results as JobResult[], redelivered };
  } finally {
    for (const w of pool) w.postMessage({ stop: true });
    await new Promise((r) => setTimeout(r, 50));
    for (const w of pool) w.terminate();
    kv.close();
  }
};
