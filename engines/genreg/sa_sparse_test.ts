import assert from "node:assert/strict";
import fc from "fast-check";
import { key } from "@neuroplastic/core/random";
import { type TrialConfig, trialDefaults } from "./config.ts";
import { trialContext } from "./context.ts";
import { evalBuffers, forwardMse } from "./network.ts";
import { FusedSa, fusedSaSwitch } from "./sa_sparse.ts";
import { initState, run, type TrialState } from "./step.ts";

/** Every bit of a finished SA chain: genomes, fitness values, counters and trace. */
const bits = (s: TrialState): unknown => {
  const x = s.search!;
  return {
    current: Array.from(x.current),
    currentFitness: x.currentFitness,
    best: Array.from(x.bestGenome),
    bestFitness: x.bestFitness,
    accepted: x.accepted,
    step: x.step,
    evals: s.evals,
    trace: s.trace.slice(),
  };
};

/** Runs the trial in chunks of `chunk` steps through the fused loop or the generic ask/tell one. */
const chain = (c: TrialConfig, seed: number, chunk: number, fused: boolean): unknown => {
  fusedSaSwitch.enabled = fused;
  try {
    let s = initState(c, key(seed));
    while (!s.done) s = run(s, c, chunk);
    return bits(s);
  } finally {
    fusedSaSwitch.enabled = true;
  }
};

Deno.test("fused ultra-sparse SA = the generic ask/tell chain bit for bit (H, K, rates, chunks, seeds)", () => {
  fc.assert(
    fc.property(
      fc.record({
        hidden: fc.integer({ min: 1, max: 10 }),
        k: fc.integer({ min: 1, max: 3 }),
        rate: fc.constantFrom(0, 0.1, 0.5, 1),
        scale: fc.constantFrom(0.1, 1),
        indexRate: fc.constantFrom(0, 0.05, 0.5),
        steps: fc.integer({ min: 1, max: 250 }),
        chunk: fc.integer({ min: 1, max: 300 }),
        seed: fc.integer({ min: 0, max: 1000 }),
      }),
      (p) => {
        const c: TrialConfig = {
          ...trialDefaults,
          model: { kind: "sparse", hidden: p.hidden, k: p.k },
          mutation: { rate: p.rate, scale: p.scale, indexRate: p.indexRate },
          sa: { ...trialDefaults.sa, steps: p.steps },
          traceEvery: 37,
        };
        assert.deepEqual(chain(c, p.seed, p.chunk, true), chain(c, p.seed, p.chunk, false));
      },
    ),
    { numRuns: 40 },
  );
});

Deno.test("fused SA: the default trial (K = 2, H = 8) over 2,000 steps = the generic chain, 3 seeds", () => {
  const c: TrialConfig = { ...trialDefaults, sa: { ...trialDefaults.sa, steps: 2000 } };
  for (const seed of [0, 7, 42]) {
    assert.deepEqual(chain(c, seed, 2000, true), chain(c, seed, 777, false));
  }
});

Deno.test("FusedSa kernel: score = rows · forwardMse of the mutant; reject restores the genome bits", () => {
  for (const k of [2, 3]) {
    const c: TrialConfig = { ...trialDefaults, model: { kind: "sparse", hidden: 8, k } };
    const ctx = trialContext(c);
    const shape = ctx.shape, rows = ctx.inputs.rows;
    const g0 = new Float64Array(ctx.genes);
    ctx.ops.random(key(1), g0);
    const F = new FusedSa(ctx);
    F.load(g0);
    const buf = evalBuffers(8, rows);
    const mse = (g: Float64Array) =>
      forwardMse(shape, g, ctx.inputs.data, ctx.inputs.dataT, ctx.inputs.target, buf);
    let changedSome = false;
    for (let t = 0; t < 60; t++) {
      // large rates so that weights, biases and indices all change
      F.mutate(t * 7 + 1, t * 13 + 5, t * 3 + 2, t + 11, 0.3, 0.5, 0.5);
      const mutant = F.g.slice();
      changedSome ||= mutant.some((v, i) => v !== g0[i]);
      // the blocked, in-order sum: exactly the full forward pass's se (mse = se / rows)
      assert.equal(F.score(Infinity) / rows, mse(mutant));
      // a bound below the first sample's error rejects at once
      assert.equal(F.score(-1), -1);
      if (t % 3 === 0) {
        F.accept();
        g0.set(F.g);
      } else {
        F.reject();
        assert.deepEqual(Array.from(F.g), Array.from(g0));
      }
    }
    assert.ok(changedSome);
    // after accepted steps the cached activations are those of the current genome
    F.mutate(1, 2, 3, 4, 0, 0.1, 0);
    assert.equal(F.score(Infinity) / rows, mse(F.g));
  }
});
