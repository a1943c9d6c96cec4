/**
 * The Mode B study: for each task (pattern completion, cue–reward association), train the
 * plastic variants and the non-plastic RNN with the same parameter count over several seeds,
 * then tabulate the final held-out accuracies and plot the learning curves
 * (`docs/results/hebbian-rnn-mode-b.{md,json,svg}`). Each finished run is cached as JSON in
 * `<cache>/<task>-<variant>-s<seed>.json`, so an interrupted study resumes and several
 * processes can share the work.
 *
 * @module
 */
import { key } from "@neuroplastic/core/random";
import type { Json } from "@neuroplastic/core/sim";
import type { ModeBPlasticity } from "./model.ts";
import type { ModeBTaskName } from "./tasks.ts";
import {
  initModeBTrain,
  type ModeBConfig,
  modeBDefaults,
  modeBTaskPreset,
  modeBTrainSummary,
  runModeBTrain,
} from "./mode_b_train.ts";
import { curveBand, curvePanelsSvg } from "@neuroplastic/core/chart";

/** Options of {@link modeBStudy}. */
export interface ModeBStudyOptions {
  /** Tasks to run. */
  readonly tasks: readonly ModeBTaskName[];
  /** Plasticity variants to compare. */
  readonly variants: readonly ModeBPlasticity[];
  /** Seeds per (task, variant). */
  readonly seeds: readonly number[];
  /** Training steps per run. */
  readonly steps: number;
  /** Directory of the per-run cache (undefined = no cache). */
  readonly cacheDir?: string;
  /** Config overrides applied to every run. */
  readonly overrides?: Partial<ModeBConfig>;
}

/** One finished run. */
export interface ModeBRun {
  /** Task of the run. */
  readonly task: ModeBTaskName;
  /** Plasticity variant of the run. */
  readonly variant: ModeBPlasticity;
  /** Seed of the run. */
  readonly seed: number;
  /** Number of trained parameters. */
  readonly params: number;
  /** Hidden size used (widened for the matched baseline). */
  readonly hidden: number;
  /** Held-out accuracy at the end of training. */
  readonly finalAccuracy: number;
  /** Steps at which the accuracy was measured. */
  readonly evalSteps: number[];
  /** Held-out accuracy at each of `evalSteps`. */
  readonly accuracyCurve: number[];
  /** Wall-clock training time in ms. */
  readonly wallTimeMs: number;
}

/**
 * The config of one study run.
 *
 * @example
 * ```ts
 * import { modeBStudyConfig } from "@neuroplastic/engines/hebbian-rnn";
 * console.log(modeBStudyConfig("cue-reward", "none").matchParams); // true
 * ```
 */
export const modeBStudyConfig = (
  task: ModeBTaskName,
  variant: ModeBPlasticity,
  overrides: Partial<ModeBConfig> = {},
): ModeBConfig => ({
  ...modeBDefaults,
  ...modeBTaskPreset(task),
  plasticity: variant,
  matchParams: true,
  ...overrides,
});

/**
 * Trains one (task, variant, seed) for `steps` steps (or reads it from the cache).
 *
 * @example
 * ```ts ignore
 * import { modeBStudyRun } from "@neuroplastic/engines/hebbian-rnn";
 * const r = modeBStudyRun("pattern", "simple", 0, 100);
 * ```
 */
export const modeBStudyRun = (
  task: ModeBTaskName,
  variant: ModeBPlasticity,
  seed: number,
  steps: number,
  cacheDir?: string,
  overrides: Partial<ModeBConfig> = {},
  progress?: (done: number, total: number) => void,
): ModeBRun => {
  const path = cacheDir ? `${cacheDir}/${task}-${variant}-s${seed}-n${steps}.json` : undefined;
  if (path) {
    try {
      return JSON.parse(Deno.readTextFileSync(path)) as ModeBRun;
    } catch { /* not cached yet */ }
  }
  const c = modeBStudyConfig(task, variant, overrides);
  const t0 = performance.now();
  let s = initModeBTrain(c, key(seed));
  const chunk = c.evalEvery;
  while (s.step < steps) {
    s = runModeBTrain(s, c, Math.min(chunk, steps - s.step));
    progress?.(s.step, steps);
  }
  const sum = modeBTrainSummary(s, c);
  const run: ModeBRun = {
    task,
    variant,
    seed,
    params: sum.params as number,
    hidden: sum.hidden as number,
    finalAccuracy: sum.finalAccuracy as number,
    evalSteps: s.evalSteps,
    accuracyCurve: sum.accuracyCurve as number[],
    wallTimeMs: Math.round(performance.now() - t0),
  };
  if (path) {
    Deno.mkdirSync(cacheDir!, { recursive: true });
    Deno.writeTextFileSync(path, JSON.stringify(run) + "\n");
  }
  return run;
};

/**
 * Runs every (task, variant, seed) of the study.
 *
 * @example
 * ```ts ignore
 * import { modeBStudy } from "@neuroplastic/engines/hebbian-rnn";
 * const runs = modeBStudy({ tasks: ["pattern"], variants: ["simple", "none"], seeds: [0], steps: 50 });
 * ```
 */
export const modeBStudy = (
  o: ModeBStudyOptions,
  progress?: (done: number, total: number, label?: string) => void,
): ModeBRun[] => {
  const runs: ModeBRun[] = [];
  const total = o.tasks.length * o.variants.length * o.seeds.length;
  for (const task of o.tasks) {
    for (const variant of o.variants) {
      for (const seed of o.seeds) {
        runs.push(
          modeBStudyRun(
            task,
            variant,
            seed,
            o.steps,
            o.cacheDir,
            o.overrides,
            (d, n) => progress?.(runs.length + d / n, total, `${task} ${variant} seed ${seed}`),
          ),
        );
      }
    }
  }
  return runs;
};

const stats = (v: readonly number[]) => {
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const sd = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, v.length - 1));
  return { mean, sd, min: Math.min(...v), max: Math.max(...v) };
};

/** Rows of the study table: one per (task, variant). */
export interface ModeBStudyRow {
  /** Task of the row. */
  readonly task: ModeBTaskName;
  /** Plasticity variant of the row. */
  readonly variant: ModeBPlasticity;
  /** Number of trained parameters. */
  readonly params: number;
  /** Hidden size used. */
  readonly hidden: number;
  /** Number of seeds aggregated. */
  readonly seeds: number;
  /** Final accuracy over seeds: mean, standard deviation, min and max. */
  readonly accuracy: { mean: number; sd: number; min: number; max: number };
  /** Final accuracy of each seed. */
  readonly perSeed: number[];
  /** Seeds whose final accuracy is ≥ the "solved" threshold. */
  readonly solved: number;
}

/** Accuracy at or above which a run counts as having solved the task. */
export const MODE_B_SOLVED = 0.9;

/**
 * Groups runs into table rows.
 *
 * @example
 * ```ts
 * import { modeBStudyRows } from "@neuroplastic/engines/hebbian-rnn";
 * console.log(modeBStudyRows([]).length); // 0
 * ```
 */
export const modeBStudyRows = (runs: readonly ModeBRun[]): ModeBStudyRow[] => {
  const rows: ModeBStudyRow[] = [];
  const keys = [...new Set(runs.map((r) => `${r.task}|${r.variant}`))];
  for (const k of keys) {
    const rs = runs.filter((r) => `${r.task}|${r.variant}` === k);
    const acc = rs.map((r) => r.finalAccuracy);
    rows.push({
      task: rs[0].task,
      variant: rs[0].variant,
      params: rs[0].params,
      hidden: rs[0].hidden,
      seeds: rs.length,
      accuracy: stats(acc),
      perSeed: acc,
      solved: acc.filter((a) => a >= MODE_B_SOLVED).length,
    });
  }
  return rows;
};

const pct = (v: number): string => `${(100 * v).toFixed(1)}%`;

/**
 * The committed files: Markdown table, JSON (rows and every run's curve), SVG curves.
 *
 * @example
 * ```ts
 * import { modeBStudyFiles } from "@neuroplastic/engines/hebbian-rnn";
 * console.log(Object.keys(modeBStudyFiles([], 100, "x"))); // ["x.md", "x.json", "x.svg"]
 * ```
 */
export const modeBStudyFiles = (
  runs: readonly ModeBRun[],
  steps: number,
  stem: string,
  command = "",
): { [name: string]: string } => {
  const rows = modeBStudyRows(runs);
  const tasks = [...new Set(runs.map((r) => r.task))];
  const c0 = modeBStudyConfig("pattern", "simple");
  const md = [
    "# Hebbian RNN, Mode B: differentiable plasticity and backpropamine vs a plain RNN",
    "",
    `Measured with \`${command}\` (${steps} Adam steps of batch ${c0.batch}, lr ${c0.lr}, ` +
    `held-out accuracy on ${c0.evalBatch} fixed episodes every ${c0.evalEvery} steps; final accuracy = ` +
    `mean of the last three evaluations). Gradients by hand-written BPTT through the plastic ` +
    `updates, checked against finite differences (\`engines/hebbian-rnn/mode_b_bptt_test.ts\`).`,
    "",
    "- **pattern**: 3 random ±1 patterns of 16 bits, each shown once (2 steps + 1 blank), then one " +
    "of them with half its bits zeroed; accuracy = sign agreement on the zeroed bits (chance 50%).",
    "- **cue-reward**: 4 fresh random 8-bit cues per episode, each with its own reward ±1; 12 " +
    "trials of [cue, cue → answer, cue + reward]; accuracy = answers to cues whose reward was " +
    "already shown in the episode (chance 50%).",
    "- **none** is a plain tanh RNN whose hidden layer is widened to the parameter count of the " +
    "plastic network (24 hidden units, simple neuromodulation).",
    "",
    `| task | variant | hidden | params | seeds | accuracy mean ± sd | min–max | seeds ≥ ${
      pct(MODE_B_SOLVED)
    } |`,
    "|---|---|---:|---:|---:|---:|---:|---:|",
    ...rows.map((r) =>
      `| ${r.task} | ${r.variant} | ${r.hidden} | ${r.params} | ${r.seeds} | ${
        pct(r.accuracy.mean)
      } ± ${(100 * r.accuracy.sd).toFixed(1)} | ${pct(r.accuracy.min)}–${
        pct(r.accuracy.max)
      } | ${r.solved}/${r.seeds} |`
    ),
    "",
    `![learning curves](${stem}.svg)`,
    "",
  ];
  const json: Json = {
    steps,
    command,
    solvedThreshold: MODE_B_SOLVED,
    rows: rows as unknown as Json,
    runs: runs as unknown as Json,
  };
  const svg = curvePanelsSvg(tasks.map((task) => ({
    title: `${task}: held-out accuracy (mean, min–max over seeds)`,
    xLabel: "training step",
    yLabel: "accuracy",
    yRange: [0.4, 1] as const,
    hLines: [{ y: 0.5, label: "chance" }],
    series: [...new Set(runs.filter((r) => r.task === task).map((r) => r.variant))].map((v) => {
      const rs = runs.filter((r) => r.task === task && r.variant === v);
      const band = curveBand(rs.map((r) => r.accuracyCurve));
      return {
        name: `${v} (${rs[0].params} params)`,
        x: rs[0].evalSteps.slice(0, band.mean.length),
        y: band.mean,
        lo: band.lo,
        hi: band.hi,
      };
    }),
  })));
  return {
    [`${stem}.md`]: md.join("\n"),
    [`${stem}.json`]: JSON.stringify(json, null, 2) + "\n",
    [`${stem}.svg`]: svg,
  };
};
