/**
 * The GENREG clone mutation (`maskedGaussianInto` on the 2,081 weights of the dense 256 → 8 → 1
 * controller, rate 0.1, scale 0.1) vs the one-draw-at-a-time code it replaces (written out
 * below; the same values, see ops_test.ts), measured in the same run.
 *
 * Run: `deno bench -A evolution/ops_bench.ts`.
 *
 * @module
 */
import { fold, type Key, key } from "@neuroplastic/core/random";
import { maskedGaussianInto } from "./ops.ts";
import { drawStream, nextNormal, nextUniform } from "./stream.ts";

const before = (p: Float64Array, out: Float64Array, k: Key, rate: number, scale: number) => {
  out.set(p);
  const gaps = drawStream(k, 0), noise = drawStream(k, 1);
  const logq = Math.log1p(-rate);
  for (let i = 16;;) {
    i += Math.floor(Math.log(1 - nextUniform(gaps)) / logq) + 1;
    if (i >= 2098) break;
    out[i] += scale * nextNormal(noise);
  }
};

const parent = new Float64Array(2110).map((_, i) => Math.sin(i));
const out = new Float64Array(2110);
let c = 0;
Deno.bench("GENREG mutation, 2,081 genes: one draw per call", {
  group: "mutation",
  baseline: true,
}, () => before(parent, out, fold(key(5), c++), 0.1, 0.1));
Deno.bench("GENREG mutation, 2,081 genes: batched draws", { group: "mutation" }, () => {
  maskedGaussianInto(parent, out, fold(key(5), c++), 0.1, 0.1, 17, 2098);
});
