import assert from "node:assert/strict";
import { key, normal } from "@neuroplastic/core/random";
import { lifetimeDefaults } from "./config.ts";
import { grownGenomes } from "./bench.ts";
import { closePools, evaluatePopulationSync } from "./pool.ts";

Deno.test("population results are identical inline and on 1 or 2 workers", () => {
  const cfg = { ...lifetimeDefaults, task: "cartpole" as const };
  const pop = 6;
  const genomes = normal(key(3), pop * 1918, 0, 0.3);
  try {
    const a = evaluatePopulationSync(cfg, genomes, pop, key(9), 0);
    const b = evaluatePopulationSync(cfg, genomes, pop, key(9), 1);
    const c = evaluatePopulationSync(cfg, genomes, pop, key(9), 2);
    // a second batch on the same pool (new epoch) also matches
    const d = evaluatePopulationSync(cfg, genomes, pop, key(9), 2);
    for (const r of [b, c, d]) {
      assert.deepEqual(r.fitness, a.fitness);
      assert.deepEqual(r.returns, a.returns);
      assert.deepEqual(r.envSteps, a.envSteps);
    }
    assert.equal(a.nReturns, 3);
    const e = evaluatePopulationSync(cfg, genomes, pop, key(10), 2);
    assert.notDeepEqual(e.fitness, a.fitness);
  } finally {
    closePools();
  }
});

Deno.test("the fast and the reference update kernels give the same population results", () => {
  const cfg = { ...lifetimeDefaults, task: "cartpole" as const };
  const pop = 4;
  // grown networks: the fixture genome plus noise (hundreds of edges, adds during the lifetime)
  const genomes = grownGenomes(pop, 1918);
  try {
    const ref = evaluatePopulationSync(cfg, genomes, pop, key(9), 2, "reference");
    const fast = evaluatePopulationSync(cfg, genomes, pop, key(9), 2, "fast");
    const inline = evaluatePopulationSync(cfg, genomes, pop, key(9), 0, "reference");
    assert.deepEqual(fast.returns, ref.returns);
    assert.deepEqual(fast.envSteps, ref.envSteps);
    assert.deepEqual(inline.returns, ref.returns);
  } finally {
    closePools();
  }
});
