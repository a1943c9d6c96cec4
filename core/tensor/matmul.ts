/**
 * Dense matrix products (BLAS-style raw kernels plus tensor-level wrappers).
 *
 * `matmulInto` dispatches by shape ({@link matmulPath}) between two engines:
 * - `"wasm"`: WebAssembly SIMD micro-kernels (`wasm_gemm.ts`), 2–5× faster than plain JS;
 *   used automatically when available and the product has at least {@link WASM_MIN_MACS}
 *   multiply-adds with m, n ≥ 4. f64 products with A not transposed and fewer than 128 output
 *   columns read A in place (one native copy, no packing).
 * - `"js"`: the register-blocked plain-JS kernel (`gemm_js.ts`), reading small operands in
 *   place; always available.
 *
 * Accumulation precision:
 * - f64 (out, a and b all `Float64Array`): doubles throughout; both engines perform the same
 *   operations in the same order and give bit-identical results. Mixed dtypes also compute in
 *   doubles (an f32 `out` is rounded per k-block by the JS engine, once by the wasm engine).
 * - f32 (out, a and b all `Float32Array`): the JS engine accumulates in doubles and rounds to f32
 *   on store; the wasm engine accumulates in f32 (like a C SGEMM). Both are deterministic, and
 *   the engine is chosen from the shape only, so a given call gives the same bits on every
 *   machine with WebAssembly SIMD (all current browsers, Deno, Node ≥ 16).
 *
 * @module
 */
import { gemmJs, JS_BLOCKING } from "./gemm_js.ts";
import { type FloatArray, type Tensor, tensor } from "./tensor.ts";
import { gemmWasm, WASM_BLOCKING, wasmGemmAvailable, wasmRowsA } from "./wasm_gemm.ts";

/** Options of {@link matmulInto}. */
export interface MatmulOptions {
  /** `a` is stored k×m (use Aᵀ). */
  readonly transA?: boolean;
  /** `b` is stored n×k (use Bᵀ). */
  readonly transB?: boolean;
  /** Add into `out` instead of overwriting it. */
  readonly accumulate?: boolean;
  /** Element offset of the matrix inside `a`. */
  readonly aOffset?: number;
  /** Element offset of the matrix inside `b`. */
  readonly bOffset?: number;
  /** Element offset of the m×n result inside `out`. */
  readonly outOffset?: number;
  /** Engine: `"auto"` (default), or force `"js"` / `"wasm"` (`"wasm"` falls back to JS if unavailable). */
  readonly kernel?: "auto" | "js" | "wasm";
}

/**
 * Minimum multiply-adds for the automatic choice of the wasm engine (measured crossover: at
 * 16×16×16 = 4096 the wasm engine took 1.1 µs vs 1.7 µs for JS in f64; at 8×8×8 and 4×64×4
 * JS was ahead, 0.29 vs 0.32 µs and 0.45 vs 0.54 µs; `bench/tensor_bench.ts`).
 *
 * @example
 * ```ts
 * import { WASM_MIN_MACS } from "@neuroplastic/core/tensor";
 * // (16×64)·(64×16) is 16·16·64 = 16384 multiply-adds: `kernel: "auto"` uses wasm when available
 * console.log(16 * 16 * 64 >= WASM_MIN_MACS); // true
 * ```
 */
export const WASM_MIN_MACS = 4096;

/**
 * The path {@link matmulInto} takes for a call: `"js"` (register-blocked plain JS, reading the
 * operands in place), `"wasm-packed"` (A and B packed into WebAssembly memory) or `"wasm-rows"`
 * (f64 with A not transposed: the whole `a` copied by one native `set` and read row by row in
 * place, only B packed; this avoids the per-element packing of A, the larger cost for thin
 * outputs such as GENREG's 100×256·256×8). Depends on the shape, the dtype and `a`'s length
 * only, never on the values.
 *
 * @example
 * ```ts
 * import { matmulPath } from "@neuroplastic/core/tensor";
 * const X = new Float64Array(100 * 256), W = new Float64Array(8 * 256);
 * console.log(matmulPath(new Float64Array(800), X, W, 100, 256, 8, { transB: true })); // "wasm-rows"
 * ```
 */
export function matmulPath(
  out: FloatArray,
  a: FloatArray,
  b: FloatArray,
  m: number,
  k: number,
  n: number,
  opts: MatmulOptions = {},
): "js" | "wasm-packed" | "wasm-rows" {
  const kernel = opts.kernel ?? "auto";
  const macs = m * n * k;
  const useWasm = kernel === "wasm"
    ? macs > 0
    : kernel === "auto" && macs >= WASM_MIN_MACS && m >= 4 && n >= 4;
  if (!useWasm || !wasmGemmAvailable()) return "js";
  const f64 =
    !(out instanceof Float32Array && a instanceof Float32Array && b instanceof Float32Array);
  return wasmRowsA(f64, opts.transA ?? false, a.length, opts.aOffset ?? 0, m, k, n)
    ? "wasm-rows"
    : "wasm-packed";
}

/**
 * Which engine `matmulInto` uses for large products here: `"wasm-simd"` or `"js"`.
 *
 * @example
 * ```ts
 * import { matmulBackend } from "@neuroplastic/core/tensor";
 * console.log(matmulBackend()); // "wasm-simd" in Deno
 * ```
 */
export function matmulBackend(): "wasm-simd" | "js" {
  return wasmGemmAvailable() ? "wasm-simd" : "js";
}

function dim(name: string, d: number): void {
  if (!Number.isInteger(d) || d < 0) {
    throw new RangeError(`matmulInto: ${name} = ${d} must be an integer ≥ 0`);
  }
}

function need(what: string, arr: FloatArray, off: number, count: number): void {
  if (!Number.isInteger(off) || off < 0 || off + count > arr.length) {
    throw new RangeError(
      `matmulInto: ${what} needs ${count} elements from offset ${off}, but has length ${arr.length}`,
    );
  }
}

/**
 * `out[m×n] (=|+=) op(a)[m×k] · op(b)[k×n]`, row-major, where op is the identity or
 * transpose (`transA`: a stored k×m; `transB`: b stored n×k). Returns `out`.
 * `out` must not overlap `a` or `b`. Throws `RangeError` if a buffer is too short.
 *
 * Equation: out_ij = [out_ij +] Σ_p A_ip B_pj (BLAS xGEMM with α = 1, β ∈ {0, 1}).
 *
 * @example
 * ```ts
 * import { matmulInto } from "@neuroplastic/core/tensor";
 * const a = new Float32Array([1, 2, 3, 4, 5, 6]); // 2×3
 * const b = new Float32Array([1, 0, 0, 1, 1, 1]); // 3×2
 * matmulInto(new Float32Array(4), a, b, 2, 3, 2); // [4, 5, 10, 11]
 * ```
 */
export function matmulInto(
  out: FloatArray,
  a: FloatArray,
  b: FloatArray,
  m: number,
  k: number,
  n: number,
  opts: MatmulOptions = {},
): FloatArray {
  const transA = opts.transA ?? false, transB = opts.transB ?? false;
  const accumulate = opts.accumulate ?? false;
  const aOff = opts.aOffset ?? 0, bOff = opts.bOffset ?? 0, oOff = opts.outOffset ?? 0;
  dim("m", m), dim("k", k), dim("n", n); // (no array of pairs: nothing allocated per call)
  need("a", a, aOff, m * k);
  need("b", b, bOff, k * n);
  need("out", out, oOff, m * n);
  if (matmulPath(out, a, b, m, k, n, opts) !== "js") {
    const f64 =
      !(out instanceof Float32Array && a instanceof Float32Array && b instanceof Float32Array);
    const blk = WASM_BLOCKING;
    if (gemmWasm(out, a, b, m, k, n, transA, transB, accumulate, aOff, bOff, oOff, f64, blk)) {
      return out;
    }
  }
  gemmJs(out, a, b, m, k, n, transA, transB, accumulate, aOff, bOff, oOff, JS_BLOCKING);
  return out;
}

let matvecScratch = new Float64Array(0);

/**
 * Matrix–vector product: `out (=|+=) A x` (A is m×n row-major, x length n, out length m),
 * or `out (=|+=) Aᵀ x` when `trans` (x length m, out length n). Returns `out`.
 * Accumulates in doubles; `out` must not overlap `a` or `x`.
 *
 * Equation: out_i = Σ_j A_ij x_j, or out_j = Σ_i A_ij x_i.
 *
 * @example
 * ```ts
 * import { matvecInto } from "@neuroplastic/core/tensor";
 * const a = new Float64Array([1, 2, 3, 4]); // 2×2
 * matvecInto(new Float64Array(2), a, new Float64Array([1, 1]), 2, 2); // [3, 7]
 * matvecInto(new Float64Array(2), a, new Float64Array([1, 1]), 2, 2, true); // [4, 6]
 * ```
 */
export function matvecInto(
  out: FloatArray,
  a: FloatArray,
  x: FloatArray,
  m: number,
  n: number,
  trans = false,
  accumulate = false,
): FloatArray {
  const rowsOut = trans ? n : m, lenX = trans ? m : n;
  if (a.length < m * n || x.length < lenX || out.length < rowsOut) {
    throw new RangeError(
      `matvecInto: A ${m}×${n}${trans ? "ᵀ" : ""} needs a.length ≥ ${m * n}, x.length ≥ ${lenX}, ` +
        `out.length ≥ ${rowsOut}; got ${a.length}, ${x.length}, ${out.length}`,
    );
  }
  if (!trans) {
    let i = 0;
    // Four rows at a time: x[j] is loaded once for four dot products.
    for (; i + 4 <= m; i += 4) {
      const r0 = i * n, r1 = r0 + n, r2 = r1 + n, r3 = r2 + n;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let j = 0; j < n; j++) {
        const xj = x[j];
        s0 += a[r0 + j] * xj, s1 += a[r1 + j] * xj, s2 += a[r2 + j] * xj, s3 += a[r3 + j] * xj;
      }
      if (accumulate) out[i] += s0, out[i + 1] += s1, out[i + 2] += s2, out[i + 3] += s3;
      else out[i] = s0, out[i + 1] = s1, out[i + 2] = s2, out[i + 3] = s3;
    }
    for (; i < m; i++) {
      const r = i * n;
      let s = 0;
      for (let j = 0; j < n; j++) s += a[r + j] * x[j];
      out[i] = accumulate ? out[i] + s : s;
    }
    return out;
  }
  // Transposed: out = Σ_i x_i · row_i, accumulated in a double buffer (f32 out rounds once).
  // Module-level scratch: safe because this runs synchronously and calls no user code.
  if (matvecScratch.length < n) matvecScratch = new Float64Array(n);
  const acc = matvecScratch;
  acc.fill(0, 0, n);
  let i = 0;
  for (; i + 2 <= m; i += 2) {
    const x0 = x[i], x1 = x[i + 1], r0 = i * n, r1 = r0 + n;
    for (let j = 0; j < n; j++) acc[j] += a[r0 + j] * x0 + a[r1 + j] * x1;
  }
  for (; i < m; i++) {
    const xi = x[i], r = i * n;
    for (let j = 0; j < n; j++) acc[j] += a[r + j] * xi;
  }
  if (accumulate) { for (let j = 0; j < n; j++) out[j] += acc[j]; }
  else for (let j = 0; j < n; j++) out[j] = acc[j];
  return out;
}

/**
 * Tensor matrix product. Shapes: [m,k]×[k,n] → [m,n]; [B,m,k]×[B,k,n] → [B,m,n];
 * [B,m,k]×[k,n] → [B,m,n] and [m,k]×[B,k,n] → [B,m,n] (the 2-D operand is broadcast);
 * a batch of 1 also broadcasts. The result is f32 when both inputs are f32, else f64.
 * Throws `RangeError` naming both shapes when they do not match.
 *
 * @example
 * ```ts
 * import { fromNested, matmul } from "@neuroplastic/core/tensor";
 * const c = matmul(fromNested([[1, 2], [3, 4]]), fromNested([[5], [6]]));
 * c.shape; // [2, 1]  (data [17, 39])
 * ```
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  const sa = a.shape, sb = b.shape;
  const bad = (): never => {
    throw new RangeError(`matmul: incompatible shapes [${sa.join(", ")}] and [${sb.join(", ")}]`);
  };
  if (sa.length < 2 || sa.length > 3 || sb.length < 2 || sb.length > 3) bad();
  const m = sa[sa.length - 2], k = sa[sa.length - 1];
  const k2 = sb[sb.length - 2], n = sb[sb.length - 1];
  if (k !== k2) bad();
  const f32 = a.data instanceof Float32Array && b.data instanceof Float32Array;
  const mk = (len: number): FloatArray => f32 ? new Float32Array(len) : new Float64Array(len);
  if (sa.length === 2 && sb.length === 2) {
    return tensor(matmulInto(mk(m * n), a.data, b.data, m, k, n), [m, n]);
  }
  const ba = sa.length === 3 ? sa[0] : 1, bb = sb.length === 3 ? sb[0] : 1;
  if (ba !== bb && ba !== 1 && bb !== 1) bad();
  const batch = Math.max(ba, bb);
  const out = mk(batch * m * n);
  if (bb === 1 && batch > 0) {
    // [B,m,k]×[k,n]: one (B·m)×k by k×n product.
    matmulInto(out, a.data, b.data, ba * m, k, n);
  } else {
    for (let t = 0; t < batch; t++) {
      matmulInto(out, a.data, b.data, m, k, n, {
        aOffset: ba === 1 ? 0 : t * m * k,
        bOffset: t * k * n,
        outOffset: t * m * n,
      });
    }
  }
  return tensor(out, [batch, m, n]);
}

/**
 * Write the transpose of the m×n row-major matrix `a` into `out` (n×m). Returns `out`.
 * Cache-blocked in 32×32 tiles. `out` must not overlap `a`.
 *
 * @example
 * ```ts
 * import { transposeInto } from "@neuroplastic/core/tensor";
 * transposeInto(new Float64Array(6), new Float64Array([1, 2, 3, 4, 5, 6]), 2, 3); // [1, 4, 2, 5, 3, 6]
 * ```
 */
export function transposeInto(out: FloatArray, a: FloatArray, m: number, n: number): FloatArray {
  if (a.length < m * n || out.length < m * n) {
    throw new RangeError(`transposeInto: ${m}×${n} needs ${m * n} elements in a and out`);
  }
  const T = 32;
  for (let i0 = 0; i0 < m; i0 += T) {
    const i1 = Math.min(m, i0 + T);
    for (let j0 = 0; j0 < n; j0 += T) {
      const j1 = Math.min(n, j0 + T);
      for (let i = i0; i < i1; i++) {
        for (let j = j0; j < j1; j++) out[j * m + i] = a[i * n + j];
      }
    }
  }
  return out;
}

/**
 * Transpose of a 2-D tensor (a new tensor of the same dtype).
 *
 * @example
 * ```ts
 * import { fromNested, toNested, transpose2d } from "@neuroplastic/core/tensor";
 * toNested(transpose2d(fromNested([[1, 2, 3]]))); // [[1], [2], [3]]
 * ```
 */
export function transpose2d(a: Tensor): Tensor {
  if (a.shape.length !== 2) {
    throw new RangeError(`transpose2d: expected a 2-D tensor, got shape [${a.shape.join(", ")}]`);
  }
  const [m, n] = a.shape;
  const out = a.data instanceof Float32Array ? new Float32Array(m * n) : new Float64Array(m * n);
  return tensor(transposeInto(out, a.data, m, n), [n, m]);
}

/**
 * Outer product `out[m×n] (=|+=) α · x yᵀ` (x length m, y length n). Returns `out`.
 * Equation: out_ij = [out_ij +] α x_i y_j (BLAS xGER when accumulating).
 *
 * @example
 * ```ts
 * import { outerInto } from "@neuroplastic/core/tensor";
 * outerInto(new Float64Array(4), new Float64Array([1, 2]), new Float64Array([3, 4])); // [3, 4, 6, 8]
 * ```
 */
export function outerInto(
  out: FloatArray,
  x: FloatArray,
  y: FloatArray,
  accumulate = false,
  alpha = 1,
): FloatArray {
  const m = x.length, n = y.length;
  if (out.length < m * n) {
    throw new RangeError(`outerInto: out needs ${m * n} elements (${m}×${n}), has ${out.length}`);
  }
  for (let i = 0; i < m; i++) {
    const ax = alpha * x[i], r = i * n;
    if (accumulate) { for (let j = 0; j < n; j++) out[r + j] += ax * y[j]; }
    else for (let j = 0; j < n; j++) out[r + j] = ax * y[j];
  }
  return out;
}
