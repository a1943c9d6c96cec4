/**
 * Configuration of the binary pattern-completion experiment of Miconi, Clune & Stanley 2018
 * (`pattern-miconi-train`, `pattern-miconi`), with the reference's constants
 * (`uber-research/differentiable-plasticity`, `simple/`) as named presets.
 *
 * @module
 */
import { Schema } from "effect";
import {
  type FieldDocs,
  inRange,
  intInRange,
  NonNegative,
  Positive,
  Probability,
} from "@neuroplastic/core/sim";
import type { MiconiTaskParams } from "./miconi_task.ts";

/** Everything of one training run but the network type. */
export interface MiconiSetup extends MiconiTaskParams {
  /** Initial plasticity rate η (learned, shared by all synapses; simple.py: 0.01). */
  readonly eta: number;
  /** w, α ~ initScale · N(0, 1) at init (0.01). */
  readonly initScale: number;
  /** Zero α's diagonal at init (full.py: no plastic autapses). */
  readonly zeroDiagAlpha: boolean;
  /** Adam learning rate. */
  readonly lr: number;
  /** Episodes per Adam step (the reference: 1). */
  readonly batch: number;
  /** Episodes per point of the error curve (the reference's print_every). */
  readonly window: number;
  /** Fresh held-out episodes of the final test. */
  readonly testEpisodes: number;
}

/** Network type: plastic (w + α ⊙ Hebb) or not (α ≡ 0), the reference's `--type`. */
export type MiconiNetType = "plastic" | "nonplastic";

/** Configuration of `pattern-miconi-train`. */
export interface MiconiConfig extends MiconiSetup {
  /** Plastic or non-plastic network. */
  readonly type: MiconiNetType;
}

/**
 * effect's `Schema.Schema<A>`; a local alias because a direct reference is reported by
 * `deno doc --lint` as a private type (denoland/deno#27364).
 *
 * @internal
 */
type EffectSchema<A> = Schema.Schema<A>;

const setupFields = {
  patternSize: intInRange(2, 100_000),
  patterns: intInRange(1, 1000),
  cycles: intInRange(1, 1000),
  presTime: intInRange(1, 10_000),
  presTimeTest: intInRange(1, 10_000),
  interPresDelay: intInRange(0, 10_000),
  degrade: Probability,
  inputGain: inRange(0, 1e6),
  addNeurons: intInRange(0, 100_000),
  eta: Probability,
  initScale: NonNegative,
  zeroDiagAlpha: Schema.Boolean,
  lr: Positive,
  batch: intInRange(1, 100_000),
  window: intInRange(1, 1_000_000),
  testEpisodes: intInRange(1, 100_000),
};

const TypeSchema = Schema.Literal("plastic", "nonplastic");

/**
 * Schema of {@link MiconiConfig}.
 *
 * @example
 * ```ts
 * import { decodeConfigSync } from "@neuroplastic/core/sim";
 * import { MiconiConfigSchema, miconiDefaults } from "@neuroplastic/engines/hebbian-rnn";
 * console.log(decodeConfigSync(MiconiConfigSchema, miconiDefaults).patternSize); // 50
 * ```
 */
export const MiconiConfigSchema: EffectSchema<MiconiConfig> = Schema.Struct({
  type: TypeSchema,
  ...setupFields,
});

/**
 * The reference's 1000-bit task (`simple/simple.py`; also full.py's defaults): 5 patterns of
 * 1000 bits, 2 presentation cycles of 6 steps + 4 blank, test pattern 6 steps with half its bits
 * zeroed, inputs × 20, 1001 neurons (one bias), η learned from 0.01, Adam lr 3e-4, one episode
 * per step, error printed every 10 episodes (the script runs 2000).
 *
 * @example
 * ```ts
 * import { miconiPaper1000 } from "@neuroplastic/engines/hebbian-rnn";
 * console.log(miconiPaper1000.patternSize, miconiPaper1000.cycles); // 1000 2
 * ```
 */
export const miconiPaper1000: MiconiSetup = {
  patternSize: 1000,
  patterns: 5,
  cycles: 2,
  presTime: 6,
  presTimeTest: 6,
  interPresDelay: 4,
  degrade: 0.5,
  inputGain: 20,
  addNeurons: 0,
  eta: 0.01,
  initScale: 0.01,
  zeroDiagAlpha: false,
  lr: 3e-4,
  batch: 1,
  window: 10,
  testEpisodes: 20,
};

/**
 * The paper's plastic vs non-plastic comparison (`simple/README.md`, `simple/full.py --patternsize
 * 50 --nbaddneurons 0 --nbprescycles 1 --nbpatterns 2 --prestime 3 --interpresdelay 1 --lr 3e-4
 * --type plastic`): 2 patterns of 50 bits shown once for 3 steps + 1 blank, test 3 steps
 * (PRESTIMETEST = PRESTIME in full.py), 51 neurons, α's diagonal zeroed at init, error printed
 * every 100 episodes (the paper ran 1 000 000).
 *
 * @example
 * ```ts
 * import { miconiPaper50 } from "@neuroplastic/engines/hebbian-rnn";
 * console.log(miconiPaper50.patternSize, miconiPaper50.patterns); // 50 2
 * ```
 */
export const miconiPaper50: MiconiSetup = {
  ...miconiPaper1000,
  patternSize: 50,
  patterns: 2,
  cycles: 1,
  presTime: 3,
  presTimeTest: 3,
  interPresDelay: 1,
  zeroDiagAlpha: true,
  window: 100,
  testEpisodes: 200,
};

/**
 * The harder variant: Mode B's pattern task sizes (3 patterns of 16 bits, each shown once for 2
 * steps + 1 blank, probe 2 steps; `modeBTaskPreset("pattern")`) in the reference's network with
 * 7 extra neurons, 24 neurons in all (16 + 7 + bias, Mode B's 24 hidden units); the rest as
 * {@link miconiPaper50}.
 *
 * @example
 * ```ts
 * import { miconiHarder } from "@neuroplastic/engines/hebbian-rnn";
 * console.log(miconiHarder.patternSize + miconiHarder.addNeurons + 1); // 24
 * ```
 */
export const miconiHarder: MiconiSetup = {
  ...miconiPaper50,
  patternSize: 16,
  patterns: 3,
  presTime: 2,
  presTimeTest: 2,
  interPresDelay: 1,
  addNeurons: 7,
};

/**
 * Defaults of `pattern-miconi-train`: the plastic network on {@link miconiPaper50}.
 *
 * @example
 * ```ts
 * import { miconiDefaults } from "@neuroplastic/engines/hebbian-rnn";
 * console.log(miconiDefaults.type, miconiDefaults.lr); // "plastic" 0.0003
 * ```
 */
export const miconiDefaults: MiconiConfig = { type: "plastic", ...miconiPaper50 };

const setupDocs: FieldDocs = {
  patternSize: "bits per pattern P (PATTERNSIZE); one neuron per bit",
  patterns: "patterns per episode (NBPATTERNS)",
  cycles: "presentation cycles, patterns shuffled in each (NBPRESCYCLES)",
  presTime: { description: "steps of each presentation (PRESTIME)", unit: "steps" },
  presTimeTest: { description: "steps of the degraded test pattern (PRESTIMETEST)", unit: "steps" },
  interPresDelay: {
    description: "zero-input steps after each presentation (INTERPRESDELAY)",
    unit: "steps",
  },
  degrade: "fraction of the test pattern's bits zeroed (PROBADEGRADE)",
  inputGain: "factor on every input (the reference: 20)",
  addNeurons: "extra neurons besides the pattern neurons and the bias neuron (nbaddneurons)",
  eta: "initial plasticity rate η (learned, one scalar)",
  initScale: "w, α ~ initScale · N(0, 1) at init",
  zeroDiagAlpha: "zero α's diagonal at init (no plastic autapses, full.py)",
  lr: "Adam learning rate",
  batch: { description: "episodes per Adam step", unit: "episodes" },
  window: { description: "episodes per point of the error curve (print_every)", unit: "episodes" },
  testEpisodes: { description: "fresh held-out episodes of the final test", unit: "episodes" },
};

/**
 * One line (and unit) per {@link MiconiConfig} field: the `pattern-miconi-train` flags.
 *
 * @example
 * ```ts
 * import { miconiDocs } from "@neuroplastic/engines/hebbian-rnn";
 * console.log("presTime" in miconiDocs); // true
 * ```
 */
export const miconiDocs: FieldDocs = {
  type: "plastic = w + α ⊙ Hebb with learned η; nonplastic = w only (α ≡ 0)",
  ...setupDocs,
};

/** One setup of the study: its constants, its length and how many of the seeds it runs. */
export interface MiconiStudySetup extends MiconiSetup {
  /** Adam steps (episodes when batch = 1) per run; 0 skips the setup. */
  readonly iterations: number;
  /** Runs the setup on the first `seedCount` of the study's seeds (0 = all of them). */
  readonly seedCount: number;
}

/** Configuration of the `pattern-miconi` study. */
export interface MiconiStudyConfig {
  /** Seeds of each (setup, type). */
  readonly seeds: readonly number[];
  /** Network types compared. */
  readonly types: readonly MiconiNetType[];
  /** The paper's plastic vs non-plastic comparison (50 bits, full.py). */
  readonly paper50: MiconiStudySetup;
  /** Mode B's task sizes in the reference's network (24 neurons). */
  readonly harder: MiconiStudySetup;
  /** The 1000-bit task of simple.py. */
  readonly paper1000: MiconiStudySetup;
}

/** The setups of a study, in order. */
export const MICONI_SETUPS = ["paper50", "harder", "paper1000"] as const;

/** Name of a study setup. */
export type MiconiSetupName = typeof MICONI_SETUPS[number];

const StudySetupSchema = Schema.Struct({
  ...setupFields,
  iterations: intInRange(0, 100_000_000),
  seedCount: intInRange(0, 1_000_000),
});

/**
 * Schema of {@link MiconiStudyConfig}.
 *
 * @example
 * ```ts
 * import { decodeConfigSync } from "@neuroplastic/core/sim";
 * import { MiconiStudyConfigSchema, miconiStudyDefaults } from "@neuroplastic/engines/hebbian-rnn";
 * console.log(decodeConfigSync(MiconiStudyConfigSchema, miconiStudyDefaults).seeds); // [0, 1, 2]
 * ```
 */
export const MiconiStudyConfigSchema: EffectSchema<MiconiStudyConfig> = Schema.Struct({
  seeds: Schema.Array(intInRange(0, 2 ** 32 - 1)).pipe(Schema.minItems(1)),
  types: Schema.Array(TypeSchema).pipe(Schema.minItems(1)),
  paper50: StudySetupSchema,
  harder: StudySetupSchema,
  paper1000: StudySetupSchema,
});

/**
 * Defaults of the study (the committed `docs/results/hebbian-rnn-pattern-miconi.md`): plastic vs
 * non-plastic, seeds 0–2; 30 000 Adam steps on the 50-bit comparison and 60 000 on the harder
 * variant; the 1000-bit task for 100 steps of seed 0 only (each step costs seconds: see the
 * README).
 *
 * @example
 * ```ts
 * import { miconiStudyDefaults } from "@neuroplastic/engines/hebbian-rnn";
 * console.log(miconiStudyDefaults.paper50.iterations); // 30000
 * ```
 */
export const miconiStudyDefaults: MiconiStudyConfig = {
  seeds: [0, 1, 2],
  types: ["plastic", "nonplastic"],
  paper50: { ...miconiPaper50, iterations: 30_000, seedCount: 0 },
  harder: { ...miconiHarder, iterations: 60_000, seedCount: 0 },
  paper1000: { ...miconiPaper1000, iterations: 100, seedCount: 1 },
};

const studySetupDocs = (name: MiconiSetupName, what: string): FieldDocs => ({
  ...Object.fromEntries(Object.entries(setupDocs).map(([k, v]) => [`${name}.${k}`, v])),
  [`${name}.iterations`]: {
    description: `${what}: Adam steps per run (0 skips it)`,
    unit: "steps",
  },
  [`${name}.seedCount`]: `${what}: run on the first seedCount seeds only (0 = all)`,
});

/**
 * One line (and unit) per {@link MiconiStudyConfig} field: the `pattern-miconi` flags.
 *
 * @example
 * ```ts
 * import { miconiStudyDocs } from "@neuroplastic/engines/hebbian-rnn";
 * console.log("paper50.iterations" in miconiStudyDocs); // true
 * ```
 */
export const miconiStudyDocs: FieldDocs = {
  seeds: "seeds of each (setup, type) (comma list)",
  types: "network types compared (comma list of plastic, nonplastic)",
  ...studySetupDocs("paper50", "50-bit comparison (full.py)"),
  ...studySetupDocs("harder", "Mode B's sizes, 24 neurons"),
  ...studySetupDocs("paper1000", "1000-bit task (simple.py)"),
};
