/**
 * Symmetric eigendecomposition (the `numpy.linalg.eigh` / `jnp.linalg.eigh` contract):
 * A = B diag(λ) Bᵀ with λ ascending and the columns of B orthonormal eigenvectors.
 *
 * Algorithm: Householder reduction to tridiagonal form, then (n > {@link DC_MIN}) divide and
 * conquer on the tridiagonal (`eigh_dc.ts`) and one GEMM back-transformation, or (small n) the
 * implicit QL method with Wilkinson-type shifts (EISPACK `tred2` + `tql2`; Martin, Reinsch &
 * Wilkinson, Numer. Math. 11 (1968) and Bowdler et al., Numer. Math. 11 (1968); Golub & Van Loan,
 * Matrix Computations, 4th ed., §8.3). Reformulated for row-major typed arrays so that every
 * O(n³) loop runs over contiguous memory:
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

import { matmulInto } from "@neuroplastic/core/tensor";
import { tridiagonalDc } from "./eigh_dc.ts";

/** Above this size the tridiagonal problem is solved by divide and conquer (`eigh_dc.ts`). */
export const DC_MIN = 256;

/**
 * Width (entries) of the column panels the recorded QL rotations are applied to.
 *
 * @example
 * ```ts
 * import { ROTATION_PANEL } from "@neuroplastic/evolution";
 * console.log(Math.ceil(200 / ROTATION_PANEL)); // 4 panels for n = 200
 * ```
 */
export const ROTATION_PANEL = 64;

/** Result of {@link eigh}. */
export interface Eigh {
  /** Eigenvalues, ascending. */
  readonly values: Float64Array;
  /** n×n row-major; column j is the unit eigenvector of `values[j]`. */
  readonly vectors: Float64Array;
}

/** Wall time of the phases of the last {@link eighInto} call (milliseconds). */
export interface EighTimings {
  /** "ql" or "divide-and-conquer". */
  readonly method: string;
  /** Householder reduction. */
  readonly tridiagonalMs: number;
  /** Forming Qᵀ. */
  readonly formQMs: number;
  /** QL iterations without applying rotations, or the whole divide and conquer. */
  readonly qlMs: number;
  /** QL: applying the logged rotations; divide and conquer: the back-transformation Qᵀ·Z. */
  readonly rotateMs: number;
}
let lastTimings: EighTimings = {
  method: "ql",
  tridiagonalMs: 0,
  formQMs: 0,
  qlMs: 0,
  rotateMs: 0,
};
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
 * columns of `vectors` (n×n row-major). `a` is not modified. `method`: "auto" (default: divide
 * and conquer above n = {@link DC_MIN}, QL below), or force "ql" / "dc". Returns the number of QL
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
  method: "auto" | "ql" | "dc" = "auto",
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
  let iters = 0;
  if (method === "dc" ? n > 1 : method === "auto" && n > DC_MIN) {
    // divide and conquer on T, then eigenvectors of A = Q Z = Pᵀ Z
    const off = new Float64Array(n - 1);
    for (let i = 0; i < n - 1; i++) off[i] = e[i + 1];
    const sol = tridiagonalDc(d, off, n, leafQl);
    const t3 = performance.now();
    const bz = new Float64Array(n * n);
    matmulInto(bz, P, sol.Q, n, n, n, { transA: true });
    const order = Array.from({ length: n }, (_, i) => i).sort((x, y) =>
      sol.lam[x] - sol.lam[y] || x - y
    );
    for (let j = 0; j < n; j++) {
      const src = order[j];
      values[j] = sol.lam[src];
      for (let i = 0; i < n; i++) vectors[i * n + j] = bz[i * n + src];
    }
    const t4 = performance.now();
    lastTimings = {
      method: "divide-and-conquer",
      tridiagonalMs: t1 - t0,
      formQMs: t2 - t1,
      qlMs: t3 - t2,
      rotateMs: t4 - t3,
    };
    return 0;
  }
  iters = tridiagonalQl(d, e, n, P);
  const t3 = performance.now();
  lastTimings = {
    method: "ql",
    tridiagonalMs: t1 - t0,
    formQMs: t2 - t1,
    qlMs: t3 - t2 - rotateMs,
    rotateMs,
  };
  // Sort ascending (index sort; rows of P are the eigenvectors).
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
 * The rank-2 update of step i and the product A u of step i−1 share one pass over the
 * triangle (row i−1 is updated first, since u_{i−1} is built from it).
 */
function tridiagonalize(
  w: Float64Array,
  n: number,
  d: Float64Array,
  e: Float64Array,
  hs: Float64Array,
  p: Float64Array,
): void {
  if (n > 1) {
    const h = reflector(w, n, n - 1, e);
    hs[n - 1] = h;
    if (h !== 0) symv(w, n, n - 1, p);
  }
  for (let i = n - 1; i >= 1; i--) {
    const l = i - 1;
    const ri = i * n;
    const h = hs[i];
    if (h !== 0) {
      // q = p/h − (uᵀp / 2h²) u  (p holds A u)
      const invh = 1 / h;
      let kk = 0;
      for (let j = 0; j <= l; j++) {
        p[j] *= invh;
        kk += w[ri + j] * p[j];
      }
      const half = kk * invh * 0.5;
      for (let j = 0; j <= l; j++) p[j] -= half * w[ri + j];
      // row l first (u_{l} is built from its updated entries)
      const rl = l * n, ul = w[ri + l], ql = p[l];
      for (let k = 0; k <= l; k++) w[rl + k] -= ul * p[k] + ql * w[ri + k];
    }
    if (l < 1) break;
    const hn = reflector(w, n, l, e);
    hs[l] = hn;
    if (h !== 0 && hn !== 0) fusedUpdateSymv(w, n, i, l, p);
    else if (h !== 0) rank2(w, n, i, l, p);
    else if (hn !== 0) symv(w, n, l, p);
  }
  for (let i = 0; i < n; i++) d[i] = w[i * n + i];
  e[0] = 0;
  hs[0] = 0;
}

/** Builds the reflector of row i in place (u_i in w[i][0..i−1]); sets e[i]; returns h (0: none). */
function reflector(w: Float64Array, n: number, i: number, e: Float64Array): number {
  const l = i - 1;
  const ri = i * n;
  let scale = 0;
  for (let k = 0; k <= l; k++) scale += Math.abs(w[ri + k]);
  if (l === 0 || scale === 0) {
    e[i] = w[ri + l];
    return 0;
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
  w[ri + l] = f - g;
  return sigma - f * g;
}

/** p[0..i−1] = A[0..i−1][0..i−1] u_i (lower-triangle rows; both updates run along row j). */
function symv(w: Float64Array, n: number, i: number, p: Float64Array): void {
  const ri = i * n, l = i - 1;
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
}

/** A[0..l−1] −= u_i qᵀ + q u_iᵀ (lower triangle), with q in p (row l was done separately). */
function rank2(w: Float64Array, n: number, i: number, l: number, p: Float64Array): void {
  const ri = i * n;
  for (let j = 0; j < l; j++) {
    const rj = j * n;
    const uj = w[ri + j];
    const qj = p[j];
    for (let k = 0; k <= j; k++) w[rj + k] -= uj * p[k] + qj * w[ri + k];
  }
}

/**
 * One pass over rows 0..l−1: the rank-2 update of step i (u_i, q in `p`), then, with the updated
 * entries, p' = A u_l for step l (written into `p` after q is consumed). Rows are processed in
 * pairs so that u_i, q, u_l and p' are loaded once per pair.
 */
function fusedUpdateSymv(w: Float64Array, n: number, i: number, l: number, p: Float64Array): void {
  const ri = i * n, rl = l * n;
  const pn = scratchP(n);
  for (let j = 0; j < l; j++) pn[j] = 0;
  let j = 0;
  for (; j + 1 < l; j += 2) {
    const rj = j * n, rj1 = rj + n;
    const uj = w[ri + j], qj = p[j], vj = w[rl + j];
    const uj1 = w[ri + j + 1], qj1 = p[j + 1], vj1 = w[rl + j + 1];
    let acc = 0, acc1 = 0;
    for (let k = 0; k < j; k++) {
      const pk = p[k], uk = w[ri + k], vk = w[rl + k];
      const a = w[rj + k] - (uj * pk + qj * uk);
      const b = w[rj1 + k] - (uj1 * pk + qj1 * uk);
      w[rj + k] = a;
      w[rj1 + k] = b;
      acc += a * vk;
      acc1 += b * vk;
      pn[k] += a * vj + b * vj1;
    }
    // column j: the diagonal of row j and entry (j + 1, j); then the diagonal of row j + 1
    const ajj = w[rj + j] - (uj * p[j] + qj * w[ri + j]);
    w[rj + j] = ajj;
    const b = w[rj1 + j] - (uj1 * p[j] + qj1 * w[ri + j]);
    w[rj1 + j] = b;
    acc1 += b * vj;
    pn[j] += acc + ajj * vj + b * vj1;
    const bjj = w[rj1 + j + 1] - (uj1 * p[j + 1] + qj1 * w[ri + j + 1]);
    w[rj1 + j + 1] = bjj;
    pn[j + 1] += acc1 + bjj * vj1;
  }
  for (; j < l; j++) {
    const rj = j * n;
    const uj = w[ri + j], qj = p[j], vj = w[rl + j];
    let acc = 0;
    for (let k = 0; k < j; k++) {
      const a = w[rj + k] - (uj * p[k] + qj * w[ri + k]);
      w[rj + k] = a;
      acc += a * w[rl + k];
      pn[k] += a * vj;
    }
    const ajj = w[rj + j] - (uj * p[j] + qj * w[ri + j]);
    w[rj + j] = ajj;
    pn[j] += acc + ajj * vj;
  }
  for (let jj = 0; jj < l; jj++) p[jj] = pn[jj];
}

let pScratch = new Float64Array(0);
const scratchP = (n: number): Float64Array => {
  if (pScratch.length < n) pScratch = new Float64Array(n);
  return pScratch;
};

/** Reflectors per block in {@link formQt} (compact WY + GEMM); smaller n uses plain loops. */
export const WY_BLOCK = 64;

/**
 * P = Qᵀ = H_1 H_2 ⋯ H_{n−1}, built as M ← M H_j for j = 1 … n−1 starting from I: before step j
 * only the leading j×j block of M differs from I, so M H_j touches rows/columns 0..j−1 only.
 * For n > 2·WY_BLOCK the reflectors are applied WY_BLOCK at a time in compact WY form
 * (Schreiber & Van Loan 1989; LAPACK `dlarft`, forward, columnwise):
 * H_a ⋯ H_{b−1} = I − V T Vᵀ, T upper triangular with T_ii = τ_i = 1/h_i and
 * T_{0:i, i} = −τ_i T_{0:i, 0:i} (V_{:, 0:i}ᵀ v_i); then M ← M − ((M V) T) Vᵀ with the blocked
 * GEMM of `@neuroplastic/core/tensor`. Otherwise M H = M − (M u)(uᵀ/h), one dot and one axpy per
 * row.
 */
function formQt(
  w: Float64Array,
  n: number,
  hs: Float64Array,
  P: Float64Array,
  t: Float64Array,
): void {
  P.fill(0, 0, n * n);
  for (let i = 0; i < n; i++) P[i * n + i] = 1;
  if (n > 2 * WY_BLOCK) {
    formQtBlocked(w, n, hs, P);
    return;
  }
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

const wy = {
  V: new Float64Array(0),
  T: new Float64Array(0),
  Mb: new Float64Array(0),
  W: new Float64Array(0),
  W2: new Float64Array(0),
};

function formQtBlocked(w: Float64Array, n: number, hs: Float64Array, P: Float64Array): void {
  const nb = WY_BLOCK;
  if (wy.V.length < n * nb) {
    wy.V = new Float64Array(n * nb);
    wy.W = new Float64Array(n * nb);
    wy.W2 = new Float64Array(n * nb);
    wy.T = new Float64Array(nb * nb);
  }
  if (wy.Mb.length < n * n) wy.Mb = new Float64Array(n * n);
  const { V, T, Mb, W, W2 } = wy;
  const z = new Float64Array(nb);
  for (let a = 1; a < n; a += nb) {
    const b = Math.min(n, a + nb);
    const cnt = b - a;
    const m = b - 1; // rows/columns 0..m−1 are touched
    // V (m × cnt, row-major): column i is u_{a+i} (zero below its support)
    V.fill(0, 0, m * cnt);
    for (let i = 0; i < cnt; i++) {
      const j = a + i;
      if (hs[j] === 0) continue;
      const rj = j * n;
      for (let r = 0; r < j; r++) V[r * cnt + i] = w[rj + r];
    }
    // T (cnt × cnt upper triangular)
    T.fill(0, 0, cnt * cnt);
    for (let i = 0; i < cnt; i++) {
      const tau = hs[a + i] === 0 ? 0 : 1 / hs[a + i];
      T[i * cnt + i] = tau;
      if (tau === 0 || i === 0) continue;
      // z = V[:, 0:i]ᵀ v_i
      for (let c = 0; c < i; c++) z[c] = 0;
      for (let r = 0; r < m; r++) {
        const vi = V[r * cnt + i];
        if (vi === 0) continue;
        const row = r * cnt;
        for (let c = 0; c < i; c++) z[c] += V[row + c] * vi;
      }
      // T[0:i, i] = −τ T[0:i, 0:i] z
      for (let r = 0; r < i; r++) {
        let acc = 0;
        for (let c = r; c < i; c++) acc += T[r * cnt + c] * z[c];
        T[r * cnt + i] = -tau * acc;
      }
    }
    // Mb = M[0:m, 0:m]
    for (let r = 0; r < m; r++) Mb.set(P.subarray(r * n, r * n + m), r * m);
    // W = Mb V (m × cnt); W2 = −(W T); Mb += W2 Vᵀ
    matmulInto(W, Mb, V, m, m, cnt);
    matmulInto(W2, W, T, m, cnt, cnt);
    for (let i = 0; i < m * cnt; i++) W2[i] = -W2[i];
    matmulInto(Mb, W2, V, m, cnt, m, { transB: true, accumulate: true });
    for (let r = 0; r < m; r++) P.set(Mb.subarray(r * m, r * m + m), r * n);
  }
}

/** QL with eigenvectors on a small tridiagonal (off[i] couples i, i+1): the D&C leaves. */
function leafQl(
  d: Float64Array,
  off: Float64Array,
  m: number,
): { lam: Float64Array; Q: Float64Array } {
  const dd = d.slice(0, m);
  const e = new Float64Array(m);
  for (let i = 1; i < m; i++) e[i] = off[i - 1];
  const P = new Float64Array(m * m);
  for (let i = 0; i < m; i++) P[i * m + i] = 1;
  tridiagonalQl(dd, e, m, P);
  const Q = new Float64Array(m * m);
  for (let r = 0; r < m; r++) for (let c = 0; c < m; c++) Q[c * m + r] = P[r * m + c];
  return { lam: dd, Q };
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
 * Runs of four (or two) rotations on consecutive rows i, i−1, … (the usual QL sweep order) are
 * fused so each entry is loaded and stored once per run; every entry sees the same operations in
 * the same order as with one rotation at a time.
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
    let q = 0;
    while (q < count) {
      const i = rotIdx[q];
      if (
        q + 3 < count && rotIdx[q + 1] === i - 1 && rotIdx[q + 2] === i - 2 &&
        rotIdx[q + 3] === i - 3
      ) {
        rotate4(P, n, rot, q, i, c0, c1);
        q += 4;
      } else if (q + 1 < count && rotIdx[q + 1] === i - 1) {
        rotate2(P, n, rot, q, i, c0, c1);
        q += 2;
      } else {
        const c = rot[2 * q], s = rot[2 * q + 1];
        const a0 = i * n, b0 = a0 + n;
        for (let k = c0; k < c1; k++) {
          const x = P[a0 + k];
          const y = P[b0 + k];
          P[b0 + k] = s * x + c * y;
          P[a0 + k] = c * x - s * y;
        }
        q++;
      }
    }
  }
}

function rotate2(
  P: Float64Array,
  n: number,
  rot: Float64Array,
  q: number,
  i: number,
  c0: number,
  c1: number,
): void {
  const ca = rot[2 * q], sa = rot[2 * q + 1], cb = rot[2 * q + 2], sb = rot[2 * q + 3];
  const r1 = (i + 1) * n, r0 = i * n, rm1 = r0 - n;
  for (let k = c0; k < c1; k++) {
    const y = P[r1 + k], x = P[r0 + k], z = P[rm1 + k];
    P[r1 + k] = sa * x + ca * y;
    const t = ca * x - sa * y;
    P[r0 + k] = sb * z + cb * t;
    P[rm1 + k] = cb * z - sb * t;
  }
}

function rotate4(
  P: Float64Array,
  n: number,
  rot: Float64Array,
  q: number,
  i: number,
  c0: number,
  c1: number,
): void {
  const ca = rot[2 * q], sa = rot[2 * q + 1], cb = rot[2 * q + 2], sb = rot[2 * q + 3];
  const cc = rot[2 * q + 4], sc = rot[2 * q + 5], cd = rot[2 * q + 6], sd = rot[2 * q + 7];
  const r1 = (i + 1) * n, r0 = i * n, rm1 = r0 - n, rm2 = rm1 - n, rm3 = rm2 - n;
  for (let k = c0; k < c1; k++) {
    const y = P[r1 + k], x = P[r0 + k];
    P[r1 + k] = sa * x + ca * y;
    let t = ca * x - sa * y;
    let z = P[rm1 + k];
    P[r0 + k] = sb * z + cb * t;
    t = cb * z - sb * t;
    z = P[rm2 + k];
    P[rm1 + k] = sc * z + cc * t;
    t = cc * z - sc * t;
    z = P[rm3 + k];
    P[rm2 + k] = sd * z + cd * t;
    P[rm3 + k] = cd * z - sd * t;
  }
}
