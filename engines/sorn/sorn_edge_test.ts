/**
 * Edge tests of SORN helpers (what bench/mutation.ts showed the other sorn tests did not pin):
 * the across-seed mean and sd skip non-finite values as well as missing ones.
 */
import assert from "node:assert/strict";
import { key } from "@neuroplastic/core/random";
import { Effect } from "effect";
import { makeConfigSync, sornDefaults } from "./config.ts";
import { runSornBatch } from "./batch.ts";
import { initState } from "./state.ts";
import { meanSdOf } from "./statistics.ts";

Deno.test("sorn edge: meanSdOf skips null, NaN and ±Infinity", () => {
  assert.deepEqual(meanSdOf([1, 3, NaN, Infinity, null, -Infinity]), {
    mean: 2,
    sd: Math.SQRT2,
    n: 2,
  });
  assert.deepEqual(meanSdOf([NaN, null]), { mean: null, sd: null, n: 0 });
  assert.deepEqual(meanSdOf([5]), { mean: 5, sd: 0, n: 1 });
});

Deno.test("sorn edge: equal threshold bounds give every neuron exactly that threshold", () => {
  const c = {
    ...sornDefaults,
    ne: 12,
    ni: 3,
    te_min: 0.5,
    te_max: 0.5,
    ti_min: 0.25,
    ti_max: 0.25,
  };
  const s = initState(c, key(3));
  assert.ok(s.te.every((v) => v === 0.5), `te ${[...s.te]}`);
  assert.ok(s.ti.every((v) => v === 0.25), `ti ${[...s.ti]}`);
  const spread = initState({ ...c, te_max: 1, ti_max: 0.75 }, key(3));
  assert.ok(spread.te.every((v) => v >= 0.5 && v < 1));
  assert.ok(spread.ti.every((v) => v >= 0.25 && v < 0.75));
  assert.ok(new Set(spread.te).size > 1);
});

Deno.test("sorn edge: a CPU batch reports the mean rates of both populations", async () => {
  const config = makeConfigSync({ ne: 40, ni: 8, nu: 4, lambda_ee: 5, lambda_ei: 8 });
  let spikesE = 0;
  const r = await Effect.runPromise(
    runSornBatch(config, [key(1)], 200, {
      recordEvery: 1,
      onRecord: (_t, x) => {
        for (const v of x) spikesE += v;
      },
    }),
  );
  const n = r.networks[0];
  assert.ok(Math.abs(n.meanRateE - spikesE / (200 * 40)) < 1e-12, `${n.meanRateE}`);
  assert.ok(n.meanRateI > 0 && n.meanRateI <= 1, `meanRateI ${n.meanRateI}`);
});
