/**
 * One table from error to exit code and HTTP status, used by every front end.
 *
 * | error | meaning | exit code | HTTP status |
 * | --- | --- | ---: | ---: |
 * | `UsageError` | unknown flag, flag that does not apply, bad command line | 2 | 400 |
 * | `InvalidConfig` | a value out of its range or of the wrong type | 2 | 422 |
 * | `ShapeMismatch` | arrays of incompatible shapes given as input | 2 | 422 |
 * | `NumericalDivergence` | NaN or ±Infinity in the state (the last good checkpoint is kept) | 3 | 422 |
 * | `CheckpointCorrupt` | a damaged or unknown checkpoint file | 4 | 422 |
 * | `FileError` | a file or folder that cannot be read or written | 5 | 500 |
 * | `GpuUnavailable` | `--backend gpu` where no WebGPU adapter exists | 6 | 503 |
 * | anything else | a defect in neuroplastic (please report it) | 1 | 500 |
 *
 * @module
 */
import type { NeuroplasticError } from "../errors.ts";

/** Exit code and HTTP status of one error kind. */
export interface ErrorCodes {
  /** Process exit code of the CLI. */
  readonly exit: number;
  /** HTTP status of the handler. */
  readonly http: number;
}

/**
 * The table: error tag → exit code and HTTP status.
 *
 * @example
 * ```ts
 * import { ERROR_CODES } from "@neuroplastic/core/sim";
 * console.log(ERROR_CODES.InvalidConfig); // { exit: 2, http: 422 }
 * ```
 */
export const ERROR_CODES: { readonly [tag in NeuroplasticError["_tag"]]: ErrorCodes } = {
  UsageError: { exit: 2, http: 400 },
  InvalidConfig: { exit: 2, http: 422 },
  ShapeMismatch: { exit: 2, http: 422 },
  NumericalDivergence: { exit: 3, http: 422 },
  CheckpointCorrupt: { exit: 4, http: 422 },
  FileError: { exit: 5, http: 500 },
  GpuUnavailable: { exit: 6, http: 503 },
};

/** Exit code and HTTP status of a defect (anything that is not a library error). */
export const DEFECT_CODES: ErrorCodes = { exit: 1, http: 500 };

/**
 * The codes of any failure: a library error by its tag, anything else as a defect.
 *
 * @example
 * ```ts
 * import { InvalidConfig } from "@neuroplastic/core/errors";
 * import { codesOf } from "@neuroplastic/core/sim";
 * console.log(codesOf(new InvalidConfig({ field: "ne", message: "ne: too big" })).exit); // 2
 * console.log(codesOf(new Error("bug")).exit); // 1
 * ```
 */
export const codesOf = (e: unknown): ErrorCodes => {
  const tag = e && typeof e === "object" && "_tag" in e ? (e as { _tag: string })._tag : "";
  return Object.hasOwn(ERROR_CODES, tag)
    ? ERROR_CODES[tag as NeuroplasticError["_tag"]]
    : DEFECT_CODES;
};

/**
 * The library errors' tags, for exhaustiveness checks.
 *
 * @example
 * ```ts
 * import { isLibraryError } from "@neuroplastic/core/sim";
 * console.log(isLibraryError(new Error("x"))); // false
 * ```
 */
export const isLibraryError = (e: unknown): e is NeuroplasticError =>
  !!e && typeof e === "object" && "_tag" in e &&
  Object.hasOwn(ERROR_CODES, (e as { _tag: string })._tag);
