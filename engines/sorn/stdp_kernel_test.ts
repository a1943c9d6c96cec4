import assert from "node:assert/strict";
import fc from "fast-check";
import {
  cloneSynapseMatrix,
  createColumnSet,
  stdpSparseColumns,
  synapseMatrixFromDense,
} from "@neuroplastic/plasticity";
import { stdpBinaryColumns } from "./stdp_kernel.ts";

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
