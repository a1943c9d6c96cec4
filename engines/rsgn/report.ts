/**
 * The RSGN engine's report sections for run directories (`np rsgn train ... --out dir`): for each
 * results file `<task>-<model>.json` in the directory, the accuracy curves of every seed, the
 * activity (mean α > 0.01) per epoch, and the trained node embeddings on the Poincaré disk
 * (first two coordinates of proj(P_raw, 0.95), coloured by hierarchical level).
 *
 * @module
 */
import {
  curveBand,
  type EngineReporter,
  histogram,
  type KeyEntry,
  lineChart,
  poincareDisk,
  type ReportSection,
  type RunDir,
} from "@neuroplastic/core/chart";
import type { ExperimentResult } from "./experiment.ts";
import { pairwiseDistances } from "@neuroplastic/geometry";

/**
 * Edges from every node to its `k` nearest neighbours by geodesic distance in the ball
 * (positions `n × d`, row-major, inside the unit ball, c = 1), deduplicated.
 *
 * @example
 * ```ts
 * import { nearestEdges } from "@neuroplastic/engines/rsgn";
 * console.log(nearestEdges(Float64Array.of(0, 0, 0.5, 0, -0.5, 0), 3, 2, 1)); // [[0,1],[0,2]]
 * ```
 */
export const nearestEdges = (
  pos: Float64Array,
  n: number,
  d: number,
  k: number,
): [number, number][] => {
  const D = pairwiseDistances(pos, pos, d, 1);
  const seen = new Set<string>(), out: [number, number][] = [];
  for (let i = 0; i < n; i++) {
    const order = [...Array(n).keys()].filter((j) => j !== i)
      .sort((a, b) => D[i * n + a] - D[i * n + b] || a - b).slice(0, k);
    for (const j of order) {
      const e: [number, number] = i < j ? [i, j] : [j, i];
      const id = `${e[0]},${e[1]}`;
      if (!seen.has(id)) {
        seen.add(id);
        out.push(e);
      }
    }
  }
  return out.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
};

const levelColor = (t: number): string => {
  // blue (level 0) → red (level 1)
  const u = Math.min(1, Math.max(0, t));
  const r = Math.round(30 + 200 * u), b = Math.round(220 - 190 * u);
  return `rgb(${r},70,${b})`;
};

/**
 * Colours of the RSGN disk plots (nodes by hierarchical level ℓ, blue lowest → red highest, over
 * [lo, hi]) and their key, for the run reports and the showcase alike.
 *
 * @example
 * ```ts
 * import { levelDiskStyle } from "./report.ts";
 * console.log(levelDiskStyle([0, 1], 0, 1).colors); // ["rgb(30,70,220)", "rgb(230,70,30)"]
 * ```
 */
export const levelDiskStyle = (
  lv: readonly number[],
  lo: number,
  hi: number,
): { colors: string[]; key: KeyEntry[] } => ({
  colors: lv.map((l) => levelColor(hi > lo ? (l - lo) / (hi - lo) : 0.5)),
  key: [
    { color: levelColor(0), label: `node, lowest level ℓ = ${lo.toFixed(2)}` },
    { color: levelColor(0.5), label: "middle level" },
    { color: levelColor(1), label: `highest level ℓ = ${hi.toFixed(2)}` },
    { color: "#8888cc", label: "geodesic to one of its 3 nearest nodes", kind: "edge" },
  ],
});

const readResults = (dir: string): ExperimentResult[] => {
  const out: ExperimentResult[] = [];
  try {
    for (const e of Deno.readDirSync(dir)) {
      if (!e.isFile || !e.name.endsWith(".json") || e.name === "result.json") continue;
      try {
        const r = JSON.parse(Deno.readTextFileSync(`${dir}/${e.name}`));
        if (r?.engine === "rsgn" && Array.isArray(r.runs)) out.push(r as ExperimentResult);
      } catch { /* not a results file */ }
    }
  } catch { /* no directory */ }
  return out.sort((a, b) => (a.task + a.model).localeCompare(b.task + b.model));
};

/**
 * Report sections of one RSGN results file.
 *
 * @example
 * ```ts ignore
 * import { rsgnResultSections } from "@neuroplastic/engines/rsgn";
 * const sections = rsgnResultSections(JSON.parse(Deno.readTextFileSync("docs/results/rsgn/long-range-rsgn.json")));
 * ```
 */
export const rsgnResultSections = (r: ExperimentResult): ReportSection[] => {
  const id = `rsgn-${r.task}-${r.model}`;
  const plots: string[] = [];
  // Several seeds: the mean over seeds with the min–max band; one seed: its curves.
  const seeds = r.runs.length;
  const perSeed = (
    name: string,
    get: (h: ExperimentResult["runs"][number]["history"][number]) => number,
    dashed = false,
    color?: string,
  ) => {
    const curves = r.runs.map((run) => run.history.map(get));
    const b = curveBand(curves);
    const x = r.runs[0]?.history.slice(0, b.mean.length).map((h) => h.epoch) ?? [];
    return {
      name: seeds > 1 ? `${name}, mean of ${seeds} seeds` : `${name} (seed ${r.runs[0]?.seed})`,
      x,
      y: b.mean,
      dashed,
      color,
      band: seeds > 1
        ? { lower: b.lo, upper: b.hi, label: `${name}: min–max over seeds` }
        : undefined,
    };
  };
  const val = perSeed("validation", (h) => h.valAcc, false, "#1f77b4");
  plots.push(lineChart([val, perSeed("train", (h) => h.trainAcc, true, "#d62728")], {
    title: `${r.task} ${r.model}: accuracy per epoch`,
    xLabel: "epoch",
    integerX: true,
    yLabel: "accuracy (fraction correct)",
    id: `${id}-acc`,
    caption: [
      `${seeds} seed(s); the mean validation accuracy peaks at `,
      { value: Math.max(...val.y), series: val.name, stat: "max", digits: 3 },
      " and ends at ",
      { value: val.y[val.y.length - 1], series: val.name, stat: "last", digits: 3 },
      ".",
    ],
  }));
  plots.push(lineChart(
    [perSeed("training loss", (h) => h.trainLoss)],
    {
      title: "training loss",
      xLabel: "epoch",
      integerX: true,
      yLabel: "cross-entropy loss (log scale)",
      logY: true,
      id: `${id}-loss`,
    },
  ));
  const withSparsity = r.runs.filter((run) => run.history.some((h) => h.sparsity !== null));
  if (withSparsity.length) {
    plots.push(lineChart(
      withSparsity.map((run) => ({
        name: `seed ${run.seed}`,
        x: run.history.map((h) => h.epoch),
        y: run.history.map((h) => h.sparsity ?? NaN),
      })),
      {
        title: "fraction of active nodes, mean(α > 0.01)",
        xLabel: "epoch",
        integerX: true,
        yLabel: "active fraction of nodes",
        id: `${id}-activity`,
      },
    ));
  }
  if (r.final) {
    const S = r.final.dimSpace, n = r.final.levels.length;
    const pts = new Float64Array(2 * n), norms = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      pts[2 * i] = r.final.positions[i * S];
      pts[2 * i + 1] = S > 1 ? r.final.positions[i * S + 1] : 0;
      let q = 0;
      for (let d = 0; d < S; d++) q += r.final.positions[i * S + d] ** 2;
      norms[i] = Math.sqrt(q);
    }
    const lv = r.final.levels;
    const lo = Math.min(...lv), hi = Math.max(...lv);
    const all = Float64Array.from(r.final.positions);
    const edges = nearestEdges(all, n, S, 3);
    plots.push(poincareDisk(pts, {
      title: "node embeddings (first 2 coordinates)",
      edges,
      ...levelDiskStyle(lv, lo, hi),
      id: `${id}-disk`,
      caption: [
        { value: n, series: "", stat: "nodes" },
        ` trained node positions (first 2 of ${S} ball coordinates) coloured by hierarchical level, `,
        { value: edges.length, series: "", stat: "edges" },
        " nearest-neighbour geodesics.",
      ],
    }));
    plots.push(histogram(norms, {
      title: "‖P‖ of the projected positions",
      xLabel: "Euclidean norm ‖P‖ in the ball (radius 1)",
      yLabel: "probability density",
      range: [0, 1],
      id: `${id}-norms`,
    }));
    plots.push(histogram(r.final.thresholds, {
      title: "thresholds θ",
      xLabel: "threshold θ",
      yLabel: "probability density",
      id: `${id}-theta`,
    }));
  }
  return [{
    heading: `RSGN ${r.task} / ${r.model}`,
    text:
      `${r.runs.length} seed(s), ${r.settings.epochs} epochs, ${r.settings.trainSamples} train / ` +
      `${r.settings.valSamples} validation samples; best validation accuracy ` +
      `${(100 * r.mean).toFixed(1)} ± ${(100 * r.std).toFixed(1)} %; ${r.paramCount} parameters.` +
      (r.final ? " Disk colours: hierarchical level ℓ (blue low, red high)." : ""),
    plots,
    table: {
      columns: ["seed", "best val acc", "epochs", "seconds"],
      rows: r.runs.map((run) => [run.seed, run.bestValAcc, run.history.length, run.seconds]),
    },
  }];
};

/**
 * The RSGN reporter: one group of sections per results file in the run directory.
 *
 * @example
 * ```ts ignore
 * import { rsgnReporter } from "@neuroplastic/engines/rsgn";
 * import { readRunDir } from "@neuroplastic/core/chart";
 * const sections = rsgnReporter(readRunDir("out/rsgn-run"));
 * ```
 */
export const rsgnReporter: EngineReporter = (run: RunDir): ReportSection[] =>
  readResults(run.dir).flatMap(rsgnResultSections);
