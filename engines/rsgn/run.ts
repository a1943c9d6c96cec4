/**
 * `n` steps of `np rsgn train` at once.
 *
 * @module
 */
import type { TrainConfig } from "./config.ts";
import type { TrainState } from "./state.ts";
import { step } from "./step.ts";

/**
 * `n` epochs (across seeds): exactly `n` calls of {@link step}.
 *
 * @example
 * ```ts
 * import { initState, run, trainDefaults } from "@neuroplastic/engines/rsgn";
 * const c = { ...trainDefaults, model: "rsgn-sparse" as const, epochs: 1, seeds: [1, 2], trainLimit: 8, valLimit: 8, batchSize: 8, numSteps: 1 };
 * console.log(run(initState(c), c, 2).runs.map((r) => r.seed)); // [1, 2]
 * ```
 */
export function run(state: TrainState, config: TrainConfig, n: number): TrainState {
  let s = state;
  for (let i = 0; i < n; i++) s = step(s, config);
  return s;
}
