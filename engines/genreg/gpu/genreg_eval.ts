/**
 * GENREG population evaluation: every genome of a population (dense D→H→1 tanh controllers
 * or ultra-sparse K-index controllers) on the same S input points, in one dispatch.
 *
 * Controller (GENREG-sine `sine_controller.py`; engines/genreg/network.ts):
 * ```
 * dense:  h_j = tanh(b1_j + Σ_d W1[j,d] x_d)             sparse: h_j = tanh(b1_j + Σ_q W1[j,q] x_{idx[j,q]})
 * ŷ = tanh(b2 + Σ_j w2_j h_j),   fitness input: MSE = (1/S) Σ_s (ŷ_s − y_s)²
 * ```
 * Genome layout (the engine's `layoutOf`), G genes per genome, genomes back to back:
 * - dense  `[W1 (H×D, row j = unit j) | b1 (H) | w2 (H) | b2]`, G = HD + 2H + 1;
 * - sparse `[idx (H×K, integer-valued) | W1 (H×K) | b1 (H) | w2 (H) | b2]`, G = 2HK + 2H + 1.
 * Inputs are S×D row-major, targets length S.
 *
 * GPU: one workgroup per genome, one invocation per sample (strided), f32 throughout (dense
 * with H ≤ 32: the H pre-activations of a sample are accumulated together);
 * tanh arguments are clamped to ±15 (|tanh| rounds to 1 in f32 beyond 9.01) so no
 * implementation can overflow. CPU ({@link genregEvalCpu}): f64 accumulation.
 *
 * @module
 */
import {
  type Backend,
  createStaging,
  destroyStaging,
  type GpuContext,
  pipelineFor,
  readRegions,
  type Staging,
  storageBuffer,
  uniformBuffer,
  upload,
  usesGpu,
  workOf,
} from "@neuroplastic/gpu";

/**
 * Controller and problem sizes.
 *
 * @example
 * ```ts
 * import type { GenregShape } from "@neuroplastic/engines/genreg";
 * const s: GenregShape = { kind: "sparse", inputs: 256, hidden: 8, k: 2, samples: 100, population: 512 };
 * ```
 */
export interface GenregShape {
  /** Dense (every unit reads all inputs) or sparse (K indices per unit). */
  readonly kind: "dense" | "sparse";
  /** Inputs D (256 in GENREG-sine). */
  readonly inputs: number;
  /** Hidden units H. */
  readonly hidden: number;
  /** Inputs per hidden unit (sparse only). */
  readonly k?: number;
  /** Input points S (100 in GENREG-sine). */
  readonly samples: number;
  /** Genomes per evaluation. */
  readonly population: number;
}

/**
 * Gene offsets of a controller (same as the engine's `layoutOf`).
 *
 * @example
 * ```ts
 * import { genregLayout } from "@neuroplastic/engines/genreg";
 * console.log(genregLayout({ kind: "sparse", inputs: 256, hidden: 8, k: 2, samples: 100, population: 1 }).length); // 49
 * ```
 */
export const genregLayout = (
  s: GenregShape,
): { idx: number; w1: number; b1: number; w2: number; b2: number; length: number } => {
  const H = s.hidden;
  const fan = s.kind === "dense" ? s.inputs : (s.k ?? 0);
  const w1 = s.kind === "dense" ? 0 : H * fan;
  const b1 = w1 + H * fan, w2 = b1 + H, b2 = w2 + H;
  return { idx: s.kind === "dense" ? -1 : 0, w1, b1, w2, b2, length: b2 + 1 };
};

const checkShape = (s: GenregShape): void => {
  for (const f of ["inputs", "hidden", "samples", "population"] as const) {
    if (!Number.isInteger(s[f]) || s[f] < 1) {
      throw new RangeError(`GENREG eval: ${f} = ${s[f]} must be an integer ≥ 1`);
    }
  }
  if (s.kind === "sparse" && (!Number.isInteger(s.k) || (s.k ?? 0) < 1)) {
    throw new RangeError(`GENREG eval: sparse controllers need an integer k ≥ 1, got ${s.k}`);
  }
};

const checkData = (
  s: GenregShape,
  inputs: ArrayLike<number>,
  target: ArrayLike<number>,
): void => {
  if (inputs.length !== s.samples * s.inputs || target.length !== s.samples) {
    throw new RangeError(
      `GENREG eval: inputs must have ${s.samples}×${s.inputs} and target ${s.samples} values, ` +
        `got ${inputs.length} and ${target.length}`,
    );
  }
};

/**
 * Result of an evaluation: one MSE per genome and, when asked for, the predictions
 * (population × samples).
 *
 * @example
 * ```ts
 * import type { GenregResult } from "@neuroplastic/engines/genreg";
 * const best = (r: GenregResult): number => r.mse.indexOf(Math.min(...r.mse));
 * ```
 */
export interface GenregResult {
  /** MSE of each genome. */
  readonly mse: Float32Array | Float64Array;
  /** ŷ per genome and sample (empty when not requested). */
  readonly pred: Float32Array | Float64Array;
}

/**
 * CPU evaluation (f64 accumulation; the `cpu` backend of {@link GenregEval}).
 * `idx` genes are truncated to integers. Throws `RangeError` on a size mismatch.
 *
 * @example
 * ```ts
 * import { genregEvalCpu } from "@neuroplastic/engines/genreg";
 * const shape = { kind: "dense", inputs: 1, hidden: 1, samples: 1, population: 1 } as const;
 * // genome [W1, b1, w2, b2] = [1, 0, 1, 0]: ŷ = tanh(tanh(x))
 * const r = genregEvalCpu(shape, [0.5], [0], Float64Array.of(1, 0, 1, 0));
 * console.log(r.mse[0] === Math.tanh(Math.tanh(0.5)) ** 2); // true
 * ```
 */
export const genregEvalCpu = (
  shape: GenregShape,
  inputs: ArrayLike<number>,
  target: ArrayLike<number>,
  genomes: ArrayLike<number>,
  withPred = false,
): GenregResult => {
  checkShape(shape);
  checkData(shape, inputs, target);
  const L = genregLayout(shape);
  const { inputs: D, hidden: H, samples: S, population: P } = shape;
  const K = shape.k ?? 0;
  if (genomes.length !== P * L.length) {
    throw new RangeError(`GENREG eval: genomes must have ${P}×${L.length} values`);
  }
  const mse = new Float64Array(P), pred = new Float64Array(withPred ? P * S : 0);
  for (let p = 0; p < P; p++) {
    const g = p * L.length;
    let se = 0;
    for (let s = 0; s < S; s++) {
      let out = genomes[g + L.b2];
      for (let j = 0; j < H; j++) {
        let acc = genomes[g + L.b1 + j];
        if (shape.kind === "dense") {
          for (let d = 0; d < D; d++) acc += genomes[g + j * D + d] * inputs[s * D + d];
        } else {
          for (let q = 0; q < K; q++) {
            const col = Math.trunc(genomes[g + j * K + q]);
            acc += genomes[g + L.w1 + j * K + q] * inputs[s * D + col];
          }
        }
        out += genomes[g + L.w2 + j] * Math.tanh(acc);
      }
      const y = Math.tanh(out);
      if (withPred) pred[p * S + s] = y;
      se += (y - target[s]) ** 2;
    }
    mse[p] = se / S;
  }
  return { mse, pred };
};

/** Invocations per workgroup of the GENREG kernel. */
export const GENREG_WG = 128;

/** Largest H for which the dense kernel keeps all H pre-activations in registers. */
export const GENREG_UNROLL_MAX_H = 32;

const denseBody = (h: number): string =>
  h > 0
    // All H units at once: each input x_sd is loaded once for the H products.
    ? `var acc: array<f32, ${h}>;
        for (var j = 0u; j < ${h}u; j = j + 1u) { acc[j] = genomes[g + U.b1 + j]; }
        for (var d = 0u; d < U.D; d = d + 1u) {
          let xv = xt[d * U.S + s];
          for (var j = 0u; j < ${h}u; j = j + 1u) { acc[j] = acc[j] + genomes[g + j * U.D + d] * xv; }
        }
        for (var j = 0u; j < ${h}u; j = j + 1u) { out = out + genomes[g + U.w2 + j] * th(acc[j]); }`
    : `for (var j = 0u; j < U.H; j = j + 1u) {
          var acc = genomes[g + U.b1 + j];
          let row = g + j * U.D;
          for (var d = 0u; d < U.D; d = d + 1u) { acc = acc + genomes[row + d] * xt[d * U.S + s]; }
          out = out + genomes[g + U.w2 + j] * th(acc);
        }`;

const sparseBody = `for (var j = 0u; j < U.H; j = j + 1u) {
          var acc = genomes[g + U.b1 + j];
          for (var q = 0u; q < U.K; q = q + 1u) {
            let col = u32(genomes[g + j * U.K + q]);
            acc = acc + genomes[g + U.w1 + j * U.K + q] * xt[col * U.S + s];
          }
          out = out + genomes[g + U.w2 + j] * th(acc);
        }`;

/** Kernel source: `h` > 0 bakes H into the dense kernel (see {@link GENREG_UNROLL_MAX_H}). */
const wgsl = (sparse: boolean, h: number): string => `
struct Params { P: u32, S: u32, D: u32, H: u32, K: u32, G: u32, b1: u32, w2: u32, b2: u32, w1: u32, withPred: u32, pad: u32 }
@group(0) @binding(0) var<uniform> U: Params;
@group(0) @binding(1) var<storage, read> xt: array<f32>;      // D×S (inputs transposed)
@group(0) @binding(2) var<storage, read> tgt: array<f32>;     // S
@group(0) @binding(3) var<storage, read> genomes: array<f32>; // P×G
@group(0) @binding(4) var<storage, read_write> mse: array<f32>;
@group(0) @binding(5) var<storage, read_write> pred: array<f32>;
var<workgroup> part: array<f32, ${GENREG_WG}>;

fn th(v: f32) -> f32 { return tanh(clamp(v, -15.0, 15.0)); }

@compute @workgroup_size(${GENREG_WG})
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nw: vec3<u32>,
        @builtin(local_invocation_id) lid: vec3<u32>) {
  let p = wg.x + wg.y * nw.x;
  let t = lid.x;
  var se = 0.0;
  if (p < U.P) {
    let g = p * U.G;
    for (var s = t; s < U.S; s = s + ${GENREG_WG}u) {
      var out = genomes[g + U.b2];
      ${sparse ? sparseBody : denseBody(h)}
      let y = th(out);
      if (U.withPred != 0u) { pred[p * U.S + s] = y; }
      let e = y - tgt[s];
      se = se + e * e;
    }
  }
  part[t] = se;
  workgroupBarrier();
  for (var k = ${GENREG_WG / 2}u; k > 0u; k = k >> 1u) {
    if (t < k) { part[t] = part[t] + part[t + k]; }
    workgroupBarrier();
  }
  if (t == 0u && p < U.P) { mse[p] = part[0] / f32(U.S); }
}
`;

/**
 * A GENREG evaluator bound to one problem (inputs and targets uploaded once) and one
 * population size; reuse it every generation. Release with {@link destroyGenregEval}.
 *
 * @example
 * ```ts
 * import type { GenregEval } from "@neuroplastic/engines/genreg";
 * const size = (e: GenregEval): number => e.shape.population;
 * ```
 */
export interface GenregEval {
  /** The owning context. */
  readonly ctx: GpuContext;
  /** Sizes. */
  readonly shape: GenregShape;
  /** Genes per genome. */
  readonly genes: number;
  /** Device buffers, allocated once and reused by every call. */
  readonly buffers: {
    readonly params: GPUBuffer;
    readonly xt: GPUBuffer;
    readonly target: GPUBuffer;
    readonly genomes: GPUBuffer;
    readonly mse: GPUBuffer;
    readonly pred: GPUBuffer;
  };
  /** The compiled kernel (cached in the context). */
  readonly pipeline: GPUComputePipeline;
  /** Bind group of the buffers. */
  readonly bindGroup: GPUBindGroup;
  /** Reused read-back buffer. */
  readonly staging: Staging;
  /** Same as {@link destroyGenregEval}. */
  destroy(): void;
}

/**
 * Uploads the problem (inputs S×D row-major, stored transposed on the device so that
 * neighbouring invocations read neighbouring words; targets) and compiles the kernel.
 *
 * @example
 * ```ts
 * import { Effect } from "effect";
 * import { createGpuContext, destroyGpuContext } from "@neuroplastic/gpu";
 * import { createGenregEval, runGenregEval } from "@neuroplastic/engines/genreg";
 * const ctx = await Effect.runPromise(createGpuContext());
 * const shape = { kind: "dense", inputs: 1, hidden: 1, samples: 1, population: 1 } as const;
 * const ev = createGenregEval(ctx, shape, [0.5], [0]);
 * const r = await runGenregEval(ev, Float32Array.of(1, 0, 1, 0));
 * console.log(r.mse[0]); // ≈ tanh(tanh(0.5))²
 * ev.destroy();
 * destroyGpuContext(ctx);
 * ```
 */
export const createGenregEval = (
  ctx: GpuContext,
  shape: GenregShape,
  inputs: ArrayLike<number>,
  target: ArrayLike<number>,
): GenregEval => {
  checkShape(shape);
  checkData(shape, inputs, target);
  const L = genregLayout(shape);
  const { inputs: D, samples: S, population: P } = shape;
  const xt = new Float32Array(D * S);
  for (let s = 0; s < S; s++) for (let d = 0; d < D; d++) xt[d * S + s] = inputs[s * D + d];
  const buffers = {
    params: uniformBuffer(ctx, 12, "genreg.params"),
    xt: storageBuffer(ctx, D * S, "genreg.xt"),
    target: storageBuffer(ctx, S, "genreg.target"),
    genomes: storageBuffer(ctx, P * L.length, "genreg.genomes"),
    mse: storageBuffer(ctx, P, "genreg.mse"),
    pred: storageBuffer(ctx, P * S, "genreg.pred"),
  };
  upload(ctx, buffers.xt, xt);
  upload(ctx, buffers.target, Float32Array.from(target));
  ctx.device.queue.writeBuffer(
    buffers.params,
    0,
    new Uint32Array([
      P,
      S,
      D,
      shape.hidden,
      shape.k ?? 0,
      L.length,
      L.b1,
      L.w2,
      L.b2,
      L.w1,
      0,
      0,
    ]),
  );
  const sparse = shape.kind === "sparse";
  const h = !sparse && shape.hidden <= GENREG_UNROLL_MAX_H ? shape.hidden : 0;
  const pipeline = pipelineFor(ctx, `genreg:${sparse},${h}`, wgsl(sparse, h), "main");
  const bindGroup = ctx.device.createBindGroup({
    layout: pipeline.getBindGroupLayout(0),
    entries: Object.values(buffers).map((buffer, binding) => ({ binding, resource: { buffer } })),
  });
  const ev: GenregEval = {
    ctx,
    shape,
    genes: L.length,
    buffers,
    pipeline,
    bindGroup,
    staging: createStaging(),
    destroy: () => destroyGenregEval(ev),
  };
  return ev;
};

/**
 * Evaluates a population (P × G genes, f32 or f64: converted to f32) in one dispatch and
 * reads back the MSEs (and predictions when `withPred`).
 *
 * @example
 * ```ts
 * import { type GenregEval, runGenregEval } from "@neuroplastic/engines/genreg";
 * const fitness = async (e: GenregEval, pop: Float64Array): Promise<number[]> =>
 *   Array.from((await runGenregEval(e, pop)).mse, (m) => -m);
 * ```
 */
export const runGenregEval = async (
  ev: GenregEval,
  genomes: ArrayLike<number>,
  withPred = false,
): Promise<GenregResult> => {
  const { ctx, shape, buffers } = ev;
  const P = shape.population, S = shape.samples;
  if (genomes.length !== P * ev.genes) {
    throw new RangeError(`GENREG eval: genomes must have ${P}×${ev.genes} values`);
  }
  upload(
    ctx,
    buffers.genomes,
    genomes instanceof Float32Array ? genomes : Float32Array.from(genomes),
  );
  ctx.device.queue.writeBuffer(buffers.params, 40, new Uint32Array([withPred ? 1 : 0]));
  const enc = ctx.device.createCommandEncoder();
  const pass = enc.beginComputePass();
  pass.setPipeline(ev.pipeline);
  pass.setBindGroup(0, ev.bindGroup);
  const gx = Math.min(P, 65535);
  pass.dispatchWorkgroups(gx, Math.ceil(P / gx));
  pass.end();
  ctx.device.queue.submit([enc.finish()]);
  const regions = [{ src: buffers.mse, at: 0, count: P }];
  if (withPred) regions.push({ src: buffers.pred, at: 0, count: P * S });
  const raw = await readRegions(ctx, regions, ev.staging);
  return {
    mse: new Float32Array(raw[0]),
    pred: withPred ? new Float32Array(raw[1]) : new Float32Array(0),
  };
};

/**
 * Destroys the evaluator's buffers. Idempotent.
 *
 * @example
 * ```ts
 * import { destroyGenregEval, type GenregEval } from "@neuroplastic/engines/genreg";
 * const done = (e: GenregEval): void => destroyGenregEval(e);
 * ```
 */
export const destroyGenregEval = (ev: GenregEval): void => {
  for (const b of Object.values(ev.buffers)) b.destroy();
  destroyStaging(ev.staging);
};

interface CachedGenreg {
  ev: GenregEval;
  inputs: ArrayLike<number>;
  target: ArrayLike<number>;
  destroy(): void;
}

/**
 * GENREG population evaluation on the selected backend. On the GPU the evaluator of each
 * shape is kept in the context and the problem is re-uploaded only when `inputs` or
 * `target` is a different array object.
 *
 * @example
 * ```ts
 * import { Effect } from "effect";
 * import { createBackend } from "@neuroplastic/gpu";
 * import { backendGenregEval } from "@neuroplastic/engines/genreg";
 * const b = await Effect.runPromise(createBackend("cpu"));
 * const shape = { kind: "dense", inputs: 1, hidden: 1, samples: 1, population: 1 } as const;
 * console.log((await backendGenregEval(b, shape, [0.5], [0], [1, 0, 1, 0])).mse[0]);
 * ```
 */
export const backendGenregEval = (
  backend: Backend,
  shape: GenregShape,
  inputs: ArrayLike<number>,
  target: ArrayLike<number>,
  genomes: ArrayLike<number>,
  withPred = false,
): Promise<GenregResult> => {
  const ctx = backend.ctx;
  if (ctx === null || !usesGpu(backend, "genregEval", workOf.genregEval(shape))) {
    return Promise.resolve(genregEvalCpu(shape, inputs, target, genomes, withPred));
  }
  const id = `genreg:${shape.kind},${shape.inputs},${shape.hidden},${shape.k ?? 0},` +
    `${shape.samples},${shape.population}`;
  let c = ctx.resources.get(id) as CachedGenreg | undefined;
  if (c === undefined || c.inputs !== inputs || c.target !== target) {
    c?.destroy();
    const ev = createGenregEval(ctx, shape, inputs, target);
    c = { ev, inputs, target, destroy: () => ev.destroy() };
    ctx.resources.set(id, c);
  }
  return runGenregEval(c.ev, genomes, withPred);
};
