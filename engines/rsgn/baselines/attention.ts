/**
 * Fused multi-head scaled-dot-product self-attention as one autodiff node: from the packed
 * projection qkv = x W_inᵀ + b_in [B, T, 3d] to the concatenated heads [B, T, d], with an optional
 * additive mask and dropout on the attention weights (torch `F.multi_head_attention_forward`).
 * One node replaces the head split/merge transposes, the scale, the mask add, the softmax, the
 * dropout and two batched products of the unfused graph; the per-(b, head) products run through
 * `matmulInto` (WASM SIMD). The unfused graph is kept in the tests as the oracle.
 *
 * @module
 */
import {
  add,
  allocLike,
  constant,
  makeVar,
  matmul,
  mul,
  reshape,
  slice,
  softmax,
  transpose,
  type Var,
} from "@neuroplastic/core/autodiff";
import type { Key } from "@neuroplastic/core/random";
import { dropoutMask } from "./fused.ts";
import { type FloatArray, matmulInto } from "@neuroplastic/core/tensor";

/**
 * Self-attention over the packed projection qkv [B, T, 3d] with `heads` heads, an additive [T, T]
 * mask (or null) and dropout probability `pDrop` on the attention weights (keep-mask drawn from
 * `key` when `train`); returns the concatenated heads [B, T, d]. The signature of
 * {@link fusedSelfAttention} and {@link unfusedSelfAttention}.
 *
 * @example
 * ```ts
 * import { constant } from "@neuroplastic/core/autodiff";
 * import { key } from "@neuroplastic/core/random";
 * import { fusedSelfAttention, type SelfAttention } from "./attention.ts";
 * const att: SelfAttention = fusedSelfAttention;
 * const qkv = constant({ data: new Float64Array(1 * 2 * 6).fill(1), shape: [1, 2, 6] });
 * console.log(att(qkv, 1, null, 0, key(0), false).shape); // [1, 2, 2]
 * ```
 */
export type SelfAttention = (
  qkv: Var,
  heads: number,
  mask: FloatArray | null,
  pDrop: number,
  key: Key,
  train: boolean,
) => Var;

/** Shape of qkv [B, T, 3d]: model width d and head width d_h = d / heads. */
const headDims = (
  qkv: Var,
  heads: number,
): { B: number; T: number; D3: number; d: number; dh: number } => {
  const [B, T, D3] = qkv.shape;
  const d = D3 / 3;
  return { B, T, D3, d, dh: d / heads };
};

/**
 * Moves one head block between the wide layout [B, T, stride] (columns col..col+d_h of batch row
 * b) and the compact one [T, d_h]: "gather" copies wide → compact, "set" and "add" write or add
 * compact → wide.
 */
const moveHead = (
  compact: FloatArray,
  wide: FloatArray,
  b: number,
  T: number,
  stride: number,
  col: number,
  dh: number,
  mode: "gather" | "set" | "add",
): void => {
  for (let t = 0; t < T; t++) {
    const o = (b * T + t) * stride + col;
    if (mode === "gather") { for (let c = 0; c < dh; c++) compact[t * dh + c] = wide[o + c]; }
    else if (mode === "add") { for (let c = 0; c < dh; c++) wide[o + c] += compact[t * dh + c]; }
    else for (let c = 0; c < dh; c++) wide[o + c] = compact[t * dh + c];
  }
};

/**
 * Self-attention of `heads` heads over qkv [B, T, 3d] (columns q | k | v, head h at h·d_h):
 *   P = softmax(Q Kᵀ/√d_h + mask) per head, P̃ = dropout(P), out = P̃ V, heads concatenated.
 * `mask` is an additive [T, T] array (0 or −∞) or null. In train mode with p > 0 the keep-mask is
 * `dropoutMask(key, B·h·T·T, p)` in [B, h, T, T] order. Returns [B, T, d].
 *
 * @example
 * ```ts
 * import { constant } from "@neuroplastic/core/autodiff";
 * import { key } from "@neuroplastic/core/random";
 * import { fusedSelfAttention } from "./attention.ts";
 * const qkv = constant({ data: new Float64Array(2 * 3 * 12).fill(1), shape: [2, 3, 12] });
 * console.log(fusedSelfAttention(qkv, 2, null, 0, key(0), false).shape); // [2, 3, 4]
 * ```
 */
export const fusedSelfAttention: SelfAttention = (qkv, heads, mask, pDrop, key, train) => {
  const { B, T, D3, d, dh } = headDims(qkv, heads);
  // scores are scaled by 1/√d_h (Vaswani et al. 2017, eq. 1)
  const scale = 1 / Math.sqrt(dh);
  const x = qkv.value;
  const TT = T * T;
  const P = allocLike(x, B * heads * TT);
  const keep = train && pDrop > 0 ? dropoutMask(key, B * heads * TT, pDrop) : null;
  const inv = keep ? 1 / (1 - pDrop) : 1;
  const out = allocLike(x, B * T * d);
  const Q = allocLike(x, T * dh), K = allocLike(x, T * dh), V = allocLike(x, T * dh);
  const S = allocLike(x, TT), O = allocLike(x, T * dh);
  // q, k, v of head h of batch row b into Q, K, V
  const gatherQkv = (b: number, h: number): void => {
    moveHead(Q, x, b, T, D3, h * dh, dh, "gather");
    moveHead(K, x, b, T, D3, d + h * dh, dh, "gather");
    moveHead(V, x, b, T, D3, 2 * d + h * dh, dh, "gather");
  };
  // P̃ (the dropped-out weights) of one (b, h) block into S
  const dropped = (base: number): void => {
    if (keep) { for (let j = 0; j < TT; j++) S[j] = keep[base + j] ? P[base + j] * inv : 0; }
    else for (let j = 0; j < TT; j++) S[j] = P[base + j];
  };
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < heads; h++) {
      const base = (b * heads + h) * TT;
      gatherQkv(b, h);
      // S = Q Kᵀ
      matmulInto(S, Q, K, T, dh, T, { transB: true });
      for (let i = 0; i < T; i++) {
        let m = -Infinity;
        for (let j = 0; j < T; j++) {
          const s = S[i * T + j] * scale + (mask ? mask[i * T + j] : 0);
          S[i * T + j] = s;
          if (s > m) m = s;
        }
        // softmax_j(s) = exp(s_j − max) / Σ exp(s − max)
        let z = 0;
        for (let j = 0; j < T; j++) {
          const e = Math.exp(S[i * T + j] - m);
          P[base + i * T + j] = e;
          z += e;
        }
        for (let j = 0; j < T; j++) P[base + i * T + j] /= z;
      }
      dropped(base);
      // O = P̃ V
      matmulInto(O, S, V, T, T, dh);
      moveHead(O, out, b, T, d, h * dh, dh, "set");
    }
  }
  return makeVar(out, [B, T, d], [qkv], (g, sink) => {
    const gx = sink(0);
    if (gx === null) return;
    const gO = allocLike(x, T * dh), G = allocLike(x, TT);
    const gQ = allocLike(x, T * dh), gK = allocLike(x, T * dh), gV = allocLike(x, T * dh);
    for (let b = 0; b < B; b++) {
      for (let h = 0; h < heads; h++) {
        const base = (b * heads + h) * TT;
        gatherQkv(b, h);
        moveHead(gO, g, b, T, d, h * dh, dh, "gather");
        dropped(base);
        // V̄ = P̃ᵀ Ō
        matmulInto(gV, S, gO, T, T, dh, { transA: true });
        // P̃̄ = Ō Vᵀ
        matmulInto(G, gO, V, T, dh, T, { transB: true });
        for (let i = 0; i < T; i++) {
          // dropout: P̄ = P̃̄ ⊙ keep/(1−p); softmax: S̄_ij = P_ij (P̄_ij − Σ_k P̄_ik P_ik); scale
          let dot = 0;
          for (let j = 0; j < T; j++) {
            const k = i * T + j;
            const gp = keep ? (keep[base + k] ? G[k] * inv : 0) : G[k];
            G[k] = gp;
            dot += gp * P[base + k];
          }
          for (let j = 0; j < T; j++) {
            const k = i * T + j;
            G[k] = P[base + k] * (G[k] - dot) * scale;
          }
        }
        // Q̄ = S̄ K, K̄ = S̄ᵀ Q
        matmulInto(gQ, G, K, T, T, dh);
        matmulInto(gK, G, Q, T, T, dh, { transA: true });
        moveHead(gQ, gx, b, T, D3, h * dh, dh, "add");
        moveHead(gK, gx, b, T, D3, d + h * dh, dh, "add");
        moveHead(gV, gx, b, T, D3, 2 * d + h * dh, dh, "add");
      }
    }
  });
};

/**
 * The same attention composed from generic core ops (slice, reshape, transpose, batched matmul,
 * softmax, a constant dropout mask): slower, kept as the oracle of {@link fusedSelfAttention}
 * and for reading.
 *
 * @example
 * ```ts
 * import { constant } from "@neuroplastic/core/autodiff";
 * import { key } from "@neuroplastic/core/random";
 * import { unfusedSelfAttention } from "./attention.ts";
 * const qkv = constant({ data: new Float64Array(2 * 3 * 12).fill(1), shape: [2, 3, 12] });
 * console.log(unfusedSelfAttention(qkv, 2, null, 0, key(0), false).shape); // [2, 3, 4]
 * ```
 */
export const unfusedSelfAttention: SelfAttention = (qkv, heads, mask, pDrop, key, train) => {
  const { B, T, d, dh } = headDims(qkv, heads);
  const part = (r: number, perm: number[]): Var =>
    transpose(reshape(slice(qkv, [0, 0, r * d], [B, T, (r + 1) * d]), [B, T, heads, dh]), perm);
  const q = part(0, [0, 2, 1, 3]), kT = part(1, [0, 2, 3, 1]), v = part(2, [0, 2, 1, 3]);
  // scores [B, h, T, T] = q kᵀ/√d_h (+ mask)
  let s = mul(matmul(q, kT), 1 / Math.sqrt(dh));
  if (mask) s = add(s, constant({ data: mask, shape: [T, T] }));
  let a = softmax(s, -1);
  const keep = train && pDrop > 0 ? dropoutMask(key, B * heads * T * T, pDrop) : null;
  if (keep) {
    const m = Float64Array.from(keep, (k) => k / (1 - pDrop));
    a = mul(a, constant({ data: m, shape: [B, heads, T, T] }));
  }
  return reshape(transpose(matmul(a, v), [0, 2, 1, 3]), [B, T, d]);
};
