/**
 * The 1-D grid chemotaxis task of the reference (utils/foraging.py `GridChemotaxis`,
 * env_size 5, p_switch 0, dense_reward 0, max_steps 10; lndp-reference.md §4).
 *
 * State layout: [pos, goal ∈ {0,1}, steps, last reward].
 *
 * @module
 */
import { randint1 } from "@neuroplastic/core/random";
import type { Env, StepResult } from "./types.ts";

const ENV_SIZE = 5;
const MAX_STEPS = 10;
/** action → Δpos: {0: +1, 1: −1, 2: 0} (foraging.py `action_effects`). */
const EFFECTS = [1, -1, 0];

/**
 * One grid transition in place, including the reference's auto-reset on done
 * (pos 2, steps 0, reward kept, goal kept since p_switch = 0).
 *
 * @example
 * ```ts
 * import { gridStepInto } from "@neuroplastic/engines/lndp";
 * const s = new Float64Array([2, 1, 0, 0]); // goal cell 4
 * gridStepInto(s, 0);
 * console.log(gridStepInto(s, 0)); // { reward: 10, done: true }
 * ```
 */
export function gridStepInto(s: Float64Array, action: number): StepResult {
  const goalPos = s[1] === 0 ? 0 : ENV_SIZE - 1;
  // pos' = clip(pos + δ, 0, size − 1)
  const np = Math.min(Math.max(s[0] + EFFECTS[action], 0), ENV_SIZE - 1);
  const atGoal = np === goalPos;
  // reward = 10·[pos' = goal]
  const reward = atGoal ? 10 : 0;
  // done = at goal or steps == max_steps (checked before the increment)
  const done = atGoal || s[2] === MAX_STEPS;
  if (done) {
    s[0] = Math.floor(ENV_SIZE / 2);
    s[2] = 0;
  } else {
    s[0] = np;
    s[2] = s[2] + 1;
  }
  s[3] = reward;
  return { reward, done };
}

/**
 * Grid chemotaxis: 1 observation (the raw position), 3 discrete actions; one run of
 * 100 steps per lifetime (`maxSteps`), auto-resetting sub-episodes of at most 11 moves.
 *
 * @example
 * ```ts
 * import { grid } from "@neuroplastic/engines/lndp";
 * console.log(grid.maxSteps); // 100
 * ```
 */
export const grid: Env = {
  name: "grid",
  id: "Grid",
  obsDims: 1,
  actionDims: 3,
  discrete: true,
  maxSteps: 100,
  stateSize: 4,
  reset(key, s, obs) {
    // pos = size//2, goal ~ randint(0, 2), steps 0, reward 0
    s[0] = Math.floor(ENV_SIZE / 2);
    s[1] = randint1(key, 0, 2);
    s[2] = 0;
    s[3] = 0;
    obs[0] = s[0];
  },
  stepInto(s, action, obs) {
    const r = gridStepInto(s, action);
    obs[0] = s[0];
    return r;
  },
};
