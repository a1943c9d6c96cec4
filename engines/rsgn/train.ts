/**
 * The notebook's `train_model` as an Effect program (spec §3.1): AdamW (lr 1e-3, weight decay
 * 1e-4) on every parameter, cosine annealing over the epochs (stepped per epoch), global-norm
 * clipping at 1.0, shuffled mini-batches (drop_last = False), Hebbian update after every
 * optimiser step, prune/sprout every 10 epochs, per-epoch train loss/accuracy/sparsity and
 * validation accuracy, best validation accuracy. Interruptible between batches; optional
 * checkpoint after every epoch (resumed when present).
 *
 * @module
 */
import { Effect } from "effect";
import { NumericalDivergence } from "@neuroplastic/core/errors";
import { adamw, clipByGlobalNorm, cosineAnnealing, type OptState } from "@neuroplastic/core/optim";
import { fold, key, permutation, split } from "@neuroplastic/core/random";
import type { Tensor } from "@neuroplastic/core/tensor";
import type { Tree } from "@neuroplastic/core/tree";
import { readCheckpointSync, writeCheckpointSync } from "@neuroplastic/core/checkpoint";
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

/** One epoch of the training history. */
export interface EpochRecord {
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
  /** Checkpoint file written after each epoch and resumed from when present. */
  readonly checkpointPath?: string;
}

interface LoopState {
  params: Tree<Tensor>;
  opt: OptState;
  heb: HebbianState;
  epoch: number;
  history: EpochRecord[];
  best: number;
}

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
 * Train `model` on `train` indices of `d`, validating on `val` after every epoch.
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
    const root = key(s.seed);
    const [kInit, kShuffle, kHeb] = split(root, 3);
    const opt = adamw({ lr: s.lr, weightDecay: s.weightDecay });
    const sched = cosineAnnealing(s.lr, s.epochs);
    let st: LoopState;
    const resumed = hooks.checkpointPath ? tryResume(hooks.checkpointPath) : undefined;
    if (resumed) {
      // The checkpoint codec stores object keys sorted; restore the model's own key order, which
      // fixes the leaf order that the optimiser pairs with the gradients.
      const template = model.init(kInit);
      st = {
        ...resumed,
        params: orderLike(template, resumed.params),
        opt: {
          ...resumed.opt,
          m: resumed.opt.m && orderLike(template, resumed.opt.m),
          v: resumed.opt.v && orderLike(template, resumed.opt.v),
        },
      };
    } else {
      const params = model.init(kInit);
      st = { params, opt: opt.init(params), heb: hebbianInit(), epoch: 0, history: [], best: 0 };
    }
    const valIdx = s.valLimit !== undefined ? val.slice(0, s.valLimit) : val;
    const nb = Math.ceil(train.length / s.batchSize);
    for (let epoch = st.epoch; epoch < s.epochs; epoch++) {
      const te = performance.now();
      const lr = sched(epoch);
      const perm = permutation(fold(kShuffle, epoch), train.length);
      const order = new Int32Array(train.length);
      for (let i = 0; i < order.length; i++) order[i] = train[perm[i]];
      let correct = 0, seen = 0, lossSum = 0, spSum = 0, spN = 0, gnSum = 0;
      for (let bi = 0; bi < nb; bi++) {
        // a macrotask boundary per batch: interruption (and timers) take effect between batches
        yield* Effect.sleep(0);
        const from = bi * s.batchSize, to = Math.min(order.length, from + s.batchSize);
        const b = gather(d, order, from, to);
        const r = model.lossAndGrad(
          st.params,
          b.X,
          b.y,
          b.n,
          d.seqLen,
          fold(kInit, epoch * nb + bi),
        );
        if (!Number.isFinite(r.loss)) {
          return yield* Effect.fail(
            new NumericalDivergence({ step: epoch * nb + bi, field: "loss" }),
          );
        }
        const clipped = s.clip > 0 ? clipByGlobalNorm(r.grads, s.clip) : undefined;
        gnSum += clipped ? clipped.norm : 0;
        const up = opt.update(clipped ? clipped.grads : r.grads, st.opt, st.params, lr);
        st.params = up.params;
        st.opt = up.state;
        if (s.hebbian && r.alpha) {
          const h = hebbianUpdate(
            st.params as unknown as RsgnParams,
            st.heb,
            r.alpha,
            b.n,
            -r.loss,
            s.hebbian,
          );
          st.params = h.params as unknown as Tree<Tensor>;
          st.heb = h.state;
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
        hooks.onBatch?.(epoch * nb + bi + 1, s.epochs * nb);
      }
      const valAcc = evaluate(model, st.params, d, valIdx, s.batchSize);
      st.best = Math.max(st.best, valAcc);
      if (s.hebbian && (epoch + 1) % 10 === 0) {
        const h = hebbianPruneAndSprout(
          st.params as unknown as RsgnParams,
          st.heb,
          fold(kHeb, epoch),
          s.hebbian,
        );
        st.params = h.params as unknown as Tree<Tensor>;
        st.heb = h.state;
      }
      const rec: EpochRecord = {
        epoch: epoch + 1,
        lr,
        trainLoss: lossSum / nb,
        trainAcc: correct / seen,
        valAcc,
        sparsity: spN ? spSum / spN : null,
        gradNorm: gnSum / nb,
        seconds: (performance.now() - te) / 1000,
      };
      st.history.push(rec);
      st.epoch = epoch + 1;
      hooks.onEpoch?.(rec);
      if (hooks.checkpointPath) {
        writeCheckpointSync(hooks.checkpointPath, {
          step: st.epoch,
          meta: { engine: "rsgn", seed: s.seed },
          state: st,
        });
      }
    }
    return {
      seed: s.seed,
      bestValAcc: st.best,
      history: st.history,
      paramCount: model.paramCount,
      seconds: (performance.now() - t0) / 1000,
      params: st.params,
    };
  });

/** `value` with the object key order of `template`, recursively (same structure assumed). */
const orderLike = (template: Tree<Tensor>, value: Tree<Tensor>): Tree<Tensor> => {
  if (Array.isArray(template)) {
    return (template as Tree<Tensor>[]).map((t, i) => orderLike(t, (value as Tree<Tensor>[])[i]));
  }
  const t = template as Record<string, Tree<Tensor>>;
  if ("data" in t && "shape" in t) return value;
  const v = value as Record<string, Tree<Tensor>>;
  return Object.fromEntries(Object.keys(t).map((k) => [k, orderLike(t[k], v[k])]));
};

const tryResume = (path: string): LoopState | undefined => {
  try {
    Deno.statSync(path);
  } catch {
    return undefined;
  }
  return readCheckpointSync(path).state as LoopState;
};
