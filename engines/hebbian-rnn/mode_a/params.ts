/**
 * Mode A parameters: the three `nn.Linear` layers of the reference `HebbianRNN`
 * (`i2h`, `h2h`, `out`), stored in one flat Float64Array so the optimiser and the fused
 * BPTT kernel see a single vector.
 *
 * Layout (PyTorch `weight[out][in]`, row-major): `[W_ih (H×I), b_ih (H), W_hh (H×H), b_hh (H),
 * W_ho (O×H), b_ho (O)]`.
 *
 * @module
 */
import { InvalidConfig } from "@neuroplastic/core/errors";
import { type TorchGenerator, torchLinearInit, torchSkipRandn } from "../torch_rng.ts";

/** Layer sizes of Mode A. */
export interface ModeAShape {
  /** Input size I. */
  readonly input: number;
  /** Hidden size H. */
  readonly hidden: number;
  /** Output size O. */
  readonly output: number;
}

/** Offsets of each tensor inside the flat parameter vector. */
export interface ModeALayout {
  /** Offset of W_ih (H×I). */
  readonly wIh: number;
  /** Offset of b_ih (H). */
  readonly bIh: number;
  /** Offset of W_hh (H×H). */
  readonly wHh: number;
  /** Offset of b_hh (H). */
  readonly bHh: number;
  /** Offset of W_ho (O×H). */
  readonly wHo: number;
  /** Offset of b_ho (O). */
  readonly bHo: number;
  /** Total number of parameters. */
  readonly size: number;
}

/**
 * Offsets of `W_ih, b_ih, W_hh, b_hh, W_ho, b_ho` and the total size.
 *
 * @example
 * ```ts
 * import { modeALayout } from "@neuroplastic/engines/hebbian-rnn";
 * console.log(modeALayout({ input: 1, hidden: 32, output: 1 }).size); // 1153
 * ```
 */
export const modeALayout = (s: ModeAShape): ModeALayout => {
  const { input: I, hidden: H, output: O } = s;
  const wIh = 0;
  const bIh = wIh + H * I;
  const wHh = bIh + H;
  const bHh = wHh + H * H;
  const wHo = bHh + H;
  const bHo = wHo + O * H;
  return { wIh, bIh, wHh, bHh, wHo, bHo, size: bHo + O };
};

/**
 * The reference's initialisation, draw for draw: `i2h`, `h2h`, `out` `nn.Linear` defaults,
 * then the three unused `torch.randn` parameters (`W_in`, `W_rec`, `W_out`) are skipped so the
 * generator is where the reference's training loop finds it. Mutates `g`.
 *
 * @example
 * ```ts
 * import { initModeAParams, torchGenerator } from "@neuroplastic/engines/hebbian-rnn";
 * const p = initModeAParams({ input: 1, hidden: 32, output: 1 }, torchGenerator(42));
 * console.log(p.length); // 1153
 * ```
 */
export const initModeAParams = (s: ModeAShape, g: TorchGenerator): Float64Array => {
  const L = modeALayout(s);
  const p = new Float64Array(L.size);
  torchLinearInit(g, s.input, s.hidden, p, p, L.wIh, L.bIh);
  torchLinearInit(g, s.hidden, s.hidden, p, p, L.wHh, L.bHh);
  torchLinearInit(g, s.hidden, s.output, p, p, L.wHo, L.bHo);
  // sc.py: W_in = randn(I, H), W_rec = randn(H, H), W_out = randn(H, O) — created, never used.
  // (Exact when each product is ≥ 16, as in the reference; see torchSkipRandn.)
  for (const n of [s.input * s.hidden, s.hidden * s.hidden, s.hidden * s.output]) {
    torchSkipRandn(g, n);
  }
  return p;
};

/** PyTorch-layout weights as nested arrays (the `--params` file of `mode-a forward`). */
export interface ModeAWeightsJson {
  /** Input-to-hidden layer (`i2h`): weight H×I and bias H. */
  readonly i2h: { readonly weight: number[][]; readonly bias: number[] };
  /** Hidden-to-hidden layer (`h2h`): weight H×H and bias H. */
  readonly h2h: { readonly weight: number[][]; readonly bias: number[] };
  /** Output layer (`out`): weight O×H and bias O. */
  readonly out: { readonly weight: number[][]; readonly bias: number[] };
}

const rows = (p: Float64Array, off: number, r: number, c: number): number[][] =>
  Array.from({ length: r }, (_, i) => Array.from(p.subarray(off + i * c, off + (i + 1) * c)));

/**
 * The flat vector as PyTorch-layout nested arrays (`state_dict` names).
 *
 * @example
 * ```ts
 * import { initModeAParams, modeAParamsToJson, torchGenerator } from "@neuroplastic/engines/hebbian-rnn";
 * const s = { input: 1, hidden: 32, output: 1 };
 * console.log(modeAParamsToJson(s, initModeAParams(s, torchGenerator(0))).h2h.weight.length); // 32
 * ```
 */
export const modeAParamsToJson = (s: ModeAShape, p: Float64Array): ModeAWeightsJson => {
  const L = modeALayout(s);
  const { input: I, hidden: H, output: O } = s;
  return {
    i2h: { weight: rows(p, L.wIh, H, I), bias: Array.from(p.subarray(L.bIh, L.bIh + H)) },
    h2h: { weight: rows(p, L.wHh, H, H), bias: Array.from(p.subarray(L.bHh, L.bHh + H)) },
    out: { weight: rows(p, L.wHo, O, H), bias: Array.from(p.subarray(L.bHo, L.bHo + O)) },
  };
};

const bad = (field: string, message: string, allowed?: string): InvalidConfig =>
  new InvalidConfig({ field, message: `${field}: ${message}`, allowed });

const finiteNumber = (v: unknown, field: string): number => {
  if (typeof v !== "number" || !Number.isFinite(v)) {
    throw bad(field, `must be a finite number, got ${JSON.stringify(v)}`, "finite number");
  }
  return v;
};

const matrix = (v: unknown, field: string, r?: number, c?: number): number[][] => {
  if (!Array.isArray(v) || v.length === 0) {
    throw bad(field, "must be a non-empty array of rows", "number[][]");
  }
  if (r !== undefined && v.length !== r) {
    throw bad(field, `must have ${r} rows, got ${v.length}`, `${r} rows`);
  }
  const cols = c ?? (Array.isArray(v[0]) ? v[0].length : -1);
  return v.map((row, i) => {
    if (!Array.isArray(row) || row.length !== cols || cols <= 0) {
      throw bad(`${field}[${i}]`, `must be an array of ${cols} numbers`, `${cols} numbers`);
    }
    return row.map((x, j) => finiteNumber(x, `${field}[${i}][${j}]`));
  });
};

const vector = (v: unknown, field: string, n: number): number[] => {
  if (!Array.isArray(v) || v.length !== n) {
    throw bad(field, `must be an array of ${n} numbers`, `${n} numbers`);
  }
  return v.map((x, i) => finiteNumber(x, `${field}[${i}]`));
};

/**
 * Validates PyTorch-layout weights (sizes inferred from `i2h.weight` and `out.weight`) and packs
 * them into the flat vector. Fails with an {@link InvalidConfig} naming the offending field.
 *
 * @example
 * ```ts
 * import { modeAParamsFromJson } from "@neuroplastic/engines/hebbian-rnn";
 * const { shape } = modeAParamsFromJson({
 *   i2h: { weight: [[1]], bias: [0] }, h2h: { weight: [[0.5]], bias: [0] }, out: { weight: [[2]], bias: [0] },
 * });
 * console.log(shape); // { input: 1, hidden: 1, output: 1 }
 * ```
 */
export const modeAParamsFromJson = (
  w: unknown,
  field = "weights",
): { shape: ModeAShape; params: Float64Array } => {
  if (typeof w !== "object" || w === null) {
    throw bad(field, "must be an object with i2h, h2h, out", "object");
  }
  const o = w as Record<string, Record<string, unknown> | undefined>;
  for (const k of ["i2h", "h2h", "out"]) {
    if (typeof o[k] !== "object" || o[k] === null) {
      throw bad(`${field}.${k}`, "missing layer { weight, bias }", "object");
    }
  }
  const wIh = matrix(o.i2h!.weight, `${field}.i2h.weight`);
  const H = wIh.length;
  const I = wIh[0].length;
  const wHh = matrix(o.h2h!.weight, `${field}.h2h.weight`, H, H);
  const wHo = matrix(o.out!.weight, `${field}.out.weight`, undefined, H);
  const O = wHo.length;
  const shape = { input: I, hidden: H, output: O };
  const L = modeALayout(shape);
  const p = new Float64Array(L.size);
  p.set(wIh.flat(), L.wIh);
  p.set(vector(o.i2h!.bias, `${field}.i2h.bias`, H), L.bIh);
  p.set(wHh.flat(), L.wHh);
  p.set(vector(o.h2h!.bias, `${field}.h2h.bias`, H), L.bHh);
  p.set(wHo.flat(), L.wHo);
  p.set(vector(o.out!.bias, `${field}.out.bias`, O), L.bHo);
  return { shape, params: p };
};
