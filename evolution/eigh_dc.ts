/**
 * Divide-and-conquer eigensolver for a symmetric tridiagonal matrix (Cuppen 1981; deflation,
 * secular equation and Gu–Eisenstat eigenvectors as in LAPACK `dstedc`/`dlaed0-4`; Gu &
 * Eisenstat, SIAM J. Matrix Anal. Appl. 16 (1995)). The eigenvector work is matrix products (the
 * blocked GEMM of `@neuroplastic/core/tensor`) instead of the plane rotations of QL.
 *
 * T = blkdiag(T₁ − ρ e_k e_kᵀ, T₂ − ρ e_1 e_1ᵀ) + ρ v vᵀ, v = [e_k; sign·e_1], ρ = |t_{k,k+1}|.
 * With T_i = Q_i Λ_i Q_iᵀ the merge solves D + ρ z zᵀ, z = [last row of Q₁; sign·first row of Q₂]:
 * - deflation: ρ|z_i| ≤ tol, or two close d's whose Givens rotation makes the coupling ≤ tol
 *   (tol = 8 ε max(max|d|, max|z|), `dlaed2`);
 * - secular equation f(λ) = 1 + ρ Σ z_k²/(d_k − λ) = 0 solved per interval by safeguarded Newton
 *   on τ = λ − d_origin, the nearer pole, so that d_k − λ = (d_k − d_origin) − τ keeps full
 *   relative accuracy;
 * - Gu–Eisenstat: ẑ_i² ∝ −∏_j (d_i − λ_j) / ∏_{j≠i} (d_i − d_j), eigenvectors u_j ∝ ẑ/(d − λ_j);
 * - Q = blkdiag(Q₁, Q₂)(after deflation rotations) · U.
 * Subproblems of at most {@link DC_LEAF} rows use QL.
 *
 * @module
 */
import { matmulInto } from "@neuroplastic/core/tensor";

/** Largest subproblem solved directly (by QL). */
export const DC_LEAF = 48;

const EPS = 2 ** -52;

/** Eigen-solution of a tridiagonal block: values (unsorted) and vectors as columns (m×m). */
interface Sol {
  readonly lam: Float64Array;
  readonly Q: Float64Array;
}

/** QL with eigenvectors on a small tridiagonal (d, off), off[i] couples i and i+1. */
export type LeafSolver = (d: Float64Array, off: Float64Array, m: number) => Sol;

/**
 * Eigen-decomposition of the tridiagonal (d, off) of size n: returns the eigenvalues (unsorted)
 * and the eigenvectors as the columns of an n×n row-major matrix. `leaf` solves subproblems of
 * at most {@link DC_LEAF} rows (eigh.ts passes its QL).
 *
 * @example
 * ```ts ignore
 * const { lam, Q } = tridiagonalDc(d, off, n, leafQl);
 * ```
 */
export function tridiagonalDc(
  d: Float64Array,
  off: Float64Array,
  n: number,
  leaf: LeafSolver,
): Sol {
  return solve(d.slice(0, n), off.slice(0, Math.max(0, n - 1)), n, leaf);
}

function solve(d: Float64Array, off: Float64Array, m: number, leaf: LeafSolver): Sol {
  if (m <= DC_LEAF) return leaf(d, off, m);
  const k = m >> 1, m2 = m - k;
  const rhoRaw = off[k - 1];
  const sgn = rhoRaw < 0 ? -1 : 1;
  const r = Math.abs(rhoRaw);
  const d1 = d.slice(0, k), d2 = d.slice(k);
  d1[k - 1] -= r;
  d2[0] -= r;
  const s1 = solve(d1, off.slice(0, k - 1), k, leaf);
  const s2 = solve(d2, off.slice(k), m2, leaf);
  // combined eigenvalues and block-diagonal eigenvectors
  const D = new Float64Array(m);
  D.set(s1.lam, 0);
  D.set(s2.lam, k);
  const z = new Float64Array(m);
  for (let j = 0; j < k; j++) z[j] = s1.Q[(k - 1) * k + j];
  for (let j = 0; j < m2; j++) z[k + j] = sgn * s2.Q[j];
  if (r === 0) return blockDiag(s1, s2, k, m2, D);
  // normalise: ‖z‖² = 2 → z/√2, ρ·2
  const rho = 2 * r;
  for (let i = 0; i < m; i++) z[i] *= Math.SQRT1_2;
  // sort by D
  const perm = Array.from({ length: m }, (_, i) => i).sort((a, b) => D[a] - D[b] || a - b);
  const dS = new Float64Array(m), zS = new Float64Array(m);
  // column support: 1 = rows 0..k−1 only, 2 = rows k..m−1 only, 3 = both (after a rotation)
  const kind = new Uint8Array(m);
  // Qp: m×m, column i = column perm[i] of blkdiag(Q1, Q2)
  const Qp = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    const p = perm[i];
    dS[i] = D[p];
    zS[i] = z[p];
    kind[i] = p < k ? 1 : 2;
    if (p < k) {
      for (let row = 0; row < k; row++) Qp[row * m + i] = s1.Q[row * k + p];
    } else {
      const c = p - k;
      for (let row = 0; row < m2; row++) Qp[(k + row) * m + i] = s2.Q[row * m2 + c];
    }
  }
  // deflation (dlaed2)
  let dmax = 0, zmax = 0;
  for (let i = 0; i < m; i++) {
    dmax = Math.max(dmax, Math.abs(dS[i]));
    zmax = Math.max(zmax, Math.abs(zS[i]));
  }
  const tol = 8 * EPS * Math.max(dmax, zmax);
  const deflated = new Uint8Array(m);
  const keep: number[] = [];
  let prev = -1;
  for (let i = 0; i < m; i++) {
    if (rho * Math.abs(zS[i]) <= tol) {
      deflated[i] = 1;
      continue;
    }
    if (prev < 0) {
      prev = i;
      continue;
    }
    const s0 = zS[prev], c0 = zS[i];
    const tau = Math.hypot(c0, s0);
    const t = dS[i] - dS[prev];
    const c = c0 / tau, s = -s0 / tau;
    if (Math.abs(t * c * s) <= tol) {
      zS[i] = tau;
      zS[prev] = 0;
      // columns prev (x) and i (y): x ← c x + s y, y ← c y − s x
      for (let row = 0; row < m; row++) {
        const x = Qp[row * m + prev], y = Qp[row * m + i];
        Qp[row * m + prev] = c * x + s * y;
        Qp[row * m + i] = c * y - s * x;
      }
      if (kind[prev] !== kind[i]) kind[prev] = kind[i] = 3;
      const tp = dS[prev] * c * c + dS[i] * s * s;
      dS[i] = dS[prev] * s * s + dS[i] * c * c;
      dS[prev] = tp;
      deflated[prev] = 1;
      prev = i;
    } else {
      keep.push(prev);
      prev = i;
    }
  }
  if (prev >= 0) keep.push(prev);
  const K = keep.length;
  const lam = new Float64Array(m);
  const Q = new Float64Array(m * m);
  // deflated columns pass through
  for (let i = 0; i < m; i++) {
    if (!deflated[i]) continue;
    lam[i] = dS[i];
    for (let row = 0; row < m; row++) Q[row * m + i] = Qp[row * m + i];
  }
  if (K === 0) return { lam, Q };
  const dl = new Float64Array(K), zl = new Float64Array(K);
  for (let j = 0; j < K; j++) {
    dl[j] = dS[keep[j]];
    zl[j] = zS[keep[j]];
  }
  // secular equation: Δ[k·K + j] = d_k − λ_j
  const del = new Float64Array(K * K);
  const lamK = new Float64Array(K);
  let zz = 0;
  for (let j = 0; j < K; j++) zz += zl[j] * zl[j];
  const delta = new Float64Array(K);
  for (let j = 0; j < K; j++) {
    let origin: number, lo: number, hi: number;
    if (j < K - 1) {
      const gap = dl[j + 1] - dl[j];
      const half = gap / 2;
      let f = 1;
      for (let q = 0; q < K; q++) f += (rho * zl[q] * zl[q]) / ((dl[q] - dl[j]) - half);
      if (f >= 0) {
        origin = j;
        lo = 0;
        hi = half;
      } else {
        origin = j + 1;
        lo = -half;
        hi = 0;
      }
    } else {
      origin = K - 1;
      lo = 0;
      hi = rho * zz;
    }
    const dor = dl[origin];
    for (let q = 0; q < K; q++) delta[q] = dl[q] - dor;
    const tau = secularRoot(delta, zl, rho, K, lo, hi);
    lamK[j] = dor + tau;
    for (let q = 0; q < K; q++) del[q * K + j] = delta[q] - tau;
  }
  // Gu–Eisenstat ẑ (up to the common factor 1/√ρ, which normalisation removes)
  const zh = new Float64Array(K);
  for (let i = 0; i < K; i++) {
    let w = del[i * K + i];
    for (let j = 0; j < K; j++) {
      if (j !== i) w *= del[i * K + j] / (dl[i] - dl[j]);
    }
    zh[i] = Math.sqrt(Math.max(0, -w)) * (zl[i] < 0 ? -1 : 1);
  }
  // U (K×K): column j = ẑ / Δ[:, j], normalised
  const U = new Float64Array(K * K);
  for (let j = 0; j < K; j++) {
    let nrm = 0;
    for (let i = 0; i < K; i++) {
      const u = zh[i] / del[i * K + j];
      U[i * K + j] = u;
      nrm += u * u;
    }
    const inv = 1 / Math.sqrt(nrm);
    for (let i = 0; i < K; i++) U[i * K + j] *= inv;
  }
  // Q(:, keep) = Qp(:, keep) · U, one product per half over the columns that touch it
  const GU = new Float64Array(m * K);
  const half = (r0: number, rows: number, part: number): void => {
    const cols: number[] = [];
    for (let j = 0; j < K; j++) if (kind[keep[j]] === part || kind[keep[j]] === 3) cols.push(j);
    const c = cols.length;
    if (c === 0 || rows === 0) return;
    const G = new Float64Array(rows * c), Us = new Float64Array(c * K);
    for (let row = 0; row < rows; row++) {
      for (let q = 0; q < c; q++) G[row * c + q] = Qp[(r0 + row) * m + keep[cols[q]]];
    }
    for (let q = 0; q < c; q++) Us.set(U.subarray(cols[q] * K, cols[q] * K + K), q * K);
    matmulInto(GU, G, Us, rows, c, K, { outOffset: r0 * K });
  };
  half(0, k, 1);
  half(k, m2, 2);
  for (let j = 0; j < K; j++) {
    const col = keep[j];
    lam[col] = lamK[j];
    for (let row = 0; row < m; row++) Q[row * m + col] = GU[row * K + j];
  }
  return { lam, Q };
}

/** Uncoupled halves: eigenvalues side by side, eigenvectors block diagonal. */
function blockDiag(s1: Sol, s2: Sol, k: number, m2: number, D: Float64Array): Sol {
  const m = k + m2;
  const Q = new Float64Array(m * m);
  for (let row = 0; row < k; row++) {
    for (let c = 0; c < k; c++) Q[row * m + c] = s1.Q[row * k + c];
  }
  for (let row = 0; row < m2; row++) {
    for (let c = 0; c < m2; c++) Q[(k + row) * m + k + c] = s2.Q[row * m2 + c];
  }
  return { lam: D, Q };
}

/**
 * Root τ ∈ (lo, hi) of g(τ) = 1 + ρ Σ_k z_k²/(δ_k − τ) (increasing in τ on the interval, with a
 * pole at δ_origin = 0): Newton steps kept inside a shrinking bracket, bisection otherwise.
 */
function secularRoot(
  delta: Float64Array,
  z: Float64Array,
  rho: number,
  K: number,
  lo: number,
  hi: number,
): number {
  let tau = (lo + hi) / 2;
  for (let it = 0; it < 200; it++) {
    let f = 1, df = 0, bound = 1;
    for (let q = 0; q < K; q++) {
      const t = 1 / (delta[q] - tau);
      const a = rho * z[q] * z[q] * t;
      f += a;
      df += a * t;
      bound += Math.abs(a);
    }
    if (f < 0) lo = tau;
    else hi = tau;
    // converged: |f| at the level of its rounding error, or the bracket cannot shrink
    if (Math.abs(f) <= 8 * EPS * bound * K) break;
    let next = tau - f / df;
    if (!(next > lo && next < hi)) next = lo + (hi - lo) / 2;
    if (next === tau || next <= lo || next >= hi) {
      const mid = lo + (hi - lo) / 2;
      if (mid <= lo || mid >= hi) break;
      next = mid;
    }
    tau = next;
  }
  return tau;
}
