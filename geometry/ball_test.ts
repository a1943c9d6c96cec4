import assert from "node:assert/strict";
import fc from "fast-check";
import {
  artanh,
  BOUNDARY_GUARD,
  conformalFactor,
  project,
  PROJECT_EPS,
  projectRows,
  stableNorm,
} from "./mod.ts";
import { gapAt } from "./ball.ts";
import { allInside, arbCase, CURVATURES, FC, norm } from "./test_util.ts";

const arbHuge = fc.array(
  fc.oneof(
    fc.double({ noNaN: true }), // includes ±Infinity, ±1e308, subnormals
    fc.double({ min: -2, max: 2, noNaN: true }),
  ),
  { minLength: 1, maxLength: 6 },
).filter((a) => a.some((v) => v !== 0));

Deno.test("project: strictly inside for any non-NaN input (huge, infinite, subnormal), f64 and f32", () => {
  fc.assert(
    fc.property(arbHuge, fc.constantFrom(...CURVATURES), (a, c) => {
      const d = a.length;
      const p64 = project(Float64Array.from(a), c);
      const p32 = project(Float32Array.from(a), c);
      assert.ok(allInside(p64, d, c) && allInside(p32, d, c), `${a}`);
      assert.ok(p64.every(Number.isFinite) && p32.every(Number.isFinite));
      // eps = 0 still keeps the point strictly inside (the boundary guard applies).
      assert.ok(allInside(project(Float64Array.from(a), c, 0), d, c));
      assert.ok(allInside(project(Float32Array.from(a), c, 0), d, c));
    }),
    FC,
  );
});

Deno.test("project: identity below (1 − eps)/√c, radius exactly (1 − eps)/√c above, direction kept", () => {
  fc.assert(
    fc.property(
      fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: 1, maxLength: 6 }),
      fc.constantFrom(...CURVATURES),
      ([...a], c) => {
        const x = Float64Array.from(a), n = norm(x);
        const rmax = (1 - PROJECT_EPS.f64) / Math.sqrt(c);
        const p = project(x, c);
        if (n < rmax) assert.deepEqual(p, x);
        else {
          assert.ok(Math.abs(norm(p) - rmax) <= 4e-16 * rmax);
          for (let i = 0; i < x.length; i++) {
            assert.ok(Math.abs(p[i] - (x[i] / n) * rmax) <= 4e-16 * rmax);
          }
        }
      },
    ),
    FC,
  );
});

Deno.test("project: defaults eps 1e-5 (f64) and 4e-3 (f32); explicit eps; projectRows; NaN propagates", () => {
  const x = new Float64Array([3, 4]);
  assert.ok(Math.abs(norm(project(x, 1)) - (1 - 1e-5)) < 1e-15);
  assert.ok(Math.abs(norm(project(Float32Array.from(x), 1)) - (1 - 4e-3)) < 1e-7);
  assert.ok(Math.abs(norm(project(x, 4, 0.1)) - 0.45) < 1e-15);
  const P = projectRows(new Float64Array([0.1, 0.2, 30, 40]), 2, 1);
  assert.deepEqual([P[0], P[1]], [0.1, 0.2]);
  assert.ok(Math.abs(Math.hypot(P[2], P[3]) - (1 - 1e-5)) < 1e-15);
  assert.ok(Number.isNaN(project(new Float64Array([NaN, 0]), 1)[0]));
  assert.deepEqual(
    project(new Float64Array([Infinity, -Infinity, 1]), 1).map((v) => Math.sign(v)),
    new Float64Array([1, -1, 0]),
  );
  assert.equal(BOUNDARY_GUARD.f64, 1e-12);
});

Deno.test("conformalFactor λ_x = 2/(1 − c‖x‖²); finite on the boundary", () => {
  fc.assert(
    fc.property(arbCase(1), ({ c, p: [x] }) => {
      const want = 2 / (1 - c * norm(x) ** 2);
      assert.ok(Math.abs(conformalFactor(x, c) - want) <= 1e-14 * want);
    }),
    FC,
  );
  assert.equal(conformalFactor(new Float64Array([1, 0]), 1), 2 / Number.EPSILON);
  assert.throws(() => conformalFactor(new Float64Array(2), 0), RangeError);
  assert.throws(() => conformalFactor(new Float64Array(2), -1), RangeError);
  assert.throws(() => conformalFactor(new Float64Array(2), NaN), RangeError);
});

Deno.test("gapAt: compensated 1 − c‖x‖² within 2 ulp near the boundary (exact BigInt reference)", () => {
  // A double v is exactly m·2^e with integer m; c·Σx² and the gap are then exact rationals.
  const split = (v: number): [bigint, number] => {
    const dv = new DataView(new ArrayBuffer(8));
    dv.setFloat64(0, v);
    const bits = dv.getBigUint64(0);
    const ex = Number((bits >> 52n) & 0x7ffn), frac = bits & ((1n << 52n) - 1n);
    const m = ex === 0 ? frac : frac | (1n << 52n);
    return [v < 0 ? -m : m, (ex === 0 ? 1 : ex) - 1075];
  };
  // Every generated case is in the compensated branch (c‖x‖² ≥ 0.5625 > ½) and strictly inside:
  // ‖x‖√c = frac ∈ [0.75, 1 − 2⁻⁴⁰], so c‖x‖² stays ≥ 2⁻⁴⁰ below 1 after rounding.
  const arbNear = fc.record({
    c: fc.constantFrom(...CURVATURES),
    u: fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 1, maxLength: 6 })
      .filter((u) => norm(u) > 1e-3),
    frac: fc.oneof(
      fc.double({ min: 0.75, max: 1 - 2 ** -40, noNaN: true }),
      fc.integer({ min: 2, max: 40 }).map((k) => 1 - 2 ** -k),
    ),
  });
  let checked = 0;
  fc.assert(
    fc.property(arbNear, ({ c, u, frac }) => {
      const n = norm(u), d = u.length;
      const x = Float64Array.from(u, (v) => (v / n) * (frac / Math.sqrt(c)));
      const parts = Array.from(x, split);
      const [cm, ce] = split(c);
      const g = gapAt(x, 0, d, c);
      const [gm, ge] = split(g);
      // Common scale 2^T: every term below is an integer.
      const T = Math.max(...parts.map(([, e]) => -(2 * e + ce)), -ge, 0);
      let exact = 1n << BigInt(T);
      for (const [m, e] of parts) exact -= (cm * m * m) << BigInt(2 * e + ce + T);
      assert.ok(exact > 0n, `${x} is inside`);
      const got = gm << BigInt(ge + T);
      const diff = exact > got ? exact - got : got - exact;
      assert.ok(diff <= 2n << BigInt(ge + T), `gap of ${x}, c = ${c}: ${g}`); // ≤ 2·ulp(g)
      checked++;
    }),
    FC,
  );
  assert.equal(checked, FC.numRuns); // no case skips the assertion
});

Deno.test("stableNorm and artanh helpers: no overflow, underflow or infinities", () => {
  assert.ok(Math.abs(stableNorm(new Float64Array([3e200, 4e200]), 0, 2) - 5e200) <= 2e185);
  assert.ok(Math.abs(stableNorm(new Float64Array([3e-200, 4e-200]), 0, 2) - 5e-200) <= 2e-215);
  assert.equal(stableNorm(new Float64Array([0, 0]), 0, 2), 0);
  assert.equal(stableNorm(new Float64Array([Infinity, 1]), 0, 2), Infinity);
  assert.ok(Number.isNaN(stableNorm(new Float64Array([NaN, 1]), 0, 2)));
  assert.ok(Number.isFinite(artanh(1)) && artanh(1) > 18 && artanh(-1) === -artanh(1));
  assert.equal(artanh(0.5), Math.atanh(0.5));
});
