/**
 * Storage buffers, uploads and read-backs (all data is 4-byte words: f32, i32 or u32).
 *
 * @module
 */
import { checkErrors, type GpuContext } from "./context.ts";

/** A typed array of 4-byte words that can be written to a GPU buffer. */
export type Word32Array = Float32Array | Int32Array | Uint32Array;

/**
 * Usage flags of the storage buffers made here: bindable as storage, copyable both ways.
 *
 * @example
 * ```ts
 * import { STORAGE_USAGE } from "@neuroplastic/gpu";
 * console.log(STORAGE_USAGE > 0); // true
 * ```
 */
export const STORAGE_USAGE: number = 0x80 | 0x04 | 0x08; // STORAGE | COPY_SRC | COPY_DST

/**
 * A storage buffer of `words` 4-byte elements (at least one, zero-initialised).
 *
 * @example
 * ```ts
 * import { Effect } from "effect";
 * import { createGpuContext, destroyGpuContext, storageBuffer } from "@neuroplastic/gpu";
 * const ctx = await Effect.runPromise(createGpuContext());
 * const buf = storageBuffer(ctx, 16, "x");
 * buf.destroy();
 * destroyGpuContext(ctx);
 * ```
 */
export const storageBuffer = (ctx: GpuContext, words: number, label: string): GPUBuffer => {
  const size = Math.max(1, words) * 4;
  if (size > ctx.maxStorageBinding) {
    throw new RangeError(
      `${label}: ${size} bytes exceed the device's storage binding limit ${ctx.maxStorageBinding}`,
    );
  }
  return ctx.device.createBuffer({ size, usage: STORAGE_USAGE, label });
};

/**
 * Copies `data[from, from+count)` into `buf` at word offset `at` (queued, no wait).
 *
 * @example
 * ```ts
 * import { Effect } from "effect";
 * import { createGpuContext, destroyGpuContext, storageBuffer, upload } from "@neuroplastic/gpu";
 * const ctx = await Effect.runPromise(createGpuContext());
 * const buf = storageBuffer(ctx, 4, "x");
 * upload(ctx, buf, new Float32Array([1, 2, 3, 4]));
 * destroyGpuContext(ctx);
 * ```
 */
export const upload = (
  ctx: GpuContext,
  buf: GPUBuffer,
  data: Word32Array,
  at = 0,
  from = 0,
  count: number = data.length - from,
): void => {
  if (count <= 0) return;
  // Offsets and size in elements for a typed-array source (WebGPU writeBuffer).
  ctx.device.queue.writeBuffer(buf, at * 4, data as Float32Array<ArrayBuffer>, from, count);
};

/**
 * A reusable staging buffer for read-backs (MAP_READ | COPY_DST), grown on demand.
 *
 * @example
 * ```ts
 * import { createStaging } from "@neuroplastic/gpu";
 * const st = createStaging();
 * console.log(st.buffer); // null until the first read
 * ```
 */
export interface Staging {
  /** The mappable buffer, or null before the first read. */
  buffer: GPUBuffer | null;
  /** Its size in bytes. */
  size: number;
}

/**
 * An empty {@link Staging} (no GPU memory until the first read).
 *
 * @example
 * ```ts
 * import { createStaging } from "@neuroplastic/gpu";
 * console.log(createStaging().size); // 0
 * ```
 */
export const createStaging = (): Staging => ({ buffer: null, size: 0 });

/**
 * A range of words of a device buffer to read back.
 *
 * @example
 * ```ts
 * import type { Region } from "@neuroplastic/gpu";
 * const whole = (buf: GPUBuffer, words: number): Region => ({ src: buf, at: 0, count: words });
 * ```
 */
export interface Region {
  /** The buffer (needs COPY_SRC usage). */
  readonly src: GPUBuffer;
  /** First word. */
  readonly at: number;
  /** Number of words. */
  readonly count: number;
}

/**
 * Copies several regions to the host with one submission and one map through `staging`;
 * resolves to one private ArrayBuffer per region. Waits for all queued work on the sources.
 * Throws when the context has recorded a WebGPU error (see `checkErrors`).
 *
 * @example
 * ```ts
 * import { Effect } from "effect";
 * import { createGpuContext, createStaging, destroyGpuContext, readRegions, storageBuffer, upload } from "@neuroplastic/gpu";
 * const ctx = await Effect.runPromise(createGpuContext());
 * const buf = storageBuffer(ctx, 3, "x");
 * upload(ctx, buf, new Float32Array([1, 2, 3]));
 * const [a, b] = await readRegions(ctx, [{ src: buf, at: 0, count: 1 }, { src: buf, at: 2, count: 1 }], createStaging());
 * console.log(new Float32Array(a), new Float32Array(b)); // [1] [3]
 * destroyGpuContext(ctx);
 * ```
 */
export const readRegions = async (
  ctx: GpuContext,
  regions: readonly Region[],
  staging: Staging,
): Promise<ArrayBuffer[]> => {
  // Each region starts at a multiple of 8 bytes (copyBufferToBuffer needs 4; mapping 8).
  const starts: number[] = [];
  let bytes = 0;
  for (const r of regions) {
    starts.push(bytes);
    bytes += Math.ceil((r.count * 4) / 8) * 8;
  }
  if (bytes === 0) return regions.map(() => new ArrayBuffer(0));
  if (staging.buffer === null || staging.size < bytes) {
    staging.buffer?.destroy();
    staging.buffer = ctx.device.createBuffer({
      size: bytes,
      usage: 0x0001 | 0x0008, // MAP_READ | COPY_DST
      label: "staging",
    });
    staging.size = bytes;
  }
  const st = staging.buffer;
  const enc = ctx.device.createCommandEncoder();
  regions.forEach((r, q) => {
    if (r.count > 0) enc.copyBufferToBuffer(r.src, r.at * 4, st, starts[q], r.count * 4);
  });
  ctx.device.queue.submit([enc.finish()]);
  await st.mapAsync(0x0001, 0, bytes); // GPUMapMode.READ
  checkErrors(ctx);
  const mapped = st.getMappedRange(0, bytes);
  const out = regions.map((r, q) => mapped.slice(starts[q], starts[q] + r.count * 4));
  st.unmap();
  return out;
};

/**
 * Copies words `[at, at+count)` of `src` to the host through `staging` and resolves to an
 * ArrayBuffer of `count * 4` bytes (a private copy). Waits for all queued work on `src`.
 *
 * @example
 * ```ts
 * import { Effect } from "effect";
 * import { createGpuContext, createStaging, destroyGpuContext, readWords, storageBuffer, upload } from "@neuroplastic/gpu";
 * const ctx = await Effect.runPromise(createGpuContext());
 * const buf = storageBuffer(ctx, 2, "x");
 * upload(ctx, buf, new Float32Array([1, 2]));
 * console.log(new Float32Array(await readWords(ctx, buf, 0, 2, createStaging()))); // [1, 2]
 * destroyGpuContext(ctx);
 * ```
 */
export const readWords = async (
  ctx: GpuContext,
  src: GPUBuffer,
  at: number,
  count: number,
  staging: Staging,
): Promise<ArrayBuffer> => (await readRegions(ctx, [{ src, at, count }], staging))[0];

/**
 * Destroys a staging buffer (no-op when never used).
 *
 * @example
 * ```ts
 * import { createStaging, destroyStaging } from "@neuroplastic/gpu";
 * destroyStaging(createStaging());
 * ```
 */
export const destroyStaging = (s: Staging): void => {
  s.buffer?.destroy();
  s.buffer = null;
  s.size = 0;
};

/**
 * A uniform buffer holding `words` u32/f32 values (UNIFORM | COPY_DST).
 *
 * @example
 * ```ts
 * import { Effect } from "effect";
 * import { createGpuContext, destroyGpuContext, uniformBuffer } from "@neuroplastic/gpu";
 * const ctx = await Effect.runPromise(createGpuContext());
 * uniformBuffer(ctx, 4, "params");
 * destroyGpuContext(ctx);
 * ```
 */
export const uniformBuffer = (ctx: GpuContext, words: number, label: string): GPUBuffer =>
  ctx.device.createBuffer({
    size: Math.max(16, Math.ceil(words / 4) * 16),
    usage: 0x40 | 0x08, // UNIFORM | COPY_DST
    label,
  });
