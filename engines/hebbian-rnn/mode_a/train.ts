/**
 * Mode A training (the `mode-a-train` process): one step = one epoch of the reference loop
 * (`sc.py`): draw a batch of random bits, draw the modulation, forward, MSE, BPTT, Adam.
 *
 * Data (`sc.py`, `generate_batch`): `x ~ randint(0, 2, (B, T, I))`, `y = roll(x, −1, time)`,
 * `y[:, −1] = 0`; modulation `m ~ rand(B, T)`. All draws come from an emulated PyTorch CPU
 * generator seeded with the run's seed, so `--seed 42` replays the reference's weights and data.
 *
 * The task is unlearnable: y_t = x_{t+1} is a fresh fair coin independent of everything the
 * network has seen, so the best possible MSE is 0.25 · (T − 1)/T (predict ½, and 0 at the last
 * step) = 0.225 for T = 10.
 *
 * @module
 */
import type { Key } from "@neuroplastic/core/random";
import { bernoulli, fold } from "@neuroplastic/core/random";
import type { Json } from "@neuroplastic/core/sim";
import type { ModeAConfig } from "./config.ts";
import { modeALossAndGrad, modeAWorkspace } from "./bptt.ts";
import { modeALossAndGradLowRank, modeALowRankWorkspace } from "./bptt_lowrank.ts";
import { type AdamState, adamStepInPlace } from "../optimizer.ts";
import { initModeAParams, modeALayout, type ModeAShape } from "./params.ts";
import { initState } from "./state.ts";
import { run } from "./run.ts";
import {
  cloneTorchGenerator,
  type TorchGenerator,
  torchGenerator,
  torchRandint,
  torchUniform,
} from "../torch_rng.ts";

/** Training state: everything the next epoch needs (checkpointable plain data). */
export interface ModeATrainState {
  /** Epochs completed so far. */
  readonly epoch: number;
  /** Flat parameter vector (layout of {@link modeALayout}). */
  readonly params: Float64Array;
  /** Adam moments and step count. */
  readonly opt: AdamState;
  /** The emulated `torch.manual_seed(seed)` generator, advanced as the reference advances it. */
  readonly gen: TorchGenerator;
  /** Key of the held-out test batch. */
  readonly key: Key;
  /** Training loss of every epoch so far. */
  readonly losses: number[];
}

const shapeOf = (c: ModeAConfig): ModeAShape => ({
  input: c.input,
  hidden: c.hidden,
  output: c.output,
});

/**
 * Initial training state: the key is read back as the integer seed (`key(seed)` is
 * `{ k0: ⌊seed/2^32⌋, k1: seed mod 2^32 }`) and, like `torch.manual_seed`, its low 32 bits seed
 * MT19937; parameters are drawn as the reference draws them.
 *
 * @example
 * ```ts
 * import { initModeATrain, modeADefaults } from "@neuroplastic/engines/hebbian-rnn";
 * import { key } from "@neuroplastic/core/random";
 * console.log(initModeATrain(modeADefaults, key(42)).params.length); // 1153
 * ```
 */
export const initModeATrain = (c: ModeAConfig, k: Key): ModeATrainState => {
  const gen = torchGenerator(k.k1);
  const params = initModeAParams(shapeOf(c), gen);
  return {
    epoch: 0,
    params,
    opt: { m: new Float64Array(params.length), v: new Float64Array(params.length), t: 0 },
    gen,
    key: fold(k, 0x7e57),
    losses: [],
  };
};

/** Buffers reused across the epochs of one transient run. */
interface Buffers {
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly m: Float64Array;
  readonly grad: Float64Array;
  readonly ws: ReturnType<typeof modeAWorkspace>;
  readonly lowRank: ReturnType<typeof modeALowRankWorkspace> | undefined;
}

const buffers = (c: ModeAConfig): Buffers => ({
  x: new Float64Array(c.batch * c.seqLen * c.input),
  y: new Float64Array(c.batch * c.seqLen * c.input),
  m: new Float64Array(c.batch * c.seqLen),
  grad: new Float64Array(modeALayout(shapeOf(c)).size),
  ws: modeAWorkspace(shapeOf(c), c.seqLen),
  // the rank-one expansion costs O(T²H) per sequence instead of O(TH²): used when T ≤ H
  lowRank: c.seqLen <= c.hidden ? modeALowRankWorkspace(shapeOf(c), c.batch, c.seqLen) : undefined,
});

/**
 * Draws the reference's batch into `x`, `y` (`generate_batch`) and the modulation into `m`.
 *
 * @example
 * ```ts
 * import { randomBitBatch, modeADefaults, torchGenerator } from "@neuroplastic/engines/hebbian-rnn";
 * const n = 32 * 10;
 * const x = new Float64Array(n), y = new Float64Array(n), m = new Float64Array(n);
 * randomBitBatch(torchGenerator(42), modeADefaults, x, y, m);
 * console.log(y[9]); // 0 (last target is a dummy 0)
 * ```
 */
export const randomBitBatch = (
  gen: TorchGenerator,
  c: ModeAConfig,
  x: Float64Array,
  y: Float64Array,
  m: Float64Array,
): void => {
  const { batch: B, seqLen: T, input: I } = c;
  // x = torch.randint(0, 2, (B, T, I)).float()
  const bits = torchRandint(gen, 0, 2, B * T * I);
  for (let k = 0; k < bits.length; k++) x[k] = bits[k];
  // y = torch.roll(x, shifts=−1, dims=1); y[:, −1, :] = 0
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) {
      for (let i = 0; i < I; i++) {
        y[(b * T + t) * I + i] = t < T - 1 ? x[(b * T + t + 1) * I + i] : 0;
      }
    }
  }
  // mod_signal = torch.rand(B, T)  (or all ones)
  if (c.modulation === "uniform") torchUniform(gen, 0, 1, m);
  else m.fill(1);
};

/** One epoch in place on a private state copy. */
const epochInPlace = (
  s: {
    epoch: number;
    params: Float64Array;
    opt: { m: Float64Array; v: Float64Array; t: number };
    gen: TorchGenerator;
    losses: number[];
  },
  c: ModeAConfig,
  buf: Buffers,
): void => {
  randomBitBatch(s.gen, c, buf.x, buf.y, buf.m);
  const loss = buf.lowRank
    ? modeALossAndGradLowRank(
      s.params,
      shapeOf(c),
      buf.x,
      buf.m,
      buf.y,
      c.batch,
      c.seqLen,
      c.eta,
      buf.grad,
      buf.lowRank,
    )
    : modeALossAndGrad(
      s.params,
      shapeOf(c),
      buf.x,
      buf.m,
      buf.y,
      c.batch,
      c.seqLen,
      c.eta,
      buf.grad,
      buf.ws,
    );
  s.opt.t += 1;
  adamStepInPlace(s.params, buf.grad, s.opt.m, s.opt.v, s.opt.t, { lr: c.lr });
  s.losses.push(loss);
  s.epoch += 1;
};

const copyState = (s: ModeATrainState) => ({
  epoch: s.epoch,
  params: s.params.slice(),
  opt: { m: s.opt.m.slice(), v: s.opt.v.slice(), t: s.opt.t },
  gen: cloneTorchGenerator(s.gen),
  key: s.key,
  losses: s.losses.slice(),
});

/**
 * `n` epochs from `s` (pure: one copy, then in place); equals `n` calls of one epoch bit for bit.
 *
 * @example
 * ```ts
 * import { initModeATrain, modeADefaults, runModeATrain } from "@neuroplastic/engines/hebbian-rnn";
 * import { key } from "@neuroplastic/core/random";
 * const s = runModeATrain(initModeATrain(modeADefaults, key(42)), modeADefaults, 1);
 * console.log(s.losses[0].toFixed(4)); // "1.8339"
 * ```
 */
export const runModeATrain = (s: ModeATrainState, c: ModeAConfig, n: number): ModeATrainState => {
  const w = copyState(s);
  const buf = buffers(c);
  for (let e = 0; e < n; e++) epochInPlace(w, c, buf);
  return w;
};

/**
 * Test MSE with m = 1 (the reference's test setting) on `testBatch` held-out random-bit
 * sequences drawn from the state's key.
 *
 * @example
 * ```ts
 * import { initModeATrain, modeADefaults, modeATestLoss } from "@neuroplastic/engines/hebbian-rnn";
 * import { key } from "@neuroplastic/core/random";
 * console.log(modeATestLoss(initModeATrain(modeADefaults, key(0)), modeADefaults) > 0);
 * ```
 */
export const modeATestLoss = (s: ModeATrainState, c: ModeAConfig): number => {
  const { testBatch: B, seqLen: T, input: I } = c;
  const bits = bernoulli(s.key, B * T * I, 0.5);
  const x = Float64Array.from(bits);
  const { record } = run(s.params, shapeOf(c), initState(shapeOf(c), B), x, T, c.eta, 1);
  let l = 0;
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) {
      for (let i = 0; i < I; i++) {
        const tgt = t < T - 1 ? x[(b * T + t + 1) * I + i] : 0;
        l += (record.y[(b * T + t) * I + i] - tgt) ** 2;
      }
    }
  }
  return l / (B * T * I);
};

const mean = (a: readonly number[]): number => a.reduce((u, v) => u + v, 0) / Math.max(1, a.length);

/**
 * Final figures of a Mode A run: first/final loss, mean of the last 50 epochs, the
 * unbeatable optimum 0.25·(T−1)/T, the test loss (m = 1) and the whole curve.
 *
 * @example
 * ```ts
 * import { initModeATrain, modeADefaults, modeATrainSummary } from "@neuroplastic/engines/hebbian-rnn";
 * import { key } from "@neuroplastic/core/random";
 * console.log(modeATrainSummary(initModeATrain(modeADefaults, key(0)), modeADefaults).epochs); // 0
 * ```
 */
export const modeATrainSummary = (s: ModeATrainState, c: ModeAConfig): { [k: string]: Json } => ({
  epochs: s.epoch,
  firstLoss: s.losses.length ? s.losses[0] : null,
  finalLoss: s.losses.length ? s.losses[s.losses.length - 1] : null,
  meanLossLast50: s.losses.length ? mean(s.losses.slice(-50)) : null,
  optimalLoss: (0.25 * (c.seqLen - 1)) / c.seqLen,
  testLoss: modeATestLoss(s, c),
  lossCurve: s.losses,
});
