import assert from "node:assert/strict";
import { modeBStudyFiles, modeBStudyRows, modeBStudyRun } from "./mode_b_study.ts";
import { modeCStudyFiles, modeCStudyRun } from "./mode_c_study.ts";
import { modeCDefaults } from "./mode_c_config.ts";

Deno.test("mode B study: a run is cached and re-read; table rows and files", () => {
  const dir = Deno.makeTempDirSync();
  const o = { hidden: 4, batch: 2, evalBatch: 4, evalEvery: 1 };
  const a = modeBStudyRun("cue-reward", "simple", 1, 2, dir, o);
  const b = modeBStudyRun("cue-reward", "simple", 1, 2, dir, o);
  assert.deepEqual(a, b);
  assert.equal(a.evalSteps.length, 3);
  const c = modeBStudyRun("cue-reward", "none", 1, 2, undefined, o);
  const rows = modeBStudyRows([a, c]);
  assert.deepEqual(rows.map((r) => r.variant), ["simple", "none"]);
  const files = modeBStudyFiles([a, c], 2, "x", "cmd");
  assert.ok(files["x.md"].includes("| cue-reward | simple |"));
  assert.ok(files["x.svg"].startsWith("<svg"));
  assert.equal(JSON.parse(files["x.json"]).runs.length, 2);
  Deno.removeSync(dir, { recursive: true });
});

Deno.test("mode C study: curves, table and files of a tiny run", () => {
  const c = {
    ...modeCDefaults,
    n: 16,
    trialTime: 40,
    stim1Time: 5,
    stim2Start: 15,
    stim2Time: 5,
    evalTime: 10,
    warmupTrials: 1,
    errorWindow: 2,
  };
  const r = modeCStudyRun(3, 4, undefined, c);
  assert.equal(r.errorRateCurve.length, 2);
  assert.ok(r.testErrorRate !== null && r.testErrorRate >= 0 && r.testErrorRate <= 1);
  const files = modeCStudyFiles([r], "y", "cmd", c);
  assert.ok(files["y.md"].includes("| 3 | 4 |"));
  assert.ok(files["y.svg"].startsWith("<svg"));
});
