import assert from "node:assert/strict";
import fc from "fast-check";
import { fold, key } from "./keys.ts";
import { threefry2x32 } from "./threefry.ts";
import { bernoulli, fillBernoulli, fillUniform, uniform, uniform1 } from "./uniform.ts";
import { chiSquareCritical, chiSquareUniform, moments } from "./test_stats.ts";

const arbKey = fc.record({
  k0: fc.integer({ min: 0, max: 0xffffffff }),
  k1: fc.integer({ min: 0, max: 0xffffffff }),
});
const arbBounds = fc.tuple(
  fc.double({ min: -1e6, max: 1e6, noNaN: true }),
  fc.double({ min: -1e6, max: 1e6, noNaN: true }),
).filter(([a, b]) => a !== b).map(([a, b]) => (a < b ? [a, b] : [b, a]));

/** Whether some float32 v satisfies lo ≤ v < hi (the candidates are fround(lo) and its successor). */
function hasF32In(lo: number, hi: number): boolean {
  const f = new Float32Array([lo]);
  if (Object.is(f[0], -0)) f[0] = 0;
  const cands = [f[0]];
  const i = new Int32Array(f.buffer);
  i[0] += f[0] > 0 || Object.is(f[0], 0) ? 1 : -1; // successor (toward +inf)
  cands.push(f[0]);
  return cands.some((v) => v >= lo && v < hi);
}

Deno.test("uniform: element i is the top 53 bits of threefry(key, (i, n + i))", () => {
  const k = key(77);
  const n = 700;
  const u = uniform(k, n);
  for (const i of [0, 1, 255, 256, 257, 699]) {
    const [hi, lo] = threefry2x32(k.k0, k.k1, i, n + i);
    assert.equal(u[i], (hi * 2 ** 21 + Math.floor(lo / 2 ** 11)) / 2 ** 53);
  }
  assert.equal(uniform1(k), uniform(k, 1)[0]);
});

Deno.test("uniform: values in [lo, hi) for float64 and float32", () => {
  fc.assert(
    fc.property(arbKey, fc.integer({ min: 0, max: 300 }), arbBounds, (k, n, [lo, hi]) => {
      const a = uniform(k, n, lo, hi);
      const b = new Float32Array(n);
      let threw = false;
      try {
        fillUniform(k, b, lo, hi);
      } catch (e) {
        // only legal when no float32 lies in [lo, hi)
        if (!(e instanceof RangeError && /float32/.test(e.message) && !hasF32In(lo, hi))) {
          return false;
        }
        threw = true;
      }
      return a.every((x) => x >= lo && x < hi) && (threw || b.every((x) => x >= lo && x < hi));
    }),
    { seed: 42, numRuns: 100 },
  );
});

Deno.test("uniform: float32 output is the rounded float64 output, clamped into [lo, hi)", () => {
  const k = key(5);
  const n = 5000;
  for (const [lo, hi] of [[0, 1], [-0.1, 0.1], [0.1, 0.1000001], [1e-3, 1]]) {
    const a = uniform(k, n, lo, hi);
    const b = new Float32Array(n);
    fillUniform(k, b, lo, hi);
    for (let i = 0; i < n; i++) {
      const f = Math.fround(a[i]);
      if (f >= lo && f < hi) assert.equal(b[i], f);
      else assert.ok(b[i] >= lo && b[i] < hi && Math.abs(b[i] - f) <= Math.abs(f) * 1.2e-7);
    }
  }
  // a bound that rounds up in float32 is still excluded
  const c = new Float32Array(20000);
  fillUniform(key(9), c, 0.1, 0.1000001);
  assert.ok(c.every((x) => x >= 0.1 && x < 0.1000001));
});

Deno.test("uniform: moments within 6 sigma on 1e6 draws", () => {
  const n = 1_000_000;
  const u = uniform(key(2024), n, -1, 3);
  const { mean, variance } = moments(u);
  // U(-1, 3): mean 1, variance 16/12, sd of the mean sqrt(16/12/n); sd of the variance ~ 16/sqrt(180 n)
  assert.ok(Math.abs(mean - 1) < 6 * Math.sqrt(16 / 12 / n), `mean ${mean}`);
  assert.ok(Math.abs(variance - 16 / 12) < 6 * 16 / Math.sqrt(180 * n), `variance ${variance}`);
  const bins = new Float64Array(64);
  for (const x of u) bins[Math.floor(((x + 1) / 4) * 64)]++;
  assert.ok(chiSquareUniform(bins) < chiSquareCritical(63));
});

Deno.test("uniform: deterministic in (key, n); different keys give different streams", () => {
  fc.assert(
    fc.property(arbKey, fc.integer({ min: 1, max: 200 }), (k, n) => {
      const a = uniform(k, n);
      const b = uniform(k, n);
      const c = uniform(fold(k, 1), n);
      return a.every((x, i) => x === b[i]) && c.some((x, i) => x !== a[i]);
    }),
    { seed: 42, numRuns: 100 },
  );
});

Deno.test("uniform: argument validation", () => {
  assert.throws(() => uniform(key(0), -1), /n must be an integer/);
  assert.throws(() => uniform(key(0), 2.5), /n must be an integer/);
  assert.throws(() => uniform(key(0), 3, 1, 1), /lo must be < hi/);
  assert.throws(() => uniform(key(0), 3, 2, 1), /lo must be < hi/);
  assert.throws(() => uniform(key(0), 3, NaN, 1), /lo must be a finite/);
  assert.throws(() => uniform(key(0), 3, 0, Infinity), /hi must be a finite/);
  assert.throws(() => uniform(key(0), 3, -1.7e308, 1.7e308), /hi - lo must be finite/);
  assert.throws(
    () => fillUniform(key(0), new Float32Array(2), 0.1, 0.1 + 1e-12),
    /no float32 value/,
  );
});

Deno.test("bernoulli: frequency within 6 sigma; p = 0 and p = 1 exact", () => {
  const n = 400_000;
  for (const p of [0.03, 0.5, 0.9]) {
    const b = bernoulli(key(11), n, p);
    let ones = 0;
    for (const x of b) ones += x;
    assert.ok(Math.abs(ones / n - p) < 6 * Math.sqrt((p * (1 - p)) / n), `p=${p}: ${ones / n}`);
  }
  assert.ok(bernoulli(key(1), 1000, 0).every((x) => x === 0));
  assert.ok(bernoulli(key(1), 1000, 1).every((x) => x === 1));
  // same thresholding as uniform
  const u = uniform(key(3), 100);
  const m = new Uint8Array(100);
  fillBernoulli(key(3), m, 0.4);
  assert.deepEqual([...m], [...u].map((x) => (x < 0.4 ? 1 : 0)));
  assert.throws(() => bernoulli(key(0), 3, 1.5), /p must be a probability in \[0, 1\]/);
  assert.throws(() => bernoulli(key(0), 3, NaN), /p must be/);
});
