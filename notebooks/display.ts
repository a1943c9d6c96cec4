/**
 * Shows a showcase's result inline in a Jupyter notebook run by Deno's kernel: the figures as a
 * table and each report section (heading, text, SVG plots, table) as HTML, through the kernel's
 * display protocol (an object with a `Symbol.for("Jupyter.display")` method, no `Deno.jupyter`).
 *
 * @module
 */
import type { ReportSection, ShowcaseResult } from "@neuroplastic/core/chart";

/** Something Deno's Jupyter kernel displays as rich output. */
export interface Displayable {
  /** The MIME bundle: `text/html` and a `text/plain` fallback. */
  [key: symbol]: () => Record<string, string>;
}

const esc = (s: string): string =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

const cell = (v: unknown): string =>
  esc(typeof v === "object" && v !== null ? JSON.stringify(v) : String(v));

const sectionHtml = (s: ReportSection): string =>
  `<h3>${esc(s.heading)}</h3>` + (s.text ? `<p>${esc(s.text)}</p>` : "") +
  `<div style="display:flex;flex-wrap:wrap;gap:8px">${(s.plots ?? []).join("")}</div>` +
  (s.table
    ? `<table><tr>${s.table.columns.map((c) => `<th>${esc(c)}</th>`).join("")}</tr>${
      s.table.rows.map((r) => `<tr>${r.map((v) => `<td>${cell(v ?? "–")}</td>`).join("")}</tr>`)
        .join("")
    }</table>`
    : "");

/**
 * The display of a showcase result: its figures, then every section with its plots.
 *
 * @example
 * ```ts ignore
 * import { walkShowcase } from "@neuroplastic/engines/walk";
 * import { show } from "./display.ts";
 * await Deno.jupyter.display(show(await walkShowcase.run({ seed: 1, progress: () => {} })));
 * ```
 */
export const show = (r: ShowcaseResult): Displayable => ({
  [Symbol.for("Jupyter.display")]: () => ({
    "text/plain": r.sections.map((s) => `${s.heading}\n${s.text ?? ""}`).join("\n\n"),
    "text/html":
      `<table>${
        Object.entries(r.figures).map(([k, v]) =>
          `<tr><th align="left">${esc(k)}</th><td>${cell(v)}</td></tr>`
        )
          .join("")
      }</table>` + r.sections.map(sectionHtml).join(""),
  }),
});
