import assert from "node:assert/strict";
import { fold, key, normal, uniform } from "@neuroplastic/core/random";
import { modeBLossAndGrad, modeBWorkspace } from "./bptt.ts";
import {
  initModeBState,
  modeBLayout,
  type ModeBPlasticity,
  type ModeBSpec,
  runModeB,
  stepModeB,
} from "./model.ts";

/** Masked MSE computed through the inference path (runModeB): the FD oracle. */
const lossByRun = (
  p: Float64Array,
  s: ModeBSpec,
  x: Float64Array,
  tgt: Float64Array,
  w: Float64Array,
  B: number,
  T: number,
): number => {
  const { y } = runModeB(p, s, initModeBState(s, B), x, T);
  let l = 0;
  let ws = 0;
  for (let k = 0; k < B * T; k++) ws += w[k];
  for (let k = 0; k < B * T; k++) {
    for (let o = 0; o < s.output; o++) {
      l += w[k] * (y[k * s.output + o] - tgt[k * s.output + o]) ** 2;
    }
  }
  return l / (s.output * ws);
};

const problem = (seed: number, s: ModeBSpec, B: number, T: number, scale: number) => {
  const k = key(seed);
  return {
    p: normal(fold(k, 1), modeBLayout(s).size, 0, scale),
    x: uniform(fold(k, 2), B * T * s.input, -1, 1),
    tgt: uniform(fold(k, 3), B * T * s.output, -1, 1),
    w: Float64Array.from(uniform(fold(k, 4), B * T), (v) => (v < 0.3 ? 0 : 1)),
  };
};

const variants: ModeBPlasticity[] = ["none", "hebbian", "simple", "retroactive"];

Deno.test("mode B BPTT: gradient equals central finite differences on a 3-step unroll (all variants)", () => {
  for (const plasticity of variants) {
    for (
      const [seed, I, H, O, B, T, eta, clip, scale] of [
        [1, 2, 4, 2, 2, 3, 0.3, 1, 0.8],
        [2, 3, 3, 1, 1, 3, 0.7, 0.05, 1.5], // small clip: the clip is active on many entries
        [3, 1, 5, 2, 2, 5, 0.1, 1, 0.6],
      ] as const
    ) {
      const s: ModeBSpec = { input: I, hidden: H, output: O, plasticity, eta, clip };
      const { p, x, tgt, w } = problem(seed * 17 + variants.indexOf(plasticity), s, B, T, scale);
      const grad = new Float64Array(p.length);
      const loss = modeBLossAndGrad(p, s, x, tgt, w, B, T, grad, modeBWorkspace(s, T));
      const ref = lossByRun(p, s, x, tgt, w, B, T);
      assert.ok(Math.abs(loss - ref) < 1e-12 * (1 + ref), `${plasticity}: loss ${loss} vs ${ref}`);
      const h = 1e-6;
      let maxErr = 0;
      for (let k = 0; k < p.length; k++) {
        const pp = p.slice();
        pp[k] += h;
        const lp = lossByRun(pp, s, x, tgt, w, B, T);
        pp[k] -= 2 * h;
        const lm = lossByRun(pp, s, x, tgt, w, B, T);
        const fd = (lp - lm) / (2 * h);
        maxErr = Math.max(maxErr, Math.abs(fd - grad[k]) / Math.max(1e-4, Math.abs(fd)));
      }
      assert.ok(maxErr < 1e-5, `${plasticity} seed ${seed}: max relative gradient error ${maxErr}`);
    }
  }
});

Deno.test("mode B: the plastic path carries gradient (∂α ≠ 0) and the clip is hit in the clipped case", () => {
  const s: ModeBSpec = {
    input: 2,
    hidden: 4,
    output: 1,
    plasticity: "simple",
    eta: 0.1,
    clip: 0.05,
  };
  const { p, x, tgt, w } = problem(5, s, 2, 6, 1.5);
  const g = new Float64Array(p.length);
  const ws = modeBWorkspace(s, 6);
  modeBLossAndGrad(p, s, x, tgt, w, 2, 6, g, ws);
  const L = modeBLayout(s);
  let a = 0;
  for (let k = L.alpha; k < L.alpha + 16; k++) a = Math.max(a, Math.abs(g[k]));
  assert.ok(a > 1e-6);
  assert.ok(ws.mask.some((v) => v === 0), "some trace entries clipped");
  assert.ok(ws.p.every((v) => Math.abs(v) <= 0.05), "|P| ≤ clip");
});

Deno.test("mode B: run equals repeated step bit for bit and never mutates its input", () => {
  for (const plasticity of variants) {
    const s: ModeBSpec = { input: 2, hidden: 5, output: 2, plasticity, eta: 0.2, clip: 1 };
    const { p, x } = problem(9, s, 1, 7, 0.7);
    const s0 = initModeBState(s, 1);
    const snap = { h: s0.h.slice(), p: s0.p.slice() };
    const { state: sr, y: yr } = runModeB(p, s, s0, x, 7);
    assert.deepEqual(s0.h, snap.h);
    assert.deepEqual(s0.p, snap.p);
    let st = s0;
    for (let t = 0; t < 7; t++) {
      const r = stepModeB(p, s, st, x.subarray(t * 2, t * 2 + 2));
      for (let o = 0; o < 2; o++) assert.equal(r.y[o], yr[t * 2 + o]);
      st = r.state;
    }
    assert.deepEqual(st.h, sr.h);
    assert.deepEqual(st.p, sr.p);
    assert.deepEqual(st.e, sr.e);
  }
});

Deno.test("mode B: |P| ≤ clip for every variant and input (property); zero activity ⇒ hebbian trace decays", async () => {
  const fc = (await import("fast-check")).default;
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 1e6 }),
      fc.constantFrom<ModeBPlasticity>("hebbian", "simple", "retroactive"),
      fc.double({ min: 0.01, max: 2, noNaN: true }),
      (seed, plasticity, clip) => {
        const s: ModeBSpec = { input: 2, hidden: 4, output: 1, plasticity, eta: 0.5, clip };
        const { p, x } = problem(seed, s, 2, 9, 2);
        const { state } = runModeB(p, s, initModeBState(s, 2), x, 9);
        return state.p.every((v) => Math.abs(v) <= clip);
      },
    ),
    { seed: 42, numRuns: 40 },
  );
  // h = 0 (zero weights, zero input) ⇒ D = 0: hebbian P_t = (1 − η)^t P_0, modulated P_t = P_0
  for (const plasticity of ["hebbian", "simple"] as const) {
    const s: ModeBSpec = { input: 1, hidden: 3, output: 1, plasticity, eta: 0.2, clip: 1 };
    const p = new Float64Array(modeBLayout(s).size);
    const p0 = normal(key(1), 9, 0, 0.3);
    const st = { ...initModeBState(s, 1), p: p0 };
    const { state } = runModeB(p, s, st, new Float64Array(10), 10);
    const f = plasticity === "hebbian" ? 0.8 ** 10 : 1;
    for (let k = 0; k < 9; k++) assert.ok(Math.abs(state.p[k] - f * p0[k]) < 1e-15);
  }
});
