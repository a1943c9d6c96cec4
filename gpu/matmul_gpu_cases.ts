import assert from "node:assert/strict";
import fc from "fast-check";
import { key, uniform } from "@neuroplastic/core/random";
import { matmulInto } from "@neuroplastic/core/tensor";
import { gpuTest } from "./testing/harness.ts";
import { createStaging, readWords } from "./buffers.ts";
import { createMatmulPlan, encodeMatmul, gpuMatmul, runMatmul, spanWords } from "./matmul.ts";

const f32 = (seed: number, n: number): Float32Array =>
  Float32Array.from(uniform(key(seed), n, -1, 1));

/** γ_n = n·u/(1 − n·u), u = 2⁻²⁴ (Higham §3.1): bound of an n-term f32 dot product. */
const gamma = (n: number): number => (n * 2 ** -24) / (1 - n * 2 ** -24);

interface Case {
  m: number;
  k: number;
  n: number;
  batch: number;
  transA: boolean;
  transB: boolean;
  accumulate: boolean;
  broadcastA: boolean;
  broadcastB: boolean;
  seed: number;
}

/** Exact-in-f64 reference of the batched product and the error bound of each entry. */
const reference = (c: Case, a: Float32Array, b: Float32Array, out0: Float32Array) => {
  const { m, k, n } = c;
  const sA = c.broadcastA ? 0 : m * k, sB = c.broadcastB ? 0 : k * n;
  const ref = new Float64Array(c.batch * m * n), tol = new Float64Array(c.batch * m * n);
  for (let z = 0; z < c.batch; z++) {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0, abs = 0;
        for (let p = 0; p < k; p++) {
          const av = c.transA ? a[z * sA + p * m + i] : a[z * sA + i * k + p];
          const bv = c.transB ? b[z * sB + j * k + p] : b[z * sB + p * n + j];
          s += av * bv;
          abs += Math.abs(av * bv);
        }
        const o = z * m * n + i * n + j;
        const prev = c.accumulate ? out0[o] : 0;
        ref[o] = prev + s;
        tol[o] = gamma(k + 2) * (abs + Math.abs(prev)) + 1e-30;
      }
    }
  }
  return { ref, tol };
};

const arbCase: fc.Arbitrary<Case> = fc.record({
  m: fc.integer({ min: 1, max: 80 }),
  k: fc.integer({ min: 1, max: 80 }),
  n: fc.integer({ min: 1, max: 80 }),
  batch: fc.integer({ min: 1, max: 3 }),
  transA: fc.boolean(),
  transB: fc.boolean(),
  accumulate: fc.boolean(),
  broadcastA: fc.boolean(),
  broadcastB: fc.boolean(),
  seed: fc.integer({ min: 0, max: 1e6 }),
});

gpuTest("batched matmul agrees with f64 reference and matmulInto (fast-check)", async (ctx) => {
  let tiled = 0, simple = 0;
  await fc.assert(
    fc.asyncProperty(arbCase, async (c) => {
      const { m, k, n, batch } = c;
      const strideA = c.broadcastA ? 0 : m * k, strideB = c.broadcastB ? 0 : k * n;
      const a = f32(c.seed, spanWords(batch, strideA, m * k));
      const b = f32(c.seed + 1, spanWords(batch, strideB, k * n));
      const out0 = f32(c.seed + 2, batch * m * n);
      const { ref, tol } = reference(c, a, b, out0);
      const opts = { batch, transA: c.transA, transB: c.transB, accumulate: c.accumulate };
      const gpu = await gpuMatmul(ctx, out0.slice(), a, b, m, k, n, { ...opts, strideA, strideB });
      // CPU path: matmulInto once per batch entry with offsets (the documented equivalence).
      const cpu = out0.slice();
      for (let z = 0; z < batch; z++) {
        matmulInto(cpu, a, b, m, k, n, {
          ...opts,
          aOffset: z * strideA,
          bOffset: z * strideB,
          outOffset: z * m * n,
        });
      }
      if (m >= 16 && n >= 16) tiled++;
      else simple++;
      for (let q = 0; q < ref.length; q++) {
        if (!(Math.abs(gpu[q] - ref[q]) <= tol[q])) {
          throw new Error(`gpu[${q}] = ${gpu[q]}, ref ${ref[q]}, tol ${tol[q]}`);
        }
        if (!(Math.abs(cpu[q] - ref[q]) <= tol[q])) {
          throw new Error(`cpu[${q}] = ${cpu[q]}, ref ${ref[q]}, tol ${tol[q]}`);
        }
      }
    }),
    { seed: 42, numRuns: 40, endOnFailure: true, interruptAfterTimeLimit: 30_000 },
  );
  assert.ok(tiled > 0 && simple > 0, `both kernels exercised (tiled ${tiled}, simple ${simple})`);
});

gpuTest(
  "matmul: exact small integers, plan reuse, chained dispatches, empty shapes",
  async (ctx) => {
    // Integer-valued products are exact in f32: compare bit for bit.
    const m = 70, k = 33, n = 65;
    const a = Float32Array.from({ length: m * k }, (_, i) => (i % 7) - 3);
    const b = Float32Array.from({ length: k * n }, (_, i) => (i % 5) - 2);
    const cpu = matmulInto(new Float32Array(m * n), a, b, m, k, n);
    const plan = createMatmulPlan(ctx, { m, k, n });
    assert.equal(plan.kernel, "tiled");
    assert.deepEqual(await runMatmul(plan, a, b), cpu);
    // Second run with other data reuses the same buffers.
    const a2 = a.map((v) => -v);
    assert.deepEqual(
      await runMatmul(plan, a2, b),
      matmulInto(new Float32Array(m * n), a2, b, m, k, n),
    );
    // Two dispatches in one pass with accumulate: out = 2·A·B.
    const acc = createMatmulPlan(ctx, { m, k, n, accumulate: true });
    ctx.device.queue.writeBuffer(acc.a, 0, a);
    ctx.device.queue.writeBuffer(acc.b, 0, b);
    const enc = ctx.device.createCommandEncoder();
    const pass = enc.beginComputePass();
    encodeMatmul(acc, pass);
    encodeMatmul(acc, pass);
    pass.end();
    ctx.device.queue.submit([enc.finish()]);
    const twice = new Float32Array(await readWords(ctx, acc.out, 0, m * n, createStaging()));
    assert.deepEqual(twice, cpu.map((v) => 2 * v));
    // runMatmul with accumulate uploads `out` first: out0 + A·B.
    const out0 = Float32Array.from({ length: m * n }, (_, i) => i % 3);
    assert.deepEqual(await runMatmul(acc, a, b, out0.slice()), cpu.map((v, i) => v + out0[i]));
    plan.destroy();
    acc.destroy();
    // k = 0: the product is 0 (overwrite) or leaves out unchanged (accumulate).
    const z = await gpuMatmul(
      ctx,
      new Float32Array([5, 5]),
      new Float32Array(0),
      new Float32Array(0),
      2,
      0,
      1,
    );
    assert.deepEqual(z, new Float32Array([0, 0]));
    assert.throws(() => createMatmulPlan(ctx, { m: -1, k: 1, n: 1 }), RangeError);
    await assert.rejects(
      () => gpuMatmul(ctx, new Float32Array(4), new Float32Array(3), new Float32Array(4), 2, 2, 2),
      RangeError,
    );
  },
);
