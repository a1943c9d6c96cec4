/**
 * Symmetric eigendecomposition (the `numpy.linalg.eigh` / `jnp.linalg.eigh` contract):
 * A = B diag(λ) Bᵀ with λ ascending and the columns of B orthonormal eigenvectors.
 *
 * Algorithm: Householder reduction to tridiagonal form followed by the implicit QL method with
 * Wilkinson-type shifts (EISPACK `tred2` + `tql2`; Martin, Reinsch & Wilkinson, Numer. Math. 11
 * (1968) and Bowdler et al., Numer. Math. 11 (1968); Golub & Van Loan, Matrix Computations, 4th
 * ed., §8.3). Reformulated for row-major typed arrays so that every O(n³) loop runs over
 * contiguous memory:
 * 1. The reduction eliminates row i (i = n−1 … 1) with a reflector H_i = I − u uᵀ/h built from
 *    row i's first i entries, updating only the lower triangle (T = Qᵀ A Q).
 * 2. P = Qᵀ = H_1 H_2 ⋯ H_{n−1} is formed from the left-most (smallest) reflector outwards,
 *    so step j only touches the leading (j+1)×(j+1) block (4/3 n³ flops).
 * 3. QL records every plane rotation (c, s) acting on rows (i, i+1); the recorded sequence is
 *    then applied to P in column panels of {@link ROTATION_PANEL} entries, so one panel of all
 *    n rows stays in cache while millions of rotations stream past. Each entry sees exactly the
 *    same operations in the same order as with immediate application (bitwise identical).
 *    The rows of the result are the eigenvectors; B is its transpose.
 *
 * @module
 */

/** Width (entries) of the column panels the recorded QL rotations are applied to. */
export const ROTATION_PANEL = 48;

/** Result of {@link eigh}. */
export interface Eigh {
  /** Eigenvalues, ascending. */
  readonly values: Float64Array;
  /** n×n row-major; column j is the unit eigenvector of `values[j]`. */
  readonly vectors: Float64Array;
}

/** Wall time of the phases of the last {@link eighInto} call (milliseconds). */
export interface EighTimings {
  readonly tridiagonalMs: number;
  readonly formQMs: number;
  readonly qlMs: number;
  readonly rotateMs: number;
}
let lastTimings: EighTimings = { tridiagonalMs: 0, formQMs: 0, qlMs: 0, rotateMs: 0 };
let rotateMs = 0;

/**
 * Phase timings of the most recent {@link eighInto} call on this thread (for benchmarks).
 *
 * @example
 * ```ts
 * import { eigh, eighTimings } from "@neuroplastic/evolution";
 * eigh(Float64Array.of(1, 0, 0, 2), 2);
 * console.log(eighTimings().rotateMs >= 0);
 * ```
 */
export function eighTimings(): EighTimings {
  return lastTimings;
}

/** Reusable scratch for {@link eighInto} (grown on demand; one per thread). */
interface Scratch {
  a: Float64Array;
  p: Float64Array;
  rows: Float64Array;
  rot: Float64Array;
  rotIdx: Int32Array;
}
const scratch: Scratch = {
  a: new Float64Array(0),
  p: new Float64Array(0),
  rows: new Float64Array(0),
  rot: new Float64Array(0),
  rotIdx: new Int32Array(0),
};

/**
 * Eigendecomposition of a symmetric n×n matrix `a` (row-major; only the lower triangle is
 * read). Writes ascending eigenvalues into `values` (length n) and the eigenvectors as the
 * columns of `vectors` (n×n row-major). `a` is not modified. Returns the number of QL
 * iterations (for diagnostics). Throws `RangeError` on bad sizes or non-convergence
 * (more than 60 iterations for one eigenvalue, which needs non-finite input in practice).
 *
 * @example
 * ```ts
 * import { eighInto } from "@neuroplastic/evolution";
 * const values = new Float64Array(2), vectors = new Float64Array(4);
 * eighInto(Float64Array.of(2, 1, 1, 2), 2, values, vectors);
 * console.log(Array.from(values)); // [1, 3] (up to rounding)
 * ```
 */
export function eighInto(
  a: Float64Array,
  n: number,
  values: Float64Array,
  vectors: Float64Array,
): number {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`eigh: n must be ≥ 1, got ${n}`);
  if (a.length < n * n || vectors.length < n * n || values.length < n) {
    throw new RangeError(`eigh: buffers too short for n = ${n}`);
  }
  for (let i = 0; i < n * n; i++) {
    if (!Number.isFinite(a[i])) throw new RangeError(`eigh: non-finite entry at ${i}`);
  }
  if (scratch.a.length < n * n) {
    scratch.a = new Float64Array(n * n);
    scratch.rows = new Float64Array(n * n);
  }
  if (scratch.p.length < 4 * n) scratch.p = new Float64Array(4 * n);
  const w = scratch.a; // lower triangle work copy; row i later holds reflector u_i
  const P = scratch.rows; // Qᵀ, then the eigenvectors as rows
  w.set(a.subarray(0, n * n));
  const d = scratch.p.subarray(0, n);
  const e = scratch.p.subarray(n, 2 * n);
  const hs = scratch.p.subarray(2 * n, 3 * n);
  const pv = scratch.p.subarray(3 * n, 4 * n);
  const t0 = performance.now();
  tridiagonalize(w, n, d, e, hs, pv);
  const t1 = performance.now();
  formQt(w, n, hs, P, pv);
  const t2 = performance.now();
  rotateMs = 0;
  const iters = tridiagonalQl(d, e, n, P);
  const t3 = performance.now();
  lastTimings = {
    tridiagonalMs: t1 - t0,
    formQMs: t2 - t1,
    qlMs: t3 - t2 - rotateMs,
    rotateMs,
  };
  // Sort ascending (selection sort on values; O(n²) swaps of rows are avoided by an index sort).
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => d[x] - d[y] || x - y);
  for (let j = 0; j < n; j++) {
    const src = order[j];
    values[j] = d[src];
    const row = src * n;
    for (let i = 0; i < n; i++) vectors[i * n + j] = P[row + i];
  }
  return iters;
}

/**
 * Allocating wrapper of {@link eighInto}.
 *
 * @example
 * ```ts
 * import { eigh } from "@neuroplastic/evolution";
 * const { values, vectors } = eigh(Float64Array.of(4, 0, 0, 1), 2);
 * console.log(Array.from(values), Array.from(vectors)); // [1, 4] [0, 1, 1, 0] (signs may vary)
 * ```
 */
export function eigh(a: Float64Array, n: number): Eigh {
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  eighInto(a, n, values, vectors);
  return { values, vectors };
}

/**
 * Householder tridiagonalisation of the lower triangle of `w` (in place).
 * On exit d = diagonal of T, e[i] = T[i][i−1] (e[0] = 0), row i of `w` (entries 0..i−1) holds
 * u_i and hs[i] = h_i (0 when no reflection was needed), H_i = I − u_i u_iᵀ / h_i.
 * Equations (tred2, Martin–Reinsch–Wilkinson 1968): σ = ‖x‖², g = −sign(x_l)√σ,
 * h = σ − x_l g, u = x − g e_l, p = A u / h, K = uᵀp / 2h, q = p − K u, A ← A − u qᵀ − q uᵀ.
 */
function tridiagonalize(
  w: Float64Array,
  n: number,
  d: Float64Array,
  e: Float64Array,
  hs: Float64Array,
  p: Float64Array,
): void {
  for (let i = n - 1; i >= 1; i--) {
    const l = i - 1;
    const ri = i * n;
    let scale = 0;
    for (let k = 0; k <= l; k++) scale += Math.abs(w[ri + k]);
    if (l === 0 || scale === 0) {
      e[i] = w[ri + l];
      hs[i] = 0;
      continue;
    }
    const inv = 1 / scale;
    let sigma = 0;
    for (let k = 0; k <= l; k++) {
      const v = w[ri + k] * inv;
      w[ri + k] = v;
      sigma += v * v;
    }
    const f = w[ri + l];
    const g = f >= 0 ? -Math.sqrt(sigma) : Math.sqrt(sigma);
    e[i] = scale * g;
    const h = sigma - f * g;
    w[ri + l] = f - g;
    hs[i] = h;
    // p = A[0..l][0..l] u (symmetric, lower triangle rows): both updates run along row j.
    for (let j = 0; j <= l; j++) p[j] = 0;
    for (let j = 0; j <= l; j++) {
      const rj = j * n;
      const uj = w[ri + j];
      let acc = 0;
      for (let k = 0; k < j; k++) {
        const ajk = w[rj + k];
        acc += ajk * w[ri + k];
        p[k] += ajk * uj;
      }
      p[j] += acc + w[rj + j] * uj;
    }
    const invh = 1 / h;
    let kk = 0;
    for (let j = 0; j <= l; j++) {
      p[j] *= invh;
      kk += w[ri + j] * p[j];
    }
    const half = kk * invh * 0.5;
    for (let j = 0; j <= l; j++) p[j] -= half * w[ri + j];
    // A ← A − u qᵀ − q uᵀ on the lower triangle.
    for (let j = 0; j <= l; j++) {
      const rj = j * n;
      const uj = w[ri + j];
      const qj = p[j];
      for (let k = 0; k <= j; k++) w[rj + k] -= uj * p[k] + qj * w[ri + k];
    }
  }
  for (let i = 0; i < n; i++) d[i] = w[i * n + i];
  e[0] = 0;
  hs[0] = 0;
}

/**
 * P = Qᵀ = H_1 H_2 ⋯ H_{n−1}, built as M ← M H_j for j = 1 … n−1 starting from I: before step j
 * only the leading j×j block of M differs from I, so M H_j touches rows/columns 0..j only.
 * M H = M − (M u)(uᵀ/h), one dot and one axpy per row, both contiguous.
 */
function formQt(w: Float64Array, n: number, hs: Float64Array, P: Float64Array, t: Float64Array): void {
  P.fill(0, 0, n * n);
  for (let i = 0; i < n; i++) P[i * n + i] = 1;
  for (let j = 1; j < n; j++) {
    const h = hs[j];
    if (h === 0) continue;
    const rj = j * n; // u_j = w[rj + 0 .. rj + j − 1]
    const invh = 1 / h;
    for (let r = 0; r < j; r++) {
      const rr = r * n;
      let dot = 0;
      for (let k = 0; k < j; k++) dot += P[rr + k] * w[rj + k];
      t[r] = dot * invh;
    }
    for (let r = 0; r < j; r++) {
      const rr = r * n;
      const c = t[r];
      if (c === 0) continue;
      for (let k = 0; k < j; k++) P[rr + k] -= c * w[rj + k];
    }
  }
}

/**
 * Implicit QL on the tridiagonal (d, e) (EISPACK tql2), applying the plane rotations to the rows
 * of P. On exit d holds the eigenvalues (unsorted) and row k of P the eigenvector of d[k].
 * Returns the total number of QL iterations.
 */
function tridiagonalQl(d: Float64Array, e: Float64Array, n: number, P: Float64Array): number {
  for (let i = 1; i < n; i++) e[i - 1] = e[i];
  e[n - 1] = 0;
  let f = 0;
  let tst1 = 0;
  const eps = 2 ** -52;
  let iterations = 0;
  // Rotation log: (c, s) pairs and the row index i of each rotation, applied in panels.
  let nrot = 0;
  const flush = (): void => {
    const t0 = performance.now();
    applyRotations(P, n, scratch.rot, scratch.rotIdx, nrot);
    rotateMs += performance.now() - t0;
    nrot = 0;
  };
  const cap = Math.max(1024, Math.min(1 << 22, 2 * n * n));
  if (scratch.rotIdx.length < cap) {
    scratch.rot = new Float64Array(2 * cap);
    scratch.rotIdx = new Int32Array(cap);
  }
  const rot = scratch.rot, rotIdx = scratch.rotIdx;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
    let m = l;
    while (m < n) {
      if (Math.abs(e[m]) <= eps * tst1) break;
      m++;
    }
    if (m > l) {
      let iter = 0;
      do {
        if (++iter > 60) throw new RangeError("eigh: QL did not converge");
        iterations++;
        if (nrot + n > rotIdx.length) flush();
        // Shift from the leading 2×2 block (tql2).
        let g = d[l];
        let p = (d[l + 1] - g) / (2 * e[l]);
        let r = Math.hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l] / (p + r);
        d[l + 1] = e[l] * (p + r);
        const dl1 = d[l + 1];
        let h = g - d[l];
        for (let i = l + 2; i < n; i++) d[i] -= h;
        f += h;
        // Implicit QL sweep from m−1 down to l.
        p = d[m];
        let c = 1, c2 = 1, c3 = 1;
        const el1 = e[l + 1];
        let s = 0, s2 = 0;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i];
          h = c * p;
          r = Math.hypot(p, e[i]);
          e[i + 1] = s * r;
          s = e[i] / r;
          c = p / r;
          p = c * d[i] - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]);
          rot[2 * nrot] = c;
          rot[2 * nrot + 1] = s;
          rotIdx[nrot++] = i;
        }
        p = -s * s2 * c3 * el1 * e[l] / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l]) > eps * tst1);
    }
    d[l] = d[l] + f;
    e[l] = 0;
  }
  flush();
  return iterations;
}

/**
 * Applies `count` logged rotations to the rows of P, panel by panel:
 * row_{i+1} ← s·row_i + c·row_{i+1}, row_i ← c·row_i − s·row_{i+1} (old values on the right).
 */
function applyRotations(
  P: Float64Array,
  n: number,
  rot: Float64Array,
  rotIdx: Int32Array,
  count: number,
): void {
  for (let c0 = 0; c0 < n; c0 += ROTATION_PANEL) {
    const c1 = Math.min(n, c0 + ROTATION_PANEL);
    for (let q = 0; q < count; q++) {
      const c = rot[2 * q], s = rot[2 * q + 1];
      const a0 = rotIdx[q] * n;
      const b0 = a0 + n;
      for (let k = c0; k < c1; k++) {
        const x = P[a0 + k];
        const y = P[b0 + k];
        P[b0 + k] = s * x + c * y;
        P[a0 + k] = c * x - s * y;
      }
    }
  }
}
