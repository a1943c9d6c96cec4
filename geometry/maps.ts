/**
 * Exponential and logarithmic maps of the Poincaré ball of curvature −c (at 0 and at any base
 * point) and parallel transport.
 *
 * Source: Ganea, Bécigneul & Hofmann 2018, "Hyperbolic Neural Networks", §2.3 (Lemma 2: exp/log
 * maps; parallel transport P_{0→x}(v) = (λ_0/λ_x) v), generalised to P_{x→y}(v) =
 * (λ_x/λ_y) gyr[y, −x] v (Ungar 2008, ch. 3; Chami et al. 2019 "Hyperbolic Graph Convolutional
 * Networks", App. B).
 *
 * @module
 */
import {
  allocLike,
  artanhc,
  artanhOfNormAt,
  artanhWithGap,
  checkCurvature,
  clampRowInPlace,
  type FloatArray,
  gapAt,
  guardFor,
  rowsOf,
  stableNorm,
  tanhc,
  writeDirection,
} from "./ball.ts";
import { gyrationAt, mobiusAddAt } from "./mobius.ts";

/** Beyond this |z|, tanh(z) rounds to exactly 1 in f64 (tanh(19.07) = 1 − 2⁻⁵⁴ rounds up). */
const TANH_SATURATED = 19.1;

/** exp_0 of v[vo ..) into out[oo ..), then clamp. Safe when out aliases v. */
function expMap0At(
  v: FloatArray,
  vo: number,
  d: number,
  c: number,
  out: FloatArray,
  oo: number,
): void {
  const sc = Math.sqrt(c);
  const z = sc * stableNorm(v, vo, d);
  if (z > TANH_SATURATED) {
    // tanh(z) = 1: the result is the boundary point in the direction of v (then clamped).
    writeDirection(v, vo, d, 1 / sc, out, oo);
  } else {
    // Lemma 2: exp_0(v) = tanh(√c‖v‖) v/(√c‖v‖) = tanhc(√c‖v‖)·v.
    const k = tanhc(z);
    for (let i = 0; i < d; i++) out[oo + i] = k * v[vo + i];
  }
  clampRowInPlace(out, oo, d, c, guardFor(out));
}

/** log_0 of y[yo ..) into out[oo ..). Safe when out aliases y. */
function logMap0At(
  y: FloatArray,
  yo: number,
  d: number,
  c: number,
  out: FloatArray,
  oo: number,
): void {
  // Lemma 2: log_0(y) = artanh(√c‖y‖) y/(√c‖y‖).
  const z = Math.sqrt(c) * stableNorm(y, yo, d);
  const k = z < 0.5 ? artanhc(z) : artanhOfNormAt(y, yo, d, c) / z;
  for (let i = 0; i < d; i++) out[oo + i] = k * y[yo + i];
}

/**
 * Exponential map at the origin (Ganea et al. 2018, §2.3, Lemma 2):
 *   exp_0(v) = tanh(√c‖v‖) v / (√c‖v‖),   exp_0(0) = 0.
 * Maps a tangent vector to a point; huge v (even infinite components) give a point at the
 * clamped boundary radius in v's direction. The result is clamped strictly inside the ball.
 *
 * @example
 * ```ts
 * import { expMap0 } from "@neuroplastic/geometry";
 * console.log(expMap0(new Float64Array([1, 0]), 1)[0]); // 0.7615941559557649 = tanh(1)
 * ```
 */
export function expMap0<T extends FloatArray>(v: T, c: number, out?: T): T {
  checkCurvature(c);
  const o = out ?? allocLike(v, v.length);
  expMap0At(v, 0, v.length, c, o, 0);
  return o;
}

/**
 * Logarithmic map at the origin (Ganea et al. 2018, §2.3, Lemma 2):
 *   log_0(y) = artanh(√c‖y‖) y / (√c‖y‖),   log_0(0) = 0.
 * The artanh argument is clamped to 1 − 2⁻⁵³ (so points on/outside the boundary give a finite
 * vector of length ≤ 18.72/√c).
 *
 * @example
 * ```ts
 * import { logMap0 } from "@neuroplastic/geometry";
 * console.log(logMap0(new Float64Array([0.5, 0]), 1)[0]); // 0.5493061443340548 = artanh(0.5)
 * ```
 */
export function logMap0<T extends FloatArray>(y: T, c: number, out?: T): T {
  checkCurvature(c);
  const o = out ?? allocLike(y, y.length);
  logMap0At(y, 0, y.length, c, o, 0);
  return o;
}

/**
 * Row-wise {@link expMap0} of n tangent vectors (row-major n·d).
 *
 * @example
 * ```ts
 * import { expMap0Rows } from "@neuroplastic/geometry";
 * console.log(expMap0Rows(new Float64Array([0, 0, 1, 0]), 2, 1)[2]); // tanh(1)
 * ```
 */
export function expMap0Rows<T extends FloatArray>(V: T, d: number, c: number, out?: T): T {
  checkCurvature(c);
  const n = rowsOf(V.length, d, "expMap0Rows");
  const o = out ?? allocLike(V, V.length);
  for (let r = 0; r < n; r++) expMap0At(V, r * d, d, c, o, r * d);
  return o;
}

/**
 * Row-wise {@link logMap0} of n points (row-major n·d).
 *
 * @example
 * ```ts
 * import { logMap0Rows } from "@neuroplastic/geometry";
 * console.log(logMap0Rows(new Float64Array([0, 0, 0.5, 0]), 2, 1)[2]); // artanh(0.5)
 * ```
 */
export function logMap0Rows<T extends FloatArray>(Y: T, d: number, c: number, out?: T): T {
  checkCurvature(c);
  const n = rowsOf(Y.length, d, "logMap0Rows");
  const o = out ?? allocLike(Y, Y.length);
  for (let r = 0; r < n; r++) logMap0At(Y, r * d, d, c, o, r * d);
  return o;
}

/**
 * Exponential map at x (Ganea et al. 2018, §2.3, Lemma 2):
 *   exp_x(v) = x ⊕_c ( tanh(√c λ_x ‖v‖ / 2) v / (√c‖v‖) ),   λ_x = 2/(1 − c‖x‖²).
 * The result is clamped strictly inside the ball. `out` may alias v (not x).
 *
 * @example
 * ```ts
 * import { expMap } from "@neuroplastic/geometry";
 * const x = new Float64Array([0, 0]);
 * console.log(expMap(x, new Float64Array([1, 0]), 1)[0]); // tanh(1), as exp_0
 * ```
 */
export function expMap<T extends FloatArray>(x: FloatArray, v: T, c: number, out?: T): T {
  checkCurvature(c);
  const d = x.length;
  if (v.length !== d) throw new RangeError(`expMap: lengths ${d} and ${v.length} differ`);
  const o = out ?? allocLike(v, d);
  if ((o as FloatArray) === x) throw new RangeError("expMap: out must not alias x");
  const w = new Float64Array(d);
  const sc = Math.sqrt(c);
  const half = 1 / gapAt(x, 0, d, c); // λ_x / 2
  const z = sc * half * stableNorm(v, 0, d);
  if (z > TANH_SATURATED) {
    writeDirection(v, 0, d, 1 / sc, w, 0);
  } else {
    // tanh(√c λ‖v‖/2) v/(√c‖v‖) = tanhc(z)·(λ/2)·v with z = √c λ‖v‖/2.
    const k = tanhc(z) * half;
    for (let i = 0; i < d; i++) w[i] = k * v[i];
  }
  mobiusAddAt(1, x, 0, w, 0, d, c, o, 0);
  clampRowInPlace(o, 0, d, c, guardFor(o));
  return o;
}

/**
 * Logarithmic map at x (Ganea et al. 2018, §2.3, Lemma 2):
 *   log_x(y) = (2 / (√c λ_x)) artanh(√c‖u‖) u/‖u‖,   u = (−x) ⊕_c y.
 * Computed as (1 − c‖x‖²)·(artanh(t)/t)·u with t = √c‖u‖ and the gap 1 − t² taken from
 * 1 − c‖(−x)⊕y‖² = (1 − c‖x‖²)(1 − c‖y‖²)/D (no cancellation), so it stays accurate for far
 * apart points near the boundary. log_x(x) = 0 exactly.
 *
 * @example
 * ```ts
 * import { logMap } from "@neuroplastic/geometry";
 * const x = new Float64Array([0, 0]);
 * console.log(logMap(x, new Float64Array([0.5, 0]), 1)[0]); // artanh(0.5), as log_0
 * ```
 */
export function logMap<T extends FloatArray>(x: FloatArray, y: T, c: number, out?: T): T {
  checkCurvature(c);
  const d = x.length;
  if (y.length !== d) throw new RangeError(`logMap: lengths ${d} and ${y.length} differ`);
  const o = out ?? allocLike(y, d);
  logMapAt(x, 0, y, 0, d, c, o, 0);
  return o;
}

/** log_x(y) into out[oo ..). Safe when out aliases x or y at the same offset. */
export function logMapAt(
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
    const s = y[yo + i] - x[xo + i];
    s2 += s * s;
  }
  const A = gapAt(x, xo, d, c), B = gapAt(y, yo, d, c);
  const cs = c * s2;
  const D = cs + A * B;
  // ‖u‖² = ‖y − x‖²/D and 1 − c‖u‖² = AB/D for u = (−x) ⊕ y (see mobiusAddAt).
  const t = Math.sqrt(cs / D);
  const ratio = t < 1e-8 ? 1 + (t * t) / 3 : artanhWithGap(t, (A * B) / D) / t;
  // u = ((c s² + A)(−x) + A y)/D = (A (y − x) − c s² x)/D; log_x(y) = A · ratio · u.
  const k = (A * ratio) / D;
  const ks = k * A, kx = -k * cs;
  for (let i = 0; i < d; i++) {
    const a = x[xo + i];
    out[oo + i] = ks * (y[yo + i] - a) + kx * a;
  }
}

/**
 * Parallel transport of a tangent vector v from T_x to T_y along the geodesic
 * (Ganea et al. 2018, §2.3 for x = 0; general form via the gyration, Ungar 2008):
 *   P_{x→y}(v) = (λ_x / λ_y) gyr[y, −x] v = ((1 − c‖y‖²)/(1 − c‖x‖²)) gyr[y, −x] v.
 * It preserves the Riemannian norm: λ_y‖P(v)‖ = λ_x‖v‖. `out` may alias v.
 *
 * @example
 * ```ts
 * import { parallelTransport } from "@neuroplastic/geometry";
 * const o = new Float64Array([0, 0]), y = new Float64Array([0.5, 0]);
 * console.log(parallelTransport(o, y, new Float64Array([1, 0]), 1)[0]); // 0.75 = λ_0/λ_y
 * ```
 */
export function parallelTransport<T extends FloatArray>(
  x: FloatArray,
  y: FloatArray,
  v: T,
  c: number,
  out?: T,
): T {
  checkCurvature(c);
  const d = v.length;
  if (x.length !== d || y.length !== d) throw new RangeError("parallelTransport: lengths differ");
  const o = out ?? allocLike(v, d);
  const scale = gapAt(y, 0, d, c) / gapAt(x, 0, d, c);
  gyrationAt(y, 0, x, 0, -1, v, 0, d, c, scale, o, 0);
  return o;
}
