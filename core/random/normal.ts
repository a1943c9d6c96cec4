/**
 * Normal samplers over Threefry keys: the 256-layer ziggurat (`ziggurat.ts`) on each element's
 * stream (`stream.ts`). Element i starts from the Threefry block (i, n + i); the 0.7% of draws
 * the ziggurat rejects continue on that element's later units, so element i depends only on
 * (key, n, i, mean, std). No `Math.log`/`Math.exp`: the rare tail and wedge paths use the
 * fdlibm ports, so the bits are the same on every engine. Draws of n ≥ 2 run through a
 * WebAssembly kernel (Threefry + ziggurat fast path, see its section below; `fillNormalJs` is
 * the JavaScript path, the same bits), as does `createNormal32Generator`.
 *
 * @module
 */
import type { Key } from "./key.ts";
import { BATCH, elementStream, startElement } from "./stream.ts";
import { threefryRun } from "./threefry.ts";
import { checkCount, checkFinite, checkKey } from "./validate.ts";
import { KI, WI, zigguratNormal } from "./ziggurat.ts";
import { emitModule, I32, sleb128, uleb128, V128 } from "../tensor/wasm_emit.ts";

/** Words of one batch of Threefry blocks, reused by every call (filled and read within a call). */
const BATCH_WORDS = new Int32Array(2 * BATCH);

function checkMoments(mean: number, std: number): void {
  checkFinite("mean", mean);
  checkFinite("std", std);
  if (!(std >= 0)) throw new RangeError(`std must be ≥ 0, got ${std}`);
}

/**
 * Fill `out` with N(mean, std²) samples: out[i] = mean + std·z_i in float64, z_i the ziggurat
 * deviate of element i. For a Float32Array each value is that float64 rounded to nearest
 * float32 (ties to even).
 *
 * @param k the key
 * @param out destination (its length is n)
 * @param mean finite mean (default 0)
 * @param std finite standard deviation ≥ 0 (default 1)
 * @throws RangeError naming `mean` or `std`
 * @example
 * ```ts
 * import { fillNormal, key } from "@neuroplastic/core/random";
 * const noise = new Float32Array(240);
 * fillNormal(key(9), noise, 0, 0.05);
 * console.log(noise.length); // 240
 * ```
 */
export function fillNormal(
  k: Key,
  out: Float32Array | Float64Array,
  mean = 0,
  std = 1,
): void {
  checkKey(k);
  checkMoments(mean, std);
  checkCount("out.length", out.length);
  if (out.length >= WASM_MIN_COUNT && fillNormalWasm(k, out, mean, std)) return;
  if (out instanceof Float32Array) normalInto32(k, out, mean, std);
  else normalInto64(k, out, mean, std);
}

/**
 * `fillNormal` computed in JavaScript only (no WebAssembly kernel at any length): the reference
 * the kernel is tested against, same bits.
 *
 * @param k the key
 * @param out destination (its length is n)
 * @param mean finite mean (default 0)
 * @param std finite standard deviation ≥ 0 (default 1)
 * @throws RangeError naming `mean` or `std`
 * @example
 * ```ts
 * import { fillNormalJs } from "./normal.ts";
 * import { key } from "./keys.ts";
 * const z = new Float64Array(5);
 * fillNormalJs(key(1), z);
 * console.log(z.length); // 5
 * ```
 */
export function fillNormalJs(
  k: Key,
  out: Float32Array | Float64Array,
  mean = 0,
  std = 1,
): void {
  checkKey(k);
  checkMoments(mean, std);
  checkCount("out.length", out.length);
  if (out instanceof Float32Array) normalInto32(k, out, mean, std);
  else normalInto64(k, out, mean, std);
}

function normalInto64(k: Key, out: Float64Array, mean: number, std: number): void {
  const n = out.length;
  const buf = BATCH_WORDS;
  const st = elementStream(k, n);
  for (let start = 0; start < n; start += BATCH) {
    const cnt = Math.min(BATCH, n - start);
    threefryRun(k.k0, k.k1, start, n + start, cnt, buf, 0);
    for (let t = 0; t < cnt; t++) {
      const hi = buf[2 * t];
      const lo = buf[2 * t + 1];
      // ziggurat fast path (see zigguratNormal): layer, sign, 52-bit abscissa
      const idx = lo & 0xff;
      const rabs = (hi & 0x1fffffff) * 8388608 + (lo >>> 9);
      let z: number;
      if (rabs < KI[idx]) {
        z = rabs * WI[idx];
        if (lo & 0x100) z = -z;
      } else {
        startElement(st, start + t);
        st.j = 1; // unit 0 is (hi, lo)
        z = zigguratNormal(st, hi, lo);
      }
      out[start + t] = mean + std * z;
    }
  }
}

function normalInto32(k: Key, out: Float32Array, mean: number, std: number): void {
  const n = out.length;
  const buf = BATCH_WORDS;
  const st = elementStream(k, n);
  for (let start = 0; start < n; start += BATCH) {
    const cnt = Math.min(BATCH, n - start);
    threefryRun(k.k0, k.k1, start, n + start, cnt, buf, 0);
    for (let t = 0; t < cnt; t++) {
      const hi = buf[2 * t];
      const lo = buf[2 * t + 1];
      const idx = lo & 0xff;
      const rabs = (hi & 0x1fffffff) * 8388608 + (lo >>> 9);
      let z: number;
      if (rabs < KI[idx]) {
        z = rabs * WI[idx];
        if (lo & 0x100) z = -z;
      } else {
        startElement(st, start + t);
        st.j = 1;
        z = zigguratNormal(st, hi, lo);
      }
      // float64 value, rounded to nearest float32 by the store
      out[start + t] = mean + std * z;
    }
  }
}

/**
 * n float64 samples of N(mean, std²); see `fillNormal`.
 *
 * @param k the key
 * @param n sample count, integer in [0, 2^31 − 1]
 * @param mean finite mean (default 0)
 * @param std finite standard deviation ≥ 0 (default 1)
 * @returns a new Float64Array of length n
 * @throws RangeError naming `n`, `mean` or `std`
 * @example
 * ```ts
 * import { key, normal } from "@neuroplastic/core/random";
 * const z = normal(key(0), 1000);
 * console.log(z.length); // 1000
 * ```
 */
export function normal(k: Key, n: number, mean = 0, std = 1): Float64Array {
  checkCount("n", n);
  const out = new Float64Array(n);
  fillNormal(k, out, mean, std);
  return out;
}

/**
 * One N(mean, std²) sample: equals `normal(key, 1, mean, std)[0]`.
 *
 * @example
 * ```ts
 * import { key, normal1 } from "@neuroplastic/core/random";
 * console.log(Number.isFinite(normal1(key(4)))); // true
 * ```
 */
export function normal1(k: Key, mean = 0, std = 1): number {
  return normal(k, 1, mean, std)[0];
}

// ---------------------------------------------------------------------------------------------
// A WebAssembly generator of float32 normal draws, bit-identical to
// `fillNormal(k, out: Float32Array, mean, std)` (above), for callers that draw the same
// count many times (SORN's noise blocks).
//
// The module is assembled at load time by the in-repo emitter (`core/tensor/wasm_emit.ts`):
// - Threefry-2x32-20 (Salmon et al. 2011, "Parallel random numbers: as easy as 1, 2, 3", the
//   Random123 rotation constants; the same words as threefry.ts) on four counters at once with
//   `i32x4` lanes, four vectors (16 counters) interleaved per loop iteration (each block's rounds
//   are a serial chain; four independent chains measured ≈ 2× faster than one): element e uses
//   the counter (e, n + e) as `fillNormal` does. Integer operations wrap mod 2^32 in both
//   JavaScript (`| 0`) and WebAssembly, so the words are the same by construction.
// - the ziggurat fast path (Marsaglia & Tsang 2000; ziggurat.ts): layer `lo & 0xff`, 52-bit
//   abscissa `(hi & 0x1fffffff)·2^23 + (lo >>> 9)` (exact in a double), accepted when below
//   `KI[layer]`, then `z = ±abscissa·WI[layer]` and `mean + std·z` rounded to float32
//   (`f64.mul`, `f64.add`, `f32.demote_f64`: IEEE round-to-nearest, the same operations in the
//   same order as normal.ts, so the same bits; the sign is applied by flipping the sign bit,
//   which is what negation does, without the branch that a random sign mispredicts).
// - elements outside the fast path (≈ 1 %: wedges and the tail need exp/log) are listed with
//   their words and finished in JavaScript by `zigguratNormal`, exactly as `fillNormal` does.
//
// Each generator owns its instance and memory (sized once; `out` is a view that stays valid).
//
// Measured (7,680 draws per call, this 2-core VM under load, one process): ≈ 3× faster than
// `fillNormal` (e.g. 7.8 vs 23 ns per draw); one vector chain instead of four gave ≈ 16 ns. The
// conversion done two lanes at a time in f64x2 (KI/WI loaded per lane) was no faster in the same
// run (18.5–26.6 vs 20.6–22.6 ns under heavy load), so it stays scalar.

const F64 = 0x7c;
const KS_PARITY = 0x1bd11bda;
/** Byte offsets in the generator's memory: KI, WI (256 f64 each), then the slow list, then out. */
const KI_AT = 0;
const WI_AT = 2048;
const SLOW_AT = 4096;

// Instruction bytes (WebAssembly Core Specification 2.0 §5.4; SIMD opcodes §5.4.8).
const lget = (i: number): number[] => [0x20, ...uleb128(i)];
const lset = (i: number): number[] => [0x21, ...uleb128(i)];
const ltee = (i: number): number[] => [0x22, ...uleb128(i)];
const i32c = (v: number): number[] => [0x41, ...sleb128(v)];
const simd = (code: number, ...imm: number[]): number[] => [0xfd, ...uleb128(code), ...imm];
const mem = (opc: number, align: number, off = 0): number[] => [
  opc,
  ...uleb128(align),
  ...uleb128(off),
];
const I32_ADD = [0x6a], I32_AND = [0x71], I32_SHL = [0x74], I32_SHR_U = [0x76];
const I32_GE_U = [0x4f];
const F64_LT = [0x63], F64_ADD = [0xa0], F64_MUL = [0xa2];
const I64_REINTERPRET_F64 = [0xbd], F64_REINTERPRET_I64 = [0xbf];
const I64_EXTEND_I32_U = [0xad], I64_SHL = [0x86], I64_XOR = [0x85];
const i64c = (v: number): number[] => [0x42, ...sleb128(v)];
const F64_CONVERT_I32_U = [0xb8], F32_DEMOTE_F64 = [0xb6];
const F64_LOAD = (off = 0) => mem(0x2b, 3, off);
const I32_STORE = (off = 0) => mem(0x36, 2, off);
const F32_STORE = (off = 0) => mem(0x38, 2, off);
const F64_STORE = (off = 0) => mem(0x39, 3, off);
const IF = [0x04, 0x40], ELSE = [0x05], END = [0x0b];
const BLOCK = [0x02, 0x40], LOOP = [0x03, 0x40];
const br = (d: number): number[] => [0x0c, ...uleb128(d)];
const brIf = (d: number): number[] => [0x0d, ...uleb128(d)];
const I32X4_SPLAT = simd(0x11);
const I32X4_ADD = simd(0xae), I32X4_SHL = simd(0xab), I32X4_SHR_U = simd(0xad);
const V128_OR = simd(0x50), V128_XOR = simd(0x51);
const extractLane = (l: number): number[] => simd(0x1b, l);
const v128Const = (lanes: readonly number[]): number[] => {
  const b = new Uint8Array(new Int32Array(lanes).buffer);
  return simd(0x0c, ...b);
};

/** Groups of four counters per loop iteration (interleaved i32x4 chains). */
const GROUPS = 4;
/** Padding elements after `out` (the last iteration may run past n). */
const PAD = 4 * GROUPS - 1;

/** Threefry-2x32 rotation constants (Random123), rounds 1–8, repeated. */
const ROT = [13, 15, 26, 6, 17, 29, 16, 24];

/**
 * The 20 Threefry-2x32 rounds and 5 key injections on GROUPS interleaved (a, b) vector pairs
 * (locals A(g), B(g); key schedule vectors in locals ks[0..2]).
 */
function threefryRounds(
  b: number[],
  A: (g: number) => number,
  B: (g: number) => number,
  ks: readonly number[],
): void {
  for (let r = 0; r < 20; r++) {
    const rot = ROT[r % 8];
    // the groups' rounds interleaved (independent dependency chains)
    for (let g = 0; g < GROUPS; g++) {
      // a = a + b; b = rotl(b, rot) ^ a
      b.push(...lget(A(g)), ...lget(B(g)), ...I32X4_ADD, ...ltee(A(g)));
      b.push(...lget(B(g)), ...i32c(rot), ...I32X4_SHL, ...lget(B(g)), ...i32c(32 - rot));
      b.push(...I32X4_SHR_U, ...V128_OR, ...V128_XOR, ...lset(B(g)));
    }
    if (r % 4 === 3) {
      const s = (r + 1) / 4; // injection s = 1..5: a += ks[s % 3], b += ks[(s + 1) % 3] + s
      for (let g = 0; g < GROUPS; g++) {
        b.push(...lget(A(g)), ...lget(ks[s % 3]), ...I32X4_ADD, ...lset(A(g)));
        b.push(...lget(B(g)), ...lget(ks[(s + 1) % 3]), ...I32X4_ADD, ...i32c(s), ...I32X4_SPLAT);
        b.push(...I32X4_ADD, ...lset(B(g)));
      }
    }
  }
}

/**
 * `lane(k0, k1, x0, x1, cnt, outAt)`: the words (y0, y1) of Threefry(key, (x0 + t, x1)) for
 * t < cnt (rounded up to a multiple of 16) as int32 pairs from byte `outAt`.
 */
function laneFunction() {
  const K0 = 0, K1 = 1, X0 = 2, X1 = 3, CNTN = 4, OUT = 5;
  const E = 6;
  const KS0 = 7, KS1 = 8, KS2 = 9, CNT = 10, BV = 11;
  const A = (g: number): number => 12 + 2 * g, B = (g: number): number => 13 + 2 * g;
  const b: number[] = [];
  b.push(...lget(K0), ...I32X4_SPLAT, ...lset(KS0));
  b.push(...lget(K1), ...I32X4_SPLAT, ...lset(KS1));
  b.push(...lget(K0), ...lget(K1), 0x73, ...i32c(KS_PARITY), 0x73, ...I32X4_SPLAT, ...lset(KS2));
  // b = x1 + ks1 in every lane (the second counter word is constant)
  b.push(...lget(X1), ...lget(K1), ...I32_ADD, ...I32X4_SPLAT, ...lset(BV));
  b.push(...v128Const([0, 1, 2, 3]), ...lget(X0), ...I32X4_SPLAT, ...I32X4_ADD, ...lset(CNT));
  b.push(...i32c(0), ...lset(E));
  b.push(...BLOCK, ...LOOP);
  b.push(...lget(E), ...lget(CNTN), ...I32_GE_U, ...brIf(1));
  for (let g = 0; g < GROUPS; g++) {
    b.push(...lget(CNT), ...i32c(4 * g), ...I32X4_SPLAT, ...I32X4_ADD, ...lget(KS0), ...I32X4_ADD);
    b.push(...lset(A(g)), ...lget(BV), ...lset(B(g)));
  }
  threefryRounds(b, A, B, [KS0, KS1, KS2]);
  for (let g = 0; g < GROUPS; g++) {
    // (a0, b0, a1, b1) and (a2, b2, a3, b3): lanes interleaved by byte shuffles
    for (let h = 0; h < 2; h++) {
      b.push(...lget(OUT), ...lget(E), ...i32c(3), ...I32_SHL, ...I32_ADD);
      b.push(...lget(A(g)), ...lget(B(g)));
      const lanes: number[] = [];
      for (const q of [2 * h, 2 * h + 1]) {
        for (const src of [0, 16]) for (let y = 0; y < 4; y++) lanes.push(src + 4 * q + y);
      }
      b.push(...simd(0x0d, ...lanes), ...simd(0x0b, 4, ...uleb128(32 * g + 16 * h)));
    }
  }
  b.push(...lget(E), ...i32c(4 * GROUPS), ...I32_ADD, ...lset(E));
  b.push(...lget(CNT), ...i32c(4 * GROUPS), ...I32X4_SPLAT, ...I32X4_ADD, ...lset(CNT));
  b.push(...br(0), ...END, ...END);
  return {
    name: "lane",
    params: [I32, I32, I32, I32, I32, I32],
    results: [],
    locals: [[1, I32], [5 + 2 * GROUPS, V128]] as const,
    body: b,
  };
}

/**
 * `fill32|fill64(k0, k1, n, e0, cnt, outAt, mean, std) → slow count`: elements e0 … e0 + cnt − 1
 * of a draw of n (counters (e, n + e)), element e0 + j at out[j] (float32 or float64) from byte
 * `outAt`; slow elements as (e, hi, lo) triples from SLOW_AT.
 */
function fillFunction(wide: boolean) {
  // params
  const K0 = 0, K1 = 1, N = 2, E0 = 3, CNTN = 4, OUT = 5, MEAN = 6, STD = 7;
  // i32 locals
  const E = 8, NSLOW = 9, HI = 10, LO = 11, IDX = 12, SP = 13;
  // f64 locals
  const RABS = 14, Z = 15;
  // v128 locals: key schedule, counters, n, then (a, b) per group of four lanes
  const KS0 = 16, KS1 = 17, KS2 = 18, CNT = 19, NV = 20;
  const A = (g: number): number => 21 + 2 * g, B = (g: number): number => 22 + 2 * g;
  const W = wide ? 8 : 4;
  const b: number[] = [];
  const ks = [KS0, KS1, KS2];
  // key schedule vectors
  b.push(...lget(K0), ...I32X4_SPLAT, ...lset(KS0));
  b.push(...lget(K1), ...I32X4_SPLAT, ...lset(KS1));
  b.push(...lget(K0), ...lget(K1), 0x73, ...i32c(KS_PARITY), 0x73, ...I32X4_SPLAT, ...lset(KS2));
  b.push(...lget(N), ...I32X4_SPLAT, ...lset(NV));
  b.push(...v128Const([0, 1, 2, 3]), ...lget(E0), ...I32X4_SPLAT, ...I32X4_ADD, ...lset(CNT));
  b.push(...i32c(0), ...lset(E), ...i32c(0), ...lset(NSLOW), ...i32c(SLOW_AT), ...lset(SP));
  b.push(...BLOCK, ...LOOP);
  b.push(...lget(E), ...lget(CNTN), ...I32_GE_U, ...brIf(1));
  // a = (e + lane) + ks0, b = (n + e + lane) + ks1, for the GROUPS × 4 lanes
  for (let g = 0; g < GROUPS; g++) {
    b.push(...lget(CNT), ...i32c(4 * g), ...I32X4_SPLAT, ...I32X4_ADD, ...lget(KS0), ...I32X4_ADD);
    b.push(...lset(A(g)));
    b.push(...lget(CNT), ...i32c(4 * g), ...I32X4_SPLAT, ...I32X4_ADD, ...lget(NV), ...I32X4_ADD);
    b.push(...lget(KS1), ...I32X4_ADD, ...lset(B(g)));
  }
  threefryRounds(b, A, B, ks);
  for (let l = 0; l < 4 * GROUPS; l++) {
    const g = l >> 2;
    // lane l is element e + l (the last group may run past n into out's padding)
    b.push(...lget(A(g)), ...extractLane(l & 3), ...lset(HI));
    b.push(...lget(B(g)), ...extractLane(l & 3), ...ltee(LO), ...i32c(0xff), ...I32_AND);
    b.push(...i32c(3), ...I32_SHL, ...lset(IDX));
    // rabs = (hi & 0x1fffffff)·2^23 + (lo >>> 9)
    b.push(...lget(HI), ...i32c(0x1fffffff), ...I32_AND, ...F64_CONVERT_I32_U);
    b.push(0x44, ...new Uint8Array(new Float64Array([8388608]).buffer), ...F64_MUL);
    b.push(...lget(LO), ...i32c(9), ...I32_SHR_U, ...F64_CONVERT_I32_U, ...F64_ADD, ...ltee(RABS));
    b.push(...lget(IDX), ...F64_LOAD(KI_AT), ...F64_LT, ...IF);
    {
      // z = rabs·WI[idx] with its sign bit flipped when bit 8 of lo is set (= negation,
      // without a branch that a random sign mispredicts half the time)
      b.push(...lget(RABS), ...lget(IDX), ...F64_LOAD(WI_AT), ...F64_MUL, ...I64_REINTERPRET_F64);
      b.push(...lget(LO), ...i32c(0x100), ...I32_AND, ...I64_EXTEND_I32_U, ...i64c(55));
      b.push(...I64_SHL, ...I64_XOR, ...F64_REINTERPRET_I64, ...lset(Z));
      // out[e + l] = mean + std·z (rounded to float32 for fill32)
      b.push(...lget(OUT), ...lget(E), ...i32c(wide ? 3 : 2), ...I32_SHL, ...I32_ADD);
      b.push(...lget(MEAN), ...lget(STD), ...lget(Z), ...F64_MUL, ...F64_ADD);
      if (wide) b.push(...F64_STORE(W * l));
      else b.push(...F32_DEMOTE_F64, ...F32_STORE(W * l));
    }
    b.push(...ELSE);
    {
      // slow element: (e + l, hi, lo)
      b.push(...lget(SP), ...lget(E0), ...lget(E), ...I32_ADD, ...i32c(l), ...I32_ADD);
      b.push(...I32_STORE(0));
      b.push(...lget(SP), ...lget(HI), ...I32_STORE(4));
      b.push(...lget(SP), ...lget(LO), ...I32_STORE(8));
      b.push(...lget(SP), ...i32c(12), ...I32_ADD, ...lset(SP));
      b.push(...lget(NSLOW), ...i32c(1), ...I32_ADD, ...lset(NSLOW));
    }
    b.push(...END);
  }
  b.push(...lget(E), ...i32c(4 * GROUPS), ...I32_ADD, ...lset(E));
  b.push(...lget(CNT), ...i32c(4 * GROUPS), ...I32X4_SPLAT, ...I32X4_ADD, ...lset(CNT));
  b.push(...br(0), ...END, ...END);
  b.push(...lget(NSLOW));
  return {
    name: wide ? "fill64" : "fill32",
    params: [I32, I32, I32, I32, I32, I32, F64, F64],
    results: [I32],
    locals: [[6, I32], [2, F64], [5 + 2 * GROUPS, V128]] as const,
    body: b,
  };
}

let compiled: WebAssembly.Module | null | undefined;
const wasmModule = (): WebAssembly.Module | null => {
  if (compiled === undefined) {
    try {
      compiled = new WebAssembly.Module(
        emitModule([fillFunction(false), fillFunction(true), laneFunction()], 1),
      );
    } catch {
      compiled = null; // no WebAssembly SIMD here: the generator falls back to fillNormal
    }
  }
  return compiled;
};

/** The kernels' signature: (k0, k1, n, e0, cnt, outAt, mean, std) → slow count. */
type FillKernel = (
  k0: number,
  k1: number,
  n: number,
  e0: number,
  cnt: number,
  outAt: number,
  mean: number,
  std: number,
) => number;

/**
 * Shortest draw `fillNormal` hands to the WebAssembly kernel. Measured (best of 300 × 20 calls,
 * this 2-core VM under load, one process, f64 / f32 alike): JavaScript vs kernel 0.30 vs 0.18 µs
 * at n = 2, 0.52 vs 0.16 µs at 16, 1.2 vs 0.55 µs at 64, 31 vs 13 µs at 2048; at n = 1 the two
 * are within the noise (0.30 vs 0.18–0.32 µs), so a single draw stays in JavaScript.
 */
const WASM_MIN_COUNT = 2;
/** Elements per kernel call of `fillNormal` (the shared instance's buffers). */
const CHUNK = 4096;

interface SharedKernel {
  readonly lane: (k0: number, k1: number, x0: number, x1: number, cnt: number, at: number) => void;
  readonly fill32: FillKernel;
  readonly fill64: FillKernel;
  readonly outAt: number;
  readonly out32: Float32Array;
  readonly out64: Float64Array;
  readonly slow: Int32Array;
}

let shared: SharedKernel | null | undefined;
const sharedKernel = (): SharedKernel | null => {
  if (shared !== undefined) return shared;
  const m = wasmModule();
  if (m === null) return (shared = null);
  try {
    const inst = new WebAssembly.Instance(m);
    const memory = inst.exports.memory as WebAssembly.Memory;
    const outAt = SLOW_AT + ((12 * (CHUNK + PAD) + 15) & ~15);
    const pages = Math.ceil((outAt + 8 * (CHUNK + PAD)) / 65536);
    if (pages > 1) memory.grow(pages - 1);
    // the memory never grows again, so these views stay valid
    new Float64Array(memory.buffer, KI_AT, 256).set(KI);
    new Float64Array(memory.buffer, WI_AT, 256).set(WI);
    shared = {
      lane: inst.exports.lane as SharedKernel["lane"],
      fill32: inst.exports.fill32 as FillKernel,
      fill64: inst.exports.fill64 as FillKernel,
      outAt,
      out32: new Float32Array(memory.buffer, outAt, CHUNK),
      out64: new Float64Array(memory.buffer, outAt, CHUNK),
      slow: new Int32Array(memory.buffer, SLOW_AT, 3 * (CHUNK + PAD)),
    };
  } catch {
    shared = null; // the memory could not grow: fillNormal stays in JavaScript
  }
  return shared;
};

/** Blocks per `lane` call of `threefryBlocks` (their words fit in the slow list's bytes). */
const LANE_CHUNK = 4096;

/**
 * The words of `count` Threefry-2x32-20 blocks with counters (x0 + t, x1), t = 0 … count − 1 (the
 * second counter word fixed, unlike `threefryRun`): block t's (y0, y1) as int32 bits at
 * out[offset + 2t], out[offset + 2t + 1]. The same words as `threefry2x32(k0, k1, x0 + t, x1)`;
 * computed four interleaved i32x4 chains at a time in WebAssembly (scalar JavaScript where
 * WebAssembly SIMD is unavailable). For draw cursors that consume one lane of a key in order.
 *
 * @param k0 first key word
 * @param k1 second key word
 * @param x0 first counter word of block 0
 * @param x1 second counter word (all blocks)
 * @param count number of blocks, integer in [0, 2^31 − 1]
 * @param out destination of 2·count words from `offset`
 * @param offset first word written
 * @throws RangeError naming `count` or `offset`
 * @example
 * ```ts
 * import { threefry2x32, threefryBlocks } from "@neuroplastic/core/random";
 * const w = new Int32Array(6);
 * threefryBlocks(1, 2, 10, 7, 3, w, 0);
 * const ref = threefry2x32(1, 2, 12, 7);
 * console.log(w[4] >>> 0 === ref[0], w[5] >>> 0 === ref[1]); // true true
 * ```
 */
export function threefryBlocks(
  k0: number,
  k1: number,
  x0: number,
  x1: number,
  count: number,
  out: Int32Array,
  offset: number,
): void {
  checkCount("count", count);
  if (!Number.isInteger(offset) || offset < 0 || offset + 2 * count > out.length) {
    throw new RangeError(`offset must leave room for ${2 * count} words in out, got ${offset}`);
  }
  const w = sharedKernel();
  if (w === null) {
    for (let t = 0; t < count; t++) threefryRun(k0, k1, (x0 + t) | 0, x1, 1, out, offset + 2 * t);
    return;
  }
  const words = w.slow;
  for (let t0 = 0; t0 < count; t0 += LANE_CHUNK) {
    const cnt = Math.min(LANE_CHUNK, count - t0);
    w.lane(k0 | 0, k1 | 0, (x0 + t0) | 0, x1 | 0, cnt, SLOW_AT);
    out.set(words.subarray(0, 2 * cnt), offset + 2 * t0);
  }
}

/**
 * fillNormal's values through the shared WebAssembly kernel, CHUNK elements per call (false
 * when WebAssembly SIMD is unavailable; the caller then computes them in JavaScript).
 */
function fillNormalWasm(
  k: Key,
  out: Float32Array | Float64Array,
  mean: number,
  std: number,
): boolean {
  const w = sharedKernel();
  if (w === null) return false;
  const n = out.length;
  const wide = out instanceof Float64Array;
  const fill = wide ? w.fill64 : w.fill32;
  const view = wide ? w.out64 : w.out32;
  const slow = w.slow;
  let st: ReturnType<typeof elementStream> | null = null;
  for (let e0 = 0; e0 < n; e0 += CHUNK) {
    const cnt = Math.min(CHUNK, n - e0);
    const nSlow = fill(k.k0 | 0, k.k1 | 0, n, e0, cnt, w.outAt, mean, std);
    out.set(cnt === CHUNK ? view : view.subarray(0, cnt), e0);
    // as normalInto32/64: the element's stream continues after its first unit (hi, lo)
    for (let q = 0; q < nSlow; q++) {
      const e = slow[3 * q];
      if (e >= e0 + cnt) break; // padding lanes of the last group come last
      st ??= elementStream(k, n);
      startElement(st, e);
      st.j = 1;
      out[e] = mean + std * zigguratNormal(st, slow[3 * q + 1], slow[3 * q + 2]);
    }
  }
  return true;
}

/**
 * A reusable generator of `n` float32 normal draws (see {@link createNormal32Generator}).
 *
 * @example
 * ```ts
 * import { createNormal32Generator, key } from "@neuroplastic/core/random";
 * const g = createNormal32Generator(8);
 * g.fill(key(1), 0, 1);
 * console.log(g.out.length); // 8
 * ```
 */
export interface Normal32Generator {
  /** The draws of the last `fill` (a view of the generator's memory; valid for its lifetime). */
  readonly out: Float32Array;
  /** Fills `out` with exactly the values of `fillNormal(k, new Float32Array(n), mean, std)`. */
  fill(k: Key, mean: number, std: number): void;
}

/**
 * A generator of `n` float32 N(mean, std²) draws per call, bit-identical to
 * `fillNormal(k, out, mean, std)` on a `Float32Array` of length `n` (WebAssembly SIMD Threefry
 * and ziggurat fast path; wedge and tail elements finished in JavaScript). Falls back to
 * `fillNormal` where WebAssembly SIMD is unavailable.
 *
 * @example
 * ```ts
 * import { createNormal32Generator, fillNormal, key } from "@neuroplastic/core/random";
 * const g = createNormal32Generator(1000);
 * g.fill(key(7), 0, 0.04);
 * const ref = new Float32Array(1000);
 * fillNormal(key(7), ref, 0, 0.04);
 * console.log(g.out.every((v, i) => Object.is(v, ref[i]))); // true
 * ```
 */
export function createNormal32Generator(n: number): Normal32Generator {
  checkCount("n", n);
  const m = wasmModule();
  if (m === null) {
    const out = new Float32Array(n);
    return { out, fill: (k, mean, std) => fillNormal(k, out, mean, std) };
  }
  const inst = new WebAssembly.Instance(m);
  const memory = inst.exports.memory as WebAssembly.Memory;
  const outAt = SLOW_AT + ((12 * (n + PAD) + 15) & ~15);
  const bytes = outAt + 4 * (n + PAD);
  const pages = Math.ceil(bytes / 65536);
  if (pages > 1) memory.grow(pages - 1);
  new Float64Array(memory.buffer, KI_AT, 256).set(KI);
  new Float64Array(memory.buffer, WI_AT, 256).set(WI);
  const out = new Float32Array(memory.buffer, outAt, n);
  const slow = new Int32Array(memory.buffer, SLOW_AT, 3 * (n + PAD));
  const fillW = inst.exports.fill32 as FillKernel;
  return {
    out,
    fill(k: Key, mean: number, std: number): void {
      checkKey(k);
      checkFinite("mean", mean);
      checkFinite("std", std);
      if (!(std >= 0)) throw new RangeError(`std must be ≥ 0, got ${std}`);
      const nSlow = fillW(k.k0 | 0, k.k1 | 0, n, 0, n, outAt, mean, std);
      if (nSlow === 0) return;
      // as normal.ts: the element's stream continues after its first unit (hi, lo)
      const st = elementStream(k, n);
      for (let q = 0; q < nSlow; q++) {
        const e = slow[3 * q];
        if (e >= n) break; // padding lanes of the last group come last
        startElement(st, e);
        st.j = 1;
        out[e] = mean + std * zigguratNormal(st, slow[3 * q + 1], slow[3 * q + 2]);
      }
    },
  };
}
