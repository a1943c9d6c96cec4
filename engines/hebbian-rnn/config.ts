/**
 * Configuration schemas and cited defaults of the three modes.
 *
 * - Mode A: the reference `sc.py` (Ria-Chaudhry/Hebbian-RNN-Model-): input 1, hidden 32,
 *   output 1, sequence 10, batch 32, η = 0.1, Adam lr 0.01, 300 epochs, m ~ U[0, 1) in training.
 * - Mode B: differentiable plasticity / backpropamine (Miconi et al. 2018, 2019), small sizes.
 * - Mode C: Miconi 2017 (eLife) `dnms/net.cpp` defaults.
 *
 * @module
 */
import { Schema } from "effect";
import { InvalidConfig } from "@neuroplastic/core/errors";
import { intInRange, NonNegative, Probability } from "@neuroplastic/core/sim";

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
