import assert from "node:assert/strict";
import { Effect } from "effect";
import { GpuUnavailable } from "@neuroplastic/core/errors";
import { key, uniform } from "@neuroplastic/core/random";
import { matmulInto } from "@neuroplastic/core/tensor";
import { adapterInfo, gpuTest } from "./testing/harness.ts";
import {
  AUTO_MIN_WORK,
  backendMatmul,
  createBackend,
  destroyBackend,
  usesGpu,
  workOf,
} from "./backend.ts";
import { available } from "./context.ts";

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
  // (GENREG's backendGenregEval is tested in engines/genreg/gpu/genreg_eval_gpu_cases.ts)
  // (RSGN's backendRsgnConnectivity is tested in engines/rsgn/gpu/connectivity_gpu_cases.ts)
  assert.equal(usesGpu(onGpu, "rsgnConnectivity", 1), true);
  assert.equal(usesGpu(onCpu, "rsgnConnectivity", 1e12), false);
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
