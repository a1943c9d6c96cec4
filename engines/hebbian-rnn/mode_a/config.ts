/**
 * Mode A configuration: the reference `sc.py` (Ria-Chaudhry/Hebbian-RNN-Model-): input 1,
 * hidden 32, output 1, sequence 10, batch 32, η = 0.1, Adam lr 0.01, 300 epochs,
 * m ~ U[0, 1) in training; and the parameters of the `mode-a-forward` command.
 *
 * @module
 */
import { Schema } from "effect";
import { InvalidConfig } from "@neuroplastic/core/errors";
import { type FieldDocs, intInRange, NonNegative, Probability } from "@neuroplastic/core/sim";

/** Mode A (reference) training configuration. */
export interface ModeAConfig {
  /** Input size I (`sc.py`: 1). */
  readonly input: number;
  /** Hidden size H (`sc.py`: 32). */
  readonly hidden: number;
  /** Output size O (`sc.py`: 1). */
  readonly output: number;
  /** Steps per sequence T. */
  readonly seqLen: number;
  /** Sequences per batch B. */
  readonly batch: number;
  /** Hebbian trace rate η (`sc.py`: eta = 0.1). */
  readonly eta: number;
  /** Adam learning rate (`sc.py`: lr = 0.01). */
  readonly lr: number;
  /** Training neuromodulation: `uniform` = m ~ U[0, 1) per sample and step (`sc.py`), `one` = 1. */
  readonly modulation: "uniform" | "one";
  /** Number of held-out sequences for the test loss (m = 1, as the reference's test). */
  readonly testBatch: number;
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
 * Schema of {@link ModeAConfig}; errors name the field and its range.
 *
 * @example
 * ```ts
 * import { decodeConfigSync } from "@neuroplastic/core/sim";
 * import { ModeAConfigSchema, modeADefaults } from "@neuroplastic/engines/hebbian-rnn";
 * console.log(decodeConfigSync(ModeAConfigSchema, modeADefaults).hidden); // 32
 * ```
 */
export const ModeAConfigSchema: EffectSchema<ModeAConfig> = Schema.Struct({
  input: intInRange(1, 1024),
  hidden: intInRange(1, 2048),
  output: intInRange(1, 1024),
  seqLen: intInRange(2, 100_000),
  batch: intInRange(1, 100_000),
  eta: Probability,
  lr: NonNegative,
  modulation: Schema.Literal("uniform", "one"),
  testBatch: intInRange(1, 100_000),
});

/**
 * The reference's settings (`sc.py`).
 *
 * @example
 * ```ts
 * import { modeADefaults } from "@neuroplastic/engines/hebbian-rnn";
 * console.log(modeADefaults.eta, modeADefaults.lr); // 0.1 0.01
 * ```
 */
export const modeADefaults: ModeAConfig = {
  input: 1,
  hidden: 32,
  output: 1,
  seqLen: 10,
  batch: 32,
  eta: 0.1,
  lr: 0.01,
  modulation: "uniform",
  testBatch: 256,
};

/**
 * One line (and unit) per {@link ModeAConfig} field: the `mode-a-train` flags.
 *
 * @example
 * ```ts
 * import { modeADocs } from "@neuroplastic/engines/hebbian-rnn";
 * console.log(typeof modeADocs.eta); // "object"
 * ```
 */
export const modeADocs: FieldDocs = {
  input: "input size I (sc.py: 1)",
  hidden: "hidden size H (sc.py: 32)",
  output: "output size O; must equal input (the target is the next input)",
  seqLen: { description: "sequence length T", unit: "steps" },
  batch: { description: "sequences per training batch B", unit: "sequences" },
  eta: "Hebbian trace rate η (sc.py: 0.1)",
  lr: "Adam learning rate (sc.py: 0.01)",
  modulation:
    "training neuromodulation: uniform = m ~ U[0, 1) per sample and step (sc.py), one = 1",
  testBatch: { description: "held-out sequences of the test loss (m = 1)", unit: "sequences" },
};

/** Parameters of `mode-a-forward`. */
export interface ModeAForwardConfig {
  /** Path of the JSON request `{ weights, x, m?, eta? }`. */
  readonly params: string;
  /** Trace rate η overriding the file's `eta` (null: the file's, else 0.1). */
  readonly eta: number | null;
}

/**
 * Schema of {@link ModeAForwardConfig}: `params` must be a non-empty path.
 *
 * @example
 * ```ts
 * import { decodeConfigSync } from "@neuroplastic/core/sim";
 * import { ModeAForwardConfigSchema } from "@neuroplastic/engines/hebbian-rnn";
 * console.log(decodeConfigSync(ModeAForwardConfigSchema, { params: "f.json", eta: null }).params); // "f.json"
 * ```
 */
export const ModeAForwardConfigSchema: EffectSchema<ModeAForwardConfig> = Schema.Struct({
  params: Schema.String.pipe(
    Schema.filter((v) => v.length > 0, {
      message: () => "required: the JSON file { weights, x, m?, eta? } (--params f.json)",
    }),
  ),
  eta: Schema.NullOr(Probability),
});

/**
 * Defaults of `mode-a-forward`: no file (so `--params` is required), η from the file.
 *
 * @example
 * ```ts
 * import { modeAForwardDefaults } from "@neuroplastic/engines/hebbian-rnn";
 * console.log(modeAForwardDefaults.eta); // null
 * ```
 */
export const modeAForwardDefaults: ModeAForwardConfig = { params: "", eta: null };

/**
 * Docs of the `mode-a-forward` flags.
 *
 * @example
 * ```ts
 * import { modeAForwardDocs } from "@neuroplastic/engines/hebbian-rnn";
 * console.log(Object.keys(modeAForwardDocs)); // ["params", "eta"]
 * ```
 */
export const modeAForwardDocs: FieldDocs = {
  params:
    "JSON file { weights: { i2h, h2h, out: { weight, bias } }, x: [batch][time][in], m?, eta? } (required)",
  eta: "trace rate η overriding the file's eta (default: the file's, else 0.1)",
};

/**
 * Cross-field checks of Mode A: the random-bit task predicts the next input, so
 * `output` must equal `input`.
 *
 * @example
 * ```ts
 * import { checkModeAConfig, modeADefaults } from "@neuroplastic/engines/hebbian-rnn";
 * console.log(checkModeAConfig({ ...modeADefaults, output: 2 })?.field); // "output"
 * ```
 */
export const checkModeAConfig = (c: ModeAConfig): InvalidConfig | undefined =>
  c.output !== c.input
    ? new InvalidConfig({
      field: "output",
      message:
        `output: the random-bit task predicts the next input, so output must equal input (${c.input})`,
      allowed: `${c.input}`,
    })
    : undefined;
