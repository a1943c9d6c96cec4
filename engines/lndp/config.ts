/**
 * LNDP configuration: model options and task (train.py `Config` defaults, erwanplantec/LNDP
 * @ c66e6a9), as Effect Schemas whose errors name the field.
 *
 * @module
 */
import { Schema } from "effect";
import { InvalidConfig } from "@neuroplastic/core/errors";
import { decodeConfigSync, inRange, intInRange, NonNegative } from "@neuroplastic/core/sim";
import { type TaskName, TASKS } from "./envs/mod.ts";
import type { ModelOptions } from "./model.ts";

/**
 * Local alias because `deno doc --lint` reports every reference to an npm package's type as a
 * private type (denoland/deno#27364); effect documents the type upstream.
 *
 * @internal
 */
type EffectSchema<A> = Schema.Schema<A>;

/**
 * The reference defaults (train.py `Config`): 32 nodes, rnn_iters 3, dev_steps 0,
 * p = 0.1 ± 1e-4 for the three initial connection probabilities, pruning and synaptogenesis on,
 * deterministic decisions, no bias, not recurrent, one GNN iteration, updates not blocked.
 *
 * @example
 * ```ts
 * import { DEFAULT_MODEL } from "@neuroplastic/engines/lndp";
 * console.log(DEFAULT_MODEL.nNodes); // 32
 * ```
 */
export const DEFAULT_MODEL: ModelOptions = {
  nNodes: 32,
  rnnIters: 3,
  devSteps: 0,
  pHh: 0.1,
  sHh: 0.0001,
  pIh: 0.1,
  sIh: 0.0001,
  pHo: 0.1,
  sHo: 0.0001,
  pruning: true,
  synaptogenesis: true,
  stochasticDecisions: false,
  useBias: false,
  isRecurrent: false,
  gnnIters: 1,
  blockLtUpdates: false,
};

/** Schema fields of the model options (shared by every LNDP config). */
export const modelFields: {
  readonly [K in keyof ModelOptions]-?: EffectSchema<ModelOptions[K]>;
} = {
  nNodes: intInRange(3, 256),
  rnnIters: intInRange(1, 32),
  devSteps: intInRange(0, 100_000),
  pHh: inRange(0, 1),
  sHh: inRange(1e-12, 10),
  pIh: inRange(-10, 10),
  sIh: NonNegative,
  pHo: inRange(-10, 10),
  sHo: NonNegative,
  pruning: Schema.Boolean,
  synaptogenesis: Schema.Boolean,
  stochasticDecisions: Schema.Boolean,
  useBias: Schema.Boolean,
  isRecurrent: Schema.Boolean,
  gnnIters: intInRange(1, 16),
  blockLtUpdates: Schema.Boolean,
};

/** The task name schema (`--task`). */
export const TaskSchema: EffectSchema<TaskName> = Schema.Literal(...TASKS).annotations({
  message: () => `must be one of ${TASKS.join(" | ")}`,
});

/** A model on a task, with the lifetime length (train.py `n_episodes` = 3). */
export interface LifetimeConfig extends ModelOptions {
  /** Task name. */
  readonly task: TaskName;
  /** Episodes per lifetime (train.py `n_episodes`). */
  readonly nEpisodes: number;
}

/** Schema of {@link LifetimeConfig}. */
export const LifetimeConfigSchema: EffectSchema<LifetimeConfig> = Schema.Struct({
  task: TaskSchema,
  nEpisodes: intInRange(1, 1000),
  ...modelFields,
});

/**
 * Default lifetime config: CartPole, 3 episodes, reference model defaults.
 *
 * @example
 * ```ts
 * import { DEFAULT_LIFETIME } from "@neuroplastic/engines/lndp";
 * console.log(DEFAULT_LIFETIME.task, DEFAULT_LIFETIME.nEpisodes); // cartpole 3
 * ```
 */
export const DEFAULT_LIFETIME: LifetimeConfig = {
  task: "cartpole",
  nEpisodes: 3,
  ...DEFAULT_MODEL,
};

/**
 * Decodes a partial lifetime config over the defaults; throws {@link InvalidConfig} naming the
 * bad field (e.g. `task` for an unknown environment name).
 *
 * @example
 * ```ts
 * import { lifetimeConfig } from "@neuroplastic/engines/lndp";
 * console.log(lifetimeConfig({ task: "acrobot" }).task); // acrobot
 * ```
 */
export function lifetimeConfig(input: Partial<LifetimeConfig> = {}): LifetimeConfig {
  if (typeof input !== "object" || input === null) {
    throw new InvalidConfig({ field: "(root)", message: "config must be an object" });
  }
  return decodeConfigSync(LifetimeConfigSchema, { ...DEFAULT_LIFETIME, ...input });
}
