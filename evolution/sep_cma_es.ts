/**
 * sep-CMA-ES: CMA-ES restricted to a diagonal covariance (Ros & Hansen 2008, "A Simple
 * Modification in CMA-ES Achieving Linear Time and Space Complexity", PPSN X). Sampling and
 * update cost O(n) per candidate and the state O(n), so a generation at n = 1918, λ = 256 needs
 * no n² or n³ work at all.
 *
 * Constants: μ, the positive recombination weights, μ_eff, c_σ, d_σ, c_c and χ_n are those of
 * {@link cmaConstants} (evosax 0.1.6 formulas); the covariance learning rates are raised by
 * Ros & Hansen's factor (n + 2)/3, c1_sep = min(1, c1·(n+2)/3) and
 * cμ_sep = min(1 − c1_sep, cμ·(n+2)/3), because a diagonal has n, not n²/2, free parameters.
 * Only the μ best members enter the updates (positive weights; no active update, as in the
 * paper). Float64 throughout; candidates are one λ×n row-major `Float64Array`.
 *
 * @module
 */
import { fillNormal, type Key } from "@neuroplastic/core/random";
import { type CmaConstants, cmaConstants, FLT_MAX } from "./cma_es.ts";
import { argsortStable, updateBest, worstFitness } from "./ranks.ts";
import type { AskResult, BestSoFar, Strategy } from "./types.ts";

/** Parameters of {@link sepCmaEs}. */
export interface SepCmaEsParams {
  /** Genome length n. */
  readonly numDims: number;
  /** Population size λ (≥ 2). */
  readonly popsize: number;
  /** μ = ⌊λ · eliteRatio⌋ (default 0.5). */
  readonly eliteRatio?: number;
  /** Initial step size σ₀ (default 1). */
  readonly sigmaInit?: number;
  /** Initial mean: a number for every coordinate or a vector (default 0). */
  readonly meanInit?: number | Float64Array;
  /** Maximise fitness (default true). */
  readonly maximize?: boolean;
}

/** The sep-CMA-ES constants: the CMA-ES ones plus the diagonal learning rates. */
export interface SepCmaConstants extends CmaConstants {
  /** Rank-one learning rate of the diagonal, min(1, c1·(n+2)/3). */
  readonly c1Sep: number;
  /** Rank-μ learning rate of the diagonal, min(1 − c1_sep, cμ·(n+2)/3). */
  readonly cMuSep: number;
}

/**
 * The sep-CMA-ES constants for n dimensions and λ = popsize (Ros & Hansen 2008 §2:
 * c_cov^sep = (n + 2)/3 · c_cov, applied to both c1 and cμ).
 *
 * @example
 * ```ts
 * import { cmaConstants, sepCmaConstants } from "@neuroplastic/evolution";
 * const s = sepCmaConstants(10, 16), c = cmaConstants(10, 16);
 * console.log((s.c1Sep / c.c1).toFixed(3)); // 4.000
 * ```
 */
export function sepCmaConstants(n: number, popsize: number, eliteRatio = 0.5): SepCmaConstants {
  const k = cmaConstants(n, popsize, eliteRatio);
  // Ros & Hansen 2008: c_cov' = (n + 2)/3 · c_cov
  const c1Sep = Math.min(1, (k.c1 * (n + 2)) / 3);
  const cMuSep = Math.min(1 - c1Sep, (k.cMu * (n + 2)) / 3);
  return { ...k, c1Sep, cMuSep };
}

/** sep-CMA-ES state (plain data, O(n)). */
export interface SepCmaEsState extends BestSoFar {
  /** Distribution mean m. */
  readonly mean: Float64Array;
  /** Step size σ. */
  readonly sigma: number;
  /** Diagonal of the covariance, c_ii. */
  readonly diag: Float64Array;
  /** Step-size evolution path p_σ. */
  readonly pSigma: Float64Array;
  /** Covariance evolution path p_c. */
  readonly pC: Float64Array;
  /** Generation counter (number of tells). */
  readonly gen: number;
}

/**
 * sep-CMA-ES (diagonal covariance). ask: x_k = m + σ √diag ∘ z_k, z_k ~ N(0, I).
 *
 * @example
 * ```ts
 * import { sepCmaEs } from "@neuroplastic/evolution";
 * import { fold, key } from "@neuroplastic/core/random";
 * const es = sepCmaEs({ numDims: 3, popsize: 8, sigmaInit: 0.5, maximize: false });
 * let st = es.init(key(0));
 * for (let g = 0; g < 80; g++) {
 *   const { candidates, state } = es.ask(st, fold(key(1), g));
 *   const f = new Float64Array(8);
 *   for (let k = 0; k < 8; k++) for (let i = 0; i < 3; i++) f[k] += (candidates[k * 3 + i] - 1) ** 2;
 *   st = es.tell(state, candidates, f);
 * }
 * console.log(es.best(st).fitness < 1e-6); // true
 * ```
 */
export function sepCmaEs(
  params: SepCmaEsParams,
): Strategy<SepCmaEsState> & { constants: SepCmaConstants } {
  const n = params.numDims;
  const lam = params.popsize;
  const k = sepCmaConstants(n, lam, params.eliteRatio ?? 0.5);
  const maximize = params.maximize ?? true;
  const sigmaInit = params.sigmaInit ?? 1;
  if (!(sigmaInit > 0) || !Number.isFinite(sigmaInit)) {
    throw new RangeError(`sep-cma-es: sigmaInit must be a finite number > 0, got ${sigmaInit}`);
  }
  const meanInit = params.meanInit ?? 0;
  if (typeof meanInit !== "number" && meanInit.length !== n) {
    throw new RangeError(`sep-cma-es: meanInit has length ${meanInit.length}, expected ${n}`);
  }
  const w = k.weightsTruncated; // positive weights (sum 1) for the μ best, 0 after
  const mu = k.mu;

  const init = (_key: Key): SepCmaEsState => {
    const mean = typeof meanInit === "number"
      ? new Float64Array(n).fill(meanInit)
      : Float64Array.from(meanInit);
    return {
      mean,
      sigma: sigmaInit,
      diag: new Float64Array(n).fill(1),
      pSigma: new Float64Array(n),
      pC: new Float64Array(n),
      gen: 0,
      bestGenome: mean.slice(),
      bestFitness: worstFitness(maximize),
    };
  };

  const ask = (s: SepCmaEsState, key: Key): AskResult<SepCmaEsState> => {
    const x = new Float64Array(lam * n);
    fillNormal(key, x);
    const d = new Float64Array(n);
    for (let i = 0; i < n; i++) d[i] = s.sigma * Math.sqrt(s.diag[i]);
    for (let r = 0; r < lam; r++) {
      const o = r * n;
      for (let i = 0; i < n; i++) {
        // x_k = m + σ D z_k, D = diag(√c_ii)
        const v = s.mean[i] + d[i] * x[o + i];
        x[o + i] = v < -FLT_MAX ? -FLT_MAX : v > FLT_MAX ? FLT_MAX : v;
      }
    }
    return { candidates: x, state: s };
  };

  const tell = (s: SepCmaEsState, x: Float64Array, fitness: Float64Array): SepCmaEsState => {
    if (x.length !== lam * n || fitness.length !== lam) {
      throw new RangeError(
        `sep-cma-es: tell needs ${lam}×${n} candidates and ${lam} fitness values`,
      );
    }
    const { mean, sigma } = s;
    const f = new Float64Array(lam);
    for (let i = 0; i < lam; i++) f[i] = maximize ? -fitness[i] : fitness[i];
    const order = argsortStable(f);
    // y_k = (x_(k) − m)/σ; y_w = Σ_{k<μ} w_k y_k; rank-μ term Σ_{k<μ} w_k y_k²
    const yw = new Float64Array(n);
    const rankMu = new Float64Array(n);
    for (let r = 0; r < mu; r++) {
      const src = order[r] * n, wr = w[r];
      for (let i = 0; i < n; i++) {
        const y = (x[src + i] - mean[i]) / sigma;
        yw[i] += wr * y;
        rankMu[i] += wr * y * y;
      }
    }
    const newMean = new Float64Array(n);
    for (let i = 0; i < n; i++) newMean[i] = mean[i] + sigma * yw[i];
    // p_σ' = (1 − c_σ) p_σ + √(c_σ(2 − c_σ) μ_eff) D⁻¹ y_w
    const aS = Math.sqrt(k.cSigma * (2 - k.cSigma) * k.muEff);
    const pSigma = new Float64Array(n);
    let normPs2 = 0;
    for (let i = 0; i < n; i++) {
      const p = (1 - k.cSigma) * s.pSigma[i] + (aS * yw[i]) / Math.sqrt(s.diag[i]);
      pSigma[i] = p;
      normPs2 += p * p;
    }
    const normPs = Math.sqrt(normPs2);
    // h_σ = [‖p_σ'‖ / √(1 − (1 − c_σ)^{2(gen+1)}) < (1.4 + 2/(n+1)) χ_n]
    const hSigma = normPs / Math.sqrt(1 - (1 - k.cSigma) ** (2 * (s.gen + 1))) < k.hSigmaThreshold
      ? 1
      : 0;
    // p_c' = (1 − c_c) p_c + h_σ √(c_c(2 − c_c) μ_eff) y_w
    const aC = hSigma * Math.sqrt(k.cC * (2 - k.cC) * k.muEff);
    const pC = new Float64Array(n);
    for (let i = 0; i < n; i++) pC[i] = (1 - k.cC) * s.pC[i] + aC * yw[i];
    // c_ii' = (1 − c1 − cμ + c1 δ) c_ii + c1 p_c,i² + cμ Σ w_k y_k,i², δ = (1 − h_σ) c_c (2 − c_c)
    // (Ros & Hansen 2008, the diagonal of the CMA-ES update with the sep learning rates)
    const delta = (1 - hSigma) * k.cC * (2 - k.cC);
    const decay = 1 - k.c1Sep - k.cMuSep + k.c1Sep * delta;
    const diag = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      diag[i] = decay * s.diag[i] + k.c1Sep * pC[i] * pC[i] + k.cMuSep * rankMu[i];
    }
    // σ' = σ exp((c_σ/d_σ)(‖p_σ'‖/χ_n − 1))
    const newSigma = sigma * Math.exp((k.cSigma / k.dSigma) * (normPs / k.chiN - 1));
    const best = updateBest(s.bestGenome, s.bestFitness, x, fitness, n, maximize);
    return {
      mean: newMean,
      sigma: newSigma,
      diag,
      pSigma,
      pC,
      gen: s.gen + 1,
      bestGenome: best.bestGenome,
      bestFitness: best.bestFitness,
    };
  };

  return {
    name: "sep-cma-es",
    numDims: n,
    popsize: lam,
    constants: k,
    init,
    ask,
    tell,
    best: (s) => ({ genome: s.bestGenome, fitness: s.bestFitness }),
    mean: (s) => s.mean,
  };
}
