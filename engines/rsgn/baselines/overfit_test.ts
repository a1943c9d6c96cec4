/**
 * Training sanity: the MLP baseline (two hidden layers) fits a tiny random-label dataset with
 * AdamW in a few hundred steps, through core/autodiff and core/optim.
 */
import assert from "node:assert/strict";
import { crossEntropy, valueAndGrad, type Var } from "@neuroplastic/core/autodiff";
import { adamw } from "@neuroplastic/core/optim";
import { key, randint } from "@neuroplastic/core/random";
import type { Tensor } from "@neuroplastic/core/tensor";
import type { Tree } from "@neuroplastic/core/tree";
import { mlp } from "./mod.ts";
import { asInput, randomInput } from "./test_util.ts";

Deno.test("mlp overfits 32 random-label samples in 300 AdamW steps", () => {
  const cfg = {
    ...mlp.referenceConfig("hierarchical"),
    dIn: 4,
    seqLen: 5,
    classes: 5,
    hidden: 32,
  };
  const N = 32;
  const x = asInput(randomInput(N, cfg.seqLen, cfg.dIn, 31, "f32"));
  const labels = randint(key(32), N, 0, cfg.classes);
  let params: Tree<Tensor> = mlp.init(cfg, key(33));
  const opt = adamw({ lr: 1e-2, weightDecay: 1e-4 });
  let state = opt.init(params);
  const vg = valueAndGrad((p: Tree<Var>) => {
    const logits = mlp.forward(p, x, { train: true, key: key(0), cfg });
    return { loss: crossEntropy(logits, labels), aux: logits.value };
  });
  const first = vg(params).value;
  let last = first;
  let acc = 0;
  for (let s = 0; s < 300; s++) {
    const r = vg(params);
    last = r.value;
    let ok = 0;
    for (let i = 0; i < N; i++) {
      const row = r.aux.subarray(i * cfg.classes, (i + 1) * cfg.classes);
      if (row.indexOf(Math.max(...row)) === labels[i]) ok++;
    }
    acc = ok / N;
    ({ params, state } = opt.update(r.grad, state, params));
  }
  assert.ok(first > 1.2, `initial loss ${first}`);
  assert.ok(last < 0.05, `final loss ${last}`);
  assert.equal(acc, 1);
});
