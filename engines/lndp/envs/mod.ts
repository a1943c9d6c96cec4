/**
 * The LNDP tasks: gymnax classic control (CartPole-v1, Acrobot-v1, MountainCar-v0,
 * Pendulum-v1) and the grid chemotaxis task, looked up by name.
 *
 * @module
 */
import { InvalidConfig } from "@neuroplastic/core/errors";
import { acrobot } from "./acrobot.ts";
import { cartPole } from "./cartpole.ts";
import { grid } from "./grid.ts";
import { mountainCar } from "./mountaincar.ts";
import { pendulum } from "./pendulum.ts";
import type { Env, StepResult } from "./types.ts";

export type { Env, StepResult } from "./types.ts";
export { cartPole, cartPoleStepInto } from "./cartpole.ts";
export { acrobot, acrobotStepInto, acrobotWrap } from "./acrobot.ts";
export { mountainCar, mountainCarStepInto } from "./mountaincar.ts";
export { pendulum, pendulumAngleNormalize, pendulumStepInto } from "./pendulum.ts";
export { grid, gridStepInto } from "./grid.ts";

/** Task names accepted by `--task`. */
export const TASKS = ["cartpole", "acrobot", "mountaincar", "pendulum", "grid"] as const;
/** A task name. */
export type TaskName = (typeof TASKS)[number];

const ENVS: { readonly [k in TaskName]: Env } = {
  cartpole: cartPole,
  acrobot,
  mountaincar: mountainCar,
  pendulum,
  grid,
};

/**
 * The environment for a task name; throws a typed {@link InvalidConfig} naming `task` otherwise.
 *
 * @example
 * ```ts
 * import { envByName } from "@neuroplastic/engines/lndp";
 * console.log(envByName("acrobot").id); // Acrobot-v1
 * ```
 */
export function envByName(name: string): Env {
  if ((TASKS as readonly string[]).includes(name)) return ENVS[name as TaskName];
  throw new InvalidConfig({
    field: "task",
    message: `task: unknown environment ${JSON.stringify(name)}`,
    allowed: TASKS.join(" | "),
  });
}

/**
 * Pure environment step for tests and callers: returns a fresh state (the input is not touched).
 *
 * @example
 * ```ts
 * import { cartPole, envStep } from "@neuroplastic/engines/lndp";
 * const r = envStep(cartPole, [0, 0, 0, 0, 0], 1);
 * console.log(r.state[1]); // 0.1951219512...
 * ```
 */
export function envStep(
  env: Env,
  state: ArrayLike<number>,
  action: number,
): StepResult & { state: Float64Array; obs: Float64Array } {
  const s = Float64Array.from(state);
  const obs = new Float64Array(env.obsDims);
  const r = env.stepInto(s, action, obs);
  return { ...r, state: s, obs };
}
