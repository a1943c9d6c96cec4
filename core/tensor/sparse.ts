/**
 * Compressed sparse row (CSR) and column (CSC) matrices and their products with dense
 * vectors (the standard SciPy/Matlab layouts; Saad, "Iterative Methods for Sparse Linear
 * Systems", 2nd ed., §3.4).
 *
 * CSR: row i holds `indices[indptr[i] .. indptr[i+1])` (column numbers, ascending) with values
 * `data[…]`. CSC is the same with rows and columns swapped. Builders drop exact zeros and
 * keep NaN/±∞ entries.
 *
 * Event-driven products: `cscMatvecInto` and `csrMatvecTInto` skip inputs x_j = 0 entirely,
 * so their cost scales with the number of non-zero inputs (spikes) times the fan-out; a stored
 * ±∞/NaN weight next to a zero input therefore contributes 0, not NaN. These two scatter
 * into `out` directly, so they accumulate in `out`'s precision; `csrMatvecInto` accumulates each
 * row in a double.
 *
 * @module
 */
import { alloc, type DType, dtypeOf, type FloatArray } from "./tensor.ts";

/** A rows×cols matrix in compressed sparse row form. */
export interface Csr {
  /** Number of rows. */
  readonly rows: number;
  /** Number of columns. */
  readonly cols: number;
  /** Length rows + 1; row i occupies [indptr[i], indptr[i+1]). */
  readonly indptr: Int32Array;
  /** Column of each stored value, ascending within a row. */
  readonly indices: Int32Array;
  /** Stored values, aligned with `indices`. */
  readonly data: FloatArray;
}

/** A rows×cols matrix in compressed sparse column form. */
export interface Csc {
  /** Number of rows. */
  readonly rows: number;
  /** Number of columns. */
  readonly cols: number;
  /** Length cols + 1; column j occupies [indptr[j], indptr[j+1]). */
  readonly indptr: Int32Array;
  /** Row of each stored value, ascending within a column. */
  readonly indices: Int32Array;
  /** Stored values, aligned with `indices`. */
  readonly data: FloatArray;
}

function checkDense(what: string, a: FloatArray, rows: number, cols: number): void {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) {
    throw new RangeError(`${what}: invalid dimensions ${rows}×${cols}`);
  }
  if (a.length !== rows * cols) {
    throw new RangeError(`${what}: ${rows}×${cols} needs ${rows * cols} elements, got ${a.length}`);
  }
}

/** Compress a dense matrix along its outer axis (stride `so`) with inner stride `si`. */
function compress(
  a: FloatArray,
  outer: number,
  inner: number,
  so: number,
  si: number,
  dtype: DType,
): { indptr: Int32Array; indices: Int32Array; data: FloatArray } {
  let nnz = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== 0) nnz++;
  const indptr = new Int32Array(outer + 1);
  const indices = new Int32Array(nnz);
  const data = alloc(dtype, nnz);
  let p = 0;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const v = a[o * so + i * si];
      if (v !== 0) {
        indices[p] = i;
        data[p++] = v;
      }
    }
    indptr[o + 1] = p;
  }
  return { indptr, indices, data };
}

/**
 * CSR form of a dense row-major rows×cols matrix (exact zeros dropped). `dtype` defaults to
 * the input's.
 *
 * @example
 * ```ts
 * import { csrFromDense } from "@neuroplastic/core/tensor";
 * const c = csrFromDense(new Float64Array([1, 0, 0, 2]), 2, 2);
 * c.indptr; // Int32Array [0, 1, 2]
 * ```
 */
export function csrFromDense(a: FloatArray, rows: number, cols: number, dtype?: DType): Csr {
  checkDense("csrFromDense", a, rows, cols);
  return { rows, cols, ...compress(a, rows, cols, cols, 1, dtype ?? dtypeOf(a)) };
}

/**
 * CSC form of a dense row-major rows×cols matrix (exact zeros dropped).
 *
 * @example
 * ```ts
 * import { cscFromDense } from "@neuroplastic/core/tensor";
 * cscFromDense(new Float64Array([1, 2, 0, 3]), 2, 2).indices; // Int32Array [0, 0, 1]
 * ```
 */
export function cscFromDense(a: FloatArray, rows: number, cols: number, dtype?: DType): Csc {
  checkDense("cscFromDense", a, rows, cols);
  return { rows, cols, ...compress(a, cols, rows, 1, cols, dtype ?? dtypeOf(a)) };
}

/**
 * Dense row-major copy of a CSR matrix (duplicate entries, if any, are summed).
 *
 * @example
 * ```ts
 * import { csrFromDense, denseFromCsr } from "@neuroplastic/core/tensor";
 * denseFromCsr(csrFromDense(new Float64Array([0, 5]), 1, 2)); // Float64Array [0, 5]
 * ```
 */
export function denseFromCsr(c: Csr): FloatArray {
  const out = alloc(dtypeOf(c.data), c.rows * c.cols);
  for (let i = 0; i < c.rows; i++) {
    for (let p = c.indptr[i]; p < c.indptr[i + 1]; p++) out[i * c.cols + c.indices[p]] += c.data[p];
  }
  return out;
}

/**
 * Dense row-major copy of a CSC matrix.
 *
 * @example
 * ```ts
 * import { cscFromDense, denseFromCsc } from "@neuroplastic/core/tensor";
 * denseFromCsc(cscFromDense(new Float64Array([0, 5]), 1, 2)); // Float64Array [0, 5]
 * ```
 */
export function denseFromCsc(c: Csc): FloatArray {
  const out = alloc(dtypeOf(c.data), c.rows * c.cols);
  for (let j = 0; j < c.cols; j++) {
    for (let p = c.indptr[j]; p < c.indptr[j + 1]; p++) out[c.indices[p] * c.cols + j] += c.data[p];
  }
  return out;
}

/** Re-compress along the other axis (CSR ↔ CSC of the same matrix), counting sort, O(nnz). */
function recompress(
  outerLen: number,
  innerLen: number,
  indptr: Int32Array,
  indices: Int32Array,
  data: FloatArray,
): { indptr: Int32Array; indices: Int32Array; data: FloatArray } {
  const nnz = indptr[outerLen];
  const ptr = new Int32Array(innerLen + 1);
  for (let p = 0; p < nnz; p++) ptr[indices[p] + 1]++;
  for (let i = 0; i < innerLen; i++) ptr[i + 1] += ptr[i];
  const next = ptr.slice(0, innerLen);
  const idx = new Int32Array(nnz);
  const val = alloc(dtypeOf(data), nnz);
  for (let o = 0; o < outerLen; o++) {
    for (let p = indptr[o]; p < indptr[o + 1]; p++) {
      const q = next[indices[p]]++;
      idx[q] = o;
      val[q] = data[p];
    }
  }
  return { indptr: ptr, indices: idx, data: val };
}

/**
 * The same matrix in CSC form.
 *
 * @example
 * ```ts
 * import { cscFromCsr, csrFromDense } from "@neuroplastic/core/tensor";
 * cscFromCsr(csrFromDense(new Float64Array([1, 2, 0, 3]), 2, 2)).indptr; // Int32Array [0, 1, 3]
 * ```
 */
export function cscFromCsr(c: Csr): Csc {
  return { rows: c.rows, cols: c.cols, ...recompress(c.rows, c.cols, c.indptr, c.indices, c.data) };
}

/**
 * The same matrix in CSR form.
 *
 * @example
 * ```ts
 * import { csrFromCsc, cscFromDense } from "@neuroplastic/core/tensor";
 * csrFromCsc(cscFromDense(new Float64Array([1, 2, 0, 3]), 2, 2)).indptr; // Int32Array [0, 2, 3]
 * ```
 */
export function csrFromCsc(c: Csc): Csr {
  return { rows: c.rows, cols: c.cols, ...recompress(c.cols, c.rows, c.indptr, c.indices, c.data) };
}

/**
 * CSR from coordinate triplets (entry t is `values[t]` at `(rowIdx[t], colIdx[t])`).
 * Duplicates are summed (in input order), zeros are kept if given explicitly. Throws
 * `RangeError` for an index out of range or arrays of different lengths.
 *
 * @example
 * ```ts
 * import { csrFromCoo, denseFromCsr } from "@neuroplastic/core/tensor";
 * const c = csrFromCoo(2, 2, [1, 0, 1], [0, 1, 0], [1, 2, 3]);
 * denseFromCsr(c); // Float64Array [0, 2, 4, 0]
 * ```
 */
export function csrFromCoo(
  rows: number,
  cols: number,
  rowIdx: ArrayLike<number>,
  colIdx: ArrayLike<number>,
  values: ArrayLike<number>,
  dtype: DType = "f64",
): Csr {
  const nnzIn = values.length;
  if (rowIdx.length !== nnzIn || colIdx.length !== nnzIn) {
    throw new RangeError(
      `csrFromCoo: lengths differ (rows ${rowIdx.length}, cols ${colIdx.length}, values ${nnzIn})`,
    );
  }
  for (let t = 0; t < nnzIn; t++) {
    const r = rowIdx[t], c = colIdx[t];
    if (!Number.isInteger(r) || !Number.isInteger(c) || r < 0 || r >= rows || c < 0 || c >= cols) {
      throw new RangeError(`csrFromCoo: entry ${t} at (${r}, ${c}) is outside ${rows}×${cols}`);
    }
  }
  const order = Array.from({ length: nnzIn }, (_, t) => t);
  // Stable sort by (row, col): duplicates keep their input order, so sums are reproducible.
  order.sort((s, t) => rowIdx[s] - rowIdx[t] || colIdx[s] - colIdx[t] || s - t);
  const indptr = new Int32Array(rows + 1);
  const idx: number[] = [];
  const val: number[] = [];
  let lastR = -1, lastC = -1;
  for (const t of order) {
    const r = rowIdx[t], c = colIdx[t];
    if (r === lastR && c === lastC) {
      val[val.length - 1] += values[t];
    } else {
      idx.push(c);
      val.push(values[t]);
      indptr[r + 1]++;
      lastR = r, lastC = c;
    }
  }
  for (let i = 0; i < rows; i++) indptr[i + 1] += indptr[i];
  const data = alloc(dtype, val.length);
  data.set(val);
  return { rows, cols, indptr, indices: Int32Array.from(idx), data };
}

function checkVec(
  what: string,
  out: FloatArray,
  outLen: number,
  x: FloatArray,
  xLen: number,
): void {
  if (out.length !== outLen || x.length !== xLen) {
    throw new RangeError(
      `${what}: expected out length ${outLen} and x length ${xLen}, got ${out.length} and ${x.length}`,
    );
  }
}

/**
 * `out (=|+=) A x` for CSR A (rows×cols): out_i = Σ_p data[p] · x[indices[p]] over row i.
 * Accumulates each row in a double. `out` must not alias `x`.
 *
 * @example
 * ```ts
 * import { csrFromDense, csrMatvecInto } from "@neuroplastic/core/tensor";
 * const A = csrFromDense(new Float64Array([1, 0, 2, 3]), 2, 2);
 * csrMatvecInto(new Float64Array(2), A, new Float64Array([1, 1])); // [1, 5]
 * ```
 */
export function csrMatvecInto(
  out: FloatArray,
  A: Csr,
  x: FloatArray,
  accumulate = false,
): FloatArray {
  checkVec("csrMatvecInto", out, A.rows, x, A.cols);
  const { indptr, indices, data } = A;
  for (let i = 0; i < A.rows; i++) {
    let s = 0;
    for (let p = indptr[i], e = indptr[i + 1]; p < e; p++) s += data[p] * x[indices[p]];
    out[i] = accumulate ? out[i] + s : s;
  }
  return out;
}

/**
 * `out (=|+=) A x` for CSC A (rows×cols), by scattering column j scaled by x_j; columns with
 * x_j = 0 are skipped (event-driven). `out` must not alias `x`.
 *
 * @example
 * ```ts
 * import { cscFromDense, cscMatvecInto } from "@neuroplastic/core/tensor";
 * const A = cscFromDense(new Float64Array([1, 0, 2, 3]), 2, 2);
 * cscMatvecInto(new Float64Array(2), A, new Float64Array([1, 1])); // [1, 5]
 * ```
 */
export function cscMatvecInto(
  out: FloatArray,
  A: Csc,
  x: FloatArray,
  accumulate = false,
): FloatArray {
  checkVec("cscMatvecInto", out, A.rows, x, A.cols);
  if (!accumulate) out.fill(0);
  const { indptr, indices, data } = A;
  for (let j = 0; j < A.cols; j++) {
    const xj = x[j];
    if (xj === 0) continue;
    for (let p = indptr[j], e = indptr[j + 1]; p < e; p++) out[indices[p]] += data[p] * xj;
  }
  return out;
}

/**
 * `out = Aᵀ x` for CSR A (rows×cols; x length rows, out length cols), by scattering row i
 * scaled by x_i; rows with x_i = 0 are skipped. `out` must not alias `x`.
 *
 * @example
 * ```ts
 * import { csrFromDense, csrMatvecTInto } from "@neuroplastic/core/tensor";
 * const A = csrFromDense(new Float64Array([1, 0, 2, 3]), 2, 2);
 * csrMatvecTInto(new Float64Array(2), A, new Float64Array([1, 1])); // [3, 3]
 * ```
 */
export function csrMatvecTInto(out: FloatArray, A: Csr, x: FloatArray): FloatArray {
  checkVec("csrMatvecTInto", out, A.cols, x, A.rows);
  out.fill(0);
  const { indptr, indices, data } = A;
  for (let i = 0; i < A.rows; i++) {
    const xi = x[i];
    if (xi === 0) continue;
    for (let p = indptr[i], e = indptr[i + 1]; p < e; p++) out[indices[p]] += data[p] * xi;
  }
  return out;
}
