/**
 * Edge tests of RSGN helpers (what bench/mutation.ts showed the other rsgn tests did not pin):
 * the sparse MAC count with k-WTA below and above the node count, and the key schedule of
 * baseline parameter initialisation (leaf i draws from fold(key, i)).
 */
import assert from "node:assert/strict";
import { fold, key, uniform } from "@neuroplastic/core/random";
import { isTensor, treeLeaves } from "@neuroplastic/core/tree";
import type { Tensor } from "@neuroplastic/core/tensor";
import { rsgnDefaults } from "./config.ts";
import { macsPerSample } from "./macs.ts";
import { type ExperimentResult, resultsMarkdown } from "./experiment.ts";
import { initParams, linearSpec } from "./baselines/params.ts";

Deno.test("rsgn edge: sparse MACs use min(activeK, N) winners and min(topK, N − 1) neighbours", () => {
  const base = {
    ...rsgnDefaults,
    variant: "sparse" as const,
    numNodes: 10,
    dimHidden: 8,
    affinityRank: 2,
  };
  // a = 4, k = 3: perStep = a·H² + a·k·H = 256 + 96
  const m = macsPerSample({ ...base, activeK: 4, topK: 3 }, 5);
  assert.equal(m.perStep, 4 * 64 + 4 * 3 * 8);
  assert.equal(m.perBatch, 10 * 3 * 2);
  // a = min(20, 10) = 10, k = min(50, 9) = 9
  const big = macsPerSample({ ...base, activeK: 20, topK: 50 }, 5);
  assert.equal(big.perStep, 10 * 64 + 10 * 9 * 8);
  assert.equal(big.perBatch, 10 * 9 * 2);
});

Deno.test("rsgn edge: baseline parameter leaf i is drawn from fold(key, i)", () => {
  const spec = { a: linearSpec(4, 2), b: linearSpec(3, 5) };
  const k = key(9);
  const leaves = treeLeaves<Tensor>(initParams(spec, k, "f64"), isTensor);
  assert.equal(leaves.length, 4);
  const bounds = [1 / 2, 1 / 2, 1 / Math.sqrt(3), 1 / Math.sqrt(3)];
  leaves.forEach((t, i) => {
    const want = uniform(fold(k, i), t.data.length, -bounds[i], bounds[i]);
    assert.deepEqual([...t.data], [...want], `leaf ${i}`);
  });
});

Deno.test("rsgn edge: the results table's s/epoch is the mean of the timed epochs", () => {
  const epoch = (seconds: number | null) => ({
    epoch: 0,
    lr: 0.001,
    trainLoss: 1,
    trainAcc: 0.5,
    valAcc: 0.5,
    sparsity: null,
    seconds,
  });
  const result = {
    engine: "rsgn",
    task: "hierarchical",
    model: "rsgn",
    paramCount: 1000,
    settings: {
      epochs: 3,
      batchSize: 32,
      trainSamples: 100,
      valSamples: 50,
      lr: 0.001,
      weightDecay: 0,
      clip: 1,
      hebbian: null,
      rsgn: null,
    },
    runs: [{ seed: 1, bestValAcc: 0.5, seconds: 9, history: [epoch(2), epoch(null), epoch(7)] }],
    mean: 0.5,
    std: 0,
    date: "2026-01-01",
  } as unknown as ExperimentResult;
  const row = resultsMarkdown([result]).split("\n").find((l) => l.startsWith("| rsgn |"));
  assert.ok(row, "no rsgn row");
  const cells = row.split("|").map((c) => c.trim());
  // columns: model, ours, seeds, params, epochs, samples, s/epoch, ...
  assert.equal(cells[7], "5", row); // (2 + 7) / 2 = 4.5 → toFixed(0) = "5"
});
