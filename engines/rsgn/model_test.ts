import assert from "node:assert/strict";
import { key } from "@neuroplastic/core/random";
import { presetConfig } from "./config.ts";
import { countParams, initParams, PARAM_NAMES, paramCount, type RsgnParams } from "./params.ts";
import { crossEntropy, rsgnBackward, rsgnForward } from "./model.ts";
import { erf, gelu } from "./ignition.ts";

Deno.test("params: exact reference counts (spec §1.2)", () => {
  const want: [string, object, number][] = [
    ["readme", {}, 44_862],
    ["hierarchical", {}, 41_672],
    ["long-range", {}, 40_382],
    ["ablation-128", {}, 32_840],
    ["ablation-512", {}, 59_336],
  ];
  for (const [name, over, n] of want) {
    const c = presetConfig(name, over);
    assert.equal(paramCount(c), n, name);
    assert.equal(countParams(initParams(c, key(1))), n, name);
  }
  // num_steps does not change the count
  assert.equal(paramCount(presetConfig("hierarchical", { numSteps: 1 })), 41_672);
});

Deno.test("erf/gelu agree with high-precision values", () => {
  const ref: [number, number][] = [
    [0.1, 0.1124629160182849],
    [1, 0.8427007929497149],
    [2, 0.9953222650189527],
    [2.4999, 0.9995928300996666],
    [2.5, 0.999593047982555],
    [5.9, 0.9999999999999999],
    [3, 0.9999779095030014],
    [4.5, 0.9999999998033839],
  ];
  for (const [x, e] of ref) {
    assert.ok(Math.abs(erf(x) - e) < 1e-14, `erf(${x}) = ${erf(x)}`);
    assert.ok(Math.abs(erf(-x) + e) < 1e-14);
  }
  assert.ok(Math.abs(gelu(1) - 0.8413447460685429) < 1e-15);
});

const tiny = () =>
  presetConfig("readme", {
    numNodes: 7,
    dimInput: 3,
    dimHidden: 5,
    numClasses: 3,
    numSteps: 2,
    inhibitionRadius: 0.5,
  });

const lossOf = (p: RsgnParams, c: ReturnType<typeof tiny>, X: Float64Array, y: Int32Array) => {
  const out = rsgnForward(p, c, X, 2, 4);
  return crossEntropy(out.logits, y, 2, c.numClasses).loss;
};

Deno.test("gradient check of the whole faithful forward (f64, central differences)", () => {
  const c = tiny();
  const p = initParams(c, key(3), "f64");
  // bring some positions near/over the boundary and spread the levels
  p.positions.data[0] = 0.8;
  p.positions.data[1] = 0.7; // ‖·‖ ≥ 1 → projected
  for (let i = 0; i < p.affinityU.data.length; i++) p.affinityU.data[i] *= 50;
  for (let i = 0; i < p.affinityV.data.length; i++) p.affinityV.data[i] *= 50;
  for (let i = 0; i < p.clsW.data.length; i++) p.clsW.data[i] *= 0.05;
  p.inputScale.data[0] = 1.0; // some sparks get projected
  const X = new Float64Array(2 * 4 * 3);
  for (let i = 0; i < X.length; i++) X[i] = Math.sin(1.7 * i + 0.3) * 1.5;
  const y = Int32Array.of(1, 2);
  const out = rsgnForward(p, c, X, 2, 4, true);
  const ce = crossEntropy(out.logits, y, 2, c.numClasses);
  const g = rsgnBackward(p, c, out.cache!, ce.dLogits);
  const h = 1e-6;
  let worst = 0;
  for (const name of PARAM_NAMES) {
    const d = p[name].data;
    for (let i = 0; i < d.length; i++) {
      const x0 = d[i];
      d[i] = x0 + h;
      const lp = lossOf(p, c, X, y);
      d[i] = x0 - h;
      const lm = lossOf(p, c, X, y);
      d[i] = x0;
      const num = (lp - lm) / (2 * h);
      const an = g[name].data[i];
      const err = Math.abs(num - an) / Math.max(1e-3, Math.abs(num) + Math.abs(an));
      if (err > worst) worst = err;
      assert.ok(err < 1e-4, `${name}[${i}]: numeric ${num}, analytic ${an}`);
    }
  }
  assert.ok(worst < 1e-4);
});

Deno.test("gradient check of the sparse variant (f64, central differences)", async () => {
  const { sparseForward, sparseBackward } = await import("./sparse.ts");
  const c = { ...tiny(), numNodes: 9, variant: "sparse" as const, topK: 3, activeK: 4 };
  const p = initParams(c, key(5), "f64");
  p.positions.data[0] = 0.8;
  p.positions.data[1] = 0.7;
  for (let i = 0; i < p.affinityU.data.length; i++) p.affinityU.data[i] *= 50;
  for (let i = 0; i < p.affinityV.data.length; i++) p.affinityV.data[i] *= 50;
  for (let i = 0; i < p.clsW.data.length; i++) p.clsW.data[i] *= 0.05;
  const X = new Float64Array(2 * 4 * 3);
  for (let i = 0; i < X.length; i++) X[i] = Math.sin(1.3 * i + 0.1) * 1.5;
  const y = Int32Array.of(0, 2);
  const loss = () => crossEntropy(sparseForward(p, c, X, 2, 4).logits, y, 2, 3).loss;
  const out = sparseForward(p, c, X, 2, 4, true);
  const g = sparseBackward(p, c, out.cache!, crossEntropy(out.logits, y, 2, 3).dLogits);
  const h = 1e-6;
  let checked = 0;
  for (const name of PARAM_NAMES) {
    const d = p[name].data;
    for (let i = 0; i < d.length; i++) {
      const x0 = d[i];
      d[i] = x0 + h;
      const lp = loss();
      d[i] = x0 - h;
      const lm = loss();
      d[i] = x0;
      const num = (lp - lm) / (2 * h);
      const an = g[name].data[i];
      const err = Math.abs(num - an) / Math.max(1e-3, Math.abs(num) + Math.abs(an));
      assert.ok(err < 1e-4, `${name}[${i}]: numeric ${num}, analytic ${an}`);
      checked++;
    }
  }
  assert.ok(checked > 100);
  // at most activeK winners per sample
  for (let b = 0; b < 2; b++) {
    assert.ok(out.alpha.slice(b * 9, b * 9 + 9).filter((a) => a !== 0).length <= 4);
  }
});
