/**
 * The SORN step's STDP kernel: `stdpSparseColumns` (plasticity/stdp.ts) for binary states with
 * the per-synapse branch on "ΔW ≠ 0" removed from the common path, giving the same synapses,
 * values, clipping, prune order and touched columns, hence the same bits (step_hash_test.ts and
 * the dense-vs-event-driven property test; stdp_kernel_test.ts compares it with
 * `stdpSparseColumns` directly).
 *
 * ΔW[j, i] = η (x'_i x_j − x_i x'_j) (Lazar et al. 2009, Eq. 3). With d = x'_i x_j − x_i x'_j ∈
 * {−1, 0, 1}, `v = w + d·η` is w + η, w − η (the sums stdpSparseColumns forms) or w + 0 = w (for
 * every w but −0, which is ≤ 0 and so takes the slow path). When 0 < v ≤ wMax, v is stored
 * unconditionally (for d = 0 that rewrites w); otherwise, and only when d ≠ 0, v is clipped to 0
 * (and pruned) or to wMax, as before. The common path is thus branch-free on d, which is
 * non-zero for about one synapse in five and was mispredicted often.
 *
 * @module
 */
import { type ColumnSet, removeSynapseAt, type SynapseMatrix } from "@neuroplastic/plasticity";

/** Pruned synapses of one call: (pre, post) pairs, then their row slots. */
let pairs = new Int32Array(64);
let slotBuf = new Int32Array(32);
const pushPair = (pre: number, post: number, n: number): number => {
  if (2 * n + 2 > pairs.length) {
    const g = new Int32Array(2 * pairs.length);
    g.set(pairs);
    pairs = g;
  }
  pairs[2 * n] = pre;
  pairs[2 * n + 1] = post;
  return n + 1;
};
/** STDP on the incoming synapses (contiguous) of column i; returns the new prune count. */
const column = (
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
  for (let a = 0; a < nActive; a++) n = column(m, active[a], x, xNew, eta, wMax, prune, touched, n);
  for (let a = 0; a < nActiveNew; a++) {
    const i = activeNew[a];
    if (x[i] !== 0) continue;
    n = column(m, i, x, xNew, eta, wMax, prune, touched, n);
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
    const j = pairs[2 * p], i = pairs[2 * p + 1];
    const rowBase = j * m.outCap, len = m.outLen[j];
    let s = 0;
    while (s < len && m.outIdx[rowBase + s] !== i) s++;
    if (s === len) throw new Error(`synapse lists out of sync at ${j}→${i}`);
    slots[p] = s;
  }
  for (let p = 1; p < n; p++) {
    const s = slots[p], j = pairs[2 * p];
    let q = p - 1;
    while (q >= 0 && slots[q] < s) {
      slots[q + 1] = slots[q];
      pairs[2 * (q + 1)] = pairs[2 * q];
      q--;
    }
    slots[q + 1] = s;
    pairs[2 * (q + 1)] = j;
  }
  for (let p = 0; p < n; p++) removeSynapseAt(m, pairs[2 * p], slots[p]);
};
