import assert from "node:assert/strict";
import { matmulInto, matmulPath } from "./matmul.ts";
import type { FloatArray } from "./tensor.ts";
import {
  createWasmGemm,
  gemmWasm,
  type MicroKernel,
  WASM_BLOCKING,
  WASM_KERNELS,
  type WasmBlocking,
  wasmGemmAvailable,
  type WasmKernels,
} from "./wasm_gemm.ts";

/** Deterministic values in [-1, 1) with a spread of exponents (LCG; test data only). */
function data(len: number, seed: number, f32: boolean): FloatArray {
  const d = f32 ? new Float32Array(len) : new Float64Array(len);
  let s = seed >>> 0;
  for (let i = 0; i < len; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    d[i] = (s / 2 ** 31 - 1) * 2 ** ((s >>> 7) % 5);
  }
  return d;
}

/**
 * The documented summation order, written out: for each output element and each k-block of
 * `kc` (in order), `acc = Σ_p a·b` sequentially from 0 in the kernel's precision, then
 * `out = out + acc` (out starts at 0 unless accumulating). f32: every operation rounded to f32.
 */
function oracle(
  out: FloatArray,
  a: FloatArray,
  b: FloatArray,
  m: number,
  k: number,
  n: number,
  transA: boolean,
  transB: boolean,
  accumulate: boolean,
  kc: number,
  f32: boolean,
): void {
  const r = f32 ? Math.fround : (x: number) => x;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let o = accumulate ? out[i * n + j] : 0;
      for (let p0 = 0; p0 < k; p0 += kc) {
        let acc = 0;
        for (let p = p0; p < Math.min(k, p0 + kc); p++) {
          const av = transA ? a[p * m + i] : a[i * k + p];
          const bv = transB ? b[j * k + p] : b[p * n + j];
          acc = r(acc + r(av * bv));
        }
        o = r(o + acc);
      }
      out[i * n + j] = o;
    }
  }
}

const SHAPES: readonly (readonly [number, number, number])[] = [
  [1, 1, 1],
  [1, 7, 1],
  [3, 5, 2],
  [5, 1, 9],
  [7, 13, 11],
  [9, 3, 17],
  [13, 31, 5],
  [17, 9, 33],
  [6, 64, 8],
  [21, 37, 19],
];

const KERNELS: readonly (readonly [string, MicroKernel])[] = [
  ["default f32 5×2 aVec", WASM_KERNELS.f32],
  ["default f64 4×2 aVec", WASM_KERNELS.f64],
  ["4×3 splat unroll 2 (the former kernel)", { mr: 4, nv: 3, unroll: 2, bReload: false }],
  ["5×2 splat unroll 3", { mr: 5, nv: 2, unroll: 3, bReload: false }],
  ["4×2 aVec unroll 4", { mr: 4, nv: 2, unroll: 4, bReload: false, aVec: true }],
  ["3×2 aVec (f64: 2 vector rows + 1 splat)", {
    mr: 3,
    nv: 2,
    unroll: 1,
    bReload: false,
    aVec: true,
  }],
  ["2×4 B reloaded", { mr: 2, nv: 4, unroll: 2, bReload: true }],
  ["1×1", { mr: 1, nv: 1, unroll: 1, bReload: false }],
];

const ROWS: readonly MicroKernel[] = [
  WASM_KERNELS.f64rows,
  { mr: 4, nv: 2, unroll: 2, bReload: false, aVec: true },
  { mr: 1, nv: 1, unroll: 2, bReload: false, aVec: false },
  { mr: 3, nv: 2, unroll: 2, bReload: false },
  { mr: 2, nv: 3, unroll: 2, bReload: false },
];

const tiny: WasmBlocking = { kc: 4, mc: 10, mChunk: 11, nChunk: 13 };

/** Run every shape through `g` (packed or rows path) and compare bits with the oracle. */
function checkAll(g: ReturnType<typeof createWasmGemm>, f64: boolean, label: string): void {
  const f32 = !f64;
  for (const blk of [WASM_BLOCKING, tiny]) {
    for (const [m, k, n] of SHAPES) {
      for (
        const [transA, transB, accumulate] of [
          [false, false, false],
          [true, false, true],
          [false, true, false],
          [true, true, true],
        ]
      ) {
        // `a` longer than 2·m·k: f64 takes the packed kernel, not the row-major-A one
        const a = data(2 * m * k + 1, m * 31 + k, f32), b = data(k * n, n * 17 + k, f32);
        const init = data(m * n, 5, f32);
        const got = init.slice(), want = init.slice();
        assert.ok(
          gemmWasm(got, a, b, m, k, n, transA, transB, accumulate, 0, 0, 0, f64, blk, g),
        );
        oracle(want, a, b, m, k, n, transA, transB, accumulate, blk.kc, f32);
        for (let i = 0; i < m * n; i++) {
          assert.ok(
            Object.is(got[i], want[i]),
            `${label} ${m}×${k}×${n} tA=${transA} tB=${transB} acc=${accumulate} kc=${blk.kc}: ` +
              `[${i}] ${got[i]} vs ${want[i]}`,
          );
        }
      }
    }
  }
}

Deno.test("wasm micro-kernels (every tile shape) give the documented order's bits at edge shapes", () => {
  if (!wasmGemmAvailable()) return;
  for (const [name, mk] of KERNELS) {
    const kernels: WasmKernels = { f32: mk, f64: mk, f64rows: WASM_KERNELS.f64rows };
    const g = createWasmGemm(kernels);
    assert.ok(g, name);
    checkAll(g, false, `f32 ${name}`);
    checkAll(g, true, `f64 ${name}`);
  }
});

Deno.test("f64 row-major-A kernel (no A packing) gives the documented order's bits", () => {
  if (!wasmGemmAvailable()) return;
  for (const mk of ROWS) {
    const g = createWasmGemm({ f32: WASM_KERNELS.f32, f64: WASM_KERNELS.f64, f64rows: mk });
    assert.ok(g);
    // odd k exercises the single splat step after the paired loop; offsets shift the rows
    for (const [m, k, n] of SHAPES) {
      for (const aOff of [0, 3]) {
        const a = data(aOff + m * k, m + k, false), b = data(k * n, n + 1, false);
        const got = data(m * n, 9, false), want = got.slice();
        assert.ok(
          gemmWasm(got, a, b, m, k, n, false, true, true, aOff, 0, 0, true, tiny, g),
        );
        oracle(want, a.subarray(aOff), b, m, k, n, false, true, true, tiny.kc, false);
        for (let i = 0; i < m * n; i++) {
          assert.ok(Object.is(got[i], want[i]), `rows ${JSON.stringify(mk)} ${m}×${k}×${n} [${i}]`);
        }
      }
    }
  }
});

Deno.test("matmulPath: the dispatch picks JS for tiny or thin products, rows for GENREG's dense layer", () => {
  if (!wasmGemmAvailable()) return;
  const f64 = (len: number) => new Float64Array(len), f32 = (len: number) => new Float32Array(len);
  // GENREG dense forward: X (100×256) · W1ᵀ (W1 8×256), f64 → A read in place, no packing
  assert.equal(
    matmulPath(f64(800), f64(25600), f64(2065), 100, 256, 8, { transB: true }),
    "wasm-rows",
  );
  // the same with A transposed, or A inside a much longer buffer, or wide outputs: packed
  assert.equal(
    matmulPath(f64(800), f64(25600), f64(2048), 100, 256, 8, { transA: true }),
    "wasm-packed",
  );
  assert.equal(matmulPath(f64(800), f64(60000), f64(2048), 100, 256, 8), "wasm-packed");
  assert.equal(matmulPath(f64(256 * 256), f64(65536), f64(65536), 256, 256, 256), "wasm-packed");
  // f32 (RSGN) is always packed
  assert.equal(
    matmulPath(f32(1 << 20), f32(1 << 20), f32(1 << 20), 1024, 1024, 1024),
    "wasm-packed",
  );
  // under WASM_MIN_MACS (8×8×8) or thin (n < 4: Hebbian RNN's B×H×1 readout) → JS
  assert.equal(matmulPath(f64(64), f64(64), f64(64), 8, 8, 8), "js");
  assert.equal(matmulPath(f64(320), f64(320 * 32), f64(32), 320, 32, 1, { transB: true }), "js");
  assert.equal(matmulPath(f64(256), f64(256), f64(256), 16, 16, 16), "wasm-rows");
  assert.equal(matmulPath(f64(256), f64(256), f64(256), 16, 16, 16, { kernel: "js" }), "js");
  // the path taken is the one reported: f32 JS (double accumulation) and wasm (f32) differ in bits
  const a = data(64 * 64, 1, true), b = data(64 * 64, 2, true);
  const auto = matmulInto(f32(4096), a, b, 64, 64, 64);
  const wasm = f32(4096);
  gemmWasm(wasm, a, b, 64, 64, 64, false, false, false, 0, 0, 0, false, WASM_BLOCKING);
  const js = matmulInto(f32(4096), a, b, 64, 64, 64, { kernel: "js" });
  assert.deepEqual(auto, wasm);
  assert.notDeepEqual(auto, js);
});
