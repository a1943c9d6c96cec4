/**
 * Numerical faults in the Poincaré ball (issue "Reliability"): points at ‖x‖ = 1 − 1e-7 and
 * huge tangent vectors or gradients never produce a point on or outside the boundary, nor a
 * non-finite value, in the value ops, the autodiff ops, or an AdamW step followed by projection
 * (the RSGN position update); and project() returns the expected point (x itself below radius
 * 1 − eps, else x pulled back radially onto it), not just some point inside.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { expMap, expMap0, logMap, mobiusAdd, project, PROJECT_EPS } from "@neuroplastic/geometry";
import { ad } from "@neuroplastic/geometry";
import { valueAndGrad, type Var } from "@neuroplastic/core/autodiff";
import { adamw } from "@neuroplastic/core/optim";

const norm = (x: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  return Math.sqrt(s);
};

/** A point of norm exactly (to rounding) 1 − 1e-7 in direction `dir`. */
const nearBoundary = (dir: number[]): Float64Array => {
  const n = norm(dir) || 1;
  return Float64Array.from(dir, (v) => (v / n) * (1 - 1e-7));
};

const direction = (d: number) =>
  fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: d, maxLength: d })
    .filter((v) => norm(v) > 1e-3);

/** project(·, c = 1) radius above the threshold: 1 − eps (geoopt's BALL_EPS for f64). */
const RMAX = 1 - PROJECT_EPS.f64;

/**
 * Asserts `p` is `dir` scaled to radius `RMAX`: p_i = dir_i/‖dir‖·(1 − eps) within 1e-15
 * (a handful of roundings of numbers below 1).
 */
const onSphere = (p: ArrayLike<number>, dir: ArrayLike<number>, what: string) => {
  const n = norm(dir);
  assert.equal(p.length, dir.length, what);
  for (let i = 0; i < p.length; i++) {
    const want = (dir[i] / n) * RMAX;
    assert.ok(Math.abs(p[i] - want) <= 1e-15, `${what}[${i}]: ${p[i]}, expected ${want}`);
  }
};

/** Asserts p = project(x, 1): x itself below radius 1 − eps, else x pulled back onto it. */
const projected = (p: ArrayLike<number>, x: ArrayLike<number>, what: string) => {
  if (norm(x) < RMAX) assert.deepEqual(Array.from(p), Array.from(x), what);
  else onSphere(p, x, what);
};

const inside = (x: ArrayLike<number>, what: string) => {
  for (let i = 0; i < x.length; i++) assert.ok(Number.isFinite(x[i]), `${what}: non-finite`);
  assert.ok(norm(x) < 1, `${what}: ‖x‖ = ${norm(x)} is not < 1`);
};

Deno.test("ball faults: value ops stay strictly inside at ‖x‖ = 1 − 1e-7 with huge vectors", () => {
  fc.assert(
    fc.property(
      direction(3),
      direction(3),
      fc.double({ min: 1, max: 1e300, noNaN: true }),
      (a, b, scale) => {
        const x = nearBoundary(a), y = nearBoundary(b);
        const v = Float64Array.from(b, (t) => t * scale);
        // ‖x‖ = 1 − 1e-7 is above 1 − eps: project pulls x back to radius 1 − eps, direction kept
        inside(project(x, 1), "project");
        onSphere(project(x, 1), a, "project");
        inside(mobiusAdd(x, y, 1), "mobiusAdd");
        inside(expMap(x, v, 1), "expMap");
        inside(expMap0(v, 1), "expMap0");
        inside(project(Float64Array.from(v), 1), "project(huge)");
        // ‖v‖ may overflow to Infinity: the direction still comes out exactly
        if (norm(v) >= 1) onSphere(project(Float64Array.from(v), 1), b, "project(huge)");
        else projected(project(Float64Array.from(v), 1), v, "project(v)");
        const l = logMap(x, y, 1);
        for (const t of l) assert.ok(Number.isFinite(t), "logMap finite");
      },
    ),
    { seed: 42, numRuns: 200 },
  );
});

Deno.test("ball faults: AdamW steps with huge gradients, then projection, keep positions inside", () => {
  fc.assert(
    fc.property(direction(4), fc.double({ min: 1e3, max: 1e300, noNaN: true }), (a, g) => {
      const x0 = nearBoundary(a);
      const opt = adamw({ lr: 0.1, weightDecay: 1e-4 });
      let params = { x: { data: x0, shape: [4] } };
      let state = opt.init(params);
      for (let k = 0; k < 5; k++) {
        const grads = { x: { data: Float64Array.from(a, (t) => -t * g), shape: [4] } };
        const r = opt.update(grads, state, params);
        state = r.state;
        const px = (r.params as typeof params).x.data as Float64Array;
        params = { x: { data: project(px, 1), shape: [4] } };
        inside(params.x.data, `step ${k}`);
        // identity below the threshold, else the radial pull-back to 1 − eps
        projected(params.x.data, px, `step ${k}`);
      }
    }),
    { seed: 42, numRuns: 100 },
  );
});

Deno.test("ball faults: autodiff distance and its gradient stay finite near the boundary", () => {
  fc.assert(
    fc.property(direction(3), direction(3), (a, b) => {
      const x = nearBoundary(a), y = nearBoundary(b);
      const f = (p: unknown) => {
        const { x, y } = p as { x: Var; y: Var };
        return ad.distance(ad.project(x, 1), ad.project(y, 1), 1);
      };
      const r = valueAndGrad(f)({ x: { data: x, shape: [3] }, y: { data: y, shape: [3] } });
      assert.ok(Number.isFinite(r.value) && r.value >= 0, `distance ${r.value}`);
      const gr = r.grad as unknown as { x: { data: Float64Array }; y: { data: Float64Array } };
      for (const t of [...gr.x.data, ...gr.y.data]) assert.ok(Number.isFinite(t), "finite grad");
    }),
    { seed: 42, numRuns: 100 },
  );
});
