/**
 * `np lndp train`: evolutionary training with a progress line per generation (generation,
 * best-so-far / generation max / mean fitness, evaluations/s), checkpoints every K generations,
 * resume, an optional wall-clock budget, and the run files:
 * `config.json`, `run.json` (a driver manifest, so `np lndp resume <dir>` works too),
 * `checkpoint.bin`, `curve.json` (per generation: max, mean, env steps, wall time),
 * `best-genome.json` and `mean-genome.json`.
 *
 * ```
 * np lndp train --task cartpole --generations 200 --popsize 256 --workers 2 --seed 1 \
 *   [--strategy cma|openai] [--sigma-init 1] [--checkpoint-every 5] [--max-minutes 60] [--out dir]
 * np lndp train --resume <dir> [--generations G] [--max-minutes M]
 * ```
 *
 * @module
 */
import type { Effect } from "effect";
import { InvalidConfig, type NeuroplasticError } from "@neuroplastic/core/errors";
import { key } from "@neuroplastic/core/random";
import {
  type CommandContext,
  type CommandOutput,
  configField,
  decodeConfigSync,
  flagValue,
  FRONT_END_FLAGS,
  intFlag,
  type Json,
  tryFlags,
} from "@neuroplastic/core/sim";
import {
  readCheckpointSync,
  writeCheckpointSync,
  writeFileAtomicSync,
} from "@neuroplastic/core/checkpoint";
import {
  DEFAULT_TRAIN,
  initTrain,
  stepTrain,
  type TrainConfig,
  trainConfigProblem,
  TrainConfigSchema,
  trainProcess,
  type TrainState,
} from "./train.ts";

/** Flags the train command reads itself (never config fields). */
const OWN_FLAGS = new Set([
  ...FRONT_END_FLAGS,
  "generations",
  "resume",
  "max-minutes",
  "record",
  "stride",
]);

const readJson = (path: string, field: string): unknown => {
  try {
    return JSON.parse(Deno.readTextFileSync(path));
  } catch (e) {
    throw new InvalidConfig({
      field,
      message: `${field}: cannot read ${path}: ${(e as Error).message}`,
    });
  }
};

/**
 * The training config from flags over the defaults (and `--config file.json`): every flag that
 * is not a command flag must name a {@link TrainConfig} field (kebab- or camelCase).
 *
 * @example
 * ```ts ignore
 * trainConfigFromFlags({ task: "acrobot", popsize: "64" }); // { ...DEFAULT_TRAIN, task: "acrobot", popsize: 64 }
 * ```
 */
export function trainConfigFromFlags(
  flags: { readonly [name: string]: string | boolean },
): TrainConfig {
  const fields = Object.keys(DEFAULT_TRAIN);
  let input: Record<string, unknown> = { ...DEFAULT_TRAIN };
  if (typeof flags.config === "string") {
    input = { ...input, ...(readJson(flags.config, "config") as Record<string, unknown>) };
  }
  for (const [name, v] of Object.entries(flags)) {
    if (OWN_FLAGS.has(name)) continue;
    const field = configField(name, fields);
    if (field === undefined) {
      throw new InvalidConfig({
        field: name,
        message: `unknown flag --${name} for lndp train; config fields: ${fields.join(", ")}`,
        allowed: fields.join(", "),
      });
    }
    input[field] = flagValue(v);
  }
  const config = decodeConfigSync(TrainConfigSchema, input);
  const bad = trainConfigProblem(config);
  if (bad) throw bad;
  return config;
}

/** Per-generation wall-clock record (not part of the deterministic state). */
interface Timing {
  /** Seconds the generation took. */
  readonly seconds: number[];
}

const enc = new TextEncoder();
const writeJson = (path: string, value: unknown): void =>
  writeFileAtomicSync(path, enc.encode(JSON.stringify(value) + "\n"));

/** The curve file: deterministic columns from the state plus the measured wall times. */
const curveJson = (s: TrainState, c: TrainConfig, t: Timing): { [k: string]: Json } => {
  const seconds = t.seconds.slice(0, s.generation);
  let acc = 0;
  return {
    task: c.task,
    strategy: c.strategy,
    popsize: c.popsize,
    workers: c.workers,
    generation: s.curveMax.map((_, g) => g + 1),
    max: s.curveMax,
    mean: s.curveMean,
    envSteps: s.curveSteps,
    seconds,
    elapsedSeconds: seconds.map((x) => (acc += x)),
    evalsPerSecond: seconds.map((x) => (x > 0 ? c.popsize / x : 0)),
  };
};

const genomeJson = (
  c: TrainConfig,
  genome: Float64Array,
  extra: { [k: string]: Json },
): { [k: string]: Json } => ({
  config: c as unknown as Json,
  ...extra,
  genome: Array.from(genome),
});

const fmt = (x: number): string => (Number.isFinite(x) ? x.toFixed(1) : String(x));

/**
 * Runs (or resumes) a training run; see the module doc for the flags and files.
 *
 * @example
 * ```ts ignore
 * import { Effect } from "effect";
 * const out = await Effect.runPromise(trainCommand(ctx));
 * ```
 */
export const trainCommand = (
  ctx: CommandContext,
): Effect.Effect<CommandOutput, NeuroplasticError> =>
  tryFlags(
    (): CommandOutput => {
      const resumeDir = typeof ctx.flags.resume === "string" ? ctx.flags.resume : undefined;
      let config: TrainConfig, seed: number, state: TrainState, generations: number;
      let every: number;
      let outDir = ctx.outDir;
      const timing: Timing = { seconds: [] };
      const genFlag = intFlag(ctx.flags, "generations", 0, 1e9) ?? ctx.steps;
      if (resumeDir) {
        const manifest = readJson(`${resumeDir}/run.json`, "resume") as {
          seed: number;
          steps: number;
          config: unknown;
          checkpointEvery: number;
        };
        config = decodeConfigSync(TrainConfigSchema, manifest.config);
        seed = manifest.seed;
        generations = genFlag ?? manifest.steps;
        every = intFlag(ctx.flags, "checkpoint-every", 1, 1e9) ?? (manifest.checkpointEvery || 10);
        outDir = resumeDir;
        let ckpt;
        try {
          ckpt = readCheckpointSync(`${resumeDir}/checkpoint.bin`);
        } catch (_e) {
          ckpt = undefined;
        }
        state = ckpt ? ckpt.state as TrainState : initTrain(config, key(seed));
        try {
          const old = JSON.parse(Deno.readTextFileSync(`${resumeDir}/curve.json`));
          if (Array.isArray(old.seconds)) {
            timing.seconds.push(...old.seconds.slice(0, state.generation));
          }
        } catch { /* no curve yet */ }
      } else {
        config = trainConfigFromFlags(ctx.flags);
        seed = ctx.seed;
        generations = genFlag ?? trainProcess.defaultSteps;
        every = intFlag(ctx.flags, "checkpoint-every", 1, 1e9) ?? 10;
        state = initTrain(config, key(seed));
      }
      const maxMinutes = ctx.flags["max-minutes"] === undefined
        ? Infinity
        : Number(ctx.flags["max-minutes"]);
      if (!(maxMinutes > 0)) {
        throw new InvalidConfig({
          field: "max-minutes",
          message: `--max-minutes: must be a number > 0, got ${ctx.flags["max-minutes"]}`,
          allowed: "> 0",
        });
      }
      const save = (s: TrainState): void => {
        if (!outDir) return;
        writeCheckpointSync(`${outDir}/checkpoint.bin`, {
          step: s.generation,
          meta: { engine: "lndp", command: "evolve", seed },
          state: s,
        });
        writeJson(`${outDir}/curve.json`, curveJson(s, config, timing));
        writeJson(
          `${outDir}/best-genome.json`,
          genomeJson(config, s.bestGenome, {
            fitness: s.bestFitness,
            generation: s.bestGeneration,
          }),
        );
        const mean = trainProcess.summary(s, config).meanGenome;
        if (Array.isArray(mean)) {
          writeJson(
            `${outDir}/mean-genome.json`,
            genomeJson(config, Float64Array.from(mean as number[]), { generation: s.generation }),
          );
        }
      };
      if (outDir) {
        Deno.mkdirSync(outDir, { recursive: true });
        const manifest = {
          engine: "lndp",
          command: "evolve",
          seed,
          steps: generations,
          config,
          checkpointEvery: every,
          records: [],
          stride: 1,
        };
        writeJson(`${outDir}/run.json`, manifest);
        writeJson(`${outDir}/config.json`, config);
      }
      const t0 = performance.now();
      const from = state.generation;
      let stoppedEarly = false;
      while (state.generation < generations) {
        const g0 = performance.now();
        state = stepTrain(state, config);
        const dt = (performance.now() - g0) / 1000;
        timing.seconds[state.generation - 1] = dt;
        const g = state.generation;
        const steps = state.curveSteps[g - 1];
        ctx.progress(
          g,
          generations,
          `lndp train gen ${g}: best ${fmt(state.bestFitness)} max ${
            fmt(state.curveMax[g - 1])
          } mean ${fmt(state.curveMean[g - 1])}, ${(config.popsize / dt).toFixed(1)} evals/s, ${
            Math.round(steps / dt)
          } env steps/s;`,
        );
        if (outDir && every > 0 && g % every === 0) save(state);
        if ((performance.now() - t0) / 60000 >= maxMinutes && state.generation < generations) {
          stoppedEarly = true;
          break;
        }
      }
      save(state);
      const summary = trainProcess.summary(state, config);
      const { bestGenome: _b, meanGenome: _m, ...figures } = summary;
      const elapsed = (performance.now() - t0) / 1000;
      const ran = state.generation - from;
      return {
        figures: {
          ...figures,
          seed,
          generationsRequested: generations,
          stoppedByTimeLimit: stoppedEarly,
          secondsThisSession: Math.round(elapsed * 10) / 10,
          evalsPerSecond: elapsed > 0 ? Math.round((ran * config.popsize / elapsed) * 10) / 10 : 0,
        },
        steps: state.generation,
        state,
        text: [
          `lndp train ${config.task} (${config.strategy}, popsize ${config.popsize}): ${state.generation} generations, best ${
            fmt(state.bestFitness)
          }, last max ${fmt(state.curveMax.at(-1) ?? NaN)} mean ${
            fmt(state.curveMean.at(-1) ?? NaN)
          }${outDir ? `; files in ${outDir}` : ""}`,
        ],
      };
    },
    (e) => new InvalidConfig({ field: "train", message: String(e) }),
  );
