/**
 * The ask/tell contract shared by every strategy in `@neuroplastic/evolution`.
 *
 * A strategy is a plain object of pure functions over a plain-data state (typed arrays, numbers,
 * keys), so a state can be checkpointed, hashed and resumed bit-exactly:
 * - `init(key)` → state;
 * - `ask(state, key)` → `{ candidates, state }`, where `candidates` is ONE `Float64Array` of
 *   `count × numDims` entries, row-major (candidate k is `candidates.subarray(k·n, (k+1)·n)`);
 * - `tell(state, candidates, fitness)` → state, with `fitness[k]` the fitness of candidate k.
 *
 * Fitness is MAXIMISED by default; every strategy takes `maximize: false` to minimise instead.
 * No function mutates its arguments.
 *
 * @module
 */
import type { Key } from "@neuroplastic/core/random";

/** What `ask` returns. */
export interface AskResult<S> {
  /** `count × numDims` candidates, row-major (`count = candidates.length / numDims`). */
  readonly candidates: Float64Array;
  /** The state to pass to `tell` together with these candidates. */
  readonly state: S;
  /**
   * Optional: fitness already known for some candidates (unchanged survivors of a GA), NaN for
   * the others. A caller whose fitness is deterministic may skip evaluating the known ones.
   */
  readonly knownFitness?: Float64Array;
  /**
   * Optional (GAs): for each candidate copied unchanged from the last told population, its index
   * there; −1 for new candidates. Lets a caller carry per-member metrics along with the fitness.
   */
  readonly origin?: Int32Array;
}

/**
 * An ask/tell strategy over flat `Float64Array` genomes.
 *
 * @example
 * ```ts
 * import type { Strategy } from "@neuroplastic/evolution";
 * import { key, fold } from "@neuroplastic/core/random";
 * function run<S>(s: Strategy<S>, f: (x: Float64Array) => number, gens: number): number {
 *   let st = s.init(key(0));
 *   for (let g = 0; g < gens; g++) {
 *     const { candidates, state } = s.ask(st, fold(key(1), g));
 *     const n = s.numDims, fit = new Float64Array(candidates.length / n);
 *     for (let k = 0; k < fit.length; k++) fit[k] = f(candidates.subarray(k * n, (k + 1) * n));
 *     st = s.tell(state, candidates, fit);
 *   }
 *   return s.best(st).fitness;
 * }
 * ```
 */
export interface Strategy<S> {
  /** Short name ("cma-es", "openai-es", "ga", ...). */
  readonly name: string;
  /** Genome length n. */
  readonly numDims: number;
  /** Candidates per `ask` (the largest, for strategies whose batch size varies by phase). */
  readonly popsize: number;
  /** Pure initial state. */
  init(key: Key): S;
  /** Pure: new candidates and the state to tell with. */
  ask(state: S, key: Key): AskResult<S>;
  /** Pure: the state updated with the fitness of `candidates`. */
  tell(state: S, candidates: Float64Array, fitness: Float64Array): S;
  /** Best genome seen so far and its fitness (in the caller's orientation; −∞/+∞ before any tell). */
  best(state: S): { readonly genome: Float64Array; readonly fitness: number };
  /** The search distribution's mean, for strategies that have one. */
  mean?(state: S): Float64Array;
  /** True when the strategy has finished (e.g. hill climbing out of patience). */
  done?(state: S): boolean;
}

/** Fields every strategy state carries for best-so-far tracking. */
export interface BestSoFar {
  /** Best genome seen so far. */
  readonly bestGenome: Float64Array;
  /** Best fitness in the caller's orientation (max if maximising, min if minimising). */
  readonly bestFitness: number;
}

/**
 * Genome operators used by the mutation-based strategies (GA, SA, hill climbing, GSA).
 * Both write into `out` (never aliasing the input) and must be pure functions of their arguments.
 */
export interface GenomeOps {
  /** Genome length. */
  readonly numDims: number;
  /** A fresh random genome. */
  random(key: Key, out: Float64Array): void;
  /** A mutated copy of `parent`. */
  mutate(parent: Float64Array, key: Key, out: Float64Array): void;
}
