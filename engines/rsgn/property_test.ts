// Invariants of spec §8 (hyperbolic ops, W, ignition, activations, inhibition, model-level).
import assert from "node:assert/strict";
import fc from "fast-check";
import { key } from "@neuroplastic/core/random";
import { presetConfig } from "./config.ts";
import { initParams } from "./params.ts";
import { rsgnForward } from "./model.ts";
import { BALL_EPS, connectionWeights, projectRowsRef, refDistance } from "./weights.ts";
import { distance, expMap0, logMap0, mobiusAdd } from "@neuroplastic/geometry";
import { refExpMap, refLogMap, refMobiusAdd } from "./refgeom.ts";

const FC = { seed: 42, numRuns: 100 };
const norm = (x: ArrayLike<number>) => Math.sqrt(Array.from(x).reduce((a, b) => a + b * b, 0));
const point = (d: number, r = 0.9) =>
  fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: d, maxLength: d })
    .map((v) => {
      const n = norm(v);
      return n > r ? v.map((x) => (x * r) / n) : v;
    });

Deno.test("§8.1 proj: inside the ball, identity below 1, m‖x‖/(‖x‖+eps) above", () => {
  fc.assert(
    fc.property(
      fc.array(fc.double({ min: -50, max: 50, noNaN: true }), { minLength: 3, maxLength: 3 }),
      (x) => {
        const out = new Float64Array(3), s = new Float64Array(1);
        projectRowsRef(x, 1, 3, 0.95, out, s);
        const n = norm(x);
        assert.ok(norm(out) < 1);
        if (n < 1) assert.deepEqual(Array.from(out), x);
        else assert.ok(Math.abs(norm(out) - (0.95 * n) / (n + 1e-5)) < 1e-12);
      },
    ),
    FC,
  );
  const out = new Float64Array(1), s = new Float64Array(1);
  projectRowsRef([0.96], 1, 1, 0.95, out, s);
  assert.equal(out[0], 0.96); // max_norm is not a bound (spec §9.16)
});

// The reference ops carry the reference's eps = 1e-5 (BALL_EPS) inside their formulas, so
// the ball identities hold for them only up to O(eps). Each op is therefore checked in two
// ways: (a) against the exact op of geometry/ (whose identities geometry/ tests at ~1e-14)
// with the eps perturbation written out in closed form, at double precision; (b) the
// identities themselves, with a bound proportional to eps (γ = 1/(1 − ‖·‖²)).
const gamma = (x: number[]) => 1 / (1 - x.reduce((a, b) => a + b * b, 0));
const diff = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  norm(Array.from(a, (v, i) => v - b[i]));
const f64 = (x: number[]) => Float64Array.from(x);

Deno.test("§8.2 distance: symmetric, ≥ acosh(1+eps), triangle, d(0,y) = 2 atanh‖y‖ to first order in eps", () => {
  const dmin = Math.acosh(1 + BALL_EPS);
  assert.ok(Math.abs(dmin - 0.0044721) < 1e-7);
  fc.assert(
    fc.property(point(3), point(3), point(3), (x, y, z) => {
      assert.equal(refDistance(x, y), refDistance(y, x));
      assert.ok(refDistance(x, y) >= dmin);
      assert.equal(refDistance(x, x), dmin);
      // eps in the denominator can shorten a side by O(eps): the slack is 2·eps (seen: 6e-7)
      assert.ok(refDistance(x, z) <= refDistance(x, y) + refDistance(y, z) + 2 * BALL_EPS);
      // (a) cosh d − 1 = 2‖x−y‖²/((1−‖x‖²)(1−‖y‖²) + eps) = (cosh d_exact − 1)·P/(P + eps),
      // compared as 2 sinh²(d/2) where the clamp at 1 + eps is not active; the reference forms
      // 1 + (cosh d − 1) in doubles, so a few ulp(1) of absolute error remain
      const P = (1 - norm(x) ** 2) * (1 - norm(y) ** 2);
      const dx = distance(f64(x), f64(y), 1);
      const want = 2 * Math.sinh(dx / 2) ** 2 * (P / (P + BALL_EPS));
      if (want > 2 * BALL_EPS) {
        const got = 2 * Math.sinh(refDistance(x, y) / 2) ** 2;
        assert.ok(
          Math.abs(got - want) <= 1e-13 * want + 4 * Number.EPSILON,
          `cosh d − 1: ${got}, ${want}`,
        );
      }
      // (b) first order in eps: d(0, y) = 2 artanh‖y‖ − eps·‖y‖γ_y + O(eps²)
      const ny = norm(y);
      if (ny > 0.01) {
        const err = Math.abs(refDistance([0, 0, 0], y) - 2 * Math.atanh(ny));
        assert.ok(err <= 1.01 * BALL_EPS * ny * gamma(y) + 1e-14, `d(0, y): ${err}`);
      }
    }),
    FC,
  );
});

Deno.test("§8.3–4 Möbius and exp/log of the reference ops", () => {
  fc.assert(
    fc.property(point(3), point(3), point(3), (x, y, v) => {
      const nx = x.map((t) => -t);
      // exact cases: −x ⊕ x = 0 and x ⊕ 0 = x/(1 + eps)
      assert.ok(norm(refMobiusAdd(nx, x)) <= 1e-15);
      assert.ok(diff(refMobiusAdd(x, [0, 0, 0]), x.map((t) => t / (1 + BALL_EPS))) <= 2e-16);
      // (a) x ⊕_ref y = (x ⊕ y)·D/(D + eps), D = 1 + 2⟨x,y⟩ + ‖x‖²‖y‖²
      const xy = x.reduce((a, t, i) => a + t * y[i], 0);
      const D = 1 + 2 * xy + norm(x) ** 2 * norm(y) ** 2;
      const m = mobiusAdd(f64(x), f64(y), 1).map((t) => (t * D) / (D + BALL_EPS));
      // rounding is amplified by 1/D near the boundary (largest seen over 20,000 cases: 3.6e-15/D)
      assert.ok(diff(refMobiusAdd(x, y), m) <= 1e-14 / D, "⊕");
      // (a) exp_x(v) = x ⊕_ref exp_0(λ v/2) and log_x(y) = (2/λ)·log_0(−x ⊕_ref y),
      // λ = 2/(1 − ‖x‖² + eps) (geometry's exp_0 / log_0 are the exact maps at the origin)
      const lam = 2 / (1 - norm(x) ** 2 + BALL_EPS);
      const e0 = Array.from(expMap0(f64(v.map((t) => (t * lam) / 2)), 1));
      const xz = x.reduce((a, t, i) => a + t * e0[i], 0);
      const Dz = 1 + 2 * xz + norm(x) ** 2 * norm(e0) ** 2;
      assert.ok(diff(refExpMap(x, v), refMobiusAdd(x, e0)) <= 1e-14 / Dz, "exp");
      // (the reference floors ‖u‖ at eps: below it, log_0 is u·artanh(eps)/eps)
      const u = refMobiusAdd(nx, y);
      const l0 = (norm(u) >= BALL_EPS ? logMap0(u, 1) : u.map((t) =>
        (t * Math.atanh(BALL_EPS)) / BALL_EPS
      ))
        .map((t) => (2 / lam) * t);
      const lg = refLogMap(x, y);
      // relative rounding of ‖u‖ is amplified by artanh's condition number n/((1 − n²) artanh n)
      const n = norm(u), kappa = n > 0 ? n / ((1 - n * n) * Math.atanh(n)) : 1;
      assert.ok(diff(lg, l0) <= 2e-15 * (1 + kappa) * norm(l0), "log");
      // (b) the identities, to first order in eps (largest seen: 4.7, 3.6 and 1.0 × eps·γxγy)
      const b = BALL_EPS * gamma(x) * gamma(y);
      assert.ok(diff(refMobiusAdd(nx, refMobiusAdd(x, y)), y) <= 6 * b, "left cancellation");
      assert.ok(diff(refExpMap(x, refLogMap(x, y)), y) <= 6 * b, "exp ∘ log");
      assert.ok(norm(refMobiusAdd(x, y)) < 1);
      if (refDistance(x, y) > 0.01) {
        assert.ok(Math.abs(lam * norm(lg) - refDistance(x, y)) <= 2 * b, "λ‖log‖ = d");
      }
    }),
    FC,
  );
});

const small = (over = {}) =>
  presetConfig("readme", {
    numNodes: 24,
    dimInput: 4,
    dimHidden: 8,
    numClasses: 3,
    numSteps: 3,
    ...over,
  });

const input = (B: number, T: number, I: number, seed: number) => {
  const X = new Float64Array(B * T * I);
  for (let i = 0; i < X.length; i++) X[i] = Math.sin(seed * 7.1 + i * 1.37) * 1.2;
  return X;
};

Deno.test("§8.5 W ≥ 0, zero diagonal, distance factor and level bounds", () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 1000 }), (s) => {
      const c = small();
      const p = initParams(c, key(s), "f64");
      const w = connectionWeights(p, c);
      const N = c.numNodes;
      for (let i = 0; i < N; i++) {
        assert.equal(w.W[i * N + i], 0);
        for (let j = 0; j < N; j++) {
          const v = w.W[i * N + j];
          assert.ok(v >= 0);
          const df = w.distFactor[i * N + j];
          assert.ok(df > 0 && df <= Math.exp(-Math.acosh(1 + 1e-5)) + 1e-15);
          assert.ok(v < 2.1269);
        }
      }
    }),
    { seed: 42, numRuns: 20 },
  );
});

Deno.test("§8.6–8 ignition range, α_new ≥ σ(−max θ), inhibition never lowers α", () => {
  const c = small({ inhibitionRadius: 0.4 });
  for (const s of [1, 2, 3]) {
    const p = initParams(c, key(s), "f64");
    const out = rsgnForward(p, c, input(3, 5, 4, s), 3, 5, true);
    for (const a of out.alpha0) assert.ok(a > 0 && a <= 1);
    const thMax = Math.max(...p.thresholds.data);
    const floor = 1 / (1 + Math.exp(thMax / c.temperature));
    const cache = out.cache!;
    for (const st of cache.steps) {
      for (let r = 0; r < st.alphaNew.length; r++) {
        const an = st.alphaNew[r];
        assert.ok(an > 0 && an < 1 && an >= floor);
        const n = Math.floor(r / 3), cnt = cache.nb.count[n];
        const inh = Math.min(1, Math.max(0, st.v[r]));
        assert.ok(inh >= 0 && inh <= 1);
        // output ≥ α_new · c/(c + 1e-6)
        assert.ok(inh >= (an * cnt) / (cnt + 1e-6) - 1e-12);
        if (cnt === 1) assert.ok(Math.abs(inh - an / (an + 1e-6)) < 1e-12);
      }
    }
    // sparks stay inside the ball
    for (let r = 0; r < 15; r++) {
      assert.ok(norm(cache.ic.sparks.subarray(r * 3, r * 3 + 3)) < 1);
    }
  }
});

Deno.test("§8.9–10 sequence-permutation invariance and batch independence", () => {
  const c = small();
  const p = initParams(c, key(9), "f64");
  const B = 3, T = 6, I = 4;
  const X = input(B, T, I, 4);
  const base = rsgnForward(p, c, X, B, T).logits;
  const perm = [4, 0, 5, 2, 1, 3];
  const Xp = new Float64Array(X.length);
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) {
      for (let i = 0; i < I; i++) Xp[(b * T + t) * I + i] = X[(b * T + perm[t]) * I + i];
    }
  }
  const pl = rsgnForward(p, c, Xp, B, T).logits;
  const scale = Math.max(...Array.from(base, Math.abs));
  for (let i = 0; i < base.length; i++) assert.ok(Math.abs(pl[i] - base[i]) <= 1e-9 * scale);
  for (let b = 0; b < B; b++) {
    const one = rsgnForward(p, c, X.slice(b * T * I, (b + 1) * T * I), 1, T).logits;
    for (let k = 0; k < 3; k++) {
      assert.ok(Math.abs(one[k] - base[b * 3 + k]) <= 1e-9 * scale);
    }
  }
  // W does not depend on x
  assert.deepEqual(connectionWeights(p, c).W, rsgnForward(p, c, X, B, T, true).cache!.wc.W);
});

Deno.test("sparse variant: ≤ activeK active per sample, MACs ≤ K(a·D_h² + Σ top-a out-degree·D_h) + a·D_h", async () => {
  const { sparseForward, sparseGraph } = await import("./sparse.ts");
  for (const [k, a] of [[2, 3], [5, 8], [23, 24]]) {
    const c = small({ variant: "sparse", topK: k, activeK: a });
    const p = initParams(c, key(k), "f64");
    const B = 4, T = 5;
    const out = sparseForward(p, c, input(B, T, 4, k), B, T);
    for (let b = 0; b < B; b++) {
      const row = out.alpha.slice(b * c.numNodes, (b + 1) * c.numNodes);
      assert.ok(row.filter((v) => v !== 0).length <= a);
    }
    // in-degree is k; a sample's messages cost ≤ D_h · (sum of the a largest out-degrees)
    const g = sparseGraph(p, c);
    const outDeg = new Array(c.numNodes).fill(0);
    for (const j of g.source) outDeg[j]++;
    outDeg.sort((x, y) => y - x);
    const topOut = outDeg.slice(0, a).reduce((x, y) => x + y, 0);
    const H = c.dimHidden;
    const bound = c.numSteps * (a * H * H + topOut * H) + a * H;
    assert.ok(out.macsPerSample <= bound + 1e-9, `${out.macsPerSample} > ${bound}`);
    assert.ok(out.activeFraction <= a / c.numNodes + 1e-12);
  }
});
