import assert from "node:assert/strict";
import fc from "fast-check";
import { fold, key } from "@neuroplastic/core/random";
import { type TrialConfig, trialDefaults } from "./config.ts";
import { trialContext } from "./context.ts";
import { expandInputs } from "./inputs.ts";
import {
  denseHiddenBatch,
  denseHiddenFromBatch,
  denseHiddenInto,
  evalBuffers,
  initGenome,
  layoutOf,
  type NetShape,
} from "./network.ts";

const inp = expandInputs({ mode: "legacy", trueColumns: 16, noiseColumns: 240 });

Deno.test("denseHiddenBatch: every genome's activations = denseHiddenInto's, bit for bit", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 12 }), // hidden units
      fc.integer({ min: 1, max: 40 }), // population
      fc.integer({ min: 0, max: 10 ** 6 }), // seed
      fc.integer({ min: 0, max: 5 }), // extra genes per member (proteins' place)
      (H, lam, seed, extra) => {
        const shape: NetShape & { kind: "dense" } = { kind: "dense", inputs: 256, hidden: H };
        const n = layoutOf(shape).length + extra;
        const pop = new Float64Array(lam * n);
        for (let i = 0; i < lam; i++) {
          initGenome(shape, fold(key(seed), i), pop.subarray(i * n, i * n + n));
          // non-zero biases, so that the bias add is exercised too
          for (let j = 0; j < H; j++) pop[i * n + H * 256 + j] = (j - H / 2) / 7;
        }
        // every other member, in reverse order
        const which = Int32Array.from({ length: Math.ceil(lam / 2) }, (_, t) => lam - 1 - 2 * t);
        const pre = denseHiddenBatch(shape, pop, n, which, which.length, inp.data, 100);
        const a = evalBuffers(H, 100).hidden, b = evalBuffers(H, 100).hidden;
        for (let t = 0; t < which.length; t++) {
          const g = pop.subarray(which[t] * n, which[t] * n + n);
          denseHiddenFromBatch(shape, g, pre, 100, t, which.length, a);
          denseHiddenInto(shape, g, inp.data, 100, b);
          for (let j = 0; j < H; j++) assert.deepEqual(a[j], b[j]);
        }
      },
    ),
    { numRuns: 25 },
  );
});

Deno.test("evaluateMany = evaluate one by one (dense + proteins, dense, sparse)", () => {
  const cases: TrialConfig[] = [
    { ...trialDefaults, model: { kind: "dense", hidden: 8, k: 2 }, optimizer: "ga" },
    {
      ...trialDefaults,
      model: { kind: "dense", hidden: 5, k: 2 },
      optimizer: "ga",
      ga: { ...trialDefaults.ga, proteins: false },
    },
    { ...trialDefaults, optimizer: "ga" },
  ];
  for (const c of cases) {
    const ctx = trialContext(c);
    const lam = 45; // more than one GEMM batch (32)
    const pop = new Float64Array(lam * ctx.genes);
    for (let i = 0; i < lam; i++) {
      ctx.ops.random(key(i), pop.subarray(i * ctx.genes, (i + 1) * ctx.genes));
    }
    const which = Int32Array.from({ length: 40 }, (_, t) => (t * 7) % lam);
    const many = ctx.evaluateMany(pop, which, which.length, (t) => key(t));
    assert.equal(many.length, which.length);
    for (let t = 0; t < which.length; t++) {
      const o = which[t] * ctx.genes;
      assert.deepEqual(many[t], ctx.evaluate(pop.subarray(o, o + ctx.genes), key(t)));
    }
  }
});
