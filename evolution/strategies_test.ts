import assert from "node:assert/strict";
import fc from "fast-check";
import { fold, key } from "@neuroplastic/core/random";
import { ga, genregGa } from "./ga.ts";
import { gsa } from "./gsa.ts";
import { gaussianOps, maskedGaussianInto } from "./ops.ts";
import { hillClimb, saTemperature, simulatedAnnealing } from "./sa.ts";
import type { Strategy } from "./types.ts";

const sphere = (x: Float64Array, n: number): Float64Array => {
  const f = new Float64Array(x.length / n);
  for (let k = 0; k < f.length; k++) for (let i = 0; i < n; i++) f[k] += x[k * n + i] ** 2;
  return f;
};

/** Runs a strategy on −sphere (maximised), returning the best-in-population history. */
const run = <S>(s: Strategy<S>, seed: number, steps: number, n: number) => {
  let st = s.init(key(seed));
  const popBest: number[] = [];
  for (let t = 0; t < steps && !(s.done?.(st) ?? false); t++) {
    const { candidates, state, knownFitness } = s.ask(st, fold(key(seed + 1), t));
    const f = sphere(candidates, n).map((v) => -v);
    if (knownFitness) {
      for (let k = 0; k < f.length; k++) {
        if (knownFitness[k] === knownFitness[k]) assert.equal(knownFitness[k], f[k]);
      }
    }
    st = s.tell(state, candidates, f);
    popBest.push(Math.max(...f));
  }
  return { st, popBest, best: s.best(st) };
};

Deno.test("masked Gaussian mutation: rate 0 copies, rate 1 mutates all, mean count ≈ rate·n", () => {
  const p = new Float64Array(2000).fill(1);
  const out = new Float64Array(2000);
  assert.equal(maskedGaussianInto(p, out, key(0), 0, 0.1), 0);
  assert.deepEqual(out, p);
  assert.equal(maskedGaussianInto(p, out, key(0), 1, 0.1), 2000);
  assert.ok(out.every((v) => v !== 1));
  let total = 0;
  for (let s = 0; s < 50; s++) total += maskedGaussianInto(p, out, key(s), 0.1, 0.1);
  assert.ok(Math.abs(total / 50 - 200) < 10, `mean ${total / 50}`);
  // only the requested range changes
  maskedGaussianInto(p, out, key(1), 1, 0.1, 10, 20);
  for (let i = 0; i < 2000; i++) assert.equal(out[i] !== 1, i >= 10 && i < 20);
});

Deno.test("GENREG GA: tiers 8/12/16/4, elites carried, elitism never lowers the best", () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 1e6 }), (seed) => {
      const s = genregGa({ ops: gaussianOps({ numDims: 4 }) });
      assert.deepEqual(s.tiers, { elite: 8, survive: 12, clone: 16, random: 4 });
      const { popBest, st } = run(s, seed, 30, 4);
      for (let g = 1; g < popBest.length; g++) assert.ok(popBest[g] >= popBest[g - 1]);
      assert.equal(st.gen, 30);
      const again = run(s, seed, 30, 4);
      assert.deepEqual(again.st.population, st.population);
    }),
    { seed: 42, numRuns: 20 },
  );
});

Deno.test("GENREG GA ask: survivors are the top 50% in rank order; clones differ from parents", () => {
  const n = 3;
  const s = genregGa({ ops: gaussianOps({ numDims: n, rate: 1 }) });
  const first = s.ask(s.init(key(0)), key(1));
  const f = sphere(first.candidates, n).map((v) => -v);
  const st = s.tell(first.state, first.candidates, f);
  const next = s.ask(st, key(2));
  const order = Array.from(f.keys()).sort((a, b) => f[b] - f[a] || a - b);
  for (let i = 0; i < 20; i++) {
    assert.deepEqual(
      Array.from(next.candidates.subarray(i * n, (i + 1) * n)),
      Array.from(first.candidates.subarray(order[i] * n, (order[i] + 1) * n)),
    );
    assert.equal(next.knownFitness![i], f[order[i]]);
  }
  for (let i = 20; i < 40; i++) assert.ok(Number.isNaN(next.knownFitness![i]));
});

Deno.test("generic GA: tournament/truncation × crossover kinds keep elitism and converge", () => {
  for (const selection of ["tournament", "truncation"] as const) {
    for (const crossover of ["uniform", "onePoint", "blend", "none"] as const) {
      const s = ga({
        ops: gaussianOps({ numDims: 5, rate: 0.3, scale: 0.1 }),
        popsize: 30,
        selection,
        crossover,
        elitism: 2,
      });
      const { popBest, best } = run(s, 7, 80, 5);
      for (let g = 1; g < popBest.length; g++) assert.ok(popBest[g] >= popBest[g - 1]);
      assert.ok(best.fitness > -0.5, `${selection}/${crossover}: ${best.fitness}`);
    }
  }
  // uniform crossover without mutation draws every gene from one of the parents
  const s = ga({
    ops: gaussianOps({ numDims: 6, rate: 0 }),
    popsize: 10,
    elitism: 0,
    crossoverRate: 1,
  });
  const a = s.ask(s.init(key(3)), key(4));
  const st = s.tell(a.state, a.candidates, sphere(a.candidates, 6));
  const b = s.ask(st, key(5));
  const genes = new Set(a.candidates);
  for (const v of b.candidates) assert.ok(genes.has(v));
});

Deno.test("SA: geometric schedule, best monotone, bit-reproducible; hill climbing stops on patience", () => {
  assert.equal(saTemperature(0, 10, 0.01, 1e-5), 0.01);
  assert.ok(Math.abs(saTemperature(10, 10, 0.01, 1e-5) - 1e-5) < 1e-18);
  const sa = simulatedAnnealing({
    ops: gaussianOps({ numDims: 3, rate: 1, scale: 0.2 }),
    steps: 3000,
  });
  const a = run(sa, 1, 10_000, 3);
  const b = run(sa, 1, 10_000, 3);
  assert.deepEqual(a.st.bestGenome, b.st.bestGenome);
  assert.equal(a.st.step, 3000);
  assert.ok(a.best.fitness > -1e-2);
  let best = -Infinity;
  for (const f of a.popBest) best = Math.max(best, f);
  assert.equal(best, a.best.fitness);
  const hc = hillClimb({
    ops: gaussianOps({ numDims: 3, rate: 1, scale: 0.1 }),
    maxSteps: 100_000,
    patience: 50,
  });
  const h = run(hc, 2, 1e6, 3);
  assert.equal(h.st.stall, 50);
  assert.ok(h.st.step < 100_000);
  assert.equal(h.st.bestFitness, h.st.currentFitness);
});

Deno.test("GSA: GA phase then SA refinement from the GA's best", () => {
  const s = gsa({ ops: gaussianOps({ numDims: 4 }), generations: 10, saSteps: 300 });
  let st = s.init(key(0));
  let gaBest = -Infinity;
  for (let t = 0; !s.done!(st); t++) {
    const { candidates, state } = s.ask(st, fold(key(1), t));
    assert.equal(candidates.length, state.phase === "ga" ? 160 : 4);
    st = s.tell(state, candidates, sphere(candidates, 4).map((v) => -v));
    if (st.phase === "ga" || t === 9) gaBest = s.best(st).fitness;
  }
  assert.equal(st.sa!.step, 300);
  assert.ok(s.best(st).fitness >= gaBest);
});

Deno.test("structured genomes: treeGenome ravels a parameter tree for any strategy", async () => {
  const { treeGenome } = await import("./tree_genome.ts");
  const { cmaEs } = await import("./cma_es.ts");
  const tmpl = {
    layer: {
      w: { data: new Float64Array(6).fill(2), shape: [2, 3] },
      b: { data: Float64Array.of(1, -1), shape: [2] },
    },
  };
  const g = treeGenome(tmpl);
  assert.equal(g.numDims, 8);
  assert.deepEqual(g.paths, ["layer.w", "layer.b"]);
  const es = cmaEs({
    numDims: 8,
    popsize: 8,
    meanInit: g.initial,
    sigmaInit: 0.3,
    maximize: false,
  });
  let st = es.init(key(0));
  for (let t = 0; t < 150; t++) {
    const { candidates, state } = es.ask(st, fold(key(1), t));
    const f = new Float64Array(8);
    for (let k = 0; k < 8; k++) {
      const tree = g.unflatten(candidates.subarray(k * 8, (k + 1) * 8)) as typeof tmpl;
      assert.deepEqual(tree.layer.w.shape, [2, 3]);
      for (const v of tree.layer.w.data) f[k] += v * v;
      for (const v of tree.layer.b.data) f[k] += (v - 3) ** 2;
    }
    st = es.tell(state, candidates, f);
  }
  const best = g.unflatten(es.best(st).genome) as typeof tmpl;
  assert.ok(Math.abs(best.layer.b.data[0] - 3) < 1e-2 && Math.abs(best.layer.w.data[0]) < 1e-2);
});
