/**
 * A small typed SVG plotting module: line charts, scatter plots, histograms,
 * spike rasters and Poincaré-disk plots, rendered to self-contained SVG strings
 * (no browser, no network). Used by the HTML reports.
 *
 * @module
 */
import { formatTicks, linearTicks, logRange, logTicks } from "./ticks.ts";

/** A shaded band around a series (e.g. ± 1 sd or min–max over seeds or lifetimes). */
export interface Band {
  /** Lower edge at each x. */
  readonly lower: ArrayLike<number>;
  /** Upper edge at each x. */
  readonly upper: ArrayLike<number>;
  /** What the band is, shown in the legend (e.g. "min–max over 3 seeds"). */
  readonly label?: string;
}

/** One series of a line or scatter chart. */
export interface Series {
  /** Legend label. */
  readonly name: string;
  /** x values. */
  readonly x: ArrayLike<number>;
  /** y values (same length as x). */
  readonly y: ArrayLike<number>;
  /** CSS colour (default: the palette). */
  readonly color?: string;
  /** Dashed line (e.g. a reference or a fit). */
  readonly dashed?: boolean;
  /** A shaded band around the line (line charts only), same length as x. */
  readonly band?: Band;
}

/**
 * A number of a caption taken from the plotted data: `value` (computed by the caller) is shown
 * with `digits` decimals (default 3 significant digits) and marked with the series and the
 * statistic it claims to be, so tests can compare it with the drawn series. Statistics: the
 * `first`, `last`, `min`, `max` or `mean` y of the series, the x at its maximum (`xAtMax`) or
 * minimum (`xAtMin`); on a disk or network plot, the number of `nodes` or `edges`.
 */
export interface Claim {
  /** The value shown. */
  readonly value: number;
  /** Name of the series it is computed from ("" on disk and network plots). */
  readonly series: string;
  /** The statistic of that series. */
  readonly stat:
    | "first"
    | "last"
    | "min"
    | "max"
    | "mean"
    | "xAtMax"
    | "xAtMin"
    | "nodes"
    | "edges";
  /** Decimal places shown (default: 3 significant digits). */
  readonly digits?: number;
}

/** A figure caption: text, or text and {@link Claim}s (numbers from the plotted data). */
export type Caption = string | readonly (string | Claim)[];

/** Common chart options. */
export interface ChartOptions {
  /** Title above the plot. */
  readonly title: string;
  /** Title of the x axis (with its unit). */
  readonly xLabel?: string;
  /** Title of the y axis (with its unit). */
  readonly yLabel?: string;
  /** Width in px (default 520). */
  readonly width?: number;
  /** Height of the plot in px, without the legend rows below it (default 320). */
  readonly height?: number;
  /** Logarithmic y axis (ticks at powers of ten, or 1-2-5 × 10^k within a decade). */
  readonly logY?: boolean;
  /** x takes integer values only (episodes, generations): no tick between integers. */
  readonly integerX?: boolean;
  /** Stable id used by tests to find the plot (`data-plot` attribute). */
  readonly id?: string;
  /**
   * Caption computed from the plotted data, shown by {@link renderReport} under the plot as
   * "Figure N. …" (kept in the SVG's `data-caption` attribute).
   */
  readonly caption?: Caption;
}

/** Options of the charts with axes: both axis titles (with units) are required. */
export type AxisChartOptions = ChartOptions & {
  /** Title of the x axis (with its unit). */
  readonly xLabel: string;
  /** Title of the y axis (with its unit). */
  readonly yLabel: string;
};

/** An entry of a colour key (legend) of a disk or network plot. */
export interface KeyEntry {
  /** CSS colour. */
  readonly color: string;
  /** What the colour means. */
  readonly label: string;
  /** Drawn as a node (dot, default) or an edge (line). */
  readonly kind?: "node" | "edge";
}

const PALETTE = [
  "#1f77b4",
  "#d62728",
  "#2ca02c",
  "#ff7f0e",
  "#9467bd",
  "#8c564b",
  "#e377c2",
  "#17becf",
];

/**
 * Escapes text for inclusion in SVG/HTML.
 *
 * @example
 * ```ts
 * import { esc } from "./svg.ts";
 * console.log(esc("a<b")); // a&lt;b
 * ```
 */
export const esc = (s: string): string =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** Caption numbers: `digits` decimals, else 3 significant digits (plain below 10⁵). */
const claimText = (c: Claim): string => {
  if (!Number.isFinite(c.value)) return String(c.value);
  if (c.digits !== undefined) return c.value.toFixed(c.digits);
  if (Number.isInteger(c.value) && Math.abs(c.value) < 1e9) return String(c.value);
  const a = Math.abs(c.value);
  return a !== 0 && (a >= 1e5 || a < 1e-3)
    ? c.value.toExponential(2)
    : String(Number(c.value.toPrecision(3)));
};

/**
 * A caption as HTML: text escaped, each claim as `<span class="claim" data-series data-stat>`.
 *
 * @example
 * ```ts
 * import { captionHtml } from "./svg.ts";
 * console.log(captionHtml(["last ", { value: 2.5, series: "d", stat: "last" }]));
 * // last <span class="claim" data-series="d" data-stat="last">2.5</span>
 * ```
 */
export const captionHtml = (c: Caption): string =>
  typeof c === "string"
    ? esc(c)
    : c.map((p) =>
      typeof p === "string"
        ? esc(p)
        : `<span class="claim" data-series="${esc(p.series)}" data-stat="${p.stat}">${
          claimText(p)
        }</span>`
    ).join("");

const finiteRange = (arrays: readonly ArrayLike<number>[], log = false): [number, number] => {
  let lo = Infinity, hi = -Infinity;
  for (const a of arrays) {
    for (let i = 0; i < a.length; i++) {
      const v = log ? Math.log10(a[i]) : a[i];
      if (Number.isFinite(v)) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
  }
  if (lo === Infinity) return [0, 1];
  // a constant series: half its size either side (±0.5 around 0, ±0.5 in log10 units)
  const half = lo === hi ? (log || lo === 0 ? 0.5 : Math.abs(lo) / 2) : (hi - lo) * 0.04;
  const a = lo - half, b = hi + half;
  // data that are all ≥ 0 (counts, fractions, rates) never get a negative axis from the padding
  return [!log && lo >= 0 && a < 0 ? 0 : a, b];
};

/** Approximate width in px of `s` at `size` px sans-serif (for layout only). */
const textWidth = (s: string, size = 11): number => 0.58 * size * [...s].length;

interface LegendItem {
  readonly label: string;
  /** `line`, `dashed`, `band` (shaded patch), `bar` (solid patch), `node` (dot) or `edge`. */
  readonly kind: "line" | "dashed" | "band" | "bar" | "node" | "edge";
  readonly color: string;
}

/** Legend entries laid out in rows of at most `width` px: [row, x offset] per item. */
const legendLayout = (items: readonly LegendItem[], width: number): [number, number][] => {
  const out: [number, number][] = [];
  let row = 0, x = 0;
  for (const it of items) {
    const w = 24 + textWidth(it.label) + 14;
    if (x > 0 && x + w > width) {
      row++;
      x = 0;
    }
    out.push([row, x]);
    x += w;
  }
  return out;
};

const LEGEND_ROW = 16;

const legendRows = (items: readonly LegendItem[], width: number): number =>
  items.length === 0 ? 0 : Math.max(...legendLayout(items, width).map(([r]) => r)) + 1;

/** The legend, in rows starting at (x0, y0): below the data area, never over a series. */
const legendSvg = (items: readonly LegendItem[], x0: number, y0: number, width: number): string => {
  const pos = legendLayout(items, width);
  return `<g class="legend">${
    items.map((it, i) => {
      const x = x0 + pos[i][1], y = y0 + pos[i][0] * LEGEND_ROW;
      const mark = it.kind === "band" || it.kind === "bar"
        ? `<rect x="${x}" y="${y - 5}" width="18" height="10" fill="${it.color}" fill-opacity="${
          it.kind === "bar" ? 1 : 0.22
        }"/>`
        : it.kind === "node"
        ? `<circle cx="${x + 9}" cy="${y}" r="4" fill="${it.color}"/>`
        : `<line x1="${x}" x2="${x + 18}" y1="${y}" y2="${y}" stroke="${it.color}" stroke-width="${
          it.kind === "edge" ? 1.2 : 2
        }"${it.kind === "dashed" ? ' stroke-dasharray="4 3"' : ""}/>`;
      return `${mark}<text x="${x + 23}" y="${y + 4}" font-size="11">${esc(it.label)}</text>`;
    }).join("")
  }</g>`;
};

interface Frame {
  readonly w: number;
  /** Height of the whole SVG (plot and legend). */
  readonly h: number;
  readonly l: number;
  readonly r: number;
  readonly t: number;
  /** y of the bottom edge of the data area. */
  readonly bottom: number;
  sx(v: number): number;
  sy(v: number): number;
}

interface Axes {
  readonly xt: number[];
  readonly yt: number[];
  readonly xl: string[];
  readonly yl: string[];
}

/** Ticks and labels: 1-2-5 on linear axes, decades on log axes (`yr` in log10 units then). */
const axisTicks = (o: ChartOptions, xr: [number, number], yr: [number, number]): Axes => {
  const xt = linearTicks(xr[0], xr[1], 5, o.integerX ? 1 : 0);
  const yv = o.logY ? logTicks(10 ** yr[0], 10 ** yr[1]) : linearTicks(yr[0], yr[1]);
  return {
    xt,
    yt: o.logY ? yv.map(Math.log10) : yv,
    xl: formatTicks(xt),
    yl: formatTicks(yv, o.logY),
  };
};

const frame = (
  o: ChartOptions,
  xr: [number, number],
  yr: [number, number],
  ax: Axes,
  legend: readonly LegendItem[],
): Frame => {
  const w = o.width ?? 520, plotH = o.height ?? 320;
  // room for the longest y tick label and the rotated y-axis title
  const l = Math.max(52, Math.ceil(30 + Math.max(0, ...ax.yl.map((s) => textWidth(s)))));
  const r = 16, t = 34, b = 46;
  const rows = legendRows(legend, w - l - r);
  const h = plotH + (rows ? rows * LEGEND_ROW + 4 : 0);
  const bottom = plotH - b;
  return {
    w,
    h,
    l,
    r,
    t,
    bottom,
    sx: (v) => l + ((v - xr[0]) / (xr[1] - xr[0])) * (w - l - r),
    sy: (v) => bottom - ((v - yr[0]) / (yr[1] - yr[0])) * (bottom - t),
  };
};

const axes = (o: ChartOptions, f: Frame, ax: Axes): string => {
  const parts: string[] = [];
  parts.push(
    `<rect x="${f.l}" y="${f.t}" width="${f.w - f.l - f.r}" height="${
      f.bottom - f.t
    }" fill="#fff" stroke="#999"/>`,
  );
  ax.xt.forEach((v, i) => {
    const x = f.sx(v).toFixed(1);
    parts.push(
      `<g class="xtick"><line x1="${x}" x2="${x}" y1="${f.bottom}" y2="${
        f.bottom + 4
      }" stroke="#666"/><text x="${x}" y="${f.bottom + 16}" text-anchor="middle" font-size="11">${
        ax.xl[i]
      }</text></g>`,
    );
  });
  ax.yt.forEach((v, i) => {
    const y = f.sy(v).toFixed(1);
    parts.push(
      `<line x1="${f.l}" x2="${f.w - f.r}" y1="${y}" y2="${y}" stroke="#eee"/>`,
      `<g class="ytick"><line x1="${
        f.l - 4
      }" x2="${f.l}" y1="${y}" y2="${y}" stroke="#666"/><text x="${f.l - 6}" y="${
        Number(y) + 4
      }" text-anchor="end" font-size="11">${ax.yl[i]}</text></g>`,
    );
  });
  parts.push(
    `<text class="title" x="${
      f.w / 2
    }" y="20" text-anchor="middle" font-size="14" font-weight="bold">${esc(o.title)}</text>`,
  );
  if (o.xLabel) {
    parts.push(
      `<text class="axis-title x" x="${(f.l + f.w - f.r) / 2}" y="${
        f.bottom + 34
      }" text-anchor="middle" font-size="12">${esc(o.xLabel)}</text>`,
    );
  }
  if (o.yLabel) {
    parts.push(
      `<text class="axis-title y" transform="translate(14 ${
        (f.t + f.bottom) / 2
      }) rotate(-90)" text-anchor="middle" font-size="12">${esc(o.yLabel)}</text>`,
    );
  }
  return parts.join("");
};

const wrapAttrs = (o: ChartOptions, kind: string, w: number, h: number, extra = ""): string =>
  `xmlns="http://www.w3.org/2000/svg" class="plot" data-plot="${
    esc(o.id ?? o.title)
  }" data-title="${esc(o.title)}" data-kind="${kind}"${extra}${
    o.caption !== undefined ? ` data-caption="${esc(captionHtml(o.caption))}"` : ""
  } width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="sans-serif"`;

const wrap = (o: ChartOptions, f: Frame, kind: string, body: string): string =>
  `<svg ${wrapAttrs(o, kind, f.w, f.h, o.logY ? ' data-logy="1"' : "")}>${body}</svg>`;

/** Legend items of line/scatter series: one per series (when two or more), one per named band. */
const seriesLegend = (series: readonly Series[]): LegendItem[] => {
  const out: LegendItem[] = [];
  const bands = series.some((s) => s.band?.label);
  if (series.length < 2 && !bands) return out;
  series.forEach((s, i) => {
    const color = s.color ?? PALETTE[i % 8];
    out.push({ label: s.name, kind: s.dashed ? "dashed" : "line", color });
    if (s.band?.label) out.push({ label: s.band.label, kind: "band", color });
  });
  return out;
};

const legendBelow = (f: Frame, items: readonly LegendItem[]): string =>
  items.length ? legendSvg(items, f.l, f.bottom + 56, f.w - f.l - f.r) : "";

/**
 * A line chart of one or more series; a series' `band` is shaded under its line. The legend sits
 * below the data area.
 *
 * @example
 * ```ts
 * import { lineChart } from "./svg.ts";
 * const svg = lineChart([{
 *   name: "loss", x: [0, 1, 2], y: [3, 2, 1.5],
 *   band: { lower: [2.8, 1.9, 1.3], upper: [3.2, 2.2, 1.6], label: "min–max over 3 seeds" },
 * }], { title: "Loss", xLabel: "epoch", yLabel: "loss (MSE)" });
 * console.log(svg.startsWith("<svg"));
 * ```
 */
export const lineChart = (series: readonly Series[], o: AxisChartOptions): string => {
  const xr = finiteRange(series.map((s) => s.x));
  let yr = finiteRange(
    series.flatMap((s) => (s.band ? [s.y, s.band.lower, s.band.upper] : [s.y])),
    o.logY,
  );
  if (o.logY) {
    // a narrow log range reaches out to the 1-2-5 values around it (three ticks at least)
    const [a, b] = logRange(10 ** yr[0], 10 ** yr[1]);
    yr = [Math.log10(a), Math.log10(b)];
  }
  const ax = axisTicks(o, xr, yr);
  const items = seriesLegend(series);
  const f = frame(o, xr, yr, ax, items);
  const Y = (v: number): number => (o.logY ? Math.log10(v) : v);
  const bands = series.map((s, i) => {
    if (!s.band) return "";
    const up: string[] = [], dn: string[] = [];
    const n = Math.min(s.x.length, s.band.lower.length, s.band.upper.length);
    for (let k = 0; k < n; k++) {
      const lo = Y(s.band.lower[k]), hi = Y(s.band.upper[k]);
      if (!Number.isFinite(lo) || !Number.isFinite(hi) || !Number.isFinite(s.x[k])) continue;
      const x = f.sx(s.x[k]).toFixed(1);
      up.push(`${x},${f.sy(hi).toFixed(1)}`);
      dn.push(`${x},${f.sy(lo).toFixed(1)}`);
    }
    return up.length
      ? `<polygon class="band" data-name="${esc(s.name)}" points="${
        [...up, ...dn.reverse()].join(" ")
      }" fill="${s.color ?? PALETTE[i % 8]}" fill-opacity="0.22" stroke="none"/>`
      : "";
  }).join("");
  const paths = series.map((s, i) => {
    let d = "";
    let pen = false;
    for (let k = 0; k < Math.min(s.x.length, s.y.length); k++) {
      const yv = Y(s.y[k]);
      if (!Number.isFinite(yv) || !Number.isFinite(s.x[k])) {
        pen = false;
        continue;
      }
      d += `${pen ? "L" : "M"}${f.sx(s.x[k]).toFixed(1)} ${f.sy(yv).toFixed(1)}`;
      pen = true;
    }
    return `<path class="series" d="${d}" data-name="${esc(s.name)}" fill="none" stroke="${
      s.color ?? PALETTE[i % 8]
    }" stroke-width="1.6"${s.dashed ? ' stroke-dasharray="4 3"' : ""}/>`;
  }).join("");
  return wrap(o, f, "line", axes(o, f, ax) + bands + paths + legendBelow(f, items));
};

/**
 * A scatter plot.
 *
 * @example
 * ```ts
 * import { scatterChart } from "./svg.ts";
 * scatterChart([{ name: "pts", x: [0, 1], y: [1, 0] }], { title: "Scatter", xLabel: "x (m)", yLabel: "y (m)" });
 * ```
 */
export const scatterChart = (
  series: readonly Series[],
  o: AxisChartOptions & { readonly radius?: number },
): string => {
  const xr = finiteRange(series.map((s) => s.x));
  const yr = finiteRange(series.map((s) => s.y));
  const ax = axisTicks({ ...o, logY: false }, xr, yr);
  const items = seriesLegend(series.map((s) => ({ ...s, band: undefined })));
  const f = frame(o, xr, yr, ax, items);
  const dots = series.map((s, i) => {
    let out = "";
    for (let k = 0; k < Math.min(s.x.length, s.y.length); k++) {
      if (!Number.isFinite(s.x[k]) || !Number.isFinite(s.y[k])) continue;
      out += `<circle cx="${f.sx(s.x[k]).toFixed(1)}" cy="${f.sy(s.y[k]).toFixed(1)}" r="${
        o.radius ?? 2
      }" fill="${s.color ?? PALETTE[i % 8]}" fill-opacity="0.75"/>`;
    }
    return out;
  }).join("");
  return wrap(
    { ...o, logY: false },
    f,
    "scatter",
    axes(o, f, ax) + dots + legendBelow(f, items),
  );
};

/**
 * A histogram of `values` with `bins` equal-width bins (y: probability density), optionally with
 * an overlaid density curve (e.g. a lognormal fit) given as `(x) => density`.
 *
 * @example
 * ```ts
 * import { histogram } from "./svg.ts";
 * histogram([1, 2, 2, 3], { title: "H", bins: 3, xLabel: "value", yLabel: "density" });
 * ```
 */
export const histogram = (
  values: ArrayLike<number>,
  o: AxisChartOptions & {
    readonly bins?: number;
    readonly density?: (x: number) => number;
    readonly range?: [number, number];
    /** Legend label of the density curve (default none). */
    readonly densityLabel?: string;
  },
): string => {
  const bins = o.bins ?? 30;
  const [lo, hi] = o.range ?? (() => {
    const [a, b] = finiteRange([values]);
    return [a, b] as [number, number];
  })();
  const counts = new Float64Array(bins);
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v) || v < lo || v > hi) continue;
    counts[Math.min(bins - 1, Math.floor(((v - lo) / (hi - lo)) * bins))]++;
    n++;
  }
  const width = (hi - lo) / bins;
  const dens = counts.map((c) => (n > 0 ? c / (n * width) : 0));
  let ymax = Math.max(...dens, 1e-12);
  const curveX: number[] = [], curveY: number[] = [];
  if (o.density) {
    for (let i = 0; i <= 100; i++) {
      const x = lo + ((hi - lo) * i) / 100;
      const y = o.density(x);
      curveX.push(x);
      curveY.push(y);
      if (Number.isFinite(y) && y > ymax) ymax = y;
    }
  }
  const xr: [number, number] = [lo, hi], yr: [number, number] = [0, ymax * 1.05];
  const oo = { ...o, logY: false };
  const ax = axisTicks(oo, xr, yr);
  const items: LegendItem[] = o.density && o.densityLabel
    ? [{ label: "histogram", kind: "bar", color: "#7aa6d6" }, {
      label: o.densityLabel,
      kind: "line",
      color: "#d62728",
    }]
    : [];
  const f = frame(oo, xr, yr, ax, items);
  let bars = "";
  for (let i = 0; i < bins; i++) {
    const x0 = f.sx(lo + i * width), x1 = f.sx(lo + (i + 1) * width), y = f.sy(dens[i]);
    bars += `<rect class="bar" x="${x0.toFixed(1)}" y="${y.toFixed(1)}" width="${
      Math.max(0, x1 - x0 - 0.5).toFixed(1)
    }" height="${(f.sy(0) - y).toFixed(1)}" fill="#7aa6d6"/>`;
  }
  let curve = "";
  if (o.density) {
    const d = curveX.map((x, i) =>
      Number.isFinite(curveY[i])
        ? `${i === 0 ? "M" : "L"}${f.sx(x).toFixed(1)} ${f.sy(curveY[i]).toFixed(1)}`
        : ""
    ).join("");
    curve = `<path class="series" d="${d}" data-name="${
      esc(o.densityLabel ?? "density")
    }" fill="none" stroke="#d62728" stroke-width="1.6"/>`;
  }
  return wrap(oo, f, "histogram", axes(oo, f, ax) + bars + curve + legendBelow(f, items));
};

/**
 * A spike raster: `spikes[t * n + i] !== 0` draws a tick for neuron `i` at time `t`. With
 * `onePath`, all ticks are one `<path class="tick">` (one element instead of one per spike:
 * a page inserts it in a few milliseconds, e.g. the playground's live raster).
 *
 * @example
 * ```ts
 * import { raster } from "./svg.ts";
 * raster(new Uint8Array([1, 0, 0, 1]), 2, { title: "Raster", xLabel: "step", yLabel: "neuron" });
 * ```
 */
export const raster = (
  spikes: ArrayLike<number>,
  n: number,
  o: AxisChartOptions & { readonly t0?: number; readonly onePath?: boolean },
): string => {
  const T = Math.floor(spikes.length / n);
  const t0 = o.t0 ?? 0;
  const xr: [number, number] = [t0, t0 + Math.max(T, 1)], yr: [number, number] = [0, n];
  const oo = { ...o, logY: false };
  const ax = axisTicks(oo, xr, yr);
  const f = frame(oo, xr, yr, ax, []);
  let ticks = "";
  const hCell = Math.max(0.6, (f.bottom - f.t) / n);
  const w = Math.max(0.8, (f.w - f.l - f.r) / T).toFixed(2), h = hCell.toFixed(2);
  for (let t = 0; t < T; t++) {
    for (let i = 0; i < n; i++) {
      if (spikes[t * n + i]) {
        const x = f.sx(t0 + t).toFixed(1), y = f.sy(i + 1).toFixed(1);
        ticks += o.onePath
          ? `M${x} ${y}h${w}v${h}h-${w}z`
          : `<rect class="tick" x="${x}" y="${y}" width="${w}" height="${h}" fill="#222"/>`;
      }
    }
  }
  if (o.onePath) ticks = ticks ? `<path class="tick" d="${ticks}" fill="#222"/>` : "";
  return wrap(oo, f, "raster", axes(oo, f, ax) + ticks);
};

/**
 * Points (and optional edges drawn as geodesic arcs) on the Poincaré disk (curvature 1).
 * `points` holds 2-D coordinates row-major; `edges` pairs of point indices. `key` explains the
 * node and edge colours in a legend below the disk.
 *
 * @example
 * ```ts
 * import { poincareDisk } from "./svg.ts";
 * poincareDisk(new Float64Array([0, 0, 0.5, 0.1]), {
 *   title: "Disk",
 *   edges: [[0, 1]],
 *   key: [{ color: "#1f77b4", label: "node" }, { color: "#8888cc", label: "nearest neighbour", kind: "edge" }],
 * });
 * ```
 */
export const poincareDisk = (
  points: ArrayLike<number>,
  o: ChartOptions & {
    readonly edges?: readonly (readonly [number, number])[];
    readonly colors?: readonly string[];
    readonly radius?: number;
    /** Colour key below the disk: what node and edge colours mean. */
    readonly key?: readonly KeyEntry[];
    /** Edge colour (default #8888cc). */
    readonly edgeColor?: string;
  },
): string => {
  const size = o.width ?? 360;
  const R = size / 2 - 24, cx = size / 2, cy = size / 2 + 12;
  const X = (x: number): number => cx + x * R, Y = (y: number): number => cy - y * R;
  const items: LegendItem[] = (o.key ?? []).map((k) => ({
    label: k.label,
    kind: k.kind ?? "node",
    color: k.color,
  }));
  // one key entry per row (a colour scale reads top to bottom)
  const rows = items.length;
  const H = size + 24 + (rows ? rows * LEGEND_ROW + 4 : 0);
  let body = `<text class="title" x="${
    size / 2
  }" y="18" text-anchor="middle" font-size="14" font-weight="bold">${esc(o.title)}</text>`;
  body += `<circle cx="${cx}" cy="${cy}" r="${R}" fill="#fbfbff" stroke="#555"/>`;
  for (const [a, b] of o.edges ?? []) {
    const x1 = points[2 * a], y1 = points[2 * a + 1], x2 = points[2 * b], y2 = points[2 * b + 1];
    body += `<path class="edge" d="${geodesicPath(x1, y1, x2, y2, X, Y, R)}" fill="none" stroke="${
      o.edgeColor ?? "#8888cc"
    }" stroke-opacity="0.5" stroke-width="0.8"/>`;
  }
  const n = Math.floor(points.length / 2);
  for (let i = 0; i < n; i++) {
    body += `<circle class="node" cx="${X(points[2 * i]).toFixed(1)}" cy="${
      Y(points[2 * i + 1]).toFixed(1)
    }" r="${o.radius ?? 2.5}" fill="${o.colors?.[i] ?? "#1f77b4"}"/>`;
  }
  if (items.length) body += legendSvg(items, 8, size + 24 + 6, 0);
  return `<svg ${wrapAttrs(o, "disk", size, H)}>${body}</svg>`;
};

/** SVG path of the geodesic between two points of the unit Poincaré disk (an arc orthogonal to the boundary). */
const geodesicPath = (
  x1: number,
  y1: number,
  x2: number,
  y2: number,
  X: (x: number) => number,
  Y: (y: number) => number,
  R: number,
): string => {
  // Circle through p, q and the inversion p* = p/|p|² is orthogonal to the unit circle.
  const cross = x1 * y2 - y1 * x2;
  const straight = `M${X(x1).toFixed(1)} ${Y(y1).toFixed(1)}L${X(x2).toFixed(1)} ${
    Y(y2).toFixed(1)
  }`;
  if (Math.abs(cross) < 1e-9) return straight;
  const a1 = (x1 * x1 + y1 * y1 + 1) / 2, a2 = (x2 * x2 + y2 * y2 + 1) / 2;
  // centre c solves c·p = a1, c·q = a2
  const cxu = (a1 * y2 - a2 * y1) / cross, cyu = (x1 * a2 - x2 * a1) / cross;
  const r = Math.sqrt(Math.max(0, cxu * cxu + cyu * cyu - 1));
  if (!Number.isFinite(r) || r > 1e4) return straight;
  const sweep = cross > 0 ? 0 : 1;
  return `M${X(x1).toFixed(1)} ${Y(y1).toFixed(1)}A${(r * R).toFixed(1)} ${
    (r * R).toFixed(1)
  } 0 0 ${sweep} ${X(x2).toFixed(1)} ${Y(y2).toFixed(1)}`;
};
