/**
 * RSGN geometry kernels (GPU and CPU): pairwise Poincaré distances with the reference's
 * eps quirks, and the distance-based connectivity matrix.
 *
 * Formulas (spec rsgn.md §1.1 and §1.3; reference `src/hyperbolic.py`, `src/model.py`,
 * eps = 1e-5, curvature 1):
 * ```
 * d(x, y) = acosh( max( 1 + 2‖x−y‖² / ((1−‖x‖²)(1−‖y‖²) + eps), 1 + eps ) )       d(x, x) = 0.0044721
 * proj(x) = x · maxNorm / (‖x‖ + eps)  if ‖x‖ ≥ 1,  else x  (unchanged)           maxNorm = 0.95
 * W_ij = σ(U Vᵀ)_ij · exp(−d(P_i, P_j)/τ) · softplus(ℓ_i − ℓ_j + 1) · (1 − δ_ij),  P = proj(P_raw)
 * ```
 * softplus follows torch (β = 1, threshold 20: x itself above 20).
 *
 * f32 evaluation on the GPU: with z = max(2‖x−y‖²/den, eps), acosh(1 + z) is computed as
 * log1p(z + √(z(z + 2))) (never forming 1 + z, which would lose ~log₂(1/z) bits near the
 * diagonal), log1p by its atanh series for z < 1. The CPU versions use f64.
 *
 * @module
 */
import type { Backend, GpuContext, Staging } from "@neuroplastic/gpu";
import {
  createStaging,
  destroyStaging,
  pipelineFor,
  readRegions,
  storageBuffer,
  uniformBuffer,
  upload,
  usesGpu,
  workOf,
} from "@neuroplastic/gpu";

/** The reference's eps (src/hyperbolic.py). */
export const RSGN_EPS = 1e-5;
/** Projection radius of the node positions (RSGNetwork: proj(P_raw, max_norm = 0.95)). */
export const RSGN_MAX_NORM = 0.95;

/**
 * RSGN distance of two points given ‖x−y‖², ‖x‖², ‖y‖² (f64).
 *
 * @example
 * ```ts
 * import { rsgnDistanceFromNorms } from "@neuroplastic/engines/rsgn";
 * console.log(rsgnDistanceFromNorms(0, 0.25, 0.25).toFixed(7)); // 0.0044721
 * ```
 */
export const rsgnDistanceFromNorms = (
  sq: number,
  nx: number,
  ny: number,
  eps: number = RSGN_EPS,
): number => {
  // d = acosh(max(1 + 2 sq / ((1 − nx)(1 − ny) + eps), 1 + eps)) (rsgn.md §1.1)
  const z = Math.max((2 * sq) / ((1 - nx) * (1 - ny) + eps), eps);
  return Math.log1p(z + Math.sqrt(z * (z + 2)));
};

/**
 * Pairwise RSGN distances on the CPU (f64): `out[b, i, j] = d(x[b, i], y[b, j])`, with x
 * B×n×D and y B×m×D row-major. Returns `out` (allocated when omitted).
 *
 * @example
 * ```ts
 * import { poincarePairwiseCpu } from "@neuroplastic/engines/rsgn";
 * const d = poincarePairwiseCpu([0, 0, 0.5, 0], [0, 0], 1, 2, 1, 2);
 * console.log(d[1].toFixed(4)); // 1.0986 (= 2 atanh 0.5, plus the eps quirk)
 * ```
 */
export const poincarePairwiseCpu = (
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  batch: number,
  n: number,
  m: number,
  dim: number,
  out: Float64Array | Float32Array = new Float64Array(batch * n * m),
  eps: number = RSGN_EPS,
): Float64Array | Float32Array => {
  if (x.length !== batch * n * dim || y.length !== batch * m * dim || out.length < batch * n * m) {
    throw new RangeError(
      `poincarePairwise: x needs ${batch}×${n}×${dim}, y ${batch}×${m}×${dim} values`,
    );
  }
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < n; i++) {
      const xo = (b * n + i) * dim;
      let nx = 0;
      for (let d = 0; d < dim; d++) nx += x[xo + d] * x[xo + d];
      for (let j = 0; j < m; j++) {
        const yo = (b * m + j) * dim;
        let ny = 0, sq = 0;
        for (let d = 0; d < dim; d++) {
          ny += y[yo + d] * y[yo + d];
          sq += (x[xo + d] - y[yo + d]) ** 2;
        }
        out[(b * n + i) * m + j] = rsgnDistanceFromNorms(sq, nx, ny, eps);
      }
    }
  }
  return out;
};

/**
 * The reference projection of N×D rows (f64): rows with ‖x‖ ≥ 1 become
 * x · maxNorm/(‖x‖ + eps); the others are unchanged.
 *
 * @example
 * ```ts
 * import { rsgnProjectRows } from "@neuroplastic/engines/rsgn";
 * console.log(rsgnProjectRows([0.96, 0, 2, 0], 2, 2)); // [0.96, 0, 0.94999…, 0]
 * ```
 */
export const rsgnProjectRows = (
  x: ArrayLike<number>,
  n: number,
  dim: number,
  maxNorm: number = RSGN_MAX_NORM,
  eps: number = RSGN_EPS,
): Float64Array => {
  const out = Float64Array.from(x);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let d = 0; d < dim; d++) s += out[i * dim + d] ** 2;
    const norm = Math.sqrt(s);
    if (norm >= 1) {
      for (let d = 0; d < dim; d++) out[i * dim + d] = (out[i * dim + d] * maxNorm) / (norm + eps);
    }
  }
  return out;
};

/** torch softplus with β = 1, threshold 20. */
const softplus = (v: number): number => (v > 20 ? v : Math.log1p(Math.exp(v)));

/**
 * Inputs of the connectivity: raw positions N×D, affinity factors U and V (N×r each),
 * levels (N), temperature τ.
 *
 * @example
 * ```ts
 * import type { RsgnConnectivityInput } from "@neuroplastic/engines/rsgn";
 * const tiny: RsgnConnectivityInput = {
 *   n: 2, dim: 1, rank: 1, positions: [0, 0.5], u: [0, 0], v: [0, 0], levels: [0, 1], tau: 1,
 * };
 * ```
 */
export interface RsgnConnectivityInput {
  /** Nodes N. */
  readonly n: number;
  /** Space dimension D_s (3). */
  readonly dim: number;
  /** Affinity rank r (32). */
  readonly rank: number;
  /** Raw positions P_raw (N×D), projected inside. */
  readonly positions: ArrayLike<number>;
  /** U (N×r). */
  readonly u: ArrayLike<number>;
  /** V (N×r). */
  readonly v: ArrayLike<number>;
  /** Levels ℓ (N). */
  readonly levels: ArrayLike<number>;
  /** Distance temperature τ (1.0). */
  readonly tau: number;
  /** Projection radius (default 0.95). */
  readonly maxNorm?: number;
}

/**
 * Connectivity W (N×N) and the distances (N×N).
 *
 * @example
 * ```ts
 * import type { RsgnConnectivity } from "@neuroplastic/engines/rsgn";
 * const density = (c: RsgnConnectivity): number => c.w.filter((v) => v > 0.01).length / c.w.length;
 * ```
 */
export interface RsgnConnectivity {
  /** W_ij, the weight from i to j's row-major entry (i·N + j). */
  readonly w: Float32Array | Float64Array;
  /** d(P_i, P_j) (empty when not requested on the GPU). */
  readonly dist: Float32Array | Float64Array;
}

const checkConn = (c: RsgnConnectivityInput): void => {
  const { n, dim, rank } = c;
  for (const [f, v] of [["n", n], ["dim", dim], ["rank", rank]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`RSGN: ${f} = ${v} must be ≥ 1`);
  }
  if (
    c.positions.length !== n * dim || c.u.length !== n * rank || c.v.length !== n * rank ||
    c.levels.length !== n
  ) {
    throw new RangeError(`RSGN: positions ${n}×${dim}, u and v ${n}×${rank}, levels ${n} expected`);
  }
  if (!(c.tau > 0)) throw new RangeError(`RSGN: tau = ${c.tau} must be > 0`);
};

/**
 * CPU connectivity (f64): `W = σ(UVᵀ) ⊙ exp(−Dist/τ) ⊙ softplus(ℓ_i − ℓ_j + 1) ⊙ (1 − I)`.
 *
 * @example
 * ```ts
 * import { rsgnConnectivityCpu } from "@neuroplastic/engines/rsgn";
 * const c = rsgnConnectivityCpu({
 *   n: 2, dim: 1, rank: 1, positions: [0, 0.5], u: [0, 0], v: [0, 0], levels: [0, 1], tau: 1,
 * });
 * console.log(c.w[0], c.w[1] > 0); // 0 true
 * ```
 */
export const rsgnConnectivityCpu = (c: RsgnConnectivityInput): RsgnConnectivity => {
  checkConn(c);
  const { n, dim, rank } = c;
  const p = rsgnProjectRows(c.positions, n, dim, c.maxNorm ?? RSGN_MAX_NORM);
  const dist = poincarePairwiseCpu(p, p, 1, n, n, dim);
  const w = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      let a = 0;
      for (let k = 0; k < rank; k++) a += c.u[i * rank + k] * c.v[j * rank + k];
      // σ(UVᵀ) · exp(−d/τ) · softplus(ℓ_i − ℓ_j + 1)   (rsgn.md §1.3)
      w[i * n + j] = (1 / (1 + Math.exp(-a))) * Math.exp(-dist[i * n + j] / c.tau) *
        softplus(c.levels[i] - c.levels[j] + 1);
    }
  }
  return { w, dist };
};

/** WGSL helpers: log1p and the RSGN distance from squared norms, in f32. */
const DIST_WGSL = `
// log1p(u), u ≥ 0. For u < 1: 2·atanh(s) = 2 Σ_k s^(2k+1)/(2k+1), s = u/(2+u) < 1/3, ten terms
// (truncation < (1/9)^10/21 ≈ 1.4e-11 relative); above, 1 + u ≥ 2 where log is accurate.
fn log1pPos(u: f32) -> f32 {
  if (u >= 1.0) { return log(1.0 + u); }
  let s = u / (2.0 + u);
  let s2 = s * s;
  var acc = 1.0 / 19.0;
  for (var k = 8; k >= 0; k = k - 1) { acc = 1.0 / f32(2 * k + 1) + s2 * acc; }
  return 2.0 * s * acc;
}
// acosh(max(1 + 2 sq/((1 − nx)(1 − ny) + eps), 1 + eps)) = log1p(z + sqrt(z (z + 2)))
fn rsgnDist(sq: f32, nx: f32, ny: f32, eps: f32) -> f32 {
  let z = max(2.0 * sq / ((1.0 - nx) * (1.0 - ny) + eps), eps);
  return log1pPos(z + sqrt(z * (z + 2.0)));
}
`;

const PAIRWISE_WGSL = `
struct Params { B: u32, n: u32, m: u32, D: u32, eps: f32, p0: u32, p1: u32, p2: u32 }
@group(0) @binding(0) var<uniform> U: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> y: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;
${DIST_WGSL}
@compute @workgroup_size(8, 8)
fn main(@builtin(global_invocation_id) g: vec3<u32>) {
  let j = g.x; let i = g.y; let b = g.z;
  if (i >= U.n || j >= U.m) { return; }
  let xo = (b * U.n + i) * U.D; let yo = (b * U.m + j) * U.D;
  var nx = 0.0; var ny = 0.0; var sq = 0.0;
  for (var d = 0u; d < U.D; d = d + 1u) {
    let a = x[xo + d]; let c = y[yo + d];
    nx = nx + a * a; ny = ny + c * c; sq = sq + (a - c) * (a - c);
  }
  out[(b * U.n + i) * U.m + j] = rsgnDist(sq, nx, ny, U.eps);
}
`;

const CONN_WGSL = `
struct Params { N: u32, D: u32, R: u32, withDist: u32, eps: f32, tau: f32, maxNorm: f32, p0: u32 }
@group(0) @binding(0) var<uniform> U: Params;
@group(0) @binding(1) var<storage, read> pos: array<f32>;
@group(0) @binding(2) var<storage, read> fu: array<f32>;
@group(0) @binding(3) var<storage, read> fv: array<f32>;
@group(0) @binding(4) var<storage, read> lev: array<f32>;
@group(0) @binding(5) var<storage, read_write> w: array<f32>;
@group(0) @binding(6) var<storage, read_write> dist: array<f32>;
${DIST_WGSL}
// proj: x · maxNorm/(‖x‖ + eps) when ‖x‖ ≥ 1, else x (factor 1).
fn projScale(o: u32) -> f32 {
  var s = 0.0;
  for (var d = 0u; d < U.D; d = d + 1u) { s = s + pos[o + d] * pos[o + d]; }
  let nrm = sqrt(s);
  if (nrm >= 1.0) { return U.maxNorm / (nrm + U.eps); }
  return 1.0;
}
@compute @workgroup_size(8, 8)
fn main(@builtin(global_invocation_id) g: vec3<u32>) {
  let j = g.x; let i = g.y;
  if (i >= U.N || j >= U.N) { return; }
  let xo = i * U.D; let yo = j * U.D;
  let si = projScale(xo); let sj = projScale(yo);
  var nx = 0.0; var ny = 0.0; var sq = 0.0;
  for (var d = 0u; d < U.D; d = d + 1u) {
    let a = pos[xo + d] * si; let c = pos[yo + d] * sj;
    nx = nx + a * a; ny = ny + c * c; sq = sq + (a - c) * (a - c);
  }
  let dij = rsgnDist(sq, nx, ny, U.eps);
  if (U.withDist != 0u) { dist[i * U.N + j] = dij; }
  var wij = 0.0;
  if (i != j) {
    var a = 0.0;
    for (var k = 0u; k < U.R; k = k + 1u) { a = a + fu[i * U.R + k] * fv[j * U.R + k]; }
    let lf = lev[i] - lev[j] + 1.0;
    var sp = lf;
    if (lf <= 20.0) { sp = log1pPos(exp(lf)); }
    wij = (1.0 / (1.0 + exp(-a))) * exp(-dij / U.tau) * sp;
  }
  w[i * U.N + j] = wij;
}
`;

/**
 * GPU connectivity for a fixed (N, D, r): buffers reused across calls (e.g. every forward
 * pass); `w` stays on the device for further kernels. Release with `destroy`.
 *
 * @example
 * ```ts
 * import type { RsgnConnectivityPlan } from "@neuroplastic/engines/rsgn";
 * const nodes = (p: RsgnConnectivityPlan): number => p.n;
 * ```
 */
export interface RsgnConnectivityPlan {
  /** The owning context. */
  readonly ctx: GpuContext;
  /** Nodes. */
  readonly n: number;
  /** Space dimension. */
  readonly dim: number;
  /** Affinity rank. */
  readonly rank: number;
  /** Device buffers, allocated once and reused by every call. */
  readonly buffers: {
    readonly params: GPUBuffer;
    readonly pos: GPUBuffer;
    readonly u: GPUBuffer;
    readonly v: GPUBuffer;
    readonly levels: GPUBuffer;
    /** The connectivity matrix W (N×N f32) on the device. */
    readonly w: GPUBuffer;
    readonly dist: GPUBuffer;
  };
  /** The compiled kernel (cached in the context). */
  readonly pipeline: GPUComputePipeline;
  /** Bind group of the buffers. */
  readonly bindGroup: GPUBindGroup;
  /** Reused read-back buffer. */
  readonly staging: Staging;
  /** Destroys the plan's buffers. */
  destroy(): void;
}

/**
 * Allocates the buffers of a connectivity computation for N nodes in D dimensions, rank r.
 *
 * @example
 * ```ts
 * import { Effect } from "effect";
 * import { createGpuContext, destroyGpuContext } from "@neuroplastic/gpu";
 * import { createRsgnConnectivity, runRsgnConnectivity } from "@neuroplastic/engines/rsgn";
 * const ctx = await Effect.runPromise(createGpuContext());
 * const plan = createRsgnConnectivity(ctx, 2, 1, 1);
 * const c = await runRsgnConnectivity(plan, {
 *   n: 2, dim: 1, rank: 1, positions: [0, 0.5], u: [0, 0], v: [0, 0], levels: [0, 1], tau: 1,
 * }, true);
 * console.log(c.dist[0]); // ≈ 0.0044721 (the eps quirk)
 * plan.destroy();
 * destroyGpuContext(ctx);
 * ```
 */
export const createRsgnConnectivity = (
  ctx: GpuContext,
  n: number,
  dim: number,
  rank: number,
): RsgnConnectivityPlan => {
  const buffers = {
    params: uniformBuffer(ctx, 8, "rsgn.params"),
    pos: storageBuffer(ctx, n * dim, "rsgn.pos"),
    u: storageBuffer(ctx, n * rank, "rsgn.u"),
    v: storageBuffer(ctx, n * rank, "rsgn.v"),
    levels: storageBuffer(ctx, n, "rsgn.levels"),
    w: storageBuffer(ctx, n * n, "rsgn.w"),
    dist: storageBuffer(ctx, n * n, "rsgn.dist"),
  };
  const pipeline = pipelineFor(ctx, "rsgn.conn", CONN_WGSL, "main");
  const bindGroup = ctx.device.createBindGroup({
    layout: pipeline.getBindGroupLayout(0),
    entries: Object.values(buffers).map((buffer, binding) => ({ binding, resource: { buffer } })),
  });
  const plan: RsgnConnectivityPlan = {
    ctx,
    n,
    dim,
    rank,
    buffers,
    pipeline,
    bindGroup,
    staging: createStaging(),
    destroy: () => {
      for (const b of Object.values(buffers)) b.destroy();
      destroyStaging(plan.staging);
    },
  };
  return plan;
};

const f32 = (a: ArrayLike<number>): Float32Array =>
  a instanceof Float32Array ? a : Float32Array.from(a);

/**
 * Computes W (and the distances when `withDist`) on the GPU and reads them back
 * (`readBack = false` leaves W on the device in `plan.buffers.w` and resolves to empty arrays).
 *
 * @example
 * ```ts
 * import { type RsgnConnectivityInput, type RsgnConnectivityPlan, runRsgnConnectivity } from "@neuroplastic/engines/rsgn";
 * const weights = async (p: RsgnConnectivityPlan, c: RsgnConnectivityInput) => (await runRsgnConnectivity(p, c)).w;
 * ```
 */
export const runRsgnConnectivity = async (
  plan: RsgnConnectivityPlan,
  c: RsgnConnectivityInput,
  withDist = false,
  readBack = true,
): Promise<RsgnConnectivity> => {
  checkConn(c);
  if (c.n !== plan.n || c.dim !== plan.dim || c.rank !== plan.rank) {
    throw new RangeError(`RSGN: plan is for n=${plan.n}, dim=${plan.dim}, rank=${plan.rank}`);
  }
  const { ctx, buffers: bf, n } = plan;
  const params = new ArrayBuffer(32);
  new Uint32Array(params, 0, 4).set([n, c.dim, c.rank, withDist ? 1 : 0]);
  new Float32Array(params, 16, 3).set([RSGN_EPS, c.tau, c.maxNorm ?? RSGN_MAX_NORM]);
  ctx.device.queue.writeBuffer(bf.params, 0, params);
  upload(ctx, bf.pos, f32(c.positions));
  upload(ctx, bf.u, f32(c.u));
  upload(ctx, bf.v, f32(c.v));
  upload(ctx, bf.levels, f32(c.levels));
  const enc = ctx.device.createCommandEncoder();
  const pass = enc.beginComputePass();
  pass.setPipeline(plan.pipeline);
  pass.setBindGroup(0, plan.bindGroup);
  pass.dispatchWorkgroups(Math.ceil(n / 8), Math.ceil(n / 8));
  pass.end();
  ctx.device.queue.submit([enc.finish()]);
  if (!readBack) return { w: new Float32Array(0), dist: new Float32Array(0) };
  const regions = [{ src: bf.w, at: 0, count: n * n }];
  if (withDist) regions.push({ src: bf.dist, at: 0, count: n * n });
  const raw = await readRegions(ctx, regions, plan.staging);
  return {
    w: new Float32Array(raw[0]),
    dist: withDist ? new Float32Array(raw[1]) : new Float32Array(0),
  };
};

/**
 * Pairwise RSGN distances on the GPU: x B×n×D, y B×m×D → B×n×m (f32). The buffers of each
 * shape are created on the first call and kept in the context (up to 8 shapes), so repeated
 * calls only upload, dispatch and read back.
 *
 * @example
 * ```ts
 * import { Effect } from "effect";
 * import { createGpuContext, destroyGpuContext } from "@neuroplastic/gpu";
 * import { gpuPoincarePairwise } from "@neuroplastic/engines/rsgn";
 * const ctx = await Effect.runPromise(createGpuContext());
 * const d = await gpuPoincarePairwise(ctx, [0, 0, 0.5, 0], [0, 0], 1, 2, 1, 2);
 * console.log(d[1]); // ≈ 1.0986
 * destroyGpuContext(ctx);
 * ```
 */
export const gpuPoincarePairwise = async (
  ctx: GpuContext,
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  batch: number,
  n: number,
  m: number,
  dim: number,
): Promise<Float32Array> => {
  if (x.length !== batch * n * dim || y.length !== batch * m * dim) {
    throw new RangeError(
      `poincarePairwise: x needs ${batch}×${n}×${dim}, y ${batch}×${m}×${dim} values`,
    );
  }
  const plan = pairwisePlan(ctx, batch, n, m, dim);
  upload(ctx, plan.x, f32(x));
  upload(ctx, plan.y, f32(y));
  const enc = ctx.device.createCommandEncoder();
  const pass = enc.beginComputePass();
  pass.setPipeline(plan.pipeline);
  pass.setBindGroup(0, plan.bindGroup);
  if (batch * n * m > 0) pass.dispatchWorkgroups(Math.ceil(m / 8), Math.ceil(n / 8), batch);
  pass.end();
  ctx.device.queue.submit([enc.finish()]);
  const [raw] = await readRegions(
    ctx,
    [{ src: plan.out, at: 0, count: batch * n * m }],
    plan.staging,
  );
  return new Float32Array(raw);
};

interface PairwisePlan {
  readonly x: GPUBuffer;
  readonly y: GPUBuffer;
  readonly out: GPUBuffer;
  readonly params: GPUBuffer;
  readonly pipeline: GPUComputePipeline;
  readonly bindGroup: GPUBindGroup;
  readonly staging: Staging;
  destroy(): void;
}

/** Most pairwise shapes whose buffers {@link gpuPoincarePairwise} keeps per context. */
const PAIRWISE_CACHE = 8;

/** The buffers of one (B, n, m, D), created once per context and reused by every call. */
const pairwisePlan = (
  ctx: GpuContext,
  batch: number,
  n: number,
  m: number,
  dim: number,
): PairwisePlan => {
  const id = `pairwise:${batch},${n},${m},${dim}`;
  const hit = ctx.resources.get(id) as PairwisePlan | undefined;
  if (hit !== undefined) return hit;
  const old = [...ctx.resources.keys()].filter((k) => k.startsWith("pairwise:"));
  if (old.length >= PAIRWISE_CACHE) {
    ctx.resources.get(old[0])?.destroy();
    ctx.resources.delete(old[0]);
  }
  const bx = storageBuffer(ctx, batch * n * dim, "pair.x");
  const by = storageBuffer(ctx, batch * m * dim, "pair.y");
  const bo = storageBuffer(ctx, batch * n * m, "pair.out");
  const bp = uniformBuffer(ctx, 8, "pair.params");
  const params = new ArrayBuffer(32);
  new Uint32Array(params, 0, 4).set([batch, n, m, dim]);
  new Float32Array(params, 16, 1).set([RSGN_EPS]);
  ctx.device.queue.writeBuffer(bp, 0, params);
  const pipeline = pipelineFor(ctx, "rsgn.pairwise", PAIRWISE_WGSL, "main");
  const bindGroup = ctx.device.createBindGroup({
    layout: pipeline.getBindGroupLayout(0),
    entries: [bp, bx, by, bo].map((buffer, binding) => ({ binding, resource: { buffer } })),
  });
  const staging = createStaging();
  const plan: PairwisePlan = {
    x: bx,
    y: by,
    out: bo,
    params: bp,
    pipeline,
    bindGroup,
    staging,
    destroy: () => {
      for (const b of [bx, by, bo, bp]) b.destroy();
      destroyStaging(staging);
    },
  };
  ctx.resources.set(id, plan);
  return plan;
};

/**
 * RSGN connectivity W (and distances) on the selected backend; the GPU plan of each
 * (N, D, r) is kept in the context.
 *
 * @example
 * ```ts
 * import { Effect } from "effect";
 * import { createBackend } from "@neuroplastic/gpu";
 * import { backendRsgnConnectivity } from "@neuroplastic/engines/rsgn";
 * const b = await Effect.runPromise(createBackend("cpu"));
 * const c = await backendRsgnConnectivity(b, {
 *   n: 2, dim: 1, rank: 1, positions: [0, 0.5], u: [0, 0], v: [0, 0], levels: [0, 1], tau: 1,
 * });
 * console.log(c.w.length); // 4
 * ```
 */
export const backendRsgnConnectivity = (
  backend: Backend,
  input: RsgnConnectivityInput,
  withDist = false,
): Promise<RsgnConnectivity> => {
  const ctx = backend.ctx;
  if (
    ctx === null ||
    !usesGpu(backend, "rsgnConnectivity", workOf.rsgnConnectivity(input.n, input.rank))
  ) {
    return Promise.resolve(rsgnConnectivityCpu(input));
  }
  const id = `rsgn:${input.n},${input.dim},${input.rank}`;
  let plan = ctx.resources.get(id) as RsgnConnectivityPlan | undefined;
  if (plan === undefined) {
    plan = createRsgnConnectivity(ctx, input.n, input.dim, input.rank);
    ctx.resources.set(id, plan);
  }
  return runRsgnConnectivity(plan, input, withDist);
};
