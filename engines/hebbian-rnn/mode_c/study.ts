/**
 * The Mode C study: several seeds of Miconi 2017's delayed non-match-to-sample learner,
 * the error rate per window of trials from chance (50%) downwards, and the committed files
 * `docs/results/hebbian-rnn-mode-c.{md,json,svg}`. Finished seeds are cached as JSON in
 * `<cache>/mode-c-s<seed>-n<trials>.json` (resumable, shareable between processes).
 *
 * @module
 */
import { key } from "@neuroplastic/core/random";
import type { Json } from "@neuroplastic/core/sim";
import { type ModeCConfig, modeCDefaults } from "./mode_c_config.ts";
import {
  initModeC,
  modeCEvaluate,
  modeCScratch,
  type ModeCState,
  runModeC,
  windowedErrorRate,
  windowedMean,
} from "./mode_c.ts";
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
  /** Error rate of the frozen final network on 200 test trials (null: not measured). */
  readonly testErrorRate: number | null;
  /** Mean absolute error of the frozen final network on the test trials (null: not measured). */
  readonly testMeanAbsError: number | null;
  /** Wall-clock run time in ms. */
  readonly wallTimeMs: number;
}

/**
 * Trains one seed for `trials` trials (or reads the cache).
 *
 * @example
 * ```ts ignore
 * import { modeCStudyRun } from "@neuroplastic/engines/hebbian-rnn";
 * const r = modeCStudyRun(0, 200);
 * ```
 */
export const modeCStudyRun = (
  seed: number,
  trials: number,
  cacheDir?: string,
  c: ModeCConfig = modeCDefaults,
  progress?: (done: number, total: number, state: ModeCState) => void,
  start?: ModeCState,
): ModeCRun => {
  const path = cacheDir ? `${cacheDir}/mode-c-s${seed}-n${trials}.json` : undefined;
  if (path) {
    try {
      return JSON.parse(Deno.readTextFileSync(path)) as ModeCRun;
    } catch { /* not cached */ }
  }
  const t0 = performance.now();
  let s = start ?? initModeC(c, key(seed));
  const scratch = modeCScratch(c);
  while (s.trial < trials) {
    s = runModeC(s, c, Math.min(c.errorWindow, trials - s.trial), scratch);
    progress?.(s.trial, trials, s);
  }
  const run = modeCRunOf(s, seed, c, performance.now() - t0, true);
  if (path) {
    Deno.mkdirSync(cacheDir!, { recursive: true });
    Deno.writeTextFileSync(path, JSON.stringify(run) + "\n");
  }
  return run;
};

/**
 * The figures of a (possibly unfinished) seed; `test` also evaluates the frozen network on 200
 * new trials.
 *
 * @example
 * ```ts
 * import { initModeC, modeCDefaults, modeCRunOf } from "@neuroplastic/engines/hebbian-rnn";
 * import { key } from "@neuroplastic/core/random";
 * console.log(modeCRunOf(initModeC(modeCDefaults, key(0)), 0, modeCDefaults, 0, false).trials); // 0
 * ```
 */
export const modeCRunOf = (
  s: ModeCState,
  seed: number,
  c: ModeCConfig,
  wallTimeMs: number,
  test: boolean,
): ModeCRun => {
  const rate = windowedErrorRate(s.wrong, c.errorWindow);
  const below = rate.findIndex((r) => r < 0.1);
  const ev = test ? modeCEvaluate(s, c, 200) : undefined;
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
    wallTimeMs: Math.round(wallTimeMs),
  };
};

/**
 * The committed files (Markdown table, JSON with every curve, SVG).
 *
 * @example
 * ```ts
 * import { modeCStudyFiles } from "@neuroplastic/engines/hebbian-rnn";
 * console.log(Object.keys(modeCStudyFiles([], "x"))); // ["x.md", "x.json", "x.svg"]
 * ```
 */
export const modeCStudyFiles = (
  runs: readonly ModeCRun[],
  stem: string,
  command = "",
  c: ModeCConfig = modeCDefaults,
): { [name: string]: string } => {
  const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
  const lastK = (r: ModeCRun, k: number) => {
    const v = r.errorRateCurve.slice(-k);
    return v.reduce((a, b) => a + b, 0) / Math.max(1, v.length);
  };
  const md = [
    "# Hebbian RNN, Mode C: reward-modulated Hebbian learning without backprop (Miconi 2017)",
    "",
    `Measured with \`${command}\`. Network and rule as \`dnms/net.cpp\` (N = ${c.n}, τ = ${c.tau} ms, ` +
    `dt = ${c.dt} ms, g = ${c.g}, perturbation probability ${c.probaModul}/neuron/ms with amplitude ` +
    `U(−1,1)·${c.alphaModul}, eligibility E += (r_j δx_i)³, ΔJ = clip(−η R̄ E (R − R̄), ±${c.maxDw}), ` +
    `η = ${c.eta}, R̄ per trial type with decay ${c.alphaTrace}; learning from trial ${
      c.warmupTrials + 1
    }). Task: delayed non-match-to-sample (${c.stim1Time} ms stimulus, delay, ${c.stim2Time} ms stimulus, ` +
    `response = sign of the output neuron over the last ${c.evalTime} ms). No gradient is computed ` +
    `(\`mode_c_test.ts\` checks that no Mode C module imports autodiff or BPTT).`,
    "",
    `Error rate = fraction of trials in a window of ${c.errorWindow} whose mean response has the ` +
    "wrong sign (chance 50%). Test = the final weights frozen, 200 new trials (perturbations " +
    "still on). Wall times are from a shared 2-core machine running other jobs (speed: " +
    "`docs/results/hebbian-rnn-speed.md`).",
    "",
    "| seed | trials | first window | first window < 10% reached after | error rate, last 5 windows | test error rate | test mean abs error | wall time |",
    "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ...runs.map((r) =>
      `| ${r.seed} | ${r.trials} | ${pct(r.errorRateCurve[0])} | ${
        r.firstTrialBelow10pct === null ? "not reached" : `${r.firstTrialBelow10pct} trials`
      } | ${pct(lastK(r, 5))} | ${r.testErrorRate === null ? "—" : pct(r.testErrorRate)} | ${
        r.testMeanAbsError === null ? "—" : r.testMeanAbsError.toFixed(3)
      } | ${(r.wallTimeMs / 1000).toFixed(0)} s |`
    ),
    "",
    `![error rate vs trials](${stem}.svg)`,
    "",
  ];
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
  const json: Json = { command, config: c as unknown as Json, runs: runs as unknown as Json };
  return {
    [`${stem}.md`]: md.join("\n"),
    [`${stem}.json`]: JSON.stringify(json, null, 2) + "\n",
    [`${stem}.svg`]: svg,
  };
};
