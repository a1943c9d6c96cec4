import assert from "node:assert/strict";
import fc from "fast-check";
import * as math from "mathjs";
import { fold, key, uniform } from "@neuroplastic/core/random";
import { synapseMatrixFromDense } from "@neuroplastic/plasticity";
import { sornDefaults } from "./config.ts";
import { runWithRaster } from "./run.ts";
import { initState } from "./state.ts";
import {
  autocorrelation,
  averageCorrelation,
  fanoFactor,
  fanoFromCounters,
  firingRates,
  hammingDistance,
  histogram,
  interSpikeIntervals,
  isiExponentialFit,
  lognormalFit,
  networkActivity,
  smoothness,
  spikeSourceEntropy,
  stateSummary,
  synapseWeights,
} from "./stats.ts";

/** A random binary raster T × n with per-neuron firing probabilities. */
const randomRaster = (seed: number, T: number, n: number, p: (i: number) => number): Uint8Array => {
  const u = uniform(key(seed), T * n);
  const r = new Uint8Array(T * n);
  for (let t = 0; t < T; t++) {
    for (let i = 0; i < n; i++) {
      r[t * n + i] = u[t * n + i] < p(i) ? 1 : 0;
    }
  }
  return r;
};

Deno.test("firing rates and network activity (mathjs oracle)", () => {
  const T = 300;
  const n = 7;
  const r = randomRaster(1, T, n, (i) => 0.05 + 0.1 * i);
  const rows = [...Array(T).keys()].map((t) => Array.from(r.subarray(t * n, (t + 1) * n)));
  const colMeans = math.mean(rows, 0) as unknown as number[];
  const rates = firingRates(r, T, n);
  for (let i = 0; i < n; i++) assert.ok(Math.abs(rates[i] - colMeans[i]) < 1e-12);
  const act = networkActivity(r, T, n);
  for (let t = 0; t < T; t++) assert.equal(act[t], math.sum(rows[t]));
});

Deno.test("average pairwise correlation matches the mathjs Pearson oracle", () => {
  const T = 400;
  const n = 6;
  const base = randomRaster(2, T, n, () => 0.3);
  // make neuron 1 copy neuron 0 most of the time → positive correlation
  for (let t = 0; t < T; t++) if (t % 5 !== 0) base[t * n + 1] = base[t * n];
  const cols = [...Array(n).keys()].map((i) => [...Array(T).keys()].map((t) => base[t * n + i]));
  let s = 0;
  let c = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      s += math.corr(cols[i], cols[j]) as number;
      c++;
    }
  }
  assert.ok(Math.abs(averageCorrelation(base, T, n) - s / c) < 1e-9);
});

Deno.test("ISIs and the exponential fit recover a geometric decay rate", () => {
  // Bernoulli(p) spike train: ISI ~ geometric, P(k) ∝ (1−p)^k → b = −log(1−p)
  const p = 0.2;
  const T = 40_000;
  const r = randomRaster(3, T, 1, () => p);
  const isis = interSpikeIntervals(r, T, 1, 0);
  const mean = isis.reduce((a, b) => a + b, 0) / isis.length;
  assert.ok(Math.abs(mean - 1 / p) < 0.1);
  const fit = isiExponentialFit(isis.filter((k) => k <= 15));
  assert.ok(Math.abs(fit.b - -Math.log(1 - p)) < 0.03, `b ${fit.b}`);
  assert.ok(fit.rSquared > 0.98);
});

Deno.test("Fano factor ≈ 1 − p for Bernoulli counts; counters agree with the raster", () => {
  const p = 0.1;
  const T = 20_000;
  const r = randomRaster(4, T, 1, () => p);
  const ff = fanoFactor(r, T, 1, 0, 50);
  assert.ok(Math.abs(ff - (1 - p)) < 0.1, `FF ${ff}`);
  // state counters vs the raster of the same run
  const c = { ...sornDefaults, fano_window: 25 };
  const { state, raster } = runWithRaster(initState(c, key(8)), c, 500);
  let total = 0;
  let used = 0;
  for (let i = 0; i < state.ne; i++) {
    const f = fanoFactor(raster, 500, state.ne, i, 25);
    if (Number.isFinite(f)) {
      total += f;
      used++;
    }
  }
  assert.ok(Math.abs(fanoFromCounters(state.counters) - total / used) < 1e-9);
  const rates = firingRates(raster, 500, state.ne);
  for (let i = 0; i < state.ne; i++) {
    assert.equal(state.counters.spikesE[i], Math.round(rates[i] * 500));
  }
});

Deno.test("autocorrelation, smoothness, Hamming distance, spike-source entropy", () => {
  assert.ok(Math.abs(autocorrelation([1, 2, 3, 4, 5, 6, 7], 2) - 1) < 1e-12);
  assert.ok(Math.abs(autocorrelation([1, -1, 1, -1, 1, -1, 1, -1], 1) + 1) < 1e-12);
  const sm = smoothness([0, 2, 2, 5]);
  const diffs = [2, 0, 3];
  assert.ok(
    Math.abs(sm.scaleDependent - (math.std(diffs, "uncorrected") as unknown as number)) < 1e-12,
  );
  assert.ok(Math.abs(sm.scaleIndependent - sm.scaleDependent / (5 / 3)) < 1e-12);
  const a = new Uint8Array([1, 0, 0, 1, 1, 1]);
  const b = new Uint8Array([1, 1, 0, 0, 1, 1]);
  assert.deepEqual(Array.from(hammingDistance(a, b, 2, 3)), [1, 1]);
  // one neuron emits every spike → 0; uniform → 1; silent neurons do not give NaN
  assert.equal(spikeSourceEntropy(new Uint8Array([1, 0, 0, 1, 0, 0]), 2, 3), 0);
  assert.ok(Math.abs(spikeSourceEntropy(new Uint8Array([1, 1, 1, 1, 1, 1]), 2, 3) - 1) < 1e-12);
  assert.ok(Number.isFinite(spikeSourceEntropy(new Uint8Array([1, 1, 0, 1, 1, 0]), 2, 3)));
});

Deno.test("lognormal fit recovers μ and σ; histogram counts", () => {
  fc.assert(
    fc.property(
      fc.double({ min: -3, max: 0, noNaN: true }),
      fc.double({ min: 0.1, max: 1.5, noNaN: true }),
      (mu, sigma) => {
        // deterministic quantile sample of a lognormal: exp(μ + σ z_k) with symmetric z_k
        const zs = [-1.5, -1, -0.5, 0, 0.5, 1, 1.5];
        const sd = Math.sqrt(zs.reduce((a, z) => a + z * z, 0) / zs.length);
        const v = zs.map((z) => Math.exp(mu + (sigma * z) / sd));
        const fit = lognormalFit(v);
        assert.ok(Math.abs(fit.mu - mu) < 1e-9);
        assert.ok(Math.abs(fit.sigma - sigma) < 1e-9);
      },
    ),
    { seed: 42, numRuns: 50 },
  );
  const h = histogram([0.05, 0.15, 0.15, 0.95, 2], 10, 0, 1);
  assert.deepEqual(Array.from(h.counts), [1, 2, 0, 0, 0, 0, 0, 0, 0, 1]);
  const m = synapseMatrixFromDense([0, 0.5, 0.005, 0], 2, 2);
  assert.deepEqual(Array.from(synapseWeights(m)), [0.005, 0.5]);
  assert.deepEqual(Array.from(synapseWeights(m, 0.01)), [0.5]);
});

Deno.test("behaviour target: sparse activity near h_ip, pruning, lognormal-like weights (2,000 steps)", () => {
  const { state } = runWithRaster(
    initState(sornDefaults, key(fold(key(0), 1).k1)),
    sornDefaults,
    2000,
  );
  const s = stateSummary(state);
  assert.ok(s.meanRateE !== null && Math.abs(s.meanRateE - 0.1) < 0.03, `rate ${s.meanRateE}`);
  assert.ok(s.eeConnections < 3600, `connections ${s.eeConnections}`); // pruned from ≈ 3,900
  assert.ok(s.weeLognormalGe001.sigma !== null && s.weeLognormalGe001.sigma > 0.5);
});
