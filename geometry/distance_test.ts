import assert from "node:assert/strict";
import fc from "fast-check";
import { distance, distanceRows, mobiusAdd, pairwiseDistances } from "./mod.ts";
import { arbCase, FC, norm, rows } from "./test_util.ts";

Deno.test("distance: exactly symmetric and exactly 0 on the diagonal", () => {
  fc.assert(
    fc.property(arbCase(2), ({ c, p: [x, y] }) => {
      assert.equal(distance(x, y, c), distance(y, x, c));
      assert.equal(distance(x, x, c), 0);
      assert.ok(distance(x, y, c) >= 0);
    }),
    FC,
  );
});

Deno.test("distance: triangle inequality with slack 1e-13·(1 + d) (measured violation ≤ 6.7e-16)", () => {
  fc.assert(
    fc.property(arbCase(3), ({ c, p: [x, y, z] }) => {
      const dxz = distance(x, z, c), viaY = distance(x, y, c) + distance(y, z, c);
      assert.ok(dxz <= viaY + 1e-13 * (1 + dxz), `${dxz} > ${viaY}`);
    }),
    FC,
  );
});

Deno.test("distance: d(0, y) = (2/√c) artanh(√c‖y‖) within 1e-14·(1 + d)", () => {
  fc.assert(
    fc.property(arbCase(1), ({ c, d, p: [y] }) => {
      const want = (2 / Math.sqrt(c)) * Math.atanh(Math.sqrt(c) * norm(y));
      const got = distance(new Float64Array(d), y, c);
      assert.ok(Math.abs(got - want) <= 1e-14 * (1 + want));
    }),
    FC,
  );
});

Deno.test("distance: invariant under Möbius translation d(a⊕x, a⊕y) = d(x, y), relative 1e-13", () => {
  fc.assert(
    fc.property(arbCase(3), ({ c, p: [a, x, y] }) => {
      const d0 = distance(x, y, c), d1 = distance(mobiusAdd(a, x, c), mobiusAdd(a, y, c), c);
      assert.ok(Math.abs(d0 - d1) <= 1e-13 * (1 + d0), `${d0} vs ${d1}`);
    }),
    FC,
  );
});

Deno.test("distance: finite and positive for far-apart points at the boundary guard", () => {
  // Powers of 2 for c, so that √c·r is exactly ρ = fl(1 − 1e-12) and 1 − ρ is exact.
  for (const c of [1, 0.25, 4]) {
    const rho = 1 - 1e-12, r = rho / Math.sqrt(c);
    const x = new Float64Array([r, 0]), y = new Float64Array([-r, 0]);
    const dxy = distance(x, y, c);
    // Exact: d(x, −x) = 2·(2/√c)·artanh(ρ) = (2/√c)·(ln(1 + ρ) − ln(1 − ρ)).
    const want = (2 / Math.sqrt(c)) * (Math.log1p(rho) - Math.log(1 - rho));
    assert.ok(Number.isFinite(dxy) && Math.abs(dxy - want) <= 1e-14 * want, `${dxy} vs ${want}`);
    // Points outside the ball (invalid) still give a finite number instead of NaN.
    assert.ok(Number.isFinite(distance(new Float64Array([2, 0]), y, c)));
  }
});

Deno.test("pairwiseDistances and distanceRows agree with distance; pairwise(X, X) symmetric, 0 diagonal", () => {
  fc.assert(
    fc.property(arbCase(5), ({ c, d, p }) => {
      const X = rows(p.slice(0, 3)), Y = rows(p.slice(3));
      const P = pairwiseDistances(X, Y, d, c);
      for (let i = 0; i < 3; i++) {
        for (let j = 0; j < 2; j++) assert.equal(P[i * 2 + j], distance(p[i], p[3 + j], c));
      }
      const Q = pairwiseDistances(X, X, d, c);
      for (let i = 0; i < 3; i++) {
        assert.equal(Q[i * 3 + i], 0);
        for (let j = 0; j < 3; j++) assert.equal(Q[i * 3 + j], Q[j * 3 + i]);
      }
      const R = distanceRows(rows(p.slice(0, 2)), rows(p.slice(2, 4)), d, c);
      assert.deepEqual(R, new Float64Array([distance(p[0], p[2], c), distance(p[1], p[3], c)]));
      const B = distanceRows(p[4], X, d, c);
      for (let i = 0; i < 3; i++) assert.equal(B[i], distance(p[4], p[i], c));
    }),
    FC,
  );
  assert.throws(
    () => pairwiseDistances(new Float64Array(4), new Float64Array(4), 3, 1),
    RangeError,
  );
});

Deno.test("distance: f32 storage gives the same distance as its f64 copy", () => {
  fc.assert(
    fc.property(arbCase(2), ({ c, d, p: [x, y] }) => {
      const x32 = Float32Array.from(x), y32 = Float32Array.from(y);
      const want = distance(Float64Array.from(x32), Float64Array.from(y32), c);
      assert.equal(distance(x32, y32, c), want);
      assert.equal(pairwiseDistances(x32, y32, d, c)[0], Math.fround(want));
    }),
    FC,
  );
});
