/**
 * The Poincaré ball 𝔻ᵈ_c = { x ∈ ℝᵈ : c‖x‖² < 1 } of curvature −c (c > 0, radius 1/√c):
 * shared numerics (stable norms, clamped artanh), the conformal factor and the projection
 * onto the open ball.
 *
 * Conventions used by every value kernel of `@neuroplastic/geometry`:
 * - points and tangent vectors are `Float64Array` or `Float32Array` of length d; batched forms
 *   take n points stored row-major (n·d numbers) and the dimension d;
 * - arithmetic is done in JS doubles whatever the storage type; an output buffer `out` may be
 *   given (BLAS style), otherwise one of the same type as the first array argument is allocated;
 * - every op that returns a point returns it **strictly inside the ball**: its result is clamped
 *   to radius (1 − {@link BOUNDARY_GUARD})/√c, the smallest margin that survives rounding to the
 *   output's storage type (see {@link BOUNDARY_GUARD}). Exact results further in are untouched.
 *
 * Source of the geometry: Ganea, Bécigneul & Hofmann 2018, "Hyperbolic Neural Networks"
 * (NeurIPS), §2.1–2.3.
 *
 * @module
 */

/** The two floating-point storage types every kernel accepts. */
export type FloatArray = Float32Array | Float64Array;

/**
 * Margin kept from the boundary by every point-valued op: results are clamped to radius
 * (1 − guard)/√c. f64: 1e-12, f32: 1e-6.
 *
 * Why these values: rounding a vector to f32 changes its norm by a relative 2⁻²⁴ ≈ 6e-8 at most
 * (2⁻⁵³ ≈ 1.1e-16 for f64), so a margin of ~17 (f32) or ~9000 (f64) rounding units keeps the
 * *stored* point strictly inside. In f64 we keep more than the bare minimum so that the gap
 * 1 − c‖x‖² (≥ 2e-12) is still known to ~1e-4 relative, so the conformal factor and distances of
 * a clamped point stay finite and meaningful (d(0, x) ≤ 2·artanh(1 − 1e-12)/√c ≈ 28.3/√c).
 *
 * @example
 * ```ts
 * import { BOUNDARY_GUARD } from "@neuroplastic/geometry";
 * console.log(BOUNDARY_GUARD.f64, BOUNDARY_GUARD.f32); // 1e-12 0.000001
 * ```
 */
export const BOUNDARY_GUARD: { readonly f64: number; readonly f32: number } = Object.freeze({
  f64: 1e-12,
  f32: 1e-6,
});

/**
 * Default `eps` of {@link project}: the projection radius is (1 − eps)/√c.
 * f64: 1e-5, f32: 4e-3 (the values of geoopt's `BALL_EPS`).
 *
 * Why: near the boundary every quantity is driven by the gap g = 1 − c‖x‖² ≈ 2·eps. Storing a
 * coordinate perturbs c‖x‖² by ≈ 2u (u = unit roundoff), hence λ_x = 2/g by a relative 2u/g ≈ u/eps:
 * ≈ 1.5e-5 in f32 at eps = 4e-3 and ≈ 1e-11 in f64 at eps = 1e-5, while the largest distance from
 * the origin is still 2·artanh(1 − eps)/√c ≈ 6.2/√c (f32) and 12.2/√c (f64). Measured (20 000
 * random projected points, c = 1, f64 → f32 rounding): λ_x and d(0, x) move by at most 1.1e-5
 * (relative / absolute) at eps = 4e-3, 4.6e-5 at 1e-3, and 4.8e-3 at 1e-5 — so 1e-5 is too small
 * for f32 storage.
 *
 * @example
 * ```ts
 * import { PROJECT_EPS } from "@neuroplastic/geometry";
 * console.log(PROJECT_EPS.f64, PROJECT_EPS.f32); // 0.00001 0.004
 * ```
 */
export const PROJECT_EPS: { readonly f64: number; readonly f32: number } = Object.freeze({
  f64: 1e-5,
  f32: 4e-3,
});

/**
 * Largest double below 1: |artanh argument| is clamped to it, so artanh(z) ≤ 18.72.
 *
 * @example
 * ```ts
 * import { ATANH_MAX } from "@neuroplastic/geometry";
 * console.log(ATANH_MAX < 1, Math.atanh(ATANH_MAX).toFixed(2)); // true "18.71"
 * ```
 */
export const ATANH_MAX: number = 1 - Number.EPSILON / 2;

/**
 * Smallest gap 1 − c‖x‖² used by any formula (2⁻⁵²): a point on or outside the boundary
 * (an invalid input) is treated as having this gap, so results stay finite instead of NaN.
 *
 * @example
 * ```ts
 * import { MIN_GAP } from "@neuroplastic/geometry";
 * console.log(MIN_GAP === 2 ** -52); // true
 * ```
 */
export const MIN_GAP: number = Number.EPSILON;

/**
 * The boundary guard for an array's storage type ({@link BOUNDARY_GUARD}).
 *
 * @example
 * ```ts
 * import { guardFor } from "@neuroplastic/geometry";
 * console.log(guardFor(new Float32Array(2))); // 0.000001
 * ```
 */
export function guardFor(a: FloatArray): number {
  return a instanceof Float32Array ? BOUNDARY_GUARD.f32 : BOUNDARY_GUARD.f64;
}

/**
 * A zero-filled array of the same storage type as `a`, of length n.
 *
 * @example
 * ```ts
 * import { allocLike } from "@neuroplastic/geometry";
 * console.log(allocLike(new Float32Array(3), 2)); // Float32Array(2) [0, 0]
 * ```
 */
export function allocLike<T extends FloatArray>(a: T, n: number): T {
  return (a instanceof Float32Array ? new Float32Array(n) : new Float64Array(n)) as T;
}

/** Throws a RangeError unless c is a finite positive number. */
export function checkCurvature(c: number): void {
  if (!(c > 0 && c < Infinity)) {
    throw new RangeError(`curvature c must be a finite number > 0, got ${c}`);
  }
}

/** Throws a RangeError unless `len` is a whole number of rows of dimension d. */
export function rowsOf(len: number, d: number, what: string): number {
  if (!(Number.isInteger(d) && d > 0) || len % d !== 0) {
    throw new RangeError(`${what}: length ${len} is not a multiple of the dimension d = ${d}`);
  }
  return len / d;
}

/**
 * Squared Euclidean norm of x[o .. o+d) (plain sum of squares: for points of the ball it cannot
 * overflow; underflow of tiny vectors only ever selects a limit branch that is exact there).
 */
export function sqNormAt(x: FloatArray, o: number, d: number): number {
  let s = 0;
  for (let i = 0; i < d; i++) {
    const v = x[o + i];
    s += v * v;
  }
  return s;
}

/**
 * Euclidean norm of x[o .. o+d) without spurious overflow or underflow: the plain sum of squares
 * is used when it is in the safe range, otherwise the vector is rescaled by its largest |x_i|
 * (LAPACK dnrm2 idea). Returns +Infinity if a component is infinite, NaN if one is NaN.
 *
 * @example
 * ```ts
 * import { stableNorm } from "@neuroplastic/geometry";
 * console.log(stableNorm(new Float64Array([3e200, 4e200]), 0, 2)); // ≈ 5e200 (no overflow)
 * ```
 */
export function stableNorm(x: FloatArray, o: number, d: number): number {
  const s = sqNormAt(x, o, d);
  if (s > 1e-290 && s < 1e290) return Math.sqrt(s);
  if (s === 0) {
    let any = false;
    for (let i = 0; i < d; i++) if (x[o + i] !== 0) any = true;
    if (!any) return 0;
  }
  let m = 0;
  for (let i = 0; i < d; i++) {
    const a = Math.abs(x[o + i]);
    if (a > m || a !== a) m = a;
    if (a !== a) return NaN;
  }
  if (m === Infinity) return Infinity;
  if (m === 0) return 0;
  let t = 0;
  for (let i = 0; i < d; i++) {
    const v = x[o + i] / m;
    t += v * v;
  }
  return m * Math.sqrt(t);
}

/**
 * artanh with its argument clamped to [−ATANH_MAX, ATANH_MAX] (1 − 2⁻⁵³), so it is finite for
 * every input: |artanh| ≤ 18.72.
 *
 * @example
 * ```ts
 * import { artanh } from "@neuroplastic/geometry";
 * console.log(artanh(1)); // 18.714973875118524
 * ```
 */
export function artanh(z: number): number {
  return Math.atanh(z > ATANH_MAX ? ATANH_MAX : z < -ATANH_MAX ? -ATANH_MAX : z);
}

/**
 * artanh(t) for t ∈ [0, 1) when the gap g = 1 − t² is known more accurately than t itself
 * (as in the distance, where g = (1−c‖x‖²)(1−c‖y‖²)/D with no cancellation):
 * artanh(t) = ½ ln((1+t)/(1−t)) = ln(1+t) − ½ ln(1−t²). Used for t ≥ ½; below, Math.atanh is exact.
 */
export function artanhWithGap(t: number, g: number): number {
  if (t < 0.5) return Math.atanh(t);
  return Math.log1p(t) - 0.5 * Math.log(g > MIN_GAP * MIN_GAP ? g : MIN_GAP * MIN_GAP);
}

/** tanh(z)/z, with its limit 1 at z = 0 (Taylor 1 − z²/3 below 1e-8). */
export function tanhc(z: number): number {
  return z < 1e-8 ? 1 - (z * z) / 3 : Math.tanh(z) / z;
}

/** artanh(z)/z for z ≥ 0 (argument clamped as in {@link artanh}), limit 1 at z = 0. */
export function artanhc(z: number): number {
  return z < 1e-8 ? 1 + (z * z) / 3 : artanh(z) / z;
}

/**
 * artanh(√c‖x‖) for the point x[o .. o+d): for √c‖x‖ ≥ ½ it uses the compensated gap
 * 1 − c‖x‖² ({@link gapAt}) through {@link artanhWithGap}, so it keeps full relative accuracy
 * up to the boundary (the plain artanh(√c‖x‖) loses ~1/(2·gap) ulps to the rounding of √c‖x‖).
 */
export function artanhOfNormAt(x: FloatArray, o: number, d: number, c: number): number {
  const z = Math.sqrt(c) * stableNorm(x, o, d);
  return z < 0.5 ? Math.atanh(z) : artanhWithGap(z > ATANH_MAX ? ATANH_MAX : z, gapAt(x, o, d, c));
}

/**
 * The gap 1 − c‖x‖² of a point, clamped below at {@link MIN_GAP} so that invalid inputs
 * (on or outside the boundary) give large but finite results.
 */
export function gapOf(x2: number, c: number): number {
  const g = 1 - c * x2;
  return g > MIN_GAP ? g : MIN_GAP;
}

/** Dekker's splitter 2²⁷ + 1 (exact products without FMA). */
const SPLIT = 134217729;

/**
 * The gap 1 − c‖x‖² of the point x[o .. o+d), clamped below at {@link MIN_GAP}.
 *
 * Near the boundary the plain formula cancels: c‖x‖² carries an absolute rounding error of a few
 * ulps, i.e. a relative error ~1e-16/gap in the gap (1e-11 at ‖x‖ = 1 − 1e-5), which then shows up
 * in λ_x, ⊕, log_x and distances. When c‖x‖² ≥ ½ the sum of squares and the product by c are
 * therefore formed in double-double arithmetic (Dekker 1971 two-product, Knuth two-sum), after
 * which 1 − hi is exact (Sterbenz) and the gap is correctly rounded up to ~2 ulps.
 */
export function gapAt(x: FloatArray, o: number, d: number, c: number): number {
  const naive = c * sqNormAt(x, o, d);
  if (naive < 0.5) return 1 - naive;
  let hi = 0, lo = 0;
  for (let i = 0; i < d; i++) {
    const a = x[o + i];
    // two-product a·a = p + e exactly.
    const p = a * a;
    const t = SPLIT * a, ah = t - (t - a), al = a - ah;
    const e = ah * ah - p + 2 * ah * al + al * al;
    // two-sum hi + p = s + r exactly.
    const sum = hi + p, bb = sum - hi, r = (hi - (sum - bb)) + (p - bb);
    hi = sum;
    lo += r + e;
  }
  const s = hi + lo;
  lo = lo - (s - hi);
  hi = s;
  // c·(hi + lo) = q + f.
  const q = c * hi;
  const tc = SPLIT * c, ch = tc - (tc - c), cl = c - ch;
  const th = SPLIT * hi, hh = th - (th - hi), hl = hi - hh;
  const f = ch * hh - q + ch * hl + cl * hh + cl * hl + c * lo;
  const g = (1 - q) - f;
  return g > MIN_GAP ? g : MIN_GAP;
}

/**
 * Conformal factor of the metric at x: λ^c_x = 2 / (1 − c‖x‖²)
 * (Ganea et al. 2018, §2.1, "the Riemannian metric g^c_x = (λ^c_x)² g^E").
 * For x on or outside the boundary the gap is clamped to {@link MIN_GAP} (λ = 2/2⁻⁵²).
 *
 * @example
 * ```ts
 * import { conformalFactor } from "@neuroplastic/geometry";
 * console.log(conformalFactor(new Float64Array([0.5, 0]), 1)); // 2.6666666666666665
 * ```
 */
export function conformalFactor(x: FloatArray, c: number): number {
  checkCurvature(c);
  return 2 / gapAt(x, 0, x.length, c);
}

/**
 * Writes `radius · x/‖x‖` into out[oo ..), robust to huge and infinite components (an infinite
 * component dominates: the direction is that of the infinite components). x = 0 gives 0.
 * Safe when out and x are the same array at the same offset.
 */
export function writeDirection(
  x: FloatArray,
  xo: number,
  d: number,
  radius: number,
  out: FloatArray,
  oo: number,
): void {
  const n = stableNorm(x, xo, d);
  if (n === Infinity) {
    let k = 0;
    for (let i = 0; i < d; i++) if (Math.abs(x[xo + i]) === Infinity) k++;
    const s = radius / Math.sqrt(k);
    for (let i = 0; i < d; i++) {
      const v = x[xo + i];
      out[oo + i] = v === Infinity ? s : v === -Infinity ? -s : 0;
    }
    return;
  }
  if (n === 0) {
    for (let i = 0; i < d; i++) out[oo + i] = 0;
    return;
  }
  // Divide first, then scale: x_i/n ∈ [−1, 1], so neither step overflows.
  for (let i = 0; i < d; i++) out[oo + i] = (x[xo + i] / n) * radius;
}

/**
 * Clamps out[oo .. oo+d) in place to Euclidean radius (1 − eps)/√c if it is at or beyond it;
 * otherwise leaves it untouched. The norm is measured on the stored values, so for an f32 buffer
 * the check sees exactly what the caller will read.
 */
export function clampRowInPlace(
  out: FloatArray,
  oo: number,
  d: number,
  c: number,
  eps: number,
): void {
  const rmax = (1 - eps) / Math.sqrt(c);
  const s = sqNormAt(out, oo, d);
  // Fast path: clearly inside (the test is on squares, no sqrt).
  if (s < rmax * rmax) return;
  const n = stableNorm(out, oo, d);
  if (n < rmax) return;
  writeDirection(out, oo, d, rmax, out, oo);
}

/**
 * Projection onto the open ball: if ‖x‖ ≥ (1 − eps)/√c, x is scaled to norm (1 − eps)/√c,
 * otherwise it is returned unchanged (copied into `out`). The radius used is
 * (1 − max(eps, guard))/√c, so even eps = 0 returns a point strictly inside.
 * Huge and infinite components are handled (an infinite component sets the direction);
 * NaN components propagate.
 *
 * Default eps: {@link PROJECT_EPS} (1e-5 for f64 output, 4e-3 for f32) — see there for why.
 * Source: the usual retraction onto the ball (geoopt `_project`; Ganea et al. 2018, §4
 * "numerical errors" projects onto radius (1 − ε)/√c).
 *
 * @example
 * ```ts
 * import { project } from "@neuroplastic/geometry";
 * const p = project(new Float64Array([3, 4]), 1);
 * console.log(Math.hypot(p[0], p[1])); // 0.99999 (up to rounding)
 * ```
 */
export function project<T extends FloatArray>(x: T, c: number, eps?: number, out?: T): T {
  checkCurvature(c);
  const o = out ?? allocLike(x, x.length);
  projectAt(x, 0, x.length, c, eps ?? defaultProjectEps(o), o, 0);
  return o;
}

/**
 * Row-wise {@link project} of n points stored row-major (n·d numbers).
 *
 * @example
 * ```ts
 * import { projectRows } from "@neuroplastic/geometry";
 * const P = projectRows(new Float64Array([0.1, 0, 5, 5]), 2, 1);
 * console.log(P[0], Math.hypot(P[2], P[3]) < 1); // 0.1 true
 * ```
 */
export function projectRows<T extends FloatArray>(
  X: T,
  d: number,
  c: number,
  eps?: number,
  out?: T,
): T {
  checkCurvature(c);
  const n = rowsOf(X.length, d, "projectRows");
  const o = out ?? allocLike(X, X.length);
  const e = eps ?? defaultProjectEps(o);
  for (let r = 0; r < n; r++) projectAt(X, r * d, d, c, e, o, r * d);
  return o;
}

/**
 * Default projection eps for an output buffer's storage type ({@link PROJECT_EPS}).
 *
 * @example
 * ```ts
 * import { defaultProjectEps } from "@neuroplastic/geometry";
 * console.log(defaultProjectEps(new Float32Array(2)), defaultProjectEps(new Float64Array(2))); // 0.004 0.00001
 * ```
 */
export function defaultProjectEps(a: FloatArray): number {
  return a instanceof Float32Array ? PROJECT_EPS.f32 : PROJECT_EPS.f64;
}

function projectAt(
  x: FloatArray,
  xo: number,
  d: number,
  c: number,
  eps: number,
  out: FloatArray,
  oo: number,
): void {
  const g = guardFor(out);
  const e = eps > g ? eps : g;
  const rmax = (1 - e) / Math.sqrt(c);
  // The norm is taken on the source, so huge f64 inputs do not overflow an f32 `out` first.
  const s = sqNormAt(x, xo, d);
  if (!(s < rmax * rmax) && !(stableNorm(x, xo, d) < rmax)) {
    writeDirection(x, xo, d, rmax, out, oo);
    return;
  }
  if (out !== x || oo !== xo) { for (let i = 0; i < d; i++) out[oo + i] = x[xo + i]; }
  // Rounding to a narrower `out` may move the norm by 2⁻²⁴ relative: the guard absorbs it.
  clampRowInPlace(out, oo, d, c, g);
}
