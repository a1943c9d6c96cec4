/**
 * Fingerprints of GENREG results that the speed work must not change (test helper; see
 * `speed_golden_test.ts`): SHA-256 digests of the exact bits of an ultra-sparse SA trial, a
 * hill-climbing trial, a GA (dense + proteins) run, a GSA run on the sparse net, the dense
 * forward pass and the inference kernels.
 *
 * @module
 */
import { key } from "@neuroplastic/core/random";
import { type TrialConfig, trialDefaults } from "./config.ts";
import { trialContext } from "./context.ts";
import {
  inferSparseColumns,
  inferSparseExact,
  inferSparseFast,
  sparseInference,
} from "./inference.ts";
import { evalBuffers, forwardMse, initGenome, type NetShape } from "./network.ts";
import { bestGenome, initState, run } from "./step.ts";

const enc = new TextEncoder();

/** SHA-256 (hex) of a list of numbers' float64 bits and a JSON tail. */
async function digest(nums: ArrayLike<number>[], extra: unknown): Promise<string> {
  const parts: Uint8Array[] = nums.map((a) => new Uint8Array(Float64Array.from(a).buffer));
  parts.push(enc.encode(JSON.stringify(extra)));
  const total = parts.reduce((s, p) => s + p.length, 0);
  const all = new Uint8Array(total);
  let o = 0;
  for (const p of parts) all.set(p, o), o += p.length;
  const h = new Uint8Array(await crypto.subtle.digest("SHA-256", all));
  return Array.from(h, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * The trace's search columns: [iteration, best MSE, k] with k set to 0. k (the best genome's
 * saturated units, a report figure evaluated at each traced point) was a constant 0 when these
 * fingerprints were recorded; the search they guard does not read it, and report_test.ts checks it.
 */
const searchTrace = (trace: readonly number[]): number[] =>
  trace.map((v, i) => (i % 3 === 2 ? 0 : v));

/**
 * The fingerprints, one per scenario.
 *
 * @example
 * ```ts ignore
 * console.log(await speedFingerprints());
 * ```
 */
export async function speedFingerprints(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const sa: TrialConfig = {
    ...trialDefaults,
    sa: { ...trialDefaults.sa, steps: 4000 },
    traceEvery: 500,
  };
  for (const seed of [3, 11]) {
    const s = run(initState(sa, key(seed)), sa, 1e9);
    const x = s.search!;
    out[`sa-sparse-${seed}`] = await digest([x.bestGenome, x.current, searchTrace(s.trace)], [
      x.bestFitness,
      x.currentFitness,
      x.accepted,
      x.step,
      s.evals,
    ]);
  }
  // batching must not matter: 1000 steps at a time
  {
    let s = initState(sa, key(3));
    while (!s.done) s = run(s, sa, 1000);
    const x = s.search!;
    out["sa-sparse-3-chunked"] = await digest([x.bestGenome, x.current, searchTrace(s.trace)], [
      x.bestFitness,
      x.currentFitness,
      x.accepted,
      x.step,
      s.evals,
    ]);
  }
  const hill: TrialConfig = {
    ...trialDefaults,
    optimizer: "hill",
    hill: { maxSteps: 3000, patience: 400 },
  };
  {
    const s = run(initState(hill, key(4)), hill, 1e9);
    out["hill-sparse-4"] = await digest([bestGenome(s, hill), searchTrace(s.trace)], [
      s.search!.bestFitness,
      s.reason,
    ]);
  }
  const ga: TrialConfig = {
    ...trialDefaults,
    model: { kind: "dense", hidden: 8, k: 2 },
    optimizer: "ga",
    ga: { ...trialDefaults.ga, targetMse: 0, stagnationThreshold: 0 },
  };
  {
    const s = run(initState(ga, key(5)), ga, 12);
    out["ga-dense-proteins-5"] = await digest([
      s.ga!.population,
      s.ga!.fitness,
      s.gaMeta!.mse,
      s.gaMeta!.trust,
    ], [
      s.trace,
      s.evals,
    ]);
  }
  const gsa: TrialConfig = {
    ...trialDefaults,
    optimizer: "gsa",
    gsa: { generations: 6, saSteps: 1500 },
  };
  {
    const s = run(initState(gsa, key(6)), gsa, 1e9);
    out["gsa-sparse-6"] = await digest([bestGenome(s, gsa)], [s.lastMseBest, s.evals]);
  }
  const ctx = trialContext(trialDefaults);
  const inp = ctx.inputs;
  {
    const dense: NetShape = { kind: "dense", inputs: 256, hidden: 8 };
    const g = new Float64Array(2065);
    const mses: number[] = [];
    const preds: number[] = [];
    for (let seed = 0; seed < 4; seed++) {
      initGenome(dense, key(seed), g);
      const buf = evalBuffers(8, 100);
      mses.push(forwardMse(dense, g, inp.data, inp.dataT, inp.target, buf));
      preds.push(...buf.pred);
    }
    out["dense-forward"] = await digest([mses, preds], null);
  }
  {
    const shape: NetShape = { kind: "sparse", inputs: 256, hidden: 8, k: 2 };
    const g = new Float64Array(49);
    const res: number[] = [];
    for (let seed = 0; seed < 4; seed++) {
      initGenome(shape, key(seed), g);
      const m = sparseInference(shape, g);
      const o = new Float64Array(100);
      res.push(...inferSparseExact(m, inp.data, 100, o));
      res.push(...inferSparseFast(m, inp.data, 100, o));
      res.push(...inferSparseColumns(m, inp.dataT, 100, o));
      for (let s = 0; s < 100; s++) inferSparseFast(m, inp.data, 1, o, s * 256, s);
      res.push(...o);
    }
    out["sparse-inference"] = await digest([res], null);
  }
  return out;
}

if (import.meta.main) console.log(JSON.stringify(await speedFingerprints(), null, 1));
