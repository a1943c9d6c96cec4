/**
 * The GENREG engine's commands, every one declared by a Schema, defaults and a docs line per
 * field (the orchestrator derives the flags, `--help` and validation from them):
 * - `run` (process): one trial of any optimiser; a step is one optimiser iteration (one SA or
 *   hill-climbing step, one GA generation, one Adam epoch; GSA: its generations, then its SA
 *   steps). The trial config fixes the length (`stepsToFinish`), hill climbing and the GA may
 *   stop earlier (`done`). Every config field is a flag (`--ga.popsize 60`, `--sa.steps 2000`).
 * - `inputs` (function): the expanded inputs as `{ rows, cols, data }` (row-major).
 * - `population` (function): P random genomes evaluated in one batch on the CPU or WebGPU.
 * - the experiments (functions, one per entry of `EXPERIMENTS`): T trials per row on `--workers`
 *   worker threads; the `.md` table and `.json` data are returned as files (written only into
 *   `--out`).
 *
 * @module
 */
import { Effect } from "effect";
import type { NeuroplasticError } from "@neuroplastic/core/errors";
import { fold, key } from "@neuroplastic/core/random";
import {
  type CommandOutput,
  decodeConfig,
  type EngineCli,
  type FunctionCommand,
  type FunctionInput,
  type Json,
  kebab,
  type Process,
} from "@neuroplastic/core/sim";
import { runJobs } from "@neuroplastic/evolution/pool";
import type { PopulationConfig, TrialConfig } from "./config.ts";
import {
  inputsDocs,
  InputsSchema,
  PopulationConfigSchema,
  populationDefaults,
  populationDocs,
  populationTrialConfig,
  TrialConfigSchema,
  trialDefaults,
  trialDocs,
  trialLimits,
} from "./config.ts";
import { trialContext } from "./context.ts";
import { evaluatePopulation } from "./population.ts";
import {
  type Experiment,
  type ExperimentConfig,
  experimentConfigSchema,
  experimentDefaults,
  experimentDocs,
  type ExperimentOptions,
  experimentRows,
  EXPERIMENTS,
} from "./experiments.ts";
import { expandInputs } from "./inputs.ts";
import { experimentJsonMarkdown, summarizeRow } from "./experiment_report.ts";
import { genregReporter } from "./report.ts";
import { genregShowcase } from "./showcase.ts";
import { stepsToFinish, trialResult } from "./run.ts";
import { initState, run, step, type TrialState } from "./step.ts";
import type { TrialJobOutput } from "./trial_job.ts";

/**
 * One trial as a Process (`np genreg run --seed S [--optimizer ga --ga.popsize 60 ...]`): a step
 * is one optimiser iteration, the config fixes the length, the state holds its key and
 * counters, so checkpoints resume bit-exactly.
 *
 * @example
 * ```ts
 * import { trialProcess } from "@neuroplastic/engines/genreg";
 * import { key } from "@neuroplastic/core/random";
 * const c = trialProcess.defaults;
 * const s = trialProcess.run!(trialProcess.init(c, key(0)), c, 500);
 * console.log(s.t, trialProcess.length!(c)); // 500 20000
 * ```
 */
export const trialProcess: Process<TrialConfig, TrialState> = {
  config: TrialConfigSchema,
  defaults: trialDefaults,
  docs: trialDocs,
  unit: "step",
  defaultSteps: stepsToFinish(trialDefaults),
  length: stepsToFinish,
  init: initState,
  step,
  run,
  done: (s) => s.done,
  summary: (s, c): { [key: string]: Json } => {
    const r = trialResult(s, c);
    return {
      mse: r.mse,
      k: r.k,
      kRatio: r.kRatio,
      params: r.params,
      energy: r.energy.total,
      evals: r.evals,
      iterations: r.iterations,
      done: s.done,
      reason: r.reason,
      trueInputs: r.trueInputs,
    };
  },
  records: {
    bestMse: (s) => s.lastMseBest,
    k: (s) => s.lastK,
  },
  finite: (s) => ({
    bestMse: s.lastMseBest === s.lastMseBest ? s.lastMseBest : 0,
    genome: s.backprop?.params ?? s.search?.current ?? s.ga?.population ?? new Float64Array(0),
  }),
  limits: trialLimits,
};

/**
 * `np genreg inputs`: the expanded inputs as `{ rows, cols, mode, freshColumns, data }` (row-major).
 *
 * @example
 * ```ts
 * import { Effect } from "effect";
 * import { inputsCommand, trialDefaults } from "@neuroplastic/engines/genreg";
 * const out = Effect.runSync(inputsCommand.run({
 *   config: { ...trialDefaults.inputs, noiseColumns: 16 }, seed: 0, env: { workers: 1 }, progress: () => {},
 * }));
 * console.log(out.figures.rows, out.figures.cols); // 100 32
 * ```
 */
export const inputsCommand: FunctionCommand<TrialConfig["inputs"]> = {
  kind: "function",
  description:
    "The expanded inputs (legacy reference layout or clean noise) as { rows, cols, data }",
  config: InputsSchema,
  defaults: trialDefaults.inputs,
  docs: inputsDocs,
  run: ({ config }) =>
    Effect.sync((): CommandOutput => {
      const inp = expandInputs(config);
      return {
        figures: {
          rows: inp.rows,
          cols: inp.cols,
          mode: config.mode,
          freshColumns: inp.freshColumns,
          data: Array.from(inp.data),
        },
        text: [
          `${config.mode} inputs: ${inp.rows} × ${inp.cols} (${config.trueColumns} true + ` +
          `${config.noiseColumns} noise` +
          (inp.freshColumns ? `, ${inp.freshColumns} fresh per evaluation` : "") + ")",
        ],
      };
    }),
};

/**
 * `np genreg population`: P random genomes (genome i from fold(key(seed), i), as a GA's initial
 * population) evaluated in one batch on the CPU or WebGPU; best and mean MSE.
 *
 * @example
 * ```ts
 * import { Effect } from "effect";
 * import { populationCommand, populationDefaults } from "@neuroplastic/engines/genreg";
 * const out = await Effect.runPromise(populationCommand.run({
 *   config: { ...populationDefaults, population: 8 }, seed: 0, env: { workers: 1 }, progress: () => {},
 * }));
 * console.log(out.figures.population, out.count); // 8 { unit: "genome", n: 8 }
 * ```
 */
export const populationCommand: FunctionCommand<PopulationConfig> = {
  kind: "function",
  description: "Evaluate P random genomes in one batch on the CPU or WebGPU (best and mean MSE)",
  config: PopulationConfigSchema,
  defaults: populationDefaults,
  docs: populationDocs,
  seeded: true,
  http: true,
  run: ({ config, seed }) =>
    Effect.gen(function* () {
      const trial = populationTrialConfig(config);
      const bad = trialLimits(trial);
      if (bad) return yield* Effect.fail(bad);
      const tc = trialContext(trial);
      const G = tc.genes, P = config.population;
      const genomes = new Float64Array(P * G);
      for (let i = 0; i < P; i++) {
        tc.ops.random(fold(key(seed), i), genomes.subarray(i * G, (i + 1) * G));
      }
      const t0 = performance.now();
      const r = yield* evaluatePopulation(trial, genomes, { backend: config.backend });
      const evalMs = performance.now() - t0;
      let best = 0, sum = 0;
      for (let i = 0; i < P; i++) {
        sum += r.mse[i];
        if (r.mse[i] < r.mse[best]) best = i;
      }
      return {
        figures: {
          backend: r.backend,
          adapter: r.adapter,
          bestMse: r.mse[best],
          bestIndex: best,
          meanMse: sum / P,
          evalMs,
        },
        count: { unit: "genome", n: P },
        state: { mse: Array.from(r.mse) },
        text: [
          `${P} genomes (${tc.layout.params} parameters each) on ${r.backend}` +
          (r.adapter ? ` (${r.adapter})` : "") +
          `: best MSE ${r.mse[best].toFixed(6)} (#${best}), mean ${(sum / P).toFixed(6)}, ` +
          `${evalMs.toFixed(1)} ms`,
        ],
      };
    }),
};

/** Short lengths of the experiments' options for their `quick` runs. */
const QUICK: { readonly [o in keyof ExperimentOptions]?: string } = {
  saSteps: "400",
  maxGenerations: "4",
  hillMaxSteps: "200",
  gsaGenerations: "3",
  gsaSaSteps: "200",
  backpropEpochs: "20",
};

const TRIAL_TASK = {
  moduleUrl: new URL("./trial_job.ts", import.meta.url).href,
  exportName: "genregTrial",
};

/** Runs one experiment: T trials per row on the worker pool; returns its table and data as files. */
const runExperiment = (
  exp: Experiment,
  { config, seed, env, progress }: FunctionInput<ExperimentConfig>,
): Effect.Effect<CommandOutput, NeuroplasticError> =>
  Effect.gen(function* () {
    const defaults = experimentDefaults(exp);
    const opts: ExperimentOptions = Object.fromEntries(exp.options.map((o) => [o, config[o]]));
    const rows = experimentRows(exp.name, opts);
    for (const r of rows) {
      yield* decodeConfig(TrialConfigSchema, r.config);
      const bad = trialLimits(r.config);
      if (bad) return yield* Effect.fail(bad);
    }
    const T = config.trials;
    const jobs = rows.flatMap((r) => Array.from({ length: T }, () => ({ config: r.config })));
    const t0 = performance.now();
    const outs = yield* Effect.orDie(
      runJobs<TrialJobOutput>(TRIAL_TASK, jobs, key(seed), env.workers, {
        onProgress: (d, n) => progress(d, n, "trials"),
      }),
    );
    const wallMs = performance.now() - t0;
    const summaries = rows.map((r, i) => {
      const part = outs.slice(i * T, (i + 1) * T);
      return summarizeRow(r.id, part.map((o) => o.result), part.map((o) => o.wallMs));
    });
    // non-default options, as flags that reproduce the run
    const options: { [k: string]: string | number | boolean } = {};
    for (const o of exp.options) {
      const v = config[o];
      if (v !== undefined && v !== defaults[o]) options[o] = v;
    }
    const info = {
      seed,
      trials: T,
      workers: env.workers,
      wallMs,
      command: `np genreg ${exp.name} --trials ${T} --seed ${seed}` +
        (env.workers > 1 ? ` --workers ${env.workers}` : "") +
        Object.entries(options).map(([k, v]) => ` --${kebab(k)} ${v}`).join(""),
      options,
    };
    const results = rows.map((r, i) => ({
      id: r.id,
      config: r.config,
      reference: r.reference,
      summary: summaries[i],
      trials: outs.slice(i * T, (i + 1) * T).map((o) => ({ ...o.result, wallMs: o.wallMs })),
    }));
    const json = { engine: "genreg", experiment: exp.name, ...info, rows: results };
    // the markdown is a function of the JSON alone (re-rendered by tests/docs_drift_test.ts)
    const md = experimentJsonMarkdown(json);
    const figures: { [k: string]: Json } = {
      experiment: exp.name,
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
    return {
      figures,
      count: { unit: "trial", n: jobs.length },
      // everything but wall times: identical for any number of workers
      state: outs.map((o) => o.result),
      files: {
        [`${config.name}.md`]: md,
        [`${config.name}.json`]: JSON.stringify(json, null, 1) + "\n",
      },
      text: md.split("\n").filter((l) => l.startsWith("|")),
    };
  });

/**
 * The command of one experiment: T trials per row (trial t of row r with key
 * fold(key(seed), r·T + t)) on `--workers` threads; identical results for any number of workers.
 *
 * @example
 * ```ts
 * import { EXPERIMENTS, experimentCommand } from "@neuroplastic/engines/genreg";
 * const cmd = experimentCommand(EXPERIMENTS.ultrasparse);
 * console.log(cmd.defaults.trials, cmd.workers); // 20 true
 * ```
 */
export const experimentCommand = (exp: Experiment): FunctionCommand<ExperimentConfig> => ({
  kind: "function",
  description: exp.description,
  quick: {
    trials: "2",
    seed: "1",
    ...Object.fromEntries(
      exp.options.flatMap((o) => (QUICK[o] === undefined ? [] : [[kebab(o), QUICK[o]]])),
    ),
  },
  config: experimentConfigSchema(exp),
  defaults: experimentDefaults(exp),
  docs: experimentDocs(exp),
  seeded: true,
  workers: true,
  run: (input) => runExperiment(exp, input),
});

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
    run: {
      kind: "process",
      description: "One GENREG trial (SA, hill, GA, GSA or backprop); a step is one iteration",
      process: trialProcess,
      quick: { seed: "1", "sa.steps": "30000" },
    },
    inputs: { ...inputsCommand, quick: { "noise-columns": "16" } },
    population: {
      ...populationCommand,
      quick: { population: "64", seed: "1" },
      // an empty HTTP request: 256 genomes
      httpDefaults: { population: 256 },
    },
    ...Object.fromEntries(Object.values(EXPERIMENTS).map((e) => [e.name, experimentCommand(e)])),
  },
  reporter: genregReporter,
  showcase: genregShowcase,
};
