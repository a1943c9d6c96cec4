import assert from "node:assert/strict";
import fc from "fast-check";
import { fromNested, sizeOf, stridesOf } from "../tensor/mod.ts";
import {
  broadcastTo,
  concat,
  expandDims,
  gather,
  reshape,
  slice,
  squeeze,
  stack,
  transpose,
} from "./shape.ts";
import { grad } from "./grad.ts";
import { constant, type Var } from "./var.ts";
import {
  arbBroadcastPair,
  arbShape,
  arbTensor,
  assertGrad,
  FC,
  flat,
  maxDiff,
  nested,
  spread,
  weightedSum,
} from "./test_util.ts";
import { broadcastShapes } from "./broadcast.ts";

Deno.test("reshape: values kept, -1 inferred, gradient check", () => {
  fc.assert(
    fc.property(arbShape(1, 4).chain((s) => arbTensor(s)), (x) => {
      const n = x.data.length;
      const y = reshape(constant(x), [-1, 1]);
      assert.deepEqual(y.shape, [n, 1]);
      assert.deepEqual(Array.from(y.value), Array.from(x.data));
      assertGrad((p) => weightedSum(reshape(p as Var, [1, n])), x);
    }),
    FC,
  );
  assert.throws(() => reshape(constant(fromNested([1, 2, 3])), [2, 2]));
  assert.deepEqual(expandDims(constant(fromNested([[1, 2]])), -1).shape, [1, 2, 1]);
  assert.deepEqual(squeeze(constant(fromNested([[1, 2]]))).shape, [2]);
});

/** Nested-array slice (hand reference). */
function nestedSlice(v: unknown, starts: number[], ends: number[], d = 0): unknown {
  if (d === starts.length) return v;
  return (v as unknown[]).slice(starts[d], ends[d]).map((u) => nestedSlice(u, starts, ends, d + 1));
}

/** Nested-array concatenation along `axis` (hand reference). */
function nestedConcat(vs: unknown[], axis: number): unknown {
  if (axis === 0) return vs.flatMap((v) => v as unknown[]);
  return (vs[0] as unknown[]).map((_, i) =>
    nestedConcat(vs.map((v) => (v as unknown[])[i]), axis - 1)
  );
}

Deno.test("transpose: 2-D by hand; N-D permutation by index arithmetic; gradient check", () => {
  fc.assert(
    fc.property(arbShape(2, 2).chain((s) => arbTensor(s)), (x) => {
      const y = transpose(constant(x));
      const [m, n] = x.shape;
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) assert.equal(y.value[j * m + i], x.data[i * n + j]);
      }
      assertGrad((p) => weightedSum(transpose(p as Var)), x);
    }),
    FC,
  );
  fc.assert(
    fc.property(
      arbShape(1, 4).chain((s) =>
        fc.tuple(
          arbTensor(s),
          fc.shuffledSubarray(s.map((_, i) => i), { minLength: s.length, maxLength: s.length }),
        )
      ),
      ([x, perm]) => {
        const y = transpose(constant(x), perm);
        const st = stridesOf(x.shape), ost = stridesOf(y.shape);
        assert.deepEqual(y.shape, perm.map((p) => x.shape[p]));
        for (let i = 0; i < y.value.length; i++) {
          // output multi-index o ↦ input offset Σ_k o_k · stride(perm_k)
          let src = 0;
          for (let k = 0; k < perm.length; k++) {
            src += Math.floor(i / ost[k]) % y.shape[k] * st[perm[k]];
          }
          assert.equal(y.value[i], x.data[src]);
        }
        assertGrad((p) => weightedSum(transpose(p as Var, perm)), x);
      },
    ),
    FC,
  );
});

Deno.test("broadcastTo: equals a hand broadcast; gradient sums the copies", () => {
  fc.assert(
    fc.property(
      arbBroadcastPair().chain(([a, b]) =>
        fc.tuple(arbTensor(a), fc.constant(broadcastShapes(a, b)))
      ),
      ([x, to]) => {
        const y = broadcastTo(constant(x), to);
        assert.deepEqual(y.shape, to);
        assert.equal(maxDiff(y.value, spread(x, to)), 0);
        assertGrad((p) => weightedSum(broadcastTo(p as Var, to)), x);
      },
    ),
    FC,
  );
  const g = grad((p) => weightedSum(broadcastTo(p as Var, [3, 2])))(fromNested([1, 1])) as {
    data: Float64Array;
  };
  // Σ over the 3 copies of the weights sin(1.7i+0.3)+0.2, columns 0 and 1
  const w = (i: number) => Math.sin(1.7 * i + 0.3) + 0.2;
  assert.ok(Math.abs(g.data[0] - (w(0) + w(2) + w(4))) < 1e-15);
  assert.ok(Math.abs(g.data[1] - (w(1) + w(3) + w(5))) < 1e-15);
});

Deno.test("slice: equals a nested-array slice; gradient check", () => {
  fc.assert(
    fc.property(
      arbShape(1, 3, 5).chain((s) =>
        fc.tuple(
          arbTensor(s),
          fc.tuple(...s.map((d) =>
            fc.tuple(fc.integer({ min: 0, max: d - 1 }), fc.integer({ min: 1, max: d }))
          )),
        )
      ),
      ([x, bounds]) => {
        const starts = bounds.map(([a, b]) => Math.min(a, b - 1));
        const ends = bounds.map(([a, b]) => Math.max(a + 1, b));
        const y = slice(constant(x), starts, ends);
        const ref = flat(nestedSlice(nested({ value: x.data, shape: x.shape }), starts, ends));
        assert.deepEqual(Array.from(y.value), ref);
        assert.deepEqual(y.shape, starts.map((s, i) => ends[i] - s));
        assertGrad((p) => weightedSum(slice(p as Var, starts, ends)), x);
      },
    ),
    FC,
  );
  // negative bounds count from the end, missing trailing axes are whole
  const m = constant(fromNested([[1, 2, 3], [4, 5, 6]]));
  assert.deepEqual(Array.from(slice(m, [-1], [2]).value), [4, 5, 6]);
});

Deno.test("concat and stack: equal a nested-array concatenation; gradient check", () => {
  fc.assert(
    fc.property(
      arbShape(1, 3).chain((s) =>
        fc.tuple(
          fc.integer({ min: 0, max: s.length - 1 }),
          fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 3 }),
        ).chain(([ax, sizes]) =>
          fc.tuple(
            fc.constant(ax),
            fc.tuple(...sizes.map((k) => arbTensor(s.map((d, i) => (i === ax ? k : d))))),
          )
        )
      ),
      ([ax, xs]) => {
        const y = concat(xs.map((x) => constant(x)), ax);
        const ref = flat(
          nestedConcat(xs.map((x) => nested({ value: x.data, shape: x.shape })), ax),
        );
        assert.deepEqual(Array.from(y.value), ref);
        assertGrad((p) => weightedSum(concat(p as Var[], ax)), xs);
      },
    ),
    FC,
  );
  fc.assert(
    fc.property(
      arbShape(0, 2).chain((s) =>
        fc.tuple(fc.integer({ min: 0, max: s.length }), fc.tuple(arbTensor(s), arbTensor(s)))
      ),
      ([ax, xs]) => {
        const y = stack(xs.map((x) => constant(x)), ax);
        const shape = xs[0].shape.slice();
        shape.splice(ax, 0, 2);
        assert.deepEqual(y.shape, shape);
        // stacking along axis 0 is plain concatenation of the data
        if (ax === 0) assert.deepEqual(Array.from(y.value), [...xs[0].data, ...xs[1].data]);
        assertGrad((p) => weightedSum(stack(p as Var[], ax)), xs);
      },
    ),
    FC,
  );
});

Deno.test("gather: rows by index (repeats allowed) on any axis; gradient scatter-adds", () => {
  fc.assert(
    fc.property(
      arbShape(1, 3).chain((s) =>
        fc.integer({ min: 0, max: s.length - 1 }).chain((ax) =>
          fc.tuple(
            arbTensor(s),
            fc.constant(ax),
            fc.array(fc.integer({ min: 0, max: s[ax] - 1 }), { minLength: 1, maxLength: 5 }),
          )
        )
      ),
      ([x, ax, idx]) => {
        const y = gather(constant(x), idx, ax);
        const shape = x.shape.slice();
        shape[ax] = idx.length;
        assert.deepEqual(y.shape, shape);
        const st = stridesOf(x.shape), ost = stridesOf(shape);
        for (let i = 0; i < sizeOf(shape); i++) {
          let src = 0;
          for (let k = 0; k < shape.length; k++) {
            const o = Math.floor(i / ost[k]) % shape[k];
            src += (k === ax ? idx[o] : o) * st[k];
          }
          assert.equal(y.value[i], x.data[src]);
        }
        assertGrad((p) => weightedSum(gather(p as Var, idx, ax)), x);
      },
    ),
    FC,
  );
  const g = grad((p) => weightedSum(gather(p as Var, [1, 1, 0], 0)))(
    fromNested([[0, 0], [0, 0], [0, 0]]),
  ) as {
    data: Float64Array;
  };
  assert.deepEqual(Array.from(g.data.slice(4)), [0, 0]); // row 2 never gathered
  assert.throws(() => gather(constant(fromNested([1, 2])), [2], 0), RangeError);
});
