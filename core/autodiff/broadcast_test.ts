import assert from "node:assert/strict";
import fc from "fast-check";
import { sizeOf } from "../tensor/mod.ts";
import {
  addExpanded,
  addReduced,
  broadcastIndex,
  broadcastPlan,
  broadcastShapes,
  expandInto,
  iota,
  PLAN_IDENTITY,
  PLAN_INDEX,
  PLAN_REPEAT,
  PLAN_TILE,
  stridedIndex,
} from "./broadcast.ts";
import { arbBroadcastPair, FC, maxDiff } from "./test_util.ts";

Deno.test("broadcastShapes follows NumPy and rejects incompatible shapes", () => {
  assert.deepEqual(broadcastShapes([4, 1, 3], [5, 1]), [4, 5, 3]);
  assert.deepEqual(broadcastShapes([], [2]), [2]);
  assert.throws(() => broadcastShapes([2, 3], [3, 2]));
});

Deno.test("stridedIndex: transpose and slice offsets", () => {
  assert.deepEqual(Array.from(stridedIndex([3, 2], [1, 3])), [0, 3, 1, 4, 2, 5]);
  assert.deepEqual(Array.from(stridedIndex([2, 2], [3, 1], 1)), [1, 2, 4, 5]);
  assert.deepEqual(Array.from(stridedIndex([], [])), [0]);
});

/** Checks the three plan kernels against the index-map definition for one (from, to) pair. */
function checkPlan(from: number[], to: number[], vals: number[]): number {
  const p = broadcastPlan(from, to);
  const idx = broadcastIndex(from, to) ?? iota(sizeOf(to));
  const src = Float64Array.from({ length: sizeOf(from) }, (_, i) => vals[i % vals.length]);
  const big = Float64Array.from({ length: sizeOf(to) }, (_, i) => vals[(i * 7 + 3) % vals.length]);
  // expand: out[i] = src[idx[i]]
  const e = expandInto(src, p, new Float64Array(sizeOf(to)));
  assert.equal(maxDiff(e, Array.from(idx, (k) => src[k])), 0);
  // reduce (adjoint): dst[idx[i]] += 2 big[i]
  const r = new Float64Array(src.length), rr = new Float64Array(src.length);
  addReduced(r, big, p, 2);
  for (let i = 0; i < idx.length; i++) rr[idx[i]] += 2 * big[i];
  assert.ok(maxDiff(r, rr) < 1e-12);
  // the same into an f32 destination (accumulated in doubles)
  const r32 = new Float32Array(src.length);
  addReduced(r32, big, p, 2);
  assert.ok(maxDiff(r32, rr) < 1e-5);
  // addExpanded: dst[i] += 0.5 src[idx[i]]
  const x = new Float64Array(sizeOf(to));
  addExpanded(x, src, p, 0.5);
  assert.equal(maxDiff(x, Array.from(idx, (k) => 0.5 * src[k])), 0);
  return p.kind;
}

Deno.test("broadcast plans (identity/tile/repeat/index) agree with the index-map definition", () => {
  const cases: [number[], number[], number][] = [
    [[2, 3], [2, 3], PLAN_IDENTITY],
    [[3], [2, 3], PLAN_TILE],
    [[], [2, 3], PLAN_TILE],
    [[1, 3], [4, 1, 3], PLAN_TILE],
    [[2, 1], [2, 3], PLAN_REPEAT],
    [[2, 1, 1], [2, 3, 4], PLAN_REPEAT],
    [[2, 1, 4], [2, 3, 4], PLAN_INDEX],
    [[3, 1], [2, 3, 4], PLAN_INDEX],
  ];
  const vals = Array.from({ length: 17 }, (_, i) => Math.sin(i + 0.5));
  for (const [from, to, kind] of cases) {
    assert.equal(checkPlan(from, to, vals), kind, `${from} → ${to}`);
  }
  fc.assert(
    fc.property(
      arbBroadcastPair(4, 3),
      fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 1, maxLength: 30 }),
      ([a, b], v) => {
        checkPlan(a, broadcastShapes(a, b), v);
      },
    ),
    { ...FC, numRuns: 60 },
  );
  assert.throws(() => broadcastPlan([2], [3]));
});
