/**
 * RSGN model configuration: an Effect Schema with the reference defaults
 * (`RSGNetwork.__init__` / `RSGClassifier`, HasiHays/RSGN src/model.py and notebook cell 3) and
 * the named presets of the README and the notebook experiments (spec §1.2, §5).
 *
 * @module
 */
import { Effect, Schema } from "effect";
import type { InvalidConfig } from "@neuroplastic/core/errors";
import { decodeConfig, inRange, intInRange, mergeConfig, Positive } from "@neuroplastic/core/sim";

/**
 * effect's `Schema.Schema<A>` (decodes an `A` into an `A`).
 *
 * Local alias because `deno doc --lint` reports every reference to an npm package's type as a
 * private type (denoland/deno#27364); effect documents the type upstream.
 *
 * @internal
 */
type EffectSchema<A> = Schema.Schema<A>;

/** The model variants: the reference's dense network, or our top-k / k-WTA sparse network. */
export type RsgnVariant = "faithful" | "sparse";

/** Schema of {@link RsgnConfig}. */
export const RsgnConfigSchema: EffectSchema<RsgnConfig> = Schema.Struct({
  /** C: classes of the linear head. */
  numClasses: intInRange(1, 10_000),
  /** N: nodes in the Poincaré ball. */
  numNodes: intInRange(1, 8192),
  /** D_in: input feature dimension. */
  dimInput: intInRange(1, 65_536),
  /** D_h: hidden state dimension. */
  dimHidden: intInRange(1, 4096),
  /** D_s: dimension of the ball (reference 3). */
  dimSpace: intInRange(1, 64),
  /** K: propagation steps (5 hierarchical, 7 long-range). */
  numSteps: intInRange(0, 64),
  /** T_s: soft-threshold temperature (never annealed in the reference). */
  temperature: Positive,
  /** τ: distance decay of the connection weights exp(−d/τ). */
  tau: Positive,
  /** ρ: target activity of the Hebbian threshold rule (unused by the network itself). */
  sparsityTarget: inRange(0, 1),
  /** Euclidean neighbourhood radius of the reference "inhibition". */
  inhibitionRadius: inRange(0, 10),
  /** r: rank of the affinity factors U, V (hard-coded 32 in the reference). */
  affinityRank: intInRange(1, 1024),
  /** "faithful" (reference, dense) or "sparse" (ours: top-k neighbours, k-WTA). */
  variant: Schema.Literal("faithful", "sparse"),
  /** Sparse variant: incoming hyperbolic nearest neighbours per node. */
  topK: intInRange(1, 8192),
  /** Sparse variant: k-winners-take-all, active nodes per sample after each step. */
  activeK: intInRange(1, 8192),
});

/** A decoded RSGN configuration. */
export interface RsgnConfig {
  /** C: classes of the linear head. */
  readonly numClasses: number;
  /** N: nodes in the Poincaré ball. */
  readonly numNodes: number;
  /** D_in: input feature dimension. */
  readonly dimInput: number;
  /** D_h: hidden state dimension. */
  readonly dimHidden: number;
  /** D_s: dimension of the ball (reference 3). */
  readonly dimSpace: number;
  /** K: propagation steps (5 hierarchical, 7 long-range). */
  readonly numSteps: number;
  /** T_s: soft-threshold temperature (never annealed in the reference). */
  readonly temperature: number;
  /** τ: distance decay of the connection weights exp(−d/τ). */
  readonly tau: number;
  /** ρ: target activity of the Hebbian threshold rule (unused by the network itself). */
  readonly sparsityTarget: number;
  /** Euclidean neighbourhood radius of the reference "inhibition". */
  readonly inhibitionRadius: number;
  /** r: rank of the affinity factors U, V (hard-coded 32 in the reference). */
  readonly affinityRank: number;
  /** "faithful" (reference, dense) or "sparse" (ours: top-k neighbours, k-WTA). */
  readonly variant: "faithful" | "sparse";
  /** Sparse variant: incoming hyperbolic nearest neighbours per node. */
  readonly topK: number;
  /** Sparse variant: k-winners-take-all, active nodes per sample after each step. */
  readonly activeK: number;
}

/**
 * Reference defaults: `RSGClassifier(10, num_nodes=256, dim_input=64, dim_hidden=128,
 * num_steps=5)` of the README (44,862 parameters).
 */
export const DEFAULT_CONFIG: RsgnConfig = Object.freeze({
  numClasses: 10,
  numNodes: 256,
  dimInput: 64,
  dimHidden: 128,
  dimSpace: 3,
  numSteps: 5,
  temperature: 1.0,
  tau: 1.0,
  sparsityTarget: 0.1,
  inhibitionRadius: 0.3,
  affinityRank: 32,
  variant: "faithful",
  topK: 16,
  activeK: 32,
});

/** Named presets: the README model and every RSGN of the notebook experiments. */
export const PRESETS: { readonly [name: string]: Partial<RsgnConfig> } = Object.freeze({
  /** README quick start (src): 10 classes, D_in 64 — 44,862 parameters. */
  readme: {},
  /** Notebook Exp. 1 (hierarchical, 20 classes, D_in 32, 5 steps) — 41,672. */
  hierarchical: { numClasses: 20, dimInput: 32, numSteps: 5 },
  /** Notebook Exp. 2 (long-range, 10 classes, D_in 32, 7 steps) — 40,382. */
  "long-range": { numClasses: 10, dimInput: 32, numSteps: 7 },
  /** Notebook Exp. 3 ablation "128 Nodes" — 32,840. */
  "ablation-128": { numClasses: 20, dimInput: 32, numSteps: 5, numNodes: 128 },
  /** Notebook Exp. 3 ablation "512 Nodes" — 59,336. */
  "ablation-512": { numClasses: 20, dimInput: 32, numSteps: 5, numNodes: 512 },
});

/**
 * Decode a partial JSON config merged over {@link DEFAULT_CONFIG}; fails with `InvalidConfig`
 * naming the field.
 *
 * @example
 * ```ts
 * import { Effect } from "effect";
 * import { decodeRsgnConfig } from "@neuroplastic/engines/rsgn";
 * const c = Effect.runSync(decodeRsgnConfig({ numNodes: 64 }));
 * console.log(c.numNodes, c.dimHidden); // 64 128
 * ```
 */
export const decodeRsgnConfig = (input: unknown): Effect.Effect<RsgnConfig, InvalidConfig> =>
  decodeConfig(RsgnConfigSchema, mergeConfig(DEFAULT_CONFIG, input ?? {}));

/**
 * Synchronous preset lookup merged with overrides (no validation beyond the schema's types).
 *
 * @example
 * ```ts
 * import { presetConfig } from "@neuroplastic/engines/rsgn";
 * console.log(presetConfig("long-range").numSteps); // 7
 * ```
 */
export const presetConfig = (name: string, over: Partial<RsgnConfig> = {}): RsgnConfig => {
  const p = PRESETS[name];
  if (!p) throw new RangeError(`unknown preset ${name}; known: ${Object.keys(PRESETS).join(", ")}`);
  return Effect.runSync(decodeRsgnConfig({ ...p, ...over }));
};
