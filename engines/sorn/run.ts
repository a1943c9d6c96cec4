/**
 * The transient multi-step runner and the record selection (the reference's
 * "callbacks").
 *
 * `run` copies the state once, advances the private copy in place for n steps
 * and returns it: memory stays flat for any n unless records are requested, and
 * records are streamed to a sink every `stride` steps instead of being kept.
 *
 * @module
 */
import { InvalidConfig } from "@neuroplastic/core/errors";
import { denseWeights, synapseCount } from "@neuroplastic/plasticity";
import { checkInput, type SornConfig } from "./config.ts";
import { cloneState, type SornState } from "./state.ts";
import { checkShapes, createScratch, stepInPlace, stepMask } from "./step.ts";

/**
 * The record names of the reference's callbacks (`sorn/callbacks.py`).
 *
 * @example
 * ```ts
 * import { RECORD_NAMES } from "@neuroplastic/engines/sorn";
 * console.log(RECORD_NAMES.includes("WEE")); // true
 * ```
 */
export const RECORD_NAMES = [
  "ExcitatoryActivation",
  "InhibitoryActivation",
  "RecurrentActivation",
  "WEE",
  "WEI",
  "WIE",
  "TE",
  "TI",
  "EEConnectionCounts",
  "EIConnectionCounts",
] as const;

/**
 * One of {@link RECORD_NAMES}.
 *
 * @example
 * ```ts
 * import type { RecordName } from "@neuroplastic/engines/sorn";
 * const r: RecordName = "TE";
 * ```
 */
export type RecordName = typeof RECORD_NAMES[number];

/**
 * Record selectors: the current value of each record in a state (views of the
 * state's arrays, except WEE/WEI which are built dense: `W[pre * nPost + post]`;
 * WIE is the dense `ne × ni` matrix). RecurrentActivation is the pre-threshold
 * drive without input of the last step.
 *
 * @example
 * ```ts
 * import { initState, recordSelectors, sornDefaults } from "@neuroplastic/engines/sorn";
 * import { key } from "@neuroplastic/core/random";
 * console.log(recordSelectors.EEConnectionCounts(initState(sornDefaults, key(0)))); // e.g. 3888
 * ```
 */
export const recordSelectors: {
  readonly [K in RecordName]: (s: SornState) => number | Float64Array | Uint8Array;
} = {
  ExcitatoryActivation: (s) => s.x,
  InhibitoryActivation: (s) => s.y,
  RecurrentActivation: (s) => s.r,
  WEE: (s) => denseWeights(s.ee),
  WEI: (s) => denseWeights(s.ei),
  WIE: (s) => s.wie,
  TE: (s) => s.te,
  TI: (s) => s.ti,
  EEConnectionCounts: (s) => synapseCount(s.ee),
  EIConnectionCounts: (s) => synapseCount(s.ei),
};

/**
 * Receives a record: its name, the step index reached (`state.t`) and a copy of the value.
 *
 * @example
 * ```ts
 * import type { RecordSink } from "@neuroplastic/engines/sorn";
 * const counts: number[] = [];
 * const sink: RecordSink = (name, _t, v) => { if (typeof v === "number") counts.push(v); };
 * ```
 */
export type RecordSink = (
  name: RecordName,
  t: number,
  value: number | Float64Array | Uint8Array,
) => void;

/**
 * Options of {@link run}.
 *
 * @example
 * ```ts
 * import type { RunOptions } from "@neuroplastic/engines/sorn";
 * const o: RunOptions = { record: { names: ["TE"], stride: 10, sink: () => {} } };
 * ```
 */
export interface RunOptions {
  /**
   * External input per step: fills `out` (length nu) for absolute step index `t`.
   * Overrides the config's input mode. Values must be finite.
   */
  readonly input?: (t: number, out: Float64Array) => void;
  /** Records to stream every `stride` steps (after steps whose `t % stride === 0`). */
  readonly record?: {
    readonly names: readonly RecordName[];
    readonly stride: number;
    readonly sink: RecordSink;
  };
  /** Called after every step with the (private, mutable) state: do not keep or modify it. */
  readonly onStep?: (s: SornState) => void;
}

const copyValue = (v: number | Float64Array | Uint8Array): number | Float64Array | Uint8Array =>
  typeof v === "number" ? v : v.slice();

const checkRecord = (rec: NonNullable<RunOptions["record"]>): void => {
  for (const name of rec.names) {
    if (!(RECORD_NAMES as readonly string[]).includes(name)) {
      throw new InvalidConfig({
        field: "record",
        message: `record: unknown record "${name}"`,
        allowed: RECORD_NAMES.join(", "),
      });
    }
  }
  if (!Number.isInteger(rec.stride) || rec.stride < 1) {
    throw new InvalidConfig({
      field: "stride",
      message: `stride: must be an integer in [1, ${Number.MAX_SAFE_INTEGER}]`,
      allowed: `integer in [1, ${Number.MAX_SAFE_INTEGER}]`,
    });
  }
};

/**
 * Runs `n` steps (pure at its boundary: copies `state` once, returns a new state).
 * Equal bit for bit to `n` calls of `step` with the same inputs.
 * Throws `InvalidConfig` for unknown records, a bad stride or a bad input.
 *
 * @example
 * ```ts
 * import { initState, run, sornDefaults } from "@neuroplastic/engines/sorn";
 * import { key } from "@neuroplastic/core/random";
 * const counts: number[] = [];
 * const s = run(initState(sornDefaults, key(0)), sornDefaults, 100, {
 *   record: { names: ["EEConnectionCounts"], stride: 10, sink: (_n, _t, v) => counts.push(v as number) },
 * });
 * console.log(s.t, counts.length); // 100 10
 * ```
 */
export const run = (
  state: SornState,
  config: SornConfig,
  n: number,
  opts: RunOptions = {},
): SornState => {
  checkShapes(state, config);
  if (!Number.isInteger(n) || n < 0) {
    throw new InvalidConfig({
      field: "steps",
      message: `steps: must be an integer in [0, ${Number.MAX_SAFE_INTEGER}]`,
      allowed: `integer in [0, ${Number.MAX_SAFE_INTEGER}]`,
    });
  }
  if (opts.record) checkRecord(opts.record);
  const s = cloneState(state);
  const sc = createScratch(s.ne, s.ni, s.nu);
  const inputBuf = opts.input ? new Float64Array(s.nu) : undefined;
  const rec = opts.record;
  const mask = stepMask(config);
  for (let q = 0; q < n; q++) {
    if (opts.input && inputBuf) {
      opts.input(s.t, inputBuf);
      const bad = checkInput(config, inputBuf);
      if (bad) throw bad;
    }
    stepInPlace(s, config, sc, inputBuf, mask);
    if (rec && s.t % rec.stride === 0) {
      for (const name of rec.names) rec.sink(name, s.t, copyValue(recordSelectors[name](s)));
    }
    if (opts.onStep) opts.onStep(s);
  }
  return s;
};

/**
 * Runs `n` steps and returns the state together with the excitatory raster
 * (`n × ne`, row t = x after step t+1) — for analysis of short runs (memory grows with n).
 *
 * @example
 * ```ts
 * import { initState, runWithRaster, sornDefaults } from "@neuroplastic/engines/sorn";
 * import { key } from "@neuroplastic/core/random";
 * const { raster } = runWithRaster(initState(sornDefaults, key(0)), sornDefaults, 50);
 * console.log(raster.length); // 10000
 * ```
 */
export const runWithRaster = (
  state: SornState,
  config: SornConfig,
  n: number,
  opts: Omit<RunOptions, "onStep"> = {},
): { readonly state: SornState; readonly raster: Uint8Array } => {
  const raster = new Uint8Array(n * state.ne);
  let row = 0;
  const s = run(state, config, n, {
    ...opts,
    onStep: (st) => {
      raster.set(st.x, row * st.ne);
      row++;
    },
  });
  return { state: s, raster };
};
