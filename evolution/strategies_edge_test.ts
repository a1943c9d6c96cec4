/**
 * Edge tests of the GA / SA / GSA strategies (what bench/mutation.ts showed
 * strategies_test.ts did not pin): parameter boundaries, the GA → SA switch generation, the
 * step and stall counters of a rejected move and a known initial fitness.
 */
import assert from "node:assert/strict";
import { fold, key } from "@neuroplastic/core/random";
import { genregGa } from "./ga.ts";
import { gsa } from "./gsa.ts";
import { gaussianOps } from "./ops.ts";
import { hillClimb, simulatedAnnealing } from "./sa.ts";

Deno.test("ga edge: exactly one elite is enough, zero elites is rejected", () => {
  const ops = gaussianOps({ numDims: 2 });
  // 5 × 0.2 = 1 elite
  assert.doesNotThrow(() => genregGa({ ops, popsize: 5, elite: 0.2 }));
  // 4 × 0.2 = 0.8 → 0 elites
  assert.throws(() => genregGa({ ops, popsize: 4, elite: 0.2 }), RangeError);
  // fractions summing to exactly 1 leave 0 random genomes: allowed
  assert.doesNotThrow(() =>
    genregGa({ ops, popsize: 10, elite: 0.2, survive: 0.3, cloneMutate: 0.5 })
  );
  assert.throws(
    () => genregGa({ ops, popsize: 10, elite: 0.3, survive: 0.3, cloneMutate: 0.5 }),
    RangeError,
  );
});

Deno.test("gsa edge: one GA generation is allowed and the SA phase starts after exactly `generations`", () => {
  const ops = gaussianOps({ numDims: 3 });
  assert.throws(() => gsa({ ops, generations: 0, saSteps: 5 }), RangeError);
  for (const generations of [1, 3]) {
    const s = gsa({ ops, popsize: 10, generations, saSteps: 5 });
    let st = s.init(key(4));
    const phases: string[] = [];
    for (let t = 0; t < generations + 2; t++) {
      const { candidates, state } = s.ask(st, fold(key(5), t));
      const f = new Float64Array(candidates.length / 3).map((_, k) => -Math.abs(candidates[3 * k]));
      st = s.tell(state, candidates, f);
      phases.push(st.phase);
    }
    const want = [...Array(generations - 1).fill("ga"), "sa", "sa", "sa"];
    assert.deepEqual(phases, want, `generations ${generations}`);
  }
});

Deno.test("hill climb edge: a rejected move counts one step and one stall, an accepted one resets the stall", () => {
  const ops = gaussianOps({ numDims: 2 });
  const s = hillClimb({ ops, maxSteps: 10, initial: new Float64Array([1, 1]), initialFitness: 5 });
  let st = s.init(key(1));
  assert.equal(st.currentFitness, 5);
  assert.equal(st.step, 0);
  const worse = s.ask(st, key(2));
  st = s.tell(worse.state, worse.candidates, new Float64Array([4]));
  assert.equal(st.step, 1);
  assert.equal(st.stall, 1);
  assert.equal(st.currentFitness, 5);
  const again = s.ask(st, key(3));
  st = s.tell(again.state, again.candidates, new Float64Array([3]));
  assert.equal(st.step, 2);
  assert.equal(st.stall, 2);
  const better = s.ask(st, key(4));
  st = s.tell(better.state, better.candidates, new Float64Array([6]));
  assert.equal(st.currentFitness, 6);
  assert.equal(st.stall, 0);
  assert.equal(s.best(st).fitness, 6);
});

Deno.test("local search edge: a known initial fitness is used, NaN or none means unknown", () => {
  const ops = gaussianOps({ numDims: 2 });
  const initial = new Float64Array([0.5, -0.5]);
  const known = simulatedAnnealing({ ops, steps: 10, initial, initialFitness: -2 });
  assert.equal(known.init(key(0)).currentFitness, -2);
  const nan = simulatedAnnealing({ ops, steps: 10, initial, initialFitness: NaN });
  assert.ok(Number.isNaN(nan.init(key(0)).currentFitness));
  const none = hillClimb({ ops, maxSteps: 10, initial });
  assert.ok(Number.isNaN(none.init(key(0)).currentFitness));
});

Deno.test("genregGa adoptCandidates: tell keeps the candidates array; same chain as copying", () => {
  const ops = gaussianOps({ numDims: 6 });
  const copy = genregGa({ ops, popsize: 10 }),
    adopt = genregGa({ ops, popsize: 10, adoptCandidates: true });
  let a = copy.init(key(4)), b = adopt.init(key(4));
  for (let g = 0; g < 6; g++) {
    const ca = copy.ask(a, fold(key(5), g)), cb = adopt.ask(b, fold(key(5), g));
    assert.deepEqual(cb.candidates, ca.candidates);
    const f = new Float64Array(10);
    for (let k = 0; k < 10; k++) for (let i = 0; i < 6; i++) f[k] -= ca.candidates[k * 6 + i] ** 2;
    a = copy.tell(ca.state, ca.candidates, f);
    b = adopt.tell(cb.state, cb.candidates, f);
    assert.notEqual(a.population, ca.candidates);
    assert.equal(b.population, cb.candidates);
    assert.deepEqual(b, a);
  }
});
