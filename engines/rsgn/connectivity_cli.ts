/**
 * `np rsgn connectivity [--preset P] [--seed S] [--backend cpu|gpu|auto]`: the RSGN connection
 * matrix W_ij = σ(u_i·v_j) · exp(−d(P_i, P_j)/τ) · level factor (zero diagonal) of a freshly
 * initialised model, on the CPU or with the WebGPU kernel of `@neuroplastic/gpu`, with its agreement
 * against the f64 CPU reference of the same kernel (also served over HTTP).
 *
 * @module
 */
import { Effect } from "effect";
import { InvalidConfig, type NeuroplasticError } from "@neuroplastic/core/errors";
import { key } from "@neuroplastic/core/random";
import {
  type CommandContext,
  type CommandOutput,
  enumFlag,
  tryFlags,
} from "@neuroplastic/core/sim";
import {
  type BackendChoice,
  backendRsgnConnectivity,
  createBackend,
  destroyBackend,
  rsgnConnectivityCpu,
  usesGpu,
  workOf,
} from "@neuroplastic/gpu";
import { decodeRsgnConfig, PRESETS } from "./config.ts";
import { initParams } from "./params.ts";

/**
 * The `connectivity` command.
 *
 * @example
 * ```ts
 * import { Effect } from "effect";
 * import { connectivityCommand } from "@neuroplastic/engines/rsgn";
 * const out = await Effect.runPromise(connectivityCommand({
 *   flags: { preset: "readme", backend: "cpu" }, positional: [], seed: 0, steps: undefined,
 *   outDir: undefined, progress: () => {},
 * }));
 * console.log(out.figures.nodes); // 256
 * ```
 */
export const connectivityCommand = (
  ctx: CommandContext,
): Effect.Effect<CommandOutput, NeuroplasticError> =>
  Effect.gen(function* () {
    const preset = typeof ctx.flags.preset === "string" ? ctx.flags.preset : "readme";
    if (!PRESETS[preset]) {
      return yield* Effect.fail(
        new InvalidConfig({
          field: "preset",
          message: `--preset: unknown preset ${preset}`,
          allowed: Object.keys(PRESETS).join(" | "),
        }),
      );
    }
    const b: BackendChoice = yield* tryFlags(() =>
      enumFlag(ctx.flags, "backend", ["cpu", "gpu", "auto"] as const) ?? "cpu"
    );
    const c = yield* decodeRsgnConfig({ ...PRESETS[preset] });
    const p = initParams(c, key(ctx.seed), "f32");
    const input = {
      n: c.numNodes,
      dim: c.dimSpace,
      rank: c.affinityRank,
      positions: p.positions.data,
      u: p.affinityU.data,
      v: p.affinityV.data,
      levels: p.levels.data,
      tau: c.tau,
    };
    const backend = yield* createBackend(b);
    const t0 = performance.now();
    const r = yield* Effect.promise(() => backendRsgnConnectivity(backend, input));
    const ms = performance.now() - t0;
    const onGpu = backend.ctx !== null &&
      usesGpu(backend, "rsgnConnectivity", workOf.rsgnConnectivity(input.n, input.rank));
    const used = onGpu ? "gpu" : "cpu";
    const adapter = backend.info?.description ?? null;
    destroyBackend(backend);
    // W_ij = σ(u_i·v_j) · exp(−d_ij/τ) · level factor (spec §1.4), f64 reference for agreement.
    const ref = rsgnConnectivityCpu(input);
    let sum = 0, maxRel = 0, nnz = 0;
    for (let i = 0; i < r.w.length; i++) {
      sum += r.w[i];
      if (r.w[i] > 1e-3) nnz++;
      maxRel = Math.max(maxRel, Math.abs(r.w[i] - ref.w[i]) / Math.max(1e-6, Math.abs(ref.w[i])));
    }
    return {
      steps: 1,
      state: { w: Float64Array.from(ref.w) },
      figures: {
        preset,
        nodes: c.numNodes,
        requested: b as string,
        backend: used,
        adapter,
        ms: Math.round(ms * 100) / 100,
        wSum: Number(sum.toFixed(4)),
        fractionAbove1e3: Number((nnz / r.w.length).toFixed(4)),
        maxRelDiffVsCpuF64: Number(maxRel.toExponential(2)),
      },
    };
  });
