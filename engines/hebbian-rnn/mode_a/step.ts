/**
 * One step of the Mode A network with plasticity on (inference: the weights are fixed, the
 * Hebbian trace evolves). Composed from the `plasticity/` kernels.
 *
 * ```
 * h_t    = tanh(W_ih x_t + b_ih + W_hh h_{t−1} + b_hh + Hebb_{t−1} h_{t−1})
 * Hebb_t = (1 − η) Hebb_{t−1} + η m_t outer(h_{t−1}, h_t)
 * y_t    = W_ho h_t + b_ho
 * ```
 * (`sc.py`, `HebbianRNN.forward`: `plastic(h) = bmm(hebb, h[:, :, None])`,
 * `outer = bmm(h[:, :, None], h_new[:, None, :])`.)
 *
 * @module
 */
import { hebbianTraceUpdate, traceMatvecInto } from "../plasticity.ts";
import { modeALayout, type ModeAShape } from "./params.ts";
import { cloneState, type ModeAState } from "./state.ts";

/** A state after one step and the step's output `y` (B×O). */
export interface ModeAStepResult {
  /** State after the step. */
  readonly state: ModeAState;
  /** Output y of the step, B×O. */
  readonly y: Float64Array;
}

/**
 * Advances `state` by one step **in place** (the transient kernel behind {@link step} and
 * {@link run}): `x` is B×I (read from `xOffset` with per-sample stride `xStride`), `m` the
 * modulation per sample (or one number), `y` receives B×O, `scratch` needs 2H floats.
 *
 * @example
 * ```ts
 * import { advanceModeAInPlace, initModeAState, initModeAParams, torchGenerator } from "@neuroplastic/engines/hebbian-rnn";
 * const shape = { input: 1, hidden: 32, output: 1 };
 * const p = initModeAParams(shape, torchGenerator(0));
 * const s = initModeAState(shape, 1);
 * advanceModeAInPlace(p, shape, s, new Float64Array([1]), 1, 0.1, new Float64Array(1), new Float64Array(64));
 * ```
 */
export const advanceInPlace = (
  params: Float64Array,
  shape: ModeAShape,
  state: { h: Float64Array; hebb: Float64Array; t: number; batch: number },
  x: ArrayLike<number>,
  m: number | ArrayLike<number>,
  eta: number,
  y: Float64Array,
  scratch: Float64Array,
  xOffset = 0,
  xStride: number = shape.input,
  yOffset = 0,
  yStride: number = shape.output,
): void => {
  const { input: I, hidden: H, output: O } = shape;
  const L = modeALayout(shape);
  const a = scratch.subarray(0, H);
  const hOld = scratch.subarray(H, 2 * H);
  for (let b = 0; b < state.batch; b++) {
    const ho = b * H;
    const po = b * H * H;
    hOld.set(state.h.subarray(ho, ho + H));
    // W_hh h_{t−1} (h2h without bias), then + Hebb_{t−1} h_{t−1} (plastic(h))
    traceMatvecInto(a, params, hOld, H, H, false, L.wHh);
    traceMatvecInto(a, state.hebb, hOld, H, H, true, po);
    const xo = xOffset + b * xStride;
    for (let i = 0; i < H; i++) {
      let v = params[L.bIh + i];
      for (let k = 0; k < I; k++) v += params[L.wIh + i * I + k] * x[xo + k];
      // h_t = tanh(i2h(x_t) + h2h(h_{t−1}) + Hebb_{t−1} h_{t−1})
      state.h[ho + i] = Math.tanh(v + (a[i] + params[L.bHh + i]));
    }
    const mb = typeof m === "number" ? m : m[b];
    // Hebb_t = (1 − η) Hebb_{t−1} + η m_t outer(h_{t−1}, h_t)
    hebbianTraceUpdate(state.hebb, hOld, state.h, H, H, eta, mb, 0, ho, po);
    for (let o = 0; o < O; o++) {
      let v = params[L.bHo + o];
      for (let i = 0; i < H; i++) v += params[L.wHo + o * H + i] * state.h[ho + i];
      // y_t = W_ho h_t + b_ho
      y[yOffset + b * yStride + o] = v;
    }
  }
  state.t += 1;
};

/**
 * Pure single step: returns a new state and the output `y` (B×O); `state` is not modified.
 *
 * @param x B×I inputs at this step
 * @param m neuromodulation, one number for all or one per sample (1 at test, as the reference)
 * @example
 * ```ts
 * import { initModeAParams, initModeAState, stepModeA, torchGenerator } from "@neuroplastic/engines/hebbian-rnn";
 * const shape = { input: 1, hidden: 32, output: 1 };
 * const p = initModeAParams(shape, torchGenerator(42));
 * const { state, y } = stepModeA(p, shape, initModeAState(shape, 1), new Float64Array([1]), 1, 0.1);
 * console.log(state.t, y.length); // 1 1
 * ```
 */
export const step = (
  params: Float64Array,
  shape: ModeAShape,
  state: ModeAState,
  x: ArrayLike<number>,
  m: number | ArrayLike<number>,
  eta: number,
): ModeAStepResult => {
  const next = cloneState(state);
  const mutable = { ...next };
  const y = new Float64Array(state.batch * shape.output);
  advanceInPlace(params, shape, mutable, x, m, eta, y, new Float64Array(2 * shape.hidden));
  return { state: { ...next, t: mutable.t }, y };
};
