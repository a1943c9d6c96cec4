/**
 * Background jobs in Deno KV, served by the HTTP handler under `/v1/jobs` when it is built with a
 * job service (`makeHandler(engines, { jobs: makeJobs(engines, { kvPath }) })`):
 *
 * - `POST /v1/jobs` with `{ engine, command, config?, seed?, steps? }` → `202 { id }` (validated
 *   like `POST /v1/<engine>/<command>`; process commands only; 422 naming `steps` over
 *   `maxJobSteps`, 429 naming `maxConcurrentJobs` when too many jobs are queued or running);
 * - `GET /v1/jobs/:id` → `{ id, status, progress: { step, total, unit }, result?, error?, ... }`;
 * - `DELETE /v1/jobs/:id` cancels (the run stops at its next chunk).
 *
 * The job record, its progress, its result and its checkpoints ({@link kvCheckpointStore}) live in
 * KV; work is dispatched with `kv.enqueue` and consumed with `kv.listenQueue` by every process that
 * shares the KV. A lease (owner + expiry, renewed while running) keeps two deliveries from running
 * the same job at once; a message for a finished job is a no-op; a job whose owner died is taken
 * over when its lease expires (a starting service re-enqueues the queued and running jobs it
 * finds). The orchestrator runs the job in short slices that yield to the event loop, with the
 * job's remaining wall time as its budget.
 *
 * @module
 */
import { Cause, Effect, Exit } from "effect";
import { InvalidConfig } from "@neuroplastic/core/errors";
import {
  codesOf,
  type EngineCli,
  isLibraryError,
  type Json,
  runInvocation,
  unitPlural,
} from "@neuroplastic/core/sim";
import { type JobRoutes, requestConfig } from "./handler.ts";
import { deleteKvCheckpoint, kvCheckpointPointer, kvCheckpointStore } from "./kv_store.ts";

// Types of @neuroplastic/core in this module's signatures, re-exported for its documentation.
export type { Json } from "@neuroplastic/core/sim";

/** Options of the job service (a partial object is merged over {@link defaultJobsOptions}). */
export interface JobsOptions {
  /** `Deno.openKv` path: a local SQLite file; absent: the runtime's default KV (managed on Deploy). */
  readonly kvPath?: string;
  /** Largest length of one job in its unit (default 10,000,000). */
  readonly maxJobSteps: number;
  /** Wall-clock limit of one job in ms, summed over restarts (default 3,600,000). */
  readonly maxJobWallMs: number;
  /** Most jobs queued or running at once (default 4). */
  readonly maxConcurrentJobs: number;
  /** Lease of a running job in ms, renewed every third of it (default 10,000). */
  readonly leaseMs: number;
  /** Target time of one orchestrator chunk in ms (default 10). */
  readonly sliceMs: number;
  /** Whether this process runs jobs from the queue (default true; false: only the API). */
  readonly consume: boolean;
}

/**
 * Default job limits: 10 million steps, one hour of wall clock, 4 jobs at once, 10 s leases.
 *
 * @example
 * ```ts
 * import { defaultJobsOptions } from "@neuroplastic/app/jobs_api";
 * console.log(defaultJobsOptions.maxConcurrentJobs); // 4
 * ```
 */
export const defaultJobsOptions: JobsOptions = {
  maxJobSteps: 10_000_000,
  maxJobWallMs: 3_600_000,
  maxConcurrentJobs: 4,
  leaseMs: 10_000,
  sliceMs: 10,
  consume: true,
};

/** A job's state. */
export type JobStatus = "queued" | "running" | "done" | "failed" | "cancelled";

/** What `GET /v1/jobs/:id` answers. */
export interface JobView {
  /** Job id. */
  readonly id: string;
  /** Engine name. */
  readonly engine: string;
  /** Command name. */
  readonly command: string;
  /** Where the job is. */
  readonly status: JobStatus;
  /** Units done (as of the last lease renewal) of the total. */
  readonly progress: { readonly step: number; readonly total: number; readonly unit: string };
  /** Step of the last checkpoint in KV, when there is one. */
  readonly checkpointStep?: number;
  /** The run's result (status `done`): the same object as `POST /v1/<engine>/<command>`. */
  readonly result?: Json;
  /** Why the job failed (status `failed`), and the field or limit at fault. */
  readonly error?: { readonly error: string; readonly field?: string };
  /** How many times a process took the job (1 unless a process died or was stopped). */
  readonly attempts: number;
  /** Creation time (ms since the epoch). */
  readonly createdAt: number;
  /** Last change (ms since the epoch). */
  readonly updatedAt: number;
}

/**
 * The job service behind `/v1/jobs` (built by {@link makeJobs}; give it to `makeHandler` as its
 * `jobs` option). Its `route` answers a request under `/v1/jobs` (`rest`: the path segments after
 * `jobs`; `readJson` reads the body with the handler's size limit).
 */
export interface JobService extends JobRoutes {
  /** Handles one queue message (what `kv.listenQueue` calls; a no-op for finished jobs). */
  handleMessage(msg: unknown): Promise<void>;
  /** The KV handle once open. */
  readonly ready: Promise<Deno.Kv>;
  /** This process's lease owner id. */
  readonly owner: string;
  /** Ids of the jobs this process is running now. */
  running(): readonly string[];
  /** Stops consuming, hands running jobs back to the queue and closes the KV. */
  close(): Promise<void>;
}

/** A job as stored in KV. */
interface JobRecord extends Omit<JobView, "result" | "checkpointStep"> {
  readonly configInput: Json;
  readonly seed: number;
  readonly steps: number;
  readonly owner?: string;
  readonly leaseUntil: number;
  readonly wallMs: number;
  readonly resultChunks?: number;
}

const K = {
  job: (id: string): Deno.KvKey => ["np-jobs", "job", id],
  active: (id: string): Deno.KvKey => ["np-jobs", "active", id],
  activePrefix: ["np-jobs", "active"] as Deno.KvKey,
  admit: ["np-jobs", "admit"] as Deno.KvKey,
  ckpt: (id: string): Deno.KvKey => ["np-jobs", "ckpt", id],
  result: (id: string, i: number): Deno.KvKey => ["np-jobs", "result", id, i],
};
const TERMINAL: readonly JobStatus[] = ["done", "failed", "cancelled"];
const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const BLOB = 60_000;

class JobProblem {
  constructor(readonly status: number, readonly error: string, readonly field?: string) {}
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Merges partial job options over {@link defaultJobsOptions} and checks them; a bad option throws
 * an {@link InvalidConfig} naming it (`jobs.<option>`).
 *
 * @example
 * ```ts
 * import { resolveJobsOptions } from "@neuroplastic/app/jobs_api";
 * console.log(resolveJobsOptions({ maxConcurrentJobs: 2 }).maxJobSteps); // 10000000
 * ```
 */
export const resolveJobsOptions = (partial: Partial<JobsOptions> = {}): JobsOptions => {
  const o = { ...defaultJobsOptions, ...partial };
  const known = [...Object.keys(defaultJobsOptions), "kvPath"];
  for (const k of Object.keys(partial)) {
    if (!known.includes(k)) {
      throw new InvalidConfig({
        field: `jobs.${k}`,
        message: `unknown job option ${k}; allowed: ${known.join(", ")}`,
      });
    }
  }
  for (const k of ["maxJobSteps", "maxJobWallMs", "maxConcurrentJobs", "leaseMs", "sliceMs"]) {
    const v = o[k as keyof JobsOptions];
    if (typeof v !== "number" || !Number.isInteger(v) || v < 1 || v > 1e12) {
      throw new InvalidConfig({
        field: `jobs.${k}`,
        message: `jobs.${k} must be an integer in [1, 1e12], got ${JSON.stringify(v)}`,
        allowed: "an integer in [1, 1e12]",
      });
    }
  }
  if (typeof o.consume !== "boolean") {
    throw new InvalidConfig({
      field: "jobs.consume",
      message: "jobs.consume must be true or false",
    });
  }
  if (o.kvPath !== undefined && typeof o.kvPath !== "string") {
    throw new InvalidConfig({ field: "jobs.kvPath", message: "jobs.kvPath must be a path" });
  }
  return o;
};

/** Field of a request body that must be an integer in [lo, hi]. */
const intOf = (
  b: Record<string, unknown>,
  k: string,
  hi: number,
  dflt: number,
  why = "",
): number => {
  const v = b[k];
  if (v === undefined) return dflt;
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > hi) {
    throw new JobProblem(422, `${k} must be an integer in [0, ${hi}]${why}`, k);
  }
  return v;
};

/**
 * Builds the job service over the engines given: opens the KV, starts consuming its queue (unless
 * `consume: false`) and re-enqueues the jobs a dead process left queued or running.
 *
 * @example
 * ```ts ignore
 * import { makeJobs } from "@neuroplastic/app/jobs_api";
 * import { makeHandler } from "@neuroplastic/app/handler";
 * import { cli as walk } from "@neuroplastic/engines/walk";
 * const jobs = makeJobs([walk], { kvPath: "jobs.sqlite3", maxConcurrentJobs: 2 });
 * Deno.serve({ hostname: "127.0.0.1" }, makeHandler([walk], { jobs }).fetch);
 * ```
 */
export const makeJobs = (
  registry: readonly EngineCli[],
  partial: Partial<JobsOptions> = {},
): JobService => {
  const opt = resolveJobsOptions(partial);
  const owner = crypto.randomUUID();
  /** Jobs a handler of this instance is claiming right now. */
  const claiming = new Set<string>();
  const local = new Map<string, { ac: AbortController; done: Promise<void> }>();
  let closing = false;
  let listening: Promise<void> = Promise.resolve();

  /** Re-enqueues queued or running jobs (now, or when their lease runs out). */
  const recover = async (kv: Deno.Kv) => {
    for await (const e of kv.list({ prefix: K.activePrefix }, { limit: 10_000 })) {
      const id = String(e.key.at(-1));
      const j = (await kv.get<JobRecord>(K.job(id))).value;
      if (!j || TERMINAL.includes(j.status)) continue;
      const delay = Math.max(0, j.leaseUntil - Date.now());
      await kv.enqueue({ kind: "np-job", jobId: id }, { delay: delay && delay + 100 });
    }
  };

  const handleMessage = async (msg: unknown): Promise<void> => {
    if (!isObject(msg) || msg.kind !== "np-job" || typeof msg.jobId !== "string") return;
    if (closing || local.has(msg.jobId)) return;
    const kv = await ready;
    const run = runJob(kv, msg.jobId);
    await run.catch((e) => {
      if (!closing) throw e;
    });
  };

  /** Takes the job's lease, runs it and stores its outcome. */
  const runJob = async (kv: Deno.Kv, id: string): Promise<void> => {
    // Two handlers of this instance for one job (a redelivered message beside the first): only
    // the first claims it. Without this, the second could read our fresh lease before the first
    // registered the run locally, claim it again and count a second attempt.
    if (claiming.has(id) || local.has(id)) return;
    claiming.add(id);
    let cur: JobRecord | undefined;
    let stamp = "";
    try {
      cur = await claim(kv, id, (r) => (stamp = r));
      if (!cur) return;
    } finally {
      if (!cur) claiming.delete(id);
    }
    await runClaimed(kv, id, cur, stamp);
  };

  /** Takes the job's lease (checked write); undefined when it is not ours to run. */
  const claim = async (
    kv: Deno.Kv,
    id: string,
    setStamp: (s: string) => void,
  ): Promise<JobRecord | undefined> => {
    let cur: JobRecord | undefined;
    for (let i = 0; i < 5 && !cur; i++) {
      const entry = await kv.get<JobRecord>(K.job(id));
      const j = entry.value;
      if (!j || TERMINAL.includes(j.status) || local.has(id)) return;
      const t = Date.now();
      if (j.status === "running" && j.owner !== owner && j.leaseUntil > t) {
        // Someone else holds it: look again when its lease runs out (it may have died).
        await kv.enqueue({ kind: "np-job", jobId: id }, { delay: j.leaseUntil - t + 100 });
        return;
      }
      const next: JobRecord = {
        ...j,
        status: "running",
        owner,
        leaseUntil: t + opt.leaseMs,
        attempts: j.attempts + 1,
        updatedAt: t,
      };
      const r = await kv.atomic().check(entry).set(K.job(id), next).commit();
      if (r.ok) {
        cur = next;
        setStamp(r.versionstamp);
      }
    }
    return cur;
  };

  /** Runs a job whose lease this instance holds, and stores its outcome. */
  const runClaimed = async (
    kv: Deno.Kv,
    id: string,
    cur: JobRecord,
    stampIn: string,
  ): Promise<void> => {
    let stamp = stampIn;
    let rec: JobRecord = cur;
    const ac = new AbortController();
    let finished: () => void = () => {};
    local.set(id, { ac, done: new Promise<void>((r) => (finished = r)) });
    claiming.delete(id);
    /** Writes our record (checked); "gone" when the job was cancelled or taken over. */
    const write = async (
      patch: Partial<JobRecord>,
      finalOp?: (op: Deno.AtomicOperation) => void,
    ) => {
      for (let i = 0; i < 5; i++) {
        const next = { ...rec, ...patch, updatedAt: Date.now() } as JobRecord;
        const op = kv.atomic().check({ key: K.job(id), versionstamp: stamp }).set(K.job(id), next);
        finalOp?.(op);
        const r = await op.commit();
        if (r.ok) {
          rec = next;
          stamp = r.versionstamp;
          return "ok";
        }
        const e = await kv.get<JobRecord>(K.job(id));
        if (!e.value || e.value.owner !== owner || e.value.status !== "running") {
          ac.abort(e.value?.status === "cancelled" ? "cancelled" : "lost");
          return "gone";
        }
        rec = e.value;
        stamp = e.versionstamp;
      }
      return "gone";
    };
    const cmd = registry.find((e) => e.name === rec.engine);
    const t0 = performance.now();
    const wall0 = rec.wallMs;
    let progress = rec.progress;
    let renewing: Promise<unknown> = Promise.resolve();
    const renewMs = Math.max(20, Math.min(1000, Math.floor(opt.leaseMs / 3)));
    const timer = setInterval(() => {
      renewing = renewing.then(() =>
        write({
          progress,
          leaseUntil: Date.now() + opt.leaseMs,
          wallMs: wall0 + performance.now() - t0,
        }).catch(() => ac.abort("lost"))
      );
    }, renewMs);
    try {
      const exit = cmd
        ? await Effect.runPromiseExit(runInvocation(cmd, rec.command, {
          configInput: rec.configInput,
          options: {
            seed: rec.seed,
            steps: rec.steps,
            force: false,
            records: [],
            stride: 1,
            workers: 1,
            budgetMs: Math.max(1, opt.maxJobWallMs - wall0),
          },
        }, {
          store: kvCheckpointStore(kv, K.ckpt(id), {
            engine: rec.engine,
            command: rec.command,
            seed: rec.seed,
            job: id,
          }),
          signal: ac.signal,
          sliceMs: opt.sliceMs,
          yieldToEventLoop: true,
          progress: (ev) => (progress = { step: ev.done, total: ev.total, unit: ev.unit }),
        }))
        : undefined;
      clearInterval(timer);
      await renewing;
      const why = ac.signal.aborted ? String(ac.signal.reason) : "";
      if (why === "cancelled" || why === "lost") return;
      const wallMs = wall0 + performance.now() - t0;
      const endActive = (op: Deno.AtomicOperation) => op.delete(K.active(id));
      if (why === "shutdown") {
        // Hand the job back: the next process (or this one's successor) continues it.
        await write(
          { status: "queued", owner: undefined, leaseUntil: 0, progress, wallMs },
          (op) => op.enqueue({ kind: "np-job", jobId: id }),
        );
        return;
      }
      if (!exit || Exit.isFailure(exit)) {
        const error = exit ? errorOf(Cause.squash(exit.cause)) : { error: "engine not served" };
        await write({ status: "failed", owner: undefined, error, progress, wallMs }, endActive);
        return;
      }
      const { __text: _t, ...result } = exit.value as Record<string, Json>;
      const plural = unitPlural(rec.progress.unit);
      const at = Number(result[plural] ?? progress.step);
      progress = { ...progress, step: at };
      if (result.stopped === "budget") {
        const error = {
          error:
            `the job exceeded maxJobWallMs (${opt.maxJobWallMs} ms) at ${rec.progress.unit} ${at} of ${rec.progress.total}; its checkpoint is kept`,
          field: "maxJobWallMs",
        };
        await write({ status: "failed", owner: undefined, error, progress, wallMs }, endActive);
        return;
      }
      const bytes = new TextEncoder().encode(JSON.stringify(result));
      const chunks = Math.ceil(bytes.length / BLOB);
      for (let i = 0; i < chunks; i++) {
        await kv.set(K.result(id, i), bytes.subarray(i * BLOB, (i + 1) * BLOB));
      }
      const w = await write(
        { status: "done", owner: undefined, resultChunks: chunks, progress, wallMs },
        endActive,
      );
      if (w === "ok") await deleteKvCheckpoint(kv, K.ckpt(id));
    } finally {
      clearInterval(timer);
      local.delete(id);
      finished();
    }
  };

  const view = async (kv: Deno.Kv, j: JobRecord): Promise<JobView> => {
    let result: Json | undefined;
    if (j.status === "done" && j.resultChunks) {
      const parts: Uint8Array[] = [];
      for (let i = 0; i < j.resultChunks; i++) {
        parts.push((await kv.get<Uint8Array>(K.result(j.id, i))).value ?? new Uint8Array());
      }
      const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
      parts.reduce((off, p) => (all.set(p, off), off + p.length), 0);
      result = JSON.parse(new TextDecoder().decode(all));
    }
    const ptr = j.status === "done" ? undefined : await kvCheckpointPointer(kv, K.ckpt(j.id));
    return {
      id: j.id,
      engine: j.engine,
      command: j.command,
      status: j.status,
      progress: j.progress,
      ...(ptr ? { checkpointStep: ptr.step } : {}),
      ...(result !== undefined ? { result } : {}),
      ...(j.error ? { error: j.error } : {}),
      attempts: j.attempts,
      createdAt: j.createdAt,
      updatedAt: j.updatedAt,
    };
  };

  /** Validates a `POST /v1/jobs` body like the synchronous route and admits the job. */
  const submit = async (kv: Deno.Kv, body: unknown): Promise<Response> => {
    if (!isObject(body)) throw new JobProblem(422, "body must be a JSON object", "(root)");
    const engine = typeof body.engine === "string"
      ? registry.find((e) => e.name === body.engine)
      : undefined;
    if (!engine) {
      throw new JobProblem(
        422,
        `engine must be one of ${registry.map((e) => e.name).join(", ")}`,
        "engine",
      );
    }
    const name = typeof body.command === "string" ? body.command : "";
    const cmd = Object.hasOwn(engine.commands, name) ? engine.commands[name] : undefined;
    const jobCommands = Object.keys(engine.commands).filter((n) =>
      !engine.commands[n].hidden && engine.commands[n].kind === "process"
    );
    if (!cmd || cmd.hidden || cmd.kind !== "process") {
      throw new JobProblem(
        422,
        `${engine.name} has no job command ${JSON.stringify(name)}${
          cmd?.kind === "function" ? " (a function command: use POST /v1/<engine>/<command>)" : ""
        }; job commands: ${jobCommands.join(", ")}`,
        "command",
      );
    }
    const p = cmd.process;
    const allowed = [
      "engine",
      "command",
      "config",
      ...(p.seeded !== false ? ["seed"] : []),
      ...(!p.length ? ["steps"] : []),
    ];
    for (const k of Object.keys(body)) {
      if (!allowed.includes(k)) {
        throw new JobProblem(422, `unknown field ${k}; allowed: ${allowed.join(", ")}`, k);
      }
    }
    if (body.config !== undefined && !isObject(body.config)) {
      throw new JobProblem(422, "config must be a JSON object", "config");
    }
    const seed = intOf(body, "seed", Number.MAX_SAFE_INTEGER, 0);
    const steps = p.length ? 0 : intOf(
      body,
      "steps",
      opt.maxJobSteps,
      Math.min(p.defaultSteps, opt.maxJobSteps),
      " (the maxJobSteps limit)",
    );
    const decoded = requestConfig(cmd, body.config);
    if (!decoded.ok) throw new JobProblem(422, decoded.error, decoded.field);
    const { configInput, config } = decoded;
    const bad = p.limits?.(config) ?? p.httpLimits?.(config);
    if (bad) throw new JobProblem(422, bad.message, `config.${bad.field}`);
    const unit = p.unit ?? "step";
    const total = p.length ? p.length(config) : steps;
    if (total > opt.maxJobSteps) {
      throw new JobProblem(
        422,
        `the run is ${total} ${unitPlural(unit)}, over the maxJobSteps limit (${opt.maxJobSteps})`,
        "steps",
      );
    }
    const t = Date.now();
    const id = crypto.randomUUID();
    const rec: JobRecord = {
      id,
      engine: engine.name,
      command: name,
      status: "queued",
      progress: { step: 0, total, unit },
      attempts: 0,
      createdAt: t,
      updatedAt: t,
      configInput,
      seed,
      steps,
      leaseUntil: 0,
      wallMs: 0,
    };
    for (let i = 0; i < 10; i++) {
      const admit = await kv.get<number>(K.admit);
      let n = 0;
      for await (const _ of kv.list({ prefix: K.activePrefix }, { limit: opt.maxConcurrentJobs })) {
        n++;
      }
      if (n >= opt.maxConcurrentJobs) {
        throw new JobProblem(
          429,
          `${n} jobs are queued or running, the maxConcurrentJobs limit; try again later`,
          "maxConcurrentJobs",
        );
      }
      const ok = await kv.atomic().check(admit).set(K.admit, (admit.value ?? 0) + 1)
        .set(K.job(id), rec).set(K.active(id), t).enqueue({ kind: "np-job", jobId: id }).commit();
      if (ok.ok) return json(202, { id }, { location: `/v1/jobs/${id}` });
    }
    throw new JobProblem(503, "too many jobs submitted at once; try again");
  };

  /** `DELETE /v1/jobs/:id`: marks the job cancelled; its run stops at the next chunk. */
  const cancel = async (kv: Deno.Kv, id: string): Promise<Response> => {
    for (let i = 0; i < 10; i++) {
      const e = await kv.get<JobRecord>(K.job(id));
      if (!e.value) return json(404, { error: `no job ${id}`, field: "id" });
      if (TERMINAL.includes(e.value.status)) return json(200, await view(kv, e.value));
      const next: JobRecord = {
        ...e.value,
        status: "cancelled",
        owner: undefined,
        updatedAt: Date.now(),
      };
      const r = await kv.atomic().check(e).set(K.job(id), next).delete(K.active(id)).commit();
      if (r.ok) {
        local.get(id)?.ac.abort("cancelled");
        return json(200, await view(kv, next));
      }
    }
    return json(503, { error: "the job changed too often; try again" });
  };

  const route = async (
    req: Request,
    rest: readonly string[],
    readJson: () => Promise<unknown>,
  ): Promise<Response> => {
    if (rest.length > 1 || (rest.length === 1 && !ID.test(rest[0]))) {
      return json(404, { error: `no job ${rest.join("/")}`, field: "id" });
    }
    const allow = rest.length === 0 ? "POST" : "GET, DELETE";
    if (!allow.split(", ").includes(req.method)) {
      return json(405, { error: `use ${allow}` }, { allow });
    }
    let kv: Deno.Kv;
    try {
      kv = await ready;
    } catch (e) {
      return json(503, { error: `job store unavailable: ${(e as Error).message}` });
    }
    try {
      if (rest.length === 0) return await submit(kv, await readJson());
      if (req.method === "DELETE") return await cancel(kv, rest[0]);
      const j = (await kv.get<JobRecord>(K.job(rest[0]))).value;
      return j
        ? json(200, await view(kv, j))
        : json(404, { error: `no job ${rest[0]}`, field: "id" });
    } catch (e) {
      if (e instanceof JobProblem) {
        return json(e.status, { error: e.error, ...(e.field ? { field: e.field } : {}) });
      }
      throw e;
    }
  };

  const close = async (): Promise<void> => {
    closing = true;
    for (const { ac } of local.values()) ac.abort("shutdown");
    await Promise.all([...local.values()].map((r) => r.done));
    try {
      (await ready).close();
    } catch { /* never opened */ }
    await listening;
  };

  const ready = (async () => {
    if (typeof Deno.openKv !== "function") {
      throw new Error("Deno KV is unavailable (run with --unstable-kv)");
    }
    const kv = await Deno.openKv(opt.kvPath);
    if (opt.consume) {
      listening = kv.listenQueue((m) => handleMessage(m)).catch(() => {});
      await recover(kv);
    }
    return kv;
  })();
  ready.catch(() => {}); // reported by route() as 503
  const running = (): readonly string[] => [...local.keys()];
  return { route, handleMessage, ready, owner, running, close };
};

/** A failed run's error for the job record: the message and the field at fault. */
const errorOf = (e: unknown): { error: string; field?: string; status: number } => {
  if (isLibraryError(e)) {
    const field = "field" in e ? `config.${String(e.field)}` : undefined;
    return { error: e.message, ...(field ? { field } : {}), status: codesOf(e).http };
  }
  return { error: `internal error: ${e instanceof Error ? e.message : String(e)}`, status: 500 };
};
