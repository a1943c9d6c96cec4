/**
 * Mode B's commands: `mode-b-train` (one network, one step = one Adam step) and `mode-b-study`
 * (plastic variants vs the plain RNN over several seeds, one step = one Adam step of the current
 * run; the table and curves are written into `--out`).
 *
 * @module
 */
import type { Json, Process, ProcessCommand } from "@neuroplastic/core/sim";
import type { ModeBConfig, ModeBStudyConfig } from "./config.ts";
import {
  ModeBConfigSchema,
  modeBDefaults,
  modeBDocs,
  ModeBStudyConfigSchema,
  modeBStudyDefaults,
  modeBStudyDocs,
} from "./config.ts";
import {
  initModeBStudy,
  modeBStudyFiles,
  modeBStudyLength,
  modeBStudyRows,
  type ModeBStudyState,
  runModeBStudy,
} from "./study.ts";
import { trainerProcess } from "../trainer_process.ts";
import { initModeBTrain, type ModeBTrainState, modeBTrainSummary, runModeBTrain } from "./train.ts";

/**
 * The Mode B trainer as a Process (`np hebbian-rnn mode-b-train --task cue-reward`): one step =
 * one Adam step on a fresh batch of episodes.
 *
 * @example
 * ```ts
 * import { modeBTrainProcess } from "@neuroplastic/engines/hebbian-rnn";
 * console.log(modeBTrainProcess.defaultSteps); // 2000
 * ```
 */
export const modeBTrainProcess: Process<ModeBConfig, ModeBTrainState> = trainerProcess({
  params: { config: ModeBConfigSchema, defaults: modeBDefaults, docs: modeBDocs },
  unit: "step",
  defaultSteps: 2000,
  init: initModeBTrain,
  run: runModeBTrain,
  summary: modeBTrainSummary,
  lastLoss: (s) => (s.step > 0 ? s.losses[s.step - 1] : undefined),
  records: { accuracy: (s) => s.evalAccuracy[s.evalAccuracy.length - 1] },
});

/**
 * The Mode B study as a Process: its length is fixed by the config (runs × steps per run), each
 * run is seeded by its own seed from `seeds` (so `--seed` does not apply), and the final state
 * gives `hebbian-rnn-mode-b.{md,json,svg}`.
 *
 * @example
 * ```ts
 * import { modeBStudyDefaults, modeBStudyProcess } from "@neuroplastic/engines/hebbian-rnn";
 * console.log(modeBStudyProcess.length!(modeBStudyDefaults)); // 24000
 * ```
 */
export const modeBStudyProcess: Process<ModeBStudyConfig, ModeBStudyState> = {
  config: ModeBStudyConfigSchema,
  defaults: modeBStudyDefaults,
  docs: modeBStudyDocs,
  unit: "step",
  defaultSteps: modeBStudyLength(modeBStudyDefaults),
  length: modeBStudyLength,
  seeded: false,
  init: () => initModeBStudy(),
  step: (s, c) => runModeBStudy(s, c, 1),
  run: runModeBStudy,
  summary: (s) => ({
    runs: s.runs.length,
    rows: modeBStudyRows(s.runs).map((r) => ({
      task: r.task,
      variant: r.variant,
      params: r.params,
      accuracyMean: Math.round(r.accuracy.mean * 1e4) / 1e4,
      solved: r.solved,
    })) as unknown as Json,
  }),
  files: (s, c) => modeBStudyFiles(s.runs, c),
  finite: (s): { [field: string]: Float64Array } => (s.current ? { params: s.current.params } : {}),
};

/**
 * `mode-b-train`: one network on one task (resumable, one step = one Adam step).
 *
 * @example
 * ```ts
 * import { modeBTrainCommand } from "@neuroplastic/engines/hebbian-rnn";
 * console.log(modeBTrainCommand.kind); // "process"
 * ```
 */
export const modeBTrainCommand: ProcessCommand = {
  kind: "process",
  description:
    "mode B: differentiable plasticity / backpropamine trained by BPTT on one task, one step = one Adam step",
  process: modeBTrainProcess,
  quick: { steps: "60", seed: "1", task: "cue-reward" },
  // an empty HTTP request: 200 Adam steps (about a second), not the CLI's 2000
  httpSteps: 200,
};

/**
 * `mode-b-study`: the plastic variants against the same-size plain RNN over several seeds
 * (writes `hebbian-rnn-mode-b.{md,json,svg}` into `--out`).
 *
 * @example
 * ```ts
 * import { modeBStudyCommand } from "@neuroplastic/engines/hebbian-rnn";
 * console.log(modeBStudyCommand.kind); // "process"
 * ```
 */
export const modeBStudyCommand: ProcessCommand = {
  kind: "process",
  description:
    "mode B study: plastic variants vs the same-size plain RNN over seeds; table + curves into --out",
  http: false,
  process: modeBStudyProcess,
  quick: {
    tasks: "cue-reward",
    variants: "simple,none",
    seeds: "0,1",
    "steps-per-run": "20",
    "train.eval-every": "10",
  },
};
