/**
 * Hyperbolic tangent of a whole array in WebAssembly SIMD (two lanes per f64x2 step), giving
 * the same bits as `Math.tanh` on the platforms where it is enabled.
 *
 * What `Math.tanh` is: V8 implements it as `std::tanh` (`src/base/ieee754.cc`:
 * `double tanh(double x) { return std::tanh(x); }`), i.e. the platform's C library, not fdlibm.
 * In Deno on x86-64 Linux that is glibc's `__tanh` (`sysdeps/ieee754/dbl-64/s_tanh.c`), which calls
 * `__expm1`; glibc resolves `__expm1` at load time to a variant compiled with fused multiply-adds
 * (`__expm1_fma`) on CPUs with FMA3 and AVX2, else to one without. Measured here (glibc 2.36,
 * AMD EPYC with FMA): `Math.tanh` differs from an FMA-free fdlibm transcription in 1,500 of
 * 2,000,000 random inputs (by one ulp), so the bits of `Math.tanh` depend on the C library and the
 * CPU.
 *
 * This kernel transcribes that computation lane by lane:
 * - tanh (s_tanh.c): |x| ≥ 22 (and ±∞): ±1; |x| < 2⁻⁵⁵: x·(1 + x); |x| ≥ 1: 1 − 2/(t + 2) with
 *   t = expm1(2|x|); else −t/(t + 2) with t = expm1(−2|x|); the sign of x is applied last;
 * - expm1 (s_expm1.c) on the arguments tanh passes it (|u| ∈ [2⁻⁵⁴, 44)): reduction
 *   u = k·ln2 + r (k = trunc(u/ln2 ± ½) when |u| > ln2/2, with ln2 split in hi and lo parts),
 *   the rational approximation r1 = 1 + hxs·Q1 + hxs²·(Q2 + hxs·Q3) + hxs⁴·(Q4 + hxs·Q5)
 *   (hxs = r²/2) and the k-dependent reconstruction (k = 0, k = −1, k ≤ −2 or k > 56,
 *   2 ≤ k < 20, 20 ≤ k ≤ 56), adding k to the exponent with an integer add as glibc does;
 * - the nine operations glibc's FMA build contracts (the polynomial's five, t = 3 − r1·hfx,
 *   6 − r·t, r·e − hxs and (e − c)·r − c; read from the disassembly of `__expm1_fma`) use
 *   `f64x2.relaxed_madd` / `relaxed_nmadd`, which V8 compiles to a fused multiply-add on CPUs
 *   with FMA3 and to a multiply and an add elsewhere: the same split glibc makes. Every other
 *   operation is a plain IEEE-754 `f64x2` operation (round to nearest, no contraction).
 *
 * Because that match depends on the platform, the kernel checks itself once, at first use,
 * against `Math.tanh` on {@link TANH_PROBES} inputs spread over every branch (including 48 inputs
 * whose result differs between the fused and the unfused computation) and is used only if every
 * probe agrees bit for bit; otherwise (another C library, no WebAssembly SIMD or relaxed SIMD)
 * {@link tanhInPlace} falls back to a `Math.tanh` loop. Either way the results are those of
 * `Math.tanh`. Measured cost: `bench/genreg_kernels.ts` (A/B with a `Math.tanh` loop).
 *
 * The module instance and its memory are module-level scratch created on first use (grown on
 * demand); every call is synchronous and runs no user code.
 *
 * @module
 */
import { emitModule, I32, sleb128, uleb128, V128, type WasmFunction } from "./wasm_emit.ts";

// ---------------------------------------------------------------- encoders (spec §5.4.8)

const simd = (code: number, ...imm: number[]): number[] => [0xfd, ...uleb128(code), ...imm];
const get = (i: number): number[] => [0x20, ...uleb128(i)];
const set = (i: number): number[] => [0x21, ...uleb128(i)];
const i32c = (v: number): number[] => [0x41, ...sleb128(v)];
/** v128.const with both f64 lanes equal to `v`. */
const f64x2c = (v: number): number[] => {
  const b = new Uint8Array(new Float64Array([v, v]).buffer);
  return simd(0x0c, ...b);
};
/** v128.const with both i64 lanes equal to `v` (a BigInt). */
const i64x2c = (v: bigint): number[] => {
  const b = new Uint8Array(new BigInt64Array([v, v]).buffer);
  return simd(0x0c, ...b);
};
const O = {
  loadAt: (off: number): number[] => simd(0x00, 4, ...uleb128(off)),
  storeAt: (off: number): number[] => simd(0x0b, 4, ...uleb128(off)),
  and: simd(0x4e),
  andnot: simd(0x4f),
  or: simd(0x50),
  xor: simd(0x51),
  bitselect: simd(0x52),
  eq: simd(0x47),
  lt: simd(0x49),
  gt: simd(0x4a),
  le: simd(0x4b),
  ge: simd(0x4c),
  trunc: simd(0x7a),
  extendLowS: simd(0xc7),
  shl: simd(0xcb),
  i64add: simd(0xce),
  i64sub: simd(0xd1),
  abs: simd(0xec),
  neg: simd(0xed),
  add: simd(0xf0),
  sub: simd(0xf1),
  mul: simd(0xf2),
  div: simd(0xf3),
  truncSatZero: simd(0xfc),
  // relaxed SIMD: f64x2.relaxed_madd a b c = a·b + c, relaxed_nmadd = −(a·b) + c
  madd: simd(0x107),
  nmadd: simd(0x108),
  i32add: [0x6a],
  i32geu: [0x4f],
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  end: [0x0b],
  br: (d: number): number[] => [0x0c, ...uleb128(d)],
  brIf: (d: number): number[] => [0x0d, ...uleb128(d)],
};

// glibc s_expm1.c / s_tanh.c constants (bit patterns checked against libm's .rodata)
const LN2_HI = 6.93147180369123816490e-01; // 0x3FE62E42 FEE00000
const LN2_LO = 1.90821492927058770002e-10; // 0x3DEA39EF 35793C76
const INVLN2 = 1.44269504088896338700e+00; // 0x3FF71547 652B82FE
const Q1 = -3.33333333333331316428e-02;
const Q2 = 1.58730158725481460165e-03;
const Q3 = -7.93650757867487942473e-05;
const Q4 = 4.00821782732936239552e-06;
const Q5 = -2.01099218183624371326e-07;
/** Smallest |u| that expm1 reduces: high word > 0x3FD62E42, i.e. |u| ≥ 0x3FD62E43_00000000. */
const REDUCE_MIN = new Float64Array(new BigUint64Array([0x3fd62e4300000000n]).buffer)[0];

/**
 * f64x2 vectors processed per loop iteration of the kernel: independent chains interleaved, since
 * the latency of one vector's computation (two divisions and a long dependent chain) otherwise
 * limits the throughput. Measured for 900 values (best of 20 × 1,000 calls, same process, load
 * ≈ 4 on the 2-core EPYC): 1 vector 12–16 µs, 2 10.5–11.5, 3 6.3–10, 4 5.6–9.4, 6 4.8–9.0;
 * `Math.tanh` 16.8–17.0 µs.
 *
 * @example
 * ```ts
 * import { TANH_UNROLL } from "./wasm_tanh.ts";
 * console.log(2 * TANH_UNROLL); // values per loop iteration
 * ```
 */
export const TANH_UNROLL = 6;

/**
 * The kernel `tanh2(p, end)` (two i32 byte addresses, no result): replaces the f64 values at
 * [p, end) by their hyperbolic tangents, in steps of `unroll` f64x2 pairs (the caller pads the
 * range to a whole number of steps). For modules that embed it (`wasm_mlp.ts`).
 *
 * @example
 * ```ts
 * import { emitModule } from "./wasm_emit.ts";
 * import { tanhFunction } from "./wasm_tanh.ts";
 * const bytes = emitModule([tanhFunction()], 1);
 * console.log(bytes.length > 0);
 * ```
 */
export function tanhFunction(unroll: number = TANH_UNROLL): WasmFunction {
  const U = unroll;
  const P = 0, END = 1;
  let next = 2;
  const v = (): number => next++;
  // constants hoisted into locals (V8 would otherwise rematerialise each v128.const)
  const cSign = v(), c22 = v(), cTiny = v(), c1 = v(), c2 = v(), cM2 = v(), cHalf = v();
  const cRed = v(), cInv = v(), cHi = v(), cLo = v(), cQ1 = v(), cQ2 = v(), cQ3 = v(), cQ4 = v();
  const cQ5 = v(), c3 = v(), c6 = v(), cMHalf = v(), cM1 = v(), c56 = v(), c20 = v(), cBias = v();
  const vs = (): number[] => Array.from({ length: U }, () => next++);
  const x = vs(), ax = vs(), ge1 = vs(), sh = vs(), u = vs(), red = vs(), kf = vs(), hi = vs();
  const lo = vs(), r = vs(), c = vs(), hfx = vs(), hxs = vs(), h2 = vs(), t = vs(), e = vs();
  const ne2 = vs(), w = vs(), ks = vs(), p2 = vs(), mC = vs(), y = vs(), q = vs();
  const nV = next - 2;
  const b: number[] = [];
  const e_ = (...parts: number[][]): void => {
    for (const p of parts) for (const x of p) b.push(x);
  };
  // one statement for every interleaved vector j
  const each = (f: (j: number) => number[][]): void => {
    for (let j = 0; j < U; j++) e_(...f(j));
  };
  const consts: [number, number[]][] = [
    [cSign, i64x2c(-0x8000000000000000n)],
    [c22, f64x2c(22)],
    [cTiny, f64x2c(2 ** -55)],
    [c1, f64x2c(1)],
    [c2, f64x2c(2)],
    [cM2, f64x2c(-2)],
    [cHalf, f64x2c(0.5)],
    [cRed, f64x2c(REDUCE_MIN / 2)],
    [cInv, f64x2c(INVLN2)],
    [cHi, f64x2c(LN2_HI)],
    [cLo, f64x2c(LN2_LO)],
    [cQ1, f64x2c(Q1)],
    [cQ2, f64x2c(Q2)],
    [cQ3, f64x2c(Q3)],
    [cQ4, f64x2c(Q4)],
    [cQ5, f64x2c(Q5)],
    [c3, f64x2c(3)],
    [c6, f64x2c(6)],
    [cMHalf, f64x2c(-0.5)],
    [cM1, f64x2c(-1)],
    [c56, f64x2c(56)],
    [c20, f64x2c(20)],
    [cBias, i64x2c(1023n << 52n)],
  ];
  for (const [l, k] of consts) e_(k, set(l));
  // sel(m, a, b): lanes of a where m, else b
  const sel = (m: number[], a: number[], bb: number[]): number[] => [
    ...a,
    ...bb,
    ...m,
    ...O.bitselect,
  ];
  // Below, e2 (glibc's e after `e = (x·(e − c) − c) − hxs`) is kept negated, ne2 = −e2, and
  // w = ne2 + r = −(e2 − r) = r − e2: negation is exact and round-to-nearest is symmetric, so
  // every value equals glibc's up to an exact sign (each identity is noted where it is used).
  e_(O.block, O.loop);
  e_(get(P), get(END), O.i32geu, O.brIf(1));
  each((j) => [get(P), O.loadAt(16 * j), set(x[j])]);
  each((j) => [get(x[j]), O.abs, set(ax[j])]);
  each((j) => [get(ax[j]), get(c1), O.ge, set(ge1[j])]);
  // s_tanh.c: u = 2|x| (|x| ≥ 1; glibc |x| + |x|, the same exact value) or |x|·(−2)
  each((j) => [sel(get(ge1[j]), get(cHalf), get(cMHalf)), set(sh[j])]);
  each((j) => [get(ax[j]), sel(get(ge1[j]), get(c2), get(cM2)), O.mul, set(u[j])]);
  // s_expm1.c reduction when |u| > ln2/2 (|u| = 2|x| ≥ REDUCE_MIN ⇔ |x| ≥ REDUCE_MIN/2, exact):
  // k = trunc(u·invln2 ± 0.5) (sign of u), hi = u − k·ln2_hi (exact), lo = k·ln2_lo, r = hi − lo,
  // c = (hi − r) − lo; otherwise k = +0, r = u. (glibc's separate k = ±1 branch computes the same
  // k, hi and lo there.)
  each((j) => [get(ax[j]), get(cRed), O.ge, set(red[j])]);
  each((j) => [
    get(u[j]),
    get(cInv),
    O.mul,
    get(sh[j]),
    O.add,
    O.trunc,
    get(red[j]),
    O.and,
    set(kf[j]),
  ]);
  each((j) => [get(u[j]), get(kf[j]), get(cHi), O.mul, O.sub, set(hi[j])]);
  each((j) => [get(kf[j]), get(cLo), O.mul, set(lo[j])]);
  each((j) => [get(hi[j]), get(lo[j]), O.sub, set(r[j])]);
  each((j) => [get(hi[j]), get(r[j]), O.sub, get(lo[j]), O.sub, set(c[j])]);
  each((j) => [sel(get(red[j]), get(r[j]), get(u[j])), set(r[j])]);
  // hfx = 0.5·r, hxs = r·hfx; r1 = (1 + hxs·Q1) + hxs²·(Q2 + hxs·Q3) + hxs⁴·(Q4 + hxs·Q5)
  each((j) => [get(r[j]), get(cHalf), O.mul, set(hfx[j])]);
  each((j) => [get(r[j]), get(hfx[j]), O.mul, set(hxs[j])]);
  each((j) => [get(hxs[j]), get(hxs[j]), O.mul, set(h2[j])]);
  // r1 = fma(h4, R3, fma(h2, R2, R1)), R1 = fma(hxs, Q1, 1), R2 = fma(hxs, Q3, Q2), R3 = fma(hxs, Q5, Q4)
  each((j) => [
    get(h2[j]),
    get(h2[j]),
    O.mul, // h4
    get(hxs[j]),
    get(cQ5),
    get(cQ4),
    O.madd, // R3
    get(h2[j]),
    get(hxs[j]),
    get(cQ3),
    get(cQ2),
    O.madd, // R2
    get(hxs[j]),
    get(cQ1),
    get(c1),
    O.madd, // R1
    O.madd, // h2·R2 + R1
    O.madd,
    set(y[j]), // y := r1 = h4·R3 + (…)
  ]);
  // t = 3 − r1·hfx; e = (r1 − t) / (6 − r·t) · hxs
  each((j) => [get(y[j]), get(hfx[j]), get(c3), O.nmadd, set(t[j])]);
  each((j) => [
    get(y[j]),
    get(t[j]),
    O.sub,
    get(r[j]),
    get(t[j]),
    get(c6),
    O.nmadd,
    O.div,
    get(hxs[j]),
    O.mul,
    set(e[j]),
  ]);
  // k ≠ 0: glibc e2 = fma(e − c, r, −c) − hxs; ne2 = −e2 = nmadd(e − c, r, c) + hxs
  each((j) => [
    get(e[j]),
    get(c[j]),
    O.sub,
    get(r[j]),
    get(c[j]),
    O.nmadd,
    get(hxs[j]),
    O.add,
    set(ne2[j]),
  ]);
  each((j) => [get(ne2[j]), get(r[j]), O.add, set(w[j])]); // w = r − e2
  // k·2⁵² as i64 lanes (added to a double's bits: adds k to its exponent) and 2⁻ᵏ's bits
  each((j) => [get(kf[j]), O.truncSatZero, O.extendLowS, i32c(52), O.shl, set(ks[j])]);
  each((j) => [get(cBias), get(ks[j]), O.i64sub, set(p2[j])]);
  // mC: k ≤ −2 or k > 56
  each((j) => [
    get(kf[j]),
    get(cM2),
    O.le,
    get(kf[j]),
    get(c56),
    O.gt,
    O.or,
    set(mC[j]),
  ]);
  // k ≤ −2 or k > 56: 1 − (e2 − r) = 1 + w; 2 ≤ k < 20: (1 − 2⁻ᵏ) − (e2 − r) = (1 − 2⁻ᵏ) + w
  each((j) => [
    sel(get(mC[j]), get(c1), [...get(c1), ...get(p2[j]), ...O.sub]),
    get(w[j]),
    O.add,
    set(y[j]),
  ]);
  // 20 ≤ k ≤ 56: (r − (e2 + 2⁻ᵏ)) + 1 = (r + (ne2 − 2⁻ᵏ)) + 1; then ·2ᵏ (exponent add)
  each((j) => [
    sel(
      [...get(kf[j]), ...get(c20), ...O.ge, ...get(mC[j]), ...O.andnot],
      [...get(r[j]), ...get(ne2[j]), ...get(p2[j]), ...O.sub, ...O.add, ...get(c1), ...O.add],
      get(y[j]),
    ),
    get(ks[j]),
    O.i64add,
    // k ≤ −2 or k > 56: − 1 (others − 0, exact)
    get(mC[j]),
    get(c1),
    O.and,
    O.sub,
    set(y[j]),
  ]);
  // k = −1: 0.5·(r − e2) − 0.5 = fma(0.5, w, −0.5)
  each((j) => [
    sel(
      [...get(kf[j]), ...get(cM1), ...O.eq],
      [...get(cHalf), ...get(w[j]), ...get(cMHalf), ...O.madd],
      get(y[j]),
    ),
    set(y[j]),
  ]);
  // k = 0 (exactly the lanes not reduced): r − (e·r − hxs) = r + nmadd(e, r, hxs); t := expm1(u)
  each((j) => [
    sel(
      get(red[j]),
      get(y[j]),
      [...get(r[j]), ...get(e[j]), ...get(r[j]), ...get(hxs[j]), ...O.nmadd, ...O.add],
    ),
    set(t[j]),
  ]);
  // tanh: q = (|x| ≥ 1 ? 2 : −t) / (t + 2); z = |x| ≥ 1 ? 1 − q : q
  each((j) => [
    sel(get(ge1[j]), get(c2), [...get(t[j]), ...O.neg]),
    get(t[j]),
    get(c2),
    O.add,
    O.div,
    set(q[j]),
  ]);
  each((j) => [sel(get(ge1[j]), [...get(c1), ...get(q[j]), ...O.sub], get(q[j])), set(q[j])]);
  // |x| ≥ 22 (and ±∞): 1 (glibc: 1 − 1e−300); then the sign of x
  each((j) => [
    sel([...get(ax[j]), ...get(c22), ...O.ge], get(c1), get(q[j])),
    get(x[j]),
    get(cSign),
    O.and,
    O.xor,
    set(q[j]),
  ]);
  // |x| < 2⁻⁵⁵ (and ±0): glibc's x·(1 + x), which is x (1 + x rounds to 1)
  each((j) => [
    get(P),
    sel([...get(ax[j]), ...get(cTiny), ...O.lt], get(x[j]), get(q[j])),
    O.storeAt(16 * j),
  ]);
  e_(get(P), i32c(16 * U), O.i32add, set(P), O.br(0), O.end, O.end);
  return {
    name: "tanh2",
    params: [I32, I32],
    results: [],
    locals: [[nV, V128]],
    body: b,
  };
}

/**
 * The bytes of the tanh module (exports `tanh2` and `memory`).
 *
 * @example
 * ```ts
 * import { tanhModuleBytes } from "./wasm_tanh.ts";
 * console.log(tanhModuleBytes().length > 0); // validate with WebAssembly.validate
 * ```
 */
export function tanhModuleBytes(unroll: number = TANH_UNROLL): Uint8Array<ArrayBuffer> {
  return emitModule([tanhFunction(unroll)], 1);
}

/**
 * Inputs the self-check compares with `Math.tanh` before enabling the kernel: every branch and
 * boundary (±0, subnormals, 2⁻⁵⁵, 2⁻²⁸, 1, 22, huge, ±∞, NaN), 48 inputs whose result differs
 * between glibc's fused and unfused `__expm1`, and pseudo-random values (alternately log-uniform
 * over [2⁻³⁰, 32) and uniform over (−4, 4)).
 *
 * @example
 * ```ts
 * import { TANH_PROBES } from "./wasm_tanh.ts";
 * console.log(TANH_PROBES >= 4096); // true
 * ```
 */
export const TANH_PROBES = 8192;

/**
 * Inputs whose glibc tanh differs between the fused and the unfused `__expm1` (found by comparing an
 * FMA-free transcription of glibc's code with `Math.tanh` on the FMA machine where the kernel was
 * written): with them the self-check rejects a kernel whose `relaxed_madd` fuses where the
 * platform's C library does not, or the reverse.
 */
const FUSION_PROBES: readonly number[] = [
  -0.5323451505973935,
  1.595634637400508,
  0.10892261192202568,
  1.6204384304583073,
  0.172841337043792,
  1.555956858675927,
  -0.14967990899458528,
  -1.2631313977763057,
  -0.15280397329479456,
  1.8436390268616378,
  -0.20838792994618416,
  1.578464894555509,
  -0.17647067829966545,
  1.9035689514130354,
  0.13686637859791517,
  -1.233269770629704,
  0.8630369333550334,
  -2.223449822049588,
  0.4738857946358621,
  -1.5980846076272428,
  -0.13582561211660504,
  1.5988178849220276,
  0.08136520488187671,
  1.5601557181216776,
  -0.503672881051898,
  1.612177309114486,
  0.12272250046953559,
  -1.578561536502093,
  0.11864863848313689,
  -1.5938351843506098,
  -0.19929785327985883,
  -1.166094699408859,
  0.1565067102201283,
  1.8839253676123917,
  0.11580763570964336,
  1.5498751932755113,
  0.1755903954617679,
  -1.575094388332218,
  -0.11488393740728498,
  -1.5835749646648765,
  0.2280179592780769,
  1.1344250105321407,
  0.15464192675426602,
  1.8624886036850512,
  -0.856950277928263,
  1.2851559496484697,
  0.4996064524166286,
  1.108741981908679,
];

const probeInputs = (): Float64Array => {
  const fixed = [
    0,
    -0,
    5e-324,
    -5e-324,
    2.2250738585072014e-308,
    2 ** -55,
    -(2 ** -55),
    2 ** -54,
    2 ** -28,
    2 ** -28 * 1.0000001,
    0.17328679513998632,
    0.1733,
    0.25,
    0.5,
    0.519860385419959,
    0.52,
    1,
    -1,
    1 - 2 ** -53,
    1 + 2 ** -52,
    2,
    9.5,
    10,
    19.5,
    19.6,
    21.999999999999996,
    22,
    -22,
    23,
    1e300,
    -1e300,
    Infinity,
    -Infinity,
    NaN,
    ...FUSION_PROBES,
  ];
  const a = new Float64Array(TANH_PROBES);
  a.set(fixed);
  let s = 0x2545f491;
  for (let i = fixed.length; i < a.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const m = s / 2 ** 32;
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    // alternately |x| = 2^(−30 … 5) (both signs) and x uniform in (−4, 4)
    a[i] = i & 1 ? (s & 1 ? -1 : 1) * 2 ** (m * 35 - 30) : (m - 0.5) * 8;
  }
  return a;
};

interface TanhState {
  readonly mem: WebAssembly.Memory;
  readonly run: (p: number, end: number) => void;
  f64: Float64Array;
}

let state: TanhState | null | undefined;

function instantiate(): TanhState | null {
  try {
    const bytes = tanhModuleBytes();
    if (typeof WebAssembly !== "object" || !WebAssembly.validate(bytes)) return null;
    const inst = new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
    const mem = inst.exports.memory as WebAssembly.Memory;
    const st: TanhState = {
      mem,
      run: inst.exports.tanh2 as (p: number, end: number) => void,
      f64: new Float64Array(mem.buffer),
    };
    // self-check against Math.tanh, bit for bit (NaN: any NaN)
    const probe = probeInputs();
    if (!ensure(st, probe.length)) return null;
    st.f64.set(probe);
    st.run(0, runBytes(probe.length));
    for (let i = 0; i < probe.length; i++) {
      const w = Math.tanh(probe[i]), got = st.f64[i];
      if (!(Object.is(w, got) || (w !== w && got !== got))) return null;
    }
    return st;
  } catch {
    return null;
  }
}

/** Bytes the kernel runs over for n elements (whole iterations of TANH_UNROLL pairs). */
const runBytes = (n: number): number => Math.ceil(n / (2 * TANH_UNROLL)) * 16 * TANH_UNROLL;

/** Grows the kernel's memory to hold n values (padded); false when it cannot grow. */
function ensure(st: TanhState, n: number): boolean {
  const need = (n + 2 * TANH_UNROLL) * 8;
  if (st.mem.buffer.byteLength < need) {
    try {
      st.mem.grow(Math.ceil((need - st.mem.buffer.byteLength) / 65536));
    } catch {
      return false;
    }
  }
  if (st.f64.buffer !== st.mem.buffer || st.f64.length === 0) {
    st.f64 = new Float64Array(st.mem.buffer);
  }
  return true;
}

function getState(): TanhState | null {
  if (state === undefined) state = instantiate();
  return state;
}

/**
 * Whether the WebAssembly kernel is in use here: it was built, and it reproduced `Math.tanh` bit
 * for bit on every self-check input. When `false`, {@link tanhInPlace} runs `Math.tanh`.
 *
 * @example
 * ```ts
 * import { wasmTanhAvailable } from "@neuroplastic/core/tensor/wasm";
 * console.log(typeof wasmTanhAvailable()); // "boolean"
 * ```
 */
export function wasmTanhAvailable(): boolean {
  return getState() !== null;
}

/**
 * A scratch array of at least `n` elements in the kernel's memory, to fill before
 * {@link tanhScratchRun}: avoids copying in and out. Valid until the next call of this function
 * or of {@link tanhInPlace}; `null` when the kernel is not in use ({@link wasmTanhAvailable}) or
 * its memory cannot grow to `n` values (then use `Math.tanh`).
 *
 * @example
 * ```ts
 * import { tanhScratch, tanhScratchRun } from "@neuroplastic/core/tensor/wasm";
 * const s = tanhScratch(3);
 * if (s) {
 *   s[0] = 0.5, s[1] = -2, s[2] = 30;
 *   tanhScratchRun(3);
 *   console.log(s[0] === Math.tanh(0.5)); // true
 * }
 * ```
 */
export function tanhScratch(n: number): Float64Array | null {
  const st = getState();
  if (st === null || !ensure(st, n)) return null;
  return st.f64;
}

/**
 * Replaces the first `n` elements of the {@link tanhScratch} array by their hyperbolic tangents
 * (the bits of `Math.tanh`). Requires the kernel to be in use.
 *
 * @example
 * ```ts
 * import { tanhScratch, tanhScratchRun } from "@neuroplastic/core/tensor/wasm";
 * const s = tanhScratch(1);
 * if (s) {
 *   s[0] = 1;
 *   tanhScratchRun(1);
 *   console.log(s[0] === Math.tanh(1)); // true
 * }
 * ```
 */
export function tanhScratchRun(n: number): void {
  const st = state;
  if (!st) throw new RangeError("tanhScratchRun: the wasm tanh kernel is not in use");
  if (!(n >= 0) || (n + 2 * TANH_UNROLL) * 8 > st.mem.buffer.byteLength) {
    throw new RangeError(`tanhScratchRun: n = ${n} must be in [0, tanhScratch capacity]`);
  }
  st.run(0, runBytes(n));
}

/**
 * `a[from..to) = tanh(a[from..to))` in place, with the bits of `Math.tanh` (WebAssembly SIMD when
 * {@link wasmTanhAvailable}, else a `Math.tanh` loop). Returns `a`.
 *
 * @example
 * ```ts
 * import { tanhInPlace } from "@neuroplastic/core/tensor/wasm";
 * const a = Float64Array.of(-1, 0, 0.5, 40);
 * tanhInPlace(a);
 * console.log(a[2] === Math.tanh(0.5), a[3]); // true 1
 * ```
 */
export function tanhInPlace(a: Float64Array, from = 0, to: number = a.length): Float64Array {
  const n = to - from;
  if (!(from >= 0 && to <= a.length && n >= 0)) {
    throw new RangeError(`tanhInPlace: [${from}, ${to}) must lie within [0, ${a.length}]`);
  }
  const st = getState();
  if (st === null || n < 8 || !ensure(st, n)) {
    for (let i = from; i < to; i++) a[i] = Math.tanh(a[i]);
    return a;
  }
  const f = st.f64;
  // native copies in and out (two views per call)
  f.set(from === 0 && to === a.length ? a : a.subarray(from, to));
  st.run(0, runBytes(n));
  a.set(f.subarray(0, n), from);
  return a;
}
