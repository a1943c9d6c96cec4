/**
 * Many SORN networks of one config (a batch of seeds) run for the same number of steps, on
 * the CPU (`run` per network) or on WebGPU in lockstep (`@neuroplastic/gpu` SORN batch: one
 * dispatch per step for the whole batch, state resident on the device, read back only when
 * recorded and at the end).
 *
 * Backends (`backend` option, `--backend` flag of `np sorn batch`, whose config is
 * {@link BatchConfig}):
 * - `"cpu"`: each network with {@link run}; bit-identical to running them one by one.
 * - `"gpu"`: the WebGPU batch; fails with `GpuUnavailable` without an adapter or when one
 *   network does not fit the device (workgroup memory (4·ne + 2·ni + 8)·4 bytes).
 * - `"auto"`: the GPU when an adapter exists, the batch fits and its work
 *   B·ne·(ne + ni) reaches `AUTO_MIN_WORK.sornBatch` of the adapter kind; else the CPU.
 *
 * The GPU step is the dense step in f32 on the engine's own random numbers (same keys, same
 * draws): each step agrees with the CPU step within f32 rounding (gpu/kernel_gpu_cases.ts),
 * but over many steps a spike decision within rounding of its threshold eventually flips and
 * the trajectories part (the dynamics are chaotic), so per-network results agree in
 * distribution, not bit for bit. One more difference: when all 32 structural candidates of a
 * step are present synapses, the CPU enumerates the absent pairs and the GPU adds nothing
 * (`spFallbacks` counts these steps; with the default sparse E→E matrix they do not occur).
 * On one adapter the GPU path is deterministic: same (config, keys, steps) ⇒ same bits.
 *
 * @module
 */
import { Effect, Schema } from "effect";
import { GpuUnavailable } from "@neuroplastic/core/errors";
import type { Key } from "@neuroplastic/core/random";
import { CANCELLED, type FieldDocs, intInRange } from "@neuroplastic/core/sim";
import { ABSENT_PAIR_TRIES, denseWeights, synapseCount } from "@neuroplastic/plasticity";
import {
  type Backend,
  type BackendChoice,
  createBackend,
  destroyBackend,
  usesGpu,
  workOf,
} from "@neuroplastic/gpu";
import { prefixDocs, type SornConfig, SornConfigSchema, sornDefaults, sornDocs } from "./config.ts";
import { toDense } from "./dense_step.ts";
import { batchInitOf, drawCachesOf, fillSornDraws, netParamsOf, shapeOf } from "./gpu/glue.ts";
import {
  allocSornDraws,
  createSornBatch,
  readSornBatch,
  sornBatchLimit,
  type SornBatchState,
  sornBatchSteps,
} from "./gpu/kernel.ts";
import { run } from "./run.ts";
import { initState, type SornState } from "./state.ts";

/**
 * effect's `Schema.Schema<A>` (decodes an `A` into an `A`).
 *
 * Local alias because `deno doc --lint` reports every reference to an npm package's type as a
 * private type (denoland/deno#27364); effect documents the type upstream.
 *
 * @internal
 */
type EffectSchema<A> = Schema.Schema<A>;

/**
 * End-of-run figures of one network of a batch (the same definitions on both backends).
 *
 * @example
 * ```ts
 * import type { SornNetworkFigures } from "@neuroplastic/engines/sorn";
 * const show = (f: SornNetworkFigures): string => `${f.meanRateE} / ${f.eeConnections}`;
 * ```
 */
export interface SornNetworkFigures {
  /** Spikes per excitatory neuron per step over the run. */
  readonly meanRateE: number;
  /** Spikes per inhibitory neuron per step. */
  readonly meanRateI: number;
  /** Present E→E synapses at the end. */
  readonly eeConnections: number;
  /** Present I→E synapses at the end. */
  readonly eiConnections: number;
  /** Mean excitatory threshold at the end. */
  readonly teMean: number;
  /** Mean present E→E weight at the end (0 without synapses). */
  readonly weeMean: number;
}

/**
 * Result of {@link runSornBatch}.
 *
 * @example
 * ```ts
 * import type { SornBatchRun } from "@neuroplastic/engines/sorn";
 * const where = (r: SornBatchRun): string => r.backend === "gpu" ? r.adapter ?? "?" : "cpu";
 * ```
 */
export interface SornBatchRun {
  /** Where the steps ran. */
  readonly backend: "cpu" | "gpu";
  /** The adapter's description when the GPU ran them. */
  readonly adapter: string | null;
  /** Steps per network. */
  readonly steps: number;
  /** Figures per network, in key order. */
  readonly networks: readonly SornNetworkFigures[];
  /** GPU only: steps (summed over networks) where the structural step found no absent candidate. */
  readonly spFallbacks: number;
}

/**
 * Options of {@link runSornBatch}.
 *
 * @example
 * ```ts
 * import type { SornBatchOptions } from "@neuroplastic/engines/sorn";
 * const o: SornBatchOptions = { backend: "auto", recordEvery: 100, onRecord: (t, x) => {} };
 * ```
 */
export interface SornBatchOptions {
  /** `"cpu"` (default), `"gpu"` or `"auto"`. */
  readonly backend?: BackendChoice;
  /** Overrides `AUTO_MIN_WORK.sornBatch` for `"auto"` (B·ne·(ne + ni)). */
  readonly autoMinWork?: number;
  /** Call `onRecord` every this many steps (the only read-backs besides the final one). */
  readonly recordEvery?: number;
  /** Receives the step count reached and x of every network (B × ne, network-major). */
  readonly onRecord?: (t: number, x: Uint8Array) => void;
  /** Polled before every network's next few steps on the CPU; when true the batch stops by throwing `CANCELLED`. */
  readonly cancelled?: () => boolean;
}

/** Steps of one network between two polls of `cancelled` on the CPU (well under a millisecond at ne = 200). */
const CANCEL_POLL_STEPS = 25;

const sum = (a: ArrayLike<number>, n: number, off: number): number => {
  let s = 0;
  for (let i = 0; i < n; i++) s += a[off + i];
  return s;
};
const mean = (a: ArrayLike<number>, n: number, off: number): number =>
  n > 0 ? sum(a, n, off) / n : 0;

const cpuFigures = (s: SornState, steps: number): SornNetworkFigures => {
  const c = s.counters;
  const ee = synapseCount(s.ee);
  const w = denseWeights(s.ee); // absent synapses are 0
  return {
    meanRateE: steps > 0 ? c.spikesE.reduce((a, b) => a + b, 0) / (steps * s.ne) : 0,
    meanRateI: steps > 0 ? c.spikesI.reduce((a, b) => a + b, 0) / (steps * s.ni) : 0,
    eeConnections: ee,
    eiConnections: synapseCount(s.ei),
    teMean: mean(s.te, s.ne, 0),
    weeMean: ee > 0 ? sum(w, w.length, 0) / ee : 0,
  };
};

const gpuFigures = (
  g: SornBatchState,
  b: number,
  ne: number,
  ni: number,
  steps: number,
): SornNetworkFigures => {
  let ee = 0, ei = 0, wSum = 0;
  for (let q = b * ne * ne; q < (b + 1) * ne * ne; q++) {
    if (g.eeMask[q]) (ee++, (wSum += g.wee[q]));
  }
  for (let q = b * ni * ne; q < (b + 1) * ni * ne; q++) if (g.eiMask[q]) ei++;
  return {
    meanRateE: steps > 0 ? sum(g.spikesE, ne, b * ne) / (steps * ne) : 0,
    meanRateI: steps > 0 ? sum(g.spikesI, ni, b * ni) / (steps * ni) : 0,
    eeConnections: ee,
    eiConnections: ei,
    teMean: mean(g.te, ne, b * ne),
    weeMean: ee > 0 ? wSum / ee : 0,
  };
};

const runCpu = (
  config: SornConfig,
  keys: readonly Key[],
  steps: number,
  opts: SornBatchOptions,
): SornBatchRun => {
  const recording = opts.onRecord !== undefined && opts.recordEvery !== undefined;
  // run(s, n) equals n steps, so chunking for records or cancellation polls changes no result
  const every = recording ? opts.recordEvery! : opts.cancelled ? CANCEL_POLL_STEPS : steps;
  const cancelled = opts.cancelled;
  let states = keys.map((k) => {
    if (cancelled?.()) throw CANCELLED;
    return initState(config, k);
  });
  for (let t = 0; t < steps;) {
    const n = Math.min(every, steps - t);
    // polled before each network's chunk: the latency of a cancel is one network's n steps
    // (under a millisecond at the defaults), whatever the batch size
    states = states.map((s) => {
      if (cancelled?.()) throw CANCELLED;
      return run(s, config, n);
    });
    t += n;
    if (recording) {
      const x = new Uint8Array(keys.length * config.ne);
      states.forEach((s, b) => x.set(s.x, b * config.ne));
      opts.onRecord(t, x);
    }
  }
  return {
    backend: "cpu",
    adapter: null,
    steps,
    networks: states.map((s) => cpuFigures(s, steps)),
    spFallbacks: 0,
  };
};

const runGpu = async (
  backend: Backend,
  config: SornConfig,
  keys: readonly Key[],
  steps: number,
  opts: SornBatchOptions,
): Promise<SornBatchRun> => {
  const ctx = backend.ctx!;
  const ds = keys.map((k) => toDense(initState(config, k)));
  const shape = shapeOf(ds);
  const configs = ds.map(() => config);
  const stepKeys = ds.map((d) => d.key); // the states' own keys (initState derives them)
  const batch = createSornBatch(ctx, shape, configs.map(netParamsOf), batchInitOf(ds));
  try {
    const caches = drawCachesOf(shape);
    const every = opts.onRecord && opts.recordEvery ? opts.recordEvery : steps;
    const full = allocSornDraws(shape, batch.chunk);
    for (let t = 0; t < steps;) {
      // Up to the next record point, in chunks of the batch's draw buffer.
      const stop = Math.min(steps, (Math.floor(t / every) + 1) * every);
      while (t < stop) {
        const n = Math.min(batch.chunk, stop - t);
        const draws = n === batch.chunk ? full : allocSornDraws(shape, n);
        fillSornDraws(draws, configs, stepKeys, t, caches, shape);
        sornBatchSteps(batch, draws);
        t += n;
      }
      if (opts.onRecord && opts.recordEvery) {
        opts.onRecord(t, (await readSornBatch(batch, "spikes")).x);
      }
    }
    const g = await readSornBatch(batch, "all");
    return {
      backend: "gpu",
      adapter: ctx.info.description,
      steps,
      networks: keys.map((_, b) => gpuFigures(g, b, shape.ne, shape.ni, steps)),
      spFallbacks: g.spFallbacks.reduce((a, v) => a + v, 0),
    };
  } finally {
    batch.destroy();
  }
};

/**
 * Runs one network per key for `steps` steps from `initState(config, key)` on the chosen
 * backend and returns end-of-run figures per network. Fails with `GpuUnavailable` only for
 * `backend: "gpu"`. Throws `RangeError` for an empty key list, a negative step count or a
 * `recordEvery` below 1.
 *
 * @example
 * ```ts
 * import { Effect } from "effect";
 * import { key, split } from "@neuroplastic/core/random";
 * import { makeConfigSync, runSornBatch } from "@neuroplastic/engines/sorn";
 * const config = makeConfigSync({ ne: 40, ni: 8, nu: 4, lambda_ee: 5, lambda_ei: 8 });
 * const r = await Effect.runPromise(runSornBatch(config, split(key(1), 4), 200, { backend: "auto" }));
 * console.log(r.backend, r.networks.map((n) => n.meanRateE));
 * ```
 */
export const runSornBatch = (
  config: SornConfig,
  keys: readonly Key[],
  steps: number,
  opts: SornBatchOptions = {},
): Effect.Effect<SornBatchRun, GpuUnavailable> => {
  if (keys.length < 1 || !Number.isInteger(steps) || steps < 0) {
    throw new RangeError(`runSornBatch: need ≥ 1 key and an integer steps ≥ 0`);
  }
  const every = opts.recordEvery;
  if (every !== undefined && (!Number.isInteger(every) || every < 1)) {
    throw new RangeError(`runSornBatch: recordEvery must be an integer ≥ 1, got ${every}`);
  }
  const choice = opts.backend ?? "cpu";
  if (choice === "cpu") return Effect.sync(() => runCpu(config, keys, steps, opts));
  const minWork = opts.autoMinWork === undefined ? {} : { sornBatch: opts.autoMinWork };
  return Effect.acquireUseRelease(
    createBackend(choice, minWork),
    (backend) => {
      const { ne, ni, nu } = config;
      const shape = { batch: keys.length, ne, ni, nu, tries: ABSENT_PAIR_TRIES };
      const limit = backend.ctx === null ? "no adapter" : sornBatchLimit(backend.ctx, shape);
      const gpu = limit === undefined &&
        usesGpu(backend, "sornBatch", workOf.sornBatch(keys.length, config.ne, config.ni));
      if (!gpu) {
        return choice === "gpu"
          ? Effect.fail(new GpuUnavailable({ reason: `SORN batch: ${limit}` }))
          : Effect.sync(() => runCpu(config, keys, steps, opts));
      }
      return Effect.promise(() => runGpu(backend, config, keys, steps, opts));
    },
    (backend) => Effect.sync(() => destroyBackend(backend)),
  );
};

/**
 * Settings of `np sorn batch`.
 *
 * @example
 * ```ts
 * import { batchDefaults } from "@neuroplastic/engines/sorn";
 * console.log(batchDefaults.networks, batchDefaults.length); // 16 1000
 * ```
 */
export interface BatchConfig {
  /** Networks B (keys `split(key(seed), B)`). */
  readonly networks: number;
  /** Steps each network runs. */
  readonly length: number;
  /** Where to run them. */
  readonly backend: BackendChoice;
  /** The SORN config every network shares. */
  readonly network: SornConfig;
}

/**
 * Defaults of `np sorn batch`: 16 networks of the reference defaults, 1,000 steps each, on the CPU.
 *
 * @example
 * ```ts
 * import { batchDefaults } from "@neuroplastic/engines/sorn";
 * console.log(batchDefaults.backend); // "cpu"
 * ```
 */
export const batchDefaults: BatchConfig = {
  networks: 16,
  length: 1000,
  backend: "cpu",
  network: sornDefaults,
};

/**
 * The Schema of a {@link BatchConfig}.
 *
 * @example
 * ```ts
 * import { Schema } from "effect";
 * import { batchDefaults, BatchConfigSchema } from "@neuroplastic/engines/sorn";
 * console.log(Schema.decodeUnknownSync(BatchConfigSchema)(batchDefaults).networks); // 16
 * ```
 */
export const BatchConfigSchema: EffectSchema<BatchConfig> = Schema.Struct({
  networks: intInRange(1, 65_535),
  length: intInRange(0, 1e9),
  backend: Schema.Literal("cpu", "gpu", "auto"),
  network: SornConfigSchema,
});

/**
 * One line (and unit) per batch field, nested network fields included (`network.sp_prob`).
 *
 * @example
 * ```ts
 * import { batchDocs } from "@neuroplastic/engines/sorn";
 * console.log(batchDocs.length); // { description: "steps each network runs", unit: "steps" }
 * ```
 */
export const batchDocs: FieldDocs = {
  networks: {
    description: "networks B run in lockstep (keys split(key(seed), B))",
    unit: "networks",
  },
  length: { description: "steps each network runs", unit: "steps" },
  backend: "cpu (run per network, bit-exact), gpu (WebGPU lockstep) or auto (GPU when worth it)",
  ...prefixDocs("network", sornDocs),
};
