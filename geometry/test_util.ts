/**
 * Test helpers for `geometry/`: fast-check arbitraries of points inside the Poincaré ball and
 * small vector utilities. Not part of the public API.
 *
 * @module
 */
import fc from "fast-check";

/** Curvatures used by the property tests (c = 1 plus smaller and larger ones). */
export const CURVATURES: readonly number[] = [1, 0.3, 2.5, 9];

/** fast-check settings shared by every property in this package. */
export const FC = { seed: 42, numRuns: 200 } as const;

/** A unit-ish direction scaled to Euclidean radius frac/√c (frac ∈ [0, maxFrac]). */
export function arbPoint(d: number, c: number, maxFrac = 0.9): fc.Arbitrary<Float64Array> {
  return fc.tuple(
    fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: d, maxLength: d }),
    fc.oneof(
      fc.constant(0),
      fc.constant(maxFrac),
      fc.double({ min: 0, max: maxFrac, noNaN: true }),
    ),
  ).map(([u, frac]) => {
    let n = 0;
    for (const v of u) n += v * v;
    n = Math.sqrt(n);
    const x = new Float64Array(d);
    if (n === 0) return x;
    const k = frac / Math.sqrt(c) / n;
    for (let i = 0; i < d; i++) x[i] = u[i] * k;
    return x;
  });
}

/** A tangent vector with Euclidean norm ≤ maxNorm. */
export function arbVector(d: number, maxNorm: number): fc.Arbitrary<Float64Array> {
  return fc.tuple(
    fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: d, maxLength: d }),
    fc.double({ min: 0, max: maxNorm, noNaN: true }),
  ).map(([u, r]) => {
    let n = 0;
    for (const v of u) n += v * v;
    n = Math.sqrt(n);
    const x = new Float64Array(d);
    if (n === 0) return x;
    for (let i = 0; i < d; i++) x[i] = (u[i] / n) * r;
    return x;
  });
}

/** A case: curvature c, dimension d ∈ [1, 6], and k points with ‖x‖ ≤ maxFrac/√c. */
export function arbCase(
  k: number,
  maxFrac = 0.9,
): fc.Arbitrary<{ c: number; d: number; p: Float64Array[] }> {
  return fc.tuple(fc.constantFrom(...CURVATURES), fc.integer({ min: 1, max: 6 })).chain((
    [c, d],
  ) => fc.array(arbPoint(d, c, maxFrac), { minLength: k, maxLength: k }).map((p) => ({ c, d, p })));
}

/** Euclidean norm (plain). */
export function norm(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  return Math.sqrt(s);
}

/** max_i |a_i − b_i|. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`lengths ${a.length} and ${b.length} differ`);
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const e = Math.abs(a[i] - b[i]);
    if (!(e <= m)) m = e;
  }
  return m;
}

/** True when c‖x‖² < 1 for every row of X (row-major, dimension d), measured in f64. */
export function allInside(X: ArrayLike<number>, d: number, c: number): boolean {
  for (let r = 0; r * d < X.length; r++) {
    let s = 0;
    for (let i = 0; i < d; i++) s += X[r * d + i] * X[r * d + i];
    if (!(c * s < 1)) return false;
  }
  return true;
}

/** −x as a new Float64Array. */
export function neg(x: Float64Array): Float64Array {
  return x.map((v) => -v);
}

/** Concatenation of rows into one row-major array. */
export function rows(p: readonly Float64Array[]): Float64Array {
  const d = p.length ? p[0].length : 0;
  const X = new Float64Array(p.length * d);
  p.forEach((x, r) => X.set(x, r * d));
  return X;
}
