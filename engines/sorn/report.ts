/**
 * The SORN engine's report sections for a run directory (`--out`, `np report`): for `run`, the
 * spike raster of the recorded `ExcitatoryActivation` and the final E→E weight and threshold
 * distributions; for `counting`, the accuracy chart and table of the study.
 *
 * @module
 */
import {
  type EngineReporter,
  histogram,
  lineChart,
  raster,
  type ReportSection,
  type RunDir,
} from "@neuroplastic/core/chart";
import { Schema } from "effect";
import { CountingConfigSchema, countingRows } from "./counting.ts";
import { countingSvg } from "./counting_report.ts";
import type { CountingState } from "./process.ts";
import type { SornState } from "./state.ts";
import { lognormalFit, stateSummary, synapseWeights } from "./stats.ts";
import { EE_TRAJECTORY_EVERY } from "./state.ts";

const pct = (v: number): string => (100 * v).toFixed(1);

const countingSections = (run: RunDir): ReportSection[] => {
  const s = run.finalState as CountingState | undefined;
  const decoded = Schema.decodeUnknownEither(CountingConfigSchema)(run.manifest.config);
  if (!s?.cells || decoded._tag === "Left") return [];
  const rows = countingRows(decoded.right, s.cells);
  return [{
    heading: "Counting task: test accuracy against n",
    text: `${s.cells.length} trials; plastic SORN against the same network frozen from the start.`,
    plots: [countingSvg(rows)],
    table: {
      columns: ["n", "seeds", "SORN %", "frozen %", "SORN end %", "frozen end %", "wins"],
      rows: rows.map((r) => [
        r.n,
        r.seeds,
        `${pct(r.plastic.accuracy.mean)} ± ${pct(r.plastic.accuracy.sd)}`,
        `${pct(r.frozen.accuracy.mean)} ± ${pct(r.frozen.accuracy.sd)}`,
        pct(r.plastic.endAccuracy.mean),
        pct(r.frozen.endAccuracy.mean),
        `${r.wins}/${r.seeds}`,
      ]),
    },
  }];
};

const num = (v: number | null, d: number): string => (v === null ? "—" : v.toFixed(d));

/** The population statistics of a `run` (definitions in the engine README). */
const populationSection = (s: SornState): ReportSection => {
  const m = stateSummary(s);
  const traj = m.eeTrajectory;
  const window = m.populationWindowSteps;
  return {
    heading: "Population statistics",
    text: `Windowed statistics over the last ${window} steps` +
      (window < 2000 ? " (the run is shorter than 2,000 steps)" : "") +
      "; E→E connections every 500 steps from step 0.",
    plots: traj.length > 1
      ? [
        lineChart([{
          name: "E→E synapses",
          x: traj.map((_, k) => k * EE_TRAJECTORY_EVERY),
          y: [...traj],
        }], {
          title: "E→E connections (eeTrajectory)",
          xLabel: "step",
          yLabel: "E→E synapses (count)",
          id: "sorn-run-ee",
        }),
      ]
      : [],
    table: {
      columns: ["statistic", "value"],
      rows: [
        ["meanRateE", num(m.meanRateE, 4)],
        ["rateEFirst500", num(m.rateEFirst500, 4)],
        ["fanoPopulation (E, 10-step bins)", num(m.fanoPopulation, 3)],
        ["fanoPopulationEI (E + I)", num(m.fanoPopulationEI, 3)],
        ["countAutocorrLag1", num(m.countAutocorrLag1, 3)],
        ["countAutocorrLag2", num(m.countAutocorrLag2, 3)],
        ["fanoPerNeuronMean", num(m.fanoPerNeuronMean, 3)],
        [
          "weeLognormalGe001 μ, σ",
          `${num(m.weeLognormalGe001.mu, 3)}, ${num(m.weeLognormalGe001.sigma, 3)}`,
        ],
        [
          "weeLognormalAll μ, σ",
          `${num(m.weeLognormalAll.mu, 3)}, ${num(m.weeLognormalAll.sigma, 3)}`,
        ],
        ["eeTrajectory (first → last)", `${traj[0] ?? "—"} → ${traj.at(-1) ?? "—"}`],
      ],
    },
  };
};

/**
 * The SORN reporter: raster, weights and thresholds of a `run` directory; chart and table of a
 * `counting` directory; nothing for other commands.
 *
 * @example
 * ```ts ignore
 * import { readRunDir } from "@neuroplastic/core/chart";
 * import { sornReporter } from "@neuroplastic/engines/sorn";
 * console.log(sornReporter(readRunDir("out/sorn1")).map((s) => s.heading));
 * ```
 */
export const sornReporter: EngineReporter = (run: RunDir): readonly ReportSection[] => {
  if (run.manifest.command === "counting") return countingSections(run);
  const out: ReportSection[] = [];
  const acts = run.records.get("ExcitatoryActivation");
  if (acts && acts.length > 1) {
    const n = (acts[0].value as number[]).length;
    const last = acts.slice(-400);
    const spikes = new Uint8Array(last.length * n);
    last.forEach((r, i) => spikes.set(r.value as number[], i * n));
    out.push({
      heading: "Spike raster",
      text: `Excitatory activity at ${last.length} recorded steps (stride ${
        acts[1].step - acts[0].step
      }).`,
      plots: [
        raster(spikes, n, {
          title: "Excitatory spike raster",
          xLabel: "sample",
          yLabel: "neuron",
          id: "sorn-run-raster",
          width: 640,
        }),
      ],
    });
  }
  const s = run.finalState as SornState | undefined;
  if (s?.ee && s.te) {
    const w = synapseWeights(s.ee, 0.01);
    const fit = lognormalFit(w);
    const density = (x: number) =>
      x > 0
        ? Math.exp(-((Math.log(x) - fit.mu) ** 2) / (2 * fit.sigma ** 2)) /
          (x * fit.sigma * Math.sqrt(2 * Math.PI))
        : 0;
    out.push({
      heading: "Final weights and thresholds",
      plots: [
        histogram(w, {
          title: "E→E weights ≥ 0.01 with lognormal fit",
          xLabel: "weight (dimensionless)",
          yLabel: "probability density",
          id: "sorn-run-weights",
          bins: 40,
          density,
          densityLabel: "lognormal fit",
        }),
        histogram(s.te, {
          title: "Excitatory thresholds TE",
          xLabel: "threshold (dimensionless)",
          yLabel: "probability density",
          id: "sorn-run-te",
        }),
      ],
    });
  }
  if (s?.ee && s.counters?.popE) out.push(populationSection(s));
  return out;
};
