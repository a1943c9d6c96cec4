/**
 * The LNDP network (policy) state and its initialisation (lndp.py `PolicyState`,
 * `LNDP.initialize`, utils/model.py `meta_reservoir`; lndp-reference.md §2 "Init").
 *
 * @module
 */
import {
  fillUniform,
  type Key,
  normal1,
  split,
  truncatedNormal,
  uniform,
} from "@neuroplastic/core/random";
import type { Model } from "./model.ts";
import { EDGE_FEATURES, NODE_FEATURES } from "./params.ts";

/**
 * The policy state. Row index = presynaptic node, column = postsynaptic
 * (a_j ← Σ_i a_i w[i,j]). Plain typed arrays, so it checkpoints as is.
 */
export interface NetState {
  /** Adjacency A (N×N, 0/1). */
  readonly A: Uint8Array;
  /** Node states h (N×dh). */
  readonly h: Float64Array;
  /** Edge states e (N×N×de). */
  readonly e: Float64Array;
  /** Synaptic weights w = e[..., 0] as of the last update (N×N). */
  readonly w: Float64Array;
  /** Stored activation a (N); stays 0 unless `isRecurrent`. */
  readonly a: Float64Array;
  /** Activation sequence of the last forward pass (N×(T+1), row-major). */
  readonly aSeq: Float64Array;
  /** Last reward fed to the edge GRU. */
  r: number;
  /** Skip flag: updates are skipped while d ≠ 0. */
  d: number;
  /** Number of updates performed. */
  t: number;
}

/**
 * A zeroed state for a model (no edges); used as a buffer and by tests.
 *
 * @example
 * ```ts
 * import { lndpDefaults, emptyNetState, makeModel } from "@neuroplastic/engines/lndp";
 * const s = emptyNetState(makeModel("cartpole", lndpDefaults));
 * console.log(s.e.length); // 4096
 * ```
 */
export function emptyNetState(model: Model): NetState {
  const N = model.N;
  return {
    A: new Uint8Array(N * N),
    h: new Float64Array(N * NODE_FEATURES),
    e: new Float64Array(N * N * EDGE_FEATURES),
    w: new Float64Array(N * N),
    a: new Float64Array(N),
    aSeq: new Float64Array(N * (model.T + 1)),
    r: 0,
    d: 0,
    t: 0,
  };
}

/**
 * A deep copy of a state.
 *
 * @example
 * ```ts
 * import { cloneNetState, lndpDefaults, emptyNetState, makeModel } from "@neuroplastic/engines/lndp";
 * const s = emptyNetState(makeModel("grid", lndpDefaults));
 * console.log(cloneNetState(s).h !== s.h); // true
 * ```
 */
export function cloneNetState(s: NetState): NetState {
  return {
    A: s.A.slice(),
    h: s.h.slice(),
    e: s.e.slice(),
    w: s.w.slice(),
    a: s.a.slice(),
    aSeq: s.aSeq.slice(),
    r: s.r,
    d: s.d,
    t: s.t,
  };
}

/**
 * Samples the initial graph (before any development phase):
 * p_hh ~ TruncNormal(pHh, sHh) on [0,1], p_ih ~ N(pIh, sIh), p_ho ~ N(pHo, sHo) (clip=False);
 * A[I,H] ~ Bernoulli(p_ih), A[H,H] ~ Bernoulli(p_hh) off-diagonal, A[H,O] ~ Bernoulli(p_ho);
 * h ~ U(−1,1); e ~ U(−1,1)·A; w = e[...,0]; a = r = d = t = 0; a_seq = 0.
 * Our keys are Threefry keys split as the reference splits them, but the draws are not JAX's.
 *
 * @example
 * ```ts
 * import { lndpDefaults, initNetGraph, makeModel } from "@neuroplastic/engines/lndp";
 * const s = initNetGraph(makeModel("cartpole", lndpDefaults), { k0: 0, k1: 7 });
 * console.log(s.A.reduce((a, b) => a + b, 0) > 0);
 * ```
 */
export function initNetGraph(model: Model, key: Key): NetState {
  const N = model.N, o = model.o, k = model.k, de = EDGE_FEATURES;
  const s = emptyNetState(model);
  // initialize: key_A, key_e, key_h, key_dev = split(key, 4)
  const [kA, kE, kH] = split(key, 4);
  // meta_reservoir: khh, kih, kho, knet = split(key, 4)
  const [khh, kih, kho, knet] = split(kA, 4);
  const pHh = truncatedNormal(khh, 1, 0, 1, model.pHh, model.sHh)[0];
  const pIh = normal1(kih, model.pIh, model.sIh);
  const pHo = normal1(kho, model.pHo, model.sHo);
  // reservoir: key_ih, key_hh, key_ho = split(key, 3)
  const [k1, k2, k3] = split(knet, 3);
  const h0 = o, h1 = N - k, nh = h1 - h0;
  const uIh = uniform(k1, o * nh);
  const uHh = uniform(k2, nh * nh);
  const uHo = uniform(k3, nh * k);
  for (let i = 0; i < o; i++) {
    for (let j = 0; j < nh; j++) s.A[i * N + h0 + j] = uIh[i * nh + j] < pIh ? 1 : 0;
  }
  for (let i = 0; i < nh; i++) {
    for (let j = 0; j < nh; j++) {
      s.A[(h0 + i) * N + h0 + j] = i !== j && uHh[i * nh + j] < pHh ? 1 : 0;
    }
  }
  for (let i = 0; i < nh; i++) {
    for (let j = 0; j < k; j++) s.A[(h0 + i) * N + h1 + j] = uHo[i * k + j] < pHo ? 1 : 0;
  }
  fillUniform(kH, s.h, -1, 1);
  fillUniform(kE, s.e, -1, 1);
  for (let ij = 0; ij < N * N; ij++) {
    if (!s.A[ij]) { for (let c = 0; c < de; c++) s.e[ij * de + c] = 0; }
    s.w[ij] = s.e[ij * de];
  }
  return s;
}
