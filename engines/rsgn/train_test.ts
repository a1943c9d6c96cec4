// Spec §8.14 (training loop). The commands are tested in process_test.ts.
import assert from "node:assert/strict";
import { Effect, Fiber } from "effect";
import { key } from "@neuroplastic/core/random";
import { stateHash } from "@neuroplastic/core/checkpoint";
import { clipByGlobalNorm, cosineAnnealing } from "@neuroplastic/core/optim";
import { presetConfig } from "./config.ts";
import { longRangeData, splitIndices } from "./data.ts";
import { NOTEBOOK_HEBBIAN } from "./hebbian.ts";
import { initLoop, trainEpoch, trainRun } from "./train.ts";
import { rsgnTrainable } from "./trainable.ts";

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

Deno.test("train: trainEpoch is pure; interruption stops trainRun between epochs", async () => {
  const m = rsgnTrainable(cfg);
  const s0 = initLoop(m, settings);
  const hash0 = stateHash(s0);
  const a = trainEpoch(m, data, sp.train, sp.val, settings, s0);
  const b = trainEpoch(m, data, sp.train, sp.val, settings, s0);
  assert.equal(stateHash(s0), hash0);
  assert.equal(stateHash(a.state), stateHash(b.state));
  assert.equal(a.state.epoch, 1);
  assert.equal(a.stats.epoch, 1);
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
