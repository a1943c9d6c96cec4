import assert from "node:assert/strict";
import fc from "fast-check";
import { fold, key } from "@neuroplastic/core/random";
import { expandInputs } from "./inputs.ts";
import {
  fastTanh,
  inferSparseColumns,
  inferSparseExact,
  inferSparseFast,
  sparseInference,
} from "./inference.ts";
import {
  controllerOps,
  evalBuffers,
  forwardMse,
  initGenome,
  layoutOf,
  type NetShape,
} from "./network.ts";
import { energy, saturation } from "./stats.ts";

const inp = expandInputs({ mode: "legacy", trueColumns: 16, noiseColumns: 240 });
const sparse: NetShape = { kind: "sparse", inputs: 256, hidden: 8, k: 2 };
const dense: NetShape = { kind: "dense", inputs: 256, hidden: 8 };

/** Naive forward: plain loops in the textbook order. */
const naive = (shape: NetShape, g: Float64Array) => {
  const L = layoutOf(shape);
  const H = shape.hidden, D = shape.inputs;
  const hidden = Array.from({ length: H }, () => new Float64Array(100));
  let se = 0;
  for (let s = 0; s < 100; s++) {
    for (let j = 0; j < H; j++) {
      let acc = g[L.b1 + j];
      if (shape.kind === "dense") {
        for (let i = 0; i < D; i++) acc += g[j * D + i] * inp.data[s * D + i];
      } else {
        for (let q = 0; q < shape.k; q++) {
          acc += g[L.w1 + j * shape.k + q] * inp.data[s * D + g[j * shape.k + q]];
        }
      }
      hidden[j][s] = Math.tanh(acc);
    }
    let o = g[L.b2];
    for (let j = 0; j < H; j++) o += g[L.w2 + j] * hidden[j][s];
    se += (Math.tanh(o) - inp.target[s]) ** 2;
  }
  return { mse: se / 100, hidden };
};

Deno.test("layouts: 33 parameters / 49 genes (K = 2), 2065 dense; He initialisation", () => {
  assert.equal(layoutOf(sparse).params, 33);
  assert.equal(layoutOf(sparse).length, 49);
  assert.equal(layoutOf(dense).params, 2065);
  assert.equal(layoutOf(dense).length, 2065);
  const g = new Float64Array(2065);
  initGenome(dense, key(3), g);
  let ss = 0;
  for (let i = 0; i < 2048; i++) ss += g[i] * g[i];
  assert.ok(Math.abs(ss / 2048 - 2 / 256) < 0.001, `var ${ss / 2048}`);
  for (let j = 0; j < 8; j++) assert.equal(g[2048 + j], 0);
  assert.equal(g[2064], 0);
});

Deno.test("forward passes agree with a naive implementation (sparse exactly, dense to 1e-12)", () => {
  const buf = evalBuffers(8, 100);
  for (let t = 0; t < 5; t++) {
    const gs = new Float64Array(49);
    initGenome(sparse, key(t), gs);
    const m = forwardMse(sparse, gs, inp.data, inp.dataT, inp.target, buf);
    assert.equal(m, naive(sparse, gs).mse);
    const gd = new Float64Array(2065);
    initGenome(dense, key(t), gd);
    const md = forwardMse(dense, gd, inp.data, inp.dataT, inp.target, buf);
    assert.ok(Math.abs(md - naive(dense, gd).mse) < 1e-12);
    const sat = saturation(buf.hidden);
    assert.ok(sat.k >= 0 && sat.k <= 8);
    for (const h of buf.hidden) for (const v of h) assert.ok(v > -1 && v < 1);
    assert.ok(energy(dense, gd, buf.hidden).total > 0);
  }
});

Deno.test("mutation invariants: shapes, index ranges, K distinct per unit, weights-only changes", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 1e6 }),
      fc.integer({ min: 1, max: 6 }),
      fc.integer({ min: 6, max: 40 }),
      (seed, k, inputs) => {
        const shape: NetShape = { kind: "sparse", inputs, hidden: 5, k };
        const ops = controllerOps(shape, { rate: 0.3, scale: 0.2, indexRate: 0.5 });
        let g = new Float64Array(ops.numDims);
        ops.random(key(seed), g);
        for (let t = 0; t < 30; t++) {
          const m = new Float64Array(ops.numDims);
          const before = g.slice();
          ops.mutate(g, fold(key(seed), t), m);
          assert.deepEqual(g, before); // parent untouched
          assert.equal(m.length, ops.numDims);
          for (let j = 0; j < 5; j++) {
            const idx = Array.from(m.subarray(j * k, (j + 1) * k));
            for (const i of idx) assert.ok(Number.isInteger(i) && i >= 0 && i < inputs);
            assert.equal(new Set(idx).size, k);
            // at most one slot per unit changes per mutation
            const diff = idx.filter((v, q) => v !== g[j * k + q]).length;
            assert.ok(diff <= 1);
          }
          g = m;
        }
      },
    ),
    { seed: 42, numRuns: 60 },
  );
  // dense: rate 0 changes nothing, rate 1 changes every weight
  const ops0 = controllerOps(dense, { rate: 0 });
  const g = new Float64Array(2065);
  ops0.random(key(1), g);
  const m0 = new Float64Array(2065);
  ops0.mutate(g, key(2), m0);
  assert.deepEqual(m0, g);
  const ops1 = controllerOps(dense, { rate: 1, scale: 0.1 });
  ops1.mutate(g, key(2), m0);
  for (let i = 0; i < 2065; i++) assert.notEqual(m0[i], g[i]);
});

Deno.test("fastTanh error < 2e-9; inference kernels match the training forward pass", () => {
  let worst = 0;
  for (let i = -30000; i <= 30000; i++) {
    const x = i * 7.3e-4 + 1e-7;
    worst = Math.max(worst, Math.abs(fastTanh(x) - Math.tanh(x)));
  }
  assert.ok(worst < 2e-9, `worst ${worst}`);
  assert.equal(fastTanh(50), 1);
  assert.equal(fastTanh(-50), -1);
  assert.ok(Number.isNaN(fastTanh(NaN)));
  const g = new Float64Array(49);
  initGenome(sparse, key(9), g);
  const buf = evalBuffers(8, 100);
  forwardMse(sparse, g, inp.data, inp.dataT, inp.target, buf);
  const m = sparseInference(sparse, g);
  const exact = inferSparseExact(m, inp.data, 100, new Float64Array(100));
  const fast = inferSparseFast(m, inp.data, 100, new Float64Array(100));
  assert.deepEqual(inferSparseColumns(m, inp.dataT, 100, new Float64Array(100)), fast);
  for (let s = 0; s < 100; s++) {
    assert.equal(exact[s], buf.pred[s]);
    assert.ok(Math.abs(fast[s] - exact[s]) < 1e-8);
  }
});
