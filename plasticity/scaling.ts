/**
 * Rate-based multiplicative synaptic scaling (homeostatic), distinct from the
 * sum-normalisation of normalization.ts (which the `sorn` reference calls "ss").
 *
 * Equations (van Rossum, Bi & Turrigiano 2000, J. Neurosci. 20:8812, Eqs. 3–4,
 * discretised with unit time step):
 * - rate estimate `r_i ← r_i + (x_i − r_i) / τ`;
 * - scaling `W[j, i] ← W[j, i] · (1 + η · (h − r_i))`, clipped to `[0, wMax]`.
 *
 * Not part of the SORN step (the reference has no rate-based scaling); offered for
 * engines that want it (e.g. Hebbian RNNs).
 *
 * @module
 */

/**
 * Exponential moving average of activity, in place: `r_i ← r_i + (x_i − r_i)/τ`.
 *
 * @example
 * ```ts
 * import { rateEstimateUpdate } from "@neuroplastic/plasticity";
 * const r = new Float64Array([0, 0]);
 * rateEstimateUpdate(r, [1, 0], 10);
 * console.log(r[0]); // 0.1
 * ```
 */
export const rateEstimateUpdate = (r: Float64Array, x: ArrayLike<number>, tau: number): void => {
  for (let i = 0; i < r.length; i++) r[i] = r[i] + (x[i] - r[i]) / tau;
};

/**
 * Multiplicative synaptic scaling in place on `w` (`nPre × nPost`, `w[pre*nPost+post]`):
 * each column `i` is multiplied by `1 + η (h − r_i)` (floored at 0) and clipped to `[0, wMax]`.
 *
 * @example
 * ```ts
 * import { synapticScaling } from "@neuroplastic/plasticity";
 * const w = new Float64Array([0.5, 0.5]);
 * synapticScaling(w, 1, 2, new Float64Array([0.0, 0.2]), 0.1, 1, 1);
 * console.log(w[0] > 0.5, w[1] < 0.5); // true true
 * ```
 */
export const synapticScaling = (
  w: Float64Array,
  nPre: number,
  nPost: number,
  rates: ArrayLike<number>,
  target: number,
  eta: number,
  wMax: number,
): void => {
  for (let i = 0; i < nPost; i++) {
    const f = Math.max(0, 1 + eta * (target - rates[i]));
    if (f === 1) continue;
    for (let j = 0; j < nPre; j++) {
      const idx = j * nPost + i;
      const v = w[idx] * f;
      w[idx] = v > wMax ? wMax : v;
    }
  }
};
