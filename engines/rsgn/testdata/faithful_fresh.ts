/**
 * Test oracle: the faithful model's forward and backward passes as they were before the pooled
 * rewrite (commit ca17c15), allocating fresh arrays for every step and recomputing H̃ in the
 * backward pass. `model_pool_test.ts` checks that `rsgnForward` / `rsgnBackward` give the same
 * bits as these. Not published (testdata/).
 *
 * @module
 */
import { type FloatArray, matmulInto } from "@neuroplastic/core/tensor";
import type { RsgnConfig } from "../config.ts";
import { ignite, igniteBackward } from "../ignition.ts";
import { ACTIVE_THRESHOLD, type RsgnCache, type RsgnOutput } from "../model.ts";
import { type RsgnParams, zerosLikeParams } from "../params.ts";
import * as shared from "../shared.ts";
import {
  connectionWeights,
  connectionWeightsBackward,
  type Neighbourhood,
  neighbourhood,
  projectRowsRefBackward,
} from "../weights.ts";

const like = (a: FloatArray, n: number): FloatArray =>
  a instanceof Float32Array ? new Float32Array(n) : new Float64Array(n);

/** The step cache of the old code (no H̃: the backward recomputed it). */
type StepCache = Omit<RsgnCache["steps"][number], "ht">;
/** The forward cache of the old code. */
type FreshCache = Omit<RsgnCache, "steps"> & { readonly steps: readonly StepCache[] };
/** The forward output of the old code. */
type FreshOutput = Omit<RsgnOutput, "cache"> & { readonly cache?: FreshCache };

const transposeNB = (a: ArrayLike<number>, N: number, B: number, out: FloatArray): FloatArray => {
  for (let n = 0; n < N; n++) for (let b = 0; b < B; b++) out[b * N + n] = a[n * B + b];
  return out;
};

/**
 * One propagation step + inhibition (notebook `propagate` then `local_inhibition`).
 * Returns the new (h, α) and the values its backward needs.
 */
function stepForward(
  p: RsgnParams,
  c: RsgnConfig,
  W: FloatArray,
  nb: Neighbourhood,
  whT: FloatArray,
  h: FloatArray,
  alpha: FloatArray,
  B: number,
): { hOut: FloatArray; alphaOut: FloatArray; cache: StepCache } {
  const N = c.numNodes, H = c.dimHidden, NB = N * B, R = B * H;
  const ht = like(h, NB * H);
  for (let r = 0; r < NB; r++) {
    const a = alpha[r];
    // H̃ = h ⊙ α ⊙ 1[α > 0.01]
    const g = a > ACTIVE_THRESHOLD ? a : 0;
    if (g === 0) continue;
    for (let d = 0; d < H; d++) ht[r * H + d] = h[r * H + d] * g;
  }
  const msg = like(h, NB * H);
  // m_i = Σ_j W_ji H̃_j   (einsum('ij,bjd->bid', W.T, H̃))
  matmulInto(msg, W, ht, N, N, R, { transA: true });
  const hn = like(h, NB * H);
  // h_new = W_h m + b  (W_hᵀ pre-transposed: a plain product is faster than transB here)
  matmulInto(hn, msg, whT, NB, H, H);
  const bh = p.whb.data, th = p.thresholds.data, gam = p.lnGamma.data, bet = p.lnBeta.data;
  const alphaNew = like(h, NB), xhat = like(h, NB * H), invStd = like(h, NB);
  const hOut = like(h, NB * H);
  const Ts = c.temperature;
  for (let n = 0; n < N; n++) {
    for (let b = 0; b < B; b++) {
      const r = n * B + b, o = r * H;
      // μ = mean(h_new + h), summed here from the unrounded h_new: in f32 this can differ in the
      // last bits from the mean of the stored h_new, and it keeps the faithful results unchanged
      let s2 = 0, mu = 0;
      for (let d = 0; d < H; d++) {
        const v = hn[o + d] + bh[d];
        hn[o + d] = v;
        s2 += v * v;
        mu += v + h[o + d];
      }
      const sig = Math.sqrt(s2);
      // α_new = σ((α + 0.1·‖h_new‖ − θ)/T_s)
      const an = 1 / (1 + Math.exp(-(alpha[r] + 0.1 * sig - th[n]) / Ts));
      alphaNew[r] = an;
      // h_out = LN(h_new + h) ⊙ α_new
      invStd[r] = shared.residualNormRow(hn, h, o, mu / H, gam, bet, an, xhat, hOut, H);
    }
  }
  const q = like(h, NB), v = like(h, NB), alphaOut = like(h, NB);
  for (let n = 0; n < N; n++) {
    for (let b = 0; b < B; b++) {
      let s = 0;
      for (let e = nb.offsets[n]; e < nb.offsets[n + 1]; e++) s += alphaNew[nb.index[e] * B + b];
      const qq = s + 1e-6;
      q[n * B + b] = qq;
      // α_inh = clamp(α_new · c_i / (Σ_j Nb_ij α_new_j + 1e-6), 0, 1)
      const vv = (alphaNew[n * B + b] * nb.count[n]) / qq;
      v[n * B + b] = vv;
      alphaOut[n * B + b] = vv < 0 ? 0 : vv > 1 ? 1 : vv;
    }
  }
  return { hOut, alphaOut, cache: { h, alpha, msg, hn, xhat, invStd, alphaNew, q, v } };
}

/** Forward pass of the old code (fresh arrays); the cache is for {@link freshBackward}. */
export function freshForward(
  p: RsgnParams,
  c: RsgnConfig,
  X: FloatArray,
  B: number,
  T: number,
  keepCache = false,
): FreshOutput {
  const N = c.numNodes, H = c.dimHidden, I = c.dimInput, C = c.numClasses, NB = N * B;
  if (X.length !== B * T * I) {
    throw new RangeError(
      `freshForward: X has ${X.length} values, expected B·T·D_in = ${B * T * I}`,
    );
  }
  const ref = p.positions.data;
  const Xd = shared.inDtypeOf(X, ref);
  const wc = connectionWeights(p, c);
  const ic = ignite(p, c, Xd, B, T, wc.pos);
  const nb = neighbourhood(wc.pos, N, c.dimSpace, c.inhibitionRadius);
  // h⁰ = init_state(mean_t x) ⊙ α⁰
  const { xbar, c0 } = shared.initialState(p, c, Xd, B, T);
  let h = shared.gateState(c0, ic.alpha0, N, B, H);
  let alpha: FloatArray = ic.alpha0;
  const steps: StepCache[] = [];
  const whT = shared.transposedWh(p, H);
  for (let k = 0; k < c.numSteps; k++) {
    const s = stepForward(p, c, wc.W, nb, whT, h, alpha, B);
    if (keepCache) steps.push(s.cache);
    h = s.hOut;
    alpha = s.alphaOut;
  }
  // f_b = Σ_i h_bi α_bi, logits = f W_cᵀ + b_c
  const { features } = shared.readout(h, alpha, N, B, H);
  const logits = shared.head(p, features, B, H, C);
  const out: FreshOutput = {
    logits,
    alpha: transposeNB(alpha, N, B, like(ref, NB)),
    features,
    alpha0: transposeNB(ic.alpha0, N, B, like(ref, NB)),
    cache: keepCache
      ? { B, T, X: Xd, wc, ic, nb, xbar, c0, steps, hOut: h, alphaOut: alpha, features }
      : undefined,
  };
  return out;
}

function stepBackward(
  p: RsgnParams,
  c: RsgnConfig,
  W: FloatArray,
  nb: Neighbourhood,
  s: StepCache,
  B: number,
  dhOut: FloatArray,
  dAlphaOut: FloatArray,
  g: RsgnParams,
  dW: FloatArray,
): { dh: FloatArray; dAlpha: FloatArray } {
  const N = c.numNodes, H = c.dimHidden, NB = N * B, R = B * H;
  const { h, alpha, msg, hn, xhat, invStd, alphaNew, q, v } = s;
  const dAn = new Float64Array(NB), dq = new Float64Array(NB);
  for (let n = 0; n < N; n++) {
    for (let b = 0; b < B; b++) {
      const r = n * B + b;
      // clamp(0, 1): gradient passes where 0 ≤ v ≤ 1 (torch)
      const dv = v[r] >= 0 && v[r] <= 1 ? dAlphaOut[r] : 0;
      if (dv === 0) continue;
      dAn[r] += (dv * nb.count[n]) / q[r];
      dq[r] = (-dv * alphaNew[r] * nb.count[n]) / (q[r] * q[r]);
    }
  }
  for (let n = 0; n < N; n++) {
    for (let e = nb.offsets[n]; e < nb.offsets[n + 1]; e++) {
      const j = nb.index[e];
      for (let b = 0; b < B; b++) dAn[j * B + b] += dq[n * B + b];
    }
  }
  const gam = p.lnGamma.data, bet = p.lnBeta.data, Ts = c.temperature;
  const dGam = g.lnGamma.data, dBet = g.lnBeta.data, dTh = g.thresholds.data;
  const dhn = like(h, NB * H), dh = like(h, NB * H), dAlpha = like(h, NB);
  const dxh = new Float64Array(H);
  for (let n = 0; n < N; n++) {
    for (let b = 0; b < B; b++) {
      const r = n * B + b, o = r * H, an = alphaNew[r];
      // h_out = LN(h_new + h) ⊙ α_new
      const dA = shared.residualNormRowBackward(
        dhOut,
        xhat,
        o,
        invStd[r],
        an,
        gam,
        bet,
        dGam,
        dBet,
        dxh,
        dhn,
        dh,
        dAn[r],
        H,
      );
      // α_new = σ(u), u = (α + 0.1·sig − θ)/T_s
      const du = (dA * an * (1 - an)) / Ts;
      dAlpha[r] += du;
      dTh[n] -= du;
      let s2 = 0;
      for (let d = 0; d < H; d++) s2 += hn[o + d] * hn[o + d];
      const sig = Math.sqrt(s2);
      if (sig > 0) {
        // ∂‖x‖/∂x = x/‖x‖ (0 at the origin)
        const k = (0.1 * du) / sig;
        for (let d = 0; d < H; d++) dhn[o + d] += k * hn[o + d];
      }
    }
  }
  // h_new = m W_hᵀ + b
  matmulInto(g.whW.data, dhn, msg, H, NB, H, { transA: true, accumulate: true });
  const dbh = g.whb.data;
  for (let r = 0; r < NB; r++) for (let d = 0; d < H; d++) dbh[d] += dhn[r * H + d];
  const dmsg = like(h, NB * H);
  matmulInto(dmsg, dhn, p.whW.data, NB, H, H);
  const ht = like(h, NB * H);
  for (let r = 0; r < NB; r++) {
    const a = alpha[r];
    const gg = a > ACTIVE_THRESHOLD ? a : 0;
    if (gg === 0) continue;
    for (let d = 0; d < H; d++) ht[r * H + d] = h[r * H + d] * gg;
  }
  // m = Wᵀ H̃: dW += H̃ dmᵀ, dH̃ = W dm
  matmulInto(dW, ht, dmsg, N, R, N, { transB: true, accumulate: true });
  const dht = ht; // reuse the buffer
  matmulInto(dht, W, dmsg, N, N, R);
  for (let r = 0; r < NB; r++) {
    const a = alpha[r];
    if (!(a > ACTIVE_THRESHOLD)) continue;
    let da = 0;
    for (let d = 0; d < H; d++) {
      const t = dht[r * H + d];
      dh[r * H + d] += t * a;
      da += t * h[r * H + d];
    }
    dAlpha[r] += da;
  }
  return { dh, dAlpha };
}

/** Backward pass of the old code. */
export function freshBackward(
  p: RsgnParams,
  c: RsgnConfig,
  cache: FreshCache,
  dLogits: ArrayLike<number>,
  dAlphaFinal?: ArrayLike<number>,
): RsgnParams {
  const N = c.numNodes, H = c.dimHidden, C = c.numClasses;
  const { B, T, wc, ic, nb, hOut, alphaOut, features } = cache;
  const g = zerosLikeParams(p);
  const ref = p.positions.data;
  const df = shared.headBackward(p, g, dLogits, features, B, C, H);
  let { dh, dAlpha } = shared.readoutBackward(df, hOut, alphaOut, N, B, H, dAlphaFinal);
  const dW = like(ref, N * N);
  for (let k = cache.steps.length - 1; k >= 0; k--) {
    const r = stepBackward(p, c, wc.W, nb, cache.steps[k], B, dh, dAlpha, g, dW);
    dh = r.dh;
    dAlpha = r.dAlpha;
  }
  // h⁰ = c0 ⊗ α⁰, c0 = init_state(x̄)
  shared.initialStateBackward(p, c, g, dh, dAlpha, ic.alpha0, cache, B);
  const dPos = like(ref, N * c.dimSpace);
  igniteBackward(p, c, cache.X, B, T, wc.pos, ic, dAlpha, g, dPos);
  connectionWeightsBackward(p, c, wc, dW, g, dPos);
  projectRowsRefBackward(
    p.positions.data,
    N,
    c.dimSpace,
    0.95,
    wc.posScale,
    dPos,
    g.positions.data,
  );
  return g;
}
