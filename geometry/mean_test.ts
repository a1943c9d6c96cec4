import assert from "node:assert/strict";
import fc from "fast-check";
import { distance, einsteinMidpoint, frechetMean, logMap, mobiusAdd } from "./mod.ts";
import { allInside, arbCase, FC, maxAbsDiff, norm, rows } from "./test_util.ts";

const arbW = (n: number) =>
  fc.array(fc.double({ min: 0.05, max: 3, noNaN: true }), { minLength: n, maxLength: n })
    .map((a) => Float64Array.from(a));

/** Σ w_i log_m(x_i): the (negative half) Riemannian gradient of Σ w d² at m, in T_m. */
function karcherResidual(m: Float64Array, p: Float64Array[], w: Float64Array, c: number): number {
  const g = new Float64Array(m.length);
  p.forEach((x, i) => logMap(m, x, c).forEach((v, j) => (g[j] += w[i] * v)));
  // Riemannian norm λ_m‖g‖, normalised by Σw.
  return ((2 / (1 - c * norm(m) ** 2)) * norm(g)) / w.reduce((a, b) => a + b, 0);
}

Deno.test("einsteinMidpoint: one point → itself; two equal-weight points → the geodesic midpoint", () => {
  fc.assert(
    fc.property(arbCase(2), ({ c, d, p: [x, y] }) => {
      assert.ok(Math.sqrt(c) * maxAbsDiff(einsteinMidpoint(x, d, c), x) <= 1e-15);
      const m = einsteinMidpoint(rows([x, y]), d, c), dxy = distance(x, y, c);
      assert.ok(Math.abs(distance(m, x, c) - dxy / 2) <= 1e-13 * (1 + dxy));
      assert.ok(Math.abs(distance(m, y, c) - dxy / 2) <= 1e-13 * (1 + dxy));
    }),
    FC,
  );
});

Deno.test("einsteinMidpoint: gyrocovariant a ⊕ m(X) = m(a ⊕ X); weight scale-invariant; inside", () => {
  fc.assert(
    fc.property(arbCase(5), arbW(4), ({ c, d, p: [a, ...p] }, w) => {
      const m = einsteinMidpoint(rows(p), d, c, w);
      assert.ok(allInside(m, d, c));
      const moved = einsteinMidpoint(rows(p.map((x) => mobiusAdd(a, x, c))), d, c, w);
      assert.ok(Math.sqrt(c) * maxAbsDiff(moved, mobiusAdd(a, m, c)) <= 1e-13);
      const m3 = einsteinMidpoint(rows(p), d, c, w.map((t) => 3 * t));
      assert.ok(Math.sqrt(c) * maxAbsDiff(m3, m) <= 1e-15);
    }),
    FC,
  );
});

Deno.test("einsteinMidpoint/frechetMean: bad weights throw RangeError", () => {
  const X = new Float64Array([0.1, 0.2, 0.3, 0.4]);
  for (const w of [[1, -1], [0, 0], [1, NaN], [1]]) {
    assert.throws(() => einsteinMidpoint(X, 2, 1, Float64Array.from(w)), RangeError);
    assert.throws(() => frechetMean(X, 2, 1, { weights: Float64Array.from(w) }), RangeError);
  }
  assert.throws(() => einsteinMidpoint(new Float64Array(0), 2, 1), RangeError);
});

Deno.test("frechetMean: converges (tol 1e-12) to a stationary point: ‖Σ w log_m x_i‖_m/Σw ≤ 1e-11 (measured 1.1e-12)", () => {
  let maxIter = 0;
  fc.assert(
    fc.property(arbCase(6), arbW(6), ({ c, d, p }, w) => {
      const r = frechetMean(rows(p), d, c, { weights: w });
      maxIter = Math.max(maxIter, r.iterations);
      assert.ok(r.converged, `not converged: ${r.iterations} iterations, last step ${r.lastStep}`);
      assert.ok(allInside(r.mean, d, c));
      const res = karcherResidual(r.mean, p, w, c);
      assert.ok(res <= 1e-11, `residual ${res}`);
    }),
    FC,
  );
  assert.ok(maxIter <= 200);
});

Deno.test("frechetMean: minimises Σ w d² (no random nearby point does better) and is isometry-covariant", () => {
  fc.assert(
    fc.property(arbCase(5), arbW(4), ({ c, d, p: [a, ...p] }, w) => {
      const X = rows(p);
      const m = frechetMean(X, d, c, { weights: w }).mean;
      const F = (y: Float64Array) => p.reduce((s, x, i) => s + w[i] * distance(x, y, c) ** 2, 0);
      const f0 = F(m);
      for (let k = 0; k < d; k++) {
        for (const h of [1e-3, -1e-3]) {
          const y = Float64Array.from(m);
          y[k] += h / Math.sqrt(c);
          assert.ok(F(y) >= f0 - 1e-12 * (1 + f0));
        }
      }
      assert.ok(F(einsteinMidpoint(X, d, c, w)) >= f0 - 1e-12 * (1 + f0));
      const moved = frechetMean(rows(p.map((x) => mobiusAdd(a, x, c))), d, c, { weights: w }).mean;
      assert.ok(Math.sqrt(c) * maxAbsDiff(moved, mobiusAdd(a, m, c)) <= 1e-11);
    }),
    FC,
  );
});

Deno.test("frechetMean: two equal-weight points give the geodesic midpoint (= Einstein midpoint)", () => {
  fc.assert(
    fc.property(arbCase(2), ({ c, d, p: [x, y] }) => {
      const X = rows([x, y]);
      const m = frechetMean(X, d, c).mean;
      assert.ok(Math.sqrt(c) * maxAbsDiff(m, einsteinMidpoint(X, d, c)) <= 1e-12);
    }),
    FC,
  );
});

Deno.test("frechetMean: maxIter caps the work and reports converged = false", () => {
  const X = new Float64Array([0.9, 0, -0.2, 0.85, 0, -0.9, 0.3, 0.3]);
  const r = frechetMean(X, 2, 1, { maxIter: 1, tol: 0 });
  assert.equal(r.iterations, 1);
  assert.equal(r.converged, false);
  assert.ok(r.lastStep > 0);
});
