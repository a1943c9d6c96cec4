import assert from "node:assert/strict";
import fc from "fast-check";
import { ipTarget, ipUpdate } from "./mod.ts";

Deno.test("ipTarget: reference ignores mu_ip, mu_ip mode uses it", () => {
  assert.equal(ipTarget("reference", 10, 200, 0.3), 0.1);
  assert.equal(ipTarget("mu_ip", 10, 200, 0.3), 0.3);
});

Deno.test("ipUpdate: active raises, silent lowers, clipped to [lo, hi]", () => {
  const te = new Float64Array([0.5, 0.5, 0.995, 0.0005]);
  ipUpdate(te, new Uint8Array([1, 0, 1, 0]), 4, 0.01, 0.1, 0, 1);
  assert.equal(te[0], 0.5 + 0.01 * (1 - 0.1));
  assert.equal(te[1], 0.5 + 0.01 * (0 - 0.1));
  assert.equal(te[2], 1);
  assert.equal(te[3], 0);
});

Deno.test("ipUpdate binary fast path equals the general expression (property)", () => {
  fc.assert(
    fc.property(
      fc.array(fc.double({ min: -1, max: 2, noNaN: true }), { minLength: 1, maxLength: 30 }),
      fc.array(fc.integer({ min: 0, max: 1 }), { minLength: 30, maxLength: 30 }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      (t0, xs, eta, h) => {
        const te = Float64Array.from(t0);
        const x = Uint8Array.from(xs.slice(0, te.length));
        ipUpdate(te, x, te.length, eta, h, -0.5, 1.5);
        for (let i = 0; i < te.length; i++) {
          let v = t0[i] + eta * (x[i] - h);
          if (v <= -0.5) v = -0.5;
          else if (v > 1.5) v = 1.5;
          assert.equal(te[i], v);
        }
      },
    ),
    { seed: 42, numRuns: 100 },
  );
});

Deno.test("IP drives a neuron's rate to h (fixed-point argument)", () => {
  // A neuron firing iff threshold < 0.5 (deterministic drive): IP makes it fire a fraction ≈ h.
  const te = new Float64Array([0.9]);
  let fired = 0;
  const steps = 20_000;
  let phase = 0;
  for (let t = 0; t < steps; t++) {
    // drive cycles through [0, 1) so the firing probability is 1 − T
    phase = (phase + 0.6180339887) % 1;
    const x = phase - te[0] > 0 ? 1 : 0;
    if (t >= steps / 2) fired += x;
    ipUpdate(te, [x], 1, 0.001, 0.2, 0, 1);
  }
  const rate = fired / (steps / 2);
  assert.ok(Math.abs(rate - 0.2) < 0.02, `rate ${rate}`);
});
