/**
 * `@neuroplastic/gpu`: optional WebGPU (WGSL) compute with CPU fallback.
 *
 * - Context: {@link available} (adapter info or `GpuUnavailable`), {@link createGpuContext},
 *   {@link destroyGpuContext}, {@link gpuContextScoped}.
 * - Kernels: batched f32 matmul ({@link gpuMatmul}, {@link createMatmulPlan}), with a CPU
 *   counterpart (RSGN's distance and connectivity kernels live in engines/rsgn/gpu/).
 * - Run-time selection: {@link createBackend} (`"cpu" | "gpu" | "auto"`), {@link usesGpu},
 *   {@link backendMatmul} (GENREG's kernel and `backendGenregEval` live in engines/genreg/gpu/,
 *   RSGN's `backendRsgnConnectivity` in engines/rsgn/gpu/).
 *
 * Deno 2.9 exposes `navigator.gpu` without a flag (older Deno needs `--unstable-webgpu`).
 * See README.md for the design, the tolerances and the measured thresholds of `"auto"`.
 *
 * @example
 * ```ts
 * import { Effect } from "effect";
 * import { backendMatmul, createBackend, destroyBackend } from "@neuroplastic/gpu";
 * const backend = await Effect.runPromise(createBackend("auto"));
 * const out = await backendMatmul(backend, new Float32Array(4), new Float32Array([1, 2, 3, 4]), new Float32Array([1, 0, 0, 1]), 2, 2, 2);
 * console.log(out); // [1, 2, 3, 4]
 * destroyBackend(backend);
 * ```
 *
 * @module
 */
export {
  available,
  checkErrors,
  createGpuContext,
  destroyGpuContext,
  type GpuAdapterInfo,
  type GpuContext,
  gpuContextScoped,
  pipelineFor,
} from "./context.ts";
export {
  createStaging,
  destroyStaging,
  readRegions,
  readWords,
  type Region,
  type Staging,
  STORAGE_USAGE,
  storageBuffer,
  uniformBuffer,
  upload,
  type Word32Array,
} from "./buffers.ts";
export {
  createMatmulPlan,
  destroyMatmulPlan,
  encodeMatmul,
  gpuMatmul,
  type GpuMatmulShape,
  MATMUL_PLAN_CACHE,
  type MatmulPlan,
  runMatmul,
  spanWords,
  TILED_MIN_DIM,
} from "./matmul.ts";
export {
  AUTO_MIN_WORK,
  type Backend,
  type BackendChoice,
  backendMatmul,
  createBackend,
  destroyBackend,
  type GpuKernel,
  usesGpu,
  workOf,
} from "./backend.ts";
