import assert from "node:assert/strict";
import fc from "fast-check";
import { fromNested, tensor } from "../tensor/mod.ts";
import { add, clamp, div, mul, neg, pow, sub, where } from "./elementwise.ts";
import { broadcastShapes } from "./broadcast.ts";
import { grad } from "./grad.ts";
import { constant, type Var } from "./var.ts";
import {
  arbBroadcastPair,
  arbTensor,
  arbTensorAvoiding,
  assertGrad,
  FC,
  maxDiff,
  spread,
  weightedSum,
} from "./test_util.ts";

const ops = [
  ["add", add, (x: number, y: number) => x + y],
  ["sub", sub, (x: number, y: number) => x - y],
  ["mul", mul, (x: number, y: number) => x * y],
  ["div", div, (x: number, y: number) => x / y],
] as const;

for (const [name, op, oracle] of ops) {
  Deno.test(`${name}: broadcast values equal a hand evaluation`, () => {
    fc.assert(
      fc.property(
        arbBroadcastPair().chain(([sa, sb]) =>
          fc.tuple(arbTensor(sa), arbTensorAvoiding(sb, -2, 2, [0], 0.1))
        ),
        ([a, b]) => {
          const y = op(constant(a), constant(b));
          assert.deepEqual(y.shape, broadcastShapes(a.shape, b.shape));
          const A = spread(a, y.shape), B = spread(b, y.shape);
          assert.equal(maxDiff(y.value, A.map((v, i) => oracle(v, B[i]))), 0);
        },
      ),
      FC,
    );
  });

  Deno.test(`${name}: broadcast gradient check`, () => {
    fc.assert(
      fc.property(
        arbBroadcastPair().chain(([sa, sb]) =>
          fc.tuple(arbTensor(sa), arbTensorAvoiding(sb, -2, 2, [0], 0.3))
        ),
        ([a, b]) => {
          assertGrad((p) => {
            const [x, y] = p as Var[];
            return weightedSum(op(x, y));
          }, [a, b]);
        },
      ),
      FC,
    );
  });

  Deno.test(`${name}: number operands on either side`, () => {
    const x = fromNested([1.5, -0.5, 2]);
    assertGrad((p) => weightedSum(op(p as Var, 1.7)), x);
    assertGrad((p) => weightedSum(op(-0.8, p as Var)), x);
    const v = op(constant(x), 2).value;
    assert.deepEqual(Array.from(v), [1.5, -0.5, 2].map((t) => oracle(t, 2)));
    const w = op(3, constant(x)).value;
    assert.deepEqual(Array.from(w), [1.5, -0.5, 2].map((t) => oracle(3, t)));
  });
}

Deno.test("dtype follows the first Var operand; f32 stays f32", () => {
  const a32 = constant(tensor(new Float32Array([1, 2]), [2]));
  const b64 = constant(fromNested([0.5, 0.25]));
  assert.ok(add(a32, b64).value instanceof Float32Array);
  assert.ok(add(b64, a32).value instanceof Float64Array);
  assert.ok(mul(2, a32).value instanceof Float32Array);
  const g = grad((p) => weightedSum(mul(p as Var, p as Var)))(
    tensor(new Float32Array([1, 2, 3]), [3]),
  ) as { data: Float32Array };
  assert.ok(g.data instanceof Float32Array);
});

Deno.test("neg: value and gradient", () => {
  assert.deepEqual(Array.from(neg(constant(fromNested([1, -2]))).value), [-1, 2]);
  fc.assert(
    fc.property(arbTensor([3, 2]), (x) => assertGrad((p) => weightedSum(neg(p as Var)), x)),
    FC,
  );
});

Deno.test("pow: values equal Math.pow and gradient check", () => {
  fc.assert(
    fc.property(
      arbTensor([2, 3], 0.2, 3),
      fc.constantFrom(2, 3, 0.5, -1, 1.7, 0, 1),
      (x, p) => {
        const y = pow(constant(x), p).value;
        assert.ok(maxDiff(y, Array.from(x.data, (v) => Math.pow(v, p))) < 1e-15 * 30);
        assertGrad((q) => weightedSum(pow(q as Var, p)), x);
      },
    ),
    FC,
  );
});

Deno.test("clamp: values, gradient away from the edges, zero gradient outside", () => {
  fc.assert(
    fc.property(arbTensorAvoiding([4, 3], -2, 2, [-0.5, 0.7], 0.05), (x) => {
      const y = clamp(constant(x), -0.5, 0.7).value;
      assert.deepEqual(Array.from(y), Array.from(x.data, (v) => Math.min(Math.max(v, -0.5), 0.7)));
      assertGrad((p) => weightedSum(clamp(p as Var, -0.5, 0.7)), x);
    }),
    FC,
  );
  // torch convention: gradient passes at the boundary, 0 outside
  const g = grad((p) => weightedSum(clamp(p as Var, 0, 1)))(fromNested([-1, 0, 0.5, 1, 2]));
  const d = (g as { data: Float64Array }).data;
  assert.equal(d[0], 0);
  assert.equal(d[4], 0);
  assert.ok(d[1] !== 0 && d[2] !== 0 && d[3] !== 0);
});

Deno.test("where: mask and Var conditions, broadcasting, gradient check", () => {
  fc.assert(
    fc.property(
      arbBroadcastPair().chain(([sa, sb]) =>
        fc.tuple(
          arbTensor(sa),
          arbTensor(sb),
          fc.array(fc.boolean(), { minLength: 256, maxLength: 256 }),
        )
      ),
      ([a, b, bits]) => {
        const shape = broadcastShapes(a.shape, b.shape);
        const n = shape.reduce((s, d) => s * d, 1);
        const mask = Uint8Array.from(bits.slice(0, n), (x) => (x ? 1 : 0));
        const y = where(mask, constant(a), constant(b));
        const A = spread(a, shape), B = spread(b, shape);
        const ref = A.map((v, i) => (mask[i] ? v : B[i]));
        assert.equal(maxDiff(y.value, ref), 0);
        assertGrad((p) => {
          const [x, z] = p as Var[];
          return weightedSum(where(mask, x, z));
        }, [a, b]);
        // the same selection through a 0/1 Var condition
        const cv = constant(tensor(Float64Array.from(mask), shape));
        assert.equal(maxDiff(where(cv, constant(a), constant(b)).value, ref), 0);
      },
    ),
    FC,
  );
  const w = where([true, false, true], constant(fromNested([1, 2, 3])), -1);
  assert.deepEqual(Array.from(w.value), [1, -1, 3]);
});
