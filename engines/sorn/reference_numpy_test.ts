/**
 * Our SORN against a NumPy transcription of the `sorn` package's plasticity step
 * (`bench/compare/sorn_numpy.py`), compared in distribution, not bit for bit: the two use
 * different random streams (Threefry here, NumPy's PCG64 there), so only statistics over seeds
 * can agree.
 *
 * Fixture: `engines/sorn/testdata/numpy_reference.json`, written by
 * `/usr/bin/python3 bench/compare/sorn_numpy.py --fixture engines/sorn/testdata/numpy_reference.json
 * --seeds 1,2,3,4,5 --steps 10000` (reference defaults, ne = 200, uniform input on nu = 10 units;
 * the file carries its config, which this test checks against `sornDefaults`). We run the same
 * config for the same number of steps on our seeds 1..5 and compare each statistic's mean over
 * our seeds with the NumPy seeds' mean.
 *
 * Bands: |mean_ours − mean_np| ≤ max(3·sd_np, floor), sd_np the sample s.d. (n − 1) over the
 * NumPy seeds. With 5 seeds per side and similar spreads the difference of the two means has
 * s.d. ≈ sd·√(2/5) ≈ 0.63·sd, so 3·sd_np is about a 4.7σ band: a faithful implementation
 * passes with room to spare, and since both sides are deterministic (fixed seeds) the verdict
 * never flickers. The floor covers statistics whose seed-to-seed spread is tiny compared with
 * what a real departure would move: a rate to ±0.002 (2 % of the IP target 0.1; the NumPy
 * seeds' s.d. of the mean excitatory rate is 0.0002, intrinsic plasticity pins it), a
 * connection count to 3 % of the NumPy mean, a weight or threshold mean to 3 %, log-weight
 * moments to ±0.05, the population Fano factor to 20 % and the lag-1 autocorrelation to ±0.05.
 *
 * Faults this catches (each injected by hand into the engine when the test was written, and
 * each failing it): η_STDP doubled in the STDP call (E→E count, mean weight and log-weight mean
 * out of band); the IP target 2·nu/ne raised by 20 % (all three excitatory rates); the iSTDP
 * target rate μ doubled inside the rule, 1/μ → 0.5/μ (mean threshold and population Fano
 * factor). Not caught: η_iSTDP doubled (mean threshold moves 2.8 NumPy s.d., inside its 3 s.d.
 * band) and the structural probability halved (E→E count −0.6 s.d.); those are left to the
 * golden and unit tests.
 *
 * @module
 */
import assert from "node:assert/strict";
import { key } from "@neuroplastic/core/random";
import { POPULATION_WINDOW } from "./state.ts";
import { initState, run, type SornConfig, sornDefaults, stateSummary } from "./mod.ts";

const FIXTURE = new URL("./testdata/numpy_reference.json", import.meta.url);

interface NumpyRun {
  readonly seed: number;
  readonly [stat: string]: number | number[];
}
interface Fixture {
  readonly config: Record<string, number | string>;
  readonly steps: number;
  readonly seeds: number[];
  readonly runs: NumpyRun[];
}

/** Statistic → floor of its band (absolute, or relative to |mean_np| when `rel`). */
const BANDS: Record<string, { floor: number; rel?: boolean }> = {
  meanRateE: { floor: 0.002 },
  meanRateI: { floor: 0.002 },
  rateELastWindow: { floor: 0.002 },
  rateEFirst500: { floor: 0.002 },
  eeConnections: { floor: 0.03, rel: true },
  eiConnections: { floor: 0.03, rel: true },
  teMean: { floor: 0.03, rel: true },
  tiMean: { floor: 0.03, rel: true },
  weeMean: { floor: 0.03, rel: true },
  weeLognormalMu: { floor: 0.05 },
  weeLognormalSigma: { floor: 0.05 },
  fanoPopulation: { floor: 0.2, rel: true },
  countAutocorrLag1: { floor: 0.05 },
};

const meanSd = (v: readonly number[]): { mean: number; sd: number } => {
  const m = v.reduce((a, b) => a + b, 0) / v.length;
  const s2 = v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1);
  return { mean: m, sd: Math.sqrt(s2) };
};

/** Our figures named as the fixture's (stateSummary, plus the rate over the last window). */
const ours = (config: SornConfig, seed: number, steps: number): Record<string, number> => {
  const s = run(initState(config, key(seed)), config, steps);
  const f = stateSummary(s);
  const n = Math.min(s.counters.steps, POPULATION_WINDOW);
  const lastWindow = s.counters.popE.reduce((a, b) => a + b, 0) / (n * s.ne);
  return {
    meanRateE: f.meanRateE ?? NaN,
    meanRateI: f.meanRateI ?? NaN,
    rateELastWindow: lastWindow,
    rateEFirst500: f.rateEFirst500 ?? NaN,
    eeConnections: f.eeConnections,
    eiConnections: f.eiConnections,
    teMean: f.teMean,
    tiMean: f.tiMean,
    weeMean: f.weeMean ?? NaN,
    weeLognormalMu: f.weeLognormalAll.mu ?? NaN,
    weeLognormalSigma: f.weeLognormalAll.sigma ?? NaN,
    fanoPopulation: f.fanoPopulation ?? NaN,
    countAutocorrLag1: f.countAutocorrLag1 ?? NaN,
  };
};

Deno.test("SORN statistics over 5 seeds lie in bands around a NumPy transcription of the sorn package", async () => {
  const fx = JSON.parse(await Deno.readTextFile(FIXTURE)) as Fixture;
  // The fixture's inputs are our defaults (every shared field).
  for (const [k, v] of Object.entries(fx.config)) {
    assert.equal((sornDefaults as unknown as Record<string, unknown>)[k], v, `config.${k}`);
  }
  assert.ok(fx.steps >= POPULATION_WINDOW, "steps cover the population window");
  const mine = fx.seeds.map((seed) => ours(sornDefaults, seed, fx.steps));
  const failures: string[] = [];
  for (const [stat, band] of Object.entries(BANDS)) {
    const np = meanSd(fx.runs.map((r) => r[stat] as number));
    const us = meanSd(mine.map((r) => r[stat]));
    const floor = band.rel ? band.floor * Math.abs(np.mean) : band.floor;
    const half = Math.max(3 * np.sd, floor);
    if (!(Math.abs(us.mean - np.mean) <= half)) {
      failures.push(
        `${stat}: ours ${us.mean.toPrecision(4)} ± ${us.sd.toPrecision(2)} vs NumPy ` +
          `${np.mean.toPrecision(4)} ± ${np.sd.toPrecision(2)} (band ± ${half.toPrecision(2)})`,
      );
    }
  }
  assert.deepEqual(failures, []);
});
