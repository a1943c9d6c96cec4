/**
 * Edge tests of the Poincaré-ball kernels (what bench/mutation.ts showed the other geometry
 * tests did not pin): in-place row maps, broadcasting rows, the zero direction into a dirty
 * buffer, the clamp-norm op on rows on both sides of the radius, the small-z series of the
 * `artanh(z)/z` gradient and the shape reported by a rejected midpoint.
 */
import assert from "node:assert/strict";
import { constant, grad, sum, type Var } from "@neuroplastic/core/autodiff";
import { type Tensor, tensor } from "@neuroplastic/core/tensor";
import { writeDirection } from "./ball.ts";
import { artanhc, clampNorm, tanhc } from "./ad_ops.ts";
import { einsteinMidpoint } from "./ad_extra.ts";
import { distance, distanceRows } from "./distance.ts";
import { expMap0, expMap0Rows, logMap0Rows } from "./maps.ts";

const close = (a: number, b: number, tol: number, what = "") =>
  assert.ok(Math.abs(a - b) <= tol * Math.max(1e-300, Math.abs(b)), `${what}: ${a} vs ${b}`);

Deno.test("geometry edge: row maps in place equal the out-of-place result row by row", () => {
  const d = 3, c = 0.8;
  const V = new Float64Array([0.3, -0.2, 0.5, 0.1, 0.4, -0.6, -0.7, 0.05, 0.2]);
  const want = new Float64Array(V.length);
  for (let r = 0; r < 3; r++) want.set(expMap0(V.slice(r * d, (r + 1) * d), c), r * d);
  assert.deepEqual(expMap0Rows(V, d, c), want);
  const inPlace = V.slice();
  expMap0Rows(inPlace, d, c, inPlace);
  assert.deepEqual(inPlace, want);
  const back = want.slice();
  logMap0Rows(back, d, c, back);
  for (let i = 0; i < V.length; i++) close(back[i], V[i], 1e-12, `log∘exp ${i}`);
});

Deno.test("geometry edge: distanceRows pairs equal rows and broadcasts a single row", () => {
  const d = 2, c = 1.5;
  const X = new Float64Array([0.1, 0.2, -0.3, 0.4, 0.5, -0.1]);
  const Y = new Float64Array([0.0, -0.2, 0.3, 0.3, -0.4, 0.1]);
  const row = (A: Float64Array, r: number) => A.slice(r * d, (r + 1) * d);
  const pairs = distanceRows(X, Y, d, c);
  for (let r = 0; r < 3; r++) close(pairs[r], distance(row(X, r), row(Y, r), c), 1e-14, `row ${r}`);
  const one = distanceRows(X, Y.slice(0, d), d, c);
  for (let r = 0; r < 3; r++) close(one[r], distance(row(X, r), row(Y, 0), c), 1e-14, `bcast ${r}`);
  const left = distanceRows(X.slice(0, d), Y, d, c);
  for (let r = 0; r < 3; r++) close(left[r], distance(row(X, 0), row(Y, r), c), 1e-14, `left ${r}`);
  assert.throws(() => distanceRows(X, Y.slice(0, 2 * d), d, c), RangeError);
});

Deno.test("geometry edge: the zero direction writes zeros over whatever the buffer held", () => {
  const out = new Float64Array([7, 7, 7, 7, 7]);
  writeDirection(new Float64Array(3), 0, 3, 0.9, out, 1);
  assert.deepEqual([...out], [7, 0, 0, 0, 7]);
  writeDirection(new Float64Array([3, 4]), 0, 2, 0.5, out, 0);
  assert.deepEqual([...out.slice(0, 2)], [0.3, 0.4]);
});

Deno.test("geometry edge: clampNorm scales only the rows at or past the radius", () => {
  // row 0: norm 0.5 < 0.8 kept; row 1: norm 5 → 0.8; row 2: norm 0.2·√3 ≈ 0.35 kept even
  // though its squared components sum below its component count (a norm taken as Σ x/x fails)
  const x = constant(tensor(new Float64Array([0.3, 0.4, 0, 3, 0, 4, 0.2, 0.2, 0.2]), [3, 3]));
  const y = clampNorm(x, 0.8).value;
  const want = [0.3, 0.4, 0, 0.48, 0, 0.64, 0.2, 0.2, 0.2];
  for (let i = 0; i < 9; i++) close(y[i], want[i], 1e-15, `y ${i}`);
  const small = constant(tensor(new Float64Array([0.1, 0.1]), [1, 2]));
  assert.equal(clampNorm(small, 0.8), small);
});

Deno.test("geometry edge: gradients of artanh(z)/z and tanh(z)/z on the small-z series", () => {
  // d/dz artanh(z)/z = Σ_k 2k z^(2k−1)/(2k+1) = 2z/3 + 4z³/5 + 6z⁵/7 + 8z⁷/9 + …
  // d/dz tanh(z)/z = −2z/3 + 8z³/15 − 34z⁵/105 + 92z⁷/945 − … (series of tanh z / z)
  for (const z of [9e-4, -7e-4, 5e-4]) {
    const at = (f: (v: Var) => Var) =>
      (grad((p) => sum(f(p as Var)))(tensor(new Float64Array([z]), [1])) as Tensor).data[0];
    const z2 = z * z;
    const wantA = z * (2 / 3 + z2 * (4 / 5 + z2 * (6 / 7 + z2 * (8 / 9))));
    const wantT = z * (-2 / 3 + z2 * (8 / 15 + z2 * (-34 / 105 + z2 * (92 / 945))));
    close(at(artanhc), wantA, 2e-16 * 8, `artanhc' ${z}`);
    close(at(tanhc), wantT, 2e-16 * 8, `tanhc' ${z}`);
  }
});

Deno.test("geometry edge: a midpoint of a non-matrix reports the expected [n, d] shape", () => {
  try {
    einsteinMidpoint(constant(tensor(new Float64Array(3), [3])), 1);
    assert.fail("no error");
  } catch (e) {
    const err = e as { expected?: unknown; actual?: unknown };
    assert.deepEqual(err.expected, [-1, -1]);
    assert.deepEqual(err.actual, [3]);
  }
});
