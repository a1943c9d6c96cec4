/**
 * Evolutionary training of LNDP genomes as a `Process` whose step is one generation:
 * ask the strategy for a population, evaluate every member for one lifetime (fanned out over
 * Web Workers, deterministic for any worker count), tell the fitness, track the best member
 * and the learning curve. The state (strategy state, key, generation, best genome, curve) is
 * plain data, so the CLI checkpoints it every K generations and resumes bit-exactly.
 *
 * Reference protocol (train.py / trainer.py): CMA-ES, popsize 256, σ₀ = 1, elite ratio 0.5,
 * mean 0, fitness maximised (evosax FitnessShaper(maximize=True): negation only), every member
 * with its own key and eval_reps = 1.
 *
 * @module
 */
import { Schema } from "effect";
import { InvalidConfig } from "@neuroplastic/core/errors";
import type { Json, Process } from "@neuroplastic/core/sim";
import { inRange, intInRange, Positive } from "@neuroplastic/core/sim";
import { fold, type Key, split } from "@neuroplastic/core/random";
import { DEFAULT_LIFETIME, type LifetimeConfig, modelFields, TaskSchema } from "./config.ts";
import { envByName } from "./envs/mod.ts";
import { makeModel } from "./model.ts";
import { evaluatePopulationSync } from "./pool.ts";
import {
  type AskTell,
  FITNESS_SHAPINGS,
  type FitnessShaping,
  makeStrategy,
  STRATEGIES,
  type StrategyName,
} from "./strategy.ts";

/**
 * Local alias because `deno doc --lint` reports every reference to an npm package's type as a
 * private type (denoland/deno#27364); effect documents the type upstream.
 *
 * @internal
 */
type EffectSchema<A> = Schema.Schema<A>;

/** Training configuration: the lifetime config plus the evolution settings. */
export interface TrainConfig extends LifetimeConfig {
  /** "cma" (evosax CMA_ES, the reference) or "openai" (OpenAI-ES). */
  readonly strategy: StrategyName;
  /** Population size (train.py 256). */
  readonly popsize: number;
  /** Web Workers for population evaluation (0 = main thread). */
  readonly workers: number;
  /** Initial step size σ₀ (evosax CMA_ES default 1.0). */
  readonly sigmaInit: number;
  /** CMA-ES elite ratio (evosax default 0.5). */
  readonly eliteRatio: number;
  /** OpenAI-ES learning rate (Adam). */
  readonly lrate: number;
  /** OpenAI-ES: "none" (reference: negation only), "centeredRank" or "zscore". */
  readonly fitnessShaping: FitnessShaping;
}

/** Schema of {@link TrainConfig}; errors name the field. */
export const TrainConfigSchema: EffectSchema<TrainConfig> = Schema.Struct({
  task: TaskSchema,
  nEpisodes: intInRange(1, 1000),
  ...modelFields,
  strategy: Schema.Literal(...STRATEGIES).annotations({
    message: () => `must be one of ${STRATEGIES.join(" | ")}`,
  }),
  popsize: intInRange(2, 1 << 16),
  workers: intInRange(0, 64),
  sigmaInit: Positive,
  eliteRatio: inRange(0.001, 1),
  lrate: Positive,
  fitnessShaping: Schema.Literal(...FITNESS_SHAPINGS).annotations({
    message: () => `must be one of ${FITNESS_SHAPINGS.join(" | ")}`,
  }),
});

/**
 * The reference training defaults (train.py, evosax 0.1.6 defaults) with 2 workers.
 *
 * @example
 * ```ts
 * import { DEFAULT_TRAIN } from "@neuroplastic/engines/lndp";
 * console.log(DEFAULT_TRAIN.popsize, DEFAULT_TRAIN.strategy); // 256 cma
 * ```
 */
export const DEFAULT_TRAIN: TrainConfig = {
  ...DEFAULT_LIFETIME,
  strategy: "cma",
  popsize: 256,
  workers: 2,
  sigmaInit: 1,
  eliteRatio: 0.5,
  lrate: 0.05,
  fitnessShaping: "none",
};

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
 * import { DEFAULT_TRAIN, lifetimeOf } from "@neuroplastic/engines/lndp";
 * console.log("popsize" in lifetimeOf(DEFAULT_TRAIN)); // false
 * ```
 */
export const lifetimeOf = (c: TrainConfig): LifetimeConfig => {
  const {
    strategy: _s,
    popsize: _p,
    workers: _w,
    sigmaInit: _si,
    eliteRatio: _e,
    lrate: _l,
    fitnessShaping: _f,
    ...rest
  } = c;
  return rest;
};

/**
 * Initial training state: key split into (strategy init, generations).
 *
 * @example
 * ```ts
 * import { DEFAULT_TRAIN, initTrain } from "@neuroplastic/engines/lndp";
 * const s = initTrain({ ...DEFAULT_TRAIN, popsize: 8 }, { k0: 0, k1: 1 });
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
 * One generation: (k_ask, k_eval) = split(fold(key, g)); ask; evaluate member i with
 * fold(k_eval, i); tell (maximising); update best and curves. Pure: `state` is not mutated.
 *
 * @example
 * ```ts ignore
 * import { DEFAULT_TRAIN, initTrain, stepTrain } from "@neuroplastic/engines/lndp";
 * const c = { ...DEFAULT_TRAIN, popsize: 8, workers: 0 };
 * const s1 = stepTrain(initTrain(c, { k0: 0, k1: 1 }), c);
 * ```
 */
export function stepTrain(state: TrainState, config: TrainConfig): TrainState {
  const strat = strategyOf(config);
  const [kAsk, kEval] = split(fold(state.key, state.generation), 2);
  const { candidates, state: asked } = strat.ask(state.strategy, kAsk);
  const pop = config.popsize;
  const res = evaluatePopulationSync(lifetimeOf(config), candidates, pop, kEval, config.workers);
  const told = strat.tell(asked, candidates, res.fitness);
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
 * Cross-field checks the schema cannot express: OpenAI-ES needs an even popsize (antithetic
 * pairs). Returns the error, or undefined when the config is fine.
 *
 * @example
 * ```ts
 * import { DEFAULT_TRAIN, trainConfigProblem } from "@neuroplastic/engines/lndp";
 * console.log(trainConfigProblem({ ...DEFAULT_TRAIN, strategy: "openai", popsize: 7 })?.field); // popsize
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
 * import { DEFAULT_TRAIN, httpGenerationProblem } from "@neuroplastic/engines/lndp";
 * console.log(httpGenerationProblem(DEFAULT_TRAIN)?.field); // popsize
 * console.log(httpGenerationProblem({ ...DEFAULT_TRAIN, popsize: 8, nEpisodes: 1 })); // undefined
 * ```
 */
export function httpGenerationProblem(c: TrainConfig): InvalidConfig | undefined {
  const perLifetime = envByName(c.task).maxSteps;
  // env steps of one generation ≤ popsize · nEpisodes · maxSteps(task)
  const steps = c.popsize * c.nEpisodes * perLifetime;
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
 * The `train` command: one step = one generation.
 *
 * @example
 * ```ts
 * import { trainProcess } from "@neuroplastic/engines/lndp";
 * console.log(trainProcess.defaults.popsize); // 256
 * ```
 */
export const trainProcess: Process<TrainConfig, TrainState> = {
  config: TrainConfigSchema,
  defaults: DEFAULT_TRAIN,
  defaultSteps: 100,
  init: initTrain,
  step: stepTrain,
  summary: (s, c): { [key: string]: Json } => {
    const strat = strategyOf(c);
    const mean = strat.mean(s.strategy);
    return {
      task: c.task,
      strategy: c.strategy,
      popsize: c.popsize,
      generations: s.generation,
      evaluations: s.generation * c.popsize,
      envSteps: s.curveSteps.reduce((a, b) => a + b, 0),
      bestFitness: s.bestFitness,
      bestGeneration: s.bestGeneration,
      lastGenerationMax: last(s.curveMax),
      lastGenerationMean: last(s.curveMean),
      lastBestReturns: s.lastBestReturns,
      curveMax: s.curveMax,
      curveMean: s.curveMean,
      curveSteps: s.curveSteps,
      bestGenome: Array.from(s.bestGenome),
      ...(mean ? { meanGenome: Array.from(mean) } : {}),
    };
  },
  records: {
    generationMax: (s) => last(s.curveMax),
    generationMean: (s) => last(s.curveMean),
    bestFitness: (s) => s.bestFitness,
    envSteps: (s) => last(s.curveSteps),
  },
  finite: (s) => ({ bestGenome: s.bestGenome }),
  limits: (c) => trainConfigProblem(c),
  httpLimits: (c) => httpGenerationProblem(c),
};
