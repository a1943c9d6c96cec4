/**
 * Deno.bench suite for GENREG, each group against a naive baseline in the same run:
 * - ultra-sparse inference, 100 samples (exact `Math.tanh` kernel, table-tanh kernel, naive);
 * - dense 256 → 8 → 1 forward + MSE over the 100-point batch (GEMM kernel vs nested arrays);
 * - one GENREG GA generation at population 40 (dense + proteins; cached survivors) vs the same
 *   generation evaluating all 40 members with the naive forward.
 * The 20-trial experiment wall times (1 and 2 workers) are in bench/genreg_speed.ts.
 *
 * Run: `deno bench -A bench/genreg_bench.ts`
 *
 * @module
 */
import { fold, key } from "@neuroplastic/core/random";
import {
  evalBuffers,
  expandInputs,
  forwardMse,
  inferSparseColumns,
  inferSparseExact,
  inferSparseFast,
  initGenome,
  initState,
  type NetShape,
  runCascade,
  sparseInference,
  step,
  type TrialConfig,
  trialDefaults,
} from "@neuroplastic/engines/genreg";
import { genregGa } from "@neuroplastic/evolution";
import { trialContext } from "@neuroplastic/engines/genreg";
import { naiveDenseMse, naiveSparseSample, nestDense } from "./genreg_naive.ts";

const inp = expandInputs({ mode: "legacy", trueColumns: 16, noiseColumns: 240 });
const sparse: NetShape = { kind: "sparse", inputs: 256, hidden: 8, k: 2 };
const gs = new Float64Array(49);
initGenome(sparse, key(1), gs);
const model = sparseInference(sparse, gs);
const out = new Float64Array(100);
const idxN = Array.from({ length: 8 }, (_, j) => [gs[2 * j], gs[2 * j + 1]]);
const w1N = Array.from({ length: 8 }, (_, j) => [gs[16 + 2 * j], gs[17 + 2 * j]]);
const b1N = Array.from(gs.subarray(32, 40)), w2N = Array.from(gs.subarray(40, 48));
const rows = Array.from({ length: 100 }, (_, s) => inp.data.subarray(s * 256, (s + 1) * 256));

Deno.bench("ultra-sparse inference ×100 (exact tanh)", { group: "sparse-infer" }, () => {
  inferSparseExact(model, inp.data, 100, out);
});
Deno.bench("ultra-sparse inference ×100 (table tanh)", { group: "sparse-infer" }, () => {
  inferSparseFast(model, inp.data, 100, out);
});
Deno.bench(
  "ultra-sparse inference ×100 (column-major, table tanh)",
  { group: "sparse-infer" },
  () => {
    inferSparseColumns(model, inp.dataT, 100, out);
  },
);
Deno.bench("ultra-sparse inference ×100 (naive)", { group: "sparse-infer", baseline: true }, () => {
  for (let s = 0; s < 100; s++) out[s] = naiveSparseSample(idxN, w1N, b1N, w2N, gs[48], rows[s]);
});

const dense: NetShape = { kind: "dense", inputs: 256, hidden: 8 };
const gd = new Float64Array(2065);
initGenome(dense, key(2), gd);
const buf = evalBuffers(8, 100);
const nest = nestDense(gd, 8, 256);
const Xn = rows.map((r) => Array.from(r));
Deno.bench("dense 256→8→1 forward + MSE, batch 100 (GEMM)", { group: "dense" }, () => {
  forwardMse(dense, gd, inp.data, inp.dataT, inp.target, buf);
});
Deno.bench(
  "dense 256→8→1 forward + MSE, batch 100 (naive)",
  { group: "dense", baseline: true },
  () => {
    naiveDenseMse(nest.w1, nest.b1, nest.w2, nest.b2, Xn, inp.target);
  },
);

const gaConfig: TrialConfig = {
  ...trialDefaults,
  model: { kind: "dense", hidden: 8, k: 2 },
  optimizer: "ga",
  ga: { ...trialDefaults.ga, targetMse: 0, stagnationThreshold: 0 },
};
let st = initState(gaConfig, key(3));
for (let g = 0; g < 5; g++) st = step(st, gaConfig);
const warm = st;
Deno.bench("GA generation, population 40 (dense + proteins)", { group: "ga" }, () => {
  step(warm, gaConfig);
});
const ctx = trialContext(gaConfig);
const ga = genregGa({ ops: ctx.ops, popsize: 40 });
Deno.bench("GA generation, population 40 (naive forward, all members)", {
  group: "ga",
  baseline: true,
}, () => {
  const { candidates, state } = ga.ask(warm.ga!, fold(key(4), warm.ga!.gen));
  const f = new Float64Array(40);
  for (let k = 0; k < 40; k++) {
    const g = candidates.subarray(k * ctx.genes, (k + 1) * ctx.genes);
    const nn = nestDense(g, 8, 256);
    const mse = naiveDenseMse(nn.w1, nn.b1, nn.w2, nn.b2, Xn, inp.target);
    // trust from the cascade, as in the engine
    const pred = new Float64Array(100);
    for (let s = 0; s < 100; s++) {
      const h = nn.w1.map((row, j) =>
        Math.tanh(row.reduce((a, w, i) => a + w * Xn[s][i], nn.b1[j]))
      );
      pred[s] = Math.tanh(h.reduce((a, v, j) => a + v * nn.w2[j], nn.b2));
    }
    const { trust } = runCascade(g, 2065, inp.x, pred, inp.target);
    f[k] = -mse * Math.max(0.1, 1 + 0.1 * trust);
  }
  ga.tell(state, candidates, f);
});
