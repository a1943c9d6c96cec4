import assert from "node:assert/strict";
import fc from "fast-check";
import {
  conformalFactor,
  distance,
  expMap,
  expMap0,
  expMap0Rows,
  logMap,
  logMap0,
  logMap0Rows,
  parallelTransport,
} from "./mod.ts";
import { allInside, arbCase, arbVector, FC, maxAbsDiff, neg, norm, rows } from "./test_util.ts";

/** A tangent vector at x of curvature-normalised Riemannian length √c·λ_x‖v‖ ≤ maxLen. */
function scaleTangent(u: Float64Array, x: Float64Array, c: number, maxLen: number): Float64Array {
  const k = maxLen / conformalFactor(x, c) / Math.sqrt(c);
  return u.map((t) => t * k);
}

Deno.test("expMap/logMap: exp_x(log_x(y)) = y within 2e-14·radius (measured 4.6e-15)", () => {
  fc.assert(
    fc.property(arbCase(2), ({ c, p: [x, y] }) => {
      const e = Math.sqrt(c) * maxAbsDiff(expMap(x, logMap(x, y, c), c), y);
      assert.ok(e <= 2e-14, `error ${e}`);
    }),
    FC,
  );
});

Deno.test("expMap/logMap: log_x(exp_x(v)) = v within 1e-12 in √c·λ_x units (measured 1.2e-13)", () => {
  // √c·λ_x‖v‖ ≤ 4 keeps exp_x(v) at gap ≳ 4e-3, where log_x has condition number ≲ 1e3.
  fc.assert(
    fc.property(arbCase(1), arbVector(6, 1), ({ c, d, p: [x] }, u) => {
      const v = scaleTangent(u.subarray(0, d), x, c, 4);
      const e = Math.sqrt(c) * conformalFactor(x, c) *
        maxAbsDiff(logMap(x, expMap(x, v, c), c), v);
      assert.ok(e <= 1e-12, `error ${e}`);
    }),
    FC,
  );
});

Deno.test("expMap0/logMap0: closed forms, agree with expMap/logMap at x = 0, inverse pair", () => {
  fc.assert(
    fc.property(arbCase(1), arbVector(6, 3), ({ c, d, p: [y] }, v6) => {
      const sc = Math.sqrt(c), o = new Float64Array(d), v = v6.subarray(0, d);
      const ny = norm(y), nv = norm(v);
      const l0 = logMap0(y, c);
      // log_0(y) = artanh(√c‖y‖) y/(√c‖y‖)
      const want = ny === 0
        ? new Float64Array(d)
        : y.map((t) => (Math.atanh(sc * ny) * t) / (sc * ny));
      assert.ok(maxAbsDiff(l0, want) <= 1e-15 * (1 + norm(want)));
      assert.ok(maxAbsDiff(l0, logMap(o, y, c)) <= 1e-15 * (1 + norm(l0)));
      const e0 = expMap0(v, c);
      const wantE = nv === 0
        ? new Float64Array(d)
        : v.map((t) => (Math.tanh(sc * nv) * t) / (sc * nv));
      assert.ok(sc * maxAbsDiff(e0, wantE) <= 1e-15);
      assert.ok(sc * maxAbsDiff(e0, expMap(o, v, c)) <= 1e-15);
      assert.ok(sc * maxAbsDiff(expMap0(l0, c), y) <= 1e-15);
    }),
    FC,
  );
});

Deno.test("expMap0/logMap0: zero maps to zero (no NaN), huge and infinite vectors stay inside", () => {
  for (const c of [1, 0.3, 9]) {
    assert.deepEqual(expMap0(new Float64Array(3), c), new Float64Array(3));
    assert.deepEqual(logMap0(new Float64Array(3), c), new Float64Array(3));
    for (const v of [[1e308, -1e308, 3], [Infinity, 1, 0], [50, 0, 0], [1e-320, 0, 0]]) {
      const p64 = expMap0(Float64Array.from(v), c), p32 = expMap0(Float32Array.from(v), c);
      assert.ok(allInside(p64, 3, c) && allInside(p32, 3, c), `${v} at c=${c}`);
      assert.ok(p64.every(Number.isFinite) && p32.every(Number.isFinite));
    }
    const inf = expMap0(new Float64Array([-Infinity, 0, 0]), c);
    assert.ok(inf[0] < -0.999 / Math.sqrt(c) && inf[1] === 0);
    // logMap0 of a point on the boundary is finite (artanh argument clamped).
    assert.ok(logMap0(new Float64Array([1 / Math.sqrt(c), 0, 0]), c).every(Number.isFinite));
  }
});

Deno.test("expMap: point-valued output strictly inside for long tangent vectors", () => {
  fc.assert(
    fc.property(arbCase(1, 1 - 1e-9), arbVector(6, 1), ({ c, d, p: [x] }, u) => {
      const v = u.subarray(0, d).map((t) => t * 1e6);
      assert.ok(allInside(expMap(x, v, c), d, c));
      assert.ok(allInside(expMap(Float32Array.from(x), Float32Array.from(v), c), d, c));
    }),
    FC,
  );
});

Deno.test("distance = λ_x‖log_x(y)‖ (Riemannian length of the log), relative 1e-14", () => {
  fc.assert(
    fc.property(arbCase(2), ({ c, p: [x, y] }) => {
      const dxy = distance(x, y, c);
      const viaLog = conformalFactor(x, c) * norm(logMap(x, y, c));
      assert.ok(Math.abs(dxy - viaLog) <= 1e-14 * (1 + dxy));
    }),
    FC,
  );
});

Deno.test("parallelTransport preserves the Riemannian norm: λ_y‖P(v)‖ = λ_x‖v‖", () => {
  fc.assert(
    fc.property(arbCase(2), arbVector(6, 10), ({ c, d, p: [x, y] }, v6) => {
      const v = v6.subarray(0, d);
      const lhs = conformalFactor(y, c) * norm(parallelTransport(x, y, v, c));
      const rhs = conformalFactor(x, c) * norm(v);
      assert.ok(Math.abs(lhs - rhs) <= 1e-14 * (1 + rhs), `${lhs} vs ${rhs}`);
    }),
    FC,
  );
});

Deno.test("parallelTransport: P_{x→y}(log_x y) = −log_y x; P_{0→y}(v) = (λ_0/λ_y) v; P_{x→x} = id", () => {
  fc.assert(
    fc.property(arbCase(2), arbVector(6, 2), ({ c, d, p: [x, y] }, v6) => {
      const sc = Math.sqrt(c), v = v6.subarray(0, d);
      const a = parallelTransport(x, y, logMap(x, y, c), c), b = neg(logMap(y, x, c));
      assert.ok(sc * maxAbsDiff(a, b) <= 1e-14 * (1 + norm(b)));
      const o = new Float64Array(d);
      const p0 = parallelTransport(o, y, v, c), k = 2 / conformalFactor(y, c);
      assert.ok(maxAbsDiff(p0, v.map((t) => k * t)) <= 1e-15 * (1 + norm(v)));
      assert.ok(maxAbsDiff(parallelTransport(x, x, v, c), v) <= 1e-14 * (1 + norm(v)));
    }),
    FC,
  );
});

Deno.test("expMap0Rows/logMap0Rows equal the single-vector forms", () => {
  fc.assert(
    fc.property(arbCase(4), ({ c, d, p }) => {
      const Y = rows(p);
      const L = logMap0Rows(Y, d, c), E = expMap0Rows(L, d, c);
      for (let r = 0; r < p.length; r++) {
        assert.deepEqual(L.subarray(r * d, r * d + d), logMap0(p[r], c));
        assert.deepEqual(E.subarray(r * d, r * d + d), expMap0(logMap0(p[r], c), c));
      }
    }),
    FC,
  );
});
