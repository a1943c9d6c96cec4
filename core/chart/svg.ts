/**
 * A small typed SVG plotting module: line charts, scatter plots, histograms,
 * spike rasters and Poincaré-disk plots, rendered to self-contained SVG strings
 * (no browser, no network). Used by the HTML reports.
 *
 * @module
 */

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
}

/** Common chart options. */
export interface ChartOptions {
  /** Title above the plot. */
  readonly title: string;
  /** Title of the x axis (with its unit). */
  readonly xLabel?: string;
  /** Title of the y axis (with its unit). */
  readonly yLabel?: string;
  /** Width in px (default 480). */
  readonly width?: number;
  /** Height in px (default 300). */
  readonly height?: number;
  /** Logarithmic y axis. */
  readonly logY?: boolean;
  /** Stable id used by tests to find the plot (`data-plot` attribute). */
  readonly id?: string;
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

const fmt = (v: number): string => {
  if (v === 0) return "0";
  const a = Math.abs(v);
  if (a >= 1e4 || a < 1e-3) return v.toExponential(1);
  return Number(v.toPrecision(3)).toString();
};

const niceTicks = (lo: number, hi: number, n = 5): number[] => {
  if (!(hi > lo)) return [lo];
  const step0 = (hi - lo) / n;
  const mag = 10 ** Math.floor(Math.log10(step0));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= step0) ?? step0;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-12 * Math.abs(hi); v += step) out.push(v);
  return out;
};

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
  if (lo === hi) return [lo - 0.5, hi + 0.5];
  const pad = (hi - lo) * 0.04;
  return [lo - pad, hi + pad];
};

interface Frame {
  readonly w: number;
  readonly h: number;
  readonly l: number;
  readonly r: number;
  readonly t: number;
  readonly b: number;
  sx(v: number): number;
  sy(v: number): number;
}

const frame = (o: ChartOptions, xr: [number, number], yr: [number, number]): Frame => {
  const w = o.width ?? 520, h = o.height ?? 320;
  const l = 62, r = 16, t = 34, b = 46;
  return {
    w,
    h,
    l,
    r,
    t,
    b,
    sx: (v) => l + ((v - xr[0]) / (xr[1] - xr[0])) * (w - l - r),
    sy: (v) => h - b - ((v - yr[0]) / (yr[1] - yr[0])) * (h - t - b),
  };
};

const axes = (o: ChartOptions, f: Frame, xr: [number, number], yr: [number, number]): string => {
  const parts: string[] = [];
  parts.push(
    `<rect x="${f.l}" y="${f.t}" width="${f.w - f.l - f.r}" height="${
      f.h - f.t - f.b
    }" fill="#fff" stroke="#999"/>`,
  );
  for (const v of niceTicks(xr[0], xr[1])) {
    const x = f.sx(v).toFixed(1);
    parts.push(`<line x1="${x}" x2="${x}" y1="${f.h - f.b}" y2="${f.h - f.b + 4}" stroke="#666"/>`);
    parts.push(
      `<text x="${x}" y="${f.h - f.b + 16}" text-anchor="middle" font-size="11">${fmt(v)}</text>`,
    );
  }
  for (const v of niceTicks(yr[0], yr[1])) {
    const y = f.sy(v).toFixed(1);
    parts.push(`<line x1="${f.l - 4}" x2="${f.l}" y1="${y}" y2="${y}" stroke="#666"/>`);
    parts.push(`<line x1="${f.l}" x2="${f.w - f.r}" y1="${y}" y2="${y}" stroke="#eee"/>`);
    const label = o.logY ? fmt(10 ** v) : fmt(v);
    parts.push(
      `<text x="${f.l - 6}" y="${Number(y) + 4}" text-anchor="end" font-size="11">${label}</text>`,
    );
  }
  parts.push(
    `<text x="${f.w / 2}" y="20" text-anchor="middle" font-size="14" font-weight="bold">${
      esc(o.title)
    }</text>`,
  );
  if (o.xLabel) {
    parts.push(
      `<text x="${(f.l + f.w - f.r) / 2}" y="${f.h - 8}" text-anchor="middle" font-size="12">${
        esc(o.xLabel)
      }</text>`,
    );
  }
  if (o.yLabel) {
    parts.push(
      `<text transform="translate(14 ${
        (f.t + f.h - f.b) / 2
      }) rotate(-90)" text-anchor="middle" font-size="12">${esc(o.yLabel)}</text>`,
    );
  }
  return parts.join("");
};

const wrap = (o: ChartOptions, f: Frame, kind: string, body: string): string =>
  `<svg xmlns="http://www.w3.org/2000/svg" class="plot" data-plot="${
    esc(o.id ?? o.title)
  }" data-kind="${kind}" width="${f.w}" height="${f.h}" viewBox="0 0 ${f.w} ${f.h}" font-family="sans-serif">${body}</svg>`;

const legend = (series: readonly Series[], f: Frame): string =>
  series.length < 2
    ? ""
    : series.map((s, i) =>
      `<g><line x1="${f.w - f.r - 120}" x2="${f.w - f.r - 104}" y1="${f.t + 12 + 14 * i}" y2="${
        f.t + 12 + 14 * i
      }" stroke="${s.color ?? PALETTE[i % 8]}" stroke-width="2"${
        s.dashed ? ' stroke-dasharray="4 3"' : ""
      }/><text x="${f.w - f.r - 100}" y="${f.t + 16 + 14 * i}" font-size="11">${
        esc(s.name)
      }</text></g>`
    ).join("");

/**
 * A line chart of one or more series.
 *
 * @example
 * ```ts
 * import { lineChart } from "./svg.ts";
 * const svg = lineChart([{ name: "loss", x: [0, 1, 2], y: [3, 2, 1.5] }], { title: "Loss" });
 * console.log(svg.startsWith("<svg"));
 * ```
 */
export const lineChart = (series: readonly Series[], o: ChartOptions): string => {
  const xr = finiteRange(series.map((s) => s.x));
  const yr = finiteRange(series.map((s) => s.y), o.logY);
  const f = frame(o, xr, yr);
  const paths = series.map((s, i) => {
    let d = "";
    let pen = false;
    for (let k = 0; k < Math.min(s.x.length, s.y.length); k++) {
      const yv = o.logY ? Math.log10(s.y[k]) : s.y[k];
      if (!Number.isFinite(yv) || !Number.isFinite(s.x[k])) {
        pen = false;
        continue;
      }
      d += `${pen ? "L" : "M"}${f.sx(s.x[k]).toFixed(1)} ${f.sy(yv).toFixed(1)}`;
      pen = true;
    }
    return `<path class="series" d="${d}" fill="none" stroke="${
      s.color ?? PALETTE[i % 8]
    }" stroke-width="1.6"${s.dashed ? ' stroke-dasharray="4 3"' : ""}/>`;
  }).join("");
  return wrap(o, f, "line", axes(o, f, xr, yr) + paths + legend(series, f));
};

/**
 * A scatter plot.
 *
 * @example
 * ```ts
 * import { scatterChart } from "./svg.ts";
 * scatterChart([{ name: "pts", x: [0, 1], y: [1, 0] }], { title: "Scatter" });
 * ```
 */
export const scatterChart = (
  series: readonly Series[],
  o: ChartOptions & { readonly radius?: number },
): string => {
  const xr = finiteRange(series.map((s) => s.x));
  const yr = finiteRange(series.map((s) => s.y));
  const f = frame(o, xr, yr);
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
  return wrap(o, f, "scatter", axes(o, f, xr, yr) + dots + legend(series, f));
};

/**
 * A histogram of `values` with `bins` equal-width bins, optionally with an overlaid
 * density curve (e.g. a lognormal fit) given as `(x) => density`.
 *
 * @example
 * ```ts
 * import { histogram } from "./svg.ts";
 * histogram([1, 2, 2, 3], { title: "H", bins: 3 });
 * ```
 */
export const histogram = (
  values: ArrayLike<number>,
  o: ChartOptions & {
    readonly bins?: number;
    readonly density?: (x: number) => number;
    readonly range?: [number, number];
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
  const f = frame(o, xr, yr);
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
    curve = `<path class="series" d="${d}" fill="none" stroke="#d62728" stroke-width="1.6"/>`;
  }
  return wrap(o, f, "histogram", axes(o, f, xr, yr) + bars + curve);
};

/**
 * A spike raster: `spikes[t * n + i] !== 0` draws a tick for neuron `i` at time `t`. With
 * `onePath`, all ticks are one `<path class="tick">` (one element instead of one per spike:
 * a page inserts it in a few milliseconds, e.g. the playground's live raster).
 *
 * @example
 * ```ts
 * import { raster } from "./svg.ts";
 * raster(new Uint8Array([1, 0, 0, 1]), 2, { title: "Raster" });
 * ```
 */
export const raster = (
  spikes: ArrayLike<number>,
  n: number,
  o: ChartOptions & { readonly t0?: number; readonly onePath?: boolean },
): string => {
  const T = Math.floor(spikes.length / n);
  const t0 = o.t0 ?? 0;
  const xr: [number, number] = [t0, t0 + Math.max(T, 1)], yr: [number, number] = [0, n];
  const f = frame(o, xr, yr);
  let ticks = "";
  const hCell = Math.max(0.6, (f.h - f.t - f.b) / n);
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
  return wrap(o, f, "raster", axes(o, f, xr, yr) + ticks);
};

/**
 * Points (and optional edges drawn as geodesic arcs) on the Poincaré disk (curvature 1).
 * `points` holds 2-D coordinates row-major; `edges` pairs of point indices.
 *
 * @example
 * ```ts
 * import { poincareDisk } from "./svg.ts";
 * poincareDisk(new Float64Array([0, 0, 0.5, 0.1]), { title: "Disk", edges: [[0, 1]] });
 * ```
 */
export const poincareDisk = (
  points: ArrayLike<number>,
  o: ChartOptions & {
    readonly edges?: readonly (readonly [number, number])[];
    readonly colors?: readonly string[];
    readonly radius?: number;
  },
): string => {
  const size = o.width ?? 360;
  const R = size / 2 - 24, cx = size / 2, cy = size / 2 + 12;
  const X = (x: number): number => cx + x * R, Y = (y: number): number => cy - y * R;
  let body = `<text x="${size / 2}" y="18" text-anchor="middle" font-size="14" font-weight="bold">${
    esc(o.title)
  }</text>`;
  body += `<circle cx="${cx}" cy="${cy}" r="${R}" fill="#fbfbff" stroke="#555"/>`;
  for (const [a, b] of o.edges ?? []) {
    const x1 = points[2 * a], y1 = points[2 * a + 1], x2 = points[2 * b], y2 = points[2 * b + 1];
    body += `<path class="edge" d="${
      geodesicPath(x1, y1, x2, y2, X, Y, R)
    }" fill="none" stroke="#8888cc" stroke-opacity="0.5" stroke-width="0.8"/>`;
  }
  const n = Math.floor(points.length / 2);
  for (let i = 0; i < n; i++) {
    body += `<circle class="node" cx="${X(points[2 * i]).toFixed(1)}" cy="${
      Y(points[2 * i + 1]).toFixed(1)
    }" r="${o.radius ?? 2.5}" fill="${o.colors?.[i] ?? "#1f77b4"}"/>`;
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" class="plot" data-plot="${
    esc(o.id ?? o.title)
  }" data-kind="disk" width="${size}" height="${size + 24}" viewBox="0 0 ${size} ${
    size + 24
  }" font-family="sans-serif">${body}</svg>`;
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
