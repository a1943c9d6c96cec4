/**
 * The RSGN engine's commands for `deno task np rsgn <command>`:
 * - `train --task hierarchical|long-range --model rsgn|rsgn-hebbian|rsgn-sparse|transformer|
 *   sparse-transformer|lstm|mlp --epochs E --seeds 42,43,44 [--train-limit M] [--val-limit V]
 *   [--batch-size B] [--top-k k] [--active-k a] [--steps K] [--hebbian notebook|src]
 *   [--checkpoint-dir d] [--out dir]`: writes `<dir>/<task>-<model>.json` (per-epoch curves and
 *   results; default dir `docs/results/rsgn`);
 * - `table [--in dir] [--out dir]`: writes `rsgn.md` (default `docs/results/rsgn.md`);
 * - `info [--config f.json] [--preset name] --json`: parameter count, shapes, MACs per sample;
 * - `data --task T --n N --seq-len L --dim D --classes C --seed S [--noise z] --json`: X (flat,
 *   row-major) and y, for checking against NumPy.
 *
 * @module
 */
import { Effect } from "effect";
import type { NeuroplasticError } from "@neuroplastic/core/errors";
import type { CommandContext, CommandOutput, EngineCli, Json } from "@neuroplastic/core/sim";
import {
  badFlag,
  enumFlag,
  intFlag,
  intListFlag,
  numberFlag,
  tryFlags,
} from "@neuroplastic/core/sim";
import { decodeRsgnConfig, PRESETS, type RsgnConfig } from "./config.ts";
import { generateTask, type TaskName } from "./data.ts";
import {
  type ExperimentResult,
  mergeResults,
  MODEL_NAMES,
  modelFor,
  type ModelName,
  resultsMarkdown,
  runExperiment,
  type Task,
} from "./experiment.ts";
import { macsPerSample } from "./macs.ts";
import { connectivityCommand } from "./connectivity_cli.ts";
import { paramCount, paramShapes } from "./params.ts";

const seedsOf = (ctx: CommandContext): number[] =>
  intListFlag(ctx.flags, "seeds", 0, 2 ** 32 - 1) ?? [ctx.seed === 0 ? 42 : ctx.seed];

const trainCommand = (ctx: CommandContext): Effect.Effect<CommandOutput, NeuroplasticError> =>
  Effect.gen(function* () {
    const o = yield* tryFlags(() => {
      const task = enumFlag<Task>(ctx.flags, "task", ["hierarchical", "long-range"]) ??
        "long-range";
      const model = enumFlag<ModelName>(ctx.flags, "model", MODEL_NAMES) ?? "rsgn";
      const k = intFlag(ctx.flags, "top-k", 1, 8192), a = intFlag(ctx.flags, "active-k", 1, 8192);
      const st = intFlag(ctx.flags, "steps", 0, 64);
      const rsgn: Partial<RsgnConfig> = {
        ...(k !== undefined ? { topK: k } : {}),
        ...(a !== undefined ? { activeK: a } : {}),
        ...(st !== undefined ? { numSteps: st } : {}),
      };
      return {
        task,
        model,
        epochs: intFlag(ctx.flags, "epochs", 1, 10_000) ?? 50,
        seeds: seedsOf(ctx),
        batchSize: intFlag(ctx.flags, "batch-size", 1, 65_536),
        trainLimit: intFlag(ctx.flags, "train-limit", 1, 1e7),
        valLimit: intFlag(ctx.flags, "val-limit", 1, 1e7),
        hebbian: enumFlag(ctx.flags, "hebbian", ["notebook", "src"] as const),
        checkpointDir: typeof ctx.flags["checkpoint-dir"] === "string"
          ? ctx.flags["checkpoint-dir"]
          : undefined,
        rsgn,
      };
    });
    if (o.model.startsWith("rsgn")) yield* decodeRsgnConfig({ ...PRESETS[o.task], ...o.rsgn });
    const { model, rsgn } = yield* Effect.promise(() => modelFor(o));
    let last = "";
    const res = yield* runExperiment(o, model, rsgn, {
      onBatch: (d, n) => ctx.progress(d, n, `${o.task} ${o.model}${last}`),
      onEpoch: (seed, e) => {
        last = ` (seed ${seed} epoch ${e.epoch}: loss ${e.trainLoss.toFixed(3)}, val ${
          (100 * e.valAcc).toFixed(1)
        }%)`;
      },
    });
    const dir = ctx.outDir ?? "docs/results/rsgn";
    yield* Effect.tryPromise({
      try: async () => {
        await Deno.mkdir(dir, { recursive: true });
        await Deno.writeTextFile(
          `${dir}/${o.task}-${o.model}.json`,
          JSON.stringify(res, null, 1) + "\n",
        );
      },
      catch: (e) =>
        badFlag("out", `cannot write into ${dir}: ${String(e)}`, "a writable directory"),
    });
    return {
      figures: {
        task: o.task,
        model: o.model,
        mean: res.mean,
        std: res.std,
        runs: res.runs.map((r) => ({ seed: r.seed, bestValAcc: r.bestValAcc })),
        paramCount: res.paramCount,
        file: `${dir}/${o.task}-${o.model}.json`,
      },
      steps: res.runs.reduce((a, r) => a + r.history.length, 0),
      state: res.runs.map((r) => r.history.map((h) => [h.trainLoss, h.valAcc])),
      text: [
        `${o.task} ${o.model}: best val acc ${(100 * res.mean).toFixed(1)} ± ${
          (100 * res.std).toFixed(1)
        } % over seeds ${o.seeds.join(",")} (${o.epochs} epochs)`,
      ],
    };
  });

const tableCommand = (ctx: CommandContext): Effect.Effect<CommandOutput, NeuroplasticError> =>
  Effect.tryPromise({
    try: async () => {
      const dir = typeof ctx.flags.in === "string" ? ctx.flags.in : "docs/results/rsgn";
      const results: ExperimentResult[] = [];
      for await (const e of Deno.readDir(dir)) {
        if (!e.isFile || !e.name.endsWith(".json")) continue;
        const r = JSON.parse(await Deno.readTextFile(`${dir}/${e.name}`));
        if (r.engine === "rsgn" && Array.isArray(r.runs)) results.push(r);
      }
      const merged = mergeResults(results)
        .sort((a, b) => (a.task + a.model).localeCompare(b.task + b.model));
      let extra = "";
      try {
        extra = await Deno.readTextFile(`${dir}/notes.md`);
      } catch { /* optional */ }
      const md = resultsMarkdown(merged, extra);
      const out = ctx.outDir ?? "docs/results";
      await Deno.mkdir(out, { recursive: true });
      await Deno.writeTextFile(`${out}/rsgn.md`, md);
      return {
        figures: { file: `${out}/rsgn.md`, results: merged.length, files: results.length },
        steps: 0,
        text: md.split("\n").filter((l) => l.startsWith("|")),
      };
    },
    catch: (e) => badFlag("in", String(e), "a directory of rsgn results files"),
  });

const infoCommand = (ctx: CommandContext): Effect.Effect<CommandOutput, NeuroplasticError> =>
  Effect.gen(function* () {
    let input: Record<string, unknown> = {};
    const preset = typeof ctx.flags.preset === "string" ? ctx.flags.preset : undefined;
    if (preset !== undefined) {
      if (!PRESETS[preset]) {
        return yield* Effect.fail(
          badFlag("preset", `unknown preset ${preset}`, Object.keys(PRESETS).join(" | ")),
        );
      }
      input = { ...PRESETS[preset] };
    }
    if (typeof ctx.flags.config === "string") {
      const path = ctx.flags.config;
      const text = yield* Effect.try({
        try: () => Deno.readTextFileSync(path),
        catch: (e) => badFlag("config", `cannot read ${path}: ${String(e)}`, "a JSON file"),
      });
      const json = yield* Effect.try({
        try: () => JSON.parse(text),
        catch: (e) => badFlag("config", `invalid JSON: ${String(e)}`, "a JSON object"),
      });
      input = { ...input, ...json };
    }
    const c = yield* decodeRsgnConfig(input);
    const shapes = paramShapes(c);
    const T = yield* tryFlags(() =>
      intFlag(ctx.flags, "seq-len", 1, 1e6) ??
        (preset === "long-range"
          ? 128
          : preset?.startsWith("ablation") || preset === "hierarchical"
          ? 64
          : 32)
    );
    const macs = macsPerSample(c, T);
    const figures: { [k: string]: Json } = {
      paramCount: paramCount(c),
      shapes: Object.fromEntries(Object.entries(shapes).map(([k, v]) => [k, v])),
      seqLen: T,
      macsPerSample: macs.total,
      macsPerStep: macs.perStep,
      macsPerBatch: macs.perBatch,
      config: c as unknown as Json,
    };
    return {
      figures,
      steps: 0,
      text: [
        `RSGN (${c.variant}) N=${c.numNodes} D_in=${c.dimInput} D_h=${c.dimHidden} C=${c.numClasses} K=${c.numSteps}`,
        `parameters: ${paramCount(c)}; MACs/sample ≈ ${(macs.total / 1e6).toFixed(2)}M`,
      ],
    };
  });

const dataCommand = (ctx: CommandContext): Effect.Effect<CommandOutput, NeuroplasticError> =>
  Effect.gen(function* () {
    const o = yield* tryFlags(() => {
      const task = enumFlag<TaskName>(ctx.flags, "task", [
        "hierarchical",
        "long-range",
        "src-hierarchical",
      ]) ?? "hierarchical";
      const dflt = task === "hierarchical"
        ? [5000, 64, 32, 20]
        : task === "long-range"
        ? [3000, 128, 32, 10]
        : [5000, 32, 64, 10];
      const seqLen = intFlag(ctx.flags, "seq-len", 1, 1e6) ?? dflt[1];
      if (task === "long-range" && seqLen < 8) {
        throw badFlag("seq-len", `long-range needs ≥ 8, got ${seqLen}`, "integer ≥ 8");
      }
      return {
        task,
        n: intFlag(ctx.flags, "n", 1, 1e7) ?? dflt[0],
        seqLen,
        dim: intFlag(ctx.flags, "dim", 1, 1e5) ?? dflt[2],
        classes: intFlag(ctx.flags, "classes", 1, 1e6) ?? dflt[3],
        seed: intFlag(ctx.flags, "seed", 0, 2 ** 32 - 1) ?? 42,
        noise: numberFlag(ctx.flags, "noise", 0, 1e6),
      };
    });
    if (o.n * o.seqLen * o.dim > 5e7) {
      return yield* Effect.fail(badFlag("n", "n·seq-len·dim must be ≤ 5e7", "≤ 5e7 values"));
    }
    const d = generateTask(o.task, o);
    return {
      figures: {
        task: o.task,
        shape: [d.n, d.seqLen, d.dim],
        X: Array.from(d.X),
        y: Array.from(d.y),
      },
      steps: 0,
      text: [`${o.task}: X (${d.n}, ${d.seqLen}, ${d.dim}) float32, y[:8] = ${d.y.slice(0, 8)}`],
    };
  });

/**
 * The RSGN engine for the CLI and the HTTP handler.
 *
 * @example
 * ```ts
 * import { cli } from "@neuroplastic/engines/rsgn";
 * console.log(Object.keys(cli.commands)); // ["train", "table", "info", "data"]
 * ```
 */
export const cli: EngineCli = {
  name: "rsgn",
  version: "0.1.0",
  description:
    "RSGN: Poincaré-ball sparse geometry network (faithful notebook model, Hebbian learner, sparse variant, baselines)",
  commands: {
    train: {
      kind: "custom",
      description: "Train a model on a reference task over seeds; writes <task>-<model>.json",
      usage:
        "np rsgn train --task hierarchical|long-range --model rsgn|rsgn-hebbian|rsgn-sparse|transformer|sparse-transformer|lstm|mlp --epochs E --seeds 42,43,44 [--train-limit M] [--out dir]",
      run: trainCommand,
    },
    table: {
      kind: "custom",
      description:
        "Write docs/results/rsgn.md from the results files beside the reference table (files of one task and model, e.g. one per seed, are merged)",
      usage: "np rsgn table [--in docs/results/rsgn] [--out docs/results]",
      run: tableCommand,
    },
    info: {
      kind: "custom",
      description: "Parameter count, shapes and MACs/sample of a config",
      usage:
        "np rsgn info [--preset readme|hierarchical|long-range|...] [--config f.json] [--seq-len T] --json",
      run: infoCommand,
      http: true,
    },
    data: {
      kind: "custom",
      description: "Generate a reference data set (bit-exact with NumPy) and print X and y",
      usage:
        "np rsgn data --task hierarchical|long-range|src-hierarchical --n N --seq-len L --dim D --classes C --seed S --json",
      run: dataCommand,
      http: true,
    },
    connectivity: {
      kind: "custom",
      description:
        "Connection matrix W of an initialised model on the CPU or the WebGPU kernel, with its f64 agreement",
      usage:
        "np rsgn connectivity [--preset readme|...] [--seed S] [--backend cpu|gpu|auto] --json",
      run: connectivityCommand,
      http: true,
    },
  },
};
