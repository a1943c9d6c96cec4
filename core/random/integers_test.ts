import assert from "node:assert/strict";
import fc from "fast-check";
import { choice, permutation, randint, randint1 } from "./integers.ts";
import { fold, key } from "./keys.ts";
import { threefry2x32 } from "./threefry.ts";
import { chiSquareCritical, chiSquareUniform } from "./test_stats.ts";

const arbKey = fc.record({
  k0: fc.integer({ min: 0, max: 0xffffffff }),
  k1: fc.integer({ min: 0, max: 0xffffffff }),
});

Deno.test("randint: values in [lo, hi) for any range", () => {
  fc.assert(
    fc.property(
      arbKey,
      fc.integer({ min: 0, max: 200 }),
      fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
      fc.integer({ min: 1, max: 2 ** 32 }),
      (k, n, lo, r) => {
        const hi = Math.min(lo + r, 2 ** 31);
        const x = randint(k, n, lo, hi);
        return x.every((v) => Number.isInteger(v) && v >= lo && v < hi);
      },
    ),
    { seed: 42, numRuns: 100 },
  );
});

Deno.test("randint: chi-square uniformity (small range, and a range where w mod r is biased)", () => {
  const n = 200_000;
  const x = randint(key(12), n, -3, 7);
  const counts = new Float64Array(10);
  for (const v of x) counts[v + 3]++;
  assert.ok(chiSquareUniform(counts) < chiSquareCritical(9), `chi2 ${chiSquareUniform(counts)}`);
  // r = 3·2^30: plain (w mod r) would put half the mass in the first third
  const r = 3 * 2 ** 30;
  const y = randint(key(13), 60_000, -(2 ** 31), -(2 ** 31) + r);
  const thirds = new Float64Array(3);
  for (const v of y) thirds[Math.floor((v + 2 ** 31) / 2 ** 30)]++;
  assert.ok(chiSquareUniform(thirds) < chiSquareCritical(2), `thirds ${thirds}`);
});

Deno.test("randint: element i uses the words of threefry(key, (i, n + i)) first", () => {
  const k = key(21);
  const n = 50;
  const x = randint(k, n, 0, 10);
  for (let i = 0; i < n; i++) {
    const [w] = threefry2x32(k.k0, k.k1, i, n + i);
    // limit = 2^32 − (2^32 mod 10); w is accepted unless w ≥ limit (probability 1.4e-9)
    assert.equal(x[i], w % 10);
  }
  assert.equal(randint1(k, 0, 10), randint(k, 1, 0, 10)[0]);
  // the full 32-bit range takes every word as is
  const full = randint(k, 4, -(2 ** 31), 2 ** 31);
  for (let i = 0; i < 4; i++) {
    assert.equal(full[i], threefry2x32(k.k0, k.k1, i, 4 + i)[0] - 2 ** 31);
  }
});

Deno.test("randint: single-value range and validation", () => {
  assert.ok(randint(key(0), 5, 7, 8).every((v) => v === 7));
  assert.throws(() => randint(key(0), 5, 3, 3), /lo must be < hi/);
  assert.throws(() => randint(key(0), 5, 0.5, 3), /lo must be an integer/);
  assert.throws(() => randint(key(0), 5, 0, 2 ** 31 + 1), /hi must be an integer in/);
  assert.throws(() => randint(key(0), -1, 0, 3), /n must be an integer/);
});

Deno.test("permutation: is a permutation; deterministic", () => {
  fc.assert(
    fc.property(arbKey, fc.integer({ min: 0, max: 2000 }), (k, n) => {
      const p = permutation(k, n);
      const seen = new Uint8Array(n);
      for (const v of p) {
        if (v < 0 || v >= n || seen[v]) return false;
        seen[v] = 1;
      }
      const q = permutation(k, n);
      return p.length === n && p.every((v, i) => v === q[i]);
    }),
    { seed: 42, numRuns: 100 },
  );
});

Deno.test("permutation: all 24 orders of 4 items equally likely (chi-square)", () => {
  const counts = new Float64Array(24);
  const base = key(5);
  for (let t = 0; t < 48_000; t++) {
    const p = permutation(fold(base, t), 4);
    // Lehmer code → index in 0..23
    let code = 0;
    for (let i = 0; i < 4; i++) {
      let smaller = 0;
      for (let j = i + 1; j < 4; j++) if (p[j] < p[i]) smaller++;
      code = code * (4 - i) + smaller;
    }
    counts[code]++;
  }
  assert.ok(chiSquareUniform(counts) < chiSquareCritical(23), `chi2 ${chiSquareUniform(counts)}`);
});

Deno.test("choice: distinct, in range, and the prefix of permutation (dense and sparse paths)", () => {
  fc.assert(
    fc.property(arbKey, fc.integer({ min: 0, max: 3000 }), fc.nat(), (k, n, kk) => {
      const m = n === 0 ? 0 : kk % (n + 1);
      const c = choice(k, n, m);
      const p = permutation(k, n);
      return c.length === m && new Set(c).size === m && c.every((v, i) => v === p[i]);
    }),
    { seed: 42, numRuns: 100 },
  );
  // sparse path (n > 8k + 1024) against the dense permutation
  const k = key(77);
  const n = 300_000;
  const c = choice(k, n, 40);
  const p = permutation(k, n);
  assert.deepEqual([...c], [...p.subarray(0, 40)]);
  // huge population, tiny sample: O(k)
  const big = choice(k, 2 ** 31 - 1, 5);
  assert.equal(new Set(big).size, 5);
  assert.ok(big.every((v) => v >= 0 && v < 2 ** 31 - 1));
});

Deno.test("choice: each position is uniform over 0..n-1 (chi-square)", () => {
  const n = 40;
  const first = new Float64Array(n);
  const last = new Float64Array(n);
  const base = key(8);
  for (let t = 0; t < 40_000; t++) {
    const c = choice(fold(base, t), n, 3);
    first[c[0]]++;
    last[c[2]]++;
  }
  assert.ok(chiSquareUniform(first) < chiSquareCritical(n - 1));
  assert.ok(chiSquareUniform(last) < chiSquareCritical(n - 1));
});

Deno.test("choice: validation", () => {
  assert.throws(() => choice(key(0), 5, 6), /k must be an integer in \[0, 5\]/);
  assert.throws(() => choice(key(0), -1, 0), /n must be an integer/);
  assert.equal(choice(key(0), 0, 0).length, 0);
});

Deno.test("randint1 (allocation-free fast path) equals randint(k, 1, lo, hi)[0], rejections included", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 0xffffffff }),
      fc.integer({ min: 0, max: 0xffffffff }),
      fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
      // spans just above 2^31 reject almost half of all words, so both fallbacks are exercised
      fc.oneof(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 2 ** 31 + 1, max: 2 ** 32 })),
      (k0, k1, lo0, span) => {
        const lo = Math.max(-(2 ** 31), Math.min(lo0, 2 ** 31 - span));
        const k = { k0, k1 };
        return randint1(k, lo, lo + span) === randint(k, 1, lo, lo + span)[0];
      },
    ),
    { seed: 11, numRuns: 2000 },
  );
  assert.throws(() => randint1(key(0), 3, 3), /lo must be < hi/);
  assert.throws(() => randint1(key(0), 0.5, 3), /lo/);
});
