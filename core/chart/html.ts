/**
 * Self-contained HTML reports (inline CSS and SVG, no network).
 *
 * @module
 */
import { esc } from "./svg.ts";

/** A table of a report section. */
export interface ReportTable {
  /** Column headers. */
  readonly columns: readonly string[];
  /** Rows of cells (non-integers shown with 4 significant digits, `null` as a dash). */
  readonly rows: readonly (readonly (string | number | null)[])[];
  /** Optional caption, shown below the table. */
  readonly caption?: string;
}

/** One section of a report. */
export interface ReportSection {
  /** Section heading. */
  readonly heading: string;
  /** Optional paragraph of plain text (HTML-escaped). */
  readonly text?: string;
  /** SVG strings (from `svg.ts`). */
  readonly plots?: readonly string[];
  /** Optional table after the plots. */
  readonly table?: ReportTable;
}

/** A whole report. */
export interface Report {
  /** Page title and main heading. */
  readonly title: string;
  /** Optional line under the title. */
  readonly subtitle?: string;
  /** Key figures shown at the top as a definition list. */
  readonly figures?: { readonly [name: string]: unknown };
  /** The sections, in page order. */
  readonly sections: readonly ReportSection[];
}

const num = (v: number): string =>
  Number.isInteger(v)
    ? (Math.abs(v) >= 1e5 ? v.toLocaleString("en-US") : String(v))
    : Math.abs(v) !== 0 && (Math.abs(v) >= 1e6 || Math.abs(v) < 1e-3)
    ? v.toExponential(3)
    : Number(v.toPrecision(4)).toString();

const cell = (v: string | number | null): string =>
  v === null ? "–" : typeof v === "number" ? num(v) : esc(v);

/**
 * A value of the summary or the configuration as text: numbers with 4 significant digits
 * (integers in full, thousands separated from 100,000), arrays as comma lists, objects as
 * "key value" pairs; never raw JSON.
 *
 * @example
 * ```ts
 * import { formatValue } from "./html.ts";
 * console.log(formatValue({ mu: 0.123456, sizes: [1, 2] })); // mu 0.1235 · sizes 1, 2
 * ```
 */
export const formatValue = (v: unknown): string => {
  if (v === null || v === undefined) return "–";
  if (typeof v === "number") return num(v);
  if (typeof v === "string") return v;
  if (typeof v === "boolean") return v ? "yes" : "no";
  if (Array.isArray(v)) {
    const shown = v.slice(0, 12).map(formatValue).join(", ");
    return v.length > 12 ? `${shown}, … (${v.length} values)` : shown;
  }
  if (ArrayBuffer.isView(v)) return formatValue(Array.from(v as unknown as ArrayLike<number>));
  if (typeof v === "object") {
    return Object.entries(v as Record<string, unknown>).map(([k, x]) =>
      typeof x === "object" && x !== null && !Array.isArray(x)
        ? `${k} (${formatValue(x)})`
        : `${k} ${formatValue(x)}`
    ).join(" · ");
  }
  return String(v);
};

/** Key/value rows of a (nested) object, keys joined by dots: for configuration tables. */
const flatten = (v: unknown, prefix = ""): [string, string][] =>
  v !== null && typeof v === "object" && !Array.isArray(v) && !ArrayBuffer.isView(v)
    ? Object.entries(v as Record<string, unknown>).flatMap(([k, x]) =>
      flatten(x, prefix ? `${prefix}.${k}` : k)
    )
    : [[prefix || "value", formatValue(v)]];

/**
 * A report section listing a configuration as a two-column table (nested keys dotted).
 *
 * @example
 * ```ts
 * import { configSection } from "./html.ts";
 * console.log(configSection({ sa: { steps: 20000 }, seed: 1 }).table?.rows); // [["sa.steps", "20000"], ["seed", "1"]]
 * ```
 */
export const configSection = (config: unknown, heading = "Configuration"): ReportSection => ({
  heading,
  table: { columns: ["setting", "value"], rows: flatten(config) },
});

const CSS =
  `body{font-family:system-ui,sans-serif;margin:24px auto;max-width:1120px;color:#222;background:#fafafa}
h1{margin-bottom:0}.sub{color:#666;margin-top:4px}section{background:#fff;border:1px solid #ddd;border-radius:6px;padding:12px 16px;margin:16px 0}
p,dd,dt,td,th,figcaption,h1,h2{overflow-wrap:anywhere}
.plots{display:flex;flex-wrap:wrap;gap:12px;align-items:flex-start}dl{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:2px 16px}dt{font-weight:600}
figure{margin:0}figcaption{font-size:12px;color:#444;line-height:1.35;margin-top:2px}figcaption b{color:#222}
table{border-collapse:collapse;font-size:13px;max-width:100%}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}th{background:#f0f0f0}
caption{caption-side:bottom;color:#666;font-size:12px;padding-top:4px}`;

const unesc = (s: string): string =>
  s.replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

/** A plot as a numbered figure: its SVG and "Figure N." with its caption (or title). */
const figure = (svg: string, n: number): string => {
  const attr = (name: string): string | undefined =>
    new RegExp(`^<svg[^>]*?\\s${name}="([^"]*)"`).exec(svg)?.[1];
  const caption = attr("data-caption");
  const title = attr("data-title");
  const width = attr("width");
  const text = caption !== undefined ? unesc(caption) : title ?? "";
  return `<figure id="figure-${n}"${
    width ? ` style="max-width:${Number(width)}px"` : ""
  }>${svg}<figcaption><b>Figure ${n}.</b> ${text}</figcaption></figure>`;
};

/**
 * Renders a report to one HTML string. Plots are numbered "Figure N." in page order, with the
 * caption each chart carries (`caption` option) or its title; summary values are formatted
 * ({@link formatValue}).
 *
 * @example
 * ```ts
 * import { renderReport } from "./html.ts";
 * const html = renderReport({ title: "Demo", sections: [{ heading: "A", text: "hello" }] });
 * console.log(html.includes("<h1>Demo</h1>"));
 * ```
 */
export const renderReport = (r: Report): string => {
  const figs = r.figures
    ? `<section><h2>Summary</h2><dl>${
      Object.entries(r.figures).map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(formatValue(v))}</dd>`)
        .join("")
    }</dl></section>`
    : "";
  let fig = 0;
  const secs = r.sections.map((s) => {
    const table = s.table
      ? `<table><thead><tr>${
        s.table.columns.map((c) => `<th>${esc(c)}</th>`).join("")
      }</tr></thead><tbody>${
        s.table.rows.map((row) => `<tr>${row.map((v) => `<td>${cell(v)}</td>`).join("")}</tr>`)
          .join("")
      }</tbody>${s.table.caption ? `<caption>${esc(s.table.caption)}</caption>` : ""}</table>`
      : "";
    return `<section><h2>${esc(s.heading)}</h2>${s.text ? `<p>${esc(s.text)}</p>` : ""}${
      s.plots?.length
        ? `<div class="plots">${s.plots.map((p) => figure(p, ++fig)).join("")}</div>`
        : ""
    }${table}</section>`;
  }).join("\n");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${
    esc(r.title)
  }</title><style>${CSS}</style></head><body><h1>${esc(r.title)}</h1>${
    r.subtitle ? `<p class="sub">${esc(r.subtitle)}</p>` : ""
  }${figs}\n${secs}</body></html>\n`;
};
