/**
 * Tagged errors shared by every layer of neuroplastic.
 *
 * Every failure a user can provoke is one of these, never a thrown string.
 * They are `Data.TaggedError`s, so they work with `Effect.catchTag`.
 *
 * @module
 */
import { Data } from "effect";

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
export class InvalidConfig extends Data.TaggedError("InvalidConfig")<{
  /** Dotted path of the offending field, e.g. `"plasticity.eta_stdp"`. */
  readonly field: string;
  /** Human-readable explanation. */
  readonly message: string;
  /** The allowed range or type, when known. */
  readonly allowed?: string;
}> {}

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
export class ShapeMismatch extends Data.TaggedError("ShapeMismatch")<{
  readonly what: string;
  readonly expected: readonly number[];
  readonly actual: readonly number[];
}> {
  /** A readable message naming both shapes. */
  override get message(): string {
    return `${this.what}: expected shape [${this.expected}], got [${this.actual}]`;
  }
}

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
export class NumericalDivergence extends Data.TaggedError("NumericalDivergence")<{
  /** Index of the first step whose state is not finite. */
  readonly step: number;
  /** Name of the first non-finite field. */
  readonly field: string;
}> {
  /** A readable message naming the step and field. */
  override get message(): string {
    return `numerical divergence at step ${this.step} (field ${this.field} is not finite)`;
  }
}

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
export class CheckpointCorrupt extends Data.TaggedError("CheckpointCorrupt")<{
  readonly path: string;
  readonly reason: string;
}> {
  /** A readable message naming the file and the reason. */
  override get message(): string {
    return `checkpoint ${this.path} is corrupt: ${this.reason}`;
  }
}

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
export class GpuUnavailable extends Data.TaggedError("GpuUnavailable")<{
  readonly reason: string;
}> {
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
