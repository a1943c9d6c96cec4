/**
 * One step of a geodesic random walk in the Poincaré ball.
 *
 * @module
 */
import { fold, normal } from "@neuroplastic/core/random";
import { conformalFactor, expMap } from "@neuroplastic/geometry";
import type { WalkConfig } from "./config.ts";
import type { WalkState } from "./state.ts";

/**
 * Advances positions in place by one step (the transient kernel used by `step` and `run`).
 *
 * Each walker draws ξ ~ N(0, I_d) and moves along the geodesic
 * x ← exp_x(σ ξ / λ_x), λ_x = 2 / (1 − c‖x‖²): a tangent vector of Riemannian
 * norm σ‖ξ‖ (Ganea et al. 2018, §2.3: ‖v‖_x = λ_x ‖v‖). The noise of step t
 * comes from `fold(key, t)`, so any run is a pure function of (config, seed).
 *
 * @example
 * ```ts
 * import { advanceWalkInPlace, initState, walkDefaults } from "@neuroplastic/engines/walk";
 * import { key } from "@neuroplastic/core/random";
 * const s = initState(walkDefaults, key(1));
 * advanceWalkInPlace(s.x, s.key, 0, walkDefaults);
 * ```
 */
export const advanceWalkInPlace = (
  x: Float64Array,
  k: WalkState["key"],
  t: number,
  config: WalkConfig,
): void => {
  const { dim: d, curvature: c, sigma } = config;
  const xi = normal(fold(k, t), x.length);
  const out = new Float64Array(d);
  for (let p = 0; p < config.particles; p++) {
    const xp = x.subarray(p * d, (p + 1) * d);
    const v = xi.subarray(p * d, (p + 1) * d);
    // v = σ ξ / λ_x
    const s = sigma / conformalFactor(xp, c);
    for (let j = 0; j < d; j++) v[j] *= s;
    expMap(xp, v, c, out);
    xp.set(out);
  }
};

/**
 * One step: a new state, the argument untouched.
 *
 * @example
 * ```ts
 * import { initState, step, walkDefaults } from "@neuroplastic/engines/walk";
 * import { key } from "@neuroplastic/core/random";
 * const s1 = step(initState(walkDefaults, key(1)), walkDefaults);
 * console.log(s1.t); // 1
 * ```
 */
export const step = (state: WalkState, config: WalkConfig): WalkState => {
  const x = state.x.slice();
  advanceWalkInPlace(x, state.key, state.t, config);
  return { t: state.t + 1, key: state.key, x };
};

/**
 * `n` steps with one copy of the state (transient pattern); equals `n` calls of {@link step}.
 *
 * @example
 * ```ts
 * import { initState, run, walkDefaults } from "@neuroplastic/engines/walk";
 * import { key } from "@neuroplastic/core/random";
 * console.log(run(initState(walkDefaults, key(1)), walkDefaults, 10).t); // 10
 * ```
 */
export const run = (state: WalkState, config: WalkConfig, n: number): WalkState => {
  const x = state.x.slice();
  for (let i = 0; i < n; i++) advanceWalkInPlace(x, state.key, state.t + i, config);
  return { t: state.t + n, key: state.key, x };
};
