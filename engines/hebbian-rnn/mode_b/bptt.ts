/**
 * Mode B loss and its exact gradient by hand-written BPTT through the plastic updates
 * (checked against central finite differences on 3-step unrolls in `mode_b_bptt_test.ts`).
 *
 * Forward: `mode_b_model.ts`. Loss `L = Σ_{b,t,o} w_{bt} (y − target)² / (O Σ w)` (a masked
 * MSE). With δ_t = ∂L/∂a_t, G_t = ∂L/∂P_t, F_t = ∂L/∂E_t (G_T = F_T = 0), χ_t the clip mask
 * `|U_t| ≤ c` and GU_t = G_t ⊙ χ_t, going backwards (derived here):
 * ```
 * ∂h_t  = W_hoᵀ ∂y_t + [from step t+1] + M_t GU_t h_{t−1}        (D_t = h_t h_{t−1}ᵀ)
 *       + η F_t h_{t−1}                                             (retroactive)
 *       + ∂m_t w_m,   ∂m_t = (1 − M_t²) Σ GU_t ⊙ D_t                 (modulated)
 * δ_t   = ∂h_t ⊙ (1 − h_t²)
 * ∂h_{t−1} ← (W_hh + α ⊙ P_{t−1})ᵀ δ_t + M_t GU_tᵀ h_t  (or η F_tᵀ h_t, retroactive)
 * G_{t−1} = λ_P GU_t + (δ_t h_{t−1}ᵀ) ⊙ α,   F_{t−1} = (1 − η) F_t + M_t GU_t
 * ∂W_hh += δ_t h_{t−1}ᵀ,  ∂α += (δ_t h_{t−1}ᵀ) ⊙ P_{t−1},  ∂W_ih += δ_t x_tᵀ,  ∂b_h += δ_t
 * ```
 *
 * @module
 */
import { isModulated, modeBAdvanceSample, modeBLayout, type ModeBSpec } from "./model.ts";

/** Scratch of {@link modeBLossAndGrad} for one (spec, T). */
export interface ModeBWorkspace {
  /** Sequence length T the buffers were allocated for. */
  readonly seqLen: number;
  /** h_0..h_T of one sample, (T+1)·H. */
  readonly h: Float64Array;
  /** Plastic traces P_0..P_T of one sample, (T+1)·H² (empty without plasticity). */
  readonly p: Float64Array;
  /** Eligibility traces E_0..E_T, (T+1)·H² (retroactive only). */
  readonly e: Float64Array;
  /** Clip masks χ_t = [|U_t| ≤ c], T·H² (empty without plasticity). */
  readonly mask: Uint8Array;
  /** Neuromodulation M_t per step (T). */
  readonly m: Float64Array;
  /** Outputs y per step of one sample, T·O. */
  readonly y: Float64Array;
  /** G_t = ∂L/∂P_t (H²). */
  readonly g: Float64Array;
  /** F_t = ∂L/∂E_t (H², retroactive). */
  readonly f: Float64Array;
  /** ∂L/∂h_t of the current step (H). */
  readonly dh: Float64Array;
  /** ∂L/∂h_{t−1} being accumulated (H). */
  readonly dhPrev: Float64Array;
  /** δ_t = ∂h_t ⊙ (1 − h_t²) (H). */
  readonly delta: Float64Array;
  /** h_{t−1} scratch for the forward step (H). */
  readonly hPrev: Float64Array;
  /** M_t GU_tᵀ h_t (or η F_tᵀ h_t) towards ∂h_{t−1} (H). */
  readonly c: Float64Array;
}

/**
 * Allocates the BPTT scratch for sequences of length `seqLen`.
 *
 * @example
 * ```ts
 * import { modeBWorkspace } from "@neuroplastic/engines/hebbian-rnn";
 * const ws = modeBWorkspace({ input: 2, hidden: 8, output: 1, plasticity: "simple", eta: 0.1, clip: 1 }, 10);
 * ```
 */
export const modeBWorkspace = (s: ModeBSpec, seqLen: number): ModeBWorkspace => {
  const H = s.hidden;
  const HH = H * H;
  const T = seqLen;
  const plastic = s.plasticity !== "none";
  return {
    seqLen,
    h: new Float64Array((T + 1) * H),
    p: new Float64Array(plastic ? (T + 1) * HH : 0),
    e: new Float64Array(s.plasticity === "retroactive" ? (T + 1) * HH : 0),
    mask: new Uint8Array(plastic ? T * HH : 0),
    m: new Float64Array(T),
    y: new Float64Array(T * s.output),
    g: new Float64Array(HH),
    f: new Float64Array(HH),
    dh: new Float64Array(H),
    dhPrev: new Float64Array(H),
    delta: new Float64Array(H),
    hPrev: new Float64Array(H),
    c: new Float64Array(H),
  };
};

/**
 * Masked-MSE loss over a batch and its gradient (written into `grad`, overwritten).
 * `x` B×T×I, `target` B×T×O, `weight` B×T (0 = step not scored); optional `yOut` B×T×O
 * receives the outputs.
 *
 * @returns the loss
 * @example
 * ```ts
 * import { initModeBParams, modeBLossAndGrad, modeBWorkspace } from "@neuroplastic/engines/hebbian-rnn";
 * import { key } from "@neuroplastic/core/random";
 * const s = { input: 1, hidden: 4, output: 1, plasticity: "simple" as const, eta: 0.1, clip: 1 };
 * const p = initModeBParams(s, key(0));
 * const g = new Float64Array(p.length);
 * const loss = modeBLossAndGrad(p, s, [1, 0, 1], [0, 0, 1], [0, 0, 1], 1, 3, g, modeBWorkspace(s, 3));
 * console.log(loss >= 0); // true
 * ```
 */
export const modeBLossAndGrad = (
  params: Float64Array,
  s: ModeBSpec,
  x: ArrayLike<number>,
  target: ArrayLike<number>,
  weight: ArrayLike<number>,
  batch: number,
  seqLen: number,
  grad: Float64Array,
  ws: ModeBWorkspace,
  yOut?: Float64Array,
): number => {
  const { input: I, hidden: H, output: O } = s;
  const T = seqLen;
  const HH = H * H;
  const L = modeBLayout(s);
  const plastic = s.plasticity !== "none";
  const retro = s.plasticity === "retroactive";
  const modulated = isModulated(s.plasticity);
  const lamP = s.plasticity === "hebbian" ? 1 - s.eta : 1;
  const lamE = 1 - s.eta;
  const { h, p: P, e: E, mask, m: Ms, y, g: G, f: F, hPrev, c } = ws;
  let dh = ws.dh;
  let dhPrev = ws.dhPrev;
  const delta = ws.delta;
  let wSum = 0;
  for (let k = 0; k < batch * T; k++) wSum += weight[k];
  const norm = wSum > 0 ? 1 / (O * wSum) : 0;
  grad.fill(0);
  let loss = 0;
  for (let b = 0; b < batch; b++) {
    // ---------- forward (stores h_t, P_t, E_t, χ_t, M_t) ----------
    h.fill(0, 0, H);
    if (plastic) P.fill(0, 0, HH);
    if (retro) E.fill(0, 0, HH);
    for (let t = 1; t <= T; t++) {
      h.copyWithin(t * H, (t - 1) * H, t * H);
      if (plastic) P.copyWithin(t * HH, (t - 1) * HH, t * HH);
      if (retro) E.copyWithin(t * HH, (t - 1) * HH, t * HH);
      Ms[t - 1] = modeBAdvanceSample(
        params,
        s,
        x,
        (b * T + t - 1) * I,
        h,
        t * H,
        P,
        E,
        t * HH,
        y,
        (t - 1) * O,
        hPrev,
        plastic ? mask : undefined,
        (t - 1) * HH,
      );
    }
    for (let t = 0; t < T; t++) {
      const w = weight[b * T + t];
      for (let o = 0; o < O; o++) {
        const idx = t * O + o;
        if (yOut) yOut[(b * T + t) * O + o] = y[idx];
        const d = y[idx] - target[(b * T + t) * O + o];
        // L = Σ w (y − target)² / (O Σ w)
        loss += w * d * d * norm;
        y[idx] = 2 * w * d * norm; // now ∂L/∂y
      }
    }
    // ---------- backward ----------
    G.fill(0);
    F.fill(0);
    dh.fill(0);
    for (let t = T; t >= 1; t--) {
      const ho = t * H;
      const hp = (t - 1) * H;
      dhPrev.fill(0);
      for (let o = 0; o < O; o++) {
        const d = y[(t - 1) * O + o];
        if (d === 0) continue;
        const wo = L.wHo + o * H;
        grad[L.bO + o] += d;
        for (let j = 0; j < H; j++) {
          // ∂W_ho += ∂y h_tᵀ ; ∂h_t += W_hoᵀ ∂y
          grad[wo + j] += d * h[ho + j];
          dh[j] += params[wo + j] * d;
        }
      }
      const M = Ms[t - 1];
      if (plastic) {
        const mo = (t - 1) * HH;
        const pe = (t - 1) * HH; // P_{t−1}, E_{t−1}
        let dM = 0;
        c.fill(0);
        for (let j = 0; j < H; j++) {
          const row = j * H;
          const hj = h[ho + j];
          let rj = 0;
          let fj = 0;
          for (let i = 0; i < H; i++) {
            // GU_t = G_t ⊙ χ_t
            const gu = mask[mo + row + i] ? G[row + i] : 0;
            G[row + i] = gu;
            if (retro) {
              dM += gu * E[pe + row + i];
              const fv = F[row + i];
              fj += fv * h[hp + i];
              c[i] += fv * hj;
            } else {
              rj += gu * h[hp + i];
              c[i] += gu * hj;
            }
          }
          if (retro) {
            // ∂h_t += η F_t h_{t−1}
            dh[j] += s.eta * fj;
          } else {
            // ∂h_t += M_t GU_t h_{t−1};  ∂M_t += Σ GU_t ⊙ h_t h_{t−1}ᵀ
            dh[j] += M * rj;
            dM += hj * rj;
          }
        }
        // ∂h_{t−1} += M_t GU_tᵀ h_t  (or η F_tᵀ h_t)
        const cs = retro ? s.eta : M;
        for (let i = 0; i < H; i++) dhPrev[i] += cs * c[i];
        if (retro) {
          // F_{t−1} = (1 − η) F_t + M_t GU_t
          for (let k = 0; k < HH; k++) F[k] = lamE * F[k] + M * G[k];
        }
        if (modulated) {
          // M_t = tanh(w_m·h_t + b_m): ∂m = ∂M (1 − M²)
          const dm = dM * (1 - M * M);
          grad[L.bM] += dm;
          for (let j = 0; j < H; j++) {
            grad[L.wM + j] += dm * h[ho + j];
            dh[j] += dm * params[L.wM + j];
          }
        }
      }
      for (let j = 0; j < H; j++) {
        const hj = h[ho + j];
        // δ_t = ∂h_t ⊙ (1 − h_t²)
        delta[j] = dh[j] * (1 - hj * hj);
      }
      const xo = (b * T + t - 1) * I;
      for (let j = 0; j < H; j++) {
        const dj = delta[j];
        grad[L.bH + j] += dj;
        const wi = L.wIh + j * I;
        for (let k = 0; k < I; k++) grad[wi + k] += dj * x[xo + k];
        const row = j * H;
        if (plastic) {
          const pe = (t - 1) * HH + row;
          for (let i = 0; i < H; i++) {
            const hi = h[hp + i];
            const a = params[L.alpha + row + i];
            const pij = P[pe + i];
            const u = dj * hi;
            grad[L.wHh + row + i] += u; // ∂W_hh += δ_t h_{t−1}ᵀ
            grad[L.alpha + row + i] += u * pij; // ∂α += (δ_t h_{t−1}ᵀ) ⊙ P_{t−1}
            dhPrev[i] += dj * (params[L.wHh + row + i] + a * pij);
            // G_{t−1} = λ_P GU_t + (δ_t h_{t−1}ᵀ) ⊙ α
            G[row + i] = lamP * G[row + i] + u * a;
          }
        } else {
          for (let i = 0; i < H; i++) {
            grad[L.wHh + row + i] += dj * h[hp + i];
            dhPrev[i] += dj * params[L.wHh + row + i];
          }
        }
      }
      const tmp = dh;
      dh = dhPrev;
      dhPrev = tmp;
    }
  }
  return loss;
};
