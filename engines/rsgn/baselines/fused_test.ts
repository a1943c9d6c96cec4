import assert from "node:assert/strict";
import {
  add,
  checkGrad,
  constant,
  grad,
  layerNorm,
  mul,
  relu,
  sum,
  type Var,
} from "@neuroplastic/core/autodiff";
import { key, normal } from "@neuroplastic/core/random";
import type { Tensor } from "@neuroplastic/core/tensor";
import { addDropoutNorm, dropoutMask, reluDropout } from "./fused.ts";

const t = (shape: number[], seed: number): Tensor => ({
  data: normal(key(seed), shape.reduce((a, b) => a * b)),
  shape,
});
const shape = [2, 3, 5];
const w = constant(t(shape, 7));
const maskTensor = (keep: Uint8Array, s: number): Var =>
  constant({ data: Float64Array.from(keep, (k) => k * s), shape });

const close = (a: ArrayLike<number>, b: ArrayLike<number>, what: string): void => {
  for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i] - b[i]) < 1e-12, `${what} ${i}`);
};

Deno.test("dropoutMask: keep rate 1 − p, pure in the key, null at p = 0", () => {
  const m = dropoutMask(key(3), 200_000, 0.1)!;
  const rate = m.reduce((a, b) => a + b, 0) / m.length;
  // binomial sd √(0.09/2e5) ≈ 6.7e−4: 6 sd
  assert.ok(Math.abs(rate - 0.9) < 4e-3, `${rate}`);
  assert.deepEqual(dropoutMask(key(3), 1000, 0.1), dropoutMask(key(3), 1000, 0.1));
  assert.notDeepEqual(dropoutMask(key(3), 1000, 0.1), dropoutMask(key(4), 1000, 0.1));
  assert.equal(dropoutMask(key(3), 10, 0), null);
});

for (const p of [0, 0.3]) {
  Deno.test(`reluDropout equals relu then mask (p = ${p}, f64, values and gradients)`, () => {
    const keep = dropoutMask(key(1), 30, p);
    const s = 1 / (1 - p);
    const x = t(shape, 2);
    const fused = (v: Var) => sum(mul(reluDropout(v, keep, s), w));
    const generic = (v: Var) => sum(mul(keep ? mul(relu(v), maskTensor(keep, s)) : relu(v), w));
    close(fused(constant(x)).value, generic(constant(x)).value, "value");
    close(
      (grad((v) => fused(v as Var))(x) as Tensor).data,
      (grad((v) => generic(v as Var))(x) as Tensor).data,
      "grad",
    );
    assert.ok(checkGrad((v) => fused(v as Var), x) < 1e-7);
  });

  Deno.test(`addDropoutNorm equals LayerNorm(x + masked y) (p = ${p}, f64)`, () => {
    const keep = dropoutMask(key(5), 30, p);
    const s = 1 / (1 - p);
    const params = { x: t(shape, 11), y: t(shape, 12), g: t([5], 13), b: t([5], 14) };
    type P = { x: Var; y: Var; g: Var; b: Var };
    const fused = (q: P) => sum(mul(addDropoutNorm(q.x, q.y, keep, s, q.g, q.b), w));
    const generic = (q: P) =>
      sum(mul(layerNorm(add(q.x, keep ? mul(q.y, maskTensor(keep, s)) : q.y), q.g, q.b), w));
    const asP = (q: unknown) => q as P;
    const ga = grad((q) => fused(asP(q)))(params) as unknown as Record<string, Tensor>;
    const gb = grad((q) => generic(asP(q)))(params) as unknown as Record<string, Tensor>;
    for (const k of ["x", "y", "g", "b"]) close(ga[k].data, gb[k].data, `grad ${k}`);
    const cv = (q: Record<string, Tensor>) =>
      ({ x: constant(q.x), y: constant(q.y), g: constant(q.g), b: constant(q.b) }) as P;
    close(fused(cv(params)).value, generic(cv(params)).value, "value");
    assert.ok(checkGrad((q) => fused(asP(q)), params) < 1e-7);
  });
}
