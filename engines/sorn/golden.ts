/**
 * Golden statistics: the figures of a run at the reference defaults from a fixed
 * seed, stored under tests/golden/ and compared by a regression test.
 *
 * @module
 */
import { Schema } from "effect";
import { key } from "@neuroplastic/core/random";
import { type FieldDocs, intInRange } from "@neuroplastic/core/sim";
import { synapseCount } from "@neuroplastic/plasticity";
import { sornDefaults } from "./config.ts";
import { run } from "./run.ts";
import { initState } from "./state.ts";
import { stateSummary } from "./stats.ts";

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
 * Golden figures of one run.
 *
 * @example
 * ```ts
 * import type { GoldenStats } from "@neuroplastic/engines/sorn";
 * const f = (g: GoldenStats): number => g.eeConnections;
 * ```
 */
export interface GoldenStats {
  /** Engine name. */
  readonly engine: "sorn";
  /** Seed of `key(seed)`. */
  readonly seed: number;
  /** Steps run. */
  readonly steps: number;
  /** The config used (the reference defaults). */
  readonly config: "defaults";
  /** E→E synapses after init. */
  readonly initialEeConnections: number;
  /** I→E synapses after init. */
  readonly initialEiConnections: number;
  /** E→E synapses at the end. */
  readonly eeConnections: number;
  /** I→E synapses at the end. */
  readonly eiConnections: number;
  /** Mean excitatory rate over the run. */
  readonly meanRateE: number | null;
  /** Mean inhibitory rate over the run. */
  readonly meanRateI: number | null;
  /** Mean excitatory threshold at the end. */
  readonly teMean: number;
  /** Mean E→E weight at the end. */
  readonly weeMean: number | null;
  /** Mean over excitatory neurons of the per-neuron Fano factor (windows of 100 steps). */
  readonly fanoPerNeuronMean: number | null;
  /** Connection counts every `steps / 10` steps. */
  readonly eeCountsTrace: readonly number[];
}

/**
 * Runs `steps` steps at the reference defaults from `key(seed)` and returns the figures.
 *
 * @example
 * ```ts
 * import { goldenStats } from "@neuroplastic/engines/sorn";
 * console.log(goldenStats(42, 100).steps); // 100
 * ```
 */
export const goldenStats = (seed: number, steps: number): GoldenStats => {
  const s0 = initState(sornDefaults, key(seed));
  const trace: number[] = [];
  const stride = Math.max(1, Math.floor(steps / 10));
  const s = run(s0, sornDefaults, steps, {
    record: { names: ["EEConnectionCounts"], stride, sink: (_n, _t, v) => trace.push(v as number) },
  });
  const sum = stateSummary(s);
  return {
    engine: "sorn",
    seed,
    steps,
    config: "defaults",
    initialEeConnections: synapseCount(s0.ee),
    initialEiConnections: synapseCount(s0.ei),
    eeConnections: sum.eeConnections,
    eiConnections: sum.eiConnections,
    meanRateE: sum.meanRateE,
    meanRateI: sum.meanRateI,
    teMean: sum.teMean,
    weeMean: sum.weeMean,
    fanoPerNeuronMean: sum.fanoPerNeuronMean,
    eeCountsTrace: trace,
  };
};

/**
 * Settings of the hidden `np sorn golden` command (the seed is `--seed`).
 *
 * @example
 * ```ts
 * import { goldenDefaults } from "@neuroplastic/engines/sorn";
 * console.log(goldenDefaults.length); // 10000
 * ```
 */
export interface GoldenConfig {
  /** Steps run at the defaults. */
  readonly length: number;
}

/**
 * Defaults of `np sorn golden`: 10,000 steps.
 *
 * @example
 * ```ts
 * import { goldenDefaults } from "@neuroplastic/engines/sorn";
 * console.log(goldenDefaults); // { length: 10000 }
 * ```
 */
export const goldenDefaults: GoldenConfig = { length: 10_000 };

/**
 * The Schema of a {@link GoldenConfig}.
 *
 * @example
 * ```ts
 * import { Schema } from "effect";
 * import { GoldenConfigSchema } from "@neuroplastic/engines/sorn";
 * console.log(Schema.decodeUnknownSync(GoldenConfigSchema)({ length: 200 }).length); // 200
 * ```
 */
export const GoldenConfigSchema: EffectSchema<GoldenConfig> = Schema.Struct({
  length: intInRange(1, 1e8),
});

/**
 * Docs of the golden fields.
 *
 * @example
 * ```ts
 * import { goldenDocs } from "@neuroplastic/engines/sorn";
 * console.log(Object.keys(goldenDocs)); // ["length"]
 * ```
 */
export const goldenDocs: FieldDocs = {
  length: { description: "steps run at the reference defaults", unit: "steps" },
};

/**
 * The golden file's name for a seed and length (`sorn_defaults_seed42_10000.json`).
 *
 * @example
 * ```ts
 * import { goldenFileName } from "@neuroplastic/engines/sorn";
 * console.log(goldenFileName(42, 10000)); // "sorn_defaults_seed42_10000.json"
 * ```
 */
export const goldenFileName = (seed: number, steps: number): string =>
  `sorn_defaults_seed${seed}_${steps}.json`;
