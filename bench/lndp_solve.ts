/**
 * Builds docs/results/lndp-cartpole-solve.{json,md,svg} (issue #18 item 5) from two training run
 * directories of `np lndp train --out`: one with our settings and one with the reference's, each
 * trained for the same wall-time budget. Each run's best genome and strategy mean are re-evaluated
 * on fresh lifetimes (key(1_000_003), lifetime l with fold(key, l), as `np lndp report`), on 2
 * workers.
 *
 * Wall-clock curves: the trainings were started by a wrapper that timestamps the orchestrator's
 * progress lines (one per generation) into `<run-dir>.progress`, with a `segment <epoch s>` line at
 * each start or resume and `end <epoch s>` at each stop; a generation's time is the wall time of
 * the segments before it plus its line's time within its segment.
 *
 *   deno run -A bench/lndp_solve.ts --ours <dir> --ours-command "..." --ref <dir> \
 *     --ref-command "..." --budget 2100 --load "9–12" [--lifetimes 30] [--out docs/results] \
 *     [--schedule "at the same time, each on 1 worker"]   (how the two runs shared the machine)
 */
import { key } from "@neuroplastic/core/random";
import {
  bestSoFarCurve,
  closePools,
  evaluatePopulationSync,
  type LifetimeConfig,
  lifetimeConfig,
  lndpDefaults,
  makeModel,
} from "@neuroplastic/engines/lndp";
import {
  lndpSolveMarkdown,
  lndpSolveSvg,
  type SolveHonest,
  type SolveJson,
  type SolveRun,
} from "./lndp_solve_md.ts";

const arg = (name: string, dflt?: string): string => {
  const i = Deno.args.indexOf(`--${name}`);
  if (i >= 0 && i + 1 < Deno.args.length) return Deno.args[i + 1];
  if (dflt === undefined) throw new Error(`lndp_solve.ts: --${name} is required`);
  return dflt;
};
const out = arg("out", "docs/results");
const nLife = Number(arg("lifetimes", "30"));
const THRESHOLD = 475;
const EVAL_KEY = key(1_000_003);

/** Per-generation wall seconds from the timestamped progress file of a run directory. */
const generationSeconds = (dir: string, G: number): number[] => {
  const sec: number[] = new Array(G).fill(NaN);
  let offset = 0, start = NaN, lastT = NaN;
  for (const line of Deno.readTextFileSync(`${dir}.progress`).split("\n")) {
    const seg = /^segment (\S+)/.exec(line);
    if (seg) {
      if (Number.isFinite(start) && Number.isFinite(lastT)) offset += lastT - start;
      start = Number(seg[1]);
      lastT = start;
      continue;
    }
    const end = /^end (\S+)/.exec(line);
    if (end) {
      lastT = Number(end[1]);
      continue;
    }
    const m = /^(\S+) .*?([\d,]+)\/[\d,]+ generations/.exec(line);
    if (!m) continue;
    const t = Number(m[1]), done = Number(m[2].replaceAll(",", ""));
    if (done >= 1 && done <= G) sec[done - 1] = offset + (t - start);
  }
  // a generation without its own line (throttled): its neighbour's time, carried forward
  for (let g = 0; g < G; g++) if (!Number.isFinite(sec[g])) sec[g] = g > 0 ? sec[g - 1] : 0;
  return sec;
};

const honest = (cfg: LifetimeConfig, genome: Float64Array): SolveHonest => {
  const P = genome.length, pop = new Float64Array(nLife * P);
  for (let l = 0; l < nLife; l++) pop.set(genome, l * P);
  // member l runs with fold(EVAL_KEY, l): the lifetimes of `np lndp report`
  const r = evaluatePopulationSync(cfg, pop, nLife, EVAL_KEY, 2);
  const f = Array.from(r.fitness);
  const m = f.reduce((a, b) => a + b, 0) / nLife;
  const sd = Math.sqrt(f.reduce((a, b) => a + (b - m) ** 2, 0) / nLife);
  const episodeMean = Array.from({ length: r.nReturns }, (_, e) => {
    let s = 0;
    for (let l = 0; l < nLife; l++) s += r.returns[l * r.nReturns + e];
    return s / nLife;
  });
  return {
    fitnessMean: m,
    fitnessStd: sd,
    episodeMean,
    solvedLifetimes: f.filter((x) => x >= THRESHOLD).length,
  };
};

const REF = { strategy: "cma", popsize: 256, sigmaInit: 1, evalReps: 1, outputIdentity: false };

/** Labels of the model fields that differ from the reference's (lndpDefaults), ours. */
const MODEL_LABELS: Record<string, (v: unknown, d: unknown) => string> = {
  pIh: (v, d) => `input→hidden connection probability ${v} (reference ${d})`,
  pHo: (v, d) => `hidden→output connection probability ${v} (reference ${d})`,
  pHh: (v, d) => `hidden→hidden connection probability ${v} (reference ${d})`,
  blockLtUpdates: () =>
    "lifetime updates off (blockLtUpdates, an option of the reference code that its CartPole run leaves off): the network is grown, then frozen for the 3 episodes",
  devSteps: (v) =>
    `${v} developmental updates driven by Ornstein–Uhlenbeck spontaneous activity before the first episode (+d² + 3d genome parameters, d = observation size)`,
};

const oursList = (c: Record<string, unknown>): string[] => {
  const l: string[] = [];
  if (c.outputIdentity) {
    l.push("output identity on (a learned input per output node, +16 genome parameters)");
  }
  for (const [k, d] of Object.entries(lndpDefaults)) {
    if (k === "outputIdentity" || !(k in c) || c[k] === d) continue;
    l.push(MODEL_LABELS[k]?.(c[k], d) ?? `${k} ${c[k]} (reference ${d})`);
  }
  if (c.strategy !== REF.strategy) l.push(`strategy ${c.strategy}`);
  if (c.popsize !== REF.popsize) l.push(`popsize ${c.popsize}`);
  if (c.sigmaInit !== REF.sigmaInit) l.push(`σ₀ ${c.sigmaInit}`);
  if ((c.evalReps ?? 1) !== REF.evalReps) l.push(`${c.evalReps} lifetimes per genome`);
  return l;
};

const slopeOf = (ys: readonly number[], xs: readonly number[]): number => {
  const half = Math.floor(ys.length / 2);
  const y = ys.slice(half), x = xs.slice(half);
  const mx = x.reduce((a, b) => a + b, 0) / x.length, my = y.reduce((a, b) => a + b, 0) / y.length;
  let sxy = 0, sxx = 0;
  x.forEach((v, i) => {
    sxy += (v - mx) * (y[i] - my);
    sxx += (v - mx) ** 2;
  });
  return sxx > 0 ? sxy / sxx : 0;
};

const study = (label: string, dir: string, command: string): SolveRun => {
  const read = (n: string) => JSON.parse(Deno.readTextFileSync(`${dir}/${n}`));
  const config = read("config.json"), run = read("run.json"), curve = read("curve.json");
  const cfg = lifetimeConfig(
    Object.fromEntries(
      Object.keys(lifetimeConfig({})).filter((k) => k in config).map((k) => [
        k,
        config[k],
      ]),
    ),
  );
  const max = curve.max as number[], mean = curve.mean as number[];
  const G = max.length;
  const seconds = generationSeconds(dir, G);
  const best = Float64Array.from(read("best-genome.json").genome as number[]);
  let meanG: Float64Array | undefined;
  try {
    meanG = Float64Array.from(read("mean-genome.json").genome as number[]);
  } catch { /* no strategy mean */ }
  const t0 = performance.now();
  const h = { best: honest(cfg, best), mean: meanG ? honest(cfg, meanG) : null };
  console.log(
    `${label}: honest ${h.best.fitnessMean.toFixed(1)} / ${h.mean?.fitnessMean.toFixed(1)} in ${
      ((performance.now() - t0) / 1000).toFixed(0)
    } s`,
  );
  const gens = max.map((_, g) => g + 1);
  return {
    label,
    command,
    runDir: dir,
    config,
    ours: oursList(config),
    seed: Number(run.seed),
    genomeSize: makeModel(cfg.task, cfg).layout.size,
    generations: G,
    lifetimes: G * Number(config.popsize) * Number(config.evalReps ?? 1),
    envSteps: (curve.envSteps as number[]).reduce((a, b) => a + b, 0),
    wallSeconds: seconds[G - 1],
    curve: { max, mean, bestSoFar: bestSoFarCurve(max), seconds },
    slope: { perGeneration: slopeOf(mean, gens), perHour: slopeOf(mean, seconds) * 3600 },
    honest: h,
  };
};

try {
  const json: SolveJson = {
    threshold: THRESHOLD,
    budgetSeconds: Number(arg("budget")),
    reevaluation: { lifetimes: nLife, key: "key(1000003)" },
    load: arg("load"),
    schedule: arg("schedule", "one after the other, each on 2 workers"),
    runs: [
      study("ours", arg("ours"), arg("ours-command")),
      study("reference", arg("ref"), arg("ref-command")),
    ],
  };
  Deno.mkdirSync(out, { recursive: true });
  const name = "lndp-cartpole-solve";
  Deno.writeTextFileSync(`${out}/${name}.json`, JSON.stringify(json) + "\n");
  // the markdown and the SVG are rendered from the JSON alone (tests/docs_drift_test.ts)
  Deno.writeTextFileSync(`${out}/${name}.md`, lndpSolveMarkdown(json));
  Deno.writeTextFileSync(`${out}/${name}.svg`, lndpSolveSvg(json));
  console.log(`wrote ${out}/${name}.{json,md,svg}`);
} finally {
  closePools();
}
