import assert from "node:assert/strict";
import { checkGrad, constant, grad, mul, sum, type Var } from "@neuroplastic/core/autodiff";
import { key, normal } from "@neuroplastic/core/random";
import type { Tensor } from "@neuroplastic/core/tensor";
import { fusedSelfAttention, unfusedSelfAttention } from "./attention.ts";
import { sparseAttentionMask } from "./transformer.ts";

const B = 2, T = 7, heads = 2, d = 6;
const qkv: Tensor = { data: normal(key(1), B * T * 3 * d), shape: [B, T, 3 * d] };
const w: Tensor = { data: normal(key(2), B * T * d), shape: [B, T, d] };

const cases: [string, boolean, number, boolean][] = [
  ["eval, dense", false, 0.1, false],
  ["train p=0.3, dense", true, 0.3, false],
  ["eval, sparse mask", false, 0, true],
  ["train p=0.1, sparse mask", true, 0.1, true],
];

for (const [label, train, p, masked] of cases) {
  Deno.test(`fused attention equals the generic-op graph (${label}, f64)`, () => {
    const mask = masked ? sparseAttentionMask(T, "f64").data : null;
    const k = key(9);
    const loss = (att: typeof fusedSelfAttention) => (x: Var) =>
      sum(mul(att(x, heads, mask, p, k, train), constant(w)));
    const a = fusedSelfAttention(constant(qkv), heads, mask, p, k, train).value;
    const b = unfusedSelfAttention(constant(qkv), heads, mask, p, k, train).value;
    for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i] - b[i]) < 1e-12, `value ${i}`);
    const ga = (grad((x) => loss(fusedSelfAttention)(x as Var))(qkv) as Tensor).data;
    const gb = (grad((x) => loss(unfusedSelfAttention)(x as Var))(qkv) as Tensor).data;
    for (let i = 0; i < ga.length; i++) assert.ok(Math.abs(ga[i] - gb[i]) < 1e-12, `grad ${i}`);
    const e = checkGrad((x) => loss(fusedSelfAttention)(x as Var), qkv);
    assert.ok(e < 1e-7, `finite differences ${e}`);
  });
}

Deno.test("fused attention in f32 keeps the dtype and matches f64 to f32 precision", () => {
  const q32: Tensor = { data: Float32Array.from(qkv.data), shape: qkv.shape };
  const a = fusedSelfAttention(constant(q32), heads, null, 0, key(0), false).value;
  const b = fusedSelfAttention(constant(qkv), heads, null, 0, key(0), false).value;
  assert.ok(a instanceof Float32Array);
  for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i] - b[i]) < 1e-5);
});
