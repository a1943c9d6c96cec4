import assert from "node:assert/strict";
import { tanhInPlace, tanhScratch, tanhScratchRun, wasmTanhAvailable } from "./wasm_tanh.ts";

/** Bit-for-bit equality (any NaN equals any NaN). */
const same = (a: number, b: number): boolean => Object.is(a, b) || (a !== a && b !== b);

/** n values ±2^e with e uniform in [lo, hi) (fractional e: every mantissa; LCG, test data only). */
function spread(n: number, lo: number, hi: number, seed: number): Float64Array {
  const a = new Float64Array(n);
  let s = seed >>> 0;
  const next = (): number => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  for (let i = 0; i < n; i++) {
    const e = lo + (hi - lo) * next();
    a[i] = (next() < 0.5 ? -1 : 1) * 2 ** e;
  }
  return a;
}

Deno.test("the wasm tanh kernel is in use on x86-64 Linux (glibc), where it was derived", () => {
  if (Deno.build.os === "linux" && Deno.build.arch === "x86_64") assert.ok(wasmTanhAvailable());
});

Deno.test("tanhInPlace gives Math.tanh's bits on 10^6 inputs over every branch", () => {
  const special = [
    0,
    -0,
    5e-324,
    -5e-324,
    1e-310,
    2.2250738585072014e-308,
    2 ** -56,
    2 ** -55,
    -(2 ** -55),
    2 ** -55 * (1 - 2 ** -53),
    2 ** -54,
    2 ** -28,
    2 ** -28 * (1 + 2 ** -52),
    0.17328679513998632,
    0.25,
    0.5,
    0.5198603854199589,
    1 - 2 ** -53,
    1,
    1 + 2 ** -52,
    -1,
    19.408121055678468,
    19.6,
    22 - 2 ** -48,
    22,
    22 + 2 ** -48,
    710,
    1e300,
    Number.MAX_VALUE,
    Infinity,
    -Infinity,
    NaN,
  ];
  const parts = [
    Float64Array.from(special),
    spread(400_000, -60, 6, 1), // tiny … 64: every expm1 case (k = 0, −1, −2, −3, 3 … 63)
    spread(300_000, -2, 1, 2), // the bulk of a network's pre-activations
    spread(200_000, -1080, -1000, 3), // subnormals and tiny normals
    spread(100_000, 4.2, 4.6, 4), // around 22
  ];
  let n = 0;
  for (const p of parts) n += p.length;
  const x = new Float64Array(n);
  let o = 0;
  for (const p of parts) x.set(p, o), o += p.length;
  const y = tanhInPlace(x.slice());
  let bad = 0, first = -1;
  for (let i = 0; i < n; i++) {
    if (!same(y[i], Math.tanh(x[i]))) {
      bad++;
      if (first < 0) first = i;
    }
  }
  assert.equal(bad, 0, `first mismatch at x = ${x[first]}`);
  assert.ok(n >= 1_000_000);
});

Deno.test("tanhInPlace: subranges, short arrays and the scratch interface", () => {
  const a = Float64Array.of(3, -0.5, 0.25, 9, 1e-20, -30, 0.75, 2, 4, 5, -6);
  const want = a.map((v, i) => (i >= 2 && i < 9 ? Math.tanh(v) : v));
  tanhInPlace(a, 2, 9);
  for (let i = 0; i < a.length; i++) assert.ok(same(a[i], want[i]), `element ${i}`);
  const b = Float64Array.of(0.1, -0.2);
  tanhInPlace(b);
  assert.ok(same(b[0], Math.tanh(0.1)) && same(b[1], Math.tanh(-0.2)));
  assert.throws(() => tanhInPlace(b, 1, 3), RangeError);
  const s = tanhScratch(5);
  if (s) {
    s.set([0.5, -1.5, 25, -0.0, 3e-17]);
    tanhScratchRun(5);
    const w = [0.5, -1.5, 25, -0.0, 3e-17].map(Math.tanh);
    for (let i = 0; i < 5; i++) assert.ok(same(s[i], w[i]));
    assert.throws(() => tanhScratchRun(-1), RangeError);
  }
});
