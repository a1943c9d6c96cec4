import assert from "node:assert/strict";
import { fold, key } from "@neuroplastic/core/random";
import { openaiEs } from "./openai_es.ts";
import { argsortDescending, argsortStable, centeredRanks, zScore } from "./ranks.ts";

Deno.test("ranks: stable argsort, centred ranks in [−0.5, 0.5], z-score", () => {
  assert.deepEqual(Array.from(argsortStable(Float64Array.of(2, 1, 2, NaN, 0))), [4, 1, 0, 2, 3]);
  assert.deepEqual(Array.from(argsortDescending(Float64Array.of(2, 1, 2, 0))), [0, 2, 1, 3]);
  const cr = centeredRanks(Float64Array.of(10, -1, 3, 3));
  [0.5, -0.5, -1 / 6, 1 / 6].forEach((v, i) => assert.ok(Math.abs(cr[i] - v) < 1e-15));
  const z = zScore(Float64Array.of(1, 2, 3));
  assert.ok(Math.abs(z[0] + z[2]) < 1e-12 && Math.abs(z[1]) < 1e-12);
});

Deno.test("OpenAI-ES: antithetic pairs and the Adam update by hand", () => {
  const es = openaiEs({ numDims: 2, popsize: 4, sigmaInit: 0.5, lrate: 0.1, meanInit: 1 });
  const { candidates: x, state } = es.ask(es.init(key(0)), key(5));
  for (let k = 0; k < 2; k++) {
    for (let i = 0; i < 2; i++) assert.equal(x[k * 2 + i] + x[(k + 2) * 2 + i], 2);
  }
  const fit = Float64Array.of(4, 1, 3, 2); // maximised → f = −fit → ranks [0, 3, 1, 2]/3 − 0.5
  const s = es.tell(state, x, fit);
  const shaped = [-0.5, 0.5, -1 / 6, 1 / 6];
  for (let i = 0; i < 2; i++) {
    let g = 0;
    for (let k = 0; k < 4; k++) g += ((x[k * 2 + i] - 1) / 0.5) * shaped[k];
    g /= 4 * 0.5;
    const m = 0.01 * g, v = 0.001 * g * g;
    const expected = 1 - (0.1 * (m / 0.01)) / (Math.sqrt(v / 0.001) + 1e-8);
    assert.ok(Math.abs(s.mean[i] - expected) < 1e-12);
  }
  assert.equal(s.bestFitness, 4);
  assert.deepEqual(Array.from(s.bestGenome), Array.from(x.subarray(0, 2)));
});

Deno.test("OpenAI-ES minimises a 10-D sphere; same key ⇒ same run", () => {
  const run = () => {
    const es = openaiEs({
      numDims: 10,
      popsize: 40,
      sigmaInit: 0.1,
      lrate: 0.05,
      maximize: false,
      meanInit: 2,
    });
    let st = es.init(key(1));
    for (let g = 0; g < 400; g++) {
      const { candidates, state } = es.ask(st, fold(key(2), g));
      const f = new Float64Array(40);
      for (let k = 0; k < 40; k++) for (let i = 0; i < 10; i++) f[k] += candidates[k * 10 + i] ** 2;
      st = es.tell(state, candidates, f);
    }
    return st;
  };
  const a = run(), b = run();
  assert.deepEqual(a.mean, b.mean);
  let r = 0;
  for (let i = 0; i < 10; i++) r += a.mean[i] ** 2;
  assert.ok(r < 0.05, `|m|² = ${r}`);
});

Deno.test("OpenAI-ES rejects odd populations", () => {
  assert.throws(() => openaiEs({ numDims: 2, popsize: 5 }), RangeError);
});
