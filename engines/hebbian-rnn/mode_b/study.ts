/**
 * The Mode B study (`mode-b-study`): for each task (pattern completion, cue–reward association),
 * train the plastic variants and the non-plastic RNN with the same parameter count over several
 * seeds, then tabulate the final held-out accuracies and plot the learning curves
 * (`hebbian-rnn-mode-b.{md,json,svg}`, written into `--out`). The study is one process whose
 * step is one Adam step of the current run, so it checkpoints and resumes like any training.
 *
 * @module
 */
import { key } from "@neuroplastic/core/random";
import { flagOfPath } from "@neuroplastic/core/sim";
import type { ModeBPlasticity } from "./model.ts";
import type { ModeBTaskName } from "./tasks.ts";
import {
  type ModeBConfig,
  type ModeBStudyConfig,
  modeBStudyDefaults,
  type ModeBStudyTrain,
} from "./config.ts";
import { initModeBTrain, type ModeBTrainState, modeBTrainSummary, runModeBTrain } from "./train.ts";
import { curveBand, curvePanelsSvg } from "@neuroplastic/core/chart";

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
}

/**
 * The config of one study run: the study's settings, the task and variant, `matchParams` on.
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
  train: ModeBStudyTrain = modeBStudyDefaults.train,
): ModeBConfig => ({
  ...train,
  task,
  plasticity: variant,
  matchParams: true,
});

/** The (task, variant, seed) of every run of a study, in order. */
const plan = (
  c: ModeBStudyConfig,
): { task: ModeBTaskName; variant: ModeBPlasticity; seed: number }[] =>
  c.tasks.flatMap((task) =>
    c.variants.flatMap((variant) => c.seeds.map((seed) => ({ task, variant, seed })))
  );

/** State of the study: finished runs and the training state of the current one. */
export interface ModeBStudyState {
  /** Index of the current run in (task, variant, seed) order. */
  readonly run: number;
  /** Training state of the current run (null before it starts). */
  readonly current: ModeBTrainState | null;
  /** Finished runs. */
  readonly runs: readonly ModeBRun[];
}

/**
 * The initial study state (no run started; each run is seeded by its own seed).
 *
 * @example
 * ```ts
 * import { initModeBStudy } from "@neuroplastic/engines/hebbian-rnn";
 * console.log(initModeBStudy().runs.length); // 0
 * ```
 */
export const initModeBStudy = (): ModeBStudyState => ({ run: 0, current: null, runs: [] });

/**
 * Number of steps of a study: runs × steps per run.
 *
 * @example
 * ```ts
 * import { modeBStudyLength, modeBStudyDefaults } from "@neuroplastic/engines/hebbian-rnn";
 * console.log(modeBStudyLength(modeBStudyDefaults)); // 24000
 * ```
 */
export const modeBStudyLength = (c: ModeBStudyConfig): number =>
  c.tasks.length * c.variants.length * c.seeds.length * c.stepsPerRun;

const finish = (
  s: ModeBTrainState,
  p: { task: ModeBTaskName; variant: ModeBPlasticity; seed: number },
  c: ModeBConfig,
): ModeBRun => {
  const sum = modeBTrainSummary(s, c);
  return {
    ...p,
    params: sum.params as number,
    hidden: sum.hidden as number,
    finalAccuracy: sum.finalAccuracy as number,
    evalSteps: s.evalSteps,
    accuracyCurve: sum.accuracyCurve as number[],
  };
};

/**
 * `n` steps of the study (pure): each is one Adam step of the current run; a run starts from
 * `initModeBTrain(config, key(seed))` and is tabulated when it reaches `stepsPerRun`. Equals `n`
 * single steps bit for bit (runs are advanced with {@link runModeBTrain} in chunks).
 *
 * @example
 * ```ts
 * import { initModeBStudy, modeBStudyDefaults, runModeBStudy } from "@neuroplastic/engines/hebbian-rnn";
 * const c = { ...modeBStudyDefaults, tasks: ["cue-reward" as const], variants: ["none" as const], seeds: [0], stepsPerRun: 1,
 *   train: { ...modeBStudyDefaults.train, hidden: 4, batch: 2, evalBatch: 4 } };
 * console.log(runModeBStudy(initModeBStudy(), c, 1).runs.length); // 1
 * ```
 */
export const runModeBStudy = (
  s: ModeBStudyState,
  c: ModeBStudyConfig,
  n: number,
): ModeBStudyState => {
  const runs = plan(c);
  let { run, current } = s;
  const done = s.runs.slice();
  let left = n;
  while (left > 0 && run < runs.length) {
    const p = runs[run];
    const rc = modeBStudyConfig(p.task, p.variant, c.train);
    const cur = current ?? initModeBTrain(rc, key(p.seed));
    const k = Math.min(left, c.stepsPerRun - cur.step);
    const next = runModeBTrain(cur, rc, k);
    left -= k;
    if (next.step >= c.stepsPerRun) {
      done.push(finish(next, p, rc));
      run += 1;
      current = null;
    } else current = next;
  }
  return { run, current, runs: done };
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

/** The flags of config leaves that differ from `base` (`--train.hidden 12`). */
const changedFlags = (c: unknown, base: unknown, path: string[] = []): string[] => {
  if (c !== null && typeof c === "object" && !Array.isArray(c)) {
    return Object.keys(c).flatMap((k) =>
      changedFlags(
        (c as Record<string, unknown>)[k],
        (base as Record<string, unknown> | undefined)?.[k],
        [...path, k],
      )
    );
  }
  const v = Array.isArray(c) ? c.join(",") : String(c);
  const b = Array.isArray(base) ? base.join(",") : String(base);
  return v === b ? [] : [`--${flagOfPath(path)} ${v}`];
};

/**
 * The command line that reproduces a study config.
 *
 * @example
 * ```ts
 * import { modeBStudyCommandLine, modeBStudyDefaults } from "@neuroplastic/engines/hebbian-rnn";
 * console.log(modeBStudyCommandLine({ ...modeBStudyDefaults, stepsPerRun: 5 }));
 * // "deno task np hebbian-rnn mode-b-study --steps-per-run 5"
 * ```
 */
export const modeBStudyCommandLine = (c: ModeBStudyConfig): string =>
  ["deno task np hebbian-rnn mode-b-study", ...changedFlags(c, modeBStudyDefaults)].join(" ");

/**
 * The study's JSON (`hebbian-rnn-mode-b.json`), of which the Markdown is a function
 * ({@link modeBStudyMarkdown}). `config.train` holds at least the settings the Markdown states.
 *
 * @example
 * ```ts
 * import { modeBStudyDefaults, modeBStudyFiles, type ModeBStudyJson } from "@neuroplastic/engines/hebbian-rnn";
 * const j: ModeBStudyJson = JSON.parse(modeBStudyFiles([], modeBStudyDefaults, "x")["x.json"]);
 * console.log(j.steps, j.rows.length); // 800 0
 * ```
 */
export interface ModeBStudyJson {
  /** Adam steps per run. */
  readonly steps: number;
  /** The command line of the study. */
  readonly command: string;
  /** The study's config (older files: only the settings their Markdown states). */
  readonly config: {
    readonly train: Pick<ModeBStudyTrain, "batch" | "lr" | "evalBatch" | "evalEvery" | "hidden"> & {
      readonly pattern: Pick<ModeBStudyTrain["pattern"], "items" | "bits" | "show" | "gap">;
      readonly cueReward: Pick<ModeBStudyTrain["cueReward"], "items" | "bits" | "trials">;
    };
  };
  /** Accuracy at or above which a seed counts as solved. */
  readonly solvedThreshold: number;
  /** Table rows ({@link modeBStudyRows}). */
  readonly rows: readonly ModeBStudyRow[];
  /** Every run and its curve. */
  readonly runs: readonly ModeBRun[];
}

/**
 * The study's Markdown from its JSON alone (what {@link modeBStudyFiles} writes, and what the
 * docs drift test re-renders).
 *
 * @example
 * ```ts
 * import { modeBStudyDefaults, modeBStudyFiles, modeBStudyMarkdown } from "@neuroplastic/engines/hebbian-rnn";
 * const files = modeBStudyFiles([], modeBStudyDefaults, "x");
 * console.log(modeBStudyMarkdown(JSON.parse(files["x.json"]), "x") === files["x.md"]); // true
 * ```
 */
export const modeBStudyMarkdown = (json: ModeBStudyJson, stem = "hebbian-rnn-mode-b"): string => {
  const t = json.config.train;
  return [
    "# Hebbian RNN, Mode B: differentiable plasticity and backpropamine vs a plain RNN",
    "",
    `Measured with \`${json.command}\` (${json.steps} Adam steps of batch ${t.batch}, lr ${t.lr}, ` +
    `held-out accuracy on ${t.evalBatch} fixed episodes every ${t.evalEvery} steps; final accuracy = ` +
    `mean of the last three evaluations). Gradients by hand-written BPTT through the plastic ` +
    `updates, checked against finite differences (\`engines/hebbian-rnn/mode_b/bptt_test.ts\`).`,
    "",
    `- **pattern**: ${t.pattern.items} random ±1 patterns of ${t.pattern.bits} bits, each shown once ` +
    `(${t.pattern.show} steps + ${t.pattern.gap} blank), then one of them with half its bits zeroed; ` +
    "accuracy = sign agreement on the zeroed bits (chance 50%).",
    `- **cue-reward**: ${t.cueReward.items} fresh random ${t.cueReward.bits}-bit cues per episode, ` +
    `each with its own reward ±1; ${t.cueReward.trials} trials of [cue, cue → answer, cue + reward]; ` +
    "accuracy = answers to cues whose reward was already shown in the episode (chance 50%).",
    "- **none** is a plain tanh RNN whose hidden layer is widened to the parameter count of the " +
    `plastic network (${t.hidden} hidden units, simple neuromodulation).`,
    "",
    `| task | variant | hidden | params | seeds | accuracy mean ± sd | min–max | seeds ≥ ${
      pct(json.solvedThreshold)
    } |`,
    "|---|---|---:|---:|---:|---:|---:|---:|",
    ...json.rows.map((r) =>
      `| ${r.task} | ${r.variant} | ${r.hidden} | ${r.params} | ${r.seeds} | ${
        pct(r.accuracy.mean)
      } ± ${(100 * r.accuracy.sd).toFixed(1)} | ${pct(r.accuracy.min)}–${
        pct(r.accuracy.max)
      } | ${r.solved}/${r.seeds} |`
    ),
    "",
    `![learning curves](${stem}.svg)`,
    "",
  ].join("\n");
};

/**
 * The study's files: Markdown table, JSON (rows and every run's curve), SVG curves.
 *
 * @example
 * ```ts
 * import { modeBStudyDefaults, modeBStudyFiles } from "@neuroplastic/engines/hebbian-rnn";
 * console.log(Object.keys(modeBStudyFiles([], modeBStudyDefaults, "x"))); // ["x.md", "x.json", "x.svg"]
 * ```
 */
export const modeBStudyFiles = (
  runs: readonly ModeBRun[],
  c: ModeBStudyConfig,
  stem = "hebbian-rnn-mode-b",
): { [name: string]: string } => {
  const rows = modeBStudyRows(runs);
  const tasks = [...new Set(runs.map((r) => r.task))];
  const command = modeBStudyCommandLine(c);
  const json: ModeBStudyJson = {
    steps: c.stepsPerRun,
    command,
    config: c,
    solvedThreshold: MODE_B_SOLVED,
    rows,
    runs,
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
    // the Markdown is a function of the JSON alone (re-rendered by tests/docs_drift_test.ts)
    [`${stem}.md`]: modeBStudyMarkdown(json, stem),
    [`${stem}.json`]: JSON.stringify(json, null, 2) + "\n",
    [`${stem}.svg`]: svg,
  };
};
