import assert from "node:assert/strict";
import fc from "fast-check";
import { fold, type Key, key } from "@neuroplastic/core/random";
import { geometricGapOf, maskedGaussianInto } from "./ops.ts";
import { drawStream, nextNormal, nextUniform } from "./stream.ts";

/** The one-draw-at-a-time definition (draw cursors over lanes 0 and 1 of the key). */
const reference = (
  parent: Float64Array,
  out: Float64Array,
  k: Key,
  rate: number,
  scale: number,
  from: number,
  to: number,
): number => {
  if (out !== parent) out.set(parent);
  if (!(rate > 0) || to <= from) return 0;
  const gaps = drawStream(k, 0);
  const noise = drawStream(k, 1);
  const logq = Math.log1p(-Math.min(rate, 1));
  let i = from - 1;
  let count = 0;
  for (;;) {
    const gap = rate >= 1 ? 0 : Math.floor(Math.log(1 - nextUniform(gaps)) / logq);
    i += gap + 1;
    if (i >= to) break;
    out[i] += scale * nextNormal(noise);
    count++;
  }
  return count;
};

const same = (a: Float64Array, b: Float64Array): boolean => a.every((v, i) => Object.is(v, b[i]));

Deno.test("maskedGaussianInto: the batched draws give the one-draw-at-a-time values (GENREG sizes, rates up to 1, batch refills)", () => {
  const cases: [number, number, number, number][] = [
    [2094, 0.1, 17, 2081], // the GENREG dense controller's weights
    [2094, 0.1, 0, 2094],
    [5000, 0.9, 0, 5000], // more draws than one batch (refills)
    [3000, 1, 10, 2990],
    [50, 0.5, 0, 50],
    [1, 0.3, 0, 1],
    [10, 0.1, 5, 5],
    [10, 0, 0, 10],
  ];
  for (const [n, rate, from, to] of cases) {
    for (let s = 0; s < 5; s++) {
      const k = fold(key(31), s * 1000 + n);
      const parent = new Float64Array(n).map((_, i) => Math.sin(i));
      const a = new Float64Array(n), b = new Float64Array(n);
      const ca = maskedGaussianInto(parent, a, k, rate, 0.1, from, to);
      const cb = reference(parent, b, k, rate, 0.1, from, to);
      assert.equal(ca, cb, `count n ${n} rate ${rate}`);
      assert.ok(same(a, b), `values n ${n} rate ${rate} seed ${s}`);
    }
  }
});

Deno.test("maskedGaussianInto: property — any key, length, rate, scale and range, in place or not, equals the reference", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 0xffffffff }),
      fc.integer({ min: 0, max: 0xffffffff }),
      fc.integer({ min: 0, max: 3000 }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.double({ min: 0, max: 3, noNaN: true }),
      fc.integer({ min: 0, max: 100 }),
      fc.integer({ min: 0, max: 100 }),
      fc.boolean(),
      (k0, k1, n, rate, scale, a0, a1, inPlace) => {
        const from = Math.min(a0, n), to = Math.max(from, n - a1);
        const parent = new Float64Array(n).map((_, i) => i * 0.01);
        const ref = new Float64Array(n);
        const cb = reference(parent, ref, { k0, k1 }, rate, scale, from, to);
        const out = inPlace ? parent : new Float64Array(n);
        const ca = maskedGaussianInto(parent, out, { k0, k1 }, rate, scale, from, to);
        return ca === cb && same(out, ref);
      },
    ),
    { numRuns: 300 },
  );
});

Deno.test("geometricGapOf: the table gives ⌊ln x / ln(1 − rate)⌋ at random x, cell edges and near every gap boundary", () => {
  const next = (x: number, k: number): number => {
    const b = new Float64Array([x]);
    const w = new BigInt64Array(b.buffer);
    w[0] += BigInt(k);
    return b[0];
  };
  let checked = 0;
  for (const rate of [0.1, 0.15, 0.5, 0.01, 0.9, 1e-4, 0.999]) {
    const logq = Math.log1p(-rate);
    const exact = (x: number): number => Math.floor(Math.log(x) / logq);
    const probe = (x: number) => {
      if (!(x > 0 && x <= 1)) return;
      const got = geometricGapOf(x, rate), want = exact(x);
      if (!Object.is(got, want) && !(got === 0 && want === 0)) {
        assert.fail(`rate ${rate} x ${x}: ${got} vs ${want}`);
      }
      checked++;
    };
    let s = 12345;
    for (let i = 0; i < 20000; i++) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      probe(1 - s / 2 ** 32);
    }
    for (let c = 0; c <= 4096; c++) for (const k of [-2, -1, 0, 1, 2]) probe(next(c / 4096, k));
    for (let g = 1; g < 200; g++) {
      const t = Math.exp(g * logq);
      for (let k = -4; k <= 4; k++) probe(next(t, k));
    }
  }
  assert.ok(checked > 150000);
});
