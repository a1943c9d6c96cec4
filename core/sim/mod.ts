/**
 * The Effect composition layer: engine/command contracts, config decoding,
 * stepping engines as Streams, recorders, progress and NaN guards, command-line flag parsing.
 *
 * @module
 */
export type {
  CommandContext,
  CommandOutput,
  EngineCli,
  EngineCommand,
  Json,
  Process,
} from "./command.ts";
export {
  decodeConfig,
  decodeConfigSync,
  inRange,
  intInRange,
  mergeConfig,
  NonNegative,
  parseErrorToInvalidConfig,
  Positive,
  Probability,
} from "./schema.ts";
export {
  advance,
  firstNonFinite,
  recordSink,
  runProcess,
  simulate,
  type SimulateOptions,
  type StepEvent,
} from "./runner.ts";
export {
  badFlag,
  configField,
  enumFlag,
  enumListFlag,
  type Flags,
  flagValue,
  FRONT_END_FLAGS,
  intFlag,
  intListFlag,
  numberFlag,
  tryFlags,
} from "./flags.ts";
export { formatProgress, type ProgressReporter, progressReporter } from "./progress.ts";
