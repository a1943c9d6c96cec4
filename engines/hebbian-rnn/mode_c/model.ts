/**
 * Mode C: reward-modulated Hebbian learning without backpropagation (Miconi 2017, eLife;
 * reference `dnms/net.cpp`, METHOD = DELTAX, MODULTYPE = DECOUPLED) on delayed
 * non-match-to-sample. No gradient is computed anywhere in this file: the weight change is a
 * supralinear Hebbian eligibility trace times a scalar reward-prediction error.
 *
 * Per step (dt = 1 ms, τ = 30 ms, net.cpp main loop):
 * ```
 * e_i   = Σ_j J_ij r_j + Σ_k W_in,ik u_k + ξ_i        ξ_i = U(−1,1)·16 with prob. 0.003 (t > 3)
 * x_i  ← x_i + dt/τ (−x_i + e_i);  x_1 = x_10 = 1, x_11 = −1 (bias units);  r = tanh(x)
 * E_ij += (r_j(t−1) · (x_i − x̄_i))³  (t > 2);   x̄ ← 0.05 x̄ + 0.95 x
 * ```
 * Per trial: `err = mean_{last 200 ms} |r_0 − target|`, then (trials > 100)
 * `ΔJ_ij = clip(−η · R̄ · E_ij · (err − R̄), ±3e-4)` and `R̄ ← 0.75 R̄ + 0.25 err`, with R̄ the
 * running average error of this trial type (net.cpp multiplies by R̄ as well, "may help to
 * stabilize learning").
 *
 * @module
 */
import { fillUniform, fold, type Key, normal, split, uniform } from "@neuroplastic/core/random";
import type { Json } from "@neuroplastic/core/sim";
import {
  eligibilityAccumulateNaive,
  eligibilityCubedFromHistory,
  rewardModulatedUpdate,
} from "../plasticity.ts";
import type { ModeCConfig } from "./config.ts";

/** Number of input channels (net.cpp NBIN = 3; channel 0 is the unused "go" signal). */
export const MODE_C_INPUTS = 3;

/** Mode C learner state: weights, running averages and the per-trial history. */
export interface ModeCState {
  /** Trials completed. */
  readonly trial: number;
  /** Recurrent weights, row-major `[post][pre]` (n×n). */
  readonly J: Float64Array;
  /** Input weights `[neuron][channel]` (n×3), fixed (net.cpp: "No plasticity for input weights"). */
  readonly win: Float64Array;
  /** Running average x̄ of the excitation (carried across trials, as net.cpp). */
  readonly xTrace: Float64Array;
  /** Running-average error R̄ per trial type (4). */
  readonly errTrace: Float64Array;
  /** Random key for the next trial. */
  readonly key: Key;
  /** Mean absolute error of every trial. */
  readonly errs: Float64Array;
  /** 1 when the sign of the mean response over the response window was wrong. */
  readonly wrong: Uint8Array;
}

/** What one trial produced. */
export interface ModeCTrialResult {
  /** Trial type 0..3 (which pair of stimuli). */
  readonly trialType: number;
  /** Mean |r_0 − target| over the response window. */
  readonly meanErr: number;
  /** Mean output r_0 over the response window. */
  readonly meanResponse: number;
  /** Whether the sign of the mean response was right. */
  readonly correct: boolean;
  /** The output neuron r_0 at every step (only when requested). */
  readonly output?: Float64Array;
}

/**
 * Trial type → stimulus channels (1 or 2) of the two stimuli and the target sign
 * (net.cpp `patterns`, `tgtresps`: match → −0.98, non-match → +0.98).
 *
 * @example
 * ```ts
 * import { dnmsTrial } from "@neuroplastic/engines/hebbian-rnn";
 * console.log(dnmsTrial(1)); // { first: 1, second: 2, sign: 1 }
 * ```
 */
export const dnmsTrial = (type: number): { first: number; second: number; sign: number } => {
  const first = type < 2 ? 1 : 2;
  const second = type % 2 === 0 ? 1 : 2;
  return { first, second, sign: first === second ? -1 : 1 };
};

/**
 * Fresh learner: `J ~ g·N(0,1)/√n` (net.cpp `randJ`, PROBACONN = 1), `W_in ~ U(−1,1)` with the
 * output neuron's row zeroed, x̄ = 0, R̄ = 0.
 *
 * @example
 * ```ts
 * import { initModeC, modeCDefaults } from "@neuroplastic/engines/hebbian-rnn";
 * import { key } from "@neuroplastic/core/random";
 * console.log(initModeC(modeCDefaults, key(0)).J.length); // 40000
 * ```
 */
export const initModeC = (c: ModeCConfig, k: Key): ModeCState => {
  const [kJ, kW, kRun] = split(k, 3);
  const n = c.n;
  // J_ij = G · N(0, 1) / √(PROBACONN · N)   (net.cpp randJ)
  const J = normal(kJ, n * n, 0, c.g / Math.sqrt(n));
  // win.setRandom() (U(−1, 1)); win.row(0).setZero()
  const win = uniform(kW, n * MODE_C_INPUTS, -1, 1);
  win.fill(0, 0, MODE_C_INPUTS);
  return {
    trial: 0,
    J,
    win,
    xTrace: new Float64Array(n),
    errTrace: new Float64Array(4),
    key: kRun,
    errs: new Float64Array(0),
    wrong: new Uint8Array(0),
  };
};

/** Scratch buffers of one learner (allocated once per run). */
export interface ModeCScratch {
  /** Excitations x (n). */
  readonly x: Float64Array;
  /** Rates r = tanh(x) (n). */
  readonly r: Float64Array;
  /** Rates of the previous step r(t−1) (n). */
  readonly rPrev: Float64Array;
  /** Total input of each neuron at this step (n). */
  readonly total: Float64Array;
  /** Deviation δx = x − x̄ (n). */
  readonly dev: Float64Array;
  /** Eligibility trace e (n×n). */
  readonly e: Float64Array;
  /** Per-step cubes δx(t)³ of the trial (T×n). */
  readonly devCubed: Float64Array;
  /** Per-step cubes r(t−1)³ of the trial (T×n). */
  readonly preCubed: Float64Array;
  /** Perturbation draws of the trial (T×n). */
  readonly u: Float64Array;
}

/**
 * Allocates the per-run scratch (the eligibility matrix and one trial of perturbation draws).
 *
 * @example
 * ```ts
 * import { modeCScratch, modeCDefaults } from "@neuroplastic/engines/hebbian-rnn";
 * console.log(modeCScratch(modeCDefaults).e.length); // 40000
 * ```
 */
export const modeCScratch = (c: ModeCConfig): ModeCScratch => ({
  x: new Float64Array(c.n),
  r: new Float64Array(c.n),
  rPrev: new Float64Array(c.n),
  total: new Float64Array(c.n),
  dev: new Float64Array(c.n),
  e: new Float64Array(c.n * c.n),
  devCubed: new Float64Array(c.n * c.trialTime),
  preCubed: new Float64Array(c.n * c.trialTime),
  u: new Float64Array(c.n * c.trialTime),
});

/** Mutable view of the parts of {@link ModeCState} a trial changes. */
interface Mutable {
  J: Float64Array;
  win: Float64Array;
  xTrace: Float64Array;
  errTrace: Float64Array;
}

/**
 * Simulates one trial **in place** on `s` (J, x̄ and R̄ change): the kernel of
 * {@link modeCTrial} and {@link runModeC}. `trialIndex` selects the trial type (`% 4`, as
 * net.cpp) and the trial's randomness (`fold(key, trialIndex)`); `learn = false` freezes J and R̄
 * (the reference's TESTING phase). `impl = "plain"` accumulates the eligibility with the
 * literal per-step, per-synapse loop of net.cpp (the benchmark baseline and test oracle);
 * `"fast"` stores the per-step cubes and forms the trial's eligibility with one GEMM.
 *
 * @example
 * ```ts
 * import { initModeC, modeCDefaults, modeCScratch, modeCTrialInPlace } from "@neuroplastic/engines/hebbian-rnn";
 * import { key } from "@neuroplastic/core/random";
 * const c = { ...modeCDefaults, n: 20, trialTime: 100, stim1Time: 20, stim2Start: 40, stim2Time: 20, evalTime: 20 };
 * const s = initModeC(c, key(1));
 * const res = modeCTrialInPlace({ ...s }, c, s.key, 0, true, modeCScratch(c));
 * console.log(res.trialType); // 0
 * ```
 */
export const modeCTrialInPlace = (
  s: Mutable,
  c: ModeCConfig,
  runKey: Key,
  trialIndex: number,
  learn: boolean,
  b: ModeCScratch,
  recordOutput = false,
  impl: "fast" | "plain" = "fast",
): ModeCTrialResult => {
  const n = c.n;
  const T = c.trialTime;
  const type = trialIndex % 4;
  const { first, second, sign } = dnmsTrial(type);
  const tgt = sign * c.target;
  const [kInit, kPert] = split(fold(runKey, trialIndex), 2);
  const { x, r, rPrev, total, dev, e, devCubed, preCubed, u } = b;
  const J = s.J;
  const win = s.win;
  const xTrace = s.xTrace;
  // x.setRandom(); x *= .1; biases; r = tanh(x)   (net.cpp, start of trial)
  fillUniform(kInit, x, -0.1, 0.1);
  x[1] = 1;
  x[10] = 1;
  x[11] = -1;
  for (let i = 0; i < n; i++) r[i] = Math.tanh(x[i]);
  // One uniform per neuron and step decides the perturbation; given u < p, u/p is U(0, 1)
  // and independent of the event, so it also gives the amplitude (one draw instead of two).
  fillUniform(kPert, u);
  const accumulate = learn && trialIndex > c.warmupTrials;
  if (accumulate) {
    e.fill(0);
    if (impl === "fast") {
      devCubed.fill(0, 0, 3 * n);
      preCubed.fill(0, 0, 3 * n);
    }
  }
  const p = c.probaModul;
  const dtTau = c.dt / c.tau;
  const keepExc = c.alphaTraceExc;
  const out = recordOutput ? new Float64Array(T) : undefined;
  let errSum = 0;
  let respSum = 0;
  const evalStart = T - c.evalTime;
  for (let t = 0; t < T; t++) {
    const in1 = (t >= c.stim1Start && t < c.stim1Start + c.stim1Time && first === 1) ||
        (t >= c.stim2Start && t < c.stim2Start + c.stim2Time && second === 1)
      ? 1
      : 0;
    const in2 = (t >= c.stim1Start && t < c.stim1Start + c.stim1Time && first === 2) ||
        (t >= c.stim2Start && t < c.stim2Start + c.stim2Time && second === 2)
      ? 1
      : 0;
    rPrev.set(r);
    for (let i = 0; i < n; i++) {
      let acc = 0;
      const row = i * n;
      for (let j = 0; j < n; j++) acc += J[row + j] * r[j];
      // total_exc = J r + W_in input   (net.cpp)
      total[i] = acc + win[i * MODE_C_INPUTS + 1] * in1 + win[i * MODE_C_INPUTS + 2] * in2;
    }
    if (t > 3) {
      const uo = t * n;
      for (let i = 0; i < n; i++) {
        const v = u[uo + i];
        // DECOUPLED: with prob. PROBAMODUL, total_exc_i += ALPHAMODUL · U(−1, 1)
        if (v < p) total[i] += c.alphaModul * (-1 + (2 * v) / p);
      }
    }
    for (let i = 0; i < n; i++) {
      // x += dt/τ (−x + total_exc)
      x[i] += dtTau * (-x[i] + total[i]);
    }
    x[1] = 1;
    x[10] = 1;
    x[11] = -1;
    for (let i = 0; i < n; i++) {
      r[i] = Math.tanh(x[i]);
      // δx = x − x̄ ; x̄ ← ALPHATRACEEXC x̄ + (1 − ALPHATRACEEXC) x
      dev[i] = x[i] - xTrace[i];
      xTrace[i] = keepExc * xTrace[i] + (1 - keepExc) * x[i];
    }
    if (out) out[t] = r[0];
    // E_ij += (r_j(t−1) δx_i)³ for t > 2   (net.cpp DELTAX; Miconi 2017 Eq. 3)
    if (accumulate && t > 2) {
      if (impl === "plain") eligibilityAccumulateNaive(e, dev, rPrev, n, n);
      else {
        const o = t * n;
        for (let i = 0; i < n; i++) {
          const d = dev[i];
          const q = rPrev[i];
          devCubed[o + i] = d * d * d;
          preCubed[o + i] = q * q * q;
        }
      }
    }
    if (t >= evalStart) {
      errSum += Math.abs(r[0] - tgt);
      respSum += r[0];
    }
  }
  const meanErr = errSum / c.evalTime;
  const meanResponse = respSum / c.evalTime;
  // E_ij = Σ_{t>2} (r_j(t−1) δx_i(t))³ = Σ_t δx_i(t)³ r_j(t−1)³ (one GEMM for the whole trial)
  if (accumulate && impl === "fast") eligibilityCubedFromHistory(e, devCubed, preCubed, T, n, n);
  if (learn) {
    const rBar = s.errTrace[type];
    if (accumulate) {
      // ΔJ = clip(−η · R̄ · E · (err − R̄), ±MAXDW)   (net.cpp; Miconi 2017 Eq. 4)
      rewardModulatedUpdate(J, e, c.eta, meanErr, rBar, rBar, c.maxDw);
    }
    // R̄ ← ALPHATRACE R̄ + (1 − ALPHATRACE) err
    s.errTrace[type] = c.alphaTrace * rBar + (1 - c.alphaTrace) * meanErr;
  }
  return {
    trialType: type,
    meanErr,
    meanResponse,
    correct: Math.sign(meanResponse) === sign,
    output: out,
  };
};

const grow = <A extends Float64Array | Uint8Array>(a: A, extra: number): A => {
  const b = new (a.constructor as { new (n: number): A })(a.length + extra);
  b.set(a);
  return b;
};

/**
 * `n` learning trials from `s` (pure at its boundary: one copy, then in place); equals `n`
 * calls of {@link modeCTrial} bit for bit.
 *
 * @example
 * ```ts
 * import { initModeC, modeCDefaults, runModeC } from "@neuroplastic/engines/hebbian-rnn";
 * import { key } from "@neuroplastic/core/random";
 * const c = { ...modeCDefaults, n: 20, trialTime: 100, stim1Time: 20, stim2Start: 40, stim2Time: 20, evalTime: 20 };
 * console.log(runModeC(initModeC(c, key(1)), c, 3).trial); // 3
 * ```
 */
export const runModeC = (
  s: ModeCState,
  c: ModeCConfig,
  n: number,
  scratch: ModeCScratch = modeCScratch(c),
): ModeCState => {
  const w: Mutable = {
    J: s.J.slice(),
    win: s.win.slice(),
    xTrace: s.xTrace.slice(),
    errTrace: s.errTrace.slice(),
  };
  const errs = grow(s.errs, n);
  const wrong = grow(s.wrong, n);
  for (let k = 0; k < n; k++) {
    const t = s.trial + k;
    const res = modeCTrialInPlace(w, c, s.key, t, true, scratch);
    errs[t] = res.meanErr;
    wrong[t] = res.correct ? 0 : 1;
  }
  return { ...w, trial: s.trial + n, key: s.key, errs, wrong };
};

/**
 * One pure learning trial.
 *
 * @example
 * ```ts
 * import { initModeC, modeCDefaults, modeCTrial } from "@neuroplastic/engines/hebbian-rnn";
 * import { key } from "@neuroplastic/core/random";
 * const c = { ...modeCDefaults, n: 20, trialTime: 100, stim1Time: 20, stim2Start: 40, stim2Time: 20, evalTime: 20 };
 * console.log(modeCTrial(initModeC(c, key(1)), c).errs.length); // 1
 * ```
 */
export const modeCTrial = (s: ModeCState, c: ModeCConfig): ModeCState => runModeC(s, c, 1);

/**
 * Evaluates the current weights without learning (net.cpp TESTING phase) on `trials` trials
 * (cycling the four types), drawing from a key separate from training.
 *
 * @example
 * ```ts
 * import { initModeC, modeCDefaults, modeCEvaluate } from "@neuroplastic/engines/hebbian-rnn";
 * import { key } from "@neuroplastic/core/random";
 * const c = { ...modeCDefaults, n: 20, trialTime: 100, stim1Time: 20, stim2Start: 40, stim2Time: 20, evalTime: 20 };
 * console.log(modeCEvaluate(initModeC(c, key(1)), c, 4).errorRate <= 1); // true
 * ```
 */
export const modeCEvaluate = (
  s: ModeCState,
  c: ModeCConfig,
  trials: number,
  recordOutput = false,
): { errorRate: number; meanErr: number; results: ModeCTrialResult[] } => {
  const w: Mutable = {
    J: s.J,
    win: s.win,
    xTrace: s.xTrace.slice(),
    errTrace: s.errTrace.slice(),
  };
  const scratch = modeCScratch(c);
  const k = fold(s.key, 0x7e57);
  const results: ModeCTrialResult[] = [];
  let wrong = 0;
  let err = 0;
  for (let t = 0; t < trials; t++) {
    const r = modeCTrialInPlace(w, c, k, t, false, scratch, recordOutput);
    results.push(r);
    wrong += r.correct ? 0 : 1;
    err += r.meanErr;
  }
  return { errorRate: wrong / trials, meanErr: err / trials, results };
};

/**
 * Error rate (fraction of trials whose mean response has the wrong sign) over consecutive
 * windows of `w` trials: the learning curve. Chance is 0.5.
 *
 * @example
 * ```ts
 * import { windowedErrorRate } from "@neuroplastic/engines/hebbian-rnn";
 * console.log(windowedErrorRate(new Uint8Array([1, 0, 0, 0]), 2)); // [0.5, 0]
 * ```
 */
export const windowedErrorRate = (wrong: ArrayLike<number>, w: number): number[] => {
  const out: number[] = [];
  for (let a = 0; a + w <= wrong.length; a += w) {
    let s = 0;
    for (let k = a; k < a + w; k++) s += wrong[k];
    out.push(s / w);
  }
  return out;
};

/**
 * Mean of `xs` over consecutive windows of `w` entries.
 *
 * @example
 * ```ts
 * import { windowedMean } from "@neuroplastic/engines/hebbian-rnn";
 * console.log(windowedMean([1, 3, 5, 7], 2)); // [2, 6]
 * ```
 */
export const windowedMean = (xs: ArrayLike<number>, w: number): number[] =>
  windowedErrorRate(xs, w);

const round = (v: number, d = 4): number => Math.round(v * 10 ** d) / 10 ** d;

/**
 * Figures of a Mode C run: windowed error-rate and mean-absolute-error curves, the last
 * window's error rate, and the first trial after which a window's error rate is below 10%.
 *
 * @example
 * ```ts
 * import { initModeC, modeCDefaults, modeCSummary } from "@neuroplastic/engines/hebbian-rnn";
 * import { key } from "@neuroplastic/core/random";
 * console.log(modeCSummary(initModeC(modeCDefaults, key(0)), modeCDefaults).trials); // 0
 * ```
 */
export const modeCSummary = (s: ModeCState, c: ModeCConfig): { [k: string]: Json } => {
  const w = c.errorWindow;
  const rate = windowedErrorRate(s.wrong, w);
  const mae = windowedMean(s.errs, w);
  const below = rate.findIndex((r) => r < 0.1);
  return {
    trials: s.trial,
    window: w,
    errorRateCurve: rate.map((v) => round(v)),
    meanAbsErrorCurve: mae.map((v) => round(v)),
    finalErrorRate: rate.length ? round(rate[rate.length - 1]) : null,
    finalMeanAbsError: mae.length ? round(mae[mae.length - 1]) : null,
    firstTrialBelow10pct: below < 0 ? null : (below + 1) * w,
    maxAbsWeight: round(s.J.reduce((m, v) => Math.max(m, Math.abs(v)), 0)),
  };
};
