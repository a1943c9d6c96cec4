/**
 * Kernels of the event-driven SORN step for binary states, each equal bit for bit to the
 * plasticity package's general kernel it replaces (same operations on the same values in the same
 * order; kernels_test.ts compares them, and the pinned stateHashes of step_hash_test.ts are
 * unchanged):
 * - `stdpBinaryColumns` (for `stdpSparseColumns`): no branch on ΔW = 0 in the common path;
 * - `ipBinary`, `istdpBinary` (for `ipUpdate`, `istdpSparse`): the per-neuron branch on the
 *   binary state replaced by a 2-entry table lookup (a neuron fires about one step in ten, so
 *   the branch was mispredicted often);
 * - `activeIndices`: the active-list scan without a branch;
 * - `normalizeTouched` (for `normalizeColumnSetSparse`): one loop, no call per column.
 *
 * @module
 */
import { type ColumnSet, removeSynapseAt, type SynapseMatrix } from "@neuroplastic/plasticity";

/** Table of the two possible updates, indexed by the binary state. */
const pair = new Float64Array(2);

/**
 * Writes the indices i < n with v[i] ≠ 0 (ascending) to `out` (length ≥ n); returns how many.
 *
 * @example
 * ```ts
 * import { activeIndices } from "@neuroplastic/engines/sorn";
 * const out = new Int32Array(4);
 * console.log(activeIndices(new Uint8Array([0, 1, 0, 1]), 4, out), out[1]); // 2 3
 * ```
 */
export const activeIndices = (v: Uint8Array, n: number, out: Int32Array): number => {
  let c = 0;
  for (let j = 0; j < n; j++) {
    out[c] = j;
    c += -v[j] >>> 31; // 1 when v[j] > 0 (a Uint8Array value is ≥ 0)
  }
  return c;
};

/**
 * IP for a binary x': `Te ← clip(Te + η (x' − h), lo, hi)` (Lazar et al. 2009, Eq. 5), equal bit
 * for bit to `ipUpdate(te, xNew, n, eta, h, lo, hi)` when every xNew[i] is 0 or 1.
 *
 * @example
 * ```ts
 * import { ipBinary } from "@neuroplastic/engines/sorn";
 * const te = new Float64Array([0.5, 0.5]);
 * ipBinary(te, new Uint8Array([1, 0]), 2, 0.1, 0.1, 0, 1);
 * console.log(te[0].toFixed(2), te[1].toFixed(2)); // 0.59 0.49
 * ```
 */
export const ipBinary = (
  te: Float64Array,
  xNew: Uint8Array,
  n: number,
  eta: number,
  h: number,
  lo: number,
  hi: number,
): void => {
  // ipUpdate's two values: η(0 − h) and η(1 − h)
  pair[0] = eta * (0 - h);
  pair[1] = eta * (1 - h);
  for (let i = 0; i < n; i++) {
    const v = te[i] + pair[xNew[i]];
    if (v <= lo) te[i] = lo;
    else if (v > hi) te[i] = hi;
    else te[i] = v;
  }
};

let pruneSlots = new Int32Array(64);

/**
 * iSTDP on the outgoing I→E synapses of the active inhibitory neurons for binary y, x':
 * `ΔWei[k, i] = −η y_k (1 − x'_i (1 + 1/μ))` (Zheng et al. 2013), clipped to [0, wMax], pruning
 * synapses that reach 0 when `prune`; equal bit for bit to `istdpSparse` with the same
 * arguments. Changed columns are added to `touched`; returns the number pruned.
 *
 * @example
 * ```ts
 * import { createColumnSet, synapseMatrixFromDense, weightAt } from "@neuroplastic/plasticity";
 * import { istdpBinary } from "@neuroplastic/engines/sorn";
 * const m = synapseMatrixFromDense([0.5, 0.5], 1, 2);
 * istdpBinary(m, new Uint8Array([1]), new Int32Array([0]), 1, new Uint8Array([1, 0]), 0.1, 0.1,
 *   1, true, createColumnSet(2));
 * console.log(weightAt(m, 0, 0).toFixed(2), weightAt(m, 0, 1).toFixed(2)); // 1.00 0.40
 * ```
 */
export const istdpBinary = (
  m: SynapseMatrix,
  y: Uint8Array,
  activeY: Int32Array,
  nActiveY: number,
  xNew: Uint8Array,
  eta: number,
  mu: number,
  wMax: number,
  prune: boolean,
  touched: ColumnSet,
): number => {
  const { inW, outIdx, outPos } = m;
  const outCap = m.outCap;
  const flags = touched.flags;
  const list = touched.list;
  if (pruneSlots.length < outCap) {
    pruneSlots = new Int32Array(Math.max(outCap, 2 * pruneSlots.length));
  }
  const slots = pruneSlots;
  let pruned = 0;
  // (1 + 1/μ), as istdpSparse computes it once per call
  const gain = 1 + 1 / mu;
  for (let a = 0; a < nActiveY; a++) {
    const k = activeY[a];
    const yk = y[k];
    // istdpSparse's two values of the row (target silent / fired)
    pair[0] = -eta * yk * (1 - 0 * gain);
    pair[1] = -eta * yk * (1 - 1 * gain);
    const rowBase = k * outCap;
    const len = m.outLen[k];
    let count = touched.count;
    let nPrune = 0;
    for (let s = 0; s < len; s++) {
      const i = outIdx[rowBase + s];
      const dw = pair[xNew[i]];
      if (dw === 0) continue;
      const pos = outPos[rowBase + s];
      const v = inW[pos] + dw;
      // add column i to the set unless present (no branch: the slot is overwritten otherwise)
      list[count] = i;
      count += 1 - flags[i];
      flags[i] = 1;
      if (v <= 0) {
        inW[pos] = 0;
        if (prune) slots[nPrune++] = s;
      } else if (v > wMax) inW[pos] = wMax;
      else inW[pos] = v;
    }
    touched.count = count;
    // remove pruned synapses, highest slot first (swap-removal never moves one still to remove)
    for (let q = nPrune - 1; q >= 0; q--) removeSynapseAt(m, k, slots[q]);
    pruned += nPrune;
  }
  return pruned;
};

/**
 * SN of the columns in `cs` (those changed this step): each column's weights divided by their
 * sum (Lazar et al. 2009, Eq. 4), a zero-sum column left as it is; then `cs` is emptied. Equal
 * bit for bit to `normalizeColumnSetSparse(m, cs)` (same sums in ascending slot order, same
 * divisions), as one loop without a call per column.
 *
 * @example
 * ```ts
 * import { createColumnSet, markColumn, synapseMatrixFromDense, weightAt } from "@neuroplastic/plasticity";
 * import { normalizeTouched } from "@neuroplastic/engines/sorn";
 * const m = synapseMatrixFromDense([2, 0, 2, 1], 2, 2);
 * const cs = createColumnSet(2);
 * markColumn(cs, 0);
 * normalizeTouched(m, cs);
 * console.log(weightAt(m, 0, 0), cs.count); // 0.5 0
 * ```
 */
export const normalizeTouched = (m: SynapseMatrix, cs: ColumnSet): void => {
  const inW = m.inW;
  const inLen = m.inLen;
  const cap = m.inCap;
  const list = cs.list;
  const flags = cs.flags;
  const n = cs.count;
  for (let c = 0; c < n; c++) {
    const post = list[c];
    flags[post] = 0;
    const base = post * cap;
    const end = base + inLen[post];
    let s = 0;
    for (let q = base; q < end; q++) s += inW[q];
    if (!(s > 0)) continue;
    for (let q = base; q < end; q++) inW[q] = inW[q] / s;
  }
  cs.count = 0;
};

// STDP for binary states (stdpBinaryColumns):
// ΔW[j, i] = η (x'_i x_j − x_i x'_j) (Lazar et al. 2009, Eq. 3). With d = x'_i x_j − x_i x'_j ∈
// {−1, 0, 1}, `v = w + d·η` is w + η, w − η (the sums stdpSparseColumns forms) or w + 0 = w (for
// every w but −0, which is ≤ 0 and so takes the slow path). When 0 < v ≤ wMax, v is stored
// unconditionally (for d = 0 that rewrites w); otherwise, and only when d ≠ 0, v is clipped to 0
// (and pruned) or to wMax, as before. The common path is thus branch-free on d, which is
// non-zero for about one synapse in five and was mispredicted often.

/** Pruned synapses of one call: (pre, post) prunePairs, then their row slots. */
let prunePairs = new Int32Array(64);
let slotBuf = new Int32Array(32);
const pushPair = (pre: number, post: number, n: number): number => {
  if (2 * n + 2 > prunePairs.length) {
    const g = new Int32Array(2 * prunePairs.length);
    g.set(prunePairs);
    prunePairs = g;
  }
  prunePairs[2 * n] = pre;
  prunePairs[2 * n + 1] = post;
  return n + 1;
};
/** STDP on the incoming synapses (contiguous) of column i; returns the new prune count. */
const stdpColumn = (
  m: SynapseMatrix,
  i: number,
  x: Uint8Array,
  xNew: Uint8Array,
  eta: number,
  wMax: number,
  prune: boolean,
  touched: ColumnSet,
  nPrune: number,
): number => {
  const inIdx = m.inIdx, inW = m.inW;
  const xi = x[i], xiNew = xNew[i];
  const base = i * m.inCap, end = base + m.inLen[i];
  let changed = 0;
  for (let q = base; q < end; q++) {
    const j = inIdx[q];
    const d = xiNew * x[j] - xi * xNew[j];
    changed |= d;
    // w ± η, or w itself when d = 0
    const v = inW[q] + d * eta;
    if (v > 0 && v <= wMax) inW[q] = v;
    else if (d !== 0) {
      if (v <= 0) {
        inW[q] = 0;
        if (prune) nPrune = pushPair(j, i, nPrune);
      } else inW[q] = wMax;
    }
  }
  if (changed !== 0 && touched.flags[i] === 0) {
    touched.flags[i] = 1;
    touched.list[touched.count++] = i;
  }
  return nPrune;
};
/**
 * Event-driven STDP over the columns of the neurons active at t (`active`) and of those active
 * only at t+1 (`activeNew`); equal bit for bit to `stdpSparseColumns` with the same arguments for
 * binary `x`, `xNew`. Changed columns are added to `touched`; returns the number pruned.
 *
 * @example
 * ```ts
 * import { createColumnSet, synapseMatrixFromDense, weightAt } from "@neuroplastic/plasticity";
 * import { stdpBinaryColumns } from "@neuroplastic/engines/sorn";
 * const m = synapseMatrixFromDense([0, 0.5, 0.5, 0], 2, 2);
 * stdpBinaryColumns(m, new Uint8Array([1, 0]), new Uint8Array([0, 1]), new Int32Array([0]), 1,
 *   new Int32Array([1]), 1, 0.1, 1, true, createColumnSet(2));
 * console.log(weightAt(m, 0, 1), weightAt(m, 1, 0)); // 0.6 0.4
 * ```
 */
export const stdpBinaryColumns = (
  m: SynapseMatrix,
  x: Uint8Array,
  xNew: Uint8Array,
  active: Int32Array,
  nActive: number,
  activeNew: Int32Array,
  nActiveNew: number,
  eta: number,
  wMax: number,
  prune: boolean,
  touched: ColumnSet,
): number => {
  let n = 0;
  for (let a = 0; a < nActive; a++) {
    n = stdpColumn(m, active[a], x, xNew, eta, wMax, prune, touched, n);
  }
  for (let a = 0; a < nActiveNew; a++) {
    const i = activeNew[a];
    if (x[i] !== 0) continue;
    n = stdpColumn(m, i, x, xNew, eta, wMax, prune, touched, n);
  }
  if (n > 0) removePairs(m, n);
  return n;
};
/**
 * Removes the `n` recorded (pre, post) synapses as stdpSparseColumns does: every row slot is found
 * before any removal, then the removals go from the highest slot down.
 */
const removePairs = (m: SynapseMatrix, n: number): void => {
  if (slotBuf.length < n) slotBuf = new Int32Array(Math.max(n, 2 * slotBuf.length));
  const slots = slotBuf;
  for (let p = 0; p < n; p++) {
    const j = prunePairs[2 * p], i = prunePairs[2 * p + 1];
    const rowBase = j * m.outCap, len = m.outLen[j];
    let s = 0;
    while (s < len && m.outIdx[rowBase + s] !== i) s++;
    if (s === len) throw new Error(`synapse lists out of sync at ${j}→${i}`);
    slots[p] = s;
  }
  for (let p = 1; p < n; p++) {
    const s = slots[p], j = prunePairs[2 * p];
    let q = p - 1;
    while (q >= 0 && slots[q] < s) {
      slots[q + 1] = slots[q];
      prunePairs[2 * (q + 1)] = prunePairs[2 * q];
      q--;
    }
    slots[q + 1] = s;
    prunePairs[2 * (q + 1)] = j;
  }
  for (let p = 0; p < n; p++) removeSynapseAt(m, prunePairs[2 * p], slots[p]);
};

/**
 * STDP and SN of one column in one pass: as `stdpColumn`, and the stored weights summed in
 * ascending slot order, as `normalizeTouched` sums them; when a weight changed and the sum is
 * positive, the column is divided by it. Pruned synapses are still in the column here (weight 0,
 * which adds nothing to the sum, so the sum equals that of the column after their removal).
 */
const stdpNormColumn = (
  m: SynapseMatrix,
  i: number,
  x: Uint8Array,
  xNew: Uint8Array,
  eta: number,
  wMax: number,
  prune: boolean,
  nPrune: number,
): number => {
  const inIdx = m.inIdx, inW = m.inW;
  const xi = x[i], xiNew = xNew[i];
  const base = i * m.inCap, end = base + m.inLen[i];
  let changed = 0;
  let sum = 0;
  for (let q = base; q < end; q++) {
    const j = inIdx[q];
    const d = xiNew * x[j] - xi * xNew[j];
    changed |= d;
    // w ± η, or w itself when d = 0
    const v = inW[q] + d * eta;
    if (v > 0 && v <= wMax) {
      inW[q] = v;
      sum += v;
    } else {
      if (d !== 0) {
        if (v <= 0) {
          inW[q] = 0;
          if (prune) nPrune = pushPair(j, i, nPrune);
        } else inW[q] = wMax;
      }
      sum += inW[q];
    }
  }
  // Lazar et al. 2009, Eq. 4: W[j, i] ← W[j, i] / Σ_j' W[j', i] (only for a changed column)
  if (changed !== 0 && sum > 0) {
    for (let q = base; q < end; q++) inW[q] = inW[q] / sum;
  }
  return nPrune;
};

/**
 * {@link stdpBinaryColumns} followed by SN of the E→E columns it changed (`normalizeTouched`),
 * in one pass per column; equal bit for bit to that pair of calls when nothing else changes E→E
 * in between (the step uses it on steps without a structural addition). Returns the number pruned.
 *
 * @example
 * ```ts
 * import { synapseMatrixFromDense, weightAt } from "@neuroplastic/plasticity";
 * import { stdpNormBinaryColumns } from "@neuroplastic/engines/sorn";
 * const m = synapseMatrixFromDense([0, 0.5, 0.5, 0, 0, 0.5], 3, 2);
 * stdpNormBinaryColumns(m, new Uint8Array([1, 0, 0]), new Uint8Array([0, 1, 0]),
 *   new Int32Array([0]), 1, new Int32Array([1]), 1, 0.1, 1, true);
 * console.log(weightAt(m, 0, 1).toFixed(3)); // 0.545
 * ```
 */
export const stdpNormBinaryColumns = (
  m: SynapseMatrix,
  x: Uint8Array,
  xNew: Uint8Array,
  active: Int32Array,
  nActive: number,
  activeNew: Int32Array,
  nActiveNew: number,
  eta: number,
  wMax: number,
  prune: boolean,
): number => {
  let n = 0;
  for (let a = 0; a < nActive; a++) {
    n = stdpNormColumn(m, active[a], x, xNew, eta, wMax, prune, n);
  }
  for (let a = 0; a < nActiveNew; a++) {
    const i = activeNew[a];
    if (x[i] !== 0) continue;
    n = stdpNormColumn(m, i, x, xNew, eta, wMax, prune, n);
  }
  if (n > 0) removePairs(m, n);
  return n;
};
