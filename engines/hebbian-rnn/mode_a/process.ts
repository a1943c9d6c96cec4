/**
 * Mode A's commands: `mode-a-train` (the reference `sc.py` training loop as a resumable
 * process, one step = one epoch) and `mode-a-forward` (every step of the forward pass of given
 * weights on given inputs, for comparison with the reference).
 *
 * @module
 */
import { Effect } from "effect";
import { InvalidConfig, type NeuroplasticError } from "@neuroplastic/core/errors";
import {
  type CommandOutput,
  type FunctionCommand,
  type Json,
  type Process,
  type ProcessCommand,
  readJsonFile,
} from "@neuroplastic/core/sim";
import type { ModeAConfig, ModeAForwardConfig } from "./config.ts";
import {
  checkModeAConfig,
  ModeAConfigSchema,
  modeADefaults,
  modeADocs,
  ModeAForwardConfigSchema,
  modeAForwardDefaults,
  modeAForwardDocs,
} from "./config.ts";
import { modeAForward, parseModeAForward } from "./forward.ts";
import { trainerProcess } from "../trainer_process.ts";
import { initModeATrain, type ModeATrainState, modeATrainSummary, runModeATrain } from "./train.ts";

/**
 * The Mode A trainer as a Process (`np hebbian-rnn mode-a-train --epochs 300 --seed 42`): one
 * step = one epoch (one batch of random-bit sequences, BPTT, one Adam step).
 *
 * @example
 * ```ts
 * import { modeATrainProcess } from "@neuroplastic/engines/hebbian-rnn";
 * console.log(modeATrainProcess.defaultSteps, modeATrainProcess.unit); // 300 "epoch"
 * ```
 */
export const modeATrainProcess: Process<ModeAConfig, ModeATrainState> = trainerProcess({
  params: { config: ModeAConfigSchema, defaults: modeADefaults, docs: modeADocs },
  unit: "epoch",
  defaultSteps: 300,
  init: initModeATrain,
  run: runModeATrain,
  summary: modeATrainSummary,
  lastLoss: (s) => s.losses.at(-1),
  limits: checkModeAConfig,
});

/**
 * Runs `mode-a-forward`: reads the request named by `params` (a {@link FileError} when it cannot
 * be read, an {@link InvalidConfig} naming the bad field when it is malformed) and returns
 * `{ h, hebb, y }` as figures and as `forward.json`.
 *
 * @example
 * ```ts
 * import { Effect } from "effect";
 * import { modeAForwardRun } from "@neuroplastic/engines/hebbian-rnn";
 * const e = Effect.runSync(Effect.flip(modeAForwardRun({ params: "/nonexistent.json", eta: null })));
 * console.log(e._tag); // "FileError"
 * ```
 */
export const modeAForwardRun = (
  config: ModeAForwardConfig,
): Effect.Effect<CommandOutput, NeuroplasticError> =>
  Effect.gen(function* () {
    const json = yield* readJsonFile(config.params, "params");
    const req = yield* Effect.try({
      try: () => parseModeAForward(json, config.eta ?? undefined),
      catch: (e) =>
        e instanceof InvalidConfig ? e : new InvalidConfig({
          field: "params",
          message: `params: ${String((e as Error)?.message ?? e)}`,
          allowed: "a JSON file { weights, x, m?, eta? }",
        }),
    });
    const out = modeAForward(req);
    const figures = { h: out.h, hebb: out.hebb, y: out.y } as unknown as { [k: string]: Json };
    return {
      figures,
      count: { unit: "step", n: req.seqLen },
      files: { "forward.json": JSON.stringify(figures) + "\n" },
      text: [
        `forward: batch ${req.batch}, ${req.seqLen} steps, hidden ${req.shape.hidden}, η ${req.eta}`,
      ],
    };
  });

/**
 * `mode-a-train`: the reference training loop, resumable (one step = one epoch).
 *
 * @example
 * ```ts
 * import { modeATrainCommand } from "@neuroplastic/engines/hebbian-rnn";
 * console.log(modeATrainCommand.kind); // "process"
 * ```
 */
export const modeATrainCommand: ProcessCommand = {
  kind: "process",
  description:
    "mode A: the reference sc.py training loop (BPTT + Adam through the Hebbian trace), one step = one epoch",
  process: modeATrainProcess,
  quick: { epochs: "300", seed: "42" },
};

/**
 * `mode-a-forward --params f.json`: every step (`h`, `hebb`, `y`) of the forward pass of given
 * PyTorch-layout weights on given inputs.
 *
 * @example
 * ```ts
 * import { modeAForwardCommand } from "@neuroplastic/engines/hebbian-rnn";
 * console.log(modeAForwardCommand.kind, modeAForwardCommand.seeded); // "function" false
 * ```
 */
export const modeAForwardCommand: FunctionCommand<ModeAForwardConfig> = {
  kind: "function",
  description:
    "mode A: every step (h, trace, y) of the forward pass of given weights on given inputs (--params f.json)",
  config: ModeAForwardConfigSchema,
  defaults: modeAForwardDefaults,
  docs: modeAForwardDocs,
  seeded: false,
  http: false,
  run: ({ config }) => modeAForwardRun(config),
  quick: { params: "engines/hebbian-rnn/mode_a/testdata/forward.json" },
};
