/**
 * Single-chain local search as ask/tell strategies (one candidate per `ask`):
 * - {@link simulatedAnnealing}: GENREG-sine `core/training.py` `train_sa`: mutant = mutate(current);
 *   Δ = improvement of the mutant over the current (fitness difference, sign-adjusted); accept if
 *   Δ > 0 or u < exp(Δ / T_t), T_t = T₀ (T₁/T₀)^{t/steps} (geometric; 0.01 → 1e−5); the best
 *   member seen is kept. The acceptance uniform u is drawn in `ask` and stored in the state, so
 *   `tell` needs no key.
 * - {@link hillClimb}: `train_hillclimb`: accept only strict improvements; stop after `patience`
 *   consecutive non-improving steps (default 500) or `maxSteps`.
 *
 * The first `ask` returns the initial genome itself (to learn its fitness) unless the initial
 * fitness was supplied.
 *
 * @module
 */
import { type Key, split } from "@neuroplastic/core/random";
import { drawStream, nextUniform } from "./stream.ts";
import { worstFitness } from "./ranks.ts";
import type { AskResult, BestSoFar, GenomeOps, Strategy } from "./types.ts";

/** State of {@link simulatedAnnealing} and {@link hillClimb} (plain data). */
export interface LocalSearchState extends BestSoFar {
  /** The chain's current genome. */
  readonly current: Float64Array;
  /** NaN until the initial genome has been evaluated. */
  readonly currentFitness: number;
  /** Mutation steps told so far. */
  readonly step: number;
  /** Acceptance uniform for the pending candidate (SA). */
  readonly u: number;
  /** Accepted mutations. */
  readonly accepted: number;
  /** Consecutive non-improving steps (hill climbing). */
  readonly stall: number;
}

/** Parameters of {@link simulatedAnnealing}. */
export interface SaParams {
  /** Random start genome and mutation. */
  readonly ops: GenomeOps;
  /** Steps of the cooling schedule (GENREG: 15,000; ultra-sparse 20,000). */
  readonly steps: number;
  /** Initial temperature (default 0.01). */
  readonly t0?: number;
  /** Final temperature (default 1e−5). */
  readonly t1?: number;
  /** Default true. */
  readonly maximize?: boolean;
  /** Start from this genome instead of a random one. */
  readonly initial?: Float64Array;
  /** Its fitness, if known (skips the initial evaluation). */
  readonly initialFitness?: number;
}

/**
 * Temperature of step t: T₀ · ((T₁/T₀)^{1/steps})^t (GENREG `train_sa`).
 *
 * @example
 * ```ts
 * import { saTemperature } from "@neuroplastic/evolution";
 * console.log(saTemperature(0, 100, 0.01, 1e-5), saTemperature(100, 100, 0.01, 1e-5)); // 0.01 ≈1e-5
 * ```
 */
export function saTemperature(t: number, steps: number, t0: number, t1: number): number {
  const decay = (t1 / t0) ** (1 / steps);
  return t0 * decay ** t;
}

const initLocal = (
  ops: GenomeOps,
  key: Key,
  maximize: boolean,
  initial?: Float64Array,
  initialFitness?: number,
): LocalSearchState => {
  const current = new Float64Array(ops.numDims);
  if (initial) {
    if (initial.length !== ops.numDims) {
      throw new RangeError(`initial genome has length ${initial.length}, expected ${ops.numDims}`);
    }
    current.set(initial);
  } else ops.random(key, current);
  const known = initialFitness !== undefined && initialFitness === initialFitness;
  return {
    current,
    currentFitness: known ? initialFitness : NaN,
    step: 0,
    u: NaN,
    accepted: 0,
    stall: 0,
    bestGenome: current.slice(),
    bestFitness: known ? initialFitness : worstFitness(maximize),
  };
};

const localAsk = (
  ops: GenomeOps,
  s: LocalSearchState,
  key: Key,
): AskResult<LocalSearchState> => {
  if (s.currentFitness !== s.currentFitness) return { candidates: s.current.slice(), state: s };
  const [km, ku] = split(key);
  const mutant = new Float64Array(ops.numDims);
  ops.mutate(s.current, km, mutant);
  return { candidates: mutant, state: { ...s, u: nextUniform(drawStream(ku)) } };
};

/**
 * Simulated annealing with a geometric temperature schedule.
 *
 * @example
 * ```ts
 * import { gaussianOps, simulatedAnnealing } from "@neuroplastic/evolution";
 * import { fold, key } from "@neuroplastic/core/random";
 * const sa = simulatedAnnealing({ ops: gaussianOps({ numDims: 2, rate: 1 }), steps: 2000, maximize: false });
 * let st = sa.init(key(0));
 * while (!sa.done!(st)) {
 *   const { candidates, state } = sa.ask(st, fold(key(1), st.step));
 *   st = sa.tell(state, candidates, Float64Array.of(candidates[0] ** 2 + candidates[1] ** 2));
 * }
 * console.log(st.bestFitness < 0.01); // true
 * ```
 */
export function simulatedAnnealing(params: SaParams): Strategy<LocalSearchState> {
  const { ops, steps } = params;
  const t0 = params.t0 ?? 0.01, t1 = params.t1 ?? 1e-5;
  const maximize = params.maximize ?? true;
  if (!Number.isInteger(steps) || steps < 1) throw new RangeError(`sa: steps must be ≥ 1`);
  if (!(t0 > 0 && t1 > 0)) throw new RangeError(`sa: temperatures must be > 0`);
  const decay = (t1 / t0) ** (1 / steps);
  return {
    name: "simulated-annealing",
    numDims: ops.numDims,
    popsize: 1,
    init: (key) => initLocal(ops, key, maximize, params.initial, params.initialFitness),
    ask: (s, key) => localAsk(ops, s, key),
    tell: (s, x, fitness) => {
      const f = fitness[0];
      if (s.currentFitness !== s.currentFitness) {
        return { ...s, currentFitness: f, bestGenome: x.slice(), bestFitness: f };
      }
      // Δ > 0 when the mutant is better; accept if Δ > 0 or u < exp(Δ/T_t)
      const delta = maximize ? f - s.currentFitness : s.currentFitness - f;
      const temperature = t0 * decay ** s.step;
      const accept = delta > 0 || s.u < Math.exp(delta / temperature);
      if (!accept) return { ...s, step: s.step + 1, u: NaN };
      const better = maximize ? f > s.bestFitness : f < s.bestFitness;
      return {
        ...s,
        current: x.slice(),
        currentFitness: f,
        step: s.step + 1,
        u: NaN,
        accepted: s.accepted + 1,
        bestGenome: better ? x.slice() : s.bestGenome,
        bestFitness: better ? f : s.bestFitness,
      };
    },
    best: (s) => ({ genome: s.bestGenome, fitness: s.bestFitness }),
    done: (s) => s.step >= steps,
  };
}

/** Parameters of {@link hillClimb}. */
export interface HillClimbParams {
  /** Random start genome and mutation. */
  readonly ops: GenomeOps;
  /** Upper bound on mutation steps (GENREG default 5,000). */
  readonly maxSteps: number;
  /** Stop after this many consecutive non-improving steps (GENREG default 500). */
  readonly patience?: number;
  /** Maximise (default true). */
  readonly maximize?: boolean;
  /** Start from this genome instead of a random one. */
  readonly initial?: Float64Array;
  /** Its fitness, if known (skips the initial evaluation). */
  readonly initialFitness?: number;
}

/**
 * Hill climbing with patience (accept strict improvements only).
 *
 * @example
 * ```ts
 * import { gaussianOps, hillClimb } from "@neuroplastic/evolution";
 * import { fold, key } from "@neuroplastic/core/random";
 * const hc = hillClimb({ ops: gaussianOps({ numDims: 1, rate: 1 }), maxSteps: 5000, patience: 200, maximize: false });
 * let st = hc.init(key(0));
 * while (!hc.done!(st)) {
 *   const { candidates, state } = hc.ask(st, fold(key(1), st.step));
 *   st = hc.tell(state, candidates, Float64Array.of(Math.abs(candidates[0] - 3)));
 * }
 * console.log(st.bestFitness < 0.05); // true
 * ```
 */
export function hillClimb(params: HillClimbParams): Strategy<LocalSearchState> {
  const { ops, maxSteps } = params;
  const patience = params.patience ?? 500;
  const maximize = params.maximize ?? true;
  if (!Number.isInteger(maxSteps) || maxSteps < 1) throw new RangeError(`hill: maxSteps ≥ 1`);
  if (!Number.isInteger(patience) || patience < 1) throw new RangeError(`hill: patience ≥ 1`);
  return {
    name: "hill-climb",
    numDims: ops.numDims,
    popsize: 1,
    init: (key) => initLocal(ops, key, maximize, params.initial, params.initialFitness),
    ask: (s, key) => localAsk(ops, s, key),
    tell: (s, x, fitness) => {
      const f = fitness[0];
      if (s.currentFitness !== s.currentFitness) {
        return { ...s, currentFitness: f, bestGenome: x.slice(), bestFitness: f };
      }
      const better = maximize ? f > s.currentFitness : f < s.currentFitness;
      if (!better) return { ...s, step: s.step + 1, stall: s.stall + 1, u: NaN };
      return {
        ...s,
        current: x.slice(),
        currentFitness: f,
        step: s.step + 1,
        stall: 0,
        u: NaN,
        accepted: s.accepted + 1,
        bestGenome: x.slice(),
        bestFitness: f,
      };
    },
    best: (s) => ({ genome: s.bestGenome, fitness: s.bestFitness }),
    done: (s) => s.step >= maxSteps || s.stall >= patience,
  };
}
