import assert from "node:assert/strict";
import fc from "fast-check";
import {
  cloneSynapseMatrix,
  createColumnSet,
  ipUpdate,
  istdpSparse,
  markColumn,
  normalizeColumnSetSparse,
  stdpSparseColumns,
  synapseMatrixFromDense,
} from "@neuroplastic/plasticity";
import {
  activeIndices,
  ipBinary,
  istdpBinary,
  normalizeTouched,
  stdpBinaryColumns,
  stdpNormBinaryColumns,
} from "./kernels.ts";

/** A small deterministic generator (LCG) for test data. */
const lcg = (seed: number) => {
  let r = seed >>> 0;
  return () => (r = (Math.imul(r, 1103515245) + 12345) >>> 0) / 2 ** 32;
};

Deno.test("activeIndices lists the non-zero entries in ascending order", () => {
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 0, maxLength: 50 }), (v) => {
      const out = new Int32Array(v.length);
      const n = activeIndices(v, v.length, out);
      const want = [...v.keys()].filter((j) => v[j] !== 0);
      assert.deepEqual(Array.from(out.subarray(0, n)), want);
    }),
  );
});

Deno.test("ipBinary equals ipUpdate bit for bit on binary states (bounds hit)", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      fc.integer({ min: 1, max: 40 }),
      fc.constantFrom(0.01, 0.3),
      fc.constantFrom(0.1, 0.5),
      (seed, n, eta, h) => {
        const next = lcg(seed);
        const te = new Float64Array(n).map(() => next() * 1.2 - 0.1);
        const x = new Uint8Array(n).map(() => (next() < 0.3 ? 1 : 0));
        const a = te.slice(), b = te.slice();
        ipUpdate(a, x, n, eta, h, 0, 1);
        ipBinary(b, x, n, eta, h, 0, 1);
        assert.deepEqual(b, a);
      },
    ),
    { numRuns: 200 },
  );
});

Deno.test("istdpBinary equals istdpSparse bit for bit (weights, lists, prunes, touched set)", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      fc.integer({ min: 1, max: 6 }),
      fc.integer({ min: 1, max: 12 }),
      fc.constantFrom(0.001, 0.05, 0.4),
      fc.constantFrom(0.1, 0.02),
      fc.constantFrom(1, 0.3),
      fc.boolean(),
      (seed, ni, ne, eta, mu, wMax, prune) => {
        const next = lcg(seed);
        const w = new Float64Array(ni * ne);
        const mask = new Uint8Array(ni * ne);
        for (let q = 0; q < ni * ne; q++) {
          if (next() < 0.4) continue;
          mask[q] = 1;
          const u = next();
          w[q] = u < 0.1 ? 0 : u < 0.2 ? eta / 3 : u < 0.3 ? wMax * 1.2 : u;
        }
        const y = new Uint8Array(ni).map(() => (next() < 0.5 ? 1 : 0));
        const xNew = new Uint8Array(ne).map(() => (next() < 0.3 ? 1 : 0));
        const activeY = new Int32Array(ni);
        const nY = activeIndices(y, ni, activeY);
        const m1 = synapseMatrixFromDense(w, ni, ne, mask);
        const m2 = cloneSynapseMatrix(m1);
        const t1 = createColumnSet(ne), t2 = createColumnSet(ne);
        // a column already in the set (as STDP/SP leave them for the E→E matrix)
        if (ne > 2) {
          markColumn(t1, 2);
          markColumn(t2, 2);
        }
        const p1 = istdpSparse(m1, y, activeY, nY, xNew, eta, mu, wMax, prune, t1);
        const p2 = istdpBinary(m2, y, activeY, nY, xNew, eta, mu, wMax, prune, t2);
        assert.equal(p2, p1);
        assert.deepEqual(m2, m1);
        assert.equal(t2.count, t1.count);
        assert.deepEqual(t2.flags, t1.flags);
        assert.deepEqual(t2.list.subarray(0, t2.count), t1.list.subarray(0, t1.count));
      },
    ),
    { numRuns: 300 },
  );
});

Deno.test("normalizeTouched equals normalizeColumnSetSparse bit for bit (zero-sum columns kept)", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      fc.integer({ min: 1, max: 8 }),
      fc.integer({ min: 1, max: 12 }),
      (seed, nPre, nPost) => {
        const next = lcg(seed);
        const w = new Float64Array(nPre * nPost);
        const mask = new Uint8Array(nPre * nPost);
        for (let q = 0; q < w.length; q++) {
          if (next() < 0.4) continue;
          mask[q] = 1;
          w[q] = next() < 0.15 ? 0 : next() * 3;
        }
        const m1 = synapseMatrixFromDense(w, nPre, nPost, mask);
        const m2 = cloneSynapseMatrix(m1);
        const t1 = createColumnSet(nPost), t2 = createColumnSet(nPost);
        for (let i = 0; i < nPost; i++) {
          if (next() < 0.5) {
            markColumn(t1, i);
            markColumn(t2, i);
          }
        }
        normalizeColumnSetSparse(m1, t1);
        normalizeTouched(m2, t2);
        assert.deepEqual(m2, m1);
        assert.deepEqual(t2, t1);
      },
    ),
    { numRuns: 200 },
  );
});

const activeOf = (v: Uint8Array): [Int32Array, number] => {
  const out = new Int32Array(v.length);
  let n = 0;
  for (let j = 0; j < v.length; j++) if (v[j] !== 0) out[n++] = j;
  return [out, n];
};

Deno.test("stdpBinaryColumns equals stdpSparseColumns bit for bit (weights, lists, prunes, touched)", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 2, max: 12 }),
      fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      fc.constantFrom(0.001, 0.05, 0.3),
      fc.constantFrom(1, 0.2),
      fc.boolean(),
      (n, seed, eta, wMax, prune) => {
        // a small deterministic generator for weights (some 0, −0, above wMax) and states
        let r = seed;
        const next = () => (r = (Math.imul(r, 1103515245) + 12345) >>> 0) / 2 ** 32;
        const w = new Float64Array(n * n);
        const mask = new Uint8Array(n * n);
        for (let q = 0; q < n * n; q++) {
          if (q % (n + 1) === 0 || next() < 0.4) continue;
          mask[q] = 1;
          const u = next();
          w[q] = u < 0.05 ? 0 : u < 0.1 ? -0 : u < 0.15 ? wMax * 1.5 : u < 0.2 ? eta / 2 : u;
        }
        const x = new Uint8Array(n).map(() => (next() < 0.4 ? 1 : 0));
        const xNew = new Uint8Array(n).map(() => (next() < 0.4 ? 1 : 0));
        const [a, na] = activeOf(x);
        const [an, nn] = activeOf(xNew);
        const m1 = synapseMatrixFromDense(w, n, n, mask);
        const m2 = cloneSynapseMatrix(m1);
        const t1 = createColumnSet(n), t2 = createColumnSet(n);
        const p1 = stdpSparseColumns(m1, x, xNew, a, na, an, nn, eta, wMax, prune, t1);
        const p2 = stdpBinaryColumns(m2, x, xNew, a, na, an, nn, eta, wMax, prune, t2);
        assert.equal(p2, p1);
        assert.deepEqual(m2, m1); // typed arrays compared element-wise with Object.is (−0 ≠ 0)
        assert.deepEqual(t2, t1);
      },
    ),
    { numRuns: 300 },
  );
});

Deno.test("stdpNormBinaryColumns equals stdpBinaryColumns then normalizeTouched bit for bit", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 2, max: 12 }),
      fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      fc.constantFrom(0.001, 0.05, 0.3),
      fc.constantFrom(1, 0.2),
      fc.boolean(),
      (n, seed, eta, wMax, prune) => {
        // weights with 0, −0, values above wMax and below η (pruned), columns that sum to 0
        const next = lcg(seed);
        const w = new Float64Array(n * n);
        const mask = new Uint8Array(n * n);
        for (let q = 0; q < n * n; q++) {
          if (q % (n + 1) === 0 || next() < 0.4) continue;
          mask[q] = 1;
          const u = next();
          w[q] = u < 0.05 ? 0 : u < 0.1 ? -0 : u < 0.15 ? wMax * 1.5 : u < 0.25 ? eta / 2 : u;
        }
        const x = new Uint8Array(n).map(() => (next() < 0.4 ? 1 : 0));
        const xNew = new Uint8Array(n).map(() => (next() < 0.4 ? 1 : 0));
        const [a, na] = activeOf(x);
        const [an, nn] = activeOf(xNew);
        const m1 = synapseMatrixFromDense(w, n, n, mask);
        const m2 = cloneSynapseMatrix(m1);
        const t1 = createColumnSet(n);
        const p1 = stdpBinaryColumns(m1, x, xNew, a, na, an, nn, eta, wMax, prune, t1);
        normalizeTouched(m1, t1);
        const p2 = stdpNormBinaryColumns(m2, x, xNew, a, na, an, nn, eta, wMax, prune);
        assert.equal(p2, p1);
        assert.deepEqual(m2, m1); // typed arrays compared element-wise with Object.is (−0 ≠ 0)
      },
    ),
    { numRuns: 300 },
  );
});
