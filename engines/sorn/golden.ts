/**
 * Golden statistics: the figures of a run at the reference defaults from a fixed
 * seed, stored under tests/golden/ and compared by a regression test.
 *
 * @module
 */
import { key } from "@neuroplastic/core/random";
import { synapseCount } from "@neuroplastic/plasticity";
import { sornDefaults } from "./config.ts";
import { run } from "./run.ts";
import { initState } from "./state.ts";
import { stateSummary } from "./stats.ts";

/**
 * Golden figures of one run.
 *
 * @example
 * ```ts
 * import type { GoldenStats } from "@neuroplastic/engines/sorn";
 * const f = (g: GoldenStats): number => g.eeConnections;
 * ```
 */
export interface GoldenStats {
  /** Engine name. */
  readonly engine: "sorn";
  /** Seed of `key(seed)`. */
  readonly seed: number;
  /** Steps run. */
  readonly steps: number;
  /** The config used (the reference defaults). */
  readonly config: "defaults";
  /** E→E synapses after init. */
  readonly initialEeConnections: number;
  /** I→E synapses after init. */
  readonly initialEiConnections: number;
  /** E→E synapses at the end. */
  readonly eeConnections: number;
  /** I→E synapses at the end. */
  readonly eiConnections: number;
  /** Mean excitatory rate over the run. */
  readonly meanRateE: number | null;
  /** Mean inhibitory rate over the run. */
  readonly meanRateI: number | null;
  /** Mean excitatory threshold at the end. */
  readonly teMean: number;
  /** Mean E→E weight at the end. */
  readonly weeMean: number | null;
  /** Mean Fano factor (windows of 100 steps). */
  readonly fanoFactor: number | null;
  /** Connection counts every `steps / 10` steps. */
  readonly eeCountsTrace: readonly number[];
}

/**
 * Runs `steps` steps at the reference defaults from `key(seed)` and returns the figures.
 *
 * @example
 * ```ts
 * import { goldenStats } from "@neuroplastic/engines/sorn";
 * console.log(goldenStats(42, 100).steps); // 100
 * ```
 */
export const goldenStats = (seed: number, steps: number): GoldenStats => {
  const s0 = initState(sornDefaults, key(seed));
  const trace: number[] = [];
  const stride = Math.max(1, Math.floor(steps / 10));
  const s = run(s0, sornDefaults, steps, {
    record: { names: ["EEConnectionCounts"], stride, sink: (_n, _t, v) => trace.push(v as number) },
  });
  const sum = stateSummary(s);
  return {
    engine: "sorn",
    seed,
    steps,
    config: "defaults",
    initialEeConnections: synapseCount(s0.ee),
    initialEiConnections: synapseCount(s0.ei),
    eeConnections: sum.eeConnections,
    eiConnections: sum.eiConnections,
    meanRateE: sum.meanRateE,
    meanRateI: sum.meanRateI,
    teMean: sum.teMean,
    weeMean: sum.weeMean,
    fanoFactor: sum.fanoFactor,
    eeCountsTrace: trace,
  };
};
