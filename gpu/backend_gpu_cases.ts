import assert from "node:assert/strict";
import { Effect } from "effect";
import { GpuUnavailable } from "@neuroplastic/core/errors";
import { key, uniform } from "@neuroplastic/core/random";
import { matmulInto } from "@neuroplastic/core/tensor";
import { adapterInfo, gpuTest } from "./testing/harness.ts";
import {
  AUTO_MIN_WORK,
  backendGenregEval,
  backendMatmul,
  backendRsgnConnectivity,
  createBackend,
  destroyBackend,
  usesGpu,
  workOf,
} from "./backend.ts";
import { available } from "./context.ts";
import { genregEvalCpu } from "./genreg_eval.ts";
import { rsgnConnectivityCpu } from "./rsgn.ts";

Deno.test("cpu backend: no context, every call on the CPU", async () => {
  const b = await Effect.runPromise(createBackend("cpu"));
  assert.equal(b.ctx, null);
  assert.equal(usesGpu(b, "matmul", 1e12), false);
  const a = Float32Array.from(uniform(key(1), 6 * 5, -1, 1));
  const x = Float32Array.from(uniform(key(2), 2 * 5 * 4, -1, 1));
  // Batched with a broadcast A (strideA 0): two products into consecutive outputs.
  const out = await backendMatmul(b, new Float32Array(2 * 6 * 4), a, x, 6, 5, 4, {
    batch: 2,
    strideA: 0,
  });
  const ref = new Float32Array(2 * 6 * 4);
  matmulInto(ref, a, x, 6, 5, 4);
  matmulInto(ref, a, x, 6, 5, 4, { bOffset: 20, outOffset: 24 });
  assert.deepEqual(out, ref);
  destroyBackend(b);
});

Deno.test("available() fails with GpuUnavailable without navigator.gpu; gpu fails, auto falls back", async () => {
  const desc = Object.getOwnPropertyDescriptor(globalThis, "navigator");
  Object.defineProperty(globalThis, "navigator", { value: {}, configurable: true });
  try {
    const r = await Effect.runPromise(Effect.either(available()));
    assert.ok(r._tag === "Left" && r.left instanceof GpuUnavailable);
    assert.match(r.left.reason, /navigator\.gpu is undefined/);
    const g = await Effect.runPromise(Effect.either(createBackend("gpu")));
    assert.ok(g._tag === "Left" && g.left instanceof GpuUnavailable);
    const auto = await Effect.runPromise(createBackend("auto"));
    assert.equal(auto.ctx, null);
    assert.equal(usesGpu(auto, "matmul", Infinity), false);
  } finally {
    if (desc) Object.defineProperty(globalThis, "navigator", desc);
  }
});

Deno.test("gpu backend fails with GpuUnavailable exactly when available() does", async () => {
  const probe = await Effect.runPromise(Effect.either(available()));
  if (probe._tag === "Right") {
    assert.equal(typeof probe.right.description, "string");
    assert.equal(typeof probe.right.isFallbackAdapter, "boolean");
  }
  const r = await Effect.runPromise(Effect.either(createBackend("gpu")));
  assert.equal(r._tag, probe._tag);
  if (r._tag === "Left") assert.ok(r.left instanceof GpuUnavailable);
  else destroyBackend(r.right);
  // auto never fails: a context when there is an adapter, the CPU otherwise.
  const auto = await Effect.runPromise(createBackend("auto"));
  assert.equal(auto.ctx === null, probe._tag === "Left");
  destroyBackend(auto);
});

gpuTest("auto backend: thresholds by adapter kind, overrides, and dispatch", async () => {
  const auto = await Effect.runPromise(createBackend("auto"));
  const kind = adapterInfo?.isFallbackAdapter ? "software" : "hardware";
  assert.equal(auto.minWork.matmul, AUTO_MIN_WORK.matmul[kind]);
  const w = workOf.rsgnConnectivity(512, 32);
  assert.equal(usesGpu(auto, "rsgnConnectivity", w), w >= AUTO_MIN_WORK.rsgnConnectivity[kind]);
  destroyBackend(auto);
  // Forced thresholds: 0 → GPU, Infinity → CPU; the CPU path gives f64 results.
  const onGpu = await Effect.runPromise(
    createBackend("auto", { genregEval: 0, rsgnConnectivity: 0 }),
  );
  const onCpu = await Effect.runPromise(
    createBackend("auto", { genregEval: Infinity, rsgnConnectivity: Infinity }),
  );
  const shape = { kind: "dense" as const, inputs: 3, hidden: 2, samples: 4, population: 2 };
  const X = uniform(key(3), 12, -1, 1), y = uniform(key(4), 4, -1, 1);
  const genomes = uniform(key(5), 2 * (3 * 2 + 2 + 2 + 1), -1, 1);
  const g = await backendGenregEval(onGpu, shape, X, y, genomes);
  const c = await backendGenregEval(onCpu, shape, X, y, genomes);
  assert.ok(g.mse instanceof Float32Array && c.mse instanceof Float64Array);
  assert.deepEqual(c.mse, genregEvalCpu(shape, X, y, genomes).mse);
  for (let p = 0; p < 2; p++) assert.ok(Math.abs(g.mse[p] - c.mse[p]) < 1e-5);
  // The cached evaluator is reused for the same problem, rebuilt for new inputs.
  const again = await backendGenregEval(onGpu, shape, X, y, genomes);
  assert.deepEqual(again.mse, g.mse);
  const X2 = X.map((v) => -v);
  const g2 = await backendGenregEval(onGpu, shape, X2, y, genomes);
  const c2 = genregEvalCpu(shape, X2, y, genomes);
  for (let p = 0; p < 2; p++) assert.ok(Math.abs(g2.mse[p] - c2.mse[p]) < 1e-5);
  const input = {
    n: 5,
    dim: 3,
    rank: 4,
    positions: uniform(key(6), 15, -0.5, 0.5),
    u: uniform(key(7), 20, -1, 1),
    v: uniform(key(8), 20, -1, 1),
    levels: uniform(key(9), 5, 0, 1),
    tau: 1,
  };
  const rg = await backendRsgnConnectivity(onGpu, input, true);
  const rc = await backendRsgnConnectivity(onCpu, input, true);
  assert.deepEqual(rc.w, rsgnConnectivityCpu(input).w);
  for (let q = 0; q < 25; q++) assert.ok(Math.abs(rg.w[q] - rc.w[q]) <= 1e-5 * rc.w[q] + 1e-7);
  destroyBackend(onGpu);
  destroyBackend(onCpu);
});

gpuTest("gpu backend runs matmul on the GPU", async (ctx) => {
  void ctx;
  const b = await Effect.runPromise(createBackend("gpu"));
  assert.ok(usesGpu(b, "matmul", 1));
  const a = Float32Array.of(1, 2, 3, 4), x = Float32Array.of(5, 6, 7, 8);
  assert.deepEqual(
    await backendMatmul(b, new Float32Array(4), a, x, 2, 2, 2, { transA: true }),
    matmulInto(new Float32Array(4), a, x, 2, 2, 2, { transA: true }),
  );
  destroyBackend(b);
});
