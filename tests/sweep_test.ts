/**
 * Sweeps: Web Workers give the same results for any worker count; a KV-queue
 * sweep of 20 jobs completes although its first consumer is killed (SIGKILL)
 * mid-job: the job is redelivered, no result is lost or duplicated.
 */
import assert from "node:assert/strict";
import { Effect } from "effect";
import { stateHash } from "@neuroplastic/core/checkpoint";
import { expandSweep, runJob } from "../app/jobs.ts";
import { engines } from "../app/registry.ts";
import { enqueueSweep, readSweep, runSweepKv, runSweepWorkers } from "../app/sweep.ts";
import { InvalidConfig } from "@neuroplastic/core/errors";

const walk = engines.find((e) => e.name === "walk")!;

Deno.test("sweep: expandSweep builds the cartesian grid × seeds and rejects bad grids by field", () => {
  const jobs = expandSweep(walk, {
    steps: 5,
    seeds: [1, 2, 3],
    grid: { sigma: [0.1, 0.2], particles: [4, 8] },
  });
  assert.equal(jobs.length, 12);
  assert.deepStrictEqual(jobs[0].config, { particles: 4, sigma: 0.1 });
  assert.throws(
    () => expandSweep(walk, { grid: { sigma: [-1] } }),
    (e: unknown) => e instanceof InvalidConfig && /sigma/.test(e.field),
  );
  assert.throws(
    () => expandSweep(walk, { seeds: [] }),
    (e: unknown) => e instanceof InvalidConfig && e.field === "seeds",
  );
  assert.throws(
    () => expandSweep(walk, { grid: { sigma: [] } }),
    (e: unknown) => e instanceof InvalidConfig && e.field === "grid.sigma",
  );
  assert.throws(
    () => expandSweep(walk, { nope: 1 }),
    (e: unknown) => e instanceof InvalidConfig && e.field === "nope",
  );
  assert.throws(
    () => expandSweep(walk, { command: "fly" }),
    (e: unknown) => e instanceof InvalidConfig && e.field === "command",
  );
});

Deno.test({
  name: "sweep: Web Worker results are identical for 1 and 2 workers and equal to direct runs",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const jobs = expandSweep(walk, {
      steps: 50,
      seeds: [1, 2],
      grid: { sigma: [0.05, 0.2], particles: [16, 32] },
    });
    const one = await Effect.runPromise(runSweepWorkers(jobs, 1));
    const two = await Effect.runPromise(runSweepWorkers(jobs, 2));
    assert.deepStrictEqual(two.results, one.results);
    assert.deepStrictEqual(one.results[5], runJob(engines, jobs[5]));
  },
});

Deno.test({
  name:
    "sweep: a 20-job KV-queue sweep completes with a consumer killed mid-job (redelivered, none lost or duplicated)",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const dir = Deno.makeTempDirSync();
    const path = `${dir}/q.sqlite3`;
    const jobs = expandSweep(walk, {
      steps: 150,
      seeds: [1, 2, 3, 4, 5],
      grid: { particles: [1500, 2000], sigma: [0.05, 0.1] },
    });
    assert.equal(jobs.length, 20);
    const sweepId = stateHash(jobs).slice(0, 16);
    const kv = await Deno.openKv(path);
    await enqueueSweep(kv, sweepId, jobs);
    await enqueueSweep(kv, sweepId, jobs); // enqueueing twice is harmless
    const child = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        "--unstable-kv",
        new URL("../app/cli.ts", import.meta.url).pathname,
        "sweep",
        "consume",
        "--kv",
        path,
      ],
      stdout: "null",
      stderr: "null",
    }).spawn();
    // Wait for the first consumer to finish a couple of jobs, then kill it while it works on the next.
    const t0 = Date.now();
    while ((await readSweep(kv, sweepId, jobs)).results.filter(Boolean).length < 2) {
      if (Date.now() - t0 > 60_000) throw new Error("first consumer made no progress");
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill("SIGKILL");
    await child.status;
    const before = (await readSweep(kv, sweepId, jobs)).results.filter(Boolean).length;
    assert.ok(before < 20, "the kill should leave unfinished jobs");
    kv.close();
    // A new coordinator + consumer finishes the sweep.
    const outcome = await runSweepKv(path, sweepId, jobs, 1, undefined, 120_000);
    assert.equal(outcome.results.length, 20);
    for (let i = 0; i < jobs.length; i++) {
      assert.equal(outcome.results[i].id, jobs[i].id);
      assert.deepStrictEqual(outcome.results[i], runJob(engines, jobs[i]));
    }
    assert.ok(outcome.redelivered >= 1, `expected a redelivery, got ${outcome.redelivered}`);
    Deno.removeSync(dir, { recursive: true });
  },
});
