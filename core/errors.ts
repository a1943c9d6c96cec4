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
 * Constructor type of a `Data.TaggedError` base class, written out so the public API has no
 * inferred ("slow") types.
 */
type TaggedErrorBase<Tag extends string, F> = new (
  args: F,
) => Cause.YieldableError & { readonly _tag: Tag } & Readonly<F>;

/** Fields of {@link InvalidConfig}. */
export interface InvalidConfigFields {
  /** Dotted path of the offending field, e.g. `"plasticity.eta_stdp"`. */
  readonly field: string;
  /** Human-readable explanation. */
  readonly message: string;
  /** The allowed range or type, when known. */
  readonly allowed?: string;
}

const InvalidConfigBase: TaggedErrorBase<"InvalidConfig", InvalidConfigFields> = Data.TaggedError(
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
  readonly what: string;
  readonly expected: readonly number[];
  readonly actual: readonly number[];
}

const ShapeMismatchBase: TaggedErrorBase<"ShapeMismatch", ShapeMismatchFields> = Data.TaggedError(
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

const NumericalDivergenceBase: TaggedErrorBase<"NumericalDivergence", NumericalDivergenceFields> =
  Data.TaggedError(
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
  readonly path: string;
  readonly reason: string;
}

const CheckpointCorruptBase: TaggedErrorBase<"CheckpointCorrupt", CheckpointCorruptFields> = Data
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
  readonly reason: string;
}

const GpuUnavailableBase: TaggedErrorBase<"GpuUnavailable", GpuUnavailableFields> = Data
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

/** Any error of the library. */
export type NeuroplasticError =
  | InvalidConfig
  | ShapeMismatch
  | NumericalDivergence
  | CheckpointCorrupt
  | GpuUnavailable;
