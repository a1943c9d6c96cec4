import assert from "node:assert/strict";
import fc from "fast-check";
import { threefry2x32, threefryRun } from "./threefry.ts";

// Random123 kat_vectors, "threefry2x32 20" lines (counter words, key words, output words);
// the same vectors are used by JAX's tests/random_test.py (testThreefry2x32).
Deno.test("threefry2x32: Random123 known answers (20 rounds)", () => {
  const cases: [number[], number[], number[]][] = [
    [[0, 0], [0, 0], [0x6b200159, 0x99ba4efe]],
    [[0xffffffff, 0xffffffff], [0xffffffff, 0xffffffff], [0x1cb996fc, 0xbb002be7]],
    [[0x13198a2e, 0x03707344], [0x243f6a88, 0x85a308d3], [0xc4923a9c, 0x483df7a0]],
  ];
  for (const [[k0, k1], [x0, x1], expected] of cases) {
    assert.deepEqual([...threefry2x32(k0, k1, x0, x1)], expected);
  }
});

Deno.test("threefry2x32: writes into the given buffer", () => {
  const out = new Uint32Array(2);
  const r = threefry2x32(0, 0, 0, 0, out);
  assert.equal(r, out);
  assert.equal(out[0], 0x6b200159);
});

Deno.test("threefryRun: block t equals threefry2x32 on counter (x0 + t, x1 + t) mod 2^32", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 0xffffffff }),
      fc.integer({ min: 0, max: 0xffffffff }),
      fc.integer({ min: 0, max: 0xffffffff }),
      fc.integer({ min: 0, max: 0xffffffff }),
      fc.integer({ min: 1, max: 40 }),
      (k0, k1, x0, x1, count) => {
        const run = new Uint32Array(2 * count);
        threefryRun(k0, k1, x0, x1, count, run, 0);
        for (let t = 0; t < count; t++) {
          const one = threefry2x32(k0, k1, (x0 + t) % 2 ** 32, (x1 + t) % 2 ** 32);
          if (run[2 * t] !== one[0] || run[2 * t + 1] !== one[1]) return false;
        }
        return true;
      },
    ),
    { seed: 42, numRuns: 100 },
  );
});

Deno.test("threefryRun: Int32Array output holds the same bits", () => {
  const a = new Int32Array(8);
  const b = new Uint32Array(8);
  threefryRun(7, 9, 100, 200, 4, a, 0);
  threefryRun(7, 9, 100, 200, 4, b, 0);
  assert.deepEqual([...new Uint32Array(a.buffer)], [...b]);
});
