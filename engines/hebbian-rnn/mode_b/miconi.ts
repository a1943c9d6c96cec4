/**
 * The network of the binary pattern-completion experiment of Miconi, Clune & Stanley 2018
 * ("Differentiable plasticity", §4.1; reference code `uber-research/differentiable-plasticity`,
 * `simple/simple.py` and `simple/full.py`): one neuron per pattern element (plus extra neurons
 * and a bias neuron driven by a constant input), no input or output weights — the input is added
 * to the neurons' activation and the pattern neurons' state is the output — and plastic recurrent
 * weights `w + α ⊙ Hebb`.
 *
 * Matrices are stored as in the reference: `w[i][j]` is the synapse from neuron i (pre) to
 * neuron j (post), row-major `i·N + j`. Per step (2018, Eq. 1–2):
 * ```
 * a_t = (w + α ⊙ Hebb_{t−1})ᵀ y_{t−1} + x_t,   y_t = tanh(a_t)
 * Hebb_t = (1 − η) Hebb_{t−1} + η y_{t−1} y_tᵀ        (η one learned scalar, as in simple.py)
 * ```
 * Loss: `Σ_{j < P} (y_T[j] − target[j])²` at the last step over the P pattern neurons (the
 * reference's `(y[0][:PATTERNSIZE] − target).pow(2).sum()`), averaged over the episodes of a batch.
 * The non-plastic network is the same with α ≡ 0 and no trace (`--type nonplastic` of full.py).
 *
 * Backward (derived here; G_t = ∂L/∂Hebb_t, G_T = 0, gy_t = ∂L/∂y_t), for t = T … 1:
 * ```
 * gy_t   += η G_t y_{t−1}                       (Hebb_t depends on y_t)
 * δ_t     = gy_t ⊙ (1 − y_t²)
 * ∂w     += y_{t−1} δ_tᵀ,   ∂α += (y_{t−1} δ_tᵀ) ⊙ Hebb_{t−1}
 * ∂η     += Σ G_t ⊙ (y_{t−1} y_tᵀ − Hebb_{t−1})
 * gy_{t−1} = (w + α ⊙ Hebb_{t−1}) δ_t + η G_t y_t
 * G_{t−1} = (1 − η) G_t + α ⊙ (y_{t−1} δ_tᵀ)
 * ```
 *
 * @module
 */
import { InvalidConfig } from "@neuroplastic/core/errors";
import { type Key, normal, split } from "@neuroplastic/core/random";

/** Sizes of a pattern-completion network (Miconi et al. 2018). */
export interface MiconiNetSpec {
  /** Neurons N (pattern neurons, extra neurons and the bias neuron). */
  readonly neurons: number;
  /** Pattern neurons P (the first P neurons; their last state is the output). */
  readonly outputs: number;
  /** Plastic (w + α ⊙ Hebb, learned η) or not (w only). */
  readonly plastic: boolean;
}

/** Offsets of w, α and η in the flat parameter vector (−1 when absent). */
export interface MiconiNetLayout {
  /** Offset of w (N×N, `[pre][post]`). */
  readonly w: number;
  /** Offset of α (N×N), −1 when not plastic. */
  readonly alpha: number;
  /** Offset of η (one scalar), −1 when not plastic. */
  readonly eta: number;
  /** Number of parameters. */
  readonly size: number;
}

/**
 * Layout `[w, α?, η?]`.
 *
 * @example
 * ```ts
 * import { miconiNetLayout } from "@neuroplastic/engines/hebbian-rnn";
 * console.log(miconiNetLayout({ neurons: 3, outputs: 2, plastic: true }).size); // 9 + 9 + 1 = 19
 * ```
 */
export const miconiNetLayout = (s: MiconiNetSpec): MiconiNetLayout => {
  const NN = s.neurons * s.neurons;
  return s.plastic
    ? { w: 0, alpha: NN, eta: 2 * NN, size: 2 * NN + 1 }
    : { w: 0, alpha: -1, eta: -1, size: NN };
};

/**
 * Checks a spec: 1 ≤ outputs ≤ neurons.
 *
 * @example
 * ```ts
 * import { checkMiconiNetSpec } from "@neuroplastic/engines/hebbian-rnn";
 * console.log(checkMiconiNetSpec({ neurons: 2, outputs: 3, plastic: true })?.field); // "outputs"
 * ```
 */
export const checkMiconiNetSpec = (s: MiconiNetSpec): InvalidConfig | undefined => {
  if (!Number.isInteger(s.neurons) || s.neurons < 1) {
    return new InvalidConfig({
      field: "neurons",
      message: `neurons: must be an integer ≥ 1, got ${s.neurons}`,
      allowed: "integer ≥ 1",
    });
  }
  if (!Number.isInteger(s.outputs) || s.outputs < 1 || s.outputs > s.neurons) {
    return new InvalidConfig({
      field: "outputs",
      message: `outputs: must be an integer in [1, ${s.neurons}], got ${s.outputs}`,
      allowed: `integer in [1, ${s.neurons}]`,
    });
  }
  return undefined;
};

/**
 * Initial parameters as in the reference: `w, α ~ 0.01·N(0, 1)`, `η = 0.01`
 * (`scale` and `eta` change them); `zeroDiagAlpha` zeroes α's diagonal (full.py: "no plastic
 * autapses", done once at init).
 *
 * @example
 * ```ts
 * import { initMiconiNetParams } from "@neuroplastic/engines/hebbian-rnn";
 * import { key } from "@neuroplastic/core/random";
 * const p = initMiconiNetParams({ neurons: 3, outputs: 2, plastic: true }, key(0));
 * console.log(p.length, p[18]); // 19 0.01
 * ```
 */
export const initMiconiNetParams = (
  s: MiconiNetSpec,
  k: Key,
  o: { readonly scale?: number; readonly eta?: number; readonly zeroDiagAlpha?: boolean } = {},
): Float64Array => {
  const L = miconiNetLayout(s);
  const N = s.neurons;
  const scale = o.scale ?? 0.01;
  const p = new Float64Array(L.size);
  const [kw, ka] = split(k, 2);
  // w = .01 * randn(N, N)   (simple.py, NETWORK.__init__)
  p.set(normal(kw, N * N, 0, scale), L.w);
  if (s.plastic) {
    // alpha = .01 * randn(N, N);  eta = .01 * ones(1)
    p.set(normal(ka, N * N, 0, scale), L.alpha);
    if (o.zeroDiagAlpha) { for (let i = 0; i < N; i++) p[L.alpha + i * N + i] = 0; }
    p[L.eta] = o.eta ?? 0.01;
  }
  return p;
};

/** Scratch of {@link miconiNetLossAndGrad} and {@link miconiNetRun} for one (spec, T). */
export interface MiconiNetWorkspace {
  /** Steps T the buffers were allocated for. */
  readonly seqLen: number;
  /** y_0 … y_T, (T+1)·N. */
  readonly y: Float64Array;
  /** Hebb_0 … Hebb_{T−1}, T·N² (empty when not plastic). */
  readonly hebb: Float64Array;
  /** G = ∂L/∂Hebb (N²). */
  readonly g: Float64Array;
  /** Pre-activation accumulator (N). */
  readonly a: Float64Array;
  /** gy_t, gy_{t−1}, δ_t, and η G y_{t−1} for the next step (N each). */
  readonly gy: Float64Array;
  /** ∂L/∂y_{t−1} being accumulated (N). */
  readonly gyPrev: Float64Array;
  /** δ_t (N). */
  readonly delta: Float64Array;
  /** Σ_i G_{t−1}[i][j] y_{t−2}[i], carried to the next (earlier) step (N). */
  readonly carry: Float64Array;
}

/**
 * Allocates the scratch for episodes of `seqLen` steps (the trace history is T·N² doubles:
 * 8·106·1001² B ≈ 0.85 GB for the 1000-bit task of simple.py).
 *
 * @example
 * ```ts
 * import { miconiNetWorkspace } from "@neuroplastic/engines/hebbian-rnn";
 * console.log(miconiNetWorkspace({ neurons: 4, outputs: 3, plastic: true }, 5).hebb.length); // 80
 * ```
 */
export const miconiNetWorkspace = (s: MiconiNetSpec, seqLen: number): MiconiNetWorkspace => {
  const N = s.neurons;
  return {
    seqLen,
    y: new Float64Array((seqLen + 1) * N),
    hebb: new Float64Array(s.plastic ? seqLen * N * N : 0),
    g: new Float64Array(s.plastic ? N * N : 0),
    a: new Float64Array(N),
    gy: new Float64Array(N),
    gyPrev: new Float64Array(N),
    delta: new Float64Array(N),
    carry: new Float64Array(N),
  };
};

/**
 * Forward pass of one episode into `ws` (y_0 … y_T and Hebb_0 … Hebb_{T−1}); `x` holds the
 * episode's T×N inputs from offset `xo`. Returns nothing: read `ws.y`.
 *
 * @example
 * ```ts
 * import { initMiconiNetParams, miconiNetForward, miconiNetWorkspace } from "@neuroplastic/engines/hebbian-rnn";
 * import { key } from "@neuroplastic/core/random";
 * const s = { neurons: 2, outputs: 2, plastic: true };
 * const ws = miconiNetWorkspace(s, 2);
 * miconiNetForward(initMiconiNetParams(s, key(0)), s, [20, -20, 0, 0], 0, 2, ws);
 * console.log(ws.y[2] > 0.99); // true (y_1 = tanh(≈ 20))
 * ```
 */
export const miconiNetForward = (
  params: Float64Array,
  s: MiconiNetSpec,
  x: ArrayLike<number>,
  xo: number,
  T: number,
  ws: MiconiNetWorkspace,
): void => {
  const N = s.neurons;
  const NN = N * N;
  const L = miconiNetLayout(s);
  const { y, hebb, a } = ws;
  const eta = s.plastic ? params[L.eta] : 0;
  const keep = 1 - eta;
  y.fill(0, 0, N);
  if (s.plastic) hebb.fill(0, 0, NN);
  for (let t = 1; t <= T; t++) {
    const yp = (t - 1) * N;
    const yo = t * N;
    const xt = xo + (t - 1) * N;
    for (let j = 0; j < N; j++) a[j] = x[xt + j];
    const hp = (t - 1) * NN;
    for (let i = 0; i < N; i++) {
      const yi = y[yp + i];
      if (yi === 0) continue;
      const row = i * N;
      if (s.plastic) {
        for (let j = 0; j < N; j++) {
          // a_j += y_{t−1,i} (w_ij + α_ij Hebb_{t−1,ij})   (Miconi et al. 2018, Eq. 1)
          a[j] += yi * (params[row + j] + params[L.alpha + row + j] * hebb[hp + row + j]);
        }
      } else {
        for (let j = 0; j < N; j++) a[j] += yi * params[row + j];
      }
    }
    // y_t = tanh(a_t)
    for (let j = 0; j < N; j++) y[yo + j] = Math.tanh(a[j]);
    if (s.plastic && t < T) {
      const hn = t * NN;
      for (let i = 0; i < N; i++) {
        const c = eta * y[yp + i];
        const row = i * N;
        for (let j = 0; j < N; j++) {
          // Hebb_t = (1 − η) Hebb_{t−1} + η y_{t−1} y_tᵀ   (2018, Eq. 2; simple.py forward)
          hebb[hn + row + j] = keep * hebb[hp + row + j] + c * y[yo + j];
        }
      }
    }
  }
};

/**
 * Loss of a batch of episodes and its exact gradient (written into `grad`, overwritten): `x` is
 * B×T×N, `target` B×P (the full patterns). Loss = mean over episodes of the summed squared error
 * of the P pattern neurons at the last step. Optional `yOut` (B×P) receives the last outputs.
 *
 * @returns the loss
 * @example
 * ```ts
 * import { initMiconiNetParams, miconiNetLossAndGrad, miconiNetWorkspace } from "@neuroplastic/engines/hebbian-rnn";
 * import { key } from "@neuroplastic/core/random";
 * const s = { neurons: 3, outputs: 2, plastic: true };
 * const p = initMiconiNetParams(s, key(0));
 * const g = new Float64Array(p.length);
 * const loss = miconiNetLossAndGrad(p, s, [20, -20, 20, 0, 0, 20], [1, -1], 1, 2, g, miconiNetWorkspace(s, 2));
 * console.log(loss < 1e-6); // true (the pattern is in the input at the last step)
 * ```
 */
export const miconiNetLossAndGrad = (
  params: Float64Array,
  s: MiconiNetSpec,
  x: ArrayLike<number>,
  target: ArrayLike<number>,
  batch: number,
  T: number,
  grad: Float64Array,
  ws: MiconiNetWorkspace,
  yOut?: Float64Array,
): number => {
  const N = s.neurons;
  const P = s.outputs;
  const NN = N * N;
  const L = miconiNetLayout(s);
  const { y, hebb, g: G, carry, delta } = ws;
  let gy = ws.gy;
  let gyPrev = ws.gyPrev;
  const plastic = s.plastic;
  const eta = plastic ? params[L.eta] : 0;
  const keep = 1 - eta;
  const inv = 1 / batch;
  grad.fill(0);
  let loss = 0;
  for (let b = 0; b < batch; b++) {
    miconiNetForward(params, s, x, b * T * N, T, ws);
    gy.fill(0);
    const yT = T * N;
    for (let j = 0; j < P; j++) {
      const d = y[yT + j] - target[b * P + j];
      if (yOut) yOut[b * P + j] = y[yT + j];
      // L = (1/B) Σ_b Σ_{j<P} (y_T[j] − target[j])²   (simple.py: loss = (y − target).pow(2).sum())
      loss += d * d * inv;
      gy[j] = 2 * d * inv;
    }
    if (plastic) {
      G.fill(0);
      carry.fill(0);
    }
    let gEta = 0;
    for (let t = T; t >= 1; t--) {
      const yo = t * N;
      const yp = (t - 1) * N;
      const ypp = (t - 2) * N;
      const hp = (t - 1) * NN;
      for (let j = 0; j < N; j++) {
        // gy_t += η G_t y_{t−1} (carried from the later step); δ_t = gy_t ⊙ (1 − y_t²)
        const yj = y[yo + j];
        delta[j] = (gy[j] + (plastic ? eta * carry[j] : 0)) * (1 - yj * yj);
      }
      gyPrev.fill(0);
      if (plastic) carry.fill(0);
      for (let i = 0; i < N; i++) {
        const yi = y[yp + i];
        const yii = t >= 2 ? y[ypp + i] : 0;
        const row = i * N;
        let acc = 0;
        if (plastic) {
          for (let j = 0; j < N; j++) {
            const k = row + j;
            const h = hebb[hp + k];
            const al = params[L.alpha + k];
            const gk = G[k];
            const u = yi * delta[j];
            // ∂w += y_{t−1} δ_tᵀ;  ∂α += (y_{t−1} δ_tᵀ) ⊙ Hebb_{t−1}
            grad[k] += u;
            grad[L.alpha + k] += u * h;
            // ∂η += G_t ⊙ (y_{t−1} y_tᵀ − Hebb_{t−1})
            gEta += gk * (yi * y[yo + j] - h);
            // gy_{t−1} += (w + α ⊙ Hebb_{t−1}) δ_t + η G_t y_t
            acc += (params[k] + al * h) * delta[j] + eta * gk * y[yo + j];
            // G_{t−1} = (1 − η) G_t + α ⊙ (y_{t−1} δ_tᵀ)
            const gn = keep * gk + al * u;
            G[k] = gn;
            // carry_j = Σ_i G_{t−1}[i][j] y_{t−2}[i]  (the η G y term of the next step)
            carry[j] += gn * yii;
          }
        } else {
          for (let j = 0; j < N; j++) {
            grad[row + j] += yi * delta[j];
            acc += params[row + j] * delta[j];
          }
        }
        gyPrev[i] = acc;
      }
      const tmp = gy;
      gy = gyPrev;
      gyPrev = tmp;
    }
    if (plastic) grad[L.eta] += gEta;
  }
  return loss;
};

/**
 * Last outputs (B×P) of a batch of episodes, forward only.
 *
 * @example
 * ```ts
 * import { initMiconiNetParams, miconiNetRun, miconiNetWorkspace } from "@neuroplastic/engines/hebbian-rnn";
 * import { key } from "@neuroplastic/core/random";
 * const s = { neurons: 2, outputs: 1, plastic: false };
 * const y = miconiNetRun(initMiconiNetParams(s, key(0)), s, [20, 0], 1, 1, miconiNetWorkspace(s, 1));
 * console.log(y[0] > 0.99); // true
 * ```
 */
export const miconiNetRun = (
  params: Float64Array,
  s: MiconiNetSpec,
  x: ArrayLike<number>,
  batch: number,
  T: number,
  ws: MiconiNetWorkspace,
): Float64Array => {
  const N = s.neurons;
  const P = s.outputs;
  const out = new Float64Array(batch * P);
  for (let b = 0; b < batch; b++) {
    miconiNetForward(params, s, x, b * T * N, T, ws);
    for (let j = 0; j < P; j++) out[b * P + j] = ws.y[T * N + j];
  }
  return out;
};
