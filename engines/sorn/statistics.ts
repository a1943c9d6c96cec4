/**
 * The population-statistics study behind `np sorn statistics`: `seeds` networks at the
 * reference defaults, `length` steps each (network i from `key(seed + i)`, so row i equals
 * `np sorn run --steps <length> --seed <seed + i> --json`), one row of statistics per network
 * and mean ± s.d. over networks, rendered as `sorn-statistics.md` and `.json`.
 *
 * @module
 */
import { Schema } from "effect";
import { key } from "@neuroplastic/core/random";
import { type FieldDocs, intInRange, type Json } from "@neuroplastic/core/sim";
import { sornDefaults } from "./config.ts";
import { POPULATION_FANO_BIN } from "./population.ts";
import { run } from "./run.ts";
import { EE_TRAJECTORY_EVERY, FIRST_STEPS, initState, POPULATION_WINDOW } from "./state.ts";
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
 * Settings of `np sorn statistics` (the base seed is `--seed`).
 *
 * @example
 * ```ts
 * import { statisticsDefaults } from "@neuroplastic/engines/sorn";
 * console.log(statisticsDefaults); // { seeds: 5, length: 10000 }
 * ```
 */
export interface StatisticsConfig {
  /** Networks (seeds `seed`, `seed + 1`, …). */
  readonly seeds: number;
  /** Steps per network at the reference defaults. */
  readonly length: number;
}

/**
 * Defaults of `np sorn statistics`: 5 networks × 10,000 steps.
 *
 * @example
 * ```ts
 * import { statisticsDefaults } from "@neuroplastic/engines/sorn";
 * console.log(statisticsDefaults.seeds); // 5
 * ```
 */
export const statisticsDefaults: StatisticsConfig = { seeds: 5, length: 10_000 };

/**
 * The Schema of a {@link StatisticsConfig}.
 *
 * @example
 * ```ts
 * import { Schema } from "effect";
 * import { StatisticsConfigSchema } from "@neuroplastic/engines/sorn";
 * console.log(Schema.decodeUnknownSync(StatisticsConfigSchema)({ seeds: 2, length: 500 }).seeds); // 2
 * ```
 */
export const StatisticsConfigSchema: EffectSchema<StatisticsConfig> = Schema.Struct({
  seeds: intInRange(1, 1000),
  length: intInRange(1, 1e8),
});

/**
 * Docs of the statistics fields.
 *
 * @example
 * ```ts
 * import { statisticsDocs } from "@neuroplastic/engines/sorn";
 * console.log(Object.keys(statisticsDocs)); // ["seeds", "length"]
 * ```
 */
export const statisticsDocs: FieldDocs = {
  seeds: {
    description: "networks at the reference defaults; network i runs from key(seed + i)",
    unit: "networks",
  },
  length: { description: "steps per network (plasticity phase, U(0,1) input)", unit: "steps" },
};

/**
 * The statistics of one network (the `np sorn run --json` figures of the study).
 *
 * @example
 * ```ts
 * import type { StatisticsRow } from "@neuroplastic/engines/sorn";
 * const f = (r: StatisticsRow): number | null => r.fanoPopulation;
 * ```
 */
export interface StatisticsRow {
  /** Seed of `key(seed)`. */
  readonly seed: number;
  /** Steps run. */
  readonly steps: number;
  /** Mean excitatory rate over the run. */
  readonly meanRateE: number | null;
  /** Mean inhibitory rate over the run. */
  readonly meanRateI: number | null;
  /** Mean excitatory rate over the first min(steps, 500) steps. */
  readonly rateEFirst500: number | null;
  /** Population Fano factor, E spikes in 10-step bins, last min(steps, 2,000) steps. */
  readonly fanoPopulation: number | null;
  /** The same with E + I spikes. */
  readonly fanoPopulationEI: number | null;
  /** Lag-1 autocorrelation of the per-step E count over the same window. */
  readonly countAutocorrLag1: number | null;
  /** Lag-2 autocorrelation of the per-step E count over the same window. */
  readonly countAutocorrLag2: number | null;
  /** Mean over excitatory neurons of the per-neuron Fano factor (100-step windows). */
  readonly fanoPerNeuronMean: number | null;
  /** E→E connection count at steps 0, 500, 1000, …. */
  readonly eeTrajectory: readonly number[];
  /** Lognormal fit (μ, σ of log w) of the E→E weights ≥ 0.01 at the end. */
  readonly weeLognormalGe001: { readonly mu: number | null; readonly sigma: number | null };
  /** Lognormal fit of all non-zero E→E weights at the end. */
  readonly weeLognormalAll: { readonly mu: number | null; readonly sigma: number | null };
}

/**
 * Runs one network at the reference defaults from `key(seed)` for `length` steps.
 *
 * @example
 * ```ts
 * import { statisticsRow } from "@neuroplastic/engines/sorn";
 * console.log(statisticsRow(1, 600).eeTrajectory.length); // 2
 * ```
 */
export const statisticsRow = (seed: number, length: number): StatisticsRow => {
  const s = run(initState(sornDefaults, key(seed)), sornDefaults, length);
  const m = stateSummary(s);
  return {
    seed,
    steps: s.t,
    meanRateE: m.meanRateE,
    meanRateI: m.meanRateI,
    rateEFirst500: m.rateEFirst500,
    fanoPopulation: m.fanoPopulation,
    fanoPopulationEI: m.fanoPopulationEI,
    countAutocorrLag1: m.countAutocorrLag1,
    countAutocorrLag2: m.countAutocorrLag2,
    fanoPerNeuronMean: m.fanoPerNeuronMean,
    eeTrajectory: m.eeTrajectory,
    weeLognormalGe001: m.weeLognormalGe001,
    weeLognormalAll: m.weeLognormalAll,
  };
};

/** The scalar columns of the table: name, getter, decimals. */
const COLUMNS: readonly [string, (r: StatisticsRow) => number | null, number][] = [
  ["meanRateE", (r) => r.meanRateE, 4],
  ["rateEFirst500", (r) => r.rateEFirst500, 4],
  ["fanoPopulation", (r) => r.fanoPopulation, 3],
  ["fanoPopulationEI", (r) => r.fanoPopulationEI, 3],
  ["countAutocorrLag1", (r) => r.countAutocorrLag1, 3],
  ["countAutocorrLag2", (r) => r.countAutocorrLag2, 3],
  ["fanoPerNeuronMean", (r) => r.fanoPerNeuronMean, 3],
  ["ee at 0", (r) => r.eeTrajectory[0] ?? null, 0],
  ["ee at end", (r) => r.eeTrajectory.at(-1) ?? null, 0],
  ["weeLognormalGe001 μ", (r) => r.weeLognormalGe001.mu, 3],
  ["weeLognormalGe001 σ", (r) => r.weeLognormalGe001.sigma, 3],
  ["weeLognormalAll μ", (r) => r.weeLognormalAll.mu, 3],
  ["weeLognormalAll σ", (r) => r.weeLognormalAll.sigma, 3],
];

/**
 * Mean and sample standard deviation (n − 1; 0 for one value) of the non-null values; `n`
 * counts them.
 *
 * @example
 * ```ts
 * import { meanSdOf } from "@neuroplastic/engines/sorn";
 * console.log(meanSdOf([1, 3, null])); // { mean: 2, sd: 1.4142135623730951, n: 2 }
 * ```
 */
export const meanSdOf = (
  values: readonly (number | null)[],
): { readonly mean: number | null; readonly sd: number | null; readonly n: number } => {
  const v = values.filter((x): x is number => x !== null && Number.isFinite(x));
  if (v.length === 0) return { mean: null, sd: null, n: 0 };
  const m = v.reduce((a, b) => a + b, 0) / v.length;
  const sd = v.length > 1 ? Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1)) : 0;
  return { mean: m, sd, n: v.length };
};

const fmt = (v: number | null, d: number): string => (v === null ? "—" : v.toFixed(d));

/**
 * The study as `sorn-statistics.md` and `sorn-statistics.json`.
 *
 * @example
 * ```ts
 * import { statisticsFiles, statisticsRow } from "@neuroplastic/engines/sorn";
 * const f = statisticsFiles({ seeds: 1, length: 600 }, 1, [statisticsRow(1, 600)]);
 * console.log(Object.keys(f)); // ["sorn-statistics.md", "sorn-statistics.json"]
 * ```
 */
export const statisticsFiles = (
  config: StatisticsConfig,
  seed: number,
  rows: readonly StatisticsRow[],
): { readonly [name: string]: string } => {
  const window = Math.min(config.length, POPULATION_WINDOW);
  const summary: { [k: string]: { mean: number | null; sd: number | null; n: number } } = {};
  for (const [name, get] of COLUMNS) summary[name] = meanSdOf(rows.map(get));
  const lines = [
    "# SORN population statistics",
    "",
    "Generated by `deno task results sorn statistics --seed 1` (engines/sorn/statistics.ts); " +
    "do not edit by hand.",
    "",
    `${rows.length} networks at the reference defaults (ne 200, ni 40, nu 10, U(0,1) input, ` +
    `plasticity phase), ${config.length.toLocaleString("en-US")} steps each; network i runs ` +
    `from key(${seed} + i), so each row equals \`np sorn run --steps ${config.length} ` +
    `--seed <seed> --json\`.` +
    (config.length < POPULATION_WINDOW
      ? ` **Shorter than ${POPULATION_WINDOW.toLocaleString("en-US")} steps: the windowed ` +
        `statistics use the ${window} steps available.**`
      : ""),
    "",
    `Definitions (engines/sorn/README.md): \`fanoPopulation\` = variance (ddof 0) / mean of the ` +
    `excitatory population spike count summed in ${POPULATION_FANO_BIN}-step bins over the last ` +
    `${window} steps; \`fanoPopulationEI\` the same with E + I spikes; \`countAutocorrLag1/2\` = ` +
    "Pearson correlation of the per-step excitatory spike count with itself shifted by 1 or 2 " +
    `steps over the same window; \`rateEFirst500\` = mean excitatory rate over the first ` +
    `${FIRST_STEPS} steps; \`fanoPerNeuronMean\` = mean over excitatory neurons of each ` +
    "neuron's var/mean spike count in 100-step windows; `weeLognormalGe001` = lognormal fit " +
    "(μ, σ of ln w, maximum likelihood) of the final E→E weights ≥ 0.01, `weeLognormalAll` of " +
    "all non-zero ones. Last row: mean ± sample s.d. over networks.",
    "",
    `| seed | ${COLUMNS.map(([n]) => n).join(" | ")} |`,
    `|---:|${COLUMNS.map(() => "---:").join("|")}|`,
    ...rows.map((r) =>
      `| ${r.seed} | ${COLUMNS.map(([, get, d]) => fmt(get(r), d)).join(" | ")} |`
    ),
    `| mean ± s.d. | ${
      COLUMNS.map(([n, , d]) => {
        const s = summary[n];
        return s.mean === null ? "—" : `${fmt(s.mean, d)} ± ${fmt(s.sd, d)}`;
      }).join(" | ")
    } |`,
    "",
    `## E→E connections every ${EE_TRAJECTORY_EVERY} steps (\`eeTrajectory\`, from step 0)`,
    "",
    `| step | ${rows.map((r) => `seed ${r.seed}`).join(" | ")} | mean ± s.d. |`,
    `|---:|${rows.map(() => "---:").join("|")}|---:|`,
  ];
  const points = Math.max(0, ...rows.map((r) => r.eeTrajectory.length));
  for (let k = 0; k < points; k++) {
    const vals = rows.map((r) => r.eeTrajectory[k] ?? null);
    const s = meanSdOf(vals);
    lines.push(
      `| ${k * EE_TRAJECTORY_EVERY} | ${vals.map((v) => fmt(v, 0)).join(" | ")} | ${
        fmt(s.mean, 1)
      } ± ${fmt(s.sd, 1)} |`,
    );
  }
  const json: Json = JSON.parse(JSON.stringify({
    engine: "sorn",
    command: "statistics",
    config: "defaults",
    seeds: rows.map((r) => r.seed),
    steps: config.length,
    populationWindowSteps: window,
    fanoBinSteps: POPULATION_FANO_BIN,
    eeTrajectoryEvery: EE_TRAJECTORY_EVERY,
    rows,
    summary,
  }));
  return {
    "sorn-statistics.md": lines.join("\n") + "\n",
    "sorn-statistics.json": JSON.stringify(json, null, 2) + "\n",
  };
};
