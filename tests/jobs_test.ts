/**
 * Background jobs in Deno KV (`/v1/jobs`, app/jobs_api.ts): a job survives its server being
 * killed (SIGKILL) and restarted and ends with the uninterrupted run's stateHash; DELETE cancels;
 * a redelivered queue message never runs a job twice; the per-job limits answer 422/429 naming
 * the limit; bad input answers 4xx, never 5xx (fuzzed). Every loop is bounded in count and time.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { Effect } from "effect";
import { invoke } from "@neuroplastic/core/sim";
import { cli as walk } from "@neuroplastic/engines/walk";
import { cli as sorn } from "@neuroplastic/engines/sorn";
import { makeHandler } from "../app/handler.ts";
import { type JobsOptions, makeJobs } from "../app/jobs_api.ts";
import { jobsFuzz } from "./fuzz_arbitraries.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ENGINES = [walk, sorn];

/** Polls `f` every `everyMs` until it returns a value, at most `timeoutMs`. */
const until = async <T>(
  what: string,
  f: () => Promise<T | undefined>,
  timeoutMs: number,
  everyMs = 50,
): Promise<T> => {
  const t0 = performance.now();
  for (let i = 0; i < 100_000; i++) {
    const v = await f();
    if (v !== undefined) return v;
    if (performance.now() - t0 > timeoutMs) break;
    await sleep(everyMs);
  }
  throw new Error(`${what}: not within ${timeoutMs} ms`);
};

/** A job server process on a KV file; resolves with its base URL once it listens. */
const startServer = async (kvPath: string) => {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      "--unstable-kv",
      new URL("./jobs_server.ts", import.meta.url).pathname,
      kvPath,
      "1500",
    ],
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  const t0 = performance.now();
  while (!text.includes("\n")) {
    const { value, done } = await Promise.race([
      reader.read(),
      sleep(30_000).then(() => ({ value: undefined, done: true })),
    ]);
    if (done || performance.now() - t0 > 30_000) {
      child.kill("SIGKILL");
      throw new Error("the job server did not start");
    }
    text += value;
  }
  const { port } = JSON.parse(text.split("\n")[0]);
  // keep draining stdout so the child never blocks on a full pipe
  const drain = (async () => {
    try {
      while (!(await reader.read()).done) { /* drain */ }
    } catch { /* killed */ }
  })();
  return {
    base: `http://127.0.0.1:${port}`,
    kill: async () => {
      child.kill("SIGKILL");
      await child.status;
      await drain;
    },
  };
};

const getJob = async (base: string, id: string) => {
  const res = await fetch(`${base}/v1/jobs/${id}`);
  assert.equal(res.status, 200);
  return await res.json();
};

Deno.test("jobs: a job killed with its server (SIGKILL) resumes after a restart and ends with the uninterrupted stateHash", async () => {
  const dir = await Deno.makeTempDir({ prefix: "np-jobs-" });
  const kvPath = `${dir}/jobs.sqlite3`;
  const body = { engine: "sorn", command: "run", config: { sp_prob: 0.2 }, seed: 3, steps: 60_000 };
  let server = await startServer(kvPath);
  try {
    const res = await fetch(`${server.base}/v1/jobs`, {
      method: "POST",
      body: JSON.stringify(body),
    });
    assert.equal(res.status, 202);
    const { id } = await res.json();
    // The server keeps answering while the job runs; wait for its first checkpoint in KV.
    let worstHealthMs = 0;
    const before = await until("a first checkpoint", async () => {
      const h0 = performance.now();
      await (await fetch(`${server.base}/health`)).body?.cancel();
      worstHealthMs = Math.max(worstHealthMs, performance.now() - h0);
      const j = await getJob(server.base, id);
      return j.checkpointStep > 0 ? j : undefined;
    }, 30_000);
    assert.equal(before.status, "running");
    assert.ok(before.checkpointStep < body.steps, "the job ended before it could be killed");
    await server.kill();
    server = await startServer(kvPath);
    const done = await until(
      "the job done after the restart",
      async () => {
        const j = await getJob(server.base, id);
        assert.notEqual(j.status, "failed", JSON.stringify(j.error));
        return j.status === "done" ? j : undefined;
      },
      60_000,
      100,
    );
    const whole = await Effect.runPromise(
      invoke(sorn, "run", { steps: String(body.steps), seed: "3", "sp-prob": "0.2" }),
    );
    console.log(
      `killed at checkpoint ${before.checkpointStep}/${body.steps}; resumed from ${done.result.resumedFrom}; attempts ${done.attempts}; worst /health ${
        worstHealthMs.toFixed(1)
      } ms`,
    );
    assert.ok(done.result.resumedFrom >= before.checkpointStep);
    assert.ok(done.attempts >= 2);
    assert.equal(done.result.steps, body.steps);
    assert.equal(done.result.stateHash, whole.stateHash);
    assert.ok(worstHealthMs < 1000, `GET /health took ${worstHealthMs} ms during a job`);
  } finally {
    await server.kill();
    await Deno.remove(dir, { recursive: true });
  }
});

/** An in-process job service and handler on a temporary KV file, closed afterwards. */
const withJobs = async (
  options: Partial<JobsOptions>,
  fn: (h: (req: Request) => Promise<Response>, jobs: ReturnType<typeof makeJobs>) => Promise<void>,
) => {
  const dir = await Deno.makeTempDir({ prefix: "np-jobs-" });
  const jobs = makeJobs(ENGINES, { kvPath: `${dir}/jobs.sqlite3`, leaseMs: 1500, ...options });
  try {
    await jobs.ready;
    await fn(makeHandler(ENGINES, { maxBodyBytes: 4096, jobs }).fetch, jobs);
  } finally {
    await jobs.close();
    await Deno.remove(dir, { recursive: true });
  }
};

const call = async (
  h: (req: Request) => Promise<Response>,
  method: string,
  path: string,
  body?: unknown,
) => {
  const res = await h(
    new Request(`http://localhost${path}`, {
      method,
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    }),
  );
  return { status: res.status, allow: res.headers.get("allow"), body: await res.json() };
};

const longWalk = {
  engine: "walk",
  command: "run",
  config: { particles: 20_000 },
  steps: 1_000_000,
};

Deno.test("jobs: DELETE cancels a running job; its run stops at the next chunk", async () => {
  await withJobs({}, async (h, jobs) => {
    const { body: { id } } = await call(h, "POST", "/v1/jobs", longWalk);
    await until("the job running", async () => {
      const j = (await call(h, "GET", `/v1/jobs/${id}`)).body;
      return j.status === "running" && j.progress.step > 0 ? j : undefined;
    }, 20_000);
    const del = await call(h, "DELETE", `/v1/jobs/${id}`);
    assert.equal(del.status, 200);
    assert.equal(del.body.status, "cancelled");
    const t0 = performance.now();
    await until(
      "the run stopped",
      () => Promise.resolve(jobs.running().length ? undefined : 1),
      500,
      5,
    );
    console.log(`the run stopped ${(performance.now() - t0).toFixed(1)} ms after DELETE answered`);
    // a second DELETE answers the same record
    const again = await call(h, "DELETE", `/v1/jobs/${id}`);
    assert.equal(again.body.status, "cancelled");
    assert.ok(again.body.progress.step < longWalk.steps);
  });
});

Deno.test("jobs: a redelivered queue message never runs a job twice", async () => {
  await withJobs({}, async (h, jobs) => {
    const { status, body: { id } } = await call(h, "POST", "/v1/jobs", {
      engine: "walk",
      command: "run",
      config: { particles: 200 },
      steps: 3000,
    });
    assert.equal(status, 202);
    const msg = { kind: "np-job", jobId: id };
    const kv = await jobs.ready;
    await kv.enqueue(msg);
    await kv.enqueue(msg);
    await Promise.all([jobs.handleMessage(msg), jobs.handleMessage(msg)]);
    const done = await until("the job done", async () => {
      const j = (await call(h, "GET", `/v1/jobs/${id}`)).body;
      return j.status === "done" ? j : undefined;
    }, 20_000);
    await jobs.handleMessage(msg); // a message for a finished job is a no-op
    await sleep(300);
    const after = (await call(h, "GET", `/v1/jobs/${id}`)).body;
    assert.equal(after.attempts, 1);
    assert.equal(after.updatedAt, done.updatedAt);
    const whole = await Effect.runPromise(
      invoke(walk, "run", { steps: "3000", particles: "200" }),
    );
    assert.equal(done.result.stateHash, whole.stateHash);
    assert.equal(done.progress.step, 3000);
  });
});

Deno.test("jobs: limits answer 422/429 naming the limit; bad input 4xx; wall time fails the job keeping its checkpoint", async () => {
  await withJobs({ consume: false, maxConcurrentJobs: 2, maxJobSteps: 10_000 }, async (h) => {
    const ok = { engine: "walk", command: "run", steps: 10 };
    assert.equal((await call(h, "POST", "/v1/jobs", ok)).status, 202);
    assert.equal((await call(h, "POST", "/v1/jobs", ok)).status, 202);
    const full = await call(h, "POST", "/v1/jobs", ok);
    assert.equal(full.status, 429);
    assert.equal(full.body.field, "maxConcurrentJobs");
    const cases: [unknown, number, string | undefined][] = [
      [{ ...ok, steps: 10_001 }, 422, "steps"],
      [{ ...ok, steps: -1 }, 422, "steps"],
      [{ ...ok, engine: "nosuch" }, 422, "engine"],
      [{ ...ok, command: "nosuch" }, 422, "command"],
      [{ engine: "sorn", command: "batch" }, 422, "command"],
      [{ engine: "sorn", command: "__proto__" }, 422, "command"],
      [{ ...ok, config: { sigma: "x" } }, 422, "config.sigma"],
      [{ ...ok, config: { particles: -3 } }, 422, "config.particles"],
      [{ ...ok, config: [] }, 422, "config"],
      [{ ...ok, seed: 1.5 }, 422, "seed"],
      [{ ...ok, extra: 1 }, 422, "extra"],
      [[1], 422, "(root)"],
      ["{ nope", 400, undefined],
      ["x".repeat(10_000), 413, undefined],
    ];
    for (const [body, status, field] of cases) {
      const r = await call(h, "POST", "/v1/jobs", body);
      assert.equal(
        r.status,
        status,
        `${JSON.stringify(body).slice(0, 60)} → ${JSON.stringify(r.body)}`,
      );
      if (field) assert.equal(r.body.field, field);
    }
    const unknown = "00000000-0000-4000-8000-000000000000";
    assert.equal((await call(h, "GET", `/v1/jobs/${unknown}`)).status, 404);
    assert.equal((await call(h, "DELETE", `/v1/jobs/${unknown}`)).status, 404);
    assert.equal((await call(h, "GET", "/v1/jobs/not-an-id")).status, 404);
    assert.equal((await call(h, "GET", `/v1/jobs/${unknown}/x`)).status, 404);
    const get = await call(h, "GET", "/v1/jobs");
    assert.deepEqual([get.status, get.allow], [405, "POST"]);
    const put = await call(h, "PUT", `/v1/jobs/${unknown}`, "{}");
    assert.deepEqual([put.status, put.allow], [405, "GET, DELETE"]);
  });
  assert.throws(
    () => makeHandler(ENGINES, { jobs: { kvPath: "x" } as never }),
    (e: Error & { field?: string }) => e.field === "jobs",
  );
  for (const jobs of [{ maxJobSteps: 0 }, { leaseMs: 1.5 }, { bogus: 1 }, { consume: "yes" }]) {
    assert.throws(
      () => makeJobs(ENGINES, jobs as Partial<JobsOptions>),
      (e: Error & { field?: string }) => e.field === `jobs.${Object.keys(jobs)[0]}`,
    );
  }
  await withJobs({ maxJobWallMs: 1200 }, async (h) => {
    const { body: { id } } = await call(h, "POST", "/v1/jobs", longWalk);
    const j = await until("the job failed", async () => {
      const j = (await call(h, "GET", `/v1/jobs/${id}`)).body;
      return j.status === "failed" ? j : undefined;
    }, 20_000);
    assert.equal(j.error.field, "maxJobWallMs");
    assert.ok(j.checkpointStep > 0 && j.checkpointStep < longWalk.steps);
  });
});

Deno.test("jobs: fuzzed requests under /v1/jobs answer 2xx or 4xx, never 5xx", async () => {
  await withJobs({ consume: false, maxConcurrentJobs: 1000, maxJobSteps: 5 }, async (h) => {
    await fc.assert(
      fc.asyncProperty(jobsFuzz(ENGINES), async (r) => {
        const res = await h(
          new Request(`http://localhost${r.path}`, {
            method: r.method,
            body: r.body as BodyInit | undefined,
          }),
        );
        const text = await res.text();
        assert.ok(res.status < 500, `${r.method} ${r.path} → ${res.status} ${text.slice(0, 200)}`);
        if (res.status >= 400) assert.ok(JSON.parse(text).error, "4xx without an error message");
      }),
      { seed: 42, numRuns: Number(Deno.env.get("NP_FUZZ_RUNS") ?? 150) },
    );
  });
});
