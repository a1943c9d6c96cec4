/**
 * Pieces of the sparse variant (sparse.ts): the top-k hyperbolic neighbour graph (CSR by
 * destination) with differentiable edge weights and their backward, k-winners-take-all, and the
 * message-passing kernels whose cost is proportional to active nodes × k.
 *
 * @module
 */
import type { FloatArray } from "@neuroplastic/core/tensor";
import type { RsgnConfig } from "./config.ts";
import type { RsgnParams } from "./params.ts";
import { BALL_EPS, projectRowsRef } from "./weights.ts";
import { residualNormRow } from "./shared.ts";

const like = (a: FloatArray, n: number): FloatArray =>
  a instanceof Float32Array ? new Float32Array(n) : new Float64Array(n);
const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
const softplus = (x: number): number => (x > 20 ? x : Math.log1p(Math.exp(x)));

/** The top-k hyperbolic neighbour graph with its edge weights. */
export interface SparseGraph {
  /** Projected positions (N, D_s). */
  readonly pos: FloatArray;
  /** Projection factors. */
  readonly posScale: FloatArray;
  /** Destination offsets (N + 1): edges of node i are e ∈ [offsets[i], offsets[i+1]). */
  readonly offsets: Int32Array;
  /** Source node j of each edge. */
  readonly source: Int32Array;
  /** Edge weight w_ji. */
  readonly weight: FloatArray;
  /** σ(U_j·V_i) per edge. */
  readonly affinity: FloatArray;
  /** exp(−d/τ) per edge. */
  readonly distFactor: FloatArray;
  /** acosh argument per edge. */
  readonly acoshArg: FloatArray;
  /** softplus(ℓ_j − ℓ_i + 1) per edge. */
  readonly levelFactor: FloatArray;
}

/**
 * Builds the top-k incoming-neighbour graph (ties broken by index) and its weights.
 *
 * @example
 * ```ts
 * import { initParams, presetConfig, sparseGraph } from "@neuroplastic/engines/rsgn";
 * import { key } from "@neuroplastic/core/random";
 * const c = presetConfig("readme", { numNodes: 32, variant: "sparse", topK: 4 });
 * const g = sparseGraph(initParams(c, key(0)), c);
 * console.log(g.source.length); // 128
 * ```
 */
export function sparseGraph(p: RsgnParams, c: RsgnConfig): SparseGraph {
  const N = c.numNodes, S = c.dimSpace, r = c.affinityRank, k = Math.min(c.topK, N - 1);
  const raw = p.positions.data;
  const pos = like(raw, N * S), posScale = like(raw, N);
  projectRowsRef(raw, N, S, 0.95, pos, posScale);
  const sq = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    for (let d = 0; d < S; d++) sq[i] += pos[i * S + d] * pos[i * S + d];
  }
  const E = N * k;
  const offsets = new Int32Array(N + 1), source = new Int32Array(E);
  const weight = like(raw, E), affinity = like(raw, E), distFactor = like(raw, E);
  const acoshArg = like(raw, E), levelFactor = like(raw, E);
  const argRow = new Float64Array(N), order = new Int32Array(k);
  const U = p.affinityU.data, V = p.affinityV.data, lev = p.levels.data;
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < N; j++) {
      let d2 = 0;
      for (let d = 0; d < S; d++) d2 += (pos[j * S + d] - pos[i * S + d]) ** 2;
      // acosh is monotone: rank by the argument 1 + 2‖x−y‖²/((1−‖x‖²)(1−‖y‖²) + eps)
      argRow[j] = 1 + (2 * d2) / ((1 - sq[j]) * (1 - sq[i]) + BALL_EPS);
    }
    argRow[i] = Infinity;
    smallestK(argRow, N, k, order);
    offsets[i + 1] = offsets[i] + k;
    for (let t = 0; t < k; t++) {
      const j = order[t], e = offsets[i] + t;
      source[e] = j;
      let dot = 0;
      for (let q = 0; q < r; q++) dot += U[j * r + q] * V[i * r + q];
      const A = sigmoid(dot);
      const arg = argRow[j];
      const df = Math.exp(-Math.acosh(Math.max(arg, 1 + BALL_EPS)) / c.tau);
      const lf = softplus(lev[j] - lev[i] + 1);
      affinity[e] = A;
      acoshArg[e] = arg;
      distFactor[e] = df;
      levelFactor[e] = lf;
      // w_ji = σ(U_j·V_i)·exp(−d_ji/τ)·softplus(ℓ_j − ℓ_i + 1)   (reference W_ji restricted to kNN)
      weight[e] = A * df * lf;
    }
  }
  return {
    pos,
    posScale,
    offsets,
    source,
    weight,
    affinity,
    distFactor,
    acoshArg,
    levelFactor,
  };
}

/**
 * m_i += Σ_{j ∈ kNN(i), active} w_ji G_j for every sample; returns the multiply-adds done.
 * Internal kernel of `sparseForward` (rows are (node, sample) pairs, `actIndex` maps a row to its
 * compact index in `G` or −1).
 *
 * @example
 * ```ts ignore
 * const macs = scatterMessages(graph, actIndex, G, hn, received, N, B, H);
 * ```
 */
export function scatterMessages(
  graph: SparseGraph,
  actIndex: Int32Array,
  G: FloatArray,
  hn: FloatArray,
  received: Uint8Array,
  N: number,
  B: number,
  H: number,
): number {
  const { offsets, source, weight } = graph;
  let hits = 0;
  for (let i = 0; i < N; i++) {
    for (let e = offsets[i]; e < offsets[i + 1]; e++) {
      const j = source[e], w = weight[e];
      for (let b = 0; b < B; b++) {
        const q = actIndex[j * B + b];
        if (q < 0) continue;
        const o = (i * B + b) * H, og = q * H;
        // m_i = Σ_{j ∈ kNN(i), active} w_ji G_j
        for (let d = 0; d < H; d++) hn[o + d] += w * G[og + d];
        received[i * B + b] = 1;
        hits++;
      }
    }
  }
  return hits * H;
}

/**
 * Backward of {@link scatterMessages}: dG_j += w_ji dm_i, dw_ji += ⟨dm_i, G_j⟩.
 *
 * @example
 * ```ts ignore
 * gatherMessageGrads(graph, actIndex, G, dhn, dG, dw, N, B, H);
 * ```
 */
export function gatherMessageGrads(
  graph: SparseGraph,
  actIndex: Int32Array,
  G: FloatArray,
  dhn: FloatArray,
  dG: FloatArray,
  dw: Float64Array,
  N: number,
  B: number,
  H: number,
): void {
  const { offsets, source, weight } = graph;
  for (let i = 0; i < N; i++) {
    for (let e = offsets[i]; e < offsets[i + 1]; e++) {
      const j = source[e], w = weight[e];
      let acc = 0;
      for (let b = 0; b < B; b++) {
        const q = actIndex[j * B + b];
        if (q < 0) continue;
        const o = (i * B + b) * H, og = q * H;
        for (let d = 0; d < H; d++) {
          dG[og + d] += w * dhn[o + d];
          acc += dhn[o + d] * G[og + d];
        }
      }
      dw[e] += acc;
    }
  }
}

/**
 * sig = ‖h_new‖ (h_new = m + b, or b where nothing arrived), α_new = σ((α + 0.1·sig − θ)/T_s).
 *
 * @example
 * ```ts ignore
 * softThreshold(hn, received, bh, normB, alpha, th, 1, sig, alphaNew, N, B, H);
 * ```
 */
export function softThreshold(
  hn: FloatArray,
  received: Uint8Array,
  bh: FloatArray,
  normB: number,
  alpha: FloatArray,
  th: FloatArray,
  Ts: number,
  sig: Float64Array,
  alphaNew: FloatArray,
  N: number,
  B: number,
  H: number,
): void {
  for (let n = 0; n < N; n++) {
    for (let b = 0; b < B; b++) {
      const r = n * B + b, o = r * H;
      let s = normB;
      if (received[r]) {
        let s2 = 0;
        for (let d = 0; d < H; d++) {
          const v = hn[o + d] + bh[d];
          hn[o + d] = v;
          s2 += v * v;
        }
        s = Math.sqrt(s2);
      } else for (let d = 0; d < H; d++) hn[o + d] = bh[d];
      sig[r] = s;
      // α_new = σ((α + 0.1‖h_new‖ − θ)/T_s)
      alphaNew[r] = 1 / (1 + Math.exp(-(alpha[r] + 0.1 * s - th[n]) / Ts));
    }
  }
}

/**
 * h_out = LN(h_new + h) ⊙ α for the winning rows (biased variance, eps 1e-5).
 *
 * @example
 * ```ts ignore
 * residualNorm(winRows, hn, h, gamma, beta, alpha, xhat, invStd, hOut, H);
 * ```
 */
export function residualNorm(
  rows: Int32Array,
  hn: FloatArray,
  h: FloatArray,
  gam: FloatArray,
  bet: FloatArray,
  alpha: FloatArray,
  xhat: FloatArray,
  invStd: Float64Array,
  hOut: FloatArray,
  H: number,
): void {
  for (let t = 0; t < rows.length; t++) {
    const r = rows[t], o = r * H;
    let mu = 0;
    for (let d = 0; d < H; d++) mu += hn[o + d] + h[o + d];
    // h_out = LN(h_new + h) ⊙ α_kWTA
    invStd[r] = residualNormRow(hn, h, o, mu / H, gam, bet, alpha[r], xhat, hOut, H);
  }
}

/**
 * k-WTA in place on α (N, B): keeps the a largest per sample (ties: lower index), zeroes the rest.
 *
 * @example
 * ```ts
 * import { kWinners } from "./sparse_graph.ts";
 * const a = new Float64Array([0.2, 0.9, 0.5]); // N = 3, B = 1
 * kWinners(a, 3, 1, 2);
 * console.log(Array.from(a)); // [0, 0.9, 0.5]
 * ```
 */
export function kWinners(alpha: FloatArray, N: number, B: number, a: number): void {
  if (a >= N) return;
  const vals = new Float64Array(N), win = new Int32Array(a), keep = new Uint8Array(N);
  for (let b = 0; b < B; b++) {
    for (let n = 0; n < N; n++) vals[n] = -alpha[n * B + b];
    smallestK(vals, N, a, win);
    keep.fill(0);
    for (let t = 0; t < a; t++) keep[win[t]] = 1;
    for (let n = 0; n < N; n++) if (!keep[n]) alpha[n * B + b] = 0;
  }
}

/**
 * Indices of the k smallest values (ties: lower index first) into `out`, ascending, by insertion
 * into a sorted buffer: O(N·k), no allocation.
 *
 * @example
 * ```ts
 * import { smallestK } from "./sparse_graph.ts";
 * const out = new Int32Array(2);
 * smallestK(Float64Array.of(3, 1, 2, 1), 4, 2, out);
 * console.log(Array.from(out)); // [1, 3]
 * ```
 */
export function smallestK(v: Float64Array, N: number, k: number, out: Int32Array): void {
  let len = 0;
  for (let i = 0; i < N; i++) {
    const x = v[i];
    if (len === k && !(x < v[out[k - 1]])) continue;
    let p = len < k ? len : k - 1;
    // shift larger entries right; equal values keep their earlier (lower) index first
    while (p > 0 && v[out[p - 1]] > x) {
      out[p] = out[p - 1];
      p--;
    }
    out[p] = i;
    if (len < k) len++;
  }
}

/**
 * Backward of the edge weights w_ji = σ(U_j·V_i)·exp(−d_ji/τ)·softplus(ℓ_j − ℓ_i + 1): accumulates
 * into `g.affinityU`, `g.affinityV`, `g.levels` and `dPos` (w.r.t. projected positions).
 *
 * @example
 * ```ts ignore
 * edgeWeightsBackward(p, c, graph, dw, grads, dPos);
 * ```
 */
export function edgeWeightsBackward(
  p: RsgnParams,
  c: RsgnConfig,
  gr: SparseGraph,
  dw: Float64Array,
  g: RsgnParams,
  dPos: FloatArray,
): void {
  const N = c.numNodes, S = c.dimSpace, r = c.affinityRank;
  const U = p.affinityU.data, V = p.affinityV.data, lev = p.levels.data;
  const sq = new Float64Array(N);
  for (let i = 0; i < N; i++) for (let d = 0; d < S; d++) sq[i] += gr.pos[i * S + d] ** 2;
  for (let i = 0; i < N; i++) {
    for (let e = gr.offsets[i]; e < gr.offsets[i + 1]; e++) {
      const gw = dw[e];
      if (gw === 0) continue;
      const j = gr.source[e];
      const A = gr.affinity[e], df = gr.distFactor[e], lf = gr.levelFactor[e];
      const dS = gw * df * lf * A * (1 - A);
      for (let q = 0; q < r; q++) {
        g.affinityU.data[j * r + q] += dS * V[i * r + q];
        g.affinityV.data[i * r + q] += dS * U[j * r + q];
      }
      const x = lev[j] - lev[i] + 1;
      const dx = gw * A * df * (x > 20 ? 1 : sigmoid(x));
      g.levels.data[j] += dx;
      g.levels.data[i] -= dx;
      const arg = gr.acoshArg[e];
      if (!(arg >= 1 + BALL_EPS)) continue;
      const da = (-gw * A * lf * df / c.tau) / Math.sqrt(arg * arg - 1);
      let d2 = 0;
      for (let d = 0; d < S; d++) d2 += (gr.pos[j * S + d] - gr.pos[i * S + d]) ** 2;
      const den = (1 - sq[j]) * (1 - sq[i]) + BALL_EPS;
      const dd2 = (2 * da) / den, dden = (-2 * da * d2) / (den * den);
      for (let d = 0; d < S; d++) {
        const t = 2 * dd2 * (gr.pos[j * S + d] - gr.pos[i * S + d]);
        dPos[j * S + d] += t - 2 * dden * (1 - sq[i]) * gr.pos[j * S + d];
        dPos[i * S + d] += -t - 2 * dden * (1 - sq[j]) * gr.pos[i * S + d];
      }
    }
  }
}
