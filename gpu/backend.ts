/**
 * Run-time choice between the CPU kernels and the WebGPU kernels: engines take a
 * `backend: "cpu" | "gpu" | "auto"` option, build one {@link Backend} per run with
 * {@link createBackend}, call the `backend…` functions (or test {@link usesGpu} for the
 * stateful SORN batch), and {@link destroyBackend} at the end.
 *
 * - `"cpu"`: never touches WebGPU.
 * - `"gpu"`: fails with `GpuUnavailable` when no adapter exists; every call runs on the GPU.
 * - `"auto"`: GPU only when an adapter exists and the call's work reaches the kernel's
 *   threshold for this kind of adapter ({@link AUTO_MIN_WORK}); otherwise CPU. Never fails.
 *
 * @module
 */
import { Effect } from "effect";
import type { GpuUnavailable } from "@neuroplastic/core/errors";
import { matmulInto } from "@neuroplastic/core/tensor";
import {
  createGpuContext,
  destroyGpuContext,
  type GpuAdapterInfo,
  type GpuContext,
} from "./context.ts";
import { gpuMatmul, type GpuMatmulShape } from "./matmul.ts";

/**
 * The `backend` option of an engine.
 *
 * @example
 * ```ts
 * import type { BackendChoice } from "@neuroplastic/gpu";
 * const choice: BackendChoice = "auto";
 * ```
 */
export type BackendChoice = "cpu" | "gpu" | "auto";

/**
 * The kernels with a GPU implementation (keys of {@link AUTO_MIN_WORK}).
 *
 * @example
 * ```ts
 * import type { GpuKernel } from "@neuroplastic/gpu";
 * const k: GpuKernel = "genregEval";
 * ```
 */
export type GpuKernel = "matmul" | "sornBatch" | "genregEval" | "rsgnConnectivity";

/**
 * Work of one call, in the units of {@link AUTO_MIN_WORK}: multiply-adds (matmul, GENREG),
 * synapse slots per step (SORN batch), node pairs × (rank + 16) (RSGN).
 *
 * @example
 * ```ts
 * import { workOf } from "@neuroplastic/gpu";
 * console.log(workOf.matmul(256, 256, 256)); // 16777216
 * ```
 */
export const workOf = {
  /** batch · m · k · n multiply-adds. */
  matmul: (m: number, k: number, n: number, batch = 1): number => batch * m * k * n,
  /** batch · ne · (ne + ni): weights scanned per lockstep step. */
  sornBatch: (batch: number, ne: number, ni: number): number => batch * ne * (ne + ni),
  /** population · samples · hidden · (fan-in + 1) multiply-adds. */
  genregEval: (s: {
    readonly kind: "dense" | "sparse";
    readonly inputs: number;
    readonly hidden: number;
    readonly k?: number;
    readonly samples: number;
    readonly population: number;
  }): number =>
    s.population * s.samples * s.hidden * ((s.kind === "dense" ? s.inputs : (s.k ?? 1)) + 1),
  /** N² · (r + 16): the affinity dot product plus ~16 flops of distance and transcendentals. */
  rsgnConnectivity: (n: number, rank: number): number => n * n * (rank + 16),
} as const;

/**
 * Smallest work (see {@link workOf}) for which `"auto"` runs a kernel on the GPU, for a
 * software adapter (llvmpipe: the WGSL runs on the same CPU cores) and for a hardware one.
 *
 * - software: from `bench/gpu_compare.ts` on llvmpipe (2 shared cores; the latest run is in
 *   docs/results/gpu.md), GPU time including uploads and read-back. In the 2026-12-05 run that
 *   set these values llvmpipe was slower than the CPU kernels at every
 *   size for matmul (0.02–0.52×), the SORN batch (0.03–0.06×) and GENREG (0.08–0.51×); RSGN
 *   connectivity scattered around even (0.46–1.79× over sizes and runs) with no reliable
 *   crossover. Hence `Infinity` for all four: `auto` never picks a software adapter.
 * - hardware: not measurable on this machine; set where the CPU path takes ≈ 25 ms, i.e. twice
 *   the ≈ 12 ms fixed cost of a read-back in Deno (the map completes on Deno's device poll,
 *   measured here on any adapter), assuming the GPU kernel itself is negligible. Re-measure
 *   with `deno task bench:gpu` on a machine with a GPU and adjust.
 *
 * @example
 * ```ts
 * import { AUTO_MIN_WORK } from "@neuroplastic/gpu";
 * console.log(AUTO_MIN_WORK.matmul.software); // Infinity
 * ```
 */
export const AUTO_MIN_WORK: Readonly<
  Record<GpuKernel, { readonly software: number; readonly hardware: number }>
> = {
  matmul: { software: Infinity, hardware: 5e8 },
  sornBatch: { software: Infinity, hardware: 1e7 },
  genregEval: { software: Infinity, hardware: 3e7 },
  rsgnConnectivity: { software: Infinity, hardware: 2e6 },
};

/**
 * A resolved backend: a GPU context (or null for CPU only) and the work thresholds in force.
 *
 * @example
 * ```ts
 * import type { Backend } from "@neuroplastic/gpu";
 * const describe = (b: Backend): string => b.info?.description ?? "cpu";
 * ```
 */
export interface Backend {
  /** What was asked for. */
  readonly choice: BackendChoice;
  /** The GPU context, or null when every call runs on the CPU. */
  readonly ctx: GpuContext | null;
  /** The adapter, when there is a context. */
  readonly info: GpuAdapterInfo | null;
  /** Minimum work per kernel for the GPU (0 with `"gpu"`, Infinity without a context). */
  readonly minWork: Readonly<Record<GpuKernel, number>>;
}

const kernels: readonly GpuKernel[] = ["matmul", "sornBatch", "genregEval", "rsgnConnectivity"];

const thresholds = (f: (k: GpuKernel) => number): Record<GpuKernel, number> =>
  Object.fromEntries(kernels.map((k) => [k, f(k)])) as Record<GpuKernel, number>;

/**
 * Resolves a backend choice. `"gpu"` fails with `GpuUnavailable` when there is no adapter;
 * `"auto"` falls back to the CPU silently. `minWork` overrides thresholds of `"auto"`.
 *
 * @example
 * ```ts
 * import { Effect } from "effect";
 * import { createBackend, destroyBackend } from "@neuroplastic/gpu";
 * const b = await Effect.runPromise(createBackend("auto"));
 * console.log(b.ctx === null ? "cpu only" : b.info?.description);
 * destroyBackend(b);
 * ```
 */
export const createBackend = (
  choice: BackendChoice,
  minWork: Partial<Record<GpuKernel, number>> = {},
): Effect.Effect<Backend, GpuUnavailable> => {
  if (choice === "cpu") {
    return Effect.succeed({ choice, ctx: null, info: null, minWork: thresholds(() => Infinity) });
  }
  if (choice === "gpu") {
    return Effect.map(createGpuContext(), (ctx) => ({
      choice,
      ctx,
      info: ctx.info,
      minWork: thresholds(() => 0),
    }));
  }
  return Effect.map(
    Effect.either(createGpuContext()),
    (r): Backend =>
      r._tag === "Left" ? { choice, ctx: null, info: null, minWork: thresholds(() => Infinity) } : {
        choice,
        ctx: r.right,
        info: r.right.info,
        minWork: thresholds((k) =>
          minWork[k] ??
            (r.right.info.isFallbackAdapter ? AUTO_MIN_WORK[k].software : AUTO_MIN_WORK[k].hardware)
        ),
      },
  );
};

/**
 * Whether a call of `kernel` with this much work runs on the GPU under `backend`.
 *
 * @example
 * ```ts
 * import { Effect } from "effect";
 * import { createBackend, usesGpu, workOf } from "@neuroplastic/gpu";
 * const cpu = await Effect.runPromise(createBackend("cpu"));
 * console.log(usesGpu(cpu, "sornBatch", workOf.sornBatch(256, 200, 40))); // false
 * ```
 */
export const usesGpu = (backend: Backend, kernel: GpuKernel, work: number): boolean =>
  backend.ctx !== null && work >= backend.minWork[kernel];

/**
 * Releases the backend's GPU context (no-op for a CPU backend).
 *
 * @example
 * ```ts
 * import { Effect } from "effect";
 * import { createBackend, destroyBackend } from "@neuroplastic/gpu";
 * destroyBackend(await Effect.runPromise(createBackend("cpu")));
 * ```
 */
export const destroyBackend = (backend: Backend): void => {
  if (backend.ctx !== null) destroyGpuContext(backend.ctx);
};

/**
 * Batched f32 product with `matmulInto` semantics on the selected backend (CPU: one
 * `matmulInto` per batch entry with offsets). Resolves to `out`.
 *
 * @example
 * ```ts
 * import { Effect } from "effect";
 * import { backendMatmul, createBackend } from "@neuroplastic/gpu";
 * const b = await Effect.runPromise(createBackend("cpu"));
 * const out = await backendMatmul(b, new Float32Array(1), Float32Array.of(1, 2), Float32Array.of(3, 4), 1, 2, 1);
 * console.log(out[0]); // 11
 * ```
 */
export const backendMatmul = (
  backend: Backend,
  out: Float32Array,
  a: Float32Array,
  b: Float32Array,
  m: number,
  k: number,
  n: number,
  opts: Omit<GpuMatmulShape, "m" | "k" | "n"> = {},
): Promise<Float32Array> => {
  const batch = opts.batch ?? 1;
  if (backend.ctx !== null && usesGpu(backend, "matmul", workOf.matmul(m, k, n, batch))) {
    return gpuMatmul(backend.ctx, out, a, b, m, k, n, opts);
  }
  const sA = opts.strideA ?? m * k, sB = opts.strideB ?? k * n, sO = opts.strideOut ?? m * n;
  for (let z = 0; z < batch; z++) {
    matmulInto(out, a, b, m, k, n, {
      transA: opts.transA,
      transB: opts.transB,
      accumulate: opts.accumulate,
      aOffset: z * sA,
      bOffset: z * sB,
      outOffset: z * sO,
    });
  }
  return Promise.resolve(out);
};
