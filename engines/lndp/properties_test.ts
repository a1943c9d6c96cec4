import assert from "node:assert/strict";
import fc from "fast-check";
import * as math from "mathjs";
import { InvalidConfig } from "@neuroplastic/core/errors";
import { fold, key, normal } from "@neuroplastic/core/random";
import { edgeGatesInto, graphTransformerInto } from "./attention.ts";
import { lifetimeConfig, lndpDefaults } from "./config.ts";
import { TASKS } from "./envs/mod.ts";
import { forwardInPlace } from "./forward.ts";
import { makeModel } from "./model.ts";
import { naiveGraphTransformer } from "./naive.ts";
import { ouProcess, ouStationaryCovariance, ouStepInPlace } from "./ou.ts";
import { unflattenParams } from "./params.ts";
import { cloneNetState, initNetGraph } from "./state.ts";
import { step } from "./step.ts";
import { run } from "./run.ts";
import { updateInPlace } from "./update.ts";
import { makeWorkspace } from "./workspace.ts";

const SEED = { seed: 42 };

Deno.test("property: A ⊆ M (type mask, no hidden self-loops) and ê = 0 where A_old = 0, w = ê[...,0]", () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...TASKS),
      fc.integer({ min: 0, max: 1e6 }),
      fc.double({ min: 0.05, max: 2, noNaN: true }),
      fc.boolean(),
      (task, seed, scale, stochastic) => {
        const m = makeModel(task, { ...lndpDefaults, stochasticDecisions: stochastic });
        const p = unflattenParams(m.layout, normal(key(seed), m.layout.size, 0, scale));
        const net = initNetGraph(m, key(seed + 1));
        const ws = makeWorkspace(m);
        const N = m.N;
        for (let u = 0; u < 6; u++) {
          const aOld = net.A.slice();
          updateInPlace(m, p, net, ws, fold(key(seed), u));
          for (let ij = 0; ij < N * N; ij++) {
            if (net.A[ij] && !m.mask[ij]) return false;
            if (!aOld[ij]) {
              for (let c = 0; c < 4; c++) if (net.e[ij * 4 + c] !== 0) return false;
            }
            if (net.w[ij] !== net.e[ij * 4]) return false;
          }
          for (let i = m.o; i < N - m.k; i++) if (net.A[i * N + i]) return false;
          forwardInPlace(m, net, new Float64Array(m.o).fill(0.3), ws);
        }
        return true;
      },
    ),
    { ...SEED, numRuns: 25 },
  );
});

Deno.test("property: a pruned edge has zero state from the update after it was pruned", () => {
  let prunedTotal = 0;
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 1e6 }),
      fc.double({ min: 0.2, max: 1.5, noNaN: true }),
      (seed, scale) => {
        const m = makeModel("cartpole", { ...lndpDefaults, stochasticDecisions: true });
        const p = unflattenParams(m.layout, normal(key(seed), m.layout.size, 0, scale));
        const net = initNetGraph(m, key(seed + 7));
        const ws = makeWorkspace(m);
        for (let u = 0; u < 8; u++) {
          const before = net.A.slice();
          updateInPlace(m, p, net, ws, fold(key(seed), u));
          const pruned: number[] = [];
          for (let ij = 0; ij < before.length; ij++) if (before[ij] && !net.A[ij]) pruned.push(ij);
          prunedTotal += pruned.length;
          updateInPlace(m, p, net, ws, fold(key(seed), 100 + u));
          for (const ij of pruned) {
            for (let c = 0; c < 4; c++) if (net.e[ij * 4 + c] !== 0) return false;
            if (net.w[ij] !== 0) return false;
          }
        }
        return true;
      },
    ),
    { ...SEED, numRuns: 20 },
  );
  assert.ok(prunedTotal > 0, "the runs must prune some edges for the property to mean anything");
});

Deno.test("property: attention rows sum to 1 over receivers j, and match the naive transcription", () => {
  const m = makeModel("acrobot", lndpDefaults);
  const ws = makeWorkspace(m);
  const N = m.N;
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 1e6 }),
      fc.double({ min: 0.01, max: 5, noNaN: true }),
      (seed, scale) => {
        const p = unflattenParams(m.layout, normal(key(seed), m.layout.size, 0, scale));
        const net = initNetGraph(m, key(seed + 3));
        const x = normal(key(seed + 5), N * 8, 0, scale);
        const alpha = new Float64Array(N * N * 3);
        edgeGatesInto(ws.gate, p.EW, p.Eb, net.e, net.A, N);
        graphTransformerInto(ws.xg, x, ws.gate, p, N, ws, alpha);
        for (let i = 0; i < N; i++) {
          for (let h = 0; h < 3; h++) {
            let s = 0;
            for (let j = 0; j < N; j++) s += alpha[(i * N + j) * 3 + h];
            if (Math.abs(s - 1) > 1e-12) return false;
          }
        }
        const xs = Array.from({ length: N }, (_, i) => x.slice(i * 8, i * 8 + 8));
        const ref = naiveGraphTransformer(p, xs, net.e, net.A, N);
        for (let i = 0; i < alpha.length; i++) {
          if (Math.abs(alpha[i] - ref.alpha[i]) > 1e-12) {
            return false;
          }
        }
        for (let n = 0; n < N; n++) {
          for (let u = 0; u < 8; u++) {
            if (
              Math.abs(ws.xg[n * 8 + u] - ref.out[n][u]) > 1e-9 * (1 + Math.abs(ref.out[n][u]))
            ) return false;
          }
        }
        return true;
      },
    ),
    { ...SEED, numRuns: 30 },
  );
});

Deno.test("OU noise factor F Fᵀ = (ΣΣᵀ)^{1/2} (mathjs sqrtm), not Σ", () => {
  fc.assert(
    fc.property(fc.integer({ min: 2, max: 4 }), fc.integer({ min: 0, max: 1e6 }), (d, seed) => {
      const sigma = normal(key(seed), d * d, 0, 0.5);
      const ou = ouProcess(
        new Float64Array(d),
        new Float64Array(d).fill(0.5),
        sigma,
        new Float64Array(d).fill(0.1),
      );
      const S = math.matrix(
        Array.from(
          { length: d },
          (_, i) =>
            Array.from({ length: d }, (_, j) => Math.min(1, Math.max(-1, sigma[i * d + j]))),
        ),
      );
      const Q = math.sqrtm(math.multiply(S, math.transpose(S))) as math.Matrix;
      for (let i = 0; i < d; i++) {
        for (let j = 0; j < d; j++) {
          let f = 0;
          for (let c = 0; c < d; c++) f += ou.factor[i * d + c] * ou.factor[j * d + c];
          if (Math.abs(f - (Q.get([i, j]) as number)) > 1e-9) return false;
        }
      }
      return true;
    }),
    { ...SEED, numRuns: 30 },
  );
});

Deno.test("property: the OU process reaches its stationary covariance Q/(1 − (1−λi)(1−λj))", () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 1e6 }), (seed) => {
      const d = 2;
      const sigma = normal(key(seed), d * d, 0, 0.4);
      const alpha = Float64Array.of(0.5 + (seed % 7) / 7, 1.5);
      const dt = Float64Array.of(0.2, 0.3);
      const mu = Float64Array.of(0.7, -0.4);
      const ou = ouProcess(mu, alpha, sigma, dt);
      const V = ouStationaryCovariance(ou);
      const x = Float64Array.from(mu), noise = new Float64Array(d), xi = new Float64Array(d);
      const n = 60_000, burn = 200;
      const s1 = new Float64Array(d), s2 = new Float64Array(d * d);
      const base = key(seed + 11);
      for (let t = 0; t < n + burn; t++) {
        ouStepInPlace(ou, x, fold(base, t), noise, xi);
        if (t < burn) continue;
        for (let i = 0; i < d; i++) {
          s1[i] += x[i];
          for (let j = 0; j < d; j++) s2[i * d + j] += x[i] * x[j];
        }
      }
      for (let i = 0; i < d; i++) {
        const mean = s1[i] / n;
        if (Math.abs(mean - mu[i]) > 6 * Math.sqrt(V[i * d + i] / n) * 4) return false;
        for (let j = 0; j < d; j++) {
          const c = s2[i * d + j] / n - (s1[i] / n) * (s1[j] / n);
          const scale = Math.sqrt(V[i * d + i] * V[j * d + j]);
          if (Math.abs(c - V[i * d + j]) > 0.06 * scale) return false;
        }
      }
      return true;
    }),
    { ...SEED, numRuns: 5 },
  );
});

Deno.test("property: same key ⇒ same lifetime; different key ⇒ a different initial graph", () => {
  fc.assert(
    fc.property(fc.constantFrom(...TASKS), fc.integer({ min: 0, max: 1e6 }), (task, seed) => {
      const m = makeModel(task, lndpDefaults);
      const g = normal(key(seed), m.layout.size, 0, 0.5);
      const episodes = 1;
      const a = run(m, g, episodes, key(seed + 1));
      const b = run(m, g, episodes, key(seed + 1));
      assert.deepEqual(a, b);
      const n1 = initNetGraph(m, key(seed)), n2 = initNetGraph(m, key(seed + 1));
      return n1.h.some((v, i) => v !== n2.h[i]);
    }),
    { ...SEED, numRuns: 6 },
  );
});

Deno.test("step is pure: its input state is not mutated", () => {
  const m = makeModel("cartpole", lndpDefaults);
  const p = unflattenParams(m.layout, normal(key(1), m.layout.size, 0, 0.5));
  const s0 = initNetGraph(m, key(2));
  const copy = cloneNetState(s0);
  const { state } = step(m, p, s0, [0.1, 0.2, 0.3, 0.4], 1, key(3), makeWorkspace(m));
  assert.deepEqual(s0, copy);
  assert.equal(state.t, 1);
});

Deno.test("bad genome length or env name ⇒ typed InvalidConfig naming it", () => {
  const m = makeModel("cartpole", lndpDefaults);
  assert.throws(
    () => run(m, new Float64Array(1917), 3, key(0)),
    (e: unknown) => e instanceof InvalidConfig && e.field === "genome" && /1918/.test(e.message),
  );
  assert.throws(
    () => makeModel("pong", lndpDefaults),
    (e: unknown) => e instanceof InvalidConfig && e.field === "task",
  );
  assert.throws(
    // deno-lint-ignore no-explicit-any
    () => lifetimeConfig({ task: "pong" as any }),
    (e: unknown) => e instanceof InvalidConfig && e.field === "task",
  );
  assert.throws(
    () => lifetimeConfig({ nNodes: 2.5 }),
    (e: unknown) => e instanceof InvalidConfig && e.field === "nNodes",
  );
});
