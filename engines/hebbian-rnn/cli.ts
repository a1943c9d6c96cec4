/**
 * The Hebbian RNN engine's commands (`np hebbian-rnn <command> [sub] ...`):
 * - `mode-a train [--epochs 300] [--seed 42] [--json] [--out dir]`: the reference `sc.py`
 *   training loop (first loss ≈ 1.83, plateau ≈ 0.2465);
 * - `mode-a forward --params f.json [--eta 0.1] --json`: every step of the forward pass of given
 *   weights on given inputs (`{ h, hebb, y }`), for comparison with the reference to 1e-6;
 * - `mode-b train [--task pattern|cue-reward] [--plasticity simple|retroactive|hebbian|none]
 *   [--epochs 2000]`: differentiable plasticity / backpropamine by BPTT;
 * - `mode-b study [--seeds 5] [--epochs 800] [--tasks pattern,cue-reward]
 *   [--variants simple,retroactive,none] [--cache dir] [--out docs/results]`;
 * - `mode-c train [--trials 3000]`: Miconi 2017 node-perturbation learning of DNMS;
 * - `mode-c study [--seeds 3] [--trials 4000] [--cache dir] [--out docs/results]`;
 * - `mode-a-train`, `mode-b-train`, `mode-c-train` (processes): the same trainers driven by the
 *   generic runner, so `np hebbian-rnn resume <dir>` continues any `train --out dir` run.
 *
 * @module
 */
import { Effect } from "effect";
import type { InvalidConfig, NeuroplasticError } from "@neuroplastic/core/errors";
import {
  type CommandContext,
  type CommandOutput,
  type EngineCli,
  enumListFlag,
  intFlag,
  type Json,
  type Process,
  tryFlags,
} from "@neuroplastic/core/sim";
import { checkModeAConfig, modeADefaults } from "./config.ts";
import { modeAForward, parseModeAForward } from "./mode_a_forward.ts";
import { modeATrainProcess } from "./mode_a_train.ts";
import type { ModeBPlasticity } from "./mode_b_model.ts";
import { modeBStudy, modeBStudyFiles } from "./mode_b_study.ts";
import type { ModeBTaskName } from "./mode_b_tasks.ts";
import { modeBDefaults, modeBTaskPreset, modeBTrainProcess } from "./mode_b_train.ts";
import { modeCProcess } from "./mode_c.ts";
import { modeCDefaults } from "./mode_c_config.ts";
import { type ModeCRun, modeCStudyFiles, modeCStudyRun } from "./mode_c_study.ts";
import { bad, configFromFlags, trainCommand } from "./train_command.ts";

const sync = <A>(f: () => A): Effect.Effect<A, InvalidConfig> =>
  tryFlags(f, (e) => bad("(input)", String((e as Error)?.message ?? e), "valid input"));

const sub = (ctx: CommandContext, mode: string, allowed: readonly string[]): string => {
  const s = ctx.positional[0];
  if (!s || !allowed.includes(s)) {
    throw bad(
      "command",
      `np hebbian-rnn ${mode} needs one of ${allowed.join(", ")}, got ${s ?? "nothing"}`,
      allowed.join(" | "),
    );
  }
  return s;
};

const stepsOf = (ctx: CommandContext, dflt: number, alias: string): number =>
  intFlag(ctx.flags, alias, 0, 1e9) ?? ctx.steps ?? dflt;

const writeFiles = (
  dir: string,
  files: { [name: string]: string },
): Effect.Effect<void, InvalidConfig> =>
  sync(() => {
    Deno.mkdirSync(dir, { recursive: true });
    for (const [name, text] of Object.entries(files)) {
      Deno.writeTextFileSync(`${dir}/${name}`, text);
    }
  });

const seedList = (ctx: CommandContext, dflt: number): number[] => {
  const n = intFlag(ctx.flags, "seeds", 1, 1000) ?? dflt;
  return Array.from({ length: n }, (_, k) => ctx.seed + k);
};

const cmdLine = (ctx: CommandContext, mode: string): string =>
  [
    `deno task np hebbian-rnn ${mode}`,
    ...ctx.positional,
    ...Object.entries(ctx.flags).map(([k, v]) => (v === true ? `--${k}` : `--${k} ${v}`)),
  ].join(" ");

/**
 * The `train` sub-command of a mode: steps from `--<alias>` (or `--steps`, else `dflt`), the
 * config from `base` ← `--config` ← config-field flags, run by {@link trainCommand}; `text`
 * gives the one-line result.
 */
const trainMode = <C, S>(
  ctx: CommandContext,
  process: Process<C, S>,
  resumeCommand: string,
  base: unknown,
  o: {
    readonly alias: "epochs" | "trials";
    readonly dflt: number;
    readonly text: (f: CommandOutput["figures"]) => string;
  },
): Effect.Effect<CommandOutput, NeuroplasticError> =>
  Effect.gen(function* () {
    const steps = yield* sync(() => stepsOf(ctx, o.dflt, o.alias));
    const config = yield* sync(() => configFromFlags(base, ctx.flags));
    const out = yield* trainCommand(process, ctx, {
      engine: "hebbian-rnn",
      resumeCommand,
      config,
      steps,
    });
    return { ...out, text: [o.text(out.figures)] };
  });

const modeA = (ctx: CommandContext): Effect.Effect<CommandOutput, NeuroplasticError> =>
  Effect.gen(function* () {
    const what = yield* sync(() => sub(ctx, "mode-a", ["train", "forward"]));
    if (what === "forward") {
      const path = ctx.flags.params;
      if (typeof path !== "string") {
        return yield* Effect.fail(bad("params", "--params f.json is required", "a JSON file"));
      }
      const eta = ctx.flags.eta === undefined ? undefined : Number(ctx.flags.eta);
      const req = yield* sync(() => {
        let text: string;
        try {
          text = Deno.readTextFileSync(path);
        } catch (e) {
          throw bad("params", `cannot read ${path}: ${(e as Error).message}`, "a JSON file");
        }
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch (e) {
          throw bad("params", `${path} is not JSON: ${(e as Error).message}`, "a JSON file");
        }
        return parseModeAForward(json, eta);
      });
      const out = modeAForward(req);
      return {
        figures: { h: out.h, hebb: out.hebb, y: out.y } as unknown as { [k: string]: Json },
        steps: req.seqLen,
        text: [`forward: batch ${req.batch}, ${req.seqLen} steps, hidden ${req.shape.hidden}`],
      };
    }
    return yield* trainMode(ctx, modeATrainProcess, "mode-a-train", modeADefaults, {
      alias: "epochs",
      dflt: 300,
      text: (f) =>
        `mode A (reference sc.py): first loss ${
          Number(f.firstLoss).toFixed(4)
        }, mean of the last 50 epochs ${Number(f.meanLossLast50).toFixed(4)}, test loss (m = 1) ${
          Number(f.testLoss).toFixed(4)
        }; optimum ${f.optimalLoss} — the task is unlearnable`,
    });
  });

const modeB = (ctx: CommandContext): Effect.Effect<CommandOutput, NeuroplasticError> =>
  Effect.gen(function* () {
    const what = yield* sync(() => sub(ctx, "mode-b", ["train", "study"]));
    if (what === "train") {
      const task = ctx.flags.task;
      const base = task === "cue-reward" || task === "pattern"
        ? { ...modeBDefaults, ...modeBTaskPreset(task) }
        : modeBDefaults;
      return yield* trainMode(ctx, modeBTrainProcess, "mode-b-train", base, {
        alias: "epochs",
        dflt: modeBTrainProcess.defaultSteps,
        text: (f) =>
          `mode B ${f.task} ${f.plasticity} (${f.params} params): held-out accuracy ${
            (100 * Number(f.finalAccuracy)).toFixed(1)
          }% after ${f.steps} steps`,
      });
    }
    const o = yield* sync(() => ({
      tasks: enumListFlag<ModeBTaskName>(ctx.flags, "tasks", ["pattern", "cue-reward"]) ??
        ["pattern", "cue-reward"],
      variants: enumListFlag<ModeBPlasticity>(ctx.flags, "variants", [
        "none",
        "hebbian",
        "simple",
        "retroactive",
      ]) ?? ["simple", "retroactive", "none"],
      seeds: seedList(ctx, 5),
      steps: stepsOf(ctx, 800, "epochs"),
      cacheDir: typeof ctx.flags.cache === "string" ? ctx.flags.cache : undefined,
    }));
    const runs = modeBStudy(o, ctx.progress);
    const dir = ctx.outDir ?? "docs/results";
    const stem = "hebbian-rnn-mode-b";
    const files = modeBStudyFiles(runs, o.steps, stem, cmdLine(ctx, "mode-b"));
    yield* writeFiles(dir, files);
    const rows = JSON.parse(files[`${stem}.json`]).rows as Json;
    return {
      figures: { rows, files: `${dir}/${stem}.{md,json,svg}` },
      steps: o.steps * runs.length,
    };
  });

const modeC = (ctx: CommandContext): Effect.Effect<CommandOutput, NeuroplasticError> =>
  Effect.gen(function* () {
    const what = yield* sync(() => sub(ctx, "mode-c", ["train", "study"]));
    if (what === "train") {
      return yield* trainMode(ctx, modeCProcess, "mode-c-train", modeCDefaults, {
        alias: "trials",
        dflt: modeCProcess.defaultSteps,
        text: (f) =>
          `mode C (Miconi 2017, DNMS): error rate of the last ${f.window} trials ${f.finalErrorRate}; ` +
          `first window below 10% after ${f.firstTrialBelow10pct ?? "—"} trials`,
      });
    }
    const seeds = yield* sync(() => seedList(ctx, 3));
    const trials = yield* sync(() => stepsOf(ctx, 4000, "trials"));
    const cache = typeof ctx.flags.cache === "string" ? ctx.flags.cache : undefined;
    const runs: ModeCRun[] = [];
    for (const seed of seeds) {
      runs.push(
        modeCStudyRun(
          seed,
          trials,
          cache,
          modeCDefaults,
          (d, n) => ctx.progress(runs.length * n + d, seeds.length * n, `seed ${seed}`),
        ),
      );
    }
    const dir = ctx.outDir ?? "docs/results";
    const stem = "hebbian-rnn-mode-c";
    yield* writeFiles(dir, modeCStudyFiles(runs, stem, cmdLine(ctx, "mode-c")));
    return {
      figures: {
        runs: runs.map((r) => ({
          seed: r.seed,
          firstTrialBelow10pct: r.firstTrialBelow10pct,
          testErrorRate: r.testErrorRate,
        })),
        files: `${dir}/${stem}.{md,json,svg}`,
      },
      steps: trials * seeds.length,
    };
  });

/**
 * CLI/HTTP descriptor of the Hebbian RNN engine (register in app/registry.ts).
 *
 * @example
 * ```ts
 * import { cli } from "@neuroplastic/engines/hebbian-rnn";
 * console.log(Object.keys(cli.commands).slice(0, 3)); // ["mode-a", "mode-b", "mode-c"]
 * ```
 */
export const cli: EngineCli = {
  name: "hebbian-rnn",
  version: "0.1.0",
  description:
    "Hebbian RNN with neuromodulation: the reference model (Ria-Chaudhry/Hebbian-RNN-Model-), " +
    "backpropamine (Miconi et al. 2018/2019) and reward-modulated Hebbian learning (Miconi 2017)",
  commands: {
    "mode-a": {
      kind: "custom",
      description:
        "reference model: `train` (sc.py loop) or `forward --params f.json` (every step)",
      usage:
        "np hebbian-rnn mode-a train [--epochs 300] [--seed 42] [--eta 0.1] [--lr 0.01] [--modulation uniform|one] " +
        "[--checkpoint-every K] [--out dir] [--json] | np hebbian-rnn mode-a forward --params f.json [--eta 0.1] --json",
      run: modeA,
    },
    "mode-b": {
      kind: "custom",
      description:
        "differentiable plasticity / backpropamine: `train` one network or `study` (table + curves)",
      usage:
        "np hebbian-rnn mode-b train [--task pattern|cue-reward] [--plasticity simple|retroactive|hebbian|none] " +
        "[--epochs 2000] [--seed S] [--hidden 24] [--lr 0.003] [--out dir] [--json] | " +
        "np hebbian-rnn mode-b study [--seeds 5] [--epochs 800] [--tasks pattern,cue-reward] " +
        "[--variants simple,retroactive,none] [--cache dir] [--out docs/results]",
      run: modeB,
    },
    "mode-c": {
      kind: "custom",
      description:
        "reward-modulated Hebbian learning without backprop (Miconi 2017), DNMS: `train` or `study`",
      usage:
        "np hebbian-rnn mode-c train [--trials 3000] [--seed S] [--checkpoint-every K] [--out dir] [--json] | " +
        "np hebbian-rnn mode-c study [--seeds 3] [--trials 4000] [--cache dir] [--out docs/results]",
      run: modeC,
    },
    "mode-a-train": {
      kind: "process",
      description: "mode A training as a resumable process (one step = one epoch)",
      process: { ...modeATrainProcess, limits: checkModeAConfig },
    },
    "mode-b-train": {
      kind: "process",
      description: "mode B training as a resumable process (one step = one Adam step)",
      process: modeBTrainProcess,
    },
    "mode-c-train": {
      kind: "process",
      description: "mode C learning as a resumable process (one step = one trial)",
      process: modeCProcess,
    },
  },
};
