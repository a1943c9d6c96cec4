/**
 * Mode C's commands: `mode-c-train` (one learner, one step = one trial) and `mode-c-study`
 * (several seeds, one step = one trial of the current seed; the table and curves are written
 * into `--out`). Nothing here reaches gradient code (`mode_c_test.ts` checks the module graph).
 *
 * @module
 */
import type { Json, Process, ProcessCommand } from "@neuroplastic/core/sim";
import {
  checkModeCConfig,
  type ModeCConfig,
  ModeCConfigSchema,
  modeCDefaults,
  modeCDocs,
  type ModeCStudyConfig,
  ModeCStudyConfigSchema,
  modeCStudyDefaults,
  modeCStudyDocs,
} from "./config.ts";
import { initModeC, type ModeCState, modeCSummary, modeCTrial, runModeC } from "./model.ts";
import {
  initModeCStudy,
  modeCStudyFiles,
  modeCStudyLength,
  type ModeCStudyState,
  runModeCStudy,
} from "./study.ts";

/**
 * The Mode C learner as a {@link Process} (`np hebbian-rnn mode-c-train --trials 3000`): one
 * step = one trial.
 *
 * @example
 * ```ts
 * import { modeCTrainProcess } from "@neuroplastic/engines/hebbian-rnn";
 * console.log(modeCTrainProcess.defaultSteps, modeCTrainProcess.unit); // 3000 "trial"
 * ```
 */
export const modeCTrainProcess: Process<ModeCConfig, ModeCState> = {
  config: ModeCConfigSchema,
  defaults: modeCDefaults,
  docs: modeCDocs,
  unit: "trial",
  defaultSteps: 3000,
  init: initModeC,
  step: modeCTrial,
  run: (s, c, n) => runModeC(s, c, n),
  summary: modeCSummary,
  records: {
    meanErr: (s) => (s.trial > 0 ? s.errs[s.trial - 1] : NaN),
    wrong: (s) => (s.trial > 0 ? s.wrong[s.trial - 1] : NaN),
  },
  finite: (s) => ({ J: s.J, errTrace: s.errTrace }),
  limits: checkModeCConfig,
};

/**
 * The Mode C study as a Process: its length is fixed by the config (seeds × trials per seed),
 * each seed runs from its own key (so `--seed` does not apply), and the final state gives
 * `hebbian-rnn-mode-c.{md,json,svg}`.
 *
 * @example
 * ```ts
 * import { modeCStudyDefaults, modeCStudyProcess } from "@neuroplastic/engines/hebbian-rnn";
 * console.log(modeCStudyProcess.length!(modeCStudyDefaults)); // 15000
 * ```
 */
export const modeCStudyProcess: Process<ModeCStudyConfig, ModeCStudyState> = {
  config: ModeCStudyConfigSchema,
  defaults: modeCStudyDefaults,
  docs: modeCStudyDocs,
  unit: "trial",
  defaultSteps: modeCStudyLength(modeCStudyDefaults),
  length: modeCStudyLength,
  seeded: false,
  init: () => initModeCStudy(),
  step: (s, c) => runModeCStudy(s, c, 1),
  run: runModeCStudy,
  summary: (s) => ({ runs: s.runs as unknown as Json }),
  files: (s, c) => modeCStudyFiles(s.runs, c),
  finite: (s): { [field: string]: Float64Array } =>
    s.current ? { J: s.current.J, errTrace: s.current.errTrace } : {},
  limits: (c) => checkModeCConfig(c.net),
};

/**
 * `mode-c-train`: Miconi 2017 node-perturbation learning of delayed non-match-to-sample
 * (resumable, one step = one trial).
 *
 * @example
 * ```ts
 * import { modeCTrainCommand } from "@neuroplastic/engines/hebbian-rnn";
 * console.log(modeCTrainCommand.kind); // "process"
 * ```
 */
export const modeCTrainCommand: ProcessCommand = {
  kind: "process",
  description:
    "mode C: reward-modulated Hebbian learning without backprop (Miconi 2017) on DNMS, one step = one trial",
  process: modeCTrainProcess,
  quick: { trials: "15", seed: "1" },
  // an empty HTTP request: 30 trials (a couple of seconds), not the CLI's 3000
  httpSteps: 30,
};

/**
 * `mode-c-study`: several seeds of the Mode C learner, tested frozen after learning (writes
 * `hebbian-rnn-mode-c.{md,json,svg}` into `--out`).
 *
 * @example
 * ```ts
 * import { modeCStudyCommand } from "@neuroplastic/engines/hebbian-rnn";
 * console.log(modeCStudyCommand.kind); // "process"
 * ```
 */
export const modeCStudyCommand: ProcessCommand = {
  kind: "process",
  description:
    "mode C study: several seeds of DNMS learning, frozen test; table + curves into --out",
  http: false,
  process: modeCStudyProcess,
  quick: { seeds: "0,1", "trials-per-seed": "6", "test-trials": "2" },
};
