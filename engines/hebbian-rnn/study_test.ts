import assert from "node:assert/strict";
import { key } from "@neuroplastic/core/random";
import { modeBStudyDefaults } from "./mode_b/config.ts";
import {
  initModeBStudy,
  modeBStudyConfig,
  modeBStudyFiles,
  modeBStudyRows,
  runModeBStudy,
} from "./mode_b/study.ts";
import { initModeBTrain, modeBTrainSummary, runModeBTrain } from "./mode_b/train.ts";
import { type ModeCStudyConfig, modeCStudyDefaults } from "./mode_c/config.ts";
import { initModeCStudy, modeCRunOf, modeCStudyFiles, runModeCStudy } from "./mode_c/study.ts";
import { initModeC, runModeC } from "./mode_c/model.ts";

const bStudy = {
  ...modeBStudyDefaults,
  tasks: ["cue-reward" as const],
  variants: ["simple" as const, "none" as const],
  seeds: [1, 2],
  stepsPerRun: 2,
  train: { ...modeBStudyDefaults.train, hidden: 4, batch: 2, evalBatch: 4, evalEvery: 1 },
};

Deno.test("mode B study: one step at a time equals run(n); each run equals a plain training run", () => {
  const a = runModeBStudy(initModeBStudy(), bStudy, 8);
  let s = initModeBStudy();
  for (let k = 0; k < 8; k++) s = runModeBStudy(s, bStudy, 1);
  assert.deepEqual(s, a);
  assert.equal(a.runs.length, 4);
  assert.equal(a.current, null);
  // a further step past the end changes nothing
  assert.deepEqual(runModeBStudy(a, bStudy, 3), a);
  // run 3 = (cue-reward, none, seed 1): the same numbers as training that config directly
  const c = modeBStudyConfig("cue-reward", "none", bStudy.train);
  const t = runModeBTrain(initModeBTrain(c, key(1)), c, 2);
  assert.equal(a.runs[2].variant, "none");
  assert.equal(a.runs[2].seed, 1);
  assert.equal(a.runs[2].finalAccuracy, modeBTrainSummary(t, c).finalAccuracy);
  assert.deepEqual(a.runs[2].evalSteps, [0, 1, 2]);
});

Deno.test("mode B study: table rows and files name the settings as run", () => {
  const a = runModeBStudy(initModeBStudy(), bStudy, 8);
  const rows = modeBStudyRows(a.runs);
  assert.deepEqual(rows.map((r) => r.variant), ["simple", "none"]);
  assert.deepEqual(rows.map((r) => r.seeds), [2, 2]);
  const files = modeBStudyFiles(a.runs, bStudy, "x");
  assert.ok(files["x.md"].includes("| cue-reward | simple |"));
  assert.ok(files["x.md"].includes("--seeds 1,2 --steps-per-run 2"));
  assert.ok(files["x.md"].includes("--train.hidden 4"));
  assert.ok(files["x.svg"].startsWith("<svg"));
  const json = JSON.parse(files["x.json"]);
  assert.equal(json.runs.length, 4);
  assert.equal(json.config.stepsPerRun, 2);
});

Deno.test("mode B study: every cell of a table row equals its recomputation from plain training runs", () => {
  const a = runModeBStudy(initModeBStudy(), bStudy, 8);
  const md = modeBStudyFiles(a.runs, bStudy, "x")["x.md"];
  const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
  for (const variant of bStudy.variants) {
    const c = modeBStudyConfig("cue-reward", variant, bStudy.train);
    const sums = bStudy.seeds.map((seed) =>
      modeBTrainSummary(runModeBTrain(initModeBTrain(c, key(seed)), c, bStudy.stepsPerRun), c)
    );
    const acc = sums.map((x) => x.finalAccuracy as number);
    // two seeds: mean (a + b)/2, sample s.d. |a − b|/√2
    const mean = (acc[0] + acc[1]) / 2, sd = Math.abs(acc[0] - acc[1]) / Math.SQRT2;
    const lo = Math.min(...acc), hi = Math.max(...acc);
    const solved = acc.filter((v) => v >= 0.9).length;
    const row = `| cue-reward | ${variant} | ${sums[0].hidden} | ${sums[0].params} | 2 | ` +
      `${pct(mean)} ± ${(100 * sd).toFixed(1)} | ${pct(lo)}–${pct(hi)} | ${solved}/2 |`;
    assert.ok(md.split("\n").includes(row), `missing row ${row}`);
    const r = modeBStudyRows(a.runs).find((x) => x.variant === variant)!;
    assert.deepEqual(r.perSeed, acc);
    assert.ok(Math.abs(r.accuracy.mean - mean) <= 1e-15 && Math.abs(r.accuracy.sd - sd) <= 1e-15);
  }
  // the plastic network has fewer hidden units than the plain one of the same parameter count
  const [simple, none] = modeBStudyRows(a.runs);
  assert.ok(
    simple.hidden < none.hidden && Math.abs(simple.params - none.params) < simple.params / 10,
  );
});

const cStudy: ModeCStudyConfig = {
  ...modeCStudyDefaults,
  seeds: [3, 4],
  trialsPerSeed: 4,
  testTrials: 3,
  net: {
    ...modeCStudyDefaults.net,
    n: 16,
    trialTime: 40,
    stim1Time: 5,
    stim2Start: 15,
    stim2Time: 5,
    evalTime: 10,
    warmupTrials: 1,
    errorWindow: 2,
  },
};

Deno.test("mode C study: trial by trial equals run(n); each seed equals a plain run", () => {
  const a = runModeCStudy(initModeCStudy(), cStudy, 8);
  let s = initModeCStudy();
  for (let k = 0; k < 8; k++) s = runModeCStudy(s, cStudy, 1);
  assert.deepEqual(s, a);
  assert.equal(a.runs.length, 2);
  const plain = runModeC(initModeC(cStudy.net, key(4)), cStudy.net, 4);
  assert.deepEqual(a.runs[1], modeCRunOf(plain, 4, cStudy.net, 3));
  const r = a.runs[0];
  assert.equal(r.errorRateCurve.length, 2);
  assert.ok(r.testErrorRate !== null && r.testErrorRate >= 0 && r.testErrorRate <= 1);
});

Deno.test("mode C study: table and files of a tiny run", () => {
  const a = runModeCStudy(initModeCStudy(), cStudy, 8);
  const files = modeCStudyFiles(a.runs, cStudy, "y");
  assert.ok(files["y.md"].includes("| 3 | 4 |"));
  assert.ok(files["y.md"].includes("--seeds 3,4 --trials-per-seed 4 --test-trials 3 --net.n 16"));
  assert.ok(files["y.svg"].startsWith("<svg"));
  assert.equal(JSON.parse(files["y.json"]).config.net.n, 16);
});
