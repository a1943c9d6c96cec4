/**
 * Möbius gyrovector operations on the Poincaré ball of curvature −c: addition, scalar
 * multiplication, matrix-vector multiplication and the gyration (Thomas precession).
 *
 * Source: Ganea, Bécigneul & Hofmann 2018, "Hyperbolic Neural Networks", §2.2 (Möbius addition
 * and scalar multiplication) and §3.2 (Möbius matrix-vector multiplication); A. A. Ungar 2008,
 * "Analytic Hyperbolic Geometry and Albert Einstein's Special Theory of Relativity", ch. 3
 * (gyrations).
 *
 * @module
 */
import {
  allocLike,
  artanhOfNormAt,
  checkCurvature,
  clampRowInPlace,
  type FloatArray,
  gapAt,
  guardFor,
  rowsOf,
  stableNorm,
} from "./ball.ts";

/**
 * Writes (sx·x) ⊕_c y into out[oo ..) with no boundary clamp (sx = ±1 selects x or −x).
 * Safe when out aliases x or y at the same offset.
 *
 * Ganea et al. 2018, §2.2, eq. for ⊕_c:
 *   x ⊕_c y = ((1 + 2c⟨x,y⟩ + c‖y‖²) x + (1 − c‖x‖²) y) / (1 + 2c⟨x,y⟩ + c²‖x‖²‖y‖²).
 * Rewritten without cancellation (expand both sides to check):
 *   1 + 2c⟨x,y⟩ + c‖y‖²          = c‖x+y‖² + (1 − c‖x‖²)
 *   1 + 2c⟨x,y⟩ + c²‖x‖²‖y‖²     = c‖x+y‖² + (1 − c‖x‖²)(1 − c‖y‖²)
 * Every term is ≥ 0 inside the ball, so (−x) ⊕ x is exactly 0 and the denominator never
 * cancels, even for x ≈ −y near the boundary.
 */
export function mobiusAddAt(
  sx: number,
  x: FloatArray,
  xo: number,
  y: FloatArray,
  yo: number,
  d: number,
  c: number,
  out: FloatArray,
  oo: number,
): void {
  let s2 = 0;
  for (let i = 0; i < d; i++) {
    const s = sx * x[xo + i] + y[yo + i];
    s2 += s * s;
  }
  const A = gapAt(x, xo, d, c), B = gapAt(y, yo, d, c);
  const cs = c * s2;
  const inv = 1 / (cs + A * B);
  // Numerator (c s² + A)·x + A·y = A·(x + y) + c s²·x: the sum x + y is formed first, so the
  // cancellation when y ≈ −x happens exactly in x_i + y_i and not between two rounded products.
  const kx = cs * inv * sx, ks = A * inv;
  for (let i = 0; i < d; i++) {
    const a = x[xo + i];
    out[oo + i] = ks * (sx * a + y[yo + i]) + kx * a;
  }
}

/**
 * Möbius addition x ⊕_c y (Ganea et al. 2018, §2.2): the hyperbolic analogue of x + y; it is
 * the isometry that maps 0 to x, applied to y. Not commutative nor associative, but
 * (−x) ⊕ (x ⊕ y) = y (left cancellation) and x ⊕ 0 = 0 ⊕ x = x.
 * The result is clamped strictly inside the ball (see `BOUNDARY_GUARD`).
 *
 * @example
 * ```ts
 * import { mobiusAdd } from "@neuroplastic/geometry";
 * const z = mobiusAdd(new Float64Array([0.5, 0]), new Float64Array([0.5, 0]), 1);
 * console.log(z[0]); // 0.8 = (0.5 + 0.5) / (1 + 0.25)
 * ```
 */
export function mobiusAdd<T extends FloatArray>(x: T, y: FloatArray, c: number, out?: T): T {
  checkCurvature(c);
  const d = x.length;
  if (y.length !== d) throw new RangeError(`mobiusAdd: lengths ${d} and ${y.length} differ`);
  const o = out ?? allocLike(x, d);
  mobiusAddAt(1, x, 0, y, 0, d, c, o, 0);
  clampRowInPlace(o, 0, d, c, guardFor(o));
  return o;
}

/**
 * Row-wise Möbius addition of n points (row-major n·d). Either argument may be a single row
 * (length d), which is then broadcast: `mobiusAddRows(a, X, d, c)` is the Möbius translation of
 * every row of X by a. Results are clamped strictly inside the ball.
 *
 * @example
 * ```ts
 * import { mobiusAddRows } from "@neuroplastic/geometry";
 * const a = new Float64Array([0.1, 0.2]);
 * const Z = mobiusAddRows(a, new Float64Array([0, 0, 0.3, -0.1]), 2, 1);
 * console.log(Z[0], Z[1]); // 0.1 0.2 (a ⊕ 0 = a)
 * ```
 */
export function mobiusAddRows<T extends FloatArray>(
  X: T,
  Y: FloatArray,
  d: number,
  c: number,
  out?: T,
): T {
  checkCurvature(c);
  const nx = rowsOf(X.length, d, "mobiusAddRows X"), ny = rowsOf(Y.length, d, "mobiusAddRows Y");
  if (nx !== ny && nx !== 1 && ny !== 1) {
    throw new RangeError(`mobiusAddRows: ${nx} rows and ${ny} rows do not broadcast`);
  }
  const n = Math.max(nx, ny);
  const o = out ?? allocLike(X, n * d);
  const g = guardFor(o);
  for (let r = 0; r < n; r++) {
    mobiusAddAt(1, X, nx === 1 ? 0 : r * d, Y, ny === 1 ? 0 : r * d, d, c, o, r * d);
    clampRowInPlace(o, r * d, d, c, g);
  }
  return o;
}

/**
 * Möbius scalar multiplication (Ganea et al. 2018, §2.2):
 *   r ⊗_c x = (1/√c) tanh(r · artanh(√c‖x‖)) x/‖x‖,   r ⊗_c 0 = 0.
 * It is exp_0(r · log_0(x)); r ⊗ (s ⊗ x) = (rs) ⊗ x and 1 ⊗ x = x. The artanh argument is
 * clamped to 1 − 2⁻⁵³; the result is clamped strictly inside the ball.
 *
 * @example
 * ```ts
 * import { mobiusScalarMul } from "@neuroplastic/geometry";
 * const y = mobiusScalarMul(2, new Float64Array([0.5, 0]), 1);
 * console.log(y[0]); // 0.8 = tanh(2·artanh(0.5))
 * ```
 */
export function mobiusScalarMul<T extends FloatArray>(
  r: number,
  x: T,
  c: number,
  out?: T,
): T {
  checkCurvature(c);
  const d = x.length;
  const o = out ?? allocLike(x, d);
  const sc = Math.sqrt(c);
  const z = sc * stableNorm(x, 0, d);
  // Limit z → 0: tanh(r·artanh z)/z → r (for z > 0 the quotient is accurate: tanh and artanh
  // are correctly rounded to a few ulps even for subnormal arguments).
  const k = z === 0 ? r : Math.tanh(r * artanhOfNormAt(x, 0, d, c)) / z;
  for (let i = 0; i < d; i++) o[i] = k * x[i];
  clampRowInPlace(o, 0, d, c, guardFor(o));
  return o;
}

/**
 * Möbius matrix-vector multiplication (Ganea et al. 2018, §3.2):
 *   M ⊗_c x = (1/√c) tanh(‖Mx‖/‖x‖ · artanh(√c‖x‖)) Mx/‖Mx‖,   = 0 if Mx = 0 or x = 0.
 * M is m×d row-major (its length must be a multiple of d = x.length); the result has length m.
 * It equals exp_0(M log_0(x)). `out` must not alias x. The result is clamped strictly inside
 * the ball.
 *
 * @example
 * ```ts
 * import { mobiusMatvec } from "@neuroplastic/geometry";
 * const I = new Float64Array([1, 0, 0, 1]);
 * console.log(mobiusMatvec(I, new Float64Array([0.3, 0.4]), 1)); // [0.3, 0.4] (up to rounding)
 * ```
 */
export function mobiusMatvec<T extends FloatArray>(
  M: FloatArray,
  x: T,
  c: number,
  out?: T,
): T {
  checkCurvature(c);
  const d = x.length;
  const m = rowsOf(M.length, d, "mobiusMatvec M");
  const o = out ?? allocLike(x, m);
  if (o.length !== m) throw new RangeError(`mobiusMatvec: out has length ${o.length}, not ${m}`);
  if ((o as FloatArray) === x) throw new RangeError("mobiusMatvec: out must not alias x");
  for (let r = 0; r < m; r++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += M[r * d + j] * x[j];
    o[r] = s;
  }
  const xn = stableNorm(x, 0, d), mxn = stableNorm(o, 0, m);
  if (xn === 0 || mxn === 0) {
    o.fill(0);
    return o;
  }
  const sc = Math.sqrt(c);
  // out currently holds Mx, so k = tanh(‖Mx‖/‖x‖ · artanh(√c‖x‖)) / (√c‖Mx‖).
  const k = Math.tanh((mxn / xn) * artanhOfNormAt(x, 0, d, c)) / (sc * mxn);
  for (let r = 0; r < m; r++) o[r] *= k;
  clampRowInPlace(o, 0, m, c, guardFor(o));
  return o;
}

/**
 * Gyration gyr[u, v] w = −(u ⊕ v) ⊕ (u ⊕ (v ⊕ w)) (Ungar 2008, ch. 3; used by Ganea et al. 2018
 * for parallel transport). It is a rotation of ℝᵈ (linear in w, ‖gyr[u,v]w‖ = ‖w‖), so it is
 * applied to tangent vectors as well as points and its result is **not** clamped.
 * Closed form (expanding the definition; geoopt `_gyration` with k = −c):
 *   gyr[u,v]w = w + 2(a u + b v)/D,
 *   a = −c²⟨u,w⟩‖v‖² + c⟨v,w⟩ + 2c²⟨u,v⟩⟨v,w⟩,   b = −c²⟨v,w⟩‖u‖² − c⟨u,w⟩,
 *   D = 1 + 2c⟨u,v⟩ + c²‖u‖²‖v‖² = c‖u+v‖² + (1 − c‖u‖²)(1 − c‖v‖²)  (no cancellation).
 *
 * @example
 * ```ts
 * import { gyration } from "@neuroplastic/geometry";
 * const u = new Float64Array([0.3, 0]), v = new Float64Array([0, 0.4]);
 * const g = gyration(u, v, new Float64Array([1, 0]), 1);
 * console.log(Math.hypot(g[0], g[1])); // 1 (a rotation)
 * ```
 */
export function gyration<T extends FloatArray>(
  u: FloatArray,
  v: FloatArray,
  w: T,
  c: number,
  out?: T,
): T {
  checkCurvature(c);
  const d = w.length;
  if (u.length !== d || v.length !== d) throw new RangeError("gyration: lengths differ");
  const o = out ?? allocLike(w, d);
  gyrationAt(u, 0, v, 0, 1, w, 0, d, c, 1, o, 0);
  return o;
}

/**
 * Writes scale · gyr[u, sv·v] w into out[oo ..) (sv = ±1). Safe when out aliases w.
 * See {@link gyration} for the closed form.
 */
export function gyrationAt(
  u: FloatArray,
  uo: number,
  v: FloatArray,
  vo: number,
  sv: number,
  w: FloatArray,
  wo: number,
  d: number,
  c: number,
  scale: number,
  out: FloatArray,
  oo: number,
): void {
  let u2 = 0, v2 = 0, uv = 0, uw = 0, vw = 0, s2 = 0;
  for (let i = 0; i < d; i++) {
    const a = u[uo + i], b = sv * v[vo + i], e = w[wo + i], s = a + b;
    u2 += a * a;
    v2 += b * b;
    uv += a * b;
    uw += a * e;
    vw += b * e;
    s2 += s * s;
  }
  const c2 = c * c;
  const D = c * s2 + gapAt(u, uo, d, c) * gapAt(v, vo, d, c);
  const ka = (2 * (-c2 * uw * v2 + c * vw + 2 * c2 * uv * vw)) / D;
  const kb = (2 * (-c2 * vw * u2 - c * uw)) / D;
  for (let i = 0; i < d; i++) {
    out[oo + i] = scale * (w[wo + i] + ka * u[uo + i] + kb * sv * v[vo + i]);
  }
}
