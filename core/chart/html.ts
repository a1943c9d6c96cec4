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

const cell = (v: string | number | null): string =>
  v === null
    ? "–"
    : typeof v === "number"
    ? (Number.isInteger(v) ? String(v) : Number(v.toPrecision(4)).toString())
    : esc(v);

const CSS =
  `body{font-family:system-ui,sans-serif;margin:24px auto;max-width:1120px;color:#222;background:#fafafa}
h1{margin-bottom:0}.sub{color:#666;margin-top:4px}section{background:#fff;border:1px solid #ddd;border-radius:6px;padding:12px 16px;margin:16px 0}
.plots{display:flex;flex-wrap:wrap;gap:12px}dl{display:grid;grid-template-columns:max-content auto;gap:2px 16px}dt{font-weight:600}
table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}th{background:#f0f0f0}
caption{caption-side:bottom;color:#666;font-size:12px;padding-top:4px}`;

/**
 * Renders a report to one HTML string.
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
      Object.entries(r.figures).map(([k, v]) =>
        `<dt>${esc(k)}</dt><dd>${
          esc(typeof v === "number" ? cell(v) : typeof v === "string" ? v : JSON.stringify(v))
        }</dd>`
      ).join("")
    }</dl></section>`
    : "";
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
      s.plots?.length ? `<div class="plots">${s.plots.join("")}</div>` : ""
    }${table}</section>`;
  }).join("\n");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${
    esc(r.title)
  }</title><style>${CSS}</style></head><body><h1>${esc(r.title)}</h1>${
    r.subtitle ? `<p class="sub">${esc(r.subtitle)}</p>` : ""
  }${figs}\n${secs}</body></html>\n`;
};
