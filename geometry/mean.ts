/**
 * Weighted means of points on the Poincaré ball of curvature −c: the closed-form Einstein
 * midpoint (gyromidpoint) and the iterative Fréchet (Karcher) mean.
 *
 * @module
 */
import {
  allocLike,
  checkCurvature,
  clampRowInPlace,
  type FloatArray,
  gapAt,
  guardFor,
  rowsOf,
  sqNormAt,
} from "./ball.ts";
import { distanceAt } from "./distance.ts";

function checkWeights(w: FloatArray | undefined, n: number, what: string): void {
  if (n === 0) throw new RangeError(`${what}: no points`);
  if (w === undefined) return;
  if (w.length !== n) throw new RangeError(`${what}: ${w.length} weights for ${n} points`);
  let s = 0;
  for (let i = 0; i < n; i++) {
    if (!(w[i] >= 0 && w[i] < Infinity)) {
      throw new RangeError(`${what}: weight ${i} is ${w[i]}; weights must be finite and ≥ 0`);
    }
    s += w[i];
  }
  if (!(s > 0)) throw new RangeError(`${what}: the weights sum to 0`);
}

/**
 * Weighted Einstein midpoint (gyromidpoint) of n points X (row-major n·d), closed form in the
 * Klein model (Ungar 2008, "Analytic Hyperbolic Geometry…", §6; Gulcehre et al. 2019,
 * "Hyperbolic Attention Networks", §4.2):
 *   k_i = 2x_i/(1 + c‖x_i‖²) (Poincaré → Klein),  γ_i = 1/√(1 − c‖k_i‖²),
 *   m_K = Σ w_i γ_i k_i / Σ w_i γ_i,              m = m_K / (1 + √(1 − c‖m_K‖²)) (Klein → Poincaré).
 * In Poincaré coordinates γ_i k_i = λ_i x_i and γ_i = λ_i − 1 = (1 + c‖x_i‖²)/(1 − c‖x_i‖²)
 * (λ_i the conformal factor), which is what is computed (no square roots per point); the Klein
 * gap 1 − c‖m_K‖² is formed as a sum of positive terms (see the code), so points near the
 * boundary keep full accuracy.
 * Weights must be finite and ≥ 0, not all 0 (default: uniform). For two points with equal
 * weights it is the geodesic midpoint; in general it differs from the Fréchet mean.
 * The result is clamped strictly inside the ball.
 *
 * @example
 * ```ts
 * import { einsteinMidpoint } from "@neuroplastic/geometry";
 * const m = einsteinMidpoint(new Float64Array([0.5, 0, -0.5, 0]), 2, 1);
 * console.log(m[0], m[1]); // 0 0
 * ```
 */
export function einsteinMidpoint<T extends FloatArray>(
  X: T,
  d: number,
  c: number,
  weights?: FloatArray,
  out?: T,
): T {
  checkCurvature(c);
  const n = rowsOf(X.length, d, "einsteinMidpoint");
  checkWeights(weights, n, "einsteinMidpoint");
  const o = out ?? allocLike(X, d);
  const acc = new Float64Array(d);
  einsteinInto(X, n, d, c, weights, acc);
  for (let i = 0; i < d; i++) o[i] = acc[i];
  clampRowInPlace(o, 0, d, c, guardFor(o));
  return o;
}

/**
 * Einstein midpoint into the f64 buffer `acc` (length d), unclamped.
 *
 * With A_i = 1 − c‖x_i‖², u_i = w_i/A_i, U = Σu_i, num = Σ w_i λ_i x_i = 2Σ u_i x_i and
 * den = Σ w_i γ_i = Σ u_i (1 + c‖x_i‖²), the Klein mean is m_K = num/den and
 *   m = m_K/(1 + √(1 − c‖m_K‖²)) = num / (den + √Q),   Q = den² − c‖num‖².
 * Q cancels badly near the boundary if formed as written, so it is evaluated as a sum of positive
 * terms: den² − c‖num‖² = Σ_ij w_i w_j γ_i γ_j (1 − c⟨k_i, k_j⟩) = Σ_ij w_i w_j cosh(√c d_ij)
 * (Minkowski products of the hyperboloid lifts), and cosh(√c d_ij) = 1 + 2c‖x_i − x_j‖²/(A_i A_j)
 * (Ganea et al. 2018, §2.2), so with x̄ = Σu_i x_i/U:
 *   Q = (Σw)² + 2c Σ_ij u_i u_j ‖x_i − x_j‖² = (Σw)² + 4c U Σ_i u_i ‖x_i − x̄‖².
 */
function einsteinInto(
  X: FloatArray,
  n: number,
  d: number,
  c: number,
  w: FloatArray | undefined,
  acc: Float64Array,
): void {
  acc.fill(0);
  let den = 0, U = 0, W = 0;
  for (let r = 0; r < n; r++) {
    const wr = w === undefined ? 1 : w[r];
    if (wr === 0) continue;
    const A = gapAt(X, r * d, d, c);
    const u = wr / A;
    for (let i = 0; i < d; i++) acc[i] += u * X[r * d + i];
    // γ = (1 + c‖x‖²)/A.
    den += u * (1 + c * sqNormAt(X, r * d, d));
    U += u;
    W += wr;
  }
  // acc = Σ u_i x_i = num/2; spread = Σ u_i ‖x_i − x̄‖².
  let spread = 0;
  for (let r = 0; r < n; r++) {
    const wr = w === undefined ? 1 : w[r];
    if (wr === 0) continue;
    let e2 = 0;
    for (let i = 0; i < d; i++) {
      const e = X[r * d + i] - acc[i] / U;
      e2 += e * e;
    }
    spread += (wr / gapAt(X, r * d, d, c)) * e2;
  }
  const Q = W * W + 4 * c * U * spread;
  // m = num/(den + √Q) with num = 2·acc.
  const k = 2 / (den + Math.sqrt(Q));
  for (let i = 0; i < d; i++) acc[i] *= k;
}

/** Options of {@link frechetMean}. */
export interface FrechetMeanOptions<T extends FloatArray> {
  /** Non-negative weights, one per point (default: uniform). */
  readonly weights?: FloatArray;
  /** Stop when the last step's hyperbolic length d_c(y_k, y_{k+1}) ≤ tol (default 1e-12). */
  readonly tol?: number;
  /** Maximum number of iterations (default 200). */
  readonly maxIter?: number;
  /** Output buffer of length d (default: a new array of X's storage type). */
  readonly out?: T;
}

/** Result of {@link frechetMean}. */
export interface FrechetMeanResult<T extends FloatArray> {
  /** The mean (length d), strictly inside the ball. */
  readonly mean: T;
  /** Iterations performed. */
  readonly iterations: number;
  /** Hyperbolic length of the last step. */
  readonly lastStep: number;
  /** Whether lastStep ≤ tol was reached before maxIter. */
  readonly converged: boolean;
}

/**
 * Weighted Fréchet (Karcher) mean argmin_y Σ w_i d_c(x_i, y)² of n points X (row-major n·d),
 * by the fixed-point iteration of Lou et al. 2020, "Differentiating through the Fréchet Mean"
 * (ICML), Algorithm 1 (Poincaré ball, c = 1), applied to √c·x (d_c(x, y) = d_1(√c x, √c y)/√c):
 *   u_l = c‖x_l − y‖²/((1 − c‖x_l‖²)(1 − c‖y‖²)),  g(u) = 2 arccosh(1 + 2u)/√(u² + u),
 *   α_l = w_l g(u_l)/(1 − c‖x_l‖²),  a = Σα_l,  b = Σα_l x_l,  s = Σα_l c‖x_l‖²,
 *   y ← ((a + s) − √((a + s)² − 4c‖b‖²)) / (2c‖b‖²) · b.
 * It is evaluated as y ← 2b / ((a + s) + √((a + s)² − 4c‖b‖²)) (no cancellation, b = 0 → 0),
 * with g(u) = 4 arsinh(√u)/√(u(1 + u)) (arccosh(1 + 2u) = 2 arsinh √u; g(0) = 4).
 * (Derivation: setting the Euclidean gradient of Σ w_l d²(x_l, y) to 0 gives
 * y(a + s − 2⟨b, y⟩) = b(1 − c‖y‖²), whose solution inside the ball is the update above with
 * α frozen at the current y; so fixed points are exactly stationary points. The objective is
 * strictly geodesically convex, hence the stationary point is the unique mean; Lou et al. prove
 * convergence of the iteration.) Starts from the Einstein midpoint.
 *
 * Tolerance: iteration stops when the hyperbolic length of the last step is ≤ tol (default
 * 1e-12, in units of distance; for means with ‖y‖ ≤ 0.99/√c the rounding noise of one step is
 * ~1e-14, so the default is reachable) or after maxIter (default 200) iterations.
 *
 * @example
 * ```ts
 * import { frechetMean } from "@neuroplastic/geometry";
 * const r = frechetMean(new Float64Array([0.5, 0, 0, 0.5]), 2, 1);
 * console.log(r.converged, r.mean[0].toFixed(6) === r.mean[1].toFixed(6)); // true true
 * ```
 */
export function frechetMean<T extends FloatArray>(
  X: T,
  d: number,
  c: number,
  opts: FrechetMeanOptions<T> = {},
): FrechetMeanResult<T> {
  checkCurvature(c);
  const n = rowsOf(X.length, d, "frechetMean");
  const w = opts.weights;
  checkWeights(w, n, "frechetMean");
  const tol = opts.tol ?? 1e-12;
  const maxIter = opts.maxIter ?? 200;
  const gx = new Float64Array(n);
  const nx = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    const x2 = sqNormAt(X, r * d, d);
    nx[r] = c * x2;
    gx[r] = gapAt(X, r * d, d, c);
  }
  let y = new Float64Array(d);
  let next = new Float64Array(d);
  einsteinInto(X, n, d, c, w, y);
  clampRowInPlace(y, 0, d, c, guardFor(y));
  let iterations = 0;
  let lastStep = Infinity;
  while (iterations < maxIter) {
    const gy = gapAt(y, 0, d, c);
    let a = 0, s = 0;
    next.fill(0);
    for (let r = 0; r < n; r++) {
      const wr = w === undefined ? 1 : w[r];
      if (wr === 0) continue;
      let e2 = 0;
      for (let i = 0; i < d; i++) {
        const e = X[r * d + i] - y[i];
        e2 += e * e;
      }
      const u = (c * e2) / (gx[r] * gy);
      const su = Math.sqrt(u);
      // g(u) = 4 arsinh(√u)/(√u √(1+u)), limit 4 at u = 0.
      const g = su < 1e-8 ? 4 / Math.sqrt(1 + u) : (4 * Math.asinh(su)) / (su * Math.sqrt(1 + u));
      const al = (wr * g) / gx[r];
      a += al;
      s += al * nx[r];
      for (let i = 0; i < d; i++) next[i] += al * X[r * d + i];
    }
    const b2 = c * sqNormAt(next, 0, d);
    const as = a + s;
    const disc = as * as - 4 * b2;
    const k = 2 / (as + Math.sqrt(disc > 0 ? disc : 0));
    for (let i = 0; i < d; i++) next[i] *= k;
    clampRowInPlace(next, 0, d, c, guardFor(next));
    iterations++;
    lastStep = distanceAt(y, 0, gy, next, 0, gapAt(next, 0, d, c), d, c);
    const t = y;
    y = next;
    next = t;
    if (lastStep <= tol) break;
  }
  const o = opts.out ?? allocLike(X, d);
  for (let i = 0; i < d; i++) o[i] = y[i];
  clampRowInPlace(o, 0, d, c, guardFor(o));
  return { mean: o, iterations, lastStep, converged: lastStep <= tol };
}
