import assert from "node:assert/strict";
import { adam } from "@neuroplastic/core/optim";
import { key, normal } from "@neuroplastic/core/random";
import { adamStepInPlace, flatAdam } from "./optimizer.ts";

Deno.test("flat in-place Adam equals core/optim adam (torch semantics) over 20 steps", () => {
  const p0 = normal(key(1), 7);
  const core = adam({ lr: 0.01 });
  let cp = { data: p0.slice(), shape: [7] };
  let cs = core.init(cp);
  const p = p0.slice(), m = new Float64Array(7), v = new Float64Array(7);
  for (let t = 1; t <= 20; t++) {
    const g = normal(key(100 + t), 7);
    adamStepInPlace(p, g, m, v, t, { lr: 0.01 });
    const r = core.update({ data: g, shape: [7] }, cs, cp);
    cp = r.params as typeof cp;
    cs = r.state;
  }
  for (let i = 0; i < 7; i++) {
    assert.ok(Math.abs(p[i] - cp.data[i]) < 1e-14, `${p[i]} vs ${cp.data[i]}`);
  }
  // the pure wrapper does not mutate its arguments
  const opt = flatAdam({ lr: 0.1 });
  const q = new Float64Array([1, 2]);
  const s = opt.init(q);
  opt.update(new Float64Array([1, 1]), s, q);
  assert.deepEqual(Array.from(q), [1, 2]);
  assert.deepEqual(Array.from(s.m), [0, 0]);
});
