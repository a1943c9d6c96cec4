/**
 * The reference's graph-transformer layer (utils/model.py `GraphTransformer`, one layer,
 * 3 heads, qk 4, v 8, multiplicative edge gating; lndp-reference.md §2 step 2), laid out
 * head-major so every inner loop is contiguous.
 *
 * @module
 */
import { expF32 } from "./f32.ts";
import type { Params } from "./params.ts";
import { EDGE_FEATS, EDGE_FEATURES, HEADS, NODE_FEATURES, QK, VF } from "./params.ts";

/**
 * Edge gating for every pair, head-major: gate[(η·N + i)·N + j] = (E ef_ij + b_E)_η with
 * ef_ij = [e_ij (4), A[i,j], A[j,i], 1(i = j)] (lndp.py `get_edge_features`, old e and A).
 *
 * @example
 * ```ts
 * import { edgeGatesInto } from "@neuroplastic/engines/lndp";
 * const g = new Float64Array(3);
 * edgeGatesInto(g, new Float64Array(21), Float64Array.of(1, 2, 3), new Float64Array(4), new Uint8Array(1), 1);
 * console.log(Array.from(g)); // [1, 2, 3]
 * ```
 */
export function edgeGatesInto(
  gate: Float64Array,
  EW: Float64Array,
  Eb: Float64Array,
  e: Float64Array,
  A: Uint8Array,
  N: number,
): void {
  const de = EDGE_FEATURES, F = EDGE_FEATS, NN = N * N;
  for (let h = 0; h < HEADS; h++) {
    const r = h * F;
    const w0 = EW[r], w1 = EW[r + 1], w2 = EW[r + 2], w3 = EW[r + 3];
    const wA = EW[r + 4], wAt = EW[r + 5], wI = EW[r + 6], b = Eb[h];
    const go = h * NN;
    for (let i = 0; i < N; i++) {
      for (let j = 0; j < N; j++) {
        const ij = i * N + j, eo = ij * de;
        gate[go + ij] = b + w0 * e[eo] + w1 * e[eo + 1] + w2 * e[eo + 2] + w3 * e[eo + 3] +
          wA * A[ij] + wAt * A[j * N + i] + (i === j ? wI : 0);
      }
    }
  }
}

/** Scratch used by {@link graphTransformerInto}. */
export interface AttentionScratch {
  /** Head-major queries (3·N·4). */
  readonly q: Float64Array;
  /** Head-major keys (3·N·4). */
  readonly kq: Float64Array;
  /** Head-major values (3·N·8). */
  readonly v: Float64Array;
  /** Scratch row of N values. */
  readonly row: Float64Array;
  /** Head-major aggregated values (3·N·8). */
  readonly z: Float64Array;
}

/**
 * One graph-transformer layer, `out` = O z + b_O, from node inputs `x` (N×8) and the
 * head-major `gate` (3×N×N):
 * s[i,j,η] = (q_i^η·k_j^η)/√4 · gate[η,i,j]; α[i,·,η] = softmax over j (no mask, diagonal
 * included); z[n, 3f+η] = Σ_i α[i,n,η] v_i[3f+η] (the reference aggregates with αᵀ);
 * head η takes components η, η+3, … of q, k, v (reshape (4,3)/(8,3): head is the fast axis).
 * If `alphaOut` is given (N×N×3, [i,j,η]), the attention weights are stored there. With `f32`,
 * the exps, their sum and the weights α are rounded to float32 (see f32.ts).
 *
 * @example
 * ```ts
 * import { graphTransformerInto } from "@neuroplastic/engines/lndp";
 * ```
 */
export function graphTransformerInto(
  out: Float64Array,
  x: Float64Array,
  gate: Float64Array,
  p: Params,
  N: number,
  s: AttentionScratch,
  alphaOut?: Float64Array,
  f32 = false,
): void {
  const NN = N * N;
  const q = s.q, kq = s.kq, v = s.v, row = s.row, z = s.z;
  qkvInto(q, kq, v, x, p, N);
  z.fill(0);
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
        row[j] = sc;
        if (sc > mx) mx = sc;
      }
      let sum = 0;
      for (let j = 0; j < N; j++) {
        // exp(s − max); terms below e^−600 (weight < 1e−260) are flushed to 0 so that no
        // subnormal enters the sums (XLA runs with flush-to-zero as well)
        const dl = row[j] - mx;
        const ex = f32 ? expF32(dl) : dl < -600 ? 0 : Math.exp(dl);
        row[j] = ex;
        sum += ex;
      }
      if (f32) {
        // α = fround(e_j / fround(Σ e)), then everything below uses the rounded α
        const s32 = Math.fround(sum);
        for (let j = 0; j < N; j++) row[j] = Math.fround(row[j] / s32);
        sum = 1;
      }
      const inv = 1 / sum;
      const vo = (hN + i) * VF;
      const v0 = v[vo], v1 = v[vo + 1], v2 = v[vo + 2], v3 = v[vo + 3];
      const v4 = v[vo + 4], v5 = v[vo + 5], v6 = v[vo + 6], v7 = v[vo + 7];
      for (let j = 0; j < N; j++) {
        const al = row[j] * inv;
        // z[j, ·, η] += α[i,j,η] v_i^η
        const zo = (hN + j) * VF;
        z[zo] += al * v0;
        z[zo + 1] += al * v1;
        z[zo + 2] += al * v2;
        z[zo + 3] += al * v3;
        z[zo + 4] += al * v4;
        z[zo + 5] += al * v5;
        z[zo + 6] += al * v6;
        z[zo + 7] += al * v7;
      }
      if (alphaOut) {
        for (let j = 0; j < N; j++) alphaOut[(i * N + j) * HEADS + h] = row[j] * inv;
      }
    }
  }
  attentionOutInto(out, z, p, N);
}

/**
 * q = Q x, k = K x, v = V x (no bias) for every node, head-major: q and k (HEADS, N, QK), v
 * (HEADS, N, VF). Shared by {@link graphTransformerInto} and the fast update (fast.ts).
 *
 * @example
 * ```ts
 * import { qkvInto } from "./attention.ts";
 * console.log(typeof qkvInto); // "function"
 * ```
 */
export function qkvInto(
  q: Float64Array,
  kq: Float64Array,
  v: Float64Array,
  x: Float64Array,
  p: Params,
  N: number,
): void {
  const dh = NODE_FEATURES, DV = VF * HEADS;
  const Q = p.Q, K = p.K, V = p.V;
  // q = Q x, k = K x, v = V x (no bias); row 3c+η of Q is component c of head η
  for (let n = 0; n < N; n++) {
    const xo = n * dh;
    for (let g = 0; g < QK * HEADS; g++) {
      let sq = 0, sk = 0;
      const r = g * dh;
      for (let c = 0; c < dh; c++) {
        const xv = x[xo + c];
        sq += Q[r + c] * xv;
        sk += K[r + c] * xv;
      }
      const h = g % HEADS, c = (g - h) / HEADS;
      q[(h * N + n) * QK + c] = sq;
      kq[(h * N + n) * QK + c] = sk;
    }
    for (let g = 0; g < DV; g++) {
      let sv = 0;
      const r = g * dh;
      for (let c = 0; c < dh; c++) sv += V[r + c] * x[xo + c];
      const h = g % HEADS, f = (g - h) / HEADS;
      v[(h * N + n) * VF + f] = sv;
    }
  }
}

/**
 * out = O z + b_O for every node, z (HEADS, N, VF) flattened as 3f + η. Shared by
 * {@link graphTransformerInto} and the fast update (fast.ts).
 *
 * @example
 * ```ts
 * import { attentionOutInto } from "./attention.ts";
 * console.log(typeof attentionOutInto); // "function"
 * ```
 */
export function attentionOutInto(out: Float64Array, z: Float64Array, p: Params, N: number): void {
  const dh = NODE_FEATURES, DV = VF * HEADS;
  const OW = p.OW, Ob = p.Ob;
  // out = O z + b_O, z flattened as 3f + η
  for (let n = 0; n < N; n++) {
    for (let u = 0; u < dh; u++) {
      let acc = Ob[u];
      const r = u * DV;
      for (let h = 0; h < HEADS; h++) {
        const zo = (h * N + n) * VF;
        for (let f = 0; f < VF; f++) acc += OW[r + f * HEADS + h] * z[zo + f];
      }
      out[n * dh + u] = acc;
    }
  }
}
