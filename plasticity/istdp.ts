/**
 * Inhibitory STDP (iSTDP) of inhibitory → excitatory synapses.
 *
 * Equation (`sorn` reference `Plasticity.istdp`, after Zheng, Dimitrakakis & Triesch
 * 2013): `ΔW^EI[k, i] = −η_inhib · y_k(t) · (1 − x_i(t+1) · (1 + 1/μ_IP))` for existing
 * synapses `k → i`, then `W ← clip(W + ΔW, 0, wMax)`. An active inhibitory neuron
 * weakens its synapses onto silent targets and strengthens those onto targets
 * that fired, so inhibition tracks the target rate μ_IP. A weight reaching 0
 * removes the synapse when pruning is on.
 *
 * `W^EI` is `W[k, i]` (row = presynaptic inhibitory neuron, column = excitatory target).
 *
 * @module
 */
import type { ColumnSet } from "./normalization.ts";
import { removeSynapseAt, type SynapseMatrix } from "./structural.ts";

/**
 * The iSTDP change of one synapse `k → i`: `−η · y_k · (1 − x'_i (1 + 1/μ))`.
 *
 * @example
 * ```ts
 * import { istdpDelta } from "@neuroplastic/plasticity";
 * console.log(istdpDelta(0.001, 1, 0, 0.1)); // -0.001 (silent target: weaken)
 * ```
 */
export const istdpDelta = (eta: number, yPre: number, xPostNew: number, mu: number): number =>
  -eta * yPre * (1 - xPostNew * (1 + 1 / mu));

/**
 * Dense iSTDP on `w` (`nPre × nPost`) with presence `mask`; clips to `[0, wMax]`,
 * prunes synapses reaching 0 when `prune`, flags changed columns in `touched`.
 * Returns the number of synapses pruned.
 *
 * @example
 * ```ts
 * import { istdpDense } from "@neuroplastic/plasticity";
 * const w = new Float64Array([0.5, 0.5]); const mask = new Uint8Array([1, 1]);
 * istdpDense(w, mask, 1, 2, new Uint8Array([1]), new Uint8Array([1, 0]), 0.01, 0.1, 1, true, new Uint8Array(2));
 * console.log(w[0] > 0.5, w[1] < 0.5); // true true
 * ```
 */
export const istdpDense = (
  w: Float64Array,
  mask: Uint8Array,
  nPre: number,
  nPost: number,
  y: Uint8Array,
  xNew: Uint8Array,
  eta: number,
  mu: number,
  wMax: number,
  prune: boolean,
  touched: Uint8Array,
): number => {
  let pruned = 0;
  for (let k = 0; k < nPre; k++) {
    for (let i = 0; i < nPost; i++) {
      const idx = k * nPost + i;
      if (mask[idx] === 0) continue;
      const dw = istdpDelta(eta, y[k], xNew[i], mu);
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
/** A reusable prune-slot buffer of at least `n` entries (no typed-array allocation per step). */
const pruneScratch = (n: number): Int32Array => {
  if (pruneSlotsBuf.length < n) {
    pruneSlotsBuf = new Int32Array(Math.max(n, 2 * pruneSlotsBuf.length));
  }
  return pruneSlotsBuf;
};

/**
 * Event-driven iSTDP: visits only the outgoing synapses of inhibitory neurons
 * active at `t` (`activeY[0..nActiveY)`), where ΔW ≠ 0. Same arithmetic as
 * {@link istdpDense}; changed columns go to `touched`. Returns the number pruned.
 *
 * @example
 * ```ts
 * import { createColumnSet, istdpSparse, synapseMatrixFromDense, weightAt } from "@neuroplastic/plasticity";
 * const m = synapseMatrixFromDense([0.5, 0.5], 1, 2);
 * istdpSparse(m, new Uint8Array([1]), new Int32Array([0]), 1, new Uint8Array([1, 0]), 0.01, 0.1, 1, true, createColumnSet(2));
 * console.log(weightAt(m, 0, 0) > 0.5, weightAt(m, 0, 1) < 0.5); // true true
 * ```
 */
export const istdpSparse = (
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
  const slots = pruneScratch(outCap);
  let pruned = 0;
  // (1 + 1/μ) of istdpDelta, once per call.
  const gain = 1 + 1 / mu;
  for (let a = 0; a < nActiveY; a++) {
    const k = activeY[a];
    const yk = y[k];
    // The two possible changes of this row (target silent / fired): istdpDelta's expression,
    // written out (a call per row returned each value as a heap number).
    const dwSilent = -eta * yk * (1 - 0 * gain);
    const dwFired = -eta * yk * (1 - 1 * gain);
    const rowBase = k * outCap;
    const len = m.outLen[k];
    let count = touched.count;
    let nPrune = 0;
    for (let s = 0; s < len; s++) {
      const i = outIdx[rowBase + s];
      const xi = xNew[i];
      const dw = xi === 0 ? dwSilent : xi === 1 ? dwFired : -eta * yk * (1 - xi * gain);
      if (dw === 0) continue;
      const pos = outPos[rowBase + s];
      const v = inW[pos] + dw;
      if (flags[i] === 0) {
        flags[i] = 1;
        list[count++] = i;
      }
      // One store per branch (no variable mixing the sum with the tagged wMax: V8 boxed it).
      if (v <= 0) {
        inW[pos] = 0;
        if (prune) slots[nPrune++] = s;
      } else if (v > wMax) inW[pos] = wMax;
      else inW[pos] = v;
    }
    touched.count = count;
    // Remove pruned synapses, highest slot first (swap-removal never moves one still to remove).
    for (let q = nPrune - 1; q >= 0; q--) removeSynapseAt(m, k, slots[q]);
    pruned += nPrune;
  }
  return pruned;
};
