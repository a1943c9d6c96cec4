/**
 * Edge tests of the sparse synapse matrix (what bench/mutation.ts showed structural_test.ts did
 * not pin): starting from one slot per row and column, every add/remove sequence must agree with
 * a dense model, including after the column and row arrays grow.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  addSynapse,
  cloneSynapseMatrix,
  createSynapseMatrix,
  denseWeights,
  pruneZeroSynapses,
  removeSynapse,
  synapseCount,
  type SynapseMatrix,
  synapseMatrixFromDense,
  weightAt,
} from "./structural.ts";

/** Every row entry points at the column slot that holds its source, columns ascend. */
const checkLinks = (m: SynapseMatrix) => {
  for (let j = 0; j < m.nPre; j++) {
    for (let s = 0; s < m.outLen[j]; s++) {
      const i = m.outIdx[j * m.outCap + s];
      const pos = m.outPos[j * m.outCap + s];
      assert.equal(Math.floor(pos / m.inCap), i, `row ${j} slot ${s} points into column ${i}`);
      assert.equal(m.inIdx[pos], j);
    }
  }
  for (let i = 0; i < m.nPost; i++) {
    for (let q = 1; q < m.inLen[i]; q++) {
      assert.ok(m.inIdx[i * m.inCap + q - 1] < m.inIdx[i * m.inCap + q], `column ${i} ascends`);
    }
  }
};

Deno.test("structural edge: adds and removes from capacity 1 agree with a dense model", () => {
  const nPre = 5, nPost = 4;
  const op = fc.record({
    add: fc.boolean(),
    pre: fc.integer({ min: 0, max: nPre - 1 }),
    post: fc.integer({ min: 0, max: nPost - 1 }),
    w: fc.integer({ min: 1, max: 1000 }),
  });
  fc.assert(
    fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
      const m = createSynapseMatrix(nPre, nPost, 1, 1);
      const model = new Float64Array(nPre * nPost);
      for (const o of ops) {
        const idx = o.pre * nPost + o.post;
        if (o.add) {
          assert.equal(addSynapse(m, o.pre, o.post, o.w), model[idx] === 0);
          if (model[idx] === 0) model[idx] = o.w;
        } else {
          assert.equal(removeSynapse(m, o.pre, o.post), model[idx] !== 0);
          model[idx] = 0;
        }
        checkLinks(m);
      }
      assert.deepEqual(denseWeights(m), model);
      assert.equal(synapseCount(m), model.filter((v) => v !== 0).length);
      for (let j = 0; j < nPre; j++) {
        for (let i = 0; i < nPost; i++) {
          assert.equal(weightAt(m, j, i), model[j * nPost + i]);
          assert.equal(m.mask[j * nPost + i], model[j * nPost + i] !== 0 ? 1 : 0);
        }
      }
    }),
    { seed: 22, numRuns: 150 },
  );
});

Deno.test("structural edge: a full matrix grown slot by slot keeps every weight", () => {
  const nPre = 6, nPost = 3;
  const m = createSynapseMatrix(nPre, nPost, 1, 1);
  // add in descending source order so every insert shifts the column
  for (let j = nPre - 1; j >= 0; j--) {
    for (let i = 0; i < nPost; i++) assert.ok(addSynapse(m, j, i, 10 * j + i + 1));
  }
  checkLinks(m);
  assert.equal(m.inCap, nPre);
  assert.equal(m.outCap, nPost);
  for (let j = 0; j < nPre; j++) {
    for (let i = 0; i < nPost; i++) assert.equal(weightAt(m, j, i), 10 * j + i + 1);
  }
  const c = cloneSynapseMatrix(m);
  assert.ok(removeSynapse(c, 2, 1));
  assert.equal(weightAt(c, 2, 1), 0);
  assert.equal(weightAt(m, 2, 1), 22, "the clone does not share arrays");
  assert.equal(synapseCount(c), nPre * nPost - 1);
});

Deno.test("structural edge: from dense, pruning removes exactly the non-positive weights", () => {
  const w = [0.5, 0, -0.1, 0.2, 0.3, 0, 0, 0.7, 0];
  const mask = [1, 1, 1, 1, 1, 0, 0, 1, 0];
  const m = synapseMatrixFromDense(w, 3, 3, mask);
  checkLinks(m);
  assert.equal(synapseCount(m), 6);
  assert.equal(pruneZeroSynapses(m), 2); // the 0 at [0,1] and the -0.1 at [0,2]
  checkLinks(m);
  assert.deepEqual([...denseWeights(m)], [0.5, 0, 0, 0.2, 0.3, 0, 0, 0.7, 0]);
  assert.deepEqual([...m.mask], [1, 0, 0, 1, 1, 0, 0, 1, 0]);
  // without a mask presence is w ≠ 0
  const n = synapseMatrixFromDense(w, 3, 3);
  assert.equal(synapseCount(n), 5);
});
