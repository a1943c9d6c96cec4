/**
 * Mode B training as a {@link Process}: one step = one Adam step on a fresh batch of episodes,
 * gradient by hand-written BPTT through the plastic updates (`mode_b_bptt.ts`); every
 * `evalEvery` steps the accuracy on a fixed held-out batch is recorded (the learning curve).
 *
 * @module
 */
import { Schema } from "effect";
import { InvalidConfig } from "@neuroplastic/core/errors";
import { fold, type Key, split } from "@neuroplastic/core/random";
import type { Json, Process } from "@neuroplastic/core/sim";
import { inRange, intInRange, NonNegative, Probability } from "@neuroplastic/core/sim";
import { modeBLossAndGrad, modeBWorkspace } from "./mode_b_bptt.ts";
import {
  initModeBParams,
  initModeBState,
  matchedHiddenSize,
  modeBLayout,
  type ModeBPlasticity,
  type ModeBSpec,
  runModeB,
} from "./mode_b_model.ts";
import {
  modeBAccuracy,
  modeBTaskBatch,
  type ModeBTaskName,
  modeBTaskShape,
  type ModeBTaskSpec,
} from "./mode_b_tasks.ts";
import { adamStepInPlace } from "./optimizer.ts";

/** Mode B training configuration. */
export interface ModeBConfig extends ModeBTaskSpec {
  /** Plasticity variant. */
  readonly plasticity: ModeBPlasticity;
  /** Hidden size of the plastic network. */
  readonly hidden: number;
  /**
   * For `plasticity: "none"`: widen the hidden layer so the parameter count matches the
   * `simple` plastic network of size `hidden` (the same-parameter-count baseline).
   */
  readonly matchParams: boolean;
  /** Trace rate η. */
  readonly eta: number;
  /** Clip bound c of the plastic trace. */
  readonly clip: number;
  /** α ~ U(±alphaInit) at init. */
  readonly alphaInit: number;
  /** Adam learning rate. */
  readonly lr: number;
  /** Episodes per training batch. */
  readonly batch: number;
  /** Global-norm gradient clip (0 = off). */
  readonly gradClip: number;
  /** Measure held-out accuracy every this many steps. */
  readonly evalEvery: number;
  /** Episodes per held-out evaluation batch. */
  readonly evalBatch: number;
}

/**
 * effect's `Schema.Schema<A>` (decodes an `A` into an `A`). A local alias because a direct
 * reference is reported by `deno doc --lint` as a private type (denoland/deno#27364); effect
 * documents the type upstream.
 *
 * @internal
 */
type EffectSchema<A> = Schema.Schema<A>;

/**
 * Schema of {@link ModeBConfig}.
 *
 * @example
 * ```ts
 * import { decodeConfigSync } from "@neuroplastic/core/sim";
 * import { ModeBConfigSchema, modeBDefaults } from "@neuroplastic/engines/hebbian-rnn";
 * console.log(decodeConfigSync(ModeBConfigSchema, modeBDefaults).task); // "pattern"
 * ```
 */
export const ModeBConfigSchema: EffectSchema<ModeBConfig> = Schema.Struct({
  task: Schema.Literal("pattern", "cue-reward"),
  bits: intInRange(2, 1024),
  items: intInRange(1, 64),
  show: intInRange(1, 1000),
  gap: intInRange(0, 1000),
  probe: intInRange(1, 1000),
  plasticity: Schema.Literal("none", "hebbian", "simple", "retroactive"),
  hidden: intInRange(1, 1024),
  matchParams: Schema.Boolean,
  eta: Probability,
  clip: inRange(1e-9, 1e9),
  alphaInit: NonNegative,
  lr: NonNegative,
  batch: intInRange(1, 100_000),
  gradClip: NonNegative,
  evalEvery: intInRange(1, 1_000_000),
  evalBatch: intInRange(1, 100_000),
});

/**
 * Defaults: pattern completion (3 patterns of 16 bits, shown once), simple neuromodulation,
 * 24 hidden units, Adam lr 3e-3, batch 32.
 *
 * @example
 * ```ts
 * import { modeBDefaults } from "@neuroplastic/engines/hebbian-rnn";
 * console.log(modeBDefaults.hidden); // 24
 * ```
 */
export const modeBDefaults: ModeBConfig = {
  task: "pattern",
  bits: 16,
  items: 3,
  show: 2,
  gap: 1,
  probe: 2,
  plasticity: "simple",
  hidden: 24,
  matchParams: true,
  eta: 0.1,
  clip: 1,
  alphaInit: 0.1,
  lr: 3e-3,
  batch: 32,
  gradClip: 10,
  evalEvery: 50,
  evalBatch: 256,
};

/**
 * Task presets: `pattern` as in {@link modeBDefaults}; `cue-reward` with 4 cues of 8 bits
 * and 12 trials per episode.
 *
 * @example
 * ```ts
 * import { modeBTaskPreset } from "@neuroplastic/engines/hebbian-rnn";
 * console.log(modeBTaskPreset("cue-reward").items); // 4
 * ```
 */
export const modeBTaskPreset = (task: ModeBTaskName): ModeBTaskSpec =>
  task === "pattern"
    ? { task, bits: 16, items: 3, show: 2, gap: 1, probe: 2 }
    : { task, bits: 8, items: 4, show: 12, gap: 0, probe: 1 };

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
  const { input, output } = modeBTaskShape(c);
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

/** Cross-field checks (probe needs at least one step, cue-reward needs ≥ 2 cues). */
const checkModeBConfig = (c: ModeBConfig): InvalidConfig | undefined =>
  c.task === "cue-reward" && c.items < 2
    ? new InvalidConfig({
      field: "items",
      message: "items: cue-reward needs at least 2 cues",
      allowed: "≥ 2",
    })
    : undefined;

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
  const b = modeBTaskBatch(c, fold(s.key, 0xe7a1), c.evalBatch);
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
  const { seqLen } = modeBTaskShape(c);
  const ws = modeBWorkspace(spec, seqLen);
  const kTrain = fold(s.key, 2);
  for (let k = 0; k < n; k++) {
    const step = s.step + k;
    const b = modeBTaskBatch(c, fold(kTrain, step), c.batch);
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

/**
 * The Mode B trainer as a Process (`np hebbian-rnn mode-b train --task pattern --plasticity simple`).
 *
 * @example
 * ```ts
 * import { modeBTrainProcess } from "@neuroplastic/engines/hebbian-rnn";
 * console.log(modeBTrainProcess.defaultSteps); // 2000
 * ```
 */
export const modeBTrainProcess: Process<ModeBConfig, ModeBTrainState> = {
  config: ModeBConfigSchema,
  defaults: modeBDefaults,
  defaultSteps: 2000,
  init: initModeBTrain,
  step: (s, c) => runModeBTrain(s, c, 1),
  run: runModeBTrain,
  summary: modeBTrainSummary,
  records: {
    loss: (s) => (s.step > 0 ? s.losses[s.step - 1] : NaN),
    accuracy: (s) => s.evalAccuracy[s.evalAccuracy.length - 1],
  },
  finite: (s) => ({ params: s.params, loss: s.step > 0 ? s.losses[s.step - 1] : 0 }),
  limits: checkModeBConfig,
};
