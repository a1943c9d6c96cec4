/**
 * The environment contract of the LNDP engine: gymnax-style classic-control
 * tasks and the grid chemotaxis task as allocation-free kernels over a small
 * `Float64Array` state, plus a pure wrapper for tests and callers.
 *
 * @module
 */
import type { Key } from "@neuroplastic/core/random";

/** Result of one environment step (the real transition's reward and done). */
export interface StepResult {
  /** Reward of the transition (gymnax: computed before any auto-reset). */
  reward: number;
  /** Whether the transition terminated or truncated the episode. */
  done: boolean;
}

/**
 * An environment as kernels: `reset` and `step` write into caller-owned arrays.
 * The state layout is documented per environment; its last used slot is the step counter.
 *
 * @example
 * ```ts
 * import { cartPole } from "@neuroplastic/engines/lndp";
 * const s = new Float64Array(cartPole.stateSize), o = new Float64Array(cartPole.obsDims);
 * cartPole.reset({ k0: 0, k1: 1 }, s, o);
 * console.log(cartPole.stepInto(s, 1, o).reward); // 1
 * ```
 */
export interface Env {
  /** Task name as used on the command line (`cartpole`, ...). */
  readonly name: string;
  /** gymnax / reference name (`CartPole-v1`, ...). */
  readonly id: string;
  /** Observation dimensions (input nodes). */
  readonly obsDims: number;
  /** Number of output nodes (discrete actions, or continuous action dims). */
  readonly actionDims: number;
  /** Whether actions are discrete (argmax over outputs). */
  readonly discrete: boolean;
  /** gymnax `default_params.max_steps_in_episode` (the scan length). */
  readonly maxSteps: number;
  /** Length of the flat state vector. */
  readonly stateSize: number;
  /** Samples an initial state from `key`; writes state and observation. */
  reset(key: Key, state: Float64Array, obs: Float64Array): void;
  /** Advances `state` in place by one transition and writes the next observation. */
  stepInto(state: Float64Array, action: number, obs: Float64Array): StepResult;
}
