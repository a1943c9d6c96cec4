/**
 * Edge tests of the optimizers (what bench/mutation.ts showed optim_test.ts did not pin): a
 * parameter tree of several leaves comes back with every leaf in its own place.
 */
import assert from "node:assert/strict";
import { type Tensor, tensor } from "../tensor/mod.ts";
import { adam, sgd } from "./optim.ts";

Deno.test("optim edge: every leaf of a multi-leaf tree is updated in its own place", () => {
  const params = {
    a: tensor(new Float64Array([1, 2]), [2]),
    b: { c: tensor(new Float64Array([10]), [1]), d: tensor(new Float64Array([-3, 4, 5]), [3]) },
  };
  const grads = {
    a: tensor(new Float64Array([1, -1]), [2]),
    b: { c: tensor(new Float64Array([2]), [1]), d: tensor(new Float64Array([0, 1, -2]), [3]) },
  };
  const opt = sgd({ lr: 0.5 });
  const { params: p } = opt.update(grads, opt.init(params), params) as unknown as {
    params: { a: Tensor; b: { c: Tensor; d: Tensor } };
  };
  assert.deepEqual([...p.a.data], [0.5, 2.5]);
  assert.deepEqual([...p.b.c.data], [9]);
  assert.deepEqual([...p.b.d.data], [-3, 3.5, 6]);
  assert.deepEqual(p.b.d.shape, [3]);
  const ad = adam({ lr: 0.1 });
  const r = ad.update(grads, ad.init(params), params) as unknown as {
    params: { a: Tensor; b: { c: Tensor; d: Tensor } };
  };
  // first Adam step moves each coordinate by −lr·sign(g) (bias-corrected m/√v = ±1)
  assert.ok(Math.abs(r.params.b.c.data[0] - 9.9) < 1e-6);
  assert.ok(Math.abs(r.params.b.d.data[2] - 5.1) < 1e-6);
  assert.equal(r.params.b.d.data[0], -3);
});
