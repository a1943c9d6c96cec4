/**
 * `np hebbian-rnn mode-a forward --params f.json --json`: evaluates given weights on given
 * inputs and returns every step, so the forward pass can be compared with the reference
 * (`sc.py`) to 1e-6.
 *
 * Input `{ weights: { i2h, h2h, out: { weight: [out][in], bias: [out] } }, x: [batch][time][in],
 * m?: [batch][time], eta?: number }` (trace and hidden state start at zero; `m` absent ⇒ 1).
 * Output `{ h: [batch][time][hidden], hebb: [batch][time][hidden][hidden], y: [batch][time][out] }`
 * with `hebb[b][t][i][j]` the trace after step t, i indexing h_{t−1} and j indexing h_t
 * (`outer = bmm(h[:, :, None], h_new[:, None, :])`, as the reference stores it).
 *
 * @module
 */
import { InvalidConfig } from "@neuroplastic/core/errors";
import { modeAParamsFromJson, type ModeAShape } from "./params.ts";
import { run } from "./run.ts";
import { initState } from "./state.ts";

/** Parsed and validated forward request. */
export interface ModeAForwardInput {
  /** Layer sizes read from the weights. */
  readonly shape: ModeAShape;
  /** Flat parameter vector (layout of {@link modeALayout}). */
  readonly params: Float64Array;
  /** Batch size B. */
  readonly batch: number;
  /** Sequence length T. */
  readonly seqLen: number;
  /** B×T×I. */
  readonly x: Float64Array;
  /** B×T modulation. */
  readonly m: Float64Array;
  /** Hebbian trace rate η. */
  readonly eta: number;
}

/** Every step of a forward pass, nested as the reference's tensors. */
export interface ModeAForwardOutput {
  /** Hidden states h, B×T×H. */
  readonly h: number[][][];
  /** Hebbian traces after each step, B×T×H×H. */
  readonly hebb: number[][][][];
  /** Outputs y, B×T×O. */
  readonly y: number[][][];
}

const bad = (field: string, message: string, allowed: string): InvalidConfig =>
  new InvalidConfig({ field, message: `${field}: ${message}`, allowed });

const num = (v: unknown, field: string): number => {
  if (typeof v !== "number" || !Number.isFinite(v)) {
    throw bad(field, `must be a finite number, got ${JSON.stringify(v)}`, "finite number");
  }
  return v;
};

/**
 * Validates a forward request (throws {@link InvalidConfig} naming the field: `x[1][3]`,
 * `m[0]`, `eta`, `weights.h2h.weight`, ...).
 *
 * @example
 * ```ts
 * import { parseModeAForward } from "@neuroplastic/engines/hebbian-rnn";
 * const req = parseModeAForward({
 *   weights: { i2h: { weight: [[1]], bias: [0] }, h2h: { weight: [[0.5]], bias: [0] }, out: { weight: [[2]], bias: [0] } },
 *   x: [[[1], [0]]],
 * });
 * console.log(req.batch, req.seqLen); // 1 2
 * ```
 */
export const parseModeAForward = (input: unknown, etaOverride?: number): ModeAForwardInput => {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw bad("(root)", "must be an object { weights, x, m? }", "object");
  }
  const o = input as Record<string, unknown>;
  const { shape, params } = modeAParamsFromJson(o.weights, "weights");
  const I = shape.input;
  if (!Array.isArray(o.x) || o.x.length === 0) {
    throw bad("x", "must be a non-empty array [batch][time][input]", "number[][][]");
  }
  const B = o.x.length;
  const T = Array.isArray(o.x[0]) ? o.x[0].length : 0;
  if (T < 1) throw bad("x[0]", "must be a non-empty array [time][input]", "number[][]");
  const x = new Float64Array(B * T * I);
  o.x.forEach((seq: unknown, b: number) => {
    if (!Array.isArray(seq) || seq.length !== T) {
      throw bad(`x[${b}]`, `must have ${T} time steps like x[0]`, `${T} steps`);
    }
    seq.forEach((v: unknown, t: number) => {
      if (!Array.isArray(v) || v.length !== I) {
        throw bad(
          `x[${b}][${t}]`,
          `must be an array of ${I} inputs (i2h.weight has ${I} columns)`,
          `${I} numbers`,
        );
      }
      v.forEach((
        u: unknown,
        i: number,
      ) => (x[(b * T + t) * I + i] = num(u, `x[${b}][${t}][${i}]`)));
    });
  });
  const m = new Float64Array(B * T).fill(1);
  if (o.m !== undefined) {
    if (!Array.isArray(o.m) || o.m.length !== B) {
      throw bad("m", `must be an array [batch = ${B}][time = ${T}]`, `${B}×${T} numbers`);
    }
    o.m.forEach((row: unknown, b: number) => {
      if (!Array.isArray(row) || row.length !== T) {
        throw bad(`m[${b}]`, `must have ${T} entries`, `${T} numbers`);
      }
      row.forEach((v: unknown, t: number) => (m[b * T + t] = num(v, `m[${b}][${t}]`)));
    });
  }
  const eta = etaOverride ?? (o.eta === undefined ? 0.1 : num(o.eta, "eta"));
  if (!(eta >= 0 && eta <= 1)) throw bad("eta", `must be in [0, 1], got ${eta}`, "[0, 1]");
  return { shape, params, batch: B, seqLen: T, x, m, eta };
};

/**
 * Runs the request and nests the per-step records.
 *
 * @example
 * ```ts
 * import { modeAForward, parseModeAForward } from "@neuroplastic/engines/hebbian-rnn";
 * const out = modeAForward(parseModeAForward({
 *   weights: { i2h: { weight: [[1]], bias: [0] }, h2h: { weight: [[0.5]], bias: [0] }, out: { weight: [[2]], bias: [0] } },
 *   x: [[[1], [0]]],
 * }));
 * console.log(out.h[0][0][0].toFixed(6)); // "0.761594" (= tanh 1)
 * ```
 */
export const modeAForward = (r: ModeAForwardInput): ModeAForwardOutput => {
  const { shape, batch: B, seqLen: T } = r;
  const { hidden: H, output: O } = shape;
  const { record } = run(r.params, shape, initState(shape, B), r.x, T, r.eta, r.m, true);
  const hebbRec = record.hebb!;
  const h: number[][][] = [];
  const hebb: number[][][][] = [];
  const y: number[][][] = [];
  for (let b = 0; b < B; b++) {
    h.push([]);
    hebb.push([]);
    y.push([]);
    for (let t = 0; t < T; t++) {
      const k = b * T + t;
      h[b].push(Array.from(record.h.subarray(k * H, (k + 1) * H)));
      y[b].push(Array.from(record.y.subarray(k * O, (k + 1) * O)));
      const P: number[][] = [];
      for (let i = 0; i < H; i++) {
        P.push(Array.from(hebbRec.subarray(k * H * H + i * H, k * H * H + (i + 1) * H)));
      }
      hebb[b].push(P);
    }
  }
  return { h, hebb, y };
};
