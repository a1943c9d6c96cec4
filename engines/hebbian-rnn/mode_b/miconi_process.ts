/**
 * The commands of the Miconi et al. 2018 pattern-completion experiment: `pattern-miconi-train`
 * (one network, one step = one Adam step) and `pattern-miconi` (the study: plastic vs
 * non-plastic over seeds and setups; its table and curves are written into `--out`).
 *
 * @module
 */
import type { Json, Process, ProcessCommand } from "@neuroplastic/core/sim";
import {
  type MiconiConfig,
  MiconiConfigSchema,
  miconiDefaults,
  miconiDocs,
  type MiconiStudyConfig,
  MiconiStudyConfigSchema,
  miconiStudyDefaults,
  miconiStudyDocs,
} from "./miconi_config.ts";
import {
  initMiconiStudy,
  miconiStudyFiles,
  miconiStudyLength,
  type MiconiStudyState,
  runMiconiStudy,
} from "./miconi_study.ts";
import {
  initMiconiTrain,
  type MiconiTrainState,
  miconiTrainSummary,
  runMiconiTrain,
} from "./miconi_train.ts";
import { trainerProcess } from "../trainer_process.ts";

/**
 * `pattern-miconi-train` as a Process: one step = one Adam step on fresh episodes.
 *
 * @example
 * ```ts
 * import { miconiTrainProcess } from "@neuroplastic/engines/hebbian-rnn";
 * console.log(miconiTrainProcess.defaultSteps); // 30000
 * ```
 */
export const miconiTrainProcess: Process<MiconiConfig, MiconiTrainState> = trainerProcess({
  params: { config: MiconiConfigSchema, defaults: miconiDefaults, docs: miconiDocs },
  unit: "step",
  defaultSteps: 30_000,
  init: initMiconiTrain,
  run: runMiconiTrain,
  summary: miconiTrainSummary,
  lastLoss: (s) => (s.step > 0 ? s.losses[s.step - 1] : undefined),
  records: { error: (s) => (s.step > 0 ? s.errors[s.step - 1] : NaN) },
});

/**
 * The study as a Process: its length is fixed by the config, each run is seeded by its own seed
 * (so `--seed` does not apply), and the final state gives
 * `hebbian-rnn-pattern-miconi.{md,json,svg}`.
 *
 * @example
 * ```ts
 * import { miconiStudyDefaults, miconiStudyProcess } from "@neuroplastic/engines/hebbian-rnn";
 * console.log(miconiStudyProcess.length!(miconiStudyDefaults)); // 540200
 * ```
 */
export const miconiStudyProcess: Process<MiconiStudyConfig, MiconiStudyState> = {
  config: MiconiStudyConfigSchema,
  defaults: miconiStudyDefaults,
  docs: miconiStudyDocs,
  unit: "step",
  defaultSteps: miconiStudyLength(miconiStudyDefaults),
  length: miconiStudyLength,
  seeded: false,
  init: () => initMiconiStudy(),
  step: (s, c) => runMiconiStudy(s, c, 1),
  run: runMiconiStudy,
  summary: (s) => ({
    runs: s.runs.map((r) => ({
      setup: r.setup,
      type: r.type,
      seed: r.seed,
      iterations: r.iterations,
      finalError: r.finalError,
      finalErrorZeroed: r.finalErrorZeroed,
      testErrorZeroed: r.testErrorZeroed,
    })) as unknown as Json,
  }),
  files: (s, c) => miconiStudyFiles(s.runs, c),
  finite: (s): { [field: string]: Float64Array } => (s.current ? { params: s.current.params } : {}),
};

/**
 * `pattern-miconi-train`: the plastic (or non-plastic) network of Miconi et al. 2018 on the
 * binary pattern-completion task (defaults: the paper's 50-bit comparison).
 *
 * @example
 * ```ts
 * import { miconiTrainCommand } from "@neuroplastic/engines/hebbian-rnn";
 * console.log(miconiTrainCommand.kind); // "process"
 * ```
 */
export const miconiTrainCommand: ProcessCommand = {
  kind: "process",
  description:
    "Miconi et al. 2018 binary pattern completion: one neuron per bit, w + α ⊙ Hebb, learned η; one step = one Adam step",
  process: miconiTrainProcess,
  quick: { steps: "40", seed: "1", "pattern-size": "10" },
  // an empty HTTP request: 500 Adam steps (under a second unloaded), not the CLI's 30000
  httpSteps: 500,
};

/**
 * `pattern-miconi`: plastic vs non-plastic over seeds on the paper's setups and the harder
 * variant (writes `hebbian-rnn-pattern-miconi.{md,json,svg}` into `--out`).
 *
 * @example
 * ```ts
 * import { miconiStudyCommand } from "@neuroplastic/engines/hebbian-rnn";
 * console.log(miconiStudyCommand.kind); // "process"
 * ```
 */
export const miconiStudyCommand: ProcessCommand = {
  kind: "process",
  description:
    "Miconi et al. 2018 pattern completion: plastic vs non-plastic over seeds (50-bit, 24-neuron, 1000-bit); table + curves into --out",
  http: false,
  process: miconiStudyProcess,
  quick: {
    seeds: "0,1",
    "paper50.iterations": "20",
    "paper50.window": "5",
    "paper50.test-episodes": "5",
    "harder.iterations": "20",
    "harder.window": "5",
    "harder.test-episodes": "5",
    "paper1000.iterations": "0",
  },
};
