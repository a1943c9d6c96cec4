/**
 * Test harness for GPU kernels: {@link gpuTest} registers a `Deno.test` that receives a fresh
 * {@link GpuContext} (destroyed afterwards) and is skipped, with a message naming the reason,
 * when no WebGPU adapter exists (no `navigator.gpu`, e.g. Deno < 2.9 without `--unstable-webgpu`,
 * or `requestAdapter()` returns null: no GPU and no software adapter installed).
 *
 * @module
 */
import { Effect } from "effect";
import {
  available,
  createGpuContext,
  destroyGpuContext,
  type GpuAdapterInfo,
  type GpuContext,
} from "../context.ts";

const probe = await Effect.runPromise(Effect.either(available()));

/**
 * The adapter seen by this test process, or null.
 *
 * @example
 * ```ts
 * import { adapterInfo } from "./harness.ts";
 * console.log(adapterInfo?.description ?? "no adapter");
 * ```
 */
export const adapterInfo: GpuAdapterInfo | null = probe._tag === "Right" ? probe.right : null;

let warned = false;

/**
 * Registers a GPU test (skipped with a printed reason when no adapter exists).
 *
 * @example
 * ```ts
 * import { gpuTest } from "./harness.ts";
 * gpuTest("adapter has a name", (ctx) => Promise.resolve(void ctx.info.description));
 * ```
 */
export const gpuTest = (name: string, fn: (ctx: GpuContext) => Promise<void>): void => {
  if (adapterInfo === null && !warned && probe._tag === "Left") {
    warned = true;
    console.warn(`GPU tests skipped: ${probe.left.message}`);
  }
  Deno.test({
    name: `gpu: ${name}`,
    ignore: adapterInfo === null,
    fn: async () => {
      const ctx = await Effect.runPromise(createGpuContext());
      try {
        await fn(ctx);
      } finally {
        destroyGpuContext(ctx);
      }
    },
  });
};
