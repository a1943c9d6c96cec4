/**
 * Population evaluation for training: every member runs one lifetime with its own key
 * (fold(generation key, member index)), so results do not depend on how members are spread
 * over workers. `evaluateBatchInline` runs on the calling thread; `pool.ts` fans the same
 * work out to Web Workers.
 *
 * @module
 */
import { fold, type Key } from "@neuroplastic/core/random";
import type { LifetimeConfig } from "./config.ts";
import { makeModel, type Model } from "./model.ts";
import { type LifetimeBuffers, lifetimeBuffers, run } from "./run.ts";
import { updateFastInPlace } from "./fast.ts";
import type { UpdateFn } from "./step.ts";
import { updateInPlace } from "./update.ts";

/**
 * Which update kernel a population evaluation runs: "fast" (fast.ts, the default) or
 * "reference" (update.ts, bit-identical and slower; the speed baseline of the bench).
 */
export type UpdateKernel = "fast" | "reference";

/**
 * The update function of a kernel name.
 *
 * @example
 * ```ts
 * import { updateFastInPlace, updateKernel } from "@neuroplastic/engines/lndp";
 * console.log(updateKernel("fast") === updateFastInPlace); // true
 * ```
 */
export const updateKernel = (k: UpdateKernel): UpdateFn =>
  k === "reference" ? updateInPlace : updateFastInPlace;

/** Per-member results of one population evaluation. */
export interface PopulationResult {
  /** Fitness of each member (mean return, or grid reward sum). */
  readonly fitness: Float64Array;
  /** Episode returns, member-major (popsize × nReturns). */
  readonly returns: Float64Array;
  /** Number of returns per member (nEpisodes, or 1 for grid). */
  readonly nReturns: number;
  /** Environment steps simulated per member. */
  readonly envSteps: Float64Array;
}

/** Number of per-member result slots: fitness, envSteps, then the returns. */
export const resultStride = (cfg: LifetimeConfig): number =>
  2 + (cfg.task === "grid" ? 1 : cfg.nEpisodes);

/** A model plus reusable buffers, cached per config. */
export interface Evaluator {
  /** The resolved model. */
  readonly model: Model;
  /** Reusable lifetime buffers for the model. */
  readonly buffers: LifetimeBuffers;
  /** The config the evaluator was built for. */
  readonly cfg: LifetimeConfig;
  /** The update each step runs. */
  readonly update: UpdateFn;
}

/**
 * Builds the evaluator (model + buffers) for a lifetime config, with the fast update unless
 * `kernel` is "reference".
 *
 * @example
 * ```ts
 * import { lifetimeDefaults, makeEvaluator } from "@neuroplastic/engines/lndp";
 * console.log(makeEvaluator(lifetimeDefaults).model.layout.size); // 1918
 * ```
 */
export function makeEvaluator(cfg: LifetimeConfig, kernel: UpdateKernel = "fast"): Evaluator {
  const model = makeModel(cfg.task, cfg);
  return { model, buffers: lifetimeBuffers(model), cfg, update: updateKernel(kernel) };
}

/**
 * Evaluates member `i` of a flat population (popsize × P) and writes its result slots
 * [fitness, envSteps, returns...] at `out[i·stride]`.
 *
 * @example
 * ```ts
 * import { lifetimeDefaults, evaluateMemberInto, makeEvaluator, resultStride } from "@neuroplastic/engines/lndp";
 * const ev = makeEvaluator(lifetimeDefaults);
 * const out = new Float64Array(resultStride(lifetimeDefaults));
 * evaluateMemberInto(ev, new Float64Array(1918), 0, { k0: 0, k1: 1 }, out);
 * ```
 */
export function evaluateMemberInto(
  ev: Evaluator,
  genomes: Float64Array,
  i: number,
  genKey: Key,
  out: Float64Array,
): void {
  const P = ev.model.layout.size;
  const g = genomes.subarray(i * P, (i + 1) * P);
  evaluateGenomeInto(ev, g, fold(genKey, i), out, i * resultStride(ev.cfg));
}

/**
 * Runs one genome's lifetime with the member key `memberKey` (= fold(generation key, member
 * index) in a population) and writes its result slots [fitness, envSteps, returns...] at
 * `out[o]`. What a remote consumer that holds a single member calls.
 *
 * @example
 * ```ts
 * import { evaluateGenomeInto, lifetimeDefaults, makeEvaluator, resultStride } from "@neuroplastic/engines/lndp";
 * const out = new Float64Array(resultStride(lifetimeDefaults));
 * evaluateGenomeInto(makeEvaluator(lifetimeDefaults), new Float64Array(1918), { k0: 0, k1: 1 }, out);
 * console.log(out[1] > 0); // true (environment steps)
 * ```
 */
export function evaluateGenomeInto(
  ev: Evaluator,
  genome: Float64Array,
  memberKey: Key,
  out: Float64Array,
  o = 0,
): void {
  const r = run(ev.model, genome, ev.cfg.nEpisodes, memberKey, ev.buffers, undefined, ev.update);
  out[o] = r.fitness;
  out[o + 1] = r.envSteps;
  for (let e = 0; e < r.returns.length; e++) out[o + 2 + e] = r.returns[e];
}

/**
 * Unpacks the result slots into a {@link PopulationResult}.
 *
 * @example
 * ```ts
 * import { lifetimeDefaults, unpackResults } from "@neuroplastic/engines/lndp";
 * const r = unpackResults(lifetimeDefaults, new Float64Array(5), 1);
 * console.log(r.nReturns); // 3
 * ```
 */
export function unpackResults(
  cfg: LifetimeConfig,
  slots: Float64Array,
  popsize: number,
): PopulationResult {
  const stride = resultStride(cfg), nR = stride - 2;
  const fitness = new Float64Array(popsize), envSteps = new Float64Array(popsize);
  const returns = new Float64Array(popsize * nR);
  for (let i = 0; i < popsize; i++) {
    fitness[i] = slots[i * stride];
    envSteps[i] = slots[i * stride + 1];
    for (let e = 0; e < nR; e++) returns[i * nR + e] = slots[i * stride + 2 + e];
  }
  return { fitness, returns, nReturns: nR, envSteps };
}

const cache = new Map<string, Evaluator>();

/**
 * Evaluates a flat population (popsize × P) on the calling thread (`kernel`: see
 * {@link UpdateKernel}).
 *
 * @example
 * ```ts
 * import { lifetimeDefaults, evaluateBatchInline } from "@neuroplastic/engines/lndp";
 * const r = evaluateBatchInline(lifetimeDefaults, new Float64Array(2 * 1918), 2, { k0: 0, k1: 1 });
 * console.log(r.fitness.length); // 2
 * ```
 */
export function evaluateBatchInline(
  cfg: LifetimeConfig,
  genomes: Float64Array,
  popsize: number,
  genKey: Key,
  kernel: UpdateKernel = "fast",
): PopulationResult {
  const id = `${kernel}|${JSON.stringify(cfg)}`;
  let ev = cache.get(id);
  if (!ev) {
    ev = makeEvaluator(cfg, kernel);
    cache.set(id, ev);
  }
  const slots = new Float64Array(popsize * resultStride(cfg));
  for (let i = 0; i < popsize; i++) evaluateMemberInto(ev, genomes, i, genKey, slots);
  return unpackResults(cfg, slots, popsize);
}
