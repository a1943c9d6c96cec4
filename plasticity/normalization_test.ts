import assert from "node:assert/strict";
import fc from "fast-check";
import * as math from "mathjs";
import {
  clearColumnSet,
  columnSum,
  createColumnSet,
  denseWeights,
  markColumn,
  normalizeColumnsDense,
  normalizeColumnSetSparse,
  synapseMatrixFromDense,
} from "./mod.ts";

Deno.test("normalizeColumnsDense: every non-empty column sums to 1 (mathjs oracle)", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 8 }),
      fc.integer({ min: 1, max: 8 }),
      fc.array(fc.double({ min: 0, max: 5, noNaN: true }), { minLength: 64, maxLength: 64 }),
      (nPre, nPost, vals) => {
        const w = Float64Array.from(vals.slice(0, nPre * nPost));
        const before = w.slice();
        normalizeColumnsDense(w, nPre, nPost);
        const rows = [...Array(nPre).keys()].map((j) =>
          Array.from(w.subarray(j * nPost, (j + 1) * nPost))
        );
        const sums = math.sum(math.matrix(rows), 0) as unknown as math.Matrix;
        const arr = sums.toArray() as number[];
        for (let i = 0; i < nPost; i++) {
          if (columnSum(before, nPre, nPost, i) > 0) assert.ok(Math.abs(arr[i] - 1) < 1e-12);
          else assert.equal(arr[i], 0); // empty column stays 0, no NaN
        }
        for (const v of w) assert.ok(Number.isFinite(v));
      },
    ),
    { seed: 42, numRuns: 100 },
  );
});

Deno.test("a zero column stays 0 (the reference writes NaN there)", () => {
  const w = new Float64Array([0, 1, 0, 3]);
  normalizeColumnsDense(w, 2, 2);
  assert.deepEqual(Array.from(w), [0, 0.25, 0, 0.75]);
});

Deno.test("sparse normalisation of a column set equals the dense one bit for bit", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 9 }),
      fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 81, maxLength: 81 }),
      fc.array(fc.boolean(), { minLength: 81, maxLength: 81 }),
      fc.array(fc.boolean(), { minLength: 9, maxLength: 9 }),
      (n, vals, present, cols) => {
        const w = new Float64Array(n * n);
        for (let q = 0; q < n * n; q++) if (present[q]) w[q] = vals[q];
        const m = synapseMatrixFromDense(w, n, n);
        const flags = Uint8Array.from({ length: n }, (_, i) => (cols[i] ? 1 : 0));
        const cs = createColumnSet(n);
        for (let i = 0; i < n; i++) if (flags[i]) markColumn(cs, i);
        normalizeColumnsDense(w, n, n, flags);
        normalizeColumnSetSparse(m, cs);
        assert.deepEqual(denseWeights(m), w);
        assert.equal(cs.count, 0);
      },
    ),
    { seed: 42, numRuns: 100 },
  );
});

Deno.test("column sets: mark once, clear resets flags", () => {
  const cs = createColumnSet(4);
  markColumn(cs, 2);
  markColumn(cs, 0);
  markColumn(cs, 2);
  assert.equal(cs.count, 2);
  assert.deepEqual(Array.from(cs.list.subarray(0, 2)), [2, 0]);
  clearColumnSet(cs);
  assert.equal(cs.count, 0);
  assert.deepEqual(Array.from(cs.flags), [0, 0, 0, 0]);
});

Deno.test("normalizeColumnsDense (row sweep) equals column-by-column division by columnSum, bit for bit", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 9 }),
      fc.integer({ min: 1, max: 9 }),
      fc.array(fc.oneof(fc.constant(0), fc.double({ min: -0.5, max: 3, noNaN: true })), {
        minLength: 81,
        maxLength: 81,
      }),
      fc.array(fc.integer({ min: 0, max: 1 }), { minLength: 9, maxLength: 9 }),
      fc.boolean(),
      (nPre, nPost, vals, sel, useCols) => {
        const w = Float64Array.from(vals.slice(0, nPre * nPost));
        const cols = useCols ? Uint8Array.from(sel.slice(0, nPost)) : undefined;
        // Oracle: the column-by-column loop (sum over pre ascending, then divide).
        const want = w.slice();
        let wantDone = 0;
        for (let i = 0; i < nPost; i++) {
          if (cols && cols[i] === 0) continue;
          const s = columnSum(want, nPre, nPost, i);
          if (!(s > 0)) continue;
          for (let j = 0; j < nPre; j++) want[j * nPost + i] = want[j * nPost + i] / s;
          wantDone++;
        }
        const done = normalizeColumnsDense(w, nPre, nPost, cols);
        return done === wantDone && w.every((v, q) => Object.is(v, want[q]));
      },
    ),
    { seed: 7, numRuns: 300 },
  );
});
