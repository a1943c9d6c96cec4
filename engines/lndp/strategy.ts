/**
 * The evolution strategies LNDP training uses, as thin adapters over `@neuroplastic/evolution`
 * (candidates as one flat popsize × n Float64Array, fitness maximised, plain-data states that
 * the checkpoint codec round-trips bit-exactly):
 * - "cma": evosax 0.1.6 `CMA_ES` (the reference, train.py): {@link cmaEs} with σ₀, elite ratio,
 *   mean 0 and the reference's negation-only fitness shaping (CMA-ES only uses the ranking);
 * - "cma-lazy": the same CMA-ES with pycma's lazy eigendecomposition (`eigenGap: "pycma"`, a new
 *   decomposition every ⌈1/(c1+cμ)/n/10⌉ generations; ours, not the reference);
 * - "sep-cma": sep-CMA-ES, diagonal covariance (Ros & Hansen 2008; ours, not the reference):
 *   {@link sepCmaEs} with σ₀ and the elite ratio, O(n) per sample;
 * - "openai": evosax `OpenES` (antithetic sampling, Adam on the mean): {@link openaiEs}, with
 *   fitness shaping "none" (the reference's FitnessShaper(maximize=True)), "centeredRank" or
 *   "zscore".
 *
 * @module
 */
import { cmaEs, openaiEs, sepCmaEs, type Strategy } from "@neuroplastic/evolution";
import { InvalidConfig } from "@neuroplastic/core/errors";
import type { Key } from "@neuroplastic/core/random";

/** Strategy names accepted by `--strategy`. */
export const STRATEGIES = ["cma", "cma-lazy", "sep-cma", "openai"] as const;
/** A strategy name. */
export type StrategyName = (typeof STRATEGIES)[number];

/** Fitness shaping options (OpenAI-ES; CMA-ES ranks, so shaping does not change it). */
export const FITNESS_SHAPINGS = ["none", "centeredRank", "zscore"] as const;
/** A fitness shaping option. */
export type FitnessShaping = (typeof FITNESS_SHAPINGS)[number];

/** The ask/tell adapter the trainer uses (state is plain data). */
export interface AskTell<S> {
  /** Initial state. */
  init(key: Key): S;
  /** A new population (flat, popsize × n) and the state to tell with. */
  ask(state: S, key: Key): { candidates: Float64Array; state: S };
  /** Updates the state from the population's fitness (higher is better). */
  tell(state: S, candidates: Float64Array, fitness: Float64Array): S;
  /** The search distribution's mean. */
  mean(state: S): Float64Array | undefined;
}

/** Settings shared by the strategies. */
export interface StrategySettings {
  /** "cma" (the reference), "cma-lazy", "sep-cma" or "openai". */
  readonly strategy: StrategyName;
  /** Population size λ (OpenAI-ES: even). */
  readonly popsize: number;
  /** Initial step size σ₀. */
  readonly sigmaInit: number;
  /** CMA-ES μ/λ (evosax default 0.5). */
  readonly eliteRatio: number;
  /** OpenAI-ES Adam learning rate. */
  readonly lrate: number;
  /** OpenAI-ES fitness shaping. */
  readonly fitnessShaping: FitnessShaping;
}

const adapt = <S>(s: Strategy<S>): AskTell<S> => ({
  init: (k) => s.init(k),
  ask: (st, k) => {
    const r = s.ask(st, k);
    return { candidates: r.candidates, state: r.state };
  },
  tell: (st, x, f) => s.tell(st, x, f),
  mean: (st) => s.mean?.(st),
});

/**
 * The strategy for a training config over n parameters (fitness maximised).
 * Fails with `InvalidConfig` (field `popsize`) for an odd OpenAI-ES population.
 *
 * @example
 * ```ts
 * import { makeStrategy } from "@neuroplastic/engines/lndp";
 * const s = makeStrategy({ strategy: "cma", popsize: 4, sigmaInit: 1, eliteRatio: 0.5, lrate: 0.05,
 *   fitnessShaping: "none" }, 3);
 * console.log(s.ask(s.init({ k0: 0, k1: 1 }), { k0: 0, k1: 2 }).candidates.length); // 12
 * ```
 */
export function makeStrategy(s: StrategySettings, n: number): AskTell<unknown> {
  const base = { numDims: n, popsize: s.popsize, sigmaInit: s.sigmaInit, eliteRatio: s.eliteRatio };
  if (s.strategy === "cma") return adapt(cmaEs(base)) as AskTell<unknown>;
  if (s.strategy === "cma-lazy") {
    return adapt(cmaEs({ ...base, eigenGap: "pycma" })) as AskTell<unknown>;
  }
  if (s.strategy === "sep-cma") return adapt(sepCmaEs(base)) as AskTell<unknown>;
  if (s.popsize % 2 !== 0) {
    throw new InvalidConfig({
      field: "popsize",
      message:
        `popsize: OpenAI-ES samples antithetic pairs, so popsize must be even, got ${s.popsize}`,
      allowed: "even integer ≥ 2",
    });
  }
  return adapt(
    openaiEs({
      numDims: n,
      popsize: s.popsize,
      sigmaInit: s.sigmaInit,
      lrate: s.lrate,
      fitnessShaping: s.fitnessShaping,
    }),
  ) as AskTell<unknown>;
}
