/**
 * Edge tests of plasticity kernels (what bench/mutation.ts showed the other plasticity tests did
 * not pin): the cubed eligibility with an exact-length scratch against the literal loop, the
 * clip count of the reward-modulated update in both directions, and a full mask.
 */
import assert from "node:assert/strict";
import { key } from "@neuroplastic/core/random";
import { eligibilityAccumulateNaive, eligibilityCubedAccumulate } from "./eligibility.ts";
import { rewardModulatedUpdate } from "./neuromodulation.ts";
import { chooseAbsentPair } from "./structural.ts";

Deno.test("plasticity edge: cubed eligibility equals the literal loop on every row", () => {
  const nPost = 3, nPre = 4;
  const dev = new Float64Array([0.5, -1, 0.25]);
  const pre = new Float64Array([1, -0.5, 2, 0.1]);
  const fast = new Float64Array(nPost * nPre).fill(0.1);
  const slow = fast.slice();
  // a reused scratch holds stale values
  eligibilityCubedAccumulate(fast, dev, pre, nPost, nPre, new Float64Array(nPre + nPost).fill(9));
  eligibilityAccumulateNaive(slow, dev, pre, nPost, nPre);
  for (let k = 0; k < fast.length; k++) {
    assert.ok(Math.abs(fast[k] - slow[k]) < 1e-15, `${k}: ${fast[k]} vs ${slow[k]}`);
  }
});

Deno.test("plasticity edge: the reward-modulated update counts clips on both sides", () => {
  // g = −η·scale·(r − r̄) = −1·1·(2 − 1) = −1: d = −e
  const w = new Float64Array(4);
  const e = new Float64Array([0.5, -3, 3, 0.1]);
  const clipped = rewardModulatedUpdate(w, e, 1, 2, 1, 1, 1);
  assert.equal(clipped, 2);
  assert.deepEqual([...w], [-0.5, 1, -1, -0.1]);
  assert.equal(rewardModulatedUpdate(new Float64Array(1), new Float64Array([5]), 1, 2, 1, 1, 1), 1);
  assert.equal(
    rewardModulatedUpdate(new Float64Array(1), new Float64Array([-5]), 1, 2, 1, 1, 1),
    1,
  );
});

Deno.test("plasticity edge: no absent pair in a full mask gives −1", () => {
  const n = 3;
  const full = new Uint8Array(n * n).fill(1);
  assert.equal(chooseAbsentPair(key(1), n, full), -1);
  const one = full.slice();
  one[1 * n + 2] = 0;
  assert.equal(chooseAbsentPair(key(2), n, one), 1 * n + 2);
});
