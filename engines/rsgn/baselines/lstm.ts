/**
 * The RSGN notebook's LSTM baseline (LSTMClassifier, `RSGN-colab.ipynb` cell 5; spec `rsgn.md`
 * §5): nn.LSTM(D_in, 128, num_layers=2, bidirectional, batch_first, dropout 0), then
 * Linear(256 → C) on concat(h_n[−2], h_n[−1]), the last layer's final forward and backward states.
 *
 * Cell (torch gate order i, f, g, o; rows of weight_ih / weight_hh):
 *   z = W_ih x_t + b_ih + W_hh h_{t−1} + b_hh ∈ ℝ^{4H}
 *   i = σ(z_i), f = σ(z_f), g = tanh(z_g), o = σ(z_o)
 *   c_t = f ⊙ c_{t−1} + i ⊙ g,  h_t = o ⊙ tanh(c_t),  h_0 = c_0 = 0.
 * Speed: the input projection of all T steps is one matmul [T·B, in] × [in, 4H]; each step is
 * one fused node (`lstm_cell.ts`: the [B, H] × [H, 4H] recurrent product, gates, cell and hidden
 * state on whole blocks, no per-element Vars).
 *
 * @module
 */
import {
  add,
  concat,
  linear,
  reshape,
  slice,
  transpose,
  type Var,
} from "@neuroplastic/core/autodiff";
import type { Key } from "@neuroplastic/core/random";
import type { Tensor } from "@neuroplastic/core/tensor";
import type { Tree } from "@neuroplastic/core/tree";
import { type BaselineTask, referenceBaselineConfig } from "./config.ts";
import type { ForwardOptions, Model } from "./model.ts";
import { lstmSequence, lstmStep } from "./lstm_cell.ts";
import { initParams, type ParamSpec, specCount } from "./params.ts";
import { type LstmDirP, type LstmP, lstmSpec } from "./specs.ts";

/**
 * Runs one direction over the time-major input projection `pre` [T, B, 4H] (biases included);
 * returns the state [2, B, H] (h, c) after every t, in time order.
 */
const runDirection = (pre: Var, wHh: Var, reverse: boolean): Var[] => {
  const T = pre.shape[0];
  const states = new Array<Var>(T);
  let s: Var | null = null;
  for (let k = 0; k < T; k++) {
    const t = reverse ? T - 1 - k : k;
    s = lstmStep(pre, t, s, wHh);
    states[t] = s;
  }
  return states;
};

/** Input projection of a whole sequence, time-major: [T, B, in] → [T, B, 4H]. */
const project = (xT: Var, p: LstmDirP<Var>): Var => linear(xT, p.wIh, add(p.bIh, p.bHh));

/** h of a state [2, B, H] as [B, H]. */
const hiddenOf = (s: Var): Var => reshape(slice(s, [0], [1]), s.shape.slice(1));

const forward = (params: LstmP<Var>, x: Var): Var => {
  // time-major [T, B, D] so that each step's block of `pre` is contiguous
  let seq = transpose(x, [1, 0, 2]);
  let last: Var | null = null;
  const L = params.layers.length;
  params.layers.forEach((lp, l) => {
    const fwd = runDirection(project(seq, lp.fwd), lp.fwd.wHh, false);
    const bwd = runDirection(project(seq, lp.bwd), lp.bwd.wHh, true);
    // next layer input: [h_fwd_t, h_bwd_t] for every t, time-major [T, B, 2H]
    if (l < L - 1) seq = lstmSequence(fwd, bwd);
    // h_n[−2] = forward state after t = T−1; h_n[−1] = backward state after t = 0
    else last = concat([hiddenOf(fwd[fwd.length - 1]), hiddenOf(bwd[0])], 1);
  });
  return linear(last!, params.head.w, params.head.b);
};

/**
 * The 2-layer bidirectional LSTM baseline.
 *
 * @example
 * ```ts
 * import { lstm } from "./lstm.ts";
 * console.log(lstm.paramCount(lstm.referenceConfig("hierarchical"))); // 566292
 * ```
 */
export const lstm: Model<LstmP<Tensor>> = {
  name: "lstm",
  init: (cfg, key: Key) => initParams(lstmSpec(cfg), key, cfg.dtype) as LstmP<Tensor>,
  forward: (params: Tree<Var>, x: Var, _opts: ForwardOptions): Var =>
    forward(params as LstmP<Var>, x),
  paramCount: (cfg) => specCount(lstmSpec(cfg)),
  spec: (cfg): Tree<ParamSpec> => lstmSpec(cfg),
  referenceConfig: (task: BaselineTask, dtype?: "f32" | "f64") =>
    referenceBaselineConfig("lstm", task, dtype),
};
