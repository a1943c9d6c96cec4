import assert from "node:assert/strict";
import fc from "fast-check";
import * as math from "mathjs";
import {
  addInto,
  addRowInto,
  axpyInto,
  divInto,
  mapInto,
  mulInto,
  scaleInto,
  subInto,
  zipInto,
} from "./elementwise.ts";
import type { FloatArray } from "./tensor.ts";
import { assertClose, FC, floatArray, toRows } from "./test_util.ts";

/** Two same-length arrays of one dtype, plus the dtype flag. */
const pairArb = fc.record({ f32: fc.boolean(), len: fc.integer({ min: 0, max: 40 }) }).chain((
  { f32, len },
) => fc.record({ f32: fc.constant(f32), a: floatArray(f32, len), b: floatArray(f32, len) }));

// The kernels compute in doubles and round once on store: the oracle does the same.
const store = (f32: boolean, xs: number[]): number[] => (f32 ? xs.map(Math.fround) : xs);
const mk = (
  f32: boolean,
  n: number,
): FloatArray => (f32 ? new Float32Array(n) : new Float64Array(n));

Deno.test("add/sub/mul/div match mathjs elementwise ops (also in place)", () => {
  const ops: [string, typeof addInto, (x: number[], y: number[]) => number[]][] = [
    ["add", addInto, (x, y) => math.add(x, y) as number[]],
    ["sub", subInto, (x, y) => math.subtract(x, y) as number[]],
    ["mul", mulInto, (x, y) => math.dotMultiply(x, y) as number[]],
    ["div", divInto, (x, y) => math.dotDivide(x, y) as number[]],
  ];
  fc.assert(
    fc.property(pairArb, ({ f32, a, b }) => {
      for (const [name, kernel, oracle] of ops) {
        const expected = store(f32, oracle(Array.from(a), Array.from(b)));
        const out = kernel(mk(f32, a.length), a, b);
        assertClose(name, out, expected, 0);
        const alias = a.slice();
        kernel(alias, alias, b); // out aliases a
        assert.deepEqual(alias, out);
      }
    }),
    FC,
  );
});

Deno.test("scaleInto, axpyInto, mapInto, zipInto match mathjs", () => {
  fc.assert(
    fc.property(pairArb, fc.double({ min: -4, max: 4, noNaN: true }), ({ f32, a, b }, s) => {
      const x = Array.from(a), y = Array.from(b);
      const scaled = scaleInto(mk(f32, a.length), a, s);
      assertClose("scale", scaled, store(f32, math.multiply(s, x) as number[]), 0);
      const yy = b.slice();
      axpyInto(yy, s, a);
      assertClose("axpy", yy, store(f32, math.add(y, math.multiply(s, x)) as number[]), 0);
      const sq = mapInto(mk(f32, a.length), a, (v, i) => v * v + i);
      assertClose("map", sq, store(f32, x.map((v, i) => math.add(math.square(v), i))), 0);
      const mx = zipInto(mk(f32, a.length), a, b, (p, q) => Math.max(p, q));
      assert.deepEqual(Array.from(mx), x.map((v, i) => Math.max(v, y[i])));
    }),
    FC,
  );
});

Deno.test("addRowInto broadcasts a bias row like mathjs add over rows", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 6 }),
      fc.integer({ min: 1, max: 6 }).chain((n) => floatArray(false, n)),
      (rows, row) => {
        const n = row.length;
        const a = new Float64Array(rows * n).map((_, i) => i / 3);
        const out = addRowInto(new Float64Array(rows * n), a, row);
        const expected = toRows(a, 0, rows, n).map((r) => math.add(r, Array.from(row)) as number[]);
        assert.deepEqual(toRows(out, 0, rows, n), expected);
      },
    ),
    FC,
  );
  assert.throws(
    () => addRowInto(new Float64Array(5), new Float64Array(5), new Float64Array(2)),
    /multiple/,
  );
});

Deno.test("length mismatches throw RangeError", () => {
  assert.throws(
    () => addInto(new Float64Array(2), new Float64Array(2), new Float64Array(3)),
    /length mismatch/,
  );
  assert.throws(() => mapInto(new Float64Array(1), new Float64Array(2), (v) => v), RangeError);
  assert.throws(() => axpyInto(new Float64Array(1), 1, new Float64Array(2)), RangeError);
});
