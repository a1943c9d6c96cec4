/**
 * Showcase of the SORN engine for the demo and the report: 10,000 steps at the
 * reference defaults with U(0,1) input, then the spike raster, connectivity over
 * time, the E→E weight distribution with its lognormal fit, thresholds and ISIs.
 *
 * @module
 */
import { key } from "@neuroplastic/core/random";
import { stateHash } from "@neuroplastic/core/checkpoint";
import {
  histogram,
  lineChart,
  raster,
  type ReportSection,
  type Showcase,
} from "@neuroplastic/core/chart";
import { makeConfigSync } from "./config.ts";
import { run } from "./run.ts";
import { initState, type SornState } from "./state.ts";
import {
  interSpikeIntervals,
  isiExponentialFit,
  lognormalFit,
  stateSummary,
  synapseWeights,
} from "./stats.ts";

/**
 * The SORN showcase.
 *
 * @example
 * ```ts ignore
 * import { sornShowcase } from "@neuroplastic/engines/sorn";
 * const { figures } = await sornShowcase.run({ seed: 1, progress: () => {} });
 * console.log(figures.meanRateE);
 * ```
 */
export const sornShowcase: Showcase = {
  name: "sorn",
  title: "SORN: self-organisation under STDP, IP, SN, iSTDP and structural plasticity",
  run: ({ seed, progress }) => {
    const config = makeConfigSync({});
    const total = 10_000, tail = 300, chunk = 500;
    let s: SornState = initState(config, key(seed));
    const ts: number[] = [], ee: number[] = [], ei: number[] = [];
    const rec = (t: number, name: string, v: number | Float64Array | Uint8Array) => {
      if (name === "EEConnectionCounts") {
        ts.push(t);
        ee.push(v as number);
      } else if (name === "EIConnectionCounts") ei.push(v as number);
    };
    const start = stateSummary(s);
    ts.push(0);
    ee.push(start.eeConnections);
    ei.push(start.eiConnections);
    const t0 = performance.now();
    for (let done = 0; done < total - tail; done += chunk) {
      const n = Math.min(chunk, total - tail - done);
      s = run(s, config, n, {
        record: {
          names: ["EEConnectionCounts", "EIConnectionCounts"],
          stride: 100,
          sink: (name, t, v) => rec(t, name, v),
        },
      });
      progress(s.t, total, undefined, "step");
    }
    const spikes = new Uint8Array(tail * config.ne);
    let row = 0;
    s = run(s, config, tail, {
      record: {
        names: ["ExcitatoryActivation"],
        stride: 1,
        sink: (_n, _t, v) => spikes.set(v as Uint8Array, config.ne * row++),
      },
    });
    progress(s.t, total, undefined, "step");
    const elapsed = performance.now() - t0;
    const sum = stateSummary(s);
    const w = synapseWeights(s.ee, 0.01);
    const fit = lognormalFit(w);
    const isis = interSpikeIntervals(spikes, tail, config.ne);
    const isiFit = isiExponentialFit(isis);
    const figures = {
      steps: total,
      stepsPerSecond: Math.round((total / elapsed) * 1000),
      meanRateE: Number((sum.meanRateE ?? NaN).toFixed(4)),
      meanRateI: Number((sum.meanRateI ?? NaN).toFixed(4)),
      eeConnections: `${ee[0]} → ${sum.eeConnections}`,
      weeLognormalGe001: { mu: Number(fit.mu.toFixed(3)), sigma: Number(fit.sigma.toFixed(3)) },
      isiDecayRate: Number(isiFit.b.toFixed(3)),
      fanoPerNeuronMean: Number((sum.fanoPerNeuronMean ?? NaN).toFixed(3)),
      fanoPopulation: Number((sum.fanoPopulation ?? NaN).toFixed(3)),
      stateHash: stateHash(s),
    };
    const lnDensity = (x: number) =>
      x > 0
        ? Math.exp(-((Math.log(x) - fit.mu) ** 2) / (2 * fit.sigma ** 2)) /
          (x * fit.sigma * Math.sqrt(2 * Math.PI))
        : 0;
    const section: ReportSection = {
      heading: "SORN at the reference defaults (ne 200, ni 40, nu 10)",
      text:
        `${total} steps with U(0,1) input on the 10 input units. The excitatory rate settles at ${figures.meanRateE} ` +
        `(target h_ip = 0.1), E→E connectivity prunes from ${
          ee[0]
        } to ${sum.eeConnections} synapses, and the surviving weights ` +
        `follow a lognormal-like distribution (μ = ${figures.weeLognormalGe001.mu}, σ = ${figures.weeLognormalGe001.sigma}).`,
      plots: [
        raster(spikes, config.ne, {
          title: `Excitatory spike raster (last ${tail} steps)`,
          xLabel: "step",
          yLabel: "neuron",
          id: "sorn-raster",
          t0: total - tail,
          width: 640,
          caption: `${spikes.reduce((a, b) => a + b, 0)} spikes of the ${config.ne} excitatory ` +
            `neurons over steps ${total - tail + 1}–${total}: ${
              (spikes.reduce((a, b) => a + b, 0) / spikes.length).toFixed(3)
            } spikes per neuron per step.`,
          // one path for all ticks: a third of the bytes of one rect per spike (the notebook's
          // display message and the report page stay small)
          onePath: true,
        }),
        lineChart([
          { name: "E→E synapses", x: ts, y: ee },
          { name: "I→E synapses", x: ts, y: ei },
        ], {
          title: "Connection counts over time",
          xLabel: "step",
          yLabel: "synapses (count)",
          id: "sorn-connections",
          caption: [
            "Structural plasticity prunes E→E synapses from ",
            { value: ee[0], series: "E→E synapses", stat: "first" },
            " to ",
            { value: ee[ee.length - 1], series: "E→E synapses", stat: "last" },
            "; I→E synapses stay at ",
            { value: ei[ei.length - 1], series: "I→E synapses", stat: "last" },
            ".",
          ],
        }),
        histogram(w, {
          title: "E→E weights ≥ 0.01 with lognormal fit",
          xLabel: "weight (dimensionless)",
          yLabel: "probability density",
          id: "sorn-weights",
          bins: 40,
          density: lnDensity,
          densityLabel: "lognormal fit",
          caption:
            `${w.length} E→E weights ≥ 0.01 at step ${total}; lognormal fit μ = ${figures.weeLognormalGe001.mu}, σ = ${figures.weeLognormalGe001.sigma} (of ln w).`,
        }),
        histogram(s.te, {
          title: "Excitatory thresholds TE",
          xLabel: "threshold (dimensionless)",
          yLabel: "probability density",
          id: "sorn-te",
          bins: 30,
          caption:
            `Thresholds of the ${s.te.length} excitatory neurons after intrinsic plasticity: ${
              Math.min(...s.te).toFixed(3)
            } to ${Math.max(...s.te).toFixed(3)}.`,
        }),
        histogram(isis, {
          title: `ISI distribution (exp. decay rate ${figures.isiDecayRate})`,
          xLabel: "inter-spike interval (steps)",
          yLabel: "probability density",
          id: "sorn-isi",
          bins: 30,
          caption:
            `${isis.length} inter-spike intervals of the last ${tail} steps; an exponential fit decays at rate ${figures.isiDecayRate} per step.`,
        }),
      ],
    };
    return Promise.resolve({ figures, sections: [section] });
  },
};
