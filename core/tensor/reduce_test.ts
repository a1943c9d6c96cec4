import assert from "node:assert/strict";
import fc from "fast-check";
import * as math from "mathjs";
import { argmax, argmin, dot, maxAxis, meanAxis, minAxis, norm2, sum, sumAxis } from "./reduce.ts";
import { type Nested, sizeOf, tensor, toNested } from "./tensor.ts";
import { assertClose, assertWithin, FC, floatArray, U64 } from "./test_util.ts";

const vecArb = fc.record({ f32: fc.boolean(), n: fc.integer({ min: 0, max: 600 }) }).chain((
  { f32, n },
) => fc.record({ a: floatArray(f32, n), b: floatArray(f32, n) }));

const absSum = (x: ArrayLike<number>): number => Array.from(x).reduce((s, v) => s + Math.abs(v), 0);

Deno.test("sum (pairwise) and dot match mathjs within their error bounds", () => {
  fc.assert(
    fc.property(vecArb, ({ a, b }) => {
      const n = a.length;
      // ours ≤ (32 + log2 n)·u·Σ|a|, mathjs (sequential) ≤ n·u·Σ|a|
      assertWithin("sum", [sum(a)], [n === 0 ? 0 : math.sum(Array.from(a))], [
        (n + 48) * U64 * absSum(a),
      ]);
      const prod = Array.from(a, (v, i) => Math.abs(v * b[i]));
      const expectedDot = n === 0 ? 0 : math.dot(Array.from(a), Array.from(b));
      assertWithin("dot", [dot(a, b)], [expectedDot], [(2 * n + 4) * U64 * absSum(prod)]);
      if (n > 2) {
        assertWithin("sum range", [sum(a, 1, n - 2)], [math.sum(Array.from(a).slice(1, n - 1))], [
          (n + 48) * U64 * absSum(a),
        ]);
      }
    }),
    FC,
  );
});

Deno.test("sum is pairwise: 1 + 10⁶·10⁻¹⁶ keeps the small terms a naive loop loses", () => {
  const a = new Float64Array(1_000_001).fill(1e-16);
  a[0] = 1;
  let naive = 0;
  for (const v of a) naive += v;
  const exact = 1 + 1e6 * 1e-16;
  assert.equal(naive, 1); // every 1e-16 is absorbed by the running sum
  assert.ok(Math.abs(sum(a) - exact) < 1e-14, `pairwise sum ${sum(a)} vs ${exact}`);
  assert.throws(() => sum(a, 5, a.length), RangeError);
});

Deno.test("norm2 matches math.norm and survives overflow/underflow", () => {
  fc.assert(
    fc.property(vecArb, ({ a }) => {
      const expected = a.length === 0 ? 0 : (math.norm(Array.from(a)) as number);
      // mathjs squares naively, so it underflows below ~1e-154: allow that absolute slack.
      assertClose("norm2", [norm2(a)], [expected], (a.length + 4) * U64, 1e-150);
    }),
    FC,
  );
  assertClose("huge", [norm2(new Float64Array([3e200, 4e200]))], [5e200], 4 * U64);
  assertClose("tiny", [norm2(new Float64Array([3e-200, 4e-200]))], [5e-200], 4 * U64);
  assert.equal(norm2(new Float64Array([1, Infinity])), Infinity);
  assert.ok(Number.isNaN(norm2(new Float64Array([1, NaN, 1e300]))));
  assert.equal(norm2(new Float64Array(3)), 0);
});

/** A tensor of random shape (1–4 axes of length 1–4) with an axis to reduce. */
const axisArb = fc
  .record({
    shape: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 }),
    f32: fc.boolean(),
    keepdims: fc.boolean(),
  })
  .chain(({ shape, f32, keepdims }) =>
    fc.record({
      shape: fc.constant(shape),
      keepdims: fc.constant(keepdims),
      axis: fc.integer({ min: -shape.length, max: shape.length - 1 }),
      data: floatArray(f32, sizeOf(shape)),
    })
  );

/** Reshape mathjs' reduced result (axis removed) to a flat array. */
const flat = (
  x: unknown,
): number[] => (typeof x === "number" ? [x] : (math.flatten(x as number[]) as number[]));

Deno.test("sumAxis / meanAxis / maxAxis / minAxis match mathjs along every axis", () => {
  fc.assert(
    fc.property(axisArb, ({ shape, keepdims, axis, data }) => {
      const t = tensor(data, shape);
      const nested = toNested(t) as Nested[];
      const ax = axis < 0 ? axis + shape.length : axis;
      const len = shape[ax];
      const outShape = keepdims
        ? shape.map((d, i) => (i === ax ? 1 : d))
        : shape.filter((_, i) => i !== ax);
      const f32 = data instanceof Float32Array;
      const rel = (f32 ? 2 ** -24 : 0) + (len + 2) * U64;

      const s = sumAxis(t, axis, keepdims);
      assert.deepEqual(s.shape, outShape);
      assert.equal(s.data instanceof Float32Array, f32);
      // Σ|x| scale: the sum of |values| along the axis bounds the absolute rounding error.
      const scale = flat(math.sum(math.abs(nested as number[]), ax));
      const bound = scale.map((v) => rel * v + 2 ** -149);
      assertWithin("sumAxis", s.data, flat(math.sum(nested as number[], ax)), bound);
      assertWithin(
        "meanAxis",
        meanAxis(t, axis, keepdims).data,
        flat(math.mean(nested as number[], ax)),
        bound.map((b) => b / len + 2 ** -149),
      );

      for (
        const [name, fn, mj] of [["max", maxAxis, math.max], ["min", minAxis, math.min]] as const
      ) {
        const { values, indices } = fn(t, axis, keepdims);
        assert.deepEqual(values.shape, outShape);
        // mathjs compares with a tolerance (relTol 1e-12, absTol 1e-15), so check its values
        // loosely, and values and indices exactly against the definition.
        assertClose(name, values.data, flat(mj(nested as number[], ax)), 1e-11, 1e-14);
        const inner = shape.slice(ax + 1).reduce((x, y) => x * y, 1);
        for (let o = 0; o < values.data.length; o++) {
          const base = Math.floor(o / inner) * len * inner + (o % inner);
          const col = Array.from({ length: len }, (_, l) => data[base + l * inner]);
          const best = name === "max" ? Math.max(...col) : Math.min(...col);
          assert.equal(indices[o], col.indexOf(best), `${name} index`);
          assert.equal(values.data[o], best);
        }
      }
    }),
    FC,
  );
  assert.throws(() => sumAxis(tensor(new Float64Array(4), [2, 2]), 2), /axis 2 is out of range/);
  assert.throws(() => maxAxis(tensor(new Float64Array(0), [2, 0]), 1), /empty axis/);
});

Deno.test("argmax / argmin: relative to the offset, first index wins, NaN propagates", () => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: -3, max: 3 }), { minLength: 1, maxLength: 20 }),
      fc.nat(5),
      (xs, pad) => {
        const a = new Float64Array([...new Array(pad).fill(99), ...xs]);
        assert.equal(argmax(a, pad, xs.length), xs.indexOf(Math.max(...xs)));
        assert.equal(argmin(a, pad, xs.length), xs.indexOf(Math.min(...xs)));
        assert.equal(argmax(a, pad, xs.length), xs.indexOf(math.max(xs)));
      },
    ),
    FC,
  );
  assert.equal(argmax(new Float64Array([1, NaN, 5, NaN])), 1);
  assert.equal(argmin(new Float64Array([NaN, -1])), 0);
  assert.equal(argmax(new Float64Array(3), 3, 0), -1);
  const { values, indices } = maxAxis(tensor(new Float64Array([1, NaN, 3, 0]), [2, 2]), 0);
  assert.ok(Number.isNaN(values.data[1]));
  assert.deepEqual([...indices], [1, 0]);
});
