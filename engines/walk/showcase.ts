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
    const total = 2000, chunk = 50, s2 = config.sigma ** 2;
    let s = initState(config, key(seed));
    const snapshots: { step: number; x: Float64Array; maxNorm: number }[] = [];
    const ts: number[] = [], mean: number[] = [], sdLo: number[] = [], sdHi: number[] = [];
    const asym: number[] = [], drift: number[] = [];
    let half: Float64Array | undefined;
    for (let t = 0; t < total; t += chunk) {
      s = run(s, config, chunk);
      const d = distancesFromOrigin(s.x, config);
      const m = d.reduce((a, b) => a + b, 0) / d.length;
      const sd = Math.sqrt(d.reduce((a, b) => a + (b - m) ** 2, 0) / (d.length - 1));
      ts.push(s.t);
      mean.push(m);
      sdLo.push(m - sd);
      sdHi.push(m + sd);
      // Radial part of Brownian motion on H² (generator ½Δ, curvature −1): dr = dB + ½·coth(r) dt,
      // so the mean distance grows at E[½·coth r] at finite r and at (n − 1)/2 = ½ as r → ∞
      // (Grigor'yan, Heat Kernel and Analysis on Manifolds, 2009, §3.10; here time = σ² per step).
      drift.push(d.reduce((a, r) => a + 0.5 / Math.tanh(r), 0) / d.length);
      if (s.t === total / 2) half = d;
      if ([100, 500, 2000].includes(s.t)) {
        snapshots.push({ step: s.t, x: s.x.slice(), maxNorm: walkStats(s.x, config).maxNorm });
      }
      progress(s.t, total, undefined, "step");
    }
    // the theoretical slope ½ drawn through the final mean
    for (const t of ts) asym.push(mean[mean.length - 1] - 0.5 * s2 * (total - t));
    const st = walkStats(s.x, config);
    const dEnd = distancesFromOrigin(s.x, config);
    // Least-squares slope of the mean distance against time u = σ²·t over the second half, with
    // the standard error of the fit: se = √(Σ residual² / (n − 2) / Σ (u − ū)²).
    const win = ts.map((_, i) => i).filter((i) => ts[i] >= total / 2);
    const u = win.map((i) => ts[i] * s2), y = win.map((i) => mean[i]);
    const ub = u.reduce((a, b) => a + b, 0) / u.length,
      yb = y.reduce((a, b) => a + b, 0) / y.length;
    const sxx = u.reduce((a, v) => a + (v - ub) ** 2, 0);
    const slope = u.reduce((a, v, k) => a + (v - ub) * (y[k] - yb), 0) / sxx;
    const rss = u.reduce((a, v, k) => a + (y[k] - yb - slope * (v - ub)) ** 2, 0);
    const slopeSe = Math.sqrt(rss / (u.length - 2) / sxx);
    // The successive means share their walkers, so the fit's residuals are correlated: the
    // spread of the 512 independent walkers' own slopes (d(T) − d(T/2)) / (σ²·T/2) is the honest
    // uncertainty of the mean slope.
    const per = dEnd.map((d, i) => (d - half![i]) / (s2 * total / 2));
    const pm = per.reduce((a, b) => a + b, 0) / per.length;
    const walkerSe = Math.sqrt(
      per.reduce((a, b) => a + (b - pm) ** 2, 0) / (per.length - 1) / per.length,
    );
    const expected = win.reduce((a, i) => a + drift[i], 0) / win.length;
    // the measured rate: differences of the mean over 4 chunks (200 steps), per unit time
    const rateT: number[] = [], rate: number[] = [];
    for (let i = 4; i < ts.length; i++) {
      rateT.push((ts[i] + ts[i - 4]) / 2);
      rate.push((mean[i] - mean[i - 4]) / ((ts[i] - ts[i - 4]) * s2));
    }
    const figures = {
      walkers: config.particles,
      steps: total,
      meanDistance: Number(st.meanDistance.toFixed(4)),
      maxNorm: Number(st.maxNorm.toFixed(6)),
      measuredSlope: Number(slope.toFixed(3)),
      measuredSlopeFitSe: Number(slopeSe.toPrecision(2)),
      measuredSlopeWalkerSe: Number(walkerSe.toPrecision(2)),
      finiteDistanceSlope: Number(expected.toFixed(3)),
      theorySlope: 0.5,
      stateHash: stateHash(s),
    };
    const z = (slope - 0.5) / walkerSe, zf = (slope - expected) / walkerSe;
    const section: ReportSection = {
      heading: "Geodesic random walk in the Poincaré disk (c = 1)",
      text:
        `${config.particles} walkers, σ = ${config.sigma}, ${total} steps. Each step moves along a geodesic by a Gaussian tangent vector of Riemannian std σ. ` +
        `Over the second half the mean hyperbolic distance grows at ${figures.measuredSlope} ± ${figures.measuredSlopeFitSe} per unit time (least-squares fit, σ² per step; ` +
        `± ${figures.measuredSlopeWalkerSe} from the spread of the walkers' own slopes, the honest error since the means share walkers). ` +
        `The asymptotic slope for the hyperbolic plane is 1/2; the measurement is ${
          z.toFixed(1)
        } standard errors above it. At finite distance the radial drift is ½·coth(d) > ½; its mean over the same walkers and window is ${figures.finiteDistanceSlope}, ` +
        `${zf.toFixed(1)} standard errors from the measurement${
          Math.abs(zf) < 2 ? ", so the excess over ½ is the expected finite-time bias" : ""
        }. ` +
        `Every walker stays strictly inside the disk (max ‖x‖ = ${figures.maxNorm}).`,
      plots: [
        ...snapshots.map((sn) =>
          poincareDisk(sn.x, {
            title: `walkers at step ${sn.step}`,
            id: `walk-disk-${sn.step}`,
            radius: 1.6,
            key: [{ color: "#1f77b4", label: "walker position (Poincaré coordinates)" }],
            caption: [
              { value: config.particles, series: "", stat: "nodes" },
              ` walkers after ${sn.step} steps of σ = ${config.sigma}; the largest Euclidean norm is ${
                sn.maxNorm.toFixed(6)
              } (< 1, inside the disk).`,
            ],
          })
        ),
        lineChart([
          {
            name: "mean distance",
            x: ts,
            y: mean,
            band: { lower: sdLo, upper: sdHi, label: "± 1 sd over the 512 walkers" },
          },
          { name: "slope ½ (theory, t → ∞)", x: ts, y: asym, dashed: true },
        ], {
          title: "Mean hyperbolic distance from the origin",
          xLabel: "step (time σ² = 0.0025 per step)",
          yLabel: "hyperbolic distance d",
          id: "walk-distance",
          caption: [
            "The mean distance grows from ",
            { value: mean[0], series: "mean distance", stat: "first", digits: 3 },
            ` at step ${ts[0]} to `,
            { value: mean[mean.length - 1], series: "mean distance", stat: "last", digits: 3 },
            ` at step ${total}; least-squares slope over the second half ${figures.measuredSlope} ± ${figures.measuredSlopeFitSe} per unit time ` +
            `(± ${figures.measuredSlopeWalkerSe} from the walkers' spread; theory ½ as t → ∞).`,
          ],
        }),
        lineChart([
          { name: "measured (over 200 steps)", x: rateT, y: rate },
          { name: "½·E[coth d] (drift at the distances reached)", x: ts, y: drift },
          { name: "½ (t → ∞)", x: [ts[0], total], y: [0.5, 0.5], dashed: true },
        ], {
          title: "Growth rate of the mean distance",
          xLabel: "step (time σ² = 0.0025 per step)",
          yLabel: "rate (distance per unit time)",
          id: "walk-rate",
          caption: [
            "The radial drift ½·E[coth d] falls from ",
            {
              value: drift[0],
              series: "½·E[coth d] (drift at the distances reached)",
              stat: "first",
              digits: 3,
            },
            " to ",
            {
              value: drift[drift.length - 1],
              series: "½·E[coth d] (drift at the distances reached)",
              stat: "last",
              digits: 3,
            },
            ` towards ½; its mean over the second half, ${figures.finiteDistanceSlope}, is what the fitted slope ${figures.measuredSlope} should be compared with.`,
          ],
        }),
        histogram(dEnd, {
          title: "Final distance distribution",
          xLabel: "hyperbolic distance d",
          yLabel: "probability density",
          id: "walk-hist",
          bins: 30,
          caption:
            `Distances of the ${config.particles} walkers from the origin at step ${total}: mean ${
              st.meanDistance.toFixed(3)
            }, max ${Math.max(...dEnd).toFixed(3)}.`,
        }),
      ],
    };
    return Promise.resolve({ figures, sections: [section] });
  },
};
