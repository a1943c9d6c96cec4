/**
 * Edge tests of GENREG helpers (what bench/mutation.ts showed the other genreg tests did not
 * pin): the even-length median, the energy of no activations, the fitness of a context without
 * proteins and the population size check of the CPU evaluation.
 */
import assert from "node:assert/strict";
import { Effect, Exit } from "effect";
import { key } from "@neuroplastic/core/random";
import { trialDefaults } from "./config.ts";
import { trialContext } from "./context.ts";
import { evaluatePopulation } from "./population.ts";
import { describe, energy } from "./stats.ts";

Deno.test("genreg edge: describe takes the mean of the middle pair for an even count", () => {
  assert.deepEqual(describe([4, 1, 3, 2]), {
    mean: 2.5,
    std: Math.sqrt(1.25),
    min: 1,
    max: 4,
    median: 2.5,
  });
  assert.equal(describe([10, 0, 7]).median, 7);
  assert.equal(describe([5, 9]).median, 7);
});

Deno.test("genreg edge: energy with no activations is the weight term alone", () => {
  const shape = { kind: "dense", inputs: 1, hidden: 1 } as const; // genes [w1, b1, w2, b2]
  const e = energy(shape, Float64Array.of(1, -1, 2, 0), []);
  assert.equal(e.activation, 0);
  assert.equal(e.total, e.weight);
  const h = energy(shape, Float64Array.of(1, -1, 2, 0), [Float64Array.of(0.5, -0.5)]);
  assert.equal(h.activation, 0.5);
});

Deno.test("genreg edge: without proteins fitness is −MSE; CPU population evaluation per genome", async () => {
  const ctx = trialContext(trialDefaults);
  assert.equal(ctx.fitnessOf(0.25, 0.9), -0.25);
  const pop = new Float64Array(2 * ctx.genes);
  ctx.ops.random(key(0), pop.subarray(0, ctx.genes));
  ctx.ops.random(key(1), pop.subarray(ctx.genes));
  const r = await Effect.runPromise(evaluatePopulation(trialDefaults, pop, { backend: "cpu" }));
  assert.equal(r.backend, "cpu");
  assert.equal(r.mse.length, 2);
  for (let p = 0; p < 2; p++) {
    const g = pop.subarray(p * ctx.genes, (p + 1) * ctx.genes);
    assert.equal(r.mse[p], ctx.evaluate(g, null).mse);
  }
  const bad = await Effect.runPromiseExit(
    evaluatePopulation(trialDefaults, new Float64Array(ctx.genes + 1), { backend: "cpu" }),
  );
  assert.ok(Exit.isFailure(bad));
});
