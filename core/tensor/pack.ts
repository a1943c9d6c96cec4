/**
 * Panel packing for the blocked GEMM kernels (GotoBLAS layout; Goto & van de Geijn,
 * "Anatomy of High-Performance Matrix Multiplication", ACM TOMS 34(3), 2008, §4).
 *
 * A logical matrix element is addressed through strides, so transposed storage is
 * packed by the same code: `A(i, p) = a[aOff + i·sI + p·sP]`.
 *
 * - `packPanelsA` writes rows `[i0, i0+mc)` × columns `[p0, p0+kc)` as `ceil(mc/MR)`
 *   panels, panel `r` holding `dst[d0 + (r·kc + p)·MR + lane]` = `A(i0 + r·MR + lane, p0 + p)`.
 * - `packPanelsB` writes rows `[p0, p0+kc)` × columns `[j0, j0+nc)` as `ceil(nc/NR)`
 *   panels, `dst[d0 + (r·kc + p)·NR + lane]` = `B(p0 + p, j0 + r·NR + lane)`.
 *
 * Lanes past the matrix edge are zero-filled, so micro-kernels never branch on edges.
 *
 * @module
 */
import type { FloatArray } from "./tensor.ts";

/**
 * Core packer: lane `q ∈ [0, count)`, depth `p ∈ [0, kc)` of a strided source, where the
 * element is `src[base + q·sQ + p·sP]` and one of `sQ`, `sP` is 1. Writes `ceil(count/w)`
 * panels of `kc·w` values at `dst[d0 + (r·kc + p)·w + lane]`, zero-padding the last panel.
 */
function packPanels(
  dst: FloatArray,
  d0: number,
  src: FloatArray,
  base: number,
  sQ: number,
  sP: number,
  count: number,
  kc: number,
  w: number,
): void {
  const panelLen = kc * w;
  const full = (count / w) | 0;
  const rem = count - full * w;
  if (sQ === 1) {
    // Lanes are contiguous in the source: copy w values per depth step.
    for (let r = 0; r < full; r++) {
      let d = d0 + r * panelLen, s = base + r * w;
      for (let p = 0; p < kc; p++, s += sP) for (let q = 0; q < w; q++) dst[d++] = src[s + q];
    }
    if (rem > 0) {
      let d = d0 + full * panelLen, s = base + full * w;
      for (let p = 0; p < kc; p++, s += sP) {
        let q = 0;
        for (; q < rem; q++) dst[d++] = src[s + q];
        for (; q < w; q++) dst[d++] = 0;
      }
    }
    return;
  }
  // Depth is contiguous in the source (sP = 1): read w rows side by side.
  if (w === 4) {
    for (let r = 0; r < full; r++) {
      const s0 = base + r * 4 * sQ, s1 = s0 + sQ, s2 = s1 + sQ, s3 = s2 + sQ;
      let d = d0 + r * panelLen;
      for (let p = 0; p < kc; p++, d += 4) {
        dst[d] = src[s0 + p],
          dst[d + 1] = src[s1 + p],
          dst[d + 2] = src[s2 + p],
          dst[d + 3] = src[s3 + p];
      }
    }
  } else {
    for (let r = 0; r < full; r++) {
      for (let q = 0; q < w; q++) {
        const s = base + (r * w + q) * sQ;
        let d = d0 + r * panelLen + q;
        for (let p = 0; p < kc; p++, d += w) dst[d] = src[s + p];
      }
    }
  }
  if (rem > 0) {
    for (let q = 0; q < w; q++) {
      let d = d0 + full * panelLen + q;
      if (q < rem) {
        const s = base + (full * w + q) * sQ;
        for (let p = 0; p < kc; p++, d += w) dst[d] = src[s + p];
      } else {
        for (let p = 0; p < kc; p++, d += w) dst[d] = 0;
      }
    }
  }
}

/**
 * Pack a block of A (row panels of height `mr`) into `dst` starting at `d0`.
 * `A(i, p) = a[aOff + i·sI + p·sP]`; one of `sI`, `sP` must be 1.
 *
 * @example
 * ```ts
 * import { packPanelsA } from "./pack.ts";
 * const a = new Float64Array([1, 2, 3, 4, 5, 6]); // 3×2 row-major
 * const dst = new Float64Array(8);
 * packPanelsA(dst, 0, a, 0, 2, 1, 0, 3, 0, 2, 2); // panels [1,3,2,4] and [5,0,6,0]
 * ```
 */
export function packPanelsA(
  dst: FloatArray,
  d0: number,
  a: FloatArray,
  aOff: number,
  sI: number,
  sP: number,
  i0: number,
  mc: number,
  p0: number,
  kc: number,
  mr: number,
): void {
  const base = aOff + i0 * sI + p0 * sP;
  if (sI === 1) packPanels(dst, d0, a, base, 1, sP, mc, kc, mr);
  else packPanels(dst, d0, a, base, sI, 1, mc, kc, mr);
}

/**
 * Pack a block of B (column panels of width `nr`) into `dst` starting at `d0`.
 * `B(p, j) = b[bOff + p·sP + j·sJ]`; one of `sP`, `sJ` must be 1.
 *
 * @example
 * ```ts
 * import { packPanelsB } from "./pack.ts";
 * const b = new Float64Array([1, 2, 3, 4]); // 2×2 row-major
 * const dst = new Float64Array(4);
 * packPanelsB(dst, 0, b, 0, 2, 1, 0, 2, 0, 2, 2); // [1, 2, 3, 4]
 * ```
 */
export function packPanelsB(
  dst: FloatArray,
  d0: number,
  b: FloatArray,
  bOff: number,
  sP: number,
  sJ: number,
  j0: number,
  nc: number,
  p0: number,
  kc: number,
  nr: number,
): void {
  const base = bOff + p0 * sP + j0 * sJ;
  if (sJ === 1) packPanels(dst, d0, b, base, 1, sP, nc, kc, nr);
  else packPanels(dst, d0, b, base, sJ, 1, nc, kc, nr);
}
