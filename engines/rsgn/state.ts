/**
 * The state of `np rsgn train` (a task × model trained once per seed, one epoch per step) and
 * what every step derives from the config alone: the data set, the split, the model. Those are
 * regenerated from the config (memoised per config object), never stored in the state, so a
 * checkpoint holds only what the runs have changed.
 *
 * @module
 */
import { type Key, key } from "@neuroplastic/core/random";
import type { Tensor } from "@neuroplastic/core/tensor";
import type { Tree } from "@neuroplastic/core/tree";
import { presetConfig, type RsgnConfig, type TrainConfig } from "./config.ts";
import type { Dataset } from "./data.ts";
import { taskData } from "./experiment.ts";
import { NOTEBOOK_HEBBIAN } from "./hebbian.ts";
import { type EpochStats, initLoop, type LoopState, type TrainSettings } from "./train.ts";
import { rsgnTrainable, type TrainableModel } from "./trainable.ts";
import { baselineTrainable } from "./baseline_trainable.ts";

/** A finished training run of one seed. */
export interface FinishedRun {
  /** Run seed. */
  readonly seed: number;
  /** Best validation accuracy over its epochs. */
  readonly bestValAcc: number;
  /** Its epochs. */
  readonly history: readonly EpochStats[];
}

/** RSGN models: node geometry after the first seed's run, proj(P_raw, 0.95) (N×D_s), ℓ, θ. */
export interface FinalGeometry {
  /** D_s. */
  readonly dimSpace: number;
  /** Projected positions, row-major N×D_s. */
  readonly positions: Float64Array;
  /** Levels ℓ. */
  readonly levels: Float64Array;
  /** Thresholds θ. */
  readonly thresholds: Float64Array;
}

/**
 * Everything `np rsgn train` needs to continue bit-exactly: which seed's run is in progress, that
 * run's loop state (parameters, AdamW moments, Hebbian state, epochs done, best accuracy; its
 * keys follow from the seed and the epoch), its epochs so far, the finished runs and the first
 * run's geometry. No wall-clock times (they would make the state hash differ between runs).
 */
export interface TrainState {
  /** Index into `config.seeds` of the run in progress (`seeds.length` when every run is done). */
  readonly seedIndex: number;
  /** Loop state of the run in progress (of the last run once every run is done). */
  readonly loop: LoopState;
  /** Epochs of the run in progress. */
  readonly history: readonly EpochStats[];
  /** Finished runs, in seed order of the config. */
  readonly runs: readonly FinishedRun[];
  /** RSGN models: geometry after the first run (null before it ends, and for the baselines). */
  readonly final: FinalGeometry | null;
}

/** What a train config fixes: the data, the split (limited), the model and the loop settings. */
export interface TrainSetup {
  /** The task's notebook data set (NumPy seed 42). */
  readonly data: Dataset;
  /** Training indices (the first `trainLimit` of the notebook's split). */
  readonly train: Int32Array;
  /** Validation indices (the first `valLimit`). */
  readonly val: Int32Array;
  /** The model trained. */
  readonly model: TrainableModel;
  /** The RSGN config of an RSGN model, null for a baseline. */
  readonly rsgn: RsgnConfig | null;
  /** Fresh parameters (their key order is the order the optimiser pairs leaves in). */
  readonly template: Tree<Tensor>;
  /** The loop settings of a run seed. */
  readonly settings: (seed: number) => TrainSettings;
}

const setups = new WeakMap<TrainConfig, TrainSetup>();

/**
 * The model of a train config: the task's RSGN preset with the config's overrides, or a baseline
 * with the notebook's config of the task.
 *
 * @example
 * ```ts
 * import { modelOf, trainDefaults } from "@neuroplastic/engines/rsgn";
 * console.log(modelOf(trainDefaults).model.paramCount); // 40382
 * ```
 */
export function modelOf(c: TrainConfig): { model: TrainableModel; rsgn: RsgnConfig | null } {
  if (c.model.startsWith("rsgn")) {
    const r = presetConfig(c.task, {
      ...(c.model === "rsgn-sparse" ? { variant: "sparse" as const } : {}),
      topK: c.topK,
      activeK: c.activeK,
      ...(c.numSteps !== null ? { numSteps: c.numSteps } : {}),
    });
    return { model: rsgnTrainable(r), rsgn: r };
  }
  return { model: baselineTrainable(c.model, c.task), rsgn: null };
}

/**
 * The setup of a train config, built once per config object (data generation takes a second).
 *
 * @example
 * ```ts
 * import { trainDefaults, trainSetup } from "@neuroplastic/engines/rsgn";
 * const s = trainSetup({ ...trainDefaults, trainLimit: 64 });
 * console.log(s.train.length, s.val.length, s.settings(42).batchSize); // 64 600 32
 * ```
 */
export function trainSetup(c: TrainConfig): TrainSetup {
  const hit = setups.get(c);
  if (hit) return hit;
  const { data, train, val } = taskData(c.task);
  const { model, rsgn } = modelOf(c);
  const batchSize = c.batchSize ?? (c.task === "long-range" ? 32 : 64);
  const hebbian = c.model === "rsgn-hebbian"
    ? { ...NOTEBOOK_HEBBIAN, variant: c.hebbian }
    : undefined;
  const setup: TrainSetup = {
    data,
    train: c.trainLimit !== null ? train.slice(0, c.trainLimit) : train,
    val: c.valLimit !== null ? val.slice(0, c.valLimit) : val,
    model,
    rsgn,
    template: model.init(key(0)),
    settings: (seed) => ({
      epochs: c.epochs,
      batchSize,
      lr: 1e-3,
      weightDecay: 1e-4,
      clip: 1,
      seed,
      ...(hebbian ? { hebbian } : {}),
    }),
  };
  setups.set(c, setup);
  return setup;
}

/**
 * The state before the first epoch: the first seed's fresh run. The key is not used (the runs'
 * keys come from `config.seeds`).
 *
 * @example
 * ```ts
 * import { initState, trainDefaults } from "@neuroplastic/engines/rsgn";
 * const s = initState({ ...trainDefaults, trainLimit: 8, valLimit: 8 });
 * console.log(s.seedIndex, s.loop.epoch); // 0 0
 * ```
 */
export function initState(config: TrainConfig, _key?: Key): TrainState {
  const setup = trainSetup(config);
  return {
    seedIndex: 0,
    loop: initLoop(setup.model, setup.settings(config.seeds[0])),
    history: [],
    runs: [],
    final: null,
  };
}
