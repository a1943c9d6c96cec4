/**
 * LNDP generations evaluated by the consumers of a Deno KV queue (app/lndp_kv.ts, issue 18):
 * two consumer processes share one KV file, the driver enqueues every member, and the fitnesses
 * and the final state equal those of `np lndp train` (the orchestrator, one thread) with the same
 * config and seed. A redelivered message does not evaluate its member again.
 */
import assert from "node:assert/strict";
import { Effect } from "effect";
import {
  commandDefaults,
  mergeConfig,
  type ProcessCommand,
  runInvocation,
} from "@neuroplastic/core/sim";
import { stateHash } from "@neuroplastic/core/checkpoint";
import { cli as lndp, type TrainConfig } from "@neuroplastic/engines/lndp";
import { handleLndpMessage, trainLndpKv } from "../app/lndp_kv.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const train = lndp.commands.train as ProcessCommand;
const over = { task: "grid", nEpisodes: 1, strategy: "openai", popsize: 8 };
const config = mergeConfig(commandDefaults(train), over) as unknown as TrainConfig;
const GENERATIONS = 3, SEED = 4;

const consumer = (path: string, id: string) =>
  new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      "--unstable-kv",
      new URL("../app/lndp_kv.ts", import.meta.url).pathname,
      "consume",
      "--kv",
      path,
      "--id",
      id,
      "--idle-exit",
      "60",
    ],
    stdout: "piped",
    stderr: "inherit",
  }).spawn();

Deno.test("two consumer processes on one KV file evaluate LNDP generations with the one-thread result", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/evo.sqlite3`;
  const procs = [consumer(path, "c1"), consumer(path, "c2")];
  let outs: Deno.CommandOutput[] = [];
  try {
    const direct = await Effect.runPromise(runInvocation(lndp, "train", {
      configInput: mergeConfig(commandDefaults(train), over) as never,
      options: {
        seed: SEED,
        steps: GENERATIONS,
        force: false,
        records: [],
        stride: 1,
        workers: 1,
      },
    }));
    // both consumers listening before the first generation is queued
    {
      const kv = await Deno.openKv(path);
      try {
        const t0 = performance.now();
        while (performance.now() - t0 < 60_000) {
          const a = await kv.get(["np-lndp-consumer", "c1"]);
          const b = await kv.get(["np-lndp-consumer", "c2"]);
          if (a.versionstamp !== null && b.versionstamp !== null) break;
          await sleep(100);
        }
      } finally {
        kv.close();
      }
    }
    const by = new Set<string>();
    const curves: number[] = [];
    const s = await trainLndpKv({
      path,
      config,
      seed: SEED,
      generations: GENERATIONS,
      consumers: 0, // the two processes only
      onGeneration: (st, who) => {
        who.forEach((b) => by.add(b));
        curves.push(st.curveMax.at(-1)!);
      },
    });
    assert.equal(stateHash(s), direct.stateHash, "same state as np lndp train");
    assert.equal(s.generation, GENERATIONS);
    // which consumer takes which member is up to the queue; every member came from one of them
    for (const b of by) assert.ok(b === "c1" || b === "c2", b);
    // a redelivered message (at-least-once queues) finds its result and evaluates nothing
    const kv = await Deno.openKv(path);
    try {
      const runId = stateHash({ config, seed: SEED }).slice(0, 16);
      const again = await handleLndpMessage(kv, {
        kind: "np-lndp-member",
        runId,
        gen: 0,
        i: 3,
      }, "late");
      assert.equal(again, false);
      const r = await kv.get<{ by: string }>(["np-lndp", runId, 0, "result", 3]);
      assert.ok(r.value && r.value.by !== "late");
    } finally {
      kv.close();
    }
  } finally {
    for (const p of procs) {
      try {
        p.kill("SIGTERM");
      } catch { /* ended */ }
    }
    outs = await Promise.all(procs.map((p) => p.output()));
    await Deno.remove(dir, { recursive: true });
  }
  // (after the try, so that a failure above is reported as itself, not as a short count)
  const counts = outs.map((o) => JSON.parse(new TextDecoder().decode(o.stdout).trim() || "{}"));
  // every member of every generation was evaluated exactly once over the two consumers
  const total = counts.reduce((a, c) => a + (c.evaluated ?? 0), 0);
  assert.equal(total, GENERATIONS * config.popsize, JSON.stringify(counts));
  await sleep(10);
});
