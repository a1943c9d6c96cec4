/**
 * Population statistics of SORN activity (issue 19): the Fano factor of the population spike
 * count in 10-step bins, the autocorrelation of the per-step excitatory count, the E→E
 * connection trajectory and the early excitatory rate, computed from the running counters of
 * the state (ring buffers of the last {@link POPULATION_WINDOW} steps, no history), and the same
 * statistics as pure functions of a count series, so a recorded history gives the same numbers.
 *
 * Undefined values are `null`: fewer than 3 bins or pairs, a zero mean, a zero variance.
 *
 * @module
 */
import { FIRST_STEPS, POPULATION_WINDOW, type SpikeCounters } from "./state.ts";

/**
 * Pearson autocorrelation of a series at a lag (`Statistics.autocorr`, default lag 2).
 *
 * @example
 * ```ts
 * import { autocorrelation } from "@neuroplastic/engines/sorn";
 * console.log(autocorrelation([1, 2, 3, 4, 5, 6], 1)); // 1
 * ```
 */
export const autocorrelation = (series: ArrayLike<number>, lag = 2): number => {
  const m = series.length - lag;
  if (m < 2) return NaN;
  let ma = 0;
  let mb = 0;
  for (let t = 0; t < m; t++) {
    ma += series[t];
    mb += series[t + lag];
  }
  ma /= m;
  mb /= m;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let t = 0; t < m; t++) {
    const a = series[t] - ma;
    const b = series[t + lag] - mb;
    sab += a * b;
    saa += a * a;
    sbb += b * b;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : NaN;
};

/**
 * Bin length (steps) of the population Fano factor.
 *
 * @example
 * ```ts
 * import { POPULATION_FANO_BIN } from "@neuroplastic/engines/sorn";
 * console.log(POPULATION_FANO_BIN); // 10
 * ```
 */
export const POPULATION_FANO_BIN = 10;

/** Fewest bins (Fano) or lagged pairs (autocorrelation) for a defined value. */
const MIN_POINTS = 3;

/**
 * Fano factor of a count series summed in bins of `bin` steps: variance (ddof 0) / mean of
 * the bin sums. Bins are laid back from the last element, so an oldest partial bin is
 * dropped. `null` with fewer than 3 bins or a zero mean.
 *
 * @example
 * ```ts
 * import { binnedFano } from "@neuroplastic/engines/sorn";
 * // bins of 2: sums 1, 3, 5 → mean 3, variance 8/3 → 8/9
 * console.log(binnedFano([0, 1, 1, 2, 2, 3], 2)); // 0.888…
 * ```
 */
export const binnedFano = (series: ArrayLike<number>, bin: number): number | null => {
  const nb = Math.floor(series.length / bin);
  if (nb < MIN_POINTS) return null;
  const off = series.length - nb * bin;
  let s = 0;
  let s2 = 0;
  for (let b = 0; b < nb; b++) {
    let c = 0;
    for (let q = off + b * bin; q < off + (b + 1) * bin; q++) c += series[q];
    s += c;
    s2 += c * c;
  }
  const mean = s / nb;
  if (!(mean > 0)) return null;
  const v = Math.max(0, s2 / nb - mean * mean);
  return v / mean;
};

/**
 * Lag-`lag` autocorrelation of a series: the Pearson correlation of `series[0 .. n−lag)` with
 * `series[lag .. n)` (each part centred on its own mean, as `numpy.corrcoef` of the two
 * slices and the reference's `Statistics.autocorr`). `null` with fewer than 3 pairs or a
 * part of zero variance.
 *
 * @example
 * ```ts
 * import { lagAutocorrelation } from "@neuroplastic/engines/sorn";
 * console.log(lagAutocorrelation([1, 3, 2, 4, 3, 5], 2)); // 1
 * ```
 */
export const lagAutocorrelation = (series: ArrayLike<number>, lag: number): number | null => {
  if (series.length - lag < MIN_POINTS) return null;
  const r = autocorrelation(series, lag);
  return Number.isNaN(r) ? null : r;
};

/**
 * The per-step population counts of the last `min(steps, POPULATION_WINDOW)` counted steps in
 * time order, unrolled from the ring buffers: `"E"` excitatory, `"EI"` excitatory +
 * inhibitory.
 *
 * @example
 * ```ts
 * import { createCounters, recentPopulationCounts } from "@neuroplastic/engines/sorn";
 * console.log(recentPopulationCounts(createCounters(3, 1), "E").length); // 0
 * ```
 */
export const recentPopulationCounts = (c: SpikeCounters, which: "E" | "EI"): Float64Array => {
  const n = Math.min(c.steps, POPULATION_WINDOW);
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const slot = (c.steps - n + k) % POPULATION_WINDOW;
    out[k] = which === "E" ? c.popE[slot] : c.popE[slot] + c.popI[slot];
  }
  return out;
};

/**
 * The population statistics of a run (see the engine README for the definitions).
 *
 * @example
 * ```ts
 * import type { PopulationStats } from "@neuroplastic/engines/sorn";
 * const f = (p: PopulationStats): number | null => p.fanoPopulation;
 * ```
 */
export interface PopulationStats {
  /** Steps the windowed statistics use: min(steps, 2,000). */
  readonly populationWindowSteps: number;
  /** var/mean (ddof 0) of the excitatory spike count in 10-step bins over the window. */
  readonly fanoPopulation: number | null;
  /** The same with excitatory + inhibitory spikes. */
  readonly fanoPopulationEI: number | null;
  /** Lag-1 Pearson autocorrelation of the per-step excitatory count over the window. */
  readonly countAutocorrLag1: number | null;
  /** Lag-2 Pearson autocorrelation of the per-step excitatory count over the window. */
  readonly countAutocorrLag2: number | null;
  /** E→E connection count at counted steps 0, 500, 1000, … (a fresh copy). */
  readonly eeTrajectory: number[];
  /** Mean excitatory rate (spikes per neuron per step) over the first min(steps, 500) steps. */
  readonly rateEFirst500: number | null;
}

/**
 * The population statistics from a state's running counters (no history).
 *
 * @example
 * ```ts
 * import { initState, populationStats, run, sornDefaults } from "@neuroplastic/engines/sorn";
 * import { key } from "@neuroplastic/core/random";
 * const s = run(initState(sornDefaults, key(1)), sornDefaults, 1000);
 * console.log(populationStats(s.counters, s.ne).eeTrajectory.length); // 3
 * ```
 */
export const populationStats = (c: SpikeCounters, ne: number): PopulationStats => {
  const e = recentPopulationCounts(c, "E");
  const ei = recentPopulationCounts(c, "EI");
  const first = Math.min(c.steps, FIRST_STEPS);
  return {
    populationWindowSteps: e.length,
    fanoPopulation: binnedFano(e, POPULATION_FANO_BIN),
    fanoPopulationEI: binnedFano(ei, POPULATION_FANO_BIN),
    countAutocorrLag1: lagAutocorrelation(e, 1),
    countAutocorrLag2: lagAutocorrelation(e, 2),
    eeTrajectory: c.eeTrajectory.slice(),
    rateEFirst500: first > 0 && ne > 0 ? c.firstSpikesE / (first * ne) : null,
  };
};
