/**
 * WGSL source of the batched SORN step (host side: kernel.ts).
 *
 * One workgroup steps one network; the whole batch is one dispatch per step. The step
 * follows the dense reference step of `../dense_step.ts` (Lazar, Pipa & Triesch
 * 2009, Eqs. 1–4; `sorn` reference `Plasticity.*`), in its order:
 *
 * ```
 * x'_i = H((Σ_j Wee[j,i] x_j − Σ_k Wei[k,i] y_k + ξ_i) + u_i − Te_i)     (u_i = 0 for i ≥ nu)
 * y'_k = H(Σ_j Wie[j,k] x_j + ξ_k − Ti_k)
 * STDP   ΔWee[j,i] = η_STDP (x'_i x_j − x_i x'_j), clip to [0, w_max], prune at 0
 * IP     Te_i ← clip(Te_i + η_IP (x'_i − h_IP), te_min, te_max)
 * SP     add the first absent candidate pair of the step (weight sp_weight)
 * iSTDP  ΔWei[k,i] = −η_inhib y_k (1 − x'_i (1 + 1/μ_IP)), clip, prune
 * SN     W[·,i] ← W[·,i] / Σ_j W[j,i] for the columns changed this step
 * ```
 *
 * Absent synapses are stored as −1 (present weights are always ≥ 0), so no mask buffer is
 * needed. Sums over presynaptic neurons run in ascending index order, as in the CPU step.
 *
 * @module
 */

/** Flag bits of a network's `flags` word (same values as `STEP_*` of engines/sorn/step.ts). */
export const SORN_FLAG = {
  stdp: 1,
  ip: 2,
  sp: 4,
  istdp: 8,
  ss: 16,
  uniformInput: 32,
  /** Remove synapses whose weight reaches 0. */
  prune: 64,
} as const;

/** f32/u32 words per network parameter record (see `Net` in the WGSL). */
export const NET_WORDS = 12;

/** Sizes baked into one compiled variant of the kernel. */
export interface SornKernelSizes {
  readonly batch: number;
  readonly ne: number;
  readonly ni: number;
  readonly nu: number;
  /** Structural candidate pairs per step (the CPU's rejection tries). */
  readonly tries: number;
  /** Invocations per workgroup. */
  readonly wg: number;
}

/**
 * Workgroup memory of the kernel in bytes: spike flags, column-touched flags, two active
 * lists (E), old y and its active list (I), plus a few scalars.
 */
export const sornWorkgroupBytes = (ne: number, ni: number): number => (4 * ne + 2 * ni + 8) * 4;

/**
 * The kernel for the given sizes.
 *
 * Buffers (per network b; offsets are b × stride):
 * - `w`      f32 [Wee (ne×ne, W[pre·ne+post]) | Wei (ni×ne)]          read-write
 * - `wie`    f32 ne×ni (W[j·ni+k])                                     read
 * - `fst`    f32 [Te (ne) | Ti (ni) | r (ne)]                          read-write
 * - `ust`    u32 [x (ne) | y (ni) | spikesE (ne) | spikesI (ni) | spFallbacks (1)]
 * - `nets`   parameter records (NET_WORDS words)
 * - `draws`  f32 per (slot, b): [ξ (ne + ni) | u (nu)]
 * - `cand`   i32 per (slot, b): [count | tries flat indices pre·ne+post]
 * - `S`      uniform: S.x = draw slot of this dispatch
 */
export const sornStepWgsl = (z: SornKernelSizes): string => {
  const { batch: B, ne: NE, ni: NI, nu: NU, tries: TRIES, wg: WG } = z;
  const W_STRIDE = NE * NE + NI * NE;
  const F_STRIDE = 2 * NE + NI;
  const U_STRIDE = 2 * NE + 2 * NI + 1;
  const D_STRIDE = NE + NI + NU;
  const C_STRIDE = 1 + TRIES;
  return `
struct Net {
  etaStdp: f32, etaIp: f32, hIp: f32, teMin: f32,
  teMax: f32, etaInhib: f32, mu: f32, wMax: f32,
  spWeight: f32, flags: u32, pad0: u32, pad1: u32,
}
@group(0) @binding(0) var<uniform> S: vec4<u32>;
@group(0) @binding(1) var<storage, read> nets: array<Net>;
@group(0) @binding(2) var<storage, read_write> w: array<f32>;
@group(0) @binding(3) var<storage, read> wie: array<f32>;
@group(0) @binding(4) var<storage, read_write> fst: array<f32>;
@group(0) @binding(5) var<storage, read_write> ust: array<u32>;
@group(0) @binding(6) var<storage, read> draws: array<f32>;
@group(0) @binding(7) var<storage, read> cand: array<i32>;

const B: u32 = ${B}u;
const NE: u32 = ${NE}u;
const NI: u32 = ${NI}u;
const NU: u32 = ${NU}u;
const WG: u32 = ${WG}u;
const W_STRIDE: u32 = ${W_STRIDE}u;
const F_STRIDE: u32 = ${F_STRIDE}u;
const U_STRIDE: u32 = ${U_STRIDE}u;
const D_STRIDE: u32 = ${D_STRIDE}u;
const C_STRIDE: u32 = ${C_STRIDE}u;

// fl bits: 1 = x(t), 2 = x(t+1) (read by every invocation during STDP, so written only
// before the barrier that precedes it). tch bits (written by the column's owner and by the
// structural step, read by the owner): 1 = Wee column changed, 2 = Wei column changed.
var<workgroup> fl: array<u32, ${NE}>;
var<workgroup> tch: array<u32, ${NE}>;
var<workgroup> actX: array<u32, ${NE}>;
var<workgroup> actXN: array<u32, ${NE}>;
var<workgroup> ys: array<u32, ${NI}>;
var<workgroup> actY: array<u32, ${NI}>;
var<workgroup> counts: vec4<u32>; // nA, nXN, nY, unused

// W ← clip(W + dw, 0, wMax); at ≤ 0 the synapse is removed (−1) when pruning.
// Returns false for an absent synapse (nothing changed).
fn plastic(idx: u32, dw: f32, wMax: f32, prune: bool) -> bool {
  let old = w[idx];
  if (old < 0.0) { return false; }
  var v = old + dw;
  if (v <= 0.0) {
    v = 0.0;
    if (prune) { v = -1.0; }
  } else if (v > wMax) {
    v = wMax;
  }
  w[idx] = v;
  return true;
}

// W[·, col] ← W[·, col] / Σ present W[·, col] (zero-sum columns unchanged).
fn normalizeColumn(base: u32, rows: u32, col: u32) {
  var s = 0.0;
  for (var j = 0u; j < rows; j = j + 1u) { s = s + max(w[base + j * NE + col], 0.0); }
  if (!(s > 0.0)) { return; }
  for (var j = 0u; j < rows; j = j + 1u) {
    let v = w[base + j * NE + col];
    if (v >= 0.0) { w[base + j * NE + col] = v / s; }
  }
}

@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) gid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let b = gid.x;
  let t = lid.x;
  let P = nets[b];
  let wo = b * W_STRIDE;
  let eo = wo + NE * NE; // Wei
  let fo = b * F_STRIDE;
  let uo = b * U_STRIDE;
  let dOff = (S.x * B + b) * D_STRIDE;
  let cOff = (S.x * B + b) * C_STRIDE;
  let prune = (P.flags & 64u) != 0u;

  for (var i = t; i < NE; i = i + WG) { fl[i] = ust[uo + i]; tch[i] = 0u; }
  for (var q = t; q < NI; q = q + WG) { ys[q] = ust[uo + NE + q]; }
  workgroupBarrier();
  if (t == 0u) {
    var n = 0u;
    for (var j = 0u; j < NE; j = j + 1u) { if (fl[j] != 0u) { actX[n] = j; n = n + 1u; } }
    counts.x = n;
    var m = 0u;
    for (var q = 0u; q < NI; q = q + 1u) { if (ys[q] != 0u) { actY[m] = q; m = m + 1u; } }
    counts.z = m;
  }
  workgroupBarrier();
  let nA = counts.x;
  let nY = counts.z;

  // Drives and new states.
  for (var i = t; i < NE; i = i + WG) {
    var e = 0.0;
    for (var a = 0u; a < nA; a = a + 1u) { e = e + max(w[wo + actX[a] * NE + i], 0.0); }
    var h = 0.0;
    for (var a = 0u; a < nY; a = a + 1u) { h = h + max(w[eo + actY[a] * NE + i], 0.0); }
    let base = e - h + draws[dOff + i];
    let te = fst[fo + i];
    let ri = base - te;
    fst[fo + NE + NI + i] = ri;
    var v = ri;
    if (i < NU) { v = (base + draws[dOff + NE + NI + i]) - te; }
    if (v > 0.0) { fl[i] = fl[i] | 2u; }
  }
  for (var q = t; q < NI; q = q + WG) {
    var e = 0.0;
    let io = b * NE * NI;
    for (var a = 0u; a < nA; a = a + 1u) { e = e + wie[io + actX[a] * NI + q]; }
    let yNew = select(0u, 1u, e + draws[dOff + NE + q] - fst[fo + NE + q] > 0.0);
    ust[uo + NE + q] = yNew;
    ust[uo + 2u * NE + NI + q] = ust[uo + 2u * NE + NI + q] + yNew;
  }
  workgroupBarrier();
  if (t == 0u) {
    var n = 0u;
    for (var j = 0u; j < NE; j = j + 1u) { if ((fl[j] & 2u) != 0u) { actXN[n] = j; n = n + 1u; } }
    counts.y = n;
  }
  workgroupBarrier();
  let nXN = counts.y;

  // STDP on existing E→E synapses, column i = postsynaptic neuron.
  let eta = P.etaStdp;
  if ((P.flags & 1u) != 0u && eta > 0.0) {
    for (var i = t; i < NE; i = i + WG) {
      let xi = (fl[i] & 1u) != 0u;
      let xni = (fl[i] & 2u) != 0u;
      var touched = false;
      if (xni) { // + η x_j for j active at t, unless x_i x'_j cancels it
        for (var a = 0u; a < nA; a = a + 1u) {
          let j = actX[a];
          if (xi && (fl[j] & 2u) != 0u) { continue; }
          if (plastic(wo + j * NE + i, eta, P.wMax, prune)) { touched = true; }
        }
      }
      if (xi) { // − η x'_j for j active at t+1, unless x'_i x_j cancels it
        for (var a = 0u; a < nXN; a = a + 1u) {
          let j = actXN[a];
          if (xni && (fl[j] & 1u) != 0u) { continue; }
          if (plastic(wo + j * NE + i, -eta, P.wMax, prune)) { touched = true; }
        }
      }
      if (touched) { tch[i] = tch[i] | 1u; }
    }
  }
  // IP: Te ← clip(Te + η(x' − h), te_min, te_max).
  if ((P.flags & 2u) != 0u) {
    let up = P.etaIp * (1.0 - P.hIp);
    let down = P.etaIp * (0.0 - P.hIp);
    for (var i = t; i < NE; i = i + WG) {
      var v = fst[fo + i] + select(down, up, (fl[i] & 2u) != 0u);
      if (v <= P.teMin) { v = P.teMin; } else if (v > P.teMax) { v = P.teMax; }
      fst[fo + i] = v;
    }
  }
  storageBarrier();
  workgroupBarrier();

  // Structural plasticity: the first absent candidate (mask after STDP pruning).
  if (t == 0u && (P.flags & 4u) != 0u) {
    let c = u32(max(cand[cOff], 0));
    var added = false;
    for (var a = 0u; a < c; a = a + 1u) {
      let idx = u32(cand[cOff + 1u + a]);
      if (w[wo + idx] < 0.0) {
        w[wo + idx] = P.spWeight;
        tch[idx % NE] = tch[idx % NE] | 1u;
        added = true;
        break;
      }
    }
    // All ${TRIES} candidates present: the CPU step would enumerate the absent pairs here.
    if (!added && c == ${TRIES}u) { ust[uo + 2u * NE + 2u * NI] = ust[uo + 2u * NE + 2u * NI] + 1u; }
  }
  storageBarrier();
  workgroupBarrier();

  // iSTDP on existing I→E synapses: ΔW = −η_inhib y_k (1 − x'_i (1 + 1/μ)), y_k = 1.
  let etaI = P.etaInhib;
  if ((P.flags & 8u) != 0u && etaI > 0.0) {
    for (var i = t; i < NE; i = i + WG) {
      let xni = select(0.0, 1.0, (fl[i] & 2u) != 0u);
      let dw = -etaI * (1.0 - xni * (1.0 + 1.0 / P.mu));
      if (dw == 0.0) { continue; }
      var touched = false;
      for (var a = 0u; a < nY; a = a + 1u) {
        if (plastic(eo + actY[a] * NE + i, dw, P.wMax, prune)) { touched = true; }
      }
      if (touched) { tch[i] = tch[i] | 2u; }
    }
  }
  // Synaptic normalisation of the changed columns; then x ← x', spike counts.
  let ss = (P.flags & 16u) != 0u;
  for (var i = t; i < NE; i = i + WG) {
    let c = tch[i];
    if (ss && (c & 1u) != 0u) { normalizeColumn(wo, NE, i); }
    if (ss && (c & 2u) != 0u) { normalizeColumn(eo, NI, i); }
    let xn = (fl[i] >> 1u) & 1u;
    ust[uo + i] = xn;
    ust[uo + NE + NI + i] = ust[uo + NE + NI + i] + xn;
  }
}
`;
};
