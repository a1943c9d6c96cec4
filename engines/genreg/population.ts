/**
 * Population evaluation on a selectable backend: the MSE of every genome of a population on
 * a trial config's inputs, on the CPU (the trial context's `evaluate`, f64) or on WebGPU
 * (the GENREG kernel of gpu/genreg_eval.ts: the whole population in one dispatch, f32).
 *
 * Backends (`backend` option, `--backend` flag of `np genreg population`):
 * - `"cpu"`: `trialContext(config).evaluate(genome, null).mse` per genome (bit-identical).
 * - `"gpu"`: the WebGPU kernel; fails with `GpuUnavailable` without an adapter.
 * - `"auto"`: the GPU when an adapter exists and P·S·H·(fan-in + 1) reaches
 *   `AUTO_MIN_WORK.genregEval` for the adapter kind; else the CPU.
 *
 * The GPU evaluates the controller in f32 (error bound: gpu/genreg_eval_gpu_cases.ts) and only the
 * MSE: protein trust and saturation stay CPU-side. Inputs with fresh noise columns per
 * evaluation (`inputs.mode: "clean"` with fresh columns) draw from a key per evaluation and
 * are not supported on the GPU (`"gpu"` fails with `InvalidConfig` on `backend`, `"auto"`
 * uses the CPU).
 *
 * @module
 */
import { Effect } from "effect";
import { type GpuUnavailable, InvalidConfig } from "@neuroplastic/core/errors";
import {
  type Backend,
  type BackendChoice,
  createBackend,
  destroyBackend,
  usesGpu,
  workOf,
} from "@neuroplastic/gpu";
import { backendGenregEval, type GenregShape } from "./gpu/genreg_eval.ts";
import type { TrialConfig } from "./config.ts";
import { trialContext } from "./context.ts";

/**
 * Result of a population evaluation.
 *
 * @example
 * ```ts
 * import type { PopulationEvaluation } from "@neuroplastic/engines/genreg";
 * const best = (r: PopulationEvaluation): number => Math.min(...r.mse);
 * ```
 */
export interface PopulationEvaluation {
  /** Where the population was evaluated. */
  readonly backend: "cpu" | "gpu";
  /** The adapter's description when the GPU evaluated it. */
  readonly adapter: string | null;
  /** MSE per genome. */
  readonly mse: Float64Array;
}

/**
 * The kernel shape of a config's controller for `population` genomes.
 *
 * @example
 * ```ts
 * import { genregShapeOf, trialDefaults } from "@neuroplastic/engines/genreg";
 * console.log(genregShapeOf(trialDefaults, 64).inputs); // 256
 * ```
 */
export const genregShapeOf = (config: TrialConfig, population: number): GenregShape => {
  const ctx = trialContext(config);
  return { ...ctx.shape, samples: ctx.inputs.rows, population };
};

/**
 * Evaluates a population (P genomes of `trialContext(config).genes` genes, back to back)
 * with an existing {@link Backend} (keep one for many generations: the GPU evaluator and the
 * uploaded inputs are reused). Rejects with `InvalidConfig` for fresh-noise inputs on a
 * `"gpu"` backend and with `RangeError` for a length that is not a multiple of the genes.
 *
 * @example
 * ```ts
 * import { Effect } from "effect";
 * import { createBackend, destroyBackend } from "@neuroplastic/gpu";
 * import { evaluatePopulationWith, trialContext, trialDefaults } from "@neuroplastic/engines/genreg";
 * import { key } from "@neuroplastic/core/random";
 * const ctx = trialContext(trialDefaults);
 * const pop = new Float64Array(4 * ctx.genes);
 * for (let i = 0; i < 4; i++) ctx.ops.random(key(i), pop.subarray(i * ctx.genes, (i + 1) * ctx.genes));
 * const backend = await Effect.runPromise(createBackend("cpu"));
 * console.log((await evaluatePopulationWith(backend, trialDefaults, pop)).mse.length); // 4
 * destroyBackend(backend);
 * ```
 */
export const evaluatePopulationWith = async (
  backend: Backend,
  config: TrialConfig,
  genomes: Float64Array,
): Promise<PopulationEvaluation> => {
  const where = placement(backend, config, genomes.length);
  if (where instanceof InvalidConfig) throw where;
  const ctx = trialContext(config);
  const G = ctx.genes, L = ctx.layout.length;
  const P = genomes.length / G;
  if (where === "gpu") {
    const shape: GenregShape = { ...ctx.shape, samples: ctx.inputs.rows, population: P };
    // The kernel takes controller genes only; protein genes (GA with proteins) are dropped.
    let packed = genomes;
    if (G !== L) {
      packed = new Float64Array(P * L);
      for (let p = 0; p < P; p++) packed.set(genomes.subarray(p * G, p * G + L), p * L);
    }
    const r = await backendGenregEval(backend, shape, ctx.inputs.data, ctx.inputs.target, packed);
    return {
      backend: "gpu",
      adapter: backend.info?.description ?? null,
      mse: Float64Array.from(r.mse),
    };
  }
  const mse = new Float64Array(P);
  for (let p = 0; p < P; p++) mse[p] = ctx.evaluate(genomes.subarray(p * G, (p + 1) * G), null).mse;
  return { backend: "cpu", adapter: null, mse };
};

/** Where a population of `words` genes runs on `backend`, or why it cannot. */
const placement = (
  backend: Backend,
  config: TrialConfig,
  words: number,
): "cpu" | "gpu" | InvalidConfig => {
  const ctx = trialContext(config);
  if (words % ctx.genes !== 0) {
    throw new RangeError(`population: ${words} genes is not a multiple of ${ctx.genes}`);
  }
  const shape = genregShapeOf(config, words / ctx.genes);
  if (shape.population === 0 || !usesGpu(backend, "genregEval", workOf.genregEval(shape))) {
    return "cpu";
  }
  if (!ctx.stochastic) return "gpu";
  return backend.choice === "gpu"
    ? new InvalidConfig({
      field: "backend",
      message: "backend: gpu cannot evaluate inputs with fresh noise columns per evaluation",
      allowed: "cpu | auto (or inputs without fresh columns)",
    })
    : "cpu";
};

/**
 * Evaluates a population on a backend chosen by name (created and released around the call;
 * see {@link evaluatePopulationWith} to keep one across generations).
 *
 * @example
 * ```ts
 * import { Effect } from "effect";
 * import { evaluatePopulation, trialContext, trialDefaults } from "@neuroplastic/engines/genreg";
 * import { key } from "@neuroplastic/core/random";
 * const ctx = trialContext(trialDefaults);
 * const pop = new Float64Array(2 * ctx.genes);
 * ctx.ops.random(key(0), pop.subarray(0, ctx.genes));
 * ctx.ops.random(key(1), pop.subarray(ctx.genes));
 * const r = await Effect.runPromise(evaluatePopulation(trialDefaults, pop, { backend: "auto" }));
 * console.log(r.backend, r.mse);
 * ```
 */
export const evaluatePopulation = (
  config: TrialConfig,
  genomes: Float64Array,
  opts: { readonly backend?: BackendChoice; readonly autoMinWork?: number } = {},
): Effect.Effect<PopulationEvaluation, GpuUnavailable | InvalidConfig> =>
  Effect.acquireUseRelease(
    createBackend(
      opts.backend ?? "cpu",
      opts.autoMinWork === undefined ? {} : { genregEval: opts.autoMinWork },
    ),
    (backend) => {
      const where = placement(backend, config, genomes.length);
      return where instanceof InvalidConfig
        ? Effect.fail(where)
        : Effect.promise(() => evaluatePopulationWith(backend, config, genomes));
    },
    (backend) => Effect.sync(() => destroyBackend(backend)),
  );
