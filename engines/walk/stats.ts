/**
 * Summary statistics of walker positions.
 *
 * @module
 */
import { distance } from "@neuroplastic/geometry";
import type { WalkConfig } from "./config.ts";

/** Summary of the walkers' positions. */
export interface WalkStats {
  /** Mean hyperbolic distance from the origin. */
  readonly meanDistance: number;
  /** Largest Euclidean norm (always < 1/√c). */
  readonly maxNorm: number;
  /** Mean Euclidean norm. */
  readonly meanNorm: number;
}

/**
 * Distances from the origin and norms.
 *
 * @example
 * ```ts
 * import { walkStats, walkDefaults } from "@neuroplastic/engines/walk";
 * console.log(walkStats(new Float64Array(512), walkDefaults).meanDistance); // 0
 * ```
 */
export const walkStats = (x: Float64Array, config: WalkConfig): WalkStats => {
  const d = config.dim;
  const zero = new Float64Array(d);
  let sumD = 0, sumN = 0, maxN = 0;
  for (let p = 0; p < config.particles; p++) {
    const xp = x.subarray(p * d, (p + 1) * d);
    let n2 = 0;
    for (let j = 0; j < d; j++) n2 += xp[j] * xp[j];
    const n = Math.sqrt(n2);
    sumN += n;
    if (n > maxN) maxN = n;
    sumD += distance(zero, xp, config.curvature);
  }
  return {
    meanDistance: sumD / config.particles,
    maxNorm: maxN,
    meanNorm: sumN / config.particles,
  };
};

/**
 * Distances of each walker from the origin.
 *
 * @example
 * ```ts
 * import { distancesFromOrigin, walkDefaults } from "@neuroplastic/engines/walk";
 * console.log(distancesFromOrigin(new Float64Array(512), walkDefaults).length); // 256
 * ```
 */
export const distancesFromOrigin = (x: Float64Array, config: WalkConfig): Float64Array => {
  const d = config.dim;
  const zero = new Float64Array(d);
  const out = new Float64Array(config.particles);
  for (let p = 0; p < config.particles; p++) {
    out[p] = distance(zero, x.subarray(p * d, (p + 1) * d), config.curvature);
  }
  return out;
};
