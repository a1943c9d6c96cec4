/**
 * Experiment tables: aggregation over trials, markdown and JSON beside the reference numbers.
 *
 * @module
 */
import { type Experiment, type ExperimentRow, EXPERIMENTS, type Reference } from "./experiments.ts";
import type { TrialResult } from "./run.ts";
import { describe } from "./stats.ts";

/**
 * Aggregated row (see {@link summarizeRow}).
 *
 * @example
 * ```ts
 * import { runTrial, type RowSummary, summarizeRow, trialDefaults } from "@neuroplastic/engines/genreg";
 * import { fold, key } from "@neuroplastic/core/random";
 * const c = { ...trialDefaults, sa: { ...trialDefaults.sa, steps: 200 } };
 * const results = [0, 1].map((t) => runTrial(c, fold(key(0), t)));
 * const s: RowSummary = summarizeRow("K2", results, [5, 7]);
 * console.log(s.trials, s.params, s.iterationsMean, s.wallMsMean); // 2 33 200 6
 * ```
 */
export interface RowSummary {
  /** Row name. */
  readonly id: string;
  /** Trials per row. */
  readonly trials: number;
  /** MSE statistics. */
  readonly mse: ReturnType<typeof describe>;
  /** Final k statistics. */
  readonly k: ReturnType<typeof describe>;
  /** Histogram of final k values ("k: count"). */
  readonly kCounts: { [k: string]: number };
  /** Mean k/H. */
  readonly kRatioMean: number;
  /** Hidden units. */
  readonly hidden: number;
  /** Trainable parameters. */
  readonly params: number;
  /** Mean SA steps / generations / epochs. */
  readonly iterationsMean: number;
  /** Mean fitness evaluations. */
  readonly evalsMean: number;
  /** Mean total energy of the best genomes. */
  readonly energyMean: number;
  /** Mean wall time per trial (ms). */
  readonly wallMsMean: number;
  /** Stop reasons and their counts. */
  readonly reasons: { [reason: string]: number };
  /** Ultra-sparse: share of selected indices that are true inputs (< 16), mean over trials. */
  readonly trueRatioMean: number;
}

/**
 * Aggregates one row's trial results.
 *
 * @example
 * ```ts
 * import { runTrial, summarizeRow, trialDefaults } from "@neuroplastic/engines/genreg";
 * import { fold, key } from "@neuroplastic/core/random";
 * const c = { ...trialDefaults, sa: { ...trialDefaults.sa, steps: 200 } };
 * const results = [0, 1, 2].map((t) => runTrial(c, fold(key(0), t)));
 * const s = summarizeRow("K2", results, [5, 6, 7]);
 * console.log(s.trials, s.mse.min <= s.mse.mean, s.wallMsMean); // 3 true 6
 * ```
 */
export function summarizeRow(
  id: string,
  results: readonly TrialResult[],
  wallMs: readonly number[],
): RowSummary {
  const kCounts: { [k: string]: number } = {};
  const reasons: { [r: string]: number } = {};
  for (const r of results) {
    kCounts[String(r.k)] = (kCounts[String(r.k)] ?? 0) + 1;
    reasons[r.reason] = (reasons[r.reason] ?? 0) + 1;
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  return {
    id,
    trials: results.length,
    mse: describe(results.map((r) => r.mse)),
    k: describe(results.map((r) => r.k)),
    kCounts,
    kRatioMean: mean(results.map((r) => r.kRatio)),
    hidden: results[0]?.hidden ?? 0,
    params: results[0]?.params ?? 0,
    iterationsMean: mean(results.map((r) => r.iterations)),
    evalsMean: mean(results.map((r) => r.evals)),
    energyMean: mean(results.map((r) => r.energy.total)),
    wallMsMean: mean([...wallMs]),
    reasons,
    trueRatioMean: mean(results.map((r) => r.trueRatio)),
  };
}

const e = (x: number | undefined): string =>
  x === undefined || !Number.isFinite(x)
    ? "—"
    : x < 1e-3 || x >= 1e3
    ? x.toExponential(3)
    : x.toFixed(5);

/**
 * Header facts of a run.
 *
 * @example
 * ```ts
 * import type { RunInfo } from "@neuroplastic/engines/genreg";
 * const info: RunInfo = {
 *   seed: 0,
 *   trials: 20,
 *   workers: 2,
 *   wallMs: 1234,
 *   command: "np genreg ultrasparse --seed 0",
 *   options: {},
 * };
 * console.log(info.trials); // 20
 * ```
 */
export interface RunInfo {
  /** `--seed`. */
  readonly seed: number;
  /** Trials per row. */
  readonly trials: number;
  /** Workers used. */
  readonly workers: number;
  /** Wall time of the whole run (ms). */
  readonly wallMs: number;
  /** The command line that reproduces the run. */
  readonly command: string;
  /** Non-default options. */
  readonly options: { readonly [k: string]: string | number | boolean };
}

/**
 * The markdown report of an experiment run.
 *
 * @example
 * ```ts
 * import { EXPERIMENTS, experimentMarkdown, experimentRows, runTrial, summarizeRow } from "@neuroplastic/engines/genreg";
 * import { key } from "@neuroplastic/core/random";
 * const rows = experimentRows("ultrasparse", { saSteps: 200 });
 * const summaries = rows.map((r) => summarizeRow(r.id, [runTrial(r.config, key(0))], [1]));
 * const md = experimentMarkdown(EXPERIMENTS.ultrasparse, rows, summaries, {
 *   seed: 0,
 *   trials: 1,
 *   workers: 1,
 *   wallMs: 1,
 *   command: "np genreg ultrasparse --trials 1 --sa-steps 200",
 *   options: { saSteps: 200 },
 * });
 * console.log(md.startsWith("# GENREG ultrasparse")); // true
 * ```
 */
export function experimentMarkdown(
  exp: Experiment,
  rows: readonly Pick<ExperimentRow, "id" | "reference">[],
  summaries: readonly RowSummary[],
  info: RunInfo,
): string {
  const L: string[] = [
    `# GENREG ${exp.name}`,
    "",
    exp.description + ".",
    "",
    `Generated by \`${info.command}\` — seed ${info.seed}, ${info.trials} trials per row, ` +
    `${info.workers} worker(s), ${(info.wallMs / 1000).toFixed(1)} s wall time.`,
    `Options: ${
      Object.entries(info.options).map(([k, v]) => `${k}=${v}`).join(", ") || "defaults"
    }.`,
    "Trial t of row r uses the key fold(key(seed), r·trials + t); results are identical for any",
    "number of workers (only wall times differ).",
    "",
    "| row | trials | MSE mean | MSE best | MSE std | MSE median | final k (mean; counts) | k/H | params | iterations | wall/trial | ref MSE mean | ref MSE best | ref k | ref run 2 |",
    "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
  ];
  for (const [i, s] of summaries.entries()) {
    const ref = rows[i].reference;
    const counts = Object.entries(s.kCounts).sort((a, b) => Number(a[0]) - Number(b[0]))
      .map(([k, c]) => `${k}×${c}`).join(" ");
    L.push(
      `| ${s.id} | ${s.trials} | ${e(s.mse.mean)} | ${e(s.mse.min)} | ${e(s.mse.std)} | ${
        e(s.mse.median)
      } | ${s.k.mean.toFixed(2)}/${s.hidden} (${counts}) | ${
        s.kRatioMean.toFixed(2)
      } | ${s.params} | ${s.iterationsMean.toFixed(0)} | ${(s.wallMsMean / 1000).toFixed(2)} s | ${
        e(ref.mseMean)
      } | ${e(ref.mseBest)} | ${ref.k ?? "—"} | ${
        ref.mseRun2 !== undefined ? `${e(ref.mseRun2)}, k ${ref.kRun2}` : "—"
      } |`,
    );
  }
  L.push("", "Reference sources:", "");
  for (const r of rows) L.push(`- ${r.id}: ${r.reference.source}.`);
  L.push("", "Stop reasons:", "");
  for (const s of summaries) {
    L.push(
      `- ${s.id}: ${
        Object.entries(s.reasons).map(([k, v]) => `${k || "(none)"} ×${v}`).join(", ")
      }`,
    );
  }
  if (summaries.some((s) => s.trueRatioMean > 0)) {
    L.push(
      "",
      "Input selection (ultra-sparse): share of selected indices that are true inputs (< 16):",
      "",
    );
    for (const s of summaries) {
      L.push(`- ${s.id}: ${(100 * s.trueRatioMean).toFixed(1)}% (random selection: 6.25%)`);
    }
  }
  return L.join("\n") + "\n";
}

/**
 * The JSON document of an experiment run (`<name>.json` beside `<name>.md`): the run's
 * {@link RunInfo}, and per row its id, config, reference, summary and every trial.
 *
 * @example
 * ```ts
 * import type { ExperimentJson } from "@neuroplastic/engines/genreg";
 * const j: ExperimentJson = {
 *   engine: "genreg",
 *   experiment: "ultrasparse",
 *   seed: 0,
 *   trials: 0,
 *   workers: 1,
 *   wallMs: 0,
 *   command: "np genreg ultrasparse --trials 0",
 *   options: {},
 *   rows: [],
 * };
 * console.log(j.rows.length); // 0
 * ```
 */
export interface ExperimentJson extends RunInfo {
  /** Always "genreg". */
  readonly engine: string;
  /** Experiment name (a key of `EXPERIMENTS`). */
  readonly experiment: string;
  /** One entry per row. */
  readonly rows: readonly {
    readonly id: string;
    readonly config?: unknown;
    readonly reference: Reference;
    readonly summary: RowSummary;
    readonly trials?: readonly unknown[];
  }[];
}

/**
 * The markdown report of an experiment run rebuilt from its JSON alone (rows, references and
 * summaries as stored; the description is the experiment's). The command writes its markdown
 * with this function, so `docs/results/genreg-*.md` can be re-rendered and checked for drift.
 *
 * @example
 * ```ts
 * import { experimentJsonMarkdown } from "@neuroplastic/engines/genreg";
 * const md = experimentJsonMarkdown({
 *   engine: "genreg",
 *   experiment: "ultrasparse",
 *   seed: 0,
 *   trials: 0,
 *   workers: 1,
 *   wallMs: 0,
 *   command: "np genreg ultrasparse --trials 0",
 *   options: {},
 *   rows: [],
 * });
 * console.log(md.startsWith("# GENREG ultrasparse")); // true
 * ```
 */
export function experimentJsonMarkdown(json: ExperimentJson): string {
  const exp = EXPERIMENTS[json.experiment];
  if (!exp) {
    throw new RangeError(
      `experiment must be one of ${Object.keys(EXPERIMENTS).join(", ")}; got ${json.experiment}`,
    );
  }
  return experimentMarkdown(exp, json.rows, json.rows.map((r) => r.summary), json);
}
