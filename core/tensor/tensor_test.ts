import assert from "node:assert/strict";
import fc from "fast-check";
import * as math from "mathjs";
import {
  alloc,
  dtypeOf,
  fromNested,
  full,
  type Nested,
  ones,
  sizeOf,
  stridesOf,
  tensor,
  toNested,
  zeros,
} from "./tensor.ts";
import { FC } from "./test_util.ts";

/** Nested arrays of a random rectangular shape (0–4 axes, each 0–4 long). */
const nestedArb: fc.Arbitrary<{ shape: number[]; nested: Nested }> = fc
  .array(fc.integer({ min: 0, max: 4 }), { minLength: 0, maxLength: 4 })
  .chain((shape) =>
    fc.array(fc.double({ noNaN: true }), { minLength: sizeOf(shape), maxLength: sizeOf(shape) })
      .map((vals) => {
        let i = 0;
        const build = (d: number): Nested =>
          d === shape.length ? vals[i++] : Array.from({ length: shape[d] }, () => build(d + 1));
        return { shape, nested: build(0) };
      })
  );

Deno.test("fromNested/toNested round-trip and infer the mathjs size", () => {
  fc.assert(
    fc.property(nestedArb, ({ shape, nested }) => {
      const t = fromNested(nested);
      // mathjs cannot see past an empty axis; compare shapes only when all axes are non-empty.
      if (shape.every((d) => d > 0)) assert.deepEqual(t.shape, math.size(nested as number[]));
      if (shape.every((d) => d > 0) || shape.length === 0) assert.deepEqual(t.shape, shape);
      assert.deepEqual(toNested(t), nested);
      assert.equal(t.data.length, sizeOf(t.shape));
    }),
    FC,
  );
});

Deno.test("fromNested: f32 rounding, 0-d, empty, ragged and bad leaves", () => {
  const t = fromNested([[0.1, 2], [3, 4]], "f32");
  assert.ok(t.data instanceof Float32Array);
  assert.equal(t.data[0], Math.fround(0.1));
  assert.deepEqual(fromNested(3).shape, []);
  assert.equal(toNested(fromNested(3)), 3);
  assert.deepEqual(fromNested([]).shape, [0]);
  assert.deepEqual(toNested(zeros([2, 0])), [[], []]);
  assert.throws(() => fromNested([[1], [1, 2]]), /ragged input at \[1\]/);
  assert.throws(() => fromNested([[1], 2] as unknown as number[][]), RangeError);
  assert.throws(() => fromNested([1, [2]] as unknown as number[]), /expected a number at \[1\]/);
});

Deno.test("tensor validates the size and names the shape", () => {
  assert.throws(
    () => tensor(new Float64Array(5), [2, 3]),
    /shape \[2, 3\] needs 6 elements but data has 5/,
  );
  assert.throws(() => tensor(new Float64Array(0), [-1]), RangeError);
  assert.throws(() => tensor(new Float64Array(2), [1.5, 2]), /invalid dimension 1.5 at axis 0/);
  const shape = [2, 2];
  const t = tensor(new Float32Array(4), shape);
  shape[0] = 9; // the tensor keeps its own frozen copy
  assert.deepEqual(t.shape, [2, 2]);
  assert.ok(Object.isFrozen(t) && Object.isFrozen(t.shape));
});

Deno.test("stridesOf enumerates row-major offsets; sizeOf is the product", () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 1, max: 5 }), { maxLength: 4 }), (shape) => {
      const st = stridesOf(shape);
      const seen: number[] = [];
      const walk = (d: number, off: number): void => {
        if (d === shape.length) {
          seen.push(off);
          return;
        }
        for (let i = 0; i < shape[d]; i++) walk(d + 1, off + i * st[d]);
      };
      walk(0, 0);
      assert.deepEqual(seen, Array.from({ length: sizeOf(shape) }, (_, i) => i));
      assert.equal(sizeOf(shape), math.prod([1, ...shape]));
    }),
    FC,
  );
});

Deno.test("zeros / ones / full / alloc / dtypeOf", () => {
  assert.ok(zeros([2]).data instanceof Float64Array);
  assert.ok(zeros([2], "f32").data instanceof Float32Array);
  assert.deepEqual([...ones([3], "f32").data], [1, 1, 1]);
  assert.deepEqual([...full([2, 2], -2.5).data], [-2.5, -2.5, -2.5, -2.5]);
  assert.equal(dtypeOf(alloc("f32", 3)), "f32");
  assert.equal(dtypeOf(alloc("f64", 3)), "f64");
  assert.equal(alloc("f64", 3).length, 3);
  assert.throws(() => zeros([2, -1]), RangeError);
});
