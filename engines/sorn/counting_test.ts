import assert from "node:assert/strict";
import { key } from "@neuroplastic/core/random";
import {
  countingDefaults,
  countingSequence,
  countingStudy,
  countingTrial,
  meanSd,
} from "./counting.ts";
import { countingMarkdown, countingSvg } from "./counting_report.ts";

Deno.test("counting sequence: words a b^n c and d e^n f, both equally likely", () => {
  const n = 3;
  const seq = countingSequence(key(1), n, 5000);
  let words = 0;
  let first = 0;
  for (let t = 0; t + n + 2 <= seq.length; t += n + 2) {
    const base = seq[t];
    assert.ok(base === 0 || base === 3);
    for (let q = 1; q <= n; q++) assert.equal(seq[t + q], base + 1);
    assert.equal(seq[t + n + 1], base + 2);
    words++;
    if (base === 0) first++;
  }
  assert.ok(Math.abs(first / words - 0.5) < 0.06);
});

Deno.test("counting trial: metrics in [0, 1], plastic and frozen see the same input, reproducible", () => {
  const quick = {
    ...countingDefaults,
    plasticSteps: 400,
    trainSteps: 300,
    testSteps: 300,
    washoutSteps: 50,
  };
  const a = countingTrial(quick, key(0), 3, 0);
  const b = countingTrial(quick, key(0), 3, 0);
  assert.deepEqual(a, b);
  for (const m of [a.plastic, a.frozen]) {
    for (const v of [m.accuracy, m.predictableAccuracy, m.endAccuracy, m.rate]) {
      assert.ok(v >= 0 && v <= 1);
    }
  }
  // the frozen network keeps its initial weights: a plasticity phase of 0 steps gives the same reservoir
  const zero = countingTrial({ ...quick, plasticSteps: 0, washoutSteps: 0 }, key(0), 3, 0);
  assert.deepEqual(zero.plastic, zero.frozen);
});

Deno.test("counting study rows, markdown and svg", () => {
  const quick = {
    ...countingDefaults,
    ns: [2],
    seeds: 2,
    plasticSteps: 100,
    trainSteps: 200,
    testSteps: 200,
    washoutSteps: 10,
  };
  const rows = countingStudy(quick, key(0));
  assert.equal(rows.length, 1);
  assert.equal(rows[0].perSeed.plastic.length, 2);
  assert.ok(Math.abs(rows[0].ceiling - 0.875) < 1e-12);
  assert.match(countingMarkdown(quick, 0, rows), /\| 2 \| .* \| \d\/2 \| \d\/2 \| 87\.5 \|/);
  assert.match(countingSvg(rows), /<polyline/);
  assert.deepEqual(meanSd([2, 4, 6]), { mean: 4, sd: 2 });
});
