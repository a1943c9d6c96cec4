/**
 * The LNDP engine's commands:
 * - `train` (process; one step = one generation): `np lndp train --task cartpole
 *   --generations G --popsize P --workers W [--strategy cma|openai] [--dev-steps D] ...`;
 * - `lifetime` (custom): runs a genome for lifetimes and reports per-episode returns, the edge
 *   count over the lifetime and weight histograms: `np lndp lifetime --run <dir> | --genome f.json`;
 * - `report` (custom): learning curve + lifetime analyses of a training run directory, written as
 *   `lndp-train-<task>.{md,json}` into `--out`;
 * - `bench` (custom): the speed table, written as `lndp-bench.{md,json}` into `--out`.
 *
 * @module
 */
import type { Effect } from "effect";
import { InvalidConfig, type NeuroplasticError } from "@neuroplastic/core/errors";
import { key } from "@neuroplastic/core/random";
import {
  type CommandContext,
  type CommandOutput,
  decodeConfigSync,
  type EngineCli,
  intFlag,
  type Json,
  tryFlags,
} from "@neuroplastic/core/sim";
import { analyzeLifetimes } from "./analysis.ts";
import { runBench } from "./bench.ts";
import { DEFAULT_LIFETIME, type LifetimeConfig, lifetimeConfig } from "./config.ts";
import { makeModel } from "./model.ts";
import { analysisJson, analysisMarkdown, benchMarkdown, trainMarkdown } from "./report.ts";
import { TrainConfigSchema, trainProcess, type TrainState } from "./train.ts";
import { trainCommand } from "./train_cli.ts";
import { readCheckpointSync } from "@neuroplastic/core/checkpoint";

const readJson = (path: string, field: string): Record<string, unknown> | unknown[] => {
  try {
    return JSON.parse(Deno.readTextFileSync(path));
  } catch (e) {
    throw new InvalidConfig({
      field,
      message: `${field}: cannot read JSON ${path}: ${(e as Error).message}`,
    });
  }
};

/** A genome with the lifetime config it belongs to. */
interface LoadedGenome {
  readonly cfg: LifetimeConfig;
  readonly genome: Float64Array;
  readonly source: string;
}

const lifetimeFromObject = (o: Record<string, unknown>, ctx: CommandContext): LifetimeConfig => {
  const keys = Object.keys(DEFAULT_LIFETIME);
  const picked: Record<string, unknown> = {};
  for (const k of keys) if (k in o) picked[k] = o[k];
  if (typeof ctx.flags.task === "string") picked.task = ctx.flags.task;
  if (typeof ctx.flags.episodes === "string") picked.nEpisodes = Number(ctx.flags.episodes);
  return lifetimeConfig(picked as Partial<LifetimeConfig>);
};

const toGenome = (cfg: LifetimeConfig, v: unknown, source: string): Float64Array => {
  const P = makeModel(cfg.task, cfg).layout.size;
  if (!Array.isArray(v) || v.length !== P || v.some((x) => typeof x !== "number")) {
    throw new InvalidConfig({
      field: "genome",
      message: `genome: ${source} must hold ${P} numbers for task ${cfg.task}`,
      allowed: `array of ${P} numbers`,
    });
  }
  return Float64Array.from(v as number[]);
};

/**
 * A run's result: `result.json` when the run finished, otherwise the training summary of its
 * last checkpoint (so an interrupted run can still be reported).
 */
function readRunResult(dir: string): Record<string, Json> {
  try {
    return JSON.parse(Deno.readTextFileSync(`${dir}/result.json`));
  } catch {
    const config = decodeConfigSync(TrainConfigSchema, readJson(`${dir}/config.json`, "run"));
    const ckpt = readCheckpointSync(`${dir}/checkpoint.bin`);
    const run = readJson(`${dir}/run.json`, "run") as Record<string, Json>;
    return {
      seed: run.seed,
      elapsedMs: null,
      interruptedAt: ckpt.step,
      ...trainProcess.summary(ckpt.state as TrainState, config),
    };
  }
}

/** `--run dir` (config.json + result.json) or `--genome file.json`; `--which best|mean`. */
function loadGenome(ctx: CommandContext, which: "best" | "mean"): LoadedGenome {
  const field = which === "best" ? "bestGenome" : "meanGenome";
  if (typeof ctx.flags.run === "string") {
    const dir = ctx.flags.run;
    const config = readJson(`${dir}/config.json`, "run") as Record<string, unknown>;
    const file = `${dir}/${which}-genome.json`;
    let saved: Record<string, unknown> | undefined;
    try {
      saved = JSON.parse(Deno.readTextFileSync(file));
    } catch { /* a run of the evolve process: genomes are in result.json */ }
    if (saved) {
      const cfg = lifetimeFromObject(config, ctx);
      return { cfg, genome: toGenome(cfg, saved.genome, file), source: `${dir} (${field})` };
    }
    const result = readRunResult(dir);
    const cfg = lifetimeFromObject(config, ctx);
    return {
      cfg,
      genome: toGenome(cfg, result[field], `${dir}/result.json:${field}`),
      source: `${dir} (${field})`,
    };
  }
  if (typeof ctx.flags.genome === "string") {
    const path = ctx.flags.genome;
    const j = readJson(path, "genome");
    if (Array.isArray(j)) {
      const cfg = lifetimeFromObject({}, ctx);
      return { cfg, genome: toGenome(cfg, j, path), source: path };
    }
    const cfg = lifetimeFromObject((j.config as Record<string, unknown>) ?? j, ctx);
    const g = j[field] ?? j.genome;
    return { cfg, genome: toGenome(cfg, g, `${path}:${field}`), source: path };
  }
  throw new InvalidConfig({
    field: "genome",
    message: "lifetime: give --run <dir> or --genome <file.json>",
  });
}

const write = (ctx: CommandContext, name: string, text: string): void => {
  if (!ctx.outDir) return;
  Deno.writeTextFileSync(`${ctx.outDir}/${name}`, text);
};

const lifetimeCommand = (ctx: CommandContext): Effect.Effect<CommandOutput, NeuroplasticError> =>
  tryFlags(
    (): CommandOutput => {
      const which = ctx.flags.which === "mean" ? "mean" : "best";
      const { cfg, genome, source } = loadGenome(ctx, which);
      const lifetimes = intFlag(ctx.flags, "lifetimes", 1, 100_000) ?? 20;
      const a = analyzeLifetimes(cfg, genome, key(ctx.seed), lifetimes);
      const base = `lndp-lifetime-${cfg.task}`;
      const md = [
        `# LNDP lifetime: ${cfg.task}`,
        "",
        `Genome: ${source}; seed ${ctx.seed}.`,
        "",
        ...analysisMarkdown(
          `${which} genome`,
          a,
        ),
      ].join("\n") + "\n";
      write(ctx, `${base}.md`, md);
      write(
        ctx,
        `${base}.json`,
        JSON.stringify({ source, config: cfg, analysis: analysisJson(a) }, null, 1) + "\n",
      );
      return {
        figures: {
          task: cfg.task,
          episodeMeanReturns: a.episodeMean,
          fitnessMean: a.fitnessMean,
          improvementMean: a.improvementMean,
          improvedFraction: a.improvedFraction,
          tracedReturns: a.tracedReturns,
          edgesStart: a.snapshots[0]?.edges ?? 0,
          edgesEnd: a.snapshots[a.snapshots.length - 1]?.edges ?? 0,
        },
        steps: a.edgeCounts.length,
        text: md.split("\n"),
      };
    },
    (e) => new InvalidConfig({ field: "lifetime", message: String(e) }),
  );

const reportCommand = (ctx: CommandContext): Effect.Effect<CommandOutput, NeuroplasticError> =>
  tryFlags(
    (): CommandOutput => {
      if (typeof ctx.flags.run !== "string") {
        throw new InvalidConfig({
          field: "run",
          message: "report: give --run <training run directory>",
        });
      }
      const dir = ctx.flags.run;
      const config = readJson(`${dir}/config.json`, "run") as Record<string, Json>;
      const result = readRunResult(dir);
      const lifetimes = intFlag(ctx.flags, "lifetimes", 1, 100_000) ?? 20;
      const best = loadGenome(ctx, "best");
      const aBest = analyzeLifetimes(best.cfg, best.genome, key(ctx.seed), lifetimes);
      let aMean;
      let hasMeanFile = false;
      try {
        hasMeanFile = Deno.statSync(`${dir}/mean-genome.json`).isFile;
      } catch { /* none */ }
      if (Array.isArray(result.meanGenome) || hasMeanFile) {
        const mean = loadGenome(ctx, "mean");
        aMean = analyzeLifetimes(mean.cfg, mean.genome, key(ctx.seed), lifetimes);
      }
      const task = String(config.task);
      const threshold = Number(ctx.flags.threshold ?? (task === "cartpole" ? 475 : Infinity));
      const md = trainMarkdown({ config, result }, aBest, aMean, threshold);
      const { bestGenome: _b, meanGenome: _m, ...resultLite } = result;
      const json = {
        config,
        result: resultLite,
        bestGenome: result.bestGenome,
        bestAnalysis: analysisJson(aBest),
        meanAnalysis: aMean ? analysisJson(aMean) : null,
      };
      write(ctx, `lndp-train-${task}.md`, md);
      write(ctx, `lndp-train-${task}.json`, JSON.stringify(json, null, 1) + "\n");
      return {
        figures: {
          task,
          generations: (result.curveMax as number[]).length,
          bestFitness: result.bestFitness,
          bestReevaluated: aBest.fitnessMean,
          meanReevaluated: aMean ? aMean.fitnessMean : null,
          improvementMean: aBest.improvementMean,
        },
        steps: (result.curveMax as number[]).length,
        text: md.split("\n"),
      };
    },
    (e) => new InvalidConfig({ field: "report", message: String(e) }),
  );

const benchCommand = (ctx: CommandContext): Effect.Effect<CommandOutput, NeuroplasticError> =>
  tryFlags(
    (): CommandOutput => {
      const minMs = intFlag(ctx.flags, "min-ms", 10, 600_000) ?? 2000;
      const popsize = intFlag(ctx.flags, "popsize", 1, 4096) ?? 32;
      const rows = runBench({ minMs, popsize, workers: [1, 2] });
      const header = `Measured in one run on ${navigator.hardwareConcurrency} logical cores ` +
        `(Deno ${Deno.version.deno}, ${Deno.build.os}/${Deno.build.arch}); ≥ ${minMs} ms per row. ` +
        "Float64 throughout. Absolute rates vary with machine load; compare the ratios.";
      write(ctx, "lndp-bench.md", benchMarkdown(rows, header));
      write(ctx, "lndp-bench.json", JSON.stringify({ header, rows }, null, 1) + "\n");
      const figures: { [k: string]: Json } = {};
      for (const r of rows) figures[r.name] = r.value;
      return { figures, steps: rows.length, text: benchMarkdown(rows, header).split("\n") };
    },
    (e) => new InvalidConfig({ field: "bench", message: String(e) }),
  );

/**
 * CLI/HTTP descriptor of the LNDP engine.
 *
 * @example
 * ```ts
 * import { cli } from "@neuroplastic/engines/lndp";
 * console.log(Object.keys(cli.commands)); // ["train", "evolve", "lifetime", "report", "bench"]
 * ```
 */
export const cli: EngineCli = {
  name: "lndp",
  version: "0.1.0",
  description:
    "Lifelong Neural Developmental Programs (Plantec et al. 2024): evolve self-organising plastic networks",
  commands: {
    train: {
      kind: "custom",
      description:
        "evolve LNDP genomes with per-generation progress, checkpoints, resume and a wall-clock budget",
      usage:
        "np lndp train --task cartpole --generations G --popsize P --workers W --seed S [--strategy cma|openai] " +
        "[--sigma-init 1] [--checkpoint-every 10] [--max-minutes M] [--out dir] | np lndp train --resume <dir>",
      run: trainCommand,
    },
    evolve: {
      kind: "process",
      description:
        "the training process for the generic driver, HTTP and sweeps (one step = one generation)",
      process: trainProcess,
    },
    lifetime: {
      kind: "custom",
      description:
        "run a genome for lifetimes: per-episode returns, edge counts, weight histograms",
      usage:
        "np lndp lifetime (--run <dir> | --genome <file.json>) [--which best|mean] [--lifetimes 20] [--task T] [--out dir]",
      run: lifetimeCommand,
    },
    report: {
      kind: "custom",
      description:
        "learning curve + lifetime analysis of a training run, as lndp-train-<task>.{md,json}",
      usage: "np lndp report --run <dir> [--lifetimes 20] [--threshold 475] --out docs/results",
      run: reportCommand,
    },
    bench: {
      kind: "custom",
      description:
        "speed table: network steps/s (batched vs naive), population env steps/s on 1 and 2 workers",
      usage: "np lndp bench [--min-ms 2000] [--popsize 32] --out docs/results",
      run: benchCommand,
    },
  },
};
