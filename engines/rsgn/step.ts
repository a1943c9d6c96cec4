/**
 * One step of `np rsgn train`: one epoch of the run in progress; at the end of a run, the next
 * seed's fresh run. Pure: the state passed in is not modified.
 *
 * @module
 */
import type { Tensor } from "@neuroplastic/core/tensor";
import type { Tree } from "@neuroplastic/core/tree";
import type { RsgnConfig, TrainConfig } from "./config.ts";
import type { RsgnParams } from "./params.ts";
import { type FinalGeometry, trainSetup, type TrainState } from "./state.ts";
import { initLoop, type LoopState, orderLike, trainEpoch } from "./train.ts";
import { projectRowsRef } from "./weights.ts";

/** Wall-clock seconds of each epoch run in this process, per config: `"<seed index>:<epoch>"`. */
const timings = new WeakMap<TrainConfig, Map<string, number>>();

/**
 * Seconds of epoch `epoch` (from 1) of the run `seedIndex`, when it ran in this process.
 *
 * @example
 * ```ts
 * import { epochSeconds, trainDefaults } from "@neuroplastic/engines/rsgn";
 * console.log(epochSeconds(trainDefaults, 0, 1)); // null
 * ```
 */
export const epochSeconds = (
  config: TrainConfig,
  seedIndex: number,
  epoch: number,
): number | null => timings.get(config)?.get(`${seedIndex}:${epoch}`) ?? null;

/** The node geometry of trained RSGN parameters: proj(P_raw, 0.95), ℓ and θ in float64. */
const geometryOf = (params: Tree<Tensor>, c: RsgnConfig): FinalGeometry => {
  const p = params as unknown as RsgnParams;
  const positions = new Float64Array(p.positions.data.length);
  projectRowsRef(
    p.positions.data,
    c.numNodes,
    c.dimSpace,
    0.95,
    positions,
    new Float64Array(c.numNodes),
  );
  return {
    dimSpace: c.dimSpace,
    positions,
    levels: Float64Array.from(p.levels.data),
    thresholds: Float64Array.from(p.thresholds.data),
  };
};

/** A loop state with the parameter trees in the model's own key order (after a restore). */
const ordered = (loop: LoopState, template: Tree<Tensor>): LoopState => ({
  ...loop,
  params: orderLike(template, loop.params),
  opt: {
    ...loop.opt,
    m: loop.opt.m && orderLike(template, loop.opt.m),
    v: loop.opt.v && orderLike(template, loop.opt.v),
  },
});

/**
 * One epoch of the run in progress. When it ends the run, the run joins `runs` (with the first
 * run's geometry for RSGN models) and the next seed's run starts fresh; after the last run the
 * state no longer changes. An epoch whose loss is not finite stops at that batch and leaves the
 * non-finite loss as the last epoch's `trainLoss` (the run's guard then stops it).
 *
 * @example
 * ```ts
 * import { initState, step, trainDefaults } from "@neuroplastic/engines/rsgn";
 * const c = { ...trainDefaults, model: "rsgn-sparse" as const, epochs: 1, trainLimit: 8, valLimit: 8, batchSize: 8, numSteps: 1 };
 * const s = step(initState(c), c);
 * console.log(s.seedIndex, s.runs.length); // 1 1
 * ```
 */
export function step(state: TrainState, config: TrainConfig): TrainState {
  if (state.seedIndex >= config.seeds.length) return state;
  const setup = trainSetup(config);
  const seed = config.seeds[state.seedIndex];
  const t0 = performance.now();
  const r = trainEpoch(
    setup.model,
    setup.data,
    setup.train,
    setup.val,
    setup.settings(seed),
    ordered(state.loop, setup.template),
  );
  if (!timings.has(config)) timings.set(config, new Map());
  timings.get(config)!.set(`${state.seedIndex}:${r.stats.epoch}`, (performance.now() - t0) / 1000);
  const history = [...state.history, r.stats];
  if (r.diverged !== undefined || r.state.epoch < config.epochs) {
    return { ...state, loop: r.state, history };
  }
  const runs = [...state.runs, { seed, bestValAcc: r.state.best, history }];
  const final = state.final ?? (setup.rsgn ? geometryOf(r.state.params, setup.rsgn) : null);
  const next = state.seedIndex + 1;
  const loop = next < config.seeds.length
    ? initLoop(setup.model, setup.settings(config.seeds[next]))
    : r.state;
  return { seedIndex: next, loop, history: [], runs, final };
}
