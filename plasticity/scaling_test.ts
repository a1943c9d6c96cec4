import assert from "node:assert/strict";
import { rateEstimateUpdate, synapticScaling } from "./mod.ts";

Deno.test("rateEstimateUpdate converges to the mean activity", () => {
  const r = new Float64Array(1);
  for (let t = 0; t < 2000; t++) rateEstimateUpdate(r, [t % 4 === 0 ? 1 : 0], 100);
  assert.ok(Math.abs(r[0] - 0.25) < 0.02, `rate ${r[0]}`);
});

Deno.test("synapticScaling scales a column up below target, down above, not at target", () => {
  const w = new Float64Array([0.2, 0.2, 0.2, 0.4, 0.4, 0.4]); // 2 pre × 3 post
  synapticScaling(w, 2, 3, [0.05, 0.1, 0.3], 0.1, 1, 1);
  assert.ok(w[0] > 0.2 && w[3] > 0.4); // column 0 below target: up
  assert.equal(w[1], 0.2); // at target: unchanged
  assert.ok(w[2] < 0.2 && w[5] < 0.4); // above target: down
  // multiplicative: ratios within a column are preserved
  assert.ok(Math.abs(w[3] / w[0] - 2) < 1e-12);
});

Deno.test("synapticScaling clips to [0, wMax]", () => {
  const w = new Float64Array([0.9]);
  synapticScaling(w, 1, 1, [0], 1, 10, 1);
  assert.equal(w[0], 1);
  synapticScaling(w, 1, 1, [1], 0, 10, 1);
  assert.equal(w[0], 0);
});
