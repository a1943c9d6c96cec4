/**
 * One LNDP lifetime on a task (task.py `MultiEpisodeGymnaxTask`, utils/foraging.py
 * `GridEpisodicTask`; lndp-reference.md §2 "One environment step" and §4).
 *
 * Gymnax tasks: `nEpisodes` episodes with the network carried over; each episode is the
 * reference's fixed-length scan run with an exact early exit: after a termination at scan step
 * t_d < max − 1 the reference still performs one update at step t_d + 1 (it sees the terminal
 * reward), then skips every later update including step 0 of the next episode (carried d = 1);
 * after a termination on the last scan step nothing is skipped. fitness = mean return.
 * Grid: one network, one 100-step run with auto-resets, an update every step; fitness = Σ reward.
 *
 * @module
 */
import { fold, type Key, split } from "@neuroplastic/core/random";
import type { Model } from "./model.ts";
import { unflattenParams } from "./params.ts";
import type { NetState } from "./state.ts";
import { initState, stepInPlace, type UpdateFn } from "./step.ts";
import { updateFastInPlace } from "./fast.ts";
import { makeWorkspace, type Workspace } from "./workspace.ts";
import { runWasmF32 } from "./wasm_f32.ts";

/** Outcome of one lifetime. */
export interface LifetimeResult {
  /** Mean episode return (gymnax tasks) or the 100-step reward sum (grid). */
  readonly fitness: number;
  /** Return of each episode (one entry for grid). */
  readonly returns: number[];
  /** Environment steps actually simulated (valid steps; post-termination steps are skipped). */
  readonly envSteps: number;
  /** Updates performed (= final t). */
  readonly updates: number;
}

/** A per-step observer for traces (called after the environment step). */
export type LifetimeObserver = (ev: {
  readonly episode: number;
  readonly step: number;
  readonly reward: number;
  readonly done: boolean;
  readonly net: NetState;
}) => void;

/** Reusable buffers for many lifetimes of one model. */
export interface LifetimeBuffers {
  /** Scratch buffers of the model. */
  readonly ws: Workspace;
  /** Environment state. */
  readonly envState: Float64Array;
  /** Current observation. */
  readonly obs: Float64Array;
}

/**
 * Buffers for {@link run}.
 *
 * @example
 * ```ts
 * import { lndpDefaults, lifetimeBuffers, makeModel } from "@neuroplastic/engines/lndp";
 * const b = lifetimeBuffers(makeModel("cartpole", lndpDefaults));
 * ```
 */
export function lifetimeBuffers(model: Model): LifetimeBuffers {
  return {
    ws: makeWorkspace(model),
    envState: new Float64Array(model.env.stateSize),
    obs: new Float64Array(model.env.obsDims),
  };
}

/**
 * Runs one lifetime of a genome. Deterministic in (model, genome, key).
 * Keys: per episode e, fold(key, e) splits into (reset, steps, model); the network is built
 * from episode 0's model key; the update of scan step t uses fold(steps key, t).
 * Throws {@link InvalidConfig} (field `genome`) on a wrong genome length. `update` swaps the
 * per-step update (default: the fast `updateFastInPlace`; the bench passes the batched reference
 * `updateInPlace` and the naive one). With `precision: "f32-wasm"` the lifetime runs in the
 * float32 WebAssembly kernel (`wasm_f32.ts`, same episode loop and keys) and `update` is ignored.
 *
 * @example
 * ```ts
 * import { lndpDefaults, makeModel, run } from "@neuroplastic/engines/lndp";
 * const m = makeModel("cartpole", lndpDefaults);
 * const r = run(m, new Float64Array(1918), 3, { k0: 0, k1: 1 });
 * console.log(r.returns.length); // 3
 * ```
 */
export function run(
  model: Model,
  genome: Float64Array,
  nEpisodes: number,
  key: Key,
  buffers: LifetimeBuffers = lifetimeBuffers(model),
  observe?: LifetimeObserver,
  update: UpdateFn = updateFastInPlace,
): LifetimeResult {
  if (model.precision === "f32-wasm") {
    return runWasmF32(model, genome, nEpisodes, key, buffers, observe);
  }
  // f32: the parameters as the reference holds them (float32)
  const p = unflattenParams(
    model.layout,
    model.precision === "f32" ? genome.map(Math.fround) : genome,
  );
  const { ws, envState, obs } = buffers;
  const env = model.env;
  if (env.name === "grid") {
    const [kNet, kEnv, kSteps] = split(key, 3);
    const net = initState(model, p, kNet, ws, update);
    env.reset(kEnv, envState, obs);
    let total = 0;
    for (let t = 0; t < env.maxSteps; t++) {
      // r := env's last reward, then update (no d mask) and act
      const action = stepInPlace(model, p, net, obs, envState[3], fold(kSteps, t), ws, update);
      const { reward, done } = env.stepInto(envState, action, obs);
      total += reward;
      observe?.({ episode: 0, step: t, reward, done, net });
    }
    return { fitness: total, returns: [total], envSteps: env.maxSteps, updates: net.t };
  }
  let net: NetState | undefined;
  const returns: number[] = [];
  let envSteps = 0, fitness = 0;
  for (let ep = 0; ep < nEpisodes; ep++) {
    const [kReset, kSteps, kModel] = split(fold(key, ep), 3);
    if (!net) net = initState(model, p, kModel, ws, update);
    env.reset(kReset, envState, obs);
    let cum = 0, lastReward = 0;
    const T = env.maxSteps;
    for (let t = 0; t < T; t++) {
      // policy sees r := last_reward (0 at episode start); update skipped while d ≠ 0
      const action = stepInPlace(model, p, net, obs, lastReward, fold(kSteps, t), ws, update);
      const { reward, done } = env.stepInto(envState, action, obs);
      envSteps++;
      cum += reward;
      // d := 1 − valid (old valid = 1 here); last_reward = reward·valid
      net.d = 0;
      lastReward = reward;
      observe?.({ episode: ep, step: t, reward, done, net });
      if (done) {
        if (t < T - 1) {
          // scan step t+1: one extra update that sees the terminal reward; then d = 1
          net.r = lastReward;
          if (!model.blockLtUpdates) update(model, p, net, ws, fold(kSteps, t + 1));
          net.d = 1;
        }
        break;
      }
    }
    returns.push(cum);
    // fitness = Σ_ep return_ep / n (l1_penalty = 0)
    fitness = fitness + cum / nEpisodes;
  }
  return { fitness, returns, envSteps, updates: net ? net.t : 0 };
}
