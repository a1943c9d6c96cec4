/**
 * A free list of large float buffers for the faithful model's passes (`model.ts`).
 *
 * A training step of the README config (N = 256, B = 64, D_h = 128) works on about thirty
 * (N, B, D_h) arrays of 8 MB each. Allocated afresh for every batch, they took a large share of
 * the step on our machine: a new 8 MB `Float32Array` is zeroed and page-faulted on first touch
 * (we measured 1.5–25 ms of CPU time per array written once, up to half of it in the kernel,
 * against ≈ 1 ms to overwrite a reused one). The passes take their buffers here; the forward pass
 * without a cache hands them back itself, and a cache's go back once a backward pass has used it,
 * at the next forward.
 *
 * Buffers come back with stale contents: every user overwrites each element it reads (the tests
 * poison the pool with NaN to check this). The pool keeps at most {@link POOL_MAX_BYTES}; arrays
 * below {@link POOL_MIN_LENGTH} elements are never pooled. It is module-level state like the
 * GEMM module's scratch memory; every call using it is synchronous, so no two passes share a
 * buffer, and each worker has its own.
 *
 * @module
 */
import type { FloatArray } from "@neuroplastic/core/tensor";

/** Arrays shorter than this are allocated normally and never kept. */
export const POOL_MIN_LENGTH = 4096;

/** Upper bound of the bytes the pool keeps between passes. */
export const POOL_MAX_BYTES = 768 * 1024 * 1024;

const free = new Map<string, FloatArray[]>();
const inPool = new WeakSet<FloatArray>();
let bytes = 0;

const keyOf = (f64: boolean, n: number): string => (f64 ? "d" : "f") + n;

/**
 * A buffer of `n` elements in the dtype of `ref`, from the pool when one is free (its contents
 * are then stale: the caller must write every element it reads), else a new zeroed array.
 *
 * @example
 * ```ts
 * import { take } from "./pool.ts";
 * const a = take(new Float32Array(1), 8192);
 * console.log(a instanceof Float32Array, a.length); // true 8192
 * ```
 */
export function take(ref: FloatArray, n: number): FloatArray {
  const f64 = !(ref instanceof Float32Array);
  if (n >= POOL_MIN_LENGTH) {
    const list = free.get(keyOf(f64, n));
    const a = list?.pop();
    if (a !== undefined) {
      inPool.delete(a);
      bytes -= a.byteLength;
      return a;
    }
  }
  return f64 ? new Float64Array(n) : new Float32Array(n);
}

/**
 * Hands buffers back for reuse. Short arrays, arrays already in the pool (a buffer is never
 * listed twice) and arrays beyond the byte bound are left to the garbage collector.
 *
 * @example
 * ```ts
 * import { give, take } from "./pool.ts";
 * const a = take(new Float64Array(1), 5000);
 * give(a);
 * console.log(take(new Float64Array(1), 5000) === a); // true
 * ```
 */
export function give(...arrays: FloatArray[]): void {
  for (const a of arrays) {
    if (a.length < POOL_MIN_LENGTH || inPool.has(a)) continue;
    if (bytes + a.byteLength > POOL_MAX_BYTES) continue;
    const k = keyOf(!(a instanceof Float32Array), a.length);
    let list = free.get(k);
    if (list === undefined) free.set(k, list = []);
    list.push(a);
    inPool.add(a);
    bytes += a.byteLength;
  }
}

/**
 * Bytes held by the pool now.
 *
 * @example
 * ```ts
 * import { pooledBytes } from "./pool.ts";
 * console.log(pooledBytes() >= 0); // true
 * ```
 */
export function pooledBytes(): number {
  return bytes;
}

/**
 * Fills every pooled buffer with `value` (tests: NaN makes any read of a stale element show in the
 * results).
 *
 * @example
 * ```ts
 * import { poisonPool } from "./pool.ts";
 * poisonPool(NaN);
 * ```
 */
export function poisonPool(value: number): void {
  for (const list of free.values()) for (const a of list) a.fill(value);
}
