/**
 * The LNDP engine's report sections for run directories (`np lndp train --out dir`): the fitness
 * curve (population max, mean and best so far per
 * generation), then one lifetime of the best genome with the network graph drawn at several
 * moments, the edge count over the lifetime and the weight histograms.
 * Also {@link lndpGraphSvg}, a small self-contained drawing of one LNDP graph.
 *
 * @module
 */
import { key } from "@neuroplastic/core/random";
import {
  type Caption,
  captionHtml,
  type EngineReporter,
  esc,
  histogram,
  lineChart,
  type ReportSection,
  type RunDir,
} from "@neuroplastic/core/chart";
import { analyzeLifetimes, type GraphSnapshot, type LifetimeAnalysis } from "./analysis.ts";
import { type LifetimeConfig, lifetimeConfig, lifetimeDefaults } from "./config.ts";
import { bestSoFarCurve } from "./markdown.ts";

/** Options of {@link lndpGraphSvg}. */
export interface GraphSvgOptions {
  /** Title drawn above the graph. */
  readonly title: string;
  /** Stable id (`data-plot` attribute). */
  readonly id?: string;
  /** Width in px (default 300). */
  readonly width?: number;
  /** Height in px of the drawing, without the colour key below it (default 260). */
  readonly height?: number;
  /** Caption for reports ("Figure N. …"), e.g. from {@link lndpGraphCaption}. */
  readonly caption?: Caption;
}

/** Colours of the LNDP network drawing: node roles and edge signs. */
const NODE_COLORS = { input: "#2ca02c", hidden: "#888", output: "#ff7f0e" } as const;
const EDGE_COLORS = { positive: "#1f77b4", negative: "#d62728" } as const;

/**
 * The caption of an LNDP graph drawing computed from the graph: node and edge counts (marked as
 * claims a test checks against the drawing) and the largest |w|.
 *
 * @example
 * ```ts
 * import { lndpGraphCaption } from "@neuroplastic/engines/lndp";
 * const A = new Uint8Array(4), w = new Float64Array(4);
 * A[1] = 1; w[1] = 0.5;
 * console.log(lndpGraphCaption(A, w, 2).length); // 4
 * ```
 */
export const lndpGraphCaption = (
  A: ArrayLike<number>,
  w: ArrayLike<number>,
  n: number,
): Caption => {
  let edges = 0, pos = 0, wmax = 0;
  for (let i = 0; i < n * n; i++) {
    if (!A[i]) continue;
    edges++;
    if (w[i] >= 0) pos++;
    wmax = Math.max(wmax, Math.abs(w[i]));
  }
  return [
    { value: n, series: "", stat: "nodes" },
    " nodes, ",
    { value: edges, series: "", stat: "edges" },
    ` edges (${pos} with w ≥ 0, ${edges - pos} with w < 0); largest |w| ${
      wmax.toPrecision(2)
    }. Opacity and width grow with |w|.`,
  ];
};

/**
 * Node positions: inputs in a left column, outputs in a right column, hidden nodes on an
 * ellipse in between (clockwise from the top).
 */
const layout = (
  n: number,
  inputs: number,
  outputs: number,
  w: number,
  h: number,
): Float64Array => {
  const xy = new Float64Array(2 * n);
  const top = 34, bottom = h - 14, mid = (top + bottom) / 2;
  const col = (i: number, count: number): number =>
    count === 1 ? mid : top + 10 + (i * (bottom - top - 20)) / (count - 1);
  const hidden = n - inputs - outputs;
  const rx = (w - 110) / 2, ry = (bottom - top) / 2 - 6;
  for (let i = 0; i < n; i++) {
    if (i < inputs) {
      xy[2 * i] = 18;
      xy[2 * i + 1] = col(i, inputs);
    } else if (i >= n - outputs) {
      xy[2 * i] = w - 18;
      xy[2 * i + 1] = col(i - (n - outputs), outputs);
    } else {
      const a = (2 * Math.PI * (i - inputs)) / Math.max(1, hidden) - Math.PI / 2;
      xy[2 * i] = w / 2 + rx * Math.cos(a);
      xy[2 * i + 1] = mid + ry * Math.sin(a);
    }
  }
  return xy;
};

/**
 * Draws one LNDP graph as an SVG string: inputs (left, green), hidden nodes (ellipse, grey),
 * outputs (right, orange); an arrow i→j where A[i·N+j] = 1, blue for w ≥ 0 and red for w < 0,
 * its opacity and width growing with |w| (scaled by the largest |w| of the graph); above 150
 * edges the lines get thinner and fainter and lose their arrowheads.
 *
 * @example
 * ```ts
 * import { lndpGraphSvg } from "@neuroplastic/engines/lndp";
 * const A = new Uint8Array(9), w = new Float64Array(9);
 * A[0 * 3 + 1] = 1; w[1] = 0.5; A[1 * 3 + 2] = 1; w[5] = -0.2;
 * const svg = lndpGraphSvg(A, w, 3, 1, 1, { title: "tiny" });
 * console.log(svg.startsWith("<svg"), (svg.match(/<line class="edge"/g) ?? []).length); // true 2
 * ```
 */
export const lndpGraphSvg = (
  A: ArrayLike<number>,
  w: ArrayLike<number>,
  n: number,
  inputs: number,
  outputs: number,
  o: GraphSvgOptions,
): string => {
  const W = o.width ?? 300, H0 = o.height ?? 260, H = H0 + 36;
  const xy = layout(n, inputs, outputs, W, H0);
  let wmax = 0, edges = 0;
  for (let i = 0; i < n * n; i++) {
    if (A[i]) {
      edges++;
      wmax = Math.max(wmax, Math.abs(w[i]));
    }
  }
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}"` +
      ` class="plot" data-plot="${esc(o.id ?? "lndp-graph")}" data-kind="network" data-title="${
        esc(o.title)
      }"${
        o.caption !== undefined ? ` data-caption="${esc(captionHtml(o.caption))}"` : ""
      } font-family="sans-serif">`,
    `<defs>${
      ["#1f77b4", "#d62728"].map((c, i) =>
        `<marker id="${
          esc(o.id ?? "lndp-graph")
        }-arrow-${i}" viewBox="0 0 6 6" refX="10" refY="3" markerUnits="userSpaceOnUse"` +
        ` markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L6,3 L0,6 z" fill="${c}"/></marker>`
      ).join("")
    }</defs>`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="14" font-size="12" text-anchor="middle">${esc(o.title)}</text>`,
    `<text x="${
      W / 2
    }" y="28" font-size="10" text-anchor="middle" fill="#555">${edges} edges, max |w| ${
      wmax.toPrecision(2)
    }</text>`,
  );
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (!A[i * n + j]) continue;
      const v = w[i * n + j], r = wmax > 0 ? Math.abs(v) / wmax : 0;
      const color = v >= 0 ? EDGE_COLORS.positive : EDGE_COLORS.negative;
      const marker = `${esc(o.id ?? "lndp-graph")}-arrow-${v >= 0 ? 0 : 1}`;
      // dense graphs (the reference often grows every allowed edge): thinner, fainter, no arrows
      const dense = edges > 150;
      const opacity = dense ? 0.04 + 0.5 * r : 0.15 + 0.85 * r;
      const width = dense ? 0.3 + 0.9 * r : 0.5 + 2 * r;
      parts.push(
        `<line class="edge" x1="${xy[2 * i].toFixed(1)}" y1="${xy[2 * i + 1].toFixed(1)}" x2="${
          xy[2 * j].toFixed(1)
        }" y2="${xy[2 * j + 1].toFixed(1)}" stroke="${color}" stroke-opacity="${
          opacity.toFixed(2)
        }" stroke-width="${width.toFixed(2)}"${dense ? "" : ` marker-end="url(#${marker})"`}/>`,
      );
    }
  }
  for (let i = 0; i < n; i++) {
    const fill = i < inputs
      ? NODE_COLORS.input
      : i >= n - outputs
      ? NODE_COLORS.output
      : NODE_COLORS.hidden;
    parts.push(
      `<circle class="node" cx="${xy[2 * i].toFixed(1)}" cy="${
        xy[2 * i + 1].toFixed(1)
      }" r="4.5" fill="${fill}"` +
        ` stroke="white" stroke-width="1"><title>node ${i}</title></circle>`,
    );
  }
  // colour key below the drawing: node roles, then edge signs
  const key = (y: number, items: [string, string, boolean][]): string => {
    let x = 8, out = "";
    for (const [color, label, edge] of items) {
      out += edge
        ? `<line x1="${x}" x2="${x + 16}" y1="${y}" y2="${y}" stroke="${color}" stroke-width="2"/>`
        : `<circle cx="${x + 6}" cy="${y}" r="4.5" fill="${color}"/>`;
      out += `<text x="${x + 20}" y="${y + 4}" font-size="10">${esc(label)}</text>`;
      x += 26 + 5.4 * label.length;
    }
    return out;
  };
  parts.push(
    `<g class="legend">${
      key(H0 + 10, [
        [NODE_COLORS.input, "input", false],
        [NODE_COLORS.hidden, "hidden", false],
        [NODE_COLORS.output, "output (action)", false],
      ])
    }${
      key(H0 + 27, [[EDGE_COLORS.positive, "edge, w ≥ 0", true], [
        EDGE_COLORS.negative,
        "edge, w < 0",
        true,
      ]])
    }</g>`,
  );
  parts.push("</svg>");
  return parts.join("");
};

/**
 * The fitness-curve chart of a run (population max, mean and best so far per generation; a
 * dashed line at `threshold` when given).
 *
 * @example
 * ```ts
 * import { lndpCurveSvg } from "@neuroplastic/engines/lndp";
 * console.log(lndpCurveSvg([10, 30, 20], [5, 8, 9]).startsWith("<svg")); // true
 * ```
 */
export const lndpCurveSvg = (
  curveMax: readonly number[],
  curveMean: readonly number[],
  id = "lndp-curve",
  threshold?: number,
): string => {
  const x = curveMax.map((_, g) => g + 1);
  const best = bestSoFarCurve(curveMax);
  const series = [
    { name: "population max", x, y: curveMax },
    { name: "population mean", x, y: curveMean },
    { name: "best so far", x, y: best, dashed: true },
  ];
  if (threshold !== undefined && x.length > 0) {
    series.push({
      name: `solved (${threshold})`,
      x: [1, x.length],
      y: [threshold, threshold],
      dashed: true,
    });
  }
  return lineChart(series, {
    title: "Fitness (mean return over the lifetime's episodes)",
    xLabel: "generation",
    integerX: true,
    yLabel: "fitness (mean episode return)",
    id,
    caption: x.length
      ? [
        `Over ${x.length} generations the population's best reaches `,
        { value: Math.max(...curveMax), series: "population max", stat: "max" },
        "; the last generation's mean is ",
        { value: curveMean[curveMean.length - 1], series: "population mean", stat: "last" },
        ".",
      ]
      : undefined,
  });
};

/**
 * Report sections of a lifetime analysis: the graph at each snapshot, the edge count over the
 * lifetime and the weight histograms at its start and end.
 *
 * @example
 * ```ts
 * import { analyzeLifetimes, lifetimeDefaults } from "@neuroplastic/engines/lndp";
 * import { lndpLifetimeSections } from "@neuroplastic/engines/lndp";
 * const a = analyzeLifetimes(lifetimeDefaults, new Float64Array(1918), { k0: 0, k1: 1 }, 1);
 * console.log(lndpLifetimeSections(a, "zero genome").length); // 2
 * ```
 */
export const lndpLifetimeSections = (
  a: LifetimeAnalysis,
  label: string,
  idPrefix = "lndp",
): ReportSection[] => {
  const { n, inputs, outputs } = a.nodes;
  const graphs = a.snapshots.map((s: GraphSnapshot, i) =>
    lndpGraphSvg(s.adjacency, s.weights, n, inputs, outputs, {
      title: `${s.label} (step ${s.step + 1})`,
      id: `${idPrefix}-graph-${i}`,
      caption: lndpGraphCaption(s.adjacency, s.weights, n),
    })
  );
  const x = a.edgeCounts.map((_, t) => t + 1);
  const weightsOnEdges = (s: GraphSnapshot): Float64Array => {
    const out: number[] = [];
    for (let i = 0; i < s.adjacency.length; i++) if (s.adjacency[i]) out.push(s.weights[i]);
    return Float64Array.from(out);
  };
  const first = a.snapshots[0], last = a.snapshots[a.snapshots.length - 1];
  const hist = [first, last].filter((s) => s !== undefined).map((s, i) =>
    histogram(weightsOnEdges(s), {
      title: `weights on edges, ${s.label}`,
      xLabel: "weight w on an edge",
      yLabel: "probability density",
      id: `${idPrefix}-weights-${i}`,
      range: [-1, 1],
      bins: 20,
      caption: ((v: Float64Array) =>
        `${v.length} edges at ${s.label}: mean w ${
          (v.reduce((a, b) => a + b, 0) / Math.max(1, v.length)).toFixed(3)
        }, ${
          v.filter((x) => x < 0).length
        } negative.`)(weightsOnEdges(s)),
    })
  );
  const ret = a.tracedReturns.map((r) => r.toFixed(0)).join(", ");
  const episodes = a.episodeMean.map((_, e) => e + 1);
  const meanName = `mean over ${a.lifetimes} lifetimes`;
  const returns = lineChart([
    {
      name: meanName,
      x: episodes,
      y: a.episodeMean,
      band: a.lifetimes > 1
        ? {
          lower: a.episodeMean.map((m, e) => m - a.episodeStd[e]),
          upper: a.episodeMean.map((m, e) => m + a.episodeStd[e]),
          label: `± 1 sd over the ${a.lifetimes} lifetimes`,
        }
        : undefined,
    },
    { name: "traced lifetime", x: episodes, y: a.tracedReturns, dashed: true },
  ], {
    title: "Return per episode within a lifetime",
    xLabel: "episode of the lifetime",
    integerX: true,
    yLabel: "episode return",
    id: `${idPrefix}-returns`,
    caption: [
      `Return of each episode (the network carried across episodes), mean over ${a.lifetimes} lifetimes: episode 1 `,
      { value: a.episodeMean[0], series: meanName, stat: "first", digits: 1 },
      `, episode ${episodes.length} `,
      { value: a.episodeMean[a.episodeMean.length - 1], series: meanName, stat: "last", digits: 1 },
      `; last − first ${a.improvementMean.toFixed(1)} ± ${a.improvementStd.toFixed(1)} (sd).`,
    ],
  });
  return [
    {
      heading: `${label}: the network over one lifetime`,
      text:
        `Episode returns of this lifetime: ${ret}. Over ${a.lifetimes} lifetimes: episode means ${
          a.episodeMean.map((m) => m.toFixed(1)).join(", ")
        }; last − first episode ${a.improvementMean.toFixed(1)} ± ${a.improvementStd.toFixed(1)}.`,
      plots: graphs,
    },
    {
      heading: `${label}: structural and synaptic change`,
      text: "Return per episode over the lifetimes, edge count after every environment step " +
        "(episodes concatenated) and the weight distribution on existing edges at the start and " +
        "the end of the lifetime.",
      plots: [
        // the returns per episode need two episodes at least
        ...(episodes.length > 1 ? [returns] : []),
        lineChart([{ name: "edges", x, y: a.edgeCounts }], {
          title: "Edge count over the lifetime",
          xLabel: "environment step (episodes concatenated)",
          yLabel: "edges (count)",
          id: `${idPrefix}-edges`,
          caption: [
            "The traced lifetime starts with ",
            { value: a.edgeCounts[0], series: "edges", stat: "first" },
            " edges, peaks at ",
            { value: Math.max(...a.edgeCounts), series: "edges", stat: "max" },
            " and ends with ",
            { value: a.edgeCounts[a.edgeCounts.length - 1], series: "edges", stat: "last" },
            ".",
          ],
        }),
        ...hist,
      ],
    },
  ];
};

const readJson = (path: string): Record<string, unknown> | undefined => {
  try {
    return JSON.parse(Deno.readTextFileSync(path));
  } catch {
    return undefined;
  }
};

/** Curves and best genome of a run directory, from `curve.json`/`best-genome.json` or the state. */
const runData = (run: RunDir): {
  max: number[];
  mean: number[];
  best?: Float64Array;
  meanGenome?: Float64Array;
  cfg?: LifetimeConfig;
} | undefined => {
  const curve = readJson(`${run.dir}/curve.json`);
  const bestFile = readJson(`${run.dir}/best-genome.json`);
  const state = run.finalState as
    | { curveMax?: number[]; curveMean?: number[]; bestGenome?: Float64Array }
    | undefined;
  const max = (curve?.max as number[] | undefined) ?? state?.curveMax;
  const mean = (curve?.mean as number[] | undefined) ?? state?.curveMean;
  if (!max || !mean) return undefined;
  const g = (bestFile?.genome as number[] | undefined) ?? state?.bestGenome;
  const meanFile = readJson(`${run.dir}/mean-genome.json`);
  const mg = meanFile?.genome as number[] | undefined;
  let cfg: LifetimeConfig | undefined;
  try {
    cfg = lifetimeConfig(pickLifetime(run.manifest.config as Record<string, unknown> | null));
  } catch {
    cfg = undefined;
  }
  return {
    max,
    mean,
    best: g ? Float64Array.from(g) : undefined,
    meanGenome: mg ? Float64Array.from(mg) : undefined,
    cfg,
  };
};

const LIFETIME_KEYS = Object.keys(lifetimeDefaults);

/** Fresh lifetimes of the honest re-evaluation in a run report (the issue's minimum). */
const REPORT_LIFETIMES = 30;

const pickLifetime = (c: Record<string, unknown> | null | undefined): Partial<LifetimeConfig> => {
  const out: Record<string, unknown> = {};
  for (const k of LIFETIME_KEYS) if (c && k in c) out[k] = c[k];
  return out as Partial<LifetimeConfig>;
};

/**
 * The LNDP reporter: fitness curve, then the best genome's network over one lifetime (graphs,
 * edge count, weight histograms). Returns no sections for directories it does not understand.
 *
 * @example
 * ```ts ignore
 * import { lndpReporter } from "@neuroplastic/engines/lndp";
 * import { readRunDir } from "@neuroplastic/core/chart";
 * const sections = lndpReporter(readRunDir("runs/lndp-cartpole"));
 * ```
 */
export const lndpReporter: EngineReporter = (run: RunDir): readonly ReportSection[] => {
  const d = runData(run);
  if (!d) return [];
  const task = d.cfg?.task;
  const threshold = task === "cartpole" ? 475 : undefined;
  const bestSoFar = bestSoFarCurve(d.max);
  const G = d.max.length;
  const out: ReportSection[] = [{
    heading: "Fitness curve",
    text: `${G} generations. The reference's log (one lifetime per member per generation, so a ` +
      `lucky lifetime counts): \`best\` (largest single-lifetime fitness so far) ${
        bestSoFar[G - 1]?.toFixed(1)
      }, \`gen_best\` (generation maximum) ${d.max[G - 1]?.toFixed(1)} in the last generation; ` +
      `population mean ${d.mean[G - 1]?.toFixed(1)}.`,
    plots: [lndpCurveSvg(d.max, d.mean, "lndp-curve", threshold)],
  }];
  if (d.best && d.cfg) {
    // honest: fresh lifetimes from a key no training generation uses
    const fresh = key(1_000_003);
    const a = analyzeLifetimes(d.cfg, d.best, fresh, REPORT_LIFETIMES);
    const m = d.meanGenome
      ? analyzeLifetimes(d.cfg, d.meanGenome, fresh, REPORT_LIFETIMES)
      : undefined;
    const row = (name: string, x: LifetimeAnalysis): (string | number)[] => [
      name,
      `${x.fitnessMean.toFixed(1)} ± ${x.fitnessStd.toFixed(1)}`,
      x.episodeMean.map((v) => v.toFixed(1)).join(", "),
      `${x.improvementMean.toFixed(1)} ± ${x.improvementStd.toFixed(1)}`,
    ];
    out.push({
      heading: "Honest re-evaluation",
      text: `The genome behind \`best\`${
        m ? " and the strategy's mean genome" : ""
      } on ${REPORT_LIFETIMES} fresh lifetimes (key 1000003, never used in training)${
        threshold !== undefined ? `; solved means a mean of ${threshold} or more` : ""
      }. The paper's CartPole figure and budget could not be checked (only its abstract was available).`,
      table: {
        columns: ["genome", "fitness (mean ± sd)", "episode means", "last − first episode"],
        rows: [row("best", a), ...(m ? [row("strategy mean", m)] : [])],
      },
    });
    out.push(...lndpLifetimeSections(a, "Best genome", "lndp-best"));
  }
  return out;
};
