import assert from "node:assert/strict";
import fc from "fast-check";
import {
  decayingEligibilityUpdate,
  eligibilityAccumulateNaive,
  eligibilityCubedAccumulate,
  runningAverageUpdate,
} from "./eligibility.ts";

const vec = (n: number) =>
  fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: n, maxLength: n });

Deno.test("eligibilityCubedAccumulate equals the literal (r_j dev_i)³ loop (property)", () => {
  fc.assert(
    fc.property(vec(5), vec(3), (dev, pre) => {
      const a = eligibilityCubedAccumulate(
        new Float64Array(15),
        dev,
        pre,
        5,
        3,
        new Float64Array(8),
      );
      const b = eligibilityAccumulateNaive(new Float64Array(15), dev, pre, 5, 3);
      return a.every((v, k) => Math.abs(v - b[k]) <= 1e-12 * (1 + Math.abs(b[k])));
    }),
    { seed: 42, numRuns: 100 },
  );
});

Deno.test("eligibility: sign of the cube follows sign(r_j · dev_i); zero fluctuation adds nothing", () => {
  const e = eligibilityCubedAccumulate(
    new Float64Array(4),
    [0.5, 0],
    [-1, 2],
    2,
    2,
    new Float64Array(4),
  );
  assert.deepEqual(Array.from(e), [-0.125, 1, 0, 0]);
});

Deno.test("runningAverageUpdate and decayingEligibilityUpdate", () => {
  const avg = runningAverageUpdate(new Float64Array([0, 1]), [1, 1], 0.75);
  assert.deepEqual(Array.from(avg), [0.25, 1]);
  const E = new Float64Array([1, 1, 1, 1]);
  for (let s = 0; s < 300; s++) decayingEligibilityUpdate(E, [0, 0], [1, 1], 2, 2, 0.1);
  assert.ok(E.every((v) => Math.abs(v) < 1e-12));
  const F = decayingEligibilityUpdate(new Float64Array(4), [1, -1], [0.5, 2], 2, 2, 0.5);
  assert.deepEqual(Array.from(F), [0.25, 1, -0.25, -1]);
});

Deno.test("eligibilityCubedFromHistory equals T per-step cubed accumulations", async () => {
  const { eligibilityCubedFromHistory } = await import("./eligibility.ts");
  fc.assert(
    fc.property(vec(4 * 6), vec(4 * 5), (dev, pre) => {
      const T = 4, nPost = 6, nPre = 5;
      const ref = new Float64Array(nPost * nPre);
      const cubes = new Float64Array(nPost + nPre);
      for (let t = 0; t < T; t++) {
        eligibilityCubedAccumulate(
          ref,
          dev.slice(t * nPost, (t + 1) * nPost),
          pre.slice(t * nPre, (t + 1) * nPre),
          nPost,
          nPre,
          cubes,
        );
      }
      const D = Float64Array.from(dev, (v) => v * v * v);
      const C = Float64Array.from(pre, (v) => v * v * v);
      const e = eligibilityCubedFromHistory(new Float64Array(nPost * nPre), D, C, T, nPost, nPre);
      return e.every((v, k) => Math.abs(v - ref[k]) <= 1e-12 * (1 + Math.abs(ref[k])));
    }),
    { seed: 42, numRuns: 50 },
  );
});
