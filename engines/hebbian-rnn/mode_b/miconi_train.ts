/**
 * Training of the pattern-completion network of Miconi et al. 2018 (`pattern-miconi-train`):
 * one step = one Adam step on `batch` fresh episodes (the reference: one), gradient by the
 * hand-written BPTT of `miconi.ts`. Every step's loss and error rates are kept; the learning
 * curve is their mean over `window` episodes (the reference's "Mean loss over last print_every
 * iters", which is the error rate on the training episodes — fresh every step, so never seen
 * before). At the end a held-out test on `testEpisodes` fresh episodes gives the final errors.
 *
 * @module
 */
import { fold, type Key, split } from "@neuroplastic/core/random";
import type { Json } from "@neuroplastic/core/sim";
import type { MiconiConfig } from "./miconi_config.ts";
import {
  initMiconiNetParams,
  miconiNetLayout,
  miconiNetLossAndGrad,
  miconiNetRun,
  type MiconiNetSpec,
  miconiNetWorkspace,
} from "./miconi.ts";
import { miconiErrors, miconiTaskBatch, miconiTaskShape } from "./miconi_task.ts";
import { adamStepInPlace } from "../optimizer.ts";

/**
 * The network a config trains: N = P + addNeurons + 1 neurons, P outputs.
 *
 * @example
 * ```ts
 * import { miconiDefaults, miconiSpecOf } from "@neuroplastic/engines/hebbian-rnn";
 * console.log(miconiSpecOf(miconiDefaults)); // { neurons: 51, outputs: 50, plastic: true }
 * ```
 */
export const miconiSpecOf = (c: MiconiConfig): MiconiNetSpec => ({
  neurons: miconiTaskShape(c).neurons,
  outputs: c.patternSize,
  plastic: c.type === "plastic",
});

/** Training state (checkpointable plain data). */
export interface MiconiTrainState {
  /** Adam steps taken. */
  readonly step: number;
  /** Flat parameters `[w, α?, η?]`. */
  readonly params: Float64Array;
  /** Adam moments and step count. */
  readonly opt: { readonly m: Float64Array; readonly v: Float64Array; readonly t: number };
  /** Key of the run (episodes of step k from `fold(fold(key, 2), k)`). */
  readonly key: Key;
  /** Loss of every step. */
  readonly losses: Float64Array;
  /** Error rate over all pattern bits of every step's episodes (the reference's metric). */
  readonly errors: Float64Array;
  /** Error rate over the zeroed bits of every step's episodes. */
  readonly errorsZeroed: Float64Array;
}

/**
 * Initial state: parameters from the first half of `split(key)`, episodes from the second.
 *
 * @example
 * ```ts
 * import { initMiconiTrain, miconiDefaults } from "@neuroplastic/engines/hebbian-rnn";
 * import { key } from "@neuroplastic/core/random";
 * console.log(initMiconiTrain(miconiDefaults, key(0)).params.length); // 2 · 51² + 1 = 5203
 * ```
 */
export const initMiconiTrain = (c: MiconiConfig, k: Key): MiconiTrainState => {
  const [kp, kr] = split(k, 2);
  const params = initMiconiNetParams(miconiSpecOf(c), kp, {
    scale: c.initScale,
    eta: c.eta,
    zeroDiagAlpha: c.zeroDiagAlpha,
  });
  return {
    step: 0,
    params,
    opt: { m: new Float64Array(params.length), v: new Float64Array(params.length), t: 0 },
    key: kr,
    losses: new Float64Array(0),
    errors: new Float64Array(0),
    errorsZeroed: new Float64Array(0),
  };
};

const grow = (a: Float64Array, n: number): Float64Array => {
  const b = new Float64Array(a.length + n);
  b.set(a);
  return b;
};

/**
 * `n` training steps (one copy, then in place); equals `n` single steps bit for bit.
 *
 * @example
 * ```ts
 * import { initMiconiTrain, miconiDefaults, runMiconiTrain } from "@neuroplastic/engines/hebbian-rnn";
 * import { key } from "@neuroplastic/core/random";
 * const c = { ...miconiDefaults, patternSize: 8, patterns: 2 };
 * console.log(runMiconiTrain(initMiconiTrain(c, key(0)), c, 3).errors.length); // 3
 * ```
 */
export const runMiconiTrain = (
  s: MiconiTrainState,
  c: MiconiConfig,
  n: number,
): MiconiTrainState => {
  const spec = miconiSpecOf(c);
  const { seqLen: T } = miconiTaskShape(c);
  const P = c.patternSize;
  const params = s.params.slice();
  const m = s.opt.m.slice();
  const v = s.opt.v.slice();
  let t = s.opt.t;
  const losses = grow(s.losses, n);
  const errors = grow(s.errors, n);
  const errorsZeroed = grow(s.errorsZeroed, n);
  const grad = new Float64Array(params.length);
  const ws = miconiNetWorkspace(spec, T);
  const y = new Float64Array(c.batch * P);
  const kTrain = fold(s.key, 2);
  for (let k = 0; k < n; k++) {
    const step = s.step + k;
    const b = miconiTaskBatch(c, fold(kTrain, step), c.batch);
    losses[step] = miconiNetLossAndGrad(params, spec, b.x, b.target, c.batch, T, grad, ws, y);
    t += 1;
    // optimizer = torch.optim.Adam([w, alpha, eta], lr)   (simple.py)
    adamStepInPlace(params, grad, m, v, t, { lr: c.lr });
    const e = miconiErrors(y, b);
    errors[step] = e.all;
    errorsZeroed[step] = e.zeroed;
  }
  return { step: s.step + n, params, opt: { m, v, t }, key: s.key, losses, errors, errorsZeroed };
};

/**
 * Error rates of the current parameters on `episodes` held-out episodes (key
 * `fold(key, 0x7e57)`, never used in training), over all bits and over the zeroed bits.
 *
 * @example
 * ```ts
 * import { initMiconiTrain, miconiDefaults, miconiTest } from "@neuroplastic/engines/hebbian-rnn";
 * import { key } from "@neuroplastic/core/random";
 * console.log(miconiTest(initMiconiTrain(miconiDefaults, key(0)), miconiDefaults, 4).all < 0.5); // true
 * ```
 */
export const miconiTest = (
  s: MiconiTrainState,
  c: MiconiConfig,
  episodes = c.testEpisodes,
): { all: number; zeroed: number } => {
  const spec = miconiSpecOf(c);
  const { seqLen: T } = miconiTaskShape(c);
  const ws = miconiNetWorkspace(spec, T);
  const kTest = fold(s.key, 0x7e57);
  let all = 0;
  let zeroed = 0;
  // one episode at a time: the trace history of a 1000-bit episode is large
  for (let e = 0; e < episodes; e++) {
    const b = miconiTaskBatch(c, fold(kTest, e), 1);
    const err = miconiErrors(miconiNetRun(s.params, spec, b.x, 1, T, ws), b);
    all += err.all / episodes;
    zeroed += err.zeroed / episodes;
  }
  return { all, zeroed };
};

/**
 * Means of `a` over consecutive windows of `w` entries (a last partial window included).
 *
 * @example
 * ```ts
 * import { windowMeans } from "@neuroplastic/engines/hebbian-rnn";
 * console.log(windowMeans(new Float64Array([1, 3, 5]), 2)); // [2, 5]
 * ```
 */
export const windowMeans = (a: ArrayLike<number>, w: number): number[] => {
  const out: number[] = [];
  for (let i = 0; i < a.length; i += w) {
    let sum = 0;
    const end = Math.min(a.length, i + w);
    for (let k = i; k < end; k++) sum += a[k];
    out.push(sum / (end - i));
  }
  return out;
};

const r5 = (v: number): number => Math.round(v * 1e5) / 1e5;

/**
 * Figures of a run: parameter count, η, final training error (last window), held-out test errors
 * and the windowed curves.
 *
 * @example
 * ```ts
 * import { initMiconiTrain, miconiDefaults, miconiTrainSummary } from "@neuroplastic/engines/hebbian-rnn";
 * import { key } from "@neuroplastic/core/random";
 * console.log(miconiTrainSummary(initMiconiTrain(miconiDefaults, key(0)), miconiDefaults).params); // 5203
 * ```
 */
export const miconiTrainSummary = (s: MiconiTrainState, c: MiconiConfig): { [k: string]: Json } => {
  const spec = miconiSpecOf(c);
  const L = miconiNetLayout(spec);
  const last = (
    a: Float64Array,
  ) => (a.length ? r5(windowMeans(a.slice(-c.window), c.window)[0]) : null);
  const test = miconiTest(s, c);
  return {
    type: c.type,
    neurons: spec.neurons,
    params: L.size,
    steps: s.step,
    eta: spec.plastic ? r5(s.params[L.eta]) : null,
    finalLoss: last(s.losses),
    finalError: last(s.errors),
    finalErrorZeroed: last(s.errorsZeroed),
    testError: r5(test.all),
    testErrorZeroed: r5(test.zeroed),
    window: c.window,
    errorCurve: windowMeans(s.errors, c.window).map(r5),
    errorZeroedCurve: windowMeans(s.errorsZeroed, c.window).map(r5),
  };
};
