/**
 * WebGPU adapter discovery and the {@link GpuContext}: one device plus its cached compute
 * pipelines, created once and destroyed explicitly.
 *
 * Deno exposes `navigator.gpu` only with `--unstable-webgpu`; without a GPU it may still
 * offer a software adapter (Mesa llvmpipe), which runs the same WGSL kernels on the CPU.
 * Every failure to obtain an adapter or a device is a `GpuUnavailable`.
 *
 * @module
 */
import { Effect, type Scope } from "effect";
import { GpuUnavailable } from "@neuroplastic/core/errors";

/**
 * What the adapter says about itself (a plain copy of `GPUAdapterInfo`).
 *
 * @example
 * ```ts
 * import type { GpuAdapterInfo } from "@neuroplastic/gpu";
 * const show = (i: GpuAdapterInfo): string => `${i.description} (fallback: ${i.isFallbackAdapter})`;
 * ```
 */
export interface GpuAdapterInfo {
  /** Vendor id or name ("65541" for Mesa's llvmpipe). */
  readonly vendor: string;
  /** Architecture, often empty. */
  readonly architecture: string;
  /** Device id or name. */
  readonly device: string;
  /** Human-readable name, e.g. "llvmpipe (LLVM 15.0.6, 256 bits)". */
  readonly description: string;
  /** True for a software (CPU) adapter such as llvmpipe. */
  readonly isFallbackAdapter: boolean;
}

/**
 * A WebGPU device with a cache of compiled pipelines. Create it with
 * {@link createGpuContext} (or {@link gpuContextScoped}) once, pass it to the kernels, and
 * release it with {@link destroyGpuContext}; the objects that own buffers (plans, batches)
 * have their own `destroy` and must be destroyed before the context.
 *
 * @example
 * ```ts
 * import { Effect } from "effect";
 * import { createGpuContext, destroyGpuContext } from "@neuroplastic/gpu";
 * const ctx = await Effect.runPromise(createGpuContext());
 * console.log(ctx.info.description);
 * destroyGpuContext(ctx);
 * ```
 */
export interface GpuContext {
  /** The device every buffer and pipeline of this context belongs to. */
  readonly device: GPUDevice;
  /** The adapter the device came from. */
  readonly info: GpuAdapterInfo;
  /** Compiled compute pipelines by key (WGSL source variant + entry point). */
  readonly pipelines: Map<string, GPUComputePipeline>;
  /**
   * Objects owning GPU buffers that the one-shot helpers (e.g. `gpuMatmul`) keep for reuse,
   * by key; all are destroyed with the context.
   */
  readonly resources: Map<string, { destroy(): void }>;
  /** Largest storage buffer binding the device accepts, in bytes. */
  readonly maxStorageBinding: number;
  /** Workgroup memory available to one workgroup, in bytes. */
  readonly maxWorkgroupStorage: number;
  /**
   * WebGPU errors not caught by an error scope (invalid WGSL, bad bindings, out of memory),
   * in order; read-backs throw while this is non-empty (see `checkErrors`).
   */
  readonly errors: string[];
}

const infoOf = (a: GPUAdapter): GpuAdapterInfo => {
  const i = a.info;
  return {
    vendor: i.vendor,
    architecture: i.architecture,
    device: i.device,
    description: i.description,
    isFallbackAdapter: Boolean((i as { isFallbackAdapter?: boolean }).isFallbackAdapter),
  };
};

const requestAdapter = (
  powerPreference: GPUPowerPreference,
): Effect.Effect<GPUAdapter, GpuUnavailable> =>
  Effect.tryPromise({
    try: async () => {
      const gpu = (globalThis.navigator as { gpu?: GPU } | undefined)?.gpu;
      if (gpu === undefined) {
        throw new GpuUnavailable({
          reason: "navigator.gpu is undefined (in Deno, run with --unstable-webgpu)",
        });
      }
      const adapter = await gpu.requestAdapter({ powerPreference });
      if (adapter === null) {
        throw new GpuUnavailable({ reason: "navigator.gpu.requestAdapter() returned null" });
      }
      return adapter;
    },
    catch: (e) =>
      e instanceof GpuUnavailable ? e : new GpuUnavailable({ reason: `requestAdapter: ${e}` }),
  });

/**
 * The adapter's info, or `GpuUnavailable` when no WebGPU adapter exists (no
 * `navigator.gpu`, or `requestAdapter()` returns null).
 *
 * @example
 * ```ts
 * import { Effect } from "effect";
 * import { available } from "@neuroplastic/gpu";
 * const info = await Effect.runPromise(Effect.either(available()));
 * console.log(info._tag === "Right" ? info.right.description : info.left.reason);
 * ```
 */
export const available = (
  powerPreference: GPUPowerPreference = "high-performance",
): Effect.Effect<GpuAdapterInfo, GpuUnavailable> =>
  Effect.map(requestAdapter(powerPreference), infoOf);

/**
 * Requests an adapter and a device (asking for the adapter's full storage-buffer and
 * workgroup-memory limits). Fails with `GpuUnavailable`.
 *
 * @example
 * ```ts
 * import { Effect } from "effect";
 * import { createGpuContext, destroyGpuContext } from "@neuroplastic/gpu";
 * const ctx = await Effect.runPromise(createGpuContext());
 * destroyGpuContext(ctx);
 * ```
 */
export const createGpuContext = (
  powerPreference: GPUPowerPreference = "high-performance",
): Effect.Effect<GpuContext, GpuUnavailable> =>
  Effect.flatMap(requestAdapter(powerPreference), (adapter) =>
    Effect.tryPromise({
      try: async (): Promise<GpuContext> => {
        const lim = adapter.limits;
        const device = await adapter.requestDevice({
          requiredLimits: {
            maxStorageBufferBindingSize: lim.maxStorageBufferBindingSize,
            maxBufferSize: lim.maxBufferSize,
            maxComputeWorkgroupStorageSize: lim.maxComputeWorkgroupStorageSize,
            maxStorageBuffersPerShaderStage: lim.maxStorageBuffersPerShaderStage,
            maxComputeInvocationsPerWorkgroup: lim.maxComputeInvocationsPerWorkgroup,
            maxComputeWorkgroupSizeX: lim.maxComputeWorkgroupSizeX,
          },
        });
        const errors: string[] = [];
        device.addEventListener("uncapturederror", (e) => {
          errors.push((e as GPUUncapturedErrorEvent).error.message.trim());
        });
        return {
          device,
          errors,
          info: infoOf(adapter),
          pipelines: new Map(),
          resources: new Map(),
          maxStorageBinding: Math.min(lim.maxStorageBufferBindingSize, lim.maxBufferSize),
          maxWorkgroupStorage: lim.maxComputeWorkgroupStorageSize,
        };
      },
      catch: (e) => new GpuUnavailable({ reason: `requestDevice: ${e}` }),
    }));

/**
 * Releases the cached resources and the device (and with it every buffer still alive on it).
 * Idempotent.
 *
 * @example
 * ```ts
 * import { Effect } from "effect";
 * import { createGpuContext, destroyGpuContext } from "@neuroplastic/gpu";
 * destroyGpuContext(await Effect.runPromise(createGpuContext()));
 * ```
 */
export const destroyGpuContext = (ctx: GpuContext): void => {
  for (const r of ctx.resources.values()) r.destroy();
  ctx.resources.clear();
  ctx.pipelines.clear();
  ctx.device.destroy();
};

/**
 * A context tied to an Effect `Scope`: destroyed when the scope closes.
 *
 * @example
 * ```ts
 * import { Effect } from "effect";
 * import { gpuContextScoped } from "@neuroplastic/gpu";
 * const name = Effect.scoped(Effect.map(gpuContextScoped(), (ctx) => ctx.info.description));
 * console.log(await Effect.runPromise(Effect.either(name)));
 * ```
 */
export const gpuContextScoped = (
  powerPreference: GPUPowerPreference = "high-performance",
): Effect.Effect<GpuContext, GpuUnavailable, Scope.Scope> =>
  Effect.acquireRelease(
    createGpuContext(powerPreference),
    (ctx) => Effect.sync(() => destroyGpuContext(ctx)),
  );

/**
 * The compute pipeline for a WGSL module and entry point, compiled once per context
 * (`key` must identify the source text, e.g. include every baked-in constant).
 *
 * @example
 * ```ts
 * import { Effect } from "effect";
 * import { createGpuContext, destroyGpuContext, pipelineFor } from "@neuroplastic/gpu";
 * const ctx = await Effect.runPromise(createGpuContext());
 * const wgsl = "@group(0) @binding(0) var<storage, read_write> a: array<f32>;\n" +
 *   "@compute @workgroup_size(1) fn main() { a[0] = 1.0; }";
 * pipelineFor(ctx, "one", wgsl, "main");
 * destroyGpuContext(ctx);
 * ```
 */
export const pipelineFor = (
  ctx: GpuContext,
  key: string,
  wgsl: string,
  entryPoint: string,
): GPUComputePipeline => {
  const id = `${key}#${entryPoint}`;
  let p = ctx.pipelines.get(id);
  if (p === undefined) {
    const module = ctx.device.createShaderModule({ code: wgsl, label: key });
    p = ctx.device.createComputePipeline({
      layout: "auto",
      compute: { module, entryPoint },
      label: id,
    });
    ctx.pipelines.set(id, p);
  }
  return p;
};

/**
 * Throws an `Error` listing the context's uncaptured WebGPU errors, if any (a kernel that
 * failed to compile or validate: a defect, not a user error).
 *
 * @example
 * ```ts
 * import { Effect } from "effect";
 * import { checkErrors, createGpuContext, destroyGpuContext } from "@neuroplastic/gpu";
 * const ctx = await Effect.runPromise(createGpuContext());
 * checkErrors(ctx); // nothing queued yet: no throw
 * destroyGpuContext(ctx);
 * ```
 */
export const checkErrors = (ctx: GpuContext): void => {
  if (ctx.errors.length > 0) {
    throw new Error(`WebGPU error(s): ${ctx.errors.join(" | ")}`);
  }
};
