/**
 * Geodesic distance on the Poincaré ball of curvature −c: one pair, row-wise pairs, and the
 * full n×m matrix between two point sets.
 *
 * Source: Ganea, Bécigneul & Hofmann 2018, "Hyperbolic Neural Networks", §2.2:
 *   d_c(x, y) = (2/√c) artanh(√c ‖(−x) ⊕_c y‖).
 *
 * Numerics. With A = 1 − c‖x‖², B = 1 − c‖y‖², s² = ‖x − y‖² and D = c s² + AB (all terms ≥ 0):
 *   ‖(−x) ⊕ y‖² = s²/D   and   1 − c‖(−x) ⊕ y‖² = AB/D        (expand 1 − 2c⟨x,y⟩ + c²‖x‖²‖y‖²).
 * So t = √c‖(−x)⊕y‖ = √(c s²/D) and its gap 1 − t² = AB/D are both computed without
 * cancellation; artanh(t) = ln(1+t) − ½ ln(1−t²) for t ≥ ½ then needs no clamp and keeps full
 * relative accuracy for far-apart points near the boundary, and artanh(t) (t < ½) is exact for
 * close points. s² is formed from the differences x_i − y_i, so d(x, x) = 0 exactly and
 * d(x, y) = d(y, x) bit for bit.
 *
 * @module
 */
import {
  allocLike,
  artanhWithGap,
  checkCurvature,
  type FloatArray,
  gapAt,
  rowsOf,
} from "./ball.ts";

/** d_c between rows given their gaps A = 1 − c‖x‖², B = 1 − c‖y‖² (see the module doc). */
export function distanceAt(
  x: FloatArray,
  xo: number,
  A: number,
  y: FloatArray,
  yo: number,
  B: number,
  d: number,
  c: number,
): number {
  let s2 = 0;
  for (let i = 0; i < d; i++) {
    const s = x[xo + i] - y[yo + i];
    s2 += s * s;
  }
  const cs = c * s2;
  const AB = A * B;
  const D = cs + AB;
  const t = Math.sqrt(cs / D);
  // d = (2/√c) artanh(t), 1 − t² = AB/D.
  return (2 / Math.sqrt(c)) * artanhWithGap(t, AB / D);
}

/**
 * Geodesic distance d_c(x, y) = (2/√c) artanh(√c ‖(−x) ⊕_c y‖) (Ganea et al. 2018, §2.2).
 * Exactly symmetric, exactly 0 for x = y. Points on or outside the boundary are treated as having
 * the gap 1 − c‖x‖² = 2⁻⁵² (finite result).
 *
 * @example
 * ```ts
 * import { distance } from "@neuroplastic/geometry";
 * const o = new Float64Array([0, 0]), y = new Float64Array([0.5, 0]);
 * console.log(distance(o, y, 1)); // 1.0986122886681098 = 2·artanh(0.5) = ln 3
 * ```
 */
export function distance(x: FloatArray, y: FloatArray, c: number): number {
  checkCurvature(c);
  const d = x.length;
  if (y.length !== d) throw new RangeError(`distance: lengths ${d} and ${y.length} differ`);
  return distanceAt(x, 0, gapAt(x, 0, d, c), y, 0, gapAt(y, 0, d, c), d, c);
}

/**
 * Row-wise distances d(X_r, Y_r) of n pairs (row-major n·d each; a single row of either side is
 * broadcast). Returns an array of the same storage type as X, of length n.
 *
 * @example
 * ```ts
 * import { distanceRows } from "@neuroplastic/geometry";
 * const X = new Float64Array([0, 0, 0.1, 0.2]);
 * console.log(distanceRows(X, X, 2, 1)); // [0, 0]
 * ```
 */
export function distanceRows<T extends FloatArray>(
  X: T,
  Y: FloatArray,
  d: number,
  c: number,
  out?: T,
): T {
  checkCurvature(c);
  const nx = rowsOf(X.length, d, "distanceRows X"), ny = rowsOf(Y.length, d, "distanceRows Y");
  if (nx !== ny && nx !== 1 && ny !== 1) {
    throw new RangeError(`distanceRows: ${nx} rows and ${ny} rows do not broadcast`);
  }
  const n = Math.max(nx, ny);
  const o = out ?? allocLike(X, n);
  for (let r = 0; r < n; r++) {
    const xo = nx === 1 ? 0 : r * d, yo = ny === 1 ? 0 : r * d;
    o[r] = distanceAt(
      X,
      xo,
      gapAt(X, xo, d, c),
      Y,
      yo,
      gapAt(Y, yo, d, c),
      d,
      c,
    );
  }
  return o;
}

/**
 * All pairwise distances D_ij = d_c(X_i, Y_j) between X (n×d) and Y (m×d), written row-major
 * into an n×m array (same storage type as X unless `out` is given). The gaps 1 − c‖·‖² are
 * computed once per row; each pair costs one pass over d plus one sqrt and one log.
 * pairwiseDistances(X, X) has an exactly zero diagonal and is exactly symmetric.
 *
 * @example
 * ```ts
 * import { pairwiseDistances } from "@neuroplastic/geometry";
 * const X = new Float64Array([0, 0, 0.5, 0]);
 * console.log(pairwiseDistances(X, X, 2, 1)); // [0, ln 3, ln 3, 0]
 * ```
 */
export function pairwiseDistances<T extends FloatArray>(
  X: T,
  Y: FloatArray,
  d: number,
  c: number,
  out?: T,
): T {
  checkCurvature(c);
  const n = rowsOf(X.length, d, "pairwiseDistances X");
  const m = rowsOf(Y.length, d, "pairwiseDistances Y");
  const o = out ?? allocLike(X, n * m);
  if (o.length !== n * m) {
    throw new RangeError(`pairwiseDistances: out has length ${o.length}, not ${n * m}`);
  }
  const gy = new Float64Array(m);
  for (let j = 0; j < m; j++) gy[j] = gapAt(Y, j * d, d, c);
  for (let i = 0; i < n; i++) {
    const A = gapAt(X, i * d, d, c);
    for (let j = 0; j < m; j++) o[i * m + j] = distanceAt(X, i * d, A, Y, j * d, gy[j], d, c);
  }
  return o;
}
