/**
 * Everything a trial derives from its config (expanded inputs, network shape, genome operators,
 * fitness evaluation). Derived data is cached per config; it is a pure function of the config.
 *
 * @module
 */
import { fold, type Key, split } from "@neuroplastic/core/random";
import type { GenomeOps } from "@neuroplastic/evolution";
import type { TrialConfig } from "./config.ts";
import { expandInputs, type Inputs, withFreshNoise } from "./inputs.ts";
import {
  controllerOps,
  denseForward,
  denseHiddenBatch,
  denseHiddenFromBatch,
  denseHiddenInto,
  type EvalBuffers,
  evalBuffers,
  type Layout,
  layoutOf,
  type NetShape,
  outputMse,
  sparseUnitInto,
} from "./network.ts";
import {
  cascadeTrustMany,
  mutateProteins,
  PROTEIN_DEFAULTS,
  PROTEIN_GENES,
  runCascade,
  trustFitness,
} from "./proteins.ts";

/**
 * A genome's evaluation.
 *
 * @example
 * ```ts
 * import { type Evaluation, trialContext, trialDefaults } from "@neuroplastic/engines/genreg";
 * const ctx = trialContext(trialDefaults);
 * const ev: Evaluation = ctx.evaluate(new Float64Array(ctx.genes), null);
 * console.log(ev.fitness === -ev.mse); // true (no proteins)
 * ```
 */
export interface Evaluation {
  /** Mean squared error over the samples. */
  readonly mse: number;
  /** Saturated hidden units. */
  readonly k: number;
  /** Protein trust (0 without proteins). */
  readonly trust: number;
  /** The optimised fitness (higher is better). */
  readonly fitness: number;
}

/**
 * Derived data of a trial config.
 *
 * @example
 * ```ts
 * import { type TrialContext, trialContext, trialDefaults } from "@neuroplastic/engines/genreg";
 * import { key } from "@neuroplastic/core/random";
 * const ctx: TrialContext = trialContext(trialDefaults);
 * const g = new Float64Array(ctx.genes);
 * ctx.ops.random(key(0), g);
 * console.log(ctx.genes, ctx.evaluate(g, null).mse > 0); // 49 true
 * ```
 */
export interface TrialContext {
  /** The expanded inputs. */
  readonly inputs: Inputs;
  /** Controller shape. */
  readonly shape: NetShape;
  /** Gene layout of the controller part. */
  readonly layout: Layout;
  /** Controller genes (+ 29 protein genes when the GA uses proteins). */
  readonly genes: number;
  /** Whether the genome carries protein genes and fitness is trust-modulated. */
  readonly proteins: boolean;
  /** Random genomes and mutation (controller + proteins). */
  readonly ops: GenomeOps;
  /** True when evaluations draw fresh noise (so cached fitness must not be reused). */
  readonly stochastic: boolean;
  /** Fitness from MSE and trust (−MSE without proteins). */
  fitnessOf(mse: number, trust: number): number;
  /** Full evaluation (fresh noise from `key` when stochastic). */
  evaluate(genome: Float64Array, key: Key | null, buf?: EvalBuffers): Evaluation;
  /**
   * Evaluations of the members `which[0..count)` of a row-major population (member i is
   * `genomes[i·genes, (i + 1)·genes)`), member `which[t]` with key `keyOf(t)`: the same values as
   * {@link TrialContext.evaluate} one by one. A deterministic dense context computes the hidden
   * pre-activations of all of them in one GEMM (`denseHiddenBatch`, bit-identical).
   */
  evaluateMany(
    genomes: Float64Array,
    which: Int32Array,
    count: number,
    keyOf: (t: number) => Key,
  ): Evaluation[];
}

/** Genomes per batched dense GEMM (bounds the gathered weights and the product). */
const DENSE_BATCH = 32;

const cache = new Map<string, TrialContext>();

/**
 * The (cached) context of a trial config.
 *
 * @example
 * ```ts
 * import { trialContext, trialDefaults } from "@neuroplastic/engines/genreg";
 * console.log(trialContext(trialDefaults).layout.params); // 33
 * ```
 */
export function trialContext(c: TrialConfig): TrialContext {
  const proteins = c.optimizer === "ga" && c.ga.proteins;
  const id = JSON.stringify([c.inputs, c.model, c.mutation, proteins, c.ga.trust, c.optimizer]);
  const hit = cache.get(id);
  if (hit) return hit;
  const inputs = expandInputs(c.inputs);
  const D = inputs.cols;
  const shape: NetShape = c.model.kind === "dense"
    ? { kind: "dense", inputs: D, hidden: c.model.hidden }
    : { kind: "sparse", inputs: D, hidden: c.model.hidden, k: c.model.k };
  const layout = layoutOf(shape);
  const cops = controllerOps(shape, c.mutation);
  const genes = layout.length + (proteins ? PROTEIN_GENES : 0);
  const ops: GenomeOps = proteins
    ? {
      numDims: genes,
      random: (key, out) => {
        cops.random(key, out.subarray(0, layout.length));
        out.set(PROTEIN_DEFAULTS, layout.length);
      },
      mutate: (parent, key, out) => {
        const [kc, kp] = split(key);
        cops.mutate(parent.subarray(0, layout.length), kc, out.subarray(0, layout.length));
        mutateProteins(parent, out, layout.length, kp);
      },
    }
    : cops;
  const stochastic = inputs.freshColumns > 0;
  const trustMode = proteins ? c.ga.trust : "off";
  const rows = inputs.rows;
  const shared = evalBuffers(shape.hidden, rows);
  // deterministic dense nets: the inputs resident in WebAssembly memory (same bits, see
  // denseForward), set once for the context
  const resident = shape.kind === "dense" && !stochastic ? denseForward(shape, rows) : null;
  resident?.setInputs(inputs.dataT);
  const evaluate = (genome: Float64Array, key: Key | null, buf = shared): Evaluation => {
    if (resident) {
      if (buf === shared) {
        const mse = resident.run(genome, inputs.target);
        return finishFrom(genome, resident.hidden, resident.pred, mse);
      }
      return finishFrom(genome, buf.hidden, buf.pred, resident.mse(genome, inputs.target, buf));
    }
    const X = stochastic ? withFreshNoise(inputs, key ?? fold({ k0: 0, k1: 0 }, 0)) : inputs.data;
    if (shape.kind === "dense") denseHiddenInto(shape, genome, X, rows, buf.hidden);
    else {
      const XT = stochastic ? transposeRows(X, rows, D) : inputs.dataT;
      for (let j = 0; j < shape.hidden; j++) {
        sparseUnitInto(shape, genome, XT, rows, j, buf.hidden[j]);
      }
    }
    return finish(genome, buf);
  };
  // the evaluation from the hidden activations in `buf`
  const finish = (genome: Float64Array, buf: EvalBuffers): Evaluation =>
    finishFrom(
      genome,
      buf.hidden,
      buf.pred,
      outputMse(buf.hidden, genome, layout.w2, layout.b2, inputs.target, rows, buf.pred),
    );
  // the evaluation from the hidden activations, the predictions and their MSE
  const finishFrom = (
    genome: Float64Array,
    hidden: readonly Float64Array[],
    pred: Float64Array,
    mse: number,
  ): Evaluation => {
    const k = saturatedUnits(hidden);
    if (!proteins) return { mse, k, trust: 0, fitness: -mse };
    const { trust } = runCascade(genome, layout.length, inputs.x, pred, inputs.target);
    return { mse, k, trust, fitness: trustFitness(mse, trust, trustMode) };
  };
  // scratch of evaluateMany's batched protein cascades (grown on demand)
  const many = {
    pred: new Float64Array(0),
    mse: new Float64Array(0),
    k: new Int32Array(0),
    trust: new Float64Array(0),
    offs: new Int32Array(0),
  };
  const evaluateMany = (
    pop: Float64Array,
    which: Int32Array,
    count: number,
    keyOf: (t: number) => Key,
  ): Evaluation[] => {
    const out: Evaluation[] = [];
    if (resident) {
      if (!proteins) {
        for (let t = 0; t < count; t++) {
          const o = which[t] * genes;
          const genome = pop.subarray(o, o + genes);
          const mse = resident.run(genome, inputs.target);
          out.push(finishFrom(genome, resident.hidden, resident.pred, mse));
        }
        return out;
      }
      // proteins: every member's forward pass, then all the cascades in lockstep (batched tanh)
      if (many.pred.length < count * rows) {
        many.pred = new Float64Array(count * rows);
        many.mse = new Float64Array(count);
        many.k = new Int32Array(count);
        many.trust = new Float64Array(count);
        many.offs = new Int32Array(count);
      }
      for (let t = 0; t < count; t++) {
        const o = which[t] * genes;
        many.mse[t] = resident.run(pop.subarray(o, o + layout.length), inputs.target);
        many.k[t] = saturatedUnits(resident.hidden);
        many.pred.set(resident.pred, t * rows);
        many.offs[t] = o + layout.length;
      }
      cascadeTrustMany(pop, many.offs, count, inputs.x, many.pred, inputs.target, many.trust);
      for (let t = 0; t < count; t++) {
        const mse = many.mse[t], trust = many.trust[t];
        out.push({ mse, k: many.k[t], trust, fitness: trustFitness(mse, trust, trustMode) });
      }
      return out;
    }
    if (shape.kind !== "dense" || stochastic) {
      for (let t = 0; t < count; t++) {
        const o = which[t] * genes;
        out.push(evaluate(pop.subarray(o, o + genes), keyOf(t)));
      }
      return out;
    }
    for (let t0 = 0; t0 < count; t0 += DENSE_BATCH) {
      const nb = Math.min(DENSE_BATCH, count - t0);
      const part = which.subarray(t0, t0 + nb);
      const pre = denseHiddenBatch(shape, pop, genes, part, nb, inputs.data, rows);
      for (let i = 0; i < nb; i++) {
        const o = part[i] * genes;
        const genome = pop.subarray(o, o + genes);
        denseHiddenFromBatch(shape, genome, pre, rows, i, nb, shared.hidden);
        out.push(finish(genome, shared));
      }
    }
    return out;
  };
  const fitnessOf = (mse: number, trust: number): number =>
    proteins ? trustFitness(mse, trust, trustMode) : -mse;
  const ctx: TrialContext = {
    inputs,
    shape,
    layout,
    genes,
    proteins,
    ops,
    stochastic,
    fitnessOf,
    evaluate,
    evaluateMany,
  };
  if (cache.size > 32) cache.clear();
  cache.set(id, ctx);
  return ctx;
}

/** `saturation(hidden).k` (stats.ts) without its per-unit array and closures. */
const saturatedUnits = (hidden: readonly Float64Array[], threshold = 0.95, unitFraction = 0.5) => {
  let k = 0;
  for (let j = 0; j < hidden.length; j++) {
    const h = hidden[j];
    let c = 0;
    for (let s = 0; s < h.length; s++) if (Math.abs(h[s]) > threshold) c++;
    if (c / h.length > unitFraction) k++;
  }
  return k;
};

const transposeRows = (X: Float64Array, rows: number, cols: number): Float64Array => {
  const t = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) t[c * rows + r] = X[r * cols + c];
  return t;
};
