/**
 * Hebbian RNN with neuromodulation, in three modes:
 * - **Mode A** — the reference model of `Ria-Chaudhry/Hebbian-RNN-Model-` (`sc.py`), exactly:
 *   `h_t = tanh(W_ih x_t + b_ih + W_hh h_{t−1} + b_hh + Hebb_{t−1} h_{t−1})`,
 *   `Hebb_t = (1 − η) Hebb_{t−1} + η m_t h_{t−1} h_tᵀ`, trained by BPTT + Adam on its
 *   (unlearnable) random-bit task, with the PyTorch generator emulated draw for draw.
 * - **Mode B** — differentiable plasticity and backpropamine (Miconi et al. 2018, 2019):
 *   per-synapse α, network-generated neuromodulation (simple and retroactive), clipped trace,
 *   hand-written BPTT through the plastic updates; one-shot pattern completion and cue–reward
 *   association against a plain RNN with the same parameter count.
 * - **Mode C** — reward-modulated Hebbian learning without backprop (Miconi 2017): node
 *   perturbation, supralinear eligibility, running-average reward prediction, clipped ΔJ, on
 *   delayed non-match-to-sample.
 *
 * @example
 * ```ts
 * import { initModeATrain, modeADefaults, runModeATrain } from "@neuroplastic/engines/hebbian-rnn";
 * import { key } from "@neuroplastic/core/random";
 * const s = runModeATrain(initModeATrain(modeADefaults, key(42)), modeADefaults, 1);
 * console.log(s.losses[0].toFixed(2)); // "1.83"
 * ```
 *
 * @module
 */
export * from "./config.ts";
export * from "./params.ts";
export * from "./state.ts";
export * from "./step.ts";
export * from "./run.ts";
export * from "./torch_rng.ts";
export * from "./optimizer.ts";
export * from "./bptt.ts";
export * from "./bptt_lowrank.ts";
export * from "./mode_a_train.ts";
export * from "./mode_a_forward.ts";
export * from "./mode_b_model.ts";
export * from "./mode_b_bptt.ts";
export * from "./mode_b_tasks.ts";
export * from "./mode_b_train.ts";
export * from "./mode_b_study.ts";
export * from "./mode_c_config.ts";
export * from "./mode_c.ts";
export * from "./mode_c_study.ts";
export { curveBand, type CurvePanel, curvePanelsSvg, type CurveSeries } from "@neuroplastic/core/chart";
export { configFromFlags, trainCommand, type TrainCommandOptions } from "./train_command.ts";
export { cli } from "./cli.ts";
// Types named in the public signatures above, re-exported so the docs can link them.
export type * from "../core_types.ts";
