/**
 * Evolutionary training of LNDP genomes as a `Process` whose step is one generation:
 * ask the strategy for a population, evaluate every member for one lifetime (fanned out over
 * Web Workers, deterministic for any worker count), tell the fitness, track the best member
 * and the learning curve. The state (strategy state, key, generation, best genome, curve) is
 * plain data, so the orchestrator checkpoints it and resumes bit-exactly; the run's documents
 * (curve, best and mean genome) are functions of the state ({@link trainFiles}).
 *
 * Reference protocol (train.py / trainer.py): CMA-ES, popsize 256, σ₀ = 1, elite ratio 0.5,
 * mean 0, fitness maximised (evosax FitnessShaper(maximize=True): negation only), every member
 * with its own key and eval_reps = 1.
 *
 * @module
 */
import { InvalidConfig } from "@neuroplastic/core/errors";
import type { Json, RunEnv } from "@neuroplastic/core/sim";
import { fold, type Key, split } from "@neuroplastic/core/random";
import type { LifetimeConfig, TrainConfig } from "./config.ts";
import { envByName } from "./envs/mod.ts";
import { makeModel } from "./model.ts";
import { evaluatePopulationSync } from "./pool.ts";
import type { PopulationResult } from "./population.ts";
import { type AskTell, makeStrategy } from "./strategy.ts";

/** Training state: everything the next generation needs, as plain data. */
export interface TrainState {
  /** Random key for the next generation. */
  readonly key: Key;
  /** Generations completed so far. */
  readonly generation: number;
  /** Opaque state of the evolution strategy. */
  readonly strategy: unknown;
  /** Best single-lifetime fitness seen so far, its generation and genome. */
  readonly bestFitness: number;
  /** Generation at which `bestFitness` was reached. */
  readonly bestGeneration: number;
  /** Genome that reached `bestFitness`. */
  readonly bestGenome: Float64Array;
  /** Per generation: max and mean fitness of the population, env steps simulated. */
  readonly curveMax: number[];
  /** Mean fitness of the population per generation. */
  readonly curveMean: number[];
  /** Environment steps simulated per generation. */
  readonly curveSteps: number[];
  /** Returns of each episode of the generation's best member (last generation). */
  readonly lastBestReturns: number[];
}

const strategies = new Map<string, AskTell<unknown>>();
const strategyOf = (c: TrainConfig): AskTell<unknown> => {
  const n = makeModel(c.task, c).layout.size;
  const id =
    `${c.strategy}|${n}|${c.popsize}|${c.sigmaInit}|${c.eliteRatio}|${c.lrate}|${c.fitnessShaping}`;
  let s = strategies.get(id);
  if (!s) {
    s = makeStrategy(c, n);
    strategies.set(id, s);
  }
  return s;
};

/**
 * The lifetime part of a training config (what workers need).
 *
 * @example
 * ```ts
 * import { trainDefaults, lifetimeOf } from "@neuroplastic/engines/lndp";
 * console.log("popsize" in lifetimeOf(trainDefaults)); // false
 * ```
 */
export const lifetimeOf = (c: TrainConfig): LifetimeConfig => {
  const {
    strategy: _s,
    popsize: _p,
    sigmaInit: _si,
    eliteRatio: _e,
    lrate: _l,
    fitnessShaping: _f,
    evalReps: _r,
    ...rest
  } = c;
  return rest;
};

/**
 * Initial training state: key split into (strategy init, generations).
 *
 * @example
 * ```ts
 * import { trainDefaults, initTrain } from "@neuroplastic/engines/lndp";
 * const s = initTrain({ ...trainDefaults, popsize: 8 }, { k0: 0, k1: 1 });
 * console.log(s.generation); // 0
 * ```
 */
export function initTrain(config: TrainConfig, key: Key): TrainState {
  const [kInit, kRun] = split(key, 2);
  const strat = strategyOf(config);
  const n = makeModel(config.task, config).layout.size;
  return {
    key: kRun,
    generation: 0,
    strategy: strat.init(kInit),
    bestFitness: -Infinity,
    bestGeneration: -1,
    bestGenome: new Float64Array(n),
    curveMax: [],
    curveMean: [],
    curveSteps: [],
    lastBestReturns: [],
  };
}

/**
 * Web Workers used for `--workers W`: W ≥ 2 evaluates on W workers, 1 (the default) on the
 * calling thread (one worker would only leave the calling thread waiting).
 *
 * @example
 * ```ts
 * import { poolWorkers } from "@neuroplastic/engines/lndp";
 * console.log(poolWorkers({ workers: 1 }), poolWorkers({ workers: 2 })); // 0 2
 * ```
 */
export const poolWorkers = (env?: RunEnv): number => {
  const w = Math.floor(env?.workers ?? 1);
  return w >= 2 ? Math.min(w, 64) : 0;
};

/** A generation asked for but not yet evaluated: see {@link askGeneration}. */
export interface AskedGeneration {
  /** The strategy state after `ask`. */
  readonly strategy: unknown;
  /** The population, member-major (popsize × genome size). */
  readonly candidates: Float64Array;
  /**
   * The generation's evaluation key: lifetime m of {@link AskedGeneration.lifetimes} runs with
   * fold(evalKey, m).
   */
  readonly evalKey: Key;
  /**
   * The genomes to run, one per lifetime (popsize · evalReps × genome size): lifetime
   * m = i · evalReps + r is member i's r-th; with evalReps = 1 this is `candidates` itself.
   */
  readonly lifetimes: Float64Array;
  /** popsize · evalReps, the number of lifetimes of the generation. */
  readonly lifetimeCount: number;
}

/**
 * Repeats each member's genome `reps` times (member-major): lifetime m = i · reps + r runs member
 * i. Returns `candidates` itself when reps = 1.
 *
 * @example
 * ```ts
 * import { repeatMembers } from "@neuroplastic/engines/lndp";
 * console.log(Array.from(repeatMembers(Float64Array.of(1, 2, 3, 4), 2, 2))); // [1, 2, 1, 2, 3, 4, 3, 4]
 * ```
 */
export function repeatMembers(
  candidates: Float64Array,
  popsize: number,
  reps: number,
): Float64Array {
  if (reps === 1) return candidates;
  const n = candidates.length / popsize;
  const out = new Float64Array(popsize * reps * n);
  for (let i = 0; i < popsize; i++) {
    const g = candidates.subarray(i * n, (i + 1) * n);
    for (let r = 0; r < reps; r++) out.set(g, (i * reps + r) * n);
  }
  return out;
}

/**
 * Folds the results of popsize · reps lifetimes (lifetime m = i · reps + r) into per-member
 * results: fitness and each episode's return are means over the member's lifetimes, environment
 * steps their sum. Returns `res` itself when reps = 1.
 *
 * @example
 * ```ts
 * import { meanOverReps } from "@neuroplastic/engines/lndp";
 * const r = meanOverReps({ fitness: Float64Array.of(10, 20), returns: Float64Array.of(10, 20),
 *   nReturns: 1, envSteps: Float64Array.of(10, 20) }, 1, 2);
 * console.log(r.fitness[0], r.envSteps[0]); // 15 30
 * ```
 */
export function meanOverReps(
  res: PopulationResult,
  popsize: number,
  reps: number,
): PopulationResult {
  if (reps === 1) return res;
  const nR = res.nReturns;
  const fitness = new Float64Array(popsize), envSteps = new Float64Array(popsize);
  const returns = new Float64Array(popsize * nR);
  for (let i = 0; i < popsize; i++) {
    let f = 0, st = 0;
    for (let r = 0; r < reps; r++) {
      const m = i * reps + r;
      f += res.fitness[m];
      st += res.envSteps[m];
      for (let e = 0; e < nR; e++) returns[i * nR + e] += res.returns[m * nR + e] / reps;
    }
    fitness[i] = f / reps;
    envSteps[i] = st;
  }
  return { fitness, returns, nReturns: nR, envSteps };
}

/**
 * The first half of a generation: (k_ask, k_eval) = split(fold(key, g)); ask the strategy for
 * the population. Evaluate member i with fold(k_eval, i) anywhere (this thread, Web Workers, or
 * the consumers of a KV queue), then {@link tellGeneration}. Pure.
 *
 * @example
 * ```ts
 * import { askGeneration, initTrain, trainDefaults } from "@neuroplastic/engines/lndp";
 * const c = { ...trainDefaults, popsize: 4 };
 * const a = askGeneration(initTrain(c, { k0: 0, k1: 1 }), c);
 * console.log(a.candidates.length); // 7672 (4 × 1918)
 * ```
 */
export function askGeneration(state: TrainState, config: TrainConfig): AskedGeneration {
  const [kAsk, evalKey] = split(fold(state.key, state.generation), 2);
  const { candidates, state: asked } = strategyOf(config).ask(state.strategy, kAsk);
  const reps = config.evalReps ?? 1;
  return {
    strategy: asked,
    candidates,
    evalKey,
    lifetimes: repeatMembers(candidates, config.popsize, reps),
    lifetimeCount: config.popsize * reps,
  };
}

/**
 * The second half of a generation: `res` holds the results of the {@link AskedGeneration.lifetimes}
 * (popsize · evalReps, folded per member by {@link meanOverReps}); tell the strategy the fitness
 * (maximising), update the best member and the curves. Pure: `state` is not mutated.
 *
 * @example
 * ```ts
 * import {
 *   askGeneration, evaluateBatchInline, initTrain, lifetimeOf, tellGeneration, trainDefaults,
 * } from "@neuroplastic/engines/lndp";
 * const c = { ...trainDefaults, popsize: 2, nEpisodes: 1 };
 * const s0 = initTrain(c, { k0: 0, k1: 1 });
 * const a = askGeneration(s0, c);
 * const res = evaluateBatchInline(lifetimeOf(c), a.lifetimes, a.lifetimeCount, a.evalKey);
 * console.log(tellGeneration(s0, c, a, res).generation); // 1
 * ```
 */
export function tellGeneration(
  state: TrainState,
  config: TrainConfig,
  asked: AskedGeneration,
  lifetimes: PopulationResult,
): TrainState {
  const { candidates } = asked;
  const pop = config.popsize;
  const res = meanOverReps(lifetimes, pop, config.evalReps ?? 1);
  const told = strategyOf(config).tell(asked.strategy, candidates, res.fitness);
  let bi = 0, sum = 0, steps = 0;
  for (let i = 0; i < pop; i++) {
    sum += res.fitness[i];
    steps += res.envSteps[i];
    if (res.fitness[i] > res.fitness[bi]) bi = i;
  }
  const n = candidates.length / pop;
  const improved = res.fitness[bi] > state.bestFitness;
  return {
    key: state.key,
    generation: state.generation + 1,
    strategy: told,
    bestFitness: improved ? res.fitness[bi] : state.bestFitness,
    bestGeneration: improved ? state.generation : state.bestGeneration,
    bestGenome: improved ? candidates.slice(bi * n, (bi + 1) * n) : state.bestGenome,
    curveMax: [...state.curveMax, res.fitness[bi]],
    curveMean: [...state.curveMean, sum / pop],
    curveSteps: [...state.curveSteps, steps],
    lastBestReturns: Array.from(res.returns.subarray(bi * res.nReturns, (bi + 1) * res.nReturns)),
  };
}

/**
 * One generation: {@link askGeneration}, evaluate every member on this thread or on
 * `env.workers` Web Workers, {@link tellGeneration}. Pure: `state` is not mutated, and the
 * result does not depend on `env.workers` (each member's key depends only on its index).
 *
 * @example
 * ```ts ignore
 * import { trainDefaults, initTrain, stepTrain } from "@neuroplastic/engines/lndp";
 * const c = { ...trainDefaults, popsize: 8 };
 * const s1 = stepTrain(initTrain(c, { k0: 0, k1: 1 }), c, { workers: 2 });
 * ```
 */
export function stepTrain(state: TrainState, config: TrainConfig, env?: RunEnv): TrainState {
  const asked = askGeneration(state, config);
  const res = evaluatePopulationSync(
    lifetimeOf(config),
    asked.lifetimes,
    asked.lifetimeCount,
    asked.evalKey,
    poolWorkers(env),
  );
  return tellGeneration(state, config, asked, res);
}

/**
 * Cross-field checks the schema cannot express: OpenAI-ES needs an even popsize (antithetic
 * pairs). Returns the error, or undefined when the config is fine.
 *
 * @example
 * ```ts
 * import { trainDefaults, trainConfigProblem } from "@neuroplastic/engines/lndp";
 * console.log(trainConfigProblem({ ...trainDefaults, strategy: "openai", popsize: 7 })?.field); // popsize
 * ```
 */
export function trainConfigProblem(c: TrainConfig): InvalidConfig | undefined {
  if (c.strategy === "openai" && c.popsize % 2 !== 0) {
    return new InvalidConfig({
      field: "popsize",
      message:
        `popsize: OpenAI-ES samples antithetic pairs, so popsize must be even, got ${c.popsize}`,
      allowed: "even integer ≥ 2",
    });
  }
  return undefined;
}

/** Most environment steps one generation may take over HTTP (≈ 10 s at bench:lndp's rates). */
export const HTTP_MAX_GENERATION_ENV_STEPS = 32_768;

/**
 * The HTTP handler checks its wall-clock budget between steps, and one step of `train` is a whole
 * generation: popsize × nEpisodes lifetimes of up to the task's `maxSteps` environment steps. Over
 * HTTP that product must stay ≤ {@link HTTP_MAX_GENERATION_ENV_STEPS} (bench:lndp measured
 * 2,300–3,700 environment steps/s here), otherwise an `InvalidConfig` on `popsize`. The CLI has
 * no such limit.
 *
 * @example
 * ```ts
 * import { trainDefaults, httpGenerationProblem } from "@neuroplastic/engines/lndp";
 * console.log(httpGenerationProblem(trainDefaults)?.field); // popsize
 * console.log(httpGenerationProblem({ ...trainDefaults, popsize: 8, nEpisodes: 1 })); // undefined
 * ```
 */
export function httpGenerationProblem(c: TrainConfig): InvalidConfig | undefined {
  const perLifetime = envByName(c.task).maxSteps;
  // env steps of one generation ≤ popsize · evalReps · nEpisodes · maxSteps(task)
  const steps = c.popsize * (c.evalReps ?? 1) * c.nEpisodes * perLifetime;
  if (steps <= HTTP_MAX_GENERATION_ENV_STEPS) return undefined;
  const maxPop = Math.floor(HTTP_MAX_GENERATION_ENV_STEPS / (c.nEpisodes * perLifetime));
  return new InvalidConfig({
    field: "popsize",
    message:
      `popsize: one generation (one HTTP step) is popsize × nEpisodes × ${perLifetime} = ${steps} environment steps, over the HTTP limit of ${HTTP_MAX_GENERATION_ENV_STEPS}; use popsize ≤ ${maxPop} at nEpisodes ${c.nEpisodes}, fewer episodes, or the CLI`,
    allowed: `popsize · nEpisodes · maxSteps ≤ ${HTTP_MAX_GENERATION_ENV_STEPS}`,
  });
}

const last = (xs: number[]): number => (xs.length ? xs[xs.length - 1] : NaN);

/**
 * The strategy's mean genome of a training state (undefined when the strategy has none).
 *
 * @example
 * ```ts
 * import { initTrain, meanGenome, trainDefaults } from "@neuroplastic/engines/lndp";
 * const c = { ...trainDefaults, popsize: 4 };
 * console.log(meanGenome(initTrain(c, { k0: 0, k1: 1 }), c)?.length); // 1918
 * ```
 */
export const meanGenome = (s: TrainState, c: TrainConfig): Float64Array | undefined =>
  strategyOf(c).mean(s.strategy);

/**
 * The figures of a training state (the `--json` result and the HTTP answer): the settings, the
 * counts, the best fitness, the last generation and the best genome (1918 numbers on the
 * reference model). The curves and the mean genome are in {@link trainFiles}.
 *
 * @example
 * ```ts
 * import { initTrain, trainDefaults, trainSummary } from "@neuroplastic/engines/lndp";
 * const c = { ...trainDefaults, popsize: 4 };
 * console.log(trainSummary(initTrain(c, { k0: 0, k1: 1 }), c).generations); // 0
 * ```
 */
export function trainSummary(s: TrainState, c: TrainConfig): { [key: string]: Json } {
  return {
    task: c.task,
    strategy: c.strategy,
    popsize: c.popsize,
    generations: s.generation,
    evaluations: s.generation * c.popsize * (c.evalReps ?? 1),
    envSteps: s.curveSteps.reduce((a, b) => a + b, 0),
    bestFitness: s.bestFitness,
    bestGeneration: s.bestGeneration,
    lastGenerationMax: last(s.curveMax),
    lastGenerationMean: last(s.curveMean),
    lastBestReturns: s.lastBestReturns,
    bestGenome: Array.from(s.bestGenome),
  };
}

const json = (v: unknown): string => JSON.stringify(v) + "\n";

/**
 * The documents of a training run, functions of its state and config only (so a resumed run
 * writes the same bytes as an uninterrupted one):
 * - `curve.json`: per generation (1-based) the population max and mean fitness and the
 *   environment steps simulated;
 * - `best-genome.json`: `{ config, fitness, generation, genome }`, the best member seen;
 * - `mean-genome.json`: `{ config, generation, genome }`, the strategy's mean (when it has one).
 *
 * @example
 * ```ts
 * import { initTrain, trainDefaults, trainFiles } from "@neuroplastic/engines/lndp";
 * const c = { ...trainDefaults, popsize: 4 };
 * console.log(Object.keys(trainFiles(initTrain(c, { k0: 0, k1: 1 }), c))); // ["curve.json", "best-genome.json", "mean-genome.json"]
 * ```
 */
export function trainFiles(s: TrainState, c: TrainConfig): { [name: string]: string } {
  const files: { [name: string]: string } = {
    "curve.json": json({
      task: c.task,
      strategy: c.strategy,
      popsize: c.popsize,
      generation: s.curveMax.map((_, g) => g + 1),
      max: s.curveMax,
      mean: s.curveMean,
      envSteps: s.curveSteps,
    }),
    "best-genome.json": json({
      config: c,
      fitness: s.bestFitness,
      generation: s.bestGeneration,
      genome: Array.from(s.bestGenome),
    }),
  };
  const mean = meanGenome(s, c);
  if (mean) {
    files["mean-genome.json"] = json({
      config: c,
      generation: s.generation,
      genome: Array.from(mean),
    });
  }
  return files;
}
