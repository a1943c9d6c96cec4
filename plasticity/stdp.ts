/**
 * Binary spike-timing-dependent plasticity (STDP) of excitatory synapses.
 *
 * Equation (Lazar, Pipa & Triesch 2009, Eq. 3; `sorn` reference `Plasticity.stdp`):
 * `ΔW[j, i] = η_STDP · (x_i(t+1) · x_j(t) − x_i(t) · x_j(t+1))` for existing synapses
 * `j → i` only, then `W ← clip(W + ΔW, 0, wMax)`. A weight that reaches 0 removes
 * the synapse when pruning is on (the reference's effective pruning: absent = 0).
 *
 * Two kernels with identical arithmetic per synapse: a dense O(n²) reference and an
 * event-driven one that visits only the outgoing synapses of neurons active at
 * `t` or `t+1` (the only rows where ΔW can be non-zero).
 *
 * @module
 */
import type { ColumnSet } from "./normalization.ts";
import { removeSynapseAt, type SynapseMatrix } from "./structural.ts";

/**
 * The STDP weight change of one synapse `j → i`:
 * `η · (x_i(t+1) x_j(t) − x_i(t) x_j(t+1))` (Lazar et al. 2009, Eq. 3).
 *
 * @example
 * ```ts
 * import { stdpDelta } from "@neuroplastic/plasticity";
 * // pre fired at t, post at t+1: potentiation
 * console.log(stdpDelta(0.004, 1, 0, 0, 1)); // 0.004
 * ```
 */
export const stdpDelta = (
  eta: number,
  xPre: number,
  xPost: number,
  xPreNew: number,
  xPostNew: number,
): number => eta * (xPostNew * xPre - xPost * xPreNew);

/**
 * Dense STDP on a square `n × n` matrix `w[pre*n+post]` with presence `mask`.
 * Updates existing synapses, clips to `[0, wMax]`, clears the mask of synapses
 * that reach 0 when `prune`, and flags changed columns in `touched`.
 * Returns the number of synapses pruned.
 *
 * @example
 * ```ts
 * import { stdpDense } from "@neuroplastic/plasticity";
 * const w = new Float64Array([0, 0.5, 0.5, 0]); const mask = new Uint8Array([0, 1, 1, 0]);
 * stdpDense(w, mask, 2, new Uint8Array([1, 0]), new Uint8Array([0, 1]), 0.1, 1, true, new Uint8Array(2));
 * console.log(w[1], w[2]); // 0.6 0.4
 * ```
 */
export const stdpDense = (
  w: Float64Array,
  mask: Uint8Array,
  n: number,
  x: Uint8Array,
  xNew: Uint8Array,
  eta: number,
  wMax: number,
  prune: boolean,
  touched: Uint8Array,
): number => {
  let pruned = 0;
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      const idx = j * n + i;
      if (mask[idx] === 0) continue;
      const dw = stdpDelta(eta, x[j], x[i], xNew[j], xNew[i]);
      if (dw === 0) continue;
      let v = w[idx] + dw;
      if (v <= 0) {
        v = 0;
        if (prune) {
          mask[idx] = 0;
          pruned++;
        }
      } else if (v > wMax) v = wMax;
      w[idx] = v;
      touched[i] = 1;
    }
  }
  return pruned;
};

let pruneSlotsBuf = new Int32Array(64);
/**
 * A reusable buffer of at least `n` slot indices (the per-row prune list): one allocation per
 * process instead of one per step (a typed-array allocation per step was ~10 % of a SORN step,
 * mostly garbage collection). The callers use it only within one call, never across calls.
 */
const pruneScratch = (n: number): Int32Array => {
  if (pruneSlotsBuf.length < n) {
    pruneSlotsBuf = new Int32Array(Math.max(n, 2 * pruneSlotsBuf.length));
  }
  return pruneSlotsBuf;
};

/** Removes the row slots listed in `slots[0..n)` (ascending) from row `j`, last first. */
const removeSlots = (m: SynapseMatrix, j: number, slots: Int32Array, n: number): void => {
  // Descending order: swap-removal moves the current last entry into the freed slot,
  // and that entry is never one still to be removed (those are all at lower slots).
  for (let q = n - 1; q >= 0; q--) removeSynapseAt(m, j, slots[q]);
};

/** STDP on the outgoing synapses of one presynaptic neuron `j`; returns the number pruned. */
const stdpRow = (
  m: SynapseMatrix,
  j: number,
  x: Uint8Array,
  xNew: Uint8Array,
  eta: number,
  wMax: number,
  prune: boolean,
  touched: ColumnSet,
  pruneSlots: Int32Array,
): number => {
  const { inW, outIdx, outPos } = m;
  const flags = touched.flags;
  const list = touched.list;
  let count = touched.count;
  const rowBase = j * m.outCap;
  const len = m.outLen[j];
  const xj = x[j];
  const xjNew = xNew[j];
  let nPrune = 0;
  for (let s = 0; s < len; s++) {
    const i = outIdx[rowBase + s];
    // Same value as stdpDelta: the bracket is −1, 0 or 1 exactly, so η·d is ±η or 0.
    const d = xNew[i] * xj - x[i] * xjNew;
    if (d === 0) continue;
    const pos = outPos[rowBase + s];
    const v = inW[pos] + (d > 0 ? eta : -eta);
    if (flags[i] === 0) {
      flags[i] = 1;
      list[count++] = i;
    }
    // One store per branch (no variable mixing the sum with the tagged wMax: V8 boxed it).
    if (v <= 0) {
      inW[pos] = 0;
      if (prune) pruneSlots[nPrune++] = s;
    } else if (v > wMax) inW[pos] = wMax;
    else inW[pos] = v;
  }
  touched.count = count;
  if (nPrune > 0) removeSlots(m, j, pruneSlots, nPrune);
  return nPrune;
};

/**
 * Event-driven STDP on a square synapse matrix: visits the outgoing synapses of
 * neurons active at `t` (`active[0..nActive)`) and of those active only at `t+1`
 * (`activeNew[0..nActiveNew)`), the only rows where ΔW ≠ 0. Same arithmetic as
 * {@link stdpDense}; changed columns are added to `touched`. Returns the number pruned.
 *
 * @example
 * ```ts
 * import { createColumnSet, stdpSparse, synapseMatrixFromDense, weightAt } from "@neuroplastic/plasticity";
 * const m = synapseMatrixFromDense([0, 0.5, 0.5, 0], 2, 2);
 * const cs = createColumnSet(2);
 * stdpSparse(m, new Uint8Array([1, 0]), new Uint8Array([0, 1]), new Int32Array([0]), 1, new Int32Array([1]), 1, 0.1, 1, true, cs);
 * console.log(weightAt(m, 0, 1), weightAt(m, 1, 0)); // 0.6 0.4
 * ```
 */
export const stdpSparse = (
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
  let pruned = 0;
  const slots = pruneScratch(m.outCap);
  for (let a = 0; a < nActive; a++) {
    pruned += stdpRow(m, active[a], x, xNew, eta, wMax, prune, touched, slots);
  }
  for (let a = 0; a < nActiveNew; a++) {
    const j = activeNew[a];
    if (x[j] !== 0) continue; // already visited as active at t
    pruned += stdpRow(m, j, x, xNew, eta, wMax, prune, touched, slots);
  }
  return pruned;
};

/** Pruned synapses of one {@link stdpSparseColumns} call: (pre, post) pairs, then row slots. */
let prunePairBuf = new Int32Array(64);
let pruneSlotBuf = new Int32Array(32);

/** Appends the pair (pre, post) at index `n` of the pair buffer (growing it); returns n + 1. */
const pushPrunePair = (pre: number, post: number, n: number): number => {
  if (2 * n + 2 > prunePairBuf.length) {
    const grown = new Int32Array(2 * prunePairBuf.length);
    grown.set(prunePairBuf);
    prunePairBuf = grown;
  }
  prunePairBuf[2 * n] = pre;
  prunePairBuf[2 * n + 1] = post;
  return n + 1;
};

/**
 * STDP on the incoming synapses of one postsynaptic neuron `i` (its contiguous column); records
 * the synapses that reach 0 (when `prune`) in the pair buffer from index `nPrune`; returns the
 * new count.
 */
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
  const { inIdx, inW } = m;
  const xi = x[i];
  const xiNew = xNew[i];
  const base = i * m.inCap;
  const end = base + m.inLen[i];
  let changed = false;
  for (let q = base; q < end; q++) {
    const j = inIdx[q];
    // The bracket of stdpDelta for j → i, as in stdpRow: −1, 0 or 1 for binary states.
    const d = xiNew * x[j] - xi * xNew[j];
    if (d === 0) continue;
    changed = true;
    const v = inW[q] + (d > 0 ? eta : -eta);
    if (v <= 0) {
      inW[q] = 0;
      if (prune) nPrune = pushPrunePair(j, i, nPrune);
    } else if (v > wMax) inW[q] = wMax;
    else inW[q] = v;
  }
  if (changed && touched.flags[i] === 0) {
    touched.flags[i] = 1;
    touched.list[touched.count++] = i;
  }
  return nPrune;
};

/**
 * Event-driven STDP by columns: visits the incoming synapses (contiguous in memory) of the
 * neurons active at `t` (`active[0..nActive)`) and of those active only at `t+1`, the only
 * columns where ΔW ≠ 0 — the same synapses, changes and clipping as {@link stdpSparse}, which
 * walks the same set by rows through scattered slots. Synapses that reach 0 are removed after
 * the pass, in each row from the highest slot down as {@link stdpSparse} does, so the synapse
 * lists end up in the same order and the matrix is identical to the last bit. Changed columns
 * are added to `touched`. Returns the number pruned.
 *
 * @example
 * ```ts
 * import { createColumnSet, stdpSparseColumns, synapseMatrixFromDense, weightAt } from "@neuroplastic/plasticity";
 * const m = synapseMatrixFromDense([0, 0.5, 0.5, 0], 2, 2);
 * const cs = createColumnSet(2);
 * stdpSparseColumns(m, new Uint8Array([1, 0]), new Uint8Array([0, 1]), new Int32Array([0]), 1, new Int32Array([1]), 1, 0.1, 1, true, cs);
 * console.log(weightAt(m, 0, 1), weightAt(m, 1, 0)); // 0.6 0.4
 * ```
 */
export const stdpSparseColumns = (
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
    if (x[i] !== 0) continue; // already visited as active at t
    n = stdpColumn(m, i, x, xNew, eta, wMax, prune, touched, n);
  }
  if (n > 0) removePrunedPairs(m, n);
  return n;
};

/**
 * Removes the `n` recorded (pre, post) synapses: finds each one's row slot before any removal,
 * then removes from the highest slot down (a row's swap-removals then happen in the order of
 * stdpSparse's per-row pass; removals in one row never move entries of another).
 */
const removePrunedPairs = (m: SynapseMatrix, n: number): void => {
  if (pruneSlotBuf.length < n) pruneSlotBuf = new Int32Array(Math.max(n, 2 * pruneSlotBuf.length));
  const slots = pruneSlotBuf;
  for (let p = 0; p < n; p++) {
    const j = prunePairBuf[2 * p];
    const i = prunePairBuf[2 * p + 1];
    const rowBase = j * m.outCap;
    const len = m.outLen[j];
    let s = 0;
    while (s < len && m.outIdx[rowBase + s] !== i) s++;
    if (s === len) throw new Error(`synapse lists out of sync at ${j}→${i}`);
    slots[p] = s;
  }
  // Insertion sort of the n (few) entries by slot, descending, carrying the pre index.
  for (let p = 1; p < n; p++) {
    const s = slots[p];
    const j = prunePairBuf[2 * p];
    let q = p - 1;
    while (q >= 0 && slots[q] < s) {
      slots[q + 1] = slots[q];
      prunePairBuf[2 * (q + 1)] = prunePairBuf[2 * q];
      q--;
    }
    slots[q + 1] = s;
    prunePairBuf[2 * (q + 1)] = j;
  }
  for (let p = 0; p < n; p++) removeSynapseAt(m, prunePairBuf[2 * p], slots[p]);
};
