/**
 * Acrobot-v1 ("book" version, no torque noise) with gymnax v0.0.8 dynamics
 * (gymnax/environments/classic_control/acrobot.py; lndp-reference.md §6).
 *
 * State layout: [θ1, θ2, θ̇1, θ̇2, time].
 *
 * @module
 */
import { split, uniform1 } from "@neuroplastic/core/random";
import type { Env, StepResult } from "./types.ts";

const DT = 0.2;
const L1 = 1.0;
const M1 = 1.0;
const M2 = 1.0;
const LC1 = 0.5;
const LC2 = 0.5;
const I1 = 1.0;
const I2 = 1.0;
const G = 9.8;
const MAX_VEL_1 = 4 * Math.PI;
const MAX_VEL_2 = 9 * Math.PI;
const MAX_STEPS = 500;
const TORQUES = [-1.0, 0.0, 1.0];

/**
 * wrap(x, m, M): diff = M − m; x < m adds ⌈(m−x)/diff⌉·diff, x ≥ M subtracts ⌊(x−M)/diff + 1⌋·diff
 * (gymnax acrobot.py `wrap`).
 *
 * @example
 * ```ts
 * import { acrobotWrap } from "@neuroplastic/engines/lndp";
 * console.log(acrobotWrap(Math.PI, -Math.PI, Math.PI)); // −π
 * ```
 */
export function acrobotWrap(x: number, m: number, bigM: number): number {
  const diff = bigM - m;
  if (x < m) return x + Math.ceil((m - x) / diff) * diff;
  if (x >= bigM) return x - Math.floor((x - bigM) / diff + 1) * diff;
  return x;
}

/** dsdt of the book acrobot, writing the 4 derivatives into out (τ is constant). */
function dsdt(
  t1: number,
  t2: number,
  d1v: number,
  d2v: number,
  a: number,
  out: Float64Array,
): void {
  // d1 = m1 lc1² + m2(l1² + lc2² + 2 l1 lc2 cosθ2) + I1 + I2; d2 = m2(lc2² + l1 lc2 cosθ2) + I2
  const d1 = M1 * LC1 ** 2 + M2 * (L1 ** 2 + LC2 ** 2 + 2 * L1 * LC2 * Math.cos(t2)) + I1 + I2;
  const d2 = M2 * (LC2 ** 2 + L1 * LC2 * Math.cos(t2)) + I2;
  // φ2 = m2 lc2 g cos(θ1 + θ2 − π/2)
  const phi2 = M2 * LC2 * G * Math.cos(t1 + t2 - Math.PI / 2.0);
  // φ1 = −m2 l1 lc2 θ̇2² sinθ2 − 2 m2 l1 lc2 θ̇2 θ̇1 sinθ2 + (m1 lc1 + m2 l1) g cos(θ1 − π/2) + φ2
  const phi1 = -M2 * L1 * LC2 * d2v ** 2 * Math.sin(t2) -
    2 * M2 * L1 * LC2 * d2v * d1v * Math.sin(t2) +
    (M1 * LC1 + M2 * L1) * G * Math.cos(t1 - Math.PI / 2) + phi2;
  // θ̈2 = (τ + d2/d1 φ1 − m2 l1 lc2 θ̇1² sinθ2 − φ2)/(m2 lc2² + I2 − d2²/d1)
  const dd2 = (a + (d2 / d1) * phi1 - M2 * L1 * LC2 * d1v ** 2 * Math.sin(t2) - phi2) /
    (M2 * LC2 ** 2 + I2 - d2 ** 2 / d1);
  // θ̈1 = −(d2 θ̈2 + φ1)/d1
  const dd1 = -(d2 * dd2 + phi1) / d1;
  out[0] = d1v;
  out[1] = d2v;
  out[2] = dd1;
  out[3] = dd2;
}

const k1 = new Float64Array(4);
const k2 = new Float64Array(4);
const k3 = new Float64Array(4);
const k4 = new Float64Array(4);

/**
 * One Acrobot transition in place (no auto-reset): one RK4 step of 0.2, wrap, clip.
 *
 * @example
 * ```ts
 * import { acrobotStepInto } from "@neuroplastic/engines/lndp";
 * const s = new Float64Array([0.1, -0.05, 0.2, -0.1, 0]);
 * console.log(acrobotStepInto(s, 2).reward); // −1
 * ```
 */
export function acrobotStepInto(s: Float64Array, action: number): StepResult {
  const torque = TORQUES[action];
  const y0 = s[0], y1 = s[1], y2 = s[2], y3 = s[3];
  const h = DT / 2.0;
  // classical RK4 on (θ1, θ2, θ̇1, θ̇2) with τ held constant (gymnax `rk4`)
  dsdt(y0, y1, y2, y3, torque, k1);
  dsdt(y0 + h * k1[0], y1 + h * k1[1], y2 + h * k1[2], y3 + h * k1[3], torque, k2);
  dsdt(y0 + h * k2[0], y1 + h * k2[1], y2 + h * k2[2], y3 + h * k2[3], torque, k3);
  dsdt(y0 + DT * k3[0], y1 + DT * k3[1], y2 + DT * k3[2], y3 + DT * k3[3], torque, k4);
  const c = DT / 6.0;
  const n0 = y0 + c * (k1[0] + 2 * k2[0] + 2 * k3[0] + k4[0]);
  const n1 = y1 + c * (k1[1] + 2 * k2[1] + 2 * k3[1] + k4[1]);
  const n2 = y2 + c * (k1[2] + 2 * k2[2] + 2 * k3[2] + k4[2]);
  const n3 = y3 + c * (k1[3] + 2 * k2[3] + 2 * k3[3] + k4[3]);
  s[0] = acrobotWrap(n0, -Math.PI, Math.PI);
  s[1] = acrobotWrap(n1, -Math.PI, Math.PI);
  s[2] = Math.min(Math.max(n2, -MAX_VEL_1), MAX_VEL_1);
  s[3] = Math.min(Math.max(n3, -MAX_VEL_2), MAX_VEL_2);
  s[4] = s[4] + 1;
  // goal = −cosθ1 − cos(θ2 + θ1) > 1; reward = −1·(1 − goal)
  const goal = -Math.cos(s[0]) - Math.cos(s[1] + s[0]) > 1.0;
  const reward = -1.0 * (1 - (goal ? 1 : 0));
  return { reward, done: goal || s[4] >= MAX_STEPS };
}

const writeObs = (s: Float64Array, obs: Float64Array): void => {
  obs[0] = Math.cos(s[0]);
  obs[1] = Math.sin(s[0]);
  obs[2] = Math.cos(s[1]);
  obs[3] = Math.sin(s[1]);
  obs[4] = s[2];
  obs[5] = s[3];
};

/**
 * Acrobot-v1 (gymnax): 6 observations, 3 discrete torques {−1, 0, +1}, 500 steps.
 *
 * @example
 * ```ts
 * import { acrobot } from "@neuroplastic/engines/lndp";
 * console.log(acrobot.obsDims); // 6
 * ```
 */
export const acrobot: Env = {
  name: "acrobot",
  id: "Acrobot-v1",
  obsDims: 6,
  actionDims: 3,
  discrete: true,
  maxSteps: MAX_STEPS,
  stateSize: 5,
  reset(key, s, obs) {
    // four state variables ~ U(−0.1, 0.1)
    const ks = split(key, 4);
    for (let i = 0; i < 4; i++) s[i] = uniform1(ks[i], -0.1, 0.1);
    s[4] = 0;
    writeObs(s, obs);
  },
  stepInto(s, action, obs) {
    const r = acrobotStepInto(s, action);
    writeObs(s, obs);
    return r;
  },
};
