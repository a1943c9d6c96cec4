import assert from "node:assert/strict";
import fc from "fast-check";
import * as math from "mathjs";
import { logSoftmaxInto, logsumexpRows, softmaxInto } from "./softmax.ts";
import { assertClose, FC, floatArray, toRows, U64 } from "./test_util.ts";

const rowsArb = fc
  .record({
    f32: fc.boolean(),
    rows: fc.integer({ min: 1, max: 6 }),
    n: fc.integer({ min: 1, max: 12 }),
  })
  .chain(({ f32, rows, n }) =>
    fc.record({
      f32: fc.constant(f32),
      rows: fc.constant(rows),
      n: fc.constant(n),
      a: floatArray(f32, rows * n),
    })
  );

Deno.test("softmax / logSoftmax / logsumexp match mathjs exp/log on every row", () => {
  fc.assert(
    fc.property(rowsArb, ({ f32, rows, n, a }) => {
      const R = toRows(a, 0, rows, n);
      const E = R.map((r) => r.map((v) => math.exp(v)));
      const lse = E.map((e) => math.log(math.sum(e)));
      const p = E.map((e) => math.divide(e, math.sum(e)) as number[]).flat();
      const logp = R.map((r, i) => math.subtract(r, lse[i]) as number[]).flat();
      const rel = (f32 ? 2 ** -23 : 0) + 8 * (n + 4) * U64;
      const mk = () => (f32 ? new Float32Array(rows * n) : new Float64Array(rows * n));
      assertClose("softmax", softmaxInto(mk(), a, n), p, rel, 2 ** -149);
      assertClose("logSoftmax", logSoftmaxInto(mk(), a, n), logp, rel, rel * 16);
      assertClose("logsumexp", logsumexpRows(a, n), lse, 8 * (n + 4) * U64, 8 * (n + 4) * U64 * 8);
      // In place (out aliases a) gives the same result.
      const b = a.slice();
      softmaxInto(b, b, n);
      assert.deepEqual(b, softmaxInto(mk(), a, n));
      // Rows sum to 1.
      for (let r = 0; r < rows; r++) {
        assertClose("Σp", [math.sum(p.slice(r * n, r * n + n))], [1], 1e-12);
      }
    }),
    FC,
  );
});

Deno.test("stable for huge logits: shift invariance instead of overflow", () => {
  fc.assert(
    fc.property(rowsArb, fc.constantFrom(-1e4, 800, 1e4), ({ rows, n, a }, shift) => {
      const x = Float64Array.from(a), y = x.map((v) => v + shift);
      const px = softmaxInto(new Float64Array(x.length), x, n);
      const py = softmaxInto(new Float64Array(y.length), y, n);
      for (const v of py) assert.ok(Number.isFinite(v));
      // Adding `shift` rounds each logit to the ulp of |shift| (≤ 2e-12), which moves p by ≈ that.
      assertClose("shifted softmax", py, px, 1e-10, 1e-300);
      const lx = logsumexpRows(x, n), ly = logsumexpRows(y, n);
      assertClose("shifted lse", ly, Array.from(lx, (v) => v + shift), 1e-14);
      assert.equal(ly.length, rows);
    }),
    FC,
  );
});

Deno.test("non-finite rows and bad row lengths", () => {
  const ninf = new Float64Array([-Infinity, -Infinity, 0, 1]);
  assert.deepEqual([...logsumexpRows(ninf, 2)].slice(0, 1), [-Infinity]);
  const p = softmaxInto(new Float64Array(4), ninf, 2);
  assert.ok(Number.isNaN(p[0]) && Number.isNaN(p[1]));
  assertClose("row 2", [p[2], p[3]], [1 / (1 + Math.E), Math.E / (1 + Math.E)], 1e-15);
  const withInf = softmaxInto(new Float64Array(2), new Float64Array([-Infinity, 3]), 2);
  assert.deepEqual([...withInf], [0, 1]);
  assert.throws(() => softmaxInto(new Float64Array(5), new Float64Array(5), 2), /rows of length 2/);
  assert.throws(() => logsumexpRows(new Float64Array(4), 0), RangeError);
  assert.throws(() => logSoftmaxInto(new Float64Array(3), new Float64Array(4), 2), RangeError);
});
