/**
 * One SORN step, event-driven: the work is proportional to the active neurons
 * and their synapses (plus O(ne + ni) for noise and thresholds).
 *
 * Dynamics (Lazar, Pipa & Triesch 2009, Eqs. 1–2; `sorn` reference
 * `NetworkState.excitatory_network_state` / `inhibitory_network_state`):
 * ```
 * x'(i) = H( Σ_j Wee[j,i] x_j − Σ_k Wei[k,i] y_k + ξ_e(i) + u_i − Te_i )
 * y'(k) = H( Σ_j Wie[j,k] x_j + ξ_i(k) − Ti_k ),          ξ ~ N(0, σ²), H(v) = [v > 0]
 * ```
 * then, in the plasticity phase and unless frozen, in this order: STDP, IP,
 * structural plasticity, iSTDP, synaptic normalisation of the changed columns.
 *
 * Random numbers come from draws.ts (blocks of 32 steps, keyed by `fold(key, ⌊t/32⌋)`),
 * shared with the dense reference step, so both give identical bits.
 *
 * @module
 */
import { InvalidConfig } from "@neuroplastic/core/errors";
import {
  addSynapse,
  chooseAbsentPair,
  clearColumnSet,
  type ColumnSet,
  createColumnSet,
  markColumn,
  synapseCount,
} from "@neuroplastic/plasticity";
import { checkInput, hIp, isPlastic, type Mechanism, type SornConfig } from "./config.ts";
import {
  cloneState,
  EE_TRAJECTORY_EVERY,
  FIRST_STEPS,
  POPULATION_WINDOW,
  type SornState,
} from "./state.ts";
import {
  createDrawCache,
  type DrawCache,
  inputOffset,
  noiseOffset,
  structuralGate,
  structuralPairKey,
} from "./draws.ts";
import {
  activeIndices,
  istdpBinary,
  normalizeTouched,
  stdpBinaryColumns,
  stdpNormBinaryColumns,
} from "./kernels.ts";

/**
 * Preallocated buffers of the event-driven step (one per run, reused every step).
 *
 * @example
 * ```ts
 * import { createScratch } from "@neuroplastic/engines/sorn";
 * const sc = createScratch(200, 40, 10);
 * console.log(sc.driveE.length); // 200
 * ```
 */
export interface StepScratch {
  /** Cached blocks of random draws. */
  readonly draws: DrawCache;
  /** Σ_j Wee[j,i] x_j per excitatory neuron. */
  readonly driveE: Float64Array;
  /** Σ_k Wei[k,i] y_k per excitatory neuron. */
  readonly inhE: Float64Array;
  /** Σ_j Wie[j,k] x_j per inhibitory neuron. */
  readonly driveI: Float64Array;
  /** x(t+1) being computed. */
  readonly xNew: Uint8Array;
  /** y(t+1) being computed. */
  readonly yNew: Uint8Array;
  /** Excitatory neurons active at t (ascending). */
  readonly activeX: Int32Array;
  /** Excitatory neurons active at t+1 (ascending). */
  readonly activeXNew: Int32Array;
  /** Inhibitory neurons active at t. */
  readonly activeY: Int32Array;
  /** E→E columns changed this step. */
  readonly touchedEE: ColumnSet;
  /** I→E columns changed this step. */
  readonly touchedEI: ColumnSet;
}

/**
 * Mask bit of a {@link stepMask}: STDP on.
 *
 * @example
 * ```ts
 * import { sornDefaults, STEP_STDP, stepMask } from "@neuroplastic/engines/sorn";
 * console.log((stepMask({ ...sornDefaults, freeze: ["stdp"] }) & STEP_STDP) === 0); // true
 * ```
 */
export const STEP_STDP = 1;
/**
 * Mask bit of a {@link stepMask}: intrinsic plasticity on.
 *
 * @example
 * ```ts
 * import { sornDefaults, STEP_IP, stepMask } from "@neuroplastic/engines/sorn";
 * console.log((stepMask(sornDefaults) & STEP_IP) !== 0); // true
 * ```
 */
export const STEP_IP = 2;
/**
 * Mask bit of a {@link stepMask}: structural plasticity on.
 *
 * @example
 * ```ts
 * import { sornDefaults, STEP_SP, stepMask } from "@neuroplastic/engines/sorn";
 * console.log((stepMask({ ...sornDefaults, phase: "training" }) & STEP_SP) === 0); // true
 * ```
 */
export const STEP_SP = 4;
/**
 * Mask bit of a {@link stepMask}: inhibitory STDP on.
 *
 * @example
 * ```ts
 * import { sornDefaults, STEP_ISTDP, stepMask } from "@neuroplastic/engines/sorn";
 * console.log((stepMask(sornDefaults) & STEP_ISTDP) !== 0); // true
 * ```
 */
export const STEP_ISTDP = 8;
/**
 * Mask bit of a {@link stepMask}: synaptic normalisation on.
 *
 * @example
 * ```ts
 * import { sornDefaults, STEP_SS, stepMask } from "@neuroplastic/engines/sorn";
 * console.log((stepMask({ ...sornDefaults, freeze: ["ss"] }) & STEP_SS) === 0); // true
 * ```
 */
export const STEP_SS = 16;
/**
 * Mask bit of a {@link stepMask}: U(0,1) input when none is given (`input: "uniform"`).
 *
 * @example
 * ```ts
 * import { sornDefaults, STEP_UNIFORM_INPUT, stepMask } from "@neuroplastic/engines/sorn";
 * console.log((stepMask({ ...sornDefaults, input: "none" }) & STEP_UNIFORM_INPUT) === 0); // true
 * ```
 */
export const STEP_UNIFORM_INPUT = 32;

const MECHANISM_BITS: readonly [Mechanism, number][] = [
  ["stdp", STEP_STDP],
  ["ip", STEP_IP],
  ["sp", STEP_SP],
  ["istdp", STEP_ISTDP],
  ["ss", STEP_SS],
];

/**
 * The switches of a config as a bit mask: one bit per plastic mechanism (none in
 * the training phase or when frozen) and one for uniform input. Computed once per
 * run and passed as a number, so the hot loop compares integers, not strings.
 *
 * @example
 * ```ts
 * import { STEP_IP, stepMask, sornDefaults } from "@neuroplastic/engines/sorn";
 * console.log((stepMask({ ...sornDefaults, freeze: ["ip"] }) & STEP_IP) === 0); // true
 * ```
 */
export const stepMask = (config: SornConfig): number => {
  let m = config.input === "uniform" ? STEP_UNIFORM_INPUT : 0;
  for (const [name, bit] of MECHANISM_BITS) if (isPlastic(config, name)) m |= bit;
  return m;
};

/**
 * Allocates the buffers of {@link stepInPlace}.
 *
 * @example
 * ```ts
 * import { createScratch } from "@neuroplastic/engines/sorn";
 * console.log(createScratch(4, 1, 2).driveI.length); // 1
 * ```
 */
export const createScratch = (ne: number, ni: number, nu: number): StepScratch => ({
  draws: createDrawCache(ne, ni, nu),
  driveE: new Float64Array(ne),
  inhE: new Float64Array(ne),
  driveI: new Float64Array(ni),
  xNew: new Uint8Array(ne),
  yNew: new Uint8Array(ni),
  activeX: new Int32Array(ne),
  activeXNew: new Int32Array(ne),
  activeY: new Int32Array(ni),
  touchedEE: createColumnSet(ne),
  touchedEI: createColumnSet(ne),
});

/** Stand-in noise buffer for σ = 0 (never read: the threshold loops add 0 when `nOff` < 0). */
const ZERO_NOISE = new Float32Array(1);

// The step's loops as small functions: V8 optimises each one early and cheaply (one long
// function stayed in its mid tier for thousands of steps, boxing every double it computed,
// and took ~0.3–0.8 s of compile time on a loaded 2-core machine to reach the top tier).

/** drive[post] += w for the outgoing synapses of each listed presynaptic neuron, in list order. */
const scatterRows = (
  inW: Float64Array,
  outIdx: Int32Array,
  outPos: Int32Array,
  outLen: Int32Array,
  outCap: number,
  active: Int32Array,
  nA: number,
  drive: Float64Array,
): void => {
  for (let a = 0; a < nA; a++) {
    const j = active[a];
    const rowBase = j * outCap;
    const end = rowBase + outLen[j];
    for (let q = rowBase; q < end; q++) drive[outIdx[q]] += inW[outPos[q]];
  }
};

/**
 * E→I drive: rows of the dense Wie, eight (then four) at a time; ((d + w0) + w1) + … keeps the
 * ascending-j summation order of the dense loop, so the bits are the same.
 */
const denseRowsSum = (
  wie: Float64Array,
  ni: number,
  activeX: Int32Array,
  nA: number,
  driveI: Float64Array,
): void => {
  let a4 = 0;
  for (; a4 + 7 < nA; a4 += 8) {
    const b0 = activeX[a4] * ni;
    const b1 = activeX[a4 + 1] * ni;
    const b2 = activeX[a4 + 2] * ni;
    const b3 = activeX[a4 + 3] * ni;
    const b4 = activeX[a4 + 4] * ni;
    const b5 = activeX[a4 + 5] * ni;
    const b6 = activeX[a4 + 6] * ni;
    const b7 = activeX[a4 + 7] * ni;
    for (let q = 0; q < ni; q++) {
      driveI[q] = driveI[q] + wie[b0 + q] + wie[b1 + q] + wie[b2 + q] + wie[b3 + q] +
        wie[b4 + q] + wie[b5 + q] + wie[b6 + q] + wie[b7 + q];
    }
  }
  for (; a4 + 3 < nA; a4 += 4) {
    const b0 = activeX[a4] * ni;
    const b1 = activeX[a4 + 1] * ni;
    const b2 = activeX[a4 + 2] * ni;
    const b3 = activeX[a4 + 3] * ni;
    for (let q = 0; q < ni; q++) {
      driveI[q] = driveI[q] + wie[b0 + q] + wie[b1 + q] + wie[b2 + q] + wie[b3 + q];
    }
  }
  for (; a4 < nA; a4++) {
    const b0 = activeX[a4] * ni;
    for (let q = 0; q < ni; q++) driveI[q] += wie[b0 + q];
  }
};

/** IP's two updates η(x' − h_IP), indexed by x' (set per step when `ip`). */
const IP_STEP = new Float64Array(2);

/**
 * x'_i = H(drive − inh + ξ + u − Te) and r_i = drive − inh + ξ − Te (ξ = 0 when `nOff` < 0;
 * u only for i < nuOn); returns the number active, listed in `activeNew`. With `ip`, also IP:
 * Te_i ← clip(Te_i + IP_STEP[x'_i], lo, hi), each neuron right after its threshold test (the same
 * operations as `ipBinary` after the loop: nothing between reads Te).
 */
const thresholdE = (
  driveE: Float64Array,
  inhE: Float64Array,
  noise: Float32Array,
  nOff: number,
  te: Float64Array,
  r: Float64Array,
  u: ArrayLike<number>,
  uOff: number,
  nuOn: number,
  ne: number,
  xNew: Uint8Array,
  activeNew: Int32Array,
  ip: boolean,
  lo: number,
  hi: number,
): number => {
  // Input units first, then the rest: no per-neuron test of i < nuOn. The firing test is a
  // 0/1 value, not a branch (1 neuron in 10 fires: a branch on it often went the wrong way).
  const withNoise = nOff >= 0;
  const nu = nuOn < ne ? nuOn : ne;
  let nNew = 0;
  for (let i = 0; i < nu; i++) {
    const base = driveE[i] - inhE[i] + (withNoise ? noise[nOff + i] : 0);
    r[i] = base - te[i];
    const f = base + u[uOff + i] - te[i] > 0 ? 1 : 0;
    xNew[i] = f;
    activeNew[nNew] = i;
    nNew += f;
    if (ip) {
      // IP (ipBinary), here because Te is not read again in the step
      const v = te[i] + IP_STEP[f];
      if (v <= lo) te[i] = lo;
      else if (v > hi) te[i] = hi;
      else te[i] = v;
    }
  }
  if (withNoise && ip) {
    return restNoiseIp(driveE, inhE, noise, nOff, te, r, nu, ne, xNew, activeNew, nNew, lo, hi);
  }
  for (let i = nu; i < ne; i++) {
    const ri = driveE[i] - inhE[i] + (withNoise ? noise[nOff + i] : 0) - te[i];
    r[i] = ri;
    const f = ri > 0 ? 1 : 0;
    xNew[i] = f;
    activeNew[nNew] = i;
    nNew += f;
    if (ip) {
      const v = te[i] + IP_STEP[f];
      if (v <= lo) te[i] = lo;
      else if (v > hi) te[i] = hi;
      else te[i] = v;
    }
  }
  return nNew;
};

/**
 * thresholdE's loop over the neurons without input for the usual case (noise and IP on), with no
 * test of either per neuron; continues the active list at `nNew` and returns its length.
 */
const restNoiseIp = (
  driveE: Float64Array,
  inhE: Float64Array,
  noise: Float32Array,
  nOff: number,
  te: Float64Array,
  r: Float64Array,
  from: number,
  ne: number,
  xNew: Uint8Array,
  activeNew: Int32Array,
  nNew: number,
  lo: number,
  hi: number,
): number => {
  for (let i = from; i < ne; i++) {
    const t = te[i];
    const ri = driveE[i] - inhE[i] + noise[nOff + i] - t;
    r[i] = ri;
    const f = ri > 0 ? 1 : 0;
    xNew[i] = f;
    activeNew[nNew] = i;
    nNew += f;
    const v = t + IP_STEP[f];
    if (v <= lo) te[i] = lo;
    else if (v > hi) te[i] = hi;
    else te[i] = v;
  }
  return nNew;
};

/** y'_k = H(drive + ξ − Ti) (ξ = 0 when `nOff` < 0). */
const thresholdI = (
  driveI: Float64Array,
  noise: Float32Array,
  nOff: number,
  ti: Float64Array,
  ni: number,
  yNew: Uint8Array,
): void => {
  const withNoise = nOff >= 0;
  for (let q = 0; q < ni; q++) {
    yNew[q] = driveI[q] + (withNoise ? noise[nOff + q] : 0) - ti[q] > 0 ? 1 : 0;
  }
};

/** The running spike statistics after a step (see `SpikeCounters`). */
const updateCounters = (
  c: SornState["counters"],
  activeXNew: Int32Array,
  nNew: number,
  yNew: Uint8Array,
  ni: number,
  ne: number,
  fanoWindow: number,
  ee: SornState["ee"],
): void => {
  c.steps += 1;
  for (let a = 0; a < nNew; a++) {
    const i = activeXNew[a];
    c.spikesE[i] += 1;
    c.windowE[i] += 1;
  }
  // y' is 0 or 1: adding it (0 adds nothing to a count ≥ 0) instead of a branch that is
  // taken for about one inhibitory neuron in five
  let nI = 0;
  const spikesI = c.spikesI;
  for (let q = 0; q < ni; q++) {
    const f = yNew[q];
    spikesI[q] += f;
    nI += f;
  }
  // Population counts of the last POPULATION_WINDOW steps (ring), first-steps spikes, and
  // the E→E count every EE_TRAJECTORY_EVERY steps (one number per 500 steps).
  const slot = (c.steps - 1) % POPULATION_WINDOW;
  c.popE[slot] = nNew;
  c.popI[slot] = nI;
  if (c.steps <= FIRST_STEPS) c.firstSpikesE += nNew;
  if (c.steps % EE_TRAJECTORY_EVERY === 0) c.eeTrajectory.push(synapseCount(ee));
  c.windowPos += 1;
  if (c.windowPos >= fanoWindow) {
    for (let i = 0; i < ne; i++) {
      const n = c.windowE[i];
      c.windowSum[i] += n;
      c.windowSumSq[i] += n * n;
      c.windowE[i] = 0;
    }
    c.windows += 1;
    c.windowPos = 0;
  }
};

/**
 * Advances `s` by one step in place (the transient kernel behind `step` and `run`).
 * `input`, when given, must have length nu (validate with `checkInput` first);
 * `mask` must be `stepMask(config)` (pass it precomputed in loops).
 *
 * @example
 * ```ts
 * import { cloneState, createScratch, initState, sornDefaults, stepInPlace } from "@neuroplastic/engines/sorn";
 * import { key } from "@neuroplastic/core/random";
 * const s = cloneState(initState(sornDefaults, key(0)));
 * stepInPlace(s, sornDefaults, createScratch(200, 40, 10));
 * console.log(s.t); // 1
 * ```
 */
export const stepInPlace = (
  s: SornState,
  config: SornConfig,
  sc: StepScratch,
  input?: ArrayLike<number>,
  mask: number = stepMask(config),
): void => {
  const { ne, ni } = s;
  const { x, y, te, ti, r, ee, ei, wie } = s;
  const { driveE, inhE, driveI, xNew, yNew, activeX, activeXNew, activeY } = sc;
  const t = s.t;

  // ξ ~ N(0, σ²): ne values for E then ni for I (Simulator_.run, white_gaussian_noise).
  const sigma = config.noise_sigma;
  const noise = sc.draws.noise;
  const nOff = sigma > 0 ? noiseOffset(sc.draws, s.key, t, sigma) : 0;
  // External input: given, else U(0,1) on the nu input units, else none.
  let u: ArrayLike<number> = sc.draws.input;
  let uOff = 0;
  let nuOn = 0;
  if (input !== undefined) {
    u = input;
    nuOn = s.nu;
  } else if ((mask & STEP_UNIFORM_INPUT) !== 0 && s.nu > 0) {
    uOff = inputOffset(sc.draws, s.key, t);
    nuOn = s.nu;
  }

  // Active neurons at t, ascending.
  const nA = activeIndices(x, ne, activeX);
  const nY = activeIndices(y, ni, activeY);

  // Drives, scattered from active presynaptic neurons in ascending order
  // (each target's sum is accumulated in the same order as a dense loop over j).
  driveE.fill(0);
  inhE.fill(0);
  driveI.fill(0);
  scatterRows(ee.inW, ee.outIdx, ee.outPos, ee.outLen, ee.outCap, activeX, nA, driveE);
  denseRowsSum(wie, ni, activeX, nA, driveI);
  scatterRows(ei.inW, ei.outIdx, ei.outPos, ei.outLen, ei.outCap, activeY, nY, inhE);

  // x'_i = H(Wee^T x − Wei^T y + ξ + u − Te), r_i = same without u (recurrent_drive).
  // With IP on, IP is done in the same loop (step 2 below); ipBinary's two values η(x' − h).
  const ip = (mask & STEP_IP) !== 0;
  if (ip) {
    const h = hIp(config);
    IP_STEP[0] = config.eta_ip * (0 - h);
    IP_STEP[1] = config.eta_ip * (1 - h);
  }
  const lo = config.te_min, hi = config.te_max;
  const nNew = sigma > 0
    ? thresholdE(driveE, inhE, noise, nOff, te, r, u, uOff, nuOn, ne, xNew, activeXNew, ip, lo, hi)
    : thresholdE(
      driveE,
      inhE,
      ZERO_NOISE,
      -1,
      te,
      r,
      u,
      uOff,
      nuOn,
      ne,
      xNew,
      activeXNew,
      ip,
      lo,
      hi,
    );
  // y'_k = H(Wie^T x + ξ − Ti).
  if (sigma > 0) thresholdI(driveI, noise, nOff + ne, ti, ni, yNew);
  else thresholdI(driveI, ZERO_NOISE, -1, ti, ni, yNew);

  if ((mask & (STEP_STDP | STEP_IP | STEP_SP | STEP_ISTDP | STEP_SS)) !== 0) {
    const prune = config.prune;
    const touchedEE = sc.touchedEE;
    const touchedEI = sc.touchedEI;
    // Does structural plasticity add a synapse this step? (A pure function of (key, t): asking
    // before STDP draws nothing else.)
    const spAdds = (mask & STEP_SP) !== 0 && config.sp_prob > 0 &&
      structuralGate(sc.draws, s.key, t) < config.sp_prob;
    // STDP and SN of E→E in one pass per column (stdpNormBinaryColumns) when nothing else changes
    // E→E in between, i.e. without a structural addition this step: the same bits as 1 and 5.
    const fusedEE = (mask & STEP_SS) !== 0 && !spAdds;
    // 1. STDP on existing E→E synapses (by columns: contiguous, same result as by rows;
    // kernels.ts: stdpSparseColumns for binary states, branch-free on ΔW = 0).
    if ((mask & STEP_STDP) !== 0 && config.eta_stdp > 0 && fusedEE) {
      stdpNormBinaryColumns(
        ee,
        x,
        xNew,
        activeX,
        nA,
        activeXNew,
        nNew,
        config.eta_stdp,
        config.w_max,
        prune,
      );
    } else if ((mask & STEP_STDP) !== 0 && config.eta_stdp > 0) {
      stdpBinaryColumns(
        ee,
        x,
        xNew,
        activeX,
        nA,
        activeXNew,
        nNew,
        config.eta_stdp,
        config.w_max,
        prune,
        touchedEE,
      );
    }
    // 2. IP: Te ← clip(Te + η_IP (x' − h_IP), te_min, te_max) (Lazar et al. 2009, Eq. 5): done
    // in thresholdE above.
    // 3. Structural plasticity: with p add one absent off-diagonal E→E synapse.
    if (spAdds) {
      const idx = chooseAbsentPair(structuralPairKey(s.key, t), ne, ee.mask);
      if (idx >= 0) {
        const post = idx % ne;
        addSynapse(ee, (idx - post) / ne, post, config.sp_weight);
        markColumn(touchedEE, post);
      }
    }
    // 4. iSTDP on existing I→E synapses (uses y(t) and x(t+1)).
    if ((mask & STEP_ISTDP) !== 0 && config.eta_inhib > 0) {
      istdpBinary(
        ei,
        y,
        activeY,
        nY,
        xNew,
        config.eta_inhib,
        config.mu_ip,
        config.w_max,
        prune,
        touchedEI,
      );
    }
    // 5. SN: renormalise the changed columns of Wee and Wei.
    if ((mask & STEP_SS) !== 0) {
      normalizeTouched(ee, touchedEE);
      normalizeTouched(ei, touchedEI);
    } else {
      clearColumnSet(touchedEE);
      clearColumnSet(touchedEI);
    }
  }

  x.set(xNew);
  y.set(yNew);
  s.t += 1;

  // Running spike statistics.
  updateCounters(s.counters, activeXNew, nNew, yNew, ni, ne, config.fano_window, ee);
};

/**
 * Throws `InvalidConfig` when a state's sizes differ from the config's.
 *
 * @example
 * ```ts
 * import { checkShapes, initState, sornDefaults } from "@neuroplastic/engines/sorn";
 * import { key } from "@neuroplastic/core/random";
 * checkShapes(initState(sornDefaults, key(0)), sornDefaults); // ok
 * ```
 */
export const checkShapes = (s: SornState, config: SornConfig): void => {
  for (const f of ["ne", "ni", "nu"] as const) {
    if (s[f] !== config[f]) {
      throw new InvalidConfig({
        field: f,
        message: `${f}: the state has ${f} = ${s[f]} but the config has ${config[f]}`,
        allowed: `${s[f]} (the state's size)`,
      });
    }
  }
};

/**
 * One step (pure): returns a new state; `state` is not modified. `input` (length
 * nu) overrides the config's input mode for this step. Throws `InvalidConfig` for
 * an input of the wrong length or with non-finite values.
 *
 * @example
 * ```ts
 * import { initState, sornDefaults, step } from "@neuroplastic/engines/sorn";
 * import { key } from "@neuroplastic/core/random";
 * const s0 = initState(sornDefaults, key(1));
 * const s1 = step(s0, sornDefaults);
 * console.log(s0.t, s1.t); // 0 1
 * ```
 */
export const step = (
  state: SornState,
  config: SornConfig,
  input?: ArrayLike<number>,
): SornState => {
  checkShapes(state, config);
  if (input !== undefined) {
    const bad = checkInput(config, input);
    if (bad) throw bad;
  }
  const s = cloneState(state);
  stepInPlace(s, config, createScratch(s.ne, s.ni, s.nu), input);
  return s;
};
