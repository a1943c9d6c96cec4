import assert from "node:assert/strict";
import fc from "fast-check";
import { fold, key } from "./keys.ts";
import { threefry2x32 } from "./threefry.ts";
import { createNormal32Generator, fillNormal, fillNormalJs, threefryBlocks } from "./normal.ts";

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
        fillNormalJs(k, ref, mean, std);
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
    fillNormalJs(key(1000 + s), ref, 0, 1);
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
        fillNormalJs({ k0, k1 }, ref, mean, std);
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

const sameBits64 = (a: Float64Array, b: Float64Array): number => {
  let bad = 0;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) bad++;
  return bad;
};

Deno.test("fillNormal: the WebAssembly path has the JavaScript path's bits (f32 and f64, lengths across the threshold and the 4096 chunks)", () => {
  const lengths = [
    0,
    1,
    2,
    15,
    16,
    17,
    63,
    64,
    65,
    66,
    79,
    80,
    81,
    127,
    2048,
    2065,
    4095,
    4096,
    4097,
    9000,
  ];
  for (const n of lengths) {
    for (let s = 0; s < 3; s++) {
      const k = fold(key(77 + s), n);
      for (const [mean, std] of [[0, 1], [0.5, 0.031], [-2, 0]]) {
        const a32 = new Float32Array(n), b32 = new Float32Array(n);
        fillNormal(k, a32, mean, std);
        fillNormalJs(k, b32, mean, std);
        assert.equal(sameBits(a32, b32), 0, `f32 n ${n} seed ${s}`);
        const a64 = new Float64Array(n), b64 = new Float64Array(n);
        fillNormal(k, a64, mean, std);
        fillNormalJs(k, b64, mean, std);
        assert.equal(sameBits64(a64, b64), 0, `f64 n ${n} seed ${s}`);
      }
    }
  }
});

Deno.test("fillNormal: property — any key, length (0 … 5000, incl. odd and across the threshold), mean, std and subarray offset give the JavaScript path's bits", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 0xffffffff }),
      fc.integer({ min: 0, max: 0xffffffff }),
      fc.oneof(fc.integer({ min: 0, max: 130 }), fc.integer({ min: 0, max: 5000 })),
      fc.integer({ min: 0, max: 3 }),
      fc.double({ min: -10, max: 10, noNaN: true }),
      fc.double({ min: 0, max: 10, noNaN: true }),
      fc.boolean(),
      (k0, k1, n, off, mean, std, wide) => {
        if (wide) {
          const a = new Float64Array(n + off).subarray(off), b = new Float64Array(n);
          fillNormal({ k0, k1 }, a, mean, std);
          fillNormalJs({ k0, k1 }, b, mean, std);
          return sameBits64(a, b) === 0;
        }
        const a = new Float32Array(n + off).subarray(off), b = new Float32Array(n);
        fillNormal({ k0, k1 }, a, mean, std);
        fillNormalJs({ k0, k1 }, b, mean, std);
        return sameBits(a, b) === 0;
      },
    ),
    { numRuns: 300 },
  );
});

Deno.test("threefryBlocks: the words of threefry2x32 at counters (x0 + t, x1), across chunks and counter wrap-around", () => {
  const ref = new Uint32Array(2);
  const cases: [number, number, number, number, number][] = [
    [0, 0, 0, 0, 0],
    [1, 2, 0, 0, 1],
    [0x12345678, 0x9abcdef0, 5, 1, 17],
    [7, 9, 0xfffffff0, 3, 40], // x0 wraps past 2^32
    [0xffffffff, 0xffffffff, 100, 0xffffffff, 4097],
    [3, 4, 1, 2, 9000],
  ];
  for (const [k0, k1, x0, x1, count] of cases) {
    const out = new Int32Array(2 * count + 3);
    out.fill(-7);
    threefryBlocks(k0, k1, x0, x1, count, out, 1);
    assert.equal(out[0], -7);
    assert.equal(out[2 * count + 1], -7, "nothing written past the blocks");
    for (let t = 0; t < count; t++) {
      threefry2x32(k0, k1, (x0 + t) >>> 0, x1, ref);
      if (out[1 + 2 * t] >>> 0 !== ref[0] || out[2 + 2 * t] >>> 0 !== ref[1]) {
        assert.fail(`block ${t} of (${k0}, ${k1}, ${x0}, ${x1}, ${count})`);
      }
    }
  }
  assert.throws(() => threefryBlocks(0, 0, 0, 0, 4, new Int32Array(7), 0), RangeError);
});
