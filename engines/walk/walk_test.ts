import assert from "node:assert/strict";
import fc from "fast-check";
import { key } from "@neuroplastic/core/random";
import { stateHash } from "@neuroplastic/core/checkpoint";
import { initState, run, step, type WalkConfig, walkStats } from "./mod.ts";

const configArb = fc.record({
  particles: fc.integer({ min: 1, max: 12 }),
  dim: fc.integer({ min: 1, max: 5 }),
  curvature: fc.double({ min: 0.1, max: 4, noNaN: true }),
  sigma: fc.double({ min: 0, max: 2, noNaN: true }),
});

Deno.test("walk: run(s, n) equals n steps bit for bit, and never mutates its input", () => {
  fc.assert(
    fc.property(
      configArb,
      fc.integer({ min: 0, max: 2 ** 31 }),
      fc.integer({ min: 0, max: 20 }),
      (c: WalkConfig, seed, n) => {
        const s0 = run(initState(c, key(seed)), c, 3);
        const copy = s0.x.slice();
        let s = s0;
        for (let i = 0; i < n; i++) s = step(s, c);
        const r = run(s0, c, n);
        assert.deepStrictEqual(r.x, s.x);
        assert.equal(r.t, s.t);
        assert.deepStrictEqual(s0.x, copy);
      },
    ),
    { seed: 42, numRuns: 60 },
  );
});

Deno.test("walk: every walker stays strictly inside the ball, even with huge steps", () => {
  fc.assert(
    fc.property(configArb, fc.integer({ min: 0, max: 1000 }), (c: WalkConfig, seed) => {
      const big = { ...c, sigma: 5 };
      const s = run(initState(big, key(seed)), big, 30);
      assert.ok(walkStats(s.x, big).maxNorm < 1 / Math.sqrt(big.curvature));
      for (const v of s.x) assert.ok(Number.isFinite(v));
    }),
    { seed: 42, numRuns: 40 },
  );
});

Deno.test("walk: same seed same bits, different seeds different trajectories", () => {
  const c: WalkConfig = { particles: 32, dim: 2, curvature: 1, sigma: 0.1 };
  const a = run(initState(c, key(1)), c, 50);
  const b = run(initState(c, key(1)), c, 50);
  const d = run(initState(c, key(2)), c, 50);
  assert.equal(stateHash(a), stateHash(b));
  assert.notEqual(stateHash(a), stateHash(d));
});

Deno.test("walk: mean distance grows at the hyperbolic-plane rate 1/2 per unit time", () => {
  // Radial part of Brownian motion in H² (c = 1): dr = ½ coth(r) dt + dB, so E[r] ≈ t/2 for large t.
  const c: WalkConfig = { particles: 2000, dim: 2, curvature: 1, sigma: 0.1 };
  let s = run(initState(c, key(3)), c, 400); // t = 4
  const d1 = walkStats(s.x, c).meanDistance;
  s = run(s, c, 400); // t = 8
  const d2 = walkStats(s.x, c).meanDistance;
  const slope = (d2 - d1) / 4;
  assert.ok(Math.abs(slope - 0.5) < 0.06, `slope ${slope}`);
});
