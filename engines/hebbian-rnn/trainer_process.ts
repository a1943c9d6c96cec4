/**
 * The shape Mode A and Mode B trainers share as processes: a state holding flat parameters and a
 * loss curve, advanced by a transient `run`; one step is `run(s, c, 1)`, the last loss is a
 * record, and the parameters and the last loss are what the NaN guard watches.
 *
 * @module
 */
import type { InvalidConfig } from "@neuroplastic/core/errors";
import type { Key } from "@neuroplastic/core/random";
import type { FieldDocs, Json, Process, StepUnit } from "@neuroplastic/core/sim";

/** What a gradient trainer declares; {@link trainerProcess} makes the Process. */
export interface TrainerSpec<C, S extends { readonly params: Float64Array }> {
  /** Schema, defaults and docs of the config. */
  readonly params: {
    readonly config: Process<C, S>["config"];
    readonly defaults: C;
    readonly docs: FieldDocs;
  };
  /** What one step is. */
  readonly unit: StepUnit;
  /** Default length. */
  readonly defaultSteps: number;
  /** Initial state. */
  readonly init: (config: C, key: Key) => S;
  /** `n` steps on one copy of the state. */
  readonly run: (state: S, config: C, n: number) => S;
  /** Figures of the final state. */
  readonly summary: (state: S, config: C) => { [key: string]: Json };
  /** The last loss, or undefined before the first step. */
  readonly lastLoss: (state: S) => number | undefined;
  /** Further records. */
  readonly records?: { readonly [name: string]: (state: S) => number | ArrayLike<number> };
  /** Extra config checks. */
  readonly limits?: (config: C) => InvalidConfig | undefined;
}

/**
 * A trainer as a {@link Process}: `step` is `run(s, c, 1)`, `loss` is recorded, and the NaN guard
 * watches the parameters and the last loss.
 *
 * @example
 * ```ts
 * import { modeATrainProcess } from "@neuroplastic/engines/hebbian-rnn";
 * console.log(modeATrainProcess.records!.loss !== undefined); // true
 * ```
 */
export const trainerProcess = <C, S extends { readonly params: Float64Array }>(
  t: TrainerSpec<C, S>,
): Process<C, S> => ({
  ...t.params,
  unit: t.unit,
  defaultSteps: t.defaultSteps,
  init: t.init,
  step: (s, c) => t.run(s, c, 1),
  run: t.run,
  summary: t.summary,
  records: { loss: (s) => t.lastLoss(s) ?? NaN, ...t.records },
  finite: (s) => ({ params: s.params, loss: t.lastLoss(s) ?? 0 }),
  ...(t.limits ? { limits: t.limits } : {}),
});
