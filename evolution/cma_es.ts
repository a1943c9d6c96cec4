/**
 * CMA-ES with full covariance, exactly as evosax 0.1.6 `CMA_ES` (Hansen 2016, arXiv:1604.00772;
 * constants and update order from the evosax source, transcribed in the LNDP spec supplement
 * §7): active (negative) weights, a full eigendecomposition in every `ask`, stable ranking,
 * `c_m = 1`, σ₀ = 1, mean 0. Float64 throughout.
 *
 * Differences from evosax that do not change the algorithm:
 * - Samples come from `@neuroplastic/core/random` (Threefry + ziggurat), not `jax.random.normal`,
 *   and eigenvectors may differ in sign/order inside degenerate eigenspaces, so individual
 *   candidates differ from a JAX run while the distribution is the same.
 * - C^{−1/2} y is computed as B diag(1/D) (Bᵀ y) instead of forming C^{−1/2} (same value,
 *   O(n²λ) instead of O(n³)).
 * - `reconstruct: "auto"` (default) skips the post-eigh reassembly C ← B diag(D²) Bᵀ for
 *   n > 256 when no eigenvalue was clamped (it changes C only by rounding, and costs n³).
 *
 * @module
 */
import { fillNormal, type Key } from "@neuroplastic/core/random";
import { matmulInto } from "@neuroplastic/core/tensor";
import { eighInto } from "./eigh.ts";
import { argsortStable, updateBest, worstFitness } from "./ranks.ts";
import type { AskResult, BestSoFar, Strategy } from "./types.ts";

/**
 * Largest finite float32 (evosax clips candidates to ±`jnp.finfo(jnp.float32).max`).
 *
 * @example
 * ```ts
 * import { FLT_MAX } from "@neuroplastic/evolution";
 * console.log(Math.fround(FLT_MAX) === FLT_MAX, Math.fround(FLT_MAX * 1.0000001)); // true Infinity
 * ```
 */
export const FLT_MAX = 3.4028234663852886e38;

/** Parameters of {@link cmaEs}. */
export interface CmaEsParams {
  /** Genome length n. */
  readonly numDims: number;
  /** Population size λ (≥ 2). */
  readonly popsize: number;
  /** μ = ⌊λ · eliteRatio⌋ (evosax default 0.5). */
  readonly eliteRatio?: number;
  /** Initial step size σ₀ (default 1). */
  readonly sigmaInit?: number;
  /** Initial mean: a number for every coordinate or a vector (default 0). */
  readonly meanInit?: number | Float64Array;
  /** Maximise fitness (default true; evosax minimises −fitness). */
  readonly maximize?: boolean;
  /** Clip candidates to [clipMin, clipMax] (default ±FLT_MAX). */
  readonly clipMin?: number;
  /** See `clipMin`. */
  readonly clipMax?: number;
  /** Reassemble C from its eigendecomposition: "always" (evosax), "never", or "auto" (default). */
  readonly reconstruct?: "always" | "never" | "auto";
  /**
   * Lazy eigendecomposition: generations between two decompositions of C (a real number ≥ 1;
   * C is decomposed again in `ask` once gen − gen of the last decomposition ≥ eigenGap), or
   * "pycma" for pycma's default gap 1/(c1 + cμ)/n/10 ({@link pycmaEigenGap}). Default 1: a full
   * decomposition every generation, as evosax (the LNDP reference) does.
   */
  readonly eigenGap?: number | "pycma";
}

/** The strategy constants (evosax `params_strategy`). */
export interface CmaConstants {
  /** Dimensions. */
  readonly n: number;
  /** Population size λ. */
  readonly popsize: number;
  /** Parents μ = ⌊λ·eliteRatio⌋. */
  readonly mu: number;
  /** Variance-effective selection mass of the positive weights. */
  readonly muEff: number;
  /** Same over the negative weights. */
  readonly muEffMinus: number;
  /** Rank-one learning rate. */
  readonly c1: number;
  /** Rank-μ learning rate. */
  readonly cMu: number;
  /** Step-size path learning rate. */
  readonly cSigma: number;
  /** Step-size damping. */
  readonly dSigma: number;
  /** Covariance path learning rate. */
  readonly cC: number;
  /** E‖N(0, I)‖ approximation. */
  readonly chiN: number;
  /** Scale of the negative weights (their sum is −α_min). */
  readonly alphaMin: number;
  /** All λ recombination weights (positive ones sum to 1, negative ones to −α_min). */
  readonly weights: Float64Array;
  /** `weights` with entries i ≥ μ set to 0 (used for the mean). */
  readonly weightsTruncated: Float64Array;
  /** h_σ threshold (1.4 + 2/(n+1))·χ_n. */
  readonly hSigmaThreshold: number;
}

/**
 * The evosax 0.1.6 CMA-ES constants for n dimensions and λ = popsize (LNDP spec §7):
 * w'_i = ln((λ+1)/2) − ln i; μ_eff = (Σ_{i≤μ} w'_i)² / Σ_{i≤μ} w'_i² (μ_eff⁻ likewise over i > μ);
 * c1 = 2/((n_sq+1.3)² + μ_eff); cμ = min(1 − c1 − 1e−8, 2(μ_eff − 2 + 1/μ_eff)/((n_sq+2)² + μ_eff));
 * α_min = min(1 + c1/cμ, 1 + 2μ_eff⁻/(μ_eff+2), (1 − c1 − cμ)/(n cμ));
 * c_σ = (μ_eff+2)/(n+μ_eff+5); d_σ = 1 + 2 max(0, √((μ_eff−1)/(n+1)) − 1) + c_σ;
 * c_c = (4 + μ_eff/n)/(n + 4 + 2μ_eff/n); χ_n = √n (1 − 1/(4n) + 1/(21 n_sq²)), n_sq = min(n, 40000).
 *
 * @example
 * ```ts
 * import { cmaConstants } from "@neuroplastic/evolution";
 * const c = cmaConstants(1918, 256);
 * console.log(c.muEff.toFixed(7), c.c1.toExponential(8)); // 66.8577956 5.42920683e-7
 * ```
 */
export function cmaConstants(n: number, popsize: number, eliteRatio = 0.5): CmaConstants {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`cma-es: numDims must be ≥ 1, got ${n}`);
  if (!Number.isInteger(popsize) || popsize < 2) {
    throw new RangeError(`cma-es: popsize must be an integer ≥ 2, got ${popsize}`);
  }
  if (!(eliteRatio > 0 && eliteRatio <= 1)) {
    throw new RangeError(`cma-es: eliteRatio must be in (0, 1], got ${eliteRatio}`);
  }
  const lam = popsize;
  const mu = Math.floor(lam * eliteRatio);
  if (mu < 1) throw new RangeError(`cma-es: popsize·eliteRatio must be ≥ 1`);
  const wp = new Float64Array(lam);
  for (let i = 0; i < lam; i++) wp[i] = Math.log((lam + 1) / 2) - Math.log(i + 1);
  const effOf = (lo: number, hi: number): number => {
    let s = 0, s2 = 0;
    for (let i = lo; i < hi; i++) {
      s += wp[i];
      s2 += wp[i] * wp[i];
    }
    return s2 === 0 ? 0 : (s * s) / s2;
  };
  const muEff = effOf(0, mu);
  const muEffMinus = effOf(mu, lam);
  const nSq = Math.min(n, 40000);
  const alphaCov = 2;
  const c1 = alphaCov / ((nSq + 1.3) ** 2 + muEff);
  const cMu = Math.min(
    1 - c1 - 1e-8,
    (alphaCov * (muEff - 2 + 1 / muEff)) / ((nSq + 2) ** 2 + (alphaCov * muEff) / 2),
  );
  const alphaMin = Math.min(
    1 + c1 / cMu,
    1 + (2 * muEffMinus) / (muEff + 2),
    (1 - c1 - cMu) / (n * cMu),
  );
  let pos = 0, neg = 0;
  for (let i = 0; i < lam; i++) {
    if (wp[i] > 0) pos += wp[i];
    else if (wp[i] < 0) neg += -wp[i];
  }
  const weights = new Float64Array(lam);
  for (let i = 0; i < lam; i++) {
    weights[i] = wp[i] >= 0 ? wp[i] / pos : (alphaMin / neg) * wp[i];
  }
  const weightsTruncated = weights.slice();
  weightsTruncated.fill(0, mu);
  const cSigma = (muEff + 2) / (n + muEff + 5);
  const dSigma = 1 + 2 * Math.max(0, Math.sqrt((muEff - 1) / (n + 1)) - 1) + cSigma;
  const cC = (4 + muEff / n) / (n + 4 + (2 * muEff) / n);
  const chiN = Math.sqrt(n) * (1 - 1 / (4 * n) + 1 / (21 * nSq * nSq));
  return {
    n,
    popsize,
    mu,
    muEff,
    muEffMinus,
    c1,
    cMu,
    cSigma,
    dSigma,
    cC,
    chiN,
    alphaMin,
    weights,
    weightsTruncated,
    hSigmaThreshold: (1.4 + 2 / (n + 1)) * chiN,
  };
}

/** CMA-ES state (plain data; `B`/`D` are null between `tell` and the next `ask`). */
export interface CmaEsState extends BestSoFar {
  /** Distribution mean m. */
  readonly mean: Float64Array;
  /** Step size σ. */
  readonly sigma: number;
  /** n×n covariance, row-major. */
  readonly C: Float64Array;
  /** Step-size evolution path p_σ. */
  readonly pSigma: Float64Array;
  /** Covariance evolution path p_c. */
  readonly pC: Float64Array;
  /** Eigenvectors of C as columns (n×n row-major), from the last `ask`. */
  readonly B: Float64Array | null;
  /** Square roots of the eigenvalues of C, from the last `ask`. */
  readonly D: Float64Array | null;
  /** Generation counter (number of tells). */
  readonly gen: number;
  /**
   * Lazy mode only (`eigenGap` > 1): the generation of the last decomposition; `B`/`D` are then
   * kept between generations.
   */
  readonly eigenGen?: number;
}

/**
 * pycma's default lazy-update gap in generations, 1/(c1 + cμ)/n/10 (cma/evolution_strategy.py,
 * CMAEvolutionStrategy: `GaussFullSampler(lazy_update_gap=1. / (c1 + cmu + 1e-23) / N / 10)`
 * when the option `updatecovwait` is None; cma/sampler.py `update_now` skips the decomposition
 * while count_tell < last_update + lazy_update_gap, so a gap g decomposes every ⌈g⌉ generations
 * and any g ≤ 1 every generation). With evosax's constants at n = 1918, λ = 256 it is 1.46, i.e.
 * every 2nd generation. (pycma's purecma.py uses a different rule, 0.5·λ/((c1 + cμ)·n)
 * evaluations counted per λ, ≈ 7.3 generations there.)
 *
 * @example
 * ```ts
 * import { cmaConstants, pycmaEigenGap } from "@neuroplastic/evolution";
 * console.log(pycmaEigenGap(cmaConstants(1918, 256)).toFixed(2)); // 1.46
 * ```
 */
export function pycmaEigenGap(k: CmaConstants): number {
  // lazy_update_gap = 1/(c1 + cμ + 1e−23)/n/10  (pycma evolution_strategy.py)
  return 1 / (k.c1 + k.cMu + 1e-23) / k.n / 10;
}

/**
 * The eigendecomposition step of evosax 0.1.6 `full_eigen_decomp` (LNDP spec §7, ask step 1):
 * C ← C + 1e−10·[gen = 0] (every entry); C ← (C + Cᵀ)/2; (D², B) = eigh(C), negative
 * eigenvalues → 1e−20; D = √D²; C ← B diag(D²) Bᵀ. Returns fresh arrays.
 *
 * @example
 * ```ts
 * import { cmaEigen } from "@neuroplastic/evolution";
 * const { D } = cmaEigen(Float64Array.of(4, 0, 0, 1), 2, 1, "always");
 * console.log(Array.from(D)); // [1, 2]
 * ```
 */
export function cmaEigen(
  C: Float64Array,
  n: number,
  gen: number,
  reconstruct: "always" | "never" | "auto" = "auto",
): { C: Float64Array; B: Float64Array; D: Float64Array } {
  const c = new Float64Array(n * n);
  const add = gen === 0 ? 1e-10 : 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const v = ((C[i * n + j] + add) + (C[j * n + i] + add)) / 2;
      c[i * n + j] = v;
      c[j * n + i] = v;
    }
  }
  const values = new Float64Array(n);
  const B = new Float64Array(n * n);
  eighInto(c, n, values, B);
  let clamped = false;
  const D = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let v = values[j];
    if (v < 0) {
      v = 1e-20;
      clamped = true;
    }
    D[j] = Math.sqrt(v);
  }
  const rebuild = reconstruct === "always" || (reconstruct === "auto" && (n <= 256 || clamped));
  if (rebuild) {
    // C = (B diag(D²)) Bᵀ
    const bd = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) bd[i * n + j] = B[i * n + j] * D[j] * D[j];
    }
    matmulInto(c, bd, B, n, n, n, { transB: true });
    // keep C exactly symmetric (the product is symmetric only up to rounding)
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < i; j++) c[j * n + i] = c[i * n + j];
    }
  }
  return { C: c, B, D };
}

/** Row-block height of {@link rankMuSymmetric}. */
const SYRK_BLOCK = 128;

/**
 * R = Σ_k w°_k y_k y_kᵀ (n×n, exactly symmetric) from Y (λ×n rows y_k): only the lower
 * triangle is multiplied, one GEMM per block of SYRK_BLOCK rows, R[i0:i1, 0:i1] = Yᵀ[i0:i1]·
 * (W Y)ᵀ[0:i1]ᵀ, then mirrored: about 55 % of the full product's multiply-adds at n = 1918.
 */
function rankMuSymmetric(Y: Float64Array, wo: Float64Array, n: number, lam: number): Float64Array {
  const Yt = new Float64Array(n * lam), Ywt = new Float64Array(n * lam);
  for (let r = 0; r < lam; r++) {
    const w = wo[r], ro = r * n;
    for (let i = 0; i < n; i++) {
      const y = Y[ro + i];
      Yt[i * lam + r] = y;
      Ywt[i * lam + r] = w * y;
    }
  }
  const R = new Float64Array(n * n);
  const tmp = new Float64Array(Math.min(SYRK_BLOCK, n) * n);
  for (let i0 = 0; i0 < n; i0 += SYRK_BLOCK) {
    const i1 = Math.min(n, i0 + SYRK_BLOCK), rows = i1 - i0;
    matmulInto(tmp, Yt, Ywt, rows, lam, i1, { aOffset: i0 * lam, transB: true });
    for (let i = i0; i < i1; i++) {
      const t = (i - i0) * i1, ro = i * n;
      for (let j = 0; j <= i; j++) {
        const v = tmp[t + j];
        R[ro + j] = v;
        R[j * n + i] = v;
      }
    }
  }
  return R;
}

/**
 * CMA-ES (evosax 0.1.6 defaults). Candidates are one λ×n row-major `Float64Array`.
 *
 * @example
 * ```ts
 * import { cmaEs } from "@neuroplastic/evolution";
 * import { fold, key } from "@neuroplastic/core/random";
 * const es = cmaEs({ numDims: 3, popsize: 8, sigmaInit: 0.5, maximize: false });
 * let st = es.init(key(0));
 * for (let g = 0; g < 60; g++) {
 *   const { candidates, state } = es.ask(st, fold(key(1), g));
 *   const f = new Float64Array(8);
 *   for (let k = 0; k < 8; k++) for (let i = 0; i < 3; i++) f[k] += (candidates[k * 3 + i] - 1) ** 2;
 *   st = es.tell(state, candidates, f);
 * }
 * console.log(es.best(st).fitness < 1e-6); // true
 * ```
 */
export function cmaEs(params: CmaEsParams): Strategy<CmaEsState> & { constants: CmaConstants } {
  const n = params.numDims;
  const lam = params.popsize;
  const k = cmaConstants(n, lam, params.eliteRatio ?? 0.5);
  const maximize = params.maximize ?? true;
  const sigmaInit = params.sigmaInit ?? 1;
  if (!(sigmaInit > 0) || !Number.isFinite(sigmaInit)) {
    throw new RangeError(`cma-es: sigmaInit must be a finite number > 0, got ${sigmaInit}`);
  }
  const clipMin = params.clipMin ?? -FLT_MAX;
  const clipMax = params.clipMax ?? FLT_MAX;
  const reconstruct = params.reconstruct ?? "auto";
  // pycma: any gap ≤ 1 decomposes every generation
  const eigenGap = params.eigenGap === "pycma"
    ? Math.max(1, pycmaEigenGap(k))
    : params.eigenGap ?? 1;
  if (!(eigenGap >= 1) || !Number.isFinite(eigenGap)) {
    throw new RangeError(
      `cma-es: eigenGap must be a finite number ≥ 1 or "pycma", got ${eigenGap}`,
    );
  }
  const lazy = eigenGap > 1;
  // first member with a negative recombination weight (the weights decrease with rank)
  let firstNegative = lam;
  while (firstNegative > 0 && k.weights[firstNegative - 1] < 0) firstNegative--;
  const meanInit = params.meanInit ?? 0;
  if (typeof meanInit !== "number" && meanInit.length !== n) {
    throw new RangeError(`cma-es: meanInit has length ${meanInit.length}, expected ${n}`);
  }

  const init = (_key: Key): CmaEsState => {
    const mean = typeof meanInit === "number"
      ? new Float64Array(n).fill(meanInit)
      : Float64Array.from(meanInit);
    const C = new Float64Array(n * n);
    for (let i = 0; i < n; i++) C[i * n + i] = 1;
    return {
      mean,
      sigma: sigmaInit,
      C,
      pSigma: new Float64Array(n),
      pC: new Float64Array(n),
      B: null,
      D: null,
      gen: 0,
      bestGenome: mean.slice(),
      bestFitness: worstFitness(maximize),
    };
  };

  const decomposed = (s: CmaEsState): CmaEsState => {
    // pycma sampler.py update_now: skip while count_tell < last_update + lazy_update_gap
    if (s.B !== null && s.D !== null && (!lazy || s.gen - (s.eigenGen ?? 0) < eigenGap)) return s;
    const { C, B, D } = cmaEigen(s.C, n, s.gen, reconstruct);
    return lazy ? { ...s, C, B, D, eigenGen: s.gen } : { ...s, C, B, D };
  };

  const ask = (state: CmaEsState, key: Key): AskResult<CmaEsState> => {
    const s = decomposed(state);
    const B = s.B!, D = s.D!;
    // x_k = m + σ B diag(D) z_k, z ~ N(0, I)  (evosax `sample`)
    const zd = new Float64Array(lam * n);
    fillNormal(key, zd);
    for (let r = 0; r < lam; r++) {
      for (let j = 0; j < n; j++) zd[r * n + j] *= D[j];
    }
    const x = new Float64Array(lam * n);
    matmulInto(x, zd, B, lam, n, n, { transB: true });
    for (let r = 0; r < lam; r++) {
      for (let i = 0; i < n; i++) {
        const v = s.mean[i] + s.sigma * x[r * n + i];
        x[r * n + i] = v < clipMin ? clipMin : v > clipMax ? clipMax : v;
      }
    }
    return { candidates: x, state: s };
  };

  const tell = (state: CmaEsState, x: Float64Array, fitness: Float64Array): CmaEsState => {
    if (x.length !== lam * n || fitness.length !== lam) {
      throw new RangeError(`cma-es: tell needs ${lam}×${n} candidates and ${lam} fitness values`);
    }
    const s = decomposed(state);
    const B = s.B!, D = s.D!;
    const { mean, sigma } = s;
    // Sort by f = −fitness (maximise) ascending, stable.
    const f = new Float64Array(lam);
    for (let i = 0; i < lam; i++) f[i] = maximize ? -fitness[i] : fitness[i];
    const order = argsortStable(f);
    // y_k = (x_(k) − m)/σ ; y_w = Σ w_trunc,k y_k ; m' = m + c_m σ y_w
    const Y = new Float64Array(lam * n);
    const yw = new Float64Array(n);
    for (let r = 0; r < lam; r++) {
      const src = order[r] * n;
      const wt = k.weightsTruncated[r];
      for (let i = 0; i < n; i++) {
        const y = (x[src + i] - mean[i]) / sigma;
        Y[r * n + i] = y;
        yw[i] += wt * y;
      }
    }
    const newMean = new Float64Array(n);
    for (let i = 0; i < n; i++) newMean[i] = mean[i] + sigma * yw[i];
    // U = Y B: row k is Bᵀ y_k; ‖C^{-1/2} y_k‖² = Σ_j (U_kj / D_j)².
    // Lazy mode needs Bᵀ y_k only for the negative-weight members (rows u0.., u0 = firstNegative)
    // and gets Bᵀ y_w from one matrix-vector product: half the GEMM, the same values up to
    // rounding. The default path keeps the full product (bit-identical to earlier releases).
    const u0 = lazy ? firstNegative : 0;
    const U = new Float64Array((lam - u0) * n);
    if (lam > u0) matmulInto(U, Y, B, lam - u0, n, n, { aOffset: u0 * n });
    // C^{-1/2} y_w = B diag(1/D) Bᵀ y_w, with Bᵀ y_w = Σ_k w_trunc,k U_k.
    const v = new Float64Array(n);
    if (lazy) {
      for (let i = 0; i < n; i++) {
        const yi = yw[i], row = i * n;
        for (let j = 0; j < n; j++) v[j] += B[row + j] * yi;
      }
    } else {
      for (let r = 0; r < lam; r++) {
        const wt = k.weightsTruncated[r];
        if (wt === 0) continue;
        for (let j = 0; j < n; j++) v[j] += wt * U[r * n + j];
      }
    }
    for (let j = 0; j < n; j++) v[j] /= D[j];
    const cInvYw = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let acc = 0;
      const row = i * n;
      for (let j = 0; j < n; j++) acc += B[row + j] * v[j];
      cInvYw[i] = acc;
    }
    // p_σ' = (1 − c_σ) p_σ + √(c_σ(2 − c_σ) μ_eff) C^{-1/2} y_w
    const aS = Math.sqrt(k.cSigma * (2 - k.cSigma) * k.muEff);
    const pSigma = new Float64Array(n);
    let normPs2 = 0;
    for (let i = 0; i < n; i++) {
      const p = (1 - k.cSigma) * s.pSigma[i] + aS * cInvYw[i];
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
    // w°_k = w_k (w_k ≥ 0) else w_k · n / (‖C^{-1/2} y_k‖² + 1e−20)
    const wo = new Float64Array(lam);
    let sumW = 0;
    for (let r = 0; r < lam; r++) {
      const w = k.weights[r];
      sumW += w;
      if (w >= 0) {
        wo[r] = w;
      } else {
        let q = 0;
        for (let j = 0; j < n; j++) {
          const u = U[(r - u0) * n + j] / D[j];
          q += u * u;
        }
        wo[r] = (w * n) / (q + 1e-20);
      }
    }
    // C' = (1 + c1 δ − c1 − cμ Σw) C + c1 p_c p_cᵀ + cμ Σ_k w°_k y_k y_kᵀ, δ = (1 − h_σ) c_c (2 − c_c)
    const delta = (1 - hSigma) * k.cC * (2 - k.cC);
    const decay = 1 + k.c1 * delta - k.c1 - k.cMu * sumW;
    const R = lazy ? rankMuSymmetric(Y, wo, n, lam) : new Float64Array(n * n);
    if (!lazy) {
      const Yw = new Float64Array(lam * n);
      for (let r = 0; r < lam; r++) {
        const w = wo[r];
        for (let i = 0; i < n; i++) Yw[r * n + i] = w * Y[r * n + i];
      }
      matmulInto(R, Y, Yw, n, lam, n, { transA: true });
    }
    // written over R (same values as into a fresh array, one n² allocation less)
    const C = R;
    const Cold = s.C;
    for (let i = 0; i < n; i++) {
      const pci = k.c1 * pC[i];
      const row = i * n;
      for (let j = 0; j < n; j++) {
        C[row + j] = decay * Cold[row + j] + pci * pC[j] + k.cMu * R[row + j];
      }
    }
    // σ' = σ exp((c_σ/d_σ)(‖p_σ'‖/χ_n − 1))
    const newSigma = sigma * Math.exp((k.cSigma / k.dSigma) * (normPs / k.chiN - 1));
    const best = updateBest(s.bestGenome, s.bestFitness, x, fitness, n, maximize);
    const next = {
      mean: newMean,
      sigma: newSigma,
      C,
      pSigma,
      pC,
      B: null,
      D: null,
      gen: s.gen + 1,
      bestGenome: best.bestGenome,
      bestFitness: best.bestFitness,
    };
    // lazy: keep the eigensystem until `decomposed` finds it older than eigenGap generations
    return lazy ? { ...next, B, D, eigenGen: s.eigenGen ?? 0 } : next;
  };

  return {
    name: "cma-es",
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
