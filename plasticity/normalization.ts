/**
 * Synaptic normalisation (SN): every neuron's incoming weights (a column of
 * `W[pre, post]`) are divided by their sum so that they sum to 1.
 *
 * Equation (Lazar, Pipa & Triesch 2009, Eq. 4; `sorn` reference `Plasticity.ss`):
 * `W[j, i] ← W[j, i] / Σ_j' W[j', i]`.
 *
 * Differences from the reference (documented in engines/sorn/README.md):
 * - a column that sums to 0 is left at 0 (the reference divides 0 by 0 and writes NaN);
 * - only columns listed in a {@link ColumnSet} (those changed this step) are
 *   renormalised. An unchanged column already sums to 1 up to rounding, so the
 *   reference's division by ≈1 changes it by at most a few ulps; skipping it makes
 *   frozen matrices bit-identical and the work proportional to the changes.
 *
 * Column sums run over `pre` in ascending order in both the dense and the sparse
 * kernels (zeros add exactly nothing), so both give identical bits.
 *
 * @module
 */
import type { SynapseMatrix } from "./structural.ts";

/**
 * A set of column (postsynaptic neuron) indices with O(1) insertion: `flags[i]`
 * is 1 for members, `list[0..count)` holds them in insertion order.
 *
 * @example
 * ```ts
 * import { createColumnSet, markColumn } from "@neuroplastic/plasticity";
 * const cs = createColumnSet(5);
 * markColumn(cs, 3); markColumn(cs, 3);
 * console.log(cs.count); // 1
 * ```
 */
export interface ColumnSet {
  /** 1 for members. */
  readonly flags: Uint8Array;
  /** Members in insertion order. */
  readonly list: Int32Array;
  /** Number of members. */
  count: number;
}

/**
 * An empty {@link ColumnSet} for `n` columns.
 *
 * @example
 * ```ts
 * import { createColumnSet } from "@neuroplastic/plasticity";
 * console.log(createColumnSet(4).count); // 0
 * ```
 */
export const createColumnSet = (n: number): ColumnSet => ({
  flags: new Uint8Array(n),
  list: new Int32Array(n),
  count: 0,
});

/**
 * Adds column `i` to the set (no-op if present).
 *
 * @example
 * ```ts
 * import { createColumnSet, markColumn } from "@neuroplastic/plasticity";
 * const cs = createColumnSet(3);
 * markColumn(cs, 2);
 * console.log(cs.list[0]); // 2
 * ```
 */
export const markColumn = (cs: ColumnSet, i: number): void => {
  if (cs.flags[i] === 0) {
    cs.flags[i] = 1;
    cs.list[cs.count++] = i;
  }
};

/**
 * Empties the set in O(count).
 *
 * @example
 * ```ts
 * import { clearColumnSet, createColumnSet, markColumn } from "@neuroplastic/plasticity";
 * const cs = createColumnSet(3);
 * markColumn(cs, 1); clearColumnSet(cs);
 * console.log(cs.count, cs.flags[1]); // 0 0
 * ```
 */
export const clearColumnSet = (cs: ColumnSet): void => {
  for (let s = 0; s < cs.count; s++) cs.flags[cs.list[s]] = 0;
  cs.count = 0;
};

/**
 * Sum of column `post` of a dense `nPre × nPost` matrix, over `pre` ascending.
 *
 * @example
 * ```ts
 * import { columnSum } from "@neuroplastic/plasticity";
 * console.log(columnSum(new Float64Array([1, 2, 3, 4]), 2, 2, 1)); // 6
 * ```
 */
export const columnSum = (w: Float64Array, nPre: number, nPost: number, post: number): number => {
  let s = 0;
  for (let j = 0; j < nPre; j++) s += w[j * nPost + post];
  return s;
};

/**
 * Dense SN: divides each selected column of `w` (`nPre × nPost`, `w[pre*nPost+post]`)
 * by its sum; all columns when `cols` is omitted, else those with `cols[i] !== 0`.
 * Zero-sum columns stay 0. Returns the number of columns rescaled.
 *
 * `W[j, i] ← W[j, i] / Σ_j' W[j', i]` (Lazar et al. 2009, Eq. 4).
 *
 * @example
 * ```ts
 * import { normalizeColumnsDense } from "@neuroplastic/plasticity";
 * const w = new Float64Array([1, 0, 3, 0]);
 * normalizeColumnsDense(w, 2, 2);
 * console.log(Array.from(w)); // [0.25, 0, 0.75, 0]
 * ```
 */
export const normalizeColumnsDense = (
  w: Float64Array,
  nPre: number,
  nPost: number,
  cols?: Uint8Array,
): number => {
  // Row by row (contiguous memory; column by column strode through the whole matrix, ~2 s for
  // the 10,000 × 2,000 E→I matrix): each column's sum still adds its entries in ascending
  // `pre`, as columnSum does, so the bits are the same.
  const sums = new Float64Array(nPost);
  for (let j = 0; j < nPre; j++) {
    const row = j * nPost;
    for (let i = 0; i < nPost; i++) sums[i] += w[row + i];
  }
  let done = 0;
  for (let i = 0; i < nPost; i++) {
    if ((cols && cols[i] === 0) || !(sums[i] > 0)) sums[i] = 0;
    else done++;
  }
  if (done === 0) return 0;
  for (let j = 0; j < nPre; j++) {
    const row = j * nPost;
    for (let i = 0; i < nPost; i++) {
      const s = sums[i];
      if (s !== 0) w[row + i] = w[row + i] / s;
    }
  }
  return done;
};

/**
 * Sparse SN of one column: sums the existing incoming weights of `post` (ascending
 * `pre`, contiguous) and divides them by the sum; a zero-sum column stays 0.
 *
 * @example
 * ```ts
 * import { normalizeColumnSparse, synapseMatrixFromDense, weightAt } from "@neuroplastic/plasticity";
 * const m = synapseMatrixFromDense([2, 0, 2, 1], 2, 2);
 * normalizeColumnSparse(m, 0);
 * console.log(weightAt(m, 0, 0), weightAt(m, 1, 0)); // 0.5 0.5
 * ```
 */
export const normalizeColumnSparse = (m: SynapseMatrix, post: number): void => {
  const inW = m.inW;
  const base = post * m.inCap;
  const end = base + m.inLen[post];
  let s = 0;
  for (let q = base; q < end; q++) s += inW[q];
  if (!(s > 0)) return;
  for (let q = base; q < end; q++) inW[q] = inW[q] / s;
};

/**
 * Sparse SN of every column in `cs` (the columns changed this step); clears `cs`.
 *
 * @example
 * ```ts
 * import { createColumnSet, markColumn, normalizeColumnSetSparse, synapseMatrixFromDense, weightAt } from "@neuroplastic/plasticity";
 * const m = synapseMatrixFromDense([2, 0, 2, 1], 2, 2);
 * const cs = createColumnSet(2);
 * markColumn(cs, 0);
 * normalizeColumnSetSparse(m, cs);
 * console.log(weightAt(m, 0, 0), cs.count); // 0.5 0
 * ```
 */
export const normalizeColumnSetSparse = (m: SynapseMatrix, cs: ColumnSet): void => {
  for (let s = 0; s < cs.count; s++) normalizeColumnSparse(m, cs.list[s]);
  clearColumnSet(cs);
};
