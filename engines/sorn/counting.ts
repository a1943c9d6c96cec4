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
import { fillUniform, fold, key as makeKey, split } from "@neuroplastic/core/random";
import { type SornConfig, sornDefaults } from "./config.ts";
import { oneHot, readoutReport, ridgeFit } from "./readout.ts";
import { run } from "./run.ts";
import { initState, type SornState } from "./state.ts";

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
 * Options of the counting study.
 *
 * @example
 * ```ts
 * import { countingDefaults } from "@neuroplastic/engines/sorn";
 * console.log(countingDefaults.plasticSteps); // 50000
 * ```
 */
export interface CountingOptions {
  /** Repeats of the middle letter. */
  readonly ns: readonly number[];
  /** Independent networks (seeds) per n. */
  readonly seeds: number;
  /** Base seed: trial i uses `fold(key(seed), i)`. */
  readonly seed: number;
  /** Excitatory input units per symbol (Lazar et al.: N^U). */
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
  /** Network config (nu must equal 6 · unitsPerSymbol; input mode is ignored). */
  readonly config: SornConfig;
}

/**
 * Defaults: reference network (ne 200, ni 40, its learning rates and mechanisms),
 * h_IP = μ_IP = 0.1 (= 2·N_U/N_E of Lazar et al. with N_U = 10 units per symbol),
 * 60 input units, and no noise: the 2009 model is deterministic given its input
 * (Eqs. 1–2 have no noise term; the σ = 0.04 noise of the `sorn` package came later).
 * Pass `noise_sigma` through `--config` to study the noisy network.
 *
 * @example
 * ```ts
 * import { countingDefaults } from "@neuroplastic/engines/sorn";
 * console.log(countingDefaults.config.nu); // 60
 * ```
 */
export const countingDefaults: CountingOptions = {
  ns: [4, 8, 12, 16, 20],
  seeds: 10,
  seed: 0,
  unitsPerSymbol: 10,
  plasticSteps: 50_000,
  trainSteps: 5_000,
  testSteps: 5_000,
  washoutSteps: 1_000,
  ridge: 0.01,
  inputGain: 1,
  config: { ...sornDefaults, nu: 60, h_ip: "mu_ip", input: "none", noise_sigma: 0 },
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
  k: ReturnType<typeof makeKey>,
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
  opts: CountingOptions,
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
const inputFor =
  (seq: Int8Array, opts: CountingOptions) => (t: number, out: Float64Array): void => {
    out.fill(0);
    const base = seq[t] * opts.unitsPerSymbol;
    for (let q = 0; q < opts.unitsPerSymbol; q++) out[base + q] = opts.inputGain;
  };

/**
 * One trial: the plastic network and the frozen network of the same seed, on the
 * same input sequence. Returns the test metrics of both.
 *
 * @example
 * ```ts
 * import { countingDefaults, countingTrial } from "@neuroplastic/engines/sorn";
 * const quick = { ...countingDefaults, plasticSteps: 200, trainSteps: 300, testSteps: 300, washoutSteps: 50 };
 * const r = countingTrial(quick, 4, 0);
 * console.log(r.plastic.accuracy >= 0 && r.plastic.accuracy <= 1); // true
 * ```
 */
export const countingTrial = (
  opts: CountingOptions,
  n: number,
  trial: number,
): { readonly plastic: CountingMetrics; readonly frozen: CountingMetrics } => {
  const config: SornConfig = { ...opts.config, input: "none" };
  if (config.nu !== COUNTING_SYMBOLS * opts.unitsPerSymbol) {
    throw new Error(`counting: nu must be ${COUNTING_SYMBOLS * opts.unitsPerSymbol}`);
  }
  const [kNet, kSeq] = split(fold(makeKey(opts.seed), trial), 2);
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
 * Runs the study: for every n and every seed, one {@link countingTrial}.
 * `progress(done, total)` is called after each trial.
 *
 * @example
 * ```ts
 * import { countingDefaults, countingStudy } from "@neuroplastic/engines/sorn";
 * const quick = { ...countingDefaults, ns: [2], seeds: 1, plasticSteps: 100, trainSteps: 200, testSteps: 200, washoutSteps: 10 };
 * console.log(countingStudy(quick).length); // 1
 * ```
 */
export const countingStudy = (
  opts: CountingOptions,
  progress?: (done: number, total: number, label?: string) => void,
): CountingRow[] => {
  const rows: CountingRow[] = [];
  const total = opts.ns.length * opts.seeds;
  let done = 0;
  for (const n of opts.ns) {
    const p: CountingMetrics[] = [];
    const f: CountingMetrics[] = [];
    for (let i = 0; i < opts.seeds; i++) {
      const r = countingTrial(opts, n, i);
      p.push(r.plastic);
      f.push(r.frozen);
      done++;
      progress?.(done, total, `n=${n} seed ${i}`);
    }
    rows.push({
      n,
      seeds: opts.seeds,
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
