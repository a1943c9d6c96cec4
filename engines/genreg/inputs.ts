/**
 * The GENREG sine task and its expanded inputs.
 *
 * x = linspace(−2π, 2π, 100) rounded to float32 (the reference feeds float32 tensors), target
 * y = sin(x). Each sample is expanded into `trueColumns + noiseColumns` columns.
 *
 * Legacy mode reproduces GENREG-sine `legacy/sine_controller.py` `expand_input` (the expansion the
 * published models were trained on), evaluated in float64 from float32 x and float32-rounded noise
 * parameters (spec: "a float64 evaluation agrees to ≈ 1e-5" with the float32 reference):
 * - true columns (xn = x/2π): 0 xn; 1 xn²; 2 xn³; 3–8 sin(f x), f = 0.5, 1, …, 3; 9–14 cos(f x);
 *   15 zero; columns 16.. of a wider "true" block stay zero (sweep C2/C3);
 * - noise from NumPy `RandomState(12345)`: NF = U(0.1, 10, 100), NP = U(0, 2π, 100),
 *   NS = U(0.5, 2, 100) drawn in that order (MT19937, `@neuroplastic/core/random` `numpy`):
 *   16–65 sin(x NF_i + NP_i); 66–115 cos(x NF_{50+i} + NP_{50+i}); 116–125 −sin(x g),
 *   g = 0.5, 1, …, 5; 126–135 −cos(x g); 136–155 xn^p, p = 4…23; 156–175 sin(x NF_i) cos(x NF_{20+i});
 *   176–195 tanh(x NS_i); 196–215 exp(−|0.3 x NS_{20+i}|) − 0.5; 216–235 sign(sin(x NF_{40+i}));
 *   236–255 fmod(x NF_{60+i} + NP_{60+i}, 2) − 1 (C fmod: sign of the dividend).
 *   A sweep with fewer noise columns keeps the first ones in this order; columns beyond 240 are
 *   "fresh" N(0, 0.5²) noise, re-drawn at every forward pass as in the reference.
 *   NOTE: the legacy "noise" is not noise: column 117 is −sin(x) (correlation −1 with the
 *   target), 116–135 and several others are correlated with it. Kept on purpose in legacy mode.
 * Clean mode keeps the true columns and replaces the noise with Gaussian columns (Threefry key
 * `cleanSeed`) projected onto the orthogonal complement of span{1, true columns} over the 100
 * samples (so every noise column has exactly zero sample correlation with every true column and
 * with the target sin(x), which is true column 4) and rescaled to standard deviation 0.5.
 *
 * @module
 */
import { fillNormal, fold, type Key, key as mkKey, numpy } from "@neuroplastic/core/random";

/**
 * Number of samples of the task.
 *
 * @example
 * ```ts
 * import { samplePoints, SAMPLES } from "@neuroplastic/engines/genreg";
 * console.log(samplePoints().length === SAMPLES); // true
 * ```
 */
export const SAMPLES = 100;
/**
 * Number of defined true columns in the legacy layout (0–15, column 15 is zero).
 *
 * @example
 * ```ts
 * import { expandInputs, LEGACY_NOISE, LEGACY_TRUE } from "@neuroplastic/engines/genreg";
 * const x = expandInputs({ mode: "legacy", trueColumns: LEGACY_TRUE, noiseColumns: LEGACY_NOISE });
 * console.log(x.cols); // 256
 * ```
 */
export const LEGACY_TRUE = 16;
/**
 * Number of deterministic legacy noise columns (further noise columns are fresh per evaluation).
 *
 * @example
 * ```ts
 * import { expandInputs, LEGACY_NOISE } from "@neuroplastic/engines/genreg";
 * const x = expandInputs({ mode: "legacy", trueColumns: 16, noiseColumns: LEGACY_NOISE + 10 });
 * console.log(x.freshColumns); // 10
 * ```
 */
export const LEGACY_NOISE = 240;

/**
 * Input expansion mode: "legacy" (reference expansion, leaky noise) or "clean" (uncorrelated noise).
 *
 * @example
 * ```ts
 * import { expandInputs, type InputMode } from "@neuroplastic/engines/genreg";
 * const mode: InputMode = "clean";
 * console.log(expandInputs({ mode, trueColumns: 16, noiseColumns: 240 }).freshColumns); // 0
 * ```
 */
export type InputMode = "legacy" | "clean";

/**
 * What to expand.
 *
 * @example
 * ```ts
 * import { expandInputs, type InputSpec } from "@neuroplastic/engines/genreg";
 * const spec: InputSpec = { mode: "legacy", trueColumns: 16, noiseColumns: 48 };
 * console.log(expandInputs(spec).cols); // 64
 * ```
 */
export interface InputSpec {
  /** "legacy" (reference expansion) or "clean" (uncorrelated noise). */
  readonly mode: InputMode;
  /** Width of the true block (default 16; extra columns are zero). */
  readonly trueColumns: number;
  /** Number of noise columns (default 240). */
  readonly noiseColumns: number;
  /** Clean mode: seed of the Gaussian noise (default 12345). */
  readonly cleanSeed?: number;
}

/**
 * The expanded task.
 *
 * @example
 * ```ts
 * import { expandInputs, type Inputs } from "@neuroplastic/engines/genreg";
 * const inp: Inputs = expandInputs({ mode: "legacy", trueColumns: 16, noiseColumns: 240 });
 * console.log(inp.rows, inp.cols, inp.target[0] === Math.sin(inp.x[0])); // 100 256 true
 * ```
 */
export interface Inputs {
  /** Samples (100). */
  readonly rows: number;
  /** Columns (true + noise). */
  readonly cols: number;
  /** rows × cols, row-major; fresh-noise columns (the last `freshColumns`) are zero here. */
  readonly data: Float64Array;
  /** cols × rows (column-major copy, for column access). */
  readonly dataT: Float64Array;
  /** Trailing columns re-drawn from N(0, 0.5²) at every evaluation (legacy, > 240 noise). */
  readonly freshColumns: number;
  /** The 100 sample points (float32 values). */
  readonly x: Float64Array;
  /** sin(x). */
  readonly target: Float64Array;
}

/**
 * x = linspace(−2π, 2π, 100) (NumPy: i·step + start, last = stop) rounded to float32.
 *
 * @example
 * ```ts
 * import { samplePoints } from "@neuroplastic/engines/genreg";
 * console.log(samplePoints()[99] === Math.fround(2 * Math.PI)); // true
 * ```
 */
export function samplePoints(): Float64Array {
  const n = SAMPLES, start = -2 * Math.PI, stop = 2 * Math.PI;
  const step = (stop - start) / (n - 1);
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = Math.fround(i * step + start);
  x[n - 1] = Math.fround(stop);
  return x;
}

/**
 * The reference noise parameters: NF, NP, NS from `RandomState(12345)` (float64, as drawn).
 *
 * @example
 * ```ts
 * import { legacyNoiseParams } from "@neuroplastic/engines/genreg";
 * const { nf, np, ns } = legacyNoiseParams();
 * console.log(nf[0].toFixed(8), np[0].toFixed(8), ns[0].toFixed(7)); // 9.30319932 1.23021626 1.7704145
 * ```
 */
export function legacyNoiseParams(): { nf: Float64Array; np: Float64Array; ns: Float64Array } {
  const rs = numpy.randomState(12345);
  const nf = numpy.uniform(rs, 0.1, 10, 100);
  const np = numpy.uniform(rs, 0, 2 * Math.PI, 100);
  const ns = numpy.uniform(rs, 0.5, 2, 100);
  return { nf, np, ns };
}

/** The 16 legacy true columns of sample x. */
const trueRow = (x: number, out: Float64Array, off: number, width: number): void => {
  const xn = x / (2 * Math.PI);
  const v = new Float64Array(LEGACY_TRUE);
  v[0] = xn;
  v[1] = xn * xn;
  v[2] = xn * xn * xn;
  const fs = [0.5, 1, 1.5, 2, 2.5, 3];
  for (let j = 0; j < 6; j++) {
    v[3 + j] = Math.sin(fs[j] * x);
    v[9 + j] = Math.cos(fs[j] * x);
  }
  for (let j = 0; j < Math.min(width, LEGACY_TRUE); j++) out[off + j] = v[j];
};

/** The 240 legacy noise columns of sample x (float32-rounded parameters). */
const noiseRow = (
  x: number,
  p: { nf: Float64Array; np: Float64Array; ns: Float64Array },
  out: Float64Array,
  off: number,
  count: number,
): void => {
  const f32 = Math.fround;
  const xn = x / (2 * Math.PI);
  const v = new Float64Array(LEGACY_NOISE);
  let c = 0;
  for (let i = 0; i < 50; i++) v[c++] = Math.sin(x * f32(p.nf[i]) + f32(p.np[i]));
  for (let i = 0; i < 50; i++) v[c++] = Math.cos(x * f32(p.nf[50 + i]) + f32(p.np[50 + i]));
  for (let j = 0; j < 10; j++) v[c++] = -Math.sin(x * 0.5 * (j + 1));
  for (let j = 0; j < 10; j++) v[c++] = -Math.cos(x * 0.5 * (j + 1));
  for (let q = 4; q < 24; q++) v[c++] = xn ** q;
  for (let i = 0; i < 20; i++) {
    v[c++] = Math.sin(x * f32(p.nf[i])) * Math.cos(x * f32(p.nf[20 + i]));
  }
  for (let i = 0; i < 20; i++) v[c++] = Math.tanh(x * f32(p.ns[i]));
  for (let i = 0; i < 20; i++) v[c++] = Math.exp(-Math.abs(x * f32(p.ns[20 + i]) * 0.3)) - 0.5;
  for (let i = 0; i < 20; i++) v[c++] = Math.sign(Math.sin(x * f32(p.nf[40 + i])));
  // C fmod (JavaScript % has the sign of the dividend)
  for (let i = 0; i < 20; i++) v[c++] = ((x * f32(p.nf[60 + i]) + f32(p.np[60 + i])) % 2) - 1;
  for (let j = 0; j < count; j++) out[off + j] = v[j];
};

/**
 * Expands the 100 samples (legacy or clean mode).
 *
 * @example
 * ```ts
 * import { expandInputs } from "@neuroplastic/engines/genreg";
 * const inp = expandInputs({ mode: "legacy", trueColumns: 16, noiseColumns: 240 });
 * console.log(inp.rows, inp.cols, inp.data[117] === -Math.sin(inp.x[0])); // 100 256 true
 * ```
 */
export function expandInputs(spec: InputSpec): Inputs {
  const tc = spec.trueColumns, nc = spec.noiseColumns;
  if (!Number.isInteger(tc) || tc < 1) throw new RangeError(`trueColumns must be ≥ 1, got ${tc}`);
  if (!Number.isInteger(nc) || nc < 0) throw new RangeError(`noiseColumns must be ≥ 0, got ${nc}`);
  const rows = SAMPLES, cols = tc + nc;
  const x = samplePoints();
  const data = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) trueRow(x[r], data, r * cols, tc);
  let fresh = 0;
  if (spec.mode === "legacy") {
    const p = legacyNoiseParams();
    const det = Math.min(nc, LEGACY_NOISE);
    for (let r = 0; r < rows; r++) noiseRow(x[r], p, data, r * cols + tc, det);
    fresh = nc - det;
  } else {
    cleanNoise(data, rows, cols, tc, nc, mkKey(spec.cleanSeed ?? 12345));
  }
  const target = new Float64Array(rows);
  for (let r = 0; r < rows; r++) target[r] = Math.sin(x[r]);
  return { rows, cols, data, dataT: transpose(data, rows, cols), freshColumns: fresh, x, target };
}

const transpose = (a: Float64Array, rows: number, cols: number): Float64Array => {
  const t = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) t[c * rows + r] = a[r * cols + c];
  return t;
};

/** Clean-mode noise: Gaussian columns orthogonal to span{1, true columns}, std 0.5. */
function cleanNoise(
  data: Float64Array,
  rows: number,
  cols: number,
  tc: number,
  nc: number,
  key: Key,
): void {
  // Orthonormal basis of span{1, true columns} (modified Gram–Schmidt, dependent vectors dropped).
  const basis: Float64Array[] = [];
  const add = (v: Float64Array): void => {
    for (const b of basis) {
      let d = 0;
      for (let r = 0; r < rows; r++) d += b[r] * v[r];
      for (let r = 0; r < rows; r++) v[r] -= d * b[r];
    }
    let nrm = 0;
    for (let r = 0; r < rows; r++) nrm += v[r] * v[r];
    nrm = Math.sqrt(nrm);
    if (nrm > 1e-9) {
      for (let r = 0; r < rows; r++) v[r] /= nrm;
      basis.push(v);
    }
  };
  add(new Float64Array(rows).fill(1));
  for (let c = 0; c < tc; c++) {
    const v = new Float64Array(rows);
    for (let r = 0; r < rows; r++) v[r] = data[r * cols + c];
    add(v);
  }
  const z = new Float64Array(rows);
  for (let j = 0; j < nc; j++) {
    fillNormal(fold(key, j), z);
    // two passes of projection for numerical orthogonality
    for (let pass = 0; pass < 2; pass++) {
      for (const b of basis) {
        let d = 0;
        for (let r = 0; r < rows; r++) d += b[r] * z[r];
        for (let r = 0; r < rows; r++) z[r] -= d * b[r];
      }
    }
    let ss = 0;
    for (let r = 0; r < rows; r++) ss += z[r] * z[r];
    const s = 0.5 / Math.sqrt(ss / rows);
    for (let r = 0; r < rows; r++) data[r * cols + tc + j] = z[r] * s;
  }
}

/**
 * Fills the fresh-noise columns of a copy of `inputs.data` with N(0, 0.5²) drawn from `key`
 * (reference: `torch.randn(batch, remaining) * 0.5` inside every `expand_input` call).
 * Returns `inputs.data` itself when there are no fresh columns.
 *
 * @example
 * ```ts
 * import { expandInputs, withFreshNoise } from "@neuroplastic/engines/genreg";
 * import { key } from "@neuroplastic/core/random";
 * const inp = expandInputs({ mode: "legacy", trueColumns: 16, noiseColumns: 496 });
 * console.log(inp.freshColumns, withFreshNoise(inp, key(0))[511] !== 0); // 256 true
 * ```
 */
export function withFreshNoise(inputs: Inputs, key: Key, out?: Float64Array): Float64Array {
  if (inputs.freshColumns === 0) return inputs.data;
  const { rows, cols, freshColumns } = inputs;
  const buf = out ?? new Float64Array(rows * cols);
  buf.set(inputs.data);
  const z = new Float64Array(rows * freshColumns);
  fillNormal(key, z, 0, 0.5);
  const c0 = cols - freshColumns;
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < freshColumns; j++) buf[r * cols + c0 + j] = z[r * freshColumns + j];
  }
  return buf;
}

/**
 * A named input variant of the reference sweeps (N0–N5, C1–C3; H-sweep uses N4's inputs).
 *
 * @example
 * ```ts
 * import { type Variant, VARIANTS } from "@neuroplastic/engines/genreg";
 * const v: Variant = VARIANTS.N3;
 * console.log(v.trueColumns + v.noiseColumns, v.hidden); // 128 8
 * ```
 */
export interface Variant {
  /** Variant name (N0–N5, C1–C3, H1–H4). */
  readonly id: string;
  /** Width of the true block. */
  readonly trueColumns: number;
  /** Noise columns. */
  readonly noiseColumns: number;
  /** Hidden units. */
  readonly hidden: number;
}

/**
 * The reference sweep variants (GENREG-sine `legacy/sine_sweep.py`): N0–N5 noise 0/16/48/112/240/496,
 * C1–C3 true block 16/64/256 without noise, H1–H4 hidden 4/8/16/32 with 16 + 240 inputs.
 *
 * @example
 * ```ts
 * import { VARIANTS } from "@neuroplastic/engines/genreg";
 * console.log(VARIANTS.N5.noiseColumns, VARIANTS.H3.hidden); // 496 16
 * ```
 */
export const VARIANTS: { readonly [id: string]: Variant } = Object.freeze({
  N0: { id: "N0", trueColumns: 16, noiseColumns: 0, hidden: 8 },
  N1: { id: "N1", trueColumns: 16, noiseColumns: 16, hidden: 8 },
  N2: { id: "N2", trueColumns: 16, noiseColumns: 48, hidden: 8 },
  N3: { id: "N3", trueColumns: 16, noiseColumns: 112, hidden: 8 },
  N4: { id: "N4", trueColumns: 16, noiseColumns: 240, hidden: 8 },
  N5: { id: "N5", trueColumns: 16, noiseColumns: 496, hidden: 8 },
  C1: { id: "C1", trueColumns: 16, noiseColumns: 0, hidden: 8 },
  C2: { id: "C2", trueColumns: 64, noiseColumns: 0, hidden: 8 },
  C3: { id: "C3", trueColumns: 256, noiseColumns: 0, hidden: 8 },
  H1: { id: "H1", trueColumns: 16, noiseColumns: 240, hidden: 4 },
  H2: { id: "H2", trueColumns: 16, noiseColumns: 240, hidden: 8 },
  H3: { id: "H3", trueColumns: 16, noiseColumns: 240, hidden: 16 },
  H4: { id: "H4", trueColumns: 16, noiseColumns: 240, hidden: 32 },
});
