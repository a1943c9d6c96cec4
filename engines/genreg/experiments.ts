/**
 * The reproduction experiments of GENREG-sine, their trial configs and the reference numbers
 * (from the spec and the reference repository's logs and result files).
 *
 * @module
 */
import { Schema } from "effect";
import { type FieldDocs, intInRange } from "@neuroplastic/core/sim";
import type { TrialConfig } from "./config.ts";
import { trialDefaults, trialDocs } from "./config.ts";
import { VARIANTS } from "./inputs.ts";

/**
 * effect's `Schema.Schema<A>` (decodes an `A` into an `A`).
 *
 * Local alias because `deno doc --lint` reports every reference to an npm package's type as a
 * private type (denoland/deno#27364); effect documents the type upstream.
 *
 * @internal
 */
type EffectSchema<A> = Schema.Schema<A>;

/**
 * Reference figures for one row.
 *
 * @example
 * ```ts
 * import { EXPERIMENTS, type Reference } from "@neuroplastic/engines/genreg";
 * const ref: Reference = EXPERIMENTS.ultrasparse.rows[0].reference;
 * console.log(ref.source.length > 0); // true
 * ```
 */
export interface Reference {
  /** Mean MSE over the reference's trials. */
  readonly mseMean?: number;
  /** Best MSE. */
  readonly mseBest?: number;
  /** Standard deviation. */
  readonly mseStd?: number;
  /** Final k as reported ("6/8"). */
  readonly k?: string;
  /** A second reference run, when the repository has one (shows the reference's own spread). */
  readonly mseRun2?: number;
  /** k of the second reference run. */
  readonly kRun2?: string;
  /** Trainable parameters. */
  readonly params?: number;
  /** Where the numbers come from, and how comparable they are. */
  readonly source: string;
}

/**
 * One row of an experiment: a trial config and its reference.
 *
 * @example
 * ```ts
 * import { type ExperimentRow, experimentRows } from "@neuroplastic/engines/genreg";
 * const row: ExperimentRow = experimentRows("ultrasparse")[0];
 * console.log(row.id, row.config.model.k); // "K2" 2
 * ```
 */
export interface ExperimentRow {
  /** Row name. */
  readonly id: string;
  /** Trial config of the row. */
  readonly config: TrialConfig;
  /** Reference figures. */
  readonly reference: Reference;
}

/**
 * An experiment: named rows run for T trials each.
 *
 * @example
 * ```ts
 * import { type Experiment, EXPERIMENTS } from "@neuroplastic/engines/genreg";
 * const exp: Experiment = EXPERIMENTS.ultrasparse;
 * console.log(exp.name, exp.defaultTrials, exp.rows.length); // "ultrasparse" 20 1
 * ```
 */
export interface Experiment {
  /** Command name. */
  readonly name: string;
  /** One-line description. */
  readonly description: string;
  /** Trials per row when `--trials` is absent. */
  readonly defaultTrials: number;
  /** Rows (variants). */
  readonly rows: readonly ExperimentRow[];
  /** The options of {@link ExperimentOptions} that change this experiment's trials. */
  readonly options: readonly (keyof ExperimentOptions)[];
}

/**
 * Options that modify every trial config of an experiment.
 *
 * @example
 * ```ts
 * import { type ExperimentOptions, experimentRows } from "@neuroplastic/engines/genreg";
 * const opts: ExperimentOptions = { saSteps: 1000 };
 * console.log(experimentRows("ultrasparse", opts)[0].config.sa.steps); // 1000
 * ```
 */
export interface ExperimentOptions {
  /** Trust mode of the GA rows (default "reference", to reproduce the published sweeps). */
  readonly trust?: "intent" | "reference" | "off";
  /** Input mode (default "legacy"). */
  readonly mode?: "legacy" | "clean";
  /** Override SA steps (ultrasparse, dense-sa). */
  readonly saSteps?: number;
  /** Override the GA generation cap. */
  readonly maxGenerations?: number;
  /** Override the hill-climbing step cap. */
  readonly hillMaxSteps?: number;
  /** Override GSA's GA generations. */
  readonly gsaGenerations?: number;
  /** Override GSA's SA refinement steps. */
  readonly gsaSaSteps?: number;
  /** Override the backprop epochs. */
  readonly backpropEpochs?: number;
}

const COMPREHENSIVE =
  "GENREG-sine docs/experiments_log.md Exp. 11 (experiments/comprehensive_benchmark.py), 20 trials";
const SWEEP1 = "sine_sweep.py, seed 42, one run (results/sweep_20260124_054736; spec table)";

const sa = (kind: "dense" | "sparse"): TrialConfig => ({
  ...trialDefaults,
  model: { kind, hidden: 8, k: 2 },
  optimizer: "sa",
});

const gaRow = (variant: string): TrialConfig => {
  const v = VARIANTS[variant];
  return {
    ...trialDefaults,
    inputs: { ...trialDefaults.inputs, trueColumns: v.trueColumns, noiseColumns: v.noiseColumns },
    model: { kind: "dense", hidden: v.hidden, k: 2 },
    optimizer: "ga",
  };
};

const N_REF: { [id: string]: [number, string, number, string] } = {
  N0: [0.0017, "0/8", 0.00151, "0/8"],
  N1: [0.0044, "0/8", 0.00301, "0/8"],
  N2: [0.0131, "0/8", 0.00668, "1/8"],
  N3: [0.0172, "6/8", 0.01474, "2/8"],
  N4: [0.0168, "8/8", 0.01267, "8/8"],
  N5: [0.0928, "8/8", 0.10969, "8/8"],
  C1: [0.00174, "0/8", 0.00151, "0/8"],
  C2: [0.001, "0/8", 0.00198, "0/8"],
  C3: [0.00269, "0/8", 0.00196, "0/8"],
  H1: [0.0097, "4/4", 0.01745, "4/4"],
  H2: [0.01682, "8/8", 0.01267, "8/8"],
  H3: [0.02296, "15/16", 0.01607, "16/16"],
  H4: [0.03921, "26/32", 0.03723, "21/32"],
};

const sweepRows = (ids: string[]): ExperimentRow[] =>
  ids.map((id) => ({
    id,
    config: gaRow(id),
    reference: {
      mseMean: N_REF[id][0],
      k: N_REF[id][1],
      mseRun2: N_REF[id][2],
      kRun2: N_REF[id][3],
      source: `${SWEEP1}; run 2: results/sweep_20260129_203102`,
    },
  }));

/**
 * Every experiment of `np genreg <experiment>`.
 *
 * @example
 * ```ts
 * import { EXPERIMENTS } from "@neuroplastic/engines/genreg";
 * console.log(Object.keys(EXPERIMENTS).includes("ultrasparse")); // true
 * ```
 */
export const EXPERIMENTS: { readonly [name: string]: Experiment } = {
  ultrasparse: {
    name: "ultrasparse",
    description: "Ultra-sparse K = 2, H = 8 (33 parameters), SA 20,000 steps, T 0.01 → 1e−5",
    options: ["mode", "saSteps"],
    defaultTrials: 20,
    rows: [{
      id: "K2",
      config: sa("sparse"),
      reference: { mseMean: 0.000796, mseBest: 0.000303, params: 33, source: COMPREHENSIVE },
    }],
  },
  "dense-sa": {
    name: "dense-sa",
    description: "Dense 256 → 8 → 1 (2065 parameters), SA 20,000 steps, T 0.01 → 1e−5",
    options: ["mode", "saSteps"],
    defaultTrials: 20,
    rows: [{
      id: "dense",
      config: sa("dense"),
      reference: { mseMean: 0.018042, mseBest: 0.009155, params: 2065, source: COMPREHENSIVE },
    }],
  },
  hill: {
    name: "hill",
    description:
      "Dense 256 → 8 → 1, hill climbing (strict improvements): spec settings (patience 500, mutation 0.1/0.1, ≤ 20,000 steps) and the reference's 'Pure HC' settings",
    options: ["mode", "hillMaxSteps"],
    defaultTrials: 20,
    rows: [
      {
        id: "patience500",
        config: { ...trialDefaults, model: { kind: "dense", hidden: 8, k: 2 }, optimizer: "hill" },
        reference: {
          mseMean: 0.060342,
          mseBest: 0.042141,
          params: 2065,
          source:
            "nearest reference: results/hillclimb_20260129_204130 (legacy/sine_hillclimb.py: 5 restarts × ≤ 1,000 steps, patience 150, mutation 0.1/0.1)",
        },
      },
      {
        id: "pureHC",
        config: {
          ...trialDefaults,
          model: { kind: "dense", hidden: 8, k: 2 },
          optimizer: "hill",
          hill: { maxSteps: 20_000, patience: 4000 },
          mutation: { ...trialDefaults.mutation, rate: 0.05, scale: 0.05 },
        },
        reference: {
          mseMean: 0.006168,
          mseBest: 0.004447,
          params: 2065,
          source:
            "like-for-like: results/hybrid_test 'Pure HC' (experiment_hybrid.py: 20,000 steps, patience 20,000/5, mutation 0.05/0.05), 3 runs",
        },
      },
    ],
  },
  ga: {
    name: "ga",
    description:
      "Dense 256 → 8 → 1 + 13-protein cascade, GENREG tiered GA (population 40), sweep termination rules",
    options: ["mode", "trust", "maxGenerations"],
    defaultTrials: 10,
    rows: sweepRows(["N4"]).map((r) => ({ ...r, id: "GA" })),
  },
  gsa: {
    name: "gsa",
    description:
      "Ultra-sparse K = 2, H = 8: GENREG GA 200 generations (population 40) then SA 12,000 steps (20k evaluations in all)",
    options: ["mode", "gsaGenerations", "gsaSaSteps"],
    defaultTrials: 20,
    rows: [{
      id: "K2",
      config: { ...trialDefaults, optimizer: "gsa" },
      reference: {
        mseMean: 0.000089,
        mseBest: 0.000069,
        params: 33,
        source:
          "nearest reference, not like-for-like: docs/experiments_log.md Exp. 24 GSA (16 harmonic features, 500 points on [0, 2π], population-SA hybrid), 3 trials",
      },
    }],
  },
  backprop: {
    name: "backprop",
    description: "Dense 256 → 8 → 1, full-batch Adam (lr 0.01), 1000 epochs",
    options: ["mode", "backpropEpochs"],
    defaultTrials: 20,
    rows: [{
      id: "dense",
      config: {
        ...trialDefaults,
        model: { kind: "dense", hidden: 8, k: 2 },
        optimizer: "backprop",
      },
      reference: { mseMean: 0.000022, mseBest: 0.000003, params: 2065, source: COMPREHENSIVE },
    }],
  },
  "sweep-noise": {
    name: "sweep-noise",
    description:
      "Noise sweep N0–N5 (16 true + 0/16/48/112/240/496 noise columns), dense H = 8, GENREG GA",
    options: ["mode", "trust", "maxGenerations"],
    defaultTrials: 5,
    rows: sweepRows(["N0", "N1", "N2", "N3", "N4", "N5"]),
  },
  "sweep-compression": {
    name: "sweep-compression",
    description: "Control sweep C1–C3 (true block 16/64/256, no noise), dense H = 8, GENREG GA",
    options: ["mode", "trust", "maxGenerations"],
    defaultTrials: 5,
    rows: sweepRows(["C1", "C2", "C3"]),
  },
  "sweep-hidden": {
    name: "sweep-hidden",
    description: "Hidden-size sweep H1–H4 (4/8/16/32 units, 16 + 240 inputs), GENREG GA",
    options: ["mode", "trust", "maxGenerations"],
    defaultTrials: 5,
    rows: sweepRows(["H1", "H2", "H3", "H4"]),
  },
};

/**
 * An experiment's rows with the options applied.
 *
 * @example
 * ```ts
 * import { experimentRows } from "@neuroplastic/engines/genreg";
 * console.log(experimentRows("sweep-noise", { trust: "intent" })[0].config.ga.trust); // "intent"
 * ```
 */
export function experimentRows(name: string, opts: ExperimentOptions = {}): ExperimentRow[] {
  const e = EXPERIMENTS[name];
  if (!e) throw new RangeError(`unknown experiment ${name}`);
  return e.rows.map((r) => {
    const c = r.config;
    return {
      ...r,
      config: {
        ...c,
        inputs: { ...c.inputs, mode: opts.mode ?? c.inputs.mode },
        ga: {
          ...c.ga,
          trust: opts.trust ?? c.ga.trust,
          maxGenerations: opts.maxGenerations ?? c.ga.maxGenerations,
        },
        sa: { ...c.sa, steps: opts.saSteps ?? c.sa.steps },
        hill: { ...c.hill, maxSteps: opts.hillMaxSteps ?? c.hill.maxSteps },
        gsa: {
          generations: opts.gsaGenerations ?? c.gsa.generations,
          saSteps: opts.gsaSaSteps ?? c.gsa.saSteps,
        },
        backprop: { ...c.backprop, epochs: opts.backpropEpochs ?? c.backprop.epochs },
      },
    };
  });
}

/**
 * Config of one experiment command (`np genreg <experiment>`): trials per row, the file stem of
 * its documents, and the experiment's options (only those in `Experiment.options` are fields).
 *
 * @example
 * ```ts
 * import { type ExperimentConfig, experimentDefaults, EXPERIMENTS } from "@neuroplastic/engines/genreg";
 * const c: ExperimentConfig = { ...experimentDefaults(EXPERIMENTS.ultrasparse), trials: 2 };
 * console.log(c.name, c.saSteps); // "genreg-ultrasparse" 20000
 * ```
 */
export interface ExperimentConfig extends ExperimentOptions {
  /** Trials per row. */
  readonly trials: number;
  /** File stem of the `.md` and `.json` documents. */
  readonly name: string;
}

const OPTION_SCHEMAS = {
  mode: Schema.Literal("legacy", "clean"),
  trust: Schema.Literal("intent", "reference", "off"),
  saSteps: intInRange(1, 100_000_000),
  maxGenerations: intInRange(1, 10_000_000),
  hillMaxSteps: intInRange(1, 100_000_000),
  gsaGenerations: intInRange(1, 10_000_000),
  gsaSaSteps: intInRange(1, 100_000_000),
  backpropEpochs: intInRange(1, 10_000_000),
} as const;

const STEM = Schema.String.pipe(
  Schema.filter((s) => /^[A-Za-z0-9_.-]+$/.test(s) && s !== "." && s !== "..", {
    message: () => "must be a plain file stem ([A-Za-z0-9_.-]+)",
  }),
);

/**
 * Schema of an experiment's {@link ExperimentConfig} (its options only).
 *
 * @example
 * ```ts
 * import { Schema } from "effect";
 * import { experimentConfigSchema, experimentDefaults, EXPERIMENTS } from "@neuroplastic/engines/genreg";
 * const e = EXPERIMENTS.hill;
 * console.log(Schema.is(experimentConfigSchema(e))(experimentDefaults(e))); // true
 * ```
 */
export const experimentConfigSchema = (e: Experiment): EffectSchema<ExperimentConfig> =>
  Schema.Struct({
    trials: intInRange(1, 10_000),
    name: STEM,
    ...Object.fromEntries(e.options.map((o) => [o, OPTION_SCHEMAS[o]])),
  }) as unknown as EffectSchema<ExperimentConfig>;

/**
 * Defaults of an experiment: its default trials, stem `genreg-<name>`, and the options as its
 * rows define them (legacy inputs, the reference's trust bug, SA 20,000 steps, GA cap 2000).
 *
 * @example
 * ```ts
 * import { experimentDefaults, EXPERIMENTS } from "@neuroplastic/engines/genreg";
 * console.log(experimentDefaults(EXPERIMENTS["sweep-noise"])); // { trials: 5, name: "genreg-sweep-noise", mode: "legacy", trust: "reference", maxGenerations: 2000 }
 * ```
 */
export const experimentDefaults = (e: Experiment): ExperimentConfig => {
  const c = e.rows[0].config;
  const all: Required<ExperimentOptions> = {
    mode: c.inputs.mode,
    trust: c.ga.trust,
    saSteps: c.sa.steps,
    maxGenerations: c.ga.maxGenerations,
    hillMaxSteps: c.hill.maxSteps,
    gsaGenerations: c.gsa.generations,
    gsaSaSteps: c.gsa.saSteps,
    backpropEpochs: c.backprop.epochs,
  };
  return {
    trials: e.defaultTrials,
    name: `genreg-${e.name}`,
    ...Object.fromEntries(e.options.map((o) => [o, all[o]])),
  };
};

/**
 * One line (and unit) per field of an experiment's config.
 *
 * @example
 * ```ts
 * import { experimentDocs, EXPERIMENTS } from "@neuroplastic/engines/genreg";
 * console.log(Object.keys(experimentDocs(EXPERIMENTS.ga)));
 * ```
 */
export const experimentDocs = (e: Experiment): FieldDocs => {
  const all: { readonly [k in keyof ExperimentOptions]-?: FieldDocs[string] } = {
    mode: "input mode of every row: " + String(trialDocs["inputs.mode"]),
    trust: "trust mode of the GA rows: " + String(trialDocs["ga.trust"]),
    saSteps: { description: "simulated-annealing steps of every trial", unit: "steps" },
    maxGenerations: { description: "GA generation cap of every trial", unit: "generations" },
    hillMaxSteps: { description: "hill-climbing step cap of every trial", unit: "steps" },
    gsaGenerations: { description: "GA generations before the SA refinement", unit: "generations" },
    gsaSaSteps: { description: "SA refinement steps after the GA", unit: "steps" },
    backpropEpochs: { description: "full-batch Adam epochs of every trial", unit: "epochs" },
  };
  return {
    trials: { description: "trials per row", unit: "trials" },
    name: "file stem of the <name>.md and <name>.json written into --out",
    ...Object.fromEntries(e.options.map((o) => [o, all[o]])),
  };
};
