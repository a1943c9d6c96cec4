/**
 * Figures of a `np rsgn train` state: the results file `<task>-<model>.json`
 * ({@link ExperimentResult}, read by `np rsgn table` and the report) and the run's summary.
 *
 * @module
 */
import type { Json } from "@neuroplastic/core/sim";
import type { TrainConfig } from "./config.ts";
import { type ExperimentResult, meanStd, type RunRecord } from "./experiment.ts";
import { type FinishedRun, trainSetup, type TrainState } from "./state.ts";
import { epochSeconds } from "./step.ts";

const round6 = (v: number): number => Math.round(v * 1e6) / 1e6;

/** The finished runs and, when it has epochs, the run in progress (stopped early). */
const runsOf = (state: TrainState, config: TrainConfig): FinishedRun[] => [
  ...state.runs,
  ...(state.seedIndex < config.seeds.length && state.history.length > 0
    ? [{
      seed: config.seeds[state.seedIndex],
      bestValAcc: state.loop.best,
      history: state.history,
    }]
    : []),
];

/**
 * The results file of a train state: every run so far (a run stopped early keeps the epochs it
 * did; `np rsgn table` marks it "k of E (stopped)"), mean and population std of the best
 * validation accuracies, the settings as run and, for RSGN models, the first run's geometry.
 * Epoch times are those measured in this process (null for epochs run before a resume).
 *
 * @example
 * ```ts
 * import { experimentResult, initState, trainDefaults } from "@neuroplastic/engines/rsgn";
 * const c = { ...trainDefaults, trainLimit: 8, valLimit: 8 };
 * console.log(experimentResult(initState(c), c).runs.length); // 0
 * ```
 */
export function experimentResult(
  state: TrainState,
  config: TrainConfig,
  date: Date = new Date(),
): ExperimentResult {
  const setup = trainSetup(config);
  const s = setup.settings(config.seeds[0]);
  const runs: RunRecord[] = runsOf(state, config).map((r) => {
    const i = config.seeds.indexOf(r.seed);
    const history = r.history.map((h) => ({ ...h, seconds: epochSeconds(config, i, h.epoch) }));
    const known = history.every((h) => h.seconds !== null);
    return {
      seed: r.seed,
      bestValAcc: r.bestValAcc,
      seconds: known ? history.reduce((a, h) => a + (h.seconds ?? 0), 0) : null,
      history,
    };
  });
  const ms = meanStd(runs.map((r) => r.bestValAcc));
  const f = state.final;
  return {
    engine: "rsgn",
    task: config.task,
    model: config.model,
    paramCount: setup.model.paramCount,
    settings: {
      epochs: config.epochs,
      batchSize: s.batchSize,
      trainSamples: setup.train.length,
      valSamples: setup.val.length,
      lr: s.lr,
      weightDecay: s.weightDecay,
      clip: s.clip,
      hebbian: s.hebbian ? s.hebbian.variant : null,
      rsgn: setup.rsgn,
    },
    runs,
    ...(f
      ? {
        final: {
          dimSpace: f.dimSpace,
          positions: Array.from(f.positions, round6),
          levels: Array.from(f.levels, round6),
          thresholds: Array.from(f.thresholds, round6),
        },
      }
      : {}),
    mean: ms.mean,
    std: ms.std,
    date: date.toISOString(),
  };
}

/**
 * The summary of a train state (merged into the run's result): task, model, seeds, each run's
 * best validation accuracy and epochs, their mean and population std, the parameter count.
 *
 * @example
 * ```ts
 * import { initState, trainDefaults, trainSummary } from "@neuroplastic/engines/rsgn";
 * const c = { ...trainDefaults, trainLimit: 8, valLimit: 8 };
 * console.log(trainSummary(initState(c), c).seeds); // [42]
 * ```
 */
export function trainSummary(state: TrainState, config: TrainConfig): { [key: string]: Json } {
  const runs = runsOf(state, config);
  const ms = meanStd(runs.map((r) => r.bestValAcc));
  const last = runs.at(-1)?.history.at(-1);
  return {
    task: config.task,
    model: config.model,
    seeds: [...config.seeds],
    epochsPerSeed: config.epochs,
    runs: runs.map((r) => ({ seed: r.seed, bestValAcc: r.bestValAcc, epochs: r.history.length })),
    mean: ms.mean,
    std: ms.std,
    paramCount: trainSetup(config).model.paramCount,
    ...(last ? { lastEpoch: { trainLoss: last.trainLoss, valAcc: last.valAcc } } : {}),
  };
}
