/**
 * Fused LSTM step for the LSTM baseline: one differentiable node per time step (recurrent
 * product, gates, cell and hidden state) instead of ~15 generic ops, built with `makeVar` from
 * `@neuroplastic/core/autodiff`; plus the node that assembles a bidirectional layer's output
 * sequence. Gradients are checked against finite differences in `lstm_cell_test.ts`.
 *
 * torch.nn.LSTM, gate rows i, f, g, o:
 *   z = pre_t + W_hh h_{t−1}   (pre_t = W_ih x_t + b_ih + b_hh, precomputed for all t)
 *   i, f, o = σ(z_i, z_f, z_o); g = tanh(z_g); c_t = f ⊙ c_{t−1} + i ⊙ g; h_t = o ⊙ tanh(c_t).
 *
 * @module
 */
import { allocLike, makeVar, type Var } from "@neuroplastic/core/autodiff";
import { matmulInto } from "@neuroplastic/core/tensor";

/**
 * One LSTM step. `pre` [T, B, 4H] is the input projection of every step (time-major, both
 * biases included), `prev` the previous state [2, B, H] (h then c; `null` at the first step,
 * h_0 = c_0 = 0) and `wHh` the recurrent weight [4H, H]. Returns the new state [2, B, H].
 *
 * @example
 * ```ts
 * import { constant } from "@neuroplastic/core/autodiff";
 * import { lstmStep } from "./lstm_cell.ts";
 * const pre = constant({ data: new Float64Array(4), shape: [1, 1, 4] });
 * const w = constant({ data: new Float64Array(4), shape: [4, 1] });
 * // z = 0: i = f = o = ½, g = 0, so c = 0 and h = 0
 * console.log(lstmStep(pre, 0, null, w).value); // Float64Array [0, 0]
 * ```
 */
export const lstmStep = (pre: Var, t: number, prev: Var | null, wHh: Var): Var => {
  const [, B, G] = pre.shape;
  const H = G / 4, BH = B * H, n = B * G, off = t * n;
  const pv = pre.value, sv = prev ? prev.value : null, wv = wHh.value;
  // A holds z, then the activated gates
  const A = allocLike(pv, n);
  for (let k = 0; k < n; k++) A[k] = pv[off + k];
  // z += h_{t−1} W_hhᵀ  ([B, H] · [H, 4H])
  if (sv) matmulInto(A, sv, wv, B, H, G, { transB: true, accumulate: true });
  for (let r = 0; r < B; r++) {
    const o = r * G;
    for (let j = 0; j < G; j++) {
      const z = A[o + j];
      A[o + j] = j >= 2 * H && j < 3 * H ? Math.tanh(z) : 1 / (1 + Math.exp(-z));
    }
  }
  const out = allocLike(pv, 2 * BH), tc = allocLike(pv, BH);
  for (let r = 0; r < B; r++) {
    const o = r * G;
    for (let j = 0; j < H; j++) {
      const k = r * H + j;
      // c_t = f ⊙ c_{t−1} + i ⊙ g
      const c = (sv ? A[o + H + j] * sv[BH + k] : 0) + A[o + j] * A[o + 2 * H + j];
      out[BH + k] = c;
      tc[k] = Math.tanh(c);
      // h_t = o ⊙ tanh(c_t)
      out[k] = A[o + 3 * H + j] * tc[k];
    }
  }
  const parents = prev ? [pre, wHh, prev] : [pre, wHh];
  return makeVar(out, [2, B, H], parents, (g, sink) => {
    const gp = sink(0), gw = sink(1), gs = prev ? sink(2) : null;
    const gz = allocLike(pv, n);
    for (let r = 0; r < B; r++) {
      const o = r * G;
      for (let j = 0; j < H; j++) {
        const k = r * H + j;
        const i = A[o + j], f = A[o + H + j], gg = A[o + 2 * H + j], og = A[o + 3 * H + j];
        const gh = g[k];
        // c̄ = c̄_out + h̄ · o · (1 − tanh²c)
        const gc = g[BH + k] + gh * og * (1 - tc[k] * tc[k]);
        // gate cotangents times the activation derivatives (σ′ = y(1−y), tanh′ = 1 − y²)
        gz[o + j] = gc * gg * i * (1 - i);
        gz[o + H + j] = sv ? gc * sv[BH + k] * f * (1 - f) : 0;
        gz[o + 2 * H + j] = gc * i * (1 - gg * gg);
        gz[o + 3 * H + j] = gh * tc[k] * og * (1 - og);
        if (gs) gs[BH + k] += gc * f;
      }
    }
    if (gp) { for (let k = 0; k < n; k++) gp[off + k] += gz[k]; }
    if (sv) {
      // h̄_{t−1} += z̄ W_hh ([B, 4H] · [4H, H]); W̄_hh += z̄ᵀ h_{t−1} ([4H, B] · [B, H])
      if (gs) matmulInto(gs, gz, wv, B, G, H, { accumulate: true });
      if (gw) matmulInto(gw, gz, sv, G, B, H, { transA: true, accumulate: true });
    }
  });
};

/**
 * Output sequence of a bidirectional layer, time-major [T, B, 2H]: row (t, b) is
 * [h_fwd_t, h_bwd_t], read from the h halves of the step states (each [2, B, H]).
 *
 * @example
 * ```ts
 * import { constant } from "@neuroplastic/core/autodiff";
 * import { lstmSequence } from "./lstm_cell.ts";
 * const s = constant({ data: new Float64Array([1, 9]), shape: [2, 1, 1] });
 * const b = constant({ data: new Float64Array([2, 9]), shape: [2, 1, 1] });
 * console.log(lstmSequence([s], [b]).value); // Float64Array [1, 2]
 * ```
 */
export const lstmSequence = (fwd: readonly Var[], bwd: readonly Var[]): Var => {
  const T = fwd.length, [, B, H] = fwd[0].shape;
  const y = allocLike(fwd[0].value, T * B * 2 * H);
  for (let t = 0; t < T; t++) {
    const f = fwd[t].value, b = bwd[t].value;
    for (let r = 0; r < B; r++) {
      const o = (t * B + r) * 2 * H;
      for (let j = 0; j < H; j++) {
        y[o + j] = f[r * H + j];
        y[o + H + j] = b[r * H + j];
      }
    }
  }
  return makeVar(y, [T, B, 2 * H], [...fwd, ...bwd], (g, sink) => {
    for (let t = 0; t < T; t++) {
      const gf = sink(t), gb = sink(T + t);
      for (let r = 0; r < B; r++) {
        const o = (t * B + r) * 2 * H;
        for (let j = 0; j < H; j++) {
          if (gf) gf[r * H + j] += g[o + j];
          if (gb) gb[r * H + j] += g[o + H + j];
        }
      }
    }
  });
};
