/**
 * Input-dependent ignition (spec §1.4, notebook cell 3 `ignite`) with its backward pass:
 * sparks S = tanh(L2(GELU(L1 x)))·s, S' = proj(S, 0.9), E_btn = ‖S'_bt − P_n‖² (Euclidean),
 * α⁰_bn = exp(−min_t E_btn / (2·0.4²)). The gradient of the min goes to the argmin token only.
 *
 * @module
 */
import { type FloatArray, matmulInto } from "@neuroplastic/core/tensor";
import type { RsgnConfig } from "./config.ts";
import type { RsgnParams } from "./params.ts";
import { projectRowsRef, projectRowsRefBackward } from "./weights.ts";

const TWO_OVER_SQRT_PI = 1.1283791670955126;
const INV_SQRT_2PI = 0.3989422804014327;

/**
 * The error function to about 1e-15 (Maclaurin series below 2.5, the erfc continued fraction
 * above, ±1 beyond 6).
 *
 * @example
 * ```ts
 * import { erf } from "@neuroplastic/engines/rsgn";
 * console.log(erf(1).toFixed(10)); // "0.8427007929"
 * ```
 */
export function erf(x: number): number {
  const ax = Math.abs(x), sg = x < 0 ? -1 : 1;
  if (ax < 2.5) {
    // erf x = 2/√π Σ_n (−1)^n x^(2n+1) / (n! (2n+1))
    const x2 = ax * ax;
    let term = ax, sum = ax;
    for (let n = 1; n < 80; n++) {
      term *= -x2 / n;
      const t = term / (2 * n + 1);
      sum += t;
      if (Math.abs(t) < 1e-17 * Math.abs(sum)) break;
    }
    return sg * TWO_OVER_SQRT_PI * sum;
  }
  if (ax > 6) return sg;
  // erfc x = e^{−x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …))))
  let t = ax;
  for (let k = 80; k >= 1; k--) t = ax + (k / 2) / t;
  const erfc = Math.exp(-ax * ax) / (1.7724538509055159 * t);
  return sg * (1 - erfc);
}

/**
 * GELU, exact erf form (torch `nn.GELU()` default): 0.5·x·(1 + erf(x/√2)).
 *
 * @example
 * ```ts
 * import { gelu } from "@neuroplastic/engines/rsgn";
 * console.log(gelu(1).toFixed(6)); // "0.841345"
 * ```
 */
export function gelu(x: number): number {
  return 0.5 * x * (1 + erf(x / Math.SQRT2));
}

/**
 * d GELU/dx = Φ(x) + x·φ(x).
 *
 * @example
 * ```ts
 * import { geluGrad } from "@neuroplastic/engines/rsgn";
 * console.log(geluGrad(0)); // 0.5
 * ```
 */
export function geluGrad(x: number): number {
  return 0.5 * (1 + erf(x / Math.SQRT2)) + x * INV_SQRT_2PI * Math.exp(-0.5 * x * x);
}

/** Forward values of the ignition kept for the backward pass. */
export interface IgnitionCache {
  /** L1 x + b1, (B·T, 4D_s). */
  readonly z1: FloatArray;
  /** GELU(z1). */
  readonly g1: FloatArray;
  /** tanh(L2 g1 + b2), (B·T, D_s). */
  readonly th: FloatArray;
  /** Sparks before projection, th·s. */
  readonly sparksRaw: FloatArray;
  /** Projection factors per spark. */
  readonly sparkScale: FloatArray;
  /** Projected sparks S', (B·T, D_s). */
  readonly sparks: FloatArray;
  /** Argmin token per (node, sample), layout (N, B). */
  readonly argT: Int32Array;
  /** α⁰, layout (N, B). */
  readonly alpha0: FloatArray;
}

const like = (a: FloatArray, n: number): FloatArray =>
  a instanceof Float32Array ? new Float32Array(n) : new Float64Array(n);

/**
 * Ignition α⁰ (layout (N, B)) from inputs X (B, T, D_in) and projected positions `pos`.
 *
 * @example
 * ```ts
 * import { connectionWeights, ignite, initParams, presetConfig } from "@neuroplastic/engines/rsgn";
 * import { key } from "@neuroplastic/core/random";
 * const c = presetConfig("readme", { numNodes: 8, dimInput: 2 });
 * const p = initParams(c, key(0));
 * const ic = ignite(p, c, new Float32Array(2 * 3 * 2).fill(0.1), 2, 3, connectionWeights(p, c).pos);
 * console.log(ic.alpha0.every((a) => a > 0 && a <= 1)); // true
 * ```
 */
export function ignite(
  p: RsgnParams,
  c: RsgnConfig,
  X: FloatArray,
  B: number,
  T: number,
  pos: FloatArray,
): IgnitionCache {
  const I = c.dimInput, S = c.dimSpace, E = 4 * S, N = c.numNodes, BT = B * T;
  const ref = p.positions.data;
  const z1 = like(ref, BT * E), g1 = like(ref, BT * E);
  // z1 = x W1ᵀ + b1
  matmulInto(z1, X, p.embed1W.data, BT, I, E, { transB: true });
  const b1 = p.embed1b.data;
  for (let r = 0; r < BT; r++) {
    for (let e = 0; e < E; e++) {
      const v = z1[r * E + e] + b1[e];
      z1[r * E + e] = v;
      g1[r * E + e] = gelu(v);
    }
  }
  const th = like(ref, BT * S);
  matmulInto(th, g1, p.embed2W.data, BT, E, S, { transB: true });
  const b2 = p.embed2b.data, s = p.inputScale.data[0];
  const sparksRaw = like(ref, BT * S);
  for (let r = 0; r < BT; r++) {
    for (let k = 0; k < S; k++) {
      const v = Math.tanh(th[r * S + k] + b2[k]);
      th[r * S + k] = v;
      // sparks = input_embed(x) · input_scale
      sparksRaw[r * S + k] = v * s;
    }
  }
  const sparks = like(ref, BT * S), sparkScale = like(ref, BT);
  projectRowsRef(sparksRaw, BT, S, 0.9, sparks, sparkScale);
  const argT = new Int32Array(N * B), alpha0 = like(ref, N * B);
  for (let b = 0; b < B; b++) {
    for (let n = 0; n < N; n++) {
      let best = Infinity, bt = 0;
      for (let t = 0; t < T; t++) {
        const o = (b * T + t) * S;
        let d2 = 0;
        for (let k = 0; k < S; k++) {
          const u = sparks[o + k] - pos[n * S + k];
          d2 += u * u;
        }
        if (d2 < best) {
          best = d2;
          bt = t;
        }
      }
      argT[n * B + b] = bt;
      // α⁰ = exp(−min_t ‖S'_bt − P_n‖² / (2·0.4²))   (notebook `ignite`, σ_ign = 0.4)
      alpha0[n * B + b] = Math.exp(-best / 0.32);
    }
  }
  return { z1, g1, th, sparksRaw, sparkScale, sparks, argT, alpha0 };
}

/**
 * Backward of {@link ignite}: from dα⁰ (layout (N, B)) accumulates into the embedding
 * gradients, `grads.inputScale` and `dPos` (gradient w.r.t. projected positions).
 *
 * @example
 * ```ts
 * import { connectionWeights, ignite, igniteBackward, initParams, presetConfig, zerosLikeParams } from "@neuroplastic/engines/rsgn";
 * import { key } from "@neuroplastic/core/random";
 * const c = presetConfig("readme", { numNodes: 4, dimInput: 2 });
 * const p = initParams(c, key(0), "f64");
 * const X = new Float64Array(2 * 3 * 2).fill(0.1);
 * const wc = connectionWeights(p, c);
 * const ic = ignite(p, c, X, 2, 3, wc.pos);
 * const g = zerosLikeParams(p);
 * igniteBackward(p, c, X, 2, 3, wc.pos, ic, new Float64Array(8).fill(1), g, new Float64Array(12));
 * ```
 */
export function igniteBackward(
  p: RsgnParams,
  c: RsgnConfig,
  X: FloatArray,
  B: number,
  T: number,
  pos: FloatArray,
  ic: IgnitionCache,
  dAlpha0: ArrayLike<number>,
  grads: RsgnParams,
  dPos: FloatArray,
): void {
  const I = c.dimInput, S = c.dimSpace, E = 4 * S, N = c.numNodes, BT = B * T;
  const { sparks, argT, alpha0 } = ic;
  const dSparks = like(sparks, BT * S);
  for (let n = 0; n < N; n++) {
    for (let b = 0; b < B; b++) {
      const a = alpha0[n * B + b];
      // dα⁰/dm = −α⁰/0.32; dm/dS'_{t*} = 2(S' − P_n)
      const dm = dAlpha0[n * B + b] * (-a / 0.32);
      if (dm === 0) continue;
      const o = (b * T + argT[n * B + b]) * S;
      for (let k = 0; k < S; k++) {
        const u = 2 * dm * (sparks[o + k] - pos[n * S + k]);
        dSparks[o + k] += u;
        dPos[n * S + k] -= u;
      }
    }
  }
  const dRaw = like(sparks, BT * S);
  projectRowsRefBackward(ic.sparksRaw, BT, S, 0.9, ic.sparkScale, dSparks, dRaw);
  const s = p.inputScale.data[0];
  const dZ2 = like(sparks, BT * S);
  const db2 = grads.embed2b.data;
  let dScale = 0;
  for (let r = 0; r < BT * S; r++) {
    const th = ic.th[r];
    dScale += dRaw[r] * th;
    // d tanh = 1 − tanh²
    const v = dRaw[r] * s * (1 - th * th);
    dZ2[r] = v;
    db2[r % S] += v;
  }
  grads.inputScale.data[0] += dScale;
  // z2 = g1 W2ᵀ: dW2 += dZ2ᵀ g1, dG1 = dZ2 W2
  matmulInto(grads.embed2W.data, dZ2, ic.g1, S, BT, E, { transA: true, accumulate: true });
  const dZ1 = like(sparks, BT * E);
  matmulInto(dZ1, dZ2, p.embed2W.data, BT, S, E);
  const db1 = grads.embed1b.data;
  for (let r = 0; r < BT; r++) {
    for (let e = 0; e < E; e++) {
      const v = dZ1[r * E + e] * geluGrad(ic.z1[r * E + e]);
      dZ1[r * E + e] = v;
      db1[e] += v;
    }
  }
  matmulInto(grads.embed1W.data, dZ1, X, E, BT, I, { transA: true, accumulate: true });
}
