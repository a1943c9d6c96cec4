import assert from "node:assert/strict";
import fc from "fast-check";
import { decodeState, encodeState } from "@neuroplastic/core/checkpoint";
import { fold, key } from "@neuroplastic/core/random";
import { cmaConstants, cmaEigen, cmaEs, pycmaEigenGap } from "./cma_es.ts";
import { eigh } from "./eigh.ts";

/** |a − b| ≤ tol·|b| (relative), for fixtures printed to ~9 significant digits. */
const rel = (a: number, b: number, tol = 2e-8): void => {
  assert.ok(Math.abs(a - b) <= tol * Math.abs(b), `${a} vs ${b}`);
};

Deno.test("CMA constants, n = 1918, λ = 256 (LNDP spec §8 fixture)", () => {
  const c = cmaConstants(1918, 256);
  assert.equal(c.mu, 128);
  rel(c.muEff, 66.8577956);
  rel(c.muEffMinus, 101.414514);
  rel(c.c1, 5.42920683e-7);
  rel(c.cMu, 3.51950826e-5);
  rel(c.alphaMin, 1.01542604);
  rel(1 + c.c1 / c.cMu, c.alphaMin, 1e-15);
  let sum = 0, sumPos = 0, sumNeg = 0;
  for (let i = 0; i < 256; i++) {
    sum += c.weights[i];
    if (i < 128) sumPos += c.weights[i];
    else sumNeg += c.weights[i];
  }
  rel(sum, -0.0154260381, 1e-7);
  rel(c.weights[0], 0.0387998095);
  assert.ok(Math.abs(sumPos - 1) < 1e-14);
  assert.ok(Math.abs(sumNeg + c.alphaMin) < 1e-13);
  rel(c.cSigma, 0.0346043801);
  rel(c.dSigma, 1.03460438);
  rel(c.cC, 0.00209922567);
  rel(c.chiN, 43.789269);
  rel(c.hSigmaThreshold, 61.3506142);
  for (let i = 128; i < 256; i++) assert.equal(c.weightsTruncated[i], 0);
});

Deno.test("CMA constants, n = 10, λ = 16 (LNDP spec §8 fixture)", () => {
  const c = cmaConstants(10, 16);
  rel(c.muEff, 4.8409145);
  rel(c.c1, 0.0150908187);
  rel(c.cMu, 0.0409495877);
  rel(c.cSigma, 0.344788266);
  rel(c.dSigma, 1.34478827);
  rel(c.cC, 0.29957487);
  rel(c.chiN, 3.08472657);
  rel(c.alphaMin, 1.36852187);
});

Deno.test("CMA one tell from the init state, n = 4, λ = 8 (LNDP spec §8 fixture)", () => {
  const n = 4, lam = 8;
  const es = cmaEs({ numDims: n, popsize: lam });
  const { state } = es.ask(es.init(key(0)), key(1));
  const x = new Float64Array(lam * n);
  for (let k = 0; k < lam; k++) {
    for (let j = 0; j < n; j++) x[k * n + j] = Math.sin(1.7 * k + 0.9 * j + 0.3);
  }
  const returns = Float64Array.of(3, 7, 1, 7, 5, 0, 2, 6);
  const w = [
    .529930184,
    .285714286,
    .142857143,
    .041498387,
    -.17013145,
    -.464536148,
    -.713451773,
    -.929072296,
  ];
  for (let i = 0; i < lam; i++) rel(es.constants.weights[i], w[i], 3e-9);
  const s = es.tell(state, x, returns);
  const m = [.240149727, .245312108, .064827176, -.16471767];
  for (let i = 0; i < n; i++) rel(s.mean[i], m[i], 1e-8);
  let nps = 0;
  for (let i = 0; i < n; i++) nps += s.pSigma[i] ** 2;
  rel(Math.sqrt(nps), .496643254, 1e-8);
  const pc = [.335362376, .342571496, .090529337, -.230023619];
  for (let i = 0; i < n; i++) rel(s.pC[i], pc[i], 1e-8);
  const diag = [.947837163, .868647697, .889150403, .959023353];
  for (let i = 0; i < n; i++) rel(s.C[i * n + i], diag[i], 1e-8);
  rel(s.C[1], -.0580471745, 1e-8);
  rel(s.sigma, .811411203, 1e-8);
  assert.equal(s.gen, 1);
  assert.equal(s.bestFitness, 7);
  // best genome = first of the tied maxima (index 1)
  assert.deepEqual(Array.from(s.bestGenome), Array.from(x.subarray(4, 8)));
});

Deno.test("CMA eigen step adds 1e-10 at gen 0 and symmetrises", () => {
  const n = 3;
  const C = Float64Array.of(1, 0.2, 0, 0.4, 1, 0, 0, 0, 1);
  const { C: c0, B, D } = cmaEigen(C, n, 0, "always");
  assert.ok(Math.abs(c0[1] - (0.3 + 1e-10)) < 1e-15 && Math.abs(c0[3] - c0[1]) < 1e-15);
  const { values } = eigh(Float64Array.of(1, 0.3, 0, 0.3, 1, 0, 0, 0, 1).map((v) => v + 1e-10), 3);
  for (let j = 0; j < n; j++) assert.ok(Math.abs(D[j] * D[j] - values[j]) < 1e-14);
  assert.equal(B.length, 9);
  const { C: c1 } = cmaEigen(C, n, 1, "never");
  assert.equal(c1[1], 0.30000000000000004);
  // negative eigenvalues are clamped to 1e-20
  const { D: dn } = cmaEigen(Float64Array.of(-1, 0, 0, 2), 2, 1, "auto");
  assert.equal(dn[0], 1e-10);
});

const sphereRun = (seed: number, n: number, lam: number, gens: number) => {
  const es = cmaEs({ numDims: n, popsize: lam, sigmaInit: 0.5, maximize: false, meanInit: 1 });
  let st = es.init(key(seed));
  const history: number[] = [];
  for (let g = 0; g < gens; g++) {
    const { candidates, state } = es.ask(st, fold(key(seed), g));
    // after every ask, C is exactly symmetric and its eigenvalues are positive
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < i; j++) assert.equal(state.C[i * n + j], state.C[j * n + i]);
    }
    for (let j = 0; j < n; j++) assert.ok(state.D![j] > 0);
    const f = new Float64Array(lam);
    for (let k = 0; k < lam; k++) {
      for (let i = 0; i < n; i++) f[k] += candidates[k * n + i] ** 2;
    }
    st = es.tell(state, candidates, f);
    history.push(es.best(st).fitness);
  }
  return { st, history };
};

Deno.test("CMA property: symmetric positive definite C, monotone best, same key ⇒ same run", () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 2, max: 6 }), (seed, n) => {
      const a = sphereRun(seed, n, 8, 15);
      const b = sphereRun(seed, n, 8, 15);
      assert.deepEqual(a.st.mean, b.st.mean);
      assert.deepEqual(a.st.C, b.st.C);
      for (let g = 1; g < a.history.length; g++) assert.ok(a.history[g] <= a.history[g - 1]);
    }),
    { seed: 42, numRuns: 20 },
  );
});

Deno.test("CMA solves a 10-D sphere and does not mutate its inputs", () => {
  const { st } = sphereRun(3, 10, 10, 150);
  assert.ok(st.bestFitness < 1e-8, `best ${st.bestFitness}`);
  const es = cmaEs({ numDims: 2, popsize: 4 });
  const s0 = es.init(key(0));
  const snap = structuredClone(s0);
  const { candidates, state } = es.ask(s0, key(1));
  assert.deepEqual(s0, snap);
  const st2 = structuredClone(state);
  const cands = candidates.slice();
  es.tell(state, candidates, Float64Array.of(1, 2, 3, 4));
  assert.deepEqual(state, st2);
  assert.deepEqual(candidates, cands);
});

Deno.test("CMA rejects bad parameters", () => {
  assert.throws(() => cmaEs({ numDims: 0, popsize: 4 }), RangeError);
  assert.throws(() => cmaEs({ numDims: 3, popsize: 1 }), RangeError);
  assert.throws(() => cmaEs({ numDims: 3, popsize: 4, sigmaInit: 0 }), RangeError);
  assert.throws(() => cmaEs({ numDims: 3, popsize: 4, meanInit: new Float64Array(2) }), RangeError);
});

Deno.test("lazy CMA: pycma's gap 1/(c1+cμ)/n/10 is 1.46 at n = 1918, λ = 256", () => {
  const c = cmaConstants(1918, 256);
  // from the fixture constants c1 = 5.42920683e−7, cμ = 3.51950826e−5
  rel(pycmaEigenGap(c), 1 / (5.42920683e-7 + 3.51950826e-5) / 1918 / 10, 1e-8);
  assert.equal(cmaEs({ numDims: 1918, popsize: 256, eigenGap: "pycma" }).constants.n, 1918);
  assert.throws(() => cmaEs({ numDims: 3, popsize: 4, eigenGap: 0.5 }), RangeError);
  assert.throws(() => cmaEs({ numDims: 3, popsize: 4, eigenGap: NaN }), RangeError);
});

Deno.test("lazy CMA: decomposes at generations 0, 3, 6, … for eigenGap 3 (2.5 ⇒ every 3rd too)", () => {
  for (const gap of [3, 2.5]) {
    const n = 4, lam = 8;
    const es = cmaEs({ numDims: n, popsize: lam, eigenGap: gap, maximize: false });
    let st = es.init(key(0));
    let lastB: Float64Array | null = null;
    const fresh: number[] = [];
    for (let g = 0; g < 10; g++) {
      const { candidates, state } = es.ask(st, fold(key(1), g));
      if (state.B !== lastB) fresh.push(g);
      lastB = state.B;
      assert.equal(state.eigenGen, fresh.at(-1));
      const f = new Float64Array(lam);
      for (let r = 0; r < lam; r++) for (let i = 0; i < n; i++) f[r] += candidates[r * n + i] ** 2;
      st = es.tell(state, candidates, f);
      assert.equal(st.B, state.B); // tell keeps the eigensystem in lazy mode
    }
    assert.deepEqual(fresh, [0, 3, 6, 9]);
  }
});

Deno.test("lazy CMA: eigenGap 1 is the default path bit for bit; the lazy tell agrees to rounding", () => {
  // n = 260 spans three row blocks of the lower-triangle rank-μ product
  for (const [n, lam, gens] of [[6, 10, 6], [260, 8, 2]]) lazyAgrees(n, lam, gens);
});

function lazyAgrees(n: number, lam: number, gens: number): void {
  const base = cmaEs({ numDims: n, popsize: lam, sigmaInit: 0.7 });
  const one = cmaEs({ numDims: n, popsize: lam, sigmaInit: 0.7, eigenGap: 1 });
  const lazy = cmaEs({ numDims: n, popsize: lam, sigmaInit: 0.7, eigenGap: 4 });
  let st = base.init(key(2)), s1 = one.init(key(2));
  for (let g = 0; g < gens; g++) {
    const a = base.ask(st, fold(key(3), g)), b = one.ask(s1, fold(key(3), g));
    const f = new Float64Array(lam).map((_, r) => -Math.abs(a.candidates[r * n] - 0.3 * r));
    // the lazy tell (half GEMM + Bᵀy_w as a matrix-vector product) from the same asked state
    const tl = lazy.tell(a.state, a.candidates, f);
    st = base.tell(a.state, a.candidates, f);
    s1 = one.tell(b.state, b.candidates, f);
    assert.deepEqual(s1, st);
    for (let i = 0; i < n; i++) {
      assert.ok(Math.abs(tl.pSigma[i] - st.pSigma[i]) < 1e-12);
      assert.equal(tl.mean[i], st.mean[i]);
    }
    for (let i = 0; i < n * n; i++) assert.ok(Math.abs(tl.C[i] - st.C[i]) < 1e-12);
    assert.ok(Math.abs(tl.sigma - st.sigma) < 1e-12);
  }
}

Deno.test("lazy CMA (eigenGap 5) still solves a 10-D sphere and a 6-D Rosenbrock", () => {
  const solve = (f: (x: Float64Array) => number, n: number, gens: number) => {
    const es = cmaEs({ numDims: n, popsize: 10, sigmaInit: 0.5, maximize: false, eigenGap: 5 });
    let st = es.init(key(4));
    for (let g = 0; g < gens; g++) {
      const { candidates, state } = es.ask(st, fold(key(5), g));
      const fit = new Float64Array(10).map((_, r) => f(candidates.subarray(r * n, (r + 1) * n)));
      st = es.tell(state, candidates, fit);
    }
    return st.bestFitness;
  };
  const sphere = (x: Float64Array) => x.reduce((s, v) => s + (v - 1) ** 2, 0);
  const rosen = (x: Float64Array) => {
    let s = 0;
    for (let i = 0; i < x.length - 1; i++) s += 100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2;
    return s;
  };
  const a = solve(sphere, 10, 200), b = solve(rosen, 6, 1200);
  assert.ok(a < 1e-8, `sphere ${a}`);
  assert.ok(b < 1e-6, `rosenbrock ${b}`);
});

Deno.test("lazy CMA: a checkpoint round-trip between decompositions resumes bit-exactly", () => {
  const n = 5, lam = 8;
  const es = cmaEs({ numDims: n, popsize: lam, eigenGap: 4 });
  const go = (st: ReturnType<typeof es.init>, g0: number, g1: number) => {
    for (let g = g0; g < g1; g++) {
      const { candidates, state } = es.ask(st, fold(key(9), g));
      const f = new Float64Array(lam).map((_, r) => -Math.abs(candidates[r * n + 1] - 1));
      st = es.tell(state, candidates, f);
    }
    return st;
  };
  const full = go(es.init(key(0)), 0, 11);
  const mid = decodeState(encodeState(go(es.init(key(0)), 0, 6))) as ReturnType<typeof es.init>;
  assert.equal(mid.eigenGen, 4); // decomposed at 0 and 4; generation 6 reuses it
  assert.deepEqual(encodeState(go(mid, 6, 11)), encodeState(full));
});
