/**
 * The LNDP lifelong update (lndp.py `LNDP.update_state`; lndp-reference.md §2 steps 1–8),
 * batched the way PERFORMANCE.md asks: the edge GRU's input projection is split into
 * per-node halves (W_ih·[h'_j, h'_i, a_j, a_i, r] = P_post[j] + P_pre[i]) and run only on
 * edges (ê = 0 where A_old = 0, so non-edges need no GRU); the prune MLP runs only on edges
 * (non-edges all share p = σ(MLP_pr(0)) = c0); the add MLP's first layer is split the same way
 * and evaluated only on candidate pairs (M ∧ ¬A_old) and only when prune cannot veto them.
 *
 * @module
 */
import { fillUniform, type Key, split } from "@neuroplastic/core/random";
import { edgeGatesInto, graphTransformerInto } from "./attention.ts";
import { sigmoidF32, tanhF32 } from "./f32.ts";
import { gruCellInto } from "./gru.ts";
import type { Model } from "./model.ts";
import { EDGE_FEATURES, MLP_WIDTH, NODE_FEATS, NODE_FEATURES, type Params } from "./params.ts";
import type { NetState } from "./state.ts";
import type { Workspace } from "./workspace.ts";

/** Decision threshold of the deterministic structural plasticity (lndp.py: p > .6). */
export const DECISION_THRESHOLD = 0.6;
/**
 * σ(o) > 0.6 ⟺ o > ln(0.6/0.4): deterministic decisions compare the MLP's logit, which
 * saves one exp per candidate (identical except for logits within rounding of ln 1.5).
 */
const LOGIT_THRESHOLD = Math.log(DECISION_THRESHOLD / (1 - DECISION_THRESHOLD));
/** The threshold as the reference compares it in float32 (σ(o) > 0.6f). */
const THRESHOLD_F32 = Math.fround(DECISION_THRESHOLD);

/**
 * Writes the 5 structural node features of node i into `out[off..off+5)`:
 * [out-degree/10, in-degree/10, out/10 + (in/10)/20, 1(input), 1(output)].
 * The reference labels col0 "in degree" but sums A over axis 1 (out-degree), and writes
 * `i_d + o_d/20` (operator precedence), not `(i_d + o_d)/20` (lndp.py `get_node_features`).
 *
 * @example
 * ```ts
 * import { nodeFeaturesInto } from "@neuroplastic/engines/lndp";
 * const f = new Float64Array(5);
 * nodeFeaturesInto(f, 0, Uint8Array.of(0, 1, 0, 0), 2, 0, 1, 1);
 * console.log(Array.from(f)); // [0.1, 0, 0.1, 1, 0]
 * ```
 */
export function nodeFeaturesInto(
  out: Float64Array,
  off: number,
  A: Uint8Array,
  N: number,
  i: number,
  o: number,
  k: number,
): void {
  let outDeg = 0, inDeg = 0;
  for (let j = 0; j < N; j++) {
    outDeg += A[i * N + j];
    inDeg += A[j * N + i];
  }
  const iD = outDeg / 10, oD = inDeg / 10;
  out[off] = iD;
  out[off + 1] = oD;
  out[off + 2] = iD + oD / 20;
  out[off + 3] = i < o ? 1 : 0;
  out[off + 4] = i >= N - k ? 1 : 0;
}

/** Everything {@link updateInPlace} may report (for tests and traces). */
export interface UpdateInfo {
  /** σ(MLP_pr(0)): the prune probability of every non-edge (NaN without pruning). */
  c0: number;
  /** Number of edges added by this update. */
  added: number;
  /** Number of edges pruned by this update. */
  pruned: number;
}

/**
 * One lifelong update in place on `net` (the transient form; see `step.ts` for the pure one).
 * 1. x_i = Wpre [nodefeat_i, a_seq_i, h_i] + b;  2. x ← GT(x) `gnnIters` times with the old
 * edge features;  3. h' = GRU_node(x, h);  4. ê_ij = GRU_edge([h'_j, h'_i, a_j, a_i, r], e_ij)·A_old,
 * w = ê[...,0];  5–7. prune p_pr = σ(MLP_pr(ê)), add p_add = σ(MLP_add([h'_j, h'_i])), both
 * masked by M, deterministic (p > 0.6) or stochastic (U < 0.5p), A ← add, then prune wins;
 * 8. t += 1. e and w are not re-masked by the new A (the one-step lag of §2 step 8).
 * `key` is used only with `stochasticDecisions`.
 *
 * @example
 * ```ts
 * import { lndpDefaults, initNetGraph, makeModel, makeWorkspace, unflattenParams,
 *   updateInPlace } from "@neuroplastic/engines/lndp";
 * const m = makeModel("cartpole", lndpDefaults);
 * const net = initNetGraph(m, { k0: 0, k1: 1 });
 * updateInPlace(m, unflattenParams(m.layout, new Float64Array(m.layout.size)), net,
 *   makeWorkspace(m), { k0: 0, k1: 2 });
 * console.log(net.t); // 1
 * ```
 */
export function updateInPlace(
  model: Model,
  p: Params,
  net: NetState,
  ws: Workspace,
  key: Key,
): UpdateInfo {
  const N = model.N, f32 = model.precision === "f32";
  const { A, h, e } = net;
  preProjectInto(model, p, net, ws);
  const x = ws.x;
  // 2. graph transformer, gnn_iters times, edge features from the old e and A
  edgeGatesInto(ws.gate, p.EW, p.Eb, e, A, N);
  let cur = x, nxt = ws.xg;
  for (let it = 0; it < model.gnnIters; it++) {
    graphTransformerInto(nxt, cur, ws.gate, p, N, ws, undefined, f32);
    const tmp = cur;
    cur = nxt;
    nxt = tmp;
  }
  // ours (outputIdentity): output node m's GRU input gets W_id[:, m]
  if (p.outId) outputIdentityInto(cur, p.outId, N, model.k);
  // 3. h' = GRU_node(x, h), shared by all nodes
  const hNew = ws.hNew;
  nodeGruInto(hNew, cur, h, p, N, ws.gates, f32);
  edgeProjectInto(model, p, net, hNew, ws);
  edgeGruInPlace(model, p, net, ws);
  const info = structuralInPlace(model, p, net, hNew, ws, key);
  h.set(hNew);
  net.t += 1;
  return info;
}

/** Step 1: x_i = Wpre([nodefeat_i (5), a_seq_i (T+1), h_i (dh)]) + b, into ws.x. */
function preProjectInto(model: Model, p: Params, net: NetState, ws: Workspace): void {
  const N = model.N, T1 = model.T + 1, dh = NODE_FEATURES;
  const { A, h, aSeq } = net;
  const din = NODE_FEATS + T1 + dh;
  const xin = ws.xin, x = ws.x;
  for (let i = 0; i < N; i++) {
    nodeFeaturesInto(xin, 0, A, N, i, model.o, model.k);
    for (let t = 0; t < T1; t++) xin[NODE_FEATS + t] = aSeq[i * T1 + t];
    for (let c = 0; c < dh; c++) xin[NODE_FEATS + T1 + c] = h[i * dh + c];
    for (let u = 0; u < dh; u++) {
      let acc = p.preB[u];
      const r = u * din;
      for (let c = 0; c < din; c++) acc += p.preW[r + c] * xin[c];
      x[i * dh + u] = acc;
    }
  }
}

/**
 * The output identity (ours, not the reference; `outputIdentity`): x_m += W_id[:, m] for the m-th
 * output node (node N − k + m), on the node GRU's input (the graph transformer's output), so it
 * reaches the node state directly: the transformer has no residual path and mixes a node's own
 * pre-projection with the other 31 nodes', which left an identity added before it almost no
 * effect. W_id is dh × k row-major.
 *
 * @example
 * ```ts
 * import { outputIdentityInto } from "@neuroplastic/engines/lndp";
 * const x = new Float64Array(3 * 8); // N = 3 nodes, the last 2 are outputs
 * const w = new Float64Array(16).map((_, c) => c % 2 === 0 ? 1 : -1); // column 0 = +1, column 1 = −1
 * outputIdentityInto(x, w, 3, 2);
 * console.log(x[0], x[8], x[16]); // 0 1 -1
 * ```
 */
export function outputIdentityInto(
  x: Float64Array,
  outId: Float64Array,
  N: number,
  k: number,
): void {
  const dh = NODE_FEATURES;
  for (let m = 0; m < k; m++) {
    const i = N - k + m;
    for (let u = 0; u < dh; u++) x[i * dh + u] += outId[u * k + m];
  }
}

/** Step 4a: the per-node halves of the edge GRU's input projection. */
function edgeProjectInto(
  model: Model,
  p: Params,
  net: NetState,
  hNew: Float64Array,
  ws: Workspace,
): void {
  const N = model.N, T1 = model.T + 1, dh = NODE_FEATURES, de = EDGE_FEATURES;
  const aSeq = net.aSeq;
  // 4. edge GRU on edges only: gates_in(i,j) = P_post[j] + P_pre[i], with
  //    P_post[j] = W_ih[:, h'_post] h'_j + W_ih[:, a_post] a_j,
  //    P_pre[i] = W_ih[:, h'_pre] h'_i + W_ih[:, a_pre] a_i + W_ih[:, r] r + b
  const G = 3 * de, din2 = 2 * dh + 2 * T1 + 1;
  const wih = p.edgeWih, eb = p.edgeB;
  const pPost = ws.pPost, pPre = ws.pPre;
  const cA1 = 2 * dh, cA2 = 2 * dh + T1, cR = din2 - 1;
  for (let n = 0; n < N; n++) {
    for (let g = 0; g < G; g++) {
      const r = g * din2;
      let sp = 0, sq = eb[g] + wih[r + cR] * net.r;
      for (let c = 0; c < dh; c++) {
        sp += wih[r + c] * hNew[n * dh + c];
        sq += wih[r + dh + c] * hNew[n * dh + c];
      }
      for (let t = 0; t < T1; t++) {
        sp += wih[r + cA1 + t] * aSeq[n * T1 + t];
        sq += wih[r + cA2 + t] * aSeq[n * T1 + t];
      }
      pPost[n * G + g] = sp;
      pPre[n * G + g] = sq;
    }
  }
}

/** Step 4b: ê_ij = GRU_edge(P_post[j] + P_pre[i], e_ij) on edges, 0 elsewhere; w = ê[...,0]. */
function edgeGruInPlace(model: Model, p: Params, net: NetState, ws: Workspace): void {
  const N = model.N, de = EDGE_FEATURES, G = 3 * de, f32 = model.precision === "f32";
  const { A, e, w } = net;
  const whh = p.edgeWhh, ebn = p.edgeBn;
  const pPost = ws.pPost, pPre = ws.pPre;
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < N; j++) {
      const ij = i * N + j, eo = ij * de;
      if (!A[ij]) {
        // ê = GRU(...)·A_old = 0
        e[eo] = 0;
        e[eo + 1] = 0;
        e[eo + 2] = 0;
        e[eo + 3] = 0;
        w[ij] = 0;
        continue;
      }
      const e0 = e[eo], e1 = e[eo + 1], e2 = e[eo + 2], e3 = e[eo + 3];
      const po = j * G, qo = i * G;
      let w0 = 0;
      for (let u = 0; u < de; u++) {
        // r = σ(gi_r + W_hh,r e), z = σ(gi_z + W_hh,z e), n = tanh(gi_n + r(W_hh,n e + bias_n))
        const ur = u, uz = de + u, un = 2 * de + u;
        const hr = whh[ur * de] * e0 + whh[ur * de + 1] * e1 + whh[ur * de + 2] * e2 +
          whh[ur * de + 3] * e3;
        const hz = whh[uz * de] * e0 + whh[uz * de + 1] * e1 + whh[uz * de + 2] * e2 +
          whh[uz * de + 3] * e3;
        const hn = whh[un * de] * e0 + whh[un * de + 1] * e1 + whh[un * de + 2] * e2 +
          whh[un * de + 3] * e3;
        const ev = u === 0 ? e0 : u === 1 ? e1 : u === 2 ? e2 : e3;
        let nv: number;
        if (f32) {
          const rg = sigmoidF32(pPost[po + ur] + pPre[qo + ur] + hr);
          const zg = sigmoidF32(pPost[po + uz] + pPre[qo + uz] + hz);
          const ng = tanhF32(pPost[po + un] + pPre[qo + un] + rg * (hn + ebn[u]));
          nv = Math.fround(ng + zg * (ev - ng));
        } else {
          const rg = 1 / (1 + Math.exp(-(pPost[po + ur] + pPre[qo + ur] + hr)));
          const zg = 1 / (1 + Math.exp(-(pPost[po + uz] + pPre[qo + uz] + hz)));
          const ng = Math.tanh(pPost[po + un] + pPre[qo + un] + rg * (hn + ebn[u]));
          // h' = n + z(h − n)
          nv = ng + zg * (ev - ng);
        }
        ws.gates[u] = nv;
        if (u === 0) w0 = nv;
      }
      e[eo] = ws.gates[0];
      e[eo + 1] = ws.gates[1];
      e[eo + 2] = ws.gates[2];
      e[eo + 3] = ws.gates[3];
      w[ij] = w0;
    }
  }
}

/** Steps 5–7: prune and add decisions on the new ê and h', written into A. */
function structuralInPlace(
  model: Model,
  p: Params,
  net: NetState,
  hNew: Float64Array,
  ws: Workspace,
  key: Key,
): UpdateInfo {
  const info: UpdateInfo = { c0: NaN, added: 0, pruned: 0 };
  if (!model.pruning && !model.synaptogenesis) return info;
  const N = model.N, de = EDGE_FEATURES, dh = NODE_FEATURES, W = MLP_WIDTH;
  const { A, e } = net;
  const M = model.mask;
  const stoch = model.stochasticDecisions, f32 = model.precision === "f32";
  if (stoch) {
    const [kPr, kAdd] = split(key, 2);
    fillUniform(kPr, ws.uPr);
    fillUniform(kAdd, ws.uAdd);
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
    const w1 = p.addW1!, b1 = p.addB1!;
    for (let n = 0; n < N; n++) {
      for (let u = 0; u < W; u++) {
        let sp = 0, sq = b1[u];
        const r = u * 2 * dh;
        for (let c = 0; c < dh; c++) {
          sp += w1[r + c] * hNew[n * dh + c];
          sq += w1[r + dh + c] * hNew[n * dh + c];
        }
        ws.uPost[n * W + u] = sp;
        ws.uPre[n * W + u] = sq;
      }
    }
  }
  const prW1 = p.prW1, prB1 = p.prB1, prW2 = p.prW2;
  const w2a = p.addW2 ?? ws.row, uPost = ws.uPost, uPre = ws.uPre;
  const prB2 = model.pruning ? p.prB2![0] : 0, addB2 = model.synaptogenesis ? p.addB2![0] : 0;
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < N; j++) {
      const ij = i * N + j;
      if (A[ij]) {
        if (!model.pruning) continue;
        // p_pr = σ(MLP_pr(ê_ij)), 4 → 16 (ReLU) → 1
        const eo = ij * de;
        let o = prB2;
        for (let u = 0; u < W; u++) {
          const r = u * de;
          const s = prB1![u] + prW1![r] * e[eo] + prW1![r + 1] * e[eo + 1] +
            prW1![r + 2] * e[eo + 2] + prW1![r + 3] * e[eo + 3];
          if (s > 0) o += prW2![u] * s;
        }
        const pruned = f32
          ? (stoch ? ws.uPr[ij] < sigmoidF32(o) * 0.5 : sigmoidF32(o) > THRESHOLD_F32)
          : stoch
          ? ws.uPr[ij] < (1 / (1 + Math.exp(-o))) * 0.5
          : o > LOGIT_THRESHOLD;
        if (pruned) {
          A[ij] = 0;
          info.pruned++;
        }
      } else if (M[ij] && doAdd) {
        // a non-edge survives prune unless c0 fires (prune wins over add)
        if (model.pruning && stoch && ws.uPr[ij] < c0 * 0.5) continue;
        // p_add = σ(MLP_add([h'_j, h'_i]))
        const po = j * W, qo = i * W;
        let o = addB2;
        for (let u = 0; u < W; u++) {
          const s = uPost[po + u] + uPre[qo + u];
          if (s > 0) o += w2a[u] * s;
        }
        const added = f32
          ? (stoch ? ws.uAdd[ij] < sigmoidF32(o) * 0.5 : sigmoidF32(o) > THRESHOLD_F32)
          : stoch
          ? ws.uAdd[ij] < (1 / (1 + Math.exp(-o))) * 0.5
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

/**
 * Step 3 of the update: h'_i = GRU_node(x_i, h_i) for every node (one cell shared by all nodes),
 * into `hNew` (N × D). Shared by {@link updateInPlace} and the fast update (fast.ts).
 *
 * @example
 * ```ts ignore
 * nodeGruInto(ws.hNew, x, net.h, params, N, ws.gates, false);
 * ```
 */
export function nodeGruInto(
  hNew: Float64Array,
  x: Float64Array,
  h: Float64Array,
  p: Params,
  N: number,
  gates: Float64Array,
  f32: boolean,
): void {
  const dh = NODE_FEATURES;
  for (let i = 0; i < N; i++) {
    gruCellInto(
      hNew,
      i * dh,
      p.nodeWih,
      p.nodeWhh,
      p.nodeB,
      p.nodeBn,
      x,
      i * dh,
      dh,
      h,
      i * dh,
      dh,
      gates,
      f32,
    );
  }
}
