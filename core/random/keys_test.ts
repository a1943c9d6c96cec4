import assert from "node:assert/strict";
import fc from "fast-check";
import type { Key } from "./key.ts";
import { fold, key, randomBits, split } from "./keys.ts";
import { threefry2x32 } from "./threefry.ts";
import { uniform } from "./uniform.ts";

const arbKey = fc.record({
  k0: fc.integer({ min: 0, max: 0xffffffff }),
  k1: fc.integer({ min: 0, max: 0xffffffff }),
});
const pairs = (ks: Key[]): number[][] => ks.map((k) => [k.k0, k.k1]);

Deno.test("key: PRNGKey layout (k0 = seed / 2^32, k1 = seed mod 2^32)", () => {
  assert.deepEqual(key(0), { k0: 0, k1: 0 });
  assert.deepEqual(key(42), { k0: 0, k1: 42 });
  assert.deepEqual(key(2 ** 32 + 5), { k0: 1, k1: 5 });
  assert.deepEqual(key(2 ** 53 - 1), { k0: 2 ** 21 - 1, k1: 2 ** 32 - 1 });
  for (const bad of [-1, 0.5, 2 ** 53, NaN, Infinity]) {
    assert.throws(() => key(bad), (e: Error) => e instanceof RangeError && /seed/.test(e.message));
  }
});

Deno.test("split: JAX classic values (jax.random.split(PRNGKey(0)))", () => {
  // JAX docs / tutorials (jax_threefry_partitionable=False); MLX's test_random.cpp uses the
  // same algorithm and asserts the same numbers, plus the 3-way split below.
  assert.deepEqual(pairs(split(key(0))), [[4146024105, 967050713], [2718843009, 1272950319]]);
  assert.deepEqual(pairs(split(key(0), 3)), [
    [2467461003, 428148500],
    [3186719485, 3840466878],
    [2562233961, 1946702221],
  ]);
});

Deno.test("split: construction from threefry over iota(2n) halves", () => {
  fc.assert(
    fc.property(arbKey, fc.integer({ min: 1, max: 20 }), (k, n) => {
      const words: number[] = [];
      const ys = Array.from({ length: n }, (_, i) => threefry2x32(k.k0, k.k1, i, n + i));
      for (let i = 0; i < n; i++) words.push(ys[i][0]);
      for (let i = 0; i < n; i++) words.push(ys[i][1]);
      const got = split(k, n);
      return got.every((s, j) => s.k0 === words[2 * j] && s.k1 === words[2 * j + 1]);
    }),
    { seed: 42, numRuns: 100 },
  );
});

Deno.test("split: keys are distinct from each other and from the parent", () => {
  fc.assert(
    fc.property(arbKey, fc.integer({ min: 2, max: 64 }), (k, n) => {
      const ks = split(k, n);
      const seen = new Set(ks.map((s) => `${s.k0},${s.k1}`));
      return ks.length === n && seen.size === n && !seen.has(`${k.k0},${k.k1}`);
    }),
    { seed: 42, numRuns: 100 },
  );
});

Deno.test("split/fold: argument validation names the argument", () => {
  assert.throws(() => split(key(0), 0), /n must be an integer in \[1, /);
  assert.throws(() => split(key(0), 1.5), /n must be/);
  assert.throws(() => split({ k0: -1, k1: 0 }, 2), /key must be/);
  assert.throws(() => fold(key(0), 0.5), /data must be/);
  assert.throws(() => randomBits({ k0: 0, k1: 2 ** 32 }, new Uint32Array(2)), /key must be/);
});

Deno.test("fold: JAX fold_in construction threefry(key, (0, data mod 2^32))", () => {
  fc.assert(
    fc.property(arbKey, fc.integer({ min: -(2 ** 40), max: 2 ** 40 }), (k, d) => {
      const y = threefry2x32(k.k0, k.k1, 0, d >>> 0);
      const f = fold(k, d);
      return f.k0 === y[0] && f.k1 === y[1];
    }),
    { seed: 42, numRuns: 100 },
  );
  const a = fold(key(0), 1);
  const b = fold(key(0), 2);
  assert.notDeepEqual(a, b);
  assert.deepEqual(fold(key(0), -1), fold(key(0), 0xffffffff));
});

Deno.test("randomBits: JAX values (random_bits(PRNGKey(1701), 32, (3,)))", () => {
  // jax tests/random_test.py testRngRandomBits (classic threefry)
  assert.deepEqual([...randomBits(key(1701), new Uint32Array(3))], [
    56197195,
    4200222568,
    961309823,
  ]);
  // MLX test_random.cpp "Contiguous": bits of key(0), 3 words (same algorithm)
  assert.deepEqual([...randomBits(key(0), new Uint32Array(3))], [
    4146024105,
    1351547692,
    2718843009,
  ]);
  // jax.random.bits(PRNGKey(0), (4,)) is split(PRNGKey(0)) flattened
  assert.deepEqual([...randomBits(key(0), new Uint32Array(4))], [
    4146024105,
    967050713,
    2718843009,
    1272950319,
  ]);
  // jax.random.uniform(PRNGKey(0)) float32 = 0.41845703 (classic docs): bits >>> 9 over 2^23
  const w = randomBits(key(0), new Uint32Array(1))[0];
  assert.equal(w, 0x6b200159);
  assert.equal(((w >>> 9) / 2 ** 23).toFixed(8), "0.41845703");
  assert.equal(randomBits(key(0), new Uint32Array(0)).length, 0);
});

Deno.test("randomBits: even and odd lengths follow JAX's halving with a 0 pad", () => {
  fc.assert(
    fc.property(arbKey, fc.integer({ min: 1, max: 600 }), (k, m) => {
      const h = Math.ceil(m / 2);
      const counts = Array.from({ length: 2 * h }, (_, i) => (i < m ? i : 0));
      const expected: number[] = new Array(2 * h);
      for (let i = 0; i < h; i++) {
        const y = threefry2x32(k.k0, k.k1, counts[i], counts[h + i]);
        expected[i] = y[0];
        expected[h + i] = y[1];
      }
      const got = randomBits(k, new Uint32Array(m));
      return got.every((x, i) => x === expected[i]);
    }),
    { seed: 42, numRuns: 60 },
  );
});

Deno.test("uniform: 64-bit words are JAX's random_bits(PRNGKey(1701), 64, (3,)) (x64)", () => {
  // jax tests/random_test.py testRngRandomBits, x64 branch
  const expected64 = [3982329540505020460n, 16822122385914693683n, 7882654074788531506n];
  const u = uniform(key(1701), 3);
  for (let i = 0; i < 3; i++) {
    // our double is the top 53 bits of the JAX word
    assert.equal(u[i], Number(expected64[i] >> 11n) / 2 ** 53);
  }
});

Deno.test("keys: Key is plain data and survives JSON", () => {
  const ks = split(key(123), 4);
  assert.deepEqual(JSON.parse(JSON.stringify(ks)), ks);
});
