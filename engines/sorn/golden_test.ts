import assert from "node:assert/strict";
import { type GoldenStats, goldenStats } from "./golden.ts";

const GOLDEN = new URL("../../tests/golden/sorn_defaults_seed42_10000.json", import.meta.url);

Deno.test("golden statistics: 10,000 steps at the defaults, seed 42, match tests/golden", async () => {
  const want = JSON.parse(await Deno.readTextFile(GOLDEN)) as GoldenStats;
  const got = goldenStats(want.seed, want.steps);
  // integer figures exactly
  for (
    const f of [
      "initialEeConnections",
      "initialEiConnections",
      "eeConnections",
      "eiConnections",
    ] as const
  ) {
    assert.equal(got[f], want[f], f);
  }
  assert.deepEqual(got.eeCountsTrace, want.eeCountsTrace);
  // float figures to 1e-9 (they are bit-reproducible; the tolerance only absorbs JSON printing)
  for (const f of ["meanRateE", "meanRateI", "teMean", "weeMean", "fanoPerNeuronMean"] as const) {
    assert.ok(Math.abs((got[f] ?? NaN) - (want[f] ?? NaN)) < 1e-9, `${f}: ${got[f]} vs ${want[f]}`);
  }
  // and the behaviour targets of the spec hold for this run
  assert.ok(Math.abs((got.meanRateE ?? 0) - 0.1) < 0.02);
  assert.ok(got.eeConnections < got.initialEeConnections / 2);
});
