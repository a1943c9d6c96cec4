import assert from "node:assert/strict";
import fc from "fast-check";
import { fromNested, sizeOf, stridesOf, type Tensor } from "../tensor/mod.ts";
import { max, mean, min, sum } from "./reduce.ts";
import { grad } from "./grad.ts";
import { constant, type Var } from "./var.ts";
import {
  arbDistinct,
  arbShape,
  arbTensor,
  assertGrad,
  FC,
  maxDiff,
  weightedSum,
} from "./test_util.ts";

/** Shape, then a random subset of its axes (possibly none → undefined = all) and keepDims. */
const arbCase = (gen: (s: number[]) => fc.Arbitrary<Tensor>) =>
  arbShape(1, 3).chain((s) =>
    fc.tuple(
      gen(s),
      fc.option(fc.subarray(s.map((_, i) => i), { minLength: 1 }), { nil: undefined }),
      fc.boolean(),
    )
  );

/** Reference reduction by brute force over multi-indices (hand computation). */
function reference(x: Tensor, axes: number[] | undefined, fn: (v: number[]) => number): number[] {
  const r = x.shape.length, red = x.shape.map((_, i) => axes === undefined || axes.includes(i));
  const groups = new Map<string, number[]>();
  const st = stridesOf(x.shape);
  for (let i = 0; i < x.data.length; i++) {
    const keyIdx: number[] = [];
    for (let k = 0; k < r; k++) if (!red[k]) keyIdx.push(Math.floor(i / st[k]) % x.shape[k]);
    const key = keyIdx.join(",");
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(x.data[i]);
  }
  return [...groups.values()].map(fn);
}

const reductions = [
  ["sum", sum, (v: number[]) => v.reduce((a, b) => a + b, 0)],
  ["mean", mean, (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length],
  ["max", max, (v: number[]) => Math.max(...v)],
  ["min", min, (v: number[]) => Math.min(...v)],
] as const;

for (const [name, op, oracle] of reductions) {
  const extremum = name === "max" || name === "min";
  Deno.test(`${name}: values along random axes (keepDims both ways) equal a brute-force grouping; gradient check`, () => {
    fc.assert(
      fc.property(arbCase(extremum ? arbDistinct : (s) => arbTensor(s)), ([x, axes, keep]) => {
        const y = op(constant(x), axes, keep);
        const expShape = keep
          ? x.shape.map((d, i) => (axes === undefined || axes.includes(i) ? 1 : d))
          : x.shape.filter((_, i) => !(axes === undefined || axes.includes(i)));
        assert.deepEqual(y.shape, expShape);
        assert.equal(y.value.length, sizeOf(expShape));
        assert.ok(maxDiff(y.value, reference(x, axes, oracle)) < 1e-14);
        assertGrad((p) => weightedSum(op(p as Var, axes, keep)), x);
      }),
      FC,
    );
  });
}

Deno.test("max/min tie rule: the whole gradient goes to the first extremum", () => {
  const g = grad((p) => sum(max(p as Var, 1)))(fromNested([[1, 3, 3], [2, 2, 0]])) as unknown as {
    data: Float64Array;
  };
  assert.deepEqual(Array.from(g.data), [0, 1, 0, 1, 0, 0]);
  const h = grad((p) => sum(min(p as Var)))(fromNested([4, 1, 1, 1])) as unknown as {
    data: Float64Array;
  };
  assert.deepEqual(Array.from(h.data), [0, 1, 0, 0]);
  assert.equal(max(constant(fromNested([1, NaN, 3]))).value[0], NaN);
});

Deno.test("negative axes and f32 accumulation", () => {
  const x = constant(fromNested([[1, 2], [3, 4]], "f32"));
  assert.deepEqual(Array.from(sum(x, -1).value), [3, 7]);
  assert.ok(sum(x).value instanceof Float32Array);
  assert.deepEqual(Array.from(mean(x, [0, 1], true).value), [2.5]);
});
