// The autodiff forward (ad_model.ts) against the fused forward and its hand-written backward.
import assert from "node:assert/strict";
import { constant, crossEntropy, valueAndGrad, type Var } from "@neuroplastic/core/autodiff";
import { key } from "@neuroplastic/core/random";
import type { Tensor } from "@neuroplastic/core/tensor";
import type { Tree } from "@neuroplastic/core/tree";
import { presetConfig } from "./config.ts";
import { initParams, PARAM_NAMES, type RsgnParams } from "./params.ts";
import { crossEntropy as ce, rsgnBackward, rsgnForward } from "./model.ts";
import { rsgnForwardAd, type RsgnVars } from "./ad_model.ts";

Deno.test("autodiff forward equals the fused forward; gradients equal the hand-written ones", () => {
  const c = presetConfig("readme", {
    numNodes: 9,
    dimInput: 3,
    dimHidden: 6,
    numClasses: 3,
    numSteps: 2,
    inhibitionRadius: 0.5,
  });
  const p = initParams(c, key(11), "f64");
  p.positions.data[0] = 0.8;
  p.positions.data[1] = 0.7;
  for (let i = 0; i < p.affinityU.data.length; i++) p.affinityU.data[i] *= 50;
  for (let i = 0; i < p.clsW.data.length; i++) p.clsW.data[i] *= 0.05;
  p.inputScale.data[0] = 1;
  const B = 2, T = 4;
  const X = new Float64Array(B * T * 3);
  for (let i = 0; i < X.length; i++) X[i] = Math.cos(0.9 * i + 0.2) * 1.4;
  const y = [2, 0];
  const fused = rsgnForward(p, c, X, B, T, true);
  const vars = Object.fromEntries(PARAM_NAMES.map((k) => [k, constant(p[k])])) as RsgnVars;
  const ad = rsgnForwardAd(vars, c, { data: X, shape: [B, T, 3] });
  const scale = Math.max(...Array.from(fused.logits, Math.abs));
  for (let i = 0; i < fused.logits.length; i++) {
    assert.ok(Math.abs(ad.logits.value[i] - fused.logits[i]) <= 1e-10 * scale);
  }
  for (let i = 0; i < fused.alpha.length; i++) {
    assert.ok(Math.abs(ad.alpha.value[i] - fused.alpha[i]) <= 1e-12);
  }
  const { value, grad } = valueAndGrad((t: Tree<Var>) =>
    crossEntropy(
      rsgnForwardAd(t as unknown as RsgnVars, c, { data: X, shape: [B, T, 3] }).logits,
      y,
    )
  )(p as unknown as Tree<Tensor>);
  const loss = ce(fused.logits, Int32Array.from(y), B, c.numClasses);
  assert.ok(Math.abs(value - loss.loss) < 1e-10 * Math.max(1, loss.loss));
  const hand = rsgnBackward(p, c, fused.cache!, loss.dLogits);
  const g = grad as unknown as RsgnParams;
  for (const name of PARAM_NAMES) {
    const a = g[name].data, b = hand[name].data;
    for (let i = 0; i < a.length; i++) {
      const err = Math.abs(a[i] - b[i]) / Math.max(1e-6, Math.abs(a[i]) + Math.abs(b[i]));
      assert.ok(err < 1e-8, `${name}[${i}]: autodiff ${a[i]}, hand-written ${b[i]}`);
    }
  }
});
