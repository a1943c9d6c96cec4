/**
 * SORN configuration: an Effect Schema with the `sorn` reference defaults
 * (Saran-nns/sorn, `sorn/sorn.py`, class `Sorn` and `Simulator_.run`).
 *
 * Field names follow the reference's keyword arguments so a reference user's
 * settings carry over. Every field can be overridden; invalid values fail with
 * `InvalidConfig` naming the field and its allowed range.
 *
 * @module
 */
import { type Effect, Schema } from "effect";
import { InvalidConfig } from "@neuroplastic/core/errors";
import {
  decodeConfig,
  decodeConfigSync,
  type FieldDocs,
  inRange,
  intInRange,
  mergeConfig,
} from "@neuroplastic/core/sim";

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
 * Largest population accepted (dense E→E storage grows as ne²).
 *
 * @example
 * ```ts
 * import { Effect, Either } from "effect";
 * import { makeConfig, MAX_NEURONS } from "@neuroplastic/engines/sorn";
 * const r = Effect.runSync(Effect.either(makeConfig({ ne: MAX_NEURONS + 1 })));
 * console.log(Either.isLeft(r) && r.left.field); // "ne"
 * ```
 */
export const MAX_NEURONS = 20_000;

/**
 * A plasticity mechanism that can be frozen: STDP, intrinsic plasticity,
 * structural plasticity, inhibitory STDP, synaptic normalisation ("ss" in the reference).
 *
 * @example
 * ```ts
 * import type { Mechanism } from "@neuroplastic/engines/sorn";
 * const m: Mechanism = "stdp";
 * ```
 */
export type Mechanism = "stdp" | "ip" | "sp" | "istdp" | "ss";

/**
 * A validated SORN configuration.
 *
 * @example
 * ```ts
 * import { sornDefaults, type SornConfig } from "@neuroplastic/engines/sorn";
 * const c: SornConfig = { ...sornDefaults, ne: 100, ni: 20 };
 * ```
 */
export interface SornConfig {
  /** Excitatory neurons (reference 200). */
  readonly ne: number;
  /** Inhibitory neurons (reference int(0.2·ne) = 40; here an independent field). */
  readonly ni: number;
  /** Input units: the input vector drives excitatory neurons 0..nu−1 (reference 10). */
  readonly nu: number;
  /** Mean incoming E→E synapses per excitatory neuron at init, int(N(λ, 1)) (20). */
  readonly lambda_ee: number;
  /** Mean outgoing I→E synapses per inhibitory neuron at init, int(N(λ, 1)) (40). */
  readonly lambda_ei: number;
  /** STDP rate (0.004). */
  readonly eta_stdp: number;
  /** iSTDP rate (0.001). */
  readonly eta_inhib: number;
  /** IP rate (0.01). */
  readonly eta_ip: number;
  /** Excitatory threshold range (init uniform, IP clips to it): [0, 1]. */
  readonly te_min: number;
  /** Upper end of the excitatory threshold range. */
  readonly te_max: number;
  /** Inhibitory threshold range (init uniform): [0, 0.5]. */
  readonly ti_min: number;
  /** Upper end of the inhibitory threshold range. */
  readonly ti_max: number;
  /** Target rate μ_IP used by iSTDP (and by IP when `h_ip = "mu_ip"`): 0.1. */
  readonly mu_ip: number;
  /** IP target: `"reference"` = 2·nu/ne (the reference ignores mu_ip), `"mu_ip"` = mu_ip. */
  readonly h_ip: "reference" | "mu_ip";
  /** Standard deviation of the Gaussian noise added to every neuron's drive (0.04). */
  readonly noise_sigma: number;
  /** Probability per step of adding one E→E synapse (0.1). */
  readonly sp_prob: number;
  /** Initial weight of a synapse added by structural plasticity (0.001). */
  readonly sp_weight: number;
  /** Initial weights are U(0, w_init_max] before normalisation (reference 0.1). */
  readonly w_init_max: number;
  /** Upper clip of plastic weights (reference 1). */
  readonly w_max: number;
  /** Remove a synapse whose weight reaches 0 (the reference's behaviour). */
  readonly prune: boolean;
  /** `"plasticity"` (plastic, minus `freeze`) or `"training"` (all plasticity off). */
  readonly phase: "plasticity" | "training";
  /** Mechanisms switched off during the plasticity phase. */
  readonly freeze: readonly Mechanism[];
  /** Input per step when none is given: U(0,1) on the nu units, or none (noise only). */
  readonly input: "uniform" | "none";
  /** Window (steps) of the per-neuron spike counts behind the Fano factor summary. */
  readonly fano_window: number;
}

const etaRange = inRange(0, 1);
const threshold = inRange(-1e6, 1e6);

const Fields = Schema.Struct({
  ne: intInRange(1, MAX_NEURONS),
  ni: intInRange(1, MAX_NEURONS),
  nu: intInRange(0, MAX_NEURONS),
  lambda_ee: inRange(0, MAX_NEURONS),
  lambda_ei: inRange(0, MAX_NEURONS),
  eta_stdp: etaRange,
  eta_inhib: etaRange,
  eta_ip: etaRange,
  te_min: threshold,
  te_max: threshold,
  ti_min: threshold,
  ti_max: threshold,
  mu_ip: inRange(1e-6, 1),
  h_ip: Schema.Literal("reference", "mu_ip"),
  noise_sigma: inRange(0, 1e3),
  sp_prob: inRange(0, 1),
  sp_weight: inRange(0, 1),
  w_init_max: inRange(1e-12, 1e6),
  w_max: inRange(1e-12, 1e6),
  prune: Schema.Boolean,
  phase: Schema.Literal("plasticity", "training"),
  freeze: Schema.Array(Schema.Literal("stdp", "ip", "sp", "istdp", "ss")),
  input: Schema.Literal("uniform", "none"),
  fano_window: intInRange(1, 1e9),
});

/**
 * Cross-field constraints; each failure names one field and its allowed range
 * (message pattern "must be … in [lo, hi]" so `InvalidConfig.allowed` is filled).
 */
const crossCheck = (
  c: Pick<
    SornConfig,
    "ne" | "nu" | "lambda_ee" | "lambda_ei" | "te_min" | "te_max" | "ti_min" | "ti_max"
  >,
): { path: string[]; message: string } | true => {
  if (c.nu > c.ne) return { path: ["nu"], message: `must be an integer in [0, ${c.ne}] (nu ≤ ne)` };
  if (c.lambda_ee > c.ne - 1) {
    return {
      path: ["lambda_ee"],
      message: `must be a number in [0, ${c.ne - 1}] (at most ne − 1)`,
    };
  }
  if (c.lambda_ei > c.ne) {
    return { path: ["lambda_ei"], message: `must be a number in [0, ${c.ne}] (at most ne)` };
  }
  if (c.te_max < c.te_min) {
    return {
      path: ["te_max"],
      message: `must be a number in [${c.te_min}, 1000000] (te_max ≥ te_min)`,
    };
  }
  if (c.ti_max < c.ti_min) {
    return {
      path: ["ti_max"],
      message: `must be a number in [${c.ti_min}, 1000000] (ti_max ≥ ti_min)`,
    };
  }
  return true;
};

/**
 * The config Schema (decodes JSON into a {@link SornConfig}).
 *
 * @example
 * ```ts
 * import { Schema } from "effect";
 * import { SornConfigSchema, sornDefaults } from "@neuroplastic/engines/sorn";
 * console.log(Schema.decodeUnknownSync(SornConfigSchema)(sornDefaults).ne); // 200
 * ```
 */
export const SornConfigSchema: EffectSchema<SornConfig> = Fields.pipe(
  Schema.filter((c) => crossCheck(c)),
);

/**
 * A SORN network whose phase and input a protocol sets itself (the counting task): every
 * {@link SornConfig} field except `phase` and `input`.
 *
 * @example
 * ```ts
 * import { sornDefaults, type SornNetworkConfig } from "@neuroplastic/engines/sorn";
 * const { phase: _p, input: _i, ...net } = sornDefaults;
 * const n: SornNetworkConfig = net;
 * ```
 */
export type SornNetworkConfig = Omit<SornConfig, "phase" | "input">;

/**
 * The Schema of a {@link SornNetworkConfig} (the same fields, ranges and cross-field checks as
 * {@link SornConfigSchema}, without `phase` and `input`).
 *
 * @example
 * ```ts
 * import { Schema } from "effect";
 * import { countingDefaults, SornNetworkSchema } from "@neuroplastic/engines/sorn";
 * console.log(Schema.decodeUnknownSync(SornNetworkSchema)(countingDefaults.network).nu); // 60
 * ```
 */
export const SornNetworkSchema: EffectSchema<SornNetworkConfig> = Fields.omit("phase", "input")
  .pipe(Schema.filter((c) => crossCheck(c)));

/**
 * The reference defaults (`sorn/sorn.py`, class `Sorn`; noise σ 0.04 and the
 * structural probability 0.1 from `Simulator_.run` / `structural_plasticity`).
 *
 * @example
 * ```ts
 * import { sornDefaults } from "@neuroplastic/engines/sorn";
 * console.log(sornDefaults.eta_stdp); // 0.004
 * ```
 */
export const sornDefaults: SornConfig = {
  ne: 200,
  ni: 40,
  nu: 10,
  lambda_ee: 20,
  lambda_ei: 40,
  eta_stdp: 0.004,
  eta_inhib: 0.001,
  eta_ip: 0.01,
  te_min: 0,
  te_max: 1,
  ti_min: 0,
  ti_max: 0.5,
  mu_ip: 0.1,
  h_ip: "reference",
  noise_sigma: 0.04,
  sp_prob: 0.1,
  sp_weight: 0.001,
  w_init_max: 0.1,
  w_max: 1,
  prune: true,
  phase: "plasticity",
  freeze: [],
  input: "uniform",
  fano_window: 100,
};

/**
 * One line (and unit) per {@link SornConfig} field: drives `--help` and the flags
 * (`sp_prob` → `--sp-prob`). Commands that nest a SORN config under `network` prefix these keys
 * (see {@link prefixDocs}).
 *
 * @example
 * ```ts
 * import { sornDefaults, sornDocs } from "@neuroplastic/engines/sorn";
 * console.log(Object.keys(sornDocs).length === Object.keys(sornDefaults).length); // true
 * ```
 */
export const sornDocs: FieldDocs = {
  ne: { description: "excitatory neurons", unit: "neurons" },
  ni: { description: "inhibitory neurons (the reference forces int(0.2·ne))", unit: "neurons" },
  nu: { description: "input units: the input drives excitatory neurons 0..nu−1", unit: "neurons" },
  lambda_ee: {
    description: "mean incoming E→E synapses per excitatory neuron at init, int(N(λ, 1))",
    unit: "synapses",
  },
  lambda_ei: {
    description: "mean outgoing I→E synapses per inhibitory neuron at init, int(N(λ, 1))",
    unit: "synapses",
  },
  eta_stdp: "STDP learning rate η_STDP",
  eta_inhib: "inhibitory STDP learning rate η_inhib",
  eta_ip: "intrinsic plasticity rate η_IP",
  te_min: "lower end of the excitatory threshold range (init uniform, IP clips to it)",
  te_max: "upper end of the excitatory threshold range",
  ti_min: "lower end of the inhibitory threshold range (init uniform)",
  ti_max: "upper end of the inhibitory threshold range",
  mu_ip: "target rate μ_IP of iSTDP (and of IP when h_ip = mu_ip)",
  h_ip: "IP target: reference = 2·nu/ne (as the sorn package), mu_ip = the mu_ip field",
  noise_sigma: "standard deviation of the Gaussian noise added to every neuron's drive",
  sp_prob: { description: "probability per step of adding one E→E synapse", unit: "1/step" },
  sp_weight: "initial weight of a synapse added by structural plasticity",
  w_init_max: "initial weights are U(0, w_init_max] before normalisation",
  w_max: "upper clip of plastic weights",
  prune: "remove a synapse whose weight reaches 0 (the reference's behaviour)",
  phase: "plasticity (plastic, minus freeze) or training (all plasticity off)",
  freeze: "mechanisms switched off in the plasticity phase (comma list of stdp, ip, sp, istdp, ss)",
  input: "input per step: uniform = U(0,1) on the nu input units, none = noise only",
  fano_window: { description: "window of the spike counts behind the Fano factor", unit: "steps" },
};

/**
 * The docs of a nested config: every key of `docs` under `prefix.` (e.g. `network.sp_prob`).
 *
 * @example
 * ```ts
 * import { prefixDocs, sornDocs } from "@neuroplastic/engines/sorn";
 * console.log("network.sp_prob" in prefixDocs("network", sornDocs)); // true
 * ```
 */
export const prefixDocs = (prefix: string, docs: FieldDocs): FieldDocs =>
  Object.fromEntries(Object.entries(docs).map(([k, v]) => [`${prefix}.${k}`, v]));

/**
 * Decodes overrides merged over {@link sornDefaults}; fails with `InvalidConfig`.
 *
 * @example
 * ```ts
 * import { Effect } from "effect";
 * import { makeConfig } from "@neuroplastic/engines/sorn";
 * const c = Effect.runSync(makeConfig({ ne: 100, ni: 20 }));
 * console.log(c.ne); // 100
 * ```
 */
export const makeConfig = (overrides: unknown = {}): Effect.Effect<SornConfig, InvalidConfig> =>
  decodeConfig(SornConfigSchema, mergeConfig(sornDefaults, overrides));

/**
 * Synchronous {@link makeConfig}: returns the config or throws `InvalidConfig`.
 *
 * @example
 * ```ts
 * import { makeConfigSync } from "@neuroplastic/engines/sorn";
 * console.log(makeConfigSync({ eta_ip: 0.02 }).eta_ip); // 0.02
 * ```
 */
export const makeConfigSync = (overrides: unknown = {}): SornConfig =>
  decodeConfigSync(SornConfigSchema, mergeConfig(sornDefaults, overrides));

/**
 * The IP target rate of a config: `2·nu/ne` (reference) or `mu_ip`.
 *
 * @example
 * ```ts
 * import { hIp, sornDefaults } from "@neuroplastic/engines/sorn";
 * console.log(hIp(sornDefaults)); // 0.1
 * ```
 */
export const hIp = (
  c: SornConfig,
): number => (c.h_ip === "reference" ? (2 * c.nu) / c.ne : c.mu_ip);

/**
 * Whether mechanism `m` is plastic under `c` (plasticity phase and not frozen).
 *
 * @example
 * ```ts
 * import { isPlastic, sornDefaults } from "@neuroplastic/engines/sorn";
 * console.log(isPlastic({ ...sornDefaults, freeze: ["ip"] }, "ip")); // false
 * ```
 */
export const isPlastic = (c: SornConfig, m: Mechanism): boolean =>
  c.phase === "plasticity" && !c.freeze.includes(m);

/**
 * Checks an explicit input vector (length nu, finite values), returning the
 * `InvalidConfig` to raise or `undefined`.
 *
 * @example
 * ```ts
 * import { checkInput, sornDefaults } from "@neuroplastic/engines/sorn";
 * console.log(checkInput(sornDefaults, [1, 2])?.field); // "input"
 * ```
 */
export const checkInput = (c: SornConfig, input: ArrayLike<number>): InvalidConfig | undefined => {
  if (input.length !== c.nu) {
    return new InvalidConfig({
      field: "input",
      message: `input: must have length nu = ${c.nu}, got ${input.length}`,
      allowed: `length ${c.nu}`,
    });
  }
  for (let i = 0; i < input.length; i++) {
    if (!Number.isFinite(input[i])) {
      return new InvalidConfig({
        field: "input",
        message: `input: element ${i} is not a finite number`,
        allowed: "finite numbers",
      });
    }
  }
  return undefined;
};

/**
 * Validates a complete config object (no merging with defaults).
 *
 * @example
 * ```ts
 * import { Effect } from "effect";
 * import { sornDefaults, validateConfig } from "@neuroplastic/engines/sorn";
 * console.log(Effect.runSync(validateConfig(sornDefaults)).ni); // 40
 * ```
 */
export const validateConfig = (c: unknown): Effect.Effect<SornConfig, InvalidConfig> =>
  decodeConfig(SornConfigSchema, c);
