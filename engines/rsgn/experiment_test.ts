// mergeResults: per-seed results files (parallel `np rsgn train --seeds S` processes) join into
// the same row the single multi-seed file would have given.
import assert from "node:assert/strict";
import fc from "fast-check";
import { type ExperimentResult, meanStd, mergeResults, type RunRecord } from "./experiment.ts";

const settings: ExperimentResult["settings"] = {
  epochs: 30,
  batchSize: 32,
  trainSamples: 2400,
  valSamples: 600,
  lr: 1e-3,
  weightDecay: 1e-4,
  clip: 1,
  hebbian: null,
  rsgn: null,
};

const run = (seed: number, acc: number): RunRecord => ({
  seed,
  bestValAcc: acc,
  seconds: 1,
  history: [{
    epoch: 1,
    trainLoss: 1,
    trainAcc: acc,
    valAcc: acc,
    lr: 1e-3,
    seconds: 1,
    sparsity: null,
    gradNorm: 1,
  }],
});

const file = (runs: RunRecord[], over: Partial<ExperimentResult> = {}): ExperimentResult => ({
  engine: "rsgn",
  task: "long-range",
  model: "rsgn",
  paramCount: 40_382,
  settings,
  runs,
  ...meanStd(runs.map((r) => r.bestValAcc)),
  final: {
    dimSpace: 1,
    positions: [Math.min(...runs.map((r) => r.seed))],
    levels: [0],
    thresholds: [0],
  },
  date: "2026-12-05T00:00:00.000Z",
  ...over,
});

Deno.test("mergeResults: any split of the seeds into files gives the unsplit result", () => {
  fc.assert(
    fc.property(
      fc.uniqueArray(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 6 }),
      fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 6, maxLength: 6 }),
      fc.array(fc.nat(5), { minLength: 6, maxLength: 6 }),
      (seeds, accs, part) => {
        const runs = seeds.map((s, i) => run(s, accs[i]));
        const whole = mergeResults([file(runs)]);
        const buckets = new Map<number, RunRecord[]>();
        runs.forEach((r, i) => buckets.set(part[i], [...(buckets.get(part[i]) ?? []), r]));
        const split = mergeResults([...buckets.values()].map((rs) => file(rs)));
        assert.equal(split.length, 1);
        assert.deepEqual(split[0].runs.map((r) => r.seed), [...seeds].sort((a, b) => a - b));
        assert.ok(Math.abs(split[0].mean - whole[0].mean) < 1e-12);
        assert.ok(Math.abs(split[0].std - whole[0].std) < 1e-12);
        assert.equal(split[0].final?.positions[0], Math.min(...seeds));
      },
    ),
  );
});

Deno.test("mergeResults: keeps (task, model) pairs apart; refuses mixed budgets and repeated seeds", () => {
  const a = file([run(42, 0.9)]);
  const b = file([run(43, 0.8)], { model: "rsgn-sparse" });
  assert.equal(mergeResults([a, b]).length, 2);
  const c = file([run(43, 0.8)], { settings: { ...settings, epochs: 8 } });
  assert.throws(() => mergeResults([a, c]), /long-range\/rsgn: .*settings\.epochs \(30 vs 8\)/);
  assert.throws(() => mergeResults([a, file([run(42, 0.5)])]), /seed 42 appears in two/);
});
