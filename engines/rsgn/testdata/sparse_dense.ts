/**
 * Test oracle: the sparse variant as it was before the compact rewrite (commit 1c8eb34), with
 * dense (N, B, D_h) buffers per step. `sparse_test.ts` checks that the compact `sparseForward` /
 * `sparseBackward` give the same bits as these. Not published (testdata/).
 *
 * @module
 */
import { type FloatArray, matmulInto } from "@neuroplastic/core/tensor";
import type { RsgnConfig } from "../config.ts";
import { ignite, igniteBackward } from "../ignition.ts";
import { ACTIVE_THRESHOLD } from "../model.ts";
import { type RsgnParams, zerosLikeParams } from "../params.ts";
import * as shared from "../shared.ts";
import { residualNormRow } from "../shared.ts";
import { projectRowsRefBackward } from "../weights.ts";
import { edgeWeightsBackward, kWinners, type SparseGraph, sparseGraph } from "../sparse_graph.ts";

const like = (a: FloatArray, n: number): FloatArray =>
  a instanceof Float32Array ? new Float32Array(n) : new Float64Array(n);

/**
 * m_i += Σ_{j ∈ kNN(i), active} w_ji G_j for every sample; returns the multiply-adds done.
 * Internal kernel of `sparseForward` (rows are (node, sample) pairs, `actIndex` maps a row to its
 * compact index in `G` or −1).
 */
function scatterMessages(
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
 */
function gatherMessageGrads(
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
 */
function softThreshold(
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
 */
function residualNorm(
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

interface DenseStep {
  h: FloatArray;
  alpha: FloatArray;
  actRows: Int32Array;
  ht: FloatArray;
  G: FloatArray;
  actIndex: Int32Array;
  received: Uint8Array;
  hn: FloatArray;
  sig: Float64Array;
  alphaNew: FloatArray;
  winRows: Int32Array;
  xhat: FloatArray;
  invStd: Float64Array;
}

/** Forward values kept for the dense backward. */
export interface DenseCache {
  readonly B: number;
  readonly T: number;
  readonly X: FloatArray;
  readonly graph: SparseGraph;
  readonly ic: ReturnType<typeof ignite>;
  readonly alpha0: FloatArray;
  readonly xbar: FloatArray;
  readonly c0: FloatArray;
  readonly steps: readonly DenseStep[];
  readonly hOut: FloatArray;
  readonly alphaOut: FloatArray;
  readonly features: FloatArray;
}

/** Output of {@link denseSparseForward}. */
export interface DenseOutput {
  readonly logits: FloatArray;
  readonly alpha: FloatArray;
  readonly macsPerSample: number;
  readonly activeFraction: number;
  readonly cache?: DenseCache;
}

const rowsNonzero = (alpha: FloatArray): Int32Array => {
  const out: number[] = [];
  for (let r = 0; r < alpha.length; r++) if (alpha[r] !== 0) out.push(r);
  return Int32Array.from(out);
};

const rowsWhere = (alpha: FloatArray): Int32Array => {
  const out: number[] = [];
  for (let r = 0; r < alpha.length; r++) if (alpha[r] > ACTIVE_THRESHOLD) out.push(r);
  return Int32Array.from(out);
};

/**
 * Forward pass of the sparse variant on X (B, T, D_in).
 */
export function denseSparseForward(
  p: RsgnParams,
  c: RsgnConfig,
  X: FloatArray,
  B: number,
  T: number,
  keepCache = false,
): DenseOutput {
  const N = c.numNodes, H = c.dimHidden, I = c.dimInput, C = c.numClasses, NB = N * B;
  const a = Math.min(c.activeK, N);
  if (X.length !== B * T * I) {
    throw new RangeError(`sparseForward: X has ${X.length} values, expected ${B * T * I}`);
  }
  const ref = p.positions.data;
  const Xd = shared.inDtypeOf(X, ref);
  const graph = sparseGraph(p, c);
  const ic = ignite(p, c, Xd, B, T, graph.pos);
  const alpha0 = ic.alpha0.slice();
  kWinners(alpha0, N, B, a);
  // h⁰ = init_state(mean_t x) ⊙ α⁰_kWTA
  const { xbar, c0 } = shared.initialState(p, c, Xd, B, T);
  let h = shared.gateState(c0, alpha0, N, B, H);
  let alpha: FloatArray = alpha0;
  const whT = shared.transposedWh(p, H);
  const bh = p.whb.data, th = p.thresholds.data, gam = p.lnGamma.data, bet = p.lnBeta.data;
  let normB = 0;
  for (let d = 0; d < H; d++) normB += bh[d] * bh[d];
  normB = Math.sqrt(normB);
  const steps: DenseStep[] = [];
  let macs = 0, activeSum = 0;
  for (let k = 0; k < c.numSteps; k++) {
    const actRows = rowsWhere(alpha);
    activeSum += actRows.length / NB;
    const nA = actRows.length;
    const actIndex = new Int32Array(NB).fill(-1);
    const ht = like(ref, nA * H);
    for (let q = 0; q < nA; q++) {
      const r = actRows[q];
      actIndex[r] = q;
      // H̃_j = h_j α_j for active j
      for (let d = 0; d < H; d++) ht[q * H + d] = h[r * H + d] * alpha[r];
    }
    const G = like(ref, nA * H);
    // G_j = W_h H̃_j (before the message passing, by linearity)
    if (nA > 0) matmulInto(G, ht, whT, nA, H, H);
    macs += nA * H * H;
    const hn = like(ref, NB * H), received = new Uint8Array(NB), sig = new Float64Array(NB);
    macs += scatterMessages(graph, actIndex, G, hn, received, N, B, H);
    const alphaNew = like(ref, NB);
    softThreshold(hn, received, bh, normB, alpha, th, c.temperature, sig, alphaNew, N, B, H);
    const alphaOut = alphaNew.slice();
    kWinners(alphaOut, N, B, a);
    const winRows = rowsNonzero(alphaOut);
    const hOut = like(ref, NB * H), xhat = like(ref, NB * H), invStd = new Float64Array(NB);
    residualNorm(winRows, hn, h, gam, bet, alphaOut, xhat, invStd, hOut, H);
    if (keepCache) {
      steps.push({
        h,
        alpha,
        actRows,
        ht,
        G,
        actIndex,
        received,
        hn,
        sig,
        alphaNew,
        winRows,
        xhat,
        invStd,
      });
    }
    h = hOut;
    alpha = alphaOut;
  }
  // f_b = Σ_i h_bi α_bi over the final winners, logits = f W_cᵀ + b_c
  const { features, rows } = shared.readout(h, alpha, N, B, H);
  macs += rows * H;
  const logits = shared.head(p, features, B, H, C);
  const alphaBN = like(ref, NB);
  for (let n = 0; n < N; n++) for (let b = 0; b < B; b++) alphaBN[b * N + n] = alpha[n * B + b];
  return {
    logits,
    alpha: alphaBN,
    macsPerSample: macs / B,
    activeFraction: c.numSteps ? activeSum / c.numSteps : 0,
    cache: keepCache
      ? {
        B,
        T,
        X: Xd,
        graph,
        ic,
        alpha0,
        xbar,
        c0,
        steps,
        hOut: h,
        alphaOut: alpha,
        features,
      }
      : undefined,
  };
}

/**
 * Reverse pass of denseSparseForward (k-WTA and kNN selections are constants; gradients
 * flow through the winners and the selected edges).
 */
export function denseSparseBackward(
  p: RsgnParams,
  c: RsgnConfig,
  cache: DenseCache,
  dLogits: ArrayLike<number>,
): RsgnParams {
  const N = c.numNodes, H = c.dimHidden, C = c.numClasses, S = c.dimSpace;
  const { B, T, graph, ic, hOut, alphaOut, features } = cache;
  const NB = N * B;
  const g = zerosLikeParams(p);
  const ref = p.positions.data;
  const df = shared.headBackward(p, g, dLogits, features, B, C, H);
  // losers have α = 0 and h_out = 0: their dh is never read and their dα is 0
  let { dh, dAlpha } = shared.readoutBackward(df, hOut, alphaOut, N, B, H);
  const dw = new Float64Array(graph.weight.length);
  const gam = p.lnGamma.data, bet = p.lnBeta.data, Ts = c.temperature;
  const dxh = new Float64Array(H);
  for (let k = cache.steps.length - 1; k >= 0; k--) {
    const s = cache.steps[k];
    const dAn = new Float64Array(NB);
    const dhn = like(ref, NB * H), dhPrev = like(ref, NB * H), dAPrev = like(ref, NB);
    for (const r of s.winRows) {
      // k-WTA passes the gradient of winners; h_out = LN(h_new + h) ⊙ α
      dAn[r] = shared.residualNormRowBackward(
        dh,
        s.xhat,
        r * H,
        s.invStd[r],
        s.alphaNew[r],
        gam,
        bet,
        g.lnGamma.data,
        g.lnBeta.data,
        dxh,
        dhn,
        dhPrev,
        dAlpha[r],
        H,
      );
    }
    const bh = p.whb.data;
    for (let r = 0; r < NB; r++) {
      if (dAn[r] === 0) continue;
      const an = s.alphaNew[r], n = Math.floor(r / B);
      const du = (dAn[r] * an * (1 - an)) / Ts;
      dAPrev[r] += du;
      g.thresholds.data[n] -= du;
      const sig = s.sig[r];
      if (sig > 0) {
        const kk = (0.1 * du) / sig, o = r * H;
        // ∂‖h_new‖/∂h_new = h_new/‖h_new‖ (h_new = b_h for rows that received nothing)
        for (let d = 0; d < H; d++) dhn[o + d] += kk * (s.received[r] ? s.hn[o + d] : bh[d]);
      }
    }
    for (let r = 0; r < NB; r++) {
      const o = r * H;
      for (let d = 0; d < H; d++) g.whb.data[d] += dhn[o + d];
    }
    const nA = s.actRows.length;
    const dG = like(ref, nA * H);
    gatherMessageGrads(graph, s.actIndex, s.G, dhn, dG, dw, N, B, H);
    if (nA > 0) {
      // G = H̃ W_hᵀ: dW_h += dGᵀ H̃, dH̃ = dG W_h
      matmulInto(g.whW.data, dG, s.ht, H, nA, H, { transA: true, accumulate: true });
      const dht = like(ref, nA * H);
      matmulInto(dht, dG, p.whW.data, nA, H, H);
      for (let q = 0; q < nA; q++) {
        const r = s.actRows[q], o = r * H, al = s.alpha[r];
        let da = 0;
        for (let d = 0; d < H; d++) {
          dhPrev[o + d] += dht[q * H + d] * al;
          da += dht[q * H + d] * s.h[o + d];
        }
        dAPrev[r] += da;
      }
    }
    // the previous state is zero outside the previous winners: keep their gradient only
    for (let r = 0; r < NB; r++) {
      if (s.alpha[r] === 0) {
        dAPrev[r] = 0;
        for (let d = 0; d < H; d++) dhPrev[r * H + d] = 0;
      }
    }
    dh = dhPrev;
    dAlpha = dAPrev;
  }
  // h⁰ = c0 ⊗ α⁰_kWTA (dα of the k-WTA losers is 0 here), c0 = init_state(x̄)
  shared.initialStateBackward(p, c, g, dh, dAlpha, cache.alpha0, cache, B);
  const dPos = like(ref, N * S);
  igniteBackward(p, c, cache.X, B, T, graph.pos, ic, dAlpha, g, dPos);
  edgeWeightsBackward(p, c, graph, dw, g, dPos);
  projectRowsRefBackward(p.positions.data, N, S, 0.95, graph.posScale, dPos, g.positions.data);
  return g;
}
