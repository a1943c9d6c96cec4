import assert from "node:assert/strict";
import {
  hierarchicalData,
  longRangeData,
  splitIndices,
  srcHierarchicalData,
  subset,
} from "./data.ts";

const goldens = JSON.parse(
  Deno.readTextFileSync(new URL("./testdata/data_goldens.json", import.meta.url)),
);

Deno.test("data: small generators equal NumPy element for element (float32)", () => {
  const s = goldens.small;
  const [n1, T1, D1, C1, z1, s1] = s.srcHierarchical.args;
  const a = srcHierarchicalData({ n: n1, seqLen: T1, dim: D1, classes: C1, noise: z1, seed: s1 });
  assert.deepEqual(Array.from(a.y), s.srcHierarchical.y);
  assert.deepEqual(Array.from(a.X), s.srcHierarchical.X);
  const [n2, T2, D2, C2, z2, s2] = s.hierarchical.args;
  const b = hierarchicalData({ n: n2, seqLen: T2, dim: D2, classes: C2, noise: z2, seed: s2 });
  assert.deepEqual(Array.from(b.y), s.hierarchical.y);
  assert.deepEqual(Array.from(b.X), s.hierarchical.X);
  const [n3, T3, D3, C3, s3] = s.longRange.args;
  const c = longRangeData({ n: n3, seqLen: T3, dim: D3, classes: C3, seed: s3 });
  assert.deepEqual(Array.from(c.y), s.longRange.y);
  assert.deepEqual(Array.from(c.X), s.longRange.X);
});

const checkLarge = (
  d: { X: Float32Array; y: Int32Array },
  g: { y12: number[]; x0: number[]; sum: number; last: number; ySum: number },
) => {
  assert.deepEqual(Array.from(d.y.slice(0, 12)), g.y12);
  assert.deepEqual(Array.from(d.X.slice(0, 3)), g.x0);
  assert.equal(d.X[d.X.length - 1], g.last);
  let s = 0;
  for (let i = 0; i < d.X.length; i++) s += d.X[i];
  assert.ok(Math.abs(s - g.sum) < 1e-6, `ΣX = ${s}, NumPy ${g.sum}`);
  assert.equal(d.y.reduce((a, b) => a + b, 0), g.ySum);
};

Deno.test("data: spec golden values (src hierarchical 5000×32×64)", () => {
  const d = srcHierarchicalData({ n: 5000, seqLen: 32, dim: 64, classes: 10 });
  checkLarge(d, goldens.large.srcHierarchical);
  // spec §4.1 literal values
  assert.deepEqual(Array.from(d.y.slice(0, 12)), [2, 5, 2, 3, 6, 8, 7, 8, 3, 1, 1, 5]);
  assert.ok(Math.abs(d.X[0] - 0.0181385) < 1e-7);
  assert.ok(Math.abs(d.X[d.X.length - 1] - -0.0848709) < 1e-7);
});

Deno.test("data: spec golden values (notebook hierarchical 5000×64×32, 20 classes)", () => {
  const d = hierarchicalData({ n: 5000, seqLen: 64, dim: 32, classes: 20 });
  checkLarge(d, goldens.large.hierarchical);
  assert.deepEqual(Array.from(d.y.slice(0, 12)), [2, 18, 12, 3, 8, 14, 7, 8, 3, 1, 1, 14]);
  let s = 0, s2 = 0;
  for (const v of d.X) {
    s += v;
    s2 += v * v;
  }
  const m = s / d.X.length;
  assert.ok(Math.abs(Math.sqrt(s2 / d.X.length - m * m) - 0.30983) < 1e-5);
  for (const v of d.y) assert.ok(v >= 0 && v < 20);
});

Deno.test("data: spec golden values (long-range 3000×128×32)", () => {
  const d = longRangeData({ n: 3000, seqLen: 128, dim: 32, classes: 10 });
  checkLarge(d, goldens.large.longRange);
  assert.deepEqual(Array.from(d.y.slice(0, 12)), [4, 2, 1, 3, 5, 0, 3, 4, 4, 1, 9, 9]);
});

Deno.test("data: split equals NumPy, is disjoint and covers everything", () => {
  const s = splitIndices(5000);
  assert.deepEqual(Array.from(s.train.slice(0, 20)), goldens.split.perm5000);
  assert.deepEqual(Array.from(s.val.slice(-5)), goldens.split.perm5000Last);
  assert.equal(s.train.length, 4000);
  assert.equal(s.val.length, 1000);
  const seen = new Uint8Array(5000);
  for (const i of [...s.train, ...s.val]) seen[i]++;
  assert.ok(seen.every((v) => v === 1));
  const l = splitIndices(3000);
  assert.deepEqual(Array.from(l.train.slice(0, 20)), goldens.split.perm3000);
  assert.equal(l.train.length, 2400);
  assert.equal(l.val.length, 600);
  for (const n of [1, 7, 13, 101]) {
    const t = splitIndices(n);
    assert.equal(t.train.length, Math.floor(0.8 * n));
    assert.equal(t.train.length + t.val.length, n);
  }
});

Deno.test("data: deterministic per seed, different across seeds; subset gathers rows", () => {
  const a = longRangeData({ n: 20, seqLen: 16, dim: 3, classes: 4, seed: 5 });
  const b = longRangeData({ n: 20, seqLen: 16, dim: 3, classes: 4, seed: 5 });
  const c = longRangeData({ n: 20, seqLen: 16, dim: 3, classes: 4, seed: 6 });
  assert.deepEqual(a.X, b.X);
  assert.notDeepEqual(a.X, c.X);
  const s = subset(a, [3, 0]);
  assert.deepEqual(s.X.slice(0, 48), a.X.slice(3 * 48, 4 * 48));
  assert.equal(s.y[1], a.y[0]);
  assert.throws(() => longRangeData({ n: 2, seqLen: 7, dim: 1, classes: 2 }), RangeError);
});
