/**
 * Eligibility traces: the synapse-local memory of "this synapse could have caused the
 * recent change", later turned into a weight change by a (delayed) modulatory signal.
 *
 * - Supralinear node-perturbation trace (Miconi 2017, eLife, Eq. 3 and `dnms/net.cpp`):
 *   `e[i, j] += S(r_j(t−1) · (x_i(t) − x̄_i(t)))`, `S(v) = v³`, with `x̄` a running average
 *   of the excitation `x` (`x̄ ← α x̄ + (1 − α) x`, α = 0.05).
 * - Decaying (retroactive) eligibility of backpropamine (Miconi et al. 2019, Eq. 6):
 *   `E[i, j] ← (1 − η) E[i, j] + η pre[i] post[j]` (= {@link hebbianTraceUpdate} with m = 1).
 *
 * Layouts are row-major; the supralinear trace is indexed `[post, pre]` like the weight
 * matrix `J` of `x ← x + dt/τ (−x + J r)` it will update.
 *
 * @module
 */
import { matmulInto } from "@neuroplastic/core/tensor";

/**
 * In place: `e[i, j] += (pre[j] · dev[i])³` for `i < nPost, j < nPre` (Miconi 2017, Eq. 3;
 * `dnms/net.cpp`, METHOD = DELTAX, where the cube is applied to the product).
 * Uses `(a b)³ = a³ b³`, so each entry costs one multiply–add.
 *
 * @param e row-major `nPost × nPre`
 * @param dev `x_i(t) − x̄_i(t)` (fluctuation of the postsynaptic excitation)
 * @param pre `r_j(t − 1)` (presynaptic rate at the previous step)
 * @param cubes scratch of length ≥ nPre + nPost
 * @returns `e`
 * @example
 * ```ts
 * import { eligibilityCubedAccumulate } from "@neuroplastic/plasticity";
 * const e = eligibilityCubedAccumulate(new Float64Array(1), new Float64Array([2]), new Float64Array([0.5]), 1, 1, new Float64Array(2));
 * console.log(e[0]); // 1
 * ```
 */
export const eligibilityCubedAccumulate = (
  e: Float64Array,
  dev: ArrayLike<number>,
  pre: ArrayLike<number>,
  nPost: number,
  nPre: number,
  cubes: Float64Array,
): Float64Array => {
  for (let j = 0; j < nPre; j++) {
    const r = pre[j];
    cubes[j] = r * r * r;
  }
  for (let i = 0; i < nPost; i++) {
    const d = dev[i];
    const d3 = d * d * d;
    if (d3 === 0) continue;
    const row = i * nPre;
    for (let j = 0; j < nPre; j++) {
      // e_ij += S(r_j (x_i − x̄_i)), S(v) = v³ = r_j³ (x_i − x̄_i)³ (Miconi 2017, Eq. 3)
      e[row + j] += d3 * cubes[j];
    }
  }
  return e;
};

/**
 * The literal per-synapse form `e[i, j] += (pre[j] · dev[i])³` with an arbitrary
 * supralinear `S` (default cube): the reference's loop, kept as the plain baseline and oracle.
 *
 * @example
 * ```ts
 * import { eligibilityAccumulateNaive } from "@neuroplastic/plasticity";
 * const e = eligibilityAccumulateNaive(new Float64Array(1), [2], [0.5], 1, 1);
 * console.log(e[0]); // 1
 * ```
 */
export const eligibilityAccumulateNaive = (
  e: Float64Array,
  dev: ArrayLike<number>,
  pre: ArrayLike<number>,
  nPost: number,
  nPre: number,
  s: (v: number) => number = (v) => v * v * v,
): Float64Array => {
  for (let i = 0; i < nPost; i++) {
    for (let j = 0; j < nPre; j++) e[i * nPre + j] += s(pre[j] * dev[i]);
  }
  return e;
};

/**
 * In place running average `avg[i] ← α avg[i] + (1 − α) x[i]` (Miconi 2017, `x_trace`
 * with α = ALPHATRACEEXC = 0.05; the reward baseline with α = ALPHATRACE = 0.75).
 *
 * @example
 * ```ts
 * import { runningAverageUpdate } from "@neuroplastic/plasticity";
 * console.log(Array.from(runningAverageUpdate(new Float64Array([1]), [3], 0.5))); // [2]
 * ```
 */
export const runningAverageUpdate = (
  avg: Float64Array,
  x: ArrayLike<number>,
  alpha: number,
): Float64Array => {
  const beta = 1 - alpha;
  for (let i = 0; i < avg.length; i++) avg[i] = alpha * avg[i] + beta * x[i];
  return avg;
};

/**
 * In place decaying eligibility `E[i, j] ← (1 − η) E[i, j] + η pre[i] post[j]`
 * (backpropamine, retroactive modulation, Miconi et al. 2019, Eq. 6).
 *
 * @example
 * ```ts
 * import { decayingEligibilityUpdate } from "@neuroplastic/plasticity";
 * const E = decayingEligibilityUpdate(new Float64Array([1]), [1], [1], 1, 1, 0.5);
 * console.log(E[0]); // 1
 * ```
 */
export const decayingEligibilityUpdate = (
  E: Float64Array,
  pre: ArrayLike<number>,
  post: ArrayLike<number>,
  nPre: number,
  nPost: number,
  eta: number,
): Float64Array => {
  const decay = 1 - eta;
  for (let i = 0; i < nPre; i++) {
    const pi = eta * pre[i];
    for (let j = 0; j < nPost; j++) E[i * nPost + j] = decay * E[i * nPost + j] + pi * post[j];
  }
  return E;
};

/**
 * Batched supralinear eligibility: `e[i, j] (+)= Σ_t devCubed[t, i] · preCubed[t, j]`, i.e. the
 * sum over a trial of Miconi 2017's per-step increments `(r_j(t−1) δx_i(t))³ = r_j³ δx_i³`
 * computed as one GEMM (`e = Dᵀ C`, WebAssembly SIMD when large) instead of T rank-one updates.
 * Rows of steps that must not contribute are zero.
 *
 * @param devCubed T×nPost, row t = δx(t)³
 * @param preCubed T×nPre, row t = r(t−1)³
 * @param accumulate add into `e` instead of overwriting it
 * @returns `e`
 * @example
 * ```ts
 * import { eligibilityCubedFromHistory } from "@neuroplastic/plasticity";
 * const e = eligibilityCubedFromHistory(new Float64Array(1), new Float64Array([8, 1]), new Float64Array([0.125, 1]), 2, 1, 1);
 * console.log(e[0]); // 2
 * ```
 */
export const eligibilityCubedFromHistory = (
  e: Float64Array,
  devCubed: Float64Array,
  preCubed: Float64Array,
  T: number,
  nPost: number,
  nPre: number,
  accumulate = false,
): Float64Array => {
  // E_ij = Σ_t δx_i(t)³ r_j(t−1)³   (Miconi 2017, Eq. 3, summed over the trial)
  matmulInto(e, devCubed, preCubed, nPost, T, nPre, { transA: true, accumulate });
  return e;
};
