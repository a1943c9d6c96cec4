import assert from "node:assert/strict";
import fc from "fast-check";
import { fold, key } from "./keys.ts";
import { createNormal32Generator, fillNormal } from "./normal.ts";

const sameBits = (a: Float32Array, b: Float32Array): number => {
  let bad = 0;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) bad++;
  return bad;
};

Deno.test("createNormal32Generator: the bits of fillNormal on a Float32Array (n = 0 … 7680)", () => {
  for (const n of [0, 1, 2, 3, 4, 5, 7, 8, 33, 240, 7680]) {
    const g = createNormal32Generator(n);
    const ref = new Float32Array(n);
    for (let s = 0; s < 4; s++) {
      const k = fold(key(s), n);
      for (const [mean, std] of [[0, 0.04], [1.5, 2], [-3, 0]]) {
        g.fill(k, mean, std);
        fillNormal(k, ref, mean, std);
        assert.equal(g.out.length, n);
        assert.equal(sameBits(g.out, ref), 0, `n ${n} seed ${s} mean ${mean} std ${std}`);
      }
    }
  }
});

Deno.test("createNormal32Generator: wedge and tail elements (≈ 1 %) are finished as fillNormal does", () => {
  // 7680 draws hold ~90 non-fast-path elements; compare a few keys, and the tail beyond r
  const n = 7680;
  const g = createNormal32Generator(n);
  const ref = new Float32Array(n);
  let tail = 0;
  for (let s = 0; s < 8; s++) {
    g.fill(key(1000 + s), 0, 1);
    fillNormal(key(1000 + s), ref, 0, 1);
    assert.equal(sameBits(g.out, ref), 0);
    for (const v of g.out) if (Math.abs(v) > 3.6541528853610088) tail++;
  }
  assert.ok(tail > 0, "some draws lie in the tail");
});

Deno.test("createNormal32Generator: property — any key, length, mean and std give fillNormal's bits", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 0xffffffff }),
      fc.integer({ min: 0, max: 0xffffffff }),
      fc.integer({ min: 0, max: 300 }),
      fc.double({ min: -10, max: 10, noNaN: true }),
      fc.double({ min: 0, max: 10, noNaN: true }),
      (k0, k1, n, mean, std) => {
        const g = createNormal32Generator(n);
        const ref = new Float32Array(n);
        g.fill({ k0, k1 }, mean, std);
        fillNormal({ k0, k1 }, ref, mean, std);
        return sameBits(g.out, ref) === 0;
      },
    ),
    { numRuns: 200 },
  );
});

Deno.test("createNormal32Generator: invalid arguments throw RangeError", () => {
  assert.throws(() => createNormal32Generator(-1), RangeError);
  const g = createNormal32Generator(4);
  assert.throws(() => g.fill(key(0), 0, -1), RangeError);
  assert.throws(() => g.fill(key(0), NaN, 1), RangeError);
});
