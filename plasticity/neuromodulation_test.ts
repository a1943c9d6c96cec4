import assert from "node:assert/strict";
import fc from "fast-check";
import { clipInPlace, clipValue } from "./clip.ts";
import {
  modulatedHebbUpdate,
  retroactiveHebbUpdate,
  rewardModulatedUpdate,
} from "./neuromodulation.ts";

Deno.test("rewardModulatedUpdate: sign, scale and clipping at ±maxDw (property)", () => {
  fc.assert(
    fc.property(
      fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 1, maxLength: 20 }),
      fc.double({ min: 0, max: 2, noNaN: true }),
      fc.double({ min: 0, max: 2, noNaN: true }),
      (es, r, rBar) => {
        const e = Float64Array.from(es);
        const w = new Float64Array(e.length);
        rewardModulatedUpdate(w, e, 0.1, r, rBar, 1, 3e-4);
        return es.every((ev, k) => {
          const want = clipValue(-0.1 * ev * (r - rBar), -3e-4, 3e-4);
          return Math.abs(w[k] - want) <= 1e-18 && Math.abs(w[k]) <= 3e-4;
        });
      },
    ),
    { seed: 42, numRuns: 100 },
  );
  // error lower than expected (r < rBar) strengthens positively eligible synapses
  const w = new Float64Array(1);
  assert.equal(rewardModulatedUpdate(w, new Float64Array([1e-4]), 0.1, 0.2, 0.5, 1, 3e-4), 0);
  assert.ok(w[0] > 0);
});

Deno.test("modulatedHebbUpdate / retroactiveHebbUpdate stay in [−1, 1]; M = 0 leaves Hebb unchanged", () => {
  fc.assert(
    fc.property(
      fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 3, maxLength: 3 }),
      fc.double({ min: -5, max: 5, noNaN: true }),
      fc.integer({ min: 1, max: 30 }),
      (v, m, steps) => {
        const h = new Float64Array(9);
        const E = new Float64Array(9).fill(0.7);
        for (let s = 0; s < steps; s++) {
          modulatedHebbUpdate(h, v, v, 3, 3, m);
          retroactiveHebbUpdate(h, E, m);
        }
        return h.every((x) => x >= -1 && x <= 1);
      },
    ),
    { seed: 42, numRuns: 100 },
  );
  const h = new Float64Array([0.3, -0.2]);
  modulatedHebbUpdate(h, [1], [1, 1], 1, 2, 0);
  retroactiveHebbUpdate(h, new Float64Array([5, 5]), 0);
  assert.deepEqual(Array.from(h), [0.3, -0.2]);
});

Deno.test("clipInPlace keeps NaN visible and clips a sub-range", () => {
  const a = clipInPlace(new Float64Array([5, NaN, -5, 5]), -1, 1, 0, 3);
  assert.equal(a[0], 1);
  assert.ok(Number.isNaN(a[1]));
  assert.equal(a[2], -1);
  assert.equal(a[3], 5);
});
