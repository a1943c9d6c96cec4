/**
 * State of the Poincaré-ball random walk.
 *
 * @module
 */
import type { Key } from "@neuroplastic/core/random";
import type { WalkConfig } from "./config.ts";

/** Walk state: step index, PRNG key, positions (particles × dim, row-major). */
export interface WalkState {
  /** Steps taken. */
  readonly t: number;
  /** Base key; step t draws from `fold(key, t)`. */
  readonly key: Key;
  /** Positions, particles × dim, row-major. */
  readonly x: Float64Array;
}

/**
 * All walkers start at the origin.
 *
 * @example
 * ```ts
 * import { initState, walkDefaults } from "@neuroplastic/engines/walk";
 * import { key } from "@neuroplastic/core/random";
 * console.log(initState(walkDefaults, key(0)).x.length); // 512
 * ```
 */
export const initState = (config: WalkConfig, k: Key): WalkState => ({
  t: 0,
  key: k,
  x: new Float64Array(config.particles * config.dim),
});
