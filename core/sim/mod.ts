/**
 * The Effect composition layer: engine/command contracts, config decoding,
 * stepping engines as Streams, recorders, progress and NaN guards, command-line flag parsing.
 *
 * @module
 */
export type {
  CommandOutput,
  EngineCli,
  EngineCommand,
  FunctionCommand,
  FunctionInput,
  Json,
  Process,
  ProcessCommand,
  RunEnv,
  StepUnit,
} from "./command.ts";
export {
  allowedText,
  closest,
  editDistance,
  type FieldDoc,
  type FieldDocs,
  flagOfPath,
  kebab,
  type ParamKind,
  type ParamSpec,
  paramSpecs,
  parseParam,
  setPath,
} from "./spec.ts";
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
  advanceChecked,
  firstNonFinite,
  recordSink,
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
export {
  commandDefaults,
  commandParams,
  decodeCommandConfig,
  decodeInvocation,
  errorReason,
  INTERFACE_FLAGS,
  type Invocation,
  type RawFlags,
  readJsonFile,
  RESUME_FLAGS,
  type RunFlag,
  runFlags,
  type RunOptions,
  unitPlural,
} from "./invocation.ts";
export {
  appendRecords,
  loadCheckpoint,
  prepareRunDir,
  readManifest,
  RUN_FILES,
  type RunManifest,
  saveCheckpoint,
  truncateRecords,
  writeFiles,
  writeJsonFile,
} from "./rundir.ts";
export {
  AUTO_CHECKPOINT_MIN_MS,
  invoke,
  type ProgressEvent,
  resume,
  type RunError,
  runInvocation,
  type RunIo,
  type RunResult,
} from "./orchestrator.ts";
export { codesOf, DEFECT_CODES, ERROR_CODES, type ErrorCodes, isLibraryError } from "./exit.ts";
export { commandHelp, engineHelp, listedCommands } from "./help.ts";
export { parseArgs, type ParsedArgs } from "./argv.ts";
