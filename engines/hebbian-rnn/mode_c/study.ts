/**
 * The Mode C study (`mode-c-study`): several seeds of Miconi 2017's delayed non-match-to-sample
 * learner, the error rate per window of trials from chance (50%) downwards, a frozen-network
 * test after each seed, and the files `hebbian-rnn-mode-c.{md,json,svg}` (written into `--out`).
 * The study is one process whose step is one trial of the current seed, so it checkpoints and
 * resumes like any training.
 *
 * @module
 */
import { key } from "@neuroplastic/core/random";
import { flagOfPath } from "@neuroplastic/core/sim";
import { type ModeCConfig, type ModeCStudyConfig, modeCStudyDefaults } from "./config.ts";
import {
  initModeC,
  modeCEvaluate,
  type ModeCState,
  runModeC,
  windowedErrorRate,
  windowedMean,
} from "./model.ts";
import { curveBand, curvePanelsSvg } from "@neuroplastic/core/chart";

/** One finished Mode C seed. */
export interface ModeCRun {
  /** Seed of the run. */
  readonly seed: number;
  /** Training trials run. */
  readonly trials: number;
  /** Trials per window of the curves. */
  readonly window: number;
  /** Error rate per window of `window` trials (training trials, perturbations on). */
  readonly errorRateCurve: number[];
  /** Mean |r_0 − target| per window of `window` trials. */
  readonly meanAbsErrorCurve: number[];
  /** First trial count after which a window's error rate is < 10% (null: never). */
  readonly firstTrialBelow10pct: number | null;
  /** Error rate of the frozen final network on the test trials (null: not measured). */
  readonly testErrorRate: number | null;
  /** Mean absolute error of the frozen final network on the test trials (null: not measured). */
  readonly testMeanAbsError: number | null;
}

/**
 * The figures of a (possibly unfinished) seed; `testTrials > 0` also evaluates the frozen
 * network on that many new trials.
 *
 * @example
 * ```ts
 * import { initModeC, modeCDefaults, modeCRunOf } from "@neuroplastic/engines/hebbian-rnn";
 * import { key } from "@neuroplastic/core/random";
 * console.log(modeCRunOf(initModeC(modeCDefaults, key(0)), 0, modeCDefaults, 0).trials); // 0
 * ```
 */
export const modeCRunOf = (
  s: ModeCState,
  seed: number,
  c: ModeCConfig,
  testTrials: number,
): ModeCRun => {
  const rate = windowedErrorRate(s.wrong, c.errorWindow);
  const below = rate.findIndex((r) => r < 0.1);
  const ev = testTrials > 0 ? modeCEvaluate(s, c, testTrials) : undefined;
  const r4 = (v: number) => Math.round(v * 1e4) / 1e4;
  return {
    seed,
    trials: s.trial,
    window: c.errorWindow,
    errorRateCurve: rate.map(r4),
    meanAbsErrorCurve: windowedMean(s.errs, c.errorWindow).map(r4),
    firstTrialBelow10pct: below < 0 ? null : (below + 1) * c.errorWindow,
    testErrorRate: ev ? r4(ev.errorRate) : null,
    testMeanAbsError: ev ? r4(ev.meanErr) : null,
  };
};

/** State of the study: finished seeds and the learner of the current one. */
export interface ModeCStudyState {
  /** Index of the current seed in `seeds`. */
  readonly seed: number;
  /** Learner of the current seed (null before it starts). */
  readonly current: ModeCState | null;
  /** Finished seeds. */
  readonly runs: readonly ModeCRun[];
}

/**
 * The initial study state (no seed started).
 *
 * @example
 * ```ts
 * import { initModeCStudy } from "@neuroplastic/engines/hebbian-rnn";
 * console.log(initModeCStudy().runs.length); // 0
 * ```
 */
export const initModeCStudy = (): ModeCStudyState => ({ seed: 0, current: null, runs: [] });

/**
 * Number of trials of a study: seeds × trials per seed.
 *
 * @example
 * ```ts
 * import { modeCStudyDefaults, modeCStudyLength } from "@neuroplastic/engines/hebbian-rnn";
 * console.log(modeCStudyLength(modeCStudyDefaults)); // 15000
 * ```
 */
export const modeCStudyLength = (c: ModeCStudyConfig): number => c.seeds.length * c.trialsPerSeed;

/**
 * `n` trials of the study (pure): a seed starts from `initModeC(net, key(seed))` and, after
 * `trialsPerSeed` trials, is tested frozen and tabulated. Equals `n` single trials bit for bit.
 *
 * @example
 * ```ts
 * import { initModeCStudy, modeCDefaults, runModeCStudy } from "@neuroplastic/engines/hebbian-rnn";
 * const net = { ...modeCDefaults, n: 16, trialTime: 40, stim1Time: 5, stim2Start: 15, stim2Time: 5, evalTime: 10 };
 * const s = runModeCStudy(initModeCStudy(), { seeds: [0], trialsPerSeed: 2, testTrials: 2, net }, 2);
 * console.log(s.runs.length); // 1
 * ```
 */
export const runModeCStudy = (
  s: ModeCStudyState,
  c: ModeCStudyConfig,
  n: number,
): ModeCStudyState => {
  let { seed, current } = s;
  const done = s.runs.slice();
  let left = n;
  while (left > 0 && seed < c.seeds.length) {
    const cur = current ?? initModeC(c.net, key(c.seeds[seed]));
    const k = Math.min(left, c.trialsPerSeed - cur.trial);
    const next = runModeC(cur, c.net, k);
    left -= k;
    if (next.trial >= c.trialsPerSeed) {
      done.push(modeCRunOf(next, c.seeds[seed], c.net, c.testTrials));
      seed += 1;
      current = null;
    } else current = next;
  }
  return { seed, current, runs: done };
};

/**
 * The command line that reproduces a study config (fields that differ from the defaults).
 *
 * @example
 * ```ts
 * import { modeCStudyCommandLine, modeCStudyDefaults } from "@neuroplastic/engines/hebbian-rnn";
 * console.log(modeCStudyCommandLine({ ...modeCStudyDefaults, seeds: [7] }));
 * // "deno task np hebbian-rnn mode-c-study --seeds 7"
 * ```
 */
export const modeCStudyCommandLine = (c: ModeCStudyConfig): string => {
  const flags: string[] = [];
  const d = modeCStudyDefaults;
  if (c.seeds.join(",") !== d.seeds.join(",")) flags.push(`--seeds ${c.seeds.join(",")}`);
  if (c.trialsPerSeed !== d.trialsPerSeed) flags.push(`--trials-per-seed ${c.trialsPerSeed}`);
  if (c.testTrials !== d.testTrials) flags.push(`--test-trials ${c.testTrials}`);
  for (const [k, v] of Object.entries(c.net)) {
    if (v !== d.net[k as keyof ModeCConfig]) {
      flags.push(`--${flagOfPath(["net", k])} ${v}`);
    }
  }
  return ["deno task np hebbian-rnn mode-c-study", ...flags].join(" ");
};

/**
 * The study's JSON (`hebbian-rnn-mode-c.json`), of which the Markdown is a function
 * ({@link modeCStudyMarkdown}).
 *
 * @example
 * ```ts
 * import { modeCStudyDefaults, modeCStudyFiles, type ModeCStudyJson } from "@neuroplastic/engines/hebbian-rnn";
 * const j: ModeCStudyJson = JSON.parse(modeCStudyFiles([], modeCStudyDefaults, "y")["y.json"]);
 * console.log(j.config.testTrials, j.runs.length); // 200 0
 * ```
 */
export interface ModeCStudyJson {
  /** The command line of the study. */
  readonly command: string;
  /** The study's config (older files: the settings their Markdown states). */
  readonly config: Pick<ModeCStudyConfig, "testTrials"> & { readonly net: ModeCConfig };
  /** Every seed's run and curves. */
  readonly runs: readonly ModeCRun[];
}

/**
 * The study's Markdown from its JSON alone (what {@link modeCStudyFiles} writes, and what the
 * docs drift test re-renders).
 *
 * @example
 * ```ts
 * import { modeCStudyDefaults, modeCStudyFiles, modeCStudyMarkdown } from "@neuroplastic/engines/hebbian-rnn";
 * const files = modeCStudyFiles([], modeCStudyDefaults, "y");
 * console.log(modeCStudyMarkdown(JSON.parse(files["y.json"]), "y") === files["y.md"]); // true
 * ```
 */
export const modeCStudyMarkdown = (json: ModeCStudyJson, stem = "hebbian-rnn-mode-c"): string => {
  const { command, runs } = json;
  const study = json.config;
  const c = study.net;
  const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
  const lastK = (r: ModeCRun, k: number) => {
    const v = r.errorRateCurve.slice(-k);
    return v.reduce((a, b) => a + b, 0) / Math.max(1, v.length);
  };
  return [
    "# Hebbian RNN, Mode C: reward-modulated Hebbian learning without backprop (Miconi 2017)",
    "",
    `Measured with \`${command}\`. Network and rule as \`dnms/net.cpp\` (N = ${c.n}, τ = ${c.tau} ms, ` +
    `dt = ${c.dt} ms, g = ${c.g}, perturbation probability ${c.probaModul}/neuron/ms with amplitude ` +
    `U(−1,1)·${c.alphaModul}, eligibility E += (r_j δx_i)³, ΔJ = clip(−η R̄ E (R − R̄), ±${c.maxDw}), ` +
    `η = ${c.eta}, R̄ per trial type with decay ${c.alphaTrace}; learning from trial ${
      c.warmupTrials + 1
    }). Task: delayed non-match-to-sample (${c.stim1Time} ms stimulus, delay, ${c.stim2Time} ms stimulus, ` +
    `response = sign of the output neuron over the last ${c.evalTime} ms). No gradient is computed ` +
    `(\`engines/hebbian-rnn/mode_c/mode_c_test.ts\` checks that no Mode C module imports autodiff or BPTT).`,
    "",
    `Error rate = fraction of trials in a window of ${c.errorWindow} whose mean response has the ` +
    `wrong sign (chance 50%). Test = the final weights frozen, ${study.testTrials} new trials ` +
    "(perturbations still on). Speed: `docs/results/hebbian-rnn-speed.md`.",
    "",
    "| seed | trials | first window | first window < 10% reached after | error rate, last 5 windows | test error rate | test mean abs error |",
    "|---:|---:|---:|---:|---:|---:|---:|",
    ...runs.map((r) =>
      `| ${r.seed} | ${r.trials} | ${pct(r.errorRateCurve[0])} | ${
        r.firstTrialBelow10pct === null ? "not reached" : `${r.firstTrialBelow10pct} trials`
      } | ${pct(lastK(r, 5))} | ${r.testErrorRate === null ? "—" : pct(r.testErrorRate)} | ${
        r.testMeanAbsError === null ? "—" : r.testMeanAbsError.toFixed(3)
      } |`
    ),
    "",
    `![error rate vs trials](${stem}.svg)`,
    "",
  ].join("\n");
};

/**
 * The study's files (Markdown table, JSON with every curve, SVG).
 *
 * @example
 * ```ts
 * import { modeCStudyDefaults, modeCStudyFiles } from "@neuroplastic/engines/hebbian-rnn";
 * console.log(Object.keys(modeCStudyFiles([], modeCStudyDefaults, "x"))); // ["x.md", "x.json", "x.svg"]
 * ```
 */
export const modeCStudyFiles = (
  runs: readonly ModeCRun[],
  study: ModeCStudyConfig,
  stem = "hebbian-rnn-mode-c",
): { [name: string]: string } => {
  const c = study.net;
  const command = modeCStudyCommandLine(study);
  const band = runs.length
    ? curveBand(runs.map((r) => r.errorRateCurve))
    : { mean: [], lo: [], hi: [] };
  const maeBand = runs.length
    ? curveBand(runs.map((r) => r.meanAbsErrorCurve))
    : { mean: [], lo: [], hi: [] };
  const xs = band.mean.map((_, k) => (k + 1) * c.errorWindow);
  const svg = curvePanelsSvg([
    {
      title: `DNMS error rate per ${c.errorWindow} trials (${runs.length} seeds)`,
      xLabel: "trial",
      yLabel: "error rate",
      yRange: [0, 0.8],
      legend: "upper-right",
      hLines: [{ y: 0.5, label: "chance" }, { y: 0.1, label: "10%" }],
      series: [
        { name: "mean (band: min–max)", x: xs, y: band.mean, lo: band.lo, hi: band.hi },
        ...runs.map((r) => ({
          name: `seed ${r.seed}`,
          x: xs,
          y: r.errorRateCurve.slice(0, xs.length),
        })),
      ],
    },
    {
      title: "mean |r₀ − target| over the response window",
      xLabel: "trial",
      yLabel: "mean abs error",
      series: [{ name: "mean over seeds", x: xs, y: maeBand.mean, lo: maeBand.lo, hi: maeBand.hi }],
    },
  ]);
  const json: ModeCStudyJson = { command, config: study, runs };
  return {
    // the Markdown is a function of the JSON alone (re-rendered by tests/docs_drift_test.ts)
    [`${stem}.md`]: modeCStudyMarkdown(json, stem),
    [`${stem}.json`]: JSON.stringify(json, null, 2) + "\n",
    [`${stem}.svg`]: svg,
  };
};
