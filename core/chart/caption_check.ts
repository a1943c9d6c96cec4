/**
 * Checks the numbered figures of a rendered report: figure numbers run 1, 2, 3, … and every
 * number a caption claims from the data ({@link Claim}, a `<span class="claim">`) equals the
 * statistic read back from the drawing: the series' path decoded to data units through the
 * axis tick labels (linear or log), or the number of drawn nodes and edges. Used by the report
 * tests; independent of the code that computed the caption.
 *
 * @module
 */

/** A figure of a report as the checker saw it. */
export interface CheckedFigure {
  /** The figure number shown ("Figure N."). */
  readonly number: number;
  /** `data-plot` id of its SVG. */
  readonly id: string;
  /** Whether it carries a caption computed by its chart (not only the title). */
  readonly hasCaption: boolean;
  /** Claims found and checked. */
  readonly claims: number;
}

const unesc = (s: string): string =>
  s.replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

interface Tick {
  readonly px: number;
  readonly v: number;
}

const ticks = (svg: string, axis: "x" | "y"): Tick[] =>
  [
    ...svg.matchAll(
      new RegExp(
        `<g class="${axis}tick"><line x1="([0-9.-]+)" x2="[0-9.-]+" y1="([0-9.-]+)"[^>]*/><text[^>]*>([^<]+)</text></g>`,
        "g",
      ),
    ),
  ].map((m) => ({ px: Number(axis === "x" ? m[1] : m[2]), v: Number(m[3]) }));

/** px → data value through the first and last tick (log10 space on a log axis). */
const axisMap = (t: Tick[], log: boolean): ((px: number) => number) | undefined => {
  if (t.length < 2) return undefined;
  const f = (v: number) => (log ? Math.log10(v) : v);
  const a = t[0], b = t[t.length - 1];
  return (px) => {
    const u = f(a.v) + ((px - a.px) * (f(b.v) - f(a.v))) / (b.px - a.px);
    return log ? 10 ** u : u;
  };
};

/** Half the last shown digit of a caption number ("2.41" → 0.005, "512" → 0.5). */
const roundingOf = (text: string): number => {
  const m = /^-?\d*(?:\.(\d+))?(?:e([+-]?\d+))?$/.exec(text.trim());
  if (!m) return 0;
  return 0.5 * 10 ** (-(m[1]?.length ?? 0) + Number(m[2] ?? 0));
};

/**
 * Checks every figure of a report's HTML; returns the figures and the problems found (empty when
 * every figure number is in sequence and every claim matches its drawing).
 *
 * @example
 * ```ts
 * import { checkReportFigures } from "./caption_check.ts";
 * import { lineChart } from "./svg.ts";
 * import { renderReport } from "./html.ts";
 * const svg = lineChart([{ name: "d", x: [0, 1, 2], y: [0, 1, 4] }], {
 *   title: "t", xLabel: "x", yLabel: "y",
 *   caption: ["ends at ", { value: 4, series: "d", stat: "last" }],
 * });
 * const html = renderReport({ title: "r", sections: [{ heading: "h", plots: [svg] }] });
 * console.log(checkReportFigures(html).problems); // []
 * ```
 */
export const checkReportFigures = (
  html: string,
): { figures: CheckedFigure[]; problems: string[] } => {
  const problems: string[] = [];
  const figures: CheckedFigure[] = [];
  const re =
    /<figure id="figure-(\d+)"[^>]*>([\s\S]*?)<figcaption>([\s\S]*?)<\/figcaption><\/figure>/g;
  for (const m of html.matchAll(re)) {
    const number = Number(m[1]), svg = m[2], cap = m[3];
    const id = /data-plot="([^"]*)"/.exec(svg)?.[1] ?? "?";
    const where = `Figure ${number} (${id})`;
    if (number !== figures.length + 1) {
      problems.push(`${where}: expected number ${figures.length + 1}`);
    }
    if (!cap.startsWith(`<b>Figure ${number}.</b>`)) {
      problems.push(`${where}: caption lacks "Figure ${number}."`);
    }
    const log = /^<svg[^>]*data-logy="1"/.test(svg);
    const fx = axisMap(ticks(svg, "x"), false), fy = axisMap(ticks(svg, "y"), log);
    let claims = 0;
    for (
      const c of cap.matchAll(
        /<span class="claim" data-series="([^"]*)" data-stat="([a-zA-Z]+)">([^<]*)<\/span>/g,
      )
    ) {
      claims++;
      const series = unesc(c[1]), stat = c[2], shown = Number(c[3]);
      const what = `${where}: ${stat} of "${series}" = ${c[3]}`;
      if (stat === "nodes" || stat === "edges") {
        const drawn =
          (svg.match(new RegExp(`class="${stat === "nodes" ? "node" : "edge"}"`, "g")) ?? [])
            .length;
        if (drawn !== shown) problems.push(`${what}, but ${drawn} are drawn`);
        continue;
      }
      const path = [...svg.matchAll(/<path class="series" d="([^"]*)" data-name="([^"]*)"/g)]
        .find((p) => unesc(p[2]) === series);
      if (!path) {
        problems.push(`${what}: no such series drawn`);
        continue;
      }
      const isX = stat === "xAtMax" || stat === "xAtMin";
      if (!fy || (isX && !fx)) {
        problems.push(`${what}: axis without two ticks`);
        continue;
      }
      const pts = [...path[1].matchAll(/[ML]([0-9.-]+) ([0-9.-]+)/g)].map((q) => ({
        px: Number(q[1]),
        py: Number(q[2]),
      }));
      if (pts.length === 0) {
        problems.push(`${what}: empty series`);
        continue;
      }
      const ys = pts.map((p) => fy(p.py));
      let iMax = 0, iMin = 0;
      ys.forEach((y, i) => {
        if (y > ys[iMax]) iMax = i;
        if (y < ys[iMin]) iMin = i;
      });
      const read = stat === "first"
        ? ys[0]
        : stat === "last"
        ? ys[ys.length - 1]
        : stat === "max"
        ? ys[iMax]
        : stat === "min"
        ? ys[iMin]
        : stat === "mean"
        ? ys.reduce((a, b) => a + b, 0) / ys.length
        : stat === "xAtMax"
        ? fx!(pts[iMax].px)
        : stat === "xAtMin"
        ? fx!(pts[iMin].px)
        : NaN;
      if (Number.isNaN(read)) {
        problems.push(`${what}: unknown statistic`);
        continue;
      }
      // one pixel of the axis (coordinates are written to 0.1 px) plus the caption's rounding
      // (on a log axis, at the point read; for the mean, where a pixel is widest)
      const at = stat === "first"
        ? [pts[0]]
        : stat === "last"
        ? [pts[pts.length - 1]]
        : stat === "max" || stat === "xAtMax"
        ? [pts[iMax]]
        : stat === "min" || stat === "xAtMin"
        ? [pts[iMin]]
        : pts;
      const px = isX
        ? Math.abs(fx!(pts[0].px + 1) - fx!(pts[0].px))
        : Math.max(...at.map((q) => Math.abs(fy(q.py + 1) - fy(q.py))));
      const tol = px + roundingOf(c[3]);
      if (!(Math.abs(read - shown) <= tol)) {
        problems.push(
          `${what}, but the drawing reads ${read.toPrecision(6)} (±${tol.toPrecision(2)})`,
        );
      }
    }
    figures.push({ number, id, hasCaption: /^<svg[^>]*data-caption=/.test(svg), claims });
  }
  return { figures, problems };
};
