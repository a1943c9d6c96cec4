/**
 * Analysis of SORN activity and weights (the reference's `sorn.utils.Statistics`
 * and the fits behind its `Plotter`), over rasters stored row-major
 * (`raster[t * n + i]` = state of neuron i at step t, 0 or 1).
 *
 * Where the reference is buggy the fix is noted on the function: the average
 * correlation excludes the diagonal and does not assume 200 neurons, the
 * spike-source entropy skips silent neurons instead of producing NaN, and the
 * Fano factor's `window` is the window length (the reference's `window_size` is
 * the number of windows).
 *
 * @module
 */
import { synapseCount, type SynapseMatrix } from "@neuroplastic/plasticity";
import { autocorrelation, type PopulationStats, populationStats } from "./population.ts";

export { autocorrelation };
import type { SornState, SpikeCounters } from "./state.ts";

/**
 * Mean firing rate (spikes per step) of each neuron over a `T × n` raster.
 *
 * @example
 * ```ts
 * import { firingRates } from "@neuroplastic/engines/sorn";
 * console.log(Array.from(firingRates(new Uint8Array([1, 0, 1, 1]), 2, 2))); // [1, 0.5]
 * ```
 */
export const firingRates = (raster: ArrayLike<number>, T: number, n: number): Float64Array => {
  const r = new Float64Array(n);
  for (let t = 0; t < T; t++) for (let i = 0; i < n; i++) r[i] += raster[t * n + i];
  if (T > 0) { for (let i = 0; i < n; i++) r[i] /= T; }
  return r;
};

/**
 * Number of active neurons at each step (`Statistics.firing_rate_network`).
 *
 * @example
 * ```ts
 * import { networkActivity } from "@neuroplastic/engines/sorn";
 * console.log(Array.from(networkActivity(new Uint8Array([1, 0, 1, 1]), 2, 2))); // [1, 2]
 * ```
 */
export const networkActivity = (raster: ArrayLike<number>, T: number, n: number): Float64Array => {
  const a = new Float64Array(T);
  for (let t = 0; t < T; t++) {
    let c = 0;
    for (let i = 0; i < n; i++) c += raster[t * n + i];
    a[t] = c;
  }
  return a;
};

/**
 * Inter-spike intervals (steps between consecutive spikes) of one neuron, or of
 * every neuron pooled when `neuron` is omitted (`Statistics.spike_time_intervals`).
 *
 * @example
 * ```ts
 * import { interSpikeIntervals } from "@neuroplastic/engines/sorn";
 * // neuron 0 fires at t = 0, 2, 5
 * const r = new Uint8Array([1, 0, 1, 0, 0, 1]);
 * console.log(interSpikeIntervals(r, 6, 1, 0)); // [2, 3]
 * ```
 */
export const interSpikeIntervals = (
  raster: ArrayLike<number>,
  T: number,
  n: number,
  neuron?: number,
): number[] => {
  const out: number[] = [];
  const from = neuron ?? 0;
  const to = neuron === undefined ? n : neuron + 1;
  for (let i = from; i < to; i++) {
    let last = -1;
    for (let t = 0; t < T; t++) {
      if (raster[t * n + i] !== 0) {
        if (last >= 0) out.push(t - last);
        last = t;
      }
    }
  }
  return out;
};

/**
 * Histogram of integer values 1..maxValue (index k holds the count of value k; index 0 unused).
 *
 * @example
 * ```ts
 * import { integerHistogram } from "@neuroplastic/engines/sorn";
 * console.log(Array.from(integerHistogram([1, 2, 2, 5], 3))); // [0, 1, 2, 0]
 * ```
 */
export const integerHistogram = (values: readonly number[], maxValue: number): Float64Array => {
  const h = new Float64Array(maxValue + 1);
  for (const v of values) if (v >= 1 && v <= maxValue) h[v] += 1;
  return h;
};

/**
 * Exponential fit of an ISI distribution: least squares of `log count_k = log a − b·k`
 * over the non-empty bins k ≥ 1 of the ISI histogram (the reference fits
 * `a·e^{−b k} − c` with `curve_fit`; the log-linear form needs no starting point).
 * Returns `a`, the decay rate `b`, and R² of the log-linear fit.
 *
 * @example
 * ```ts
 * import { isiExponentialFit } from "@neuroplastic/engines/sorn";
 * const isis: number[] = [];
 * for (let k = 1; k <= 8; k++) for (let c = 0; c < Math.round(1000 * Math.exp(-0.5 * k)); c++) isis.push(k);
 * console.log(isiExponentialFit(isis).b.toFixed(2)); // "0.50"
 * ```
 */
export const isiExponentialFit = (
  isis: readonly number[],
): { readonly a: number; readonly b: number; readonly rSquared: number } => {
  let maxIsi = 0;
  for (const v of isis) if (v > maxIsi) maxIsi = v;
  const h = integerHistogram(isis, maxIsi);
  const xs: number[] = [];
  const ys: number[] = [];
  for (let k = 1; k <= maxIsi; k++) {
    if (h[k] > 0) {
      xs.push(k);
      ys.push(Math.log(h[k]));
    }
  }
  if (xs.length < 2) return { a: NaN, b: NaN, rSquared: NaN };
  const { slope, intercept, rSquared } = linearFit(xs, ys);
  return { a: Math.exp(intercept), b: -slope, rSquared };
};

/** Ordinary least squares y ≈ intercept + slope·x. */
const linearFit = (
  xs: readonly number[],
  ys: readonly number[],
): { slope: number; intercept: number; rSquared: number } => {
  const m = xs.length;
  let mx = 0;
  let my = 0;
  for (let q = 0; q < m; q++) {
    mx += xs[q];
    my += ys[q];
  }
  mx /= m;
  my /= m;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let q = 0; q < m; q++) {
    sxx += (xs[q] - mx) ** 2;
    sxy += (xs[q] - mx) * (ys[q] - my);
    syy += (ys[q] - my) ** 2;
  }
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  const rSquared = syy > 0 ? (sxy * sxy) / (sxx * syy) : 1;
  return { slope, intercept, rSquared };
};

/**
 * Fano factor of one neuron: variance / mean of its spike counts over
 * consecutive windows of `window` steps (a trailing partial window is dropped).
 * NaN when the neuron never fires. (Reference `Statistics.fanofactor`, whose
 * `window_size` is in fact the number of windows.)
 *
 * @example
 * ```ts
 * import { fanoFactor } from "@neuroplastic/engines/sorn";
 * // counts per window of 2 steps: 2, 0 → mean 1, variance 1
 * console.log(fanoFactor(new Uint8Array([1, 1, 0, 0]), 4, 1, 0, 2)); // 1
 * ```
 */
export const fanoFactor = (
  raster: ArrayLike<number>,
  T: number,
  n: number,
  neuron: number,
  window: number,
): number => {
  const w = Math.floor(T / window);
  if (w === 0) return NaN;
  let s = 0;
  let s2 = 0;
  for (let q = 0; q < w; q++) {
    let c = 0;
    for (let t = q * window; t < (q + 1) * window; t++) c += raster[t * n + neuron];
    s += c;
    s2 += c * c;
  }
  const mean = s / w;
  return mean > 0 ? (s2 / w - mean * mean) / mean : NaN;
};

/**
 * Mean per-neuron Fano factor over excitatory neurons (the summary's `fanoPerNeuronMean`)
 * from the running window counts kept in the state (no history needed); neurons that never
 * fired are skipped. NaN before the first completed window.
 *
 * @example
 * ```ts
 * import { createCounters, fanoFromCounters } from "@neuroplastic/engines/sorn";
 * console.log(fanoFromCounters(createCounters(3, 1))); // NaN
 * ```
 */
export const fanoFromCounters = (c: SpikeCounters): number => {
  if (c.windows === 0) return NaN;
  let total = 0;
  let used = 0;
  for (let i = 0; i < c.windowSum.length; i++) {
    const mean = c.windowSum[i] / c.windows;
    if (mean > 0) {
      total += (c.windowSumSq[i] / c.windows - mean * mean) / mean;
      used++;
    }
  }
  return used > 0 ? total / used : NaN;
};

/**
 * Average Pearson correlation coefficient over all pairs i < j of neurons with
 * non-zero variance (reference `Statistics.avg_corr_coeff` averages the full matrix,
 * diagonal included, divided by a hard-coded 200²).
 *
 * @example
 * ```ts
 * import { averageCorrelation } from "@neuroplastic/engines/sorn";
 * // two identical neurons → 1
 * console.log(averageCorrelation(new Uint8Array([1, 1, 0, 0, 1, 1, 0, 0]), 4, 2)); // 1
 * ```
 */
export const averageCorrelation = (raster: ArrayLike<number>, T: number, n: number): number => {
  const mean = firingRates(raster, T, n);
  const cross = new Float64Array(n * n);
  const act: number[] = [];
  for (let t = 0; t < T; t++) {
    act.length = 0;
    for (let i = 0; i < n; i++) if (raster[t * n + i] !== 0) act.push(i);
    for (const i of act) for (const j of act) cross[i * n + j] += 1;
  }
  let sum = 0;
  let pairs = 0;
  for (let i = 0; i < n; i++) {
    const vi = mean[i] * (1 - mean[i]);
    if (vi <= 0) continue;
    for (let j = i + 1; j < n; j++) {
      const vj = mean[j] * (1 - mean[j]);
      if (vj <= 0) continue;
      const cov = cross[i * n + j] / T - mean[i] * mean[j];
      sum += cov / Math.sqrt(vi * vj);
      pairs++;
    }
  }
  return pairs > 0 ? sum / pairs : NaN;
};

/**
 * Smoothness of a series (e.g. network activity): the standard deviation of its
 * first differences (scale dependent) and that divided by |mean difference|
 * (scale independent) — `scale_dependent_smoothness_measure` and
 * `scale_independent_smoothness_measure` of the reference.
 *
 * @example
 * ```ts
 * import { smoothness } from "@neuroplastic/engines/sorn";
 * console.log(smoothness([0, 1, 2, 3]).scaleDependent); // 0
 * ```
 */
export const smoothness = (
  series: ArrayLike<number>,
): { readonly scaleDependent: number; readonly scaleIndependent: number } => {
  const m = series.length - 1;
  if (m < 1) return { scaleDependent: NaN, scaleIndependent: NaN };
  let mean = 0;
  for (let t = 0; t < m; t++) mean += series[t + 1] - series[t];
  mean /= m;
  let v = 0;
  for (let t = 0; t < m; t++) v += (series[t + 1] - series[t] - mean) ** 2;
  const sd = Math.sqrt(v / m);
  return { scaleDependent: sd, scaleIndependent: sd / Math.abs(mean) };
};

/**
 * Hamming distance between two rasters at each step (the spread of a
 * perturbation: run two copies, flip one neuron in one, compare; `Statistics.hamming_distance`).
 *
 * @example
 * ```ts
 * import { hammingDistance } from "@neuroplastic/engines/sorn";
 * console.log(Array.from(hammingDistance(new Uint8Array([1, 0, 1, 1]), new Uint8Array([1, 1, 0, 0]), 2, 2))); // [1, 2]
 * ```
 */
export const hammingDistance = (
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  T: number,
  n: number,
): Int32Array => {
  const d = new Int32Array(T);
  for (let t = 0; t < T; t++) {
    let c = 0;
    for (let i = 0; i < n; i++) if (a[t * n + i] !== b[t * n + i]) c++;
    d[t] = c;
  }
  return d;
};

/**
 * Spike-source entropy: `Σ_i p_i log p_i / log(1/n)` with `p_i` the fraction of
 * all spikes emitted by neuron i; 1 when every neuron fires equally, 0 when one
 * neuron emits every spike. Silent neurons contribute 0 (the reference yields NaN).
 *
 * @example
 * ```ts
 * import { spikeSourceEntropy } from "@neuroplastic/engines/sorn";
 * console.log(spikeSourceEntropy(new Uint8Array([1, 1, 1, 1]), 2, 2)); // 1
 * ```
 */
export const spikeSourceEntropy = (raster: ArrayLike<number>, T: number, n: number): number => {
  const counts = new Float64Array(n);
  let total = 0;
  for (let t = 0; t < T; t++) {
    for (let i = 0; i < n; i++) {
      if (raster[t * n + i] !== 0) {
        counts[i]++;
        total++;
      }
    }
  }
  if (total === 0 || n < 2) return NaN;
  let h = 0;
  for (let i = 0; i < n; i++) {
    if (counts[i] > 0) {
      const p = counts[i] / total;
      h += p * Math.log(p);
    }
  }
  return h / Math.log(1 / n) + 0; // + 0 turns −0 into 0
};

/**
 * Weights of the existing synapses of a matrix that are ≥ `minWeight`.
 *
 * @example
 * ```ts
 * import { synapseMatrixFromDense } from "@neuroplastic/plasticity";
 * import { synapseWeights } from "@neuroplastic/engines/sorn";
 * console.log(Array.from(synapseWeights(synapseMatrixFromDense([0, 0.5, 0.005, 0], 2, 2), 0.01))); // [0.5]
 * ```
 */
export const synapseWeights = (m: SynapseMatrix, minWeight = 0): Float64Array => {
  const out: number[] = [];
  for (let i = 0; i < m.nPost; i++) {
    const base = i * m.inCap;
    for (let q = 0; q < m.inLen[i]; q++) {
      const v = m.inW[base + q];
      if (v >= minWeight && v > 0) out.push(v);
    }
  }
  out.sort((a, b) => a - b);
  return Float64Array.from(out);
};

/**
 * Histogram of values on `bins` equal bins over [lo, hi] (values outside are dropped).
 *
 * @example
 * ```ts
 * import { histogram } from "@neuroplastic/engines/sorn";
 * console.log(Array.from(histogram([0.1, 0.2, 0.9], 2, 0, 1).counts)); // [2, 1]
 * ```
 */
export const histogram = (
  values: ArrayLike<number>,
  bins: number,
  lo: number,
  hi: number,
): { readonly edges: Float64Array; readonly counts: Float64Array } => {
  const edges = new Float64Array(bins + 1);
  for (let b = 0; b <= bins; b++) edges[b] = lo + ((hi - lo) * b) / bins;
  const counts = new Float64Array(bins);
  for (let q = 0; q < values.length; q++) {
    const v = values[q];
    if (!(v >= lo && v <= hi)) continue;
    const b = Math.min(bins - 1, Math.floor(((v - lo) / (hi - lo)) * bins));
    counts[b]++;
  }
  return { edges, counts };
};

/**
 * Maximum-likelihood lognormal fit: mean and (population) standard deviation of
 * `log v` over the positive values (the reference's `linear_lognormal_fit` uses
 * weights ≥ 0.01, as in Zheng et al. 2013; filter with {@link synapseWeights}).
 *
 * @example
 * ```ts
 * import { lognormalFit } from "@neuroplastic/engines/sorn";
 * console.log(lognormalFit([Math.E, Math.E]).mu); // 1
 * ```
 */
export const lognormalFit = (
  values: ArrayLike<number>,
): { readonly mu: number; readonly sigma: number } => {
  let m = 0;
  let s = 0;
  for (let q = 0; q < values.length; q++) {
    if (values[q] > 0) {
      s += Math.log(values[q]);
      m++;
    }
  }
  if (m === 0) return { mu: NaN, sigma: NaN };
  const mu = s / m;
  let v = 0;
  for (let q = 0; q < values.length; q++) if (values[q] > 0) v += (Math.log(values[q]) - mu) ** 2;
  return { mu, sigma: Math.sqrt(v / m) };
};

const mean = (a: ArrayLike<number>): number => {
  let s = 0;
  for (let q = 0; q < a.length; q++) s += a[q];
  return a.length > 0 ? s / a.length : NaN;
};

/** `NaN`/`±Infinity` → `null`, so the figure stays valid JSON. */
const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);

/** A lognormal fit with non-finite values as `null`. */
const fitOrNull = (
  values: ArrayLike<number>,
): { readonly mu: number | null; readonly sigma: number | null } => {
  const f = lognormalFit(values);
  return { mu: finiteOrNull(f.mu), sigma: finiteOrNull(f.sigma) };
};

/**
 * Figures of a state from its running counters and weights (no history): mean
 * excitatory and inhibitory rates, connection counts, mean thresholds, mean E→E
 * weight, lognormal fits of the E→E weights (all non-zero ones, and those ≥ 0.01), the mean
 * per-neuron Fano factor, and the population statistics of {@link populationStats}.
 *
 * @example
 * ```ts
 * import { initState, run, sornDefaults, stateSummary } from "@neuroplastic/engines/sorn";
 * import { key } from "@neuroplastic/core/random";
 * const s = run(initState(sornDefaults, key(0)), sornDefaults, 200);
 * console.log(stateSummary(s).eeConnections > 0); // true
 * ```
 */
export const stateSummary = (s: SornState): {
  readonly t: number;
  readonly meanRateE: number | null;
  readonly meanRateI: number | null;
  readonly eeConnections: number;
  readonly eiConnections: number;
  readonly teMean: number;
  readonly tiMean: number;
  readonly weeMean: number | null;
  readonly weeLognormalAll: { readonly mu: number | null; readonly sigma: number | null };
  readonly weeLognormalGe001: { readonly mu: number | null; readonly sigma: number | null };
  readonly fanoPerNeuronMean: number | null;
} & PopulationStats => {
  const c = s.counters;
  const totalE = c.spikesE.reduce((a, b) => a + b, 0);
  const totalI = c.spikesI.reduce((a, b) => a + b, 0);
  const all = synapseWeights(s.ee);
  return {
    t: s.t,
    meanRateE: finiteOrNull(totalE / (c.steps * s.ne)),
    meanRateI: finiteOrNull(totalI / (c.steps * s.ni)),
    eeConnections: synapseCount(s.ee),
    eiConnections: synapseCount(s.ei),
    teMean: mean(s.te),
    tiMean: mean(s.ti),
    weeMean: finiteOrNull(mean(all)),
    weeLognormalAll: fitOrNull(all),
    weeLognormalGe001: fitOrNull(synapseWeights(s.ee, 0.01)),
    fanoPerNeuronMean: finiteOrNull(fanoFromCounters(c)),
    ...populationStats(c, s.ne),
  };
};
