/**
 * A straightforward, unbatched transcription of `LNDP.update_state` (lndp.py): every
 * one of the N² pairs runs the full edge GRU on its 25-long input, the prune MLP and the
 * add MLP, exactly as `double_vmap` does, then the masks are applied. It allocates freely.
 * It is the baseline of `bench/lndp_bench.ts` and the oracle of the batched `update.ts`.
 *
 * @module
 */
import { fillUniform, type Key, split } from "@neuroplastic/core/random";
import { gruCellInto, mlpSigmoid } from "./gru.ts";
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
import { nodeFeaturesInto } from "./update.ts";

/** What the naive update exposes for tests (attention weights of the last GT iteration). */
export interface NaiveUpdateInfo {
  /** α[i,j,η] (N×N×3) of the last graph-transformer iteration. */
  readonly alpha: Float64Array;
  /** Σ over every element of the graph-transformer output. */
  readonly gtSum: number;
  /** σ(MLP_pr(0)), as in {@link UpdateInfo}. */
  readonly c0: number;
}

const linear = (
  W: Float64Array,
  b: Float64Array | undefined,
  x: Float64Array,
  out: number,
): Float64Array => {
  const n = x.length, y = new Float64Array(out);
  for (let u = 0; u < out; u++) {
    let s = b ? b[u] : 0;
    for (let c = 0; c < n; c++) s += W[u * n + c] * x[c];
    y[u] = s;
  }
  return y;
};

/**
 * The per-pair reference transcription of one update, in place on `net` (same semantics and
 * random draws as `updateInPlace`, so the two agree to rounding).
 *
 * @example
 * ```ts
 * import { lndpDefaults, initNetGraph, makeModel, naiveUpdateInPlace, unflattenParams } from "@neuroplastic/engines/lndp";
 * const m = makeModel("cartpole", lndpDefaults);
 * const net = initNetGraph(m, { k0: 0, k1: 1 });
 * naiveUpdateInPlace(m, unflattenParams(m.layout, new Float64Array(m.layout.size)), net, { k0: 0, k1: 2 });
 * console.log(net.t); // 1
 * ```
 */
export function naiveUpdateInPlace(
  model: Model,
  p: Params,
  net: NetState,
  key: Key,
): NaiveUpdateInfo {
  const N = model.N, T1 = model.T + 1, dh = NODE_FEATURES, de = EDGE_FEATURES;
  const A = net.A;
  // x = vmap(Wpre)(concat([node_features, a_seq, h]))
  let x: Float64Array[] = [];
  for (let i = 0; i < N; i++) {
    const xin = new Float64Array(NODE_FEATS + T1 + dh);
    nodeFeaturesInto(xin, 0, A, N, i, model.o, model.k);
    for (let t = 0; t < T1; t++) xin[NODE_FEATS + t] = net.aSeq[i * T1 + t];
    for (let c = 0; c < dh; c++) xin[NODE_FEATS + T1 + c] = net.h[i * dh + c];
    x.push(linear(p.preW, p.preB, xin, dh));
  }
  let alpha: Float64Array = new Float64Array(N * N * HEADS);
  for (let it = 0; it < model.gnnIters; it++) {
    const r = naiveGraphTransformer(p, x, net.e, A, N);
    x = r.out;
    alpha = r.alpha;
  }
  // ours (outputIdentity): output node m's GRU input gets W_id[:, m]
  for (let m = 0; p.outId && m < model.k; m++) {
    const xi = x[N - model.k + m];
    for (let u = 0; u < dh; u++) xi[u] += p.outId[u * model.k + m];
  }
  let gtSum = 0;
  for (const xi of x) for (const val of xi) gtSum += val;
  // h' = vmap(node_fn)(x, h)
  const hNew = new Float64Array(N * dh);
  const scratch = new Float64Array(6 * dh);
  for (let i = 0; i < N; i++) {
    gruCellInto(
      hNew,
      i * dh,
      p.nodeWih,
      p.nodeWhh,
      p.nodeB,
      p.nodeBn,
      x[i],
      0,
      dh,
      net.h,
      i * dh,
      dh,
      scratch,
    );
  }
  // ê = double_vmap(edge_fn)(hh, e) · A, hh[i,j] = [h'_j, h'_i, a_j, a_i, r]
  const din = 2 * dh + 2 * T1 + 1;
  const eNew = new Float64Array(N * N * de);
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < N; j++) {
      const hh = new Float64Array(din);
      for (let c = 0; c < dh; c++) {
        hh[c] = hNew[j * dh + c];
        hh[dh + c] = hNew[i * dh + c];
      }
      for (let t = 0; t < T1; t++) {
        hh[2 * dh + t] = net.aSeq[j * T1 + t];
        hh[2 * dh + T1 + t] = net.aSeq[i * T1 + t];
      }
      hh[din - 1] = net.r;
      const ij = i * N + j;
      gruCellInto(
        eNew,
        ij * de,
        p.edgeWih,
        p.edgeWhh,
        p.edgeB,
        p.edgeBn,
        hh,
        0,
        din,
        net.e,
        ij * de,
        de,
        scratch,
      );
      for (let c = 0; c < de; c++) eNew[ij * de + c] *= A[ij];
    }
  }
  let c0 = NaN;
  const pruned = new Uint8Array(N * N), add = new Uint8Array(N * N);
  const uPr = new Float64Array(N * N), uAdd = new Float64Array(N * N);
  if (model.stochasticDecisions && (model.pruning || model.synaptogenesis)) {
    const [kPr, kAdd] = split(key, 2);
    fillUniform(kPr, uPr);
    fillUniform(kAdd, uAdd);
  }
  if (model.pruning) {
    c0 = mlpSigmoid(p.prW1!, p.prB1!, p.prW2!, p.prB2![0], new Float64Array(de), 0, de, MLP_WIDTH);
    for (let ij = 0; ij < N * N; ij++) {
      const pp = mlpSigmoid(p.prW1!, p.prB1!, p.prW2!, p.prB2![0], eNew, ij * de, de, MLP_WIDTH);
      const dec = model.stochasticDecisions ? uPr[ij] < pp * 0.5 : pp > 0.6;
      pruned[ij] = dec && model.mask[ij] ? 1 : 0;
    }
  }
  if (model.synaptogenesis) {
    const hh = new Float64Array(2 * dh);
    for (let i = 0; i < N; i++) {
      for (let j = 0; j < N; j++) {
        for (let c = 0; c < dh; c++) {
          hh[c] = hNew[j * dh + c];
          hh[dh + c] = hNew[i * dh + c];
        }
        const pa = mlpSigmoid(p.addW1!, p.addB1!, p.addW2!, p.addB2![0], hh, 0, 2 * dh, MLP_WIDTH);
        const ij = i * N + j;
        const dec = model.stochasticDecisions ? uAdd[ij] < pa * 0.5 : pa > 0.6;
        add[ij] = dec && model.mask[ij] ? 1 : 0;
      }
    }
  }
  // A = where(add, 1, A); A = where(pruned, 0, A)
  for (let ij = 0; ij < N * N; ij++) {
    if (add[ij]) A[ij] = 1;
    if (pruned[ij]) A[ij] = 0;
    net.w[ij] = eNew[ij * de];
  }
  net.e.set(eNew);
  net.h.set(hNew);
  net.t += 1;
  return { alpha, gtSum, c0 };
}

/**
 * The graph-transformer layer transcribed literally (utils/model.py `GraphTransformer.__call__`):
 * full N×N×3 score tensor, softmax over axis 1, aggregation with the transposed weights.
 *
 * @example
 * ```ts
 * import { naiveGraphTransformer } from "@neuroplastic/engines/lndp";
 * ```
 */
export function naiveGraphTransformer(
  p: Params,
  x: Float64Array[],
  e: Float64Array,
  A: Uint8Array,
  N: number,
): { out: Float64Array[]; alpha: Float64Array } {
  const de = EDGE_FEATURES, dh = NODE_FEATURES;
  const alpha = new Float64Array(N * N * HEADS);
  // edge features [e, A, Aᵀ, I]
  const ef: Float64Array[] = [];
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < N; j++) {
      const f = new Float64Array(EDGE_FEATS);
      for (let c = 0; c < de; c++) f[c] = e[(i * N + j) * de + c];
      f[4] = A[i * N + j];
      f[5] = A[j * N + i];
      f[6] = i === j ? 1 : 0;
      ef.push(f);
    }
  }
  const q = x.map((xi) => linear(p.Q, undefined, xi, QK * HEADS));
  const k = x.map((xi) => linear(p.K, undefined, xi, QK * HEADS));
  const v = x.map((xi) => linear(p.V, undefined, xi, VF * HEADS));
  const scores = new Float64Array(N * N * HEADS);
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < N; j++) {
      const we = linear(p.EW, p.Eb, ef[i * N + j], HEADS);
      for (let h = 0; h < HEADS; h++) {
        let d = 0;
        for (let c = 0; c < QK; c++) d += q[i][c * HEADS + h] * k[j][c * HEADS + h];
        scores[(i * N + j) * HEADS + h] = (d / Math.sqrt(QK)) * we[h];
      }
    }
  }
  // softmax over axis 1 (j)
  for (let i = 0; i < N; i++) {
    for (let h = 0; h < HEADS; h++) {
      let mx = -Infinity, sum = 0;
      for (let j = 0; j < N; j++) mx = Math.max(mx, scores[(i * N + j) * HEADS + h]);
      for (let j = 0; j < N; j++) sum += Math.exp(scores[(i * N + j) * HEADS + h] - mx);
      for (let j = 0; j < N; j++) {
        alpha[(i * N + j) * HEADS + h] = Math.exp(scores[(i * N + j) * HEADS + h] - mx) / sum;
      }
    }
  }
  // z[n, f, η] = Σ_i α[i, n, η] v_i[f, η] (wᵀ · v per head), flattened 3f + η
  const out: Float64Array[] = [];
  for (let n = 0; n < N; n++) {
    const z = new Float64Array(VF * HEADS);
    for (let f = 0; f < VF; f++) {
      for (let h = 0; h < HEADS; h++) {
        let s = 0;
        for (let i = 0; i < N; i++) s += alpha[(i * N + n) * HEADS + h] * v[i][f * HEADS + h];
        z[f * HEADS + h] = s;
      }
    }
    out.push(linear(p.OW, p.Ob, z, dh));
  }
  return { out, alpha };
}
