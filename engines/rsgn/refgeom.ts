/**
 * The reference's remaining Poincaré-ball ops (src/hyperbolic.py; spec §1.1), with its eps
 * placement, for the property tests of spec §8. The model itself only uses the distance and the
 * projection (weights.ts); `@neuroplastic/geometry` has the numerically careful versions.
 *
 * @module
 */
import { BALL_EPS } from "./weights.ts";

const dot = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};

/**
 * x ⊕ y = ((1 + 2⟨x,y⟩ + ‖y‖²)x + (1 − ‖x‖²)y) / (1 + 2⟨x,y⟩ + ‖x‖²‖y‖² + eps).
 *
 * @example
 * ```ts
 * import { refMobiusAdd } from "@neuroplastic/engines/rsgn";
 * console.log(refMobiusAdd([0.1, 0], [0, 0])[0]); // 0.1/(1 + 1e-5)
 * ```
 */
export function refMobiusAdd(x: ArrayLike<number>, y: ArrayLike<number>): Float64Array {
  const xy = dot(x, y), x2 = dot(x, x), y2 = dot(y, y);
  const num1 = 1 + 2 * xy + y2, num2 = 1 - x2;
  const den = 1 + 2 * xy + x2 * y2 + BALL_EPS;
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = (num1 * x[i] + num2 * y[i]) / den;
  return out;
}

/**
 * log_x(y) = (2/λ_x)·atanh(min(n, 1 − eps))·u/n with u = (−x) ⊕ y, n = max(‖u‖, eps),
 * λ_x = 2/(1 − ‖x‖² + eps).
 *
 * @example
 * ```ts
 * import { refLogMap } from "@neuroplastic/engines/rsgn";
 * console.log(refLogMap([0, 0], [0.5, 0])[0].toFixed(4)); // "0.5493"
 * ```
 */
export function refLogMap(x: ArrayLike<number>, y: ArrayLike<number>): Float64Array {
  const u = refMobiusAdd(Array.from(x, (v) => -v), y);
  const n = Math.max(Math.sqrt(dot(u, u)), BALL_EPS);
  const lam = 2 / (1 - dot(x, x) + BALL_EPS);
  const f = ((2 / lam) * Math.atanh(Math.min(n, 1 - BALL_EPS))) / n;
  return u.map((v) => v * f);
}

/**
 * exp_x(v) = x ⊕ (tanh(λ_x·n/2)·v/n), n = max(‖v‖, eps).
 *
 * @example
 * ```ts
 * import { refExpMap } from "@neuroplastic/engines/rsgn";
 * console.log(refExpMap([0, 0], [0.5493061443340549, 0])[0].toFixed(4)); // "0.5000"
 * ```
 */
export function refExpMap(x: ArrayLike<number>, v: ArrayLike<number>): Float64Array {
  const n = Math.max(Math.sqrt(dot(v, v)), BALL_EPS);
  const lam = 2 / (1 - dot(x, x) + BALL_EPS);
  const t = Math.tanh((lam * n) / 2) / n;
  return refMobiusAdd(x, Array.from(v, (a) => a * t));
}
