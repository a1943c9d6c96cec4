import assert from "node:assert/strict";
import fc from "fast-check";
import * as math from "mathjs";
import { key } from "../random/mod.ts";
import { fromNested, ones, stridesOf, type Tensor, tensor } from "../tensor/mod.ts";
import { dropout, layerNorm, linear, mse, norm } from "./nn.ts";
import { crossEntropy, logSoftmax, logSumExp, nllLoss, softmax } from "./softmax.ts";
import { grad, valueAndGrad } from "./grad.ts";
import { constant, type Var } from "./var.ts";
import { tanh } from "./activations.ts";
import {
  arbShape,
  arbTensor,
  arbTensorAvoiding,
  assertGrad,
  FC,
  flat,
  maxDiff,
  nested,
  weightedSum,
} from "./test_util.ts";

/** Lanes (index lists) of a shape along an axis. */
function lanesOf(shape: readonly number[], ax: number): number[][] {
  const st = stridesOf(shape), n = shape.reduce((a, b) => a * b, 1);
  const out: number[][] = [];
  for (let i = 0; i < n; i++) {
    if (Math.floor(i / st[ax]) % shape[ax] !== 0) continue;
    out.push(Array.from({ length: shape[ax] }, (_, j) => i + j * st[ax]));
  }
  return out;
}

const arbAxisCase = arbShape(1, 3).chain((s) =>
  fc.tuple(arbTensor(s, -3, 3), fc.integer({ min: -s.length, max: s.length - 1 }))
);
// Away from the kink of ‖·‖ at 0: every entry has |x| ≥ 0.1.
const arbAxisCaseNonZero = arbShape(1, 3).chain((s) =>
  fc.tuple(
    arbTensorAvoiding(s, -3, 3, [0], 0.1),
    fc.integer({ min: -s.length, max: s.length - 1 }),
  )
);

Deno.test("softmax and logSoftmax along any axis: values by hand (mathjs exp/sum); gradient check", () => {
  fc.assert(
    fc.property(arbAxisCase, ([x, axis]) => {
      const ax = axis < 0 ? axis + x.shape.length : axis;
      const s = softmax(constant(x), axis), l = logSoftmax(constant(x), axis);
      for (const lane of lanesOf(x.shape, ax)) {
        const v = lane.map((i) => x.data[i]);
        const z = math.sum(v.map((t) => math.exp(t)));
        lane.forEach((i, j) => {
          assert.ok(Math.abs(s.value[i] - math.exp(v[j]) / z) < 1e-15);
          assert.ok(Math.abs(l.value[i] - (v[j] - math.log(z))) < 1e-14);
        });
      }
      assertGrad((p) => weightedSum(softmax(p as Var, axis)), x);
      assertGrad((p) => weightedSum(logSoftmax(p as Var, axis)), x);
    }),
    FC,
  );
  // stable for large logits
  assert.deepEqual(Array.from(softmax(constant(fromNested([1000, 1000]))).value), [0.5, 0.5]);
});

Deno.test("crossEntropy: mean NLL of log-softmax by hand; gradient check", () => {
  fc.assert(
    fc.property(
      fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 2, max: 6 })).chain(([N, C]) =>
        fc.tuple(
          arbTensor([N, C], -3, 3),
          fc.array(fc.integer({ min: 0, max: C - 1 }), { minLength: N, maxLength: N }),
        )
      ),
      ([z, labels]) => {
        const [N, C] = z.shape;
        let ref = 0;
        for (let n = 0; n < N; n++) {
          const row = Array.from(z.data.subarray(n * C, (n + 1) * C));
          ref -= row[labels[n]] - math.log(math.sum(row.map((t) => math.exp(t))));
        }
        assert.ok(Math.abs(crossEntropy(constant(z), labels).value[0] - ref / N) < 1e-14);
        assertGrad((p) => crossEntropy(p as Var, labels), z);
        assertGrad((p) => crossEntropy(p as Var, Int32Array.from(labels)), z);
      },
    ),
    FC,
  );
  assert.throws(() => crossEntropy(constant(fromNested([[0, 0]])), [2]), RangeError);
});

Deno.test("mse: equals mathjs mean of squares, also with broadcasting; gradient check", () => {
  fc.assert(
    fc.property(
      arbShape(1, 3).chain((s) => fc.tuple(arbTensor(s), arbTensor(s), arbTensor(s.slice(-1)))),
      ([a, b, c]) => {
        const d = math.subtract(
          nested({ value: a.data, shape: a.shape }),
          nested({ value: b.data, shape: b.shape }),
        );
        const ref = math.mean(flat(math.dotMultiply(d as math.MathArray, d as math.MathArray)));
        assert.ok(Math.abs(mse(constant(a), constant(b)).value[0] - ref) < 1e-14);
        assertGrad((p) => {
          const [x, y] = p as Var[];
          return mse(x, y);
        }, [a, b]);
        assertGrad((p) => {
          const [x, y] = p as Var[];
          return mse(x, y);
        }, [a, c]);
      },
    ),
    FC,
  );
});

Deno.test("layerNorm: torch semantics (biased variance, eps) by hand; gradient check with and without affine", () => {
  fc.assert(
    fc.property(
      arbShape(1, 3).chain((s) =>
        fc.tuple(arbTensor(s), arbTensor(s.slice(-1)), arbTensor(s.slice(-1)))
      ),
      ([x, g, b]) => {
        const D = x.shape[x.shape.length - 1];
        const y = layerNorm(constant(x), constant(g), constant(b));
        for (let r = 0; r < x.data.length / D; r++) {
          const row = Array.from(x.data.subarray(r * D, (r + 1) * D));
          const mu = math.mean(row);
          const v = math.variance(row, "uncorrected") as unknown as number;
          for (let j = 0; j < D; j++) {
            const ref = ((row[j] - mu) / Math.sqrt(v + 1e-5)) * g.data[j] + b.data[j];
            assert.ok(Math.abs(y.value[r * D + j] - ref) < 1e-12);
          }
        }
        assertGrad(
          (p) => {
            const [xx, gg, bb] = p as Var[];
            return weightedSum(layerNorm(xx, gg, bb));
          },
          [x, g, b],
          1e-5,
        );
        assertGrad((p) => weightedSum(layerNorm(p as Var, undefined, undefined, 1e-3)), x, 1e-5);
        assertGrad(
          (p) => {
            const [xx, bb] = p as Var[];
            return weightedSum(layerNorm(xx, undefined, bb));
          },
          [x, b],
          1e-5,
        );
      },
    ),
    FC,
  );
});

Deno.test("dropout: inverted scaling, keyed mask, eval identity; gradient check with a fixed key", () => {
  const x = constant(ones([4000]));
  const y = dropout(x, 0.3, key(7), true);
  const kept = Array.from(y.value).filter((v) => v !== 0);
  assert.ok(kept.every((v) => Math.abs(v - 1 / 0.7) < 1e-15));
  // kept fraction ≈ 0.7 (binomial sd = √(4000·0.21) ≈ 29 → 5 sd ≈ 145)
  assert.ok(Math.abs(kept.length - 2800) < 145, `kept ${kept.length}`);
  assert.deepEqual(Array.from(dropout(x, 0.3, key(7), true).value), Array.from(y.value));
  assert.notDeepEqual(Array.from(dropout(x, 0.3, key(8), true).value), Array.from(y.value));
  assert.equal(dropout(x, 0.3, key(7), false), x);
  assert.ok(dropout(x, 1, key(7), true).value.every((v) => v === 0));
  fc.assert(
    fc.property(
      arbShape(1, 3).chain((s) => arbTensor(s)),
      fc.integer({ min: 0, max: 1000 }),
      (t, seed) => {
        assertGrad((p) => weightedSum(dropout(p as Var, 0.4, key(seed), true)), t);
      },
    ),
    FC,
  );
});

Deno.test("linear: x·Wᵀ + b equals mathjs; gradient check (with and without bias, batched x)", () => {
  fc.assert(
    fc.property(
      fc.tuple(arbShape(0, 2, 3), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }))
        .chain(
          ([batch, I, O]) => fc.tuple(arbTensor([...batch, I]), arbTensor([O, I]), arbTensor([O])),
        ),
      ([x, W, b]) => {
        const I = W.shape[1], O = W.shape[0], M = x.data.length / I;
        const y = linear(constant(x), constant(W), constant(b));
        assert.deepEqual(y.shape, [...x.shape.slice(0, -1), O]);
        const X = nested({ value: x.data, shape: [M, I] }) as math.Matrix;
        const Wt = math.transpose(nested({ value: W.data, shape: W.shape }) as math.Matrix);
        const ref = flat(math.add(math.multiply(X, Wt), Array.from(b.data)));
        assert.ok(maxDiff(y.value, ref) < 1e-14);
        assertGrad((p) => {
          const [xx, ww, bb] = p as Var[];
          return weightedSum(linear(xx, ww, bb));
        }, [x, W, b]);
        assertGrad((p) => {
          const [xx, ww] = p as Var[];
          return weightedSum(linear(xx, ww));
        }, [x, W]);
      },
    ),
    FC,
  );
});

Deno.test("norm: equals mathjs norm along axes; zero-safe gradient; gradient check", () => {
  fc.assert(
    fc.property(arbAxisCaseNonZero, fc.boolean(), ([x, axis], keep) => {
      const ax = axis < 0 ? axis + x.shape.length : axis;
      const y = norm(constant(x), axis, keep);
      lanesOf(x.shape, ax).forEach((lane, k) => {
        const ref = math.norm(lane.map((i) => x.data[i])) as number;
        assert.ok(Math.abs(y.value[k] - ref) < 1e-14);
      });
      assertGrad((p) => weightedSum(norm(p as Var, axis, keep)), x);
      assertGrad((p) => weightedSum(norm(p as Var, axis, keep, 1e-3)), x);
    }),
    FC,
  );
  // ‖0‖ = 0 with gradient 0 (no NaN); rows elsewhere get x/‖x‖
  const g = grad((p) => weightedSum(norm(p as Var)))(fromNested([[0, 0], [3, 4]])) as unknown as {
    data: Float64Array;
  };
  const w1 = Math.sin(1.7 + 0.3) + 0.2;
  assert.deepEqual(Array.from(g.data.subarray(0, 2)), [0, 0]);
  assert.ok(maxDiff(g.data.subarray(2), [0.6 * w1, 0.8 * w1]) < 1e-15);
  assert.equal(norm(constant(fromNested([3, 4])), undefined).value[0], 5);
});

Deno.test("a small MLP trains: loss decreases under plain gradient descent", () => {
  const X = fromNested([[0, 0], [0, 1], [1, 0], [1, 1]]);
  const labels = [0, 1, 1, 0];
  let p: Record<string, Tensor> = {
    W1: tensor(Float64Array.from({ length: 16 }, (_, i) => Math.sin(3.1 * i + 1)), [8, 2]),
    b1: tensor(new Float64Array(8), [8]),
    W2: tensor(Float64Array.from({ length: 16 }, (_, i) => Math.cos(2.3 * i)), [2, 8]),
    b2: tensor(new Float64Array(2), [2]),
  };
  const vg = valueAndGrad((q) => {
    const { W1, b1, W2, b2 } = q as Record<string, Var>;
    return crossEntropy(linear(tanh(linear(constant(X), W1, b1)), W2, b2), labels);
  });
  const first = vg(p).value;
  let last = first;
  for (let it = 0; it < 300; it++) {
    const { value, grad: g } = vg(p);
    last = value;
    const G = g as unknown as Record<string, Tensor>;
    const next: Record<string, Tensor> = {};
    for (const k of Object.keys(p)) {
      next[k] = tensor(p[k].data.map((v, i) => v - 0.5 * G[k].data[i]), p[k].shape);
    }
    p = next;
  }
  assert.ok(last < 0.5 * first, `loss ${first} → ${last}`);
});

Deno.test("logSumExp along any axis and nllLoss: values by hand; gradient checks; nll∘logSoftmax = crossEntropy", () => {
  fc.assert(
    fc.property(arbAxisCase, fc.boolean(), ([x, axis], keep) => {
      const ax = axis < 0 ? axis + x.shape.length : axis;
      const y = logSumExp(constant(x), axis, keep);
      lanesOf(x.shape, ax).forEach((lane, k) => {
        const ref = math.log(math.sum(lane.map((i) => math.exp(x.data[i]))));
        assert.ok(Math.abs(y.value[k] - ref) < 1e-14);
      });
      assertGrad((p) => weightedSum(logSumExp(p as Var, axis, keep)), x);
    }),
    FC,
  );
  fc.assert(
    fc.property(
      fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 2, max: 5 })).chain(([N, C]) =>
        fc.tuple(
          arbTensor([N, C], -3, 3),
          fc.array(fc.integer({ min: 0, max: C - 1 }), { minLength: N, maxLength: N }),
        )
      ),
      ([z, labels]) => {
        const a = nllLoss(logSoftmax(constant(z)), labels).value[0];
        assert.ok(Math.abs(a - crossEntropy(constant(z), labels).value[0]) < 1e-14);
        assertGrad((p) => nllLoss(p as Var, labels), z);
      },
    ),
    FC,
  );
  assert.throws(() => nllLoss(constant(fromNested([[0, 0]])), [3]), RangeError);
});
