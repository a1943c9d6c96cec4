/**
 * `@neuroplastic/core/tensor` kernels against plain-JS baselines measured in the same run
 * (`deno bench -A bench/tensor_bench.ts`; Deno prints each group's ratios to its baseline).
 *
 * - matmul 128 / 256 (f32): `matmulInto` (auto engine = WebAssembly SIMD) and its plain-JS
 *   engine vs a naive i-j-k triple loop (baseline); 1024 (f32): auto vs the JS engine.
 * - the engines' shapes through the same dispatch (`matmulPath` names the path taken), auto vs
 *   the plain-JS engine (baseline): GENREG dense 100×256·(8×256)ᵀ f64; Hebbian RNN Mode A
 *   (batch 32, hidden 32, T 10) h2h 32×32·(32×32)ᵀ with A inside the hidden history, i2h
 *   32×1·(32×1)ᵀ and the weight gradient (288×32)ᵀ·288×32, f64; RSGN README (N 256, D_h 128, batch 64) f32
 *   message passing 256×256·256×8192 (transA) and W_h 16384×128·128×128.
 * - sparse matvec, 1024×1024 at 5 % density (f64): CSR and CSC (event-driven scatter) vs dense
 *   `matvecInto` (baseline).
 * - softmax, 256 rows × 1000 (f64): `softmaxInto` vs a straightforward array-based version.
 *
 * @module
 */
import {
  cscFromDense,
  cscMatvecInto,
  csrFromDense,
  csrMatvecInto,
  matmulInto,
  matmulPath,
  matvecInto,
  softmaxInto,
} from "@neuroplastic/core/tensor";

/** Deterministic inputs in [-1, 1) from an LCG (benchmark data only). */
function data(n: number, seed: number): Float64Array {
  const out = new Float64Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

function naiveMatmul(c: Float32Array, a: Float32Array, b: Float32Array, n: number): void {
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < n; p++) s += a[i * n + p] * b[p * n + j];
      c[i * n + j] = s;
    }
  }
}

for (const n of [128, 256]) {
  const a = new Float32Array(data(n * n, 1)), b = new Float32Array(data(n * n, 2));
  const c = new Float32Array(n * n);
  const group = `matmul f32 ${n}×${n}`;
  Deno.bench({
    name: `naive i-j-k ${n}`,
    group,
    baseline: true,
    fn: () => naiveMatmul(c, a, b, n),
  });
  Deno.bench({
    name: `matmulInto ${n} (auto: wasm simd)`,
    group,
    fn: () => void matmulInto(c, a, b, n, n, n),
  });
  Deno.bench({
    name: `matmulInto ${n} (js engine)`,
    group,
    fn: () => void matmulInto(c, a, b, n, n, n, { kernel: "js" }),
  });
}

{
  const n = 1024;
  const a = new Float32Array(data(n * n, 1)), b = new Float32Array(data(n * n, 2));
  const c = new Float32Array(n * n);
  const group = "matmul f32 1024×1024";
  Deno.bench({
    name: "matmulInto 1024 (js engine)",
    group,
    baseline: true,
    n: 3,
    warmup: 1,
    fn: () => void matmulInto(c, a, b, n, n, n, { kernel: "js" }),
  });
  Deno.bench({
    name: "matmulInto 1024 (auto: wasm simd)",
    group,
    n: 10,
    warmup: 2,
    fn: () => void matmulInto(c, a, b, n, n, n),
  });
}

// [label, m, k, n, transA, transB, f32, iterations, aBlocks]: A is block aBlocks − 1 of a buffer
// of aBlocks m×k blocks, as the engine calls it (Hebbian: h_t inside the (T + 1)·B×H history).
const SHAPES: readonly [
  string,
  number,
  number,
  number,
  boolean,
  boolean,
  boolean,
  number,
  number,
][] = [
  ["GENREG dense 100×256·(8×256)ᵀ f64", 100, 256, 8, false, true, false, 0, 1],
  ["Hebbian h2h 32×32·(32×32)ᵀ f64, A in h[11·32×32]", 32, 32, 32, false, true, false, 0, 11],
  ["Hebbian i2h 32×1·(32×1)ᵀ f64", 32, 1, 32, false, true, false, 0, 10],
  ["Hebbian grad (288×32)ᵀ·288×32 f64", 32, 288, 32, true, false, false, 0, 1],
  ["RSGN msg (256×256)ᵀ·256×8192 f32", 256, 256, 8192, true, false, true, 3, 1],
  ["RSGN W_h 16384×128·128×128 f32", 16384, 128, 128, false, false, true, 3, 1],
];
for (const [label, m, k, n, transA, transB, f32, iters, aBlocks] of SHAPES) {
  const mk = (len: number, seed: number) =>
    f32 ? new Float32Array(data(len, seed)) : data(len, seed);
  const a = mk(aBlocks * m * k, 8), b = mk(k * n, 9), c = mk(m * n, 10);
  const opts = { transA, transB, aOffset: (aBlocks - 1) * m * k };
  const path = matmulPath(c, a, b, m, k, n, opts);
  const group = `${label} (${m * n * k} MACs)`;
  const counts = iters > 0 ? { n: iters, warmup: 1 } : {};
  Deno.bench({
    name: `${label} js engine`,
    group,
    baseline: true,
    ...counts,
    fn: () => void matmulInto(c, a, b, m, k, n, { ...opts, kernel: "js" }),
  });
  Deno.bench({
    name: `${label} auto (${path})`,
    group,
    ...(iters > 0 ? { n: iters * 3, warmup: 1 } : {}),
    fn: () => void matmulInto(c, a, b, m, k, n, opts),
  });
}

{
  const n = 1024, density = 0.05;
  const mask = data(n * n, 3), vals = data(n * n, 4);
  const dense = new Float64Array(n * n);
  for (let i = 0; i < n * n; i++) if ((mask[i] + 1) / 2 < density) dense[i] = vals[i];
  const csr = csrFromDense(dense, n, n), csc = cscFromDense(dense, n, n);
  const x = data(n, 5), y = new Float64Array(n);
  const group = "matvec 1024×1024, 5% dense";
  Deno.bench({
    name: "dense matvecInto",
    group,
    baseline: true,
    fn: () => void matvecInto(y, dense, x, n, n),
  });
  Deno.bench({ name: "csrMatvecInto", group, fn: () => void csrMatvecInto(y, csr, x) });
  Deno.bench({ name: "cscMatvecInto (scatter)", group, fn: () => void cscMatvecInto(y, csc, x) });
}

{
  const rows = 256, n = 1000;
  const a = data(rows * n, 6).map((v) => 10 * v), out = new Float64Array(rows * n);
  const group = "softmax 256×1000";
  Deno.bench({
    name: "array map/reduce softmax",
    group,
    baseline: true,
    fn: () => {
      for (let r = 0; r < rows; r++) {
        const row = Array.from(a.subarray(r * n, r * n + n));
        const m = Math.max(...row);
        const e = row.map((v) => Math.exp(v - m));
        const s = e.reduce((p, q) => p + q, 0);
        out.set(e.map((v) => v / s), r * n);
      }
    },
  });
  Deno.bench({ name: "softmaxInto", group, fn: () => void softmaxInto(out, a, n) });
}
