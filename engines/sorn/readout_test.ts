import assert from "node:assert/strict";
import * as math from "mathjs";
import { key, normal, uniform } from "@neuroplastic/core/random";
import { oneHot, readoutReport, ridgeClassify, ridgeFit, ridgePredict } from "./readout.ts";

Deno.test("ridgeFit solves the regularised normal equations (mathjs oracle)", () => {
  const T = 60;
  const d = 5;
  const m = 2;
  const X = normal(key(1), T * d);
  const Y = normal(key(2), T * m);
  const lambda = 0.3;
  const model = ridgeFit(X, Y, T, d, m, lambda);
  // oracle: A = [X 1], (AᵀA + λ I') W = AᵀY with the bias unpenalised
  const A = [...Array(T).keys()].map((t) => [...Array.from(X.subarray(t * d, (t + 1) * d)), 1]);
  const B = [...Array(T).keys()].map((t) => Array.from(Y.subarray(t * m, (t + 1) * m)));
  const At = math.transpose(A);
  const G = math.add(math.multiply(At, A), math.diag([...Array(d).fill(lambda), 0])) as number[][];
  const AtB = math.multiply(At, B) as number[][];
  for (let c = 0; c < m; c++) {
    const w = math.lusolve(G, AtB.map((row) => row[c])) as number[][];
    for (let i = 0; i <= d; i++) assert.ok(Math.abs(model.weights[i * m + c] - w[i][0]) < 1e-9);
  }
});

Deno.test("ridge recovers a linear map and classifies one-hot targets", () => {
  const T = 200;
  const X = uniform(key(3), T * 2, -1, 1);
  const Y = new Float64Array(T);
  for (let t = 0; t < T; t++) Y[t] = 3 * X[2 * t] - 2 * X[2 * t + 1] + 0.5;
  const model = ridgeFit(X, Y, T, 2, 1, 1e-10);
  const p = ridgePredict(model, new Float64Array([0.2, -0.4]), 1)[0];
  assert.ok(Math.abs(p - (0.6 + 0.8 + 0.5)) < 1e-8);
  // classes: label = which coordinate is larger
  const labels = Int32Array.from({ length: T }, (_, t) => (X[2 * t] > X[2 * t + 1] ? 0 : 1));
  const clf = ridgeFit(X, oneHot(labels, 2), T, 2, 2, 1e-6);
  const pred = ridgeClassify(clf, X, T);
  const acc = pred.reduce((a, v, t) => a + (v === labels[t] ? 1 : 0), 0) / T;
  assert.ok(acc > 0.95);
  const rep = readoutReport(clf, X, labels, T);
  assert.equal(rep.accuracy, acc);
  assert.equal(rep.error, 1 - acc);
  assert.equal(rep.count, T);
  // a mask restricts the evaluated rows
  const mask = Uint8Array.from({ length: T }, (_, t) => (t < 10 ? 1 : 0));
  assert.equal(readoutReport(clf, X, labels, T, mask).count, 10);
});

Deno.test("sparse binary features: the Gram accumulation over non-zeros is exact", () => {
  const T = 50;
  const d = 8;
  const u = uniform(key(4), T * d);
  const X = Uint8Array.from(u, (v) => (v < 0.2 ? 1 : 0));
  const Xf = Float64Array.from(X);
  const Y = oneHot(Int32Array.from({ length: T }, (_, t) => t % 3), 3);
  const a = ridgeFit(X, Y, T, d, 3, 0.1);
  const b = ridgeFit(Xf, Y, T, d, 3, 0.1);
  assert.deepEqual(a.weights, b.weights);
});
