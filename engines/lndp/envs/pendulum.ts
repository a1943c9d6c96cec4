/**
 * Pendulum-v1 with gymnax v0.0.8 dynamics
 * (gymnax/environments/classic_control/pendulum.py; lndp-reference.md §6).
 *
 * State layout: [θ, θ̇, last_u, time].
 *
 * @module
 */
import { split, uniform1 } from "@neuroplastic/core/random";
import type { Env, StepResult } from "./types.ts";

const MAX_SPEED = 8.0;
const MAX_TORQUE = 2.0;
const DT = 0.05;
const G = 10.0;
const M = 1.0;
const L = 1.0;
const MAX_STEPS = 200;

/**
 * angle_normalize(x) = ((x + π) mod 2π) − π, with a floored (Python/JAX) modulo.
 *
 * @example
 * ```ts
 * import { pendulumAngleNormalize } from "@neuroplastic/engines/lndp";
 * console.log(pendulumAngleNormalize(3.5)); // ≈ −2.7831853
 * ```
 */
export function pendulumAngleNormalize(x: number): number {
  const m = 2 * Math.PI;
  const y = x + Math.PI;
  return y - Math.floor(y / m) * m - Math.PI;
}

/**
 * One Pendulum transition in place (no auto-reset): reward on the pre-step state,
 * semi-implicit Euler.
 *
 * @example
 * ```ts
 * import { pendulumStepInto } from "@neuroplastic/engines/lndp";
 * const s = new Float64Array([1, 0.5, 0, 0]);
 * console.log(pendulumStepInto(s, 1.5).reward); // ≈ −1.02725
 * ```
 */
export function pendulumStepInto(s: Float64Array, action: number): StepResult {
  const th = s[0], thDot = s[1];
  const u = Math.min(Math.max(action, -MAX_TORQUE), MAX_TORQUE);
  // reward = −(angnorm(θ)² + 0.1 θ̇² + 0.001 u²)
  const an = pendulumAngleNormalize(th);
  const reward = -(an * an + 0.1 * thDot * thDot + 0.001 * (u * u));
  // θ̇' = clip(θ̇ + (3g/(2l) sinθ + 3/(m l²) u)·dt, ±8); θ' = θ + θ̇'·dt
  let newThDot = thDot + ((3 * G) / (2 * L) * Math.sin(th) + (3.0 / (M * L * L)) * u) * DT;
  newThDot = Math.min(Math.max(newThDot, -MAX_SPEED), MAX_SPEED);
  s[0] = th + newThDot * DT;
  s[1] = newThDot;
  s[2] = u;
  s[3] = s[3] + 1;
  return { reward, done: s[3] >= MAX_STEPS };
}

/**
 * Pendulum-v1 (gymnax): 3 observations, 1 continuous action (2·tanh output), 200 steps.
 *
 * @example
 * ```ts
 * import { pendulum } from "@neuroplastic/engines/lndp";
 * console.log(pendulum.discrete); // false
 * ```
 */
export const pendulum: Env = {
  name: "pendulum",
  id: "Pendulum-v1",
  obsDims: 3,
  actionDims: 1,
  discrete: false,
  maxSteps: MAX_STEPS,
  stateSize: 4,
  reset(key, s, obs) {
    // θ ~ U(−π, π), θ̇ ~ U(−1, 1)
    const [ka, kb] = split(key, 2);
    s[0] = uniform1(ka, -Math.PI, Math.PI);
    s[1] = uniform1(kb, -1, 1);
    s[2] = 0;
    s[3] = 0;
    obs[0] = Math.cos(s[0]);
    obs[1] = Math.sin(s[0]);
    obs[2] = s[1];
  },
  stepInto(s, action, obs) {
    const r = pendulumStepInto(s, action);
    obs[0] = Math.cos(s[0]);
    obs[1] = Math.sin(s[0]);
    obs[2] = s[1];
    return r;
  },
};
