import assert from "node:assert/strict";
import fc from "fast-check";
import * as math from "mathjs";
import { fromNested, tensor } from "../tensor/mod.ts";
import {
  abs,
  acosh,
  atanh,
  exp,
  gelu,
  log,
  relu,
  sigmoid,
  softplus,
  sqrt,
  tanh,
} from "./activations.ts";
import { erf } from "./erf.ts";
import { grad } from "./grad.ts";
import { constant, type Var } from "./var.ts";
import { arbShape, arbTensorAvoiding, assertGrad, FC, weightedSum } from "./test_util.ts";

// [name, op, reference, domain lo, hi, points to keep away from (kinks)]
const cases: [string, (a: Var) => Var, (x: number) => number, number, number, number[]][] = [
  ["exp", exp, (x) => math.exp(x), -3, 3, []],
  ["log", log, (x) => math.log(x) as number, 0.1, 4, []],
  ["sqrt", sqrt, (x) => math.sqrt(x) as number, 0.1, 4, []],
  ["abs", abs, (x) => math.abs(x), -3, 3, [0]],
  ["tanh", tanh, (x) => math.tanh(x), -3, 3, []],
  ["sigmoid", sigmoid, (x) => 1 / (1 + math.exp(-x)), -8, 8, []],
  ["relu", relu, (x) => (x > 0 ? x : 0), -3, 3, [0]],
  ["softplus", softplus, (x) => math.log(1 + math.exp(x)) as number, -8, 8, []],
  ["atanh", atanh, (x) => math.atanh(x) as number, -0.9, 0.9, []],
  ["acosh", acosh, (x) => math.acosh(x) as number, 1.1, 5, []],
  ["gelu", gelu, (x) => 0.5 * x * (1 + (math.erf(x / Math.SQRT2) as number)), -5, 5, []],
];

for (const [name, op, ref, lo, hi, kinks] of cases) {
  Deno.test(`${name}: values equal mathjs; gradient check`, () => {
    fc.assert(
      fc.property(arbShape(0, 3).chain((s) => arbTensorAvoiding(s, lo, hi, kinks, 0.01)), (x) => {
        const y = op(constant(x));
        assert.deepEqual(y.shape, x.shape);
        for (let i = 0; i < x.data.length; i++) {
          const r = ref(x.data[i]);
          assert.ok(
            Math.abs(y.value[i] - r) <= 4e-16 * Math.max(1, Math.abs(r)),
            `${name}(${x.data[i]})`,
          );
        }
        assertGrad((p) => weightedSum(op(p as Var)), x);
      }),
      FC,
    );
  });
}

Deno.test("kinks follow torch: relu′(0) = 0, |x|′(0) = 0", () => {
  const g = grad((p) => weightedSum(relu(p as Var)))(fromNested([0, 1])) as unknown as {
    data: Float64Array;
  };
  assert.equal(g.data[0], 0);
  const h = grad((p) => weightedSum(abs(p as Var)))(fromNested([0, -1])) as unknown as {
    data: Float64Array;
  };
  assert.equal(h.data[0], 0);
});

Deno.test("sigmoid and softplus do not overflow", () => {
  const x = constant(fromNested([-800, 800]));
  assert.deepEqual(Array.from(sigmoid(x).value), [0, 1]);
  assert.deepEqual(Array.from(softplus(x).value), [0, 800]);
});

Deno.test("erf: equals mathjs to 2e-16 on [-7, 7]", () => {
  for (let x = -7; x <= 7; x += 0.0173) {
    assert.ok(Math.abs(erf(x) - (math.erf(x) as number)) <= 2.5e-16, `erf(${x})`);
  }
  assert.equal(erf(0), 0);
  assert.ok(Number.isNaN(erf(NaN)));
});

Deno.test("unary ops keep f32", () => {
  const x = constant(tensor(new Float32Array([0.5, 1.5]), [2]));
  for (const [, op] of cases) assert.ok(op(x).value instanceof Float32Array);
});
