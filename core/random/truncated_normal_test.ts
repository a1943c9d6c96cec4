import assert from "node:assert/strict";
import fc from "fast-check";
import { key } from "./keys.ts";
import { fillTruncatedNormal, truncatedNormal } from "./truncated_normal.ts";
import { ksDistance, moments, normalPdf, normalSf } from "./test_stats.ts";

/** Mass, mean and variance of N(0,1) restricted to [a, b]; CDF on [a, b]. */
function truncated(a: number, b: number) {
  // mass from the side where it is not a difference of numbers close to 1
  const mass = a >= 0 ? normalSf(a) - normalSf(b) : normalSf(-b) - normalSf(-a);
  const fa = normalPdf(a);
  const fb = normalPdf(b);
  const mean = (fa - fb) / mass;
  const afa = Number.isFinite(a) ? a * fa : 0;
  const bfb = Number.isFinite(b) ? b * fb : 0;
  const variance = 1 + (afa - bfb) / mass - mean * mean;
  const cdf = (x: number): number =>
    a >= 0 ? (normalSf(a) - normalSf(x)) / mass : (normalSf(-x) - normalSf(-a)) / mass;
  return { mean, variance, cdf };
}

// every branch of the sampler: uniform proposal around 0, normal rejection, uniform proposal
// on a positive interval, exponential proposal (unbounded and bounded), mirrored tail,
// far tail, one-sided interval containing 0
const CASES: [number, number][] = [
  [-1, 1],
  [-2, 3],
  [0.5, 0.7],
  [1, Infinity],
  [3, 3.5],
  [-Infinity, -2],
  [8, Infinity],
  [-0.5, Infinity],
  [-30, -29.9],
];

Deno.test("truncatedNormal: mean, variance and KS distance match the truncated law", () => {
  const n = 50_000;
  for (const [i, [a, b]] of CASES.entries()) {
    const z = truncatedNormal(key(100 + i), n, a, b);
    const t = truncated(a, b);
    const m = moments(z);
    assert.ok(z.every((x) => x >= a && x <= b), `[${a}, ${b}] bounds`);
    const sdMean = Math.sqrt(t.variance / n);
    assert.ok(Math.abs(m.mean - t.mean) < 6 * sdMean, `[${a}, ${b}] mean ${m.mean} vs ${t.mean}`);
    // variance: loose 6-sigma bound using the 4th moment of a bounded/normal-ish variable
    assert.ok(
      Math.abs(m.variance - t.variance) < 6 * t.variance * Math.sqrt(3 / n),
      `[${a}, ${b}] variance ${m.variance} vs ${t.variance}`,
    );
    const d = ksDistance(z, t.cdf);
    assert.ok(d < 2.6 / Math.sqrt(n), `[${a}, ${b}] KS ${d}`);
  }
});

Deno.test("truncatedNormal: mean/std standardise the bounds", () => {
  const n = 50_000;
  const z = truncatedNormal(key(7), n, -1, 5, 2, 3); // standardised [-1, 1]
  const t = truncated(-1, 1);
  const m = moments(z);
  assert.ok(Math.abs(m.mean - (2 + 3 * t.mean)) < 6 * 3 * Math.sqrt(t.variance / n));
  assert.ok(Math.abs(m.variance - 9 * t.variance) < 6 * 9 * t.variance * Math.sqrt(3 / n));
});

Deno.test("truncatedNormal: values stay in [lo, hi] for any parameters (float64 and float32)", () => {
  fc.assert(
    fc.property(
      fc.record({ k0: fc.nat(), k1: fc.nat() }),
      fc.integer({ min: 0, max: 50 }),
      fc.double({ min: -50, max: 50, noNaN: true }),
      fc.double({ min: 1e-4, max: 60, noNaN: true }),
      fc.double({ min: -20, max: 20, noNaN: true }),
      fc.double({ min: 1e-3, max: 10, noNaN: true }),
      (k, n, lo, width, mean, std) => {
        const hi = lo + width;
        const a = truncatedNormal(k, n, lo, hi, mean, std);
        const f = new Float32Array(n);
        fillTruncatedNormal(k, f, lo, hi, mean, std);
        return a.every((x) => x >= lo && x <= hi) && f.every((x) => x >= lo && x <= hi);
      },
    ),
    { seed: 42, numRuns: 100 },
  );
});

Deno.test("truncatedNormal: deterministic, and float32 is the rounded float64 result", () => {
  const a = truncatedNormal(key(3), 500, -2, 2, 0, 1);
  const b = truncatedNormal(key(3), 500, -2, 2, 0, 1);
  assert.deepEqual(a, b);
  const f = new Float32Array(500);
  fillTruncatedNormal(key(3), f, -2, 2);
  for (let i = 0; i < 500; i++) {
    const r = Math.fround(a[i]);
    assert.equal(f[i], r < -2 ? Math.fround(-2) : r > 2 ? Math.fround(2) : r);
  }
});

Deno.test("truncatedNormal: argument validation", () => {
  assert.throws(() => truncatedNormal(key(0), 3, 1, 1), /lo must be < hi/);
  assert.throws(() => truncatedNormal(key(0), 3, 2, 1), /lo must be < hi/);
  assert.throws(() => truncatedNormal(key(0), 3, NaN, 1), /lo must be a number/);
  assert.throws(() => truncatedNormal(key(0), 3, -1, 1, 0, 0), /std must be > 0/);
  assert.throws(() => truncatedNormal(key(0), -1, -1, 1), /n must be an integer/);
  assert.throws(
    () => fillTruncatedNormal(key(0), new Float32Array(1), 0.1, 0.1 + 1e-12),
    /no float32 value/,
  );
});
