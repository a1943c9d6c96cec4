/**
 * MountainCar-v0 with gymnax v0.0.8 dynamics
 * (gymnax/environments/classic_control/mountain_car.py; lndp-reference.md §6).
 *
 * State layout: [position, velocity, time].
 *
 * @module
 */
import { uniform1 } from "@neuroplastic/core/random";
import type { Env, StepResult } from "./types.ts";

const MIN_POSITION = -1.2;
const MAX_POSITION = 0.6;
const MAX_SPEED = 0.07;
const GOAL_POSITION = 0.5;
const GOAL_VELOCITY = 0.0;
const FORCE = 0.001;
const GRAVITY = 0.0025;
const MAX_STEPS = 200;

/**
 * One MountainCar transition in place (no auto-reset).
 *
 * @example
 * ```ts
 * import { mountainCarStepInto } from "@neuroplastic/engines/lndp";
 * const s = new Float64Array([-0.5, 0, 0]);
 * mountainCarStepInto(s, 2); // s ≈ [−0.499176843, 0.000823157, 1]
 * ```
 */
export function mountainCarStepInto(s: Float64Array, action: number): StepResult {
  // v' = clip(v + (a−1)·force − cos(3p)·gravity, ±max_speed)
  let v = s[1] + (action - 1) * FORCE - Math.cos(3 * s[0]) * GRAVITY;
  v = Math.min(Math.max(v, -MAX_SPEED), MAX_SPEED);
  // p' = clip(p + v', min, max); v' := 0 at the left wall when moving left
  const p = Math.min(Math.max(s[0] + v, MIN_POSITION), MAX_POSITION);
  if (p === MIN_POSITION && v < 0) v = 0;
  s[0] = p;
  s[1] = v;
  s[2] = s[2] + 1;
  const done = (p >= GOAL_POSITION && v >= GOAL_VELOCITY) || s[2] >= MAX_STEPS;
  return { reward: -1.0, done };
}

/**
 * MountainCar-v0 (gymnax): 2 observations, 3 discrete actions, 200 steps, reward −1 per step.
 *
 * @example
 * ```ts
 * import { mountainCar } from "@neuroplastic/engines/lndp";
 * console.log(mountainCar.maxSteps); // 200
 * ```
 */
export const mountainCar: Env = {
  name: "mountaincar",
  id: "MountainCar-v0",
  obsDims: 2,
  actionDims: 3,
  discrete: true,
  maxSteps: MAX_STEPS,
  stateSize: 3,
  reset(key, s, obs) {
    // p ~ U(−0.6, −0.4), v = 0
    s[0] = uniform1(key, -0.6, -0.4);
    s[1] = 0;
    s[2] = 0;
    obs[0] = s[0];
    obs[1] = s[1];
  },
  stepInto(s, action, obs) {
    const r = mountainCarStepInto(s, action);
    obs[0] = s[0];
    obs[1] = s[1];
    return r;
  },
};
