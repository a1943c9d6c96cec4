import assert from "node:assert/strict";
import { key } from "@neuroplastic/core/random";
import { centeredRanks, makeStrategy } from "./strategy.ts";

Deno.test("centered ranks: ascending, stable on ties, in [−0.5, 0.5]", () => {
  assert.deepEqual(Array.from(centeredRanks(Float64Array.of(3, 1, 2))), [0.5, -0.5, 0]);
  assert.deepEqual(Array.from(centeredRanks(Float64Array.of(5, 5, 1))), [0, 0.5, -0.5]);
});

Deno.test("OpenAI-ES: antithetic population around the mean; a step moves the mean towards higher fitness", () => {
  const s = makeStrategy(
    {
      strategy: "openai",
      popsize: 8,
      sigmaInit: 0.5,
      eliteRatio: 0.5,
      lrate: 0.1,
      fitnessShaping: "none",
    },
    3,
  );
  let st = s.init(key(0));
  for (let g = 0; g < 60; g++) {
    const { candidates, state } = s.ask(st, key(g + 1));
    const m0 = s.mean(state)!;
    for (let i = 0; i < 3; i++) {
      // antithetic pairs: x_k − m = −(x_{k+4} − m)
      assert.ok(Math.abs(candidates[i] - m0[i] + (candidates[4 * 3 + i] - m0[i])) < 1e-12);
    }
    // maximise −‖x − (1, −1, 2)‖²
    const f = new Float64Array(8);
    for (let k = 0; k < 8; k++) {
      let d = 0;
      const t = [1, -1, 2];
      for (let i = 0; i < 3; i++) d += (candidates[k * 3 + i] - t[i]) ** 2;
      f[k] = -d;
    }
    st = s.tell(state, candidates, f);
  }
  const m = s.mean(st)!;
  const dist = Math.hypot(m[0] - 1, m[1] + 1, m[2] - 2);
  assert.ok(dist < 0.5 * Math.hypot(1, 1, 2), `mean ${Array.from(m)}`);
});
