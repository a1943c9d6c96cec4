/**
 * Edge tests of SORN helpers (what bench/mutation.ts showed the other sorn tests did not pin):
 * the across-seed mean and sd skip non-finite values as well as missing ones.
 */
import assert from "node:assert/strict";
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
