/**
 * Mode A inference state: the hidden activity and the Hebbian trace of every sequence in a
 * batch. The trace is state (it changes during inference), the weights are not.
 *
 * @module
 */
import type { ModeAShape } from "./params.ts";

/** Hidden state `h` (B×H) and Hebbian trace `hebb` (B×H×H, `hebb[b][i][j]`, i = h_{t−1} index). */
export interface ModeAState {
  /** Batch size B. */
  readonly batch: number;
  /** Hidden size H. */
  readonly hidden: number;
  /** Number of steps taken since reset. */
  readonly t: number;
  /** Hidden state h, B×H. */
  readonly h: Float64Array;
  /** Hebbian trace, B×H×H. */
  readonly hebb: Float64Array;
}

/**
 * The reference's start of a sequence: `h = 0`, `hebb = 0` (`sc.py`, `forward`).
 *
 * @example
 * ```ts
 * import { initModeAState } from "@neuroplastic/engines/hebbian-rnn";
 * const s = initModeAState({ input: 1, hidden: 4, output: 1 }, 2);
 * console.log(s.hebb.length); // 32
 * ```
 */
export const initState = (shape: ModeAShape, batch: number): ModeAState => ({
  batch,
  hidden: shape.hidden,
  t: 0,
  h: new Float64Array(batch * shape.hidden),
  hebb: new Float64Array(batch * shape.hidden * shape.hidden),
});

/**
 * A deep copy of a state.
 *
 * @example
 * ```ts
 * import { cloneModeAState, initModeAState } from "@neuroplastic/engines/hebbian-rnn";
 * const a = initModeAState({ input: 1, hidden: 2, output: 1 }, 1);
 * console.log(cloneModeAState(a).h !== a.h); // true
 * ```
 */
export const cloneState = (s: ModeAState): ModeAState => ({
  batch: s.batch,
  hidden: s.hidden,
  t: s.t,
  h: s.h.slice(),
  hebb: s.hebb.slice(),
});
