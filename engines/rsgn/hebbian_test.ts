// Spec §8.12: the Hebbian learners.
import assert from "node:assert/strict";
import fc from "fast-check";
import { key } from "@neuroplastic/core/random";
import { matmulInto } from "@neuroplastic/core/tensor";
import { presetConfig } from "./config.ts";
import { initParams, type RsgnParams } from "./params.ts";
import {
  hebbianInit,
  hebbianPruneAndSprout,
  type HebbianState,
  hebbianUpdate,
  historyCorrelation,
  NOTEBOOK_HEBBIAN,
} from "./hebbian.ts";

const c = presetConfig("readme", { numNodes: 12, affinityRank: 5 });
const SRC = { ...NOTEBOOK_HEBBIAN, variant: "src" as const, lrAffinity: 1e-3 };

const alphaOf = (B: number, N: number, s: number) => {
  const a = new Float64Array(B * N);
  for (let i = 0; i < a.length; i++) a[i] = 0.5 + 0.5 * Math.sin(s * 3.3 + i * 0.77);
  return a;
};

Deno.test("notebook update: V unchanged, R = 0 leaves U, closed form, θ clamp and direction", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 10_000 }),
      fc.double({ min: -400, max: 0, noNaN: true }),
      (s, R) => {
        const p = initParams(c, key(s), "f64");
        for (let i = 0; i < p.affinityU.data.length; i++) p.affinityU.data[i] *= 100;
        const N = c.numNodes, r = c.affinityRank;
        const al = alphaOf(4, N, s);
        const out = hebbianUpdate(p, hebbianInit(), al, 4, R);
        assert.deepEqual(out.params.affinityV.data, p.affinityV.data);
        // closed form: U + η²·decay·R·((ᾱᾱᵀ) ⊙ S(1−S)) V   (spec §2.1)
        const am = new Float64Array(N);
        for (let b = 0; b < 4; b++) for (let n = 0; n < N; n++) am[n] += al[b * N + n] / 4;
        const Sm = new Float64Array(N * N);
        matmulInto(Sm, p.affinityU.data, p.affinityV.data, N, r, N, { transB: true });
        const M = new Float64Array(N * N);
        for (let i = 0; i < N * N; i++) {
          const S = 1 / (1 + Math.exp(-Sm[i]));
          M[i] = am[Math.floor(i / N)] * am[i % N] * S * (1 - S);
        }
        const MV = new Float64Array(N * r);
        matmulInto(MV, M, p.affinityV.data, N, N, r);
        const eta = NOTEBOOK_HEBBIAN.lrAffinity;
        for (let i = 0; i < N * r; i++) {
          const want = p.affinityU.data[i] + eta * eta * 0.995 * R * MV[i];
          assert.ok(Math.abs(out.params.affinityU.data[i] - want) < 1e-12);
        }
        for (let n = 0; n < N; n++) {
          const t = out.params.thresholds.data[n];
          assert.ok(t >= 0.01 && t <= 0.99);
          if (am[n] > 0.1 && t < 0.99) assert.ok(t > p.thresholds.data[n]);
        }
        const zero = hebbianUpdate(p, hebbianInit(), al, 4, 0);
        assert.deepEqual(zero.params.affinityU.data, p.affinityU.data);
        assert.equal(out.params.positions, p.positions); // notebook: no drift
      },
    ),
    { seed: 42, numRuns: 30 },
  );
});

Deno.test("src update: history ≤ 100, no drift in the first 9, drift ≤ η_p, ‖P_raw‖ < 1", () => {
  let p: RsgnParams = initParams(c, key(3), "f64");
  p.positions.data[0] = 0.99; // an outlier row with raw norm ≥ 1 after drift
  p.positions.data[1] = 0.2;
  let st: HebbianState = hebbianInit();
  for (let t = 0; t < 130; t++) {
    const before = p.positions.data.slice();
    const r = hebbianUpdate(p, st, alphaOf(3, c.numNodes, t), 3, -2, SRC);
    if (t < 9) assert.deepEqual(r.params.positions.data, before);
    assert.ok(r.state.history.length <= 100);
    const N = c.numNodes;
    for (let i = 0; i < N; i++) {
      const row = r.params.positions.data.subarray(i * 3, i * 3 + 3);
      const n = Math.hypot(...row);
      if (t >= 9) assert.ok(n < 1); // re-projected after every drift
      const ob = before.subarray(i * 3, i * 3 + 3);
      if (Math.hypot(...ob) < 0.9) {
        assert.ok(Math.hypot(row[0] - ob[0], row[1] - ob[1], row[2] - ob[2]) <= 1e-4 + 1e-12);
      }
    }
    p = r.params;
    st = r.state;
  }
  assert.equal(st.updates, 130);
  assert.ok(st.avgCorrelation.length > 0);
  const corr = historyCorrelation(st.history);
  const n = st.history.length;
  assert.ok(Math.abs(corr[0] - (n - 1) / n) < 1e-6 || corr[0] === 0);
});

Deno.test("prune/sprout: notebook never fires with α ≥ 0.27; src prunes weak affinities", () => {
  const p = initParams(c, key(4), "f64");
  let st = hebbianInit();
  let q = p;
  for (let t = 0; t < 12; t++) {
    const r = hebbianUpdate(q, st, new Float64Array(2 * c.numNodes).fill(0.3), 2, -1);
    q = r.params;
    st = r.state;
  }
  const nb = hebbianPruneAndSprout(q, st, key(0));
  assert.equal(nb.params.positions, q.positions);
  // underused nodes get jittered and re-projected
  const low = { ...st, history: st.history.map((h) => h.map(() => 0.001)) };
  const jit = hebbianPruneAndSprout(q, low, key(0));
  assert.notDeepEqual(jit.params.positions.data, q.positions.data);
  // src: make σ(UVᵀ) tiny for row 0
  const strong = { ...q, affinityU: { ...q.affinityU, data: q.affinityU.data.slice() } };
  for (let d = 0; d < c.affinityRank; d++) {
    strong.affinityU.data[d] = -5000 * Math.sign(q.affinityV.data[d] || 1);
  }
  const pr = hebbianPruneAndSprout(strong, st, key(0), SRC);
  assert.ok(pr.state.pruneEvents > 0 && pr.state.pruneEvents <= 50);
});
