/**
 * The Hebbian structural learners as pure transitions `(params, state, α, reward) → (params',
 * state')`, applied after each optimiser step (spec §2):
 * - `"notebook"` (default; produced every published "+Hebbian" number): affinity nudge of U and
 *   threshold adaptation only; `pruneAndSprout` jitters underused nodes (never fires in practice).
 * - `"src"` (src/hebbian.py): additionally the correlation of the activation history, position
 *   drift towards correlated nodes, and prune/sprout of affinity factors.
 *
 * @module
 */
import { fillNormal, fold, type Key } from "@neuroplastic/core/random";
import { type FloatArray, matmulInto, tensor } from "@neuroplastic/core/tensor";
import type { RsgnParams } from "./params.ts";
import { projectRowsRef } from "./weights.ts";

/** Options of the Hebbian learner (the reference's constructor arguments). */
export interface HebbianOptions {
  /** "notebook" (default) or "src". */
  readonly variant: "notebook" | "src";
  /** η_a (notebook experiments: 0.002; class default 0.001). */
  readonly lrAffinity: number;
  /** η_p (src position drift). */
  readonly lrPosition: number;
  /** η_θ. */
  readonly lrThreshold: number;
  /** decay (a 0.995 scale factor in effect, spec §2.1). */
  readonly decay: number;
  /** ρ, the activity target of the threshold rule. */
  readonly sparsityTarget: number;
  /** History length (deque maxlen). */
  readonly historySize: number;
  /** src prune threshold on σ(UVᵀ). */
  readonly pruneThreshold: number;
  /** src sprout threshold on the correlation. */
  readonly sproutThreshold: number;
}

/** The notebook's `HebbianLearner(model.rsg, lr_affinity=0.002)`. */
export const NOTEBOOK_HEBBIAN: HebbianOptions = Object.freeze({
  variant: "notebook",
  lrAffinity: 0.002,
  lrPosition: 1e-4,
  lrThreshold: 1e-3,
  decay: 0.995,
  sparsityTarget: 0.1,
  historySize: 100,
  pruneThreshold: 0.01,
  sproutThreshold: 0.7,
});

/** Learner state: the activation history (oldest first) and counters. */
export interface HebbianState {
  /** Batch-mean activations ᾱ of the last `historySize` updates. */
  readonly history: readonly Float64Array[];
  /** Number of `update` calls. */
  readonly updates: number;
  /** src: pruned (i, j) pairs so far. */
  readonly pruneEvents: number;
  /** src: sprouted pairs so far. */
  readonly sproutEvents: number;
  /** src: mean |Corr| of each correlation computed. */
  readonly avgCorrelation: readonly number[];
}

/**
 * A fresh learner state.
 *
 * @example
 * ```ts
 * import { hebbianInit } from "@neuroplastic/engines/rsgn";
 * console.log(hebbianInit().updates); // 0
 * ```
 */
export function hebbianInit(): HebbianState {
  return { history: [], updates: 0, pruneEvents: 0, sproutEvents: 0, avgCorrelation: [] };
}

const copyT = (t: { data: FloatArray; shape: readonly number[] }) =>
  tensor(t.data.slice(), t.shape);

/**
 * Correlation of the history H (n×N): Z = (H − mean)/(std_unbiased + 1e-8), Corr = ZᵀZ/n, NaN → 0
 * (src `_compute_correlation`; the diagonal is (n−1)/n).
 *
 * @example
 * ```ts
 * import { historyCorrelation } from "@neuroplastic/engines/rsgn";
 * const c = historyCorrelation([Float64Array.of(0, 1), Float64Array.of(1, 0)]);
 * console.log(c[1].toFixed(3)); // "-0.500"
 * ```
 */
export function historyCorrelation(history: readonly Float64Array[]): Float64Array {
  const n = history.length, N = history[0].length;
  const Z = new Float64Array(n * N);
  for (let j = 0; j < N; j++) {
    let m = 0;
    for (let t = 0; t < n; t++) m += history[t][j];
    m /= n;
    let v = 0;
    for (let t = 0; t < n; t++) v += (history[t][j] - m) ** 2;
    const sd = Math.sqrt(v / (n - 1)) + 1e-8;
    for (let t = 0; t < n; t++) Z[t * N + j] = (history[t][j] - m) / sd;
  }
  const corr = new Float64Array(N * N);
  matmulInto(corr, Z, Z, N, n, N, { transA: true });
  for (let i = 0; i < N * N; i++) corr[i] = Number.isFinite(corr[i]) ? corr[i] / n : 0;
  return corr;
}

/**
 * One Hebbian update after an optimiser step (spec §2.1 steps 1–6; notebook: steps 1, 3, 4).
 * Affinity: U ← U − η_a·((S − target) ⊙ S(1−S))·V with S = σ(UVᵀ),
 * target = (S + η_a·R·ᾱᾱᵀ)·decay + S·(1−decay) (closed form U + η_a²·decay·R·(ᾱᾱᵀ ⊙ S(1−S))V).
 * Threshold: θ ← clamp(θ + η_θ(ᾱ − ρ), 0.01, 0.99). `alpha` is (B, N) batch-major.
 *
 * @example
 * ```ts
 * import { hebbianInit, hebbianUpdate, initParams, NOTEBOOK_HEBBIAN, presetConfig } from "@neuroplastic/engines/rsgn";
 * import { key } from "@neuroplastic/core/random";
 * const c = presetConfig("readme", { numNodes: 8 });
 * const p = initParams(c, key(0));
 * const r = hebbianUpdate(p, hebbianInit(), new Float32Array(2 * 8).fill(1), 2, -2.3, NOTEBOOK_HEBBIAN);
 * console.log(r.params.thresholds.data[0].toFixed(4)); // "0.5009"
 * ```
 */
export function hebbianUpdate(
  p: RsgnParams,
  st: HebbianState,
  alpha: ArrayLike<number>,
  B: number,
  reward: number,
  o: HebbianOptions = NOTEBOOK_HEBBIAN,
): { params: RsgnParams; state: HebbianState } {
  const N = p.thresholds.data.length, r = p.affinityU.shape[1];
  const am = new Float64Array(N);
  for (let b = 0; b < B; b++) for (let n = 0; n < N; n++) am[n] += alpha[b * N + n];
  for (let n = 0; n < N; n++) am[n] /= B;
  const history = [...st.history, am].slice(-o.historySize);
  let avgCorrelation = st.avgCorrelation;
  let corr: Float64Array | undefined;
  if (o.variant === "src" && history.length >= 10) {
    corr = historyCorrelation(history);
    let s = 0;
    for (const v of corr) s += Math.abs(v);
    avgCorrelation = [...avgCorrelation, s / corr.length];
  }
  const U = copyT(p.affinityU), V = p.affinityV.data, Ud = U.data;
  const Sm = new Float64Array(N * N);
  matmulInto(Sm, p.affinityU.data, V, N, r, N, { transB: true });
  const G = new Float64Array(N * N);
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < N; j++) {
      const S = 1 / (1 + Math.exp(-Sm[i * N + j]));
      const delta = o.lrAffinity * am[i] * am[j] * reward;
      const target = (S + delta) * o.decay + S * (1 - o.decay);
      // (err ⊙ σ'(·)) with err = S − target
      G[i * N + j] = (S - target) * (S * (1 - S));
    }
  }
  const grad = new Float64Array(N * r);
  matmulInto(grad, G, V, N, N, r);
  for (let i = 0; i < N * r; i++) Ud[i] -= o.lrAffinity * grad[i];
  const th = copyT(p.thresholds);
  for (let n = 0; n < N; n++) {
    const v = th.data[n] + o.lrThreshold * (am[n] - o.sparsityTarget);
    th.data[n] = Math.min(0.99, Math.max(0.01, v));
  }
  let positions = p.positions;
  if (corr) positions = drift(p, corr, o.lrPosition);
  return {
    params: { ...p, affinityU: U, thresholds: th, positions },
    state: { ...st, history, updates: st.updates + 1, avgCorrelation },
  };
}

/** src `_update_positions`: unit steps of size η_p towards correlated nodes, then re-projection. */
function drift(p: RsgnParams, corr: Float64Array, lr: number) {
  const N = p.thresholds.data.length, S = p.positions.shape[1];
  const raw = copyT(p.positions), R = raw.data;
  const snap = new Float64Array(N * S), sc = new Float64Array(N);
  projectRowsRef(p.positions.data, N, S, 0.95, snap, sc);
  const dir = new Float64Array(S);
  for (let i = 0; i < N; i++) {
    let ws = 0;
    dir.fill(0);
    for (let j = 0; j < N; j++) {
      const c = corr[i * N + j];
      const w = c > 0.1 ? c : 0;
      ws += w;
      if (w !== 0) {
        for (let k = 0; k < S; k++) dir[k] += (snap[j * S + k] - snap[i * S + k]) * w;
      }
    }
    if (!(ws > 0)) continue;
    let nn = 0;
    for (let k = 0; k < S; k++) nn += dir[k] * dir[k];
    nn = Math.sqrt(nn);
    for (let k = 0; k < S; k++) R[i * S + k] += (lr * dir[k]) / (nn + 1e-6);
  }
  for (let i = 0; i < N; i++) {
    let nn = 0;
    for (let k = 0; k < S; k++) nn += R[i * S + k] * R[i * S + k];
    nn = Math.sqrt(nn);
    if (nn >= 1) { for (let k = 0; k < S; k++) R[i * S + k] = (R[i * S + k] / (nn + 1e-5)) * 0.95; }
  }
  return raw;
}

/**
 * Periodic structural step (the notebook calls it after validation every 10 epochs).
 * Notebook: nodes whose mean historic activity is < 0.01 get N(0, 0.05²) position noise, then
 * proj(·, 0.95). src: prune (first ≤ 50 pairs with σ(UVᵀ) < 0.01: U_i, V_j ×0.99) and sprout
 * (first ≤ 20 pairs with Corr > 0.7 and σ < 0.1: U_i += 0.01V_j, then V_j += 0.01U_i).
 *
 * @example
 * ```ts
 * import { hebbianInit, hebbianPruneAndSprout, initParams, presetConfig } from "@neuroplastic/engines/rsgn";
 * import { key } from "@neuroplastic/core/random";
 * const c = presetConfig("readme", { numNodes: 8 });
 * const r = hebbianPruneAndSprout(initParams(c, key(0)), hebbianInit(), key(1));
 * console.log(r.state.pruneEvents); // 0
 * ```
 */
export function hebbianPruneAndSprout(
  p: RsgnParams,
  st: HebbianState,
  k: Key,
  o: HebbianOptions = NOTEBOOK_HEBBIAN,
): { params: RsgnParams; state: HebbianState } {
  const N = p.thresholds.data.length, r = p.affinityU.shape[1], S = p.positions.shape[1];
  if (o.variant === "notebook") {
    if (st.history.length < 10) return { params: p, state: st };
    const under: number[] = [];
    for (let n = 0; n < N; n++) {
      let m = 0;
      for (const h of st.history) m += h[n];
      if (m / st.history.length < 0.01) under.push(n);
    }
    if (under.length === 0) return { params: p, state: st };
    const raw = copyT(p.positions);
    const noise = new Float64Array(N * S);
    fillNormal(fold(k, st.updates), noise, 0, 0.05);
    for (const n of under) for (let d = 0; d < S; d++) raw.data[n * S + d] += noise[n * S + d];
    const sc = new Float64Array(N);
    projectRowsRef(raw.data.slice(), N, S, 0.95, raw.data, sc);
    return { params: { ...p, positions: raw }, state: st };
  }
  const U = copyT(p.affinityU), V = copyT(p.affinityV);
  const Sm = new Float64Array(N * N);
  matmulInto(Sm, p.affinityU.data, p.affinityV.data, N, r, N, { transB: true });
  const A = Sm.map((x) => 1 / (1 + Math.exp(-x)));
  let pruned = 0;
  for (let i = 0; i < N * N && pruned < 50; i++) {
    if (A[i] < o.pruneThreshold) {
      const a = Math.floor(i / N), b = i % N;
      for (let d = 0; d < r; d++) {
        U.data[a * r + d] *= 0.99;
        V.data[b * r + d] *= 0.99;
      }
      pruned++;
    }
  }
  let sprouted = 0, avgCorrelation = st.avgCorrelation;
  if (st.history.length >= 10) {
    const corr = historyCorrelation(st.history);
    let s = 0;
    for (const v of corr) s += Math.abs(v);
    avgCorrelation = [...avgCorrelation, s / corr.length];
    for (let i = 0; i < N * N && sprouted < 20; i++) {
      if (corr[i] > o.sproutThreshold && A[i] < 0.1) {
        const a = Math.floor(i / N), b = i % N;
        // sequential and aliased, as the reference: V_j uses the updated U_i
        for (let d = 0; d < r; d++) U.data[a * r + d] += 0.01 * V.data[b * r + d];
        for (let d = 0; d < r; d++) V.data[b * r + d] += 0.01 * U.data[a * r + d];
        sprouted++;
      }
    }
  }
  return {
    params: { ...p, affinityU: U, affinityV: V },
    state: {
      ...st,
      pruneEvents: st.pruneEvents + pruned,
      sproutEvents: st.sproutEvents + sprouted,
      avgCorrelation,
    },
  };
}
