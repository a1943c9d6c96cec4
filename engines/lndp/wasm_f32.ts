/**
 * The `precision: "f32-wasm"` kernel (ours): the LNDP update and forward pass in float32
 * WebAssembly SIMD (f32x4), assembled at load time by the in-repo emitter
 * (`@neuroplastic/core/tensor/wasm`: `wasm_emit.ts`, `wasm_simd.ts`), for fast population evaluation.
 *
 * It is a **different arithmetic** from the default f64 path and from the `"f32"` emulation, so
 * it is a third precision value and never changes their results:
 * - every value (parameters, node and edge states, activations, sums) is a float32 and every
 *   operation a float32 operation: linear layers accumulate in float32 in a fixed order (input
 *   column ascending, bias first); the softmax's (q·k)/2 is computed as (q/2)·k;
 * - exp, the logistic sigmoid and tanh are the vectorised approximations of `wasm_simd.ts`
 *   (≤ 1, ≤ 2 and ≤ 1 ulp from the correctly rounded float32 value in their ranges; the
 *   softmax's exp flushes results below ≈ 2^−126 to 0, the sigmoid never goes below ≈ 2^−126),
 *   so tanh saturates to exactly ±1 only beyond ≈ 9.01 (not XLA's 7.905 clamp of the `"f32"`
 *   emulation), and no subnormal number arises;
 * - the softmax weights are exp(s − max)·(1/Σ), the sums (Σ, max) reduced over lanes pairwise;
 * - the deterministic prune/add decisions compare the float32 logit with ln 1.5 (as the f64
 *   path); c0 = σ(MLP_pr(0)) and the stochastic decisions' probabilities are computed in float64
 *   from the float32 parameters and logits.
 * Only WebAssembly operations with fixed IEEE-754 results are used (no relaxed SIMD, no fused
 * multiply-add), so a lifetime is reproducible bit for bit on every machine: same (config,
 * genome, key) ⇒ same returns and states.
 *
 * Layout (structure of arrays, node index innermost, rows padded to Np = ⌈N/4⌉·4 floats):
 * node quantities are feature-major rows (h[c][n]); pair quantities are N × Np matrices, one per
 * component (e_c[i][j], A, Aᵀ, M, the three edge gates, α, the prune and add logits). The
 * kernels are specialised to the model's N, T, o (static addresses and loop bounds) and cached
 * per shape. Dense pair kernels (edge GRU, prune MLP, add MLP) run over whole f32x4 blocks of a
 * row and skip blocks with no edge (no candidate), which avoids gathers; every buffer is
 * preallocated in the instance's memory, nothing is allocated per step (but the small
 * `UpdateInfo` record). JavaScript calls about 15 kernels per update and makes the prune/add
 * decisions (a pass over the N² logits).
 *
 * Where the time goes (one update on a 703-edge CartPole network, CPU time per call on the
 * shared 2-core EPYC VM): edge GRU 22 µs (12 sigmoid/tanh vectors per block of 4 pairs: without
 * them it takes 4.6 µs), attention 6 µs, prune MLP 3.3 µs, node GRU 1.5 µs, edge gates 1.1 µs,
 * the nine linear layers 3.5 µs, add MLP 0.7 µs, decisions and glue in JavaScript ≈ 4 µs: ≈ 42 µs,
 * plus 0.5 µs for the forward pass.
 *
 * @module
 */
import {
  emitExp,
  emitHorizontal,
  emitModule,
  emitSigmoid,
  emitTanh,
  FnBuilder,
  I32,
  op,
  ops,
  V128,
  type WasmFunction,
} from "@neuroplastic/core/tensor/wasm";
import { fillUniform, fold, type Key, split } from "@neuroplastic/core/random";
import { InvalidConfig } from "@neuroplastic/core/errors";
import type { Model } from "./model.ts";
import { ouProcess, ouStepInPlace } from "./ou.ts";
import {
  EDGE_FEATURES,
  HEADS,
  MLP_WIDTH,
  NODE_FEATS,
  NODE_FEATURES,
  type Params,
  QK,
  unflattenParams,
  VF,
} from "./params.ts";
import { emptyNetState, initNetGraph, type NetState } from "./state.ts";
import { DECISION_THRESHOLD, type UpdateInfo } from "./update.ts";
import type { Workspace } from "./workspace.ts";

/** σ(o) > 0.6 ⟺ o > ln(0.6/0.4). */
const LOGIT_THRESHOLD = Math.log(DECISION_THRESHOLD / (1 - DECISION_THRESHOLD));

const DH = NODE_FEATURES, DE = EDGE_FEATURES, W = MLP_WIDTH;
const NQKV = HEADS * (2 * QK + VF);

/** Byte addresses of every region of the kernel's memory, and the shapes they derive from. */
interface Plan {
  readonly N: number;
  readonly Np: number;
  readonly T1: number;
  readonly o: number;
  readonly rowB: number;
  readonly MB: number;
  readonly dinPre: number;
  readonly dinE: number;
  readonly bytes: number;
  readonly a: Readonly<Record<string, number>>;
}

function makePlan(N: number, T: number, o: number): Plan {
  const Np = Math.ceil(N / 4) * 4, T1 = T + 1, rowB = Np * 4, MB = N * rowB;
  const dinPre = NODE_FEATS + DH + T1, dinE = T1 + DH;
  let at = 0;
  const a: Record<string, number> = {};
  const alloc = (name: string, floats: number): void => {
    a[name] = at;
    at += Math.ceil(floats / 4) * 16;
  };
  alloc("wPre", DH * dinPre);
  alloc("bPre", DH);
  alloc("wQkv", NQKV * DH);
  alloc("zero", Math.max(64, Np));
  alloc("wO", DH * HEADS * VF);
  alloc("bO", DH);
  alloc("wNih", 3 * DH * DH);
  alloc("bNih", 3 * DH);
  alloc("wNhh", 3 * DH * DH);
  alloc("bnRows", DH * Np);
  alloc("wEpost", 3 * DE * dinE);
  alloc("wEpre", 3 * DE * dinE);
  alloc("bEpre", 3 * DE);
  alloc("gatePar", HEADS * 8);
  alloc("edgePar", 3 * DE * DE + DE);
  alloc("prunePar", W * DE + 2 * W + 1);
  alloc("wAddPost", W * DH);
  alloc("wAddPre", W * DH);
  alloc("bAdd1", W);
  alloc("addPar", W + 1);
  alloc("pad", Np);
  // feat, h, aSeq, hNew contiguous: Wpre reads [feat, h, aSeq], the edge GRU [aSeq, hNew]
  alloc("feat", NODE_FEATS * Np);
  alloc("h", DH * Np);
  alloc("aSeq", T1 * Np);
  alloc("hNew", DH * Np);
  alloc("aStore", Np);
  alloc("obs", Math.max(4, o));
  alloc("x", DH * Np);
  alloc("xg", DH * Np);
  alloc("qkv", NQKV * Np);
  alloc("z", HEADS * VF * Np);
  alloc("gi", 3 * DH * Np);
  alloc("gh", 3 * DH * Np);
  alloc("post", 3 * DE * Np);
  alloc("pre", 3 * DE * Np);
  alloc("uPost", W * Np);
  alloc("uPre", W * Np);
  alloc("e", DE * N * Np);
  alloc("Af", N * Np);
  alloc("ATf", N * Np);
  alloc("Mf", N * Np);
  alloc("gate", HEADS * N * Np);
  alloc("alpha", N * Np);
  alloc("oPr", N * Np);
  alloc("oAdd", N * Np);
  return { N, Np, T1, o, rowB, MB, dinPre, dinE, bytes: at, a };
}

const { localGet: get, localSet: set, i32Const: k32 } = op;

/**
 * A v128 local holding the f32 parameter at byte address `addr` in all four lanes, loaded once
 * in the function's prologue: inside the loops it is a register or stack operand instead of a
 * bounds-checked `load32_splat` (Deno runs WebAssembly without the trap handler, so every
 * memory access carries a bounds check).
 */
function param(b: FnBuilder, addr: number): number {
  const l = b.local(V128);
  b.prologue.push(...k32(0), ...op.v128Load32Splat(addr), ...set(l));
  return l;
}

/**
 * y[u][·] = b[u] + Σ_c W[u·din + c]·x[c][·] for u < dout, over whole rows, c ascending; in
 * chunks of at most 8 vectors held in registers.
 */
function linearFn(P: Plan): WasmFunction {
  // params: W, b, x, y, din, dout
  const b = new FnBuilder("linear", [I32, I32, I32, I32, I32, I32], []);
  const u = b.local(I32), c = b.local(I32), wp = b.local(I32), xp = b.local(I32);
  const yo = b.local(I32), bb = b.local(V128), sc = b.local(V128);
  const nv = P.rowB / 16;
  const acc: number[] = [];
  for (let v = 0; v < Math.min(8, nv); v++) acc.push(b.local(V128));
  b.emit(get(3), set(yo));
  b.forRange(u, k32(0), get(5), 1, () => {
    b.emit(get(1), get(u), k32(4), op.i32Mul, op.i32Add, op.v128Load32Splat(0), set(bb));
    for (let v0 = 0; v0 < nv; v0 += 8) {
      const cnt = Math.min(8, nv - v0);
      for (let v = 0; v < cnt; v++) b.emit(get(bb), set(acc[v]));
      b.emit(get(0), get(u), get(4), op.i32Mul, k32(4), op.i32Mul, op.i32Add, set(wp));
      b.emit(get(2), set(xp));
      b.forRange(c, k32(0), get(4), 1, () => {
        b.emit(get(wp), op.v128Load32Splat(0), set(sc));
        for (let v = 0; v < cnt; v++) {
          b.emit(get(acc[v]), get(sc), get(xp), op.v128Load((v0 + v) * 16), op.f32x4Mul);
          b.emit(op.f32x4Add, set(acc[v]));
        }
        b.emit(get(wp), k32(4), op.i32Add, set(wp), get(xp), k32(P.rowB), op.i32Add, set(xp));
      });
      for (let v = 0; v < cnt; v++) b.emit(get(yo), get(acc[v]), op.v128Store((v0 + v) * 16));
    }
    b.emit(get(yo), k32(P.rowB), op.i32Add, set(yo));
  });
  return b.build();
}

/** Edge gates of the three heads: gate_η = b_η + E_η·[e (4), A, Aᵀ] (+ E_η,I on the diagonal). */
function gatesFn(P: Plan): WasmFunction {
  const b = new FnBuilder("gates", [], []);
  const A = P.a, off = b.local(I32), i = b.local(I32);
  const ev = [0, 1, 2, 3, 4, 5].map(() => b.local(V128));
  const gp: number[] = [];
  for (let q = 0; q < HEADS * 8; q++) gp.push(param(b, A.gatePar + q * 4));
  b.forRange(off, k32(0), k32(P.MB), 16, () => {
    for (let c = 0; c < DE; c++) b.emit(get(off), op.v128Load(A.e + c * P.MB), set(ev[c]));
    b.emit(get(off), op.v128Load(A.Af), set(ev[4]));
    b.emit(get(off), op.v128Load(A.ATf), set(ev[5]));
    for (let h = 0; h < HEADS; h++) {
      b.emit(get(off), get(gp[h * 8 + 7]));
      for (let c = 0; c < 6; c++) b.emit(get(gp[h * 8 + c]), get(ev[c]), op.f32x4Mul, op.f32x4Add);
      b.emit(op.v128Store(A.gate + h * P.MB));
    }
  });
  // the diagonal term E_η,I·1(i = j)
  b.forRange(i, k32(0), k32(P.N), 1, () => {
    for (let h = 0; h < HEADS; h++) {
      const addr = (): number[] => [
        ...get(i),
        ...k32(P.rowB + 4),
        ...op.i32Mul,
      ];
      b.emit(addr(), addr(), ops.f32Load(A.gate + h * P.MB), k32(0));
      b.emit(ops.f32Load(A.gatePar + (h * 8 + 6) * 4), ops.f32Add, ops.f32Store(A.gate + h * P.MB));
    }
  });
  return b.build();
}

/**
 * One graph-transformer attention: per head and sender i, s_j = (q_i/2)·k_j·gate_ij, α = softmax_j
 * (exp(s − max)·(1/Σ)); then z[η·8+f][j] = Σ_i α_ij v_i,f (i ascending).
 */
function attentionFn(P: Plan): WasmFunction {
  const b = new FnBuilder("attention", [], []);
  const A = P.a, rowB = P.rowB;
  const ro = b.local(I32), i4 = b.local(I32), vo = b.local(I32), ap = b.local(I32);
  const q = [0, 1, 2, 3].map(() => b.local(V128));
  const s = b.local(V128), mx = b.local(V128), sum = b.local(V128), al = b.local(V128);
  const acc = [0, 1, 2, 3, 4, 5, 6, 7].map(() => b.local(V128));
  const sv = [0, 1, 2, 3, 4, 5, 6, 7].map(() => b.local(V128));
  const qRow = (h: number, c: number): number => A.qkv + (h * QK + c) * rowB;
  const kRow = (h: number, c: number): number => A.qkv + (HEADS * QK + h * QK + c) * rowB;
  const vRow = (h: number, f: number): number => A.qkv + (2 * HEADS * QK + h * VF + f) * rowB;
  for (let h = 0; h < HEADS; h++) {
    b.emit(k32(0), set(i4));
    b.forRange(ro, k32(0), k32(P.MB), rowB, () => {
      for (let c = 0; c < QK; c++) {
        // (q·k)/√d_k with d_k = 4: q/2 is exact in float32
        b.emit(get(i4), op.v128Load32Splat(qRow(h, c)), get(b.constant(0.5)), op.f32x4Mul);
        b.emit(set(q[c]));
      }
      const nv = rowB / 16;
      if (nv <= 8) {
        // the whole row in registers: scores, max, exp, sum, α stored once
        const score = (v: number): void => {
          for (let c = 0; c < QK; c++) {
            b.emit(get(q[c]), k32(0), op.v128Load(kRow(h, c) + v * 16), op.f32x4Mul);
            if (c > 0) b.emit(op.f32x4Add);
          }
          // s = (q·k)/2 · gate (multiplicative edge gating); padded columns get −∞
          b.emit(get(ro), op.v128Load(A.gate + h * P.MB + v * 16), op.f32x4Mul);
          if (P.Np !== P.N && v === nv - 1) {
            b.emit(k32(0), op.v128Load(A.pad + v * 16), op.f32x4Add);
          }
          b.emit(set(sv[v]));
        };
        for (let v = 0; v < nv; v++) score(v);
        b.emit(get(sv[0]), set(mx));
        for (let v = 1; v < nv; v++) b.emit(get(mx), get(sv[v]), ops.f32x4Pmax, set(mx));
        emitHorizontal(b, mx, false);
        b.emit(set(mx));
        for (let v = 0; v < nv; v++) {
          b.emit(get(sv[v]), get(mx), ops.f32x4Sub, set(sv[v]));
          emitExp(b, sv[v], sv[v]);
          if (v === 0) b.emit(get(sv[0]), set(sum));
          else b.emit(get(sum), get(sv[v]), op.f32x4Add, set(sum));
        }
        emitHorizontal(b, sum, true);
        b.emit(set(sum), op.localGet(b.constant(1)), get(sum), ops.f32x4Div, set(sum));
        for (let v = 0; v < nv; v++) {
          b.emit(get(ro), get(sv[v]), get(sum), op.f32x4Mul, op.v128Store(A.alpha + v * 16));
        }
      } else {
        b.emit(ops.f32x4Const(-Infinity), set(mx));
        b.forRange(vo, k32(0), k32(rowB), 16, () => {
          for (let c = 0; c < QK; c++) {
            b.emit(get(q[c]), get(vo), op.v128Load(kRow(h, c)), op.f32x4Mul);
            if (c > 0) b.emit(op.f32x4Add);
          }
          // s = (q·k)/2 · gate (multiplicative edge gating); padded columns get −∞
          b.emit(get(ro), get(vo), op.i32Add, op.v128Load(A.gate + h * P.MB), op.f32x4Mul);
          if (P.Np !== P.N) b.emit(get(vo), op.v128Load(A.pad), op.f32x4Add);
          b.emit(set(s), get(ro), get(vo), op.i32Add, get(s), op.v128Store(A.alpha));
          b.emit(get(mx), get(s), ops.f32x4Pmax, set(mx));
        });
        emitHorizontal(b, mx, false);
        b.emit(set(mx), op.v128Zero, set(sum));
        b.forRange(vo, k32(0), k32(rowB), 16, () => {
          b.emit(get(ro), get(vo), op.i32Add, op.v128Load(A.alpha), get(mx), ops.f32x4Sub, set(s));
          emitExp(b, s, s);
          b.emit(get(ro), get(vo), op.i32Add, get(s), op.v128Store(A.alpha));
          b.emit(get(sum), get(s), op.f32x4Add, set(sum));
        });
        emitHorizontal(b, sum, true);
        b.emit(set(sum), ops.f32x4Const(1), get(sum), ops.f32x4Div, set(sum));
        b.forRange(vo, k32(0), k32(rowB), 16, () => {
          b.emit(get(ro), get(vo), op.i32Add, get(ro), get(vo), op.i32Add);
          b.emit(op.v128Load(A.alpha), get(sum), op.f32x4Mul, op.v128Store(A.alpha));
        });
      }
      b.emit(get(i4), k32(4), op.i32Add, set(i4));
    });
    // z[j] = Σ_i α[i][j] v_i, i ascending, the 8 value features at once
    b.forRange(vo, k32(0), k32(rowB), 16, () => {
      for (let f = 0; f < VF; f++) b.emit(op.v128Zero, set(acc[f]));
      b.emit(k32(0), set(i4));
      b.forRange(ap, get(vo), [...get(vo), ...k32(P.MB), ...op.i32Add], rowB, () => {
        b.emit(get(ap), op.v128Load(A.alpha), set(al));
        for (let f = 0; f < VF; f++) {
          b.emit(get(acc[f]), get(al), get(i4), op.v128Load32Splat(vRow(h, f)), op.f32x4Mul);
          b.emit(op.f32x4Add, set(acc[f]));
        }
        b.emit(get(i4), k32(4), op.i32Add, set(i4));
      });
      for (let f = 0; f < VF; f++) {
        b.emit(get(vo), get(acc[f]), op.v128Store(A.z + (h * VF + f) * rowB));
      }
    });
  }
  return b.build();
}

/** Node GRU: r, z = σ(gi + gh), n = tanh(gi_n + r(gh_n + b_n)), h' = n + z(h − n). */
function nodeGruFn(P: Plan): WasmFunction {
  const b = new FnBuilder("nodeGru", [], []);
  const A = P.a, H = DH * P.rowB;
  const off = b.local(I32), x = b.local(V128), r = b.local(V128), z = b.local(V128);
  const n = b.local(V128);
  b.forRange(off, k32(0), k32(H), 16, () => {
    const pair = (g: number): number[] => [
      ...get(off),
      ...op.v128Load(A.gi + g * H),
      ...get(off),
      ...op.v128Load(A.gh + g * H),
    ];
    b.emit(pair(0), op.f32x4Add, set(x));
    emitSigmoid(b, x, r);
    b.emit(pair(1), op.f32x4Add, set(x));
    emitSigmoid(b, x, z);
    b.emit(get(off), op.v128Load(A.gi + 2 * H), get(r), get(off), op.v128Load(A.gh + 2 * H));
    b.emit(get(off), op.v128Load(A.bnRows), op.f32x4Add, op.f32x4Mul, op.f32x4Add, set(x));
    emitTanh(b, x, n);
    // h' = n + z(h − n)
    b.emit(get(off), get(n), get(z), get(off), op.v128Load(A.h), get(n), ops.f32x4Sub);
    b.emit(op.f32x4Mul, op.f32x4Add, op.v128Store(A.hNew));
  });
  return b.build();
}

/**
 * Edge GRU over every pair block with an edge: ê_u = n + z(e_u − n) with the gate inputs
 * post[g][j] + pre[g][i] + W_hh,g·e; masked by the old A (ê = 0 off the edges).
 */
function edgeGruFn(P: Plan): WasmFunction {
  const b = new FnBuilder("edgeGru", [], []);
  const A = P.a, rowB = P.rowB;
  const ro = b.local(I32), i4 = b.local(I32), vo = b.local(I32), off = b.local(I32);
  const a = b.local(V128), x = b.local(V128), rg = b.local(V128), zg = b.local(V128);
  const ng = b.local(V128);
  const e = [0, 1, 2, 3].map(() => b.local(V128)), nu = [0, 1, 2, 3].map(() => b.local(V128));
  const wv: number[] = [];
  for (let q = 0; q < 3 * DE * DE + DE; q++) wv.push(param(b, A.edgePar + q * 4));
  const preV = Array.from({ length: 3 * DE }, () => b.local(V128));
  const wdot = (g: number): void => {
    for (let c = 0; c < DE; c++) {
      b.emit(get(wv[g * DE + c]), get(e[c]), op.f32x4Mul);
      if (c > 0) b.emit(op.f32x4Add);
    }
  };
  const gin = (g: number): void => {
    b.emit(get(vo), op.v128Load(A.post + g * rowB), get(preV[g]), op.f32x4Add);
  };
  b.emit(k32(0), set(i4));
  b.forRange(ro, k32(0), k32(P.MB), rowB, () => {
    for (let g = 0; g < 3 * DE; g++) {
      b.emit(get(i4), op.v128Load32Splat(A.pre + g * rowB), set(preV[g]));
    }
    b.forRange(vo, k32(0), k32(rowB), 16, () => {
      b.emit(get(ro), get(vo), op.i32Add, set(off), get(off), op.v128Load(A.Af), set(a));
      b.emit(get(a), ops.v128AnyTrue, ops.ifVoid);
      for (let c = 0; c < DE; c++) b.emit(get(off), op.v128Load(A.e + c * P.MB), set(e[c]));
      for (let u = 0; u < DE; u++) {
        // r = σ(gi_r + W_hh,r e), z = σ(gi_z + W_hh,z e), n = tanh(gi_n + r(W_hh,n e + b_n))
        gin(u);
        wdot(u);
        b.emit(op.f32x4Add, set(x));
        emitSigmoid(b, x, rg);
        gin(DE + u);
        wdot(DE + u);
        b.emit(op.f32x4Add, set(x));
        emitSigmoid(b, x, zg);
        gin(2 * DE + u);
        b.emit(get(rg));
        wdot(2 * DE + u);
        b.emit(get(wv[3 * DE * DE + u]), op.f32x4Add);
        b.emit(op.f32x4Mul, op.f32x4Add, set(x));
        emitTanh(b, x, ng);
        // ê_u = n + z(e_u − n)
        b.emit(get(ng), get(zg), get(e[u]), get(ng), ops.f32x4Sub, op.f32x4Mul, op.f32x4Add);
        b.emit(set(nu[u]));
      }
      b.emit(get(a), op.v128Zero, ops.f32x4Ne, set(a));
      for (let c = 0; c < DE; c++) {
        b.emit(get(off), get(nu[c]), get(a), ops.v128And, op.v128Store(A.e + c * P.MB));
      }
      b.emit(ops.else);
      for (let c = 0; c < DE; c++) b.emit(get(off), op.v128Zero, op.v128Store(A.e + c * P.MB));
      b.emit(op.end);
    });
    b.emit(get(i4), k32(4), op.i32Add, set(i4));
  });
  return b.build();
}

/** Prune-MLP logits o = b2 + Σ_u w2_u relu(b1_u + W1_u·ê) on every block with an edge. */
function pruneFn(P: Plan): WasmFunction {
  const b = new FnBuilder("prune", [], []);
  const A = P.a, off = b.local(I32), o = b.local(V128), s = b.local(V128);
  const e = [0, 1, 2, 3].map(() => b.local(V128));
  const pv: number[] = [];
  for (let q = 0; q < W * DE + 2 * W + 1; q++) pv.push(param(b, A.prunePar + q * 4));
  const w1 = 0, b1 = W * DE, w2 = b1 + W, b2 = w2 + W;
  b.forRange(off, k32(0), k32(P.MB), 16, () => {
    b.emit(get(off), op.v128Load(A.Af), ops.v128AnyTrue, ops.ifVoid);
    for (let c = 0; c < DE; c++) b.emit(get(off), op.v128Load(A.e + c * P.MB), set(e[c]));
    b.emit(get(pv[b2]), set(o));
    for (let u = 0; u < W; u++) {
      b.emit(get(pv[b1 + u]));
      for (let c = 0; c < DE; c++) {
        b.emit(get(pv[w1 + u * DE + c]), get(e[c]), op.f32x4Mul);
        b.emit(op.f32x4Add);
      }
      b.emit(op.v128Zero, ops.f32x4Pmax, set(s));
      b.emit(get(o), get(pv[w2 + u]), get(s), op.f32x4Mul, op.f32x4Add);
      b.emit(set(o));
    }
    b.emit(get(off), get(o), op.v128Store(A.oPr), op.end);
  });
  return b.build();
}

/** Add-MLP logits o = b2 + Σ_u w2_u relu(uPost[u][j] + uPre[u][i]) on blocks with a candidate. */
function addFn(P: Plan): WasmFunction {
  const b = new FnBuilder("addMlp", [], []);
  const A = P.a, rowB = P.rowB;
  const ro = b.local(I32), i4 = b.local(I32), vo = b.local(I32), off = b.local(I32);
  const o = b.local(V128);
  const av: number[] = [];
  for (let q = 0; q <= W; q++) av.push(param(b, A.addPar + q * 4));
  const upre = Array.from({ length: W }, () => b.local(V128));
  b.emit(k32(0), set(i4));
  b.forRange(ro, k32(0), k32(P.MB), rowB, () => {
    for (let u = 0; u < W; u++) {
      b.emit(get(i4), op.v128Load32Splat(A.uPre + u * rowB), set(upre[u]));
    }
    b.forRange(vo, k32(0), k32(rowB), 16, () => {
      b.emit(get(ro), get(vo), op.i32Add, set(off));
      // candidates: M ∧ ¬A_old
      b.emit(get(off), op.v128Load(A.Mf), op.v128Zero, ops.f32x4Ne);
      b.emit(get(off), op.v128Load(A.Af), op.v128Zero, ops.f32x4Eq, ops.v128And);
      b.emit(ops.v128AnyTrue, ops.ifVoid);
      b.emit(get(av[W]), set(o));
      for (let u = 0; u < W; u++) {
        b.emit(get(o), get(av[u]));
        b.emit(get(vo), op.v128Load(A.uPost + u * rowB), get(upre[u]), op.f32x4Add);
        b.emit(op.v128Zero, ops.f32x4Pmax, op.f32x4Mul, op.f32x4Add, set(o));
      }
      b.emit(get(off), get(o), op.v128Store(A.oAdd), op.end);
    });
    b.emit(get(i4), k32(4), op.i32Add, set(i4));
  });
  return b.build();
}

/**
 * Forward pass (param: byte address of the bias row, h[0] or zeros): aSeq row 0 = the stored a
 * with the inputs clamped to obs; row τ+1 = tanh(row τ @ w + b) (inputs clamped again except in
 * the last row), w = e_0.
 */
function forwardFn(P: Plan, T: number): WasmFunction {
  const b = new FnBuilder("forward", [I32], []);
  const A = P.a, rowB = P.rowB, nv = rowB / 16;
  const src = b.local(I32), i4 = b.local(I32), wr = b.local(I32), sc = b.local(V128);
  const tau = b.local(I32);
  const acc: number[] = [];
  for (let v = 0; v < Math.min(8, nv); v++) acc.push(b.local(V128));
  const clamp = (rowAddr: number[]): void => {
    for (let i = 0; i < P.o; i++) {
      b.emit(rowAddr, k32(0), ops.f32Load(A.obs + 4 * i), ops.f32Store(4 * i));
    }
  };
  for (let v = 0; v < nv; v++) {
    b.emit(k32(0), k32(0), op.v128Load(A.aStore + v * 16), op.v128Store(A.aSeq + v * 16));
  }
  clamp(k32(A.aSeq));
  b.forRange(tau, k32(0), k32(T), 1, () => {
    b.emit(get(tau), k32(rowB), op.i32Mul, k32(A.aSeq), op.i32Add, set(src));
    for (let v0 = 0; v0 < nv; v0 += 8) {
      const cnt = Math.min(8, nv - v0);
      for (let v = 0; v < cnt; v++) b.emit(get(0), op.v128Load((v0 + v) * 16), set(acc[v]));
      b.emit(k32(A.e), set(wr));
      // a_j = Σ_i ã_i w_ij, i ascending
      b.forRange(i4, k32(0), k32(4 * P.N), 4, () => {
        b.emit(get(src), get(i4), op.i32Add, op.v128Load32Splat(0), set(sc));
        for (let v = 0; v < cnt; v++) {
          b.emit(get(acc[v]), get(sc), get(wr), op.v128Load((v0 + v) * 16), op.f32x4Mul);
          b.emit(op.f32x4Add, set(acc[v]));
        }
        b.emit(get(wr), k32(rowB), op.i32Add, set(wr));
      });
      for (let v = 0; v < cnt; v++) {
        emitTanh(b, acc[v], acc[v]);
        b.emit(get(src), get(acc[v]), op.v128Store(rowB + (v0 + v) * 16));
      }
    }
    b.emit(get(tau), k32(1), op.i32Add, k32(T), op.i32LtU, ops.ifVoid);
    clamp([...get(src), ...k32(rowB), ...op.i32Add]);
    b.emit(op.end);
  });
  return b.build();
}

/** The exports of one kernel instance. */
interface Kernels {
  readonly memory: WebAssembly.Memory;
  readonly linear: (w: number, b: number, x: number, y: number, din: number, dout: number) => void;
  readonly gates: () => void;
  readonly attention: () => void;
  readonly nodeGru: () => void;
  readonly edgeGru: () => void;
  readonly prune: () => void;
  readonly addMlp: () => void;
  readonly forward: (bias: number) => void;
}

const modules = new Map<string, WebAssembly.Module>();

function instantiate(P: Plan, T: number): Kernels {
  const id = `${P.N}|${T}|${P.o}`;
  let mod = modules.get(id);
  if (!mod) {
    const bytes = emitModule([
      linearFn(P),
      gatesFn(P),
      attentionFn(P),
      nodeGruFn(P),
      edgeGruFn(P),
      pruneFn(P),
      addFn(P),
      forwardFn(P, T),
    ], Math.ceil(P.bytes / 65536) + 1);
    mod = new WebAssembly.Module(bytes);
    modules.set(id, mod);
  }
  return new WebAssembly.Instance(mod, {}).exports as unknown as Kernels;
}

/**
 * Whether this runtime can run the `"f32-wasm"` kernel (WebAssembly with fixed-width SIMD).
 *
 * @example
 * ```ts
 * import { wasmF32Available } from "@neuroplastic/engines/lndp";
 * console.log(typeof wasmF32Available()); // boolean
 * ```
 */
export function wasmF32Available(): boolean {
  try {
    instantiate(makePlan(4, 1, 1), 1);
    return true;
  } catch {
    return false;
  }
}

/**
 * One LNDP network held in a WebAssembly instance's memory in float32 (the `"f32-wasm"`
 * precision): load a genome and a state, then `update` / `forward` per environment step;
 * `exportState` reads it back as a {@link NetState} (float64 arrays holding float32 values).
 *
 * @example
 * ```ts
 * import { initNetGraph, lndpDefaults, makeModel, WasmF32Net } from "@neuroplastic/engines/lndp";
 * const m = makeModel("cartpole", { ...lndpDefaults, precision: "f32-wasm" });
 * const net = new WasmF32Net(m);
 * net.loadGenome(new Float64Array(m.layout.size));
 * net.importState(initNetGraph(m, { k0: 0, k1: 1 }));
 * net.update({ k0: 0, k1: 2 });
 * console.log(net.forward([0, 0, 0, 0]), net.t); // 0 1
 * ```
 */
export class WasmF32Net {
  /** The model. */
  readonly model: Model;
  /** Reward fed to the next update. */
  r = 0;
  /** Skip flag (updates skipped while ≠ 0). */
  d = 0;
  /** Updates performed. */
  t = 0;
  /** Adjacency (N×N, row-major, unpadded). */
  readonly A: Uint8Array;
  private readonly P: Plan;
  private readonly k: Kernels;
  private readonly f: Float32Array;
  private readonly outDeg: Float64Array;
  private readonly inDeg: Float64Array;
  private readonly uPr: Float64Array;
  private readonly uAdd: Float64Array;
  private p: Params | undefined;
  private c0 = NaN;

  /**
   * Builds (or reuses the compiled module of) the kernels for `model` and zeroes the state.
   *
   * @example
   * ```ts
   * import { lndpDefaults, makeModel, WasmF32Net } from "@neuroplastic/engines/lndp";
   * const net = new WasmF32Net(makeModel("grid", lndpDefaults));
   * console.log(net.t); // 0
   * ```
   */
  constructor(model: Model) {
    this.model = model;
    const P = makePlan(model.N, model.T, model.o);
    this.P = P;
    this.k = instantiate(P, model.T);
    this.f = new Float32Array(this.k.memory.buffer);
    const N = model.N;
    this.A = new Uint8Array(N * N);
    this.outDeg = new Float64Array(N);
    this.inDeg = new Float64Array(N);
    this.uPr = new Float64Array(N * N);
    this.uAdd = new Float64Array(N * N);
    const f = this.f, a = P.a, Np = P.Np;
    for (let j = N; j < Np; j++) f[a.pad / 4 + j] = -Infinity;
    for (let i = 0; i < N; i++) {
      for (let j = 0; j < N; j++) f[a.Mf / 4 + i * Np + j] = model.mask[i * N + j];
    }
    // node-type features (rows 3 and 4) are constant
    for (let i = 0; i < N; i++) {
      f[a.feat / 4 + 3 * Np + i] = i < model.o ? 1 : 0;
      f[a.feat / 4 + 4 * Np + i] = i >= N - model.k ? 1 : 0;
    }
  }

  /**
   * Loads a genome (rounded to float32) into the kernel's parameter regions, repacked to the
   * kernel's layouts. Throws {@link InvalidConfig} (field `genome`) on a wrong length.
   *
   * @example
   * ```ts
   * import { lndpDefaults, makeModel, WasmF32Net } from "@neuroplastic/engines/lndp";
   * const m = makeModel("cartpole", lndpDefaults);
   * new WasmF32Net(m).loadGenome(new Float64Array(m.layout.size));
   * ```
   */
  loadGenome(genome: Float64Array): void {
    const p = unflattenParams(this.model.layout, genome.map(Math.fround));
    this.p = p;
    const f = this.f, a = this.P.a, T1 = this.P.T1, Np = this.P.Np;
    const put = (addr: number, i: number, v: number): void => {
      f[addr / 4 + i] = v;
    };
    // Wpre columns reordered from [feat, aSeq, h] to the memory order [feat, h, aSeq]
    const dinRef = NODE_FEATS + T1 + DH, dinPre = this.P.dinPre;
    for (let u = 0; u < DH; u++) {
      for (let c = 0; c < NODE_FEATS; c++) put(a.wPre, u * dinPre + c, p.preW[u * dinRef + c]);
      for (let c = 0; c < DH; c++) {
        put(a.wPre, u * dinPre + NODE_FEATS + c, p.preW[u * dinRef + NODE_FEATS + T1 + c]);
      }
      for (let t = 0; t < T1; t++) {
        put(a.wPre, u * dinPre + NODE_FEATS + DH + t, p.preW[u * dinRef + NODE_FEATS + t]);
      }
      put(a.bPre, u, p.preB[u]);
    }
    // Q, K, V rows 3c + η (component c of head η) → rows η·d + c
    for (let h = 0; h < HEADS; h++) {
      for (let c = 0; c < QK; c++) {
        for (let x = 0; x < DH; x++) {
          put(a.wQkv, (h * QK + c) * DH + x, p.Q[(c * HEADS + h) * DH + x]);
          put(a.wQkv, (HEADS * QK + h * QK + c) * DH + x, p.K[(c * HEADS + h) * DH + x]);
        }
      }
      for (let c = 0; c < VF; c++) {
        for (let x = 0; x < DH; x++) {
          put(a.wQkv, (2 * HEADS * QK + h * VF + c) * DH + x, p.V[(c * HEADS + h) * DH + x]);
        }
      }
    }
    // O columns 3f + η → η·8 + f (the z row order)
    for (let u = 0; u < DH; u++) {
      for (let h = 0; h < HEADS; h++) {
        for (let c = 0; c < VF; c++) {
          put(a.wO, u * HEADS * VF + h * VF + c, p.OW[u * HEADS * VF + c * HEADS + h]);
        }
      }
      put(a.bO, u, p.Ob[u]);
    }
    f.set(p.nodeWih, a.wNih / 4);
    f.set(p.nodeB, a.bNih / 4);
    f.set(p.nodeWhh, a.wNhh / 4);
    for (let u = 0; u < DH; u++) {
      f.fill(p.nodeBn[u], a.bnRows / 4 + u * Np, a.bnRows / 4 + (u + 1) * Np);
    }
    // edge GRU input [h'_j, h'_i, a_j, a_i, r] split into post [a_j, h'_j] and pre [a_i, h'_i]
    const din2 = 2 * DH + 2 * T1 + 1, dinE = this.P.dinE;
    for (let g = 0; g < 3 * DE; g++) {
      for (let t = 0; t < T1; t++) {
        put(a.wEpost, g * dinE + t, p.edgeWih[g * din2 + 2 * DH + t]);
        put(a.wEpre, g * dinE + t, p.edgeWih[g * din2 + 2 * DH + T1 + t]);
      }
      for (let c = 0; c < DH; c++) {
        put(a.wEpost, g * dinE + T1 + c, p.edgeWih[g * din2 + c]);
        put(a.wEpre, g * dinE + T1 + c, p.edgeWih[g * din2 + DH + c]);
      }
    }
    // gate parameters: per head E_η[0..6] then the bias
    for (let h = 0; h < HEADS; h++) {
      for (let c = 0; c < 7; c++) put(a.gatePar, h * 8 + c, p.EW[h * 7 + c]);
      put(a.gatePar, h * 8 + 7, p.Eb[h]);
    }
    f.set(p.edgeWhh, a.edgePar / 4);
    f.set(p.edgeBn, a.edgePar / 4 + 3 * DE * DE);
    if (p.prW1) {
      f.set(p.prW1, a.prunePar / 4);
      f.set(p.prB1!, a.prunePar / 4 + W * DE);
      f.set(p.prW2!, a.prunePar / 4 + W * DE + W);
      put(a.prunePar, W * DE + 2 * W, p.prB2![0]);
      // c0 = σ(MLP_pr(0)) = σ(W2 relu(b1) + b2), in float64 from the float32 parameters
      let o = p.prB2![0];
      for (let u = 0; u < W; u++) if (p.prB1![u] > 0) o += p.prW2![u] * p.prB1![u];
      this.c0 = 1 / (1 + Math.exp(-o));
    } else this.c0 = NaN;
    if (p.addW1) {
      for (let u = 0; u < W; u++) {
        for (let c = 0; c < DH; c++) {
          put(a.wAddPost, u * DH + c, p.addW1[u * 2 * DH + c]);
          put(a.wAddPre, u * DH + c, p.addW1[u * 2 * DH + DH + c]);
        }
      }
      f.set(p.addB1!, a.bAdd1 / 4);
      f.set(p.addW2!, a.addPar / 4);
      put(a.addPar, W, p.addB2![0]);
    }
  }

  /**
   * Copies a state into the kernel (values rounded to float32; w is taken as e[…, 0], which it
   * always equals in the model).
   *
   * @example
   * ```ts
   * import { initNetGraph, lndpDefaults, makeModel, WasmF32Net } from "@neuroplastic/engines/lndp";
   * const m = makeModel("cartpole", lndpDefaults);
   * new WasmF32Net(m).importState(initNetGraph(m, { k0: 0, k1: 1 }));
   * ```
   */
  importState(s: NetState): void {
    const { N, Np, T1, MB, a } = this.P;
    const f = this.f;
    this.A.set(s.A);
    this.outDeg.fill(0);
    this.inDeg.fill(0);
    f.fill(0, a.e / 4, a.e / 4 + (DE * MB) / 4);
    f.fill(0, a.Af / 4, a.Af / 4 + MB / 4);
    f.fill(0, a.ATf / 4, a.ATf / 4 + MB / 4);
    for (let i = 0; i < N; i++) {
      for (let j = 0; j < N; j++) {
        const ij = i * N + j, q = i * Np + j;
        for (let c = 0; c < DE; c++) f[(a.e + c * MB) / 4 + q] = s.e[ij * DE + c];
        const x = s.A[ij];
        f[a.Af / 4 + q] = x;
        f[a.ATf / 4 + j * Np + i] = x;
        this.outDeg[i] += x;
        this.inDeg[j] += x;
      }
    }
    f.fill(0, a.h / 4, a.hNew / 4 + DH * Np);
    for (let i = 0; i < N; i++) {
      for (let c = 0; c < DH; c++) f[a.h / 4 + c * Np + i] = s.h[i * DH + c];
      for (let t = 0; t < T1; t++) f[a.aSeq / 4 + t * Np + i] = s.aSeq[i * T1 + t];
    }
    f.fill(0, a.aStore / 4, a.aStore / 4 + Np);
    for (let i = 0; i < N; i++) f[a.aStore / 4 + i] = s.a[i];
    this.r = s.r;
    this.d = s.d;
    this.t = s.t;
  }

  /**
   * Writes the kernel's state into `s` (float64 arrays of float32 values).
   *
   * @example
   * ```ts
   * import { emptyNetState, lndpDefaults, makeModel, WasmF32Net } from "@neuroplastic/engines/lndp";
   * const m = makeModel("cartpole", lndpDefaults);
   * const s = emptyNetState(m);
   * new WasmF32Net(m).exportState(s);
   * console.log(s.t); // 0
   * ```
   */
  exportState(s: NetState): void {
    const { N, Np, T1, MB, a } = this.P;
    const f = this.f;
    s.A.set(this.A);
    for (let i = 0; i < N; i++) {
      for (let j = 0; j < N; j++) {
        const ij = i * N + j, q = i * Np + j;
        for (let c = 0; c < DE; c++) s.e[ij * DE + c] = f[(a.e + c * MB) / 4 + q];
        s.w[ij] = f[a.e / 4 + q];
      }
      for (let c = 0; c < DH; c++) s.h[i * DH + c] = f[a.h / 4 + c * Np + i];
      for (let t = 0; t < T1; t++) s.aSeq[i * T1 + t] = f[a.aSeq / 4 + t * Np + i];
      s.a[i] = f[a.aStore / 4 + i];
    }
    s.r = this.r;
    s.d = this.d;
    s.t = this.t;
  }

  /**
   * One lifelong update (update.ts documents the steps) in float32 WebAssembly SIMD; `key` is
   * used only with `stochasticDecisions`. Requires {@link loadGenome} first.
   *
   * @example
   * ```ts
   * import { initNetGraph, lndpDefaults, makeModel, WasmF32Net } from "@neuroplastic/engines/lndp";
   * const m = makeModel("cartpole", lndpDefaults);
   * const net = new WasmF32Net(m);
   * net.loadGenome(new Float64Array(m.layout.size));
   * net.importState(initNetGraph(m, { k0: 0, k1: 1 }));
   * console.log(net.update({ k0: 0, k1: 2 }).added >= 0); // true
   * ```
   */
  update(key: Key): UpdateInfo {
    const p = this.p;
    if (!p) {
      throw new InvalidConfig({
        field: "genome",
        message: "genome: WasmF32Net.update before loadGenome",
        allowed: "a loaded genome",
      });
    }
    const model = this.model, k = this.k, f = this.f, P = this.P, a = P.a;
    const { N, Np, T1 } = P;
    // 1. node features [out/10, in/10, out/10 + (in/10)/20] (update.ts), then Wpre
    const fe = a.feat / 4;
    for (let i = 0; i < N; i++) {
      const iD = this.outDeg[i] / 10, oD = this.inDeg[i] / 10;
      f[fe + i] = iD;
      f[fe + Np + i] = oD;
      f[fe + 2 * Np + i] = iD + oD / 20;
    }
    k.linear(a.wPre, a.bPre, a.feat, a.x, P.dinPre, DH);
    // 2. graph transformer with the old edge features
    k.gates();
    let cur = a.x, nxt = a.xg;
    for (let it = 0; it < model.gnnIters; it++) {
      k.linear(a.wQkv, a.zero, cur, a.qkv, DH, NQKV);
      k.attention();
      k.linear(a.wO, a.bO, a.z, nxt, HEADS * VF, DH);
      const tmp = cur;
      cur = nxt;
      nxt = tmp;
    }
    // ours (outputIdentity): output node m's GRU input gets W_id[:, m]
    if (p.outId) {
      const K = model.k;
      for (let m = 0; m < K; m++) {
        for (let u = 0; u < DH; u++) f[cur / 4 + u * Np + N - K + m] += p.outId[u * K + m];
      }
    }
    // 3. h' = GRU_node(x, h)
    k.linear(a.wNih, a.bNih, cur, a.gi, DH, 3 * DH);
    k.linear(a.wNhh, a.zero, a.h, a.gh, DH, 3 * DH);
    k.nodeGru();
    // 4. edge GRU: post[g][j] = W[a_j, h'_j], pre[g][i] = W[a_i, h'_i] + W_r r + b
    const wr = 2 * DH + 2 * T1;
    for (let g = 0; g < 3 * DE; g++) {
      f[a.bEpre / 4 + g] = p.edgeB[g] + p.edgeWih[g * (wr + 1) + wr] * this.r;
    }
    k.linear(a.wEpost, a.zero, a.aSeq, a.post, P.dinE, 3 * DE);
    k.linear(a.wEpre, a.bEpre, a.aSeq, a.pre, P.dinE, 3 * DE);
    k.edgeGru();
    const info = this.structural(key);
    f.copyWithin(a.h / 4, a.hNew / 4, a.hNew / 4 + DH * Np);
    this.t += 1;
    return info;
  }

  /** Steps 5–7: logits in the kernel, decisions here (both against the old A). */
  private structural(key: Key): UpdateInfo {
    const model = this.model, info: UpdateInfo = { c0: this.c0, added: 0, pruned: 0 };
    if (!model.pruning && !model.synaptogenesis) return info;
    const k = this.k, f = this.f, a = this.P.a, { N, Np } = this.P;
    const stoch = model.stochasticDecisions, c0 = this.c0;
    if (stoch) {
      const [kPr, kAdd] = split(key, 2);
      fillUniform(kPr, this.uPr);
      fillUniform(kAdd, this.uAdd);
    }
    const vetoAll = model.pruning && !stoch && c0 > DECISION_THRESHOLD;
    const doAdd = model.synaptogenesis && !vetoAll;
    if (model.pruning) k.prune();
    if (doAdd) {
      k.linear(a.wAddPost, a.zero, a.hNew, a.uPost, DH, W);
      k.linear(a.wAddPre, a.bAdd1, a.hNew, a.uPre, DH, W);
      k.addMlp();
    }
    const A = this.A, M = model.mask, uPr = this.uPr, uAdd = this.uAdd;
    const oPr = a.oPr / 4, oAdd = a.oAdd / 4, Af = a.Af / 4, ATf = a.ATf / 4;
    for (let i = 0; i < N; i++) {
      for (let j = 0; j < N; j++) {
        const ij = i * N + j, q = i * Np + j;
        if (A[ij]) {
          if (!model.pruning) continue;
          const o = f[oPr + q];
          const pruned = stoch ? uPr[ij] < (1 / (1 + Math.exp(-o))) * 0.5 : o > LOGIT_THRESHOLD;
          if (pruned) {
            A[ij] = 0;
            f[Af + q] = 0;
            f[ATf + j * Np + i] = 0;
            this.outDeg[i]--;
            this.inDeg[j]--;
            info.pruned++;
          }
        } else if (doAdd && M[ij]) {
          // a non-edge survives prune unless c0 fires (prune wins over add)
          if (model.pruning && stoch && uPr[ij] < c0 * 0.5) continue;
          const o = f[oAdd + q];
          const added = stoch ? uAdd[ij] < (1 / (1 + Math.exp(-o))) * 0.5 : o > LOGIT_THRESHOLD;
          if (added) {
            A[ij] = 1;
            f[Af + q] = 1;
            f[ATf + j * Np + i] = 1;
            this.outDeg[i]++;
            this.inDeg[j]++;
            info.added++;
          }
        }
      }
    }
    return info;
  }

  /**
   * The forward pass (forward.ts's a_τ = tanh(ã_{τ−1} @ w + b)) on `obs`, in float32; returns
   * the action (argmax of the outputs, ties to the first; Pendulum 2·a, NaN → 0).
   *
   * @example
   * ```ts
   * import { lndpDefaults, makeModel, WasmF32Net } from "@neuroplastic/engines/lndp";
   * console.log(new WasmF32Net(makeModel("cartpole", lndpDefaults)).forward([1, 2, 3, 4])); // 0
   * ```
   */
  forward(obs: ArrayLike<number>): number {
    const model = this.model, f = this.f, a = this.P.a, { N, Np, T1 } = this.P;
    for (let i = 0; i < model.o; i++) f[a.obs / 4 + i] = obs[i];
    this.k.forward(model.useBias ? a.h : a.zero);
    const last = a.aSeq / 4 + (T1 - 1) * Np;
    if (model.isRecurrent) f.copyWithin(a.aStore / 4, last, last + Np);
    const K = model.k;
    if (model.env.discrete) {
      let best = 0, bv = f[last + N - K];
      for (let u = 1; u < K; u++) {
        const v = f[last + N - K + u];
        if (v > bv) {
          bv = v;
          best = u;
        }
      }
      return best;
    }
    const u = f[last + N - K] * model.actionScale;
    return Number.isNaN(u) ? 0 : u;
  }

  /** Zeroes the stored activation a (end of development). */
  clearActivation(): void {
    const a = this.P.a;
    this.f.fill(0, a.aStore / 4, a.aStore / 4 + this.P.Np);
  }

  /**
   * Development phase (step.ts `developInPlace`, same keys): OU spontaneous activity drives
   * `devSteps` updates and forward passes, then a := 0. Requires {@link loadGenome}.
   *
   * @example
   * ```ts
   * import { initNetGraph, lndpDefaults, makeModel, makeWorkspace, WasmF32Net } from "@neuroplastic/engines/lndp";
   * const m = makeModel("cartpole", { ...lndpDefaults, devSteps: 2 });
   * const net = new WasmF32Net(m);
   * net.loadGenome(new Float64Array(m.layout.size));
   * net.importState(initNetGraph(m, { k0: 0, k1: 1 }));
   * net.develop({ k0: 0, k1: 3 }, makeWorkspace(m));
   * console.log(net.t); // 2
   * ```
   */
  develop(key: Key, ws: Workspace): void {
    const p = this.p!;
    const ou = ouProcess(p.ouMu!, p.ouAlpha!, p.ouSigma!, p.ouDt!);
    const [kInit, kDev] = split(key, 2);
    const x = ws.ou, noise = ws.ouNoise, xi = new Float64Array(ou.d);
    // x_0 = W_0 (mean 0, not μ)
    x.fill(0);
    ouStepInPlace({ ...ou, alpha: new Float64Array(ou.d) }, x, kInit, noise, xi);
    for (let i = 0; i < this.model.devSteps; i++) {
      const [kSa, kUp] = split(fold(kDev, i), 2);
      ouStepInPlace(ou, x, kSa, noise, xi);
      this.update(kUp);
      this.forward(x);
    }
    this.clearActivation();
  }
}

const nets = new WeakMap<Workspace, WasmF32Net>();

/**
 * The kernel instance of a workspace (created on first use, one per workspace and model shape).
 *
 * @example
 * ```ts
 * import { lndpDefaults, makeModel, makeWorkspace, wasmNetFor } from "@neuroplastic/engines/lndp";
 * const m = makeModel("cartpole", lndpDefaults), ws = makeWorkspace(m);
 * console.log(wasmNetFor(m, ws) === wasmNetFor(m, ws)); // true
 * ```
 */
export function wasmNetFor(model: Model, ws: Workspace): WasmF32Net {
  let n = nets.get(ws);
  if (!n || n.model !== model) {
    n = new WasmF32Net(model);
    nets.set(ws, n);
  }
  return n;
}

/** The per-step view `runWasmF32` hands an observer (a fresh NetState export of the kernel). */
export type WasmObserver = (ev: {
  readonly episode: number;
  readonly step: number;
  readonly reward: number;
  readonly done: boolean;
  readonly net: NetState;
}) => void;

/**
 * One lifetime with the `"f32-wasm"` kernel: run.ts's episode loop (keys, early exit, the extra
 * update after a termination, the grid's single run) with the network in the kernel. Returns
 * fitness, returns, environment steps and updates as `run` does. With `observe`, the state is
 * exported after every environment step (slow; for traces).
 *
 * @example
 * ```ts
 * import { lndpDefaults, makeModel, makeWorkspace, runWasmF32 } from "@neuroplastic/engines/lndp";
 * const m = makeModel("cartpole", { ...lndpDefaults, precision: "f32-wasm" });
 * const envState = new Float64Array(m.env.stateSize), obs = new Float64Array(m.env.obsDims);
 * const r = runWasmF32(m, new Float64Array(1918), 3, { k0: 0, k1: 1 },
 *   { ws: makeWorkspace(m), envState, obs });
 * console.log(r.returns.length); // 3
 * ```
 */
export function runWasmF32(
  model: Model,
  genome: Float64Array,
  nEpisodes: number,
  key: Key,
  buffers: { readonly ws: Workspace; readonly envState: Float64Array; readonly obs: Float64Array },
  observe?: WasmObserver,
): { fitness: number; returns: number[]; envSteps: number; updates: number } {
  const { ws, envState, obs } = buffers;
  const net = wasmNetFor(model, ws);
  net.loadGenome(genome);
  const env = model.env;
  let view: NetState | undefined;
  const emit = (episode: number, step: number, reward: number, done: boolean): void => {
    if (!observe) return;
    view ??= emptyNetState(model);
    net.exportState(view);
    observe({ episode, step, reward, done, net: view });
  };
  const init = (k: Key): void => {
    net.importState(initNetGraph(model, k));
    if (model.devSteps > 0) net.develop(split(k, 4)[3], ws);
  };
  const act = (reward: number, k: Key): number => {
    net.r = reward;
    if (net.d === 0 && !model.blockLtUpdates) net.update(k);
    return net.forward(obs);
  };
  if (env.name === "grid") {
    const [kNet, kEnv, kSteps] = split(key, 3);
    init(kNet);
    env.reset(kEnv, envState, obs);
    let total = 0;
    for (let t = 0; t < env.maxSteps; t++) {
      const action = act(envState[3], fold(kSteps, t));
      const { reward, done } = env.stepInto(envState, action, obs);
      total += reward;
      emit(0, t, reward, done);
    }
    return { fitness: total, returns: [total], envSteps: env.maxSteps, updates: net.t };
  }
  let started = false;
  const returns: number[] = [];
  let envSteps = 0, fitness = 0;
  for (let ep = 0; ep < nEpisodes; ep++) {
    const [kReset, kSteps, kModel] = split(fold(key, ep), 3);
    if (!started) {
      init(kModel);
      started = true;
    }
    env.reset(kReset, envState, obs);
    let cum = 0, lastReward = 0;
    const T = env.maxSteps;
    for (let t = 0; t < T; t++) {
      const action = act(lastReward, fold(kSteps, t));
      const { reward, done } = env.stepInto(envState, action, obs);
      envSteps++;
      cum += reward;
      net.d = 0;
      lastReward = reward;
      emit(ep, t, reward, done);
      if (done) {
        if (t < T - 1) {
          // scan step t+1: one extra update that sees the terminal reward; then d = 1
          net.r = lastReward;
          if (!model.blockLtUpdates) net.update(fold(kSteps, t + 1));
          net.d = 1;
        }
        break;
      }
    }
    returns.push(cum);
    fitness = fitness + cum / nEpisodes;
  }
  return { fitness, returns, envSteps, updates: started ? net.t : 0 };
}
