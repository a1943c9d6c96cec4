/**
 * Batched dense f32 matrix products on the GPU, with the semantics of
 * `matmulInto` from `@neuroplastic/core/tensor` (row-major, `transA`/`transB`,
 * `accumulate`), repeated over a batch with per-operand strides:
 *
 * ```
 * for z in 0..batch−1:
 *   out[z·strideOut …] (=|+=) op(a[z·strideA …]) · op(b[z·strideB …])   (m×k · k×n)
 * ```
 * i.e. `matmulInto(out, a, b, m, k, n, { transA, transB, accumulate,
 * aOffset: z·strideA, bOffset: z·strideB, outOffset: z·strideOut })` for every z.
 * A stride of 0 broadcasts one matrix to the whole batch.
 *
 * Precision: f32 products with f32 accumulation in ascending p (WGSL may contract to FMA).
 * Against exact arithmetic on the same f32 inputs the error of each entry is at most
 * γ_{k+1}·Σ_p |A_ip B_pj| (+ |out_ij| when accumulating), γ_n = n·2⁻²⁴/(1 − n·2⁻²⁴)
 * (Higham, *Accuracy and Stability of Numerical Algorithms*, §3.1); the tests check this bound.
 *
 * @module
 */
import type { GpuContext } from "./context.ts";
import { pipelineFor } from "./context.ts";
import {
  createStaging,
  destroyStaging,
  readWords,
  type Staging,
  storageBuffer,
  uniformBuffer,
  upload,
} from "./buffers.ts";
import { SIMPLE_WG, SIMPLE_WGSL, TILE, TILED_WGSL } from "./matmul_wgsl.ts";

/**
 * Shape and options of a (batched) product.
 *
 * @example
 * ```ts
 * import type { GpuMatmulShape } from "@neuroplastic/gpu";
 * const s: GpuMatmulShape = { m: 64, k: 32, n: 16, batch: 8, transB: true };
 * ```
 */
export interface GpuMatmulShape {
  /** Rows of op(A) and of the result. */
  readonly m: number;
  /** Inner dimension. */
  readonly k: number;
  /** Columns of op(B) and of the result. */
  readonly n: number;
  /** Number of products (default 1). */
  readonly batch?: number;
  /** `a` is stored k×m (use Aᵀ). */
  readonly transA?: boolean;
  /** `b` is stored n×k (use Bᵀ). */
  readonly transB?: boolean;
  /** Add into `out` instead of overwriting it. */
  readonly accumulate?: boolean;
  /** Elements between consecutive A matrices (default m·k; 0 = the same A for all). */
  readonly strideA?: number;
  /** Elements between consecutive B matrices (default k·n; 0 = the same B for all). */
  readonly strideB?: number;
  /** Elements between consecutive results (default m·n). */
  readonly strideOut?: number;
}

/**
 * A product of fixed shape with its device buffers, bind group and pipeline, reused by
 * every {@link runMatmul}; release with {@link destroyMatmulPlan}.
 *
 * @example
 * ```ts
 * import { Effect } from "effect";
 * import { createGpuContext, createMatmulPlan, destroyGpuContext, destroyMatmulPlan } from "@neuroplastic/gpu";
 * const ctx = await Effect.runPromise(createGpuContext());
 * const plan = createMatmulPlan(ctx, { m: 2, k: 2, n: 2 });
 * console.log(plan.aWords, plan.outWords); // 4 4
 * destroyMatmulPlan(plan);
 * destroyGpuContext(ctx);
 * ```
 */
export interface MatmulPlan {
  /** The context the buffers belong to. */
  readonly ctx: GpuContext;
  /** The product's shape (with defaults filled in). */
  readonly shape: Required<GpuMatmulShape>;
  /** Words of A, B and the output buffers. */
  readonly aWords: number;
  /** Words of the B buffer. */
  readonly bWords: number;
  /** Words of the output buffer. */
  readonly outWords: number;
  /** Device buffer holding A (bind it elsewhere or fill it with {@link upload}). */
  readonly a: GPUBuffer;
  /** Device buffer holding B. */
  readonly b: GPUBuffer;
  /** Device buffer holding the result. */
  readonly out: GPUBuffer;
  /** "tiled" (64×64 tiles in workgroup memory) or "simple" (one invocation per entry). */
  readonly kernel: "tiled" | "simple";
  /** Uniform block with the shape, strides and flags. */
  readonly params: GPUBuffer;
  /** Bind group of params, A, B, out. */
  readonly bindGroup: GPUBindGroup;
  /** The compiled kernel (cached in the context). */
  readonly pipeline: GPUComputePipeline;
  /** Workgroup counts (x, y, z = batch). */
  readonly dispatch: readonly [number, number, number];
  /** Reused read-back buffer. */
  readonly staging: Staging;
  /** Destroys the plan's buffers (same as {@link destroyMatmulPlan}). */
  destroy(): void;
}

const fill = (s: GpuMatmulShape): Required<GpuMatmulShape> => ({
  m: s.m,
  k: s.k,
  n: s.n,
  batch: s.batch ?? 1,
  transA: s.transA ?? false,
  transB: s.transB ?? false,
  accumulate: s.accumulate ?? false,
  strideA: s.strideA ?? s.m * s.k,
  strideB: s.strideB ?? s.k * s.n,
  strideOut: s.strideOut ?? s.m * s.n,
});

/** Smallest m and n for which the tiled kernel is used (thinner products use one thread per entry). */
export const TILED_MIN_DIM = 16;

/**
 * Words spanned by `batch` matrices of `size` words at `stride` (0 = shared).
 *
 * @example
 * ```ts
 * import { spanWords } from "@neuroplastic/gpu";
 * console.log(spanWords(3, 10, 4)); // 28
 * ```
 */
export const spanWords = (batch: number, stride: number, size: number): number =>
  batch === 0 || size === 0 ? 0 : (batch - 1) * stride + size;

/**
 * Allocates the buffers of a product of the given shape and compiles (or reuses) its
 * pipeline. Throws `RangeError` for a non-integer or negative dimension.
 *
 * @example
 * ```ts
 * import { Effect } from "effect";
 * import { createGpuContext, createMatmulPlan, destroyGpuContext, runMatmul } from "@neuroplastic/gpu";
 * const ctx = await Effect.runPromise(createGpuContext());
 * const plan = createMatmulPlan(ctx, { m: 2, k: 3, n: 2 });
 * const out = await runMatmul(plan, new Float32Array([1, 2, 3, 4, 5, 6]), new Float32Array([1, 0, 0, 1, 1, 1]));
 * console.log(out); // [4, 5, 10, 11]
 * plan.destroy();
 * destroyGpuContext(ctx);
 * ```
 */
export const createMatmulPlan = (ctx: GpuContext, shape: GpuMatmulShape): MatmulPlan => {
  const s = fill(shape);
  for (const f of ["m", "k", "n", "batch", "strideA", "strideB", "strideOut"] as const) {
    if (!Number.isInteger(s[f]) || s[f] < 0) {
      throw new RangeError(`gpu matmul: ${f} = ${s[f]} must be an integer ≥ 0`);
    }
  }
  const aWords = spanWords(s.batch, s.strideA, s.m * s.k);
  const bWords = spanWords(s.batch, s.strideB, s.k * s.n);
  const outWords = spanWords(s.batch, s.strideOut, s.m * s.n);
  const a = storageBuffer(ctx, aWords, "matmul.a");
  const b = storageBuffer(ctx, bWords, "matmul.b");
  const out = storageBuffer(ctx, outWords, "matmul.out");
  const params = uniformBuffer(ctx, 12, "matmul.params");
  const flags = (s.transA ? 1 : 0) | (s.transB ? 2 : 0) | (s.accumulate ? 4 : 0);
  ctx.device.queue.writeBuffer(
    params,
    0,
    new Uint32Array([s.m, s.k, s.n, s.batch, s.strideA, s.strideB, s.strideOut, flags, 0, 0, 0, 0]),
  );
  const tiled = s.m >= TILED_MIN_DIM && s.n >= TILED_MIN_DIM;
  const pipeline = tiled
    ? pipelineFor(ctx, "matmul.tiled", TILED_WGSL, "main")
    : pipelineFor(ctx, "matmul.simple", SIMPLE_WGSL, "main");
  const bindGroup = ctx.device.createBindGroup({
    layout: pipeline.getBindGroupLayout(0),
    entries: [
      { binding: 0, resource: { buffer: params } },
      { binding: 1, resource: { buffer: a } },
      { binding: 2, resource: { buffer: b } },
      { binding: 3, resource: { buffer: out } },
    ],
  });
  let dispatch: [number, number, number];
  if (tiled) dispatch = [Math.ceil(s.n / TILE), Math.ceil(s.m / TILE), s.batch];
  else {
    const groups = Math.ceil((s.m * s.n) / SIMPLE_WG);
    const gx = Math.min(groups, 65535);
    dispatch = [gx, Math.ceil(groups / gx), s.batch];
  }
  const staging = createStaging();
  const plan: MatmulPlan = {
    ctx,
    shape: s,
    aWords,
    bWords,
    outWords,
    a,
    b,
    out,
    kernel: tiled ? "tiled" : "simple",
    params,
    bindGroup,
    pipeline,
    dispatch,
    staging,
    destroy: () => destroyMatmulPlan(plan),
  };
  return plan;
};

/**
 * Records the product's dispatch into an open compute pass (no upload, no read-back):
 * the building block for chaining several kernels in one submission.
 *
 * @example
 * ```ts
 * import { Effect } from "effect";
 * import { createGpuContext, createMatmulPlan, destroyGpuContext, encodeMatmul } from "@neuroplastic/gpu";
 * const ctx = await Effect.runPromise(createGpuContext());
 * const plan = createMatmulPlan(ctx, { m: 8, k: 8, n: 8 });
 * const enc = ctx.device.createCommandEncoder();
 * const pass = enc.beginComputePass();
 * encodeMatmul(plan, pass);
 * pass.end();
 * ctx.device.queue.submit([enc.finish()]);
 * plan.destroy();
 * destroyGpuContext(ctx);
 * ```
 */
export const encodeMatmul = (plan: MatmulPlan, pass: GPUComputePassEncoder): void => {
  const [x, y, z] = plan.dispatch;
  if (x === 0 || y === 0 || z === 0) return;
  pass.setPipeline(plan.pipeline);
  pass.setBindGroup(0, plan.bindGroup);
  pass.dispatchWorkgroups(x, y, z);
};

const checkLen = (what: string, arr: ArrayLike<number>, words: number): void => {
  if (arr.length < words) {
    throw new RangeError(`gpu matmul: ${what} needs ${words} elements, has ${arr.length}`);
  }
};

/**
 * Uploads `a` and `b` (and `out` when accumulating), runs the product and reads the result
 * back into `out` (allocated when omitted). Resolves to `out`.
 *
 * @example
 * ```ts
 * import { Effect } from "effect";
 * import { createGpuContext, createMatmulPlan, destroyGpuContext, runMatmul } from "@neuroplastic/gpu";
 * const ctx = await Effect.runPromise(createGpuContext());
 * const plan = createMatmulPlan(ctx, { m: 1, k: 2, n: 1 });
 * console.log(await runMatmul(plan, new Float32Array([1, 2]), new Float32Array([3, 4]))); // [11]
 * plan.destroy();
 * destroyGpuContext(ctx);
 * ```
 */
export const runMatmul = async (
  plan: MatmulPlan,
  a: Float32Array,
  b: Float32Array,
  out: Float32Array = new Float32Array(plan.outWords),
): Promise<Float32Array> => {
  checkLen("a", a, plan.aWords);
  checkLen("b", b, plan.bWords);
  checkLen("out", out, plan.outWords);
  const { ctx } = plan;
  upload(ctx, plan.a, a, 0, 0, plan.aWords);
  upload(ctx, plan.b, b, 0, 0, plan.bWords);
  if (plan.shape.accumulate) upload(ctx, plan.out, out, 0, 0, plan.outWords);
  const enc = ctx.device.createCommandEncoder();
  const pass = enc.beginComputePass();
  encodeMatmul(plan, pass);
  pass.end();
  ctx.device.queue.submit([enc.finish()]);
  const res = await readWords(ctx, plan.out, 0, plan.outWords, plan.staging);
  out.set(new Float32Array(res));
  return out;
};

/**
 * Destroys the plan's buffers (its pipeline stays cached in the context). Idempotent.
 *
 * @example
 * ```ts
 * import { Effect } from "effect";
 * import { createGpuContext, createMatmulPlan, destroyGpuContext, destroyMatmulPlan } from "@neuroplastic/gpu";
 * const ctx = await Effect.runPromise(createGpuContext());
 * destroyMatmulPlan(createMatmulPlan(ctx, { m: 4, k: 4, n: 4 }));
 * destroyGpuContext(ctx);
 * ```
 */
export const destroyMatmulPlan = (plan: MatmulPlan): void => {
  plan.a.destroy();
  plan.b.destroy();
  plan.out.destroy();
  plan.params.destroy();
  destroyStaging(plan.staging);
};

const planKey = (s: Required<GpuMatmulShape>): string =>
  `matmul:${s.m},${s.k},${s.n},${s.batch},${+s.transA}${+s.transB}${+s.accumulate},` +
  `${s.strideA},${s.strideB},${s.strideOut}`;

/**
 * Most plans {@link gpuMatmul} keeps per context (least recently created ones are dropped).
 */
export const MATMUL_PLAN_CACHE = 16;

/**
 * One-shot batched product with the `matmulInto` argument order: `out (=|+=) op(a)·op(b)`.
 * The plan (buffers, bind group) for each distinct shape is created once and kept in
 * `ctx.resources` (up to {@link MATMUL_PLAN_CACHE} shapes), so repeated calls only upload,
 * dispatch and read back. Resolves to `out`.
 *
 * @example
 * ```ts
 * import { Effect } from "effect";
 * import { createGpuContext, destroyGpuContext, gpuMatmul } from "@neuroplastic/gpu";
 * const ctx = await Effect.runPromise(createGpuContext());
 * const a = new Float32Array([1, 2, 3, 4, 5, 6]); // 2×3
 * const b = new Float32Array([1, 0, 0, 1, 1, 1]); // 3×2
 * console.log(await gpuMatmul(ctx, new Float32Array(4), a, b, 2, 3, 2)); // [4, 5, 10, 11]
 * destroyGpuContext(ctx);
 * ```
 */
export const gpuMatmul = (
  ctx: GpuContext,
  out: Float32Array,
  a: Float32Array,
  b: Float32Array,
  m: number,
  k: number,
  n: number,
  opts: Omit<GpuMatmulShape, "m" | "k" | "n"> = {},
): Promise<Float32Array> => {
  const s = fill({ ...opts, m, k, n });
  const key = planKey(s);
  let plan = ctx.resources.get(key) as MatmulPlan | undefined;
  if (plan === undefined) {
    const keys = [...ctx.resources.keys()].filter((q) => q.startsWith("matmul:"));
    if (keys.length >= MATMUL_PLAN_CACHE) {
      ctx.resources.get(keys[0])?.destroy();
      ctx.resources.delete(keys[0]);
    }
    plan = createMatmulPlan(ctx, s);
    ctx.resources.set(key, plan);
  }
  return runMatmul(plan, a, b, out);
};
