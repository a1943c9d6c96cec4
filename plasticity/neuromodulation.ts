/**
 * Neuromodulated plasticity: a global (or per-network) modulatory signal gates how much of a
 * Hebbian or eligibility trace turns into an actual change.
 *
 * - Reward-modulated weight change (Miconi 2017, eLife, Eq. 4; `dnms/net.cpp`):
 *   `ΔJ[i, j] = clip(−η · scale · e[i, j] · (R − R̄), ±maxDw)` with `R` the trial's error (so a
 *   lower-than-expected error reinforces the eligible synapses), `R̄` its running average and
 *   `scale` the reference's extra factor `R̄` (see the engine README).
 * - Backpropamine plastic traces (Miconi et al. 2019, Eqs. 4–6):
 *   simple: `Hebb ← clip(Hebb + M · pre ⊗ post, −1, 1)`;
 *   retroactive: `Hebb ← clip(Hebb + M · E, −1, 1)`.
 *
 * @module
 */

/**
 * In place `w[k] += clip(−η · scale · e[k] · (r − rBar), −maxDw, maxDw)` for every `k`
 * (Miconi 2017, Eq. 4, with the per-synapse clip of `dnms/net.cpp`, MAXDW = 3e-4).
 *
 * @param w weights, same layout as `e`, updated in place
 * @param e eligibility traces
 * @returns the number of clipped entries
 * @example
 * ```ts
 * import { rewardModulatedUpdate } from "@neuroplastic/plasticity";
 * const w = new Float64Array([0, 0]);
 * rewardModulatedUpdate(w, new Float64Array([1e-3, -1]), 0.1, 1, 0.5, 1, 3e-4);
 * console.log(Array.from(w)); // [-0.00005, 0.0003]
 * ```
 */
export const rewardModulatedUpdate = (
  w: Float64Array,
  e: Float64Array,
  eta: number,
  r: number,
  rBar: number,
  scale: number,
  maxDw: number,
): number => {
  const g = -eta * scale * (r - rBar);
  let clipped = 0;
  for (let k = 0; k < w.length; k++) {
    // ΔJ = clip(−η · scale · e · (R − R̄), ±maxDw) (Miconi 2017, Eq. 4; net.cpp MAXDW)
    let d = g * e[k];
    if (d > maxDw) {
      d = maxDw;
      clipped++;
    } else if (d < -maxDw) {
      d = -maxDw;
      clipped++;
    }
    w[k] += d;
  }
  return clipped;
};

/**
 * In place `hebb[i, j] ← clip(hebb[i, j] + M · pre[i] · post[j], lo, hi)` (backpropamine,
 * simple neuromodulation, Miconi et al. 2019, Eq. 4; default clip `[−1, 1]`).
 *
 * @example
 * ```ts
 * import { modulatedHebbUpdate } from "@neuroplastic/plasticity";
 * const h = modulatedHebbUpdate(new Float64Array([0.9]), [1], [1], 1, 1, 0.5);
 * console.log(h[0]); // 1
 * ```
 */
export const modulatedHebbUpdate = (
  hebb: Float64Array,
  pre: ArrayLike<number>,
  post: ArrayLike<number>,
  nPre: number,
  nPost: number,
  m: number,
  lo = -1,
  hi = 1,
): Float64Array => {
  for (let i = 0; i < nPre; i++) {
    const mi = m * pre[i];
    for (let j = 0; j < nPost; j++) {
      const v = hebb[i * nPost + j] + mi * post[j];
      hebb[i * nPost + j] = v > hi ? hi : v < lo ? lo : v;
    }
  }
  return hebb;
};

/**
 * In place `hebb[k] ← clip(hebb[k] + M · E[k], lo, hi)` (backpropamine, retroactive
 * neuromodulation, Miconi et al. 2019, Eq. 5).
 *
 * @example
 * ```ts
 * import { retroactiveHebbUpdate } from "@neuroplastic/plasticity";
 * console.log(retroactiveHebbUpdate(new Float64Array([0]), new Float64Array([0.5]), -4)[0]); // -1
 * ```
 */
export const retroactiveHebbUpdate = (
  hebb: Float64Array,
  E: Float64Array,
  m: number,
  lo = -1,
  hi = 1,
): Float64Array => {
  for (let k = 0; k < hebb.length; k++) {
    const v = hebb[k] + m * E[k];
    hebb[k] = v > hi ? hi : v < lo ? lo : v;
  }
  return hebb;
};
