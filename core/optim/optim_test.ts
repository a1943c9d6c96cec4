import assert from "node:assert/strict";
import type { Tensor } from "../tensor/mod.ts";
import type { Tree } from "../tree.ts";
import { adam, adamw, clipByGlobalNorm, cosineAnnealing, sgd } from "./mod.ts";

const T = (...v: number[]): Tensor => ({ data: new Float64Array(v), shape: [v.length] });
const w = (t: Tree<Tensor>): number[] => Array.from((t as { w: Tensor }).w.data);
const close = (a: number[], b: number[], tol = 1e-12) =>
  a.forEach((x, i) =>
    assert.ok(Math.abs(x - b[i]) <= tol * Math.max(1, Math.abs(b[i])), `${a} vs ${b}`)
  );

Deno.test("adam: two steps by hand (torch semantics)", () => {
  const opt = adam({ lr: 0.1 });
  let p: Tree<Tensor> = { w: T(1, -2) };
  let s = opt.init(p);
  const g1 = { w: T(0.5, -1) }, g2 = { w: T(0.2, 0.4) };
  const frozen = w(p);
  ({ params: p, state: s } = opt.update(g1, s, p));
  assert.deepStrictEqual(frozen, [1, -2]);
  // step 1: m = 0.1g, v = 0.001g², m̂ = g, v̂ = g² → p − 0.1·g/(|g| + 1e-8)
  close(w(p), [1 - 0.1 * 0.5 / (0.5 + 1e-8), -2 + 0.1 * 1 / (1 + 1e-8)]);
  ({ params: p, state: s } = opt.update(g2, s, p));
  // step 2 by hand
  const exp = [0, 1].map((i) => {
    const g1i = [0.5, -1][i], g2i = [0.2, 0.4][i];
    const m = 0.9 * 0.1 * g1i + 0.1 * g2i, v = 0.999 * 0.001 * g1i ** 2 + 0.001 * g2i ** 2;
    const p1 = [1, -2][i] - 0.1 * g1i / (Math.abs(g1i) + 1e-8);
    return p1 - (0.1 / (1 - 0.81)) * m / (Math.sqrt(v) / Math.sqrt(1 - 0.998001) + 1e-8);
  });
  close(w(p), exp);
  assert.equal(s.step, 2);
});

Deno.test("adamw: decoupled decay p·(1 − lr·wd) differs from Adam's L2", () => {
  const p = { w: T(2) }, g = { w: T(0.5) };
  const a = adamw({ lr: 0.1, weightDecay: 0.1 }), b = adam({ lr: 0.1, weightDecay: 0.1 });
  const pa = w(a.update(g, a.init(p), p).params), pb = w(b.update(g, b.init(p), p).params);
  close(pa, [2 * (1 - 0.01) - 0.1 * 0.5 / (0.5 + 1e-8)]);
  close(pb, [2 - 0.1 * 0.7 / (0.7 + 1e-8)]); // g + wd·p = 0.7
  assert.notEqual(pa[0], pb[0]);
  assert.equal(adamw().init(p).step, 0);
});

Deno.test("sgd with momentum and nesterov, and the lr override", () => {
  const opt = sgd({ lr: 0.1, momentum: 0.9 });
  let p: Tree<Tensor> = { w: T(1) };
  let s = opt.init(p);
  ({ params: p, state: s } = opt.update({ w: T(1) }, s, p)); // b = 1 → p = 0.9
  ({ params: p, state: s } = opt.update({ w: T(1) }, s, p)); // b = 1.9 → p = 0.71
  close(w(p), [0.71]);
  const nes = sgd({ lr: 0.1, momentum: 0.9, nesterov: true });
  close(w(nes.update({ w: T(1) }, nes.init({ w: T(1) }), { w: T(1) }).params), [1 - 0.1 * 1.9]);
  close(
    w(
      sgd({ lr: 1 }).update({ w: T(1) }, sgd({ lr: 1 }).init({ w: T(0) }), { w: T(0) }, 0.5).params,
    ),
    [-0.5],
  );
});

Deno.test("clipByGlobalNorm scales by maxNorm/(norm + 1e-6) only when above", () => {
  const r = clipByGlobalNorm({ a: T(3), b: [T(4)] }, 1);
  assert.equal(r.norm, 5);
  const c = 1 / (5 + 1e-6);
  close([(r.grads as { a: Tensor }).a.data[0], (r.grads as { b: Tensor[] }).b[0].data[0]], [
    3 * c,
    4 * c,
  ]);
  const small = clipByGlobalNorm({ a: T(0.3) }, 1);
  assert.equal((small.grads as { a: Tensor }).a.data[0], 0.3);
});

Deno.test("cosineAnnealing matches the closed form and is non-increasing over [0, T]", () => {
  const lr = cosineAnnealing(1e-3, 50);
  assert.equal(lr(0), 1e-3);
  close([lr(25)], [5e-4]);
  close([lr(49)], [1e-3 * (1 + Math.cos(Math.PI * 49 / 50)) / 2]);
  for (let e = 1; e <= 50; e++) assert.ok(lr(e) <= lr(e - 1));
});
