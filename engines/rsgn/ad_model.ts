/**
 * The faithful RSGN forward pass written with `@neuroplastic/core/autodiff` ops, one line per
 * line of the notebook's `RSGNetwork.forward` (spec §1.3–§1.7). It is the readable reference
 * implementation: tests check that its values and autodiff gradients equal the fused forward
 * (`model.ts`) and its hand-written reverse pass. Training uses the fused version (faster).
 *
 * @module
 */
import {
  acosh,
  add,
  clamp,
  constant,
  div,
  exp,
  gelu,
  layerNorm,
  linear,
  matmul,
  mean,
  min,
  mul,
  norm,
  reshape,
  sigmoid,
  softplus,
  sub,
  sum,
  tanh,
  transpose,
  type Var,
} from "@neuroplastic/core/autodiff";
import type { FloatArray, Tensor } from "@neuroplastic/core/tensor";
import type { RsgnConfig } from "./config.ts";
import { ACTIVE_THRESHOLD } from "./model.ts";
import type { RsgnParams } from "./params.ts";
import { BALL_EPS, neighbourhood } from "./weights.ts";

/** The parameter tree with traced leaves. */
export type RsgnVars = { readonly [K in keyof RsgnParams]: Var };

const likeOf = (v: Var, n: number): FloatArray =>
  v.value instanceof Float32Array ? new Float32Array(n) : new Float64Array(n);

const konst = (data: FloatArray, shape: number[]): Var => constant({ data, shape } as Tensor);

/**
 * proj(x, m) over the last axis: x·m/(‖x‖+eps) where ‖x‖ ≥ 1, else x (the condition is a
 * constant mask, as `torch.where`'s).
 */
function projAd(x: Var, maxNorm: number): Var {
  const n = norm(x, -1, true);
  const mask = likeOf(x, n.value.length);
  for (let i = 0; i < mask.length; i++) mask[i] = n.value[i] >= 1 ? 1 : 0;
  const M = konst(mask, [...n.shape]);
  // scale = M·m/(‖x‖ + eps) + (1 − M)
  const scale = add(mul(M, div(maxNorm, add(n, BALL_EPS))), sub(1, M));
  return mul(x, scale);
}

/**
 * Logits (B, C) and final α (B, N) of the faithful model, traced.
 *
 * @example
 * ```ts
 * import { constant, type Var } from "@neuroplastic/core/autodiff";
 * import { key } from "@neuroplastic/core/random";
 * import { initParams, presetConfig, rsgnForwardAd, type RsgnVars } from "@neuroplastic/engines/rsgn";
 * const c = presetConfig("readme", { numNodes: 6, dimInput: 2, dimHidden: 4, numClasses: 2, numSteps: 1 });
 * const p = initParams(c, key(0), "f64");
 * const v = Object.fromEntries(Object.entries(p).map(([k, t]) => [k, constant(t)])) as RsgnVars;
 * const out = rsgnForwardAd(v, c, { data: new Float64Array(2 * 3 * 2).fill(0.1), shape: [2, 3, 2] });
 * console.log(out.logits.shape); // [2, 2]
 * ```
 */
export function rsgnForwardAd(
  p: RsgnVars,
  c: RsgnConfig,
  X: Tensor,
): { logits: Var; alpha: Var } {
  const [B, T] = X.shape;
  const N = c.numNodes, S = c.dimSpace, H = c.dimHidden;
  const x = constant(X);
  // --- compute_connection_weights
  const P = projAd(p.positions, 0.95);
  const sq = sum(mul(P, P), -1, true);
  const diff = sub(reshape(P, [N, 1, S]), reshape(P, [1, N, S]));
  const d2 = sum(mul(diff, diff), -1);
  const oneMinus = sub(1, sq);
  const den = add(mul(oneMinus, transpose(oneMinus)), BALL_EPS);
  const dist = acosh(clamp(add(1, div(mul(2, d2), den)), 1 + BALL_EPS, Infinity));
  const distW = exp(div(dist, -c.tau));
  const affinity = sigmoid(matmul(p.affinityU, transpose(p.affinityV)));
  const levelF = softplus(add(sub(reshape(p.levels, [N, 1]), reshape(p.levels, [1, N])), 1));
  const offDiag = likeOf(P, N * N).fill(1);
  for (let i = 0; i < N; i++) offDiag[i * N + i] = 0;
  const W = mul(mul(mul(affinity, distW), levelF), konst(offDiag, [N, N]));
  // --- ignite
  const sparks = projAd(
    mul(tanh(linear(gelu(linear(x, p.embed1W, p.embed1b)), p.embed2W, p.embed2b)), p.inputScale),
    0.9,
  );
  const e = sub(reshape(sparks, [B, T, 1, S]), reshape(P, [1, 1, N, S]));
  const minD2 = min(sum(mul(e, e), -1), 1);
  let alpha = exp(div(minD2, -(2 * 0.4 * 0.4)));
  // --- initial state
  const c0 = linear(mean(x, 1), p.initW, p.initb);
  let h = mul(reshape(c0, [B, 1, H]), reshape(alpha, [B, N, 1]));
  // --- inhibition neighbourhood on detached positions
  const nb = neighbourhood(P.value, N, S, c.inhibitionRadius);
  const nbm = likeOf(P, N * N), cnt = likeOf(P, N);
  for (let i = 0; i < N; i++) {
    cnt[i] = nb.count[i];
    for (let q = nb.offsets[i]; q < nb.offsets[i + 1]; q++) nbm[i * N + nb.index[q]] = 1;
  }
  const NbT = transpose(konst(nbm, [N, N])), count = konst(cnt, [N]);
  const Wt = transpose(W);
  for (let k = 0; k < c.numSteps; k++) {
    // --- propagate
    const mask = likeOf(alpha, B * N);
    for (let i = 0; i < mask.length; i++) mask[i] = alpha.value[i] > ACTIVE_THRESHOLD ? 1 : 0;
    const g = mul(alpha, konst(mask, [B, N]));
    const ht = mul(h, reshape(g, [B, N, 1]));
    const msg = matmul(Wt, ht);
    const hn = linear(msg, p.whW, p.whb);
    const an = sigmoid(div(sub(add(alpha, mul(norm(hn, -1), 0.1)), p.thresholds), c.temperature));
    h = mul(layerNorm(add(hn, h), p.lnGamma, p.lnBeta, 1e-5), reshape(an, [B, N, 1]));
    // --- local_inhibition
    const q = add(matmul(an, NbT), 1e-6);
    alpha = clamp(div(mul(an, count), q), 0, 1);
  }
  const f = sum(mul(h, reshape(alpha, [B, N, 1])), 1);
  return { logits: linear(f, p.clsW, p.clsb), alpha };
}
