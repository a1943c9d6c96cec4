/**
 * HTML reports of CLI run directories (`np report <run-dir>`, and `--out` on every run):
 * the summary figures, every recorded series, and each engine's own plots.
 *
 * @module
 */
import { readCheckpointSync } from "@neuroplastic/core/checkpoint";
import { configSection, renderReport, type ReportSection } from "./html.ts";
import { histogram, lineChart } from "./svg.ts";

/** What a run directory holds, as read by {@link readRunDir}. */
export interface RunDir {
  /** The folder. */
  readonly dir: string;
  /** Its `run.json`: engine, command, seed, planned length and the config input. */
  readonly manifest: {
    readonly engine: string;
    readonly command: string;
    readonly seed: number;
    readonly steps: number;
    readonly config: unknown;
  };
  /** Its `result.json` (empty for a run that did not finish). */
  readonly result: { readonly [k: string]: unknown };
  /** Record name → (step, value) in step order. */
  readonly records: ReadonlyMap<
    string,
    readonly { readonly step: number; readonly value: number | readonly number[] }[]
  >;
  /** The final state, decoded (undefined when absent). */
  readonly finalState: unknown;
}

/** An engine's own report sections for a run directory. */
export type EngineReporter = (run: RunDir) => readonly ReportSection[];

/**
 * Reads a run directory written with `--out`.
 *
 * @example
 * ```ts ignore
 * import { readRunDir } from "./run_report.ts";
 * const run = readRunDir("out/run1");
 * ```
 */
export const readRunDir = (dir: string): RunDir => {
  const read = (name: string): unknown => {
    try {
      return JSON.parse(Deno.readTextFileSync(`${dir}/${name}`));
    } catch {
      return undefined;
    }
  };
  const manifest = read("run.json") as RunDir["manifest"] | undefined;
  const result = (read("result.json") ?? {}) as RunDir["result"];
  if (!manifest && !result.engine) {
    throw new Error(`${dir} is not a run directory (no run.json or result.json)`);
  }
  const records = new Map<string, { step: number; value: number | number[] }[]>();
  try {
    for (const line of Deno.readTextFileSync(`${dir}/records.ndjson`).split("\n")) {
      if (!line) continue;
      const r = JSON.parse(line) as { step: number; name: string; value: number | number[] };
      if (!records.has(r.name)) records.set(r.name, []);
      records.get(r.name)!.push({ step: r.step, value: r.value });
    }
  } catch { /* no records */ }
  let finalState: unknown;
  try {
    finalState = readCheckpointSync(`${dir}/final.bin`).state;
  } catch { /* none */ }
  return {
    dir,
    manifest: manifest ?? {
      engine: String(result.engine),
      command: String(result.command),
      seed: Number(result.seed),
      steps: Number(result.steps),
      config: null,
    },
    result,
    records,
    finalState,
  };
};

/** Plots every recorded series: scalars over time; arrays as mean over time and final histogram. */
const recordSections = (run: RunDir): ReportSection[] => {
  const out: ReportSection[] = [];
  for (const [name, rows] of run.records) {
    const steps = rows.map((r) => r.step);
    if (rows.every((r) => typeof r.value === "number")) {
      out.push({
        heading: `Record: ${name}`,
        plots: [
          lineChart([{ name, x: steps, y: rows.map((r) => r.value as number) }], {
            title: name,
            xLabel: "step",
            yLabel: name,
            id: `record-${name}`,
          }),
        ],
      });
    } else {
      const means = rows.map((r) => {
        const v = r.value as number[];
        return v.length ? v.reduce((a, b) => a + b, 0) / v.length : NaN;
      });
      const last = rows[rows.length - 1].value as number[];
      out.push({
        heading: `Record: ${name}`,
        text: `${rows.length} samples of ${last.length} values each.`,
        plots: [
          lineChart([{ name: `mean ${name}`, x: steps, y: means }], {
            title: `mean of ${name}`,
            xLabel: "step",
            yLabel: `mean of ${name}`,
            id: `record-${name}-mean`,
          }),
          histogram(last, {
            title: `${name} at step ${steps[steps.length - 1]}`,
            xLabel: name,
            yLabel: "density",
            id: `record-${name}-hist`,
          }),
        ],
      });
    }
  }
  return out;
};

/**
 * The name of a run folder (its last path component), as reports show it.
 *
 * @example
 * ```ts
 * import { runFolderName } from "./run_report.ts";
 * console.log(runFolderName("/tmp/np-x/walk-run/")); // walk-run
 * ```
 */
export const runFolderName = (dir: string): string =>
  dir.replace(/[\\/]+$/, "").split(/[\\/]/).pop() || dir;

/**
 * Renders the HTML report of a run directory, with the engine's own sections when a reporter is registered.
 *
 * @example
 * ```ts ignore
 * import { runReportHtml, readRunDir } from "./run_report.ts";
 * Deno.writeTextFileSync("r.html", runReportHtml(readRunDir("out/run1"), {}));
 * ```
 */
export const runReportHtml = (
  run: RunDir,
  reporters: { readonly [engine: string]: EngineReporter },
): string => {
  const { engine, command, seed, steps } = run.manifest;
  const own = reporters[engine]?.(run) ?? [];
  const figures: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(run.result)) {
    if (typeof v === "number" || typeof v === "string" || typeof v === "boolean") figures[k] = v;
    else if (v && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length <= 6) {
      figures[k] = v;
    }
  }
  return renderReport({
    title: `${engine} ${command}`,
    // the folder's name only: an absolute path (a temporary folder) says nothing to a reader
    subtitle: `seed ${seed} · ${steps} steps · run folder ${runFolderName(run.dir)}`,
    figures,
    sections: [
      ...own,
      ...recordSections(run),
      ...(run.manifest.config ? [configSection(run.manifest.config)] : []),
    ],
  });
};
