/**
 * Intrinsic plasticity (IP): homeostatic adaptation of firing thresholds.
 *
 * Equation (Lazar, Pipa & Triesch 2009, Eq. 5; `sorn` reference `Plasticity.ip`):
 * `T_i ← clip(T_i + η_IP · (x_i(t+1) − h_IP), T_min, T_max)`. A neuron that fires
 * raises its threshold, a silent one lowers it, so each neuron's rate tends to h_IP.
 *
 * @module
 */

/**
 * How the IP target rate h_IP is chosen: `"reference"` = `2·nu/ne` (what the `sorn`
 * package uses, ignoring `mu_ip`), `"mu_ip"` = `mu_ip`.
 *
 * @example
 * ```ts
 * import type { IpTargetMode } from "@neuroplastic/plasticity";
 * const m: IpTargetMode = "mu_ip";
 * ```
 */
export type IpTargetMode = "reference" | "mu_ip";

/**
 * The IP target rate: `2·nu/ne` (reference `Plasticity.__init__`, which ignores
 * `mu_ip`) or `mu_ip`.
 *
 * @example
 * ```ts
 * import { ipTarget } from "@neuroplastic/plasticity";
 * console.log(ipTarget("reference", 10, 200, 0.1), ipTarget("mu_ip", 10, 200, 0.2)); // 0.1 0.2
 * ```
 */
export const ipTarget = (mode: IpTargetMode, nu: number, ne: number, muIp: number): number =>
  mode === "reference" ? (2 * nu) / ne : muIp;

/**
 * IP update in place: `T_i ← clip(T_i + η (x_i − h), lo, hi)` for `i < n`
 * (`≤ lo → lo`, `> hi → hi`, as the reference's `reset_min`/`reset_max`).
 *
 * @example
 * ```ts
 * import { ipUpdate } from "@neuroplastic/plasticity";
 * const te = new Float64Array([0.5, 0.5]);
 * ipUpdate(te, new Uint8Array([1, 0]), 2, 0.01, 0.1, 0, 1);
 * console.log(te[0] > 0.5, te[1] < 0.5); // true true
 * ```
 */
export const ipUpdate = (
  te: Float64Array,
  xNew: ArrayLike<number>,
  n: number,
  eta: number,
  h: number,
  lo: number,
  hi: number,
): void => {
  // η(x − h) for the binary cases, computed once (same bits as the general expression).
  const up = eta * (1 - h);
  const down = eta * (0 - h);
  // Each branch stores its own value: a variable that is either the sum or a bound (a tagged
  // parameter, e.g. the small integer 0) made V8 box every sum as a heap number (~200 per step).
  for (let i = 0; i < n; i++) {
    const xi = xNew[i];
    const v = te[i] + (xi === 0 ? down : xi === 1 ? up : eta * (xi - h));
    if (v <= lo) te[i] = lo;
    else if (v > hi) te[i] = hi;
    else te[i] = v;
  }
};
