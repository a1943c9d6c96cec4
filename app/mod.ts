/**
 * `@neuroplastic/app`: the command line (`main`), the HTTP handler for
 * `deno serve` / Deno Deploy (`makeHandler`, default export of `./serve`),
 * HTML/SVG reports, and sweeps on Web Workers or Deno KV queues.
 *
 * @example
 * ```ts ignore
 * import { engines, makeHandler } from "@neuroplastic/app";
 * Deno.serve({ hostname: "127.0.0.1" }, makeHandler(engines).fetch);
 * ```
 *
 * @module
 */
export { main, versionText, writeRunReport } from "./cli.ts";
export { defaultLimits, type HandlerLimits, makeHandler, resolveLimits } from "./handler.ts";
export { engines } from "./registry.ts";
export {
  renderReport,
  type Report,
  type ReportSection,
  type ReportTable,
} from "@neuroplastic/core/chart";
export {
  histogram,
  lineChart,
  poincareDisk,
  raster,
  scatterChart,
  type Series,
} from "@neuroplastic/core/chart";
export { expandSweep, type Job, type JobResult, runJob, type SweepSpec } from "./jobs.ts";
export {
  consumeQueue,
  enqueueSweep,
  handleSweepMessage,
  readSweep,
  runSweepKv,
  runSweepWorkers,
} from "./sweep.ts";
// Types of @neuroplastic/core that appear in this package's signatures, re-exported so that the
// documentation of this entry point links them (`deno doc --lint` private-type-ref).
export type { Key } from "@neuroplastic/core/random";
export type * from "@neuroplastic/core/sim";
export type {
  AxisChartOptions,
  Band,
  Caption,
  ChartOptions,
  Claim,
  EngineReporter,
  KeyEntry,
  RunDir,
  Showcase,
  ShowcaseResult,
} from "@neuroplastic/core/chart";
export type * from "@neuroplastic/core/errors";
