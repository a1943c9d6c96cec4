/**
 * Spontaneous activity: the reference's Ornstein–Uhlenbeck process
 * (utils/model.py `OrnsteinUhlenbeckProcess`; lndp-reference.md §3).
 *
 * Parameters are clipped before use: Σ to [−1, 1], α to [0, ∞), dt to [0.01, 1]; μ is not.
 * Noise W = U √S ξ from the SVD Σ = U S Vᵀ (jax `multivariate_normal(method="svd")`), so its
 * covariance is Q = U S Uᵀ = (ΣΣᵀ)^{1/2}, not Σ. Step: x' = x + α ⊙ (μ − x) ⊙ dt + W (explicit
 * Euler, noise not scaled by √dt).
 *
 * @module
 */
import { fillNormal, type Key } from "@neuroplastic/core/random";

/**
 * Eigen-decomposition of a symmetric d×d matrix by cyclic Jacobi rotations:
 * returns eigenvalues and the eigenvectors as columns of a row-major d×d matrix.
 *
 * @example
 * ```ts
 * import { symmetricEigen } from "@neuroplastic/engines/lndp";
 * const { values } = symmetricEigen(Float64Array.of(2, 1, 1, 2), 2);
 * console.log([...values].sort()); // [1, 3]
 * ```
 */
export function symmetricEigen(
  m: Float64Array,
  d: number,
): { values: Float64Array; vectors: Float64Array } {
  const a = m.slice();
  const v = new Float64Array(d * d);
  for (let i = 0; i < d; i++) v[i * d + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < d; p++) for (let q = p + 1; q < d; q++) off += a[p * d + q] ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < d; p++) {
      for (let q = p + 1; q < d; q++) {
        const apq = a[p * d + q];
        if (apq === 0) continue;
        // rotation angle: tan 2φ = 2 a_pq / (a_qq − a_pp)
        const theta = (a[q * d + q] - a[p * d + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1), s = t * c;
        for (let k = 0; k < d; k++) {
          const akp = a[k * d + p], akq = a[k * d + q];
          a[k * d + p] = c * akp - s * akq;
          a[k * d + q] = s * akp + c * akq;
        }
        for (let k = 0; k < d; k++) {
          const apk = a[p * d + k], aqk = a[q * d + k];
          a[p * d + k] = c * apk - s * aqk;
          a[q * d + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < d; k++) {
          const vkp = v[k * d + p], vkq = v[k * d + q];
          v[k * d + p] = c * vkp - s * vkq;
          v[k * d + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const values = new Float64Array(d);
  for (let i = 0; i < d; i++) values[i] = a[i * d + i];
  return { values, vectors: v };
}

/** Clipped OU parameters and the noise factor F = U √S (d×d, row-major). */
export interface OuProcess {
  /** Dimension d. */
  readonly d: number;
  /** Clipped mean μ (d). */
  readonly mu: Float64Array;
  /** Clipped mean-reversion rate α (d). */
  readonly alpha: Float64Array;
  /** Clipped time step dt (d). */
  readonly dt: Float64Array;
  /** Noise factor F = U √S (d×d, row-major). */
  readonly factor: Float64Array;
}

const clip = (x: number, lo: number, hi: number): number => Math.min(Math.max(x, lo), hi);

/**
 * Builds the OU process from raw (genome) parameters: clips them and factors Σ.
 * F = U diag(√s) with ΣΣᵀ = U diag(s²) Uᵀ, hence F Fᵀ = (ΣΣᵀ)^{1/2}.
 *
 * @example
 * ```ts
 * import { ouProcess } from "@neuroplastic/engines/lndp";
 * const ou = ouProcess(Float64Array.of(0), Float64Array.of(0.5), Float64Array.of(0.3), Float64Array.of(0.1));
 * console.log(ou.factor[0]); // √0.3
 * ```
 */
export function ouProcess(
  mu: Float64Array,
  alpha: Float64Array,
  sigma: Float64Array,
  dt: Float64Array,
): OuProcess {
  const d = mu.length;
  const s = new Float64Array(d * d);
  for (let i = 0; i < d * d; i++) s[i] = clip(sigma[i], -1, 1);
  // ΣΣᵀ
  const ss = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      let acc = 0;
      for (let c = 0; c < d; c++) acc += s[i * d + c] * s[j * d + c];
      ss[i * d + j] = acc;
    }
  }
  const { values, vectors } = symmetricEigen(ss, d);
  const factor = new Float64Array(d * d);
  for (let j = 0; j < d; j++) {
    // singular value s_j = √λ_j; column scale √s_j = λ_j^{1/4}
    const sc = Math.pow(Math.max(values[j], 0), 0.25);
    for (let i = 0; i < d; i++) factor[i * d + j] = vectors[i * d + j] * sc;
  }
  return {
    d,
    mu: mu.slice(),
    alpha: alpha.map((a) => Math.max(a, 0)),
    dt: dt.map((t) => clip(t, 0.01, 1)),
    factor,
  };
}

/**
 * Writes one noise draw W = F ξ, ξ ~ N(0, I), into `out` (`xi` is scratch of length d).
 *
 * @example
 * ```ts
 * import { ouNoiseInto, ouProcess } from "@neuroplastic/engines/lndp";
 * const ou = ouProcess(Float64Array.of(0), Float64Array.of(0.5), Float64Array.of(0.3), Float64Array.of(0.1));
 * const w = new Float64Array(1);
 * ouNoiseInto(ou, { k0: 0, k1: 1 }, w, new Float64Array(1));
 * ```
 */
export function ouNoiseInto(ou: OuProcess, key: Key, out: Float64Array, xi: Float64Array): void {
  const d = ou.d;
  fillNormal(key, xi);
  for (let i = 0; i < d; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += ou.factor[i * d + j] * xi[j];
    out[i] = s;
  }
}

/**
 * One OU step in place: x ← x + α ⊙ (μ − x) ⊙ dt + F ξ.
 *
 * @example
 * ```ts
 * import { ouProcess, ouStepInPlace } from "@neuroplastic/engines/lndp";
 * const ou = ouProcess(Float64Array.of(1), Float64Array.of(0.5), Float64Array.of(0), Float64Array.of(0.1));
 * const x = Float64Array.of(0);
 * ouStepInPlace(ou, x, { k0: 0, k1: 1 }, new Float64Array(1), new Float64Array(1));
 * console.log(x[0]); // 0.05
 * ```
 */
export function ouStepInPlace(
  ou: OuProcess,
  x: Float64Array,
  key: Key,
  noise: Float64Array,
  xi: Float64Array,
): void {
  ouNoiseInto(ou, key, noise, xi);
  for (let i = 0; i < ou.d; i++) {
    x[i] = x[i] + ou.alpha[i] * (ou.mu[i] - x[i]) * ou.dt[i] + noise[i];
  }
}

/**
 * The stationary covariance V_ij = Q_ij / (1 − (1 − λ_i)(1 − λ_j)), λ = α dt, Q = F Fᵀ
 * (valid when 0 < λ_i < 2).
 *
 * @example
 * ```ts
 * import { ouProcess, ouStationaryCovariance } from "@neuroplastic/engines/lndp";
 * const ou = ouProcess(Float64Array.of(0), Float64Array.of(0.5), Float64Array.of(0.3), Float64Array.of(0.1));
 * console.log(ouStationaryCovariance(ou)[0]); // 0.3/(1 − 0.95²)
 * ```
 */
export function ouStationaryCovariance(ou: OuProcess): Float64Array {
  const d = ou.d, v = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      let q = 0;
      for (let c = 0; c < d; c++) q += ou.factor[i * d + c] * ou.factor[j * d + c];
      const li = ou.alpha[i] * ou.dt[i], lj = ou.alpha[j] * ou.dt[j];
      v[i * d + j] = q / (1 - (1 - li) * (1 - lj));
    }
  }
  return v;
}
