import assert from "node:assert/strict";
import fc from "fast-check";
import * as math from "mathjs";
import { fillNormal, key } from "@neuroplastic/core/random";
import { eigh, eighInto } from "./eigh.ts";

const symmetric = (n: number, seed: number): Float64Array => {
  const g = new Float64Array(n * n);
  fillNormal(key(seed), g);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) a[i * n + j] = (g[i * n + j] + g[j * n + i]) / 2;
  }
  return a;
};

/** max |A v − λ v| and max |BᵀB − I|. */
const residuals = (a: Float64Array, n: number, values: Float64Array, b: Float64Array) => {
  let res = 0, orth = 0;
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      let av = 0;
      for (let k = 0; k < n; k++) av += a[i * n + k] * b[k * n + j];
      res = Math.max(res, Math.abs(av - values[j] * b[i * n + j]));
    }
    for (let k = 0; k < n; k++) {
      let dot = 0;
      for (let i = 0; i < n; i++) dot += b[i * n + j] * b[i * n + k];
      orth = Math.max(orth, Math.abs(dot - (j === k ? 1 : 0)));
    }
  }
  return { res, orth };
};

Deno.test("eigh matches mathjs eigs on random symmetric matrices", () => {
  for (const n of [1, 2, 3, 7, 16, 33]) {
    const a = symmetric(n, n);
    const { values, vectors } = eigh(a, n);
    const rows = Array.from({ length: n }, (_, i) => Array.from(a.subarray(i * n, i * n + n)));
    const ref = math.eigs(rows).values as number[];
    const sorted = [...ref].sort((x, y) => x - y);
    for (let j = 0; j < n; j++) assert.ok(Math.abs(values[j] - sorted[j]) < 1e-10 * (1 + n));
    for (let j = 1; j < n; j++) assert.ok(values[j] >= values[j - 1]);
    const { res, orth } = residuals(a, n, values, vectors);
    assert.ok(res < 1e-12 * n, `residual ${res}`);
    assert.ok(orth < 1e-13 * n, `orthogonality ${orth}`);
  }
});

Deno.test("eigh handles clustered and degenerate spectra (CMA-ES start: I + 1e-10·11ᵀ)", () => {
  const n = 40;
  const a = new Float64Array(n * n).fill(1e-10);
  for (let i = 0; i < n; i++) a[i * n + i] += 1;
  const { values, vectors } = eigh(a, n);
  for (let j = 0; j < n - 1; j++) assert.ok(Math.abs(values[j] - 1) < 1e-14);
  assert.ok(Math.abs(values[n - 1] - (1 + n * 1e-10)) < 1e-14);
  const { res, orth } = residuals(a, n, values, vectors);
  assert.ok(res < 1e-13 && orth < 1e-13);
  // zero, diagonal and rank-one matrices
  const z = eigh(new Float64Array(9), 3);
  assert.deepEqual(Array.from(z.values), [0, 0, 0]);
  const dg = eigh(Float64Array.of(3, 0, 0, 0, -1, 0, 0, 0, 2), 3);
  assert.deepEqual(Array.from(dg.values), [-1, 2, 3]);
  const u = Float64Array.of(1, 2, 3, 4);
  const r1 = new Float64Array(16);
  for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) r1[i * 4 + j] = u[i] * u[j];
  const e1 = eigh(r1, 4);
  assert.ok(Math.abs(e1.values[3] - 30) < 1e-12);
  for (let j = 0; j < 3; j++) assert.ok(Math.abs(e1.values[j]) < 1e-12);
});

Deno.test("eigh property: reconstruction B diag(λ) Bᵀ = A and input untouched", () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 24 }), fc.integer({ min: 0, max: 1e6 }), (n, seed) => {
      const a = symmetric(n, seed);
      const copy = a.slice();
      const values = new Float64Array(n), b = new Float64Array(n * n);
      eighInto(a, n, values, b);
      assert.deepEqual(a, copy);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let k = 0; k < n; k++) s += b[i * n + k] * values[k] * b[j * n + k];
          assert.ok(Math.abs(s - a[i * n + j]) < 1e-12 * n);
        }
      }
    }),
    { seed: 42, numRuns: 60 },
  );
});

Deno.test("eigh rejects bad input", () => {
  assert.throws(() => eigh(Float64Array.of(NaN), 1), RangeError);
  assert.throws(() => eigh(new Float64Array(3), 2), RangeError);
});

Deno.test("eigh blocked path (n > 128: compact-WY Qᵀ) is accurate and orthogonal", () => {
  const n = 150;
  const a = symmetric(n, 77);
  const { values, vectors } = eigh(a, n);
  const { res, orth } = residuals(a, n, values, vectors);
  assert.ok(res < 1e-11, `residual ${res}`);
  assert.ok(orth < 1e-12, `orthogonality ${orth}`);
  let tr = 0, sum = 0;
  for (let i = 0; i < n; i++) tr += a[i * n + i];
  for (const v of values) sum += v;
  assert.ok(Math.abs(tr - sum) < 1e-10);
});

Deno.test("eigh divide and conquer (n > 256): random, clustered, rank-one-perturbed spectra", () => {
  const n = 300;
  const cases: [string, Float64Array][] = [];
  cases.push(["random", symmetric(n, 5)]);
  const clustered = new Float64Array(n * n).fill(1e-10);
  for (let i = 0; i < n; i++) clustered[i * n + i] += 1;
  cases.push(["I + 1e-10·11ᵀ", clustered]);
  const graded = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    graded[i * n + i] = Math.floor(i / 10); // 30 eigenvalues of multiplicity 10
    if (i + 1 < n) graded[i * n + i + 1] = graded[(i + 1) * n + i] = 1e-7 * Math.sin(i);
  }
  cases.push(["multiplicities + tiny couplings", graded]);
  for (const [name, a] of cases) {
    const { values, vectors } = eigh(a, n);
    const { res, orth } = residuals(a, n, values, vectors);
    assert.ok(res < 1e-11, `${name}: residual ${res}`);
    assert.ok(orth < 1e-12, `${name}: orthogonality ${orth}`);
    for (let j = 1; j < n; j++) assert.ok(values[j] >= values[j - 1]);
  }
});

Deno.test("eigh: forced QL and forced divide and conquer agree on eigenvalues", () => {
  const n = 90;
  const a = symmetric(n, 8);
  const v1 = new Float64Array(n), v2 = new Float64Array(n);
  const b1 = new Float64Array(n * n), b2 = new Float64Array(n * n);
  eighInto(a, n, v1, b1, "ql");
  eighInto(a, n, v2, b2, "dc");
  for (let j = 0; j < n; j++) assert.ok(Math.abs(v1[j] - v2[j]) < 1e-12);
  const r2 = residuals(a, n, v2, b2);
  assert.ok(r2.res < 1e-12 && r2.orth < 1e-13);
});
