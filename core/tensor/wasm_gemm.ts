/**
 * WebAssembly SIMD GEMM micro-kernels (f32x4 and f64x2), assembled at load time by the
 * in-repo emitter `wasm_emit.ts` (no external tools, no binary blobs).
 *
 * Layout: the caller packs A and B into the module's linear memory (see `pack.ts`), the
 * kernel runs the jr → ir loops over `MR×NR` register tiles and adds each tile into a padded
 * C chunk that the caller copies out. Tile shapes are parameters ({@link MicroKernel}).
 *
 * What limits the speed here: Deno does not enable V8's WebAssembly trap handler, so every
 * memory access is compiled with an explicit bounds check (`cmp` + `jae`; seen in the machine
 * code dumped with `--print-wasm-code`), and V8 keeps xmm15 as scratch, leaving 15 vector
 * registers. The former 4×12 f32 tile (12 accumulators + 3 B vectors + the broadcast A value +
 * the product = 17 live vectors) spilled two accumulators and paid 7 checked loads per k step.
 * The defaults now:
 * - f32 `5×8` (MR 5, two f32x4 per row): rows 0–3 come from one `v128.load` of the packed A
 *   column and `i8x16.shuffle` lane broadcasts (`vpshufd`), row 4 from `load32_splat`; 10
 *   accumulators + 2 B + A + broadcast + product = 15 registers, no spill, 4 checked loads per
 *   10 vector multiply-adds. Measured 1024³ (CPU time, best of 5, on the shared 2-core EPYC
 *   VM, interleaved in one process): 37.6–38.5 GFLOPS vs 24.7 for the former 4×12 in the same
 *   run; 4×8 with A vectors 35.6–37.6, 5×8 with splats only 36.7–37.6, 6×8 (one spill) 25,
 *   3×12 30.
 * - f64 `4×4` (MR 4, two f64x2 per row, A from two vector loads + shuffles).
 * - f64 row-major A (`gemm64r`, {@link wasmRowsA}), 4×4: A is not packed but copied whole
 *   with one native `TypedArray.set` and read in place; packing A element by element cost
 *   16 µs of the 52 µs of GENREG's 100×256·(8×256)ᵀ, which now takes 24 µs. Two `load64_splat`
 *   per row and step pair beat one f64x2 load + two shuffles (23.5 vs 27.7 µs there, 206 vs
 *   246 µs at 128×256·256×64): in f64 the shuffles compete with the multiplies and adds.
 * The k loop is not unrolled by default (V8 unrolls small loops itself); `mc` 128 beat 64 and
 * 256 for the new kernels. The relaxed-SIMD fused multiply-add is not used (its rounding
 * differs between machines).
 *
 * Numerics and reproducibility: only `f32x4.mul/add` and `f64x2.mul/add` are used, and
 * WebAssembly fixes IEEE-754 round-to-nearest semantics for these with no contraction, so the
 * results are bit-identical on every machine and engine (only NaN payload bits are
 * unspecified). Summation order (every kernel and tile shape, both precisions): for each output
 * element and each k-block of `kc` = 256 (in order), `acc = Σ_p a·b` sequentially over p from
 * `acc = 0` in the kernel's precision, then `C = C + acc` (C starts at 0, or at `out` when
 * accumulating). The tile shape only decides which elements are computed together, never the
 * order within one element, so these kernels give the same bits as the former 4×12 kernel
 * (kc unchanged), and the f64 kernels the same bits as the JS engine (`gemm_js.ts`).
 *
 * The module instance and its memory are module-level scratch created on first use; memory
 * only grows (bounded by one chunk: 1024×1024 C plus two 1024×256 panels, or the copy of A).
 * This is safe because every call is synchronous and runs no user code; each worker has its own
 * instance.
 *
 * @module
 */
import { emitModule, I32, op, V128, type WasmFunction } from "./wasm_emit.ts";
import { packPanelsA, packPanelsB } from "./pack.ts";
import type { FloatArray } from "./tensor.ts";

/** Shape of a register-tile micro-kernel. */
export interface MicroKernel {
  /** Rows of a register tile (A values broadcast per k step). */
  readonly mr: number;
  /** Vectors (of 4 f32 or 2 f64 lanes) per tile row. */
  readonly nv: number;
  /** k-loop unroll factor (≥ 1). */
  readonly unroll: number;
  /** Reload each B vector for every row instead of holding the row of B vectors in registers. */
  readonly bReload: boolean;
  /**
   * Load A as whole vectors (one bounds-checked load per 4 f32 / 2 f64 rows) and broadcast each
   * lane with a shuffle, instead of one `load32_splat` / `load64_splat` per row. In the
   * row-major-A kernel: one load per row for two k steps unless `aVec` is `false` (then one
   * `load64_splat` per row and step).
   */
  readonly aVec?: boolean;
}

/** The micro-kernels of one GEMM module. */
export interface WasmKernels {
  /** f32x4 kernel over packed A and B panels. */
  readonly f32: MicroKernel;
  /** f64x2 kernel over packed A and B panels. */
  readonly f64: MicroKernel;
  /** f64x2 kernel reading A in place from a row-major copy (B packed); `unroll` is ignored (2). */
  readonly f64rows: MicroKernel;
}

/** Default micro-kernels (see the module doc for the measurements behind them). */
export const WASM_KERNELS: WasmKernels = Object.freeze({
  f32: Object.freeze({ mr: 5, nv: 2, unroll: 1, bReload: false, aVec: true }),
  f64: Object.freeze({ mr: 4, nv: 2, unroll: 1, bReload: false, aVec: true }),
  f64rows: Object.freeze({ mr: 4, nv: 2, unroll: 2, bReload: false, aVec: false }),
});

/** Block sizes of the WebAssembly path (elements). */
export interface WasmBlocking {
  /** Depth of a packed k-block. */
  readonly kc: number;
  /** Rows of A per L2 block inside the kernel (multiple of 4). */
  readonly mc: number;
  /** Rows of one C chunk held in wasm memory. */
  readonly mChunk: number;
  /** Columns of one C chunk held in wasm memory. */
  readonly nChunk: number;
}

/** Default blocking (see module doc for the measurements behind it). */
export const WASM_BLOCKING: WasmBlocking = Object.freeze({
  kc: 256,
  mc: 128,
  mChunk: 1024,
  nChunk: 1024,
});

/**
 * Emit one GEMM kernel: `gemm(pa, pb, pc, mPanels, nPanels, kc, ldcBytes, mcPanels)`.
 * For every B panel jr and A panel ir (A panels in groups of `mcPanels`):
 * `C[ir·MR.., jr·NR..] += Σ_p Apanel[p] ⊗ Bpanel[p]` (outer products of the packed columns).
 */
function kernelFunction(f64: boolean, mk: MicroKernel): WasmFunction {
  const es = f64 ? 8 : 4;
  const NV = mk.nv, UNROLL = mk.unroll;
  const NR = NV * (16 / es);
  const MR = mk.mr;
  const vadd = f64 ? op.f64x2Add : op.f32x4Add;
  const vmul = f64 ? op.f64x2Mul : op.f32x4Mul;
  const splat = f64 ? op.v128Load64Splat : op.v128Load32Splat;
  const [pa, pb, pc, mP, nP, kc, ldc, mcP] = [0, 1, 2, 3, 4, 5, 6, 7];
  let next = 8;
  const i32Local = (): number => next++;
  const ic0 = i32Local(), icEnd = i32Local(), jr = i32Local(), ir = i32Local();
  const pA = i32Local(), pB = i32Local(), pEnd = i32Local(), pEnd2 = i32Local();
  const rowp = i32Local(), aStride = i32Local(), bStride = i32Local();
  const nI32 = next - 8;
  const acc: number[][] = [];
  for (let i = 0; i < MR; i++) {
    acc.push([]);
    for (let v = 0; v < NV; v++) acc[i].push(next++);
  }
  const bv: number[] = [];
  for (let v = 0; v < NV; v++) bv.push(next++);
  const av = next++;
  const lanes = 16 / es;
  const aVecs: number[] = [];
  // rows [0, vecRows) come from whole A vectors and lane shuffles, the rest from splat loads
  const vecRows = mk.aVec ? Math.floor(MR / lanes) * lanes : 0;
  for (let q = 0; q < vecRows / lanes; q++) aVecs.push(next++);
  const nV128 = next - 8 - nI32;
  // byte-lane immediates broadcasting element `l` of a vector (f32: 4-byte, f64: 8-byte lanes)
  const splatLane = (l: number): number[] => {
    const out: number[] = [];
    for (let q = 0; q < lanes; q++) for (let b = 0; b < es; b++) out.push(l * es + b);
    return out;
  };

  const c: number[] = [];
  const e = (...parts: number[][]): void => {
    for (const p of parts) for (const x of p) c.push(x);
  };
  const { localGet: get, localSet: set, localTee: tee, i32Const: k32 } = op;
  // One k step at byte offsets (aOff, bOff) from pA, pB: acc[i][v] += splat(A[i]) * B[v].
  const step = (u: number): void => {
    if (!mk.bReload) {
      for (let v = 0; v < NV; v++) e(get(pB), op.v128Load(u * NR * es + v * 16), set(bv[v]));
    }
    for (let q = 0; q < aVecs.length; q++) {
      e(get(pA), op.v128Load(u * MR * es + q * 16), set(aVecs[q]));
    }
    for (let i = 0; i < MR; i++) {
      if (i < vecRows) {
        const q = Math.floor(i / lanes);
        e(get(aVecs[q]), get(aVecs[q]), op.i8x16Shuffle(splatLane(i % lanes)), set(av));
      } else e(get(pA), splat(u * MR * es + i * es), set(av));
      for (let v = 0; v < NV; v++) {
        const b = mk.bReload ? [...get(pB), ...op.v128Load(u * NR * es + v * 16)] : get(bv[v]);
        e(get(acc[i][v]), get(av), b, vmul, vadd, set(acc[i][v]));
      }
    }
  };
  e(get(kc), k32(MR * es), op.i32Mul, set(aStride));
  e(get(kc), k32(NR * es), op.i32Mul, set(bStride));
  e(k32(0), set(ic0));
  e(op.block, op.loop); // for ic0 in steps of mcPanels
  e(get(ic0), get(mP), op.i32GeU, op.brIf(1));
  // icEnd = min(ic0 + mcPanels, mPanels)
  e(get(ic0), get(mcP), op.i32Add, tee(icEnd), get(mP), get(icEnd), get(mP), op.i32LtU);
  e(op.select, set(icEnd));
  e(k32(0), set(jr));
  e(op.block, op.loop); // for jr in [0, nPanels)
  e(get(jr), get(nP), op.i32GeU, op.brIf(1));
  e(get(ic0), set(ir));
  e(op.block, op.loop); // for ir in [ic0, icEnd)
  e(get(ir), get(icEnd), op.i32GeU, op.brIf(1));
  for (let i = 0; i < MR; i++) for (let v = 0; v < NV; v++) e(op.v128Zero, set(acc[i][v]));
  e(get(pa), get(ir), get(aStride), op.i32Mul, op.i32Add, tee(pA), get(aStride), op.i32Add);
  e(set(pEnd));
  // pEnd2 = pA + (kc − kc mod UNROLL)·MR·es: end of the unrolled part
  e(get(pA), get(kc), get(kc), k32(UNROLL), op.i32RemU, op.i32Sub, k32(MR * es), op.i32Mul);
  e(op.i32Add, set(pEnd2));
  e(get(pb), get(jr), get(bStride), op.i32Mul, op.i32Add, set(pB));
  e(op.block, get(pA), get(pEnd2), op.i32GeU, op.brIf(0), op.loop);
  for (let u = 0; u < UNROLL; u++) step(u);
  e(get(pB), k32(UNROLL * NR * es), op.i32Add, set(pB));
  e(get(pA), k32(UNROLL * MR * es), op.i32Add, tee(pA), get(pEnd2), op.i32LtU, op.brIf(0));
  e(op.end, op.end);
  // the kc mod UNROLL remaining steps, one at a time
  e(op.block, op.loop, get(pA), get(pEnd), op.i32GeU, op.brIf(1));
  step(0);
  e(get(pB), k32(NR * es), op.i32Add, set(pB));
  e(get(pA), k32(MR * es), op.i32Add, set(pA), op.br(0), op.end, op.end);
  // rowp = pc + ir·MR·ldc + jr·NR·es ; C rows += acc rows
  e(get(pc), get(ir), k32(MR), op.i32Mul, get(ldc), op.i32Mul, op.i32Add);
  e(get(jr), k32(NR * es), op.i32Mul, op.i32Add, set(rowp));
  for (let i = 0; i < MR; i++) {
    for (let v = 0; v < NV; v++) {
      e(get(rowp), get(rowp), op.v128Load(v * 16), get(acc[i][v]), vadd, op.v128Store(v * 16));
    }
    if (i + 1 < MR) e(get(rowp), get(ldc), op.i32Add, set(rowp));
  }
  e(get(ir), k32(1), op.i32Add, set(ir), op.br(0), op.end, op.end);
  e(get(jr), k32(1), op.i32Add, set(jr), op.br(0), op.end, op.end);
  e(get(icEnd), set(ic0), op.br(0), op.end, op.end);
  return {
    name: f64 ? "gemm64" : "gemm32",
    params: new Array<number>(8).fill(I32),
    results: [],
    locals: [[nI32, I32], [nV128, V128]],
    body: c,
  };
}

/**
 * Emit the row-major-A kernel (f64 only): `gemm64r(pa, pb, pc, mPanels, nPanels, kc, ldcBytes,
 * mcPanels, ldaBytes)`. Same loops and accumulation order as {@link kernelFunction}, but A is
 * read in place from a row-major copy (row `i` of the block at `pa + i·lda`), so it needs no
 * packing. The k loop runs two steps at a time with both steps' B vectors in registers; each
 * row's two A values come from two `load64_splat` (default) or one f64x2 load and two lane
 * shuffles (`aVec`). An odd last step uses splat loads.
 */
function rowKernelFunction(mk: MicroKernel): WasmFunction {
  const es = 8, lanes = 2;
  const NV = mk.nv, NR = NV * lanes, MR = mk.mr;
  const vadd = op.f64x2Add, vmul = op.f64x2Mul;
  const [pa, pb, pc, mP, nP, kc, ldc, mcP, lda] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const nParams = 9;
  let next = nParams;
  const ic0 = next++, icEnd = next++, jr = next++, ir = next++;
  const pA = next++, pB = next++, pEnd = next++, pEnd2 = next++;
  const rowp = next++, aStride = next++, bStride = next++;
  const rowOff: number[] = [-1];
  for (let i = 1; i < MR; i++) rowOff.push(next++);
  const nI32 = next - nParams;
  const acc: number[][] = [];
  for (let i = 0; i < MR; i++) {
    acc.push([]);
    for (let v = 0; v < NV; v++) acc[i].push(next++);
  }
  const bv: number[][] = [];
  for (let u = 0; u < lanes; u++) {
    bv.push([]);
    for (let v = 0; v < NV; v++) bv[u].push(next++);
  }
  const av = next++, aRow = next++;
  const nV128 = next - nParams - nI32;
  const c: number[] = [];
  const e = (...parts: number[][]): void => {
    for (const p of parts) for (const x of p) c.push(x);
  };
  const { localGet: get, localSet: set, localTee: tee, i32Const: k32 } = op;
  const rowAddr = (i: number): number[] =>
    i === 0 ? get(pA) : [...get(pA), ...get(rowOff[i]), ...op.i32Add];
  // lane l of an f64x2 broadcast to both lanes
  const lane = (l: number): number[] => {
    const out: number[] = [];
    for (let q = 0; q < lanes; q++) for (let b = 0; b < es; b++) out.push(l * es + b);
    return out;
  };
  for (let i = 1; i < MR; i++) e(get(lda), k32(i), op.i32Mul, set(rowOff[i]));
  e(get(lda), k32(MR), op.i32Mul, set(aStride));
  e(get(kc), k32(NR * es), op.i32Mul, set(bStride));
  e(k32(0), set(ic0));
  e(op.block, op.loop); // for ic0 in steps of mcPanels
  e(get(ic0), get(mP), op.i32GeU, op.brIf(1));
  e(get(ic0), get(mcP), op.i32Add, tee(icEnd), get(mP), get(icEnd), get(mP), op.i32LtU);
  e(op.select, set(icEnd));
  e(k32(0), set(jr));
  e(op.block, op.loop); // for jr in [0, nPanels)
  e(get(jr), get(nP), op.i32GeU, op.brIf(1));
  e(get(ic0), set(ir));
  e(op.block, op.loop); // for ir in [ic0, icEnd)
  e(get(ir), get(icEnd), op.i32GeU, op.brIf(1));
  for (let i = 0; i < MR; i++) for (let v = 0; v < NV; v++) e(op.v128Zero, set(acc[i][v]));
  e(get(pa), get(ir), get(aStride), op.i32Mul, op.i32Add, tee(pA), get(kc), k32(es), op.i32Mul);
  e(op.i32Add, set(pEnd));
  e(get(pA), get(kc), k32(-lanes), op.i32And, k32(es), op.i32Mul, op.i32Add, set(pEnd2));
  e(get(pb), get(jr), get(bStride), op.i32Mul, op.i32Add, set(pB));
  e(op.block, get(pA), get(pEnd2), op.i32GeU, op.brIf(0), op.loop);
  for (let u = 0; u < lanes; u++) {
    for (let v = 0; v < NV; v++) e(get(pB), op.v128Load(u * NR * es + v * 16), set(bv[u][v]));
  }
  for (let i = 0; i < MR; i++) {
    if (mk.aVec !== false) e(rowAddr(i), op.v128Load(0), set(aRow));
    for (let u = 0; u < lanes; u++) {
      if (mk.aVec === false) e(rowAddr(i), op.v128Load64Splat(u * es), set(av));
      else e(get(aRow), get(aRow), op.i8x16Shuffle(lane(u)), set(av));
      for (let v = 0; v < NV; v++) {
        e(get(acc[i][v]), get(av), get(bv[u][v]), vmul, vadd, set(acc[i][v]));
      }
    }
  }
  e(get(pB), k32(lanes * NR * es), op.i32Add, set(pB));
  e(get(pA), k32(lanes * es), op.i32Add, tee(pA), get(pEnd2), op.i32LtU, op.brIf(0));
  e(op.end, op.end);
  e(op.block, get(pA), get(pEnd), op.i32GeU, op.brIf(0)); // odd kc: one more step
  for (let v = 0; v < NV; v++) e(get(pB), op.v128Load(v * 16), set(bv[0][v]));
  for (let i = 0; i < MR; i++) {
    e(rowAddr(i), op.v128Load64Splat(0), set(av));
    for (let v = 0; v < NV; v++) {
      e(get(acc[i][v]), get(av), get(bv[0][v]), vmul, vadd, set(acc[i][v]));
    }
  }
  e(op.end);
  e(get(pc), get(ir), k32(MR), op.i32Mul, get(ldc), op.i32Mul, op.i32Add);
  e(get(jr), k32(NR * es), op.i32Mul, op.i32Add, set(rowp));
  for (let i = 0; i < MR; i++) {
    for (let v = 0; v < NV; v++) {
      e(get(rowp), get(rowp), op.v128Load(v * 16), get(acc[i][v]), vadd, op.v128Store(v * 16));
    }
    if (i + 1 < MR) e(get(rowp), get(ldc), op.i32Add, set(rowp));
  }
  e(get(ir), k32(1), op.i32Add, set(ir), op.br(0), op.end, op.end);
  e(get(jr), k32(1), op.i32Add, set(jr), op.br(0), op.end, op.end);
  e(get(icEnd), set(ic0), op.br(0), op.end, op.end);
  return {
    name: "gemm64r",
    params: new Array<number>(nParams).fill(I32),
    results: [],
    locals: [[nI32, I32], [nV128, V128]],
    body: c,
  };
}

/**
 * The bytes of the GEMM module (exports `gemm32`, `gemm64`, `memory`).
 *
 * @example
 * ```ts
 * import { gemmModuleBytes } from "./wasm_gemm.ts";
 * WebAssembly.validate(gemmModuleBytes()); // true where WebAssembly SIMD is supported
 * ```
 */
export function gemmModuleBytes(kernels: WasmKernels = WASM_KERNELS): Uint8Array<ArrayBuffer> {
  return emitModule([
    kernelFunction(false, kernels.f32),
    kernelFunction(true, kernels.f64),
    rowKernelFunction(kernels.f64rows),
  ], 1);
}

type KernelFn = (...args: number[]) => void;

/**
 * One instance of the GEMM module: its memory, its two kernels and their tile shapes.
 * Create others with {@link createWasmGemm} (tests and measurements of other tile shapes).
 */
export interface WasmGemm {
  readonly mem: WebAssembly.Memory;
  readonly g32: KernelFn;
  readonly g64: KernelFn;
  readonly g64r: KernelFn;
  readonly kernels: WasmKernels;
  f32: Float32Array;
  f64: Float64Array;
}

/**
 * Build and instantiate a GEMM module with the given micro-kernels, or `null` when
 * WebAssembly SIMD is unavailable.
 *
 * @example
 * ```ts
 * import { createWasmGemm } from "./wasm_gemm.ts";
 * const g = createWasmGemm({
 *   f32: { mr: 6, nv: 2, unroll: 4, bReload: false },
 *   f64: { mr: 2, nv: 4, unroll: 1, bReload: false },
 *   f64rows: { mr: 3, nv: 2, unroll: 2, bReload: false },
 * });
 * ```
 */
export function createWasmGemm(kernels: WasmKernels): WasmGemm | null {
  try {
    const bytes = gemmModuleBytes(kernels);
    if (typeof WebAssembly !== "object" || !WebAssembly.validate(bytes)) return null;
    const inst = new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
    const mem = inst.exports.memory as WebAssembly.Memory;
    return {
      mem,
      g32: inst.exports.gemm32 as KernelFn,
      g64: inst.exports.gemm64 as KernelFn,
      g64r: inst.exports.gemm64r as KernelFn,
      kernels,
      f32: new Float32Array(mem.buffer),
      f64: new Float64Array(mem.buffer),
    };
  } catch {
    return null;
  }
}

let state: WasmGemm | null | undefined;

function getState(): WasmGemm | null {
  if (state === undefined) state = createWasmGemm(WASM_KERNELS);
  return state;
}

/**
 * Whether the WebAssembly SIMD kernels could be built and instantiated here.
 *
 * @example
 * ```ts
 * import { wasmGemmAvailable } from "./wasm_gemm.ts";
 * if (wasmGemmAvailable()) console.log("SIMD GEMM on");
 * ```
 */
export function wasmGemmAvailable(): boolean {
  return getState() !== null;
}

const align64 = (bytes: number): number => Math.ceil(bytes / 64) * 64;

/**
 * Whether {@link gemmWasm} reads A in place from a row-major copy (`gemm64r`, no packing) rather
 * than packing it: f64, A not transposed, fewer than {@link WASM_ROWS_MAX_N} output columns
 * (packing A costs about 5/n of the kernel time, so it only matters for thin outputs), and the
 * whole array `a` (copied with one native `set`) at most twice the m×k block it holds.
 *
 * @example
 * ```ts
 * import { wasmRowsA } from "./wasm_gemm.ts";
 * console.log(wasmRowsA(true, false, 100 * 256, 0, 100, 256, 8)); // true
 * ```
 */
export function wasmRowsA(
  f64: boolean,
  transA: boolean,
  aLength: number,
  aOff: number,
  m: number,
  k: number,
  n: number,
): boolean {
  return f64 && !transA && n < WASM_ROWS_MAX_N && aOff + m * k <= aLength &&
    aLength <= 2 * m * k;
}

/** Output columns from which the packed f64 path is used even when A could be read in place. */
export const WASM_ROWS_MAX_N = 128;

/**
 * GEMM through the WebAssembly kernel: same contract as `gemmJs`. `f64` selects the f64x2
 * kernel (inputs of either dtype are converted while packing). Returns `false`, having done
 * nothing, when WebAssembly SIMD is unavailable or its memory cannot grow.
 *
 * @example
 * ```ts
 * import { gemmWasm, WASM_BLOCKING } from "./wasm_gemm.ts";
 * const out = new Float32Array(1);
 * gemmWasm(out, new Float32Array([1, 2]), new Float32Array([3, 4]), 1, 2, 1,
 *   false, false, false, 0, 0, 0, false, WASM_BLOCKING); // out[0] = 11
 * ```
 */
export function gemmWasm(
  out: FloatArray,
  a: FloatArray,
  b: FloatArray,
  m: number,
  k: number,
  n: number,
  transA: boolean,
  transB: boolean,
  accumulate: boolean,
  aOff: number,
  bOff: number,
  oOff: number,
  f64: boolean,
  blk: WasmBlocking,
  engine?: WasmGemm | null,
): boolean {
  const st = engine ?? getState();
  if (st === null) return false;
  const es = f64 ? 8 : 4;
  const rows = wasmRowsA(f64, transA, a.length, aOff, m, k, n);
  const mk = rows ? st.kernels.f64rows : f64 ? st.kernels.f64 : st.kernels.f32;
  const MR = mk.mr, NR = mk.nv * (16 / es);
  const mChunkMax = Math.min(blk.mChunk, m), nChunkMax = Math.min(blk.nChunk, n);
  const kcMax = Math.min(blk.kc, k);
  const mPadMax = Math.ceil(mChunkMax / MR) * MR, nPadMax = Math.ceil(nChunkMax / NR) * NR;
  // rows: all of `a` plus MR rows of slack (a ragged last panel reads, and discards, past m)
  const aBytes = align64(rows ? (a.length + MR * k + 2) * es : mPadMax * kcMax * es);
  const bBytes = align64(nPadMax * kcMax * es);
  const need = aBytes + bBytes + mPadMax * nPadMax * es;
  if (st.mem.buffer.byteLength < need) {
    try {
      st.mem.grow(Math.ceil((need - st.mem.buffer.byteLength) / 65536));
    } catch {
      return false;
    }
  }
  if (st.f32.buffer !== st.mem.buffer || st.f32.length === 0) {
    st.f32 = new Float32Array(st.mem.buffer);
    st.f64 = new Float64Array(st.mem.buffer);
  }
  const view: FloatArray = f64 ? st.f64 : st.f32;
  const kernel = rows ? st.g64r : f64 ? st.g64 : st.g32;
  const sAi = transA ? 1 : k, sAp = transA ? m : 1;
  const sBp = transB ? 1 : n, sBj = transB ? k : 1;
  const paE = 0, pbE = aBytes / es, pcE = (aBytes + bBytes) / es;
  const mcPanels = Math.max(1, Math.floor(blk.mc / MR));
  if (rows) view.set(a, paE); // one native copy of the whole array, no view object
  for (let i0 = 0; i0 < m; i0 += blk.mChunk) {
    const mc = Math.min(blk.mChunk, m - i0);
    const mPanels = Math.ceil(mc / MR);
    for (let j0 = 0; j0 < n; j0 += blk.nChunk) {
      const nc = Math.min(blk.nChunk, n - j0);
      const nPanels = Math.ceil(nc / NR);
      const ldc = nPanels * NR;
      view.fill(0, pcE, pcE + mPanels * MR * ldc);
      if (accumulate) {
        // element copies, not subarray views: a view per row was an allocation per row per call
        for (let i = 0; i < mc; i++) {
          const src = oOff + (i0 + i) * n + j0, dst = pcE + i * ldc;
          for (let q = 0; q < nc; q++) view[dst + q] = out[src + q];
        }
      }
      for (let pc = 0; pc < k; pc += blk.kc) {
        const kc = Math.min(blk.kc, k - pc);
        packPanelsB(view, pbE, b, bOff, sBp, sBj, j0, nc, pc, kc, NR);
        if (rows) {
          const pa = (paE + aOff + i0 * k + pc) * es;
          kernel(pa, pbE * es, pcE * es, mPanels, nPanels, kc, ldc * es, mcPanels, k * es);
        } else {
          packPanelsA(view, paE, a, aOff, sAi, sAp, i0, mc, pc, kc, MR);
          kernel(paE * es, pbE * es, pcE * es, mPanels, nPanels, kc, ldc * es, mcPanels);
        }
      }
      for (let i = 0; i < mc; i++) {
        const src = pcE + i * ldc, dst = oOff + (i0 + i) * n + j0;
        for (let q = 0; q < nc; q++) out[dst + q] = view[src + q];
      }
    }
  }
  return true;
}
