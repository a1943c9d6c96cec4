/**
 * Test helpers for the autodiff suite: fast-check arbitraries for shapes (including
 * broadcast-compatible pairs) and data, a fixed weighting that turns any op output into a
 * scalar loss, and a gradient-check assertion.
 *
 * @module
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import type { MathType } from "mathjs";
import { sizeOf, type Tensor, tensor } from "../tensor/mod.ts";
import type { Tree } from "../tree.ts";
import { type CheckGradOptions, checkGradReport } from "./gradcheck.ts";
import { constant, type Var } from "./var.ts";
import { mul } from "./elementwise.ts";
import { sum } from "./reduce.ts";

/** fast-check settings of this suite (fixed seed, modest runs to stay within the time budget). */
export const FC = { seed: 42, numRuns: 20 } as const;

/** Gradient-check tolerance in f64 with h = 1e-6. */
export const TOL = 1e-6;

/** A shape of rank in [minRank, maxRank] with dimensions in [1, maxDim]. */
export function arbShape(minRank: number, maxRank: number, maxDim = 4): fc.Arbitrary<number[]> {
  return fc.array(fc.integer({ min: 1, max: maxDim }), { minLength: minRank, maxLength: maxRank });
}

/**
 * Two shapes that broadcast to a common shape: from an output shape, each operand drops some
 * leading axes and sets some dimensions to 1.
 */
export function arbBroadcastPair(maxRank = 3, maxDim = 4): fc.Arbitrary<[number[], number[]]> {
  return arbShape(0, maxRank, maxDim).chain((out) => {
    const one = fc.tuple(
      fc.integer({ min: 0, max: out.length }),
      fc.array(fc.boolean(), { minLength: out.length, maxLength: out.length }),
    ).map(([drop, ones]) => out.slice(drop).map((d, i) => (ones[i + drop] ? 1 : d)));
    return fc.tuple(one, one);
  });
}

/** A f64 tensor of the given shape with values in [lo, hi]. */
export function arbTensor(shape: readonly number[], lo = -2, hi = 2): fc.Arbitrary<Tensor> {
  const n = sizeOf(shape);
  return fc.array(fc.double({ min: lo, max: hi, noNaN: true }), { minLength: n, maxLength: n })
    .map((v) => tensor(Float64Array.from(v), shape));
}

/** A f64 tensor whose entries keep at least `gap` away from every point of `avoid`. */
export function arbTensorAvoiding(
  shape: readonly number[],
  lo: number,
  hi: number,
  avoid: readonly number[],
  gap: number,
): fc.Arbitrary<Tensor> {
  return arbTensor(shape, lo, hi).map((t) => {
    const d = t.data;
    for (let i = 0; i < d.length; i++) {
      for (const a of avoid) {
        if (Math.abs(d[i] - a) < gap) d[i] = d[i] >= a ? a + gap : a - gap;
      }
    }
    return t;
  });
}

/** A tensor with pairwise distinct entries (spacing ≥ 0.05), in random order. */
export function arbDistinct(shape: readonly number[]): fc.Arbitrary<Tensor> {
  const n = sizeOf(shape);
  return fc.tuple(
    fc.shuffledSubarray(Array.from({ length: n }, (_, i) => i), { minLength: n, maxLength: n }),
    fc.array(fc.double({ min: 0, max: 0.05, noNaN: true }), { minLength: n, maxLength: n }),
  ).map(([perm, jitter]) =>
    tensor(Float64Array.from(perm, (p, i) => 0.1 * p - 0.05 * n + jitter[i]), shape)
  );
}

/** Deterministic non-trivial weights (no Math.random): w_i = sin(1.7 i + 0.3) + 0.2. */
export function weights(shape: readonly number[]): Var {
  const n = sizeOf(shape);
  return constant(
    tensor(Float64Array.from({ length: n }, (_, i) => Math.sin(1.7 * i + 0.3) + 0.2), shape),
  );
}

/** Scalar loss Σ_i w_i y_i with {@link weights}, so every output coordinate matters. */
export function weightedSum(y: Var): Var {
  return sum(mul(y, weights(y.shape)));
}

/** Asserts that the gradient of f at params matches central differences within `tol`. */
export function assertGrad(
  f: (p: Tree<Var>) => Var,
  params: Tree<Tensor>,
  tol = TOL,
  opts: CheckGradOptions = {},
): void {
  const r = checkGradReport(f, params, opts);
  assert.ok(
    r.maxRelError < tol,
    `gradient check failed: rel error ${r.maxRelError} at leaf ${r.worst.leaf}[${r.worst.index}] ` +
      `(analytic ${r.worst.analytic}, numeric ${r.worst.numeric})`,
  );
}

/** Max |a_i − b_i|, with a length check. */
export function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length, "length mismatch");
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (!(d <= m)) m = d;
  }
  return m;
}

/** Flatten nested arrays (mathjs results) to numbers. */
export function flat(x: unknown): number[] {
  return Array.isArray(x) ? x.flatMap(flat) : [x as number];
}

/** Nested array of a tensor (for mathjs). */
export function nested(t: { value: ArrayLike<number>; shape: readonly number[] }): MathType {
  const { value, shape } = t;
  if (shape.length === 0) return value[0];
  const build = (d: number, off: number): unknown => {
    const len = shape[d];
    let stride = 1;
    for (let i = d + 1; i < shape.length; i++) stride *= shape[i];
    return Array.from(
      { length: len },
      (_, i) => d === shape.length - 1 ? value[off + i] : build(d + 1, off + i * stride),
    );
  };
  return build(0, 0) as MathType;
}

/**
 * Hand reference of NumPy broadcasting: the values of `t` broadcast to `shape`, computed element
 * by element from multi-indices (size-1 and missing axes read index 0).
 */
export function spread(
  t: { data: ArrayLike<number>; shape: readonly number[] },
  shape: readonly number[],
): number[] {
  const n = shape.reduce((a, b) => a * b, 1), r = shape.length, off = r - t.shape.length;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    let rem = i, src = 0, stride = 1;
    const idx: number[] = new Array(r);
    for (let k = r - 1; k >= 0; k--) {
      idx[k] = rem % shape[k];
      rem = Math.floor(rem / shape[k]);
    }
    for (let k = t.shape.length - 1; k >= 0; k--) {
      src += (t.shape[k] === 1 ? 0 : idx[k + off]) * stride;
      stride *= t.shape[k];
    }
    out.push(t.data[src]);
  }
  return out;
}
