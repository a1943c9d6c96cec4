import assert from "node:assert/strict";
import { decodeState, encodeState } from "@neuroplastic/core/checkpoint";
import { InvalidConfig } from "@neuroplastic/core/errors";
import { fold, key } from "@neuroplastic/core/random";
import { cmaEs, openaiEs, sepCmaEs } from "@neuroplastic/evolution";
import { type AskTell, makeStrategy, type StrategySettings } from "./strategy.ts";

const settings = (over: Partial<StrategySettings>): StrategySettings => ({
  strategy: "cma",
  popsize: 8,
  sigmaInit: 0.5,
  eliteRatio: 0.5,
  lrate: 0.1,
  fitnessShaping: "none",
  ...over,
});

/** Maximise −‖x − (1, −1, 2, 0.5, −0.5)‖² for `gens` generations from `st`. */
const run = (s: AskTell<unknown>, st: unknown, g0: number, gens: number): unknown => {
  const t = [1, -1, 2, 0.5, -0.5];
  for (let g = g0; g < g0 + gens; g++) {
    const { candidates, state } = s.ask(st, fold(key(1), g));
    const lam = candidates.length / 5, f = new Float64Array(lam);
    for (let k = 0; k < lam; k++) {
      for (let i = 0; i < 5; i++) f[k] -= (candidates[k * 5 + i] - t[i]) ** 2;
    }
    st = s.tell(state, candidates, f);
  }
  return st;
};

Deno.test("strategies are thin adapters: bit-identical to @neuroplastic/evolution cmaEs / openaiEs", () => {
  const pairs = [
    [
      makeStrategy(settings({ strategy: "cma" }), 5),
      cmaEs({ numDims: 5, popsize: 8, sigmaInit: 0.5, eliteRatio: 0.5 }),
    ],
    [
      makeStrategy(settings({ strategy: "cma-lazy" }), 5),
      cmaEs({ numDims: 5, popsize: 8, sigmaInit: 0.5, eliteRatio: 0.5, eigenGap: "pycma" }),
    ],
    [
      makeStrategy(settings({ strategy: "sep-cma" }), 5),
      sepCmaEs({ numDims: 5, popsize: 8, sigmaInit: 0.5, eliteRatio: 0.5 }),
    ],
    [
      makeStrategy(settings({ strategy: "openai", fitnessShaping: "centeredRank" }), 5),
      openaiEs({
        numDims: 5,
        popsize: 8,
        sigmaInit: 0.5,
        lrate: 0.1,
        fitnessShaping: "centeredRank",
      }),
    ],
  ] as const;
  for (const [ours, theirs] of pairs) {
    const a = run(ours, ours.init(key(0)), 0, 5);
    const b = run(theirs as unknown as AskTell<unknown>, theirs.init(key(0)), 0, 5);
    assert.deepEqual(encodeState(a), encodeState(b));
  }
});

for (const strategy of ["cma", "cma-lazy", "sep-cma", "openai"] as const) {
  Deno.test(`${strategy}: improves a quadratic; checkpoint round-trip mid-run resumes bit-exactly`, () => {
    const s = makeStrategy(settings({ strategy }), 5);
    const full = run(s, s.init(key(0)), 0, 40);
    const mid = decodeState(encodeState(run(s, s.init(key(0)), 0, 17)));
    const resumed = run(s, mid, 17, 23);
    assert.deepEqual(encodeState(resumed), encodeState(full));
    const m0 = s.mean(s.init(key(0)))!, m = s.mean(full)!;
    const t = [1, -1, 2, 0.5, -0.5];
    const d = (x: Float64Array): number => Math.hypot(...t.map((ti, i) => x[i] - ti));
    assert.ok(d(m) < 0.5 * d(m0), `${strategy}: ${d(m0)} → ${d(m)}`);
  });
}

Deno.test("OpenAI-ES with an odd popsize ⇒ InvalidConfig naming popsize", () => {
  assert.throws(
    () => makeStrategy(settings({ strategy: "openai", popsize: 7 }), 3),
    (e: unknown) => e instanceof InvalidConfig && e.field === "popsize",
  );
});
