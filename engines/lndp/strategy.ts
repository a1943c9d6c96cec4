/**
 * Evolution strategies for LNDP training behind one small ask/tell adapter
 * (candidates as a flat popsize × n Float64Array, fitness maximised).
 *
 * STOPGAP: `@neuroplastic/evolution` (exact evosax 0.1.6 CMA-ES and OpenAI-ES) had not landed
 * when this engine was written. Until it does, "openai" is a local transcription of evosax
 * 0.1.6 `OpenES` (antithetic sampling, Adam, negation-only fitness shaping as the reference's
 * FitnessShaper(maximize=True)), and "cma" fails with InvalidConfig. Swap `makeStrategy` to
 * the evolution package when it exists; the adapter interface stays.
 *
 * @module
 */
import { InvalidConfig } from "@neuroplastic/core/errors";
import { fillNormal, type Key } from "@neuroplastic/core/random";

/** Strategy names accepted by `--strategy`. */
export const STRATEGIES = ["cma", "openai"] as const;
/** A strategy name. */
export type StrategyName = (typeof STRATEGIES)[number];

/** The ask/tell adapter the trainer uses (state is plain data). */
export interface AskTell<S> {
  init(key: Key): S;
  /** A new population (flat, popsize × n) and the state to tell with. */
  ask(state: S, key: Key): { candidates: Float64Array; state: S };
  /** Updates the state from the population's fitness (higher is better). */
  tell(state: S, candidates: Float64Array, fitness: Float64Array): S;
  /** The search distribution's mean, when it has one. */
  mean(state: S): Float64Array | undefined;
}

/** Settings shared by the strategies. */
export interface StrategySettings {
  readonly strategy: StrategyName;
  readonly popsize: number;
  readonly sigmaInit: number;
  readonly eliteRatio: number;
  readonly lrate: number;
  /** "none": negation only (the reference's FitnessShaper(maximize=True)); "centeredRank": ranks in [−0.5, 0.5]. */
  readonly fitnessShaping: FitnessShaping;
}

/** Fitness shaping options. */
export const FITNESS_SHAPINGS = ["none", "centeredRank"] as const;
/** A fitness shaping option. */
export type FitnessShaping = (typeof FITNESS_SHAPINGS)[number];

/**
 * evosax `centered_rank_transform`: ranks (ascending, stable) scaled to [−0.5, 0.5].
 *
 * @example
 * ```ts
 * import { centeredRanks } from "@neuroplastic/engines/lndp";
 * console.log(Array.from(centeredRanks(Float64Array.of(3, 1, 2)))); // [0.5, -0.5, 0]
 * ```
 */
export function centeredRanks(f: Float64Array): Float64Array {
  const n = f.length;
  const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => f[a] - f[b] || a - b);
  const out = new Float64Array(n);
  for (let r = 0; r < n; r++) out[idx[r]] = n > 1 ? r / (n - 1) - 0.5 : 0;
  return out;
}

/** OpenAI-ES state (evosax OpenES + Adam). */
interface OpenEsState {
  readonly mean: Float64Array;
  readonly sigma: number;
  readonly m: Float64Array;
  readonly v: Float64Array;
  readonly gen: number;
}

/**
 * evosax 0.1.6 `OpenES` with Adam (b1 0.9, b2 0.999, eps 1e-8), mean 0, antithetic sampling:
 * x = m + σ [z; −z]; ∇ = (1/(λσ)) Σ_k ε_k f_k with f = −fitness (evosax minimises);
 * m ← Adam(m, ∇); σ and the learning rate do not decay (evosax defaults 1.0).
 */
function openEs(n: number, s: StrategySettings): AskTell<OpenEsState> {
  const lam = s.popsize, half = Math.floor(lam / 2);
  const b1 = 0.9, b2 = 0.999, eps = 1e-8;
  return {
    init: () => ({
      mean: new Float64Array(n),
      sigma: s.sigmaInit,
      m: new Float64Array(n),
      v: new Float64Array(n),
      gen: 0,
    }),
    ask: (st, key) => {
      const z = new Float64Array(half * n);
      fillNormal(key, z);
      const x = new Float64Array(lam * n);
      for (let k = 0; k < lam; k++) {
        // z = concat([z_plus, −z_plus]); with an odd popsize the last member is the mean itself
        const src = k < half ? k : k - half;
        const sign = k < half ? 1 : -1;
        for (let i = 0; i < n; i++) {
          x[k * n + i] = k < 2 * half ? st.mean[i] + st.sigma * sign * z[src * n + i] : st.mean[i];
        }
      }
      return { candidates: x, state: st };
    },
    tell: (st, x, fitnessRaw) => {
      const fitness = s.fitnessShaping === "centeredRank" ? centeredRanks(fitnessRaw) : fitnessRaw;
      const g = new Float64Array(n);
      const c = 1 / (lam * st.sigma);
      for (let k = 0; k < lam; k++) {
        const f = -fitness[k];
        for (let i = 0; i < n; i++) g[i] += ((x[k * n + i] - st.mean[i]) / st.sigma) * f;
      }
      const t = st.gen + 1;
      const mean = st.mean.slice(), m = st.m.slice(), v = st.v.slice();
      for (let i = 0; i < n; i++) {
        const gi = g[i] * c;
        m[i] = (1 - b1) * gi + b1 * m[i];
        v[i] = (1 - b2) * gi * gi + b2 * v[i];
        const mh = m[i] / (1 - Math.pow(b1, t)), vh = v[i] / (1 - Math.pow(b2, t));
        mean[i] = mean[i] - s.lrate * mh / (Math.sqrt(vh) + eps);
      }
      return { mean, sigma: st.sigma, m, v, gen: t };
    },
    mean: (st) => st.mean,
  };
}

/**
 * The strategy for a training config over n parameters.
 *
 * @example
 * ```ts
 * import { makeStrategy } from "@neuroplastic/engines/lndp";
 * const s = makeStrategy({ strategy: "openai", popsize: 4, sigmaInit: 0.1, eliteRatio: 0.5, lrate: 0.05,
 *   fitnessShaping: "none" }, 3);
 * console.log(s.ask(s.init({ k0: 0, k1: 1 }), { k0: 0, k1: 2 }).candidates.length); // 12
 * ```
 */
export function makeStrategy(s: StrategySettings, n: number): AskTell<unknown> {
  if (s.strategy === "openai") return openEs(n, s) as AskTell<unknown>;
  throw new InvalidConfig({
    field: "strategy",
    message: "strategy: cma needs @neuroplastic/evolution, which is not available yet",
    allowed: "openai",
  });
}
