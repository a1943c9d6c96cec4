/**
 * Reproduction experiments: the notebook's tasks × models × seeds, their results files and the
 * markdown table beside the reference numbers (spec §6).
 *
 * @module
 */
import { MODEL_NAMES, type ModelName, type RsgnConfig, type Task } from "./config.ts";
import { type Dataset, hierarchicalData, longRangeData, splitIndices } from "./data.ts";
import type { EpochStats } from "./train.ts";
import { macsPerSample } from "./macs.ts";

/** The reference's numbers (analysis/results/*.json; spec §6.1–6.2). */
export const REFERENCE: {
  readonly [t in Task]: { readonly [m: string]: { mean: number; std: number; params: number } };
} = {
  hierarchical: {
    "rsgn-hebbian": { mean: 0.238333, std: 0.001886, params: 41_672 },
    rsgn: { mean: 0.237667, std: 0.000943, params: 41_672 },
    transformer: { mean: 0.301333, std: 0.002055, params: 403_348 },
    "sparse-transformer": { mean: 0.158667, std: 0.002494, params: 403_348 },
    lstm: { mean: 0.180667, std: 0.00411, params: 566_292 },
    mlp: { mean: 0.159667, std: 0.007587, params: 281_364 },
  },
  "long-range": {
    "rsgn-hebbian": { mean: 0.965, std: 0.004714, params: 40_382 },
    rsgn: { mean: 0.961111, std: 0.002079, params: 40_382 },
    transformer: { mean: 1, std: 0, params: 600_330 },
    lstm: { mean: 1, std: 0, params: 563_722 },
  },
};

/** The notebook's data set of a task (seed 42) and its split. */
export function taskData(task: Task): { data: Dataset; train: Int32Array; val: Int32Array } {
  const data = task === "hierarchical"
    ? hierarchicalData({ n: 5000, seqLen: 64, dim: 32, classes: 20, noise: 0.3 })
    : longRangeData({ n: 3000, seqLen: 128, dim: 32, classes: 10 });
  const s = splitIndices(data.n);
  return { data, train: s.train, val: s.val };
}

/** One epoch in a results file: its figures and, when it was timed, its wall-clock time. */
export interface ResultEpoch extends EpochStats {
  /**
   * Wall-clock duration of the epoch in seconds; null when it ran in an earlier process of a
   * resumed run (times are not part of the checkpointed state, which must not depend on them).
   */
  readonly seconds: number | null;
}

/** One run in a results file. */
export interface RunRecord {
  /** Run seed. */
  readonly seed: number;
  /** Best validation accuracy over the epochs. */
  readonly bestValAcc: number;
  /** Wall-clock duration of the run in seconds (null when an epoch's time is unknown). */
  readonly seconds: number | null;
  /** Per-epoch records. */
  readonly history: readonly ResultEpoch[];
}

/** A results file (`<dir>/<task>-<model>.json`). */
export interface ExperimentResult {
  /** Engine that wrote the file. */
  readonly engine: "rsgn";
  /** Task of the experiment. */
  readonly task: Task;
  /** Model of the experiment. */
  readonly model: ModelName;
  /** Trainable parameters of the model. */
  readonly paramCount: number;
  /** Training settings shared by all runs. */
  readonly settings: {
    readonly epochs: number;
    readonly batchSize: number;
    readonly trainSamples: number;
    readonly valSamples: number;
    readonly lr: number;
    readonly weightDecay: number;
    readonly clip: number;
    readonly hebbian: string | null;
    readonly rsgn: RsgnConfig | null;
  };
  /** One record per seed. */
  readonly runs: readonly RunRecord[];
  /** RSGN only: node geometry after training (first seed): proj(P_raw, 0.95) (N×D_s, flat), ℓ, θ. */
  readonly final?: {
    readonly dimSpace: number;
    readonly positions: readonly number[];
    readonly levels: readonly number[];
    readonly thresholds: readonly number[];
  };
  /** Mean of the runs' best validation accuracies. */
  readonly mean: number;
  /** Population standard deviation (ddof = 0) of the runs' best validation accuracies. */
  readonly std: number;
  /** When the file was written (ISO 8601). */
  readonly date: string;
}

/** mean and population std (ddof = 0, as np.std in the notebook). */
export function meanStd(xs: readonly number[]): { mean: number; std: number } {
  const m = xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const v = xs.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(1, xs.length);
  return { mean: m, std: Math.sqrt(v) };
}

/**
 * Joins results files of the same (task, model) — e.g. one file per seed written by parallel
 * `np rsgn train --seeds S` processes — into one result per (task, model): runs sorted by seed,
 * mean and population std recomputed, `final` taken from the lowest seed. Files of one
 * (task, model) must share their settings (same budget) and must not repeat a seed; otherwise it
 * throws, naming the pair and the differing field.
 *
 * @example
 * ```ts
 * import { mergeResults } from "@neuroplastic/engines/rsgn";
 * console.log(mergeResults([]).length); // 0
 * ```
 */
export function mergeResults(results: readonly ExperimentResult[]): ExperimentResult[] {
  const groups = new Map<string, ExperimentResult[]>();
  for (const r of results) {
    const k = `${r.task}/${r.model}`;
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  const out: ExperimentResult[] = [];
  for (const [k, rs] of groups) {
    const first = rs[0];
    for (const r of rs.slice(1)) {
      for (const f of Object.keys(first.settings) as (keyof ExperimentResult["settings"])[]) {
        if (JSON.stringify(r.settings[f]) !== JSON.stringify(first.settings[f])) {
          throw new Error(
            `${k}: results with different settings.${f} (${JSON.stringify(first.settings[f])} vs ${
              JSON.stringify(r.settings[f])
            }); keep one budget per (task, model)`,
          );
        }
      }
    }
    const tagged = rs.flatMap((r) => r.runs.map((run) => ({ run, file: r })))
      .sort((a, b) => a.run.seed - b.run.seed);
    const seeds = tagged.map((t) => t.run.seed);
    const dup = seeds.find((s, i) => seeds.indexOf(s) !== i);
    if (dup !== undefined) throw new Error(`${k}: seed ${dup} appears in two results files`);
    const { mean, std } = meanStd(tagged.map((t) => t.run.bestValAcc));
    const lowest = tagged[0].file;
    out.push({
      ...first,
      runs: tagged.map((t) => t.run),
      mean,
      std,
      final: lowest.final,
      date: rs.map((r) => r.date).sort().at(-1) ?? first.date,
    });
  }
  return out;
}

const pct = (x: number): string => (100 * x).toFixed(1);

/** "E", or "k of E (stopped)" when a run was stopped before its schedule ended. */
const epochsCell = (r: ExperimentResult | undefined): string => {
  if (!r) return "—";
  const done = Math.min(...r.runs.map((x) => x.history.length));
  return done < r.settings.epochs ? `${done} of ${r.settings.epochs} (stopped)` : `${done}`;
};

const activity = (r: ExperimentResult | undefined): string => {
  const h = r?.runs[0]?.history;
  const last = h && h.length ? h[h.length - 1].sparsity : null;
  return last === null || last === undefined ? "—" : last.toFixed(3);
};

const macs = (r: ExperimentResult | undefined): string => {
  const c = r?.settings.rsgn;
  if (!c) return "—";
  const m = macsPerSample(c, r.task === "long-range" ? 128 : 64).total;
  return `${(m / 1e6).toFixed(2)}M`;
};

/**
 * The markdown of `docs/results/rsgn.md`: our numbers (with their budget) beside the reference.
 *
 * @example
 * ```ts
 * import { resultsMarkdown } from "@neuroplastic/engines/rsgn";
 * console.log(resultsMarkdown([]).startsWith("# RSGN")); // true
 * ```
 */
export function resultsMarkdown(results: readonly ExperimentResult[], extra = ""): string {
  const lines: string[] = [
    "# RSGN reproduction (engines/rsgn)",
    "",
    "Generated by `deno task np rsgn table --in docs/results/rsgn` from the results files there",
    "(written by `deno task np rsgn train ... --out`). Accuracy = best validation accuracy over the",
    "epochs (the notebook's metric, selected on the validation set itself), mean ± population",
    "std over seeds. Reference numbers: HasiHays/RSGN `analysis/results/*.json` (50 epochs, 3",
    "seeds, full data). **Our budget is stated per row** — it is smaller than the reference's",
    "wherever `epochs` < 50 or `train` < the full split (4000 hierarchical, 2400 long-range).",
    "",
  ];
  for (const task of ["hierarchical", "long-range"] as const) {
    lines.push(`## ${task}`, "");
    lines.push(
      "| model | ours acc % | seeds (best val acc) | params | epochs | train / val samples | s/epoch | activity mean(α>0.01) | MACs/sample | reference acc % | ref params |",
      "|---|---|---|---|---|---|---|---|---|---|---|",
    );
    const ref = REFERENCE[task];
    const names = new Set<string>([
      ...Object.keys(ref),
      ...results.filter((r) => r.task === task)
        .map((r) => r.model),
    ]);
    for (const m of MODEL_NAMES.filter((n) => names.has(n))) {
      const r = results.find((x) => x.task === task && x.model === m);
      const rf = ref[m];
      const timed = r
        ? r.runs.flatMap((x) => x.history.map((h) => h.seconds))
          .filter((t): t is number => typeof t === "number")
        : [];
      const secs = timed.length
        ? (timed.reduce((a, b) => a + b, 0) / timed.length).toFixed(0)
        : "—";
      lines.push(
        `| ${m} | ${
          r
            ? (r.runs.length > 1 ? `${pct(r.mean)} ± ${pct(r.std)}` : `${pct(r.mean)} (1 seed)`)
            : "not run"
        } | ${r ? r.runs.map((x) => `${x.seed}: ${pct(x.bestValAcc)}`).join(", ") : "—"} | ${
          r ? r.paramCount.toLocaleString("en-US") : "—"
        } | ${epochsCell(r)} | ${
          r ? `${r.settings.trainSamples} / ${r.settings.valSamples}` : "—"
        } | ${secs} | ${activity(r)} | ${macs(r)} | ${
          rf ? `${pct(rf.mean)} ± ${pct(rf.std)}` : "—"
        } | ${rf ? rf.params.toLocaleString("en-US") : "—"} |`,
      );
    }
    lines.push("");
    const curves = results.filter((r) => r.task === task);
    if (curves.length) {
      lines.push("Per-epoch validation accuracy (first seed):", "");
      for (const r of curves) {
        const h = r.runs[0]?.history ?? [];
        lines.push(
          `- ${r.model}: ${h.map((e) => pct(e.valAcc)).join(", ")}` +
            (h.length && h[0].sparsity !== null
              ? ` (activity mean(α>0.01), last epoch: ${h[h.length - 1].sparsity?.toFixed(3)})`
              : ""),
        );
      }
      lines.push("");
    }
  }
  if (extra) lines.push(extra, "");
  return lines.join("\n");
}
