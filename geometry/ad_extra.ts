/**
 * More Poincaré-ball operations as autodiff functions (re-exported by `geometry/ad.ts`):
 * gyration, parallel transport, Möbius matrix-vector product, Einstein midpoint.
 *
 * @module
 */
import {
  add,
  div,
  linear,
  mul,
  neg,
  norm,
  reshape,
  sqrt,
  sub,
  sum,
  type Var,
} from "@neuroplastic/core/autodiff";
import { ShapeMismatch } from "@neuroplastic/core/errors";
import { checkCurvature } from "./ball.ts";
import { artanhc, dot, guard, sqNorm, tanhc } from "./ad_ops.ts";

/**
 * Gyration gyr[u, v] w = −(u ⊕ v) ⊕ (u ⊕ (v ⊕ w)) in the closed form of the value kernel
 * (Ungar 2008, ch. 3): w + 2(a u + b v)/D with a = −c²⟨u,w⟩‖v‖² + c⟨v,w⟩ + 2c²⟨u,v⟩⟨v,w⟩,
 * b = −c²⟨v,w⟩‖u‖² − c⟨u,w⟩, D = 1 + 2c⟨u,v⟩ + c²‖u‖²‖v‖². Not clamped (a rotation).
 *
 * @example
 * ```ts
 * import { gyration } from "@neuroplastic/geometry/ad";
 * import { constant } from "@neuroplastic/core/autodiff";
 * import { fromNested } from "@neuroplastic/core/tensor";
 * const g = gyration(constant(fromNested([0.3, 0])), constant(fromNested([0, 0.4])), constant(fromNested([1, 0])), 1);
 * console.log(Math.hypot(g.value[0], g.value[1])); // 1
 * ```
 */
export function gyration(u: Var, v: Var, w: Var, c: number): Var {
  checkCurvature(c);
  const c2 = c * c;
  const u2 = sqNorm(u), v2 = sqNorm(v), uv = dot(u, v), uw = dot(u, w), vw = dot(v, w);
  const a = add(add(mul(mul(uw, v2), -c2), mul(vw, c)), mul(mul(uv, vw), 2 * c2));
  const b = sub(mul(mul(vw, u2), -c2), mul(uw, c));
  const D = add(add(1, mul(uv, 2 * c)), mul(mul(u2, v2), c2));
  return add(w, div(mul(add(mul(a, u), mul(b, v)), 2), D));
}

/**
 * Parallel transport of v from T_x to T_y: P_{x→y}(v) = ((1 − c‖y‖²)/(1 − c‖x‖²)) gyr[y, −x] v
 * (Ganea et al. 2018, §2.3; Ungar 2008).
 *
 * @example
 * ```ts
 * import { parallelTransport } from "@neuroplastic/geometry/ad";
 * import { constant } from "@neuroplastic/core/autodiff";
 * import { fromNested } from "@neuroplastic/core/tensor";
 * const o = constant(fromNested([0, 0])), y = constant(fromNested([0.5, 0]));
 * console.log(parallelTransport(o, y, constant(fromNested([1, 0])), 1).value[0]); // 0.75
 * ```
 */
export function parallelTransport(x: Var, y: Var, v: Var, c: number): Var {
  checkCurvature(c);
  const scale = div(sub(1, mul(sqNorm(y), c)), sub(1, mul(sqNorm(x), c)));
  return mul(scale, gyration(y, neg(x), v, c));
}

/**
 * Möbius matrix-vector product (Ganea et al. 2018, §3.2) for M [m, d] and points x [..., d]:
 * M ⊗_c x = (1/√c) tanh(‖Mx‖/‖x‖ · artanh(√c‖x‖)) Mx/‖Mx‖, evaluated as
 * tanhc(√c‖Mx‖·artanhc(√c‖x‖)) · artanhc(√c‖x‖) · Mx (smooth, 0 when Mx = 0 or x = 0).
 *
 * @example
 * ```ts
 * import { mobiusMatvec } from "@neuroplastic/geometry/ad";
 * import { constant } from "@neuroplastic/core/autodiff";
 * import { fromNested } from "@neuroplastic/core/tensor";
 * const I = constant(fromNested([[1, 0], [0, 1]]));
 * console.log(mobiusMatvec(I, constant(fromNested([0.3, 0.4])), 1).value); // ≈ [0.3, 0.4]
 * ```
 */
export function mobiusMatvec(M: Var, x: Var, c: number): Var {
  checkCurvature(c);
  const sc = Math.sqrt(c);
  const Mx = linear(x, M);
  const ac = artanhc(mul(norm(x, -1, true), sc));
  const k = mul(tanhc(mul(mul(norm(Mx, -1, true), ac), sc)), ac);
  return guard(mul(k, Mx), c);
}

/**
 * Weighted Einstein midpoint of the rows of X [n, d] (weights w [n], default uniform), the closed
 * form of the value kernel in Poincaré coordinates: with A_i = 1 − c‖x_i‖², u_i = w_i/A_i,
 * num = 2Σ u_i x_i, den = Σ u_i (1 + c‖x_i‖²): m = num/(den + √(den² − c‖num‖²))
 * (Ungar 2008, §6; Gulcehre et al. 2019, §4.2). Returns a point of shape [d].
 *
 * @example
 * ```ts
 * import { einsteinMidpoint } from "@neuroplastic/geometry/ad";
 * import { constant } from "@neuroplastic/core/autodiff";
 * import { fromNested } from "@neuroplastic/core/tensor";
 * console.log(einsteinMidpoint(constant(fromNested([[0.5, 0], [-0.5, 0]])), 1).value); // [0, 0]
 * ```
 */
export function einsteinMidpoint(X: Var, c: number, w?: Var): Var {
  checkCurvature(c);
  if (X.shape.length !== 2) {
    throw new ShapeMismatch({
      what: "einsteinMidpoint rows [n, d]",
      expected: [-1, -1],
      actual: X.shape,
    });
  }
  const n = X.shape[0];
  const x2 = sqNorm(X); // [n, 1]
  const A = sub(1, mul(x2, c));
  const u = w === undefined ? div(1, A) : div(reshape(w, [n, 1]), A);
  const num = mul(sum(mul(u, X), 0), 2); // [d]
  const den = sum(mul(u, add(1, mul(x2, c)))); // []
  const Q = sub(mul(den, den), mul(sum(mul(num, num)), c));
  return guard(div(num, add(den, sqrt(Q))), c);
}
