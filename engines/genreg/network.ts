/**
 * GENREG controllers as flat genomes, their forward passes and genome operators.
 *
 * Controller (GENREG-sine `sine_controller.py`, `comprehensive_benchmark.py`):
 * h_j = tanh(b1_j + Σ_i W1_ji x_i), ŷ = tanh(b2 + Σ_j w2_j h_j); He initialisation
 * W1 ~ N(0, 2/fan_in), w2 ~ N(0, 2/H), biases 0.
 * - dense: every hidden unit reads all D inputs; genome [W1 (H×D), b1 (H), w2 (H), b2];
 * - ultra-sparse: unit j reads K distinct inputs idx_j; genome [idx (H×K, integer-valued),
 *   W1 (H×K), b1, w2, b2]; 2HK + 2H + 1 genes, HK + 2H + 1 parameters (33 for H = 8, K = 2).
 *
 * Mutation (reference `mutate`): every weight gene independently with probability 0.1 gets
 * + N(0, 0.1²); ultra-sparse: each unit with probability 0.05 replaces the input at a random slot
 * by one drawn uniformly from the inputs it does not already read (so the K indices stay distinct).
 *
 * @module
 */
import { choice, fillNormal, fold, type Key, split } from "@neuroplastic/core/random";
import { matmulInto } from "@neuroplastic/core/tensor";
import {
  createMlpForward,
  type MlpForward,
  tanhScratch,
  tanhScratchRun,
} from "@neuroplastic/core/tensor/wasm";
import {
  drawStream,
  type GenomeOps,
  maskedGaussianInto,
  nextInt,
  nextUniform,
} from "@neuroplastic/evolution";

/**
 * Network shape: dense (every hidden unit reads all `inputs`) or sparse (`k` evolvable inputs per unit).
 *
 * @example
 * ```ts
 * import { layoutOf, type NetShape } from "@neuroplastic/engines/genreg";
 * const shape: NetShape = { kind: "sparse", inputs: 256, hidden: 8, k: 2 };
 * console.log(layoutOf(shape).params); // 33
 * ```
 */
export type NetShape =
  | { readonly kind: "dense"; readonly inputs: number; readonly hidden: number }
  | {
    readonly kind: "sparse";
    readonly inputs: number;
    readonly hidden: number;
    readonly k: number;
  };

/**
 * Gene offsets of a shape.
 *
 * @example
 * ```ts
 * import { type Layout, layoutOf } from "@neuroplastic/engines/genreg";
 * const L: Layout = layoutOf({ kind: "sparse", inputs: 256, hidden: 8, k: 2 });
 * console.log(L.idx, L.w1, L.b2, L.length); // 0 16 48 49
 * ```
 */
export interface Layout {
  /** Start of the index genes (sparse) or −1. */
  readonly idx: number;
  /** Start of the input weights. */
  readonly w1: number;
  /** Start of the hidden biases. */
  readonly b1: number;
  /** Start of the output weights. */
  readonly w2: number;
  /** Index of the output bias. */
  readonly b2: number;
  /** Total genes. */
  readonly length: number;
  /** Trainable parameters (weights and biases, not indices). */
  readonly params: number;
  /** Inputs per hidden unit (D or K). */
  readonly fanIn: number;
}

/**
 * Gene layout of a controller.
 *
 * @example
 * ```ts
 * import { layoutOf } from "@neuroplastic/engines/genreg";
 * console.log(layoutOf({ kind: "sparse", inputs: 256, hidden: 8, k: 2 }).params); // 33
 * ```
 */
export function layoutOf(shape: NetShape): Layout {
  const H = shape.hidden;
  const fanIn = shape.kind === "dense" ? shape.inputs : shape.k;
  const idx = shape.kind === "dense" ? -1 : 0;
  const w1 = shape.kind === "dense" ? 0 : H * shape.k;
  const b1 = w1 + H * fanIn;
  const w2 = b1 + H;
  const b2 = w2 + H;
  return { idx, w1, b1, w2, b2, length: b2 + 1, params: H * fanIn + 2 * H + 1, fanIn };
}

/**
 * He initialisation (W1 ~ N(0, 2/fan_in), w2 ~ N(0, 2/H), biases 0; sparse indices: K distinct
 * inputs per unit, uniformly) into `out`.
 *
 * @example
 * ```ts
 * import { initGenome, layoutOf } from "@neuroplastic/engines/genreg";
 * import { key } from "@neuroplastic/core/random";
 * const shape = { kind: "sparse", inputs: 256, hidden: 8, k: 2 } as const;
 * const g = new Float64Array(layoutOf(shape).length);
 * initGenome(shape, key(0), g);
 * ```
 */
export function initGenome(shape: NetShape, key: Key, out: Float64Array): void {
  const L = layoutOf(shape);
  const H = shape.hidden;
  const [kIdx, kW1, kW2] = split(key, 3);
  out.fill(0, 0, L.length);
  if (shape.kind === "sparse") {
    for (let j = 0; j < H; j++) {
      const pick = choice(fold(kIdx, j), shape.inputs, shape.k);
      for (let q = 0; q < shape.k; q++) out[L.idx + j * shape.k + q] = pick[q];
    }
  }
  fillNormal(kW1, out.subarray(L.w1, L.w1 + H * L.fanIn), 0, Math.sqrt(2 / L.fanIn));
  fillNormal(kW2, out.subarray(L.w2, L.w2 + H), 0, Math.sqrt(2 / H));
}

/**
 * One hidden unit of the ultra-sparse net over all samples: h_s = tanh(b1 + Σ_q W1_q x_{s, idx_q}),
 * with `dataT` the column-major inputs (cols × rows). The same code serves the full and the
 * incremental forward passes, so both give identical bits.
 *
 * @example
 * ```ts
 * import { expandInputs, initGenome, sparseUnitInto } from "@neuroplastic/engines/genreg";
 * import { key } from "@neuroplastic/core/random";
 * const inp = expandInputs({ mode: "legacy", trueColumns: 16, noiseColumns: 240 });
 * const shape = { kind: "sparse", inputs: 256, hidden: 8, k: 2 } as const;
 * const g = new Float64Array(49);
 * initGenome(shape, key(0), g);
 * sparseUnitInto(shape, g, inp.dataT, 100, 0, new Float64Array(100));
 * ```
 */
export function sparseUnitInto(
  shape: NetShape & { kind: "sparse" },
  genome: Float64Array,
  dataT: Float64Array,
  rows: number,
  j: number,
  out: Float64Array,
): void {
  const K = shape.k, H = shape.hidden;
  const wOff = H * K + j * K;
  const b = genome[H * K + H * K + j];
  if (K === 2) {
    const c0 = genome[j * 2] * rows, c1 = genome[j * 2 + 1] * rows;
    const w0 = genome[wOff], w1 = genome[wOff + 1];
    for (let s = 0; s < rows; s++) {
      let acc = b;
      acc += w0 * dataT[c0 + s];
      acc += w1 * dataT[c1 + s];
      out[s] = Math.tanh(acc);
    }
    return;
  }
  for (let s = 0; s < rows; s++) {
    let acc = b;
    for (let q = 0; q < K; q++) acc += genome[wOff + q] * dataT[genome[j * K + q] * rows + s];
    out[s] = Math.tanh(acc);
  }
}

/**
 * Output layer and MSE from per-unit hidden rows: ŷ_s = tanh(b2 + Σ_j w2_j h_js);
 * returns mean_s (ŷ_s − y_s)². Writes ŷ into `pred` when given.
 *
 * @example
 * ```ts
 * import { outputMse } from "@neuroplastic/engines/genreg";
 * const g = Float64Array.of(0, 0, 1, 0, 0); // w2 = g[2] = 1, b2 = g[4] = 0
 * console.log(outputMse([Float64Array.of(0.5)], g, 2, 4, Float64Array.of(0), 1)); // tanh(0.5)²
 * ```
 */
export function outputMse(
  hidden: readonly Float64Array[],
  genome: Float64Array,
  w2Off: number,
  b2Off: number,
  target: Float64Array,
  rows: number,
  pred?: Float64Array,
): number {
  const H = hidden.length;
  const b2 = genome[b2Off];
  // the pre-activations first, then their tanh in one WebAssembly call (same bits as Math.tanh)
  const z = tanhScratch(rows);
  if (z === null) {
    let se = 0;
    for (let s = 0; s < rows; s++) {
      let acc = b2;
      for (let j = 0; j < H; j++) acc += genome[w2Off + j] * hidden[j][s];
      const y = Math.tanh(acc);
      if (pred) pred[s] = y;
      const d = y - target[s];
      se += d * d;
    }
    return se / rows;
  }
  for (let s = 0; s < rows; s++) {
    let acc = b2;
    for (let j = 0; j < H; j++) acc += genome[w2Off + j] * hidden[j][s];
    z[s] = acc;
  }
  tanhScratchRun(rows);
  let se = 0;
  for (let s = 0; s < rows; s++) {
    const y = z[s];
    if (pred) pred[s] = y;
    const d = y - target[s];
    se += d * d;
  }
  return se / rows;
}

/** Options of the hidden-layer product (one object, not one per call). */
const DENSE_MATMUL = { transB: true } as const;

/** Scratch for {@link denseHiddenInto}. */
const denseScratch = { pre: new Float64Array(0), w: new Float64Array(0) };

/**
 * Dense hidden layer: h_js = tanh(b1_j + (X W1ᵀ)_sj) for all samples, with X rows×D row-major;
 * writes unit-major rows into `hidden[j]`. The product uses the blocked GEMM of
 * `@neuroplastic/core/tensor` (deterministic for a given shape).
 *
 * @example
 * ```ts
 * import { denseHiddenInto } from "@neuroplastic/engines/genreg";
 * const shape = { kind: "dense", inputs: 2, hidden: 1 } as const;
 * const h = [new Float64Array(1)];
 * denseHiddenInto(shape, Float64Array.of(1, 2, 0.5, 0, 0), Float64Array.of(1, 1), 1, h);
 * console.log(h[0][0] === Math.tanh(0.5 + 1 * 1 + 2 * 1)); // true
 * ```
 */
export function denseHiddenInto(
  shape: NetShape & { kind: "dense" },
  genome: Float64Array,
  X: Float64Array,
  rows: number,
  hidden: Float64Array[],
): void {
  const D = shape.inputs, H = shape.hidden;
  if (denseScratch.pre.length < rows * H) denseScratch.pre = new Float64Array(rows * H);
  const pre = denseScratch.pre;
  // pre = X · W1ᵀ (W1 stored H×D = "n×k" for transB)
  // (W1 is the genome's first H·D genes: passed whole, no subarray view per call)
  matmulInto(pre, X, genome, rows, D, H, DENSE_MATMUL);
  tanhUnits(pre, H, 0, genome, H * D, rows, H, hidden);
}

/**
 * hidden[j][s] = tanh(pre[s·n + c0 + j] + genome[b1 + j]) for j < H, s < rows: the sums first,
 * then all the tanh in one WebAssembly call (the bits of Math.tanh) when available.
 */
function tanhUnits(
  pre: Float64Array,
  n: number,
  c0: number,
  genome: Float64Array,
  b1: number,
  rows: number,
  H: number,
  hidden: Float64Array[],
): void {
  const z = tanhScratch(rows * H);
  if (z === null) {
    for (let j = 0; j < H; j++) {
      const bj = genome[b1 + j];
      const hj = hidden[j];
      for (let s = 0; s < rows; s++) hj[s] = Math.tanh(pre[s * n + c0 + j] + bj);
    }
    return;
  }
  for (let j = 0; j < H; j++) {
    const bj = genome[b1 + j], o = j * rows;
    for (let s = 0; s < rows; s++) z[o + s] = pre[s * n + c0 + j] + bj;
  }
  tanhScratchRun(rows * H);
  for (let j = 0; j < H; j++) {
    const hj = hidden[j], o = j * rows;
    for (let s = 0; s < rows; s++) hj[s] = z[o + s];
  }
}

/** Scratch for {@link denseHiddenBatch}: gathered W1 blocks and the product (grown on demand). */
const batchScratch = { w: new Float64Array(0), pre: new Float64Array(0) };

/**
 * Pre-activations of the dense hidden layers of several genomes in one GEMM:
 * pre = X · [W1_(which[0]); …; W1_(which[count−1])]ᵀ (rows × count·H, row-major), where genome i
 * starts at `genomes[i · stride]`. Each entry is the same dot product, summed in the same order,
 * as {@link denseHiddenInto}'s per-genome product (the blocked GEMM of `@neuroplastic/core/tensor`
 * sums each output over k in order, independently of n), so the two agree bit for bit; batching
 * packs X once instead of once per genome and fills the GEMM's register tiles (H = 8 columns
 * alone leave a third of a 4×6 f64 tile idle). Returns module scratch, valid until the next call;
 * read it with {@link denseHiddenFromBatch}.
 *
 * @example
 * ```ts
 * import { denseHiddenBatch, denseHiddenFromBatch } from "@neuroplastic/engines/genreg";
 * const shape = { kind: "dense", inputs: 2, hidden: 1 } as const;
 * // two genomes [w0, w1, b1, w2, b2] side by side; X one row (1, 2)
 * const g = Float64Array.of(1, 1, 0.5, 0, 0, 2, 0, 0, 0, 0);
 * const pre = denseHiddenBatch(shape, g, 5, [0, 1], 2, Float64Array.of(1, 2), 1);
 * const h = [new Float64Array(1)];
 * denseHiddenFromBatch(shape, g.subarray(5), pre, 1, 1, 2, h);
 * console.log(h[0][0] === Math.tanh(2)); // true
 * ```
 */
export function denseHiddenBatch(
  shape: NetShape & { kind: "dense" },
  genomes: Float64Array,
  stride: number,
  which: ArrayLike<number>,
  count: number,
  X: Float64Array,
  rows: number,
): Float64Array {
  const D = shape.inputs, H = shape.hidden, HD = H * D, n = count * H;
  if (batchScratch.w.length < n * D) batchScratch.w = new Float64Array(n * D);
  if (batchScratch.pre.length < rows * n) batchScratch.pre = new Float64Array(rows * n);
  const w = batchScratch.w, pre = batchScratch.pre;
  for (let i = 0; i < count; i++) {
    const o = which[i] * stride;
    w.set(genomes.subarray(o, o + HD), i * HD);
  }
  // pre = X · Wᵀ with W (count·H) × D stored row-major = "n×k" for transB
  matmulInto(pre, X, w, rows, D, n, DENSE_MATMUL);
  return pre;
}

/**
 * Hidden activations of genome number `i` of a {@link denseHiddenBatch} product:
 * h_js = tanh(pre_s,(i·H + j) + b1_j), the operations of {@link denseHiddenInto}.
 *
 * @example
 * ```ts
 * import { denseHiddenBatch, denseHiddenFromBatch } from "@neuroplastic/engines/genreg";
 * const shape = { kind: "dense", inputs: 1, hidden: 1 } as const;
 * const g = Float64Array.of(3, 0.5, 0, 0); // [W1, b1, w2, b2]
 * const pre = denseHiddenBatch(shape, g, 4, [0], 1, Float64Array.of(2), 1);
 * const h = [new Float64Array(1)];
 * denseHiddenFromBatch(shape, g, pre, 1, 0, 1, h);
 * console.log(h[0][0] === Math.tanh(6 + 0.5)); // true
 * ```
 */
export function denseHiddenFromBatch(
  shape: NetShape & { kind: "dense" },
  genome: Float64Array,
  pre: Float64Array,
  rows: number,
  i: number,
  count: number,
  hidden: Float64Array[],
): void {
  const D = shape.inputs, H = shape.hidden, n = count * H;
  tanhUnits(pre, n, i * H, genome, H * D, rows, H, hidden);
}

/**
 * Buffers for evaluating one controller.
 *
 * @example
 * ```ts
 * import { type EvalBuffers, evalBuffers } from "@neuroplastic/engines/genreg";
 * const buf: EvalBuffers = evalBuffers(8, 100);
 * console.log(buf.hidden.length, buf.pred.length); // 8 100
 * ```
 */
export interface EvalBuffers {
  /** Hidden activations, one row of samples per unit. */
  readonly hidden: Float64Array[];
  /** Predictions, one per sample. */
  readonly pred: Float64Array;
}

/**
 * Allocates hidden rows and a prediction buffer for a shape.
 *
 * @example
 * ```ts
 * import { evalBuffers } from "@neuroplastic/engines/genreg";
 * console.log(evalBuffers(8, 100).hidden.length); // 8
 * ```
 */
export function evalBuffers(hidden: number, rows: number): EvalBuffers {
  return {
    hidden: Array.from({ length: hidden }, () => new Float64Array(rows)),
    pred: new Float64Array(rows),
  };
}

/**
 * Full forward pass: fills `buf.hidden` and `buf.pred` and returns the MSE.
 * `X` is rows×D row-major and `XT` its column-major copy (D×rows). The dense net reads `XT`
 * through {@link denseForward} (copied into WebAssembly memory on every call; same bits as the
 * GEMM path) when available and `XT` is long enough, else `X`; the sparse net reads `XT`.
 *
 * @example
 * ```ts
 * import { evalBuffers, expandInputs, forwardMse, initGenome, layoutOf } from "@neuroplastic/engines/genreg";
 * import { key } from "@neuroplastic/core/random";
 * const inp = expandInputs({ mode: "legacy", trueColumns: 16, noiseColumns: 240 });
 * const shape = { kind: "dense", inputs: 256, hidden: 8 } as const;
 * const g = new Float64Array(layoutOf(shape).length);
 * initGenome(shape, key(0), g);
 * console.log(forwardMse(shape, g, inp.data, inp.dataT, inp.target, evalBuffers(8, 100)) > 0);
 * ```
 */
export function forwardMse(
  shape: NetShape,
  genome: Float64Array,
  X: Float64Array,
  XT: Float64Array,
  target: Float64Array,
  buf: EvalBuffers,
): number {
  const rows = target.length;
  const L = layoutOf(shape);
  if (shape.kind === "dense" && XT.length >= rows * shape.inputs) {
    const f = denseForwardFor(shape, rows);
    if (f) {
      f.setInputs(XT);
      return f.mse(genome, target, buf);
    }
  }
  if (shape.kind === "dense") denseHiddenInto(shape, genome, X, rows, buf.hidden);
  else {
    for (let j = 0; j < shape.hidden; j++) {
      sparseUnitInto(shape, genome, XT, rows, j, buf.hidden[j]);
    }
  }
  return outputMse(buf.hidden, genome, L.w2, L.b2, target, rows, buf.pred);
}

/**
 * Options of {@link controllerOps}.
 *
 * @example
 * ```ts
 * import { controllerOps, type MutationOptions } from "@neuroplastic/engines/genreg";
 * const opts: MutationOptions = { rate: 0.2, scale: 0.05 };
 * console.log(controllerOps({ kind: "dense", inputs: 16, hidden: 8 }, opts).numDims); // 145
 * ```
 */
export interface MutationOptions {
  /** Per-weight mutation probability (default 0.1). */
  readonly rate?: number;
  /** Mutation standard deviation (default 0.1). */
  readonly scale?: number;
  /** Per-unit index mutation probability (sparse; default 0.05). */
  readonly indexRate?: number;
}

/**
 * Replaces, with probability `indexRate` per unit, the index at a random slot by a uniform draw
 * from the inputs the unit does not already read (keeps K distinct indices in [0, D)).
 */
function mutateIndices(
  shape: NetShape & { kind: "sparse" },
  g: Float64Array,
  key: Key,
  indexRate: number,
): void {
  const H = shape.hidden, K = shape.k, D = shape.inputs;
  if (!(indexRate > 0) || K >= D) return;
  const st = drawStream(key);
  for (let j = 0; j < H; j++) {
    if (!(nextUniform(st) < indexRate)) continue;
    const pos = nextInt(st, K);
    // r-th input (in increasing order) not in the unit's current set
    let r = nextInt(st, D - K);
    const cur: number[] = [];
    for (let q = 0; q < K; q++) cur.push(g[j * K + q]);
    cur.sort((a, b) => a - b);
    for (const c of cur) if (c <= r) r++;
    g[j * K + pos] = r;
  }
}

/**
 * Genome operators of a controller: He-initialised random genomes, masked Gaussian weight
 * mutation and (sparse) index mutation.
 *
 * @example
 * ```ts
 * import { controllerOps } from "@neuroplastic/engines/genreg";
 * import { key } from "@neuroplastic/core/random";
 * const ops = controllerOps({ kind: "sparse", inputs: 256, hidden: 8, k: 2 });
 * const a = new Float64Array(ops.numDims), b = new Float64Array(ops.numDims);
 * ops.random(key(0), a);
 * ops.mutate(a, key(1), b);
 * ```
 */
export function controllerOps(shape: NetShape, opts: MutationOptions = {}): GenomeOps {
  const L = layoutOf(shape);
  const rate = opts.rate ?? 0.1, scale = opts.scale ?? 0.1, indexRate = opts.indexRate ?? 0.05;
  return {
    numDims: L.length,
    random: (key, out) => initGenome(shape, key, out),
    mutate: (parent, key, out) => {
      const [kw, ki] = split(key);
      maskedGaussianInto(parent, out, kw, rate, scale, L.w1, L.length);
      if (shape.kind === "sparse") mutateIndices(shape, out, ki, indexRate);
    },
  };
}

/**
 * The dense forward pass with the inputs resident in WebAssembly memory (`createMlpForward` of
 * `@neuroplastic/core/tensor`): the same bits as {@link denseHiddenInto} + {@link outputMse}, without
 * packing X or W1 and with all the tanh in WebAssembly. For a fixed X (one `setInputs`, many
 * genomes), as in a GA or SA run.
 *
 * @example
 * ```ts
 * import { denseForward, evalBuffers, expandInputs, initGenome } from "@neuroplastic/engines/genreg";
 * import { key } from "@neuroplastic/core/random";
 * const inp = expandInputs({ mode: "legacy", trueColumns: 16, noiseColumns: 240 });
 * const shape = { kind: "dense", inputs: 256, hidden: 8 } as const;
 * const f = denseForward(shape, 100);
 * if (f) {
 *   f.setInputs(inp.dataT);
 *   const g = new Float64Array(2065);
 *   initGenome(shape, key(0), g);
 *   console.log(f.mse(g, inp.target, evalBuffers(8, 100)) > 0); // true
 * }
 * ```
 */
export interface DenseForward {
  /** Copies the column-major inputs XT (D × rows) into the kernel's memory. */
  setInputs(XT: Float64Array): void;
  /**
   * Forward pass of the genome at `genome[offset…]` on the resident inputs; returns the MSE
   * against `target` (mean over the rows of (ŷ − y)², summed in sample order, as
   * {@link outputMse}). The activations stay in {@link DenseForward.hidden} and
   * {@link DenseForward.pred} until the next call.
   */
  run(genome: Float64Array, target: Float64Array, offset?: number): number;
  /** {@link DenseForward.run}, then copies the activations into `buf.hidden` and `buf.pred`. */
  mse(genome: Float64Array, target: Float64Array, buf: EvalBuffers, offset?: number): number;
  /** Hidden activations of the last run, one row of samples per unit (views into wasm memory). */
  readonly hidden: readonly Float64Array[];
  /** Predictions of the last run (a view into wasm memory). */
  readonly pred: Float64Array;
}

/**
 * A {@link DenseForward} for a dense shape and a number of rows (its own WebAssembly instance),
 * or `null` when the WebAssembly kernels are not in use here (then use {@link denseHiddenInto}).
 *
 * @example
 * ```ts
 * import { denseForward } from "@neuroplastic/engines/genreg";
 * const f = denseForward({ kind: "dense", inputs: 256, hidden: 8 }, 100);
 * console.log(f === null || f.hidden.length === 8); // true
 * ```
 */
export function denseForward(
  shape: NetShape & { kind: "dense" },
  rows: number,
): DenseForward | null {
  const plan: MlpForward | null = createMlpForward(rows, shape.inputs, shape.hidden);
  if (plan === null) return null;
  const H = shape.hidden;
  const hidden = Array.from({ length: H }, (_, j) => plan.hiddenRow(j));
  const pred = plan.pred();
  const run = (genome: Float64Array, target: Float64Array, offset = 0): number => {
    plan.run(genome, offset);
    let se = 0;
    for (let s = 0; s < rows; s++) {
      const d = pred[s] - target[s];
      se += d * d;
    }
    return se / rows;
  };
  return {
    setInputs: (XT) => plan.setInputs(XT),
    run,
    mse(genome, target, buf, offset = 0): number {
      const mse = run(genome, target, offset);
      for (let j = 0; j < H; j++) buf.hidden[j].set(hidden[j]);
      buf.pred.set(pred);
      return mse;
    },
    hidden,
    pred,
  };
}

/** One {@link DenseForward} per (inputs, hidden, rows), for {@link forwardMse}. */
const denseForwards = new Map<string, DenseForward | null>();

function denseForwardFor(shape: NetShape & { kind: "dense" }, rows: number): DenseForward | null {
  const id = `${shape.inputs},${shape.hidden},${rows}`;
  let f = denseForwards.get(id);
  if (f === undefined) {
    if (denseForwards.size > 16) denseForwards.clear();
    f = denseForward(shape, rows);
    denseForwards.set(id, f);
  }
  return f;
}
