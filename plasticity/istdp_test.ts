import assert from "node:assert/strict";
import fc from "fast-check";
import {
  createColumnSet,
  denseWeights,
  istdpDelta,
  istdpDense,
  istdpSparse,
  synapseCount,
  synapseMatrixFromDense,
} from "./mod.ts";

Deno.test("istdpDelta: sign follows the postsynaptic spike, zero without a presynaptic spike", () => {
  const eta = 0.001;
  const mu = 0.1;
  assert.equal(istdpDelta(eta, 1, 0, mu), -eta); // silent target: weaken
  // fired target: −η(1 − (1 + 1/μ)) = η/μ
  assert.ok(Math.abs(istdpDelta(eta, 1, 1, mu) - eta / mu) < 1e-15);
  assert.equal(istdpDelta(eta, 0, 1, mu) === 0, true);
});

Deno.test("istdp keeps the mean change zero at the target rate μ", () => {
  // E[Δ] = −η (1 − p (1 + 1/μ)) = 0 for p = μ/(1+μ)
  const mu = 0.1;
  const p = mu / (1 + mu);
  const mean = p * istdpDelta(0.001, 1, 1, mu) + (1 - p) * istdpDelta(0.001, 1, 0, mu);
  assert.ok(Math.abs(mean) < 1e-15);
});

Deno.test("istdpSparse equals istdpDense bit for bit (property)", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 6 }),
      fc.integer({ min: 1, max: 10 }),
      fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 60, maxLength: 60 }),
      fc.array(fc.boolean(), { minLength: 60, maxLength: 60 }),
      fc.array(fc.boolean(), { minLength: 16, maxLength: 16 }),
      fc.boolean(),
      (ni, ne, ws, present, bits, prune) => {
        const w = new Float64Array(ni * ne);
        const mask = new Uint8Array(ni * ne);
        for (let q = 0; q < ni * ne; q++) {
          if (present[q]) {
            w[q] = ws[q];
            mask[q] = 1;
          }
        }
        const y = Uint8Array.from({ length: ni }, (_, k) => (bits[k] ? 1 : 0));
        const xNew = Uint8Array.from({ length: ne }, (_, i) => (bits[6 + i] ? 1 : 0));
        const m = synapseMatrixFromDense(w, ni, ne, mask);
        const wd = w.slice();
        const md = mask.slice();
        const touched = new Uint8Array(ne);
        const pd = istdpDense(wd, md, ni, ne, y, xNew, 0.05, 0.2, 1, prune, touched);
        const activeY = Int32Array.from([...y.keys()].filter((k) => y[k]));
        const cs = createColumnSet(ne);
        const ps = istdpSparse(m, y, activeY, activeY.length, xNew, 0.05, 0.2, 1, prune, cs);
        assert.equal(ps, pd);
        assert.deepEqual(denseWeights(m), wd);
        assert.deepEqual(m.mask, md);
        assert.deepEqual(Array.from(cs.flags), Array.from(touched));
        for (const v of m.inW) assert.ok(v >= 0 && v <= 1);
      },
    ),
    { seed: 42, numRuns: 200 },
  );
});

Deno.test("istdpSparse prunes within a row longer than any earlier one, as istdpDense (the reused prune buffer grows)", () => {
  // one inhibitory neuron → 250 silent excitatory targets: −η·y·(1 − 0) prunes those at 0.001
  // (i ≡ 1, 2 mod 3) and keeps those at 0.5
  const n = 250;
  const w = new Float64Array(n).map((_, i) => (i % 3 === 0 ? 0.5 : 0.001));
  const m = synapseMatrixFromDense(w, 1, n);
  const y = Uint8Array.of(1), xNew = new Uint8Array(n);
  const pruned = istdpSparse(
    m,
    y,
    Int32Array.of(0),
    1,
    xNew,
    0.01,
    0.1,
    1,
    true,
    createColumnSet(n),
  );
  const wd = w.slice(), mask = new Uint8Array(n).fill(1);
  const prunedDense = istdpDense(wd, mask, 1, n, y, xNew, 0.01, 0.1, 1, true, new Uint8Array(n));
  assert.equal(pruned, prunedDense);
  assert.equal(pruned, 166);
  assert.equal(synapseCount(m), n - 166);
  assert.deepEqual(denseWeights(m), wd);
  // the structure too: presence mask and column lists (a lost prune slot leaves them stale)
  assert.deepEqual(m.mask, mask);
  assert.equal(m.inLen.reduce((a, b) => a + b, 0), synapseCount(m));
});
