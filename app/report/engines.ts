/**
 * Each engine's own report sections for run directories.
 *
 * @module
 */
import type { EngineReporter, RunDir } from "@neuroplastic/core/chart";
import { hebbianRnnReporter } from "./hebbian_rnn.ts";
import { genregReporter } from "./genreg.ts";
import { lndpReporter } from "./lndp.ts";
import { rsgnReporter } from "./rsgn.ts";
import { histogram, poincareDisk, raster } from "@neuroplastic/core/chart";
import { lognormalFit, type SornState, synapseWeights } from "@neuroplastic/engines/sorn";

const walkReporter: EngineReporter = (run: RunDir) => {
  const s = run.finalState as { x?: Float64Array } | undefined;
  const cfg = run.manifest.config as { dim?: number; particles?: number } | null;
  if (!s?.x || !cfg?.dim) return [];
  const d = cfg.dim;
  const n = s.x.length / d;
  const pts = new Float64Array(2 * n);
  const norms = new Float64Array(n);
  for (let p = 0; p < n; p++) {
    pts[2 * p] = s.x[p * d];
    pts[2 * p + 1] = d > 1 ? s.x[p * d + 1] : 0;
    let q = 0;
    for (let j = 0; j < d; j++) q += s.x[p * d + j] ** 2;
    norms[p] = Math.sqrt(q);
  }
  return [{
    heading: "Final positions",
    text: d > 2 ? `First two of ${d} coordinates.` : undefined,
    plots: [
      poincareDisk(pts, { title: "walkers (final)", id: "walk-final-disk", radius: 1.6 }),
      histogram(norms, { title: "Euclidean norms", id: "walk-final-norms", range: [0, 1] }),
    ],
  }];
};

const sornReporter: EngineReporter = (run: RunDir) => {
  const out = [];
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
          xLabel: "weight",
          id: "sorn-run-weights",
          bins: 40,
          density,
        }),
        histogram(s.te, {
          title: "Excitatory thresholds TE",
          xLabel: "threshold",
          id: "sorn-run-te",
        }),
      ],
    });
  }
  return out;
};

/**
 * Engine name → its reporter.
 *
 * @example
 * ```ts ignore
 * import { reporters } from "./engines.ts";
 * console.log(Object.keys(reporters));
 * ```
 */
export const reporters: { readonly [engine: string]: EngineReporter } = {
  walk: walkReporter,
  sorn: sornReporter,
  genreg: genregReporter,
  "hebbian-rnn": hebbianRnnReporter,
  lndp: lndpReporter,
  rsgn: rsgnReporter,
};
