/**
 * Multi-step Mode A inference: copies the state once, advances it in place over a whole
 * sequence, and optionally records h, the Hebbian trace and y after every step.
 *
 * @module
 */
import type { ModeAShape } from "./params.ts";
import { cloneState, type ModeAState } from "./state.ts";
import { advanceInPlace } from "./step.ts";

/** Per-step records of {@link run}, row-major: h B×T×H, hebb B×T×H×H, y B×T×O. */
export interface ModeARunRecord {
  /** Hidden states, B×T×H. */
  readonly h: Float64Array;
  /** Traces after each step, B×T×H×H (undefined unless requested). */
  readonly hebb: Float64Array | undefined;
  /** Outputs, B×T×O. */
  readonly y: Float64Array;
}

/**
 * Runs `T` steps from `state` over inputs `xs` (B×T×I) with modulation `ms` (B×T, or one
 * number, default 1 = the reference's test setting). Pure at its boundary; equals `T` calls of
 * {@link step} bit for bit.
 *
 * @param recordHebb also record the trace after each step (B·T·H² floats)
 * @example
 * ```ts
 * import { initModeAParams, initModeAState, runModeA, torchGenerator } from "@neuroplastic/engines/hebbian-rnn";
 * const shape = { input: 1, hidden: 32, output: 1 };
 * const p = initModeAParams(shape, torchGenerator(42));
 * const { state, record } = runModeA(p, shape, initModeAState(shape, 1), new Float64Array(10).fill(1), 10, 0.1);
 * console.log(state.t, record.y.length); // 10 10
 * ```
 */
export const run = (
  params: Float64Array,
  shape: ModeAShape,
  state: ModeAState,
  xs: ArrayLike<number>,
  T: number,
  eta: number,
  ms: number | ArrayLike<number> = 1,
  recordHebb = false,
): { state: ModeAState; record: ModeARunRecord } => {
  const { input: I, hidden: H, output: O } = shape;
  const B = state.batch;
  const s = { ...cloneState(state) };
  const hRec = new Float64Array(B * T * H);
  const hebbRec = recordHebb ? new Float64Array(B * T * H * H) : undefined;
  const y = new Float64Array(B * T * O);
  const scratch = new Float64Array(2 * H);
  const mt = new Float64Array(B);
  for (let t = 0; t < T; t++) {
    const m = typeof ms === "number" ? ms : (() => {
      for (let b = 0; b < B; b++) mt[b] = ms[b * T + t];
      return mt;
    })();
    advanceInPlace(params, shape, s, xs, m, eta, y, scratch, t * I, T * I, t * O, T * O);
    for (let b = 0; b < B; b++) {
      hRec.set(s.h.subarray(b * H, (b + 1) * H), (b * T + t) * H);
      if (hebbRec) hebbRec.set(s.hebb.subarray(b * H * H, (b + 1) * H * H), (b * T + t) * H * H);
    }
  }
  return { state: s, record: { h: hRec, hebb: hebbRec, y } };
};
