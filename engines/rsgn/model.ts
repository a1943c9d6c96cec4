/**
 * The faithful RSGN forward pass (`RSGNetwork` + `RSGClassifier`, notebook cell 3, spec §1.3–§1.7)
 * and its hand-written reverse pass, fused over the batch.
 *
 * Internal layout: node states h are (N, B, D_h) and activations α are (N, B), so the message
 * passing m = Wᵀ H̃ of the whole batch is one (N×N)·(N×B·D_h) product (and its two backward
 * products are one each too). Public outputs use the reference's batch-major layout.
 *
 * The (N, B, D_h) buffers of the passes come from a free list (`pool.ts`) instead of being
 * allocated per batch: a training step of the README config touches about thirty 8 MB arrays,
 * and allocating them afresh (zeroing and first-touch page faults) cost as much as the products.
 * A forward cache keeps its buffers until {@link rsgnBackward} has used it and the next
 * {@link rsgnForward} starts; a backward on a cache released that way is refused. The arithmetic
 * and its order are unchanged, so the results are the same bits as with fresh arrays.
 *
 * @module
 */
import { type FloatArray, matmulInto } from "@neuroplastic/core/tensor";
import type { RsgnConfig } from "./config.ts";
import { ignite, igniteBackward, type IgnitionCache } from "./ignition.ts";
import { type RsgnParams, zerosLikeParams } from "./params.ts";
import { give, take } from "./pool.ts";
import * as shared from "./shared.ts";
import {
  connectionWeights,
  connectionWeightsBackward,
  type Neighbourhood,
  neighbourhood,
  projectRowsRefBackward,
  type WeightsCache,
} from "./weights.ts";

const like = (a: FloatArray, n: number): FloatArray =>
  a instanceof Float32Array ? new Float32Array(n) : new Float64Array(n);

/** Active-node threshold of the reference (`alpha > 0.01`). */
export const ACTIVE_THRESHOLD = 0.01;

export { headBackward } from "./shared.ts";

/** Values of one faithful propagation step kept for {@link rsgnBackward}. */
export interface StepCache {
  /** Node states h entering the step (N, B, D_h). */
  h: FloatArray;
  /** Activations α entering the step (N, B). */
  alpha: FloatArray;
  /** Gated states H̃ = h ⊙ α ⊙ 1[α > 0.01] (N, B, D_h). */
  ht: FloatArray;
  /** Messages m = Wᵀ H̃ (N, B, D_h). */
  msg: FloatArray;
  /** h_new = W_h m + b (N, B, D_h). */
  hn: FloatArray;
  /** Normalised LayerNorm input (N, B, D_h). */
  xhat: FloatArray;
  /** LayerNorm 1/σ per row (N, B). */
  invStd: FloatArray;
  /** Soft-threshold activations before inhibition (N, B). */
  alphaNew: FloatArray;
  /** Inhibition denominators Σ_j Nb_ij α_new_j + 1e-6 (N, B). */
  q: FloatArray;
  /** Unclamped inhibited activations (N, B). */
  v: FloatArray;
}

/** Forward values needed by {@link rsgnBackward}. */
export interface RsgnCache {
  /** Batch size. */
  readonly B: number;
  /** Sequence length. */
  readonly T: number;
  /** Input (B, T, D_in), in the parameters' dtype. */
  readonly X: FloatArray;
  /** Connection-weight cache. */
  readonly wc: WeightsCache;
  /** Ignition cache. */
  readonly ic: IgnitionCache;
  /** Inhibition neighbourhoods. */
  readonly nb: Neighbourhood;
  /** Time-mean input (B, D_in). */
  readonly xbar: FloatArray;
  /** Initial state before gating by α⁰ (B, D_h). */
  readonly c0: FloatArray;
  /** One cache per propagation step. */
  readonly steps: readonly StepCache[];
  /** Final node states (N, B, D_h). */
  readonly hOut: FloatArray;
  /** Final activations (N, B). */
  readonly alphaOut: FloatArray;
  /** Readout features (B, D_h). */
  readonly features: FloatArray;
}

/** Output of a forward pass. */
export interface RsgnOutput {
  /** Logits (B, C). */
  readonly logits: FloatArray;
  /** Final activations α (B, N) (the reference's second return value). */
  readonly alpha: FloatArray;
  /** Readout features f (B, D_h). */
  readonly features: FloatArray;
  /** Initial ignition α⁰ (B, N). */
  readonly alpha0: FloatArray;
  /** Cache for the backward pass (when requested). */
  readonly cache?: RsgnCache;
}

const transposeNB = (a: ArrayLike<number>, N: number, B: number, out: FloatArray): FloatArray => {
  for (let n = 0; n < N; n++) for (let b = 0; b < B; b++) out[b * N + n] = a[n * B + b];
  return out;
};

/**
 * H̃ = h ⊙ α ⊙ 1[α > 0.01] into `ht`, every element written (rows at or below the threshold are
 * zero).
 */
function gateInto(ht: FloatArray, h: FloatArray, alpha: FloatArray, NB: number, H: number): void {
  for (let r = 0; r < NB; r++) {
    const a = alpha[r], o = r * H;
    // H̃ = h ⊙ α ⊙ 1[α > 0.01]
    if (a > ACTIVE_THRESHOLD) { for (let d = 0; d < H; d++) ht[o + d] = h[o + d] * a; }
    else ht.fill(0, o, o + H);
  }
}

/**
 * One propagation step + inhibition (notebook `propagate` then `local_inhibition`) from the gated
 * states `ht` = H̃ of (h, α). Returns the new (h, α) and the values its backward needs; every
 * buffer comes from the pool (`pool.ts`).
 */
function stepForward(
  p: RsgnParams,
  c: RsgnConfig,
  W: FloatArray,
  nb: Neighbourhood,
  whT: FloatArray,
  h: FloatArray,
  ht: FloatArray,
  alpha: FloatArray,
  B: number,
): { hOut: FloatArray; alphaOut: FloatArray; cache: StepCache } {
  const N = c.numNodes, H = c.dimHidden, NB = N * B, R = B * H;
  const msg = take(h, NB * H);
  // m_i = Σ_j W_ji H̃_j   (einsum('ij,bjd->bid', W.T, H̃))
  matmulInto(msg, W, ht, N, N, R, { transA: true });
  const hn = take(h, NB * H);
  // h_new = W_h m + b  (W_hᵀ pre-transposed: a plain product is faster than transB here)
  matmulInto(hn, msg, whT, NB, H, H);
  const bh = p.whb.data, th = p.thresholds.data, gam = p.lnGamma.data, bet = p.lnBeta.data;
  const alphaNew = take(h, NB), xhat = take(h, NB * H), invStd = take(h, NB);
  const hOut = take(h, NB * H);
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
  const q = take(h, NB), v = take(h, NB), alphaOut = take(h, NB);
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
  return { hOut, alphaOut, cache: { h, alpha, ht, msg, hn, xhat, invStd, alphaNew, q, v } };
}

/** Every pooled buffer of one step's cache (h and α are the previous step's outputs). */
const stepBuffers = (s: StepCache): FloatArray[] => [
  s.h,
  s.alpha,
  s.ht,
  s.msg,
  s.hn,
  s.xhat,
  s.invStd,
  s.alphaNew,
  s.q,
  s.v,
];

/** Pooled buffers of each forward cache not yet handed back. */
const cacheBuffers = new WeakMap<RsgnCache, FloatArray[]>();
/** Caches a backward pass has used: their buffers go back to the pool at the next forward. */
const used: RsgnCache[] = [];
/** Caches whose buffers went back to the pool (a later forward may have overwritten them). */
const released = new WeakSet<RsgnCache>();

/** Hands the buffers of the caches used by a backward pass back to the pool. */
const releaseUsed = (): void => {
  for (const c of used) {
    give(...(cacheBuffers.get(c) ?? []));
    cacheBuffers.delete(c);
    released.add(c);
  }
  used.length = 0;
};

/**
 * Faithful forward pass of `RSGClassifier` on X (B, T, D_in), row-major. With `keepCache` the
 * result holds what {@link rsgnBackward} needs; once a backward pass has used that cache, the next
 * forward reuses its buffers (a later backward on it throws).
 *
 * @example
 * ```ts
 * import { initParams, presetConfig, rsgnForward } from "@neuroplastic/engines/rsgn";
 * import { key } from "@neuroplastic/core/random";
 * const c = presetConfig("readme", { numNodes: 16, dimInput: 4, dimHidden: 8, numClasses: 3 });
 * const out = rsgnForward(initParams(c, key(0)), c, new Float32Array(2 * 5 * 4).fill(0.2), 2, 5);
 * console.log(out.logits.length); // 6
 * ```
 */
export function rsgnForward(
  p: RsgnParams,
  c: RsgnConfig,
  X: FloatArray,
  B: number,
  T: number,
  keepCache = false,
): RsgnOutput {
  const N = c.numNodes, H = c.dimHidden, I = c.dimInput, C = c.numClasses, NB = N * B;
  if (X.length !== B * T * I) {
    throw new RangeError(`rsgnForward: X has ${X.length} values, expected B·T·D_in = ${B * T * I}`);
  }
  releaseUsed();
  const ref = p.positions.data;
  const Xd = shared.inDtypeOf(X, ref);
  const wc = connectionWeights(p, c);
  const ic = ignite(p, c, Xd, B, T, wc.pos);
  const nb = neighbourhood(wc.pos, N, c.dimSpace, c.inhibitionRadius);
  // h⁰ = init_state(mean_t x) ⊙ α⁰
  const { xbar, c0 } = shared.initialState(p, c, Xd, B, T);
  let h = shared.gateState(c0, ic.alpha0, N, B, H, take(ref, NB * H));
  let alpha: FloatArray = ic.alpha0;
  const steps: StepCache[] = [];
  const whT = shared.transposedWh(p, H);
  for (let k = 0; k < c.numSteps; k++) {
    const ht = take(ref, NB * H);
    gateInto(ht, h, alpha, NB, H);
    const s = stepForward(p, c, wc.W, nb, whT, h, ht, alpha, B);
    if (keepCache) steps.push(s.cache);
    // without a cache the step's buffers (its input h, α included) serve the next step
    else give(...stepBuffers(s.cache).filter((a) => a !== ic.alpha0));
    h = s.hOut;
    alpha = s.alphaOut;
  }
  // f_b = Σ_i h_bi α_bi, logits = f W_cᵀ + b_c
  const { features } = shared.readout(h, alpha, N, B, H);
  const logits = shared.head(p, features, B, H, C);
  const out: RsgnOutput = {
    logits,
    alpha: transposeNB(alpha, N, B, like(ref, NB)),
    features,
    alpha0: transposeNB(ic.alpha0, N, B, like(ref, NB)),
    cache: keepCache
      ? { B, T, X: Xd, wc, ic, nb, xbar, c0, steps, hOut: h, alphaOut: alpha, features }
      : undefined,
  };
  // α⁰ belongs to the ignition cache, not to the pool
  const last = [h, alpha].filter((a) => a !== ic.alpha0);
  if (out.cache) {
    cacheBuffers.set(
      out.cache,
      [...steps.flatMap(stepBuffers), ...last].filter((a) => a !== ic.alpha0),
    );
  } else give(...last);
  return out;
}

/**
 * Reverse pass of one step: from ∂h_out and ∂α_out returns ∂h and ∂α of the step's inputs (pooled
 * buffers) and accumulates the parameter gradients into `g` and `dW`.
 */
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
  const { h, alpha, ht, msg, hn, xhat, invStd, alphaNew, q, v } = s;
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
  const dGam = g.lnGamma.data, dBet = g.lnBeta.data, dTh = g.thresholds.data, dbh = g.whb.data;
  const dhn = take(h, NB * H), dh = take(h, NB * H), dAlpha = take(h, NB).fill(0);
  const dxh = new Float64Array(H);
  for (let n = 0; n < N; n++) {
    for (let b = 0; b < B; b++) {
      const r = n * B + b, o = r * H, an = alphaNew[r];
      // h_out = LN(h_new + h) ⊙ α_new: ∂(h_new + h) into dh (h_new and h get the same gradient)
      const dA = shared.residualNormRowBackwardInto(
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
      // ∂‖x‖/∂x = x/‖x‖ (0 at the origin)
      const k = sig > 0 ? (0.1 * du) / sig : 0;
      for (let d = 0; d < H; d++) {
        // dh_new = ∂(h_new + h) + 0.1·du·h_new/‖h_new‖ (added to the rounded ∂(h_new + h))
        const t = sig > 0 ? dh[o + d] + k * hn[o + d] : dh[o + d];
        dhn[o + d] = t;
        // h_new = m W_hᵀ + b: db += dh_new (row by row, in the order of the rows)
        dbh[d] += dhn[o + d];
      }
    }
  }
  // h_new = m W_hᵀ + b
  matmulInto(g.whW.data, dhn, msg, H, NB, H, { transA: true, accumulate: true });
  const dmsg = take(h, NB * H);
  matmulInto(dmsg, dhn, p.whW.data, NB, H, H);
  // m = Wᵀ H̃: dW += H̃ dmᵀ, dH̃ = W dm (into dhn's buffer, no longer needed)
  matmulInto(dW, ht, dmsg, N, R, N, { transB: true, accumulate: true });
  const dht = dhn;
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
  give(dht, dmsg);
  return { dh, dAlpha };
}

/**
 * Reverse pass: gradients of a scalar loss w.r.t. every parameter, given dL/dlogits (B, C)
 * and optionally dL/dα_final (B, N). The cache may be used again until the next
 * {@link rsgnForward}, which reuses its buffers; after that this throws a `RangeError`.
 *
 * @example
 * ```ts
 * import { initParams, presetConfig, rsgnBackward, rsgnForward } from "@neuroplastic/engines/rsgn";
 * import { key } from "@neuroplastic/core/random";
 * const c = presetConfig("readme", { numNodes: 8, dimInput: 2, dimHidden: 4, numClasses: 2 });
 * const p = initParams(c, key(0), "f64");
 * const out = rsgnForward(p, c, new Float64Array(1 * 3 * 2).fill(0.3), 1, 3, true);
 * const g = rsgnBackward(p, c, out.cache!, new Float64Array([1, -1]));
 * console.log(g.clsb.data); // [1, -1]
 * ```
 */
export function rsgnBackward(
  p: RsgnParams,
  c: RsgnConfig,
  cache: RsgnCache,
  dLogits: ArrayLike<number>,
  dAlphaFinal?: ArrayLike<number>,
): RsgnParams {
  const N = c.numNodes, H = c.dimHidden, C = c.numClasses, NB = N * cache.B;
  if (released.has(cache)) {
    throw new RangeError(
      "rsgnBackward: cache was released by an earlier rsgnBackward and its buffers reused by a " +
        "later rsgnForward; run the forward again",
    );
  }
  const { B, T, wc, ic, nb, hOut, alphaOut, features } = cache;
  const g = zerosLikeParams(p);
  const ref = p.positions.data;
  const df = shared.headBackward(p, g, dLogits, features, B, C, H);
  let { dh, dAlpha } = shared.readoutBackward(df, hOut, alphaOut, N, B, H, dAlphaFinal, {
    dh: take(ref, NB * H),
    dAlpha: take(ref, NB),
  });
  const dW = like(ref, N * N);
  for (let k = cache.steps.length - 1; k >= 0; k--) {
    const r = stepBackward(p, c, wc.W, nb, cache.steps[k], B, dh, dAlpha, g, dW);
    give(dh, dAlpha);
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
  give(dh, dAlpha);
  // the cache stays readable (a second backward works) until the next forward reuses its buffers
  if (cacheBuffers.has(cache) && !used.includes(cache)) used.push(cache);
  return g;
}

/**
 * Mean cross-entropy of logits (B, C) against labels, its gradient dL/dlogits and the number of
 * correct argmax predictions (torch `CrossEntropyLoss`, log-softmax in float64).
 *
 * @example
 * ```ts
 * import { crossEntropy } from "@neuroplastic/engines/rsgn";
 * const r = crossEntropy(new Float64Array([0, 0]), Int32Array.of(1), 1, 2);
 * console.log(r.loss.toFixed(4), r.correct); // "0.6931" 0 (ties go to the first class)
 * ```
 */
export function crossEntropy(
  logits: ArrayLike<number>,
  y: ArrayLike<number>,
  B: number,
  C: number,
): { loss: number; dLogits: Float64Array; correct: number } {
  const dl = new Float64Array(B * C);
  let loss = 0, correct = 0;
  for (let b = 0; b < B; b++) {
    let mx = -Infinity, am = 0;
    for (let k = 0; k < C; k++) {
      if (logits[b * C + k] > mx) {
        mx = logits[b * C + k];
        am = k;
      }
    }
    if (am === y[b]) correct++;
    let se = 0;
    for (let k = 0; k < C; k++) se += Math.exp(logits[b * C + k] - mx);
    const lse = mx + Math.log(se);
    // L = −(1/B) Σ_b log softmax(z_b)[y_b]
    loss += lse - logits[b * C + y[b]];
    for (let k = 0; k < C; k++) {
      dl[b * C + k] = (Math.exp(logits[b * C + k] - lse) - (k === y[b] ? 1 : 0)) / B;
    }
  }
  return { loss: loss / B, dLogits: dl, correct };
}
