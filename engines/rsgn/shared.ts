/**
 * The pieces the faithful model (`model.ts`) and the sparse variant (`sparse.ts`) share around
 * their propagation steps (notebook cell 3 `RSGClassifier.forward`, spec §1.3–§1.7): the input in
 * the parameters' dtype, the initial state h⁰ = init_state(mean_t x) ⊙ α⁰, the residual
 * LayerNorm of one node row, the α-weighted readout and the linear head, each with its backward.
 *
 * Layouts are the models' internal ones: node states (N, B, D_h), activations (N, B).
 *
 * @module
 */
import { type FloatArray, matmulInto } from "@neuroplastic/core/tensor";
import type { RsgnConfig } from "./config.ts";
import type { RsgnParams } from "./params.ts";

const like = (a: FloatArray, n: number): FloatArray =>
  a instanceof Float32Array ? new Float32Array(n) : new Float64Array(n);

const LN_EPS = 1e-5;

/**
 * X in the dtype of `ref` (the parameters'): X itself when it already is, else a converted copy.
 *
 * @example
 * ```ts
 * import { inDtypeOf } from "./shared.ts";
 * console.log(inDtypeOf(new Float64Array([0.5]), new Float32Array(1)) instanceof Float32Array); // true
 * ```
 */
export function inDtypeOf(X: FloatArray, ref: FloatArray): FloatArray {
  return (X instanceof Float32Array) === (ref instanceof Float32Array)
    ? X
    : (ref instanceof Float32Array ? Float32Array.from(X) : Float64Array.from(X));
}

/** The initial state before gating, kept for {@link initialStateBackward}. */
export interface InitialState {
  /** Time-mean input (B, D_in). */
  readonly xbar: FloatArray;
  /** Initial state before gating by α⁰, init_state(x̄) (B, D_h). */
  readonly c0: FloatArray;
}

/**
 * x̄ = mean_t x and c0 = init_state(x̄) = x̄ W_initᵀ + b_init for X (B, T, D_in) in the parameters'
 * dtype.
 *
 * @example
 * ```ts
 * import { initParams, presetConfig } from "@neuroplastic/engines/rsgn";
 * import { key } from "@neuroplastic/core/random";
 * import { initialState } from "./shared.ts";
 * const c = presetConfig("readme", { dimInput: 2, dimHidden: 4 });
 * const s = initialState(initParams(c, key(0)), c, new Float32Array(2 * 3 * 2).fill(1), 2, 3);
 * console.log(Array.from(s.xbar)); // [1, 1, 1, 1]
 * ```
 */
export function initialState(
  p: RsgnParams,
  c: RsgnConfig,
  X: FloatArray,
  B: number,
  T: number,
): InitialState {
  const H = c.dimHidden, I = c.dimInput, ref = p.positions.data;
  const xbar = like(ref, B * I);
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) {
      for (let i = 0; i < I; i++) xbar[b * I + i] += X[(b * T + t) * I + i];
    }
    for (let i = 0; i < I; i++) xbar[b * I + i] /= T;
  }
  const c0 = like(ref, B * H);
  // h⁰ = init_state(mean_t x) ⊙ α⁰   (notebook `RSGClassifier.forward`)
  matmulInto(c0, xbar, p.initW.data, B, I, H, { transB: true });
  for (let b = 0; b < B; b++) for (let d = 0; d < H; d++) c0[b * H + d] += p.initb.data[d];
  return { xbar, c0 };
}

/**
 * h⁰ (N, B, D_h) = c0 ⊗ α⁰: row (n, b) is c0_b scaled by α⁰_nb (rows with α⁰ = 0 are 0), into
 * `out` (every element written) or a new array.
 *
 * @example
 * ```ts
 * import { gateState } from "./shared.ts";
 * const h = gateState(Float64Array.of(1, 2), Float64Array.of(0.5, 0), 2, 1, 2);
 * console.log(Array.from(h)); // [0.5, 1, 0, 0]
 * ```
 */
export function gateState(
  c0: FloatArray,
  alpha0: FloatArray,
  N: number,
  B: number,
  H: number,
  out?: FloatArray,
): FloatArray {
  const h = out ?? like(c0, N * B * H);
  for (let n = 0; n < N; n++) {
    for (let b = 0; b < B; b++) {
      const a = alpha0[n * B + b], o = (n * B + b) * H;
      // h⁰_nb = c0_b α⁰_nb
      if (a !== 0) { for (let d = 0; d < H; d++) h[o + d] = c0[b * H + d] * a; }
      else h.fill(0, o, o + H);
    }
  }
  return h;
}

/**
 * Backward of {@link initialState} and {@link gateState}: from dh⁰ (N, B, D_h) adds ∂/∂α⁰ into
 * `dAlpha` (N, B) in place and accumulates ∂W_init, ∂b_init into `g`.
 *
 * @example
 * ```ts
 * import { initParams, presetConfig, zerosLikeParams } from "@neuroplastic/engines/rsgn";
 * import { key } from "@neuroplastic/core/random";
 * import { initialState, initialStateBackward } from "./shared.ts";
 * const c = presetConfig("readme", { numNodes: 2, dimInput: 2, dimHidden: 4 });
 * const p = initParams(c, key(0), "f64");
 * const s = initialState(p, c, new Float64Array(3 * 2).fill(1), 1, 3);
 * const g = zerosLikeParams(p), dAlpha = new Float64Array(2);
 * initialStateBackward(p, c, g, new Float64Array(2 * 4).fill(1), dAlpha, Float64Array.of(1, 1), s, 1);
 * console.log(Array.from(g.initb.data)); // [2, 2, 2, 2]
 * ```
 */
export function initialStateBackward(
  p: RsgnParams,
  c: RsgnConfig,
  g: RsgnParams,
  dh: FloatArray,
  dAlpha: FloatArray,
  alpha0: FloatArray,
  s: InitialState,
  B: number,
): void {
  const N = c.numNodes, H = c.dimHidden, I = c.dimInput;
  const dc0 = like(p.positions.data, B * H);
  for (let n = 0; n < N; n++) {
    for (let b = 0; b < B; b++) {
      const r = n * B + b, o = r * H, a = alpha0[r];
      if (a === 0) continue;
      let da = 0;
      // h⁰ = c0 ⊗ α⁰: dc0_b += Σ_n dh_nb α⁰_nb, dα⁰_nb = dh_nb · c0_b
      for (let d = 0; d < H; d++) {
        dc0[b * H + d] += dh[o + d] * a;
        da += dh[o + d] * s.c0[b * H + d];
      }
      dAlpha[r] += da;
    }
  }
  // c0 = x̄ W_initᵀ + b_init
  matmulInto(g.initW.data, dc0, s.xbar, H, B, I, { transA: true, accumulate: true });
  for (let b = 0; b < B; b++) for (let d = 0; d < H; d++) g.initb.data[d] += dc0[b * H + d];
}

/**
 * W_hᵀ (D_h, D_h) row-major, so that h_new = m W_hᵀ is a plain product.
 *
 * @example
 * ```ts
 * import { initParams, presetConfig } from "@neuroplastic/engines/rsgn";
 * import { key } from "@neuroplastic/core/random";
 * import { transposedWh } from "./shared.ts";
 * const c = presetConfig("readme", { dimHidden: 4 });
 * const p = initParams(c, key(0));
 * console.log(transposedWh(p, 4)[1] === p.whW.data[4]); // true
 * ```
 */
export function transposedWh(p: RsgnParams, H: number): FloatArray {
  const whT = like(p.positions.data, H * H);
  for (let i = 0; i < H; i++) for (let j = 0; j < H; j++) whT[j * H + i] = p.whW.data[i * H + j];
  return whT;
}

/**
 * Residual LayerNorm of the node row at offset `o` (biased variance, eps 1e-5), given the row mean
 * `mu` of h_new + h (the caller's, so that it may come from unrounded h_new): writes x̂ and
 * h_out = (x̂γ + β)·a and returns 1/σ.
 *
 * @example
 * ```ts
 * import { residualNormRow } from "./shared.ts";
 * const xhat = new Float64Array(2), out = new Float64Array(2);
 * const g = Float64Array.of(1, 1), b = Float64Array.of(0, 0);
 * residualNormRow(Float64Array.of(1, 0), Float64Array.of(0, -1), 0, 0, g, b, 0.5, xhat, out, 2);
 * console.log(out[0] > 0.49 && out[1] < -0.49); // true
 * ```
 */
export function residualNormRow(
  hn: FloatArray,
  h: FloatArray,
  o: number,
  mu: number,
  gam: FloatArray,
  bet: FloatArray,
  a: number,
  xhat: FloatArray,
  hOut: FloatArray,
  H: number,
): number {
  return residualNormRowAt(hn, o, h, o, mu, gam, bet, a, xhat, hOut, o, H);
}

/**
 * {@link residualNormRow} for a row whose h_new, h and outputs live at their own offsets (`on`,
 * `oh`, `oo`), as the sparse variant's compact buffers keep them.
 *
 * @example
 * ```ts
 * import { residualNormRowAt } from "./shared.ts";
 * const xhat = new Float64Array(2), out = new Float64Array(2);
 * const g = Float64Array.of(1, 1), b = Float64Array.of(0, 0);
 * residualNormRowAt(Float64Array.of(1, 0), 0, Float64Array.of(0, -1), 0, 0, g, b, 0.5, xhat, out, 0, 2);
 * console.log(out[0] > 0.49 && out[1] < -0.49); // true
 * ```
 */
export function residualNormRowAt(
  hn: FloatArray,
  on: number,
  h: FloatArray,
  oh: number,
  mu: number,
  gam: FloatArray,
  bet: FloatArray,
  a: number,
  xhat: FloatArray,
  hOut: FloatArray,
  oo: number,
  H: number,
): number {
  let vr = 0;
  for (let d = 0; d < H; d++) {
    const z = hn[on + d] + h[oh + d] - mu;
    vr += z * z;
  }
  // LayerNorm(h_new + h), biased variance, eps 1e-5 (torch `nn.LayerNorm`)
  const is = 1 / Math.sqrt(vr / H + LN_EPS);
  for (let d = 0; d < H; d++) {
    const xh = (hn[on + d] + h[oh + d] - mu) * is;
    xhat[oo + d] = xh;
    // h_out = LN(h_new + h) ⊙ α
    hOut[oo + d] = (xh * gam[d] + bet[d]) * a;
  }
  return is;
}

/**
 * Backward of {@link residualNormRow} for the row at offset `o`: from ∂h_out (`dOut`) accumulates
 * ∂γ, ∂β, writes ∂(h_new + h) into `dhn` and `dh`, and returns `dA0` + ∂/∂a. `dxh` is scratch
 * (D_h).
 *
 * @example
 * ```ts
 * import { residualNormRowBackward } from "./shared.ts";
 * const H = 2, z = () => new Float64Array(H);
 * const dGam = z(), dBet = z(), dhn = z(), dh = z();
 * const da = residualNormRowBackward(Float64Array.of(1, 1), Float64Array.of(1, -1), 0, 1, 0.5,
 *   Float64Array.of(1, 1), Float64Array.of(0, 0), dGam, dBet, z(), dhn, dh, 0, H);
 * console.log(da, Array.from(dBet)); // 0 [0.5, 0.5]
 * ```
 */
export function residualNormRowBackward(
  dOut: FloatArray,
  xhat: FloatArray,
  o: number,
  invStd: number,
  a: number,
  gam: FloatArray,
  bet: FloatArray,
  dGam: FloatArray,
  dBet: FloatArray,
  dxh: Float64Array,
  dhn: FloatArray,
  dh: FloatArray,
  dA0: number,
  H: number,
): number {
  const dA = residualNormRowBackwardInto(
    dOut,
    xhat,
    o,
    invStd,
    a,
    gam,
    bet,
    dGam,
    dBet,
    dxh,
    dhn,
    dA0,
    H,
  );
  // h_new and h enter the sum alike: the same gradient for both
  for (let d = 0; d < H; d++) dh[o + d] = dhn[o + d];
  return dA;
}

/**
 * Backward of {@link residualNormRowAt} for the row at offset `o` of `dOut` and `xhat`: accumulates
 * ∂γ, ∂β, writes ∂(h_new + h) at `o` of `dz` and returns `dA0` + ∂/∂a. `dxh` is scratch (D_h).
 *
 * @example
 * ```ts
 * import { residualNormRowBackwardInto } from "./shared.ts";
 * const z = () => new Float64Array(2);
 * const dBet = z();
 * const da = residualNormRowBackwardInto(Float64Array.of(1, 1), Float64Array.of(1, -1), 0, 1, 0.5,
 *   Float64Array.of(1, 1), Float64Array.of(0, 0), z(), dBet, z(), z(), 0, 2);
 * console.log(da, Array.from(dBet)); // 0 [0.5, 0.5]
 * ```
 */
export function residualNormRowBackwardInto(
  dOut: FloatArray,
  xhat: FloatArray,
  o: number,
  invStd: number,
  a: number,
  gam: FloatArray,
  bet: FloatArray,
  dGam: FloatArray,
  dBet: FloatArray,
  dxh: Float64Array,
  dz: FloatArray,
  dA0: number,
  H: number,
): number {
  let dA = dA0, m1 = 0, m2 = 0;
  for (let d = 0; d < H; d++) {
    const go = dOut[o + d], xh = xhat[o + d];
    // h_out = y ⊙ α, y = x̂γ + β
    dA += go * (xh * gam[d] + bet[d]);
    const dy = go * a;
    dGam[d] += dy * xh;
    dBet[d] += dy;
    const t = dy * gam[d];
    dxh[d] = t;
    m1 += t;
    m2 += t * xh;
  }
  m1 /= H;
  m2 /= H;
  for (let d = 0; d < H; d++) {
    // LayerNorm backward: dz = (dx̂ − mean(dx̂) − x̂·mean(dx̂ ⊙ x̂)) / σ
    dz[o + d] = (dxh[d] - m1 - xhat[o + d] * m2) * invStd;
  }
  return dA;
}

/**
 * Readout features f_b = Σ_n h_nb α_nb (B, D_h) from states (N, B, D_h) and activations (N, B);
 * rows with α = 0 are skipped. Returns the features and the number of rows read.
 *
 * @example
 * ```ts
 * import { readout } from "./shared.ts";
 * const r = readout(Float64Array.of(1, 2, 3, 4), Float64Array.of(0.5, 0), 2, 1, 2);
 * console.log(Array.from(r.features), r.rows); // [0.5, 1] 1
 * ```
 */
export function readout(
  h: FloatArray,
  alpha: FloatArray,
  N: number,
  B: number,
  H: number,
): { features: FloatArray; rows: number } {
  const features = like(h, B * H);
  let rows = 0;
  for (let n = 0; n < N; n++) {
    for (let b = 0; b < B; b++) {
      const a = alpha[n * B + b], o = (n * B + b) * H;
      if (a === 0) continue;
      rows++;
      // f_b = Σ_i h_bi α_bi   (notebook `RSGClassifier.forward`, α-weighted sum over nodes)
      for (let d = 0; d < H; d++) features[b * H + d] += h[o + d] * a;
    }
  }
  return { features, rows };
}

/**
 * Backward of {@link readout}: from ∂f (B, D_h) returns ∂h (N, B, D_h) and ∂α (N, B), the latter
 * plus `dAlphaFinal` (B, N) when given; into `out`'s arrays (every element written) when given.
 *
 * @example
 * ```ts
 * import { readoutBackward } from "./shared.ts";
 * const r = readoutBackward(Float64Array.of(1, 1), Float64Array.of(1, 2, 3, 4), Float64Array.of(0.5, 0), 2, 1, 2);
 * console.log(Array.from(r.dAlpha)); // [3, 7]
 * ```
 */
export function readoutBackward(
  df: FloatArray,
  h: FloatArray,
  alpha: FloatArray,
  N: number,
  B: number,
  H: number,
  dAlphaFinal?: ArrayLike<number>,
  out?: { dh: FloatArray; dAlpha: FloatArray },
): { dh: FloatArray; dAlpha: FloatArray } {
  const dh = out?.dh ?? like(h, N * B * H), dAlpha = out?.dAlpha ?? like(h, N * B);
  for (let n = 0; n < N; n++) {
    for (let b = 0; b < B; b++) {
      const r = n * B + b, o = r * H, a = alpha[r];
      let da = dAlphaFinal ? dAlphaFinal[b * N + n] : 0;
      // f_b = Σ_n h_nb α_nb: dh_nb = df_b α_nb, dα_nb = df_b · h_nb
      for (let d = 0; d < H; d++) {
        dh[o + d] = df[b * H + d] * a;
        da += df[b * H + d] * h[o + d];
      }
      dAlpha[r] = da;
    }
  }
  return { dh, dAlpha };
}

/**
 * The linear head logits = f W_cᵀ + b_c (B, C) from features f (B, D_h).
 *
 * @example
 * ```ts
 * import { initParams, presetConfig } from "@neuroplastic/engines/rsgn";
 * import { key } from "@neuroplastic/core/random";
 * import { head } from "./shared.ts";
 * const c = presetConfig("readme", { dimHidden: 4, numClasses: 3 });
 * console.log(head(initParams(c, key(0)), new Float32Array(2 * 4), 2, 4, 3).length); // 6
 * ```
 */
export function head(
  p: RsgnParams,
  features: FloatArray,
  B: number,
  H: number,
  C: number,
): FloatArray {
  const logits = like(p.positions.data, B * C);
  // logits = f W_cᵀ + b_c   (notebook `classifier`)
  matmulInto(logits, features, p.clsW.data, B, H, C, { transB: true });
  for (let b = 0; b < B; b++) for (let k = 0; k < C; k++) logits[b * C + k] += p.clsb.data[k];
  return logits;
}

/**
 * Backward of {@link head} `logits = f W_cᵀ + b_c` (f: the α-weighted readout features, B×H):
 * accumulates ∂W_c and ∂b_c into `g` and returns ∂f (B×H). Shared by the faithful and the sparse
 * model.
 *
 * @example
 * ```ts
 * import { Effect } from "effect";
 * import { decodeRsgnConfig, headBackward, initParams, PRESETS, zerosLikeParams } from "@neuroplastic/engines/rsgn";
 * import { key } from "@neuroplastic/core/random";
 * const c = Effect.runSync(decodeRsgnConfig({ ...PRESETS.readme }));
 * const p = initParams(c, key(0), "f64");
 * const g = zerosLikeParams(p);
 * const df = headBackward(p, g, new Float64Array(c.numClasses), new Float64Array(c.dimHidden), 1, c.numClasses, c.dimHidden);
 * console.log(df.length); // 128
 * ```
 */
export function headBackward(
  p: RsgnParams,
  g: RsgnParams,
  dLogits: ArrayLike<number>,
  features: FloatArray,
  B: number,
  C: number,
  H: number,
): FloatArray {
  const ref = p.positions.data;
  const dl = like(ref, B * C);
  for (let i = 0; i < B * C; i++) dl[i] = dLogits[i];
  // logits = f W_cᵀ + b_c
  matmulInto(g.clsW.data, dl, features, C, B, H, { transA: true, accumulate: true });
  for (let b = 0; b < B; b++) for (let k = 0; k < C; k++) g.clsb.data[k] += dl[b * C + k];
  const df = like(ref, B * H);
  matmulInto(df, dl, p.clsW.data, B, C, H);
  return df;
}
