/**
 * WGSL source of the batched f32 GEMM kernels (see matmul.ts for the host side).
 *
 * Both kernels compute, for every batch index z (workgroup id .z),
 * `O[z] (=|+=) op(A[z]) · op(B[z])` with row-major storage, `op` = identity or transpose,
 * and per-operand batch strides (0 broadcasts one matrix to every batch entry).
 * Sums run over p = 0..k−1 in ascending order with f32 accumulators.
 *
 * @module
 */

/** Uniform block shared by both kernels (12 u32 words). */
const PARAMS = `
struct Params {
  m: u32, k: u32, n: u32, batch: u32,
  strideA: u32, strideB: u32, strideO: u32, flags: u32,
  offA: u32, offB: u32, offO: u32, pad: u32,
}
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> A: array<f32>;
@group(0) @binding(2) var<storage, read> B: array<f32>;
@group(0) @binding(3) var<storage, read_write> O: array<f32>;

// flags: bit 0 transA (A stored k×m), bit 1 transB (B stored n×k), bit 2 accumulate.
fn aAt(z: u32, i: u32, p: u32) -> f32 {
  let base = P.offA + z * P.strideA;
  if ((P.flags & 1u) != 0u) { return A[base + p * P.m + i]; }
  return A[base + i * P.k + p];
}
fn bAt(z: u32, p: u32, j: u32) -> f32 {
  let base = P.offB + z * P.strideB;
  if ((P.flags & 2u) != 0u) { return B[base + j * P.k + p]; }
  return B[base + p * P.n + j];
}
fn store(z: u32, i: u32, j: u32, v: f32) {
  let o = P.offO + z * P.strideO + i * P.n + j;
  if ((P.flags & 4u) != 0u) { O[o] = O[o] + v; } else { O[o] = v; }
}
`;

/** Side of the output tile of {@link TILED_WGSL} (64×64, 4×4 per invocation). */
export const TILE = 64;
/** Depth of one k-slice held in workgroup memory. */
export const TILE_K = 16;

/**
 * Tiled kernel: a 16×16 workgroup computes a 64×64 output tile, each invocation a 4×4
 * block, staging 64×16 slices of A and B in workgroup memory (loads are coalesced for
 * either storage order). Dispatch: (⌈n/64⌉, ⌈m/64⌉, batch).
 */
export const TILED_WGSL: string = PARAMS + `
const TS: u32 = ${TILE}u;
const TK: u32 = ${TILE_K}u;
var<workgroup> As: array<vec4<f32>, ${(TILE_K * TILE) / 4}>; // [p][i/4]
var<workgroup> Bs: array<vec4<f32>, ${(TILE_K * TILE) / 4}>; // [p][j/4]

@compute @workgroup_size(16, 16)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) l: vec3<u32>,
        @builtin(local_invocation_index) li: u32) {
  let z = wg.z;
  let i0 = wg.y * TS;
  let j0 = wg.x * TS;
  let transA = (P.flags & 1u) != 0u;
  let transB = (P.flags & 2u) != 0u;
  var acc0 = vec4<f32>(0.0); var acc1 = vec4<f32>(0.0);
  var acc2 = vec4<f32>(0.0); var acc3 = vec4<f32>(0.0);
  for (var p0 = 0u; p0 < P.k; p0 = p0 + TK) {
    // 64×16 = 1024 values per operand, 4 per invocation; consecutive invocations read
    // consecutive addresses of the stored layout.
    for (var e = 0u; e < 4u; e = e + 1u) {
      let idx = li + e * 256u;
      var ii: u32; var pa: u32;
      if (transA) { ii = idx % TS; pa = idx / TS; } else { pa = idx % TK; ii = idx / TK; }
      var va = 0.0;
      if (i0 + ii < P.m && p0 + pa < P.k) { va = aAt(z, i0 + ii, p0 + pa); }
      As[pa * 16u + ii / 4u][ii % 4u] = va;
      var jj: u32; var pb: u32;
      if (transB) { pb = idx % TK; jj = idx / TK; } else { jj = idx % TS; pb = idx / TS; }
      var vb = 0.0;
      if (j0 + jj < P.n && p0 + pb < P.k) { vb = bAt(z, p0 + pb, j0 + jj); }
      Bs[pb * 16u + jj / 4u][jj % 4u] = vb;
    }
    workgroupBarrier();
    for (var p = 0u; p < TK; p = p + 1u) {
      let a = As[p * 16u + l.y];
      let b = Bs[p * 16u + l.x];
      acc0 = acc0 + a.x * b; acc1 = acc1 + a.y * b;
      acc2 = acc2 + a.z * b; acc3 = acc3 + a.w * b;
    }
    workgroupBarrier();
  }
  let ib = i0 + l.y * 4u;
  let jb = j0 + l.x * 4u;
  for (var r = 0u; r < 4u; r = r + 1u) {
    let i = ib + r;
    if (i >= P.m) { break; }
    var row: vec4<f32>;
    if (r == 0u) { row = acc0; } else if (r == 1u) { row = acc1; }
    else if (r == 2u) { row = acc2; } else { row = acc3; }
    for (var c = 0u; c < 4u; c = c + 1u) {
      if (jb + c < P.n) { store(z, i, jb + c, row[c]); }
    }
  }
}
`;

/** Invocations per workgroup of {@link SIMPLE_WGSL}. */
export const SIMPLE_WG = 64;

/**
 * One invocation per output element (a plain dot product): the kernel for thin products
 * (matrix–vector, m or n below 16). Dispatch: (⌈m·n/64⌉ split into x/y, 1, batch).
 */
export const SIMPLE_WGSL: string = PARAMS + `
@compute @workgroup_size(${SIMPLE_WG})
fn main(@builtin(global_invocation_id) g: vec3<u32>, @builtin(num_workgroups) nw: vec3<u32>) {
  let e = g.x + g.y * nw.x * ${SIMPLE_WG}u;
  if (e >= P.m * P.n) { return; }
  let z = g.z;
  let i = e / P.n;
  let j = e % P.n;
  var s = 0.0;
  for (var p = 0u; p < P.k; p = p + 1u) { s = s + aAt(z, i, p) * bAt(z, p, j); }
  store(z, i, j, s);
}
`;
