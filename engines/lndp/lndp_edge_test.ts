/**
 * Edge tests of LNDP helpers (what bench/mutation.ts showed the other lndp tests did not pin):
 * the improved fraction is a fraction of the lifetimes, weight histogram bins, result unpacking.
 */
import assert from "node:assert/strict";
import { key, normal } from "@neuroplastic/core/random";
import { analyzeLifetimes } from "./analysis.ts";
import { lifetimeDefaults } from "./config.ts";
import { resultStride, unpackResults } from "./population.ts";
import { weightHistogram } from "./stats.ts";

Deno.test("lndp edge: the improved fraction counts improving lifetimes out of all", () => {
  const lifetimes = 4;
  const a = analyzeLifetimes(lifetimeDefaults, normal(key(5), 1918, 0, 0.5), key(8), lifetimes);
  const f = a.improvedFraction;
  // this seed has improving and non-improving lifetimes, so the fraction is strictly inside
  assert.ok(f > 0 && f < 1, `improvedFraction ${f}`);
  assert.ok(Number.isInteger(f * lifetimes), `improvedFraction ${f} is not k/${lifetimes}`);
  assert.equal(a.episodeMean.length, a.episodeStd.length);
});

Deno.test("lndp edge: weight histogram bins by floor, edges clamp into the end bins", () => {
  const net = {
    A: Uint8Array.of(1, 1, 1, 1, 0, 1),
    w: Float64Array.of(-0.95, 0.05, 0.39, 1.5, 0.5, -2),
  };
  // width 0.2: −0.95 → bin 0, 0.05 → bin 5, 0.39 → bin 6, 1.5 → bin 9 (clamped), −2 → bin 0
  assert.deepEqual(weightHistogram(net, 10).counts, [2, 0, 0, 0, 0, 1, 1, 0, 0, 1]);
});

Deno.test("lndp edge: population results unpack per genome, returns in episode order", () => {
  const cfg = { ...lifetimeDefaults, task: "cartpole", nEpisodes: 3 } as typeof lifetimeDefaults;
  const stride = resultStride(cfg);
  assert.equal(stride, 5);
  const popsize = 2;
  const slots = Float64Array.from({ length: popsize * stride }, (_, i) => 10 * i);
  const r = unpackResults(cfg, slots, popsize);
  assert.equal(r.nReturns, 3);
  assert.deepEqual([...r.fitness], [0, 50]);
  assert.deepEqual([...r.envSteps], [10, 60]);
  assert.deepEqual([...r.returns], [20, 30, 40, 70, 80, 90]);
});
