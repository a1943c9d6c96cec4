/**
 * Minimal SVG learning-curve panels for the committed result files (engines cannot import the
 * app layer's report module): one panel per task, one line per series, a light band for the
 * min–max over seeds.
 *
 * @module
 */

import { formatTicks, linearTicks } from "./ticks.ts";

/** One curve: x values, the mean y and optionally the band (min, max) over seeds. */
export interface CurveSeries {
  /** Legend label. */
  readonly name: string;
  /** x values. */
  readonly x: readonly number[];
  /** Mean y at each x. */
  readonly y: readonly number[];
  /** Lower edge of the band (min over seeds). */
  readonly lo?: readonly number[];
  /** Upper edge of the band (max over seeds). */
  readonly hi?: readonly number[];
}

/** One panel of {@link curvePanelsSvg}. */
export interface CurvePanel {
  /** Panel title. */
  readonly title: string;
  /** x-axis label. */
  readonly xLabel: string;
  /** y-axis label. */
  readonly yLabel: string;
  /** Curves drawn in the panel. */
  readonly series: readonly CurveSeries[];
  /** Fixed y range (default: the data's). */
  readonly yRange?: readonly [number, number];
  /** Horizontal reference lines (e.g. chance). */
  readonly hLines?: readonly { readonly y: number; readonly label: string }[];
  /**
   * Legend corner: ignored since the legend moved below the data area (kept for compatibility).
   * @deprecated the legend is always below the panel.
   */
  readonly legend?: "upper-right" | "lower-right";
}

const COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"];

const esc = (s: string): string =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/**
 * Side-by-side panels of line charts as one SVG document: 1-2-5 ticks with one label format per
 * axis, the legend below each panel's data area (never over a curve), the min–max bands shaded.
 *
 * @example
 * ```ts
 * import { curvePanelsSvg } from "@neuroplastic/core/chart";
 * const svg = curvePanelsSvg([{ title: "t", xLabel: "x", yLabel: "y", series: [{ name: "a", x: [0, 1], y: [0, 1] }] }]);
 * console.log(svg.startsWith("<svg")); // true
 * ```
 */
export const curvePanelsSvg = (panels: readonly CurvePanel[]): string => {
  const PW = 420;
  const PH = 300;
  const m = { l: 56, r: 12, t: 28, b: 44 };
  const W = PW * panels.length;
  // legend rows below the x-axis title: entries flow left to right within the panel's width
  const entryW = (name: string) => 30 + 6.4 * [...name].length;
  const layout = (p: CurvePanel): [number, number][] => {
    const out: [number, number][] = [];
    let row = 0, x = 0;
    for (const s of p.series) {
      const w = entryW(s.name);
      if (x > 0 && x + w > PW - m.l - m.r) {
        row++;
        x = 0;
      }
      out.push([row, x]);
      x += w;
    }
    return out;
  };
  const rows = Math.max(0, ...panels.map((p) => Math.max(-1, ...layout(p).map(([r]) => r)) + 1));
  const H = PH + (rows ? rows * 15 + 4 : 0);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
  ];
  panels.forEach((p, pi) => {
    const ox = pi * PW;
    const xs = p.series.flatMap((s) => s.x);
    const ys = p.series.flatMap((s) => [...s.y, ...(s.lo ?? []), ...(s.hi ?? [])]).filter(
      Number.isFinite,
    );
    const x0 = Math.min(...xs);
    const x1 = Math.max(...xs, x0 + 1);
    let [y0, y1] = p.yRange ?? [Math.min(...ys), Math.max(...ys)];
    if (!(y1 > y0)) [y0, y1] = [y0 - 1, y0 + 1];
    const sx = (v: number) => ox + m.l + ((v - x0) / (x1 - x0)) * (PW - m.l - m.r);
    const sy = (v: number) => m.t + (1 - (v - y0) / (y1 - y0)) * (PH - m.t - m.b);
    out.push(
      `<text x="${ox + PW / 2}" y="16" text-anchor="middle" font-size="13">${esc(p.title)}</text>`,
      `<rect x="${ox + m.l}" y="${m.t}" width="${PW - m.l - m.r}" height="${
        PH - m.t - m.b
      }" fill="none" stroke="#888"/>`,
      `<text x="${ox + PW / 2}" y="${PH - 8}" text-anchor="middle">${esc(p.xLabel)}</text>`,
      `<text x="${ox + 14}" y="${PH / 2}" text-anchor="middle" transform="rotate(-90 ${ox + 14} ${
        PH / 2
      })">${esc(p.yLabel)}</text>`,
    );
    const yt = linearTicks(y0, y1), xt = linearTicks(x0, x1);
    const yl = formatTicks(yt), xl = formatTicks(xt);
    yt.forEach((yv, k) =>
      out.push(
        `<line x1="${ox + m.l - 3}" x2="${ox + m.l}" y1="${sy(yv).toFixed(1)}" y2="${
          sy(yv).toFixed(1)
        }" stroke="#888"/>`,
        `<text x="${ox + m.l - 5}" y="${(sy(yv) + 4).toFixed(1)}" text-anchor="end">${
          yl[k]
        }</text>`,
      )
    );
    xt.forEach((xv, k) =>
      out.push(
        `<line x1="${sx(xv).toFixed(1)}" x2="${sx(xv).toFixed(1)}" y1="${PH - m.b}" y2="${
          PH - m.b + 3
        }" stroke="#888"/>`,
        `<text x="${sx(xv).toFixed(1)}" y="${PH - m.b + 15}" text-anchor="middle">${xl[k]}</text>`,
      )
    );
    for (const h of p.hLines ?? []) {
      out.push(
        `<line x1="${sx(x0)}" x2="${sx(x1)}" y1="${sy(h.y)}" y2="${
          sy(h.y)
        }" stroke="#999" stroke-dasharray="4 3"/>`,
      );
    }
    const pos = layout(p);
    p.series.forEach((s, si) => {
      const col = COLORS[si % COLORS.length];
      if (s.lo && s.hi) {
        const up = s.x.map((x, k) => `${sx(x).toFixed(1)},${sy(s.hi![k]).toFixed(1)}`);
        const dn = s.x.map((x, k) => `${sx(x).toFixed(1)},${sy(s.lo![k]).toFixed(1)}`).reverse();
        out.push(`<polygon points="${[...up, ...dn].join(" ")}" fill="${col}" opacity="0.15"/>`);
      }
      const d = s.x.map((x, k) => `${k ? "L" : "M"}${sx(x).toFixed(1)} ${sy(s.y[k]).toFixed(1)}`)
        .join("");
      out.push(`<path d="${d}" fill="none" stroke="${col}" stroke-width="1.8"/>`);
      const ly = PH + 6 + 15 * pos[si][0];
      const lx = ox + m.l + pos[si][1];
      out.push(
        s.lo && s.hi
          ? `<rect x="${lx}" y="${ly - 5}" width="18" height="10" fill="${col}" opacity="0.15"/>`
          : "",
        `<line x1="${lx}" x2="${lx + 18}" y1="${ly}" y2="${ly}" stroke="${col}" stroke-width="2"/>`,
        `<text x="${lx + 22}" y="${ly + 4}">${esc(s.name)}</text>`,
      );
    });
    // the reference lines' labels last, on a white halo, so no curve is drawn over them
    for (const h of p.hLines ?? []) {
      out.push(
        `<text x="${sx(x1) - 4}" y="${
          sy(h.y) - 4
        }" text-anchor="end" fill="#777" stroke="#fff" stroke-width="3" paint-order="stroke">${
          esc(h.label)
        }</text>`,
      );
    }
  });
  out.push("</svg>", "");
  return out.join("\n");
};

/**
 * Mean, min, max and sample standard deviation across equal-length curves (one per seed or
 * lifetime), over their common length (`sd` is 0 for a single curve).
 *
 * @example
 * ```ts
 * import { curveBand } from "@neuroplastic/core/chart";
 * console.log(curveBand([[0, 2], [2, 4]])); // { mean: [1, 3], lo: [0, 2], hi: [2, 4], sd: [1.414…, 1.414…] }
 * ```
 */
export const curveBand = (
  curves: readonly (readonly number[])[],
): { mean: number[]; lo: number[]; hi: number[]; sd: number[] } => {
  const n = curves.length ? Math.min(...curves.map((c) => c.length)) : 0;
  const mean: number[] = [];
  const lo: number[] = [];
  const hi: number[] = [];
  const sd: number[] = [];
  for (let k = 0; k < n; k++) {
    const v = curves.map((c) => c[k]);
    const m = v.reduce((a, b) => a + b, 0) / v.length;
    mean.push(m);
    lo.push(Math.min(...v));
    hi.push(Math.max(...v));
    sd.push(v.length > 1 ? Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1)) : 0);
  }
  return { mean, lo, hi, sd };
};
