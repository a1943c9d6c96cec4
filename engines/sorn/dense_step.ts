/**
 * The plain dense reference step: every loop runs over all neuron pairs, as the
 * `sorn` reference does with NumPy matrices. Kept as an oracle for the
 * event-driven step (property test: identical bits over 500 steps) and as the
 * baseline of the speed bench. Same equations, order and random numbers as step.ts.
 *
 * Dense matrices use the same layout, `W[pre * nPost + post]`; presence is an
 * explicit mask (a synapse exists where the mask is 1).
 *
 * @module
 */
import type { Key } from "@neuroplastic/core/random";
import {
  chooseAbsentPair,
  denseWeights,
  ipUpdate,
  istdpDense,
  normalizeColumnsDense,
  stdpDense,
} from "@neuroplastic/plasticity";
import { hIp, type SornConfig } from "./config.ts";
import type { SornState } from "./state.ts";
import {
  STEP_IP,
  STEP_ISTDP,
  STEP_SP,
  STEP_SS,
  STEP_STDP,
  STEP_UNIFORM_INPUT,
  stepMask,
} from "./step.ts";
import {
  createDrawCache,
  type DrawCache,
  inputOffset,
  noiseOffset,
  structuralGate,
  structuralPairKey,
} from "./draws.ts";

/**
 * The physical state in dense form (no index lists, no counters).
 *
 * @example
 * ```ts
 * import { initState, sornDefaults, toDense } from "@neuroplastic/engines/sorn";
 * import { key } from "@neuroplastic/core/random";
 * const d = toDense(initState(sornDefaults, key(0)));
 * console.log(d.wee.length); // 40000
 * ```
 */
export interface DenseSornState {
  /** Excitatory neurons. */
  readonly ne: number;
  /** Inhibitory neurons. */
  readonly ni: number;
  /** Input units. */
  readonly nu: number;
  /** Steps taken. */
  t: number;
  /** Base key (step t draws from blocks keyed by it). */
  readonly key: Key;
  /** Binary excitatory state. */
  readonly x: Uint8Array;
  /** Binary inhibitory state. */
  readonly y: Uint8Array;
  /** Recurrent drive of the last step (no input, before thresholding). */
  readonly r: Float64Array;
  /** Excitatory thresholds. */
  readonly te: Float64Array;
  /** Inhibitory thresholds. */
  readonly ti: Float64Array;
  /** E→E weights, `wee[pre * ne + post]`. */
  readonly wee: Float64Array;
  /** E→E presence mask. */
  readonly eeMask: Uint8Array;
  /** I→E weights, `wei[k * ne + i]`. */
  readonly wei: Float64Array;
  /** I→E presence mask. */
  readonly eiMask: Uint8Array;
  /** E→I weights, `wie[j * ni + k]`. */
  readonly wie: Float64Array;
}

/**
 * Copies the physical part of a state into dense form.
 *
 * @example
 * ```ts
 * import { initState, sornDefaults, toDense } from "@neuroplastic/engines/sorn";
 * import { key } from "@neuroplastic/core/random";
 * console.log(toDense(initState(sornDefaults, key(0))).eeMask.length); // 40000
 * ```
 */
export const toDense = (s: SornState): DenseSornState => ({
  ne: s.ne,
  ni: s.ni,
  nu: s.nu,
  t: s.t,
  key: { k0: s.key.k0, k1: s.key.k1 },
  x: s.x.slice(),
  y: s.y.slice(),
  r: s.r.slice(),
  te: s.te.slice(),
  ti: s.ti.slice(),
  wee: denseWeights(s.ee),
  eeMask: s.ee.mask.slice(),
  wei: denseWeights(s.ei),
  eiMask: s.ei.mask.slice(),
  wie: s.wie.slice(),
});

/**
 * One dense step in place (O(ne² + ni·ne) regardless of activity).
 * `input` (length nu) overrides the config's input mode. `draws` caches the
 * blocks of random numbers between calls (a fresh cache per call when omitted);
 * `mask` is `stepMask(config)`.
 *
 * @example
 * ```ts
 * import { denseStepInPlace, initState, sornDefaults, toDense } from "@neuroplastic/engines/sorn";
 * import { key } from "@neuroplastic/core/random";
 * const d = toDense(initState(sornDefaults, key(0)));
 * denseStepInPlace(d, sornDefaults);
 * console.log(d.t); // 1
 * ```
 */
export const denseStepInPlace = (
  d: DenseSornState,
  config: SornConfig,
  input?: ArrayLike<number>,
  draws: DrawCache = createDrawCache(d.ne, d.ni, d.nu),
  mask: number = stepMask(config),
): void => {
  const { ne, ni, nu } = d;
  const { x, y, te, ti, r, wee, wei, wie } = d;
  const t = d.t;

  const sigma = config.noise_sigma;
  const noise = draws.noise;
  const nOff = sigma > 0 ? noiseOffset(draws, d.key, t, sigma) : 0;
  let u: ArrayLike<number> = draws.input;
  let uOff = 0;
  let nuOn = 0;
  if (input !== undefined) {
    u = input;
    nuOn = nu;
  } else if ((mask & STEP_UNIFORM_INPUT) !== 0 && nu > 0) {
    uOff = inputOffset(draws, d.key, t);
    nuOn = nu;
  }

  // x' = H(Wee^T x − Wei^T y + ξ + u − Te), with plain loops over all j.
  const xNew = new Uint8Array(ne);
  for (let i = 0; i < ne; i++) {
    let e = 0;
    for (let j = 0; j < ne; j++) if (x[j] !== 0) e += wee[j * ne + i];
    let h = 0;
    for (let q = 0; q < ni; q++) if (y[q] !== 0) h += wei[q * ne + i];
    const base = e - h + (sigma > 0 ? noise[nOff + i] : 0);
    const ri = base - te[i];
    r[i] = ri;
    const v = i < nuOn ? base + u[uOff + i] - te[i] : ri;
    xNew[i] = v > 0 ? 1 : 0;
  }
  // y' = H(Wie^T x + ξ − Ti).
  const yNew = new Uint8Array(ni);
  for (let q = 0; q < ni; q++) {
    let e = 0;
    for (let j = 0; j < ne; j++) if (x[j] !== 0) e += wie[j * ni + q];
    yNew[q] = e + (sigma > 0 ? noise[nOff + ne + q] : 0) - ti[q] > 0 ? 1 : 0;
  }

  if ((mask & (STEP_STDP | STEP_IP | STEP_SP | STEP_ISTDP | STEP_SS)) !== 0) {
    const touchedEE = new Uint8Array(ne);
    const touchedEI = new Uint8Array(ne);
    if ((mask & STEP_STDP) !== 0 && config.eta_stdp > 0) {
      stdpDense(wee, d.eeMask, ne, x, xNew, config.eta_stdp, config.w_max, config.prune, touchedEE);
    }
    if ((mask & STEP_IP) !== 0) {
      ipUpdate(te, xNew, ne, config.eta_ip, hIp(config), config.te_min, config.te_max);
    }
    if (
      (mask & STEP_SP) !== 0 && config.sp_prob > 0 &&
      structuralGate(draws, d.key, t) < config.sp_prob
    ) {
      const idx = chooseAbsentPair(structuralPairKey(d.key, t), ne, d.eeMask);
      if (idx >= 0) {
        wee[idx] = config.sp_weight;
        d.eeMask[idx] = 1;
        touchedEE[idx % ne] = 1;
      }
    }
    if ((mask & STEP_ISTDP) !== 0 && config.eta_inhib > 0) {
      istdpDense(
        wei,
        d.eiMask,
        ni,
        ne,
        y,
        xNew,
        config.eta_inhib,
        config.mu_ip,
        config.w_max,
        config.prune,
        touchedEI,
      );
    }
    if ((mask & STEP_SS) !== 0) {
      normalizeColumnsDense(wee, ne, ne, touchedEE);
      normalizeColumnsDense(wei, ni, ne, touchedEI);
    }
  }

  x.set(xNew);
  y.set(yNew);
  d.t += 1;
};
