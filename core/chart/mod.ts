/**
 * Charts and reports below the engines: typed SVG charts (line, scatter, histogram, raster,
 * Poincaré disk), self-contained HTML reports, the run-directory reader every engine's reporter
 * works from, and the showcase contract of the demo.
 *
 * @example
 * ```ts
 * import { lineChart } from "@neuroplastic/core/chart";
 * const svg = lineChart([{ name: "x", x: [0, 1], y: [0, 1] }], { title: "t", xLabel: "step", yLabel: "x (m)" });
 * console.log(svg.startsWith("<svg"));
 * ```
 *
 * @module
 */
export {
  type AxisChartOptions,
  type Band,
  type Caption,
  captionHtml,
  type ChartOptions,
  type Claim,
  esc,
  histogram,
  type KeyEntry,
  lineChart,
  poincareDisk,
  raster,
  scatterChart,
  type Series,
} from "./svg.ts";
export { formatTicks, linearTicks, logTicks } from "./ticks.ts";
export {
  configSection,
  formatValue,
  renderReport,
  type Report,
  type ReportSection,
  type ReportTable,
} from "./html.ts";
export {
  type EngineReporter,
  readRunDir,
  type RunDir,
  runFolderName,
  runReportHtml,
} from "./run_report.ts";
export type { Showcase, ShowcaseResult } from "./showcase.ts";
export { curveBand, type CurvePanel, curvePanelsSvg, type CurveSeries } from "./curves.ts";
