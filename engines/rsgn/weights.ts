/**
 * The reference's Poincaré-ball pieces as the model uses them (spec §1.1, §1.3, §1.6.8), with
 * hand-written backward passes:
 * - `proj(x, m)` = x·m/(‖x‖ + eps) when ‖x‖ ≥ 1, else x (src/hyperbolic.py `project_to_poincare`);
 * - d(x, y) = acosh(max(1 + 2‖x−y‖²/((1−‖x‖²)(1−‖y‖²) + eps), 1 + eps)) (`HyperbolicDistance`);
 * - W = σ(UVᵀ) ⊙ exp(−d/τ) ⊙ softplus(ℓ_i − ℓ_j + 1) ⊙ (1 − I) (`compute_connection_weights`);
 * - the Euclidean neighbourhood 1[‖P̂_i − P̂_j‖ < radius] of the "inhibition" (`local_inhibition`).
 *
 * @module
 */
import { type FloatArray, matmulInto } from "@neuroplastic/core/tensor";
import type { RsgnConfig } from "./config.ts";
import type { RsgnParams } from "./params.ts";

/** eps of every reference Poincaré op. */
export const BALL_EPS = 1e-5;

const like = (a: FloatArray, n: number): FloatArray =>
  a instanceof Float32Array ? new Float32Array(n) : new Float64Array(n);

/**
 * Row-wise reference projection into `out`; `scale[i]` receives the factor applied to row i
 * (1 when ‖x_i‖ < 1).
 *
 * @example
 * ```ts
 * import { projectRowsRef } from "@neuroplastic/engines/rsgn";
 * const out = new Float64Array(2), s = new Float64Array(1);
 * projectRowsRef(new Float64Array([3, 4]), 1, 2, 0.95, out, s);
 * console.log(out); // ≈ [0.57, 0.76]
 * ```
 */
export function projectRowsRef(
  x: ArrayLike<number>,
  rows: number,
  d: number,
  maxNorm: number,
  out: FloatArray,
  scale: FloatArray,
): FloatArray {
  for (let i = 0; i < rows; i++) {
    let s2 = 0;
    for (let k = 0; k < d; k++) s2 += x[i * d + k] * x[i * d + k];
    const n = Math.sqrt(s2);
    // scale = where(‖x‖ ≥ 1, max_norm/(‖x‖ + eps), 1)   (src/hyperbolic.py project_to_poincare)
    const s = n >= 1 ? maxNorm / (n + BALL_EPS) : 1;
    scale[i] = s;
    for (let k = 0; k < d; k++) out[i * d + k] = x[i * d + k] * s;
  }
  return out;
}

/**
 * Backward of {@link projectRowsRef}: accumulates dx given dy (rows with scale 1 pass through;
 * otherwise dx = s·dy − m·(x·dy)/(‖x‖(‖x‖+eps)²)·x).
 *
 * @example
 * ```ts
 * import { projectRowsRefBackward } from "@neuroplastic/engines/rsgn";
 * const dx = new Float64Array(2);
 * projectRowsRefBackward(new Float64Array([0.1, 0.2]), 1, 2, 0.95, new Float64Array([1]), new Float64Array([1, 1]), dx);
 * console.log(dx); // [1, 1]
 * ```
 */
export function projectRowsRefBackward(
  x: ArrayLike<number>,
  rows: number,
  d: number,
  maxNorm: number,
  scale: ArrayLike<number>,
  dy: ArrayLike<number>,
  dx: FloatArray,
): void {
  for (let i = 0; i < rows; i++) {
    const s = scale[i];
    if (s === 1) {
      for (let k = 0; k < d; k++) dx[i * d + k] += dy[i * d + k];
      continue;
    }
    let s2 = 0, xd = 0;
    for (let k = 0; k < d; k++) {
      s2 += x[i * d + k] * x[i * d + k];
      xd += x[i * d + k] * dy[i * d + k];
    }
    const n = Math.sqrt(s2);
    // ∂(x·m/(n+eps))/∂x = m/(n+eps)·I − m·x xᵀ/(n (n+eps)²)
    const c = n > 0 ? (maxNorm * xd) / (n * (n + BALL_EPS) * (n + BALL_EPS)) : 0;
    for (let k = 0; k < d; k++) dx[i * d + k] += s * dy[i * d + k] - c * x[i * d + k];
  }
}

/**
 * Reference hyperbolic distance of two points (spec §1.1; d(x, x) = acosh(1 + 1e-5) ≈ 0.0044721).
 *
 * @example
 * ```ts
 * import { refDistance } from "@neuroplastic/engines/rsgn";
 * console.log(refDistance([0, 0], [0, 0]).toFixed(7)); // "0.0044721"
 * ```
 */
export function refDistance(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let d2 = 0, x2 = 0, y2 = 0;
  for (let k = 0; k < x.length; k++) {
    d2 += (x[k] - y[k]) * (x[k] - y[k]);
    x2 += x[k] * x[k];
    y2 += y[k] * y[k];
  }
  // d = acosh(max(1 + 2‖x−y‖²/((1−‖x‖²)(1−‖y‖²) + eps), 1 + eps))   (src/hyperbolic.py)
  const arg = 1 + (2 * d2) / ((1 - x2) * (1 - y2) + BALL_EPS);
  return Math.acosh(Math.max(arg, 1 + BALL_EPS));
}

/** Everything the backward pass of the connection weights needs. */
export interface WeightsCache {
  /** Projected positions proj(P_raw, 0.95), (N, D_s). */
  readonly pos: FloatArray;
  /** Projection factors per node. */
  readonly posScale: FloatArray;
  /** σ(UVᵀ), (N, N). */
  readonly affinity: FloatArray;
  /** exp(−d/τ), (N, N). */
  readonly distFactor: FloatArray;
  /** acosh argument before clamping, (N, N). */
  readonly acoshArg: FloatArray;
  /** softplus(ℓ_i − ℓ_j + 1), (N, N). */
  readonly levelFactor: FloatArray;
  /** W, (N, N), row i = from node i (messages to i sum column i). */
  readonly W: FloatArray;
}

const softplus = (x: number): number =>
  // torch F.softplus (β = 1, threshold 20): x when x > 20, else log1p(exp(x))
  x > 20 ? x : Math.log1p(Math.exp(x));
const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/**
 * W = σ(UVᵀ) ⊙ exp(−d(P_i, P_j)/τ) ⊙ softplus(ℓ_i − ℓ_j + 1) ⊙ (1 − I) with P = proj(P_raw, 0.95)
 * (notebook cell 3 `compute_connection_weights`, spec §1.3). Dense N×N.
 *
 * @example
 * ```ts
 * import { connectionWeights, initParams, presetConfig } from "@neuroplastic/engines/rsgn";
 * import { key } from "@neuroplastic/core/random";
 * const c = presetConfig("readme", { numNodes: 8 });
 * const w = connectionWeights(initParams(c, key(0)), c);
 * console.log(w.W[0]); // 0 (zero diagonal)
 * ```
 */
export function connectionWeights(p: RsgnParams, c: RsgnConfig): WeightsCache {
  const N = c.numNodes, S = c.dimSpace, r = c.affinityRank;
  const raw = p.positions.data;
  const pos = like(raw, N * S), posScale = like(raw, N);
  projectRowsRef(raw, N, S, 0.95, pos, posScale);
  const sq = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    let s = 0;
    for (let k = 0; k < S; k++) s += pos[i * S + k] * pos[i * S + k];
    sq[i] = s;
  }
  const affinity = like(raw, N * N);
  // A = σ(U Vᵀ)
  matmulInto(affinity, p.affinityU.data, p.affinityV.data, N, r, N, { transB: true });
  for (let i = 0; i < N * N; i++) affinity[i] = sigmoid(affinity[i]);
  const distFactor = like(raw, N * N), acoshArg = like(raw, N * N);
  const levelFactor = like(raw, N * N), W = like(raw, N * N);
  const lev = p.levels.data, tau = c.tau;
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < N; j++) {
      let d2 = 0;
      for (let k = 0; k < S; k++) {
        const t = pos[i * S + k] - pos[j * S + k];
        d2 += t * t;
      }
      const arg = 1 + (2 * d2) / ((1 - sq[i]) * (1 - sq[j]) + BALL_EPS);
      acoshArg[i * N + j] = arg;
      const dist = Math.acosh(Math.max(arg, 1 + BALL_EPS));
      const df = Math.exp(-dist / tau);
      distFactor[i * N + j] = df;
      const lf = softplus(lev[i] - lev[j] + 1);
      levelFactor[i * N + j] = lf;
      W[i * N + j] = i === j ? 0 : affinity[i * N + j] * df * lf;
    }
  }
  return { pos, posScale, affinity, distFactor, acoshArg, levelFactor, W };
}

/**
 * Backward of {@link connectionWeights}: given dW (N×N) accumulates into `grads.affinityU`,
 * `grads.affinityV`, `grads.levels` and `dPos` (the gradient w.r.t. the *projected*
 * positions; call {@link projectRowsRefBackward} afterwards). The diagonal carries no gradient
 * (masked, and the clamped acosh argument has zero derivative there, spec §7).
 *
 * @example
 * ```ts
 * import { connectionWeights, connectionWeightsBackward, initParams, presetConfig, zerosLikeParams } from "@neuroplastic/engines/rsgn";
 * import { key } from "@neuroplastic/core/random";
 * const c = presetConfig("readme", { numNodes: 4 });
 * const p = initParams(c, key(0), "f64");
 * const wc = connectionWeights(p, c);
 * const g = zerosLikeParams(p);
 * connectionWeightsBackward(p, c, wc, new Float64Array(16).fill(1), g, new Float64Array(12));
 * ```
 */
export function connectionWeightsBackward(
  p: RsgnParams,
  c: RsgnConfig,
  wc: WeightsCache,
  dW: ArrayLike<number>,
  grads: RsgnParams,
  dPos: FloatArray,
): void {
  const N = c.numNodes, S = c.dimSpace, r = c.affinityRank;
  const { pos, affinity, distFactor, acoshArg, levelFactor } = wc;
  const lev = p.levels.data, tau = c.tau, dLev = grads.levels.data;
  const dS = like(pos, N * N);
  const sq = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    let s = 0;
    for (let k = 0; k < S; k++) s += pos[i * S + k] * pos[i * S + k];
    sq[i] = s;
  }
  const dSq = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < N; j++) {
      if (i === j) continue;
      const ij = i * N + j;
      const g = dW[ij];
      if (g === 0) continue;
      const A = affinity[ij], df = distFactor[ij], lf = levelFactor[ij];
      // ∂W/∂A = df·lf; A = σ(S): ∂A/∂S = A(1 − A)
      dS[ij] = g * df * lf * A * (1 - A);
      // ∂softplus(x)/∂x = σ(x) (torch: 1 above the threshold 20)
      const x = lev[i] - lev[j] + 1;
      const dx = g * A * df * (x > 20 ? 1 : sigmoid(x));
      dLev[i] += dx;
      dLev[j] -= dx;
      const arg = acoshArg[ij];
      if (!(arg >= 1 + 1e-5)) continue; // clamp(min = 1 + eps): zero gradient below
      // ∂exp(−d/τ)/∂d = −df/τ; ∂acosh(a)/∂a = 1/√(a² − 1)
      const da = (-g * A * lf * df / tau) / Math.sqrt(arg * arg - 1);
      let d2 = 0;
      for (let k = 0; k < S; k++) {
        const t = pos[i * S + k] - pos[j * S + k];
        d2 += t * t;
      }
      const den = (1 - sq[i]) * (1 - sq[j]) + 1e-5;
      // arg = 1 + 2·d2/den
      const dd2 = (da * 2) / den;
      const dden = (-da * 2 * d2) / (den * den);
      dSq[i] += -dden * (1 - sq[j]);
      dSq[j] += -dden * (1 - sq[i]);
      for (let k = 0; k < S; k++) {
        const t = 2 * dd2 * (pos[i * S + k] - pos[j * S + k]);
        dPos[i * S + k] += t;
        dPos[j * S + k] -= t;
      }
    }
  }
  for (let i = 0; i < N; i++) {
    for (let k = 0; k < S; k++) dPos[i * S + k] += 2 * dSq[i] * pos[i * S + k];
  }
  // S = U Vᵀ: dU += dS V, dV += dSᵀ U
  matmulInto(grads.affinityU.data, dS, p.affinityV.data, N, N, r, { accumulate: true });
  matmulInto(grads.affinityV.data, dS, p.affinityU.data, N, N, r, {
    transA: true,
    accumulate: true,
  });
}

/** Neighbour lists (CSR) of a symmetric 0/1 matrix. */
export interface Neighbourhood {
  /** Row offsets (N + 1). */
  readonly offsets: Int32Array;
  /** Column indices. */
  readonly index: Int32Array;
  /** c_i = Σ_j Nb_ij (includes i itself). */
  readonly count: Float64Array;
}

/**
 * Nb_ij = 1[‖P̂_i − P̂_j‖ < radius] (Euclidean, includes i = j; notebook `local_inhibition`).
 *
 * @example
 * ```ts
 * import { neighbourhood } from "@neuroplastic/engines/rsgn";
 * const nb = neighbourhood(new Float64Array([0, 0, 0.1, 0, 0.9, 0]), 3, 2, 0.3);
 * console.log(Array.from(nb.count)); // [2, 2, 1]
 * ```
 */
export function neighbourhood(
  pos: ArrayLike<number>,
  N: number,
  S: number,
  radius: number,
): Neighbourhood {
  const offsets = new Int32Array(N + 1);
  const idx: number[] = [];
  const count = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < N; j++) {
      // symmetric evaluation order so that Nb is exactly symmetric
      const a = i < j ? i : j, b = i < j ? j : i;
      let d2 = 0;
      for (let k = 0; k < S; k++) {
        const t = pos[a * S + k] - pos[b * S + k];
        d2 += t * t;
      }
      if (Math.sqrt(d2) < radius) idx.push(j);
    }
    offsets[i + 1] = idx.length;
    count[i] = offsets[i + 1] - offsets[i];
  }
  return { offsets, index: Int32Array.from(idx), count };
}
