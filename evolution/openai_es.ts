/**
 * OpenAI-ES (Salimans et al. 2017, arXiv:1703.03864) as evosax 0.1.x `OpenES`: antithetic
 * sampling x = m + σ[z; −z], fitness shaping (centred ranks by default), gradient estimate
 * ĝ = (1/(λσ)) Σ_k ε_k f̃_k with ε_k = (x_k − m)/σ and f̃ the shaped *minimisation* fitness
 * (−fitness when maximising, as evosax's `FitnessShaper(maximize=True)`), and Adam on the mean
 * (evosax `utils/optimizer.py` Adam: β₁ = 0.99, β₂ = 0.999, ε = 1e−8, bias-corrected):
 * m ← m − lr · m̂/(√v̂ + ε). σ and lr decay geometrically to their limits (defaults: no decay).
 *
 * @module
 */
import { fillNormal, type Key } from "@neuroplastic/core/random";
import { centeredRanks, updateBest, worstFitness, zScore } from "./ranks.ts";
import type { AskResult, BestSoFar, Strategy } from "./types.ts";

/** Parameters of {@link openaiEs} (defaults: evosax 0.1.x OpenES / Adam defaults). */
export interface OpenAiEsParams {
  /** Genome length n. */
  readonly numDims: number;
  /** λ, even (antithetic pairs). */
  readonly popsize: number;
  /** Initial σ (default 0.03). */
  readonly sigmaInit?: number;
  /** σ ← max(σ·sigmaDecay, sigmaLimit) after each tell (default 1, i.e. constant). */
  readonly sigmaDecay?: number;
  /** Default 0.01. */
  readonly sigmaLimit?: number;
  /** Adam learning rate (default 0.05). */
  readonly lrate?: number;
  /** lr ← max(lr·lrateDecay, lrateLimit) after each tell (default 1). */
  readonly lrateDecay?: number;
  /** Default 0.001. */
  readonly lrateLimit?: number;
  /** Adam β₁ (default 0.99, evosax). */
  readonly beta1?: number;
  /** Adam β₂ (default 0.999). */
  readonly beta2?: number;
  /** Adam ε (default 1e−8). */
  readonly eps?: number;
  /** "centeredRank" (default), "zscore" or "none" (raw fitness, negated when maximising). */
  readonly fitnessShaping?: "centeredRank" | "zscore" | "none";
  /** Initial mean (default 0). */
  readonly meanInit?: number | Float64Array;
  /** Maximise (default true). */
  readonly maximize?: boolean;
}

/** OpenAI-ES state (plain data). */
export interface OpenAiEsState extends BestSoFar {
  /** Distribution mean. */
  readonly mean: Float64Array;
  /** Perturbation scale σ. */
  readonly sigma: number;
  /** Current Adam learning rate. */
  readonly lrate: number;
  /** Adam first moment. */
  readonly m: Float64Array;
  /** Adam second moment. */
  readonly v: Float64Array;
  /** Tells so far (Adam's step count). */
  readonly gen: number;
}

/**
 * OpenAI-ES with antithetic sampling, centred ranks and Adam. Candidates are one λ×n row-major
 * `Float64Array`: rows 0..λ/2−1 are m + σz_k, rows λ/2..λ−1 are m − σz_k.
 *
 * @example
 * ```ts
 * import { openaiEs } from "@neuroplastic/evolution";
 * import { fold, key } from "@neuroplastic/core/random";
 * const es = openaiEs({ numDims: 2, popsize: 20, sigmaInit: 0.1, lrate: 0.05, maximize: false });
 * let st = es.init(key(0));
 * for (let g = 0; g < 300; g++) {
 *   const { candidates, state } = es.ask(st, fold(key(1), g));
 *   const f = new Float64Array(20);
 *   for (let k = 0; k < 20; k++) f[k] = (candidates[2 * k] - 1) ** 2 + (candidates[2 * k + 1] + 1) ** 2;
 *   st = es.tell(state, candidates, f);
 * }
 * console.log(Math.abs(st.mean[0] - 1) < 0.1); // true
 * ```
 */
export function openaiEs(params: OpenAiEsParams): Strategy<OpenAiEsState> {
  const n = params.numDims;
  const lam = params.popsize;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`openai-es: numDims must be ≥ 1`);
  if (!Number.isInteger(lam) || lam < 2 || lam % 2 !== 0) {
    throw new RangeError(`openai-es: popsize must be an even integer ≥ 2, got ${lam}`);
  }
  const sigmaInit = params.sigmaInit ?? 0.03;
  const sigmaDecay = params.sigmaDecay ?? 1;
  const sigmaLimit = params.sigmaLimit ?? 0.01;
  const lrateInit = params.lrate ?? 0.05;
  const lrateDecay = params.lrateDecay ?? 1;
  const lrateLimit = params.lrateLimit ?? 0.001;
  const b1 = params.beta1 ?? 0.99;
  const b2 = params.beta2 ?? 0.999;
  const eps = params.eps ?? 1e-8;
  const shaping = params.fitnessShaping ?? "centeredRank";
  const maximize = params.maximize ?? true;
  if (!(sigmaInit > 0) || !(lrateInit > 0)) {
    throw new RangeError("openai-es: sigmaInit and lrate must be > 0");
  }
  const meanInit = params.meanInit ?? 0;
  if (typeof meanInit !== "number" && meanInit.length !== n) {
    throw new RangeError(`openai-es: meanInit has length ${meanInit.length}, expected ${n}`);
  }
  const half = lam / 2;

  const init = (_key: Key): OpenAiEsState => {
    const mean = typeof meanInit === "number"
      ? new Float64Array(n).fill(meanInit)
      : Float64Array.from(meanInit);
    return {
      mean,
      sigma: sigmaInit,
      lrate: lrateInit,
      m: new Float64Array(n),
      v: new Float64Array(n),
      gen: 0,
      bestGenome: mean.slice(),
      bestFitness: worstFitness(maximize),
    };
  };

  const ask = (s: OpenAiEsState, key: Key): AskResult<OpenAiEsState> => {
    const z = new Float64Array(half * n);
    fillNormal(key, z);
    const x = new Float64Array(lam * n);
    for (let k = 0; k < half; k++) {
      for (let i = 0; i < n; i++) {
        const d = s.sigma * z[k * n + i];
        x[k * n + i] = s.mean[i] + d;
        x[(k + half) * n + i] = s.mean[i] - d;
      }
    }
    return { candidates: x, state: s };
  };

  const tell = (s: OpenAiEsState, x: Float64Array, fitness: Float64Array): OpenAiEsState => {
    if (x.length !== lam * n || fitness.length !== lam) {
      throw new RangeError(
        `openai-es: tell needs ${lam}×${n} candidates and ${lam} fitness values`,
      );
    }
    const f = new Float64Array(lam);
    for (let k = 0; k < lam; k++) f[k] = maximize ? -fitness[k] : fitness[k];
    const shaped = shaping === "centeredRank"
      ? centeredRanks(f)
      : shaping === "zscore"
      ? zScore(f)
      : f;
    // ĝ = (1/(λσ)) Σ_k ε_k f̃_k
    const g = new Float64Array(n);
    for (let k = 0; k < lam; k++) {
      const fk = shaped[k];
      if (fk === 0) continue;
      for (let i = 0; i < n; i++) g[i] += ((x[k * n + i] - s.mean[i]) / s.sigma) * fk;
    }
    const c = 1 / (lam * s.sigma);
    const t = s.gen + 1;
    const bc1 = 1 - b1 ** t, bc2 = 1 - b2 ** t;
    const mean = new Float64Array(n), m = new Float64Array(n), v = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const gi = g[i] * c;
      m[i] = (1 - b1) * gi + b1 * s.m[i];
      v[i] = (1 - b2) * gi * gi + b2 * s.v[i];
      mean[i] = s.mean[i] - (s.lrate * (m[i] / bc1)) / (Math.sqrt(v[i] / bc2) + eps);
    }
    const best = updateBest(s.bestGenome, s.bestFitness, x, fitness, n, maximize);
    return {
      mean,
      sigma: Math.max(s.sigma * sigmaDecay, sigmaLimit),
      lrate: Math.max(s.lrate * lrateDecay, lrateLimit),
      m,
      v,
      gen: t,
      bestGenome: best.bestGenome,
      bestFitness: best.bestFitness,
    };
  };

  return {
    name: "openai-es",
    numDims: n,
    popsize: lam,
    init,
    ask,
    tell,
    best: (s) => ({ genome: s.bestGenome, fitness: s.bestFitness }),
    mean: (s) => s.mean,
  };
}
