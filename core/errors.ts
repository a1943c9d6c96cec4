/**
 * Tagged errors shared by every layer of neuroplastic.
 *
 * Every failure a user can provoke is one of these, never a thrown string.
 * They are `Data.TaggedError`s, so they work with `Effect.catchTag`.
 *
 * @module
 */
import { type Cause, Data } from "effect";

/**
 * effect's `Cause.YieldableError` (an `Error` that can be `yield*`ed in `Effect.gen`).
 *
 * Local alias because `deno doc --lint` reports every reference to an npm package's type as a
 * private type (denoland/deno#27364); the type itself is documented by effect.
 *
 * @internal
 */
type YieldableError = Cause.YieldableError;

/**
 * Constructor type of a `Data.TaggedError` base class, written out so the public API has no
 * inferred ("slow") types: `new (fields)` gives a yieldable error with `_tag` and the fields.
 *
 * @example
 * ```ts
 * import { Data } from "effect";
 * import type { TaggedErrorBase } from "@neuroplastic/core/errors";
 * const TimeoutBase: TaggedErrorBase<"Timeout", { readonly ms: number }> = Data.TaggedError(
 *   "Timeout",
 * )<{ readonly ms: number }>;
 * class Timeout extends TimeoutBase {}
 * console.log(new Timeout({ ms: 5 })._tag); // "Timeout"
 * ```
 */
export type TaggedErrorBase<Tag extends string, F> = new (
  args: F,
) => YieldableError & { readonly _tag: Tag } & Readonly<F>;

/** Fields of {@link InvalidConfig}. */
export interface InvalidConfigFields {
  /** Dotted path of the offending field, e.g. `"plasticity.eta_stdp"`. */
  readonly field: string;
  /** Human-readable explanation. */
  readonly message: string;
  /** The allowed range or type, when known. */
  readonly allowed?: string;
}

/**
 * Base class of {@link InvalidConfig}: `Data.TaggedError("InvalidConfig")`, explicitly typed for JSR. Use
 * {@link InvalidConfig} itself; the base is exported only so that the public class names no private type.
 *
 * @example
 * ```ts
 * import { InvalidConfig, InvalidConfigBase } from "@neuroplastic/core/errors";
 * console.log(new InvalidConfig({ field: "ne", message: "must be ≥ 1" }) instanceof InvalidConfigBase); // true
 * ```
 */
export const InvalidConfigBase: TaggedErrorBase<"InvalidConfig", InvalidConfigFields> = Data
  .TaggedError(
    "InvalidConfig",
  )<InvalidConfigFields>;

/**
 * A configuration or input value is out of its allowed range or of the wrong type.
 *
 * @example
 * ```ts
 * import { InvalidConfig } from "@neuroplastic/core/errors";
 * const e = new InvalidConfig({ field: "ne", message: "must be a positive integer", allowed: "integer ≥ 1" });
 * console.log(e.field); // "ne"
 * ```
 */
export class InvalidConfig extends InvalidConfigBase {}

/** Fields of {@link ShapeMismatch}. */
export interface ShapeMismatchFields {
  /** The operation or argument whose shape is wrong, e.g. `"matmul"`. */
  readonly what: string;
  /** The shape that was required. */
  readonly expected: readonly number[];
  /** The shape that was given. */
  readonly actual: readonly number[];
}

/**
 * Base class of {@link ShapeMismatch}: `Data.TaggedError("ShapeMismatch")`, explicitly typed for JSR. Use
 * {@link ShapeMismatch} itself; the base is exported only so that the public class names no private type.
 *
 * @example
 * ```ts
 * import { ShapeMismatch, ShapeMismatchBase } from "@neuroplastic/core/errors";
 * console.log(new ShapeMismatch({ what: "matvec", expected: [3], actual: [4] }) instanceof ShapeMismatchBase); // true
 * ```
 */
export const ShapeMismatchBase: TaggedErrorBase<"ShapeMismatch", ShapeMismatchFields> = Data
  .TaggedError(
    "ShapeMismatch",
  )<ShapeMismatchFields>;

/**
 * Two arrays or tensors do not have compatible shapes.
 *
 * @example
 * ```ts
 * import { ShapeMismatch } from "@neuroplastic/core/errors";
 * const e = new ShapeMismatch({ what: "matmul", expected: [2, 3], actual: [4, 3] });
 * console.log(e.what);
 * ```
 */
export class ShapeMismatch extends ShapeMismatchBase {
  /** A readable message naming both shapes. */
  override get message(): string {
    return `${this.what}: expected shape [${this.expected}], got [${this.actual}]`;
  }
}

/** Fields of {@link NumericalDivergence}. */
export interface NumericalDivergenceFields {
  /** Index of the first step whose state is not finite. */
  readonly step: number;
  /** Name of the first non-finite field. */
  readonly field: string;
}

/**
 * Base class of {@link NumericalDivergence}: `Data.TaggedError("NumericalDivergence")`, explicitly typed for JSR. Use
 * {@link NumericalDivergence} itself; the base is exported only so that the public class names no private type.
 *
 * @example
 * ```ts
 * import { NumericalDivergence, NumericalDivergenceBase } from "@neuroplastic/core/errors";
 * console.log(new NumericalDivergence({ step: 3, field: "x" }) instanceof NumericalDivergenceBase); // true
 * ```
 */
export const NumericalDivergenceBase: TaggedErrorBase<
  "NumericalDivergence",
  NumericalDivergenceFields
> = Data.TaggedError(
  "NumericalDivergence",
)<NumericalDivergenceFields>;

/**
 * A simulation or training run produced NaN or ±Infinity.
 *
 * @example
 * ```ts
 * import { NumericalDivergence } from "@neuroplastic/core/errors";
 * const e = new NumericalDivergence({ step: 12, field: "weights" });
 * console.log(e.step);
 * ```
 */
export class NumericalDivergence extends NumericalDivergenceBase {
  /** A readable message naming the step and field. */
  override get message(): string {
    return `numerical divergence at step ${this.step} (field ${this.field} is not finite)`;
  }
}

/** Fields of {@link CheckpointCorrupt}. */
export interface CheckpointCorruptFields {
  /** Path (or key) of the checkpoint that failed to load. */
  readonly path: string;
  /** What is wrong with it (truncated, checksum mismatch, unknown version, ...). */
  readonly reason: string;
}

/**
 * Base class of {@link CheckpointCorrupt}: `Data.TaggedError("CheckpointCorrupt")`, explicitly typed for JSR. Use
 * {@link CheckpointCorrupt} itself; the base is exported only so that the public class names no private type.
 *
 * @example
 * ```ts
 * import { CheckpointCorrupt, CheckpointCorruptBase } from "@neuroplastic/core/errors";
 * console.log(new CheckpointCorrupt({ path: "a.bin", reason: "truncated" }) instanceof CheckpointCorruptBase); // true
 * ```
 */
export const CheckpointCorruptBase: TaggedErrorBase<"CheckpointCorrupt", CheckpointCorruptFields> =
  Data
    .TaggedError(
      "CheckpointCorrupt",
    )<CheckpointCorruptFields>;

/**
 * A checkpoint file is truncated, altered or of an unknown format.
 *
 * @example
 * ```ts
 * import { CheckpointCorrupt } from "@neuroplastic/core/errors";
 * const e = new CheckpointCorrupt({ path: "run/ckpt.bin", reason: "checksum mismatch" });
 * console.log(e.reason);
 * ```
 */
export class CheckpointCorrupt extends CheckpointCorruptBase {
  /** A readable message naming the file and the reason. */
  override get message(): string {
    return `checkpoint ${this.path} is corrupt: ${this.reason}`;
  }
}

/** Fields of {@link GpuUnavailable}. */
export interface GpuUnavailableFields {
  /** Why no adapter or device could be obtained. */
  readonly reason: string;
}

/**
 * Base class of {@link GpuUnavailable}: `Data.TaggedError("GpuUnavailable")`, explicitly typed for JSR. Use
 * {@link GpuUnavailable} itself; the base is exported only so that the public class names no private type.
 *
 * @example
 * ```ts
 * import { GpuUnavailable, GpuUnavailableBase } from "@neuroplastic/core/errors";
 * console.log(new GpuUnavailable({ reason: "no adapter" }) instanceof GpuUnavailableBase); // true
 * ```
 */
export const GpuUnavailableBase: TaggedErrorBase<"GpuUnavailable", GpuUnavailableFields> = Data
  .TaggedError(
    "GpuUnavailable",
  )<GpuUnavailableFields>;

/**
 * No WebGPU adapter could be obtained.
 *
 * @example
 * ```ts
 * import { GpuUnavailable } from "@neuroplastic/core/errors";
 * const e = new GpuUnavailable({ reason: "navigator.gpu is undefined" });
 * console.log(e.reason);
 * ```
 */
export class GpuUnavailable extends GpuUnavailableBase {
  /** A readable message. */
  override get message(): string {
    return `no WebGPU adapter: ${this.reason}`;
  }
}

/** Fields of {@link UsageError}. */
export interface UsageErrorFields {
  /** The flag or argument at fault (without dashes), or `"(command)"`. */
  readonly flag: string;
  /** One line saying what is wrong and what is allowed. */
  readonly message: string;
}

/**
 * Base class of {@link UsageError}: `Data.TaggedError("UsageError")`, explicitly typed for JSR. Use
 * {@link UsageError} itself; the base is exported only so that the public class names no private type.
 *
 * @example
 * ```ts
 * import { UsageError, UsageErrorBase } from "@neuroplastic/core/errors";
 * console.log(new UsageError({ flag: "x", message: "unknown flag --x" }) instanceof UsageErrorBase); // true
 * ```
 */
export const UsageErrorBase: TaggedErrorBase<"UsageError", UsageErrorFields> = Data.TaggedError(
  "UsageError",
)<UsageErrorFields>;

/**
 * A command line or request that does not fit the command's spec: an unknown flag, a flag that does
 * not apply, a missing argument.
 *
 * @example
 * ```ts
 * import { UsageError } from "@neuroplastic/core/errors";
 * const e = new UsageError({ flag: "seqlen", message: "unknown flag --seqlen (did you mean --seq-len?)" });
 * console.log(e.flag);
 * ```
 */
export class UsageError extends UsageErrorBase {}

/** Fields of {@link FileError}. */
export interface FileErrorFields {
  /** The file or folder that could not be read or written. */
  readonly path: string;
  /** What went wrong, in one line (the operating system's reason). */
  readonly reason: string;
}

/**
 * Base class of {@link FileError}: `Data.TaggedError("FileError")`, explicitly typed for JSR. Use
 * {@link FileError} itself; the base is exported only so that the public class names no private type.
 *
 * @example
 * ```ts
 * import { FileError, FileErrorBase } from "@neuroplastic/core/errors";
 * console.log(new FileError({ path: "/x", reason: "denied" }) instanceof FileErrorBase); // true
 * ```
 */
export const FileErrorBase: TaggedErrorBase<"FileError", FileErrorFields> = Data.TaggedError(
  "FileError",
)<FileErrorFields>;

/**
 * A file or folder could not be read or written.
 *
 * @example
 * ```ts
 * import { FileError } from "@neuroplastic/core/errors";
 * const e = new FileError({ path: "/proc/nope", reason: "permission denied" });
 * console.log(e.message); // "/proc/nope: permission denied"
 * ```
 */
export class FileError extends FileErrorBase {
  /** A one-line message naming the path. */
  override get message(): string {
    return `${this.path}: ${this.reason}`;
  }
}

/** Any error of the library. */
export type NeuroplasticError =
  | InvalidConfig
  | ShapeMismatch
  | NumericalDivergence
  | CheckpointCorrupt
  | GpuUnavailable
  | UsageError
  | FileError;
