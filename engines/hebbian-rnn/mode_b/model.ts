/**
 * Mode B network: differentiable plasticity (Miconi, Clune & Stanley 2018) and backpropamine
 * (Miconi et al. 2019). Parameter layout, pure inference `init/step/run` with the plastic
 * trace as state.
 *
 * All matrices are PyTorch layout `[post][pre]` (row j = postsynaptic unit j). Per step:
 * ```
 * h_t = tanh(W_ih x_t + b_h + (W_hh + α ⊙ P_{t−1}) h_{t−1})            (2018 Eq. 1; 2019 Eq. 1)
 * y_t = W_ho h_t + b_o
 * U_t = λ_P P_{t−1} + M_t D_t,   P_t = clip(U_t, −c, c)
 *   hebbian     : λ_P = 1 − η, M_t = η,  D_t = h_t h_{t−1}ᵀ                (2018 Eq. 2)
 *   simple      : λ_P = 1, M_t = tanh(w_m·h_t + b_m), D_t = h_t h_{t−1}ᵀ     (2019 Eq. 3–4)
 *   retroactive : λ_P = 1, M_t = tanh(w_m·h_t + b_m), D_t = E_{t−1},
 *                 E_t = (1 − η) E_{t−1} + η h_t h_{t−1}ᵀ                      (2019 Eq. 5–6)
 *   none        : P ≡ 0 (a plain RNN; α, w_m, b_m absent)
 * ```
 *
 * @module
 */
import { InvalidConfig } from "@neuroplastic/core/errors";
import { type Key, split, uniform } from "@neuroplastic/core/random";

/** Plasticity variant of a Mode B network. */
export type ModeBPlasticity = "none" | "hebbian" | "simple" | "retroactive";

/** Sizes and plasticity hyper-parameters of a Mode B network. */
export interface ModeBSpec {
  /** Input size I. */
  readonly input: number;
  /** Hidden size H. */
  readonly hidden: number;
  /** Output size O. */
  readonly output: number;
  /** Plasticity variant. */
  readonly plasticity: ModeBPlasticity;
  /** Trace rate η (decay of the Hebbian trace, or of the eligibility trace E). */
  readonly eta: number;
  /** Clip bound c of the plastic trace (backpropamine: 1). */
  readonly clip: number;
}

/** Offsets of each tensor in the flat parameter vector (−1 when absent). */
export interface ModeBLayout {
  /** Offset of W_ih (H×I). */
  readonly wIh: number;
  /** Offset of b_h (H). */
  readonly bH: number;
  /** Offset of W_hh (H×H). */
  readonly wHh: number;
  /** Offset of the plasticity coefficients α (H×H). */
  readonly alpha: number;
  /** Offset of W_ho (O×H). */
  readonly wHo: number;
  /** Offset of b_o (O). */
  readonly bO: number;
  /** Offset of the modulation weights w_m (H). */
  readonly wM: number;
  /** Offset of the modulation bias b_m. */
  readonly bM: number;
  /** Total number of parameters. */
  readonly size: number;
}

/**
 * Whether the variant has a network-generated neuromodulator.
 *
 * @example
 * ```ts
 * import { isModulated } from "@neuroplastic/engines/hebbian-rnn";
 * console.log(isModulated("retroactive"), isModulated("hebbian")); // true false
 * ```
 */
export const isModulated = (p: ModeBPlasticity): boolean => p === "simple" || p === "retroactive";

/**
 * Layout `[W_ih, b_h, W_hh, α?, W_ho, b_o, w_m?, b_m?]`.
 *
 * @example
 * ```ts
 * import { modeBLayout } from "@neuroplastic/engines/hebbian-rnn";
 * const L = modeBLayout({ input: 2, hidden: 3, output: 1, plasticity: "simple", eta: 0.1, clip: 1 });
 * console.log(L.size); // 6 + 3 + 9 + 9 + 3 + 1 + 3 + 1 = 35
 * ```
 */
export const modeBLayout = (s: ModeBSpec): ModeBLayout => {
  const { input: I, hidden: H, output: O } = s;
  const plastic = s.plasticity !== "none";
  const mod = isModulated(s.plasticity);
  let o = 0;
  const take = (n: number, on = true): number => {
    if (!on) return -1;
    const at = o;
    o += n;
    return at;
  };
  const wIh = take(H * I);
  const bH = take(H);
  const wHh = take(H * H);
  const alpha = take(H * H, plastic);
  const wHo = take(O * H);
  const bO = take(O);
  const wM = take(H, mod);
  const bM = take(1, mod);
  return { wIh, bH, wHh, alpha, wHo, bO, wM, bM, size: o };
};

/**
 * Hidden size of a non-plastic RNN whose parameter count is closest to `target`
 * (`H² + H(I + O + 1) + O`), for the same-parameter-count baseline.
 *
 * @example
 * ```ts
 * import { matchedHiddenSize, modeBLayout } from "@neuroplastic/engines/hebbian-rnn";
 * const plastic = { input: 9, hidden: 24, output: 1, plasticity: "simple" as const, eta: 0.1, clip: 1 };
 * console.log(matchedHiddenSize(9, 1, modeBLayout(plastic).size)); // 33
 * ```
 */
export const matchedHiddenSize = (input: number, output: number, target: number): number => {
  let best = 1;
  let bestGap = Infinity;
  for (let h = 1; h <= 4096; h++) {
    const n = h * h + h * (input + output + 1) + output;
    const gap = Math.abs(n - target);
    if (gap < bestGap) {
      best = h;
      bestGap = gap;
    }
    if (n > target) break;
  }
  return best;
};

/**
 * Initial parameters: `nn.Linear`-style `U(±1/√fan_in)` for the weights and biases,
 * α ~ U(±alphaInit), w_m ~ U(±1/√H), b_m = 0.
 *
 * @example
 * ```ts
 * import { initModeBParams } from "@neuroplastic/engines/hebbian-rnn";
 * import { key } from "@neuroplastic/core/random";
 * const s = { input: 2, hidden: 3, output: 1, plasticity: "simple" as const, eta: 0.1, clip: 1 };
 * console.log(initModeBParams(s, key(0)).length); // 35
 * ```
 */
export const initModeBParams = (s: ModeBSpec, k: Key, alphaInit = 0.1): Float64Array => {
  const L = modeBLayout(s);
  const { input: I, hidden: H, output: O } = s;
  const p = new Float64Array(L.size);
  const ks = split(k, 8);
  const fill = (at: number, n: number, kk: Key, b: number) => {
    if (at >= 0 && n > 0 && b > 0) p.set(uniform(kk, n, -b, b), at);
  };
  fill(L.wIh, H * I, ks[0], 1 / Math.sqrt(I));
  fill(L.bH, H, ks[1], 1 / Math.sqrt(I));
  fill(L.wHh, H * H, ks[2], 1 / Math.sqrt(H));
  fill(L.alpha, H * H, ks[3], alphaInit);
  fill(L.wHo, O * H, ks[4], 1 / Math.sqrt(H));
  fill(L.bO, O, ks[5], 1 / Math.sqrt(H));
  fill(L.wM, H, ks[6], 1 / Math.sqrt(H));
  return p;
};

/**
 * Checks a spec: sizes ≥ 1, η ∈ [0, 1], clip > 0.
 *
 * @example
 * ```ts
 * import { checkModeBSpec } from "@neuroplastic/engines/hebbian-rnn";
 * console.log(checkModeBSpec({ input: 1, hidden: 2, output: 1, plasticity: "simple", eta: 2, clip: 1 })?.field); // "eta"
 * ```
 */
export const checkModeBSpec = (s: ModeBSpec): InvalidConfig | undefined => {
  for (const f of ["input", "hidden", "output"] as const) {
    if (!Number.isInteger(s[f]) || s[f] < 1) {
      return new InvalidConfig({
        field: f,
        message: `${f}: must be an integer ≥ 1, got ${s[f]}`,
        allowed: "integer ≥ 1",
      });
    }
  }
  if (!(s.eta >= 0 && s.eta <= 1)) {
    return new InvalidConfig({
      field: "eta",
      message: `eta: must be in [0, 1], got ${s.eta}`,
      allowed: "[0, 1]",
    });
  }
  if (!(s.clip > 0 && Number.isFinite(s.clip))) {
    return new InvalidConfig({
      field: "clip",
      message: `clip: must be a finite number > 0, got ${s.clip}`,
      allowed: "> 0",
    });
  }
  return undefined;
};

/** Inference state of a batch: hidden h (B×H), plastic trace P and eligibility E (B×H×H). */
export interface ModeBState {
  /** Batch size B. */
  readonly batch: number;
  /** Steps taken since reset. */
  readonly t: number;
  /** Hidden states h, B×H. */
  readonly h: Float64Array;
  /** Plastic traces P, B×H×H. */
  readonly p: Float64Array;
  /** Eligibility traces E, B×H×H (empty unless retroactive). */
  readonly e: Float64Array;
}

/**
 * Zero state for `batch` episodes (h = 0, P = 0, E = 0).
 *
 * @example
 * ```ts
 * import { initModeBState } from "@neuroplastic/engines/hebbian-rnn";
 * const st = initModeBState({ input: 1, hidden: 4, output: 1, plasticity: "simple", eta: 0.1, clip: 1 }, 2);
 * console.log(st.p.length); // 32
 * ```
 */
export const initModeBState = (s: ModeBSpec, batch: number): ModeBState => ({
  batch,
  t: 0,
  h: new Float64Array(batch * s.hidden),
  p: new Float64Array(batch * s.hidden * s.hidden),
  e: new Float64Array(s.plasticity === "retroactive" ? batch * s.hidden * s.hidden : 0),
});

/** Per-sample buffers of {@link modeBAdvanceSample}. */
export interface ModeBSampleBuffers {
  /** h_{t−1} of the sample (H). */
  readonly hPrev: Float64Array;
}

/**
 * One step of one sample **in place**: reads h_{t−1} from `h` (at `ho`), P_{t−1}/E_{t−1} (at
 * `po`), writes h_t, P_t, E_t and y_t; returns M_t (0 for `none`). Optional `mask` receives the
 * clip mask `|U_t| ≤ c` (1 inside). This is the forward kernel shared by inference and BPTT.
 *
 * @example
 * ```ts
 * import { initModeBParams, modeBAdvanceSample } from "@neuroplastic/engines/hebbian-rnn";
 * import { key } from "@neuroplastic/core/random";
 * const s = { input: 1, hidden: 2, output: 1, plasticity: "simple" as const, eta: 0.1, clip: 1 };
 * const p = initModeBParams(s, key(0));
 * const h = new Float64Array(2), P = new Float64Array(4), y = new Float64Array(1);
 * modeBAdvanceSample(p, s, [1], 0, h, 0, P, new Float64Array(0), 0, y, 0, new Float64Array(2));
 * ```
 */
export const modeBAdvanceSample = (
  params: Float64Array,
  s: ModeBSpec,
  x: ArrayLike<number>,
  xo: number,
  h: Float64Array,
  ho: number,
  P: Float64Array,
  E: Float64Array,
  po: number,
  y: Float64Array,
  yo: number,
  hPrev: Float64Array,
  mask?: Uint8Array,
  maskOffset = 0,
): number => {
  const { input: I, hidden: H, output: O } = s;
  const L = modeBLayout(s);
  const plastic = s.plasticity !== "none";
  for (let i = 0; i < H; i++) hPrev[i] = h[ho + i];
  for (let j = 0; j < H; j++) {
    let a = params[L.bH + j];
    const wi = L.wIh + j * I;
    for (let k = 0; k < I; k++) a += params[wi + k] * x[xo + k];
    const row = j * H;
    if (plastic) {
      for (let i = 0; i < H; i++) {
        // (W_hh + α ⊙ P_{t−1}) h_{t−1}   (Miconi et al. 2018, Eq. 1)
        a += (params[L.wHh + row + i] + params[L.alpha + row + i] * P[po + row + i]) * hPrev[i];
      }
    } else {
      for (let i = 0; i < H; i++) a += params[L.wHh + row + i] * hPrev[i];
    }
    // h_t = tanh(a_t)
    h[ho + j] = Math.tanh(a);
  }
  for (let o = 0; o < O; o++) {
    let v = params[L.bO + o];
    const wo = L.wHo + o * H;
    for (let j = 0; j < H; j++) v += params[wo + j] * h[ho + j];
    // y_t = W_ho h_t + b_o
    y[yo + o] = v;
  }
  if (!plastic) return 0;
  let M: number;
  let lamP = 1;
  if (s.plasticity === "hebbian") {
    M = s.eta;
    lamP = 1 - s.eta;
  } else {
    let m = params[L.bM];
    for (let j = 0; j < H; j++) m += params[L.wM + j] * h[ho + j];
    // M_t = tanh(w_m · h_t + b_m)   (Miconi et al. 2019, Eq. 3)
    M = Math.tanh(m);
  }
  const c = s.clip;
  const retro = s.plasticity === "retroactive";
  const lamE = 1 - s.eta;
  for (let j = 0; j < H; j++) {
    const row = po + j * H;
    const hj = h[ho + j];
    for (let i = 0; i < H; i++) {
      const k = row + i;
      // U_t = λ_P P_{t−1} + M_t D_t, D_t = h_t h_{t−1}ᵀ or E_{t−1}   (2018 Eq. 2; 2019 Eq. 4–5)
      const u = lamP * P[k] + M * (retro ? E[k] : hj * hPrev[i]);
      // P_t = clip(U_t, −c, c)
      const inside = u <= c && u >= -c;
      P[k] = inside ? u : u > c ? c : -c;
      if (mask) mask[maskOffset + j * H + i] = inside ? 1 : 0;
      // E_t = (1 − η) E_{t−1} + η h_t h_{t−1}ᵀ   (2019 Eq. 6)
      if (retro) E[k] = lamE * E[k] + s.eta * hj * hPrev[i];
    }
  }
  return M;
};

/**
 * Pure step of a batch: `x` is B×I; returns the new state and y (B×O).
 *
 * @example
 * ```ts
 * import { initModeBParams, initModeBState, stepModeB } from "@neuroplastic/engines/hebbian-rnn";
 * import { key } from "@neuroplastic/core/random";
 * const s = { input: 1, hidden: 4, output: 1, plasticity: "retroactive" as const, eta: 0.1, clip: 1 };
 * const { state, y } = stepModeB(initModeBParams(s, key(0)), s, initModeBState(s, 1), [1]);
 * console.log(state.t, y.length); // 1 1
 * ```
 */
export const stepModeB = (
  params: Float64Array,
  s: ModeBSpec,
  state: ModeBState,
  x: ArrayLike<number>,
): { state: ModeBState; y: Float64Array } => {
  const { state: next, y } = runModeB(params, s, state, x, 1);
  return { state: next, y };
};

/**
 * Runs `T` steps over `xs` (B×T×I, row-major); pure at its boundary (one copy); equals `T`
 * calls of {@link stepModeB} bit for bit. Returns y (B×T×O) and the modulation M (B×T).
 *
 * @example
 * ```ts
 * import { initModeBParams, initModeBState, runModeB } from "@neuroplastic/engines/hebbian-rnn";
 * import { key } from "@neuroplastic/core/random";
 * const s = { input: 1, hidden: 4, output: 1, plasticity: "simple" as const, eta: 0.1, clip: 1 };
 * const { state, y } = runModeB(initModeBParams(s, key(0)), s, initModeBState(s, 1), [1, 0, 1], 3);
 * console.log(state.t, y.length); // 3 3
 * ```
 */
export const runModeB = (
  params: Float64Array,
  s: ModeBSpec,
  state: ModeBState,
  xs: ArrayLike<number>,
  T: number,
): { state: ModeBState; y: Float64Array; m: Float64Array } => {
  const { input: I, hidden: H, output: O } = s;
  const B = state.batch;
  const h = state.h.slice();
  const P = state.p.slice();
  const E = state.e.slice();
  const y = new Float64Array(B * T * O);
  const m = new Float64Array(B * T);
  const hPrev = new Float64Array(H);
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) {
      m[b * T + t] = modeBAdvanceSample(
        params,
        s,
        xs,
        (b * T + t) * I,
        h,
        b * H,
        P,
        E,
        b * H * H,
        y,
        (b * T + t) * O,
        hPrev,
      );
    }
  }
  return { state: { batch: B, t: state.t + T, h, p: P, e: E }, y, m };
};
