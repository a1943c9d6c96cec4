/**
 * Showcase of the walk engine for the demo and the report: geodesic Brownian
 * motion in the hyperbolic plane, whose mean distance from the origin grows
 * linearly at rate (n − 1)/2 per unit time (here n = 2, time = σ² per step).
 *
 * @module
 */
import { key } from "@neuroplastic/core/random";
import { stateHash } from "@neuroplastic/core/checkpoint";
import {
  histogram,
  lineChart,
  poincareDisk,
  type ReportSection,
  type Showcase,
} from "@neuroplastic/core/chart";
import type { WalkConfig } from "./config.ts";
import { initState } from "./state.ts";
import { run } from "./step.ts";
import { distancesFromOrigin, walkStats } from "./stats.ts";

/**
 * Runs 512 walkers for 2,000 steps in the Poincaré disk and reports snapshots,
 * the mean hyperbolic distance against its asymptotic slope, and the final distance histogram.
 *
 * @example
 * ```ts ignore
 * import { walkShowcase } from "@neuroplastic/engines/walk";
 * const r = await walkShowcase.run({ seed: 1, progress: () => {} });
 * ```
 */
export const walkShowcase: Showcase = {
  name: "walk",
  title: "Geodesic random walk in the Poincaré disk",
  run: ({ seed, progress }) => {
    const config: WalkConfig = { particles: 512, dim: 2, curvature: 1, sigma: 0.05 };
    const total = 2000, chunk = 50;
    let s = initState(config, key(seed));
    const snapshots: { step: number; x: Float64Array }[] = [];
    const ts: number[] = [], mean: number[] = [], asym: number[] = [];
    for (let t = 0; t < total; t += chunk) {
      s = run(s, config, chunk);
      const st = walkStats(s.x, config);
      ts.push(s.t);
      mean.push(st.meanDistance);
      if ([100, 500, 2000].includes(s.t)) snapshots.push({ step: s.t, x: s.x.slice() });
      progress(s.t, total, undefined, "step");
    }
    // dE[d]/dt → (n − 1)/2 for large t (radial part of hyperbolic Brownian motion, n = 2, time σ² per step):
    // draw the theoretical slope through the final mean.
    for (const t of ts) asym.push(mean[mean.length - 1] - 0.5 * config.sigma ** 2 * (total - t));
    const st = walkStats(s.x, config);
    const slope = (mean[mean.length - 1] - mean[mean.length / 2 - 1]) /
      ((ts[ts.length - 1] - ts[ts.length / 2 - 1]) * config.sigma ** 2);
    const figures = {
      walkers: config.particles,
      steps: total,
      meanDistance: Number(st.meanDistance.toFixed(4)),
      maxNorm: Number(st.maxNorm.toFixed(6)),
      measuredSlope: Number(slope.toFixed(3)),
      theorySlope: 0.5,
      stateHash: stateHash(s),
    };
    const section: ReportSection = {
      heading: "Geodesic random walk in the Poincaré disk (c = 1)",
      text:
        `${config.particles} walkers, σ = ${config.sigma}, ${total} steps. Each step moves along a geodesic by a Gaussian tangent vector of Riemannian std σ. ` +
        `The mean hyperbolic distance grows at ${figures.measuredSlope} per unit time (σ² per step) over the second half; theory for the hyperbolic plane gives 1/2. ` +
        `Every walker stays strictly inside the disk (max ‖x‖ = ${figures.maxNorm}).`,
      plots: [
        ...snapshots.map((sn) =>
          poincareDisk(sn.x, {
            title: `walkers at step ${sn.step}`,
            id: `walk-disk-${sn.step}`,
            radius: 1.6,
          })
        ),
        lineChart([
          { name: "mean distance", x: ts, y: mean },
          { name: "slope ½ (theory)", x: ts, y: asym, dashed: true },
        ], {
          title: "Mean hyperbolic distance from the origin",
          xLabel: "step",
          yLabel: "distance",
          id: "walk-distance",
        }),
        histogram(distancesFromOrigin(s.x, config), {
          title: "Final distance distribution",
          xLabel: "distance",
          id: "walk-hist",
          bins: 30,
        }),
      ],
    };
    return Promise.resolve({ figures, sections: [section] });
  },
};
