/**
 * Edge test of the lifetime analysis (what bench/mutation.ts showed report_test.ts did not pin):
 * the improved fraction is a fraction of the lifetimes.
 */
import assert from "node:assert/strict";
import { key, normal } from "@neuroplastic/core/random";
import { analyzeLifetimes } from "./analysis.ts";
import { lifetimeDefaults } from "./config.ts";

Deno.test("lndp edge: the improved fraction counts improving lifetimes out of all", () => {
  const lifetimes = 4;
  const a = analyzeLifetimes(lifetimeDefaults, normal(key(5), 1918, 0, 0.5), key(8), lifetimes);
  const f = a.improvedFraction;
  // this seed has improving and non-improving lifetimes, so the fraction is strictly inside
  assert.ok(f > 0 && f < 1, `improvedFraction ${f}`);
  assert.ok(Number.isInteger(f * lifetimes), `improvedFraction ${f} is not k/${lifetimes}`);
  assert.equal(a.episodeMean.length, a.episodeStd.length);
});
