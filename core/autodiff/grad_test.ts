import assert from "node:assert/strict";
import fc from "fast-check";
import { fromNested, type Tensor, tensor } from "../tensor/mod.ts";
import { isTensor, treeLeaves } from "../tree.ts";
import { add, mul, sub } from "./elementwise.ts";
import { exp, tanh } from "./activations.ts";
import { grad, valueAndGrad } from "./grad.ts";
import { checkGrad, checkGradReport } from "./gradcheck.ts";
import { linear, mse } from "./nn.ts";
import { mean, sum } from "./reduce.ts";
import {
  backward,
  constant,
  makeVar,
  scalar,
  stopGradient,
  toTensor,
  type Var,
  variable,
} from "./var.ts";
import { arbTensor, FC, weightedSum } from "./test_util.ts";

const params = (): { layer: { W: Tensor; b: Tensor }; extra: Tensor[]; unused: Tensor } => ({
  layer: { W: fromNested([[0.5, -1], [2, 0.25], [1, 1]]), b: fromNested([0.1, 0.2, -0.3]) },
  extra: [fromNested([1.5]), tensor(new Float32Array([2, -1]), [2])],
  unused: fromNested([[7, 8], [9, 10]]),
});

const loss = (p: unknown): Var => {
  const q = p as { layer: { W: Var; b: Var }; extra: Var[] };
  const h = tanh(linear(constant(fromNested([[1, 2], [-1, 0.5]])), q.layer.W, q.layer.b));
  return add(mean(mul(h, q.extra[0])), sum(mul(q.extra[1], q.extra[1])));
};

Deno.test("grad keeps the tree structure, shapes and dtypes; unused params get zeros", () => {
  const g = grad(loss)(params()) as unknown as ReturnType<typeof params>;
  assert.deepEqual(Object.keys(g), ["layer", "extra", "unused"]);
  assert.deepEqual(g.layer.W.shape, [3, 2]);
  assert.ok(g.layer.W.data instanceof Float64Array);
  assert.ok(g.extra[1].data instanceof Float32Array);
  assert.deepEqual(Array.from(g.extra[1].data), [4, -2]);
  assert.deepEqual(Array.from(g.unused.data), [0, 0, 0, 0]);
  assert.deepEqual(g.unused.shape, [2, 2]);
  // a function that ignores its params entirely: all zeros, value still computed
  const r = valueAndGrad(() => sum(constant(fromNested([1, 2]))))(params());
  assert.equal(r.value, 3);
  for (const l of treeLeaves(r.grad, isTensor)) assert.ok(l.data.every((v) => v === 0));
});

Deno.test("valueAndGrad leaves its inputs unmodified and agrees with grad and finite differences", () => {
  fc.assert(
    fc.property(arbTensor([3, 2]), arbTensor([3]), (W, b) => {
      const p = { ...params(), layer: { W, b } };
      const before = treeLeaves(p, isTensor).map((t) => Array.from(t.data));
      const { value, grad: g, aux } = valueAndGrad((q) => ({ loss: loss(q), aux: "tag" }))(p);
      const after = treeLeaves(p, isTensor).map((t) => Array.from(t.data));
      assert.deepEqual(after, before);
      assert.equal(aux, "tag");
      assert.equal(value, scalar(loss(treeLeavesToConst(p))));
      const g2 = grad(loss)(p);
      assert.deepEqual(
        treeLeaves(g, isTensor).map((t) => Array.from(t.data)),
        treeLeaves(g2, isTensor).map((t) => Array.from(t.data)),
      );
      assert.ok(checkGrad(loss, p) < 1e-6);
    }),
    FC,
  );
});

/** The params as constants, mirroring the tree (for a plain forward evaluation). */
function treeLeavesToConst(p: ReturnType<typeof params>): unknown {
  return {
    layer: { W: constant(p.layer.W), b: constant(p.layer.b) },
    extra: p.extra.map((t) => constant(t)),
    unused: constant(p.unused),
  };
}

Deno.test("DAG reuse: a node used twice accumulates both paths (d/dx (e^x · e^x) = 2e^(2x))", () => {
  const g = grad((p) => {
    const e = exp(p as Var);
    return sum(mul(e, e));
  })(fromNested([0.3, -0.7])) as unknown as Tensor;
  assert.ok(Math.abs(g.data[0] - 2 * Math.exp(0.6)) < 1e-14);
  assert.ok(Math.abs(g.data[1] - 2 * Math.exp(-1.4)) < 1e-15);
});

Deno.test("stopGradient blocks the gradient; constants never enter the graph", () => {
  const g = grad((p) => {
    const x = p as Var;
    return sum(mul(x, stopGradient(x)));
  })(fromNested([3])) as unknown as Tensor;
  assert.equal(g.data[0], 3);
  const c = mul(constant(fromNested([1, 2])), 3);
  assert.equal(c.requiresGrad, false);
  assert.equal(c.parents.length, 0);
});

Deno.test("nested and independent grad calls do not interfere (no global tape)", () => {
  // d/dx [x · (d/dy (x·y²) at y = x)] where the inner derivative is taken numerically-free
  const inner = (x: number) =>
    (grad((p) => sum(mul(mul(p as Var, p as Var), x)))(fromNested([x])) as unknown as Tensor)
      .data[0];
  const outer = grad((p) => {
    const x = p as Var;
    const k = inner(x.value[0]); // a constant computed by another grad in the middle of tracing
    return sum(mul(x, k));
  })(fromNested([1.5])) as unknown as Tensor;
  assert.equal(outer.data[0], 2 * 1.5 * 1.5);
  // interleaved traces
  const x = variable(fromNested([2])), y = variable(fromNested([5]));
  const fx = mul(x, x), fy = mul(y, 3);
  assert.deepEqual(Array.from(backward(fy, [y])[0]), [3]);
  assert.deepEqual(Array.from(backward(fx, [x, y])[0]), [4]);
  assert.deepEqual(Array.from(backward(fx, [x, y])[1]), [0]);
});

Deno.test("backward with a seed gives a vector–Jacobian product", () => {
  const x = variable(fromNested([1, 2, 3]));
  const y = mul(x, x);
  assert.deepEqual(Array.from(backward(y, [x], [1, 0, 2])[0]), [2, 0, 12]);
  assert.deepEqual(toTensor(y).shape, [3]);
});

Deno.test("grad rejects a non-scalar output", () => {
  assert.throws(() => grad((p) => mul(p as Var, 2))(fromNested([1, 2])), RangeError);
});

Deno.test("checkGrad detects a wrong gradient (the check can fail)", () => {
  // y = x² with a deliberately wrong backward (3x instead of 2x)
  const bad = (x: Var): Var =>
    makeVar(Float64Array.from(x.value, (v) => v * v), x.shape, [x], (g, sink) => {
      const gx = sink(0);
      if (gx) { for (let i = 0; i < g.length; i++) gx[i] += 3 * x.value[i] * g[i]; }
    });
  const r = checkGradReport((p) => weightedSum(bad(p as Var)), fromNested([1, 2]));
  assert.ok(r.maxRelError > 0.1);
  assert.equal(r.checked, 2);
  assert.ok(
    checkGrad((p) => mse(p as Var, constant(fromNested([0, 1]))), fromNested([1, 2])) < 1e-8,
  );
  assert.ok(checkGrad((p) => sum(sub(p as Var, 1)), fromNested([1, 2])) < 1e-8);
});

Deno.test("f32 parameters: every op keeps f32 and the gradients match f64 to f32 accuracy", () => {
  const mk = (shape: number[], s: number, f32: boolean): Tensor => {
    const n = shape.reduce((a, b) => a * b, 1);
    const d = Float64Array.from({ length: n }, (_, i) => s * Math.sin(0.7 * i + s));
    return tensor(f32 ? Float32Array.from(d) : d, shape);
  };
  const net = (q: Record<string, Var>): Var => {
    const h = tanh(linear(q.x, q.W, q.b)); // [3, 4]
    const z = mul(exp(mul(h, 0.5)), q.s); // broadcast [4]
    return add(mean(mul(z, z)), sum(sub(q.b, 0.1)));
  };
  const params = (f32: boolean) => ({
    x: mk([3, 2], 1, f32),
    W: mk([4, 2], 0.5, f32),
    b: mk([4], 0.2, f32),
    s: mk([4], 0.8, f32),
  });
  const g32 = grad((p) => net(p as Record<string, Var>))(params(true)) as unknown as Record<
    string,
    Tensor
  >;
  const g64 = grad((p) => net(p as Record<string, Var>))(params(false)) as unknown as Record<
    string,
    Tensor
  >;
  for (const k of Object.keys(g32)) {
    assert.ok(g32[k].data instanceof Float32Array, k);
    for (let i = 0; i < g32[k].data.length; i++) {
      assert.ok(Math.abs(g32[k].data[i] - g64[k].data[i]) < 1e-5, `${k}[${i}]`);
    }
  }
});

Deno.test("deep graphs (50 000 chained ops) do not overflow the stack", () => {
  const g = grad((p) => {
    let x = p as Var;
    for (let i = 0; i < 50_000; i++) x = mul(x, 1.00001);
    return sum(x);
  })(fromNested([1])) as unknown as Tensor;
  assert.ok(Math.abs(g.data[0] - Math.pow(1.00001, 50_000)) < 1e-9);
});
