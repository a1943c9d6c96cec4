/**
 * The GENREG protein cascade ("genetic regulatory network"): 13 proteins that watch the sampled
 * (x, prediction, target) stream and emit a trust signal that modulates fitness
 * (GENREG-sine `legacy/sine_proteins.py`, `legacy/sine_genome.py`).
 *
 * Cascade (in order; inputs resolve to the signals or earlier proteins' outputs):
 * sensors S_x(x), S_pred(ŷ), S_target(y): running min/max m, M (updated to a new extreme, else
 *   moved by α(v − m)), out = tanh(gain·u + offset) with u = 2(v − m)/(M − m) − 1 when
 *   M − m > 1e−6, else u = 0;
 * trends T_x, T_pred, T_target: δ = v − v_prev, e ← μ e + (1 − μ) δ, out = tanh(scale·e);
 * comparators C_err(S_pred, S_target), C_trend(T_pred, T_target): mode ⌊mode⌋ mod 4 (Python
 *   semantics) 0: tanh(a − b), 1: tanh(a/(b + 1e−6)), 2: a > b + θ ? 1 : −1, 3: a < b − θ ? 1 : −1;
 * integrators I_err(C_err), I_trend(C_trend): d = clip(decay, 0.001, 0.5), acc ← acc(1 − d) + v,
 *   out = tanh(scale·acc);
 * trust modifiers U_err(I_err), U_trend(I_trend), U_inst(C_err): out = scale·tanh(gain·v + bias).
 * Per sample the trust delta is U_err + U_trend + U_inst; trust sums over the samples 0, 5, …, 95
 * (stride ⌊100/20⌋). Protein saturation k_p counts |out| > 0.95 after the last sample.
 *
 * Reference quirks reproduced: the per-evaluation `reset()` sets every numeric state entry to 0,
 * including the sensors' running min/max (which start at 0, not ±∞) and their EMA rate α (so
 * α = 0 during every evaluation); `scale` genes are clipped to [−0.2, 0.2] when mutated, which
 * also applies to the trend and integrator scales that start at 1.
 *
 * Fitness (reference `get_fitness`): base = −MSE, multiplier = max(0.1, 1 + 0.1·trust).
 * The reference computes base·multiplier, which makes positive trust LOWER fitness although its
 * docstring says "positive trust boosts fitness" (a sign bug). `trust: "intent"` (default here)
 * implements the documented intent, fitness = −MSE / multiplier; `"reference"` reproduces the bug;
 * `"off"` uses −MSE.
 *
 * @module
 */
import { fillNormal, fillUniform, type Key, split } from "@neuroplastic/core/random";
import { tanhScratch, tanhScratchRun } from "@neuroplastic/core/tensor/wasm";

/**
 * Number of protein genes appended to a controller genome.
 *
 * @example
 * ```ts
 * import { PROTEIN_DEFAULTS, PROTEIN_GENES } from "@neuroplastic/engines/genreg";
 * console.log(PROTEIN_DEFAULTS.length === PROTEIN_GENES); // true
 * ```
 */
export const PROTEIN_GENES = 29;

/**
 * Gene names in order (protein.param).
 *
 * @example
 * ```ts
 * import { PROTEIN_DEFAULTS, PROTEIN_GENE_NAMES } from "@neuroplastic/engines/genreg";
 * const i = PROTEIN_GENE_NAMES.indexOf("trust_error.scale");
 * console.log(i, PROTEIN_DEFAULTS[i]); // 20 -0.1
 * ```
 */
export const PROTEIN_GENE_NAMES: readonly string[] = [
  "sensor_x.gain",
  "sensor_x.offset",
  "sensor_pred.gain",
  "sensor_pred.offset",
  "sensor_target.gain",
  "sensor_target.offset",
  "trend_x.momentum",
  "trend_x.scale",
  "trend_pred.momentum",
  "trend_pred.scale",
  "trend_target.momentum",
  "trend_target.scale",
  "error_comparator.mode",
  "error_comparator.threshold",
  "trend_comparator.mode",
  "trend_comparator.threshold",
  "error_integrator.decay",
  "error_integrator.scale",
  "trend_integrator.decay",
  "trend_integrator.scale",
  "trust_error.scale",
  "trust_error.gain",
  "trust_error.bias",
  "trust_trend.scale",
  "trust_trend.gain",
  "trust_trend.bias",
  "trust_instant.scale",
  "trust_instant.gain",
  "trust_instant.bias",
];

/**
 * Default protein genes (`create_sine_protein_cascade`); random genomes start from these.
 *
 * @example
 * ```ts
 * import { PROTEIN_DEFAULTS } from "@neuroplastic/engines/genreg";
 * console.log(PROTEIN_DEFAULTS.length); // 29
 * ```
 */
export const PROTEIN_DEFAULTS: Float64Array = Float64Array.of(
  1,
  0,
  1,
  0,
  1,
  0, // sensors: gain, offset
  0.9,
  1,
  0.9,
  1,
  0.9,
  1, // trends: momentum, scale
  0,
  0,
  0,
  0, // comparators: mode, threshold
  0.1,
  1,
  0.05,
  1, // integrators: decay, scale
  -0.1,
  2,
  0,
  0.05,
  1,
  0,
  -0.05,
  1,
  0, // trust modifiers: scale, gain, bias
);

/** Clip range of a mutated gene by parameter name (reference `Protein.mutate`). */
const CLIP: readonly ([number, number] | null)[] = PROTEIN_GENE_NAMES.map((name) => {
  const p = name.split(".")[1];
  if (p === "scale") return [-0.2, 0.2];
  if (p === "gain") return [-3, 3];
  if (p === "momentum") return [0.5, 0.99];
  if (p === "decay") return [0.01, 0.5];
  if (p === "threshold") return [-10, 10];
  return null;
});

const mutateScratch = { u: new Float64Array(PROTEIN_GENES), z: new Float64Array(PROTEIN_GENES) };

/**
 * Protein mutation: each gene with probability `rate` (0.15) gets + N(0, scale²) (0.1), then is
 * clipped to its parameter's range. `genes` is read from `src` and written to `dst`
 * (both of length ≥ off + 29).
 *
 * @example
 * ```ts
 * import { mutateProteins, PROTEIN_DEFAULTS } from "@neuroplastic/engines/genreg";
 * import { key } from "@neuroplastic/core/random";
 * const g = PROTEIN_DEFAULTS.slice();
 * mutateProteins(g, g, 0, key(0));
 * ```
 */
export function mutateProteins(
  src: Float64Array,
  dst: Float64Array,
  off: number,
  key: Key,
  rate = 0.15,
  scale = 0.1,
): void {
  const [ku, kz] = split(key);
  // module scratch (fully overwritten by the fills below; every call is synchronous)
  const u = mutateScratch.u, z = mutateScratch.z;
  fillUniform(ku, u);
  fillNormal(kz, z);
  for (let i = 0; i < PROTEIN_GENES; i++) {
    let v = src[off + i];
    if (u[i] < rate) {
      v += z[i] * scale;
      const c = CLIP[i];
      if (c) v = Math.min(c[1], Math.max(c[0], v));
    }
    dst[off + i] = v;
  }
}

/**
 * Outcome of running the cascade on one evaluation.
 *
 * @example
 * ```ts
 * import { type CascadeResult, PROTEIN_DEFAULTS, runCascade } from "@neuroplastic/engines/genreg";
 * const x = Float64Array.from({ length: 100 }, (_, i) => i / 10), y = x.map(Math.sin);
 * const r: CascadeResult = runCascade(PROTEIN_DEFAULTS, 0, x, y, y);
 * console.log(Number.isFinite(r.trust), r.kProteins <= 13); // true true
 * ```
 */
export interface CascadeResult {
  /** Σ over sampled points of the three trust modifiers' outputs. */
  readonly trust: number;
  /** Proteins with |output| > threshold after the last sample. */
  readonly kProteins: number;
}

/** State of {@link runCascade} (module scratch: every call is synchronous and resets it). */
const cascadeScratch = {
  sMin: new Float64Array(3),
  sMax: new Float64Array(3),
  tPrev: new Float64Array(3),
  tEma: new Float64Array(3),
  acc: new Float64Array(2),
  out: new Float64Array(13),
};

/** Python `int(m) % 4` (truncate, then floor-mod). */
const modeOf = (m: number): number => (((Math.trunc(m) % 4) + 4) % 4);

/** A comparator protein's output for inputs a, b, mode gene and threshold gene. */
const cmp = (a: number, b: number, mode: number, th: number): number => {
  switch (modeOf(mode)) {
    case 0:
      return Math.tanh(a - b);
    case 1:
      return Math.tanh(a / (b + 1e-6));
    case 2:
      return a > b + th ? 1 : -1;
    default:
      return a < b - th ? 1 : -1;
  }
};

/**
 * Runs the 13-protein cascade over the sampled points (indices 0, stride, 2·stride, …) starting
 * from the reset state, and returns the accumulated trust.
 *
 * @example
 * ```ts
 * import { PROTEIN_DEFAULTS, runCascade } from "@neuroplastic/engines/genreg";
 * const x = Float64Array.from({ length: 100 }, (_, i) => i / 10), y = x.map(Math.sin);
 * console.log(runCascade(PROTEIN_DEFAULTS, 0, x, y, y).trust); // trust of a perfect predictor
 * ```
 */
export function runCascade(
  genes: Float64Array,
  off: number,
  x: Float64Array,
  pred: Float64Array,
  target: Float64Array,
  threshold = 0.95,
): CascadeResult {
  const rows = x.length;
  const stride = Math.max(1, Math.floor(rows / 20));
  // reset state (reference reset(): every numeric state entry → 0); module scratch, no allocation
  const sMin = cascadeScratch.sMin, sMax = cascadeScratch.sMax;
  const tPrev = cascadeScratch.tPrev, tEma = cascadeScratch.tEma, acc = cascadeScratch.acc;
  sMin.fill(0), sMax.fill(0), tPrev.fill(0), tEma.fill(0), acc.fill(0);
  const alpha = 0;
  const out = cascadeScratch.out;
  out.fill(0);
  const o = off;
  let trust = 0;
  for (let s = 0; s < rows; s += stride) {
    // sensors 0..2 read x, the prediction and the target
    for (let q = 0; q < 3; q++) {
      const v = q === 0 ? x[s] : q === 1 ? pred[s] : target[s];
      if (v < sMin[q]) sMin[q] = v;
      else sMin[q] += alpha * (v - sMin[q]);
      if (v > sMax[q]) sMax[q] = v;
      else sMax[q] += alpha * (v - sMax[q]);
      const range = sMax[q] - sMin[q];
      const norm = range > 1e-6 ? (2 * (v - sMin[q])) / range - 1 : 0;
      out[q] = Math.tanh(genes[o + 2 * q] * norm + genes[o + 2 * q + 1]);
    }
    // trends 3..5 on the sensors
    for (let q = 0; q < 3; q++) {
      const v = out[q];
      const delta = v - tPrev[q];
      tPrev[q] = v;
      const mom = genes[o + 6 + 2 * q];
      tEma[q] = mom * tEma[q] + (1 - mom) * delta;
      out[3 + q] = Math.tanh(genes[o + 7 + 2 * q] * tEma[q]);
    }
    // comparators 6 (S_pred vs S_target), 7 (T_pred vs T_target)
    out[6] = cmp(out[1], out[2], genes[o + 12], genes[o + 13]);
    out[7] = cmp(out[4], out[5], genes[o + 14], genes[o + 15]);
    // integrators 8 (C_err), 9 (C_trend)
    for (let q = 0; q < 2; q++) {
      const d = Math.max(0.001, Math.min(0.5, genes[o + 16 + 2 * q]));
      acc[q] = acc[q] * (1 - d) + out[6 + q];
      out[8 + q] = Math.tanh(genes[o + 17 + 2 * q] * acc[q]);
    }
    // trust modifiers 10 (I_err), 11 (I_trend), 12 (C_err)
    let delta = 0;
    for (let q = 0; q < 3; q++) {
      const src = q === 0 ? out[8] : q === 1 ? out[9] : out[6];
      const m = genes[o + 20 + 3 * q] *
        Math.tanh(genes[o + 21 + 3 * q] * src + genes[o + 22 + 3 * q]);
      out[10 + q] = m;
      delta += m;
    }
    trust += delta;
  }
  let kProteins = 0;
  for (let i = 0; i < 13; i++) if (Math.abs(out[i]) > threshold) kProteins++;
  return { trust, kProteins };
}

/** Growable state of {@link cascadeTrustMany} (module scratch; every call is synchronous). */
let manyState = new Float64Array(0);
let manyArgs = new Float64Array(0);

/**
 * The trust of {@link runCascade} for `count` genomes at once (genome i's protein genes start at
 * `genes[offs[i]]`, its predictions at `preds[i · rows]`), written to `out[0..count)`. The
 * cascades run in lockstep so that each stage's tanh of all genomes is one WebAssembly call
 * (`tanhScratch` of `@neuroplastic/core/tensor/wasm`, the bits of Math.tanh); every genome's
 * arithmetic, and so its trust, is that of {@link runCascade} bit for bit.
 *
 * @example
 * ```ts
 * import { cascadeTrustMany, PROTEIN_DEFAULTS, runCascade } from "@neuroplastic/engines/genreg";
 * const x = Float64Array.from({ length: 100 }, (_, i) => i / 10), y = x.map(Math.sin);
 * const out = new Float64Array(1);
 * cascadeTrustMany(PROTEIN_DEFAULTS, [0], 1, x, y, y, out);
 * console.log(out[0] === runCascade(PROTEIN_DEFAULTS, 0, x, y, y).trust); // true
 * ```
 */
export function cascadeTrustMany(
  genes: Float64Array,
  offs: ArrayLike<number>,
  count: number,
  x: Float64Array,
  preds: Float64Array,
  target: Float64Array,
  out: Float64Array,
): void {
  const rows = x.length;
  const stride = Math.max(1, Math.floor(rows / 20));
  // per genome: sMin 3, sMax 3, tPrev 3, tEma 3, acc 2, outputs 13, trust 1
  const W = 28;
  if (manyState.length < W * count) manyState = new Float64Array(W * count);
  const st = manyState;
  st.fill(0, 0, W * count);
  const alpha = 0;
  const wasm = tanhScratch(3 * count);
  if (wasm === null && manyArgs.length < 3 * count) manyArgs = new Float64Array(3 * count);
  const z = wasm ?? manyArgs;
  const tanhAll = (n: number): void => {
    if (wasm !== null) tanhScratchRun(n);
    else for (let i = 0; i < n; i++) z[i] = Math.tanh(z[i]);
  };
  for (let s = 0; s < rows; s += stride) {
    // sensors 0..2 read x, the prediction and the target
    for (let i = 0; i < count; i++) {
      const b = W * i, o = offs[i];
      for (let q = 0; q < 3; q++) {
        const v = q === 0 ? x[s] : q === 1 ? preds[i * rows + s] : target[s];
        const mi = b + q, ma = b + 3 + q;
        if (v < st[mi]) st[mi] = v;
        else st[mi] += alpha * (v - st[mi]);
        if (v > st[ma]) st[ma] = v;
        else st[ma] += alpha * (v - st[ma]);
        const range = st[ma] - st[mi];
        const norm = range > 1e-6 ? (2 * (v - st[mi])) / range - 1 : 0;
        z[3 * i + q] = genes[o + 2 * q] * norm + genes[o + 2 * q + 1];
      }
    }
    tanhAll(3 * count);
    // trends 3..5 on the sensors
    for (let i = 0; i < count; i++) {
      const b = W * i, o = offs[i], ob = b + 14;
      for (let q = 0; q < 3; q++) {
        const v = (st[ob + q] = z[3 * i + q]);
        const delta = v - st[b + 6 + q];
        st[b + 6 + q] = v;
        const mom = genes[o + 6 + 2 * q];
        st[b + 9 + q] = mom * st[b + 9 + q] + (1 - mom) * delta;
        z[3 * i + q] = genes[o + 7 + 2 * q] * st[b + 9 + q];
      }
    }
    tanhAll(3 * count);
    // comparators 6 (S_pred vs S_target), 7 (T_pred vs T_target)
    for (let i = 0; i < count; i++) {
      const b = W * i, o = offs[i], ob = b + 14;
      for (let q = 0; q < 3; q++) st[ob + 3 + q] = z[3 * i + q];
      for (let c = 0; c < 2; c++) {
        const a = st[ob + 1 + 3 * c], bb = st[ob + 2 + 3 * c];
        const mode = modeOf(genes[o + 12 + 2 * c]), th = genes[o + 13 + 2 * c];
        z[2 * i + c] = 0;
        if (mode === 0) z[2 * i + c] = a - bb;
        else if (mode === 1) z[2 * i + c] = a / (bb + 1e-6);
        else if (mode === 2) st[ob + 6 + c] = a > bb + th ? 1 : -1;
        else st[ob + 6 + c] = a < bb - th ? 1 : -1;
      }
    }
    tanhAll(2 * count);
    // integrators 8 (C_err), 9 (C_trend)
    for (let i = 0; i < count; i++) {
      const b = W * i, o = offs[i], ob = b + 14;
      for (let c = 0; c < 2; c++) {
        const mode = modeOf(genes[o + 12 + 2 * c]);
        if (mode === 0 || mode === 1) st[ob + 6 + c] = z[2 * i + c];
      }
      for (let q = 0; q < 2; q++) {
        const d = Math.max(0.001, Math.min(0.5, genes[o + 16 + 2 * q]));
        st[b + 12 + q] = st[b + 12 + q] * (1 - d) + st[ob + 6 + q];
        z[2 * i + q] = genes[o + 17 + 2 * q] * st[b + 12 + q];
      }
    }
    tanhAll(2 * count);
    // trust modifiers 10 (I_err), 11 (I_trend), 12 (C_err)
    for (let i = 0; i < count; i++) {
      const ob = W * i + 14;
      st[ob + 8] = z[2 * i], st[ob + 9] = z[2 * i + 1];
    }
    for (let i = 0; i < count; i++) {
      const b = W * i, o = offs[i], ob = b + 14;
      for (let q = 0; q < 3; q++) {
        const src = q === 0 ? st[ob + 8] : q === 1 ? st[ob + 9] : st[ob + 6];
        z[3 * i + q] = genes[o + 21 + 3 * q] * src + genes[o + 22 + 3 * q];
      }
    }
    tanhAll(3 * count);
    for (let i = 0; i < count; i++) {
      const b = W * i, o = offs[i], ob = b + 14;
      let delta = 0;
      for (let q = 0; q < 3; q++) {
        const m = genes[o + 20 + 3 * q] * z[3 * i + q];
        st[ob + 10 + q] = m;
        delta += m;
      }
      st[b + 27] += delta;
    }
  }
  for (let i = 0; i < count; i++) out[i] = manyState[W * i + 27];
}

/**
 * How trust enters fitness (see {@link trustFitness}).
 *
 * @example
 * ```ts
 * import { trustFitness, type TrustMode } from "@neuroplastic/engines/genreg";
 * const mode: TrustMode = "off";
 * console.log(trustFitness(0.25, 3, mode)); // -0.25
 * ```
 */
export type TrustMode = "intent" | "reference" | "off";

/**
 * Trust-modulated fitness: m = max(0.1, 1 + 0.1·trust); "intent": −mse/m (positive trust raises
 * fitness, as documented); "reference": −mse·m (the reference's sign bug); "off": −mse.
 *
 * @example
 * ```ts
 * import { trustFitness } from "@neuroplastic/engines/genreg";
 * console.log(trustFitness(0.1, 2, "intent") > trustFitness(0.1, 0, "intent")); // true
 * console.log(trustFitness(0.1, 2, "reference") < trustFitness(0.1, 0, "reference")); // true
 * ```
 */
export function trustFitness(mse: number, trust: number, mode: TrustMode): number {
  const m = Math.max(0.1, 1 + 0.1 * trust);
  if (mode === "off") return -mse;
  return mode === "intent" ? -mse / m : -mse * m;
}
