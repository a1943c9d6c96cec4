/**
 * The fast LNDP lifelong update: the same arithmetic as `update.ts` (`updateInPlace`, kept as
 * the reference and the benchmark baseline), operation for operation and in the same order, so
 * its results are bit-identical in both precisions; only the loop structure and the memory
 * layout differ:
 * - node degrees are counted once per update (O(N²)) instead of once per node;
 * - the edge gates of the three heads are computed in one pass over the pairs;
 * - the attention weights α are kept as a head-major N×N matrix and the values are aggregated
 *   column by column into registers (z[j] = Σ_i α[i,j] v_i, i ascending as before) instead of
 *   N² read-modify-writes of z;
 * - the edge GRU, the prune MLP and the add MLP run over compact structure-of-arrays lists of
 *   the edges and the candidate pairs, one hidden unit at a time, with that unit's weights in
 *   locals; the per-pair sums keep their order (unit u ascending, input c ascending);
 * - every buffer is preallocated (per workspace); nothing is allocated per step except the
 *   small {@link UpdateInfo} record.
 *
 * @module
 */
import { fillUniform, type Key, split } from "@neuroplastic/core/random";
import { expF32, sigmoidF32, tanhF32 } from "./f32.ts";
import { attentionOutInto, qkvInto } from "./attention.ts";
import type { Model } from "./model.ts";
import {
  EDGE_FEATS,
  EDGE_FEATURES,
  HEADS,
  MLP_WIDTH,
  NODE_FEATS,
  NODE_FEATURES,
  type Params,
  QK,
  VF,
} from "./params.ts";
import type { NetState } from "./state.ts";
import { DECISION_THRESHOLD, nodeGruInto, outputIdentityInto, type UpdateInfo } from "./update.ts";
import type { Workspace } from "./workspace.ts";

/** σ(o) > 0.6 ⟺ o > ln(0.6/0.4) (as in update.ts). */
const LOGIT_THRESHOLD = Math.log(DECISION_THRESHOLD / (1 - DECISION_THRESHOLD));
/** The threshold as the reference compares it in float32 (σ(o) > 0.6f). */
const THRESHOLD_F32 = Math.fround(DECISION_THRESHOLD);

/** Structure-of-arrays scratch of the fast update, one per workspace. */
interface FastScratch {
  readonly N: number;
  /** Out-degree and in-degree of each node (old A). */
  readonly outDeg: Float64Array;
  readonly inDeg: Float64Array;
  /** Attention weights, head-major: α[(η·N + i)·N + j]. */
  readonly alpha: Float64Array;
  /** Edge list of the old A: pair index, presynaptic i·G, postsynaptic j·G offsets. */
  readonly eIdx: Int32Array;
  readonly ePre: Int32Array;
  readonly ePost: Int32Array;
  /** Old edge states, component-major (c·N² + edge). */
  readonly eOld: Float64Array;
  /** New edge states ê, component-major. */
  readonly eNew: Float64Array;
  /** Prune-MLP logits per edge. */
  readonly oPr: Float64Array;
}

const scratches = new WeakMap<Workspace, FastScratch>();

function scratchOf(ws: Workspace, N: number): FastScratch {
  let s = scratches.get(ws);
  if (s && s.N === N) return s;
  const NN = N * N, de = EDGE_FEATURES;
  s = {
    N,
    outDeg: new Float64Array(N),
    inDeg: new Float64Array(N),
    alpha: new Float64Array(HEADS * NN),
    eIdx: new Int32Array(NN),
    ePre: new Int32Array(NN),
    ePost: new Int32Array(NN),
    eOld: new Float64Array(de * NN),
    eNew: new Float64Array(de * NN),
    oPr: new Float64Array(NN),
  };
  scratches.set(ws, s);
  return s;
}

/**
 * One lifelong update in place, bit-identical to {@link updateInPlace} (update.ts documents the
 * steps) in both precisions, with the structure-of-arrays kernels listed in this module's
 * header. Same signature, so it is a drop-in {@link UpdateFn}; it is the default of `run`.
 *
 * @example
 * ```ts
 * import { lndpDefaults, initNetGraph, makeModel, makeWorkspace, unflattenParams,
 *   updateFastInPlace } from "@neuroplastic/engines/lndp";
 * const m = makeModel("cartpole", lndpDefaults);
 * const net = initNetGraph(m, { k0: 0, k1: 1 });
 * updateFastInPlace(m, unflattenParams(m.layout, new Float64Array(m.layout.size)), net,
 *   makeWorkspace(m), { k0: 0, k1: 2 });
 * console.log(net.t); // 1
 * ```
 */
export function updateFastInPlace(
  model: Model,
  p: Params,
  net: NetState,
  ws: Workspace,
  key: Key,
): UpdateInfo {
  const N = model.N, f32 = model.precision === "f32";
  const s = scratchOf(ws, N);
  const h = net.h;
  fastPreProject(model, p, net, ws, s);
  // 2. graph transformer, gnn_iters times, edge features from the old e and A
  fastEdgeGates(ws.gate, p, net.e, net.A, N);
  let cur = ws.x, nxt = ws.xg;
  for (let it = 0; it < model.gnnIters; it++) {
    fastGraphTransformer(nxt, cur, ws.gate, p, N, ws, s, f32);
    const tmp = cur;
    cur = nxt;
    nxt = tmp;
  }
  // ours (outputIdentity): output node m's GRU input gets W_id[:, m]
  if (p.outId) outputIdentityInto(cur, p.outId, N, model.k);
  // 3. h' = GRU_node(x, h), shared by all nodes
  const hNew = ws.hNew;
  nodeGruInto(hNew, cur, h, p, N, ws.gates, f32);
  fastEdgeProject(model, p, net, hNew, ws);
  const nE = fastEdgeGru(model, p, net, ws, s);
  const info = fastStructural(model, p, net, hNew, ws, s, nE, key);
  h.set(hNew);
  net.t += 1;
  return info;
}

/** Step 1 with the degrees counted once: x_i = Wpre [nodefeat_i, a_seq_i, h_i] + b. */
function fastPreProject(
  model: Model,
  p: Params,
  net: NetState,
  ws: Workspace,
  s: FastScratch,
): void {
  const N = model.N, T1 = model.T + 1, dh = NODE_FEATURES, o = model.o, k = model.k;
  const { A, h, aSeq } = net;
  const din = NODE_FEATS + T1 + dh;
  const xin = ws.xin, x = ws.x, outDeg = s.outDeg, inDeg = s.inDeg;
  const preW = p.preW, preB = p.preB;
  outDeg.fill(0);
  inDeg.fill(0);
  for (let i = 0; i < N; i++) {
    const r = i * N;
    let od = 0;
    for (let j = 0; j < N; j++) {
      const a = A[r + j];
      od += a;
      inDeg[j] += a;
    }
    outDeg[i] = od;
  }
  for (let i = 0; i < N; i++) {
    // node features [out/10, in/10, out/10 + (in/10)/20, 1(input), 1(output)] (update.ts)
    const iD = outDeg[i] / 10, oD = inDeg[i] / 10;
    xin[0] = iD;
    xin[1] = oD;
    xin[2] = iD + oD / 20;
    xin[3] = i < o ? 1 : 0;
    xin[4] = i >= N - k ? 1 : 0;
    for (let t = 0; t < T1; t++) xin[NODE_FEATS + t] = aSeq[i * T1 + t];
    for (let c = 0; c < dh; c++) xin[NODE_FEATS + T1 + c] = h[i * dh + c];
    for (let u = 0; u < dh; u++) {
      let acc = preB[u];
      const r = u * din;
      for (let c = 0; c < din; c++) acc += preW[r + c] * xin[c];
      x[i * dh + u] = acc;
    }
  }
}

/** Edge gates of the three heads in one pass over the pairs (same sums as edgeGatesInto). */
function fastEdgeGates(
  gate: Float64Array,
  p: Params,
  e: Float64Array,
  A: Uint8Array,
  N: number,
): void {
  const EW = p.EW, Eb = p.Eb, F = EDGE_FEATS, NN = N * N;
  const a0 = EW[0], a1 = EW[1], a2 = EW[2], a3 = EW[3], aA = EW[4], aT = EW[5], aI = EW[6];
  const b0 = EW[F], b1 = EW[F + 1], b2 = EW[F + 2], b3 = EW[F + 3];
  const bA = EW[F + 4], bT = EW[F + 5], bI = EW[F + 6];
  const c0 = EW[2 * F], c1 = EW[2 * F + 1], c2 = EW[2 * F + 2], c3 = EW[2 * F + 3];
  const cA = EW[2 * F + 4], cT = EW[2 * F + 5], cI = EW[2 * F + 6];
  const ba = Eb[0], bb = Eb[1], bc = Eb[2];
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < N; j++) {
      const ij = i * N + j, eo = ij * 4;
      const e0 = e[eo], e1 = e[eo + 1], e2 = e[eo + 2], e3 = e[eo + 3];
      const x = A[ij], xt = A[j * N + i], d = i === j;
      // gate_η = b_η + E_η [e_ij (4), A_ij, A_ji, 1(i = j)], summed left to right
      gate[ij] = ba + a0 * e0 + a1 * e1 + a2 * e2 + a3 * e3 + aA * x + aT * xt + (d ? aI : 0);
      gate[NN + ij] = bb + b0 * e0 + b1 * e1 + b2 * e2 + b3 * e3 + bA * x + bT * xt +
        (d ? bI : 0);
      gate[2 * NN + ij] = bc + c0 * e0 + c1 * e1 + c2 * e2 + c3 * e3 + cA * x + cT * xt +
        (d ? cI : 0);
    }
  }
}

/**
 * One graph-transformer layer (attention.ts `graphTransformerInto`, same operations): the
 * softmax weights go to the head-major α matrix, then each z[j] is summed over i ascending
 * in registers.
 */
function fastGraphTransformer(
  out: Float64Array,
  x: Float64Array,
  gate: Float64Array,
  p: Params,
  N: number,
  ws: Workspace,
  s: FastScratch,
  f32: boolean,
): void {
  const NN = N * N;
  const q = ws.q, kq = ws.kq, v = ws.v, z = ws.z, alpha = s.alpha;
  qkvInto(q, kq, v, x, p, N);
  // 1/√d_k with d_k = 4
  const scale = 1 / Math.sqrt(QK);
  for (let h = 0; h < HEADS; h++) {
    const hN = h * N;
    for (let i = 0; i < N; i++) {
      const qo = (hN + i) * QK;
      const q0 = q[qo], q1 = q[qo + 1], q2 = q[qo + 2], q3 = q[qo + 3];
      const go = h * NN + i * N;
      let mx = -Infinity;
      for (let j = 0; j < N; j++) {
        const ko = (hN + j) * QK;
        const d = q0 * kq[ko] + q1 * kq[ko + 1] + q2 * kq[ko + 2] + q3 * kq[ko + 3];
        // s = (q·k)/√d_k · gate (multiplicative edge gating)
        const sc = d * scale * gate[go + j];
        alpha[go + j] = sc;
        if (sc > mx) mx = sc;
      }
      let sum = 0;
      if (f32) {
        for (let j = 0; j < N; j++) {
          const ex = expF32(alpha[go + j] - mx);
          alpha[go + j] = ex;
          sum += ex;
        }
        // α = fround(e_j / fround(Σ e)); the weights below are α·(1/1)
        const s32 = Math.fround(sum);
        for (let j = 0; j < N; j++) alpha[go + j] = Math.fround(alpha[go + j] / s32) * 1;
      } else {
        for (let j = 0; j < N; j++) {
          // exp(s − max), flushed to 0 below e^−600 (as attention.ts)
          const dl = alpha[go + j] - mx;
          const ex = dl < -600 ? 0 : Math.exp(dl);
          alpha[go + j] = ex;
          sum += ex;
        }
        const inv = 1 / sum;
        for (let j = 0; j < N; j++) alpha[go + j] = alpha[go + j] * inv;
      }
    }
    // z[j, ·, η] = Σ_i α[i,j,η] v_i^η, i ascending
    for (let j = 0; j < N; j++) {
      let z0 = 0, z1 = 0, z2 = 0, z3 = 0, z4 = 0, z5 = 0, z6 = 0, z7 = 0;
      let ao = h * NN + j;
      for (let i = 0; i < N; i++, ao += N) {
        const al = alpha[ao];
        const vo = (hN + i) * VF;
        z0 += al * v[vo];
        z1 += al * v[vo + 1];
        z2 += al * v[vo + 2];
        z3 += al * v[vo + 3];
        z4 += al * v[vo + 4];
        z5 += al * v[vo + 5];
        z6 += al * v[vo + 6];
        z7 += al * v[vo + 7];
      }
      const zo = (hN + j) * VF;
      z[zo] = z0;
      z[zo + 1] = z1;
      z[zo + 2] = z2;
      z[zo + 3] = z3;
      z[zo + 4] = z4;
      z[zo + 5] = z5;
      z[zo + 6] = z6;
      z[zo + 7] = z7;
    }
  }
  attentionOutInto(out, z, p, N);
}

/** Step 4a (update.ts `edgeProjectInto`, same sums): per-node halves of the edge GRU input. */
function fastEdgeProject(
  model: Model,
  p: Params,
  net: NetState,
  hNew: Float64Array,
  ws: Workspace,
): void {
  const N = model.N, T1 = model.T + 1, dh = NODE_FEATURES, de = EDGE_FEATURES;
  const aSeq = net.aSeq, rew = net.r;
  const G = 3 * de, din2 = 2 * dh + 2 * T1 + 1;
  const wih = p.edgeWih, eb = p.edgeB;
  const pPost = ws.pPost, pPre = ws.pPre;
  const cA1 = 2 * dh, cA2 = 2 * dh + T1, cR = din2 - 1;
  for (let n = 0; n < N; n++) {
    const ho = n * dh, ao = n * T1;
    for (let g = 0; g < G; g++) {
      const r = g * din2;
      let sp = 0, sq = eb[g] + wih[r + cR] * rew;
      for (let c = 0; c < dh; c++) {
        sp += wih[r + c] * hNew[ho + c];
        sq += wih[r + dh + c] * hNew[ho + c];
      }
      for (let t = 0; t < T1; t++) {
        sp += wih[r + cA1 + t] * aSeq[ao + t];
        sq += wih[r + cA2 + t] * aSeq[ao + t];
      }
      pPost[n * G + g] = sp;
      pPre[n * G + g] = sq;
    }
  }
}

/**
 * Step 4b over the edge list (update.ts `edgeGruInPlace`, same operations): ê = GRU_edge on
 * the edges of the old A, one output unit at a time; e = ê and w = ê[…,0] on edges, 0 elsewhere.
 * Returns the number of edges; their new states stay in `s.eNew` for the prune MLP.
 */
function fastEdgeGru(
  model: Model,
  p: Params,
  net: NetState,
  ws: Workspace,
  s: FastScratch,
): number {
  const N = model.N, NN = N * N, de = EDGE_FEATURES, G = 3 * de;
  const f32 = model.precision === "f32";
  const { A, e, w } = net;
  const eIdx = s.eIdx, ePre = s.ePre, ePost = s.ePost, eOld = s.eOld, eNew = s.eNew;
  let nE = 0;
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < N; j++) {
      const ij = i * N + j, eo = ij * de;
      if (A[ij]) {
        eIdx[nE] = ij;
        ePre[nE] = i * G;
        ePost[nE] = j * G;
        eOld[nE] = e[eo];
        eOld[NN + nE] = e[eo + 1];
        eOld[2 * NN + nE] = e[eo + 2];
        eOld[3 * NN + nE] = e[eo + 3];
        nE++;
      } else {
        // ê = GRU(...)·A_old = 0
        e[eo] = 0;
        e[eo + 1] = 0;
        e[eo + 2] = 0;
        e[eo + 3] = 0;
        w[ij] = 0;
      }
    }
  }
  const whh = p.edgeWhh, ebn = p.edgeBn, pPost = ws.pPost, pPre = ws.pPre;
  for (let u = 0; u < de; u++) {
    // r = σ(gi_r + W_hh,r e), z = σ(gi_z + W_hh,z e), n = tanh(gi_n + r(W_hh,n e + bias_n))
    const ur = u, uz = de + u, un = 2 * de + u;
    const r0 = whh[ur * de], r1 = whh[ur * de + 1], r2 = whh[ur * de + 2], r3 = whh[ur * de + 3];
    const z0 = whh[uz * de], z1 = whh[uz * de + 1], z2 = whh[uz * de + 2], z3 = whh[uz * de + 3];
    const n0 = whh[un * de], n1 = whh[un * de + 1], n2 = whh[un * de + 2], n3 = whh[un * de + 3];
    const bn = ebn[u], uo = u * NN;
    for (let k = 0; k < nE; k++) {
      const e0 = eOld[k], e1 = eOld[NN + k], e2 = eOld[2 * NN + k], e3 = eOld[3 * NN + k];
      const po = ePost[k], qo = ePre[k];
      const hr = r0 * e0 + r1 * e1 + r2 * e2 + r3 * e3;
      const hz = z0 * e0 + z1 * e1 + z2 * e2 + z3 * e3;
      const hn = n0 * e0 + n1 * e1 + n2 * e2 + n3 * e3;
      const ev = eOld[uo + k];
      let nv: number;
      if (f32) {
        const rg = sigmoidF32(pPost[po + ur] + pPre[qo + ur] + hr);
        const zg = sigmoidF32(pPost[po + uz] + pPre[qo + uz] + hz);
        const ng = tanhF32(pPost[po + un] + pPre[qo + un] + rg * (hn + bn));
        nv = Math.fround(ng + zg * (ev - ng));
      } else {
        const rg = 1 / (1 + Math.exp(-(pPost[po + ur] + pPre[qo + ur] + hr)));
        const zg = 1 / (1 + Math.exp(-(pPost[po + uz] + pPre[qo + uz] + hz)));
        const ng = Math.tanh(pPost[po + un] + pPre[qo + un] + rg * (hn + bn));
        // h' = n + z(h − n)
        nv = ng + zg * (ev - ng);
      }
      eNew[uo + k] = nv;
    }
  }
  for (let k = 0; k < nE; k++) {
    const ij = eIdx[k], eo = ij * de;
    const v0 = eNew[k];
    e[eo] = v0;
    e[eo + 1] = eNew[NN + k];
    e[eo + 2] = eNew[2 * NN + k];
    e[eo + 3] = eNew[3 * NN + k];
    w[ij] = v0;
  }
  return nE;
}

/**
 * Steps 5–7 (update.ts `structuralInPlace`, same decisions): the prune MLP over the edge list
 * one hidden unit at a time, then the add MLP over the candidate pairs M ∧ ¬A_old.
 */
function fastStructural(
  model: Model,
  p: Params,
  net: NetState,
  hNew: Float64Array,
  ws: Workspace,
  s: FastScratch,
  nE: number,
  key: Key,
): UpdateInfo {
  const info: UpdateInfo = { c0: NaN, added: 0, pruned: 0 };
  if (!model.pruning && !model.synaptogenesis) return info;
  const N = model.N, NN = N * N, dh = NODE_FEATURES, W = MLP_WIDTH;
  const A = net.A, M = model.mask;
  const stoch = model.stochasticDecisions, f32 = model.precision === "f32";
  const uPr = ws.uPr, uAdd = ws.uAdd;
  if (stoch) {
    const [kPr, kAdd] = split(key, 2);
    fillUniform(kPr, uPr);
    fillUniform(kAdd, uAdd);
  }
  // c0 = σ(MLP_pr(0)) = σ(W2 relu(b1) + b2): prune probability of every non-edge
  let c0 = NaN;
  if (model.pruning) {
    let o = p.prB2![0];
    for (let u = 0; u < W; u++) if (p.prB1![u] > 0) o += p.prW2![u] * p.prB1![u];
    c0 = f32 ? sigmoidF32(o) : 1 / (1 + Math.exp(-o));
  }
  info.c0 = c0;
  // candidates for addition are vetoed wholesale when the non-edge prune always fires
  const vetoAll = model.pruning && !stoch && c0 > (f32 ? THRESHOLD_F32 : DECISION_THRESHOLD);
  const doAdd = model.synaptogenesis && !vetoAll;
  if (doAdd) {
    // U_post[j] = W1[:, 0:dh] h'_j, U_pre[i] = W1[:, dh:2dh] h'_i + b1 (input order [h'_j, h'_i])
    const w1 = p.addW1!, b1 = p.addB1!, uPost = ws.uPost, uPre = ws.uPre;
    for (let n = 0; n < N; n++) {
      for (let u = 0; u < W; u++) {
        let sp = 0, sq = b1[u];
        const r = u * 2 * dh;
        for (let c = 0; c < dh; c++) {
          sp += w1[r + c] * hNew[n * dh + c];
          sq += w1[r + dh + c] * hNew[n * dh + c];
        }
        uPost[n * W + u] = sp;
        uPre[n * W + u] = sq;
      }
    }
  }
  if (model.pruning && nE > 0) {
    // p_pr = σ(MLP_pr(ê_ij)), 4 → 16 (ReLU) → 1, summed over units u ascending per edge
    const prW1 = p.prW1!, prB1 = p.prB1!, prW2 = p.prW2!, oPr = s.oPr, eNew = s.eNew;
    oPr.fill(p.prB2![0], 0, nE);
    for (let u = 0; u < W; u++) {
      const r = u * 4;
      const b = prB1[u], w0 = prW1[r], w1 = prW1[r + 1], w2 = prW1[r + 2], w3 = prW1[r + 3];
      const v2 = prW2[u];
      for (let k = 0; k < nE; k++) {
        const sv = b + w0 * eNew[k] + w1 * eNew[NN + k] + w2 * eNew[2 * NN + k] +
          w3 * eNew[3 * NN + k];
        if (sv > 0) oPr[k] += v2 * sv;
      }
    }
    const eIdx = s.eIdx;
    for (let k = 0; k < nE; k++) {
      const o = oPr[k], ij = eIdx[k];
      const pruned = f32
        ? (stoch ? uPr[ij] < sigmoidF32(o) * 0.5 : sigmoidF32(o) > THRESHOLD_F32)
        : stoch
        ? uPr[ij] < (1 / (1 + Math.exp(-o))) * 0.5
        : o > LOGIT_THRESHOLD;
      if (pruned) {
        A[ij] = 0;
        info.pruned++;
      }
    }
  }
  if (doAdd) {
    const w2a = p.addW2!, uPost = ws.uPost, uPre = ws.uPre;
    const addB2 = p.addB2![0];
    const eIdx = s.eIdx;
    // the candidates are the pairs of M that were not edges of the old A: walk the pairs and
    // the (sorted) edge list together, so edges pruned just now are not candidates
    let k = 0;
    for (let i = 0; i < N; i++) {
      const qo = i * W;
      for (let j = 0; j < N; j++) {
        const ij = i * N + j;
        if (k < nE && eIdx[k] === ij) {
          k++;
          continue;
        }
        if (!M[ij]) continue;
        // a non-edge survives prune unless c0 fires (prune wins over add)
        if (model.pruning && stoch && uPr[ij] < c0 * 0.5) continue;
        // p_add = σ(MLP_add([h'_j, h'_i]))
        const po = j * W;
        let o = addB2;
        for (let u = 0; u < W; u++) {
          const sv = uPost[po + u] + uPre[qo + u];
          if (sv > 0) o += w2a[u] * sv;
        }
        const added = f32
          ? (stoch ? uAdd[ij] < sigmoidF32(o) * 0.5 : sigmoidF32(o) > THRESHOLD_F32)
          : stoch
          ? uAdd[ij] < (1 / (1 + Math.exp(-o))) * 0.5
          : o > LOGIT_THRESHOLD;
        if (added) {
          A[ij] = 1;
          info.added++;
        }
      }
    }
  }
  return info;
}
