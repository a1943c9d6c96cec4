import assert from "node:assert/strict";
import { key } from "@neuroplastic/core/random";
import type { FloatArray } from "@neuroplastic/core/tensor";
import { presetConfig } from "./config.ts";
import { initParams, PARAM_NAMES, type RsgnParams } from "./params.ts";
import { crossEntropy, rsgnBackward, rsgnForward } from "./model.ts";
import { poisonPool, POOL_MIN_LENGTH } from "./pool.ts";
import { freshBackward, freshForward } from "./testdata/faithful_fresh.ts";

// N·B = 4096 rows: the (N, B) activations are pooled too, not only the (N, B, D_h) states
const N = 64, B = 64, T = 5, H = 8;
const cfg = () =>
  presetConfig("readme", { numNodes: N, dimInput: 3, dimHidden: H, numClasses: 3, numSteps: 3 });

const sameBits = (a: ArrayLike<number>, b: ArrayLike<number>, what: string): void => {
  assert.equal(a.length, b.length, what);
  for (let i = 0; i < a.length; i++) {
    if (!Object.is(a[i], b[i])) assert.fail(`${what}[${i}]: ${a[i]} vs ${b[i]}`);
  }
};

/**
 * Parameters and inputs with some α⁰ ≤ 0.01 (so that gated rows of zeros occur): nodes 0–3 sit
 * opposite sample 0's spark (sample 0 repeats one token), and the sparks reach the projection.
 */
const setup = (dtype: "f32" | "f64") => {
  const c = cfg();
  const p = initParams(c, key(7), dtype);
  p.inputScale.data[0] = 3;
  const X: FloatArray = dtype === "f32" ? new Float32Array(B * T * 3) : new Float64Array(B * T * 3);
  for (let i = 0; i < X.length; i++) X[i] = i < T * 3 ? [0.6, -0.4, 0.8][i % 3] : Math.sin(1.7 * i);
  const sp = rsgnForward(p, c, X, B, T, true).cache!.ic.sparks; // row (b·T + t), sample 0 first
  const n = Math.hypot(sp[0], sp[1], sp[2]);
  for (let i = 0; i < 4; i++) {
    for (let k = 0; k < 3; k++) p.positions.data[i * 3 + k] = (-0.94 * sp[k]) / n;
  }
  const y = new Int32Array(B).map((_, b) => b % 3);
  return { c, p, X, y };
};

const run = (p: RsgnParams, c: ReturnType<typeof cfg>, X: FloatArray, y: Int32Array) => {
  const out = rsgnForward(p, c, X, B, T, true);
  const ce = crossEntropy(out.logits, y, B, c.numClasses);
  return { out, g: rsgnBackward(p, c, out.cache!, ce.dLogits) };
};

Deno.test("faithful model: pooled passes give the bits of the fresh-array code (f32, f64)", () => {
  for (const dtype of ["f32", "f64"] as const) {
    const { c, p, X, y } = setup(dtype);
    const ref = freshForward(p, c, X, B, T, true);
    assert.ok(N * B >= POOL_MIN_LENGTH);
    assert.ok(ref.alpha0.some((a) => a <= 0.01), "some rows are gated to zero");
    const ce = crossEntropy(ref.logits, y, B, c.numClasses);
    const gRef = freshBackward(p, c, ref.cache!, ce.dLogits);
    // twice: the second run takes the buffers the first one handed back
    for (let rep = 0; rep < 2; rep++) {
      const { out, g } = run(p, c, X, y);
      sameBits(out.logits, ref.logits, `${dtype} logits`);
      sameBits(out.alpha, ref.alpha, `${dtype} alpha`);
      for (const name of PARAM_NAMES) sameBits(g[name].data, gRef[name].data, `${dtype} ${name}`);
    }
    sameBits(rsgnForward(p, c, X, B, T).logits, ref.logits, `${dtype} logits without cache`);
  }
});

Deno.test("faithful model: every pooled element is written before it is read (NaN-poisoned pool)", () => {
  const { c, p, X, y } = setup("f32");
  const first = run(p, c, X, y);
  const logits = Float32Array.from(first.out.logits);
  const grads = PARAM_NAMES.map((n) => Float32Array.from(first.g[n].data));
  rsgnForward(p, c, X, B, T); // hands the first run's buffers back
  for (let rep = 0; rep < 2; rep++) {
    poisonPool(NaN);
    const { out, g } = run(p, c, X, y);
    sameBits(out.logits, logits, "logits");
    PARAM_NAMES.forEach((n, i) => sameBits(g[n].data, grads[i], n));
  }
  poisonPool(NaN);
  sameBits(rsgnForward(p, c, X, B, T).logits, logits, "logits without cache");
});

Deno.test("faithful model: a cache can be reused until the next forward, then it is refused", () => {
  const { c, p, X, y } = setup("f32");
  const out = rsgnForward(p, c, X, B, T, true);
  const dl = crossEntropy(out.logits, y, B, c.numClasses).dLogits;
  const g1 = rsgnBackward(p, c, out.cache!, dl);
  const g2 = rsgnBackward(p, c, out.cache!, dl);
  for (const name of PARAM_NAMES) sameBits(g2[name].data, g1[name].data, name);
  rsgnForward(p, c, X, B, T);
  assert.throws(() => rsgnBackward(p, c, out.cache!, dl), /cache was released/);
});
