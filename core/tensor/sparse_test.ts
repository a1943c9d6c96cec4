import assert from "node:assert/strict";
import fc from "fast-check";
import * as math from "mathjs";
import {
  cscFromCsr,
  cscFromDense,
  cscMatvecInto,
  csrFromCoo,
  csrFromCsc,
  csrFromDense,
  csrMatvecInto,
  csrMatvecTInto,
  denseFromCsc,
  denseFromCsr,
} from "./sparse.ts";
import type { FloatArray } from "./tensor.ts";
import { assertWithin, FC, toRows, U32, U64 } from "./test_util.ts";

/** A sparse-ish dense matrix (about 60 % exact zeros) with matching vectors. */
const sparseArb = fc
  .record({
    rows: fc.integer({ min: 1, max: 14 }),
    cols: fc.integer({ min: 1, max: 14 }),
    f32: fc.boolean(),
  })
  .chain(({ rows, cols, f32 }) => {
    const val = fc.oneof(
      { weight: 3, arbitrary: fc.constant(0) },
      // Non-zeros of magnitude ≥ 1e-3: mathjs' SparseMatrix drops values within its absTol of 0.
      {
        weight: 2,
        arbitrary: fc.tuple(fc.boolean(), fc.double({ min: 1e-3, max: 8, noNaN: true })).map((
          [neg, v],
        ) => neg ? -v : v),
      },
    );
    const vec = (n: number) => fc.array(val, { minLength: n, maxLength: n });
    return fc.record({
      rows: fc.constant(rows),
      cols: fc.constant(cols),
      f32: fc.constant(f32),
      a: vec(rows * cols),
      x: vec(cols),
      xt: vec(rows),
      y0: vec(rows),
    });
  });

const arr = (
  f32: boolean,
  xs: number[],
): FloatArray => (f32 ? Float32Array.from(xs) : Float64Array.from(xs));

/** mathjs stores SparseMatrix in compressed-column form; read its arrays for comparison. */
interface MathjsCcs {
  _values: number[];
  _index: number[];
  _ptr: number[];
}

Deno.test("CSR/CSC builders round-trip, match mathjs' compressed-column layout, and convert", () => {
  fc.assert(
    fc.property(sparseArb, ({ rows, cols, f32, a }) => {
      const d = arr(f32, a);
      const csr = csrFromDense(d, rows, cols), csc = cscFromDense(d, rows, cols);
      assert.deepEqual(denseFromCsr(csr), d);
      assert.deepEqual(denseFromCsc(csc), d);
      const ref = math.sparse(toRows(d, 0, rows, cols)) as unknown as MathjsCcs;
      assert.deepEqual([...csc.indptr], ref._ptr);
      assert.deepEqual([...csc.indices], ref._index);
      assert.deepEqual([...csc.data], ref._values);
      // CSR of A is CSC of Aᵀ.
      const refT = math.sparse(math.transpose(toRows(d, 0, rows, cols))) as unknown as MathjsCcs;
      assert.deepEqual([...csr.indptr], refT._ptr);
      assert.deepEqual([...csr.indices], refT._index);
      assert.deepEqual(cscFromCsr(csr), csc);
      assert.deepEqual(csrFromCsc(csc), csr);
      assert.equal(csr.data instanceof Float32Array, f32);
      assert.ok(csrFromDense(d, rows, cols, "f64").data instanceof Float64Array);
    }),
    FC,
  );
});

Deno.test("csrMatvecInto, cscMatvecInto and csrMatvecTInto match mathjs products", () => {
  fc.assert(
    fc.property(sparseArb, fc.boolean(), ({ rows, cols, f32, a, x, xt, y0 }, accumulate) => {
      const d = arr(f32, a), A = toRows(d, 0, rows, cols);
      const csr = csrFromDense(d, rows, cols), csc = cscFromDense(d, rows, cols);
      const u = f32 ? U32 : U64;
      const check = (what: string, got: FloatArray, M: number[][], v: number[], base: number[]) => {
        const vv = Array.from(arr(f32, v));
        const y = math.multiply(M, vv) as number[];
        const s = math.multiply(math.abs(M), math.abs(vv)) as number[];
        const k = M[0].length;
        // Scatter kernels round in out's precision at each add: γ_{k+1} in that precision.
        const bound = s.map((v, i) => (k + 3) * u * (v + Math.abs(base[i])) + k * 2 ** -149);
        assertWithin(what, got, y.map((v, i) => v + base[i]), bound);
      };
      const init = Array.from(arr(f32, y0));
      const zeros = new Array<number>(rows).fill(0);
      check(
        "csr",
        csrMatvecInto(arr(f32, y0), csr, arr(f32, x), accumulate),
        A,
        x,
        accumulate ? init : zeros,
      );
      check(
        "csc",
        cscMatvecInto(arr(f32, y0), csc, arr(f32, x), accumulate),
        A,
        x,
        accumulate ? init : zeros,
      );
      const At = math.transpose(A);
      check(
        "csrT",
        csrMatvecTInto(arr(f32, new Array(cols).fill(7)), csr, arr(f32, xt)),
        At,
        xt,
        new Array(cols).fill(0),
      );
    }),
    FC,
  );
});

Deno.test("csrFromCoo sums duplicates in input order and validates indices", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 6 }),
      fc.integer({ min: 1, max: 6 }),
      fc.array(fc.tuple(fc.nat(), fc.nat(), fc.double({ min: -4, max: 4, noNaN: true })), {
        maxLength: 30,
      }),
      (rows, cols, entries) => {
        const r = entries.map(([i]) => i % rows), c = entries.map(([, j]) => j % cols);
        const v = entries.map(([, , x]) => x);
        const csr = csrFromCoo(rows, cols, r, c, v);
        const dense = new Array<number>(rows * cols).fill(0);
        entries.forEach((_, t) => (dense[r[t] * cols + c[t]] += v[t]));
        assert.deepEqual([...denseFromCsr(csr)], dense);
        for (let i = 0; i < rows; i++) {
          for (let p = csr.indptr[i] + 1; p < csr.indptr[i + 1]; p++) {
            assert.ok(csr.indices[p - 1] < csr.indices[p]);
          }
        }
      },
    ),
    FC,
  );
  assert.throws(() => csrFromCoo(2, 2, [2], [0], [1]), /outside 2×2/);
  assert.throws(() => csrFromCoo(2, 2, [0, 1], [0], [1]), /lengths differ/);
});

Deno.test("event-driven scatter skips zero inputs; shape checks throw", () => {
  const d = new Float64Array([Infinity, 1, 2, 3]); // 2×2
  const x = new Float64Array([0, 1]);
  assert.deepEqual([...cscMatvecInto(new Float64Array(2), cscFromDense(d, 2, 2), x)], [1, 3]);
  assert.ok(Number.isNaN(csrMatvecInto(new Float64Array(2), csrFromDense(d, 2, 2), x)[0])); // dense semantics
  assert.throws(() => csrMatvecInto(new Float64Array(3), csrFromDense(d, 2, 2), x), /out length 2/);
  assert.throws(() => csrFromDense(d, 3, 2), RangeError);
});
