/**
 * `fillNormal` through the WebAssembly kernel vs the JavaScript path it replaces
 * (`fillNormalJs`, the same bits), and `threefryBlocks` vs one `threefry2x32` call per block.
 * Each group's baseline is the former code, measured in the same run.
 *
 * Run: `deno bench -A core/random/normal_bench.ts`.
 *
 * @module
 */
import { fold, key } from "./keys.ts";
import { fillNormal, fillNormalJs, threefryBlocks } from "./normal.ts";
import { threefry2x32 } from "./threefry.ts";

let c = 0;
for (const [n, T] of [[2, 64], [16, 64], [64, 64], [2048, 64], [7680, 32]] as const) {
  const out = T === 64 ? new Float64Array(n) : new Float32Array(n);
  const group = `fillNormal n = ${n} f${T}`;
  Deno.bench(`${group}: JavaScript`, { group, baseline: true }, () => {
    fillNormalJs(fold(key(1), c++), out, 0, 0.03);
  });
  Deno.bench(`${group}: WebAssembly`, { group }, () => {
    fillNormal(fold(key(1), c++), out, 0, 0.03);
  });
}

const words = new Int32Array(2 * 268);
const one = new Uint32Array(2);
Deno.bench("268 blocks at (x0 + t, 1): threefry2x32 per block", {
  group: "lane",
  baseline: true,
}, () => {
  for (let t = 0; t < 268; t++) threefry2x32(1, 2, c + t, 1, one);
  c++;
});
Deno.bench("268 blocks at (x0 + t, 1): threefryBlocks", { group: "lane" }, () => {
  threefryBlocks(1, 2, c++, 1, 268, words, 0);
});
