/**
 * Mode A loss and exact BPTT gradient without materialising the Hebbian trace: since
 * `P_t = Σ_{s≤t} λ^{t−s} c_s h_{s−1} h_sᵀ` (λ = 1 − η, c_s = η m_s; `sc.py`'s update unrolled),
 * every product with P or with its adjoint G is a short sum of rank-one terms:
 * ```
 * P_{t−1} h_{t−1}   = Σ_{s<t}  λ^{t−1−s} c_s (h_s·h_{t−1}) h_{s−1}
 * P_tᵀ δ_{t+1}      = Σ_{s≤t}  λ^{t−s}   c_s (h_{s−1}·δ_{t+1}) h_s
 * G_{t+1} h_{t+1}   = Σ_{u>t+1} λ^{u−t−2} (h_{u−1}·h_{t+1}) δ_u
 * G_tᵀ h_{t−1}      = Σ_{u>t}  λ^{u−t−1} (δ_u·h_{t−1}) h_{u−1}
 * ```
 * with G_t = ∂L/∂P_t = Σ_{u>t} λ^{u−t−1} δ_u h_{u−1}ᵀ (see `bptt.ts` for the recursion). Cost per
 * sequence O(T²H) for the plastic terms instead of O(TH²); the W products are batched over the
 * sequences into GEMMs (`matmulInto`, WebAssembly SIMD when large enough). Chosen by
 * the Mode A trainer (`mode_a_train.ts`) when T ≤ H.
 *
 * @module
 */
import { matmulInto } from "@neuroplastic/core/tensor";
import { modeALayout, type ModeAShape } from "./params.ts";

/** Scratch of {@link modeALossAndGradLowRank} for fixed (shape, batch, T). */
export interface ModeALowRankWorkspace {
  /** Batch size B the buffers were allocated for. */
  readonly batch: number;
  /** Sequence length T the buffers were allocated for. */
  readonly seqLen: number;
  /** Inputs, time-major T×B×I. */
  readonly x: Float64Array;
  /** h_0..h_T, time-major (T+1)×B×H. */
  readonly h: Float64Array;
  /** δ_1..δ_T, time-major T×B×H. */
  readonly delta: Float64Array;
  /** Outputs then ∂y, time-major T×B×O. */
  readonly y: Float64Array;
  /** Pre-activations / ∂h of one step, B×H. */
  readonly a: Float64Array;
  /** Gram K[b][s][u] = h_s·h_u, B×(T+1)². */
  readonly k: Float64Array;
  /** D[b][u][s] = δ_u·h_s, B×(T+1)². */
  readonly d: Float64Array;
  /** λ^n for n = 0..T. */
  readonly pow: Float64Array;
}

/**
 * Allocates the low-rank workspace.
 *
 * @example
 * ```ts
 * import { modeALowRankWorkspace } from "@neuroplastic/engines/hebbian-rnn";
 * const ws = modeALowRankWorkspace({ input: 1, hidden: 32, output: 1 }, 32, 10);
 * ```
 */
export const modeALowRankWorkspace = (
  s: ModeAShape,
  batch: number,
  seqLen: number,
): ModeALowRankWorkspace => {
  const T = seqLen;
  const B = batch;
  return {
    batch,
    seqLen,
    x: new Float64Array(T * B * s.input),
    h: new Float64Array((T + 1) * B * s.hidden),
    delta: new Float64Array(T * B * s.hidden),
    y: new Float64Array(T * B * s.output),
    a: new Float64Array(B * s.hidden),
    k: new Float64Array(B * (T + 1) * (T + 1)),
    d: new Float64Array(B * (T + 1) * (T + 1)),
    pow: new Float64Array(T + 1),
  };
};

/**
 * Same contract as `modeALossAndGrad` (inputs B×T×I, m B×T, target B×T×O; gradient written
 * into `grad`; returns the mean squared error), computed with the rank-one expansion above.
 *
 * @example
 * ```ts
 * import { initModeAParams, modeALayout, modeALossAndGradLowRank, modeALowRankWorkspace, torchGenerator } from "@neuroplastic/engines/hebbian-rnn";
 * const s = { input: 1, hidden: 32, output: 1 };
 * const p = initModeAParams(s, torchGenerator(0));
 * const grad = new Float64Array(modeALayout(s).size);
 * const loss = modeALossAndGradLowRank(p, s, new Float64Array(20), new Float64Array(20).fill(1), new Float64Array(20), 2, 10, 0.1, grad, modeALowRankWorkspace(s, 2, 10));
 * console.log(loss >= 0);
 * ```
 */
export const modeALossAndGradLowRank = (
  params: Float64Array,
  s: ModeAShape,
  xIn: Float64Array,
  m: Float64Array,
  target: Float64Array,
  batch: number,
  seqLen: number,
  eta: number,
  grad: Float64Array,
  ws: ModeALowRankWorkspace,
): number => {
  const I = s.input;
  const H = s.hidden;
  const O = s.output;
  const T = seqLen;
  const B = batch;
  const T1 = T + 1;
  const TT = T1 * T1;
  const L = modeALayout(s);
  const { x, h, delta, y, a, k: K, d: D, pow } = ws;
  const lambda = 1 - eta;
  pow[0] = 1;
  for (let n = 1; n <= T; n++) pow[n] = pow[n - 1] * lambda;
  const BH = B * H;
  // time-major copy of x: x[t][b][:] = xIn[b][t][:]
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) {
      for (let i = 0; i < I; i++) x[(t * B + b) * I + i] = xIn[(b * T + t) * I + i];
    }
  }
  h.fill(0, 0, BH); // h_0 = 0
  // ---------- forward ----------
  for (let t = 1; t <= T; t++) {
    // a = X_t W_ihᵀ + H_{t−1} W_hhᵀ   (i2h and h2h without biases, for the whole batch)
    matmulInto(a, x, params, B, I, H, { transB: true, aOffset: (t - 1) * B * I, bOffset: L.wIh });
    matmulInto(a, h, params, B, H, H, {
      transB: true,
      accumulate: true,
      aOffset: (t - 1) * BH,
      bOffset: L.wHh,
    });
    const hPrev = (t - 1) * BH;
    const hCur = t * BH;
    for (let b = 0; b < B; b++) {
      const kb = b * TT;
      const mb = b * T;
      const hp = hPrev + b * H;
      // K[s][t−1] = h_s·h_{t−1}, s = 1..t−1
      for (let s2 = 1; s2 <= t - 1; s2++) {
        const hs = s2 * BH + b * H;
        let acc = 0;
        for (let i = 0; i < H; i++) acc += h[hs + i] * h[hp + i];
        K[kb + s2 * T1 + (t - 1)] = acc;
        K[kb + (t - 1) * T1 + s2] = acc;
      }
      const ab = b * H;
      // z = P_{t−1} h_{t−1} = Σ_{s=2}^{t−1} λ^{t−1−s} η m_s (h_s·h_{t−1}) h_{s−1}   (h_0 = 0)
      for (let s2 = 2; s2 <= t - 1; s2++) {
        const coef = pow[t - 1 - s2] * eta * m[mb + s2 - 1] * K[kb + s2 * T1 + (t - 1)];
        const hs1 = (s2 - 1) * BH + b * H;
        for (let i = 0; i < H; i++) a[ab + i] += coef * h[hs1 + i];
      }
      const hc = hCur + b * H;
      for (let i = 0; i < H; i++) {
        // h_t = tanh(W_ih x_t + b_ih + W_hh h_{t−1} + b_hh + P_{t−1} h_{t−1})
        h[hc + i] = Math.tanh(a[ab + i] + params[L.bIh + i] + params[L.bHh + i]);
      }
    }
  }
  // y = H W_hoᵀ + b_ho over all T·B rows; L = mean (y − target)²; ∂y = 2 (y − target) / (B T O)
  matmulInto(y, h, params, T * B, H, O, { transB: true, aOffset: BH, bOffset: L.wHo });
  const scale = 2 / (B * T * O);
  let loss = 0;
  for (let t = 0; t < T; t++) {
    for (let b = 0; b < B; b++) {
      for (let o = 0; o < O; o++) {
        const idx = (t * B + b) * O + o;
        const diff = y[idx] + params[L.bHo + o] - target[(b * T + t) * O + o];
        loss += diff * diff;
        y[idx] = scale * diff; // now ∂y
      }
    }
  }
  // ---------- backward ----------
  for (let t = T; t >= 1; t--) {
    // ∂h = ∂y_t W_ho (+ δ_{t+1} W_hh)
    matmulInto(a, y, params, B, O, H, { aOffset: (t - 1) * B * O, bOffset: L.wHo });
    if (t < T) {
      matmulInto(a, delta, params, B, H, H, { accumulate: true, aOffset: t * BH, bOffset: L.wHh });
    }
    for (let b = 0; b < B; b++) {
      const kb = b * TT;
      const mb = b * T;
      const ab = b * H;
      if (t < T) {
        // P_tᵀ δ_{t+1} = Σ_{s=2}^{t} λ^{t−s} η m_s (h_{s−1}·δ_{t+1}) h_s
        for (let s2 = 2; s2 <= t; s2++) {
          const coef = pow[t - s2] * eta * m[mb + s2 - 1] * D[kb + (t + 1) * T1 + (s2 - 1)];
          const hs = s2 * BH + b * H;
          for (let i = 0; i < H; i++) a[ab + i] += coef * h[hs + i];
        }
        // η m_{t+1} G_{t+1} h_{t+1} = η m_{t+1} Σ_{u=t+2}^{T} λ^{u−t−2} (h_{u−1}·h_{t+1}) δ_u
        const cNext = eta * m[mb + t];
        for (let u = t + 2; u <= T; u++) {
          const coef = cNext * pow[u - t - 2] * K[kb + (u - 1) * T1 + (t + 1)];
          const du = (u - 1) * BH + b * H;
          for (let i = 0; i < H; i++) a[ab + i] += coef * delta[du + i];
        }
        // η m_t G_tᵀ h_{t−1} = η m_t Σ_{u=t+1}^{T} λ^{u−t−1} (δ_u·h_{t−1}) h_{u−1}   (0 when t = 1)
        if (t >= 2) {
          const cCur = eta * m[mb + t - 1];
          for (let u = t + 1; u <= T; u++) {
            const coef = cCur * pow[u - t - 1] * D[kb + u * T1 + (t - 1)];
            const hu = (u - 1) * BH + b * H;
            for (let i = 0; i < H; i++) a[ab + i] += coef * h[hu + i];
          }
        }
      }
      // δ_t = ∂h_t ⊙ (1 − h_t²)
      const hc = t * BH + b * H;
      const dt = (t - 1) * BH + b * H;
      for (let i = 0; i < H; i++) {
        const hi = h[hc + i];
        delta[dt + i] = a[ab + i] * (1 - hi * hi);
      }
      // D[t][s] = δ_t·h_s, s = 1..t−1
      for (let s2 = 1; s2 <= t - 1; s2++) {
        const hs = s2 * BH + b * H;
        let acc = 0;
        for (let i = 0; i < H; i++) acc += delta[dt + i] * h[hs + i];
        D[kb + t * T1 + s2] = acc;
      }
    }
  }
  // ∂W_hh = Σ_{t=1}^{T−1} δ_{t+1} h_tᵀ ; ∂W_ih = Σ_t δ_t x_tᵀ ; ∂W_ho = Σ_t ∂y_t h_tᵀ
  grad.fill(0);
  if (T > 1) {
    matmulInto(grad, delta, h, H, (T - 1) * B, H, {
      transA: true,
      aOffset: BH,
      bOffset: BH,
      outOffset: L.wHh,
    });
  }
  matmulInto(grad, delta, x, H, T * B, I, { transA: true, outOffset: L.wIh });
  matmulInto(grad, y, h, O, T * B, H, { transA: true, bOffset: BH, outOffset: L.wHo });
  for (let r = 0; r < T * B; r++) {
    for (let i = 0; i < H; i++) grad[L.bIh + i] += delta[r * H + i];
    for (let o = 0; o < O; o++) grad[L.bHo + o] += y[r * O + o];
  }
  for (let i = 0; i < H; i++) grad[L.bHh + i] = grad[L.bIh + i];
  return loss / (B * T * O);
};
