/**
 * Many independent SORN networks stepped in lockstep on the GPU (a batch of seeds or a
 * parameter sweep): one dispatch per step for the whole batch, state resident on the device,
 * read back only when recorded. Kernel and equations: wgsl.ts.
 *
 * Random numbers are not generated on the GPU. For each step the caller supplies, per
 * network, the noise ξ (ne + ni values), the input u (nu values, 0 when there is none) and
 * the structural candidates (see {@link SornBatchDraws}); filling them with the SORN
 * engine's own key usage (`engines/sorn/draws.ts`) makes the GPU step follow the CPU dense
 * step to f32 tolerance (see gpu/README.md and ../README.md).
 *
 * All networks share ne, ni, nu; every other parameter may differ per network.
 *
 * @module
 */
import {
  createStaging,
  destroyStaging,
  type GpuContext,
  pipelineFor,
  readRegions,
  type Staging,
  storageBuffer,
  upload,
} from "@neuroplastic/gpu";
import { NET_WORDS, sornStepWgsl, sornWorkgroupBytes } from "./wgsl.ts";

export { SORN_FLAG } from "./wgsl.ts";

/**
 * Parameters of one network (the SORN config fields the step uses, plus its switches).
 *
 * @example
 * ```ts
 * import { SORN_FLAG, type SornNetParams } from "@neuroplastic/engines/sorn";
 * const p: SornNetParams = {
 *   eta_stdp: 0.004, eta_ip: 0.01, h_ip: 0.1, te_min: 0, te_max: 1, eta_inhib: 0.001,
 *   mu_ip: 0.1, w_max: 1, sp_weight: 0.001,
 *   flags: SORN_FLAG.stdp | SORN_FLAG.ip | SORN_FLAG.sp | SORN_FLAG.istdp | SORN_FLAG.ss | SORN_FLAG.prune,
 * };
 * ```
 */
export interface SornNetParams {
  /** STDP rate η_STDP. */
  readonly eta_stdp: number;
  /** IP rate η_IP. */
  readonly eta_ip: number;
  /** IP target rate h_IP (already resolved: 2·nu/ne or mu_ip). */
  readonly h_ip: number;
  /** Excitatory threshold clip range. */
  readonly te_min: number;
  /** Upper end of the threshold range. */
  readonly te_max: number;
  /** iSTDP rate. */
  readonly eta_inhib: number;
  /** Target rate μ_IP of iSTDP. */
  readonly mu_ip: number;
  /** Upper clip of plastic weights. */
  readonly w_max: number;
  /** Weight of a synapse added by structural plasticity. */
  readonly sp_weight: number;
  /** OR of {@link SORN_FLAG} bits (mechanisms on, pruning). */
  readonly flags: number;
}

/**
 * Host copy of the batch state; every array is the concatenation over networks
 * (network b's block starts at b × the per-network size). Weight layout as in the SORN
 * engine: `wee[pre·ne + post]`, `wei[k·ne + i]`, `wie[j·ni + k]`.
 *
 * @example
 * ```ts
 * import type { SornBatchState } from "@neuroplastic/engines/sorn";
 * const rate = (s: SornBatchState, steps: number): number =>
 *   s.spikesE.reduce((a, b) => a + b, 0) / (s.spikesE.length * steps);
 * ```
 */
export interface SornBatchState {
  /** Binary excitatory state x (B × ne). */
  readonly x: Uint8Array;
  /** Binary inhibitory state y (B × ni). */
  readonly y: Uint8Array;
  /** Recurrent drive of the last step, without input (B × ne). */
  readonly r: Float32Array;
  /** Excitatory thresholds (B × ne). */
  readonly te: Float32Array;
  /** Inhibitory thresholds (B × ni). */
  readonly ti: Float32Array;
  /** E→E weights (B × ne × ne), 0 where absent. */
  readonly wee: Float32Array;
  /** E→E presence (B × ne × ne). */
  readonly eeMask: Uint8Array;
  /** I→E weights (B × ni × ne), 0 where absent. */
  readonly wei: Float32Array;
  /** I→E presence. */
  readonly eiMask: Uint8Array;
  /** E→I weights (B × ne × ni), all present. */
  readonly wie: Float32Array;
  /** Spikes per excitatory neuron since upload (B × ne). */
  readonly spikesE: Uint32Array;
  /** Spikes per inhibitory neuron since upload (B × ni). */
  readonly spikesI: Uint32Array;
  /**
   * Per network: steps whose structural addition found every candidate present; there the
   * CPU step would enumerate the absent pairs, the GPU adds nothing (0 = exact agreement).
   */
  readonly spFallbacks: Uint32Array;
}

/** The initial state a batch is created from (counters start at 0). */
export type SornBatchInit = Omit<SornBatchState, "spikesE" | "spikesI" | "spFallbacks" | "r"> & {
  /** Recurrent drive; zeros when omitted. */
  readonly r?: ArrayLike<number>;
};

/**
 * The per-step inputs of `steps` consecutive steps, step-major then network-major:
 * - `noise`: steps × B × (ne + ni) — ξ of the excitatory then inhibitory neurons;
 * - `input`: steps × B × nu — external input of units 0..nu−1 (0 = none);
 * - `cand`: steps × B × (1 + tries) — `[count, idx_0 … idx_{tries−1}]`: count = 0 when no
 *   structural addition is attempted this step, else the candidate pairs `pre·ne + post`
 *   in the order the CPU tries them (count = tries).
 *
 * @example
 * ```ts
 * import { allocSornDraws } from "@neuroplastic/engines/sorn";
 * const d = allocSornDraws({ batch: 2, ne: 10, ni: 2, nu: 1, tries: 32 }, 4);
 * console.log(d.noise.length, d.cand.length); // 96 264
 * ```
 */
export interface SornBatchDraws {
  /** Number of steps described. */
  readonly steps: number;
  /** Noise values. */
  readonly noise: Float32Array;
  /** Input values. */
  readonly input: Float32Array;
  /** Structural candidates. */
  readonly cand: Int32Array;
}

/**
 * Sizes shared by all networks of a batch.
 *
 * @example
 * ```ts
 * import type { SornBatchShape } from "@neuroplastic/engines/sorn";
 * const s: SornBatchShape = { batch: 256, ne: 200, ni: 40, nu: 10, tries: 32 };
 * ```
 */
export interface SornBatchShape {
  /** Networks. */
  readonly batch: number;
  /** Excitatory neurons per network. */
  readonly ne: number;
  /** Inhibitory neurons. */
  readonly ni: number;
  /** Input units. */
  readonly nu: number;
  /** Structural candidates per step (the CPU's `ABSENT_PAIR_TRIES`, 32). */
  readonly tries: number;
}

/**
 * Zeroed draw buffers for `steps` steps of a batch.
 *
 * @example
 * ```ts
 * import { allocSornDraws } from "@neuroplastic/engines/sorn";
 * console.log(allocSornDraws({ batch: 1, ne: 4, ni: 1, nu: 2, tries: 32 }, 1).input.length); // 2
 * ```
 */
export const allocSornDraws = (shape: SornBatchShape, steps: number): SornBatchDraws => ({
  steps,
  noise: new Float32Array(steps * shape.batch * (shape.ne + shape.ni)),
  input: new Float32Array(steps * shape.batch * shape.nu),
  cand: new Int32Array(steps * shape.batch * (1 + shape.tries)),
});

/**
 * A batch of networks resident on the device. Create with {@link createSornBatch},
 * advance with {@link sornBatchSteps}, read with {@link readSornBatch}, release with
 * {@link destroySornBatch} (before the context).
 *
 * @example
 * ```ts
 * import type { SornBatch } from "@neuroplastic/engines/sorn";
 * const networks = (b: SornBatch): number => b.shape.batch;
 * ```
 */
export interface SornBatch {
  /** The owning context. */
  readonly ctx: GpuContext;
  /** Sizes. */
  readonly shape: SornBatchShape;
  /** Steps whose draws fit in one upload. */
  readonly chunk: number;
  /** Steps run since creation. */
  steps: number;
  /** Device buffers (layouts: wgsl.ts), allocated once and reused by every step. */
  readonly buffers: {
    readonly w: GPUBuffer;
    readonly wie: GPUBuffer;
    readonly fst: GPUBuffer;
    readonly ust: GPUBuffer;
    readonly nets: GPUBuffer;
    readonly draws: GPUBuffer;
    readonly cand: GPUBuffer;
    readonly slots: GPUBuffer;
  };
  /** The kernel compiled for this batch's sizes. */
  readonly pipeline: GPUComputePipeline;
  /** One bind group per draw slot (the slot index is a 256-byte-aligned uniform). */
  readonly bindGroups: readonly GPUBindGroup[];
  /** Reused read-back buffer. */
  readonly staging: Staging;
  /** Same as {@link destroySornBatch}. */
  destroy(): void;
}

/** Invocations per workgroup of the SORN kernel. */
export const SORN_WG = 64;

/** Default number of steps whose draws are uploaded at once (the engine's draw block). */
export const SORN_CHUNK = 32;

const need = (what: string, arr: { readonly length: number }, n: number): void => {
  if (arr.length !== n) {
    throw new RangeError(`SORN batch: ${what} must have length ${n}, got ${arr.length}`);
  }
};

const checkInit = (shape: SornBatchShape, init: SornBatchInit): void => {
  const { batch: B, ne, ni } = shape;
  need("x", init.x, B * ne);
  need("y", init.y, B * ni);
  need("te", init.te, B * ne);
  need("ti", init.ti, B * ni);
  need("wee", init.wee, B * ne * ne);
  need("eeMask", init.eeMask, B * ne * ne);
  need("wei", init.wei, B * ni * ne);
  need("eiMask", init.eiMask, B * ni * ne);
  need("wie", init.wie, B * ne * ni);
  if (init.r !== undefined) need("r", init.r, B * ne);
};

/**
 * Words of the weight block of one network (Wee then Wei, absent = −1).
 *
 * @example
 * ```ts
 * import { sornWeightWords } from "@neuroplastic/engines/sorn";
 * console.log(sornWeightWords(10, 2)); // 120
 * ```
 */
export const sornWeightWords = (ne: number, ni: number): number => ne * ne + ni * ne;

/**
 * Why a batch of this shape cannot run on the context's device, or `undefined` when it can:
 * one network's workgroup memory ((4·ne + 2·ni + 8) × 4 bytes), the largest buffer
 * (B·(ne² + ni·ne) words) against the storage binding limit, or more than 65535 networks.
 *
 * @example
 * ```ts
 * import { Effect } from "effect";
 * import { createGpuContext, destroyGpuContext } from "@neuroplastic/gpu";
 * import { sornBatchLimit } from "@neuroplastic/engines/sorn";
 * const ctx = await Effect.runPromise(createGpuContext());
 * console.log(sornBatchLimit(ctx, { batch: 256, ne: 200, ni: 40, nu: 10, tries: 32 })); // undefined
 * destroyGpuContext(ctx);
 * ```
 */
export const sornBatchLimit = (ctx: GpuContext, shape: SornBatchShape): string | undefined => {
  const { batch: B, ne, ni } = shape;
  const wgBytes = sornWorkgroupBytes(ne, ni);
  if (wgBytes > ctx.maxWorkgroupStorage) {
    return `ne = ${ne}, ni = ${ni} need ${wgBytes} bytes of workgroup memory; ` +
      `the device has ${ctx.maxWorkgroupStorage}`;
  }
  const bytes = B * sornWeightWords(ne, ni) * 4;
  if (bytes > ctx.maxStorageBinding) {
    return `${B} networks need a ${bytes}-byte weight buffer; ` +
      `the device binds at most ${ctx.maxStorageBinding}`;
  }
  if (B > 65535) return `at most 65535 networks per batch, got ${B}`;
  return undefined;
};

/**
 * Uploads a batch (shapes are checked) and compiles the kernel for its sizes.
 * Throws `RangeError` on a length mismatch, or when one network does not fit in the
 * device's workgroup memory ((4·ne + 2·ni + 8) × 4 bytes) or storage binding limit.
 *
 * @example
 * ```ts
 * import { Effect } from "effect";
 * import { createGpuContext, destroyGpuContext } from "@neuroplastic/gpu";
 * import { createSornBatch, SORN_FLAG } from "@neuroplastic/engines/sorn";
 * const ctx = await Effect.runPromise(createGpuContext());
 * const [ne, ni, nu] = [4, 1, 0];
 * const batch = createSornBatch(ctx, { batch: 1, ne, ni, nu, tries: 32 }, [{
 *   eta_stdp: 0, eta_ip: 0, h_ip: 0.1, te_min: 0, te_max: 1, eta_inhib: 0, mu_ip: 0.1,
 *   w_max: 1, sp_weight: 0.001, flags: SORN_FLAG.prune,
 * }], {
 *   x: new Uint8Array(ne), y: new Uint8Array(ni), te: new Float32Array(ne), ti: new Float32Array(ni),
 *   wee: new Float32Array(ne * ne), eeMask: new Uint8Array(ne * ne),
 *   wei: new Float32Array(ni * ne), eiMask: new Uint8Array(ni * ne), wie: new Float32Array(ne * ni),
 * });
 * batch.destroy();
 * destroyGpuContext(ctx);
 * ```
 */
export const createSornBatch = (
  ctx: GpuContext,
  shape: SornBatchShape,
  params: readonly SornNetParams[],
  init: SornBatchInit,
  chunk: number = SORN_CHUNK,
): SornBatch => {
  const { batch: B, ne, ni, nu, tries } = shape;
  for (const [f, v] of Object.entries(shape)) {
    if (!Number.isInteger(v) || v < 0) {
      throw new RangeError(`SORN batch: ${f} = ${v} must be an integer ≥ 0`);
    }
  }
  if (B < 1 || ne < 1 || ni < 1 || nu > ne || B > 65535) {
    throw new RangeError(`SORN batch: need 1 ≤ batch ≤ 65535, ne ≥ 1, ni ≥ 1, nu ≤ ne`);
  }
  const limit = sornBatchLimit(ctx, shape);
  if (limit !== undefined) throw new RangeError(`SORN batch: ${limit}`);
  need("params", params, B);
  checkInit(shape, init);
  const netsBuf = new ArrayBuffer(B * NET_WORDS * 4);
  const nf = new Float32Array(netsBuf), nu32 = new Uint32Array(netsBuf);
  params.forEach((p, b) => {
    const o = b * NET_WORDS;
    nf.set([
      p.eta_stdp,
      p.eta_ip,
      p.h_ip,
      p.te_min,
      p.te_max,
      p.eta_inhib,
      p.mu_ip,
      p.w_max,
      p.sp_weight,
    ], o);
    nu32[o + 9] = p.flags >>> 0;
  });

  const dev = ctx.device;
  const buffers = {
    w: storageBuffer(ctx, B * sornWeightWords(ne, ni), "sorn.w"),
    wie: storageBuffer(ctx, B * ne * ni, "sorn.wie"),
    fst: storageBuffer(ctx, B * (2 * ne + ni), "sorn.fst"),
    ust: storageBuffer(ctx, B * (2 * ne + 2 * ni + 1), "sorn.ust"),
    nets: storageBuffer(ctx, B * NET_WORDS, "sorn.nets"),
    draws: storageBuffer(ctx, chunk * B * (ne + ni + nu), "sorn.draws"),
    cand: storageBuffer(ctx, chunk * B * (1 + tries), "sorn.cand"),
    slots: dev.createBuffer({ size: chunk * 256, usage: 0x40 | 0x08, label: "sorn.slots" }),
  };
  dev.queue.writeBuffer(buffers.nets, 0, netsBuf);
  const slotData = new Uint32Array(chunk * 64);
  for (let s = 0; s < chunk; s++) slotData[s * 64] = s;
  dev.queue.writeBuffer(buffers.slots, 0, slotData);

  const sizes = { batch: B, ne, ni, nu, tries, wg: SORN_WG };
  const pipeline = pipelineFor(
    ctx,
    `sorn:${B},${ne},${ni},${nu},${tries},${SORN_WG}`,
    sornStepWgsl(sizes),
    "main",
  );
  const layout = pipeline.getBindGroupLayout(0);
  const bindGroups = Array.from({ length: chunk }, (_, s) =>
    dev.createBindGroup({
      layout,
      entries: [
        { binding: 0, resource: { buffer: buffers.slots, offset: s * 256, size: 16 } },
        { binding: 1, resource: { buffer: buffers.nets } },
        { binding: 2, resource: { buffer: buffers.w } },
        { binding: 3, resource: { buffer: buffers.wie } },
        { binding: 4, resource: { buffer: buffers.fst } },
        { binding: 5, resource: { buffer: buffers.ust } },
        { binding: 6, resource: { buffer: buffers.draws } },
        { binding: 7, resource: { buffer: buffers.cand } },
      ],
    }));
  const batch: SornBatch = {
    ctx,
    shape,
    chunk,
    steps: 0,
    buffers,
    pipeline,
    bindGroups,
    staging: createStaging(),
    destroy: () => destroySornBatch(batch),
  };
  writeSornBatch(batch, init);
  return batch;
};

/**
 * Overwrites the whole device state of a batch (weights, thresholds, x, y, r) from the host,
 * e.g. to resume from a checkpoint; spike counters and fallback counts restart at 0.
 * Throws `RangeError` on a length mismatch.
 *
 * @example
 * ```ts
 * import { readSornBatch, type SornBatch, writeSornBatch } from "@neuroplastic/engines/sorn";
 * const roundTrip = async (b: SornBatch): Promise<void> => writeSornBatch(b, await readSornBatch(b));
 * ```
 */
export const writeSornBatch = (batch: SornBatch, init: SornBatchInit): void => {
  checkInit(batch.shape, init);
  const { batch: B, ne, ni } = batch.shape;

  const wWords = sornWeightWords(ne, ni);
  const w = new Float32Array(B * wWords);
  for (let b = 0; b < B; b++) {
    for (let q = 0; q < ne * ne; q++) {
      const s = b * ne * ne + q;
      w[b * wWords + q] = init.eeMask[s] !== 0 ? Math.max(init.wee[s], 0) : -1;
    }
    for (let q = 0; q < ni * ne; q++) {
      const s = b * ni * ne + q;
      w[b * wWords + ne * ne + q] = init.eiMask[s] !== 0 ? Math.max(init.wei[s], 0) : -1;
    }
  }
  const fStride = 2 * ne + ni, uStride = 2 * ne + 2 * ni + 1;
  const fst = new Float32Array(B * fStride);
  const ust = new Uint32Array(B * uStride);
  for (let b = 0; b < B; b++) {
    for (let i = 0; i < ne; i++) {
      fst[b * fStride + i] = init.te[b * ne + i];
      fst[b * fStride + ne + ni + i] = init.r?.[b * ne + i] ?? 0;
      ust[b * uStride + i] = init.x[b * ne + i] !== 0 ? 1 : 0;
    }
    for (let q = 0; q < ni; q++) {
      fst[b * fStride + ne + q] = init.ti[b * ni + q];
      ust[b * uStride + ne + q] = init.y[b * ni + q] !== 0 ? 1 : 0;
    }
  }
  const q = batch.ctx.device.queue;
  q.writeBuffer(batch.buffers.w, 0, w);
  q.writeBuffer(batch.buffers.wie, 0, Float32Array.from(init.wie));
  q.writeBuffer(batch.buffers.fst, 0, fst);
  q.writeBuffer(batch.buffers.ust, 0, ust);
};

/**
 * Queues `draws.steps` steps of every network (uploads the draws, one dispatch per step,
 * in chunks of `batch.chunk` steps). Returns at once; the work runs on the device and a
 * later {@link readSornBatch} waits for it.
 *
 * @example
 * ```ts
 * import { allocSornDraws, type SornBatch, sornBatchSteps } from "@neuroplastic/engines/sorn";
 * const tenQuietSteps = (b: SornBatch): void => sornBatchSteps(b, allocSornDraws(b.shape, 10));
 * ```
 */
export const sornBatchSteps = (batch: SornBatch, draws: SornBatchDraws): void => {
  const { batch: B, ne, ni, nu, tries } = batch.shape;
  const dStride = ne + ni + nu, cStride = 1 + tries;
  need("noise", draws.noise, draws.steps * B * (ne + ni));
  need("input", draws.input, draws.steps * B * nu);
  need("cand", draws.cand, draws.steps * B * cStride);
  const dev = batch.ctx.device;
  const packed = new Float32Array(Math.min(draws.steps, batch.chunk) * B * dStride);
  for (let s0 = 0; s0 < draws.steps; s0 += batch.chunk) {
    const n = Math.min(batch.chunk, draws.steps - s0);
    // Interleave ξ and u per (step, network): [ξ (ne + ni) | u (nu)].
    for (let s = 0; s < n; s++) {
      for (let b = 0; b < B; b++) {
        const row = (s * B + b) * dStride, src = (s0 + s) * B + b;
        packed.set(draws.noise.subarray(src * (ne + ni), (src + 1) * (ne + ni)), row);
        if (nu > 0) packed.set(draws.input.subarray(src * nu, (src + 1) * nu), row + ne + ni);
      }
    }
    dev.queue.writeBuffer(batch.buffers.draws, 0, packed, 0, n * B * dStride);
    upload(batch.ctx, batch.buffers.cand, draws.cand, 0, s0 * B * cStride, n * B * cStride);
    const enc = dev.createCommandEncoder();
    const pass = enc.beginComputePass();
    pass.setPipeline(batch.pipeline);
    for (let s = 0; s < n; s++) {
      pass.setBindGroup(0, batch.bindGroups[s]);
      pass.dispatchWorkgroups(B);
    }
    pass.end();
    dev.queue.submit([enc.finish()]);
  }
  batch.steps += draws.steps;
};

/**
 * Which parts of the state {@link readSornBatch} copies back (`"spikes"`: x, y and the
 * counters only; `"all"`: everything).
 */
export type SornReadback = "spikes" | "all";

/**
 * Waits for the queued steps and copies the state to the host. With `"spikes"` the
 * weights, thresholds and drive are returned empty (length 0).
 *
 * @example
 * ```ts
 * import { readSornBatch, type SornBatch } from "@neuroplastic/engines/sorn";
 * const meanX = async (b: SornBatch): Promise<number> => {
 *   const s = await readSornBatch(b, "spikes");
 *   return s.x.reduce((a, v) => a + v, 0) / s.x.length;
 * };
 * ```
 */
export const readSornBatch = async (
  batch: SornBatch,
  what: SornReadback = "all",
): Promise<SornBatchState> => {
  const { ctx } = batch;
  const { batch: B, ne, ni } = batch.shape;
  const uStride = 2 * ne + 2 * ni + 1, fStride = 2 * ne + ni;
  const wWords = sornWeightWords(ne, ni);
  const { buffers: bf } = batch;
  const regions = [{ src: bf.ust, at: 0, count: B * uStride }];
  if (what === "all") {
    regions.push(
      { src: bf.fst, at: 0, count: B * fStride },
      { src: bf.w, at: 0, count: B * wWords },
      { src: bf.wie, at: 0, count: B * ne * ni },
    );
  }
  const raw = await readRegions(ctx, regions, batch.staging);
  const ust = new Uint32Array(raw[0]);
  const x = new Uint8Array(B * ne), y = new Uint8Array(B * ni);
  const spikesE = new Uint32Array(B * ne), spikesI = new Uint32Array(B * ni);
  const spFallbacks = new Uint32Array(B);
  for (let b = 0; b < B; b++) {
    const o = b * uStride;
    for (let i = 0; i < ne; i++) {
      x[b * ne + i] = ust[o + i];
      spikesE[b * ne + i] = ust[o + ne + ni + i];
    }
    for (let q = 0; q < ni; q++) {
      y[b * ni + q] = ust[o + ne + q];
      spikesI[b * ni + q] = ust[o + 2 * ne + ni + q];
    }
    spFallbacks[b] = ust[o + 2 * ne + 2 * ni];
  }
  const empty = {
    r: new Float32Array(0),
    te: new Float32Array(0),
    ti: new Float32Array(0),
    wee: new Float32Array(0),
    eeMask: new Uint8Array(0),
    wei: new Float32Array(0),
    eiMask: new Uint8Array(0),
    wie: new Float32Array(0),
  };
  if (what === "spikes") return { x, y, spikesE, spikesI, spFallbacks, ...empty };
  const fst = new Float32Array(raw[1]);
  const w = new Float32Array(raw[2]);
  const wie = new Float32Array(raw[3]);
  const te = new Float32Array(B * ne), ti = new Float32Array(B * ni), r = new Float32Array(B * ne);
  const wee = new Float32Array(B * ne * ne), eeMask = new Uint8Array(B * ne * ne);
  const wei = new Float32Array(B * ni * ne), eiMask = new Uint8Array(B * ni * ne);
  for (let b = 0; b < B; b++) {
    for (let i = 0; i < ne; i++) {
      te[b * ne + i] = fst[b * fStride + i];
      r[b * ne + i] = fst[b * fStride + ne + ni + i];
    }
    for (let q = 0; q < ni; q++) ti[b * ni + q] = fst[b * fStride + ne + q];
    for (let q = 0; q < ne * ne; q++) {
      const v = w[b * wWords + q];
      wee[b * ne * ne + q] = v < 0 ? 0 : v;
      eeMask[b * ne * ne + q] = v < 0 ? 0 : 1;
    }
    for (let q = 0; q < ni * ne; q++) {
      const v = w[b * wWords + ne * ne + q];
      wei[b * ni * ne + q] = v < 0 ? 0 : v;
      eiMask[b * ni * ne + q] = v < 0 ? 0 : 1;
    }
  }
  return { x, y, r, te, ti, wee, eeMask, wei, eiMask, wie, spikesE, spikesI, spFallbacks };
};

/**
 * Destroys the batch's buffers. Idempotent.
 *
 * @example
 * ```ts
 * import { destroySornBatch, type SornBatch } from "@neuroplastic/engines/sorn";
 * const done = (b: SornBatch): void => destroySornBatch(b);
 * ```
 */
export const destroySornBatch = (batch: SornBatch): void => {
  for (const buf of Object.values(batch.buffers)) buf.destroy();
  destroyStaging(batch.staging);
};
