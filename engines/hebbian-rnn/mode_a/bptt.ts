/**
 * Mode A training kernel: the reference forward pass and its exact BPTT gradient, fused into
 * typed-array loops (one pass over the H×H trace per step forward, one per step backward).
 *
 * Forward (reference `sc.py`, `HebbianRNN.forward`; P = Hebb, row i = h_{t−1} index):
 * ```
 * a_t = W_ih x_t + b_ih + W_hh h_{t−1} + b_hh + P_{t−1} h_{t−1}
 * h_t = tanh(a_t)
 * P_t = (1 − η) P_{t−1} + η m_t h_{t−1} h_tᵀ          (P_t[i,j] += η m_t h_{t−1}[i] h_t[j])
 * y_t = W_ho h_t + b_ho,   L = mean over (b, t, o) of (y − target)²  (F.mse_loss)
 * ```
 * Backward (derived here; checked against central finite differences in `bptt_test.ts`), with
 * δ_t = ∂L/∂a_t and G_t = ∂L/∂P_t (G_T = 0, δ_{T+1} = 0):
 * ```
 * G_t  = (1 − η) G_{t+1} + δ_{t+1} h_tᵀ
 * ∂h_t = W_hoᵀ ∂y_t + (W_hh + P_t)ᵀ δ_{t+1} + η m_{t+1} G_{t+1} h_{t+1} + η m_t G_tᵀ h_{t−1}
 * δ_t  = ∂h_t ⊙ (1 − h_t²)
 * ∂W_hh = Σ_t δ_{t+1} h_tᵀ,  ∂W_ih = Σ_t δ_t x_tᵀ,  ∂b_ih = ∂b_hh = Σ_t δ_t,
 * ∂W_ho = Σ_t ∂y_t h_tᵀ,  ∂b_ho = Σ_t ∂y_t
 * ```
 * One sample at a time, so the trace history (T·H² floats) and G stay in cache.
 *
 * @module
 */
import { modeALayout, type ModeAShape } from "./params.ts";

/** Scratch buffers of {@link modeALossAndGrad}, reusable across calls of the same sizes. */
export interface ModeAWorkspace {
  /** Hidden size H the buffers were allocated for. */
  readonly hidden: number;
  /** Sequence length T the buffers were allocated for. */
  readonly seqLen: number;
  /** h_0..h_T of one sample, (T+1)·H. */
  readonly h: Float64Array;
  /** P_1..P_T of one sample, T·H². */
  readonly p: Float64Array;
  /** G (H²). */
  readonly g: Float64Array;
  /** z_t = (W_hh + P_{t−1}) h_{t−1} (H). */
  readonly z: Float64Array;
  /** ∂y per step of one sample, T·O. */
  readonly dy: Float64Array;
  /** ∂L/∂h_t accumulated for the current step (H). */
  readonly dh: Float64Array;
  /** δ_t = ∂h_t ⊙ (1 − h_t²) of the current step (H). */
  readonly delta: Float64Array;
  /** δ_{t+1} of the step after (H). */
  readonly deltaNext: Float64Array;
  /** G_tᵀ h_{t−1} (H). */
  readonly q: Float64Array;
  /** (W_hh + P_t)ᵀ δ_{t+1} (H). */
  readonly r: Float64Array;
}

/**
 * Allocates the scratch buffers for hidden size H, sequence length T and output size O.
 *
 * @example
 * ```ts
 * import { modeAWorkspace } from "@neuroplastic/engines/hebbian-rnn";
 * const ws = modeAWorkspace({ input: 1, hidden: 32, output: 1 }, 10);
 * ```
 */
export const modeAWorkspace = (s: ModeAShape, seqLen: number): ModeAWorkspace => {
  const H = s.hidden;
  return {
    hidden: H,
    seqLen,
    h: new Float64Array((seqLen + 1) * H),
    p: new Float64Array(seqLen * H * H),
    g: new Float64Array(H * H),
    z: new Float64Array(H),
    dy: new Float64Array(seqLen * s.output),
    dh: new Float64Array(H),
    delta: new Float64Array(H),
    deltaNext: new Float64Array(H),
    q: new Float64Array(H),
    r: new Float64Array(H),
  };
};

/**
 * MSE loss of the reference model on a batch and its gradient with respect to every parameter
 * (written into `grad`, which is overwritten). Inputs are row-major: `x` B×T×I, `m` B×T
 * (neuromodulation per sample and step), `target` B×T×O.
 *
 * @returns the loss (mean over B·T·O)
 * @example
 * ```ts
 * import { initModeAParams, modeALayout, modeALossAndGrad, modeAWorkspace, torchGenerator } from "@neuroplastic/engines/hebbian-rnn";
 * const s = { input: 1, hidden: 32, output: 1 };
 * const p = initModeAParams(s, torchGenerator(0));
 * const B = 2, T = 10;
 * const grad = new Float64Array(modeALayout(s).size);
 * const loss = modeALossAndGrad(p, s, new Float64Array(B * T), new Float64Array(B * T).fill(1), new Float64Array(B * T), B, T, 0.1, grad, modeAWorkspace(s, T));
 * console.log(loss >= 0);
 * ```
 */
export const modeALossAndGrad = (
  params: Float64Array,
  s: ModeAShape,
  x: Float64Array,
  m: Float64Array,
  target: Float64Array,
  batch: number,
  seqLen: number,
  eta: number,
  grad: Float64Array,
  ws: ModeAWorkspace,
): number => {
  const I = s.input;
  const H = s.hidden;
  const O = s.output;
  const T = seqLen;
  const HH = H * H;
  const L = modeALayout(s);
  const { h, p: P, g: G, z, dy, dh, q, r } = ws;
  let delta = ws.delta;
  let deltaNext = ws.deltaNext;
  const decay = 1 - eta;
  const scale = 2 / (batch * T * O);
  grad.fill(0);
  let loss = 0;
  for (let b = 0; b < batch; b++) {
    const xb = b * T * I;
    const mb = b * T;
    const yb = b * T * O;
    // ---------- forward ----------
    h.fill(0, 0, H); // h_0 = 0
    z.fill(0); // (W_hh + P_0) h_0 = 0
    for (let t = 1; t <= T; t++) {
      const xo = xb + (t - 1) * I;
      const ho = t * H;
      for (let i = 0; i < H; i++) {
        // a_t = W_ih x_t + b_ih + b_hh + (W_hh + P_{t−1}) h_{t−1}   (sc.py, forward)
        let a = params[L.bIh + i] + params[L.bHh + i] + z[i];
        const wi = L.wIh + i * I;
        for (let k = 0; k < I; k++) a += params[wi + k] * x[xo + k];
        // h_t = tanh(a_t)
        h[ho + i] = Math.tanh(a);
      }
      const to = yb + (t - 1) * O;
      for (let o = 0; o < O; o++) {
        // y_t = W_ho h_t + b_ho; L = mean (y − target)²   (sc.py: self.out, F.mse_loss)
        let y = params[L.bHo + o];
        const wo = L.wHo + o * H;
        for (let i = 0; i < H; i++) y += params[wo + i] * h[ho + i];
        const d = y - target[to + o];
        loss += d * d;
        dy[(t - 1) * O + o] = scale * d;
      }
      if (t < T) {
        // P_t = (1 − η) P_{t−1} + η m_t h_{t−1} h_tᵀ ; z_{t+1} = (W_hh + P_t) h_t
        const c = eta * m[mb + t - 1];
        const pPrev = (t - 2) * HH; // P_{t−1} (P_0 = 0 when t = 1)
        const pCur = (t - 1) * HH;
        const hp = (t - 1) * H;
        for (let i = 0; i < H; i++) {
          const ci = c * h[hp + i];
          const row = i * H;
          const wRow = L.wHh + row;
          let acc = 0;
          if (t === 1) {
            for (let j = 0; j < H; j++) {
              const pij = ci * h[ho + j];
              P[pCur + row + j] = pij;
              acc += (params[wRow + j] + pij) * h[ho + j];
            }
          } else {
            for (let j = 0; j < H; j++) {
              const pij = decay * P[pPrev + row + j] + ci * h[ho + j];
              P[pCur + row + j] = pij;
              acc += (params[wRow + j] + pij) * h[ho + j];
            }
          }
          z[i] = acc;
        }
      }
    }
    // ---------- backward ----------
    G.fill(0); // G_T = 0
    deltaNext.fill(0);
    for (let t = T; t >= 1; t--) {
      const ho = t * H;
      const dyo = (t - 1) * O;
      for (let j = 0; j < H; j++) {
        let acc = 0;
        for (let o = 0; o < O; o++) acc += params[L.wHo + o * H + j] * dy[dyo + o];
        dh[j] = acc; // W_hoᵀ ∂y_t
      }
      if (t < T) {
        const cNext = eta * m[mb + t]; // η m_{t+1}
        const cCur = eta * m[mb + t - 1]; // η m_t
        const hn = (t + 1) * H;
        const hp = (t - 1) * H;
        const pCur = (t - 1) * HH;
        q.fill(0);
        r.fill(0);
        for (let i = 0; i < H; i++) {
          const di = deltaNext[i];
          const hpi = h[hp + i];
          const row = i * H;
          const wRow = L.wHh + row;
          const gRow = L.wHh + row;
          let sAcc = 0;
          for (let j = 0; j < H; j++) {
            const gOld = G[row + j];
            sAcc += gOld * h[hn + j]; // (G_{t+1} h_{t+1})_i
            const u = di * h[ho + j]; // δ_{t+1,i} h_{t,j}
            grad[gRow + j] += u; // ∂W_hh
            const gNew = decay * gOld + u; // G_t = (1 − η) G_{t+1} + δ_{t+1} h_tᵀ
            G[row + j] = gNew;
            q[j] += gNew * hpi; // (G_tᵀ h_{t−1})_j
            r[j] += (params[wRow + j] + P[pCur + row + j]) * di; // ((W_hh + P_t)ᵀ δ_{t+1})_j
          }
          dh[i] += cNext * sAcc;
        }
        for (let j = 0; j < H; j++) dh[j] += r[j] + cCur * q[j];
      }
      const xo = xb + (t - 1) * I;
      for (let i = 0; i < H; i++) {
        const hi = h[ho + i];
        // δ_t = ∂h_t ⊙ (1 − h_t²)
        const d = dh[i] * (1 - hi * hi);
        delta[i] = d;
        grad[L.bIh + i] += d;
        grad[L.bHh + i] += d;
        const wi = L.wIh + i * I;
        for (let k = 0; k < I; k++) grad[wi + k] += d * x[xo + k];
      }
      for (let o = 0; o < O; o++) {
        const d = dy[dyo + o];
        grad[L.bHo + o] += d;
        const wo = L.wHo + o * H;
        for (let i = 0; i < H; i++) grad[wo + i] += d * h[ho + i];
      }
      const tmp = deltaNext;
      deltaNext = delta;
      delta = tmp;
    }
  }
  return loss / (batch * T * O);
};
