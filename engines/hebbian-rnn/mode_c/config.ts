/**
 * Mode C configuration: reward-modulated Hebbian learning without backpropagation
 * (Miconi 2017, eLife 6:e20899; reference `ThomasMiconi/BiologicallyPlausibleLearningRNN`,
 * `dnms/net.cpp`). Defaults are the reference's constants, cited field by field.
 *
 * @module
 */
import { Schema } from "effect";
import { InvalidConfig } from "@neuroplastic/core/errors";
import {
  type FieldDocs,
  inRange,
  intInRange,
  NonNegative,
  Positive,
  Probability,
} from "@neuroplastic/core/sim";

/** Mode C (delayed non-match-to-sample, node perturbation) configuration. */
export interface ModeCConfig {
  /** Number of rate neurons (net.cpp NBNEUR = 200). Neuron 0 is the output. */
  readonly n: number;
  /** Membrane time constant in ms (net.cpp tau = 30). */
  readonly tau: number;
  /** Integration step in ms (net.cpp dt = 1). */
  readonly dt: number;
  /** Initial weight gain: J ~ g·N(0,1)/√n (net.cpp G = 1.5, "chaos ma non troppo"). */
  readonly g: number;
  /** Perturbation probability per neuron per step (net.cpp PROBAMODUL = 0.003). */
  readonly probaModul: number;
  /** Perturbation amplitude: U(−1,1)·alphaModul added to the excitation (net.cpp ALPHAMODUL = 16; ×dt/τ ≈ 0.5). */
  readonly alphaModul: number;
  /** Learning rate η (net.cpp ETA = 0.1, METHOD = DELTAX). */
  readonly eta: number;
  /** Per-synapse clip of ΔJ per trial (net.cpp MAXDW = 3e-4). */
  readonly maxDw: number;
  /** Decay of the per-trial-type running-average error R̄ (net.cpp ALPHATRACE = 0.75). */
  readonly alphaTrace: number;
  /** Decay of the running average x̄ of the excitation (net.cpp ALPHATRACEEXC = 0.05). */
  readonly alphaTraceExc: number;
  /** Trial length in steps (net.cpp TRIALTIME = 1000). */
  readonly trialTime: number;
  /** First stimulus onset and duration (net.cpp STARTSTIM1 = 1, TIMESTIM1 = 200). */
  readonly stim1Start: number;
  /** First stimulus duration in steps. */
  readonly stim1Time: number;
  /** Second stimulus onset and duration (net.cpp STARTSTIM2 = 400, TIMESTIM2 = 200). */
  readonly stim2Start: number;
  /** Second stimulus duration in steps. */
  readonly stim2Time: number;
  /** Response window at the end of the trial (net.cpp EVALTIME = 200). */
  readonly evalTime: number;
  /** Target magnitude: +t for non-match, −t for match (net.cpp ±0.98). */
  readonly target: number;
  /** Trials without weight change at the start (net.cpp: learning when numtrial > 100). */
  readonly warmupTrials: number;
  /** Width of the window over which the binary error rate is reported. */
  readonly errorWindow: number;
}

/**
 * effect's `Schema.Schema<A>` (decodes an `A` into an `A`). A local alias because a direct
 * reference is reported by `deno doc --lint` as a private type (denoland/deno#27364); effect
 * documents the type upstream.
 *
 * @internal
 */
type EffectSchema<A> = Schema.Schema<A>;

/**
 * Schema of {@link ModeCConfig}; decoding names the bad field and its range.
 *
 * @example
 * ```ts
 * import { decodeConfigSync } from "@neuroplastic/core/sim";
 * import { ModeCConfigSchema, modeCDefaults } from "@neuroplastic/engines/hebbian-rnn";
 * console.log(decodeConfigSync(ModeCConfigSchema, modeCDefaults).n); // 200
 * ```
 */
export const ModeCConfigSchema: EffectSchema<ModeCConfig> = Schema.Struct({
  n: intInRange(12, 4096),
  tau: Positive,
  dt: Positive,
  g: NonNegative,
  probaModul: Probability,
  alphaModul: NonNegative,
  eta: NonNegative,
  maxDw: NonNegative,
  alphaTrace: Probability,
  alphaTraceExc: Probability,
  trialTime: intInRange(10, 1_000_000),
  stim1Start: intInRange(0, 1_000_000),
  stim1Time: intInRange(1, 1_000_000),
  stim2Start: intInRange(0, 1_000_000),
  stim2Time: intInRange(1, 1_000_000),
  evalTime: intInRange(1, 1_000_000),
  target: inRange(0, 1),
  warmupTrials: intInRange(0, 1_000_000_000),
  errorWindow: intInRange(1, 1_000_000),
});

/**
 * The reference constants of `dnms/net.cpp`.
 *
 * @example
 * ```ts
 * import { modeCDefaults } from "@neuroplastic/engines/hebbian-rnn";
 * console.log(modeCDefaults.tau, modeCDefaults.maxDw); // 30 0.0003
 * ```
 */
export const modeCDefaults: ModeCConfig = {
  n: 200,
  tau: 30,
  dt: 1,
  g: 1.5,
  probaModul: 0.003,
  alphaModul: 16,
  eta: 0.1,
  maxDw: 3e-4,
  alphaTrace: 0.75,
  alphaTraceExc: 0.05,
  trialTime: 1000,
  stim1Start: 1,
  stim1Time: 200,
  stim2Start: 400,
  stim2Time: 200,
  evalTime: 200,
  target: 0.98,
  warmupTrials: 100,
  errorWindow: 100,
};

/**
 * One line (and unit) per {@link ModeCConfig} field: the `mode-c-train` flags.
 *
 * @example
 * ```ts
 * import { modeCDocs } from "@neuroplastic/engines/hebbian-rnn";
 * console.log(typeof modeCDocs.tau); // "object"
 * ```
 */
export const modeCDocs: FieldDocs = {
  n: "rate neurons (net.cpp NBNEUR = 200); neuron 0 is the output",
  tau: { description: "membrane time constant (net.cpp 30)", unit: "ms" },
  dt: { description: "integration step (net.cpp 1)", unit: "ms" },
  g: "initial weight gain: J ~ g·N(0,1)/√n (net.cpp 1.5)",
  probaModul: { description: "perturbation probability (net.cpp 0.003)", unit: "1/neuron/step" },
  alphaModul: "perturbation amplitude: U(−1,1)·alphaModul added to the excitation (net.cpp 16)",
  eta: "learning rate η (net.cpp 0.1)",
  maxDw: { description: "per-synapse clip of ΔJ (net.cpp 3e-4)", unit: "1/trial" },
  alphaTrace: "decay of the per-trial-type running-average error R̄ (net.cpp 0.75)",
  alphaTraceExc: "decay of the running average x̄ of the excitation (net.cpp 0.05)",
  trialTime: { description: "trial length (net.cpp 1000)", unit: "steps" },
  stim1Start: { description: "first stimulus onset (net.cpp 1)", unit: "steps" },
  stim1Time: { description: "first stimulus duration (net.cpp 200)", unit: "steps" },
  stim2Start: { description: "second stimulus onset (net.cpp 400)", unit: "steps" },
  stim2Time: { description: "second stimulus duration (net.cpp 200)", unit: "steps" },
  evalTime: { description: "response window at the end of the trial (net.cpp 200)", unit: "steps" },
  target: "target magnitude: +target for non-match, −target for match (net.cpp 0.98)",
  warmupTrials: {
    description: "trials without weight change at the start (net.cpp 100)",
    unit: "trials",
  },
  errorWindow: { description: "window of the reported error rate", unit: "trials" },
};

/**
 * Cross-field checks: stimuli and the response window must fit in the trial, and dt < τ.
 *
 * @example
 * ```ts
 * import { checkModeCConfig, modeCDefaults } from "@neuroplastic/engines/hebbian-rnn";
 * console.log(checkModeCConfig({ ...modeCDefaults, evalTime: 2000 })?.field); // "evalTime"
 * ```
 */
export const checkModeCConfig = (c: ModeCConfig): InvalidConfig | undefined => {
  const bad = (field: string, message: string, allowed: string) =>
    new InvalidConfig({ field, message: `${field}: ${message}`, allowed });
  if (c.dt >= c.tau) return bad("dt", `must be below tau (${c.tau})`, `(0, ${c.tau})`);
  if (c.stim1Start + c.stim1Time > c.trialTime) {
    return bad("stim1Time", "first stimulus must end within the trial", `≤ ${c.trialTime}`);
  }
  if (c.stim2Start + c.stim2Time > c.trialTime) {
    return bad("stim2Time", "second stimulus must end within the trial", `≤ ${c.trialTime}`);
  }
  if (c.evalTime > c.trialTime) {
    return bad("evalTime", "response window must fit in the trial", `≤ ${c.trialTime}`);
  }
  return undefined;
};

/** Configuration of the Mode C study (`mode-c-study`). */
export interface ModeCStudyConfig {
  /** Seeds to run. */
  readonly seeds: readonly number[];
  /** Learning trials per seed. */
  readonly trialsPerSeed: number;
  /** Test trials of the frozen network at the end of each seed. */
  readonly testTrials: number;
  /** The network and learning rule of every seed. */
  readonly net: ModeCConfig;
}

/**
 * Schema of {@link ModeCStudyConfig}.
 *
 * @example
 * ```ts
 * import { decodeConfigSync } from "@neuroplastic/core/sim";
 * import { ModeCStudyConfigSchema, modeCStudyDefaults } from "@neuroplastic/engines/hebbian-rnn";
 * console.log(decodeConfigSync(ModeCStudyConfigSchema, modeCStudyDefaults).seeds); // [0, 1, 2]
 * ```
 */
export const ModeCStudyConfigSchema: EffectSchema<ModeCStudyConfig> = Schema.Struct({
  seeds: Schema.Array(intInRange(0, 2 ** 32 - 1)).pipe(Schema.minItems(1)),
  trialsPerSeed: intInRange(1, 100_000_000),
  testTrials: intInRange(1, 100_000),
  net: ModeCConfigSchema,
});

/**
 * Defaults of the study: seeds 0–2, 5000 trials each, 200 test trials, the reference network
 * (the committed `docs/results/hebbian-rnn-mode-c.md`).
 *
 * @example
 * ```ts
 * import { modeCStudyDefaults } from "@neuroplastic/engines/hebbian-rnn";
 * console.log(modeCStudyDefaults.trialsPerSeed); // 5000
 * ```
 */
export const modeCStudyDefaults: ModeCStudyConfig = {
  seeds: [0, 1, 2],
  trialsPerSeed: 5000,
  testTrials: 200,
  net: modeCDefaults,
};

/**
 * One line (and unit) per {@link ModeCStudyConfig} field: the `mode-c-study` flags.
 *
 * @example
 * ```ts
 * import { modeCStudyDocs } from "@neuroplastic/engines/hebbian-rnn";
 * console.log("net.tau" in modeCStudyDocs); // true
 * ```
 */
export const modeCStudyDocs: FieldDocs = {
  seeds: "seeds to run (comma list)",
  trialsPerSeed: { description: "learning trials per seed", unit: "trials" },
  testTrials: { description: "test trials of the frozen network after each seed", unit: "trials" },
  ...Object.fromEntries(Object.entries(modeCDocs).map(([k, v]) => [`net.${k}`, v])),
};
