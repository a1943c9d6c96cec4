/**
 * The counting task of Lazar, Pipa & Triesch 2009 (Front. Comput. Neurosci. 3:23,
 * "SORN: a self-organizing recurrent neural network", section "Counting task").
 *
 * Input: randomly alternating words "a b…b c" and "d e…e f" (each with n repeats of
 * the middle letter, chosen with probability ½ each). Every symbol drives its own pool of
 * `unitsPerSymbol` excitatory neurons (disjoint pools, input added to their drive).
 * Protocol: a plasticity phase, then plasticity off, a readout-training phase and a
 * test phase; a linear readout of the excitatory state x(t+1) (after symbol s_t)
 * predicts the next symbol s_{t+1}. The same network with every plasticity
 * mechanism frozen from the start (a random reservoir) is the baseline.
 *
 * Phase lengths and input pools default to the values of the counting-task
 * re-implementation delpapa/SORN_V2 (`CountingTask/param.py`: N_u = 10 units per
 * symbol, 50,000 plastic steps, 5,000 readout-training and 5,000 test steps), which
 * follows the paper; the paper's methods text itself was not retrievable here.
 *
 * @module
 */
import { Schema } from "effect";
import { fillUniform, fold, type Key, split } from "@neuroplastic/core/random";
import { type FieldDocs, inRange, intInRange } from "@neuroplastic/core/sim";
import {
  prefixDocs,
  type SornConfig,
  sornDefaults,
  sornDocs,
  type SornNetworkConfig,
  SornNetworkSchema,
} from "./config.ts";
import { oneHot, readoutReport, ridgeFit } from "./readout.ts";
import { run } from "./run.ts";
import { initState, type SornState } from "./state.ts";

/**
 * effect's `Schema.Schema<A>` (decodes an `A` into an `A`).
 *
 * Local alias because `deno doc --lint` reports every reference to an npm package's type as a
 * private type (denoland/deno#27364); effect documents the type upstream.
 *
 * @internal
 */
type EffectSchema<A> = Schema.Schema<A>;

/**
 * Number of symbols: a b c d e f.
 *
 * @example
 * ```ts
 * import { COUNTING_SYMBOLS, countingDefaults } from "@neuroplastic/engines/sorn";
 * // the counting task needs nu = symbols × units per symbol
 * console.log(COUNTING_SYMBOLS * countingDefaults.unitsPerSymbol); // 60
 * ```
 */
export const COUNTING_SYMBOLS = 6;

/**
 * Settings of the counting study (the config of `np sorn counting`).
 *
 * @example
 * ```ts
 * import { countingDefaults } from "@neuroplastic/engines/sorn";
 * console.log(countingDefaults.plasticSteps); // 50000
 * ```
 */
export interface CountingConfig {
  /** Repeats n of the middle letter, one table row each. */
  readonly ns: readonly number[];
  /** Independent networks (seeds) per n: trial i uses `fold(key(seed), i)`. */
  readonly seeds: number;
  /** Excitatory input units per symbol (Lazar et al.: N^U); `network.nu` must be 6 × this. */
  readonly unitsPerSymbol: number;
  /** Steps of the plasticity phase. */
  readonly plasticSteps: number;
  /** Steps whose states train the readout. */
  readonly trainSteps: number;
  /** Steps whose states test it. */
  readonly testSteps: number;
  /** Steps the frozen network runs on the input before readout training. */
  readonly washoutSteps: number;
  /** Ridge penalty of the readout. */
  readonly ridge: number;
  /** Amplitude of the input added to the drive of a symbol's pool. */
  readonly inputGain: number;
  /** The network (its phase and input are set by the protocol). */
  readonly network: SornNetworkConfig;
}

/**
 * Defaults: reference network (ne 200, ni 40, its learning rates and mechanisms),
 * h_IP = μ_IP = 0.1 (= 2·N_U/N_E of Lazar et al. with N_U = 10 units per symbol),
 * 60 input units, and no noise: the 2009 model is deterministic given its input
 * (Eqs. 1–2 have no noise term; the σ = 0.04 noise of the `sorn` package came later).
 * Set `--network.noise-sigma` to study the noisy network.
 *
 * @example
 * ```ts
 * import { countingDefaults } from "@neuroplastic/engines/sorn";
 * console.log(countingDefaults.network.nu); // 60
 * ```
 */
export const countingDefaults: CountingConfig = (() => {
  const { phase: _phase, input: _input, ...network } = sornDefaults;
  return {
    ns: [4, 8, 12, 16, 20],
    seeds: 10,
    unitsPerSymbol: 10,
    plasticSteps: 50_000,
    trainSteps: 5_000,
    testSteps: 5_000,
    washoutSteps: 1_000,
    ridge: 0.01,
    inputGain: 1,
    network: { ...network, nu: 60, h_ip: "mu_ip", noise_sigma: 0 },
  };
})();

/**
 * The Schema of a {@link CountingConfig}; `network.nu` must equal 6 × `unitsPerSymbol`.
 *
 * @example
 * ```ts
 * import { Schema } from "effect";
 * import { countingDefaults, CountingConfigSchema } from "@neuroplastic/engines/sorn";
 * console.log(Schema.decodeUnknownSync(CountingConfigSchema)(countingDefaults).seeds); // 10
 * ```
 */
export const CountingConfigSchema: EffectSchema<CountingConfig> = Schema.Struct({
  ns: Schema.Array(intInRange(1, 1000)).pipe(Schema.minItems(1)),
  seeds: intInRange(1, 10_000),
  unitsPerSymbol: intInRange(1, 10_000),
  plasticSteps: intInRange(0, 1e9),
  trainSteps: intInRange(10, 1e8),
  testSteps: intInRange(10, 1e8),
  washoutSteps: intInRange(0, 1e9),
  ridge: inRange(1e-12, 1e6),
  inputGain: inRange(0, 1e6),
  network: SornNetworkSchema,
}).pipe(
  Schema.filter((c) => {
    if (new Set(c.ns).size !== c.ns.length) {
      return { path: ["ns"], message: "must be a list of distinct integers in [1, 1000]" };
    }
    return c.network.nu === COUNTING_SYMBOLS * c.unitsPerSymbol || {
      path: ["network", "nu"],
      message: `must be an integer in [${COUNTING_SYMBOLS * c.unitsPerSymbol}, ${
        COUNTING_SYMBOLS * c.unitsPerSymbol
      }] (6 symbols × unitsPerSymbol ${c.unitsPerSymbol})`,
    };
  }),
);

/**
 * One line (and unit) per counting field, nested network fields included (`network.sp_prob`).
 *
 * @example
 * ```ts
 * import { countingDocs } from "@neuroplastic/engines/sorn";
 * console.log(countingDocs["network.sp_prob"] !== undefined); // true
 * ```
 */
export const countingDocs: FieldDocs = {
  ns: "repeats n of the middle letter (words a b…b c, d e…e f), one table row each",
  seeds: "networks (seeds) per n; trial i uses fold(key(seed), i)",
  unitsPerSymbol: {
    description: "excitatory input units per symbol (network.nu must be 6 × this)",
    unit: "neurons",
  },
  plasticSteps: { description: "steps of the plasticity phase", unit: "steps" },
  trainSteps: { description: "steps whose states train the readout", unit: "steps" },
  testSteps: { description: "steps whose states test the readout", unit: "steps" },
  washoutSteps: {
    description: "steps the frozen baseline runs on the input before readout training",
    unit: "steps",
  },
  ridge: "ridge penalty λ of the linear readout",
  inputGain: "input added to the drive of the active symbol's pool",
  ...prefixDocs(
    "network",
    Object.fromEntries(
      Object.entries(sornDocs).filter(([k]) => k !== "phase" && k !== "input"),
    ),
  ),
};

/**
 * The symbol sequence (values 0..5 for a..f) of `length` steps for middle length `n`:
 * words chosen with probability ½ by `fillUniform(k)` (one draw per word).
 *
 * @example
 * ```ts
 * import { countingSequence } from "@neuroplastic/engines/sorn";
 * import { key } from "@neuroplastic/core/random";
 * const s = countingSequence(key(0), 2, 8);
 * console.log(s[0] === 0 || s[0] === 3); // true (a word starts)
 * ```
 */
export const countingSequence = (
  k: Key,
  n: number,
  length: number,
): Int8Array => {
  const wordLen = n + 2;
  const words = Math.ceil(length / wordLen);
  const u = new Float64Array(words);
  fillUniform(k, u, 0, 1);
  const seq = new Int8Array(length);
  for (let t = 0; t < length; t++) {
    const w = Math.floor(t / wordLen);
    const pos = t - w * wordLen;
    const base = u[w] < 0.5 ? 0 : 3;
    seq[t] = pos === 0 ? base : pos === wordLen - 1 ? base + 2 : base + 1;
  }
  return seq;
};

/**
 * Metrics of one readout on the test phase.
 *
 * @example
 * ```ts
 * import type { CountingMetrics } from "@neuroplastic/engines/sorn";
 * const f = (m: CountingMetrics): number => m.accuracy;
 * ```
 */
export interface CountingMetrics {
  /** Fraction of test steps whose next symbol is predicted correctly. */
  readonly accuracy: number;
  /** Same, over predictable steps only (the next symbol is not a word's first letter). */
  readonly predictableAccuracy: number;
  /** Same, over steps whose next symbol ends a word (c or f): needs counting. */
  readonly endAccuracy: number;
  /** Mean excitatory rate during the test phase. */
  readonly rate: number;
}

const evaluate = (
  state: SornState,
  config: SornConfig,
  seq: Int8Array,
  from: number,
  opts: CountingConfig,
): CountingMetrics => {
  const ne = state.ne;
  const T = opts.trainSteps + opts.testSteps;
  const X = new Uint8Array(T * ne);
  const labels = new Int32Array(T);
  let row = 0;
  let spikes = 0;
  const training: SornConfig = { ...config, phase: "training" };
  run(state, training, T, {
    input: inputFor(seq, opts),
    onStep: (s) => {
      // s.t − 1 is the step just taken, whose input was seq[s.t − 1]; target = seq[s.t].
      X.set(s.x, row * ne);
      labels[row] = seq[s.t];
      if (row >= opts.trainSteps) { for (let i = 0; i < ne; i++) spikes += s.x[i]; }
      row++;
    },
  });
  if (state.t !== from) throw new Error("counting: phase offset mismatch");
  const Tr = opts.trainSteps;
  const Te = opts.testSteps;
  const model = ridgeFit(
    X,
    oneHot(labels.subarray(0, Tr), COUNTING_SYMBOLS),
    Tr,
    ne,
    COUNTING_SYMBOLS,
    opts.ridge,
  );
  const Xte = X.subarray(Tr * ne);
  const Lte = labels.subarray(Tr);
  const predictable = new Uint8Array(Te);
  const ends = new Uint8Array(Te);
  for (let q = 0; q < Te; q++) {
    predictable[q] = Lte[q] === 0 || Lte[q] === 3 ? 0 : 1;
    ends[q] = Lte[q] === 2 || Lte[q] === 5 ? 1 : 0;
  }
  return {
    accuracy: readoutReport(model, Xte, Lte, Te).accuracy,
    predictableAccuracy: readoutReport(model, Xte, Lte, Te, predictable).accuracy,
    endAccuracy: readoutReport(model, Xte, Lte, Te, ends).accuracy,
    rate: spikes / (Te * ne),
  };
};

/** The input function of `run`: the pool of symbol seq[t] gets `inputGain`. */
const inputFor = (seq: Int8Array, opts: CountingConfig) => (t: number, out: Float64Array): void => {
  out.fill(0);
  const base = seq[t] * opts.unitsPerSymbol;
  for (let q = 0; q < opts.unitsPerSymbol; q++) out[base + q] = opts.inputGain;
};

/**
 * One trial: the plastic network and the frozen network of the same seed, on the
 * same input sequence (trial `trial` of the study keyed by `base`: `fold(base, trial)`).
 * Returns the test metrics of both. Throws `RangeError` when `network.nu` is not
 * 6 × `unitsPerSymbol` (the Schema rejects such a config).
 *
 * @example
 * ```ts
 * import { key } from "@neuroplastic/core/random";
 * import { countingDefaults, countingTrial } from "@neuroplastic/engines/sorn";
 * const quick = { ...countingDefaults, plasticSteps: 200, trainSteps: 300, testSteps: 300, washoutSteps: 50 };
 * const r = countingTrial(quick, key(0), 4, 0);
 * console.log(r.plastic.accuracy >= 0 && r.plastic.accuracy <= 1); // true
 * ```
 */
export const countingTrial = (
  opts: CountingConfig,
  base: Key,
  n: number,
  trial: number,
): { readonly plastic: CountingMetrics; readonly frozen: CountingMetrics } => {
  const config: SornConfig = { ...opts.network, phase: "plasticity", input: "none" };
  if (config.nu !== COUNTING_SYMBOLS * opts.unitsPerSymbol) {
    throw new RangeError(`counting: network.nu must be ${COUNTING_SYMBOLS * opts.unitsPerSymbol}`);
  }
  const [kNet, kSeq] = split(fold(base, trial), 2);
  const total = opts.plasticSteps + opts.trainSteps + opts.testSteps + 1;
  const seq = countingSequence(fold(kSeq, n), n, total);
  const s0 = initState(config, kNet);
  const input = inputFor(seq, opts);

  // Plastic network: plasticity phase, then frozen readout training and test.
  const plastic: SornConfig = { ...config, phase: "plasticity" };
  const sP = run(s0, plastic, opts.plasticSteps, { input });
  const mP = evaluate(sP, config, seq, opts.plasticSteps, opts);

  // Frozen network (random reservoir): same initial state, plasticity off from the
  // start; a washout on the input segment just before the readout phases.
  const frozen: SornConfig = { ...config, phase: "training" };
  const start = Math.max(0, opts.plasticSteps - opts.washoutSteps);
  const sF0: SornState = { ...s0, t: start };
  const sF = run(sF0, frozen, opts.plasticSteps - start, { input });
  const mF = evaluate(sF, config, seq, opts.plasticSteps, opts);
  return { plastic: mP, frozen: mF };
};

/**
 * Mean and sample standard deviation of a list.
 *
 * @example
 * ```ts
 * import { meanSd } from "@neuroplastic/engines/sorn";
 * console.log(meanSd([1, 3])); // { mean: 2, sd: 1.4142135623730951 }
 * ```
 */
export const meanSd = (v: readonly number[]): { readonly mean: number; readonly sd: number } => {
  const m = v.reduce((a, b) => a + b, 0) / v.length;
  const s = v.length > 1 ? Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1)) : 0;
  return { mean: m, sd: s };
};

/**
 * One row of the counting table (one n, all seeds).
 *
 * @example
 * ```ts
 * import type { CountingRow } from "@neuroplastic/engines/sorn";
 * const gain = (r: CountingRow): number => r.plastic.accuracy.mean - r.frozen.accuracy.mean;
 * ```
 */
export interface CountingRow {
  /** Repeats of the middle letter. */
  readonly n: number;
  /** Seeds (networks) evaluated. */
  readonly seeds: number;
  /** Mean and s.d. of each metric for the plastic network. */
  readonly plastic: {
    readonly [K in keyof CountingMetrics]: { readonly mean: number; readonly sd: number };
  };
  /** Same for the frozen network. */
  readonly frozen: {
    readonly [K in keyof CountingMetrics]: { readonly mean: number; readonly sd: number };
  };
  /** Seeds where the plastic network's test accuracy beats the frozen one's. */
  readonly wins: number;
  /** Seeds where the plastic network's end accuracy (c/f predicted) beats the frozen one's. */
  readonly endWins: number;
  /** Best achievable accuracy: 1 − ½ / (n + 2) (a word's first letter is a coin flip). */
  readonly ceiling: number;
  /** Per-seed accuracies (plastic, frozen). */
  readonly perSeed: { readonly plastic: readonly number[]; readonly frozen: readonly number[] };
}

const summarise = (ms: readonly CountingMetrics[]): CountingRow["plastic"] => ({
  accuracy: meanSd(ms.map((m) => m.accuracy)),
  predictableAccuracy: meanSd(ms.map((m) => m.predictableAccuracy)),
  endAccuracy: meanSd(ms.map((m) => m.endAccuracy)),
  rate: meanSd(ms.map((m) => m.rate)),
});

/**
 * The result of one (n, seed) cell of the study: one {@link countingTrial}.
 *
 * @example
 * ```ts
 * import type { CountingCell } from "@neuroplastic/engines/sorn";
 * const won = (c: CountingCell): boolean => c.plastic.accuracy > c.frozen.accuracy;
 * ```
 */
export interface CountingCell {
  /** Repeats of the middle letter. */
  readonly n: number;
  /** Trial (seed index) within this n. */
  readonly trial: number;
  /** Test metrics of the plastic network. */
  readonly plastic: CountingMetrics;
  /** Test metrics of the frozen network. */
  readonly frozen: CountingMetrics;
}

/**
 * The (n, trial) of cell `index` of a study: n-major, as the table is built
 * (`ns[⌊index / seeds⌋]`, trial `index mod seeds`).
 *
 * @example
 * ```ts
 * import { countingCellAt, countingDefaults } from "@neuroplastic/engines/sorn";
 * console.log(countingCellAt(countingDefaults, 12)); // { n: 8, trial: 2 }
 * ```
 */
export const countingCellAt = (
  opts: CountingConfig,
  index: number,
): { readonly n: number; readonly trial: number } => ({
  n: opts.ns[Math.floor(index / opts.seeds)],
  trial: index % opts.seeds,
});

/**
 * Runs cell `index` of the study keyed by `base`.
 *
 * @example
 * ```ts
 * import { key } from "@neuroplastic/core/random";
 * import { countingCell, countingDefaults } from "@neuroplastic/engines/sorn";
 * const quick = { ...countingDefaults, ns: [2], seeds: 1, plasticSteps: 100, trainSteps: 200, testSteps: 200, washoutSteps: 10 };
 * console.log(countingCell(quick, key(0), 0).n); // 2
 * ```
 */
export const countingCell = (opts: CountingConfig, base: Key, index: number): CountingCell => {
  const { n, trial } = countingCellAt(opts, index);
  const r = countingTrial(opts, base, n, trial);
  return { n, trial, plastic: r.plastic, frozen: r.frozen };
};

/**
 * The table rows of the cells done so far, one per n in `ns` order (a row of an n with no
 * cell yet is left out; a partly done n has `seeds` equal to its cells).
 *
 * @example
 * ```ts
 * import { countingDefaults, countingRows } from "@neuroplastic/engines/sorn";
 * console.log(countingRows(countingDefaults, [])); // []
 * ```
 */
export const countingRows = (
  opts: CountingConfig,
  cells: readonly CountingCell[],
): CountingRow[] => {
  const rows: CountingRow[] = [];
  for (const n of opts.ns) {
    const mine = cells.filter((c) => c.n === n);
    if (mine.length === 0) continue;
    const p = mine.map((c) => c.plastic);
    const f = mine.map((c) => c.frozen);
    rows.push({
      n,
      seeds: mine.length,
      plastic: summarise(p),
      frozen: summarise(f),
      wins: p.filter((m, i) => m.accuracy > f[i].accuracy).length,
      endWins: p.filter((m, i) => m.endAccuracy > f[i].endAccuracy).length,
      ceiling: 1 - 0.5 / (n + 2),
      perSeed: { plastic: p.map((m) => m.accuracy), frozen: f.map((m) => m.accuracy) },
    });
  }
  return rows;
};

/**
 * Runs the whole study in one call: for every n and every seed, one {@link countingTrial}
 * (`np sorn counting` runs the same cells one process step at a time).
 * `progress(done, total)` is called after each trial.
 *
 * @example
 * ```ts
 * import { key } from "@neuroplastic/core/random";
 * import { countingDefaults, countingStudy } from "@neuroplastic/engines/sorn";
 * const quick = { ...countingDefaults, ns: [2], seeds: 1, plasticSteps: 100, trainSteps: 200, testSteps: 200, washoutSteps: 10 };
 * console.log(countingStudy(quick, key(0)).length); // 1
 * ```
 */
export const countingStudy = (
  opts: CountingConfig,
  base: Key,
  progress?: (done: number, total: number, label?: string) => void,
): CountingRow[] => {
  const total = opts.ns.length * opts.seeds;
  const cells: CountingCell[] = [];
  for (let i = 0; i < total; i++) {
    const c = countingCell(opts, base, i);
    cells.push(c);
    progress?.(i + 1, total, `n=${c.n} seed ${c.trial}`);
  }
  return countingRows(opts, cells);
};
