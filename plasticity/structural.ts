/**
 * Sparse synapse sets and structural plasticity: adding a synapse between an
 * unconnected pair, removing (pruning) one whose weight reached 0, and choosing
 * an absent pair uniformly at random.
 *
 * A {@link SynapseMatrix} stores each neuron's incoming weights contiguously
 * (compressed sparse columns with `inCap` slots per column):
 * - column `post` (a neuron's inputs, the reference's `W[:, post]`) holds
 *   `inLen[post]` synapses at slots `post * inCap + q`, with the presynaptic
 *   indices `inIdx` strictly ascending and the weights in `inW`;
 * - row `pre` lists its targets at `outIdx[pre * outCap + s]` (s < `outLen[pre]`,
 *   any order) and, in `outPos`, the slot of each synapse in the column arrays;
 * - `mask[pre * nPost + post]` is 1 where a synapse exists (a synapse may exist
 *   with weight 0 when pruning is disabled).
 * The capacities start a little above the largest degree and double when a
 * column or row is full (the arrays are then reallocated in place of the old ones).
 *
 * Compact columns keep normalisation and the row traversals of drive and STDP
 * cache-friendly at any size (a dense `ne × ne` float matrix does not fit in
 * cache at ne = 2,000). The ascending incoming lists make a column sum add the
 * same numbers in the same order as a dense loop over `pre`, so sparse and dense
 * kernels agree bit for bit. `denseWeights` gives the dense `W[pre, post]`.
 *
 * @module
 */
import { fold, type Key, randint1, uniform1 } from "@neuroplastic/core/random";

/**
 * A set of synapses from `nPre` to `nPost` neurons (plain data, checkpointable).
 * The array fields are replaced when a capacity grows: do not keep references to them.
 *
 * @example
 * ```ts
 * import { addSynapse, createSynapseMatrix, weightAt } from "@neuroplastic/plasticity";
 * const m = createSynapseMatrix(3, 3);
 * addSynapse(m, 0, 2, 0.5);
 * console.log(weightAt(m, 0, 2), m.inLen[2]); // 0.5 1
 * ```
 */
export interface SynapseMatrix {
  /** Presynaptic neurons (rows). */
  readonly nPre: number;
  /** Postsynaptic neurons (columns). */
  readonly nPost: number;
  /** 1 where a synapse exists, `mask[pre * nPost + post]`. */
  readonly mask: Uint8Array;
  /** Slots per column (≤ nPre). */
  inCap: number;
  /** Sources of each column, ascending: `inIdx[post * inCap + q]`, `q < inLen[post]`. */
  inIdx: Int32Array;
  /** Weights, aligned with `inIdx`. */
  inW: Float64Array;
  /** Synapses per column. */
  readonly inLen: Int32Array;
  /** Slots per row (≤ nPost). */
  outCap: number;
  /** Targets of each row: `outIdx[pre * outCap + s]`, `s < outLen[pre]`. */
  outIdx: Int32Array;
  /** Slot in `inIdx`/`inW` of each row entry. */
  outPos: Int32Array;
  /** Synapses per row. */
  readonly outLen: Int32Array;
}

/** Initial capacity for degree `d` out of at most `max`. */
const capacityFor = (d: number, max: number): number =>
  Math.max(1, Math.min(max, d + 8 + (d >> 1)));

/**
 * An empty synapse matrix (optionally with initial column/row capacities).
 *
 * @example
 * ```ts
 * import { createSynapseMatrix } from "@neuroplastic/plasticity";
 * console.log(createSynapseMatrix(2, 4).mask.length); // 8
 * ```
 */
export const createSynapseMatrix = (
  nPre: number,
  nPost: number,
  inCap: number = capacityFor(0, nPre),
  outCap: number = capacityFor(0, nPost),
): SynapseMatrix => ({
  nPre,
  nPost,
  mask: new Uint8Array(nPre * nPost),
  inCap,
  inIdx: new Int32Array(nPost * inCap),
  inW: new Float64Array(nPost * inCap),
  inLen: new Int32Array(nPost),
  outCap,
  outIdx: new Int32Array(nPre * outCap),
  outPos: new Int32Array(nPre * outCap),
  outLen: new Int32Array(nPre),
});

/** Reallocates the column arrays with `cap` slots per column and rebases every `outPos`. */
const growColumns = (m: SynapseMatrix, cap: number): void => {
  const old = m.inCap;
  const inIdx = new Int32Array(m.nPost * cap);
  const inW = new Float64Array(m.nPost * cap);
  for (let i = 0; i < m.nPost; i++) {
    for (let q = 0; q < m.inLen[i]; q++) {
      inIdx[i * cap + q] = m.inIdx[i * old + q];
      inW[i * cap + q] = m.inW[i * old + q];
    }
  }
  for (let j = 0; j < m.nPre; j++) {
    for (let s = 0; s < m.outLen[j]; s++) {
      const slot = j * m.outCap + s;
      const i = m.outIdx[slot];
      m.outPos[slot] = i * cap + (m.outPos[slot] - i * old);
    }
  }
  m.inCap = cap;
  m.inIdx = inIdx;
  m.inW = inW;
};

/** Reallocates the row arrays with `cap` slots per row. */
const growRows = (m: SynapseMatrix, cap: number): void => {
  const old = m.outCap;
  const outIdx = new Int32Array(m.nPre * cap);
  const outPos = new Int32Array(m.nPre * cap);
  for (let j = 0; j < m.nPre; j++) {
    for (let s = 0; s < m.outLen[j]; s++) {
      outIdx[j * cap + s] = m.outIdx[j * old + s];
      outPos[j * cap + s] = m.outPos[j * old + s];
    }
  }
  m.outCap = cap;
  m.outIdx = outIdx;
  m.outPos = outPos;
};

/**
 * Builds a synapse matrix from dense weights `w[pre * nPost + post]`; a synapse
 * exists where `mask` is non-zero (default: where the weight is non-zero).
 *
 * @example
 * ```ts
 * import { synapseMatrixFromDense } from "@neuroplastic/plasticity";
 * const m = synapseMatrixFromDense(new Float64Array([0, 0.3, 0.7, 0]), 2, 2);
 * console.log(m.outLen); // Int32Array [1, 1]
 * ```
 */
export const synapseMatrixFromDense = (
  w: ArrayLike<number>,
  nPre: number,
  nPost: number,
  mask?: ArrayLike<number>,
): SynapseMatrix => {
  const present = (idx: number): boolean => (mask ? mask[idx] !== 0 : w[idx] !== 0);
  const inDeg = new Int32Array(nPost);
  const outDeg = new Int32Array(nPre);
  for (let j = 0; j < nPre; j++) {
    for (let i = 0; i < nPost; i++) {
      if (present(j * nPost + i)) {
        inDeg[i]++;
        outDeg[j]++;
      }
    }
  }
  const m = createSynapseMatrix(
    nPre,
    nPost,
    capacityFor(inDeg.reduce((a, b) => Math.max(a, b), 0), nPre),
    capacityFor(outDeg.reduce((a, b) => Math.max(a, b), 0), nPost),
  );
  for (let j = 0; j < nPre; j++) {
    for (let i = 0; i < nPost; i++) {
      const idx = j * nPost + i;
      if (!present(idx)) continue;
      m.mask[idx] = 1;
      // j ascending, so every column is built in ascending order.
      const pos = i * m.inCap + m.inLen[i]++;
      m.inIdx[pos] = j;
      m.inW[pos] = w[idx];
      const slot = j * m.outCap + m.outLen[j]++;
      m.outIdx[slot] = i;
      m.outPos[slot] = pos;
    }
  }
  return m;
};

/**
 * The dense weight matrix `W[pre * nPost + post]` (0 where no synapse).
 *
 * @example
 * ```ts
 * import { denseWeights, synapseMatrixFromDense } from "@neuroplastic/plasticity";
 * console.log(Array.from(denseWeights(synapseMatrixFromDense([0, 0.3, 0.7, 0], 2, 2)))); // [0, 0.3, 0.7, 0]
 * ```
 */
export const denseWeights = (m: SynapseMatrix, out?: Float64Array): Float64Array => {
  const { nPre, nPost, inCap } = m;
  const w = out ?? new Float64Array(nPre * nPost);
  if (out) w.fill(0);
  for (let i = 0; i < nPost; i++) {
    const base = i * inCap;
    for (let q = 0; q < m.inLen[i]; q++) w[m.inIdx[base + q] * nPost + i] = m.inW[base + q];
  }
  return w;
};

/** Index q of `pre` in column `post`, or −1 (binary search). */
const findInColumn = (m: SynapseMatrix, pre: number, post: number): number => {
  const base = post * m.inCap;
  let lo = 0;
  let hi = m.inLen[post] - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = m.inIdx[base + mid];
    if (v === pre) return mid;
    if (v < pre) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
};

/**
 * The weight of `pre → post` (0 when absent).
 *
 * @example
 * ```ts
 * import { synapseMatrixFromDense, weightAt } from "@neuroplastic/plasticity";
 * console.log(weightAt(synapseMatrixFromDense([0, 0.3, 0.7, 0], 2, 2), 1, 0)); // 0.7
 * ```
 */
export const weightAt = (m: SynapseMatrix, pre: number, post: number): number => {
  const q = findInColumn(m, pre, post);
  return q < 0 ? 0 : m.inW[post * m.inCap + q];
};

/**
 * A deep copy of a synapse matrix.
 *
 * @example
 * ```ts
 * import { cloneSynapseMatrix, createSynapseMatrix } from "@neuroplastic/plasticity";
 * const a = createSynapseMatrix(2, 2);
 * const b = cloneSynapseMatrix(a);
 * console.log(a.inW !== b.inW); // true
 * ```
 */
export const cloneSynapseMatrix = (m: SynapseMatrix): SynapseMatrix => ({
  nPre: m.nPre,
  nPost: m.nPost,
  mask: m.mask.slice(),
  inCap: m.inCap,
  inIdx: m.inIdx.slice(),
  inW: m.inW.slice(),
  inLen: m.inLen.slice(),
  outCap: m.outCap,
  outIdx: m.outIdx.slice(),
  outPos: m.outPos.slice(),
  outLen: m.outLen.slice(),
});

/**
 * Number of existing synapses.
 *
 * @example
 * ```ts
 * import { synapseCount, synapseMatrixFromDense } from "@neuroplastic/plasticity";
 * console.log(synapseCount(synapseMatrixFromDense([1, 0, 0, 1], 2, 2))); // 2
 * ```
 */
export const synapseCount = (m: SynapseMatrix): number => {
  let c = 0;
  for (let j = 0; j < m.nPre; j++) c += m.outLen[j];
  return c;
};

/** Points the row entry of `pre` that refers to slot `from` at slot `to`. */
const retarget = (m: SynapseMatrix, pre: number, from: number, to: number): void => {
  const base = pre * m.outCap;
  const len = m.outLen[pre];
  for (let s = 0; s < len; s++) {
    if (m.outPos[base + s] === from) {
      m.outPos[base + s] = to;
      return;
    }
  }
  throw new Error(`synapse lists out of sync at row ${pre}`);
};

/**
 * Adds the synapse `pre → post` with weight `weight`. Returns false (and changes
 * nothing) if it already exists. Keeps column `post` ascending in `pre`; grows
 * the capacities when needed.
 *
 * @example
 * ```ts
 * import { addSynapse, createSynapseMatrix } from "@neuroplastic/plasticity";
 * const m = createSynapseMatrix(4, 4);
 * console.log(addSynapse(m, 3, 1, 0.001), addSynapse(m, 3, 1, 0.5)); // true false
 * ```
 */
export const addSynapse = (
  m: SynapseMatrix,
  pre: number,
  post: number,
  weight: number,
): boolean => {
  const idx = pre * m.nPost + post;
  if (m.mask[idx] !== 0) return false;
  if (m.inLen[post] === m.inCap) growColumns(m, Math.min(m.nPre, 2 * m.inCap));
  if (m.outLen[pre] === m.outCap) growRows(m, Math.min(m.nPost, 2 * m.outCap));
  m.mask[idx] = 1;
  // Insert into the ascending column, shifting larger sources up by one slot.
  const base = post * m.inCap;
  let q = m.inLen[post]++;
  while (q > 0 && m.inIdx[base + q - 1] > pre) {
    const src = m.inIdx[base + q - 1];
    m.inIdx[base + q] = src;
    m.inW[base + q] = m.inW[base + q - 1];
    retarget(m, src, base + q - 1, base + q);
    q--;
  }
  m.inIdx[base + q] = pre;
  m.inW[base + q] = weight;
  const slot = pre * m.outCap + m.outLen[pre]++;
  m.outIdx[slot] = post;
  m.outPos[slot] = base + q;
  return true;
};

/**
 * Removes the synapse in row slot `slot` of `pre` (swap-with-last in the row, so
 * the slot then holds the former last entry: callers iterating a row re-visit it).
 *
 * @example
 * ```ts
 * import { addSynapse, createSynapseMatrix, removeSynapseAt } from "@neuroplastic/plasticity";
 * const m = createSynapseMatrix(2, 3);
 * addSynapse(m, 0, 1, 0.2); addSynapse(m, 0, 2, 0.3);
 * removeSynapseAt(m, 0, 0);
 * console.log(m.outLen[0], m.outIdx[0]); // 1 2
 * ```
 */
export const removeSynapseAt = (m: SynapseMatrix, pre: number, slot: number): void => {
  const rowBase = pre * m.outCap;
  const post = m.outIdx[rowBase + slot];
  const pos = m.outPos[rowBase + slot];
  // Row: swap-remove.
  const last = --m.outLen[pre];
  m.outIdx[rowBase + slot] = m.outIdx[rowBase + last];
  m.outPos[rowBase + slot] = m.outPos[rowBase + last];
  m.outIdx[rowBase + last] = 0;
  m.outPos[rowBase + last] = 0;
  m.mask[pre * m.nPost + post] = 0;
  // Column: shift the larger sources down by one slot.
  const base = post * m.inCap;
  const len = m.inLen[post];
  for (let q = pos - base; q < len - 1; q++) {
    const src = m.inIdx[base + q + 1];
    m.inIdx[base + q] = src;
    m.inW[base + q] = m.inW[base + q + 1];
    retarget(m, src, base + q + 1, base + q);
  }
  m.inIdx[base + len - 1] = 0;
  m.inW[base + len - 1] = 0;
  m.inLen[post] = len - 1;
};

/**
 * Removes the synapse `pre → post` if it exists (returns whether it did).
 *
 * @example
 * ```ts
 * import { addSynapse, createSynapseMatrix, removeSynapse } from "@neuroplastic/plasticity";
 * const m = createSynapseMatrix(2, 2);
 * addSynapse(m, 1, 0, 0.4);
 * console.log(removeSynapse(m, 1, 0), m.mask[2]); // true 0
 * ```
 */
export const removeSynapse = (m: SynapseMatrix, pre: number, post: number): boolean => {
  if (m.mask[pre * m.nPost + post] === 0) return false;
  const rowBase = pre * m.outCap;
  const len = m.outLen[pre];
  for (let s = 0; s < len; s++) {
    if (m.outIdx[rowBase + s] === post) {
      removeSynapseAt(m, pre, s);
      return true;
    }
  }
  throw new Error(`synapse lists out of sync at ${pre}→${post}`);
};

/**
 * Pruning sweep: removes every existing synapse whose weight is ≤ 0 (used when
 * pruning is switched on for a matrix that kept zero-weight synapses). Returns
 * the number removed.
 *
 * @example
 * ```ts
 * import { pruneZeroSynapses, synapseMatrixFromDense } from "@neuroplastic/plasticity";
 * const m = synapseMatrixFromDense([0, 0.5, 0, 0], 2, 2, [1, 1, 0, 0]);
 * console.log(pruneZeroSynapses(m)); // 1
 * ```
 */
export const pruneZeroSynapses = (m: SynapseMatrix): number => {
  let removed = 0;
  for (let j = 0; j < m.nPre; j++) {
    for (let s = 0; s < m.outLen[j];) {
      if (m.inW[m.outPos[j * m.outCap + s]] <= 0) {
        removeSynapseAt(m, j, s);
        removed++;
      } else s++;
    }
  }
  return removed;
};

/**
 * Rejection attempts before {@link chooseAbsentPair} falls back to enumeration.
 *
 * @example
 * ```ts
 * import { ABSENT_PAIR_TRIES } from "@neuroplastic/plasticity";
 * // with 10 % of the off-diagonal pairs absent, the fallback runs with probability 0.9^32
 * console.log((0.9 ** ABSENT_PAIR_TRIES).toFixed(3)); // "0.034"
 * ```
 */
export const ABSENT_PAIR_TRIES = 32;

/**
 * Picks one absent off-diagonal pair of an `n × n` presence mask uniformly at
 * random, returning its flat index `pre * n + post`, or −1 when every
 * off-diagonal pair is present.
 *
 * Exactly uniform: up to {@link ABSENT_PAIR_TRIES} rejection draws of a uniform
 * off-diagonal pair (draw `a` uses `fold(key, a)`); if all hit present pairs, the
 * absent pairs are counted and the m-th one (m uniform) is taken. Both branches
 * yield the uniform distribution over absent pairs, hence so does the mixture.
 *
 * @example
 * ```ts
 * import { key } from "@neuroplastic/core/random";
 * import { chooseAbsentPair } from "@neuroplastic/plasticity";
 * const mask = new Uint8Array(9); // 3 × 3, empty
 * const idx = chooseAbsentPair(key(1), 3, mask);
 * console.log(Math.floor(idx / 3) !== idx % 3); // true
 * ```
 */
export const chooseAbsentPair = (k: Key, n: number, mask: Uint8Array): number => {
  if (n < 2) return -1;
  const nm1 = n - 1;
  const offDiagonal = n * nm1;
  for (let a = 0; a < ABSENT_PAIR_TRIES; a++) {
    // Uniform off-diagonal pair: r in [0, n(n−1)), pre = ⌊r/(n−1)⌋, post skips pre.
    const r = randint1(fold(k, a), 0, offDiagonal);
    const pre = Math.floor(r / nm1);
    const q = r - pre * nm1;
    const post = q < pre ? q : q + 1;
    const idx = pre * n + post;
    if (mask[idx] === 0) return idx;
  }
  let absent = 0;
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) if (i !== j && mask[j * n + i] === 0) absent++;
  }
  if (absent === 0) return -1;
  let m = randint1(fold(k, ABSENT_PAIR_TRIES), 0, absent);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      if (i !== j && mask[j * n + i] === 0) {
        if (m === 0) return j * n + i;
        m--;
      }
    }
  }
  return -1;
};

/**
 * Structural plasticity decision of one step (Lazar et al. 2009 / `sorn` reference
 * `structural_plasticity`): with probability `p` (draw `uniform1(fold(key, 0))`)
 * choose an absent off-diagonal pair uniformly ({@link chooseAbsentPair} with
 * `fold(key, 1)`). Returns the flat index `pre * n + post`, or −1 for no addition.
 *
 * @example
 * ```ts
 * import { key } from "@neuroplastic/core/random";
 * import { structuralChoice } from "@neuroplastic/plasticity";
 * console.log(structuralChoice(key(0), 0, 4, new Uint8Array(16))); // -1 (p = 0)
 * ```
 */
export const structuralChoice = (k: Key, p: number, n: number, mask: Uint8Array): number => {
  if (p <= 0) return -1;
  if (uniform1(fold(k, 0)) >= p) return -1;
  return chooseAbsentPair(fold(k, 1), n, mask);
};
