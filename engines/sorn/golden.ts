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
  readonly engine: "sorn";
  readonly seed: number;
  readonly steps: number;
  readonly config: "defaults";
  readonly initialEeConnections: number;
  readonly initialEiConnections: number;
  readonly eeConnections: number;
  readonly eiConnections: number;
  readonly meanRateE: number | null;
  readonly meanRateI: number | null;
  readonly teMean: number;
  readonly weeMean: number | null;
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
