/**
 * Agreement with a 64-digit mathjs BigNumber evaluation of the textbook closed forms
 * (Ganea et al. 2018, §2.2–2.3), near the boundary: ‖x‖ up to (1 − 1e-5)/√c.
 * Doubles are converted to BigNumber exactly (via their full decimal expansion), so the measured
 * error is the error of our f64 algorithm alone. Worst relative errors seen over the fixed-seed
 * runs (150 cases each; c ∈ {1, 0.3, 4}; d ≤ 5): distance 2.6e-16, mobiusAdd 3.7e-16,
 * logMap0 2.6e-16, expMap0 2.2e-16. Bounds are 2e-15 (5–9× margin).
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import * as math from "mathjs";
import { distance, expMap0, logMap0, mobiusAdd } from "./mod.ts";

const M = math.create(math.all, { number: "BigNumber", precision: 64 });
type Big = math.BigNumber;
const big = (v: number): Big => M.bignumber(v.toPrecision(100)); // exact binary value
const add = (a: Big, b: Big): Big => M.add(a, b) as Big;
const sub = (a: Big, b: Big): Big => M.subtract(a, b) as Big;
const mul = (a: Big, b: Big): Big => M.multiply(a, b) as Big;
const div = (a: Big, b: Big): Big => M.divide(a, b) as Big;
const sqrt = (a: Big): Big => M.sqrt(a) as Big;
const ONE = M.bignumber(1), TWO = M.bignumber(2);
const atanhB = (t: Big): Big => div(M.log(div(add(ONE, t), sub(ONE, t))) as Big, TWO);
const tanhB = (z: Big): Big => {
  const e = M.exp(mul(TWO, z)) as Big;
  return div(sub(e, ONE), add(e, ONE));
};
const dotB = (a: ArrayLike<number>, b: ArrayLike<number>): Big => {
  let s = M.bignumber(0);
  for (let i = 0; i < a.length; i++) s = add(s, mul(big(a[i]), big(b[i])));
  return s;
};

/** x ⊕_c y by the textbook formula (Ganea et al. 2018, §2.2). */
function mobiusAddB(x: Float64Array, y: Float64Array, c: number): Big[] {
  const C = big(c), xy = dotB(x, y), x2 = dotB(x, x), y2 = dotB(y, y);
  const twoCxy = mul(mul(TWO, C), xy);
  const a = add(add(ONE, twoCxy), mul(C, y2));
  const b = sub(ONE, mul(C, x2));
  const den = add(add(ONE, twoCxy), mul(mul(C, C), mul(x2, y2)));
  return Array.from(x, (_, i) => div(add(mul(a, big(x[i])), mul(b, big(y[i]))), den));
}

/** d_c(x, y) = (2/√c) artanh(√c ‖(−x) ⊕ y‖). */
function distanceB(x: Float64Array, y: Float64Array, c: number): Big {
  const u = mobiusAddB(x.map((v) => -v), y, c);
  let n2 = M.bignumber(0);
  for (const t of u) n2 = add(n2, mul(t, t));
  const sc = sqrt(big(c));
  return mul(div(TWO, sc), atanhB(mul(sc, sqrt(n2))));
}

/** Relative error ‖a − b‖/‖b‖ of a double vector against a BigNumber vector. */
function relErr(a: ArrayLike<number>, b: Big[]): number {
  let e = M.bignumber(0), n = M.bignumber(0);
  for (let i = 0; i < b.length; i++) {
    const di = sub(big(a[i]), b[i]);
    e = add(e, mul(di, di));
    n = add(n, mul(b[i], b[i]));
  }
  return M.number(n) === 0 ? M.number(sqrt(e)) : M.number(sqrt(div(e, n)));
}

/** A point at radius (1 − 10^(−s))/√c, s ∈ [0.05, 5]: from 0.11 to 1e-5 away from the boundary. */
const arbNearBoundary = (d: number, c: number) =>
  fc.tuple(
    fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: d, maxLength: d }),
    fc.double({ min: 0.05, max: 5, noNaN: true }),
  ).map(([u, s]) => {
    const n = Math.hypot(...u) || 1;
    const r = (1 - 10 ** -s) / Math.sqrt(c);
    return Float64Array.from(u, (v) => (n === 1 && v === 0 ? r : (v / n) * r));
  });

const arbCaseB = fc.tuple(fc.constantFrom(1, 1, 0.3, 4), fc.integer({ min: 1, max: 5 })).chain((
  [c, d],
) => fc.tuple(fc.constant(c), arbNearBoundary(d, c), arbNearBoundary(d, c)));

const RUNS = { seed: 42, numRuns: 150 } as const;

Deno.test("oracle: distance near the boundary (far and close pairs), relative error ≤ 2e-15 (measured 2.6e-16)", () => {
  fc.assert(
    fc.property(arbCaseB, fc.double({ min: 1e-9, max: 1e-3, noNaN: true }), ([c, x, y], h) => {
      const want = M.number(distanceB(x, y, c));
      // The numerator of the textbook (−x) ⊕ y cancels to ~‖x − y‖ of its size, so the 64-digit
      // oracle has relative accuracy ~1e-64/‖x − y‖: it is trusted only for ‖x − y‖ ≥ 1e-30.
      const sep = Math.hypot(...x.map((v, i) => v - y[i]));
      if (sep === 0) assert.equal(distance(x, y, c), 0);
      else if (sep >= 1e-30) {
        const e = Math.abs(distance(x, y, c) - want) / want;
        assert.ok(e <= 2e-15, `relative error ${e}`);
      }
      // A close pair near the boundary (small distance, large conformal factor).
      const z = x.map((v, i) => v * (1 - h * (i + 1) * 1e-3));
      const dz = M.number(distanceB(x, z, c));
      if (dz > 0) {
        const ez = Math.abs(distance(x, z, c) - dz) / dz;
        assert.ok(ez <= 2e-15, `relative error ${ez} (close pair)`);
      }
    }),
    RUNS,
  );
});

Deno.test("oracle: mobiusAdd near the boundary, relative error ≤ 2e-15 (measured 3.7e-16)", () => {
  fc.assert(
    fc.property(arbCaseB, ([c, x, y]) => {
      const e = relErr(mobiusAdd(x, y, c), mobiusAddB(x, y, c));
      assert.ok(e <= 2e-15, `relative error ${e}`);
    }),
    RUNS,
  );
});

Deno.test("oracle: expMap0/logMap0 near the boundary, relative error ≤ 2e-15 (measured 2.6e-16 / 2.2e-16)", () => {
  fc.assert(
    fc.property(arbCaseB, ([c, y]) => {
      const C = big(c), sc = sqrt(C);
      // log_0(y) = artanh(√c‖y‖) y/(√c‖y‖)
      const ny = sqrt(dotB(y, y));
      const kl = div(atanhB(mul(sc, ny)), mul(sc, ny));
      const wantL = Array.from(y, (v) => mul(kl, big(v)));
      const el = relErr(logMap0(y, c), wantL);
      assert.ok(el <= 2e-15, `logMap0 relative error ${el}`);
      // exp_0(v) = tanh(√c‖v‖) v/(√c‖v‖) with v = log_0(y) (as a double): ‖exp_0(v)‖ → 1 − 1e-5.
      const v = logMap0(y, c);
      const nv = sqrt(dotB(v, v));
      const ke = div(tanhB(mul(sc, nv)), mul(sc, nv));
      const ee = relErr(expMap0(v, c), Array.from(v, (t) => mul(ke, big(t))));
      assert.ok(ee <= 2e-15, `expMap0 relative error ${ee}`);
    }),
    RUNS,
  );
});
