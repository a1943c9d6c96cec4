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
 * Compact layout: a node state is kept only for the rows (n·B + b) that won the last k-WTA (at most
 * activeK·B), messages only for the rows that received one, gradients only for winners; the
 * activations α (N, B) stay dense (k-WTA ranks all nodes). The active rows are gathered once per
 * step; index maps and scratch live in a per-shape workspace reused across calls, the values kept
 * for the backward pass in a few arrays allocated once per forward. The arithmetic per row and
 * its order are those of the dense formulation (testdata/sparse_dense.ts), so the results are
 * the same bits (sparse_test.ts).
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
  gatherActiveGrads,
  kWinners,
  residualNormAt,
  residualNormAtBackward,
  scatterActive,
  type SparseGraph,
  sparseGraph,
} from "./sparse_graph.ts";

export { type SparseGraph, sparseGraph } from "./sparse_graph.ts";

const like = (a: FloatArray, n: number): FloatArray =>
  a instanceof Float32Array ? new Float32Array(n) : new Float64Array(n);

/** Values of one sparse propagation step kept for {@link sparseBackward} (compact rows). */
export interface SparseStep {
  /** Activations entering the step (N, B); non-zero on `hRows` only. */
  readonly alpha: FloatArray;
  /** Rows (n·B + b, ascending) whose entering state is non-zero: the last k-WTA's winners. */
  readonly hRows: Int32Array;
  /** Their entering states (hRows.length, D_h). */
  readonly h: FloatArray;
  /** Rows of the active sources (α > 0.01), ascending. */
  readonly actRows: Int32Array;
  /** H̃ = h α of the active sources (active, D_h). */
  readonly ht: FloatArray;
  /** W_h H̃ of the active sources (active, D_h). */
  readonly G: FloatArray;
  /** Rows kept by k-winners-take-all, ascending (the next step's `hRows`). */
  readonly winRows: Int32Array;
  /** h_new = Σ_j w_ji G_j + b of the winners (winRows.length, D_h). */
  readonly hn: FloatArray;
  /** ‖h_new‖ of the winners. */
  readonly sig: Float64Array;
  /** Soft-threshold activations of the winners before k-WTA (equal to their α after it). */
  readonly alphaNew: FloatArray;
  /** Normalised LayerNorm input of the winners (winRows.length, D_h). */
  readonly xhat: FloatArray;
  /** LayerNorm 1/σ of the winners. */
  readonly invStd: Float64Array;
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
  /** Rows with α⁰ ≠ 0 (ascending): those of the initial state. */
  readonly rows0: Int32Array;
  /** Time-mean input (B, D_in). */
  readonly xbar: FloatArray;
  /** Initial state before gating by α⁰ (B, D_h). */
  readonly c0: FloatArray;
  /** One cache per propagation step. */
  readonly steps: readonly SparseStep[];
  /** Rows of the final winners (ascending). */
  readonly hRows: Int32Array;
  /** Final node states of `hRows` (hRows.length, D_h). */
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

/** Per-shape scratch: row → slot maps (kept at −1 between uses) and compact buffers. */
interface Workspace {
  readonly hIdx: Int32Array;
  readonly recvIdx: Int32Array;
  readonly recvRows: Int32Array;
  readonly recv: FloatArray;
  readonly actIdx: Int32Array;
  readonly actStart: Int32Array;
  readonly winStart: Int32Array;
  readonly sig: Float64Array;
  readonly alphaNew: FloatArray;
  readonly kwVals: Float64Array;
  readonly kwWin: Int32Array;
  readonly kwKeep: Uint8Array;
  readonly zeros: FloatArray;
  readonly dxh: Float64Array;
  readonly dh: [FloatArray, FloatArray];
  readonly dAlpha: [FloatArray, FloatArray];
  readonly dhn: FloatArray;
  readonly dG: FloatArray;
  readonly dht: FloatArray;
  readonly dAn: Float64Array;
  /** Step buffers of forwards that keep no cache. */
  readonly arena: Arena;
  /** Buffers of caches already consumed by {@link sparseBackward}, for the next forwards. */
  readonly pool: Arena[];
}

/** Buffers of a forward: `slots` steps, `slots + 1` states (compact rows, states, activations). */
interface Arena {
  readonly slots: number;
  /** The cache whose values live here (a pooled arena is reused by the next cached forward). */
  owner?: SparseCache;
  readonly alpha: FloatArray;
  readonly rows: Int32Array;
  readonly h: FloatArray;
  readonly act: Int32Array;
  readonly ht: FloatArray;
  readonly G: FloatArray;
  readonly hn: FloatArray;
  readonly xhat: FloatArray;
  readonly sig: Float64Array;
  readonly alphaNew: FloatArray;
  readonly invStd: Float64Array;
}

const arenaOf = (ref: FloatArray, NB: number, W: number, H: number, slots: number): Arena => ({
  slots,
  alpha: like(ref, (slots + 1) * NB),
  rows: new Int32Array((slots + 1) * W),
  h: like(ref, (slots + 1) * W * H),
  act: new Int32Array(slots * W),
  ht: like(ref, slots * W * H),
  G: like(ref, slots * W * H),
  hn: like(ref, slots * W * H),
  xhat: like(ref, slots * W * H),
  sig: new Float64Array(slots * W),
  alphaNew: like(ref, slots * W),
  invStd: new Float64Array(slots * W),
});

const workspaces = new Map<string, Workspace>();
const arenaOfCache = new WeakMap<SparseCache, Arena>();

/** The workspace of (dtype, N, B, D_h, activeK); the last few shapes are kept. */
const workspaceOf = (ref: FloatArray, N: number, B: number, H: number, a: number): Workspace => {
  const f32 = ref instanceof Float32Array;
  const id = `${f32 ? 32 : 64}:${N}:${B}:${H}:${a}`;
  const hit = workspaces.get(id);
  if (hit) return hit;
  const NB = N * B, W = a * B;
  const neg = (n: number) => new Int32Array(n).fill(-1);
  const ws: Workspace = {
    hIdx: neg(NB),
    recvIdx: neg(NB),
    recvRows: new Int32Array(NB),
    recv: like(ref, NB * H),
    actIdx: neg(NB),
    actStart: new Int32Array(N + 1),
    winStart: new Int32Array(N + 1),
    sig: new Float64Array(NB),
    alphaNew: like(ref, NB),
    kwVals: new Float64Array(N),
    kwWin: new Int32Array(a),
    kwKeep: new Uint8Array(N),
    zeros: like(ref, H),
    dxh: new Float64Array(H),
    dh: [like(ref, W * H), like(ref, W * H)],
    dAlpha: [like(ref, NB), like(ref, NB)],
    dhn: like(ref, W * H),
    dG: like(ref, W * H),
    dht: like(ref, W * H),
    dAn: new Float64Array(W),
    arena: arenaOf(ref, NB, W, H, 1),
    pool: [],
  };
  if (workspaces.size >= 4) workspaces.delete(workspaces.keys().next().value!);
  workspaces.set(id, ws);
  return ws;
};

/** Per-node ranges of ascending rows (n·B + b) into `start` (N + 1). */
const nodeRanges = (rows: Int32Array, n: number, B: number, start: Int32Array): void => {
  start.fill(0);
  for (let t = 0; t < n; t++) start[Math.floor(rows[t] / B) + 1]++;
  for (let i = 1; i < start.length; i++) start[i] += start[i - 1];
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
  const a = Math.min(c.activeK, N), K = c.numSteps, W = a * B;
  if (X.length !== B * T * I) {
    throw new RangeError(`sparseForward: X has ${X.length} values, expected ${B * T * I}`);
  }
  const ref = p.positions.data;
  const Xd = shared.inDtypeOf(X, ref);
  const graph = sparseGraph(p, c);
  const ic = ignite(p, c, Xd, B, T, graph.pos);
  const ws = workspaceOf(ref, N, B, H, a);
  // a cached forward takes a released arena of its size (no allocation in steady training)
  const pooled = keepCache ? ws.pool.findIndex((x) => x.slots === K) : -1;
  const ar = !keepCache
    ? ws.arena
    : pooled >= 0
    ? ws.pool.splice(pooled, 1)[0]
    : arenaOf(ref, NB, W, H, K);
  // step k uses slot k (cache) or 0; state s lives in slot s (cache) or s mod 2
  const st = (s: number) => (keepCache ? s : s & 1), sl = (k: number) => (keepCache ? k : 0);
  const alphaAt = (s: number) => ar.alpha.subarray(st(s) * NB, st(s) * NB + NB);
  const hAt = (s: number, n: number) => ar.h.subarray(st(s) * W * H, (st(s) * W + n) * H);
  const rowsAt = (s: number) => ar.rows.subarray(st(s) * W, st(s) * W + W);
  const alpha0 = alphaAt(0);
  alpha0.set(ic.alpha0);
  kWinners(alpha0, N, B, a, ws.kwVals, ws.kwWin, ws.kwKeep);
  // h⁰ = init_state(mean_t x) ⊙ α⁰_kWTA, kept for the rows with α⁰ ≠ 0
  const { xbar, c0 } = shared.initialState(p, c, Xd, B, T);
  let nH = 0;
  const r0 = rowsAt(0);
  for (let r = 0; r < NB; r++) if (alpha0[r] !== 0) r0[nH++] = r;
  let hRows = r0.subarray(0, nH), h = hAt(0, nH), alpha: FloatArray = alpha0;
  const rows0 = hRows;
  for (let t = 0; t < nH; t++) {
    const r = hRows[t], b = r % B, al = alpha0[r];
    // h⁰_nb = c0_b α⁰_nb
    for (let d = 0; d < H; d++) h[t * H + d] = c0[b * H + d] * al;
  }
  const whT = shared.transposedWh(p, H);
  const bh = p.whb.data, th = p.thresholds.data, gam = p.lnGamma.data, bet = p.lnBeta.data;
  const Ts = c.temperature;
  let normB = 0;
  for (let d = 0; d < H; d++) normB += bh[d] * bh[d];
  normB = Math.sqrt(normB);
  const { hIdx, recvIdx, recvRows, recv, actStart, zeros } = ws;
  const steps: SparseStep[] = [];
  let macs = 0, activeSum = 0;
  for (let k = 0; k < K; k++) {
    const o = sl(k) * W;
    for (let t = 0; t < hRows.length; t++) hIdx[hRows[t]] = t;
    // the active sources, gathered once: α > 0.01 (a subset of the last winners)
    const actAll = ar.act.subarray(o, o + W);
    let nA = 0;
    for (let r = 0; r < NB; r++) if (alpha[r] > ACTIVE_THRESHOLD) actAll[nA++] = r;
    const act = actAll.subarray(0, nA);
    activeSum += nA / NB;
    nodeRanges(act, nA, B, actStart);
    const ht = ar.ht.subarray(o * H, (o + nA) * H), G = ar.G.subarray(o * H, (o + nA) * H);
    for (let q = 0; q < nA; q++) {
      const r = act[q], s = hIdx[r], al = alpha[r];
      const src = s < 0 ? zeros : h, os = s < 0 ? 0 : s * H;
      // H̃_j = h_j α_j for active j
      for (let d = 0; d < H; d++) ht[q * H + d] = src[os + d] * al;
    }
    // G_j = W_h H̃_j (before the message passing, by linearity)
    if (nA > 0) matmulInto(G, ht, whT, nA, H, H);
    macs += nA * H * H;
    // h_new = m + b_h (b_h alone where nothing arrived), sig = ‖h_new‖ of the rows reached
    const [nR, hits] = scatterActive(
      graph,
      act,
      actStart,
      G,
      bh,
      recvIdx,
      recvRows,
      recv,
      ws.sig,
      B,
      H,
    );
    macs += hits * H;
    const alphaNew = ws.alphaNew;
    for (let n = 0; n < N; n++) {
      for (let b = 0; b < B; b++) {
        const r = n * B + b, sg = recvIdx[r] < 0 ? normB : ws.sig[r];
        // α_new = σ((α + 0.1‖h_new‖ − θ)/T_s)
        alphaNew[r] = 1 / (1 + Math.exp(-(alpha[r] + 0.1 * sg - th[n]) / Ts));
      }
    }
    const alphaOut = alphaAt(k + 1);
    alphaOut.set(alphaNew);
    kWinners(alphaOut, N, B, a, ws.kwVals, ws.kwWin, ws.kwKeep);
    const winAll = rowsAt(k + 1);
    let nW = 0;
    for (let r = 0; r < NB; r++) if (alphaOut[r] !== 0) winAll[nW++] = r;
    const winRows = winAll.subarray(0, nW), hOut = hAt(k + 1, nW);
    const hn = ar.hn.subarray(o * H, (o + nW) * H), xhat = ar.xhat.subarray(o * H, (o + nW) * H);
    const sig = ar.sig.subarray(o, o + nW), aNew = ar.alphaNew.subarray(o, o + nW);
    const invStd = ar.invStd.subarray(o, o + nW);
    for (let t = 0; t < nW; t++) {
      const r = winRows[t], rs = recvIdx[r], hs = hIdx[r];
      const nSrc = rs < 0 ? bh : recv, on = rs < 0 ? 0 : rs * H;
      const hSrc = hs < 0 ? zeros : h, oh = hs < 0 ? 0 : hs * H;
      // h_out = LN(h_new + h) ⊙ α_kWTA
      invStd[t] = residualNormAt(nSrc, on, hSrc, oh, gam, bet, alphaOut[r], xhat, hOut, t * H, H);
      if (keepCache) {
        for (let d = 0; d < H; d++) hn[t * H + d] = nSrc[on + d];
        sig[t] = rs < 0 ? normB : ws.sig[r];
        aNew[t] = alphaNew[r];
      }
    }
    for (let t = 0; t < hRows.length; t++) hIdx[hRows[t]] = -1;
    for (let s = 0; s < nR; s++) recvIdx[recvRows[s]] = -1;
    if (keepCache) {
      steps.push({
        alpha,
        hRows,
        h,
        actRows: act,
        ht,
        G,
        winRows,
        hn,
        sig,
        alphaNew: aNew,
        xhat,
        invStd,
      });
    }
    hRows = winRows;
    h = hOut;
    alpha = alphaOut;
  }
  // f_b = Σ_i h_bi α_bi over the final winners, logits = f W_cᵀ + b_c
  const features = like(ref, B * H);
  let rows = 0;
  for (let t = 0; t < hRows.length; t++) {
    const r = hRows[t], al = alpha[r], b = r % B;
    if (al === 0) continue;
    rows++;
    // f_b = Σ_i h_bi α_bi   (notebook `RSGClassifier.forward`, α-weighted sum over nodes)
    for (let d = 0; d < H; d++) features[b * H + d] += h[t * H + d] * al;
  }
  macs += rows * H;
  const logits = shared.head(p, features, B, H, C);
  const alphaBN = like(ref, NB);
  for (let n = 0; n < N; n++) for (let b = 0; b < B; b++) alphaBN[b * N + n] = alpha[n * B + b];
  return {
    logits,
    alpha: alphaBN,
    macsPerSample: macs / B,
    activeFraction: K ? activeSum / K : 0,
    cache: keepCache
      ? own(ar, {
        B,
        T,
        X: Xd,
        graph,
        ic,
        alpha0,
        rows0,
        xbar,
        c0,
        steps,
        hRows,
        hOut: h,
        alphaOut: alpha,
        features,
      })
      : undefined,
  };
}

const own = (ar: Arena, cache: SparseCache): SparseCache => {
  ar.owner = cache;
  arenaOfCache.set(cache, ar);
  return cache;
};

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
  const N = c.numNodes, H = c.dimHidden, C = c.numClasses, S = c.dimSpace, I = c.dimInput;
  const { B, T, graph, ic, features } = cache;
  const NB = N * B, a = Math.min(c.activeK, N);
  const g = zerosLikeParams(p);
  const ref = p.positions.data;
  const ws = workspaceOf(ref, N, B, H, a);
  const ar = arenaOfCache.get(cache);
  if (ar && ar.owner !== cache) {
    throw new RangeError(
      "sparseBackward: cache was released by an earlier sparseBackward and its buffers reused by a later sparseForward; run the forward again",
    );
  }
  const { hIdx, actIdx, winStart, dxh, dhn, dAn } = ws;
  const df = shared.headBackward(p, g, dLogits, features, B, C, H);
  // f_b = Σ_n h_nb α_nb over the final winners: dh_nb = df_b α_nb, dα_nb = df_b · h_nb
  // (losers have α = 0 and h_out = 0: their dh is never read and their dα is 0)
  let cur = 0;
  let dh = ws.dh[0], dAlpha = ws.dAlpha[0];
  dAlpha.fill(0);
  {
    const rows = cache.hRows, hF = cache.hOut, aF = cache.alphaOut;
    for (let t = 0; t < rows.length; t++) {
      const r = rows[t], al = aF[r], b = r % B, o = t * H;
      let da = 0;
      for (let d = 0; d < H; d++) {
        dh[o + d] = df[b * H + d] * al;
        da += df[b * H + d] * hF[o + d];
      }
      dAlpha[r] = da;
    }
  }
  const dw = new Float64Array(graph.weight.length);
  const gam = p.lnGamma.data, bet = p.lnBeta.data, Ts = c.temperature;
  for (let k = cache.steps.length - 1; k >= 0; k--) {
    const s = cache.steps[k], win = s.winRows, nW = win.length, nP = s.hRows.length;
    for (let t = 0; t < nP; t++) hIdx[s.hRows[t]] = t;
    const dhPrev = ws.dh[1 - cur], dAPrev = ws.dAlpha[1 - cur];
    dAPrev.fill(0);
    dhPrev.fill(0, 0, nP * H);
    for (let t = 0; t < nW; t++) {
      const r = win[t], o = t * H;
      // k-WTA passes the gradient of winners; h_out = LN(h_new + h) ⊙ α
      dAn[t] = residualNormAtBackward(
        dh,
        s.xhat,
        o,
        s.invStd[t],
        s.alphaNew[t],
        gam,
        bet,
        g.lnGamma.data,
        g.lnBeta.data,
        dxh,
        dhn,
        dAlpha[r],
        H,
      );
      // the residual path reaches the previous state where it was non-zero (a previous winner)
      const pr = hIdx[r];
      if (pr >= 0) { for (let d = 0; d < H; d++) dhPrev[pr * H + d] = dhn[o + d]; }
    }
    for (let t = 0; t < nW; t++) {
      if (dAn[t] === 0) continue;
      const r = win[t], an = s.alphaNew[t], n = Math.floor(r / B);
      // α_new = σ((α + 0.1‖h_new‖ − θ)/T_s)
      const du = (dAn[t] * an * (1 - an)) / Ts;
      dAPrev[r] += du;
      g.thresholds.data[n] -= du;
      const sig = s.sig[t];
      if (sig > 0) {
        const kk = (0.1 * du) / sig, o = t * H;
        // ∂‖h_new‖/∂h_new = h_new/‖h_new‖ (h_new = b_h for rows that received nothing)
        for (let d = 0; d < H; d++) dhn[o + d] += kk * s.hn[o + d];
      }
    }
    for (let t = 0; t < nW; t++) {
      const o = t * H;
      for (let d = 0; d < H; d++) g.whb.data[d] += dhn[o + d];
    }
    const nA = s.actRows.length;
    const dG = ws.dG.subarray(0, nA * H);
    dG.fill(0);
    for (let q = 0; q < nA; q++) actIdx[s.actRows[q]] = q;
    nodeRanges(win, nW, B, winStart);
    gatherActiveGrads(graph, win, winStart, actIdx, s.G, dhn, dG, dw, B, H);
    for (let q = 0; q < nA; q++) actIdx[s.actRows[q]] = -1;
    if (nA > 0) {
      // G = H̃ W_hᵀ: dW_h += dGᵀ H̃, dH̃ = dG W_h
      matmulInto(g.whW.data, dG, s.ht, H, nA, H, { transA: true, accumulate: true });
      const dht = ws.dht.subarray(0, nA * H);
      matmulInto(dht, dG, p.whW.data, nA, H, H);
      for (let q = 0; q < nA; q++) {
        const r = s.actRows[q], pr = hIdx[r], al = s.alpha[r];
        let da = 0;
        // H̃ = h α: dh += dH̃ α, dα += ⟨dH̃, h⟩ (active rows are previous winners)
        if (pr >= 0) {
          const o = pr * H;
          for (let d = 0; d < H; d++) {
            dhPrev[o + d] += dht[q * H + d] * al;
            da += dht[q * H + d] * s.h[o + d];
          }
        }
        dAPrev[r] += da;
      }
    }
    // the previous state is zero outside the previous winners: keep their gradient only
    for (let r = 0; r < NB; r++) if (s.alpha[r] === 0) dAPrev[r] = 0;
    for (let t = 0; t < nP; t++) hIdx[s.hRows[t]] = -1;
    cur = 1 - cur;
    dh = dhPrev;
    dAlpha = dAPrev;
  }
  // h⁰ = c0 ⊗ α⁰_kWTA (dα of the k-WTA losers is 0 here), c0 = init_state(x̄)
  const dc0 = like(ref, B * H), alpha0 = cache.alpha0, c0 = cache.c0;
  for (let t = 0; t < cache.rows0.length; t++) {
    const r = cache.rows0[t], al = alpha0[r], b = r % B, o = t * H;
    let da = 0;
    // h⁰ = c0 ⊗ α⁰: dc0_b += Σ_n dh_nb α⁰_nb, dα⁰_nb = dh_nb · c0_b
    for (let d = 0; d < H; d++) {
      dc0[b * H + d] += dh[o + d] * al;
      da += dh[o + d] * c0[b * H + d];
    }
    dAlpha[r] += da;
  }
  // c0 = x̄ W_initᵀ + b_init
  matmulInto(g.initW.data, dc0, cache.xbar, H, B, I, { transA: true, accumulate: true });
  for (let b = 0; b < B; b++) for (let d = 0; d < H; d++) g.initb.data[d] += dc0[b * H + d];
  const dPos = like(ref, N * S);
  igniteBackward(p, c, cache.X, B, T, graph.pos, ic, dAlpha, g, dPos);
  edgeWeightsBackward(p, c, graph, dw, g, dPos);
  projectRowsRefBackward(p.positions.data, N, S, 0.95, graph.posScale, dPos, g.positions.data);
  // the cache's buffers go back to the pool; a later cached forward may overwrite them
  if (ar && !ws.pool.includes(ar) && ws.pool.length < 2) ws.pool.push(ar);
  return g;
}
