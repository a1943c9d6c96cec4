/**
 * The HTTP handler never blocks its isolate (issue 17): while a long process run is in flight,
 * `GET /health` answers; a client that disconnects stops its run; a function command runs in a
 * Web Worker (app/offload.ts) with the inline result, and does not block `/health` either.
 * In-process `Deno.serve` on 127.0.0.1, a few seconds.
 */
import assert from "node:assert/strict";
import { Effect, Schema } from "effect";
import type { EngineCli, Json } from "@neuroplastic/core/sim";
import { commandDefaults, mergeConfig, runInvocation } from "@neuroplastic/core/sim";
import { cli as sorn } from "@neuroplastic/engines/sorn";
import { cli as rsgn } from "@neuroplastic/engines/rsgn";
import { makeHandler } from "../app/handler.ts";
import { closeOffload, offloadStats, runOffThread } from "../app/offload.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const busy = (ms: number) => {
  const t = performance.now();
  while (performance.now() - t < ms) { /* spin */ }
};

/** A test engine whose steps each take ~0.5 ms and count themselves. */
let stepsTaken = 0;
const spin: EngineCli = {
  name: "spin",
  version: "0.0.0",
  description: "busy steps",
  commands: {
    run: {
      kind: "process",
      description: "spin",
      process: {
        config: Schema.Struct({}),
        defaults: {},
        docs: {},
        defaultSteps: 10,
        init: () => ({ n: 0 }),
        step: (s: { n: number }) => {
          busy(0.5);
          stepsTaken++;
          return { n: s.n + 1 };
        },
        summary: (s: { n: number }) => ({ n: s.n }),
      },
    },
  },
};

const serve = (engines: readonly EngineCli[]) => {
  const h = makeHandler(engines, { budgetMs: 15_000 });
  const srv = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, h.fetch);
  return { srv, base: `http://127.0.0.1:${srv.addr.port}` };
};

const health = async (base: string): Promise<number> => {
  const t = performance.now();
  const r = await fetch(`${base}/health`);
  await r.arrayBuffer();
  assert.equal(r.status, 200);
  return performance.now() - t;
};

Deno.test("a long process run does not block /health, and a disconnect stops it", async () => {
  const { srv, base } = serve([spin]);
  try {
    for (const stream of [false, true]) {
      stepsTaken = 0;
      const ac = new AbortController();
      const run = fetch(`${base}/v1/spin/run${stream ? "?stream=1" : ""}`, {
        method: "POST",
        body: JSON.stringify({ steps: 20_000 }), // ~10 s: far longer than this test waits
        signal: ac.signal,
      }).then((r) => r.body?.getReader().read()).catch(() => {});
      await sleep(200);
      const lat: number[] = [];
      for (let i = 0; i < 10; i++) {
        lat.push(await health(base));
        await sleep(20);
      }
      assert.ok(stepsTaken > 50, `the run is running (${stepsTaken} steps)`);
      assert.ok(Math.max(...lat) < 100, `health answered in ${lat.map(Math.round)} ms`);
      ac.abort();
      await run;
      await sleep(100);
      const at = stepsTaken;
      await sleep(200);
      assert.equal(stepsTaken, at, `stream=${stream}: the run stopped after the disconnect`);
      assert.ok(at < 20_000);
    }
  } finally {
    await srv.shutdown();
  }
});

Deno.test("function commands run in a worker: same stateHash as inline, /health not blocked", async () => {
  const opts = { seed: 3, steps: 0, force: false, records: [], stride: 1, workers: 1 };
  try {
    const cases: [EngineCli, string, Json][] = [
      [sorn, "batch", { networks: 2, length: 50 }],
      [rsgn, "info", {}],
    ];
    for (const [engine, cmd, config] of cases) {
      const configInput = mergeConfig(commandDefaults(engine.commands[cmd]), config) as Json;
      const inv = { configInput, options: opts };
      const inline = await Effect.runPromise(runInvocation(engine, cmd, inv));
      const before = offloadStats().offloaded;
      const off = await Effect.runPromise(runOffThread(engine, cmd, inv));
      assert.equal(offloadStats().offloaded, before + 1, "ran in a worker");
      assert.equal(off.stateHash, inline.stateHash, `${engine.name} ${cmd}`);
      const { elapsedMs: _a, ...a } = inline;
      const { elapsedMs: _b, ...b } = off;
      assert.deepStrictEqual(b, a);
    }
    const { srv, base } = serve([sorn]);
    try {
      let done = false;
      const t0 = performance.now();
      const run = fetch(`${base}/v1/sorn/batch`, {
        method: "POST",
        body: JSON.stringify({ config: { networks: 16, length: 1000 }, seed: 1 }),
      }).then(async (r) => {
        done = true;
        return { status: r.status, body: await r.json() };
      });
      await sleep(100);
      const lat: number[] = [];
      while (!done && lat.length < 20) {
        lat.push(await health(base));
        await sleep(20);
      }
      const r = await run;
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.ok(lat.length >= 3, `the batch took ${Math.round(performance.now() - t0)} ms`);
      assert.ok(Math.max(...lat) < 100, `health answered in ${lat.map(Math.round)} ms`);
    } finally {
      await srv.shutdown();
    }
  } finally {
    closeOffload();
  }
});

Deno.test("a cancelled function command stops at its next poll and its worker goes back to the pool warm", async () => {
  const opts = { seed: 5, steps: 0, force: false, records: [], stride: 1, workers: 1 };
  const inv = (length: number) => ({
    configInput: mergeConfig(commandDefaults(sorn.commands.batch), {
      networks: 64,
      length,
    }) as Json,
    options: opts,
  });
  try {
    // warm one worker, so the cancelled run below does not pay a start
    await Effect.runPromise(runOffThread(sorn, "batch", inv(2)));
    const spawned = offloadStats().spawned;
    const ac = new AbortController();
    const t0 = performance.now();
    const run = Effect.runPromiseExit(
      runOffThread(sorn, "batch", inv(100_000), { signal: ac.signal }),
    );
    await sleep(300);
    ac.abort();
    const tA = performance.now();
    const exit = await run;
    assert.ok(exit._tag === "Failure" && String(exit.cause).includes("cancelled"), String(exit));
    // Timings here are generous (a loaded CI machine); the ≤ 100 ms figure is bench/load.ts's. The
    // uncancelled run (100,000 steps × 64 networks) would take minutes.
    assert.ok(performance.now() - tA < 1_000, "the cancel is answered at once");
    // the worker replies at its next poll (one network's 25 steps) and is kept, not terminated
    const until = performance.now() + 2_000;
    while (offloadStats().busy > 0 && performance.now() < until) await sleep(2);
    const drained = performance.now() - tA;
    assert.equal(offloadStats().busy, 0, "the worker stopped");
    assert.ok(drained < 1_500, `the worker stopped ${Math.round(drained)} ms after the abort`);
    assert.ok(offloadStats().idle >= 1, "kept warm");
    // the warm worker serves the next request with the uninterrupted result (its old flag is gone)
    const inline = await Effect.runPromise(runInvocation(sorn, "batch", inv(40)));
    const again = await Effect.runPromise(runOffThread(sorn, "batch", inv(40)));
    assert.equal(offloadStats().spawned, spawned, "no new worker was started");
    assert.equal(again.stateHash, inline.stateHash);
    assert.ok(tA - t0 >= 300);
  } finally {
    closeOffload();
  }
});
