/**
 * Mode B configuration: differentiable plasticity / backpropamine (Miconi et al. 2018, 2019) at
 * small sizes. Each task keeps its own episode sizes (`pattern.*`, `cueReward.*`), so
 * `--task cue-reward` alone trains the cue–reward task at its own defaults.
 *
 * @module
 */
import { Schema } from "effect";
import {
  type FieldDocs,
  inRange,
  intInRange,
  NonNegative,
  Probability,
} from "@neuroplastic/core/sim";
import type { ModeBPlasticity } from "./model.ts";
import type { ModeBTaskName, ModeBTaskSpec } from "./tasks.ts";

/** Episode sizes of the `pattern` task. */
export interface ModeBPatternParams {
  /** Bits per pattern N. */
  readonly bits: number;
  /** Patterns per episode K. */
  readonly items: number;
  /** Steps each pattern is shown. */
  readonly show: number;
  /** Blank steps after each pattern. */
  readonly gap: number;
  /** Steps of the degraded probe. */
  readonly probe: number;
}

/** Episode sizes of the `cue-reward` task. */
export interface ModeBCueRewardParams {
  /** Bits per cue D. */
  readonly bits: number;
  /** Cues per episode C (≥ 2). */
  readonly items: number;
  /** Trials per episode (three steps each). */
  readonly trials: number;
}

/** Mode B training configuration. */
export interface ModeBConfig {
  /** Which task generates the episodes. */
  readonly task: ModeBTaskName;
  /** Episode sizes of the `pattern` task (used when `task` is `pattern`). */
  readonly pattern: ModeBPatternParams;
  /** Episode sizes of the `cue-reward` task (used when `task` is `cue-reward`). */
  readonly cueReward: ModeBCueRewardParams;
  /** Plasticity variant. */
  readonly plasticity: ModeBPlasticity;
  /** Hidden size of the plastic network. */
  readonly hidden: number;
  /**
   * For `plasticity: "none"`: widen the hidden layer so the parameter count matches the
   * `simple` plastic network of size `hidden` (the same-parameter-count baseline).
   */
  readonly matchParams: boolean;
  /** Trace rate η. */
  readonly eta: number;
  /** Clip bound c of the plastic trace. */
  readonly clip: number;
  /** α ~ U(±alphaInit) at init. */
  readonly alphaInit: number;
  /** Adam learning rate. */
  readonly lr: number;
  /** Episodes per training batch. */
  readonly batch: number;
  /** Global-norm gradient clip (0 = off). */
  readonly gradClip: number;
  /** Measure held-out accuracy every this many steps. */
  readonly evalEvery: number;
  /** Episodes per held-out evaluation batch. */
  readonly evalBatch: number;
}

/**
 * effect's `Schema.Schema<A>` (decodes an `A` into an `A`). A local alias because a direct
 * reference is reported by `deno doc --lint` as a private type (denoland/deno#27364); effect
 * documents the type upstream.
 *
 * @internal
 */
type EffectSchema<A> = Schema.Schema<A>;

const PatternSchema = Schema.Struct({
  bits: intInRange(2, 1024),
  items: intInRange(1, 64),
  show: intInRange(1, 1000),
  gap: intInRange(0, 1000),
  probe: intInRange(1, 1000),
});

const CueRewardSchema = Schema.Struct({
  bits: intInRange(1, 1024),
  items: intInRange(2, 64),
  trials: intInRange(1, 1000),
});

const PlasticitySchema = Schema.Literal("none", "hebbian", "simple", "retroactive");

const numericFields = {
  eta: Probability,
  clip: inRange(1e-9, 1e9),
  alphaInit: NonNegative,
  lr: NonNegative,
  batch: intInRange(1, 100_000),
  gradClip: NonNegative,
  evalEvery: intInRange(1, 1_000_000),
  evalBatch: intInRange(1, 100_000),
};

/**
 * Schema of {@link ModeBConfig}.
 *
 * @example
 * ```ts
 * import { decodeConfigSync } from "@neuroplastic/core/sim";
 * import { ModeBConfigSchema, modeBDefaults } from "@neuroplastic/engines/hebbian-rnn";
 * console.log(decodeConfigSync(ModeBConfigSchema, modeBDefaults).task); // "pattern"
 * ```
 */
export const ModeBConfigSchema: EffectSchema<ModeBConfig> = Schema.Struct({
  task: Schema.Literal("pattern", "cue-reward"),
  pattern: PatternSchema,
  cueReward: CueRewardSchema,
  plasticity: PlasticitySchema,
  hidden: intInRange(1, 1024),
  matchParams: Schema.Boolean,
  ...numericFields,
});

/**
 * Task presets: `pattern` = 3 patterns of 16 bits, each shown for 2 steps then 1 blank step,
 * probed for 2 steps; `cue-reward` = 4 cues of 8 bits and 12 trials per episode.
 *
 * @example
 * ```ts
 * import { modeBTaskPreset } from "@neuroplastic/engines/hebbian-rnn";
 * console.log(modeBTaskPreset("cue-reward").items); // 4
 * ```
 */
export const modeBTaskPreset = (task: ModeBTaskName): ModeBTaskSpec =>
  task === "pattern"
    ? { task, bits: 16, items: 3, show: 2, gap: 1, probe: 2 }
    : { task, bits: 8, items: 4, show: 12, gap: 0, probe: 1 };

/**
 * Defaults: pattern completion (3 patterns of 16 bits, shown once), simple neuromodulation,
 * 24 hidden units, Adam lr 3e-3, batch 32; cue–reward at 4 cues of 8 bits, 12 trials.
 *
 * @example
 * ```ts
 * import { modeBDefaults } from "@neuroplastic/engines/hebbian-rnn";
 * console.log(modeBDefaults.hidden, modeBDefaults.cueReward.items); // 24 4
 * ```
 */
export const modeBDefaults: ModeBConfig = {
  task: "pattern",
  pattern: { bits: 16, items: 3, show: 2, gap: 1, probe: 2 },
  cueReward: { bits: 8, items: 4, trials: 12 },
  plasticity: "simple",
  hidden: 24,
  matchParams: true,
  eta: 0.1,
  clip: 1,
  alphaInit: 0.1,
  lr: 3e-3,
  batch: 32,
  gradClip: 10,
  evalEvery: 50,
  evalBatch: 256,
};

/**
 * One line (and unit) per {@link ModeBConfig} field: the `mode-b-train` flags.
 *
 * @example
 * ```ts
 * import { modeBDocs } from "@neuroplastic/engines/hebbian-rnn";
 * console.log("pattern.bits" in modeBDocs); // true
 * ```
 */
export const modeBDocs: FieldDocs = {
  task: "pattern = one-shot pattern completion; cue-reward = cue–reward association",
  "pattern.bits": "pattern: bits per pattern N",
  "pattern.items": "pattern: patterns per episode K",
  "pattern.show": { description: "pattern: steps each pattern is shown", unit: "steps" },
  "pattern.gap": { description: "pattern: blank steps after each pattern", unit: "steps" },
  "pattern.probe": { description: "pattern: steps of the half-zeroed probe", unit: "steps" },
  "cueReward.bits": "cue-reward: bits per cue D",
  "cueReward.items": "cue-reward: cues per episode C (≥ 2)",
  "cueReward.trials": "cue-reward: trials per episode (3 steps each)",
  plasticity:
    "none = plain RNN; hebbian = decaying Hebbian trace; simple / retroactive = neuromodulated (backpropamine)",
  hidden: "hidden size of the plastic network",
  matchParams: "plasticity none: widen the hidden layer to the plastic network's parameter count",
  eta: "trace rate η",
  clip: "clip bound of the plastic trace",
  alphaInit: "plasticity coefficients α ~ U(±alphaInit) at init",
  lr: "Adam learning rate",
  batch: { description: "episodes per training batch", unit: "episodes" },
  gradClip: "global-norm gradient clip (0 = off)",
  evalEvery: { description: "held-out accuracy measured every this many steps", unit: "steps" },
  evalBatch: { description: "episodes of the fixed held-out batch", unit: "episodes" },
};

/**
 * The episode sizes of the task a config trains.
 *
 * @example
 * ```ts
 * import { modeBDefaults, modeBTaskOf } from "@neuroplastic/engines/hebbian-rnn";
 * console.log(modeBTaskOf({ ...modeBDefaults, task: "cue-reward" }).show); // 12
 * ```
 */
export const modeBTaskOf = (c: ModeBConfig): ModeBTaskSpec =>
  c.task === "pattern" ? { task: "pattern", ...c.pattern } : {
    task: "cue-reward",
    bits: c.cueReward.bits,
    items: c.cueReward.items,
    show: c.cueReward.trials,
    gap: 0,
    probe: 1,
  };

/** The settings shared by every run of the Mode B study (all of {@link ModeBConfig} but the task, the variant and `matchParams`, which is on). */
export type ModeBStudyTrain = Omit<ModeBConfig, "task" | "plasticity" | "matchParams">;

/** Configuration of the Mode B study (`mode-b-study`). */
export interface ModeBStudyConfig {
  /** Tasks to run. */
  readonly tasks: readonly ModeBTaskName[];
  /** Plasticity variants to compare (`none` = the plain RNN with the same parameter count). */
  readonly variants: readonly ModeBPlasticity[];
  /** Seeds per (task, variant). */
  readonly seeds: readonly number[];
  /** Adam steps per run. */
  readonly stepsPerRun: number;
  /** Settings of every run. */
  readonly train: ModeBStudyTrain;
}

/**
 * Schema of {@link ModeBStudyConfig}.
 *
 * @example
 * ```ts
 * import { decodeConfigSync } from "@neuroplastic/core/sim";
 * import { ModeBStudyConfigSchema, modeBStudyDefaults } from "@neuroplastic/engines/hebbian-rnn";
 * console.log(decodeConfigSync(ModeBStudyConfigSchema, modeBStudyDefaults).seeds); // [0, 1, 2, 3, 4]
 * ```
 */
export const ModeBStudyConfigSchema: EffectSchema<ModeBStudyConfig> = Schema.Struct({
  tasks: Schema.Array(Schema.Literal("pattern", "cue-reward")).pipe(Schema.minItems(1)),
  variants: Schema.Array(PlasticitySchema).pipe(Schema.minItems(1)),
  seeds: Schema.Array(intInRange(0, 2 ** 32 - 1)).pipe(Schema.minItems(1)),
  stepsPerRun: intInRange(1, 10_000_000),
  train: Schema.Struct({
    pattern: PatternSchema,
    cueReward: CueRewardSchema,
    hidden: intInRange(1, 1024),
    ...numericFields,
  }),
});

/**
 * Defaults of the study: both tasks, simple and retroactive neuromodulation against the plain
 * RNN, seeds 0–4, 800 Adam steps per run, the {@link modeBDefaults} settings (the committed
 * `docs/results/hebbian-rnn-mode-b.md`).
 *
 * @example
 * ```ts
 * import { modeBStudyDefaults } from "@neuroplastic/engines/hebbian-rnn";
 * console.log(modeBStudyDefaults.stepsPerRun); // 800
 * ```
 */
export const modeBStudyDefaults: ModeBStudyConfig = {
  tasks: ["pattern", "cue-reward"],
  variants: ["simple", "retroactive", "none"],
  seeds: [0, 1, 2, 3, 4],
  stepsPerRun: 800,
  train: {
    pattern: modeBDefaults.pattern,
    cueReward: modeBDefaults.cueReward,
    hidden: modeBDefaults.hidden,
    eta: modeBDefaults.eta,
    clip: modeBDefaults.clip,
    alphaInit: modeBDefaults.alphaInit,
    lr: modeBDefaults.lr,
    batch: modeBDefaults.batch,
    gradClip: modeBDefaults.gradClip,
    evalEvery: modeBDefaults.evalEvery,
    evalBatch: modeBDefaults.evalBatch,
  },
};

const trainDocs = Object.fromEntries(
  Object.entries(modeBDocs)
    .filter(([k]) => !["task", "plasticity", "matchParams"].includes(k))
    .map(([k, v]) => [`train.${k}`, v]),
);

/**
 * One line (and unit) per {@link ModeBStudyConfig} field: the `mode-b-study` flags.
 *
 * @example
 * ```ts
 * import { modeBStudyDocs } from "@neuroplastic/engines/hebbian-rnn";
 * console.log("train.hidden" in modeBStudyDocs); // true
 * ```
 */
export const modeBStudyDocs: FieldDocs = {
  tasks: "tasks to run (comma list of pattern, cue-reward)",
  variants:
    "plasticity variants to compare (comma list of none, hebbian, simple, retroactive; none = plain RNN, same #params)",
  seeds: "seeds of each (task, variant) (comma list)",
  stepsPerRun: { description: "Adam steps per run", unit: "steps" },
  ...trainDocs,
};
