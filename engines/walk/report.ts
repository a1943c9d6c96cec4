/**
 * The walk's report sections for a run folder: the final positions in the Poincaré disk and the
 * histogram of their Euclidean norms.
 *
 * @module
 */
import {
  type EngineReporter,
  histogram,
  poincareDisk,
  type ReportSection,
  type RunDir,
} from "@neuroplastic/core/chart";

/**
 * Report sections of a walk run folder (empty when it holds no final state).
 *
 * @example
 * ```ts
 * import { walkReporter } from "@neuroplastic/engines/walk";
 * console.log(walkReporter({ dir: "x", manifest: { engine: "walk", command: "run", seed: 0, steps: 0, config: null }, result: {}, records: new Map(), finalState: undefined }).length); // 0
 * ```
 */
export const walkReporter: EngineReporter = (run: RunDir): ReportSection[] => {
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
      poincareDisk(pts, {
        title: "walkers (final)",
        id: "walk-final-disk",
        radius: 1.6,
        key: [{ color: "#1f77b4", label: "walker position (Poincaré coordinates)" }],
        caption: [
          { value: n, series: "", stat: "nodes" },
          ` walkers after ${run.manifest.steps} steps; largest Euclidean norm ${
            Math.max(...norms).toFixed(6)
          } (< 1).`,
        ],
      }),
      histogram(norms, {
        title: "Euclidean norms",
        xLabel: "Euclidean norm ‖x‖ (disk radius 1)",
        yLabel: "probability density",
        id: "walk-final-norms",
        range: [0, 1],
      }),
    ],
  }];
};
