import assert from "node:assert/strict";
import { InvalidConfig } from "@neuroplastic/core/errors";
import { fold, key, normal } from "@neuroplastic/core/random";
import { lifetimeConfig, lndpDefaults } from "./config.ts";
import { expF32, sigmoidF32, TANH_F32_CLAMP, tanhF32 } from "./f32.ts";
import { forwardInPlace, readAction } from "./forward.ts";
import { gruCellInto } from "./gru.ts";
import { makeModel } from "./model.ts";
import { unflattenParams } from "./params.ts";
import { run } from "./run.ts";
import { cloneNetState, emptyNetState, initNetGraph } from "./state.ts";
import { updateInPlace } from "./update.ts";
import { makeWorkspace } from "./workspace.ts";

const F32_EPS = 2 ** -23;
const isF32 = (v: number): boolean => Math.fround(v) === v;

Deno.test("f32 kernels: within f32 rounding of f64 away from saturation, f32-representable", () => {
  for (let x = -7.8; x <= 7.8; x += 0.0137) {
    const t = tanhF32(x);
    assert.ok(isF32(t));
    // input and output rounding: |Δ| ≤ |x − fround(x)|·(1 − tanh²) + ½ulp ≤ 2^−23
    assert.ok(Math.abs(t - Math.tanh(x)) <= F32_EPS, `tanh ${x}`);
    const s = sigmoidF32(x);
    assert.ok(isF32(s) && Math.abs(s - 1 / (1 + Math.exp(-x))) <= F32_EPS, `sigmoid ${x}`);
    const e = expF32(x);
    // relative: input rounding |x|·2^−24 plus output rounding 2^−24
    const bound = (Math.abs(x) + 1) * 2 ** -24 * 1.001;
    assert.ok(isF32(e) && Math.abs(e / Math.exp(x) - 1) <= bound, `exp ${x}`);
  }
  assert.equal(expF32(-90), 0); // e^−90 < 2^−126: a float32 subnormal, flushed
  assert.ok(Math.exp(-90) > 0);
});

Deno.test("f32 tanh saturates to exactly ±1 beyond XLA's clamp 7.905, where f64 does not", () => {
  for (const x of [7.906, 8, 8.5, 9, 12, 100]) {
    assert.equal(tanhF32(x), 1);
    assert.equal(tanhF32(-x), -1);
  }
  assert.ok(Math.tanh(8.5) < Math.tanh(9.5) && Math.tanh(9.5) < 1); // f64 still orders them
  assert.ok(tanhF32(TANH_F32_CLAMP - 0.01) < 1);
  // fround alone would not saturate at 8.5 (1 − tanh 8.5 ≈ 8e−8 > ½ ulp below 1)
  assert.ok(Math.fround(Math.tanh(8.5)) < 1);
});

Deno.test("f32 forward pass: two saturated outputs tie exactly (action 0) where f64 picks action 1", () => {
  for (const precision of ["f64", "f32"] as const) {
    const m = makeModel("cartpole", { ...lndpDefaults, precision });
    const net = emptyNetState(m), ws = makeWorkspace(m);
    const N = m.N;
    // input 0 → output N−2 with weight 8.5, → output N−1 with weight 9.5
    net.w[N - 2] = 8.5;
    net.w[N - 1] = 9.5;
    const aT = forwardInPlace(m, net, Float64Array.of(1, 0, 0, 0), ws);
    if (precision === "f32") {
      assert.equal(aT[N - 2], 1);
      assert.equal(aT[N - 1], 1);
      assert.equal(readAction(m, aT), 0); // tie → lowest index, as jnp.argmax
    } else {
      assert.ok(aT[N - 2] < aT[N - 1]);
      assert.equal(readAction(m, aT), 1);
    }
  }
});

Deno.test("f32 GRU cell: close to f64, every output f32-representable", () => {
  const H = 8, I = 8;
  const g = normal(key(1), 3 * H * (I + H) + 4 * H + I + H, 0, 0.4);
  let o = 0;
  const take = (n: number) => g.slice(o, o += n);
  const wih = take(3 * H * I), whh = take(3 * H * H), b = take(3 * H), bn = take(H);
  const x = take(I), h = take(H);
  const a = new Float64Array(H), c = new Float64Array(H), s = new Float64Array(6 * H);
  gruCellInto(a, 0, wih, whh, b, bn, x, 0, I, h, 0, H, s);
  gruCellInto(c, 0, wih, whh, b, bn, x, 0, I, h, 0, H, s, true);
  for (let u = 0; u < H; u++) {
    assert.ok(isF32(c[u]));
    assert.ok(Math.abs(a[u] - c[u]) < 4 * F32_EPS, `${a[u]} vs ${c[u]}`);
  }
});

Deno.test("f32 update + forward: same graph and state within f32 tolerance of f64 (small weights)", () => {
  for (const seed of [3, 11, 27]) {
    const m64 = makeModel("cartpole", lndpDefaults);
    const m32 = makeModel("cartpole", { ...lndpDefaults, precision: "f32" });
    // genome values already float32, as a genome exchanged with the reference
    const genome = normal(key(seed), m64.layout.size, 0, 0.3).map(Math.fround);
    const p = unflattenParams(m64.layout, genome);
    const n64 = initNetGraph(m64, key(seed + 1)), n32 = cloneNetState(n64);
    const w64 = makeWorkspace(m64), w32 = makeWorkspace(m32);
    let maxDiff = 0;
    for (let u = 0; u < 4; u++) {
      const obs = Float64Array.of(0.1 * u, -0.2, 0.05, 0.3);
      const a64 = forwardInPlace(m64, n64, obs, w64), a32 = forwardInPlace(m32, n32, obs, w32);
      for (let i = 0; i < m64.N; i++) maxDiff = Math.max(maxDiff, Math.abs(a64[i] - a32[i]));
      updateInPlace(m64, p, n64, w64, fold(key(seed), u));
      updateInPlace(m32, p, n32, w32, fold(key(seed), u));
      assert.deepEqual(n32.A, n64.A, `seed ${seed}: graphs differ after update ${u}`);
      for (let i = 0; i < n64.h.length; i++) {
        maxDiff = Math.max(maxDiff, Math.abs(n64.h[i] - n32.h[i]));
      }
      for (let i = 0; i < n64.e.length; i++) {
        maxDiff = Math.max(maxDiff, Math.abs(n64.e[i] - n32.e[i]));
      }
      assert.ok(n32.h.every(isF32) && n32.e.every(isF32));
    }
    assert.ok(maxDiff > 0 && maxDiff < 1e-5, `seed ${seed}: max |f64 − f32| = ${maxDiff}`);
  }
});

Deno.test("precision: f32 lifetimes are reproducible; the config field rejects other values", () => {
  const m = makeModel("cartpole", { ...lndpDefaults, precision: "f32" });
  const genome = normal(key(5), m.layout.size, 0, 0.5);
  const a = run(m, genome, 2, key(6)), b = run(m, genome, 2, key(6));
  assert.deepEqual(a, b);
  assert.ok(a.fitness >= 1 && a.fitness <= 500);
  assert.equal(lifetimeConfig({ precision: "f32" }).precision, "f32");
  assert.equal(lifetimeConfig({}).precision, "f64");
  assert.throws(
    () => lifetimeConfig({ precision: "f16" as "f32" }),
    (e: unknown) => e instanceof InvalidConfig && e.field === "precision",
  );
});
