/**
 * A tiny WebAssembly binary emitter: just enough of the module format
 * (WebAssembly Core Specification 2.0, §5 "Binary Format", and the fixed-width
 * SIMD proposal opcodes, §5.4.8) to assemble the GEMM micro-kernels in
 * `wasm_gemm.ts` in-repo, without external tools or downloaded binaries.
 *
 * Instructions are plain byte arrays; a function body is their concatenation.
 *
 * @module
 */

/** Value types (spec §5.3.1). */
export const I32 = 0x7f;
/** 128-bit vector value type (SIMD). */
export const V128 = 0x7b;

/**
 * Unsigned LEB128 encoding of a non-negative integer < 2^32.
 *
 * @example
 * ```ts
 * import { uleb128 } from "./wasm_emit.ts";
 * uleb128(624485); // [0xe5, 0x8e, 0x26]
 * ```
 */
export function uleb128(n: number): number[] {
  const out: number[] = [];
  let v = n >>> 0;
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
  return out;
}

/**
 * Signed LEB128 encoding of a 32-bit integer.
 *
 * @example
 * ```ts
 * import { sleb128 } from "./wasm_emit.ts";
 * sleb128(-123456); // [0xc0, 0xbb, 0x78]
 * ```
 */
export function sleb128(n: number): number[] {
  const out: number[] = [];
  let v = n | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

const simd = (code: number, ...imm: number[]): number[] => [0xfd, ...uleb128(code), ...imm];
const memarg = (alignLog2: number, offset: number): number[] => [
  ...uleb128(alignLog2),
  ...uleb128(offset),
];

/**
 * Instruction encoders (spec §5.4). Each returns the instruction's bytes.
 *
 * @example
 * ```ts
 * import { op } from "./wasm_emit.ts";
 * const body = [...op.localGet(0), ...op.localGet(1), ...op.i32Add];
 * ```
 */
export const op: {
  readonly localGet: (i: number) => number[];
  readonly localSet: (i: number) => number[];
  readonly localTee: (i: number) => number[];
  readonly i32Const: (v: number) => number[];
  readonly i32Add: number[];
  readonly i32Sub: number[];
  readonly i32Mul: number[];
  readonly i32RemU: number[];
  readonly i32And: number[];
  readonly i32GeU: number[];
  readonly i32LtU: number[];
  readonly select: number[];
  readonly block: number[];
  readonly loop: number[];
  readonly end: number[];
  readonly br: (depth: number) => number[];
  readonly brIf: (depth: number) => number[];
  readonly v128Load: (offset: number) => number[];
  readonly v128Store: (offset: number) => number[];
  readonly v128Load32Splat: (offset: number) => number[];
  readonly v128Load64Splat: (offset: number) => number[];
  readonly v128Zero: number[];
  readonly i8x16Shuffle: (lanes: readonly number[]) => number[];
  readonly f32x4Add: number[];
  readonly f32x4Mul: number[];
  readonly f64x2Add: number[];
  readonly f64x2Mul: number[];
} = {
  localGet: (i) => [0x20, ...uleb128(i)],
  localSet: (i) => [0x21, ...uleb128(i)],
  localTee: (i) => [0x22, ...uleb128(i)],
  i32Const: (v) => [0x41, ...sleb128(v)],
  i32Add: [0x6a],
  i32Sub: [0x6b],
  i32Mul: [0x6c],
  i32RemU: [0x70],
  i32And: [0x71],
  i32GeU: [0x4f],
  i32LtU: [0x49],
  select: [0x1b],
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  end: [0x0b],
  br: (d) => [0x0c, ...uleb128(d)],
  brIf: (d) => [0x0d, ...uleb128(d)],
  // v128.load / v128.store with natural 16-byte alignment hint (log2 = 4).
  v128Load: (off) => simd(0x00, ...memarg(4, off)),
  v128Store: (off) => simd(0x0b, ...memarg(4, off)),
  v128Load32Splat: (off) => simd(0x09, ...memarg(2, off)),
  v128Load64Splat: (off) => simd(0x0a, ...memarg(3, off)),
  v128Zero: simd(0x0c, ...new Array<number>(16).fill(0)),
  // i8x16.shuffle a b: 16 byte-lane immediates (0–15 pick from a, 16–31 from b).
  i8x16Shuffle: (lanes) => simd(0x0d, ...lanes),
  f32x4Add: simd(0xe4),
  f32x4Mul: simd(0xe6),
  f64x2Add: simd(0xf0),
  f64x2Mul: simd(0xf2),
};

/** One function of a module: signature, locals and body (without the final `end`). */
export interface WasmFunction {
  /** Export name of the function. */
  readonly name: string;
  /** Parameter value types (`I32`, `F64`, `V128`, …). */
  readonly params: readonly number[];
  /** Result value types. */
  readonly results: readonly number[];
  /** Local declarations as `[count, type]` runs, after the parameters. */
  readonly locals: readonly (readonly [number, number])[];
  /** Instruction bytes of the body, without the final `end`. */
  readonly body: readonly number[];
}

const section = (id: number, body: number[]): number[] => [id, ...uleb128(body.length), ...body];
const vec = (items: number[][]): number[] => [...uleb128(items.length), ...items.flat()];
const name = (s: string): number[] => {
  const b = new TextEncoder().encode(s);
  return [...uleb128(b.length), ...b];
};

/**
 * Assemble a module that exports the given functions and one growable memory
 * (`initialPages` × 64 KiB) under the name `"memory"`. Each function gets its own type.
 *
 * @example
 * ```ts
 * import { emitModule, I32, op } from "./wasm_emit.ts";
 * const bytes = emitModule([{ name: "add", params: [I32, I32], results: [I32], locals: [],
 *   body: [...op.localGet(0), ...op.localGet(1), ...op.i32Add] }], 1);
 * WebAssembly.validate(bytes); // true
 * ```
 */
export function emitModule(
  funcs: readonly WasmFunction[],
  initialPages: number,
): Uint8Array<ArrayBuffer> {
  const types = funcs.map((
    f,
  ) => [0x60, ...vec(f.params.map((t) => [t])), ...vec(f.results.map((t) => [t]))]);
  const codes = funcs.map((f) => {
    const body = [...vec(f.locals.map(([n, t]) => [...uleb128(n), t])), ...f.body, ...op.end];
    return [...uleb128(body.length), ...body];
  });
  const exports = [
    ...funcs.map((f, i) => [...name(f.name), 0x00, ...uleb128(i)]),
    [...name("memory"), 0x02, 0],
  ];
  const bytes = [
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00], // magic "\0asm", version 1
    ...section(1, vec(types)), // type section
    ...section(3, vec(funcs.map((_, i) => uleb128(i)))), // function section
    ...section(5, vec([[0x00, ...uleb128(initialPages)]])), // memory section: min only
    ...section(7, vec(exports)), // export section
    ...section(10, vec(codes)), // code section
  ];
  return new Uint8Array(bytes);
}
