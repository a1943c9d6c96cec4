/**
 * Edge tests of the random walk (what bench/mutation.ts showed walk_test.ts did not pin):
 * the start state, the first step against a hand-built one, and the statistics on known points.
 */
import assert from "node:assert/strict";
import { fold, key, normal } from "@neuroplastic/core/random";
import { conformalFactor, expMap } from "@neuroplastic/geometry";
import { distancesFromOrigin, initState, run, step, type WalkConfig, walkStats } from "./mod.ts";

const close = (a: number, b: number, tol = 1e-12, what = "") =>
  assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);

Deno.test("walk edge: the start state is t = 0 at the origin, particles × dim long", () => {
  const c: WalkConfig = { particles: 3, dim: 4, curvature: 1, sigma: 0.1 };
  const s = initState(c, key(5));
  assert.equal(s.t, 0);
  assert.equal(s.x.length, 12);
  assert.ok(s.x.every((v) => v === 0));
  assert.equal(step(s, c).t, 1);
  assert.equal(run(s, c, 0).t, 0);
  assert.equal(run(s, c, 7).t, 7);
});

Deno.test("walk edge: step t draws from fold(key, t) and moves each particle by exp_x(σ ξ / λ_x)", () => {
  const c: WalkConfig = { particles: 3, dim: 2, curvature: 0.7, sigma: 0.3 };
  const k = key(11);
  let s = initState(c, k);
  for (let t = 0; t < 3; t++) {
    const x = s.x;
    const xi = normal(fold(k, t), c.particles * c.dim);
    const want = new Float64Array(x.length);
    for (let p = 0; p < c.particles; p++) {
      const xp = x.slice(p * c.dim, (p + 1) * c.dim);
      const lam = conformalFactor(xp, c.curvature);
      const v = xi.slice(p * c.dim, (p + 1) * c.dim).map((z) => (c.sigma * z) / lam);
      want.set(expMap(xp, v, c.curvature), p * c.dim);
    }
    s = step(s, c);
    for (let i = 0; i < want.length; i++) close(s.x[i], want[i], 1e-12, `t=${t} i=${i}`);
  }
});

Deno.test("walk edge: statistics of known points", () => {
  // particle 0 at (0.3, 0.4) (norm 0.5), particle 1 at the origin; c = 1:
  // d(0, x) = 2 artanh(‖x‖) (Ganea et al. 2018, Eq. for the Poincaré ball distance)
  const c: WalkConfig = { particles: 2, dim: 2, curvature: 1, sigma: 0 };
  const x = new Float64Array([0.3, 0.4, 0, 0]);
  const st = walkStats(x, c);
  close(st.maxNorm, 0.5, 1e-15, "maxNorm");
  close(st.meanNorm, 0.25, 1e-15, "meanNorm");
  close(st.meanDistance, Math.atanh(0.5), 1e-12, "meanDistance");
  const d = distancesFromOrigin(x, c);
  assert.equal(d.length, 2);
  close(d[0], 2 * Math.atanh(0.5), 1e-12, "d0");
  assert.equal(d[1], 0);
  // curvature 4: radius 1/2, d(0, x) = (2/√c) artanh(√c ‖x‖)
  const c4 = { ...c, curvature: 4 };
  const y = new Float64Array([0.1, 0, 0, -0.2]);
  const d4 = distancesFromOrigin(y, c4);
  close(d4[0], Math.atanh(0.2), 1e-12, "c=4 d0");
  close(d4[1], Math.atanh(0.4), 1e-12, "c=4 d1");
  close(walkStats(y, c4).meanDistance, (d4[0] + d4[1]) / 2, 1e-15, "mean of distances");
  assert.equal(walkStats(new Float64Array(4), c).meanDistance, 0);
});
