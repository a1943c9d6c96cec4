import assert from "node:assert/strict";
import fc from "fast-check";
import { hebbianTraceBound, hebbianTraceUpdate, traceMatvecInto } from "./hebbian_trace.ts";

const vec = (n: number) =>
  fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: n, maxLength: n });

Deno.test("hebbianTraceUpdate: matches the elementwise formula and the reference orientation", () => {
  const pre = [0.5, -0.25, 1];
  const post = [0.2, -0.4];
  const t = new Float64Array([1, 2, 3, 4, 5, 6]);
  hebbianTraceUpdate(t, pre, post, 3, 2, 0.1, 0.7);
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 2; j++) {
      const old = 1 + i * 2 + j;
      assert.ok(Math.abs(t[i * 2 + j] - (0.9 * old + 0.1 * 0.7 * pre[i] * post[j])) < 1e-15);
    }
  }
});

Deno.test("hebbianTraceUpdate: convex update stays within max|pre|·max|post| (property)", () => {
  fc.assert(
    fc.property(
      vec(4),
      vec(4),
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.integer({ min: 1, max: 20 }),
      (pre, post, eta, m, steps) => {
        const b = hebbianTraceBound(pre, post);
        const t = new Float64Array(16);
        for (let s = 0; s < steps; s++) hebbianTraceUpdate(t, pre, post, 4, 4, eta, m);
        return t.every((v) => Math.abs(v) <= b * (1 + 1e-12));
      },
    ),
    { seed: 42, numRuns: 100 },
  );
});

Deno.test("hebbianTraceUpdate: m = 0 or zero activity ⇒ pure decay toward 0", () => {
  const t = new Float64Array([1, -2, 0.5, 4]);
  hebbianTraceUpdate(t, [1, 1], [1, 1], 2, 2, 0.25, 0);
  assert.deepEqual(Array.from(t), [0.75, -1.5, 0.375, 3]);
  const u = new Float64Array([1, -2, 0.5, 4]);
  for (let s = 0; s < 200; s++) hebbianTraceUpdate(u, [0, 0], [0.3, 0.9], 2, 2, 0.1, 1);
  assert.ok(u.every((v) => Math.abs(v) < 1e-8));
});

Deno.test("traceMatvecInto: row-major product, accumulate and offsets", () => {
  const out = new Float64Array([10, 10]);
  traceMatvecInto(
    out,
    new Float64Array([0, 1, 2, 3, 4]),
    new Float64Array([9, 1, 2]),
    2,
    2,
    true,
    1,
    1,
  );
  assert.deepEqual(Array.from(out), [10 + 1 * 1 + 2 * 2, 10 + 3 * 1 + 4 * 2]);
});
