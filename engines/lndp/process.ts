/**
 * The LNDP engine's commands:
 * - `train` (process; one step = one generation): evolves LNDP genomes; the orchestrator steps,
 *   checkpoints (with `--out`), resumes (`np lndp resume <dir>`) and stops it (`--generations`,
 *   `--budget`); `--workers W` evaluates the population on W Web Workers. Its documents
 *   (`curve.json`, `best-genome.json`, `mean-genome.json`) are {@link trainFiles} of the state.
 * - `lifetime` (function): runs a genome of a training run or a genome file for fresh lifetimes
 *   and returns per-episode returns, the edge count over the lifetime and weight histograms, as
 *   `lndp-lifetime-<task>.{md,json}`.
 * - `report` (function): learning curve + lifetime analyses of a training run directory (finished
 *   or interrupted), as `lndp-train-<task>.{md,json}`.
 *
 * The speed table is `deno task bench:lndp` (bench/lndp_speed.ts), not a command.
 *
 * @module
 */
import { Effect } from "effect";
import { FileError, InvalidConfig } from "@neuroplastic/core/errors";
import { key } from "@neuroplastic/core/random";
import {
  decodeConfig,
  type EngineCli,
  type FunctionCommand,
  type Json,
  loadRunState,
  type Process,
} from "@neuroplastic/core/sim";
import { analyzeLifetimes } from "./analysis.ts";
import {
  type LifetimeCommandConfig,
  lifetimeCommandDefaults,
  lifetimeCommandDocs,
  LifetimeCommandSchema,
  type LifetimeConfig,
  lifetimeConfig,
  lifetimeDefaults,
  type ReportConfig,
  ReportConfigSchema,
  reportDefaults,
  reportDocs,
  type TrainConfig,
  TrainConfigSchema,
  trainDefaults,
  trainDocs,
} from "./config.ts";
import { makeModel } from "./model.ts";
import { analysisJson, analysisMarkdown, trainMarkdown } from "./markdown.ts";
import { lndpReporter } from "./report.ts";
import { lndpShowcase } from "./showcase.ts";
import {
  httpGenerationProblem,
  initTrain,
  meanGenome,
  stepTrain,
  trainConfigProblem,
  trainFiles,
  type TrainState,
  trainSummary,
} from "./train.ts";

const last = (xs: number[]): number => (xs.length ? xs[xs.length - 1] : NaN);

/**
 * The `train` command: one step = one generation (ask, evaluate every member for one lifetime,
 * tell). The state holds everything the next generation needs (strategy state incl. the CMA-ES
 * covariance, PRNG key, best genome, curves), so a resumed run equals an uninterrupted one; the
 * results do not depend on `--workers`.
 *
 * @example
 * ```ts
 * import { trainProcess } from "@neuroplastic/engines/lndp";
 * console.log(trainProcess.defaults.popsize, trainProcess.unit); // 256 generation
 * ```
 */
export const trainProcess: Process<TrainConfig, TrainState> = {
  config: TrainConfigSchema,
  defaults: trainDefaults,
  docs: trainDocs,
  unit: "generation",
  defaultSteps: 100,
  maxSteps: 1e9,
  workers: true,
  init: (config, k) => initTrain(config, k),
  step: (state, config, env) => stepTrain(state, config, env),
  summary: trainSummary,
  files: trainFiles,
  records: {
    generationMax: (s) => last(s.curveMax),
    generationMean: (s) => last(s.curveMean),
    bestFitness: (s) => s.bestFitness,
    envSteps: (s) => last(s.curveSteps),
  },
  finite: (s) => ({ bestGenome: s.bestGenome }),
  limits: (c) => trainConfigProblem(c),
  httpLimits: (c) => httpGenerationProblem(c),
};

const reasonOf = (e: unknown): string => {
  const msg = e instanceof Error ? e.message : String(e);
  const m = /^([^(:]+?)\s*\(os error \d+\)/.exec(msg);
  return (m ? m[1] : msg.split("\n")[0]).trim();
};

const readText = (path: string): Effect.Effect<string, FileError> =>
  Effect.try({
    try: () => Deno.readTextFileSync(path),
    catch: (e) => new FileError({ path, reason: reasonOf(e) }),
  });

const readJson = (path: string): Effect.Effect<unknown, FileError> =>
  Effect.flatMap(readText(path), (text) =>
    Effect.try({
      try: () => JSON.parse(text) as unknown,
      catch: (e) => new FileError({ path, reason: `not JSON: ${reasonOf(e)}` }),
    }));

const exists = (path: string): boolean => {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
};

const isDir = (path: string): Effect.Effect<boolean, FileError> =>
  Effect.try({
    try: () => Deno.statSync(path).isDirectory,
    catch: (e) => new FileError({ path, reason: reasonOf(e) }),
  });

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** Picks the fields of `like` from a JSON object (old runs carry fields since removed). */
const pick = (o: Record<string, unknown>, like: object): Record<string, unknown> => {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(like)) if (k in o) out[k] = o[k];
  return out;
};

/** A training run directory as read by `lifetime` and `report`. */
interface TrainRun {
  readonly dir: string;
  readonly config: TrainConfig;
  readonly state: TrainState;
  readonly seed: number | null;
  /** `result.json` when the run finished (absent for a killed run). */
  readonly result?: Record<string, Json>;
  /** Whether the state is the last checkpoint of an unfinished run. */
  readonly interrupted: boolean;
}

/**
 * Reads a training run directory: its config (`config.json`), its state (`final.bin`, or the
 * last `checkpoint.bin` of an interrupted run), its seed (`run.json`) and `result.json`.
 */
const readTrainRun = (dir: string): Effect.Effect<TrainRun, FileError | InvalidConfig> =>
  Effect.gen(function* () {
    const raw = yield* readJson(`${dir}/config.json`);
    if (!isObject(raw)) {
      return yield* Effect.fail(
        new FileError({ path: `${dir}/config.json`, reason: "not a JSON object" }),
      );
    }
    // runs written before `precision`, `outputIdentity` and `evalReps` existed ran in f64,
    // without the output identity, one lifetime per genome
    const config = yield* decodeConfig(
      TrainConfigSchema,
      pick({ precision: "f64", outputIdentity: false, evalReps: 1, ...raw }, trainDefaults),
    );
    const ckpt = yield* loadRunState(dir).pipe(
      Effect.mapError((e) =>
        e._tag === "FileError" ? e : new FileError({ path: e.path, reason: e.reason })
      ),
    );
    const path = ckpt.path;
    const state = ckpt.state as TrainState;
    if (
      !isObject(state) || !Array.isArray(state.curveMax) ||
      !(state.bestGenome instanceof Float64Array)
    ) {
      return yield* Effect.fail(
        new FileError({ path, reason: "does not hold an lndp train state" }),
      );
    }
    const manifest = exists(`${dir}/run.json`) ? yield* readJson(`${dir}/run.json`) : undefined;
    const result = exists(`${dir}/result.json`) ? yield* readJson(`${dir}/result.json`) : undefined;
    const seed = isObject(manifest) && typeof manifest.seed === "number" ? manifest.seed : null;
    return {
      dir,
      config,
      state,
      seed,
      ...(isObject(result) ? { result: result as Record<string, Json> } : {}),
      interrupted: !ckpt.finished,
    };
  });

/** A genome with the lifetime config it belongs to. */
interface LoadedGenome {
  readonly cfg: LifetimeConfig;
  readonly genome: Float64Array;
  readonly source: string;
}

const lifetimeOfObject = (
  o: Record<string, unknown>,
  p: LifetimeCommandConfig,
): Effect.Effect<LifetimeConfig, InvalidConfig> =>
  Effect.try({
    try: () =>
      lifetimeConfig({
        ...pick(o, lifetimeDefaults),
        ...(p.task !== undefined ? { task: p.task } : {}),
        ...(p.nEpisodes !== undefined ? { nEpisodes: p.nEpisodes } : {}),
        ...(p.precision !== undefined ? { precision: p.precision } : {}),
      } as Partial<LifetimeConfig>),
    catch: (e) =>
      e instanceof InvalidConfig
        ? new InvalidConfig({ field: "from", message: `from: config of ${p.from}: ${e.message}` })
        : new InvalidConfig({ field: "from", message: `from: ${reasonOf(e)}` }),
  });

const toGenome = (
  cfg: LifetimeConfig,
  v: unknown,
  source: string,
): Effect.Effect<Float64Array, InvalidConfig> => {
  const P = makeModel(cfg.task, cfg).layout.size;
  if (!Array.isArray(v) || v.length !== P || v.some((x) => typeof x !== "number")) {
    return Effect.fail(
      new InvalidConfig({
        field: "from",
        message: `from: ${source} must hold ${P} numbers for task ${cfg.task}`,
        allowed: `a genome of ${P} numbers`,
      }),
    );
  }
  return Effect.succeed(Float64Array.from(v as number[]));
};

/** The genome `p.which` of a training run (its best member or its strategy mean). */
const genomeOfRun = (
  run: TrainRun,
  p: LifetimeCommandConfig,
): Effect.Effect<LoadedGenome, InvalidConfig> =>
  Effect.gen(function* () {
    const field = p.which === "best" ? "bestGenome" : "meanGenome";
    const cfg = yield* lifetimeOfObject(run.config as unknown as Record<string, unknown>, p);
    const g = p.which === "best" ? run.state.bestGenome : meanGenome(run.state, run.config);
    if (!g) {
      return yield* Effect.fail(
        new InvalidConfig({
          field: "which",
          message: `which: the ${run.config.strategy} run ${run.dir} has no mean genome`,
          allowed: "best",
        }),
      );
    }
    const source = `${run.dir} (${field})`;
    return { cfg, genome: yield* toGenome(cfg, Array.from(g), source), source };
  });

/** The genome `p.which` of a run directory or a genome file. */
const loadGenome = (
  p: LifetimeCommandConfig,
): Effect.Effect<LoadedGenome, FileError | InvalidConfig> =>
  Effect.gen(function* () {
    const field = p.which === "best" ? "bestGenome" : "meanGenome";
    if (yield* isDir(p.from)) return yield* genomeOfRun(yield* readTrainRun(p.from), p);
    const j = yield* readJson(p.from);
    if (Array.isArray(j)) {
      const cfg = yield* lifetimeOfObject({}, p);
      return { cfg, genome: yield* toGenome(cfg, j, p.from), source: p.from };
    }
    if (!isObject(j)) {
      return yield* Effect.fail(
        new FileError({ path: p.from, reason: "neither a genome array nor an object" }),
      );
    }
    const cfg = yield* lifetimeOfObject(isObject(j.config) ? j.config : j, p);
    const g = j[field] ?? j.genome;
    return { cfg, genome: yield* toGenome(cfg, g, `${p.from}:${field}`), source: p.from };
  });

/**
 * `np lndp lifetime`: runs a genome for fresh lifetimes and reports per-episode returns, the
 * edge count over the traced lifetime and weight histograms (`lndp-lifetime-<task>.{md,json}`).
 * Reads `from` (a training run directory or a genome file), failing with `FileError` naming it.
 *
 * @example
 * ```ts
 * import { Effect } from "effect";
 * import { lifetimeCommand } from "@neuroplastic/engines/lndp";
 * const path = Deno.makeTempFileSync({ suffix: ".json" });
 * Deno.writeTextFileSync(path, JSON.stringify(new Array(1918).fill(0)));
 * const out = Effect.runSync(lifetimeCommand.run({
 *   config: { ...lifetimeCommand.defaults, from: path, lifetimes: 1 },
 *   seed: 1, env: { workers: 1 }, progress: () => {},
 * }));
 * console.log(Object.keys(out.files ?? {})); // ["lndp-lifetime-cartpole.md", "lndp-lifetime-cartpole.json"]
 * ```
 */
export const lifetimeCommand: FunctionCommand<LifetimeCommandConfig> = {
  kind: "function",
  description:
    "run a genome of a training run or a genome file for fresh lifetimes: per-episode returns, edge counts, weight histograms",
  config: LifetimeCommandSchema,
  defaults: lifetimeCommandDefaults,
  docs: lifetimeCommandDocs,
  seeded: true,
  run: ({ config: p, seed, progress }) =>
    Effect.gen(function* () {
      const { cfg, genome, source } = yield* loadGenome(p);
      const a = analyzeLifetimes(cfg, genome, key(seed), p.lifetimes);
      progress(p.lifetimes, p.lifetimes, "lifetimes");
      const base = `lndp-lifetime-${cfg.task}`;
      const md = [
        `# LNDP lifetime: ${cfg.task}`,
        "",
        `Genome: ${source}; seed ${seed}.`,
        "",
        ...analysisMarkdown(`${p.which} genome`, a),
      ].join("\n") + "\n";
      const json = { source, config: cfg, analysis: analysisJson(a) };
      return {
        figures: {
          task: cfg.task,
          source,
          episodeMeanReturns: a.episodeMean,
          fitnessMean: a.fitnessMean,
          fitnessStd: a.fitnessStd,
          improvementMean: a.improvementMean,
          improvedFraction: a.improvedFraction,
          tracedReturns: a.tracedReturns,
          edgesStart: a.snapshots[0]?.edges ?? 0,
          edgesEnd: a.snapshots[a.snapshots.length - 1]?.edges ?? 0,
        },
        count: { unit: "lifetime", n: p.lifetimes },
        files: {
          [`${base}.md`]: md,
          [`${base}.json`]: JSON.stringify(json as unknown as Json, null, 1) + "\n",
        },
        text: md.trimEnd().split("\n"),
      };
    }),
};

/**
 * `np lndp report`: the learning curve and the re-evaluation of the best (and mean) genome of a
 * training run directory, finished or interrupted (then from its last checkpoint), as
 * `lndp-train-<task>.{md,json}`.
 *
 * @example
 * ```ts
 * import { reportCommand } from "@neuroplastic/engines/lndp";
 * console.log(reportCommand.defaults.lifetimes); // 30
 * ```
 */
export const reportCommand: FunctionCommand<ReportConfig> = {
  kind: "function",
  description:
    "learning curve + lifetime analysis of a training run directory, as lndp-train-<task>.{md,json}",
  config: ReportConfigSchema,
  defaults: reportDefaults,
  docs: reportDocs,
  seeded: true,
  run: ({ config: p, seed, progress }) =>
    Effect.gen(function* () {
      if (p.from === "") {
        return yield* Effect.fail(
          new InvalidConfig({
            field: "from",
            message: "--from: give the training run directory (np lndp train --out <dir>)",
            allowed: "a run directory",
          }),
        );
      }
      const run = yield* readTrainRun(p.from);
      const { config: c, state: s } = run;
      const which = (w: "best" | "mean"): LifetimeCommandConfig => ({
        from: p.from,
        which: w,
        lifetimes: p.lifetimes,
        ...(p.precision !== undefined ? { precision: p.precision } : {}),
      });
      const best = yield* genomeOfRun(run, which("best"));
      const aBest = analyzeLifetimes(best.cfg, best.genome, key(seed), p.lifetimes);
      progress(1, 2, "genomes");
      const mean = meanGenome(s, c) ? yield* genomeOfRun(run, which("mean")) : undefined;
      const aMean = mean
        ? analyzeLifetimes(mean.cfg, mean.genome, key(seed), p.lifetimes)
        : undefined;
      progress(2, 2, "genomes");
      const threshold = p.threshold ?? (c.task === "cartpole" ? 475 : Infinity);
      const summary = trainSummary(s, c);
      const { bestGenome: _b, ...summaryLite } = summary;
      const result: { [k: string]: Json } = {
        ...summaryLite,
        curveMax: s.curveMax,
        curveMean: s.curveMean,
        curveSteps: s.curveSteps,
        seed: run.seed,
        elapsedMs: typeof run.result?.elapsedMs === "number" ? run.result.elapsedMs : null,
        ...(run.interrupted ? { interruptedAt: s.generation } : {}),
      };
      const config = c as unknown as { [k: string]: Json };
      const md = trainMarkdown({ config, result }, aBest, aMean, threshold);
      const json = {
        config,
        result,
        bestGenome: summary.bestGenome,
        bestAnalysis: analysisJson(aBest),
        meanAnalysis: aMean ? analysisJson(aMean) : null,
      };
      return {
        figures: {
          task: c.task,
          generations: s.generation,
          interrupted: run.interrupted,
          bestFitness: s.bestFitness,
          bestReevaluated: aBest.fitnessMean,
          meanReevaluated: aMean ? aMean.fitnessMean : null,
          improvementMean: aBest.improvementMean,
        },
        count: { unit: "lifetime", n: p.lifetimes * (aMean ? 2 : 1) },
        files: {
          [`lndp-train-${c.task}.md`]: md,
          [`lndp-train-${c.task}.json`]: JSON.stringify(json, null, 1) + "\n",
        },
        text: md.trimEnd().split("\n"),
      };
    }),
};

/**
 * CLI/HTTP descriptor of the LNDP engine.
 *
 * @example
 * ```ts
 * import { cli } from "@neuroplastic/engines/lndp";
 * console.log(Object.keys(cli.commands)); // ["train", "lifetime", "report"]
 * ```
 */
export const cli: EngineCli = {
  name: "lndp",
  version: "0.1.0",
  description:
    "Lifelong Neural Developmental Programs (Plantec et al. 2024): evolve self-organising plastic networks",
  commands: {
    train: {
      kind: "process",
      description:
        "evolve LNDP genomes with CMA-ES or OpenAI-ES (one step = one generation); writes curve.json, best-genome.json, mean-genome.json",
      process: trainProcess,
      quick: {
        task: "grid",
        "n-episodes": "1",
        strategy: "openai",
        popsize: "8",
        generations: "12",
        seed: "1",
      },
      // an empty HTTP request: one generation must fit httpGenerationProblem, and a CMA-ES
      // generation over 1918 parameters is one long uninterruptible step, so OpenAI-ES, 16 × 2
      // lifetimes per generation, 5 generations (about a second)
      httpDefaults: { strategy: "openai", popsize: 16, nEpisodes: 2 },
      httpSteps: 5,
    },
    lifetime: {
      ...lifetimeCommand,
      quick: { from: "engines/lndp/testdata/run", lifetimes: "2", seed: "1" },
    },
    report: {
      ...reportCommand,
      quick: { from: "engines/lndp/testdata/run", lifetimes: "2", seed: "1" },
    },
  },
  reporter: lndpReporter,
  showcase: lndpShowcase,
};
