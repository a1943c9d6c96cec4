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
import { histogram, poincareDisk } from "@neuroplastic/core/chart";
import { sornReporter } from "@neuroplastic/engines/sorn";

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
