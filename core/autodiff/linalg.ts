/**
 * Matrix products on `Var`s through `tensor.matmulInto` (cache-blocked, WebAssembly SIMD).
 * The backward pass uses the transposed-operand flags of the kernel (no explicit transposes):
 * for Y = A·B, Ā += Ȳ·Bᵀ and B̄ += Aᵀ·Ȳ (e.g. Giles 2008, "An extended collection of matrix
 * derivative results for forward and reverse mode AD", §2.2.2).
 *
 * @module
 */
import { ShapeMismatch } from "../errors.ts";
import { matmulInto, sizeOf, stridesOf } from "../tensor/mod.ts";
import { broadcastShapes, stridedIndex } from "./broadcast.ts";
import { reshape } from "./shape.ts";
import { allocLike, makeVar, type Var } from "./var.ts";

/** Offsets (in matrices) into a batch of shape `from` for every item of batch shape `to`. */
function batchIndex(from: readonly number[], to: readonly number[]): Int32Array {
  const off = to.length - from.length, fs = stridesOf(from);
  const st = to.map((_, i) => {
    const k = i - off;
    return k < 0 || from[k] === 1 ? 0 : fs[k];
  });
  return stridedIndex(to, st);
}

/**
 * Matrix product with NumPy `matmul` semantics: [m,k]·[k,n]; batched [...,m,k]·[...,k,n] with
 * broadcasting of the batch dimensions; [...,m,k]·[k,n] (one matrix for the whole batch, done
 * as a single [(…·m),k]·[k,n] product); a 1-D operand is promoted to a row (left) or column
 * (right) vector and that dimension dropped from the result. dtype of `a`.
 *
 * Equation: Y_ij = Σ_p A_ip B_pj.
 *
 * @example
 * ```ts
 * import { constant, matmul } from "@neuroplastic/core/autodiff";
 * import { fromNested } from "@neuroplastic/core/tensor";
 * const y = matmul(constant(fromNested([[1, 2], [3, 4]])), constant(fromNested([[1], [1]])));
 * console.log(y.shape, y.value); // [2, 1] Float64Array [3, 7]
 * ```
 */
export function matmul(a: Var, b: Var): Var {
  if (a.shape.length === 0 || b.shape.length === 0) {
    throw new ShapeMismatch({ what: "matmul of a 0-d operand", expected: [1, 1], actual: [] });
  }
  if (a.shape.length === 1) {
    const y = matmul(reshape(a, [1, a.shape[0]]), b);
    const s = y.shape.slice();
    s.splice(s.length - 2, 1);
    return reshape(y, s);
  }
  if (b.shape.length === 1) {
    const y = matmul(a, reshape(b, [b.shape[0], 1]));
    return reshape(y, y.shape.slice(0, -1));
  }
  const ra = a.shape.length, rb = b.shape.length;
  const m = a.shape[ra - 2], k = a.shape[ra - 1], k2 = b.shape[rb - 2], n = b.shape[rb - 1];
  if (k !== k2) {
    throw new ShapeMismatch({
      what: `matmul inner dimensions ([${a.shape}]·[${b.shape}])`,
      expected: [k],
      actual: [k2],
    });
  }
  const av = a.value, bv = b.value;
  const aB = a.shape.slice(0, -2), bB = b.shape.slice(0, -2);
  if (bB.length === 0 || sizeOf(bB) === 1 && bB.length <= aB.length) {
    // One right matrix for the whole batch: a single (M×k)·(k×n) product, M = batch·m.
    const M = sizeOf(aB) * m;
    const shape = [...aB, m, n];
    const y = allocLike(av, M * n);
    matmulInto(y, av, bv, M, k, n);
    return makeVar(y, shape, [a, b], (g, sink) => {
      const ga = sink(0), gb = sink(1);
      // Ā += Ȳ·Bᵀ (M×n · n×k), B̄ += Aᵀ·Ȳ (k×M · M×n)
      if (ga !== null) matmulInto(ga, g, bv, M, n, k, { transB: true, accumulate: true });
      if (gb !== null) matmulInto(gb, av, g, k, M, n, { transA: true, accumulate: true });
    });
  }
  const batch = broadcastShapes(aB, bB);
  const nb = sizeOf(batch);
  const ia = batchIndex(aB, batch), ib = batchIndex(bB, batch);
  const y = allocLike(av, nb * m * n);
  const sa = m * k, sb = k * n, sy = m * n;
  for (let t = 0; t < nb; t++) {
    matmulInto(y, av, bv, m, k, n, { aOffset: ia[t] * sa, bOffset: ib[t] * sb, outOffset: t * sy });
  }
  return makeVar(y, [...batch, m, n], [a, b], (g, sink) => {
    const ga = sink(0), gb = sink(1);
    for (let t = 0; t < nb; t++) {
      const ao = ia[t] * sa, bo = ib[t] * sb, go = t * sy;
      if (ga !== null) {
        matmulInto(ga, g, bv, m, n, k, {
          transB: true,
          accumulate: true,
          aOffset: go,
          bOffset: bo,
          outOffset: ao,
        });
      }
      if (gb !== null) {
        matmulInto(gb, av, g, k, m, n, {
          transA: true,
          accumulate: true,
          aOffset: ao,
          bOffset: go,
          outOffset: bo,
        });
      }
    }
  });
}
