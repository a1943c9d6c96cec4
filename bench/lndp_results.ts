/**
 * Builds docs/results/lndp-<task>.{md,json,svg} from a training run directory written by
 * `np lndp train --out <dir>`: the fitness curve, the best genome re-evaluated on fresh
 * lifetimes (mean return, episode 3 vs episode 1), the graph over one lifetime (edge count,
 * weight histograms, drawings) and, below the threshold, a projected budget.
 *
 *   deno run -A bench/lndp_results.ts <run-dir> [--out docs/results] [--lifetimes 30]
 *     [--name lndp-cartpole] [--command "the training command line, as documented"]
 */
import { key } from "@neuroplastic/core/random";
import {
  analysisJson,
  analyzeLifetimes,
  bestSoFarCurve,
  type LifetimeConfig,
  lifetimeConfig,
  lndpCurveSvg,
  lndpGraphSvg,
  makeModel,
} from "@neuroplastic/engines/lndp";
import { histogram, lineChart } from "@neuroplastic/core/chart";
import { type LndpResultsJson, lndpResultsMarkdown } from "./lndp_results_md.ts";

const dir = Deno.args[0];
if (!dir) throw new Error("usage: lndp_results.ts <run-dir> [--out dir] [--lifetimes n]");
const arg = (name: string, dflt: string): string => {
  const i = Deno.args.indexOf(`--${name}`);
  return i >= 0 && i + 1 < Deno.args.length ? Deno.args[i + 1] : dflt;
};
const out = arg("out", "docs/results");
const nLife = Number(arg("lifetimes", "30"));
const command = arg("command", "");

const read = (name: string): Record<string, unknown> =>
  JSON.parse(Deno.readTextFileSync(`${dir}/${name}`));
const config = read("config.json");
const run = read("run.json");
const curve = read("curve.json");
const bestFile = read("best-genome.json");
let meanFile: Record<string, unknown> | undefined;
try {
  meanFile = read("mean-genome.json");
} catch { /* OpenAI-ES / CMA always write it; tolerate its absence */ }

const LIFETIME_KEYS = Object.keys(lifetimeConfig({}));
const pick: Record<string, unknown> = {};
for (const k of LIFETIME_KEYS) if (k in config) pick[k] = config[k];
const cfg: LifetimeConfig = lifetimeConfig(pick as Partial<LifetimeConfig>);
const task = cfg.task;
const threshold = task === "cartpole" ? 475 : Infinity;
const maskCount = makeModel(cfg.task, cfg).maskCount;
const name = arg("name", `lndp-${task}`);

const max = curve.max as number[], mean = curve.mean as number[];
const envSteps = curve.envSteps as number[];
// per-generation wall times: in curve.json of runs of the old `lndp train`; the orchestrator's
// runs record the run's wall time in result.json (elapsedMs); --workers is not a config field
let result: Record<string, unknown> = {};
try {
  result = read("result.json");
} catch { /* an interrupted run */ }
const seconds = (curve.seconds as number[] | undefined) ?? max.map(() => NaN);
const workers = config.workers ?? run.workers ?? result.workers; // undefined: not recorded
const G = max.length, popsize = Number(config.popsize);
const totalSteps = envSteps.reduce((a, b) => a + b, 0);
const totalSec = curve.seconds
  ? seconds.reduce((a, b) => a + b, 0)
  : Number(result.elapsedMs ?? NaN) / 1000;

// Re-evaluation on fresh lifetimes (keys never used in training: seed 1_000_003).
const evalKey = key(1_000_003);
const bestGenome = Float64Array.from(bestFile.genome as number[]);
const t0 = performance.now();
const best = analyzeLifetimes(cfg, bestGenome, evalKey, nLife, 20);
const meanA = meanFile
  ? analyzeLifetimes(cfg, Float64Array.from(meanFile.genome as number[]), evalKey, nLife, 20)
  : undefined;
const analysisSec = (performance.now() - t0) / 1000;

// Projection (crude, stated as such): a least-squares line through the population mean
// over the second half of the run; generations until it reaches the threshold.
const half = Math.floor(G / 2);
const xs = mean.slice(half).map((_, i) => half + i + 1), ys = mean.slice(half);
const mx = xs.reduce((a, b) => a + b, 0) / xs.length,
  my = ys.reduce((a, b) => a + b, 0) / ys.length;
let sxy = 0, sxx = 0;
xs.forEach((x, i) => {
  sxy += (x - mx) * (ys[i] - my);
  sxx += (x - mx) ** 2;
});
const slope = sxx > 0 ? sxy / sxx : 0;
const gensToThreshold = slope > 0 ? Math.ceil((threshold - mean[G - 1]) / slope) : Infinity;
const stepsPerSec = totalSec > 0 ? totalSteps / totalSec : 0;
const evalsPerSec = totalSec > 0 ? (G * popsize) / totalSec : 0;
// a solved lifetime is 3 × 500 steps; a generation of solved members costs popsize × 1500 steps
const solvedGenSec = stepsPerSec > 0 ? (popsize * 1500) / stepsPerSec : Infinity;

const f1 = (x: number): string => (Number.isFinite(x) ? x.toFixed(1) : String(x));
const bestCurve = bestSoFarCurve(max);

const cmd = command ||
  `deno task np lndp train --task ${task} --generations ${run.steps} --popsize ${popsize}${
    workers === undefined ? "" : ` --workers ${workers}`
  } --seed ${run.seed} --strategy ${config.strategy} --sigma-init ${config.sigmaInit} --out ${dir}`;

// One SVG: curve, edge count, first/last weight histograms, graphs at the snapshots.
const { n, inputs, outputs } = best.nodes;
const weightsOn = (i: number): Float64Array => {
  const s = best.snapshots[i];
  const v: number[] = [];
  for (let j = 0; j < s.adjacency.length; j++) if (s.adjacency[j]) v.push(s.weights[j]);
  return Float64Array.from(v);
};
const last = best.snapshots.length - 1;
const panels: { svg: string; w: number; h: number }[] = [
  { svg: lndpCurveSvg(max, mean, "lndp-cartpole-curve", threshold), w: 640, h: 360 },
  {
    svg: lineChart(
      [
        {
          name: `edges / ${maskCount} allowed`,
          x: best.edgeCounts.map((_, t) => t + 1),
          y: best.edgeCounts.map((e) => e / maskCount),
        },
        { name: "mean w on edges", x: best.weightMeans.map((_, t) => t + 1), y: best.weightMeans },
      ],
      {
        title: "Best genome over one lifetime: edge fraction and mean weight",
        xLabel: "environment step (3 episodes)",
        yLabel: "edge fraction, mean weight",
        id: "lndp-cartpole-edges",
      },
    ),
    w: 640,
    h: 360,
  },
  {
    svg: histogram(weightsOn(0), {
      title: `w on edges, ${best.snapshots[0].label}`,
      xLabel: "weight w on an edge",
      yLabel: "probability density",
      range: [-1, 1],
      bins: 20,
      id: "lndp-cartpole-w0",
    }),
    w: 640,
    h: 360,
  },
  {
    svg: histogram(weightsOn(last), {
      title: `w on edges, ${best.snapshots[last].label}`,
      xLabel: "weight w on an edge",
      yLabel: "probability density",
      range: [-1, 1],
      bins: 20,
      id: "lndp-cartpole-w1",
    }),
    w: 640,
    h: 360,
  },
];
// three moments: the first step, the end of episode 1, the end of the lifetime
const shown = [0, 1, best.snapshots.length - 1].filter((i, k, a) =>
  i < best.snapshots.length && a.indexOf(i) === k
);
const graphs = shown.map((i) => best.snapshots[i]).map((s, i) =>
  lndpGraphSvg(s.adjacency, s.weights, n, inputs, outputs, {
    title: `${s.label} (step ${s.step + 1})`,
    id: `lndp-cartpole-graph-${i}`,
    width: 320,
    height: 280,
  })
);
const sizeOf = (svg: string): [number, number] => {
  const w = Number(/width="(\d+(?:\.\d+)?)"/.exec(svg)?.[1] ?? 640);
  const h = Number(/height="(\d+(?:\.\d+)?)"/.exec(svg)?.[1] ?? 360);
  return [w, h];
};
const placed: string[] = [];
let y = 0, W = 0;
for (let i = 0; i < panels.length; i += 2) {
  let x = 0, rowH = 0;
  for (const p of panels.slice(i, i + 2)) {
    const [w, h] = sizeOf(p.svg);
    placed.push(p.svg.replace("<svg ", `<svg x="${x}" y="${y}" `));
    x += w;
    rowH = Math.max(rowH, h);
  }
  W = Math.max(W, x);
  y += rowH;
}
let gx = 0, gRowH = 0;
for (const g of graphs) {
  const [w, h] = sizeOf(g);
  if (gx + w > W) {
    y += gRowH;
    gx = 0;
    gRowH = 0;
  }
  placed.push(g.replace("<svg ", `<svg x="${gx}" y="${y}" `));
  gx += w;
  gRowH = Math.max(gRowH, h);
}
y += gRowH;
const svg =
  `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${y}" viewBox="0 0 ${W} ${y}">` +
  `<rect width="${W}" height="${y}" fill="white"/>${placed.join("")}</svg>\n`;

const json = {
  task,
  command: cmd,
  config,
  seed: Number(run.seed),
  generations: G,
  evaluations: G * popsize,
  envSteps: totalSteps,
  wallSeconds: totalSec,
  evalsPerSecond: evalsPerSec,
  envStepsPerSecond: stepsPerSec,
  curve: { max, mean, bestSoFar: bestCurve, envSteps, seconds },
  bestTrainingFitness: bestCurve[G - 1],
  bestGeneration: Number(bestFile.generation) + 1,
  reevaluation: { lifetimes: nLife, key: "key(1000003)", seconds: analysisSec },
  best: analysisJson(best),
  mean: meanA ? analysisJson(meanA) : null,
  solved: best.fitnessMean >= threshold,
  projection: {
    meanSlopePerGeneration: slope,
    generationsToThreshold: Number.isFinite(gensToThreshold) ? gensToThreshold : null,
    secondsPerSolvedGeneration: solvedGenSec,
  },
  bestGenome: Array.from(bestGenome),
  ...(arg("load", "") ? { load: arg("load", "") } : {}),
};
// the markdown is rendered from the JSON alone (tests/docs_drift_test.ts rebuilds it)
const md = lndpResultsMarkdown(json as unknown as LndpResultsJson, name);
Deno.mkdirSync(out, { recursive: true });
Deno.writeTextFileSync(`${out}/${name}.md`, md);
Deno.writeTextFileSync(`${out}/${name}.json`, JSON.stringify(json) + "\n");
Deno.writeTextFileSync(`${out}/${name}.svg`, svg);
console.log(
  `wrote ${out}/${name}.{md,json,svg}: ${G} generations, best ${f1(bestCurve[G - 1])}, ` +
    `re-evaluated ${f1(best.fitnessMean)}, improvement ${f1(best.improvementMean)}`,
);
