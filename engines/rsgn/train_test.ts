// Spec §8.14 (training loop) and the CLI commands.
import assert from "node:assert/strict";
import { Effect, Either, Fiber } from "effect";
import { key } from "@neuroplastic/core/random";
import { clipByGlobalNorm, cosineAnnealing } from "@neuroplastic/core/optim";
import type { CommandContext, CommandOutput } from "@neuroplastic/core/sim";
import { presetConfig } from "./config.ts";
import { longRangeData, splitIndices } from "./data.ts";
import { NOTEBOOK_HEBBIAN } from "./hebbian.ts";
import { trainRun } from "./train.ts";
import { rsgnTrainable } from "./trainable.ts";
import { cli } from "./cli.ts";

const cfg = presetConfig("long-range", {
  numNodes: 16,
  dimInput: 4,
  dimHidden: 8,
  numClasses: 3,
  numSteps: 2,
});
const data = longRangeData({ n: 60, seqLen: 16, dim: 4, classes: 3 });
const sp = splitIndices(60);
const settings = { epochs: 3, batchSize: 16, lr: 1e-2, weightDecay: 1e-4, clip: 1, seed: 7 };

Deno.test("train: clipped norm ≤ 1, cosine non-increasing, best ≥ every epoch, deterministic", async () => {
  const m = rsgnTrainable(cfg);
  const p = m.init(key(1));
  const r = m.lossAndGrad(p, data.X.slice(0, 8 * 64), data.y.slice(0, 8), 8, 16, key(0));
  const cl = clipByGlobalNorm(r.grads, 1);
  assert.ok(cl.norm > 1); // initial loss ≈ 10², gradients are large
  const after = clipByGlobalNorm(cl.grads, 1e9).norm;
  assert.ok(after <= 1 + 1e-6);
  const lr = cosineAnnealing(1e-3, 50);
  for (let e = 1; e < 50; e++) assert.ok(lr(e) <= lr(e - 1));
  const a = await Effect.runPromise(trainRun(m, data, sp.train, sp.val, settings));
  for (const h of a.history) assert.ok(a.bestValAcc >= h.valAcc);
  assert.equal(a.bestValAcc, Math.max(...a.history.map((h) => h.valAcc)));
  assert.ok(a.history[2].trainLoss < a.history[0].trainLoss);
  const b = await Effect.runPromise(trainRun(m, data, sp.train, sp.val, settings));
  assert.deepEqual(
    a.history.map((h) => [h.trainLoss, h.valAcc]),
    b.history.map((h) => [h.trainLoss, h.valAcc]),
  );
  // the Hebbian learner keeps θ within its clamp
  const hb = await Effect.runPromise(
    trainRun(m, data, sp.train, sp.val, { ...settings, epochs: 1, hebbian: NOTEBOOK_HEBBIAN }),
  );
  const th = (hb.params as unknown as { thresholds: { data: Float32Array } }).thresholds.data;
  for (const t of th) assert.ok(t >= 0.01 && t <= 0.99);
});

Deno.test("train: checkpoint resume equals the uninterrupted run; interruption stops it", async () => {
  const m = rsgnTrainable(cfg);
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/r.ckpt`;
    await Effect.runPromise(
      trainRun(m, data, sp.train, sp.val, { ...settings, epochs: 3 }, { checkpointPath: path }),
    );
    // a run to 3 epochs resumed from the 3-epoch checkpoint has nothing left to do
    const full = await Effect.runPromise(trainRun(m, data, sp.train, sp.val, settings));
    const again = await Effect.runPromise(
      trainRun(m, data, sp.train, sp.val, settings, { checkpointPath: path }),
    );
    assert.deepEqual(again.history.map((h) => h.trainLoss), full.history.map((h) => h.trainLoss));
    let batches = 0;
    const fiber = Effect.runFork(
      trainRun(m, data, sp.train, sp.val, { ...settings, epochs: 100_000 }, {
        onBatch: () => batches++,
      }),
    );
    while (batches < 2) await new Promise((r) => setTimeout(r, 1));
    const exit = await Effect.runPromise(Fiber.interrupt(fiber));
    assert.equal(exit._tag, "Failure");
    assert.ok(batches < 100_000 * 3);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

const ctx = (flags: { [k: string]: string | boolean }, outDir?: string): CommandContext => ({
  flags,
  positional: [],
  seed: 0,
  steps: undefined,
  outDir,
  progress: () => {},
});

const run = (name: string, c: CommandContext) => {
  const cmd = cli.commands[name];
  if (cmd.kind !== "custom") throw new Error("not custom");
  return Effect.runPromise(Effect.either(cmd.run(c)));
};

Deno.test("cli: info counts, data equals the generator, bad flags are named", async () => {
  const info = await run("info", ctx({ preset: "hierarchical" }));
  assert.ok(Either.isRight(info));
  assert.equal((info.right as CommandOutput).figures.paramCount, 41_672);
  const d = await run(
    "data",
    ctx({ task: "long-range", n: "3", "seq-len": "9", dim: "2", classes: "4", seed: "5" }),
  );
  assert.ok(Either.isRight(d));
  const f = (d.right as CommandOutput).figures as { X: number[]; y: number[] };
  const ref = longRangeData({ n: 3, seqLen: 9, dim: 2, classes: 4, seed: 5 });
  assert.deepEqual(f.X, Array.from(ref.X));
  assert.deepEqual(f.y, Array.from(ref.y));
  const badSeq = await run("data", ctx({ task: "long-range", "seq-len": "4" }));
  assert.ok(Either.isLeft(badSeq) && (badSeq.left as { field: string }).field === "seq-len");
  const badModel = await run("train", ctx({ model: "gpt" }));
  assert.ok(Either.isLeft(badModel) && (badModel.left as { field: string }).field === "model");
});

Deno.test("cli: train writes a results file that table turns into markdown", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const r = await run(
      "train",
      ctx({
        task: "long-range",
        model: "rsgn-sparse",
        epochs: "1",
        seeds: "1",
        "train-limit": "8",
        "val-limit": "8",
        "batch-size": "8",
        steps: "1",
      }, `${dir}/res`),
    );
    assert.ok(Either.isRight(r), String(Either.isLeft(r) && r.left));
    const json = JSON.parse(await Deno.readTextFile(`${dir}/res/long-range-rsgn-sparse.json`));
    assert.equal(json.runs.length, 1);
    assert.equal(json.settings.trainSamples, 8);
    const t = await run("table", ctx({ in: `${dir}/res` }, dir));
    assert.ok(Either.isRight(t));
    const md = await Deno.readTextFile(`${dir}/rsgn.md`);
    assert.match(md, /\| rsgn-sparse \| [\d.]+ \(1 seed\) \|/);
    assert.match(md, /\| rsgn \| not run \|/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("experiment: population std (ddof 0) reproduces the reference's reported std", async () => {
  const { meanStd } = await import("./experiment.ts");
  // analysis/results/hierarchical_results.json, RSGN+Hebbian: runs 0.241, 0.237, 0.237
  const r = meanStd([0.241, 0.237, 0.237]);
  assert.ok(Math.abs(r.mean - 0.238333) < 1e-6);
  assert.ok(Math.abs(r.std - 0.001886) < 1e-6);
});

Deno.test("baselines drive the same loop (MLP: reference count, finite loss, learns)", async () => {
  const { baselineTrainable } = await import("./baseline_trainable.ts");
  const m = baselineTrainable("mlp", "long-range");
  assert.equal(m.paramCount, 128 * 32 * 128 + 128 + 128 * 128 + 128 + 128 * 10 + 10);
  const d = longRangeData({ n: 40, seqLen: 128, dim: 32, classes: 10 });
  const s = splitIndices(40);
  const r = await Effect.runPromise(
    trainRun(m, d, s.train, s.val, { ...settings, epochs: 2, batchSize: 16, lr: 1e-3 }),
  );
  assert.ok(r.history.every((h) => Number.isFinite(h.trainLoss)));
  assert.ok(r.history[1].trainLoss < r.history[0].trainLoss);
  assert.equal(r.history[0].sparsity, null);
});
