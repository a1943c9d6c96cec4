/**
 * Internal building blocks of `geometry/ad.ts`: the fused tanh(z)/z and artanh(z)/z ops, row
 * norms and dot products along the last axis, the norm clamp used by projection and the
 * boundary guard, and the unclamped Möbius addition. Not part of the public API.
 *
 * @module
 */
import { add, allocLike, div, makeVar, mul, sub, sum, type Var } from "@neuroplastic/core/autodiff";
import { artanh, ATANH_MAX, guardFor } from "./ball.ts";

/** tanh(z)/z and artanh(z)/z as fused unary ops with their derivatives (series below 1e-3). */
export function ratioOp(a: Var, hyperbolic: boolean): Var {
  const x = a.value, n = x.length, y = allocLike(x, n);
  for (let i = 0; i < n; i++) {
    const z = x[i];
    // tanhc(z) = tanh z / z (→ 1 − z²/3), artanhc(z) = artanh z / z (→ 1 + z²/3); same
    // thresholds as tanhc/artanhc of ball.ts
    if (hyperbolic) y[i] = Math.abs(z) < 1e-8 ? 1 - (z * z) / 3 : Math.tanh(z) / z;
    // the artanh argument is clamped to ±ATANH_MAX as in the value kernels (finite off the ball)
    else y[i] = Math.abs(z) < 1e-8 ? 1 + (z * z) / 3 : artanh(z) / z;
  }
  return makeVar(y, a.shape, [a], (g, sink) => {
    const gx = sink(0);
    if (gx === null) return;
    for (let i = 0; i < n; i++) {
      const z = x[i], z2 = z * z;
      let d: number;
      if (hyperbolic) {
        // d/dz tanh z / z = (1 − tanh²z)/z − tanh z / z² ; series −2z/3 + 8z³/15 − 34z⁵/105
        if (Math.abs(z) < 1e-3) d = z * (-2 / 3 + z2 * (8 / 15 - (34 / 105) * z2));
        else {
          const t = Math.tanh(z);
          d = (1 - t * t) / z - t / z2;
        }
      } else {
        // d/dz artanh z / z = 1/(z(1 − z²)) − artanh z / z² ; series 2z/3 + 4z³/5 + 6z⁵/7
        if (Math.abs(z) < 1e-3) d = z * (2 / 3 + z2 * (4 / 5 + (6 / 7) * z2));
        else if (Math.abs(z) > ATANH_MAX) d = -artanh(z) / z2; // clamped: only the 1/z factor varies
        else d = 1 / (z * (1 - z2)) - Math.atanh(z) / z2;
      }
      gx[i] += g[i] * d;
    }
  });
}

export const tanhc = (a: Var): Var => ratioOp(a, true);
export const artanhc = (a: Var): Var => ratioOp(a, false);

/** ‖x‖² along the last axis, kept as a size-1 axis. */
export const sqNorm = (x: Var): Var => sum(mul(x, x), -1, true);

/** ⟨x, y⟩ along the last axis, kept as a size-1 axis. */
export const dot = (x: Var, y: Var): Var => sum(mul(x, y), -1, true);

/**
 * Rows (last axis) with ‖x‖ ≥ rmax scaled to norm rmax; one fused node. Returns `x` itself when
 * no row needs scaling. Gradient of x·rmax/‖x‖: (rmax/‖x‖)(ḡ − x⟨x, ḡ⟩/‖x‖²).
 */
export function clampNorm(x: Var, rmax: number): Var {
  const r = x.shape.length;
  const d = r === 0 ? 1 : x.shape[r - 1];
  const xv = x.value, rows = d === 0 ? 0 : xv.length / d;
  const scale = new Float64Array(rows);
  let any = false;
  for (let k = 0; k < rows; k++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += xv[k * d + j] * xv[k * d + j];
    const nrm = Math.sqrt(s);
    if (nrm >= rmax) {
      scale[k] = nrm;
      any = true;
    }
  }
  if (!any) return x;
  const y = allocLike(xv, xv.length);
  for (let k = 0; k < rows; k++) {
    const o = k * d, nrm = scale[k];
    if (nrm === 0) { for (let j = 0; j < d; j++) y[o + j] = xv[o + j]; }
    else for (let j = 0; j < d; j++) y[o + j] = (xv[o + j] / nrm) * rmax;
  }
  return makeVar(y, x.shape, [x], (g, sink) => {
    const gx = sink(0);
    if (gx === null) return;
    for (let k = 0; k < rows; k++) {
      const o = k * d, nrm = scale[k];
      if (nrm === 0) {
        for (let j = 0; j < d; j++) gx[o + j] += g[o + j];
        continue;
      }
      let xg = 0;
      for (let j = 0; j < d; j++) xg += xv[o + j] * g[o + j];
      const f = rmax / nrm, h = xg / (nrm * nrm);
      for (let j = 0; j < d; j++) gx[o + j] += f * (g[o + j] - xv[o + j] * h);
    }
  });
}

/** The boundary clamp of every point-valued op (radius (1 − guard)/√c, guard by dtype). */
export const guard = (y: Var, c: number): Var =>
  clampNorm(y, (1 - guardFor(y.value)) / Math.sqrt(c));

/** x ⊕_c y without the boundary clamp. */
export function mobiusAddRaw(x: Var, y: Var, c: number): Var {
  const xy = dot(x, y), x2 = sqNorm(x), y2 = sqNorm(y);
  // (1 + 2c⟨x,y⟩ + c‖y‖²) x + (1 − c‖x‖²) y
  const a = add(add(1, mul(xy, 2 * c)), mul(y2, c));
  const num = add(mul(a, x), mul(sub(1, mul(x2, c)), y));
  // 1 + 2c⟨x,y⟩ + c²‖x‖²‖y‖²
  const den = add(add(1, mul(xy, 2 * c)), mul(mul(x2, y2), c * c));
  return div(num, den);
}

export function sqrtVar(a: Var): Var {
  const x = a.value, y = allocLike(x, x.length);
  for (let i = 0; i < x.length; i++) y[i] = Math.sqrt(x[i]);
  return makeVar(y, a.shape, [a], (g, sink) => {
    const gx = sink(0);
    if (gx !== null) { for (let i = 0; i < x.length; i++) gx[i] += g[i] / (2 * y[i]); }
  });
}

export function squeezeLast(a: Var): Var {
  const n = a.value.length;
  return makeVar(a.value, a.shape.slice(0, -1), [a], (g, sink) => {
    const gx = sink(0);
    if (gx !== null) { for (let i = 0; i < n; i++) gx[i] += g[i]; }
  });
}
