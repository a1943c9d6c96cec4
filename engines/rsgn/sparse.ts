/**
 * Our sparse RSGN variant (not in the reference; spec §9 bugs 1–3): what the paper describes.
 * - Connectivity: each node i receives from its `topK` nearest nodes in hyperbolic distance
 *   (CSR by destination, rebuilt from the detached positions each forward); edge weights
 *   w_ji = σ(U_j·V_i)·exp(−d(P_j, P_i)/τ)·softplus(ℓ_j − ℓ_i + 1) stay differentiable.
 * - True lateral inhibition: k-winners-take-all keeps the `activeK` largest activations per
 *   sample (after ignition and after every step) and sets the others to exactly 0.
 * - Compute ∝ active × k: W_h is applied to the active sources before the sparse message
 *   passing (W_h Σ_j w_ji H̃_j = Σ_j w_ji W_h H̃_j), so a step costs
 *   active·D_h² + active·k·D_h multiply-adds per sample instead of N²·D_h + N·D_h².
 * The rest (ignition, initial state, soft threshold, residual + LayerNorm, readout) is the
 * faithful model's; the state of a losing node is 0.
 *
 * @module
 */
import { type FloatArray, matmulInto } from "@neuroplastic/core/tensor";
import type { RsgnConfig } from "./config.ts";
import { ignite, igniteBackward, type IgnitionCache } from "./ignition.ts";
import { ACTIVE_THRESHOLD } from "./model.ts";
import { type RsgnParams, zerosLikeParams } from "./params.ts";
import * as shared from "./shared.ts";
import { projectRowsRefBackward } from "./weights.ts";
import {
  edgeWeightsBackward,
  gatherMessageGrads,
  kWinners,
  residualNorm,
  scatterMessages,
  softThreshold,
  type SparseGraph,
  sparseGraph,
} from "./sparse_graph.ts";

export { type SparseGraph, sparseGraph } from "./sparse_graph.ts";

const like = (a: FloatArray, n: number): FloatArray =>
  a instanceof Float32Array ? new Float32Array(n) : new Float64Array(n);

/** Values of one sparse propagation step kept for {@link sparseBackward}. */
export interface SparseStep {
  /** Node states entering the step (N, B, D_h). */
  h: FloatArray;
  /** Activations entering the step (N, B). */
  alpha: FloatArray;
  /** Rows (n·B + b) of the active sources. */
  actRows: Int32Array;
  /** H̃ = h α of the active sources (active, D_h). */
  ht: FloatArray;
  /** W_h H̃ of the active sources (active, D_h). */
  G: FloatArray;
  /** Position in `actRows` of each row, or −1 (N·B). */
  actIndex: Int32Array;
  /** 1 for rows that received at least one message (N·B). */
  received: Uint8Array;
  /** h_new = Σ_j w_ji G_j + b (N, B, D_h). */
  hn: FloatArray;
  /** ‖h_new‖ per row (N·B). */
  sig: Float64Array;
  /** Soft-threshold activations before k-WTA (N, B). */
  alphaNew: FloatArray;
  /** Rows kept by k-winners-take-all. */
  winRows: Int32Array;
  /** Normalised LayerNorm input (N, B, D_h). */
  xhat: FloatArray;
  /** LayerNorm 1/σ per row (N·B). */
  invStd: Float64Array;
}

/** Forward values kept for {@link sparseBackward}. */
export interface SparseCache {
  /** Batch size. */
  readonly B: number;
  /** Sequence length. */
  readonly T: number;
  /** Input (B, T, D_in), in the parameters' dtype. */
  readonly X: FloatArray;
  /** Top-k hyperbolic graph of this forward. */
  readonly graph: SparseGraph;
  /** Ignition cache. */
  readonly ic: IgnitionCache;
  /** Ignition α⁰ after k-WTA (N, B). */
  readonly alpha0: FloatArray;
  /** Time-mean input (B, D_in). */
  readonly xbar: FloatArray;
  /** Initial state before gating by α⁰ (B, D_h). */
  readonly c0: FloatArray;
  /** One cache per propagation step. */
  readonly steps: readonly SparseStep[];
  /** Final node states (N, B, D_h). */
  readonly hOut: FloatArray;
  /** Final activations (N, B). */
  readonly alphaOut: FloatArray;
  /** Readout features (B, D_h). */
  readonly features: FloatArray;
}

/** Output of {@link sparseForward}. */
export interface SparseOutput {
  /** Logits (B, C). */
  readonly logits: FloatArray;
  /** Final α (B, N); at most `activeK` non-zero per sample. */
  readonly alpha: FloatArray;
  /** Multiply-adds actually performed per sample (messages + W_h + readout), averaged. */
  readonly macsPerSample: number;
  /** Mean fraction of nodes with α > 0.01 over the steps. */
  readonly activeFraction: number;
  /** Cache for the backward pass (when requested). */
  readonly cache?: SparseCache;
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
 *
 * @example
 * ```ts
 * import { initParams, presetConfig, sparseForward } from "@neuroplastic/engines/rsgn";
 * import { key } from "@neuroplastic/core/random";
 * const c = presetConfig("readme", { numNodes: 32, dimInput: 4, dimHidden: 8, variant: "sparse", topK: 4, activeK: 6 });
 * const out = sparseForward(initParams(c, key(0)), c, new Float32Array(2 * 5 * 4).fill(0.2), 2, 5);
 * console.log(out.alpha.filter((a) => a > 0).length <= 12); // true
 * ```
 */
export function sparseForward(
  p: RsgnParams,
  c: RsgnConfig,
  X: FloatArray,
  B: number,
  T: number,
  keepCache = false,
): SparseOutput {
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
  const steps: SparseStep[] = [];
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
 * Reverse pass of {@link sparseForward} (k-WTA and kNN selections are constants; gradients
 * flow through the winners and the selected edges).
 *
 * @example
 * ```ts
 * import { initParams, presetConfig, sparseBackward, sparseForward } from "@neuroplastic/engines/rsgn";
 * import { key } from "@neuroplastic/core/random";
 * const c = presetConfig("readme", { numNodes: 16, dimInput: 2, dimHidden: 4, numClasses: 2, variant: "sparse", topK: 3, activeK: 4 });
 * const p = initParams(c, key(0), "f64");
 * const out = sparseForward(p, c, new Float64Array(3 * 2).fill(0.3), 1, 3, true);
 * const g = sparseBackward(p, c, out.cache!, new Float64Array([1, -1]));
 * console.log(g.clsb.data); // [1, -1]
 * ```
 */
export function sparseBackward(
  p: RsgnParams,
  c: RsgnConfig,
  cache: SparseCache,
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
