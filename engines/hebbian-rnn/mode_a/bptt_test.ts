import assert from "node:assert/strict";
import { fold, key, normal, uniform } from "@neuroplastic/core/random";
import { modeALossAndGrad, modeAWorkspace } from "./bptt.ts";
import { modeALayout, type ModeAShape } from "./params.ts";
import { initState as initModeAState } from "./state.ts";
import { run as runModeA } from "./run.ts";

/** Loss of the reference forward computed by the inference path (runModeA), for FD checks. */
const lossByRun = (
  p: Float64Array,
  s: ModeAShape,
  x: Float64Array,
  m: Float64Array,
  tgt: Float64Array,
  B: number,
  T: number,
  eta: number,
): number => {
  const { record } = runModeA(p, s, initModeAState(s, B), x, T, eta, m);
  let l = 0;
  for (let k = 0; k < record.y.length; k++) l += (record.y[k] - tgt[k]) ** 2;
  return l / record.y.length;
};

const problem = (seed: number, s: ModeAShape, B: number, T: number) => {
  const k = key(seed);
  const L = modeALayout(s);
  return {
    p: normal(fold(k, 1), L.size, 0, 0.6),
    x: uniform(fold(k, 2), B * T * s.input, -1, 1),
    m: uniform(fold(k, 3), B * T, 0, 1),
    tgt: uniform(fold(k, 4), B * T * s.output, -1, 1),
  };
};

Deno.test("mode A BPTT: fused gradient equals central finite differences (3-step unroll)", () => {
  for (
    const [seed, s, B, T, eta] of [
      [1, { input: 2, hidden: 4, output: 3 }, 2, 3, 0.1],
      [2, { input: 1, hidden: 5, output: 1 }, 3, 3, 0.7],
      [3, { input: 3, hidden: 3, output: 2 }, 1, 6, 1],
    ] as const
  ) {
    const { p, x, m, tgt } = problem(seed, s, B, T);
    const grad = new Float64Array(p.length);
    const loss = modeALossAndGrad(p, s, x, m, tgt, B, T, eta, grad, modeAWorkspace(s, T));
    assert.ok(
      Math.abs(loss - lossByRun(p, s, x, m, tgt, B, T, eta)) < 1e-12,
      "fused loss = run loss",
    );
    const h = 1e-6;
    let maxErr = 0;
    for (let k = 0; k < p.length; k++) {
      const pp = p.slice();
      pp[k] += h;
      const lp = lossByRun(pp, s, x, m, tgt, B, T, eta);
      pp[k] -= 2 * h;
      const lm = lossByRun(pp, s, x, m, tgt, B, T, eta);
      const fd = (lp - lm) / (2 * h);
      maxErr = Math.max(maxErr, Math.abs(fd - grad[k]) / Math.max(1e-3, Math.abs(fd)));
    }
    assert.ok(maxErr < 1e-6, `seed ${seed}: max relative gradient error ${maxErr}`);
  }
});

Deno.test("mode A BPTT: the plastic path matters (η = 0 and η > 0 gradients differ on W_hh)", () => {
  const s = { input: 1, hidden: 4, output: 1 };
  const { p, x, m, tgt } = problem(9, s, 2, 5);
  const g0 = new Float64Array(p.length);
  const g1 = new Float64Array(p.length);
  modeALossAndGrad(p, s, x, m, tgt, 2, 5, 0, g0, modeAWorkspace(s, 5));
  modeALossAndGrad(p, s, x, m, tgt, 2, 5, 0.5, g1, modeAWorkspace(s, 5));
  const L = modeALayout(s);
  let diff = 0;
  for (let k = L.wHh; k < L.bHh; k++) diff = Math.max(diff, Math.abs(g0[k] - g1[k]));
  assert.ok(diff > 1e-4);
});

Deno.test("mode A BPTT: low-rank kernel equals the dense-trace kernel and finite differences", async () => {
  const { modeALossAndGradLowRank, modeALowRankWorkspace } = await import("./bptt_lowrank.ts");
  for (
    const [seed, s, B, T, eta] of [
      [1, { input: 2, hidden: 4, output: 3 }, 2, 3, 0.1],
      [4, { input: 1, hidden: 6, output: 1 }, 5, 7, 0.3],
      [5, { input: 3, hidden: 8, output: 2 }, 4, 12, 1],
      [6, { input: 1, hidden: 32, output: 1 }, 32, 10, 0.1],
    ] as const
  ) {
    const { p, x, m, tgt } = problem(seed, s, B, T);
    const g1 = new Float64Array(p.length);
    const g2 = new Float64Array(p.length);
    const l1 = modeALossAndGrad(p, s, x, m, tgt, B, T, eta, g1, modeAWorkspace(s, T));
    const l2 = modeALossAndGradLowRank(
      p,
      s,
      x,
      m,
      tgt,
      B,
      T,
      eta,
      g2,
      modeALowRankWorkspace(s, B, T),
    );
    assert.ok(Math.abs(l1 - l2) < 1e-12 * (1 + l1), `seed ${seed} loss ${l1} vs ${l2}`);
    for (let k = 0; k < p.length; k++) {
      assert.ok(
        Math.abs(g1[k] - g2[k]) < 1e-10 * (1 + Math.abs(g1[k])),
        `seed ${seed} grad[${k}] ${g1[k]} vs ${g2[k]}`,
      );
    }
  }
});
