/**
 * The notebook's `train_model` as an Effect program (spec §3.1): AdamW (lr 1e-3, weight decay
 * 1e-4) on every parameter, cosine annealing over the epochs (stepped per epoch), global-norm
 * clipping at 1.0, shuffled mini-batches (drop_last = False), Hebbian update after every
 * optimiser step, prune/sprout every 10 epochs, per-epoch train loss/accuracy/sparsity and
 * validation accuracy, best validation accuracy. One epoch is a pure function of the loop state
 * ({@link trainEpoch}), which `np rsgn train` steps, checkpoints and resumes.
 *
 * @module
 */
import { Effect } from "effect";
import { NumericalDivergence } from "@neuroplastic/core/errors";
import { adamw, clipByGlobalNorm, cosineAnnealing, type OptState } from "@neuroplastic/core/optim";
import { fold, key, permutation, split } from "@neuroplastic/core/random";
import type { Tensor } from "@neuroplastic/core/tensor";
import type { Tree } from "@neuroplastic/core/tree";
import type { Dataset } from "./data.ts";
import {
  hebbianInit,
  type HebbianOptions,
  hebbianPruneAndSprout,
  type HebbianState,
  hebbianUpdate,
} from "./hebbian.ts";
import type { RsgnParams } from "./params.ts";
import type { TrainableModel } from "./trainable.ts";

/** Optimisation settings (notebook defaults). */
export interface TrainSettings {
  /** Epochs (also the cosine T_max). */
  readonly epochs: number;
  /** Mini-batch size (64 hierarchical, 32 long-range). */
  readonly batchSize: number;
  /** Initial learning rate. */
  readonly lr: number;
  /** AdamW decoupled weight decay. */
  readonly weightDecay: number;
  /** Global-norm clip (0 = off, as the README loop). */
  readonly clip: number;
  /** Run seed (the reference's 42 + run). */
  readonly seed: number;
  /** Hebbian learner (RSGN only), or undefined. */
  readonly hebbian?: HebbianOptions;
  /** Evaluate on at most this many validation samples (undefined = all). */
  readonly valLimit?: number;
}

/** The deterministic figures of one epoch (everything but its wall-clock time). */
export interface EpochStats {
  /** Epoch number, from 1. */
  readonly epoch: number;
  /** Learning rate used in this epoch. */
  readonly lr: number;
  /** Mean training loss over the epoch's batches. */
  readonly trainLoss: number;
  /** Training accuracy over the epoch's batches. */
  readonly trainAcc: number;
  /** Validation accuracy after the epoch. */
  readonly valAcc: number;
  /** Mean over batches of mean(α > 0.01) (null for models without α). */
  readonly sparsity: number | null;
  /** Mean pre-clip global gradient norm. */
  readonly gradNorm: number;
}

/** One epoch of the training history. */
export interface EpochRecord extends EpochStats {
  /** Wall-clock duration of the epoch in seconds. */
  readonly seconds: number;
}

/** Result of one training run. */
export interface RunResult {
  /** Run seed. */
  readonly seed: number;
  /** Best validation accuracy over the epochs. */
  readonly bestValAcc: number;
  /** Per-epoch records. */
  readonly history: readonly EpochRecord[];
  /** Trainable parameters of the model. */
  readonly paramCount: number;
  /** Wall-clock duration of the run in seconds. */
  readonly seconds: number;
  /** Final parameters. */
  readonly params: Tree<Tensor>;
}

/** Callbacks of a run. */
export interface TrainHooks {
  /** After every batch. */
  readonly onBatch?: (done: number, total: number) => void;
  /** After every epoch. */
  readonly onEpoch?: (r: EpochRecord) => void;
}

/**
 * The loop's state between epochs: everything the next epoch needs besides the settings (whose
 * seed gives the init, shuffling and Hebbian keys). A plain tree the checkpoint codec encodes.
 */
export interface LoopState {
  /** Model parameters. */
  readonly params: Tree<Tensor>;
  /** AdamW state (step count, first and second moments). */
  readonly opt: OptState;
  /** Hebbian learner state (unused without a learner). */
  readonly heb: HebbianState;
  /** Epochs done. */
  readonly epoch: number;
  /** Best validation accuracy so far (0 before the first epoch). */
  readonly best: number;
}

/** The keys of a run: parameter init and per-batch model keys, shuffling, Hebbian noise. */
const runKeys = (seed: number) => {
  const [kInit, kShuffle, kHeb] = split(key(seed), 3);
  return { kInit, kShuffle, kHeb };
};

const optimiser = (s: TrainSettings) => adamw({ lr: s.lr, weightDecay: s.weightDecay });

const gather = (d: Dataset, idx: ArrayLike<number>, from: number, to: number) => {
  const row = d.seqLen * d.dim, n = to - from;
  const X = new Float32Array(n * row), y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const s = idx[from + i];
    X.set(d.X.subarray(s * row, (s + 1) * row), i * row);
    y[i] = d.y[s];
  }
  return { X, y, n };
};

/**
 * Accuracy of `params` on the samples `idx` of `d` (no gradient; batches of `batchSize`).
 *
 * @example
 * ```ts ignore
 * const acc = evaluate(model, params, data, split.val, 64);
 * ```
 */
export function evaluate(
  model: TrainableModel,
  params: Tree<Tensor>,
  d: Dataset,
  idx: ArrayLike<number>,
  batchSize: number,
): number {
  let correct = 0;
  for (let s = 0; s < idx.length; s += batchSize) {
    const e = Math.min(idx.length, s + batchSize);
    const b = gather(d, idx, s, e);
    const logits = model.predict(params, b.X, b.n, d.seqLen);
    const C = d.classes;
    for (let i = 0; i < b.n; i++) {
      let am = 0;
      for (let k = 1; k < C; k++) if (logits[i * C + k] > logits[i * C + am]) am = k;
      if (am === b.y[i]) correct++;
    }
  }
  return idx.length ? correct / idx.length : 0;
}

/**
 * The loop's state before the first epoch: fresh parameters from the run seed's init key, fresh
 * optimiser and Hebbian states.
 *
 * @example
 * ```ts
 * import { initLoop, presetConfig, rsgnTrainable } from "@neuroplastic/engines/rsgn";
 * const s = { epochs: 1, batchSize: 8, lr: 1e-3, weightDecay: 1e-4, clip: 1, seed: 42 };
 * console.log(initLoop(rsgnTrainable(presetConfig("long-range")), s).epoch); // 0
 * ```
 */
export function initLoop(model: TrainableModel, s: TrainSettings): LoopState {
  const params = model.init(runKeys(s.seed).kInit);
  return { params, opt: optimiser(s).init(params), heb: hebbianInit(), epoch: 0, best: 0 };
}

/**
 * One epoch of the notebook's loop (pure: `st` is not modified): the epoch's learning rate from
 * the cosine schedule, a keyed shuffle, every mini-batch (loss and gradient, clip, AdamW, Hebbian
 * update), validation, and prune/sprout every 10 epochs. Stops at the first batch whose loss is
 * not finite: then `stats.trainLoss` is that loss and `diverged` the batch's global index.
 *
 * @example
 * ```ts
 * import { initLoop, longRangeData, presetConfig, rsgnTrainable, splitIndices, trainEpoch } from "@neuroplastic/engines/rsgn";
 * const m = rsgnTrainable(presetConfig("long-range", { numNodes: 8, dimInput: 2, dimHidden: 4, numClasses: 2 }));
 * const d = longRangeData({ n: 20, seqLen: 8, dim: 2, classes: 2 });
 * const sp = splitIndices(20);
 * const s = { epochs: 2, batchSize: 8, lr: 1e-2, weightDecay: 1e-4, clip: 1, seed: 1 };
 * const r = trainEpoch(m, d, sp.train, sp.val, s, initLoop(m, s));
 * console.log(r.state.epoch, r.stats.epoch); // 1 1
 * ```
 */
export function trainEpoch(
  model: TrainableModel,
  d: Dataset,
  train: Int32Array,
  val: Int32Array,
  s: TrainSettings,
  st: LoopState,
  onBatch?: (done: number, total: number) => void,
): { readonly state: LoopState; readonly stats: EpochStats; readonly diverged?: number } {
  const { kInit, kShuffle, kHeb } = runKeys(s.seed);
  const opt = optimiser(s);
  const epoch = st.epoch;
  const lr = cosineAnnealing(s.lr, s.epochs)(epoch);
  const perm = permutation(fold(kShuffle, epoch), train.length);
  const order = new Int32Array(train.length);
  for (let i = 0; i < order.length; i++) order[i] = train[perm[i]];
  const nb = Math.ceil(train.length / s.batchSize);
  let { params, opt: optState, heb } = st;
  let correct = 0, seen = 0, lossSum = 0, spSum = 0, spN = 0, gnSum = 0;
  for (let bi = 0; bi < nb; bi++) {
    const from = bi * s.batchSize, to = Math.min(order.length, from + s.batchSize);
    const b = gather(d, order, from, to);
    const r = model.lossAndGrad(params, b.X, b.y, b.n, d.seqLen, fold(kInit, epoch * nb + bi));
    if (!Number.isFinite(r.loss)) {
      const stats: EpochStats = {
        epoch: epoch + 1,
        lr,
        trainLoss: r.loss,
        trainAcc: seen ? correct / seen : 0,
        valAcc: 0,
        sparsity: null,
        gradNorm: NaN,
      };
      return {
        state: { params, opt: optState, heb, epoch, best: st.best },
        stats,
        diverged: epoch * nb + bi,
      };
    }
    const clipped = s.clip > 0 ? clipByGlobalNorm(r.grads, s.clip) : undefined;
    gnSum += clipped ? clipped.norm : 0;
    const up = opt.update(clipped ? clipped.grads : r.grads, optState, params, lr);
    params = up.params;
    optState = up.state;
    if (s.hebbian && r.alpha) {
      const h = hebbianUpdate(
        params as unknown as RsgnParams,
        heb,
        r.alpha,
        b.n,
        -r.loss,
        s.hebbian,
      );
      params = h.params as unknown as Tree<Tensor>;
      heb = h.state;
    }
    correct += r.correct;
    seen += b.n;
    lossSum += r.loss;
    if (r.alpha) {
      let a = 0;
      for (let i = 0; i < r.alpha.length; i++) if (r.alpha[i] > 0.01) a++;
      spSum += a / r.alpha.length;
      spN++;
    }
    onBatch?.(bi + 1, nb);
  }
  const valIdx = s.valLimit !== undefined ? val.slice(0, s.valLimit) : val;
  const valAcc = evaluate(model, params, d, valIdx, s.batchSize);
  if (s.hebbian && (epoch + 1) % 10 === 0) {
    const h = hebbianPruneAndSprout(
      params as unknown as RsgnParams,
      heb,
      fold(kHeb, epoch),
      s.hebbian,
    );
    params = h.params as unknown as Tree<Tensor>;
    heb = h.state;
  }
  return {
    state: { params, opt: optState, heb, epoch: epoch + 1, best: Math.max(st.best, valAcc) },
    stats: {
      epoch: epoch + 1,
      lr,
      trainLoss: lossSum / nb,
      trainAcc: correct / seen,
      valAcc,
      sparsity: spN ? spSum / spN : null,
      gradNorm: gnSum / nb,
    },
  };
}

/**
 * Train `model` on `train` indices of `d`, validating on `val` after every epoch: {@link initLoop}
 * then {@link trainEpoch} per epoch, interruptible between epochs. (`np rsgn train` runs the same
 * epochs as a checkpointed process.)
 *
 * @example
 * ```ts ignore
 * import { Effect } from "effect";
 * const r = Effect.runSync(trainRun(model, data, split.train, split.val, settings));
 * console.log(r.bestValAcc);
 * ```
 */
export const trainRun = (
  model: TrainableModel,
  d: Dataset,
  train: Int32Array,
  val: Int32Array,
  s: TrainSettings,
  hooks: TrainHooks = {},
): Effect.Effect<RunResult, NumericalDivergence> =>
  Effect.gen(function* () {
    const t0 = performance.now();
    let st = initLoop(model, s);
    const history: EpochRecord[] = [];
    const nb = Math.ceil(train.length / s.batchSize);
    while (st.epoch < s.epochs) {
      // a macrotask boundary per epoch: interruption (and timers) take effect between epochs
      yield* Effect.sleep(0);
      const te = performance.now();
      const e = st.epoch;
      const r = trainEpoch(
        model,
        d,
        train,
        val,
        s,
        st,
        hooks.onBatch && ((bi) => hooks.onBatch!(e * nb + bi, s.epochs * nb)),
      );
      if (r.diverged !== undefined) {
        return yield* Effect.fail(new NumericalDivergence({ step: r.diverged, field: "loss" }));
      }
      st = r.state;
      const rec: EpochRecord = { ...r.stats, seconds: (performance.now() - te) / 1000 };
      history.push(rec);
      hooks.onEpoch?.(rec);
    }
    return {
      seed: s.seed,
      bestValAcc: st.best,
      history,
      paramCount: model.paramCount,
      seconds: (performance.now() - t0) / 1000,
      params: st.params,
    };
  });

/**
 * `value` with the object key order of `template`, recursively (same structure assumed). The
 * checkpoint codec stores object keys sorted, and the leaf order of a parameter tree fixes how
 * the optimiser and the gradient clip pair and sum the leaves: a restored state is reordered
 * like a fresh one before it is stepped.
 *
 * @example
 * ```ts
 * import { orderLike } from "@neuroplastic/engines/rsgn";
 * const t = { b: { data: new Float32Array(1), shape: [1] }, a: { data: new Float32Array(1), shape: [1] } };
 * console.log(Object.keys(orderLike(t, { a: t.a, b: t.b }))); // ["b", "a"]
 * ```
 */
export const orderLike = (template: Tree<Tensor>, value: Tree<Tensor>): Tree<Tensor> => {
  if (Array.isArray(template)) {
    return (template as Tree<Tensor>[]).map((t, i) => orderLike(t, (value as Tree<Tensor>[])[i]));
  }
  const t = template as Record<string, Tree<Tensor>>;
  if ("data" in t && "shape" in t) return value;
  const v = value as Record<string, Tree<Tensor>>;
  return Object.fromEntries(Object.keys(t).map((k) => [k, orderLike(t[k], v[k])]));
};
