/**
 * Plain-JavaScript GEMM: `out[m×n] (+)= op(A)[m×k] · op(B)[k×n]`, row-major.
 *
 * Cache-blocked (GotoBLAS loop nest jc → pc → ic → jr → ir; Goto & van de Geijn 2008, §4)
 * with A and B packed into contiguous `Float64Array` panels and a 4×4 register-tiled
 * micro-kernel whose 16 accumulators are locals (V8 keeps them in XMM registers).
 * Measured on x86-64 (V8 15, shared 2-core VM): tiles 2×4, 2×6, 2×8, 3×3, 3×4, 4×2, 4×3 and
 * 4×4 all land at 2–4 GFLOPS, within run-to-run noise of each other; 4×4 was kept (fewest
 * loads per multiply-add). The micro-kernel is a separate small function: an inner loop
 * OSR-compiled inside a big driver deoptimised on every exit and ran at ~0.2 GFLOPS.
 *
 * Accumulation order (identical in every path here and in the WebAssembly f64 kernel):
 * for each output element and each k-block of `kc` (in order) `acc = Σ_p a·b` sequentially
 * from `acc = 0`, then `out += acc`. All arithmetic is in doubles; a `Float32Array` output is
 * rounded to f32 on each store.
 *
 * The packing buffers are module-level scratch, grown on demand. This is safe because the
 * kernel is synchronous, calls no user code, and each worker has its own module instance.
 *
 * @module
 */
import { packPanelsA, packPanelsB } from "./pack.ts";
import type { FloatArray } from "./tensor.ts";

/** Block sizes of the JS kernel (elements). */
export interface JsBlocking {
  /** Depth of a packed k-block. */
  readonly kc: number;
  /** Rows of A packed at a time (multiple of 4). */
  readonly mc: number;
  /** Columns of B packed at a time (multiple of 4). */
  readonly nc: number;
  /** Skip packing when k·(m+n) ≤ this (operands cache-resident); see {@link JS_UNPACKED_MAX_ELEMS}. */
  readonly unpackedMax: number;
}

/**
 * When A and B together hold at most this many elements (256 KiB of f64, L2-resident),
 * 4×4 tiles read them in place: packing would cost more than it saves (measured at n ≤ 64:
 * 3.3–4 GFLOPS unpacked vs 0.7–1.4 for an i-j-p loop).
 */
export const JS_UNPACKED_MAX_ELEMS = 32768;

/** Default blocking: a 256×128 f64 A block (256 KiB) lives in L2, a 256×4 B panel in L1. */
export const JS_BLOCKING: JsBlocking = Object.freeze({
  kc: 256,
  mc: 128,
  nc: 1024,
  unpackedMax: JS_UNPACKED_MAX_ELEMS,
});

let scratchA = new Float64Array(0);
let scratchB = new Float64Array(0);

/**
 * Raw JS GEMM on flat arrays. `transA`: a is stored k×m; `transB`: b is stored n×k.
 * Writes `out[oOff + i·n + j]`; when `accumulate` is false the region is overwritten.
 * `out` must not overlap `a` or `b`.
 *
 * @example
 * ```ts
 * import { gemmJs, JS_BLOCKING } from "./gemm_js.ts";
 * const out = new Float64Array(1);
 * gemmJs(out, new Float64Array([1, 2]), new Float64Array([3, 4]), 1, 2, 1,
 *   false, false, false, 0, 0, 0, JS_BLOCKING); // out[0] = 11
 * ```
 */
export function gemmJs(
  out: FloatArray,
  a: FloatArray,
  b: FloatArray,
  m: number,
  k: number,
  n: number,
  transA: boolean,
  transB: boolean,
  accumulate: boolean,
  aOff: number,
  bOff: number,
  oOff: number,
  blk: JsBlocking,
): void {
  if (!accumulate) out.fill(0, oOff, oOff + m * n);
  if (m === 0 || n === 0 || k === 0) return;
  const sAi = transA ? 1 : k, sAp = transA ? m : 1;
  const sBp = transB ? 1 : n, sBj = transB ? k : 1;
  if (m < 4 || n < 4) {
    gemmDirect(out, a, b, m, k, n, sAi, sAp, sBp, sBj, aOff, bOff, oOff, blk.kc);
    return;
  }
  if (k * (m + n) <= blk.unpackedMax) {
    gemmUnpacked(out, a, b, m, k, n, sAi, sAp, sBp, sBj, aOff, bOff, oOff, blk.kc);
    return;
  }
  const KC = blk.kc, MC = blk.mc, NC = blk.nc;
  const kcMax = Math.min(KC, k);
  const needA = Math.ceil(Math.min(MC, m) / 4) * 4 * kcMax;
  const needB = Math.ceil(Math.min(NC, n) / 4) * 4 * kcMax;
  if (scratchA.length < needA) scratchA = new Float64Array(needA);
  if (scratchB.length < needB) scratchB = new Float64Array(needB);
  const pa = scratchA, pb = scratchB;
  for (let jc = 0; jc < n; jc += NC) {
    const nc = Math.min(NC, n - jc);
    const nPanels = Math.ceil(nc / 4);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = Math.min(KC, k - pc);
      packPanelsB(pb, 0, b, bOff, sBp, sBj, jc, nc, pc, kc, 4);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = Math.min(MC, m - ic);
        const mPanels = Math.ceil(mc / 4);
        packPanelsA(pa, 0, a, aOff, sAi, sAp, ic, mc, pc, kc, 4);
        for (let jr = 0; jr < nPanels; jr++) {
          const nr = Math.min(4, nc - jr * 4);
          for (let ir = 0; ir < mPanels; ir++) {
            const mr = Math.min(4, mc - ir * 4);
            const o = oOff + (ic + ir * 4) * n + jc + jr * 4;
            tile4x4(pa, ir * kc * 4, pb, jr * kc * 4, kc, out, o, n, mr, nr);
          }
        }
      }
    }
  }
}

/**
 * The 4×4 micro-kernel: 16 local accumulators over one packed A panel and one packed B panel,
 * then `out[o + i·n + j] += acc_ij` for the `mr × nr` valid part of the tile.
 * Kept as its own small function so V8 optimizes it as a whole (an inner loop OSR-compiled
 * inside the big driver deoptimizes on every exit).
 */
function tile4x4(
  pa: Float64Array,
  ia: number,
  pb: Float64Array,
  ib: number,
  kc: number,
  out: FloatArray,
  o: number,
  n: number,
  mr: number,
  nr: number,
): void {
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
  const iaEnd = ia + kc * 4;
  for (; ia < iaEnd; ia += 4, ib += 4) {
    const a0 = pa[ia], a1 = pa[ia + 1], a2 = pa[ia + 2], a3 = pa[ia + 3];
    const b0 = pb[ib], b1 = pb[ib + 1], b2 = pb[ib + 2], b3 = pb[ib + 3];
    c00 += a0 * b0, c01 += a0 * b1, c02 += a0 * b2, c03 += a0 * b3;
    c10 += a1 * b0, c11 += a1 * b1, c12 += a1 * b2, c13 += a1 * b3;
    c20 += a2 * b0, c21 += a2 * b1, c22 += a2 * b2, c23 += a2 * b3;
    c30 += a3 * b0, c31 += a3 * b1, c32 += a3 * b2, c33 += a3 * b3;
  }
  if (mr === 4 && nr === 4) {
    out[o] += c00, out[o + 1] += c01, out[o + 2] += c02, out[o + 3] += c03;
    const o1 = o + n, o2 = o1 + n, o3 = o2 + n;
    out[o1] += c10, out[o1 + 1] += c11, out[o1 + 2] += c12, out[o1 + 3] += c13;
    out[o2] += c20, out[o2 + 1] += c21, out[o2 + 2] += c22, out[o2 + 3] += c23;
    out[o3] += c30, out[o3 + 1] += c31, out[o3 + 2] += c32, out[o3 + 3] += c33;
  } else {
    storeRow(out, o, nr, c00, c01, c02, c03);
    if (mr > 1) storeRow(out, o + n, nr, c10, c11, c12, c13);
    if (mr > 2) storeRow(out, o + 2 * n, nr, c20, c21, c22, c23);
    if (mr > 3) storeRow(out, o + 3 * n, nr, c30, c31, c32, c33);
  }
}

/** Add the first `nr` of four accumulators into one row of an edge tile. */
function storeRow(
  out: FloatArray,
  o: number,
  nr: number,
  v0: number,
  v1: number,
  v2: number,
  v3: number,
): void {
  out[o] += v0;
  if (nr > 1) out[o + 1] += v1;
  if (nr > 2) out[o + 2] += v2;
  if (nr > 3) out[o + 3] += v3;
}

/**
 * Unpacked loops for thin shapes (m < 4 or n < 4), with the same accumulation order as the
 * tiles (per k-block: `acc = Σ_p a·b` from 0 in double, then `out += acc`).
 * Non-transposed B: row-axpy into a double accumulator row (contiguous B rows).
 * Transposed B: strided dot products (B's rows are contiguous along k).
 */
function gemmDirect(
  out: FloatArray,
  a: FloatArray,
  b: FloatArray,
  m: number,
  k: number,
  n: number,
  sAi: number,
  sAp: number,
  sBp: number,
  sBj: number,
  aOff: number,
  bOff: number,
  oOff: number,
  KC: number,
): void {
  if (sBj === 1) {
    if (scratchRow.length < n) scratchRow = new Float64Array(n);
    const acc = scratchRow;
    for (let i = 0; i < m; i++) {
      const oi = oOff + i * n;
      for (let pc = 0; pc < k; pc += KC) {
        const kc = Math.min(KC, k - pc);
        acc.fill(0, 0, n);
        rowAxpy(acc, a, aOff + i * sAi + pc * sAp, sAp, b, bOff + pc * sBp, sBp, kc, n);
        for (let j = 0; j < n; j++) out[oi + j] += acc[j];
      }
    }
    return;
  }
  for (let pc = 0; pc < k; pc += KC) {
    const kc = Math.min(KC, k - pc);
    for (let i = 0; i < m; i++) {
      const ai = aOff + i * sAi + pc * sAp;
      const oi = oOff + i * n;
      for (let j = 0; j < n; j++) {
        out[oi + j] += dotStrided(a, ai, sAp, b, bOff + pc * sBp + j * sBj, sBp, kc);
      }
    }
  }
}

/**
 * In-place 4×4 tiles for cache-resident operands (same accumulation order as the packed path);
 * the ragged right columns and bottom rows use strided dot products.
 */
function gemmUnpacked(
  out: FloatArray,
  a: FloatArray,
  b: FloatArray,
  m: number,
  k: number,
  n: number,
  sAi: number,
  sAp: number,
  sBp: number,
  sBj: number,
  aOff: number,
  bOff: number,
  oOff: number,
  KC: number,
): void {
  const m4 = m & ~3, n4 = n & ~3;
  for (let pc = 0; pc < k; pc += KC) {
    const kc = Math.min(KC, k - pc);
    const a0 = aOff + pc * sAp, b0 = bOff + pc * sBp;
    for (let i = 0; i < m4; i += 4) {
      for (let j = 0; j < n4; j += 4) {
        tileStrided(
          out,
          oOff + i * n + j,
          n,
          a,
          a0 + i * sAi,
          sAi,
          sAp,
          b,
          b0 + j * sBj,
          sBj,
          sBp,
          kc,
        );
      }
      for (let i2 = i; i2 < i + 4; i2++) {
        for (let j = n4; j < n; j++) {
          out[oOff + i2 * n + j] += dotStrided(a, a0 + i2 * sAi, sAp, b, b0 + j * sBj, sBp, kc);
        }
      }
    }
    for (let i = m4; i < m; i++) {
      for (let j = 0; j < n; j++) {
        out[oOff + i * n + j] += dotStrided(a, a0 + i * sAi, sAp, b, b0 + j * sBj, sBp, kc);
      }
    }
  }
}

/** 4×4 register tile read straight from strided A and B: `out[o + r·n + c] += Σ_p A·B`. */
function tileStrided(
  out: FloatArray,
  o: number,
  n: number,
  a: FloatArray,
  ia: number,
  sAi: number,
  sAp: number,
  b: FloatArray,
  ib: number,
  sBj: number,
  sBp: number,
  kc: number,
): void {
  const sA2 = 2 * sAi, sA3 = 3 * sAi, sB2 = 2 * sBj, sB3 = 3 * sBj;
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
  for (let p = 0; p < kc; p++, ia += sAp, ib += sBp) {
    const a0 = a[ia], a1 = a[ia + sAi], a2 = a[ia + sA2], a3 = a[ia + sA3];
    const b0 = b[ib], b1 = b[ib + sBj], b2 = b[ib + sB2], b3 = b[ib + sB3];
    c00 += a0 * b0, c01 += a0 * b1, c02 += a0 * b2, c03 += a0 * b3;
    c10 += a1 * b0, c11 += a1 * b1, c12 += a1 * b2, c13 += a1 * b3;
    c20 += a2 * b0, c21 += a2 * b1, c22 += a2 * b2, c23 += a2 * b3;
    c30 += a3 * b0, c31 += a3 * b1, c32 += a3 * b2, c33 += a3 * b3;
  }
  const o1 = o + n, o2 = o1 + n, o3 = o2 + n;
  out[o] += c00, out[o + 1] += c01, out[o + 2] += c02, out[o + 3] += c03;
  out[o1] += c10, out[o1 + 1] += c11, out[o1 + 2] += c12, out[o1 + 3] += c13;
  out[o2] += c20, out[o2 + 1] += c21, out[o2 + 2] += c22, out[o2 + 3] += c23;
  out[o3] += c30, out[o3 + 1] += c31, out[o3 + 2] += c32, out[o3 + 3] += c33;
}

let scratchRow = new Float64Array(0);

/** `acc[j] += Σ_{p<kc} a[ia + p·sa] · b[ib + p·sb + j]` for j < n, p in order. */
function rowAxpy(
  acc: Float64Array,
  a: FloatArray,
  ia: number,
  sa: number,
  b: FloatArray,
  ib: number,
  sb: number,
  kc: number,
  n: number,
): void {
  for (let p = 0; p < kc; p++, ia += sa, ib += sb) {
    const av = a[ia];
    for (let j = 0; j < n; j++) acc[j] += av * b[ib + j];
  }
}

/** `Σ_{p<len} a[ia + p·sa] · b[ib + p·sb]`, sequentially from 0. */
function dotStrided(
  a: FloatArray,
  ia: number,
  sa: number,
  b: FloatArray,
  ib: number,
  sb: number,
  len: number,
): number {
  let acc = 0;
  for (let p = 0; p < len; p++, ia += sa, ib += sb) acc += a[ia] * b[ib];
  return acc;
}
