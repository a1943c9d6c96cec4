import assert from "node:assert/strict";
import fc from "fast-check";
import { fold, key } from "@neuroplastic/core/random";
import { rastrigin, rosenbrock, sphere } from "./benchmarks.ts";
import { cmaConstants } from "./cma_es.ts";
import { sepCmaConstants, sepCmaEs } from "./sep_cma_es.ts";

/** Minimises f from `meanInit` for `gens` generations; returns the final state and best history. */
const minimise = (
  f: (x: Float64Array) => number,
  n: number,
  lam: number,
  gens: number,
  seed = 0,
  meanInit = 1,
  sigmaInit = 0.5,
) => {
  const es = sepCmaEs({ numDims: n, popsize: lam, sigmaInit, maximize: false, meanInit });
  let st = es.init(key(seed));
  const history: number[] = [];
  for (let g = 0; g < gens; g++) {
    const { candidates, state } = es.ask(st, fold(key(seed + 1), g));
    const fit = new Float64Array(lam).map((_, r) => f(candidates.subarray(r * n, (r + 1) * n)));
    st = es.tell(state, candidates, fit);
    history.push(st.bestFitness);
  }
  return { st, history };
};

Deno.test("sep-CMA constants: c1, cμ raised by (n+2)/3 (Ros & Hansen 2008), capped at 1", () => {
  const s = sepCmaConstants(1918, 256), c = cmaConstants(1918, 256);
  assert.ok(Math.abs(s.c1Sep - (c.c1 * 1920) / 3) < 1e-18);
  assert.ok(Math.abs(s.cMuSep - (c.cMu * 1920) / 3) < 1e-16);
  assert.equal(s.cSigma, c.cSigma);
  const small = sepCmaConstants(2, 64); // cμ·4/3 would exceed 1 − c1_sep
  assert.ok(small.c1Sep <= 1 && small.c1Sep + small.cMuSep <= 1 + 1e-15);
});

Deno.test("sep-CMA: one tell from the init state matches the diagonal update by hand", () => {
  const n = 3, lam = 6;
  const es = sepCmaEs({ numDims: n, popsize: lam, sigmaInit: 0.5 });
  const k = es.constants;
  const { state } = es.ask(es.init(key(0)), key(1));
  const x = new Float64Array(lam * n).map((_, i) => Math.sin(1.3 * i + 0.2));
  const fit = Float64Array.of(2, 5, 1, 4, 3, 0); // maximised: order 1, 3, 4, 0, 2, 5
  const s = es.tell(state, x, fit);
  const order = [1, 3, 4];
  const y = (r: number, i: number) => x[order[r] * n + i] / 0.5;
  let nps2 = 0;
  const aS = Math.sqrt(k.cSigma * (2 - k.cSigma) * k.muEff);
  for (let i = 0; i < n; i++) {
    let yw = 0, rm = 0;
    for (let r = 0; r < 3; r++) {
      yw += k.weights[r] * y(r, i);
      rm += k.weights[r] * y(r, i) ** 2;
    }
    assert.ok(Math.abs(s.mean[i] - 0.5 * yw) < 1e-15);
    nps2 += (aS * yw) ** 2;
    const pc = Math.sqrt(k.cC * (2 - k.cC) * k.muEff) * yw; // h_σ = 1 on the first tell here
    const expected = (1 - k.c1Sep - k.cMuSep) + k.c1Sep * pc * pc + k.cMuSep * rm;
    assert.ok(Math.abs(s.diag[i] - expected) < 1e-14, `${s.diag[i]} vs ${expected}`);
  }
  const sig = 0.5 * Math.exp((k.cSigma / k.dSigma) * (Math.sqrt(nps2) / k.chiN - 1));
  assert.ok(Math.abs(s.sigma - sig) < 1e-15);
  assert.equal(s.bestFitness, 5);
  assert.deepEqual(Array.from(s.bestGenome), Array.from(x.subarray(3, 6)));
});

Deno.test("sep-CMA property: positive diagonal, monotone best, same key ⇒ same run", () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 1, max: 8 }), (seed, n) => {
      const a = minimise(sphere, n, 8, 20, seed), b = minimise(sphere, n, 8, 20, seed);
      assert.deepEqual(a.st, b.st);
      assert.ok(a.st.diag.every((v) => v > 0 && Number.isFinite(v)));
      for (let g = 1; g < a.history.length; g++) assert.ok(a.history[g] <= a.history[g - 1]);
    }),
    { seed: 42, numRuns: 20 },
  );
});

Deno.test("sep-CMA solves the 10-D sphere and Rosenbrock, and a separable ellipsoid (cond 1e6)", () => {
  const s = minimise(sphere, 10, 10, 250).st.bestFitness;
  assert.ok(s < 1e-8, `sphere ${s}`);
  const r = minimise(rosenbrock, 10, 10, 4000, 0, 0).st.bestFitness;
  assert.ok(r < 1e-3, `rosenbrock ${r}`);
  // f = Σ 10^{6 i/(n−1)} x_i²: the diagonal has to learn scales 1 … 1e−3
  const n = 20;
  const ell = (x: Float64Array) => x.reduce((a, v, i) => a + 10 ** ((6 * i) / (n - 1)) * v * v, 0);
  const e = minimise(ell, n, 12, 1500);
  assert.ok(e.st.bestFitness < 1e-8, `ellipsoid ${e.st.bestFitness}`);
  const ratio = Math.sqrt(e.st.diag[0] / e.st.diag[n - 1]);
  assert.ok(ratio > 100 && ratio < 1e4, `√(c_11/c_nn) = ${ratio}`);
  // rastrigin (multimodal): a large population reaches the basin of a low local optimum
  const g = minimise(rastrigin, 5, 100, 300, 3, 2, 2).st.bestFitness;
  assert.ok(g < 5, `rastrigin ${g}`);
});

Deno.test("sep-CMA does not mutate its inputs and rejects bad parameters", () => {
  const es = sepCmaEs({ numDims: 2, popsize: 4 });
  const s0 = es.init(key(0));
  const snap = structuredClone(s0);
  const { candidates, state } = es.ask(s0, key(1));
  assert.deepEqual(s0, snap);
  const cands = candidates.slice(), st = structuredClone(state);
  es.tell(state, candidates, Float64Array.of(1, 2, 3, 4));
  assert.deepEqual(state, st);
  assert.deepEqual(candidates, cands);
  assert.throws(() => sepCmaEs({ numDims: 0, popsize: 4 }), RangeError);
  assert.throws(() => sepCmaEs({ numDims: 3, popsize: 1 }), RangeError);
  assert.throws(() => sepCmaEs({ numDims: 3, popsize: 4, sigmaInit: 0 }), RangeError);
  assert.throws(() => es.tell(state, candidates, new Float64Array(3)), RangeError);
});
