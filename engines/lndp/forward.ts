/**
 * The policy forward pass and read-out (lndp.py `forward_rnn`, `LNDP.__call__`;
 * lndp-reference.md §2 "Policy forward").
 *
 * @module
 */
import { tanhF32 } from "./f32.ts";
import type { Model } from "./model.ts";
import { NODE_FEATURES } from "./params.ts";
import type { NetState } from "./state.ts";
import type { Workspace } from "./workspace.ts";

/**
 * T iterations of a_τ = tanh(ã_{τ−1} @ w + b), with ã = a with the input entries clamped to
 * `obs` (b = h[:,0] if `useBias`, else 0), starting from the stored a (0 unless recurrent).
 * Writes a_seq = [ã_0, …, ã_{T−1}, a_T] into `net.aSeq` and a_T into `ws.fa`; stores a_T into
 * `net.a` when `isRecurrent`. `precision: "f32"` rounds each tanh to float32 (see f32.ts).
 *
 * @example
 * ```ts
 * import { lndpDefaults, emptyNetState, forwardInPlace, makeModel, makeWorkspace } from "@neuroplastic/engines/lndp";
 * const m = makeModel("cartpole", lndpDefaults);
 * const net = emptyNetState(m), ws = makeWorkspace(m);
 * forwardInPlace(m, net, Float64Array.of(1, 2, 3, 4), ws);
 * console.log(net.aSeq[0]); // 1
 * ```
 */
export function forwardInPlace(
  model: Model,
  net: NetState,
  obs: ArrayLike<number>,
  ws: Workspace,
): Float64Array {
  const N = model.N, o = model.o, T = model.T, T1 = T + 1, dh = NODE_FEATURES;
  const w = net.w, aSeq = net.aSeq, f32 = model.precision === "f32";
  let a = ws.fa, nx = ws.fb;
  a.set(net.a);
  for (let tau = 0; tau < T; tau++) {
    // ã = a.at[:o].set(obs)
    for (let i = 0; i < o; i++) a[i] = obs[i];
    for (let j = 0; j < N; j++) nx[j] = model.useBias ? net.h[j * dh] : 0;
    for (let i = 0; i < N; i++) {
      const ai = a[i];
      aSeq[i * T1 + tau] = ai;
      if (ai === 0) continue;
      const r = i * N;
      for (let j = 0; j < N; j++) nx[j] += ai * w[r + j];
    }
    if (f32) { for (let j = 0; j < N; j++) nx[j] = tanhF32(nx[j]); }
    else for (let j = 0; j < N; j++) nx[j] = Math.tanh(nx[j]);
    const tmp = a;
    a = nx;
    nx = tmp;
  }
  for (let i = 0; i < N; i++) aSeq[i * T1 + T] = a[i];
  if (model.isRecurrent) net.a.set(a);
  if (a !== ws.fa) ws.fa.set(a);
  return ws.fa;
}

/**
 * The action from the final activation: argmax over the k output nodes (ties → lowest index)
 * for discrete tasks; otherwise `scale`·a_T[N−k] (Pendulum: 2·tanh) with NaN → 0.
 *
 * @example
 * ```ts
 * import { lndpDefaults, makeModel, readAction } from "@neuroplastic/engines/lndp";
 * const m = makeModel("cartpole", lndpDefaults);
 * const a = new Float64Array(32); a[31] = 0.5;
 * console.log(readAction(m, a)); // 1
 * ```
 */
export function readAction(model: Model, aT: Float64Array): number {
  const N = model.N, k = model.k;
  if (model.env.discrete) {
    let best = 0, bv = aT[N - k];
    for (let u = 1; u < k; u++) {
      const v = aT[N - k + u];
      if (v > bv) {
        bv = v;
        best = u;
      }
    }
    return best;
  }
  const u = aT[N - k] * model.actionScale;
  return Number.isNaN(u) ? 0 : u;
}
