/**
 * The GENREG engine's commands:
 * - `trial` (process): one trial of any optimiser (`--config f.json`, see `TrialConfigSchema`);
 * - `inputs` (custom): the expanded inputs, `np genreg inputs --mode legacy|clean [--noise N]
 *   [--true C] --json` → figures `{ rows, cols, data }` (row-major);
 * - experiments (custom): `np genreg <experiment> [--trials T] [--seed S] [--workers W]
 *   [--trust intent|reference|off] [--mode legacy|clean] [--sa-steps N] [--max-gens G]
 *   [--name stem] [--out dir]` for ultrasparse, dense-sa, hill, ga, gsa, backprop, sweep-noise,
 *   sweep-compression, sweep-hidden; each writes `<stem>.md` and `<stem>.json`
 *   (default stem `genreg-<experiment>`, default dir `docs/results`);
 * - `population` (custom): `np genreg population [--population P] [--seed S] [--config f.json]
 *   [--backend cpu|gpu|auto]`: P random genomes of the trial config evaluated in one batch on
 *   the CPU or WebGPU (see population.ts); best and mean MSE.
 *
 * @module
 */
import { Effect } from "effect";
import type { InvalidConfig, NeuroplasticError } from "@neuroplastic/core/errors";
import { fold, key } from "@neuroplastic/core/random";
import {
  badFlag,
  type CommandContext,
  type CommandOutput,
  type EngineCli,
  type EngineCommand,
  enumFlag,
  intFlag,
  type Json,
  tryFlags,
} from "@neuroplastic/core/sim";
import { runJobs } from "@neuroplastic/evolution/pool";
import { decodeTrialConfig } from "./config.ts";
import { trialContext } from "./context.ts";
import { evaluatePopulation } from "./population.ts";
import { type ExperimentOptions, experimentRows, EXPERIMENTS } from "./experiments.ts";
import { expandInputs, type InputMode } from "./inputs.ts";
import { experimentMarkdown, summarizeRow } from "./report.ts";
import { trialProcess } from "./run.ts";
import type { TrialJobOutput } from "./trial_job.ts";

const writeFiles = (
  dir: string,
  files: { readonly [name: string]: string },
): Effect.Effect<void, InvalidConfig> =>
  Effect.tryPromise({
    try: async () => {
      await Deno.mkdir(dir, { recursive: true });
      for (const [name, text] of Object.entries(files)) {
        await Deno.writeTextFile(`${dir}/${name}`, text);
      }
    },
    catch: (e) => badFlag("out", `cannot write into ${dir}: ${String(e)}`, "a writable directory"),
  });

const inputsCommand = (ctx: CommandContext): Effect.Effect<CommandOutput, NeuroplasticError> =>
  Effect.gen(function* () {
    const spec = yield* tryFlags(() => ({
      mode: enumFlag<InputMode>(ctx.flags, "mode", ["legacy", "clean"]) ?? "legacy",
      noiseColumns: intFlag(ctx.flags, "noise", 0, 8192) ?? 240,
      trueColumns: intFlag(ctx.flags, "true", 1, 4096) ?? 16,
      cleanSeed: intFlag(ctx.flags, "clean-seed", 0, 2 ** 32 - 1) ?? 12345,
    }));
    const inp = expandInputs(spec);
    const figures: { [k: string]: Json } = {
      rows: inp.rows,
      cols: inp.cols,
      mode: spec.mode,
      freshColumns: inp.freshColumns,
      data: Array.from(inp.data),
    };
    return {
      figures,
      steps: 0,
      text: [
        `${spec.mode} inputs: ${inp.rows} × ${inp.cols} (${spec.trueColumns} true + ${spec.noiseColumns} noise` +
        (inp.freshColumns ? `, ${inp.freshColumns} fresh per evaluation` : "") + ")",
      ],
    };
  });

const readJsonFile = (path: string): Effect.Effect<unknown, InvalidConfig> =>
  Effect.tryPromise({
    try: async () => JSON.parse(await Deno.readTextFile(path)) as unknown,
    catch: (e) => badFlag("config", `cannot read ${path}: ${String(e)}`, "a JSON file"),
  });

const populationCommand = (ctx: CommandContext): Effect.Effect<CommandOutput, NeuroplasticError> =>
  Effect.gen(function* () {
    const raw = typeof ctx.flags.config === "string" ? yield* readJsonFile(ctx.flags.config) : {};
    const config = yield* decodeTrialConfig(raw);
    const flags = yield* tryFlags(() => ({
      population: intFlag(ctx.flags, "population", 1, 1_000_000) ?? 1024,
      backend: enumFlag(ctx.flags, "backend", ["cpu", "gpu", "auto"] as const) ?? "cpu",
    }));
    const tc = trialContext(config);
    const G = tc.genes, P = flags.population;
    const genomes = new Float64Array(P * G);
    // Genome i from fold(key(seed), i), as a GA's initial population draws its members.
    for (let i = 0; i < P; i++) {
      tc.ops.random(fold(key(ctx.seed), i), genomes.subarray(i * G, (i + 1) * G));
    }
    const t0 = performance.now();
    const r = yield* evaluatePopulation(config, genomes, { backend: flags.backend });
    const evalMs = performance.now() - t0;
    let best = 0, sum = 0;
    for (let i = 0; i < P; i++) {
      sum += r.mse[i];
      if (r.mse[i] < r.mse[best]) best = i;
    }
    const figures: { [k: string]: Json } = {
      backend: r.backend,
      requested: flags.backend,
      adapter: r.adapter,
      population: P,
      bestMse: r.mse[best],
      bestIndex: best,
      meanMse: sum / P,
      evalMs,
    };
    return {
      figures,
      steps: P,
      state: { mse: Array.from(r.mse) },
      text: [
        `${P} genomes (${tc.layout.params} parameters each) on ${r.backend}` +
        (r.adapter ? ` (${r.adapter})` : "") +
        `: best MSE ${r.mse[best].toFixed(6)} (#${best}), mean ${(sum / P).toFixed(6)}, ` +
        `${evalMs.toFixed(1)} ms`,
      ],
    };
  });

const TRIAL_TASK = {
  moduleUrl: new URL("./trial_job.ts", import.meta.url).href,
  exportName: "genregTrial",
};

const experimentCommand =
  (name: string) => (ctx: CommandContext): Effect.Effect<CommandOutput, NeuroplasticError> =>
    Effect.gen(function* () {
      const exp = EXPERIMENTS[name];
      const flags = yield* tryFlags(() => ({
        trials: intFlag(ctx.flags, "trials", 1, 10_000) ?? exp.defaultTrials,
        workers: intFlag(ctx.flags, "workers", 1, 64) ?? 1,
        trust: enumFlag(ctx.flags, "trust", ["intent", "reference", "off"] as const),
        mode: enumFlag(ctx.flags, "mode", ["legacy", "clean"] as const),
        saSteps: intFlag(ctx.flags, "sa-steps", 1, 1e8),
        maxGens: intFlag(ctx.flags, "max-gens", 1, 1e7),
        stem: typeof ctx.flags.name === "string" ? ctx.flags.name : `genreg-${name}`,
      }));
      if (!/^[A-Za-z0-9_.-]+$/.test(flags.stem)) {
        return yield* Effect.fail(
          badFlag("name", `must be a plain file stem, got ${flags.stem}`, "[A-Za-z0-9_.-]+"),
        );
      }
      const opts: ExperimentOptions = {
        trust: flags.trust,
        mode: flags.mode,
        saSteps: flags.saSteps,
        maxGenerations: flags.maxGens,
      };
      const rows = experimentRows(name, opts);
      // validate every row's config (names the offending field)
      for (const r of rows) yield* decodeTrialConfig(r.config);
      const jobs = rows.flatMap((r) =>
        Array.from({ length: flags.trials }, () => ({ config: r.config }))
      );
      const t0 = performance.now();
      const outs = yield* Effect.orDie(
        runJobs<TrialJobOutput>(TRIAL_TASK, jobs, key(ctx.seed), flags.workers, {
          onProgress: (d, n) => ctx.progress(d, n, `${name} trials`),
        }),
      );
      const wallMs = performance.now() - t0;
      const summaries = rows.map((r, i) => {
        const part = outs.slice(i * flags.trials, (i + 1) * flags.trials);
        return summarizeRow(r.id, part.map((o) => o.result), part.map((o) => o.wallMs));
      });
      const options: { [k: string]: string | number | boolean } = {};
      for (const [k, v] of Object.entries(opts)) if (v !== undefined) options[k] = v;
      const info = {
        seed: ctx.seed,
        trials: flags.trials,
        workers: flags.workers,
        wallMs,
        command: `np genreg ${name} --trials ${flags.trials} --seed ${ctx.seed}` +
          (flags.workers > 1 ? ` --workers ${flags.workers}` : "") +
          Object.entries(options).map(([k, v]) => ` --${k} ${v}`).join(""),
        options,
      };
      const md = experimentMarkdown(exp, rows, summaries, info);
      const results = rows.map((r, i) => ({
        id: r.id,
        config: r.config,
        reference: r.reference,
        summary: summaries[i],
        trials: outs.slice(i * flags.trials, (i + 1) * flags.trials).map((o) => ({
          ...o.result,
          wallMs: o.wallMs,
        })),
      }));
      const json = { engine: "genreg", experiment: name, ...info, rows: results };
      const dir = ctx.outDir ?? "docs/results";
      yield* writeFiles(dir, {
        [`${flags.stem}.md`]: md,
        [`${flags.stem}.json`]: JSON.stringify(json, null, 1) + "\n",
      });
      const figures: { [k: string]: Json } = {
        experiment: name,
        wallMs,
        rows: summaries.map((s, i) => ({
          id: s.id,
          mseMean: s.mse.mean,
          mseBest: s.mse.min,
          mseStd: s.mse.std,
          kMean: s.k.mean,
          kRatio: s.kRatioMean,
          params: s.params,
          refMseMean: rows[i].reference.mseMean ?? null,
          refMseBest: rows[i].reference.mseBest ?? null,
          refK: rows[i].reference.k ?? null,
        })),
      };
      // everything but wall times: identical for any number of workers
      const state = outs.map((o) => o.result);
      return {
        figures,
        steps: jobs.length,
        state,
        text: md.split("\n").filter((l) => l.startsWith("|")),
      };
    });

const experimentCommands: { [name: string]: EngineCommand } = Object.fromEntries(
  Object.values(EXPERIMENTS).map((e) => [
    e.name,
    {
      kind: "custom" as const,
      description: e.description,
      usage:
        `np genreg ${e.name} [--trials ${e.defaultTrials}] [--seed S] [--workers W] [--trust intent|reference|off] [--mode legacy|clean] [--out dir]`,
      run: experimentCommand(e.name),
    },
  ]),
);

/**
 * The GENREG engine for the CLI and the HTTP handler.
 *
 * @example
 * ```ts
 * import { cli } from "@neuroplastic/engines/genreg";
 * console.log(Object.keys(cli.commands));
 * ```
 */
export const cli: EngineCli = {
  name: "genreg",
  version: "0.1.0",
  description: "GENREG: gradient-free evolved sine regressors, ultra-sparse SA, saturation sweeps",
  commands: {
    trial: {
      kind: "process",
      description: "One GENREG trial (SA, hill climbing, GA, GSA or backprop) on the sine task",
      process: trialProcess,
    },
    run: {
      kind: "process",
      description: "Alias of `trial` (ultra-sparse K = 2 SA by default)",
      process: trialProcess,
    },
    inputs: {
      kind: "custom",
      description:
        "The expanded inputs (legacy reference layout or clean noise) as { rows, cols, data }",
      usage: "np genreg inputs --mode legacy|clean [--noise N] [--true C] --json",
      run: inputsCommand,
    },
    population: {
      kind: "custom",
      description: "evaluate P random genomes of a trial config in one batch on the CPU or WebGPU",
      usage:
        "np genreg population [--population 1024] [--seed S] [--config f.json] [--backend cpu|gpu|auto]",
      run: populationCommand,
      http: true,
    },
    ...experimentCommands,
  },
};
