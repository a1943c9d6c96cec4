/**
 * One policy step of the LNDP network (lndp.py `LNDP.__call__`): the lifelong update unless
 * the skip flag d is set, then the forward pass and the action. `stepInPlace` is the
 * transient kernel; `step` is the pure form that never touches its argument.
 * Also the development phase (lndp.py `LNDP.dev`) and the full network initialisation.
 *
 * @module
 */
import { fold, type Key, split } from "@neuroplastic/core/random";
import { forwardInPlace, readAction } from "./forward.ts";
import type { Model } from "./model.ts";
import { ouProcess, ouStepInPlace } from "./ou.ts";
import type { Params } from "./params.ts";
import { cloneNetState, initNetGraph, type NetState } from "./state.ts";
import { updateFastInPlace } from "./fast.ts";
import type { Workspace } from "./workspace.ts";

/**
 * The structural/synaptic update used by a step: `updateFastInPlace` (fast.ts, the default),
 * the batched reference `updateInPlace` (update.ts; bit-identical, the speed baseline) or the
 * naive per-pair transcription (`naive.ts`).
 */
export type UpdateFn = (model: Model, p: Params, net: NetState, ws: Workspace, key: Key) => unknown;

/**
 * In place: `net.r = reward`; if d = 0 (and updates are not blocked) run the update with
 * `key`; then the forward pass on `obs`; returns the action.
 *
 * @example
 * ```ts
 * import { lndpDefaults, initNetGraph, makeModel, makeWorkspace, stepInPlace,
 *   unflattenParams } from "@neuroplastic/engines/lndp";
 * const m = makeModel("cartpole", lndpDefaults);
 * const net = initNetGraph(m, { k0: 0, k1: 1 });
 * const a = stepInPlace(m, unflattenParams(m.layout, new Float64Array(1918)), net,
 *   [0, 0, 0, 0], 0, { k0: 0, k1: 2 }, makeWorkspace(m));
 * console.log(a); // 0
 * ```
 */
export function stepInPlace(
  model: Model,
  p: Params,
  net: NetState,
  obs: ArrayLike<number>,
  reward: number,
  key: Key,
  ws: Workspace,
  update: UpdateFn = updateFastInPlace,
): number {
  net.r = reward;
  if (net.d === 0 && !model.blockLtUpdates) update(model, p, net, ws, key);
  const aT = forwardInPlace(model, net, obs, ws);
  return readAction(model, aT);
}

/**
 * Pure policy step: returns a new state and the action; `state` is not modified.
 *
 * @example
 * ```ts
 * import { lndpDefaults, initNetGraph, makeModel, makeWorkspace, step,
 *   unflattenParams } from "@neuroplastic/engines/lndp";
 * const m = makeModel("grid", lndpDefaults);
 * const s0 = initNetGraph(m, { k0: 0, k1: 1 });
 * const { state } = step(m, unflattenParams(m.layout, new Float64Array(m.layout.size)), s0,
 *   [2], 0, { k0: 0, k1: 2 }, makeWorkspace(m));
 * console.log(state.t, s0.t); // 1 0
 * ```
 */
export function step(
  model: Model,
  p: Params,
  state: NetState,
  obs: ArrayLike<number>,
  reward: number,
  key: Key,
  ws: Workspace,
): { state: NetState; action: number } {
  const net = cloneNetState(state);
  const action = stepInPlace(model, p, net, obs, reward, key, ws);
  return { state: net, action };
}

/**
 * Development phase in place (lndp.py `LNDP.dev`): x_0 from the OU noise, then `devSteps`
 * times: OU step, update (always, r = the current r, 0 at initialisation), forward on x;
 * finally a := 0. `update` as in {@link stepInPlace}.
 *
 * @example
 * ```ts
 * import { lndpDefaults, developInPlace, initNetGraph, makeModel, makeWorkspace,
 *   unflattenParams } from "@neuroplastic/engines/lndp";
 * const m = makeModel("cartpole", { ...lndpDefaults, devSteps: 5 });
 * const net = initNetGraph(m, { k0: 0, k1: 1 });
 * developInPlace(m, unflattenParams(m.layout, new Float64Array(m.layout.size)), net,
 *   { k0: 0, k1: 3 }, makeWorkspace(m));
 * console.log(net.t); // 5
 * ```
 */
export function developInPlace(
  model: Model,
  p: Params,
  net: NetState,
  key: Key,
  ws: Workspace,
  update: UpdateFn = updateFastInPlace,
): void {
  const ou = ouProcess(p.ouMu!, p.ouAlpha!, p.ouSigma!, p.ouDt!);
  const [kInit, kDev] = split(key, 2);
  const x = ws.ou, noise = ws.ouNoise, xi = new Float64Array(ou.d);
  // x_0 = W_0 (mean 0, not μ)
  x.fill(0);
  ouStepInPlace({ ...ou, alpha: new Float64Array(ou.d) }, x, kInit, noise, xi);
  for (let i = 0; i < model.devSteps; i++) {
    const [kSa, kUp] = split(fold(kDev, i), 2);
    ouStepInPlace(ou, x, kSa, noise, xi);
    update(model, p, net, ws, kUp);
    forwardInPlace(model, net, x, ws);
  }
  net.a.fill(0);
}

/**
 * A fresh network for one lifetime: the sampled graph, then development when devSteps > 0
 * (lndp.py `LNDP.initialize`: key_A, key_e, key_h, key_dev = split(key, 4)); `update` is the
 * development's update (as in {@link stepInPlace}).
 *
 * @example
 * ```ts
 * import { lndpDefaults, initState, makeModel, makeWorkspace, unflattenParams } from "@neuroplastic/engines/lndp";
 * const m = makeModel("cartpole", lndpDefaults);
 * const net = initState(m, unflattenParams(m.layout, new Float64Array(1918)), { k0: 0, k1: 1 }, makeWorkspace(m));
 * console.log(net.t); // 0
 * ```
 */
export function initState(
  model: Model,
  p: Params,
  key: Key,
  ws: Workspace,
  update: UpdateFn = updateFastInPlace,
): NetState {
  const net = initNetGraph(model, key);
  if (model.devSteps > 0) developInPlace(model, p, net, split(key, 4)[3], ws, update);
  return net;
}
