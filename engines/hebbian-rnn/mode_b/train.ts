/**
 * Mode B training (the `mode-b-train` process): one step = one Adam step on a fresh batch of episodes,
 * gradient by hand-written BPTT through the plastic updates (`mode_b_bptt.ts`); every
 * `evalEvery` steps the accuracy on a fixed held-out batch is recorded (the learning curve).
 *
 * @module
 */
import { fold, type Key, split } from "@neuroplastic/core/random";
import type { Json } from "@neuroplastic/core/sim";
import { type ModeBConfig, modeBTaskOf } from "./config.ts";
import { modeBLossAndGrad, modeBWorkspace } from "./bptt.ts";
import {
  initModeBParams,
  initModeBState,
  matchedHiddenSize,
  modeBLayout,
  type ModeBSpec,
  runModeB,
} from "./model.ts";
import { modeBAccuracy, modeBTaskBatch, modeBTaskShape } from "./tasks.ts";
import { adamStepInPlace } from "../optimizer.ts";

/**
 * The network spec a config trains (with the matched hidden size for the baseline).
 *
 * @example
 * ```ts
 * import { modeBDefaults, modeBSpecOf } from "@neuroplastic/engines/hebbian-rnn";
 * console.log(modeBSpecOf({ ...modeBDefaults, plasticity: "none" }).hidden); // 31
 * ```
 */
export const modeBSpecOf = (c: ModeBConfig): ModeBSpec => {
  const { input, output } = modeBTaskShape(modeBTaskOf(c));
  const plastic: ModeBSpec = {
    input,
    output,
    hidden: c.hidden,
    plasticity: c.plasticity === "none" ? "simple" : c.plasticity,
    eta: c.eta,
    clip: c.clip,
  };
  if (c.plasticity !== "none") return plastic;
  const hidden = c.matchParams
    ? matchedHiddenSize(input, output, modeBLayout(plastic).size)
    : c.hidden;
  return { ...plastic, hidden, plasticity: "none" };
};

/** Training state (checkpointable plain data). */
export interface ModeBTrainState {
  /** Training steps completed. */
  readonly step: number;
  /** Flat parameter vector (layout of {@link modeBLayout}). */
  readonly params: Float64Array;
  /** Adam moments and step count. */
  readonly opt: { readonly m: Float64Array; readonly v: Float64Array; readonly t: number };
  /** Random key for the next batch. */
  readonly key: Key;
  /** Training loss of every step taken. */
  readonly losses: Float64Array;
  /** Steps at which the held-out accuracy was measured, and the accuracies. */
  readonly evalSteps: number[];
  /** Held-out accuracy at each of `evalSteps`. */
  readonly evalAccuracy: number[];
}

/**
 * Initial training state (parameters from `fold(key, 1)`, batches from `fold(key, 2)`).
 *
 * @example
 * ```ts
 * import { initModeBTrain, modeBDefaults } from "@neuroplastic/engines/hebbian-rnn";
 * import { key } from "@neuroplastic/core/random";
 * console.log(initModeBTrain(modeBDefaults, key(0)).step); // 0
 * ```
 */
export const initModeBTrain = (c: ModeBConfig, k: Key): ModeBTrainState => {
  const spec = modeBSpecOf(c);
  const [kp, kr] = split(k, 2);
  const params = initModeBParams(spec, kp, c.alphaInit);
  const s: ModeBTrainState = {
    step: 0,
    params,
    opt: { m: new Float64Array(params.length), v: new Float64Array(params.length), t: 0 },
    key: kr,
    losses: new Float64Array(0),
    evalSteps: [],
    evalAccuracy: [],
  };
  return { ...s, evalSteps: [0], evalAccuracy: [modeBEvalAccuracy(s, c)] };
};

/**
 * Accuracy on the held-out batch (key `fold(key, 0xe7a1)`, fixed for the whole run).
 *
 * @example
 * ```ts
 * import { initModeBTrain, modeBDefaults, modeBEvalAccuracy } from "@neuroplastic/engines/hebbian-rnn";
 * import { key } from "@neuroplastic/core/random";
 * console.log(modeBEvalAccuracy(initModeBTrain(modeBDefaults, key(0)), modeBDefaults) <= 1); // true
 * ```
 */
export const modeBEvalAccuracy = (s: ModeBTrainState, c: ModeBConfig): number => {
  const spec = modeBSpecOf(c);
  const b = modeBTaskBatch(modeBTaskOf(c), fold(s.key, 0xe7a1), c.evalBatch);
  // forward only (inference path, plasticity on)
  const { y } = runModeB(s.params, spec, initModeBState(spec, b.batch), b.x, b.seqLen);
  return modeBAccuracy(y, b.target, b.scored);
};

/**
 * `n` training steps (pure: one copy, then in place); equals `n` single steps bit for bit.
 *
 * @example
 * ```ts
 * import { initModeBTrain, modeBDefaults, runModeBTrain } from "@neuroplastic/engines/hebbian-rnn";
 * import { key } from "@neuroplastic/core/random";
 * const c = { ...modeBDefaults, batch: 2, evalBatch: 4 };
 * console.log(runModeBTrain(initModeBTrain(c, key(0)), c, 2).losses.length); // 2
 * ```
 */
export const runModeBTrain = (s: ModeBTrainState, c: ModeBConfig, n: number): ModeBTrainState => {
  const spec = modeBSpecOf(c);
  const params = s.params.slice();
  const m = s.opt.m.slice();
  const v = s.opt.v.slice();
  let t = s.opt.t;
  const losses = new Float64Array(s.losses.length + n);
  losses.set(s.losses);
  const evalSteps = s.evalSteps.slice();
  const evalAccuracy = s.evalAccuracy.slice();
  const grad = new Float64Array(params.length);
  const task = modeBTaskOf(c);
  const { seqLen } = modeBTaskShape(task);
  const ws = modeBWorkspace(spec, seqLen);
  const kTrain = fold(s.key, 2);
  for (let k = 0; k < n; k++) {
    const step = s.step + k;
    const b = modeBTaskBatch(task, fold(kTrain, step), c.batch);
    const loss = modeBLossAndGrad(params, spec, b.x, b.target, b.weight, b.batch, seqLen, grad, ws);
    if (c.gradClip > 0) {
      let sq = 0;
      for (let i = 0; i < grad.length; i++) sq += grad[i] * grad[i];
      const norm = Math.sqrt(sq);
      // g ← g · min(1, clip / ‖g‖)   (torch.nn.utils.clip_grad_norm_)
      if (norm > c.gradClip) {
        const f = c.gradClip / (norm + 1e-6);
        for (let i = 0; i < grad.length; i++) grad[i] *= f;
      }
    }
    t += 1;
    adamStepInPlace(params, grad, m, v, t, { lr: c.lr });
    losses[step] = loss;
    if ((step + 1) % c.evalEvery === 0) {
      evalSteps.push(step + 1);
      evalAccuracy.push(
        modeBEvalAccuracy({ ...s, params, step: step + 1 }, c),
      );
    }
  }
  return {
    step: s.step + n,
    params,
    opt: { m, v, t },
    key: s.key,
    losses,
    evalSteps,
    evalAccuracy,
  };
};

const mean = (a: ArrayLike<number>, from: number): number => {
  let s = 0;
  let k = 0;
  for (let i = Math.max(0, from); i < a.length; i++, k++) s += a[i];
  return k ? s / k : NaN;
};

const r4 = (v: number): number => Math.round(v * 1e4) / 1e4;

/**
 * Figures of a Mode B run: parameter count, final held-out accuracy (mean of the last three
 * evaluations), the accuracy curve and the loss curve (means over `evalEvery` steps).
 *
 * @example
 * ```ts
 * import { initModeBTrain, modeBDefaults, modeBTrainSummary } from "@neuroplastic/engines/hebbian-rnn";
 * import { key } from "@neuroplastic/core/random";
 * console.log(modeBTrainSummary(initModeBTrain(modeBDefaults, key(0)), modeBDefaults).params); // 1985
 * ```
 */
export const modeBTrainSummary = (s: ModeBTrainState, c: ModeBConfig): { [k: string]: Json } => {
  const spec = modeBSpecOf(c);
  const lossCurve: number[] = [];
  for (let a = 0; a < s.losses.length; a += c.evalEvery) {
    lossCurve.push(r4(mean(s.losses.subarray(a, a + c.evalEvery), 0)));
  }
  const acc = s.evalAccuracy;
  return {
    task: c.task,
    plasticity: spec.plasticity,
    hidden: spec.hidden,
    params: modeBLayout(spec).size,
    steps: s.step,
    finalLoss: s.losses.length ? r4(mean(s.losses, s.losses.length - c.evalEvery)) : null,
    finalAccuracy: acc.length ? r4(mean(acc, acc.length - 3)) : null,
    evalSteps: s.evalSteps,
    accuracyCurve: acc.map(r4),
    lossCurve,
  };
};
