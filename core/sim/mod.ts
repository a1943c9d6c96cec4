/**
 * The Effect composition layer: the engine/command contract, parameter specs derived from config
 * schemas, the run orchestrator (flags, run folders, checkpoints, resume, budgets, NaN guard,
 * progress, results), the error table, generated help, and stepping engines as Streams.
 *
 * @module
 */
export { CANCELLED } from "./command.ts";
export type {
  CommandInfo,
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
  formatDuration,
  formatProgress,
  formatRate,
  pluralUnit,
  progressLine,
  type ProgressReporter,
  progressReporter,
  type ProgressView,
  progressWriter,
} from "./progress.ts";
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
  RUN_FLAG_NAMES,
  type RunFlag,
  runFlags,
  type RunOptions,
  unitPlural,
} from "./invocation.ts";
export {
  appendRecords,
  loadCheckpoint,
  loadRunState,
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
  type CheckpointStore,
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
