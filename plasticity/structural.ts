/**
 * Sparse synapse sets and structural plasticity: adding a synapse between an
 * unconnected pair, removing (pruning) one whose weight reached 0, and choosing
 * an absent pair uniformly at random.
 *
 * A {@link SynapseMatrix} keeps three views of the same synapses, updated together:
 * - `w[pre * nPost + post]`: the dense weight matrix (row = presynaptic, `W[pre, post]`
 *   as in the `sorn` reference, so a column holds a neuron's incoming weights);
 * - `mask[pre * nPost + post]`: 1 where a synapse exists (a synapse may exist with
 *   weight 0 when pruning is disabled);
 * - per-neuron index lists: `outIdx[pre * nPost + s]` (s < `outLen[pre]`, any order)
 *   lists the targets of `pre`; `inIdx[post * nPre + s]` (s < `inLen[post]`, strictly
 *   ascending) lists the sources of `post`. Unused slots hold 0.
 *
 * The ascending incoming lists make a sparse column sum add the same numbers in
 * the same order as a dense loop over `pre`, so sparse and dense kernels agree bit for bit.
 *
 * @module
 */
import { fold, type Key, randint1, uniform1 } from "@neuroplastic/core/random";

/**
 * A set of synapses from `nPre` to `nPost` neurons: dense weights, a presence mask,
 * and outgoing/incoming index lists (plain data, so it checkpoints as is).
 *
 * @example
 * ```ts
 * import { createSynapseMatrix, addSynapse } from "@neuroplastic/plasticity";
 * const m = createSynapseMatrix(3, 3);
 * addSynapse(m, 0, 2, 0.5);
 * console.log(m.w[0 * 3 + 2], m.inLen[2]); // 0.5 1
 * ```
 */
export interface SynapseMatrix {
  readonly nPre: number;
  readonly nPost: number;
  /** Weights, `w[pre * nPost + post]`. */
  readonly w: Float64Array;
  /** 1 where a synapse exists. */
  readonly mask: Uint8Array;
  /** Targets of each presynaptic neuron: `outIdx[pre * nPost + s]`, `s < outLen[pre]`. */
  readonly outIdx: Int32Array;
  readonly outLen: Int32Array;
  /** Sources of each postsynaptic neuron, ascending: `inIdx[post * nPre + s]`, `s < inLen[post]`. */
  readonly inIdx: Int32Array;
  readonly inLen: Int32Array;
}

/**
 * An empty synapse matrix (no synapses, all weights 0).
 *
 * @example
 * ```ts
 * import { createSynapseMatrix } from "@neuroplastic/plasticity";
 * console.log(createSynapseMatrix(2, 4).w.length); // 8
 * ```
 */
export const createSynapseMatrix = (nPre: number, nPost: number): SynapseMatrix => ({
  nPre,
  nPost,
  w: new Float64Array(nPre * nPost),
  mask: new Uint8Array(nPre * nPost),
  outIdx: new Int32Array(nPre * nPost),
  outLen: new Int32Array(nPre),
  inIdx: new Int32Array(nPost * nPre),
  inLen: new Int32Array(nPost),
});

/**
 * Builds a synapse matrix from dense weights; a synapse exists where `mask` is 1
 * (default: where the weight is non-zero). Copies its inputs.
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
  const m = createSynapseMatrix(nPre, nPost);
  for (let j = 0; j < nPre; j++) {
    for (let i = 0; i < nPost; i++) {
      const idx = j * nPost + i;
      const present = mask ? mask[idx] !== 0 : w[idx] !== 0;
      m.w[idx] = w[idx];
      if (!present) continue;
      m.mask[idx] = 1;
      m.outIdx[j * nPost + m.outLen[j]++] = i;
      // j ascending, so every incoming list is built in ascending order.
      m.inIdx[i * nPre + m.inLen[i]++] = j;
    }
  }
  return m;
};

/**
 * A deep copy of a synapse matrix.
 *
 * @example
 * ```ts
 * import { cloneSynapseMatrix, createSynapseMatrix } from "@neuroplastic/plasticity";
 * const a = createSynapseMatrix(2, 2);
 * const b = cloneSynapseMatrix(a);
 * console.log(a.w !== b.w); // true
 * ```
 */
export const cloneSynapseMatrix = (m: SynapseMatrix): SynapseMatrix => ({
  nPre: m.nPre,
  nPost: m.nPost,
  w: m.w.slice(),
  mask: m.mask.slice(),
  outIdx: m.outIdx.slice(),
  outLen: m.outLen.slice(),
  inIdx: m.inIdx.slice(),
  inLen: m.inLen.slice(),
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

/**
 * Adds the synapse `pre → post` with weight `weight`. Returns false (and changes
 * nothing) if it already exists. Keeps the incoming list of `post` ascending.
 *
 * @example
 * ```ts
 * import { addSynapse, createSynapseMatrix } from "@neuroplastic/plasticity";
 * const m = createSynapseMatrix(4, 4);
 * console.log(addSynapse(m, 3, 1, 0.001), addSynapse(m, 3, 1, 0.5)); // true false
 * ```
 */
export const addSynapse = (m: SynapseMatrix, pre: number, post: number, weight: number): boolean => {
  const { nPre, nPost } = m;
  const idx = pre * nPost + post;
  if (m.mask[idx] !== 0) return false;
  m.mask[idx] = 1;
  m.w[idx] = weight;
  m.outIdx[pre * nPost + m.outLen[pre]++] = post;
  // Insert `pre` into the ascending incoming list of `post`.
  const base = post * nPre;
  let s = m.inLen[post]++;
  while (s > 0 && m.inIdx[base + s - 1] > pre) {
    m.inIdx[base + s] = m.inIdx[base + s - 1];
    s--;
  }
  m.inIdx[base + s] = pre;
  return true;
};

/** Removes `pre` from the ascending incoming list of `post` (it must be there). */
const removeFromInList = (m: SynapseMatrix, pre: number, post: number): void => {
  const base = post * m.nPre;
  const len = m.inLen[post];
  let s = 0;
  while (s < len && m.inIdx[base + s] !== pre) s++;
  for (; s < len - 1; s++) m.inIdx[base + s] = m.inIdx[base + s + 1];
  m.inIdx[base + len - 1] = 0;
  m.inLen[post] = len - 1;
};

/**
 * Removes the synapse stored in outgoing slot `slot` of `pre` (swap-with-last, so
 * the slot then holds the former last target: callers iterating a row re-visit it).
 * Sets its weight to 0.
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
  const nPost = m.nPost;
  const rowBase = pre * nPost;
  const post = m.outIdx[rowBase + slot];
  const last = --m.outLen[pre];
  m.outIdx[rowBase + slot] = m.outIdx[rowBase + last];
  m.outIdx[rowBase + last] = 0;
  m.mask[rowBase + post] = 0;
  m.w[rowBase + post] = 0;
  removeFromInList(m, pre, post);
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
  const nPost = m.nPost;
  if (m.mask[pre * nPost + post] === 0) return false;
  const rowBase = pre * nPost;
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
  const nPost = m.nPost;
  for (let j = 0; j < m.nPre; j++) {
    const rowBase = j * nPost;
    for (let s = 0; s < m.outLen[j];) {
      if (m.w[rowBase + m.outIdx[rowBase + s]] <= 0) {
        removeSynapseAt(m, j, s);
        removed++;
      } else s++;
    }
  }
  return removed;
};

/** Rejection attempts before {@link chooseAbsentPair} falls back to enumeration. */
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
