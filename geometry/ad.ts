/**
 * `@neuroplastic/geometry/ad`: the Poincaré-ball operations (curvature −c, c > 0) as autodiff
 * functions on `Var`s of `@neuroplastic/core/autodiff`, for models that learn hyperbolic
 * positions (RSGN). Points and tangent vectors lie along the **last axis**; leading axes are
 * batch axes and broadcast (NumPy rules), so `mobiusAdd(x [n,d], y [d], c)` translates every row.
 *
 * The formulas are those of the value kernels in this package (Ganea, Bécigneul & Hofmann 2018,
 * "Hyperbolic Neural Networks", §2.2–2.3) and agree with them to ~1e-15 for points with
 * ‖x‖ ≤ 0.9/√c (tested to 1e-12). Removable singularities at the origin (tanh(z)/z,
 * artanh(z)/z) are fused ops with series near 0, and norms are zero-safe, so values and
 * gradients are finite at x = 0 and for coincident points. Point-valued results (⊕, ⊗, exp maps)
 * are clamped to radius (1 − BOUNDARY_GUARD)/√c like the value kernels; {@link project} is the
 * explicit projection with the documented default eps (`PROJECT_EPS`: 1e-5 in f64, 4e-3 in f32).
 *
 * Ops: mobiusAdd, mobiusScalarMul, mobiusMatvec, gyration, expMap0, logMap0, expMap, logMap,
 * parallelTransport, distance, pairwiseDistances (fused), project, conformalFactor,
 * einsteinMidpoint.
 *
 * @example
 * ```ts
 * import { distance, expMap0 } from "@neuroplastic/geometry/ad";
 * import { constant, grad, type Var } from "@neuroplastic/core/autodiff";
 * import { fromNested } from "@neuroplastic/core/tensor";
 * // d(0, exp₀(v)) = 2‖v‖ for c = 1, so the gradient is 2·v/‖v‖ = [1.2, 1.6]
 * const origin = constant(fromNested([0, 0]));
 * const g = grad((p) => distance(origin, expMap0(p as Var, 1), 1))(fromNested([0.3, 0.4]));
 * console.log(g);
 * ```
 *
 * @module
 */
import {
  add,
  allocLike,
  div,
  type In,
  makeVar,
  mul,
  neg,
  norm,
  sub,
  type Var,
} from "@neuroplastic/core/autodiff";
import { ShapeMismatch } from "@neuroplastic/core/errors";
import { checkCurvature, defaultProjectEps, gapAt, guardFor } from "./ball.ts";
import { distanceAt } from "./distance.ts";
import {
  artanhc,
  clampNorm,
  guard,
  mobiusAddRaw,
  sqNorm,
  sqrtVar,
  squeezeLast,
  tanhc,
} from "./ad_ops.ts";

export { einsteinMidpoint, gyration, mobiusMatvec, parallelTransport } from "./ad_extra.ts";
/** The autodiff types these functions take and return (from `@neuroplastic/core/autodiff`). */
export type { Backward, FloatArray, GradSink, In, Var } from "@neuroplastic/core/autodiff";

/**
 * Möbius addition (Ganea et al. 2018, §2.2):
 * x ⊕_c y = ((1 + 2c⟨x,y⟩ + c‖y‖²) x + (1 − c‖x‖²) y) / (1 + 2c⟨x,y⟩ + c²‖x‖²‖y‖²).
 *
 * @example
 * ```ts
 * import { mobiusAdd } from "@neuroplastic/geometry/ad";
 * import { constant } from "@neuroplastic/core/autodiff";
 * import { fromNested } from "@neuroplastic/core/tensor";
 * console.log(mobiusAdd(constant(fromNested([0.5, 0])), constant(fromNested([0.5, 0])), 1).value); // [0.8, 0]
 * ```
 */
export function mobiusAdd(x: Var, y: Var, c: number): Var {
  checkCurvature(c);
  return guard(mobiusAddRaw(x, y, c), c);
}

/**
 * Möbius scalar multiplication (Ganea et al. 2018, §2.2):
 * r ⊗_c x = (1/√c) tanh(r artanh(√c‖x‖)) x/‖x‖, computed as
 * r · tanhc(r·artanh(z)) · artanhc(z) · x with z = √c‖x‖ (smooth at x = 0, where it is r·x).
 * `r` may be a number or a `Var` (broadcast against the row axis, e.g. shape [..., 1]).
 *
 * @example
 * ```ts
 * import { mobiusScalarMul } from "@neuroplastic/geometry/ad";
 * import { constant } from "@neuroplastic/core/autodiff";
 * import { fromNested } from "@neuroplastic/core/tensor";
 * console.log(mobiusScalarMul(2, constant(fromNested([0.5, 0])), 1).value); // [0.8, 0]
 * ```
 */
export function mobiusScalarMul(r: In, x: Var, c: number): Var {
  checkCurvature(c);
  const z = mul(norm(x, -1, true), Math.sqrt(c));
  const k = mul(mul(tanhc(mul(atanhOf(z), r)), artanhc(z)), r);
  return guard(mul(k, x), c);
}

function atanhOf(z: Var): Var {
  // artanh(z) = z · artanhc(z) keeps the op smooth at 0 with one fused node
  return mul(z, artanhc(z));
}

/**
 * Exponential map at the origin (Ganea et al. 2018, Lemma 2): exp₀(v) = tanh(√c‖v‖) v/(√c‖v‖).
 *
 * @example
 * ```ts
 * import { expMap0 } from "@neuroplastic/geometry/ad";
 * import { constant } from "@neuroplastic/core/autodiff";
 * import { fromNested } from "@neuroplastic/core/tensor";
 * console.log(expMap0(constant(fromNested([1, 0])), 1).value[0]); // tanh(1) = 0.7615941559557649
 * ```
 */
export function expMap0(v: Var, c: number): Var {
  checkCurvature(c);
  return guard(mul(tanhc(mul(norm(v, -1, true), Math.sqrt(c))), v), c);
}

/**
 * Logarithmic map at the origin (Ganea et al. 2018, Lemma 2): log₀(y) = artanh(√c‖y‖) y/(√c‖y‖).
 *
 * @example
 * ```ts
 * import { logMap0 } from "@neuroplastic/geometry/ad";
 * import { constant } from "@neuroplastic/core/autodiff";
 * import { fromNested } from "@neuroplastic/core/tensor";
 * console.log(logMap0(constant(fromNested([0.5, 0])), 1).value[0]); // artanh(0.5) = 0.5493061443340548
 * ```
 */
export function logMap0(y: Var, c: number): Var {
  checkCurvature(c);
  return mul(artanhc(mul(norm(y, -1, true), Math.sqrt(c))), y);
}

/**
 * Exponential map at x (Ganea et al. 2018, Lemma 2):
 * exp_x(v) = x ⊕_c (tanh(√c λ_x‖v‖/2) v/(√c‖v‖)), λ_x = 2/(1 − c‖x‖²); the second operand is
 * tanhc(z)·(λ_x/2)·v with z = √c(λ_x/2)‖v‖.
 *
 * @example
 * ```ts
 * import { expMap } from "@neuroplastic/geometry/ad";
 * import { constant } from "@neuroplastic/core/autodiff";
 * import { fromNested } from "@neuroplastic/core/tensor";
 * console.log(expMap(constant(fromNested([0, 0])), constant(fromNested([1, 0])), 1).value[0]); // tanh(1)
 * ```
 */
export function expMap(x: Var, v: Var, c: number): Var {
  checkCurvature(c);
  // λ_x / 2 = 1/(1 − c‖x‖²)
  const half = div(1, sub(1, mul(sqNorm(x), c)));
  const z = mul(mul(half, norm(v, -1, true)), Math.sqrt(c));
  const w = mul(mul(tanhc(z), half), v);
  return guard(mobiusAddRaw(x, w, c), c);
}

/**
 * Logarithmic map at x (Ganea et al. 2018, Lemma 2):
 * log_x(y) = (2/(√c λ_x)) artanh(√c‖u‖) u/‖u‖ with u = (−x) ⊕_c y, i.e.
 * (1 − c‖x‖²)·artanhc(√c‖u‖)·u. log_x(x) = 0.
 *
 * @example
 * ```ts
 * import { logMap } from "@neuroplastic/geometry/ad";
 * import { constant } from "@neuroplastic/core/autodiff";
 * import { fromNested } from "@neuroplastic/core/tensor";
 * console.log(logMap(constant(fromNested([0, 0])), constant(fromNested([0.5, 0])), 1).value[0]); // artanh(0.5)
 * ```
 */
export function logMap(x: Var, y: Var, c: number): Var {
  checkCurvature(c);
  const u = mobiusAddRaw(neg(x), y, c);
  const k = artanhc(mul(norm(u, -1, true), Math.sqrt(c)));
  return mul(mul(sub(1, mul(sqNorm(x), c)), k), u);
}

/**
 * Geodesic distance along the last axis (Ganea et al. 2018, §2.2):
 * d_c(x, y) = (2/√c) artanh(√c‖(−x) ⊕ y‖), evaluated as (2/√c) artanh(√c·s/√D) with
 * s = ‖x − y‖, D = c s² + (1 − c‖x‖²)(1 − c‖y‖²) (the closed form of the value kernel, module
 * doc of distance.ts). Zero-safe: d(x, x) = 0 with a zero gradient.
 *
 * @example
 * ```ts
 * import { distance } from "@neuroplastic/geometry/ad";
 * import { constant } from "@neuroplastic/core/autodiff";
 * import { fromNested } from "@neuroplastic/core/tensor";
 * console.log(distance(constant(fromNested([0, 0])), constant(fromNested([0.5, 0])), 1).value[0]); // ln 3
 * ```
 */
export function distance(x: Var, y: Var, c: number, keepDims = false): Var {
  checkCurvature(c);
  const diff = sub(x, y);
  const s = norm(diff, -1, true);
  const A = sub(1, mul(sqNorm(x), c)), B = sub(1, mul(sqNorm(y), c));
  // D = c s² + A B
  const D = add(mul(sqNorm(diff), c), mul(A, B));
  const t = div(mul(s, Math.sqrt(c)), sqrtVar(D));
  const dist = mul(mul(t, artanhc(t)), 2 / Math.sqrt(c));
  return keepDims ? dist : squeezeLast(dist);
}

/**
 * All pairwise distances D_ij = d_c(X_i, Y_j) between the rows of X [n, d] and Y [m, d], as one
 * fused node (pass X twice for the distances within one set). The forward values are those of
 * the value kernel `pairwiseDistances` bit for bit (zero diagonal, exact symmetry); with
 * s = ‖x − y‖, A = 1 − c‖x‖², B = 1 − c‖y‖², D = c s² + AB the gradients are
 * ∂d/∂x = (2/√D)((x − y)/s + c s x/A), ∂d/∂y = (2/√D)((y − x)/s + c s y/B), and 0 for s = 0
 * (from cosh(√c d) = 1 + 2c s²/(AB)).
 *
 * @example
 * ```ts
 * import { pairwiseDistances } from "@neuroplastic/geometry/ad";
 * import { constant } from "@neuroplastic/core/autodiff";
 * import { fromNested } from "@neuroplastic/core/tensor";
 * const X = constant(fromNested([[0, 0], [0.5, 0]]));
 * console.log(pairwiseDistances(X, X, 1).value); // [0, ln 3, ln 3, 0]
 * ```
 */
export function pairwiseDistances(X: Var, Y: Var, c: number): Var {
  checkCurvature(c);
  if (X.shape.length !== 2 || Y.shape.length !== 2 || X.shape[1] !== Y.shape[1]) {
    throw new ShapeMismatch({
      what: "pairwiseDistances rows [n, d] and [m, d]",
      expected: X.shape,
      actual: Y.shape,
    });
  }
  const [n, d] = X.shape, m = Y.shape[0];
  const xv = X.value, yv = Y.value;
  const A = new Float64Array(n), B = new Float64Array(m);
  for (let i = 0; i < n; i++) A[i] = gapAt(xv, i * d, d, c);
  for (let j = 0; j < m; j++) B[j] = gapAt(yv, j * d, d, c);
  const out = allocLike(xv, n * m);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) out[i * m + j] = distanceAt(xv, i * d, A[i], yv, j * d, B[j], d, c);
  }
  return makeVar(out, [n, m], [X, Y], (g, sink) => {
    const gX = sink(0), gY = sink(1);
    for (let i = 0; i < n; i++) {
      const xo = i * d;
      for (let j = 0; j < m; j++) {
        const gij = g[i * m + j];
        if (gij === 0) continue;
        const yo = j * d;
        let s2 = 0;
        for (let k = 0; k < d; k++) {
          const t = xv[xo + k] - yv[yo + k];
          s2 += t * t;
        }
        if (s2 === 0) continue;
        const s = Math.sqrt(s2), D = c * s2 + A[i] * B[j];
        const f = (2 * gij) / Math.sqrt(D);
        // ∂d/∂x = (2/√D)((x − y)/s + c s x/A), ∂d/∂y = (2/√D)((y − x)/s + c s y/B)
        const ax = (c * s) / A[i], by = (c * s) / B[j];
        for (let k = 0; k < d; k++) {
          const u = (xv[xo + k] - yv[yo + k]) / s;
          if (gX !== null) gX[xo + k] += f * (u + ax * xv[xo + k]);
          if (gY !== null) gY[yo + k] += f * (-u + by * yv[yo + k]);
        }
      }
    }
  });
}

/**
 * Projection onto the open ball: rows with ‖x‖ ≥ (1 − eps)/√c are scaled to norm (1 − eps)/√c,
 * others pass unchanged (the `project` value kernel; torch/geoopt `proj` with a `where`).
 * Default eps: `PROJECT_EPS` (1e-5 for f64, 4e-3 for f32), never below `BOUNDARY_GUARD`.
 * Gradient: identity inside; (r/‖x‖)(ḡ − x⟨x,ḡ⟩/‖x‖²) on projected rows.
 *
 * @example
 * ```ts
 * import { project } from "@neuroplastic/geometry/ad";
 * import { constant } from "@neuroplastic/core/autodiff";
 * import { fromNested } from "@neuroplastic/core/tensor";
 * console.log(project(constant(fromNested([3, 4])), 1).value); // [0.599994, 0.799992]
 * ```
 */
export function project(x: Var, c: number, eps?: number): Var {
  checkCurvature(c);
  const g = guardFor(x.value);
  const e0 = eps ?? defaultProjectEps(x.value);
  const e = e0 > g ? e0 : g;
  return clampNorm(x, (1 - e) / Math.sqrt(c));
}

/**
 * Conformal factor λ_x = 2/(1 − c‖x‖²) along the last axis (Ganea et al. 2018, §2.1).
 *
 * @example
 * ```ts
 * import { conformalFactor } from "@neuroplastic/geometry/ad";
 * import { constant } from "@neuroplastic/core/autodiff";
 * import { fromNested } from "@neuroplastic/core/tensor";
 * console.log(conformalFactor(constant(fromNested([0.5, 0])), 1).value[0]); // 2.6666666666666665
 * ```
 */
export function conformalFactor(x: Var, c: number, keepDims = false): Var {
  checkCurvature(c);
  const lam = div(2, sub(1, mul(sqNorm(x), c)));
  return keepDims ? lam : squeezeLast(lam);
}
