/**
 * The Hebbian RNN engine as seen by the CLI, the HTTP handler and the sweeps: one train command
 * per mode plus the forward check and the two studies, the engine's reporter and its showcase.
 *
 * - `mode-a-train` (process, one step = one epoch), `mode-a-forward` (function);
 * - `mode-b-train` (process, one step = one Adam step), `mode-b-study` (process, one step = one
 *   Adam step of the current run);
 * - `pattern-miconi-train` (process, one step = one Adam step), `pattern-miconi` (process, the
 *   Miconi et al. 2018 pattern-completion study, one step = one Adam step of the current run);
 * - `mode-c-train` (process, one step = one trial), `mode-c-study` (process, one step = one
 *   trial of the current seed).
 *
 * @module
 */
import type { EngineCli } from "@neuroplastic/core/sim";
import { modeAForwardCommand, modeATrainCommand } from "./mode_a/process.ts";
import { modeBStudyCommand, modeBTrainCommand } from "./mode_b/process.ts";
import { miconiStudyCommand, miconiTrainCommand } from "./mode_b/miconi_process.ts";
import { modeCStudyCommand, modeCTrainCommand } from "./mode_c/process.ts";
import { hebbianRnnReporter } from "./report.ts";
import { hebbianRnnShowcase } from "./showcase.ts";

/**
 * CLI/HTTP descriptor of the Hebbian RNN engine (register in app/registry.ts).
 *
 * @example
 * ```ts
 * import { cli } from "@neuroplastic/engines/hebbian-rnn";
 * console.log(Object.keys(cli.commands).slice(0, 2)); // ["mode-a-train", "mode-a-forward"]
 * ```
 */
export const cli: EngineCli = {
  name: "hebbian-rnn",
  version: "0.2.0",
  description:
    "Hebbian RNN with neuromodulation: the reference model (Ria-Chaudhry/Hebbian-RNN-Model-), " +
    "backpropamine (Miconi et al. 2018/2019) and reward-modulated Hebbian learning (Miconi 2017)",
  commands: {
    "mode-a-train": modeATrainCommand,
    "mode-a-forward": modeAForwardCommand,
    "mode-b-train": modeBTrainCommand,
    "mode-b-study": modeBStudyCommand,
    "pattern-miconi-train": miconiTrainCommand,
    "pattern-miconi": miconiStudyCommand,
    "mode-c-train": modeCTrainCommand,
    "mode-c-study": modeCStudyCommand,
  },
  reporter: hebbianRnnReporter,
  showcase: hebbianRnnShowcase,
};
