import assert from "node:assert/strict";
import fc from "fast-check";
import { fold, key } from "@neuroplastic/core/random";
import {
  addSynapse,
  chooseAbsentPair,
  cloneSynapseMatrix,
  createSynapseMatrix,
  denseWeights,
  pruneZeroSynapses,
  removeSynapse,
  structuralChoice,
  synapseCount,
  synapseMatrixFromDense,
  weightAt,
} from "./mod.ts";

Deno.test("add/remove keep mask, weights and index lists consistent (property)", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 24 }),
      fc.integer({ min: 1, max: 24 }),
      fc.array(
        fc.tuple(
          fc.integer({ min: 0, max: 3 }),
          fc.nat(575),
          fc.double({ min: 0.01, max: 1, noNaN: true }),
        ),
        { maxLength: 400 },
      ),
      (nPre, nPost, ops) => {
        const m = createSynapseMatrix(nPre, nPost);
        const ref = new Map<number, number>();
        for (const [op, cell, v] of ops) {
          const add = op !== 0; // 3 adds for 1 removal: columns fill up and capacities grow
          const idx = cell % (nPre * nPost);
          const pre = Math.floor(idx / nPost);
          const post = idx % nPost;
          if (add) {
            const ok = addSynapse(m, pre, post, v);
            assert.equal(ok, !ref.has(idx));
            if (ok) ref.set(idx, v);
          } else {
            assert.equal(removeSynapse(m, pre, post), ref.delete(idx));
          }
        }
        assert.equal(synapseCount(m), ref.size);
        for (let idx = 0; idx < nPre * nPost; idx++) {
          assert.equal(m.mask[idx], ref.has(idx) ? 1 : 0);
          assert.equal(denseWeights(m)[idx], ref.get(idx) ?? 0);
          assert.equal(weightAt(m, Math.floor(idx / nPost), idx % nPost), ref.get(idx) ?? 0);
        }
        for (let i = 0; i < nPost; i++) {
          const ins = Array.from(m.inIdx.subarray(i * m.inCap, i * m.inCap + m.inLen[i]));
          assert.deepEqual(ins, [...Array(nPre).keys()].filter((j) => ref.has(j * nPost + i)));
        }
        for (let j = 0; j < nPre; j++) {
          for (let s = 0; s < m.outLen[j]; s++) {
            const pos = m.outPos[j * m.outCap + s];
            assert.equal(m.inIdx[pos], j);
            assert.equal(Math.floor(pos / m.inCap), m.outIdx[j * m.outCap + s]);
          }
          const outs = Array.from(m.outIdx.subarray(j * m.outCap, j * m.outCap + m.outLen[j])).sort(
            (a, b) => a - b,
          );
          assert.deepEqual(outs, [...Array(nPost).keys()].filter((i) => ref.has(j * nPost + i)));
        }
      },
    ),
    { seed: 42, numRuns: 100 },
  );
});

Deno.test("cloneSynapseMatrix is deep", () => {
  const m = synapseMatrixFromDense([0, 1, 1, 0], 2, 2);
  const c = cloneSynapseMatrix(m);
  removeSynapse(c, 0, 1);
  assert.equal(m.mask[1], 1);
  assert.equal(synapseCount(m), 2);
});

Deno.test("pruneZeroSynapses removes present zero-weight synapses", () => {
  const m = synapseMatrixFromDense([0, 0, 0.5, 0], 2, 2, [0, 1, 1, 0]);
  assert.equal(synapseCount(m), 2);
  assert.equal(pruneZeroSynapses(m), 1);
  assert.equal(synapseCount(m), 1);
  assert.equal(m.mask[1], 0);
});

Deno.test("chooseAbsentPair returns absent off-diagonal pairs only, −1 when full", () => {
  const n = 5;
  const mask = new Uint8Array(n * n);
  for (let t = 0; t < 200; t++) {
    const idx = chooseAbsentPair(fold(key(3), t), n, mask);
    assert.ok(idx >= 0);
    assert.notEqual(Math.floor(idx / n), idx % n);
    assert.equal(mask[idx], 0);
  }
  const full = new Uint8Array(n * n).fill(1);
  assert.equal(chooseAbsentPair(key(1), n, full), -1);
  assert.equal(chooseAbsentPair(key(1), 1, new Uint8Array(1)), -1);
});

Deno.test("chooseAbsentPair is uniform over absent pairs (rejection and fallback)", () => {
  // 6 × 6 with only 3 absent off-diagonal pairs: the rejection loop almost always
  // fails (3/30 hit rate, 32 tries → fallback ~3% of the time) — both branches exercised.
  const n = 6;
  const mask = new Uint8Array(n * n).fill(1);
  const absent = [1 * n + 2, 4 * n + 0, 5 * n + 3];
  for (const a of absent) mask[a] = 0;
  const counts = new Map<number, number>();
  const draws = 6000;
  for (let t = 0; t < draws; t++) {
    const idx = chooseAbsentPair(fold(key(7), t), n, mask);
    counts.set(idx, (counts.get(idx) ?? 0) + 1);
  }
  assert.deepEqual([...counts.keys()].sort((a, b) => a - b), absent.sort((a, b) => a - b));
  // χ² with 2 degrees of freedom: 13.8 is the 0.999 quantile.
  const e = draws / 3;
  const chi2 = absent.reduce((s, a) => s + ((counts.get(a)! - e) ** 2) / e, 0);
  assert.ok(chi2 < 13.8, `chi2 ${chi2}`);
});

Deno.test("chooseAbsentPair fallback alone is uniform (almost-full mask)", () => {
  // 40 × 40 with 2 absent pairs: rejection succeeds with probability ≈ 1 − (1 − 2/1560)^32 ≈ 4%.
  const n = 40;
  const mask = new Uint8Array(n * n).fill(1);
  mask[3 * n + 7] = 0;
  mask[30 * n + 1] = 0;
  let first = 0;
  const draws = 3000;
  for (let t = 0; t < draws; t++) {
    if (chooseAbsentPair(fold(key(9), t), n, mask) === 3 * n + 7) first++;
  }
  assert.ok(Math.abs(first / draws - 0.5) < 0.04, `fraction ${first / draws}`);
});

Deno.test("structuralChoice adds with probability p", () => {
  const n = 10;
  const mask = new Uint8Array(n * n);
  let added = 0;
  for (let t = 0; t < 4000; t++) if (structuralChoice(fold(key(5), t), 0.1, n, mask) >= 0) added++;
  assert.ok(Math.abs(added / 4000 - 0.1) < 0.02, `rate ${added / 4000}`);
  assert.equal(structuralChoice(key(0), 0, n, mask), -1);
});

Deno.test("capacities grow when a column or a row fills up", () => {
  const m = createSynapseMatrix(30, 30);
  const cap0 = m.inCap;
  for (let j = 29; j >= 0; j--) if (j !== 0) addSynapse(m, j, 0, j / 100); // column 0, descending inserts
  for (let i = 1; i < 30; i++) addSynapse(m, 5, i, 0.5); // row 5
  assert.ok(m.inCap > cap0 && m.outCap > cap0);
  assert.deepEqual(
    Array.from(m.inIdx.subarray(0, m.inLen[0])),
    [...Array(29).keys()].map((k) => k + 1),
  );
  for (let j = 1; j < 30; j++) assert.equal(weightAt(m, j, 0), j === 5 ? 0.05 : j / 100);
  for (let i = 1; i < 30; i++) assert.equal(weightAt(m, 5, i), 0.5);
  for (let s = 0; s < m.outLen[5]; s++) assert.equal(m.inIdx[m.outPos[5 * m.outCap + s]], 5);
  assert.equal(synapseCount(m), 29 + 29);
});
