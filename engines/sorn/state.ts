/**
 * SORN state and its initialisation (the reference's `Plasticity.initialize_plasticity`
 * and `Initializer.generate_lambd_connections`).
 *
 * Layout: weights are `W[pre, post]` as in the reference, so a column holds a
 * neuron's incoming weights.
 * - `ee`: E→E, a {@link SynapseMatrix} `ne × ne` (columns stored contiguously with
 *   row index lists and a presence mask; `denseWeights(ee)` gives the dense matrix);
 * - `ei`: I→E (the reference's `Wei`), a {@link SynapseMatrix} `ni × ne`;
 * - `wie`: E→I, dense row-major `wie[j * ni + k]` (all synapses present, never plastic).
 *
 * @module
 */
import { choice, fold, type Key, normal1, split, uniform } from "@neuroplastic/core/random";
import {
  addSynapse,
  cloneSynapseMatrix,
  createSynapseMatrix,
  normalizeColumnsDense,
  normalizeColumnSparse,
  synapseCount,
  type SynapseMatrix,
} from "@neuroplastic/plasticity";
import type { SornConfig } from "./config.ts";

/**
 * Steps of per-step population counts kept in the ring buffers of {@link SpikeCounters}
 * (the "last 2,000 steps" of the population statistics).
 *
 * @example
 * ```ts
 * import { POPULATION_WINDOW } from "@neuroplastic/engines/sorn";
 * console.log(POPULATION_WINDOW); // 2000
 * ```
 */
export const POPULATION_WINDOW = 2000;

/**
 * The E→E connection count is appended to `eeTrajectory` every this many counted steps.
 *
 * @example
 * ```ts
 * import { EE_TRAJECTORY_EVERY } from "@neuroplastic/engines/sorn";
 * console.log(EE_TRAJECTORY_EVERY); // 500
 * ```
 */
export const EE_TRAJECTORY_EVERY = 500;

/**
 * Length of the initial stretch whose excitatory spikes `firstSpikesE` counts (`rateEFirst500`).
 *
 * @example
 * ```ts
 * import { FIRST_STEPS } from "@neuroplastic/engines/sorn";
 * console.log(FIRST_STEPS); // 500
 * ```
 */
export const FIRST_STEPS = 500;

/**
 * Running spike statistics kept in the state so summaries need no history:
 * cumulative counts, per-neuron spike counts over consecutive windows of
 * `fano_window` steps (sum and sum of squares over completed windows) for the per-neuron
 * Fano factor, per-step excitatory and inhibitory population counts of the last
 * {@link POPULATION_WINDOW} steps (ring buffers), the excitatory spikes of the first
 * {@link FIRST_STEPS} steps, and the E→E connection count every {@link EE_TRAJECTORY_EVERY} steps.
 *
 * @example
 * ```ts
 * import type { SpikeCounters } from "@neuroplastic/engines/sorn";
 * const total = (c: SpikeCounters): number => c.spikesE.reduce((a, b) => a + b, 0);
 * ```
 */
export interface SpikeCounters {
  /** Steps counted since init (or the last reset). */
  steps: number;
  /** Spikes per excitatory / inhibitory neuron. */
  readonly spikesE: Float64Array;
  /** Spikes per inhibitory neuron. */
  readonly spikesI: Float64Array;
  /** Spikes of each excitatory neuron in the current window. */
  readonly windowE: Int32Array;
  /** Steps into the current window. */
  windowPos: number;
  /** Completed windows. */
  windows: number;
  /** Σ over completed windows of the count, and of its square, per excitatory neuron. */
  readonly windowSum: Float64Array;
  /** Σ of squared window counts per excitatory neuron. */
  readonly windowSumSq: Float64Array;
  /**
   * Active excitatory neurons per step, ring buffer of {@link POPULATION_WINDOW}: counted step
   * k (1-based) is at index `(k − 1) mod POPULATION_WINDOW`.
   */
  readonly popE: Int32Array;
  /** Active inhibitory neurons per step, same ring layout as `popE`. */
  readonly popI: Int32Array;
  /** Excitatory spikes over the first {@link FIRST_STEPS} counted steps (fewer while running). */
  firstSpikesE: number;
  /**
   * E→E connection count at counted steps 0, 500, 1000, … (entry 0 is the count when the
   * counters were created by `initState` or `resetCounters`).
   */
  readonly eeTrajectory: number[];
}

/**
 * The full SORN state: a plain tree (numbers, plain objects, typed arrays) that the
 * checkpoint codec stores as is, including its PRNG key and step counter.
 * Treat as immutable; `step`/`run` return fresh states.
 *
 * @example
 * ```ts
 * import { initState, makeConfigSync } from "@neuroplastic/engines/sorn";
 * import { key } from "@neuroplastic/core/random";
 * const s = initState(makeConfigSync({ ne: 50, ni: 10, lambda_ee: 5, lambda_ei: 10 }), key(0));
 * console.log(s.x.length, s.t); // 50 0
 * ```
 */
export interface SornState {
  /** Excitatory neurons. */
  readonly ne: number;
  /** Inhibitory neurons. */
  readonly ni: number;
  /** Input units (excitatory neurons 0..nu−1). */
  readonly nu: number;
  /** Steps taken. */
  t: number;
  /** Base key; step t draws from `fold(key, t)`. */
  readonly key: Key;
  /** Binary excitatory / inhibitory states x(t), y(t). */
  readonly x: Uint8Array;
  /** Binary inhibitory state y(t). */
  readonly y: Uint8Array;
  /**
   * Recurrent drive of the last step before thresholding and without external
   * input: `Wee^T x − Wei^T y + ξ_e − Te` (the reference's `recurrent_drive` is its Heaviside).
   */
  readonly r: Float64Array;
  /** Thresholds. */
  readonly te: Float64Array;
  /** Inhibitory thresholds. */
  readonly ti: Float64Array;
  /** E→E synapses (`ne × ne`). */
  readonly ee: SynapseMatrix;
  /** I→E synapses (`ni × ne`). */
  readonly ei: SynapseMatrix;
  /** E→I weights, dense `ne × ni`, `wie[j * ni + k]`. */
  readonly wie: Float64Array;
  /** Running spike statistics. */
  readonly counters: SpikeCounters;
}

/** Number of presynaptic partners: int(N(λ, 1)) truncated toward 0 (reference), clamped. */
const drawDegree = (k: Key, lambda: number, max: number): number => {
  const n = Math.trunc(lambda + normal1(k));
  return n < 0 ? 0 : n > max ? max : n;
};

/** A weight in (0, wMax]: the reference's U(0, wMax) mirrored so it is never exactly 0. */
const positiveWeight = (u: number, wMax: number): number => wMax * (1 - u);

/**
 * Adds the `n` synapses pre → `post` of one E→E column (pre = pick, skipping `post` itself; weight
 * from `u`) in ascending pre. The result equals adding them in pick order (the column is kept
 * ascending either way, and each pre is a different row, so every row's append order is the
 * same), but no insertion shifts the column and rewrites row entries: ≈ 2 ms less of initState
 * at ne = 200.
 */
const addColumnAscending = (
  ee: SynapseMatrix,
  post: number,
  picks: Int32Array,
  u: Float64Array,
  n: number,
  wMax: number,
): void => {
  const pre = new Int32Array(n);
  const w = new Float64Array(n);
  for (let s = 0; s < n; s++) {
    const p = picks[s] >= post ? picks[s] + 1 : picks[s];
    const v = positiveWeight(u[s], wMax);
    let q = s;
    for (; q > 0 && pre[q - 1] > p; q--) {
      pre[q] = pre[q - 1];
      w[q] = w[q - 1];
    }
    pre[q] = p;
    w[q] = v;
  }
  for (let s = 0; s < n; s++) addSynapse(ee, pre[s], post, w[s]);
};

/**
 * Fresh spike counters for `ne` excitatory and `ni` inhibitory neurons; `eeConnections`, when
 * given, is the first entry of the E→E trajectory (the count at counted step 0).
 *
 * @example
 * ```ts
 * import { createCounters } from "@neuroplastic/engines/sorn";
 * console.log(createCounters(3, 1).steps, createCounters(3, 1, 7).eeTrajectory); // 0 [7]
 * ```
 */
export const createCounters = (
  ne: number,
  ni: number,
  eeConnections?: number,
): SpikeCounters => ({
  steps: 0,
  spikesE: new Float64Array(ne),
  spikesI: new Float64Array(ni),
  windowE: new Int32Array(ne),
  windowPos: 0,
  windows: 0,
  windowSum: new Float64Array(ne),
  windowSumSq: new Float64Array(ne),
  popE: new Int32Array(POPULATION_WINDOW),
  popI: new Int32Array(POPULATION_WINDOW),
  firstSpikesE: 0,
  eeTrajectory: eeConnections === undefined ? [] : [eeConnections],
});

/**
 * Initial state (pure): sparse E→E with int(N(lambda_ee, 1)) distinct presynaptic
 * partners per excitatory neuron (no self-connection), sparse I→E with
 * int(N(lambda_ei, 1)) distinct excitatory targets per inhibitory neuron, dense
 * E→I; weights U(0, w_init_max]; a neuron left without inputs gets two random
 * ones (the reference's `zero_sum_incoming_check`, without its self-connection
 * risk); every column normalised to sum 1; Te ~ U(te_min, te_max),
 * Ti ~ U(ti_min, ti_max); x = y = 0.
 *
 * @example
 * ```ts
 * import { initState, sornDefaults } from "@neuroplastic/engines/sorn";
 * import { key } from "@neuroplastic/core/random";
 * const s = initState(sornDefaults, key(42));
 * console.log(s.ee.nPre, s.ei.nPre); // 200 40
 * ```
 */
export const initState = (config: SornConfig, k: Key): SornState => {
  const { ne, ni, nu } = config;
  const [kState, kEE, kEI, kIE, kTe, kTi, kFix] = split(k, 7);
  const wMax = config.w_init_max;

  // E→E: incoming partners per excitatory neuron (generate_lambd_connections "EE").
  const ee = createSynapseMatrix(ne, ne);
  for (let i = 0; i < ne; i++) {
    const [kl, kc, kw] = split(fold(kEE, i), 3);
    const n = drawDegree(kl, config.lambda_ee, ne - 1);
    if (n === 0) continue;
    const picks = choice(kc, ne - 1, n);
    const u = uniform(kw, n);
    addColumnAscending(ee, i, picks, u, n, wMax);
  }

  // I→E: outgoing targets per inhibitory neuron (generate_lambd_connections "EI").
  const ei = createSynapseMatrix(ni, ne);
  for (let kk = 0; kk < ni; kk++) {
    const [kl, kc, kw] = split(fold(kEI, kk), 3);
    const n = drawDegree(kl, config.lambda_ei, ne);
    if (n === 0) continue;
    const picks = choice(kc, ne, n);
    const u = uniform(kw, n);
    for (let s = 0; s < n; s++) addSynapse(ei, kk, picks[s], positiveWeight(u[s], wMax));
  }

  // Neurons without any input get two random presynaptic partners (zero_sum_incoming_check).
  const [kFixE, kFixI] = split(kFix, 2);
  for (let i = 0; i < ne; i++) {
    if (ee.inLen[i] === 0 && ne > 1) {
      const [kc, kw] = split(fold(kFixE, i), 2);
      const n = Math.min(2, ne - 1);
      addColumnAscending(ee, i, choice(kc, ne - 1, n), uniform(kw, n), n, wMax);
    }
    if (ei.inLen[i] === 0) {
      const [kc, kw] = split(fold(kFixI, i), 2);
      const n = Math.min(2, ni);
      const picks = choice(kc, ni, n);
      const u = uniform(kw, n);
      for (let s = 0; s < n; s++) addSynapse(ei, picks[s], i, positiveWeight(u[s], wMax));
    }
  }

  // E→I: dense U(0, w_init_max] (reference network_type_ie = "Dense").
  const uIE = uniform(kIE, ne * ni);
  const wie = new Float64Array(ne * ni);
  for (let q = 0; q < ne * ni; q++) wie[q] = positiveWeight(uIE[q], wMax);

  // W ← W / Σ_pre W (normalize_weight_matrix), every column.
  for (let i = 0; i < ne; i++) {
    normalizeColumnSparse(ee, i);
    normalizeColumnSparse(ei, i);
  }
  normalizeColumnsDense(wie, ne, ni);

  const te = config.te_max > config.te_min
    ? uniform(kTe, ne, config.te_min, config.te_max)
    : new Float64Array(ne).fill(config.te_min);
  const ti = config.ti_max > config.ti_min
    ? uniform(kTi, ni, config.ti_min, config.ti_max)
    : new Float64Array(ni).fill(config.ti_min);

  return {
    ne,
    ni,
    nu,
    t: 0,
    key: kState,
    x: new Uint8Array(ne),
    y: new Uint8Array(ni),
    r: new Float64Array(ne),
    te,
    ti,
    ee,
    ei,
    wie,
    counters: createCounters(ne, ni, synapseCount(ee)),
  };
};

/**
 * A deep copy of a state (the one copy a transient `run` makes).
 *
 * @example
 * ```ts
 * import { cloneState, initState, sornDefaults } from "@neuroplastic/engines/sorn";
 * import { key } from "@neuroplastic/core/random";
 * const a = initState(sornDefaults, key(0));
 * console.log(cloneState(a).te !== a.te); // true
 * ```
 */
export const cloneState = (s: SornState): SornState => ({
  ne: s.ne,
  ni: s.ni,
  nu: s.nu,
  t: s.t,
  key: { k0: s.key.k0, k1: s.key.k1 },
  x: s.x.slice(),
  y: s.y.slice(),
  r: s.r.slice(),
  te: s.te.slice(),
  ti: s.ti.slice(),
  ee: cloneSynapseMatrix(s.ee),
  ei: cloneSynapseMatrix(s.ei),
  wie: s.wie.slice(),
  counters: {
    steps: s.counters.steps,
    spikesE: s.counters.spikesE.slice(),
    spikesI: s.counters.spikesI.slice(),
    windowE: s.counters.windowE.slice(),
    windowPos: s.counters.windowPos,
    windows: s.counters.windows,
    windowSum: s.counters.windowSum.slice(),
    windowSumSq: s.counters.windowSumSq.slice(),
    popE: s.counters.popE.slice(),
    popI: s.counters.popI.slice(),
    firstSpikesE: s.counters.firstSpikesE,
    eeTrajectory: s.counters.eeTrajectory.slice(),
  },
});

/**
 * The state with its spike counters reset (e.g. between phases).
 *
 * @example
 * ```ts
 * import { initState, resetCounters, sornDefaults } from "@neuroplastic/engines/sorn";
 * import { key } from "@neuroplastic/core/random";
 * console.log(resetCounters(initState(sornDefaults, key(0))).counters.steps); // 0
 * ```
 */
export const resetCounters = (s: SornState): SornState => ({
  ...s,
  counters: createCounters(s.ne, s.ni, synapseCount(s.ee)),
});
