import assert from "node:assert/strict";
import fc from "fast-check";
import { decodeState, encodeState } from "@neuroplastic/core/checkpoint";
import { key } from "@neuroplastic/core/random";
import { synapseCount } from "@neuroplastic/plasticity";
import { sornDefaults } from "./config.ts";
import { binnedFano, lagAutocorrelation, populationStats } from "./population.ts";
import { run } from "./run.ts";
import { createCounters, initState, POPULATION_WINDOW, type SornState } from "./state.ts";
import { stateSummary } from "./stats.ts";
import { arbConfig } from "./test_helpers.ts";

const close = (a: number | null, b: number, label: string): void => {
  assert.ok(a !== null && Math.abs(a - b) < 1e-12, `${label}: ${a} vs ${b}`);
};

Deno.test("binnedFano: hand-computed cases, oldest partial bin dropped, null when undefined", () => {
  // bins of 2 over [0,1 | 1,2 | 2,3]: sums 1, 3, 5; mean 3; var (4 + 0 + 4) / 3 = 8/3 → 8/9
  close(binnedFano([0, 1, 1, 2, 2, 3], 2), 8 / 9, "three bins");
  // a leading element that does not fill a bin is dropped: the same three bins
  close(binnedFano([7, 0, 1, 1, 2, 2, 3], 2), 8 / 9, "partial oldest bin");
  // bins of 10 of a constant count: variance 0 → 0
  assert.equal(binnedFano(new Array(30).fill(4), 10), 0);
  // sums 2, 0, 0, 2 → mean 1, var 1 → 1
  close(binnedFano([1, 1, 0, 0, 0, 0, 2, 0], 2), 1, "four bins");
  assert.equal(binnedFano([1, 2, 3, 4], 2), null, "two bins");
  assert.equal(binnedFano([0, 0, 0, 0, 0, 0], 2), null, "zero mean");
});

Deno.test("lagAutocorrelation: hand-computed cases (Pearson of the series with itself shifted)", () => {
  // lag 1 of [1, 2, 1, 2, 1]: pairs (1,2), (2,1), (1,2), (2,1) → −1
  close(lagAutocorrelation([1, 2, 1, 2, 1], 1), -1, "alternating lag 1");
  // lag 2 of the same: pairs (1,1), (2,2), (1,1) → +1
  close(lagAutocorrelation([1, 2, 1, 2, 1], 2), 1, "alternating lag 2");
  // [0, 1, 3, 2] lag 1: a = [0, 1, 3] (mean 4/3), b = [1, 3, 2] (mean 2)
  // Σa'b' = (−4/3)(−1) + (−1/3)(1) + (5/3)(0) = 1; Σa'² = (16 + 1 + 25)/9 = 42/9; Σb'² = 2
  // → 1 / √(84/9) = 3/√84
  close(lagAutocorrelation([0, 1, 3, 2], 1), 3 / Math.sqrt(84), "four points lag 1");
  assert.equal(lagAutocorrelation([0, 1, 3], 1), null, "two pairs");
  assert.equal(lagAutocorrelation([2, 2, 2, 2, 5], 1), null, "a constant part");
});

Deno.test("populationStats of hand-filled counters: rate over the first 500 steps, windows", () => {
  const c = createCounters(4, 2, 9);
  // six steps with E counts 0, 1, 1, 2, 2, 3 and I counts 1, 1, 1, 1, 1, 1
  [0, 1, 1, 2, 2, 3].forEach((v, k) => {
    c.popE[k] = v;
    c.popI[k] = 1;
    c.firstSpikesE += v;
  });
  c.steps = 6;
  const p = populationStats(c, 4);
  assert.equal(p.populationWindowSteps, 6);
  assert.equal(p.fanoPopulation, null, "fewer than 3 bins of 10 steps");
  assert.deepEqual(p.eeTrajectory, [9]);
  close(p.rateEFirst500, 9 / (6 * 4), "rateEFirst500");
  close(p.countAutocorrLag2, lagAutocorrelation([0, 1, 1, 2, 2, 3], 2)!, "lag 2");
  assert.equal(populationStats(createCounters(4, 2), 4).rateEFirst500, null, "no steps");
});

/** The statistics recomputed from a full recorded history of the run. */
const fromHistory = (
  countsE: readonly number[],
  countsI: readonly number[],
  ee: readonly number[],
  ne: number,
) => {
  const from = Math.max(0, countsE.length - POPULATION_WINDOW);
  const e = countsE.slice(from);
  const ei = e.map((v, k) => v + countsI[from + k]);
  const first = countsE.slice(0, 500);
  return {
    populationWindowSteps: e.length,
    fanoPopulation: binnedFano(e, 10),
    fanoPopulationEI: binnedFano(ei, 10),
    countAutocorrLag1: lagAutocorrelation(e, 1),
    countAutocorrLag2: lagAutocorrelation(e, 2),
    eeTrajectory: [...ee],
    rateEFirst500: first.length > 0 ? first.reduce((a, b) => a + b, 0) / (first.length * ne) : null,
  };
};

const sum = (v: ArrayLike<number>): number => {
  let s = 0;
  for (let q = 0; q < v.length; q++) s += v[q];
  return s;
};

Deno.test("ring-buffer statistics equal the same statistics of the recorded history (property)", () => {
  fc.assert(
    fc.property(
      arbConfig,
      fc.nat(1_000_000),
      fc.integer({ min: 0, max: 2600 }),
      fc.integer({ min: 0, max: 2600 }),
      (c, seed, n, cut) => {
        const s0 = initState(c, key(seed));
        const countsE: number[] = [];
        const countsI: number[] = [];
        const ee = [synapseCount(s0.ee)];
        const rec = (_: string, t: number, v: number | Float64Array | Uint8Array): void => {
          if (_ === "ExcitatoryActivation") countsE.push(sum(v as Uint8Array));
          else if (_ === "InhibitoryActivation") countsI.push(sum(v as Uint8Array));
          else if (t % 500 === 0) ee.push(v as number);
        };
        const record = {
          names: ["ExcitatoryActivation", "InhibitoryActivation", "EEConnectionCounts"] as const,
          stride: 1,
          sink: rec,
        };
        // the run is split at `cut` through the checkpoint codec, as a kill and resume would
        const k = Math.min(cut, n);
        const mid = decodeState(encodeState(run(s0, c, k, { record }))) as SornState;
        const s = run(mid, c, n - k, { record });
        assert.deepEqual(
          populationStats(s.counters, s.ne),
          fromHistory(countsE, countsI, ee, c.ne),
        );
      },
    ),
    { seed: 42, numRuns: 12 },
  );
});

Deno.test("the summary reports the population statistics; a short run uses the steps it has", () => {
  const s = run(initState(sornDefaults, key(1)), sornDefaults, 1200);
  const m = stateSummary(s);
  assert.equal(m.populationWindowSteps, 1200);
  assert.equal(m.eeTrajectory.length, 3); // steps 0, 500, 1000
  assert.equal(m.eeTrajectory[0], synapseCount(initState(sornDefaults, key(1)).ee));
  for (const f of ["fanoPopulation", "fanoPopulationEI", "countAutocorrLag1"] as const) {
    assert.ok(typeof m[f] === "number" && Number.isFinite(m[f]), f);
  }
  assert.ok(m.rateEFirst500 !== null && m.rateEFirst500 > 0 && m.rateEFirst500 < 1);
  // the fit over all non-zero weights includes the small ones: a lower μ than ≥ 0.01 alone
  assert.ok(m.weeLognormalAll.mu! <= m.weeLognormalGe001.mu!);
});
