/**
 * More of the WebAssembly instruction set for hand-assembled f32x4 kernels, on top of the
 * emitter in `wasm_emit.ts` (whose `emitModule` assembles the result): the f32 scalar and
 * f32x4/i32x4 SIMD opcodes (WebAssembly Core Specification 2.0 §5.4.5, §5.4.7, §5.4.8), a small
 * function builder with typed locals and counted loops ({@link FnBuilder}), and vectorised
 * float32 `exp`, logistic `sigmoid` and `tanh` emitters ({@link emitExp}, {@link emitSigmoid},
 * {@link emitTanh}).
 *
 * Determinism: only IEEE-754 operations whose results WebAssembly fixes are used (add, sub, mul,
 * div, pseudo-min/max, comparisons, integer and bit operations; no relaxed SIMD, no fused
 * multiply-add), so the same inputs give the same bits on every machine and engine (only NaN
 * payloads are unspecified). `f32x4.pmin`/`pmax` rather than `min`/`max`: V8 lowers the IEEE
 * min/max (NaN-propagating, −0 < +0) to an instruction sequence, the pseudo ones to one `minps`
 * /`maxps`; that alone made the LNDP kernel's update 1.5× faster.
 *
 * Accuracy of the transcendental emitters, in units in the last place (ulp) of float32, against
 * the correctly rounded float32 value (taken as `Math.fround` of the float64 `Math.exp` /
 * `Math.tanh`, which is correctly rounded except when the float64 result lies within one float64
 * ulp of a float32 rounding boundary). Measured over every finite float32 input in the range
 * (a one-off sweep of all 2^32 bit patterns: 2.24e9 inputs for exp, 3.26e9 for sigmoid, 4.28e9
 * for tanh; 0.8 %, 5.2 % and 0.17 % of them off by 1 ulp, 0.15 % of the sigmoids by 2) and
 * asserted by `wasm_simd_test.ts` on 2^18 of them:
 * - `exp`: ≤ 1 ulp on [−87.3365, 88.37]; exactly 0 below −87.3365 (just above ln 2^−126: no
 *   subnormal results, flush to zero); saturates at e^88.37 ≈ 2.39e38 above 88.37 (no +∞);
 *   exp(0) = 1;
 * - `sigmoid` 1/(1 + e^−x): ≤ 2 ulp for x ≥ −87.3365 (the exp error, the addition and the
 *   division); below, ≈ 2^−126 (the smallest normal float32) instead of a smaller subnormal;
 *   exactly 1 from x ≈ 17.3 on;
 * - `tanh`: ≤ 1 ulp; an odd polynomial x + x³P(x²) for |x| < 0.625, else
 *   sign(x)·(1 − 2/(e^{2|x|} + 1)); exactly ±1 beyond |x| ≈ 9.01; tanh(±0) = +0.
 * NaN inputs give NaN.
 *
 * Methods (coefficients fitted here by iteratively reweighted least squares on Chebyshev nodes
 * for minimal relative error; their approximation error is below 0.08 ulp, the rest is the
 * float32 rounding of the evaluation):
 * - exp(x) = 2^n · p(r): n = round(x·log2 e) by adding 1.5·2^23 (the sum's low mantissa bits are
 *   n, and shifting its bits left by 23 after adding 127 gives the bits of 2^n),
 *   r = (x − n·C1) − n·C2 (Cody & Waite 1980 range reduction; C1 = 0.693359375 has 9
 *   significant bits so n·C1 is exact, C2 = fround(ln 2 − C1)), p(r) = 1 + (r + r²·P4(r)) on
 *   |r| ≤ ln2/2; x is clamped first so that n ∈ [−126, 127];
 * - tanh(x) for |x| < 0.625: x + x³·Q4(x²).
 *
 * @module
 */
import { emitModule, I32, op, uleb128, V128, type WasmFunction } from "./wasm_emit.ts";

/** The f32 value type (spec §5.3.1). */
export const F32 = 0x7d;

const simd = (code: number, ...imm: number[]): number[] => [0xfd, ...uleb128(code), ...imm];
const f32Bytes = (v: number): number[] => [
  ...new Uint8Array(Float32Array.of(v).buffer),
];
const memarg = (alignLog2: number, offset: number): number[] => [
  ...uleb128(alignLog2),
  ...uleb128(offset),
];

/**
 * f32 scalar, control and f32x4/i32x4 SIMD instruction encoders not in `wasm_emit.ts`'s `op`.
 * Each returns the instruction's bytes.
 *
 * @example
 * ```ts
 * import { ops } from "@neuroplastic/core/tensor/wasm";
 * const body = [...ops.f32Const(1), ...ops.f32x4Splat]; // a v128 of four 1.0f
 * ```
 */
export const ops: {
  readonly f32Const: (v: number) => number[];
  readonly f32Load: (offset: number) => number[];
  readonly f32Store: (offset: number) => number[];
  readonly f32Add: number[];
  readonly f32Mul: number[];
  readonly f32Div: number[];
  readonly i32Eqz: number[];
  readonly i32Eq: number[];
  readonly i32Ne: number[];
  readonly i32ShrS: number[];
  readonly ifVoid: number[];
  readonly else: number[];
  readonly v128Const: (lanes: readonly number[]) => number[];
  readonly f32x4Const: (v: number) => number[];
  readonly i32x4Const: (v: number) => number[];
  readonly f32x4Splat: number[];
  readonly f32x4ExtractLane: (lane: number) => number[];
  readonly v128And: number[];
  readonly v128AndNot: number[];
  readonly v128Or: number[];
  readonly v128Bitselect: number[];
  readonly v128AnyTrue: number[];
  readonly f32x4Eq: number[];
  readonly f32x4Ne: number[];
  readonly f32x4Lt: number[];
  readonly f32x4Abs: number[];
  readonly f32x4Neg: number[];
  readonly f32x4Sub: number[];
  readonly f32x4Div: number[];
  readonly f32x4Min: number[];
  readonly f32x4Max: number[];
  readonly f32x4Pmin: number[];
  readonly f32x4Pmax: number[];
  readonly f32x4Nearest: number[];
  readonly i32x4Shl: number[];
  readonly i32x4ShrS: number[];
  readonly i32x4Add: number[];
  readonly i32x4Sub: number[];
  readonly i32x4TruncSatF32x4S: number[];
} = {
  f32Const: (v) => [0x43, ...f32Bytes(v)],
  f32Load: (off) => [0x2a, ...memarg(2, off)],
  f32Store: (off) => [0x38, ...memarg(2, off)],
  f32Add: [0x92],
  f32Mul: [0x94],
  f32Div: [0x95],
  i32Eqz: [0x45],
  i32Eq: [0x46],
  i32Ne: [0x47],
  i32ShrS: [0x75],
  ifVoid: [0x04, 0x40],
  else: [0x05],
  v128Const: (lanes) => simd(0x0c, ...lanes),
  f32x4Const: (v) => simd(0x0c, ...f32Bytes(v), ...f32Bytes(v), ...f32Bytes(v), ...f32Bytes(v)),
  i32x4Const: (v) => {
    const b = [...new Uint8Array(Int32Array.of(v).buffer)];
    return simd(0x0c, ...b, ...b, ...b, ...b);
  },
  f32x4Splat: simd(0x13),
  f32x4ExtractLane: (l) => simd(0x1f, l),
  v128And: simd(0x4e),
  v128AndNot: simd(0x4f),
  v128Or: simd(0x50),
  v128Bitselect: simd(0x52),
  v128AnyTrue: simd(0x53),
  f32x4Eq: simd(0x41),
  f32x4Ne: simd(0x42),
  f32x4Lt: simd(0x43),
  f32x4Abs: simd(0xe0),
  f32x4Neg: simd(0xe1),
  f32x4Sub: simd(0xe5),
  f32x4Div: simd(0xe7),
  f32x4Min: simd(0xe8),
  f32x4Max: simd(0xe9),
  // pseudo-minimum b < a ? b : a and maximum a < b ? b : a: one x86 instruction each, where
  // the IEEE min/max (NaN-propagating, −0 < +0) take a sequence
  f32x4Pmin: simd(0xea),
  f32x4Pmax: simd(0xeb),
  f32x4Nearest: simd(0x6a),
  i32x4Shl: simd(0xab),
  i32x4ShrS: simd(0xac),
  i32x4Add: simd(0xae),
  i32x4Sub: simd(0xb1),
  i32x4TruncSatF32x4S: simd(0xf8),
};

/** Byte immediates of an `i8x16.shuffle` that swaps the two 64-bit halves of a vector. */
const SWAP64 = [8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7];
/** Byte immediates of an `i8x16.shuffle` that swaps adjacent 32-bit lanes. */
const SWAP32 = [4, 5, 6, 7, 0, 1, 2, 3, 12, 13, 14, 15, 8, 9, 10, 11];

/**
 * Builds one function: parameters, typed locals (allocated on demand, reusable temporaries per
 * name), a growing body and counted loops. `build()` returns the {@link WasmFunction} for
 * `emitModule`.
 *
 * @example
 * ```ts
 * import { emitModule, FnBuilder, I32, op } from "@neuroplastic/core/tensor/wasm";
 * const b = new FnBuilder("sum", [I32], [I32]);
 * const s = b.local(I32), i = b.local(I32);
 * b.forRange(i, op.i32Const(0), op.localGet(0), 1, () => b.emit(op.localGet(s), op.localGet(i),
 *   op.i32Add, op.localSet(s)));
 * b.emit(op.localGet(s));
 * const inst = new WebAssembly.Instance(new WebAssembly.Module(emitModule([b.build()], 1)), {});
 * console.log((inst.exports.sum as (n: number) => number)(5)); // 10
 * ```
 */
export class FnBuilder {
  /** The function's exported name. */
  readonly name: string;
  /** Parameter types. */
  readonly params: readonly number[];
  /** Result types. */
  readonly results: readonly number[];
  /** The body so far (without the final `end`). */
  readonly body: number[] = [];
  /** Code run before the body: the initialisation of {@link FnBuilder.constant} locals. */
  readonly prologue: number[] = [];
  private readonly types: number[] = [];
  private readonly named = new Map<string, number>();

  /**
   * A builder for a function `name(params) → results`.
   *
   * @example
   * ```ts
   * import { FnBuilder, I32 } from "@neuroplastic/core/tensor/wasm";
   * const b = new FnBuilder("f", [I32, I32], []);
   * ```
   */
  constructor(name: string, params: readonly number[], results: readonly number[]) {
    this.name = name;
    this.params = params;
    this.results = results;
  }

  /**
   * A new local of `type`; with `name`, the same local on every call with that name and type.
   *
   * @example
   * ```ts
   * import { FnBuilder, I32, V128 } from "@neuroplastic/core/tensor/wasm";
   * const b = new FnBuilder("f", [I32], []);
   * console.log(b.local(V128), b.local(V128, "t"), b.local(V128, "t")); // 1 2 2
   * ```
   */
  local(type: number, name?: string): number {
    if (name !== undefined) {
      const k = `${name}:${type}`;
      const have = this.named.get(k);
      if (have !== undefined) return have;
      const idx = this.params.length + this.types.length;
      this.types.push(type);
      this.named.set(k, idx);
      return idx;
    }
    this.types.push(type);
    return this.params.length + this.types.length - 1;
  }

  /**
   * A v128 local holding four copies of the f32 `value` (or, with `int`, of the i32 `value`),
   * set once in the prologue and shared by every use: V8 materialises a `v128.const` with
   * several instructions at each use, a local costs one register or stack load.
   *
   * @example
   * ```ts
   * import { FnBuilder, I32, op } from "@neuroplastic/core/tensor/wasm";
   * const b = new FnBuilder("f", [I32], []);
   * b.emit(op.localGet(b.constant(0.5)), op.localGet(b.constant(0.5)), op.f32x4Mul, op.localSet(b.constant(0.25)));
   * ```
   */
  constant(value: number, int = false): number {
    const k = `const:${int ? "i" : "f"}:${Object.is(value, -0) ? "-0" : value}`;
    const have = this.named.get(k);
    if (have !== undefined) return have;
    const idx = this.local(V128);
    this.named.set(k, idx);
    for (
      const x of [...(int ? ops.i32x4Const(value) : ops.f32x4Const(value)), ...op.localSet(idx)]
    ) {
      this.prologue.push(x);
    }
    return idx;
  }

  /**
   * Appends instructions (byte arrays) to the body.
   *
   * @example
   * ```ts
   * import { FnBuilder, I32, op } from "@neuroplastic/core/tensor/wasm";
   * new FnBuilder("f", [I32], [I32]).emit(op.localGet(0));
   * ```
   */
  emit(...parts: readonly (readonly number[])[]): this {
    for (const p of parts) for (const x of p) this.body.push(x);
    return this;
  }

  /**
   * `for (i = start; i < end; i += step) body()` over unsigned i32 values: `start` and `end`
   * are instruction sequences that push one i32 (`end` is evaluated every iteration).
   *
   * @example
   * ```ts
   * import { FnBuilder, I32, op } from "@neuroplastic/core/tensor/wasm";
   * const b = new FnBuilder("f", [I32], []);
   * const i = b.local(I32);
   * b.forRange(i, op.i32Const(0), op.localGet(0), 16, () => {});
   * ```
   */
  forRange(
    i: number,
    start: readonly number[],
    end: readonly number[],
    step: number,
    body: () => void,
  ): void {
    this.emit(start, op.localSet(i), op.block, op.loop);
    this.emit(op.localGet(i), end, op.i32GeU, op.brIf(1));
    body();
    this.emit(op.localGet(i), op.i32Const(step), op.i32Add, op.localSet(i), op.br(0));
    this.emit(op.end, op.end);
  }

  /**
   * The assembled function (locals run-length encoded by type).
   *
   * @example
   * ```ts
   * import { FnBuilder, I32 } from "@neuroplastic/core/tensor/wasm";
   * console.log(new FnBuilder("f", [I32], []).build().name); // f
   * ```
   */
  build(): WasmFunction {
    const locals: [number, number][] = [];
    for (const t of this.types) {
      const last = locals[locals.length - 1];
      if (last && last[1] === t) last[0]++;
      else locals.push([1, t]);
    }
    return {
      name: this.name,
      params: this.params,
      results: this.results,
      locals,
      body: [...this.prologue, ...this.body],
    };
  }
}

// exp(r) ≈ 1 + r + r²(E0 + E1 r + E2 r² + E3 r³ + E4 r⁴) on |r| ≤ ln2/2 (fitted; see module doc)
const E0 = 0.4999999403953552, E1 = 0.1666652113199234, E2 = 0.041668083518743515;
const E3 = 0.008368700742721558, E4 = 0.0013831555843353271;
// tanh(x) ≈ x + x³(T0 + T1 x² + T2 x⁴ + T3 x⁶ + T4 x⁸) on |x| < 0.625 (fitted)
const T0 = -0.3333328366279602, T1 = 0.13331452012062073, T2 = -0.05374041944742203;
const T3 = 0.020641140639781952, T4 = -0.005707080475986004;
/** Cody–Waite split of ln 2: C1 has 9 significant bits, C2 = fround(ln 2 − C1). */
const LN2_HI = 0.693359375, LN2_LO = Math.fround(Math.LN2 - 0.693359375);
/**
 * Lower end of the exp kernel's range, just above ln 2^−126 ≈ −87.336545: below it exp returns
 * 0 (so that no subnormal result slows later arithmetic down).
 */
export const EXP_FLUSH_BELOW: number = -87.3365;
/**
 * Upper end of the exp kernel's range (x·log2 e < 127.5): above it exp returns e^88.37 ≈
 * 2.40e38 instead of overflowing (the kernels only need exp to saturate there).
 */
export const EXP_CLAMP_ABOVE: number = 88.37;
/** 1.5·2^23: adding it rounds an f32 of magnitude < 2^22 to an integer in the low bits. */
const SHIFTER = 12582912;

/**
 * Emits code that reads the v128 local `x` and writes e^x (four f32 lanes) to the v128 local
 * `out` (which may be `x`). Uses the named temporaries `exp.*` of the builder.
 *
 * @example
 * ```ts
 * import { emitExp, FnBuilder, I32, V128 } from "@neuroplastic/core/tensor/wasm";
 * const b = new FnBuilder("f", [I32], []);
 * const v = b.local(V128);
 * emitExp(b, v, v);
 * ```
 */
export function emitExp(b: FnBuilder, x: number, out: number, flush = true): void {
  const { localGet: get, localSet: set, localTee: tee } = op;
  const xc = b.local(V128, "exp.xc"), t = b.local(V128, "exp.t"), n = b.local(V128, "exp.n");
  const r = b.local(V128, "exp.r"), low = b.local(V128, "exp.low");
  const c = (v: number): number[] => op.localGet(b.constant(v));
  // x below the range → 0 (no subnormal results); evaluated before `out` may overwrite x
  if (flush) b.emit(get(x), c(EXP_FLUSH_BELOW), ops.f32x4Lt, set(low));
  // clamp to [EXP_FLUSH_BELOW, EXP_CLAMP_ABOVE]: n stays in [−126, 127]; without flush (inside
  // sigmoid and tanh) to ±EXP_FLUSH_BELOW, so that 1/(1 + e^x) ≥ 2^−126 stays normal
  const hi = flush ? EXP_CLAMP_ABOVE : -EXP_FLUSH_BELOW;
  // pmax/pmin keep a NaN x (x < lo and hi < x are false) and compile to one instruction each
  b.emit(get(x), c(EXP_FLUSH_BELOW), ops.f32x4Pmax, c(hi), ops.f32x4Pmin, set(xc));
  // n = round(x·log2 e) by adding 1.5·2^23 (the sum's low mantissa bits are n), then
  // r = (x − n·C1) − n·C2 (Cody–Waite)
  b.emit(get(xc), c(Math.LOG2E), op.f32x4Mul, c(SHIFTER), op.f32x4Add, tee(t));
  b.emit(c(SHIFTER), ops.f32x4Sub, set(n));
  b.emit(get(xc), get(n), c(LN2_HI), op.f32x4Mul, ops.f32x4Sub);
  b.emit(get(n), c(LN2_LO), op.f32x4Mul, ops.f32x4Sub, set(r));
  // p = 1 + (r + r²·P(r)), P by Horner
  b.emit(get(r), c(E4), op.f32x4Mul, c(E3), op.f32x4Add);
  b.emit(get(r), op.f32x4Mul, c(E2), op.f32x4Add);
  b.emit(get(r), op.f32x4Mul, c(E1), op.f32x4Add);
  b.emit(get(r), op.f32x4Mul, c(E0), op.f32x4Add);
  b.emit(get(r), get(r), op.f32x4Mul, op.f32x4Mul, get(r), op.f32x4Add, c(1), op.f32x4Add);
  // · 2^n: the bits (n + 127) << 23 = (bits(t) + 127) << 23 mod 2^32 (the shifter's bits
  // above n are shifted out)
  b.emit(get(t), op.localGet(b.constant(127, true)), ops.i32x4Add, op.i32Const(23), ops.i32x4Shl);
  b.emit(op.f32x4Mul);
  if (flush) b.emit(get(low), ops.v128AndNot);
  b.emit(set(out));
}

/**
 * Emits code that reads the v128 local `x` and writes σ(x) = 1/(1 + e^−x) to `out`.
 *
 * @example
 * ```ts
 * import { emitSigmoid, FnBuilder, I32, V128 } from "@neuroplastic/core/tensor/wasm";
 * const b = new FnBuilder("f", [I32], []);
 * const v = b.local(V128);
 * emitSigmoid(b, v, v);
 * ```
 */
export function emitSigmoid(b: FnBuilder, x: number, out: number): void {
  const t = b.local(V128, "sig.t");
  const one = op.localGet(b.constant(1));
  b.emit(op.localGet(x), ops.f32x4Neg, op.localSet(t));
  // no flush: below the range 1/(1 + e^−x) is 1 either way
  emitExp(b, t, t, false);
  b.emit(one, op.localGet(t), one, op.f32x4Add, ops.f32x4Div);
  b.emit(op.localSet(out));
}

/**
 * Emits code that reads the v128 local `x` and writes tanh(x) to `out`.
 *
 * @example
 * ```ts
 * import { emitTanh, FnBuilder, I32, V128 } from "@neuroplastic/core/tensor/wasm";
 * const b = new FnBuilder("f", [I32], []);
 * const v = b.local(V128);
 * emitTanh(b, v, v);
 * ```
 */
export function emitTanh(b: FnBuilder, x: number, out: number): void {
  const { localGet: get, localSet: set } = op;
  const c = (v: number): number[] => op.localGet(b.constant(v));
  const ax = b.local(V128, "tanh.ax"), big = b.local(V128, "tanh.big");
  const x2 = b.local(V128, "tanh.x2"), sm = b.local(V128, "tanh.sm");
  const sel = b.local(V128, "tanh.sel");
  b.emit(get(x), ops.f32x4Abs, set(ax));
  b.emit(get(ax), c(0.625), ops.f32x4Lt, set(sel));
  // small |x|: x + x³·Q(x²)
  b.emit(get(x), get(x), op.f32x4Mul, set(x2));
  b.emit(get(x2), c(T4), op.f32x4Mul, c(T3), op.f32x4Add);
  b.emit(get(x2), op.f32x4Mul, c(T2), op.f32x4Add);
  b.emit(get(x2), op.f32x4Mul, c(T1), op.f32x4Add);
  b.emit(get(x2), op.f32x4Mul, c(T0), op.f32x4Add);
  b.emit(get(x), get(x2), op.f32x4Mul, op.f32x4Mul, get(x), op.f32x4Add, set(sm));
  // large |x|: sign(x)·(1 − 2/(e^{2|x|} + 1))
  b.emit(get(ax), get(ax), op.f32x4Add, set(big));
  emitExp(b, big, big, false);
  b.emit(c(1), c(2), get(big), c(1), op.f32x4Add, ops.f32x4Div, ops.f32x4Sub);
  b.emit(get(x), op.localGet(b.constant(-0x80000000, true)), ops.v128And, ops.v128Or, set(big));
  b.emit(get(sm), get(big), get(sel), ops.v128Bitselect, set(out));
}

/**
 * Emits code that reduces the v128 local `v` so that every lane holds max(v₀, v₁, v₂, v₃)
 * (`sum` false) or (v₀ + v₂) + (v₁ + v₃) (`sum` true), left on the stack.
 *
 * @example
 * ```ts
 * import { emitHorizontal, FnBuilder, I32, V128 } from "@neuroplastic/core/tensor/wasm";
 * const b = new FnBuilder("f", [I32], []);
 * emitHorizontal(b, b.local(V128), true);
 * ```
 */
export function emitHorizontal(b: FnBuilder, v: number, sum: boolean): void {
  const t = b.local(V128, "hz.t");
  const f = sum ? op.f32x4Add : ops.f32x4Pmax;
  const v3 = [...op.localGet(v), ...op.localGet(v), ...op.localGet(v)];
  b.emit(v3, op.i8x16Shuffle(SWAP64), f, op.localSet(t));
  b.emit(op.localGet(t), op.localGet(t), op.localGet(t), op.i8x16Shuffle(SWAP32), f);
}

/** Which vectorised function a {@link vmathModule} export applies. */
export type VMathFn = "exp" | "sigmoid" | "tanh";

/**
 * A module exporting `exp`, `sigmoid` and `tanh` as array maps `(src, dst, bytes)` over f32
 * values in its memory (`bytes` a multiple of 16), for tests and benchmarks of the emitters.
 *
 * @example
 * ```ts
 * import { vmathModule } from "@neuroplastic/core/tensor/wasm";
 * console.log(WebAssembly.validate(vmathModule(1))); // true
 * ```
 */
export function vmathModule(pages: number): Uint8Array<ArrayBuffer> {
  const fns: WasmFunction[] = [];
  for (const f of ["exp", "sigmoid", "tanh"] as const) {
    const b = new FnBuilder(f, [I32, I32, I32], []);
    const i = b.local(I32), v = b.local(V128);
    b.forRange(i, op.i32Const(0), op.localGet(2), 16, () => {
      b.emit(op.localGet(0), op.localGet(i), op.i32Add, op.v128Load(0), op.localSet(v));
      if (f === "exp") emitExp(b, v, v);
      else if (f === "sigmoid") emitSigmoid(b, v, v);
      else emitTanh(b, v, v);
      b.emit(op.localGet(1), op.localGet(i), op.i32Add, op.localGet(v), op.v128Store(0));
    });
    fns.push(b.build());
  }
  return emitModule(fns, pages);
}
