/**
 * Types of @neuroplastic/core that appear in the engines' public signatures. Every engine entry
 * point re-exports this module (`export type * from "../core_types.ts"`) so that its
 * documentation links them (`deno doc --lint` private-type-ref).
 *
 * @module
 */
export type { Key } from "@neuroplastic/core/random";
export type {
  CommandInfo,
  CommandOutput,
  EngineCli,
  EngineCommand,
  FieldDoc,
  FieldDocs,
  FunctionCommand,
  FunctionInput,
  Json,
  Process,
  ProcessCommand,
  RunEnv,
  StepUnit,
} from "@neuroplastic/core/sim";
export type {
  EngineReporter,
  ReportSection,
  ReportTable,
  RunDir,
  Showcase,
  ShowcaseResult,
} from "@neuroplastic/core/chart";
export type * from "@neuroplastic/core/errors";
export type { GpuKernel } from "@neuroplastic/gpu";
