/**
 * Forward pass of a one-hidden-layer tanh network over a batch, in WebAssembly SIMD, with the
 * inputs resident in the kernel's memory:
 * h_js = tanh(b1_j + Σ_p W1_jp x_sp), ŷ_s = tanh(b2 + Σ_j w2_j h_js).
 *
 * Bits: the same as `matmulInto` (`X · W1ᵀ`) followed by the scalar loops
 * `h = Math.tanh(pre + b1_j)` and `acc = b2; acc += w2_j · h_j (j in order); ŷ = Math.tanh(acc)`:
 * - the product uses the summation order `matmulInto` documents for f64: for each output and each
 *   k-block of 256 inputs (in order), `acc = Σ_p x·w` sequentially from +0, then `C = C + acc`
 *   with C starting at +0; the bias is added to C afterwards;
 * - tanh is the kernel of `wasm_tanh.ts` (the bits of `Math.tanh` where {@link wasmTanhAvailable}
 *   says so; this module is not used otherwise: {@link createMlpForward} returns `null`);
 * - only `f64x2.add/mul` (IEEE-754, no contraction) outside tanh.
 *
 * Layout: the inputs are held column-major (`XT`, D × rows, the layout of `Inputs.dataT` in
 * GENREG) so that one f64x2 load reads two samples; the register tile is 4 hidden units × 4
 * samples (8 accumulators; per input p two loads of X and four splat loads of W1, read in place
 * from the genome's row-major H × D block). Rows are padded to a multiple of 4 and units to a
 * multiple of 4 inside the kernel's memory (padding outputs are computed and ignored).
 *
 * What limits the product (GENREG's 100 × 256 → 8, process CPU time, same runs, loaded 2-core
 * EPYC): memory operations, not arithmetic. Six bounds-checked loads per eight f64x2
 * multiply-adds (Deno compiles an explicit check per access): the whole forward took 23.8 µs,
 * 20.5 µs with V8's unsafe `--no-wasm-bounds-checks`; `f64x2.relaxed_madd` (fused here) instead
 * of multiply + add saved only 24.6 → 22.2 µs and changes the bits (91 of 100 predictions), so it
 * is not used. Larger register tiles spill (4 units × 3 pairs: 37 µs).
 *
 * One instance per {@link createMlpForward} call (its own memory); every call is synchronous.
 *
 * @module
 */
import { emitModule, I32, op, uleb128, V128, type WasmFunction } from "./wasm_emit.ts";
import { TANH_UNROLL, tanhFunction, wasmTanhAvailable } from "./wasm_tanh.ts";

const simd = (code: number, ...imm: number[]): number[] => [0xfd, ...uleb128(code), ...imm];
const { localGet: get, localSet: set, localTee: tee, i32Const: k32 } = op;
const load = (off: number): number[] => simd(0x00, 4, ...uleb128(off));
const store = (off: number): number[] => simd(0x0b, 4, ...uleb128(off));
const splat = (off: number): number[] => simd(0x0a, 3, ...uleb128(off));
const ADD = simd(0xf0), MUL = simd(0xf2);
/** k-block of the product (matmulInto's WASM_BLOCKING.kc; the summation order depends on it). */
const KC = 256;
const I32_LT_U = [0x49], I32_GE_U = [0x4f];

/** Shape of the product kernel emitted for one plan (sizes are compiled in as immediates). */
export interface MlpTile {
  /** Hidden units per register tile. */
  readonly units: number;
  /** Sample pairs (f64x2 vectors) per register tile. */
  readonly pairs: number;
  /** Inputs per unrolled step of the inner loop. */
  readonly unroll: number;
}

/**
 * Default tile: 4 units × 2 pairs (4 samples), 8 accumulators; per input two X loads and four W1
 * splat loads for eight f64x2 multiply-adds. Measured (process CPU time, same run, GENREG 100 × 256 → 8): 4 × 2 26.0 µs per forward,
 * 2 × 4 26.6, 8 × 1 32.3, 4 × 3 37 (spills); unroll 2 or 4 the same.
 *
 * @example
 * ```ts
 * import { MLP_TILE } from "./wasm_mlp.ts";
 * console.log(MLP_TILE.units * MLP_TILE.pairs); // accumulators
 * ```
 */
export const MLP_TILE: MlpTile = Object.freeze({ units: 4, pairs: 2, unroll: 4 });

/**
 * `gemmBias(px, pw, pb, ph, sBlocks, jBlocks)`: for every block of `units` hidden units
 * (jb < jBlocks) and `2·pairs` samples (sb < sBlocks), C = Σ over k-blocks of (Σ_p x·w from +0)
 * in order, then h = C + b; X column p at px + p·ldx, W1 row j at pw + j·ldw, h row j at
 * ph + j·ldx. `D`, `ldx`, `ldw` and `kc` are compiled in (memory immediates, unrolled steps).
 */
function gemmBiasFunction(
  D: number,
  ldx: number,
  ldw: number,
  kc: number,
  tile: MlpTile,
): WasmFunction {
  const [px, pw, pb, ph, sBlocks, jBlocks] = [0, 1, 2, 3, 4, 5];
  const JT = tile.units, PT = tile.pairs, UN = tile.unroll;
  let n = 6;
  const jb = n++, sb = n++, xp = n++, wp = n++, wEnd = n++, tmp = n++;
  const nI32 = n - 6;
  const A: number[] = [], X: number[] = [];
  for (let i = 0; i < JT * PT; i++) A.push(n++);
  for (let i = 0; i < PT; i++) X.push(n++);
  const w = n++;
  const nV = n - 6 - nI32;
  const b: number[] = [];
  const e = (...parts: number[][]): void => {
    for (const p of parts) for (const x of p) b.push(x);
  };
  const zero = simd(0x0c, ...new Array<number>(16).fill(0));
  // one input step u (byte offsets u·ldx into X, u·8 into W1): acc += x·w for the tile
  const stepAt = (u: number): void => {
    for (let q = 0; q < PT; q++) e(get(xp), load(u * ldx + 16 * q), set(X[q]));
    for (let j = 0; j < JT; j++) {
      e(get(wp), splat(j * ldw + 8 * u), set(w));
      // acc = acc + x·w (the product x·w, as matmulInto's kernels compute it)
      for (let q = 0; q < PT; q++) {
        e(get(A[j * PT + q]), get(X[q]), get(w), MUL, ADD, set(A[j * PT + q]));
      }
    }
  };
  // samples outer, units inner: a block of X stays in L1 while every unit block reads it
  e(k32(0), set(sb), op.block, op.loop);
  e(get(sb), get(sBlocks), I32_GE_U, op.brIf(1));
  e(k32(0), set(jb), op.block, op.loop);
  e(get(jb), get(jBlocks), I32_GE_U, op.brIf(1));
  // tmp = the tile's first output address, ph + jb·JT·ldx + sb·16·PT (h row j at + j·ldx)
  e(get(ph), get(jb), k32(JT * ldx), op.i32Mul, op.i32Add, get(sb), k32(16 * PT), op.i32Mul);
  e(op.i32Add, set(tmp));
  for (let p0 = 0; p0 < D; p0 += kc) {
    const len = Math.min(kc, D - p0);
    for (let i = 0; i < JT * PT; i++) e(zero, set(A[i]));
    // xp = px + p0·ldx + sb·(32·PT/2) ; wp = pw + jb·JT·ldw + p0·8
    e(get(px), k32(p0 * ldx), op.i32Add, get(sb), k32(16 * PT), op.i32Mul, op.i32Add, set(xp));
    e(get(pw), get(jb), k32(JT * ldw), op.i32Mul, op.i32Add, k32(p0 * 8), op.i32Add, tee(wp));
    const whole = len - (len % UN);
    e(k32(whole * 8), op.i32Add, set(wEnd));
    if (whole > 0) {
      e(op.block, op.loop);
      for (let u = 0; u < UN; u++) stepAt(u);
      e(get(xp), k32(UN * ldx), op.i32Add, set(xp), get(wp), k32(UN * 8), op.i32Add, tee(wp));
      e(get(wEnd), I32_LT_U, op.brIf(0), op.end, op.end);
    }
    for (let u = 0; u < len % UN; u++) stepAt(u);
    // C = C + acc, C held in the output rows (starting at +0: the first block stores 0 + acc)
    for (let j = 0; j < JT; j++) {
      for (let q = 0; q < PT; q++) {
        const off = j * ldx + 16 * q;
        e(get(tmp), p0 === 0 ? zero : [...get(tmp), ...load(off)], get(A[j * PT + q]), ADD);
        e(store(off));
      }
    }
  }
  // h = C + b1_j
  for (let j = 0; j < JT; j++) {
    e(get(pb), get(jb), k32(JT * 8), op.i32Mul, op.i32Add, splat(8 * j), set(w));
    for (let q = 0; q < PT; q++) {
      const off = j * ldx + 16 * q;
      e(get(tmp), get(tmp), load(off), get(w), ADD, store(off));
    }
  }
  e(get(jb), k32(1), op.i32Add, set(jb), op.br(0), op.end, op.end);
  e(get(sb), k32(1), op.i32Add, set(sb), op.br(0), op.end, op.end);
  return {
    name: "gemmBias",
    params: new Array<number>(6).fill(I32),
    results: [],
    locals: [[nI32, I32], [nV, V128]],
    body: b,
  };
}

/**
 * `layer2(ph, pw2, pb2, py, pairs, H, ldx)`: for every pair of samples, acc = b2, then
 * acc = acc + w2_j·h_j for j = 0 … H − 1 in order; stores acc at py (two samples per pair).
 */
function layer2Function(): WasmFunction {
  const [ph, pw2, pb2, py, pairs, H, ldx] = [0, 1, 2, 3, 4, 5, 6];
  let n = 7;
  const i = n++, j = n++, hp = n++;
  const nI32 = n - 7;
  const acc = n++;
  const b: number[] = [];
  const e = (...parts: number[][]): void => {
    for (const p of parts) for (const x of p) b.push(x);
  };
  e(k32(0), set(i), op.block, op.loop);
  e(get(i), get(pairs), I32_GE_U, op.brIf(1));
  e(get(pb2), splat(0), set(acc));
  e(get(ph), get(i), k32(16), op.i32Mul, op.i32Add, set(hp), k32(0), set(j));
  e(op.block, op.loop, get(j), get(H), I32_GE_U, op.brIf(1));
  e(get(acc), get(pw2), get(j), k32(8), op.i32Mul, op.i32Add, splat(0), get(hp), load(0), MUL, ADD);
  e(set(acc), get(hp), get(ldx), op.i32Add, set(hp), get(j), k32(1), op.i32Add, set(j));
  e(op.br(0), op.end, op.end);
  e(get(py), get(i), k32(16), op.i32Mul, op.i32Add, get(acc), store(0));
  e(get(i), k32(1), op.i32Add, set(i), op.br(0), op.end, op.end);
  return {
    name: "layer2",
    params: new Array<number>(7).fill(I32),
    results: [],
    locals: [[nI32, I32], [1, V128]],
    body: b,
  };
}

/**
 * The bytes of the MLP module for `rows` samples, `inputs` inputs (exports `tanh2`, `gemmBias`,
 * `layer2`, `memory`); the product kernel has the sizes compiled in.
 *
 * @example
 * ```ts
 * import { mlpModuleBytes } from "./wasm_mlp.ts";
 * console.log(mlpModuleBytes(100, 256).length > 0);
 * ```
 */
export function mlpModuleBytes(
  rows: number,
  inputs: number,
  tile: MlpTile = MLP_TILE,
): Uint8Array<ArrayBuffer> {
  const rowsPad = padRows(rows, tile);
  return emitModule([
    tanhFunction(),
    gemmBiasFunction(inputs, rowsPad * 8, inputs * 8, KC, tile),
    layer2Function(),
  ], 1);
}

/** Rows rounded up to whole tiles (and to an even count for the pairwise layer 2). */
const padRows = (rows: number, tile: MlpTile): number =>
  Math.ceil(rows / (2 * tile.pairs)) * 2 * tile.pairs;

/**
 * A forward-pass plan for fixed shapes with the inputs resident in WebAssembly memory (see the
 * module doc). Create with {@link createMlpForward}.
 */
export interface MlpForward {
  /** Samples. */
  readonly rows: number;
  /** Inputs per sample. */
  readonly inputs: number;
  /** Hidden units. */
  readonly hidden: number;
  /**
   * Copies `XT` (inputs × rows, column-major: `XT[p·rows + s]` = x_sp) into the kernel's memory;
   * later {@link MlpForward.run} calls read this copy.
   */
  setInputs(XT: Float64Array): void;
  /**
   * Runs the forward pass for a genome laid out [W1 (hidden × inputs, row-major), b1 (hidden),
   * w2 (hidden), b2] starting at `genome[offset]`. Results stay in the kernel's memory: read
   * them with {@link MlpForward.hiddenRow} and {@link MlpForward.pred}.
   */
  run(genome: Float64Array, offset?: number): void;
  /** Hidden unit j's activations over the samples (a view into the kernel's memory). */
  hiddenRow(j: number): Float64Array;
  /** The predictions ŷ (a view into the kernel's memory, `rows` long). */
  pred(): Float64Array;
}

/**
 * A forward-pass plan for `rows` samples, `inputs` inputs and `hidden` tanh units, or `null`
 * when the WebAssembly kernels are not in use here (no SIMD or relaxed SIMD, memory too small, or a `Math.tanh`
 * the tanh kernel does not reproduce: see `wasm_tanh.ts`).
 *
 * @example
 * ```ts
 * import { createMlpForward } from "@neuroplastic/core/tensor/wasm";
 * const f = createMlpForward(1, 2, 1); // 1 sample, 2 inputs, 1 hidden unit
 * if (f) {
 *   f.setInputs(Float64Array.of(1, 2)); // x = (1, 2)
 *   f.run(Float64Array.of(0.5, 0.25, 0, 2, 0)); // W1 = (0.5, 0.25), b1 = 0, w2 = 2, b2 = 0
 *   console.log(f.pred()[0] === Math.tanh(2 * Math.tanh(1))); // true
 * }
 * ```
 */
export function createMlpForward(
  rows: number,
  inputs: number,
  hidden: number,
  tile: MlpTile = MLP_TILE,
): MlpForward | null {
  for (const [name, v] of [["rows", rows], ["inputs", inputs], ["hidden", hidden]] as const) {
    if (!Number.isInteger(v) || v < 1) {
      throw new RangeError(`createMlpForward: ${name} = ${v} must be an integer ≥ 1`);
    }
  }
  if (!wasmTanhAvailable()) return null;
  let inst: WebAssembly.Instance;
  try {
    const bytes = mlpModuleBytes(rows, inputs, tile);
    if (!WebAssembly.validate(bytes)) return null;
    inst = new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
  } catch {
    return null;
  }
  const ex = inst.exports;
  const mem = ex.memory as WebAssembly.Memory;
  const tanh2 = ex.tanh2 as (p: number, end: number) => void;
  const gemmBias = ex.gemmBias as (...a: number[]) => void;
  const layer2 = ex.layer2 as (...a: number[]) => void;
  const D = inputs, H = hidden;
  const rowsPad = padRows(rows, tile), H4 = Math.ceil(H / tile.units) * tile.units;
  const step = 2 * TANH_UNROLL; // values per tanh2 iteration
  // element offsets (all multiples of 8 elements = 64 bytes)
  const a8 = (v: number): number => Math.ceil(v / 8) * 8;
  const xOff = 0;
  const hOff = a8(xOff + D * rowsPad);
  const hLen = Math.ceil((H4 * rowsPad) / step) * step;
  const yOff = a8(hOff + hLen);
  const yLen = Math.ceil(rowsPad / step) * step;
  const gOff = a8(yOff + yLen);
  const gLen = H4 * D + 2 * H4 + 8; // W1 (read up to H4 rows) + b1 (H4) + w2 + b2
  const total = a8(gOff + gLen) + 8;
  const have = mem.buffer.byteLength;
  if (have < total * 8) {
    try {
      mem.grow(Math.ceil((total * 8 - have) / 65536));
    } catch {
      return null; // too large for this engine's wasm memory: the caller falls back
    }
  }
  const f64 = new Float64Array(mem.buffer);
  const rowsView = Array.from(
    { length: H },
    (_, j) => f64.subarray(hOff + j * rowsPad, hOff + j * rowsPad + rows),
  );
  const predView = f64.subarray(yOff, yOff + rows);
  const G = H * D + 2 * H + 1;
  return {
    rows,
    inputs,
    hidden,
    setInputs(XT: Float64Array): void {
      if (XT.length < D * rows) {
        throw new RangeError(
          `MlpForward.setInputs: XT needs ${D * rows} elements, has ${XT.length}`,
        );
      }
      if (rowsPad === rows) f64.set(XT.subarray(0, D * rows), xOff);
      else {
        for (let p = 0; p < D; p++) {
          f64.set(XT.subarray(p * rows, (p + 1) * rows), xOff + p * rowsPad);
        }
      }
    },
    run(genome: Float64Array, offset = 0): void {
      if (!(offset >= 0) || offset + G > genome.length) {
        throw new RangeError(
          `MlpForward.run: the genome needs ${G} elements from offset ${offset}, has ${genome.length}`,
        );
      }
      f64.set(
        offset === 0 && genome.length === G ? genome : genome.subarray(offset, offset + G),
        gOff,
      );
      const ldx = rowsPad * 8;
      gemmBias(
        xOff * 8,
        gOff * 8,
        (gOff + H * D) * 8,
        hOff * 8,
        rowsPad / (2 * tile.pairs),
        H4 / tile.units,
      );
      tanh2(hOff * 8, (hOff + hLen) * 8);
      layer2(
        hOff * 8,
        (gOff + H * D + H) * 8,
        (gOff + H * D + 2 * H) * 8,
        yOff * 8,
        rowsPad / 2,
        H,
        ldx,
      );
      tanh2(yOff * 8, (yOff + yLen) * 8);
    },
    hiddenRow: (j) => rowsView[j],
    pred: () => predView,
  };
}
