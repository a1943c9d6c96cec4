/**
 * CartPole-v1 with gymnax v0.0.8 dynamics
 * (gymnax/environments/classic_control/cartpole.py; lndp-reference.md §6).
 *
 * State layout: [x, ẋ, θ, θ̇, time].
 *
 * @module
 */
import { split, uniform1 } from "@neuroplastic/core/random";
import type { Env, StepResult } from "./types.ts";

const GRAVITY = 9.8;
const MASSPOLE = 0.1;
const TOTAL_MASS = 1.0 + 0.1;
const LENGTH = 0.5;
const POLEMASS_LENGTH = 0.05;
const FORCE_MAG = 10.0;
const TAU = 0.02;
/** θ threshold = 12·2π/360 (gymnax EnvParams). */
const THETA_THRESHOLD = (12 * 2 * Math.PI) / 360;
const X_THRESHOLD = 2.4;
const MAX_STEPS = 500;

const isTerminal = (x: number, th: number, time: number): boolean =>
  x < -X_THRESHOLD || x > X_THRESHOLD || th < -THETA_THRESHOLD || th > THETA_THRESHOLD ||
  time >= MAX_STEPS;

/**
 * One CartPole transition in place (no auto-reset): returns reward and done.
 *
 * @example
 * ```ts
 * import { cartPoleStepInto } from "@neuroplastic/engines/lndp";
 * const s = new Float64Array([0, 0, 0, 0, 0]);
 * cartPoleStepInto(s, 1); // s = [0, 0.1951219512, 0, −0.2926829268, 1]
 * ```
 */
export function cartPoleStepInto(s: Float64Array, action: number): StepResult {
  const [x, xDot, theta, thetaDot, time] = s;
  // reward = 1 − is_terminal(previous state) (gymnax cartpole.py step_env)
  const reward = isTerminal(x, theta, time) ? 0 : 1;
  // F = F_mag·a − F_mag·(1 − a)
  const force = FORCE_MAG * action - FORCE_MAG * (1 - action);
  const cos = Math.cos(theta);
  const sin = Math.sin(theta);
  // temp = (F + m_p l θ̇² sinθ)/M
  const temp = (force + POLEMASS_LENGTH * thetaDot * thetaDot * sin) / TOTAL_MASS;
  // θ̈ = (g sinθ − cosθ·temp)/(l(4/3 − m_p cos²θ/M))
  const thetaAcc = (GRAVITY * sin - cos * temp) /
    (LENGTH * (4.0 / 3.0 - (MASSPOLE * cos * cos) / TOTAL_MASS));
  // ẍ = temp − m_p l θ̈ cosθ/M
  const xAcc = temp - (POLEMASS_LENGTH * thetaAcc * cos) / TOTAL_MASS;
  // explicit Euler, positions with the old velocities
  s[0] = x + TAU * xDot;
  s[1] = xDot + TAU * xAcc;
  s[2] = theta + TAU * thetaDot;
  s[3] = thetaDot + TAU * thetaAcc;
  s[4] = time + 1;
  return { reward, done: isTerminal(s[0], s[2], s[4]) };
}

/**
 * CartPole-v1 (gymnax): 4 observations, 2 discrete actions, 500 steps.
 *
 * @example
 * ```ts
 * import { cartPole } from "@neuroplastic/engines/lndp";
 * console.log(cartPole.id, cartPole.maxSteps); // CartPole-v1 500
 * ```
 */
export const cartPole: Env = {
  name: "cartpole",
  id: "CartPole-v1",
  obsDims: 4,
  actionDims: 2,
  discrete: true,
  maxSteps: MAX_STEPS,
  stateSize: 5,
  reset(key, s, obs) {
    // all four ~ U(−0.05, 0.05) (gymnax reset_env)
    const ks = split(key, 4);
    for (let i = 0; i < 4; i++) s[i] = uniform1(ks[i], -0.05, 0.05);
    s[4] = 0;
    for (let i = 0; i < 4; i++) obs[i] = s[i];
  },
  stepInto(s, action, obs) {
    const r = cartPoleStepInto(s, action);
    for (let i = 0; i < 4; i++) obs[i] = s[i];
    return r;
  },
};
