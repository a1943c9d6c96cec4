import assert from "node:assert/strict";
import { matmulInto } from "./matmul.ts";
import { createMlpForward } from "./wasm_mlp.ts";
import { wasmTanhAvailable } from "./wasm_tanh.ts";

/** The documented computation: matmulInto (X · W1ᵀ), then the scalar tanh loops. */
function reference(X: Float64Array, g: Float64Array, rows: number, D: number, H: number) {
  const pre = new Float64Array(rows * H);
  matmulInto(pre, X, g, rows, D, H, { transB: true });
  const h: Float64Array[] = [];
  for (let j = 0; j < H; j++) {
    h.push(new Float64Array(rows));
    for (let s = 0; s < rows; s++) h[j][s] = Math.tanh(pre[s * H + j] + g[H * D + j]);
  }
  const y = new Float64Array(rows);
  for (let s = 0; s < rows; s++) {
    let acc = g[H * D + 2 * H];
    for (let j = 0; j < H; j++) acc += g[H * D + H + j] * h[j][s];
    y[s] = Math.tanh(acc);
  }
  return { h, y };
}

Deno.test("createMlpForward gives matmulInto + Math.tanh's bits (padding, k-blocks, offsets)", () => {
  if (!wasmTanhAvailable()) {
    assert.equal(createMlpForward(4, 4, 4), null);
    return;
  }
  let seed = 5;
  const rnd = (): number => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32 - 0.5;
  // GENREG's shape; rows and units not multiples of 4; D over one k-block of 256; tiny shapes
  const shapes = [[100, 256, 8], [7, 3, 1], [13, 300, 5], [4, 520, 9], [1, 2, 1], [33, 17, 3]];
  for (const [rows, D, H] of shapes) {
    const X = Float64Array.from({ length: rows * D }, () => rnd() * 4);
    const XT = new Float64Array(rows * D);
    for (let s = 0; s < rows; s++) for (let p = 0; p < D; p++) XT[p * rows + s] = X[s * D + p];
    const G = H * D + 2 * H + 1;
    const pop = Float64Array.from({ length: 3 * G }, () => rnd() * 0.5);
    const f = createMlpForward(rows, D, H)!;
    f.setInputs(XT);
    for (let i = 0; i < 3; i++) {
      f.run(pop, i * G);
      const r = reference(X, pop.subarray(i * G, (i + 1) * G), rows, D, H);
      for (let j = 0; j < H; j++) {
        for (let s = 0; s < rows; s++) {
          assert.ok(Object.is(f.hiddenRow(j)[s], r.h[j][s]), `${rows}×${D}×${H} h[${j}][${s}]`);
        }
      }
      for (let s = 0; s < rows; s++) assert.ok(Object.is(f.pred()[s], r.y[s]), `ŷ[${s}]`);
      assert.equal(f.pred().length, rows);
    }
  }
});

Deno.test("createMlpForward validates its sizes and arguments", () => {
  assert.throws(() => createMlpForward(0, 2, 1), /rows = 0/);
  assert.throws(() => createMlpForward(2, 1.5, 1), /inputs = 1.5/);
  const f = createMlpForward(2, 2, 1);
  if (f) {
    assert.throws(() => f.setInputs(new Float64Array(3)), /XT needs 4/);
    f.run(new Float64Array(5)); // W1 (2), b1, w2, b2
    assert.throws(() => f.run(new Float64Array(4)), /needs 5 elements from offset 0, has 4/);
    assert.throws(() => f.run(new Float64Array(9), 5), /from offset 5, has 9/);
  }
});
