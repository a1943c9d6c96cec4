/**
 * Episodes of the binary pattern-completion task of Miconi, Clune & Stanley 2018 (§4.1), built
 * as in the reference's `generateInputsAndTarget` (`simple/simple.py`, `simple/full.py`):
 *
 * - K patterns of P bits, each a random permutation of P/2 × (−1) and P − P/2 × (+1);
 * - the test pattern is one of them, chosen uniformly; `floor(degrade · P)` of its bits, chosen
 *   uniformly, are zeroed;
 * - `cycles` presentation cycles; in each the patterns are shuffled and each is shown for
 *   `presTime` steps followed by `interPresDelay` zero-input steps;
 * - then the degraded pattern is shown for `presTimeTest` steps;
 * - the bias neuron (the last one) receives 1 at every step; extra neurons receive nothing;
 * - every input is multiplied by `inputGain` (20 in the reference).
 *
 * The target is the full test pattern, scored at the last step.
 *
 * @module
 */
import { fold, type Key, permutation, randint1 } from "@neuroplastic/core/random";

/** Episode constants of the task (the reference's upper-case constants). */
export interface MiconiTaskParams {
  /** Bits per pattern P (PATTERNSIZE). */
  readonly patternSize: number;
  /** Patterns per episode K (NBPATTERNS). */
  readonly patterns: number;
  /** Presentation cycles (NBPRESCYCLES). */
  readonly cycles: number;
  /** Steps of each presentation (PRESTIME). */
  readonly presTime: number;
  /** Steps of the degraded test pattern (PRESTIMETEST). */
  readonly presTimeTest: number;
  /** Zero-input steps after each presentation (INTERPRESDELAY). */
  readonly interPresDelay: number;
  /** Fraction of the test pattern's bits zeroed (PROBADEGRADE). */
  readonly degrade: number;
  /** Factor on every input (20). */
  readonly inputGain: number;
  /** Extra neurons besides the pattern neurons and the bias neuron (nbaddneurons). */
  readonly addNeurons: number;
}

/**
 * Neurons N = P + addNeurons + 1 (bias) and steps per episode
 * T = cycles · (presTime + interPresDelay) · K + presTimeTest (NBSTEPS).
 *
 * @example
 * ```ts
 * import { miconiTaskShape } from "@neuroplastic/engines/hebbian-rnn";
 * const t = { patternSize: 1000, patterns: 5, cycles: 2, presTime: 6, presTimeTest: 6,
 *   interPresDelay: 4, degrade: 0.5, inputGain: 20, addNeurons: 0 };
 * console.log(miconiTaskShape(t)); // { neurons: 1001, seqLen: 106, zeroed: 500 }
 * ```
 */
export const miconiTaskShape = (
  t: MiconiTaskParams,
): { neurons: number; seqLen: number; zeroed: number } => ({
  neurons: t.patternSize + t.addNeurons + 1,
  seqLen: t.cycles * (t.presTime + t.interPresDelay) * t.patterns + t.presTimeTest,
  zeroed: Math.floor(t.degrade * t.patternSize),
});

/** A batch of episodes. */
export interface MiconiBatch {
  /** Episodes B. */
  readonly batch: number;
  /** Steps per episode T. */
  readonly seqLen: number;
  /** B×T×N inputs (gain applied). */
  readonly x: Float64Array;
  /** B×P full test patterns (±1). */
  readonly target: Float64Array;
  /** B×P: 1 where the test pattern's bit was zeroed in the probe. */
  readonly zeroed: Uint8Array;
}

/**
 * Draws `batch` episodes from `k` (episode b from `fold(k, b)`; same key ⇒ same batch).
 *
 * @example
 * ```ts
 * import { miconiTaskBatch } from "@neuroplastic/engines/hebbian-rnn";
 * import { key } from "@neuroplastic/core/random";
 * const t = { patternSize: 4, patterns: 2, cycles: 1, presTime: 1, presTimeTest: 1,
 *   interPresDelay: 1, degrade: 0.5, inputGain: 20, addNeurons: 0 };
 * const b = miconiTaskBatch(t, key(0), 3);
 * console.log(b.seqLen, b.x.length, b.target.length); // 5 75 12
 * ```
 */
export const miconiTaskBatch = (t: MiconiTaskParams, k: Key, batch: number): MiconiBatch => {
  const { neurons: N, seqLen: T, zeroed: Z } = miconiTaskShape(t);
  const P = t.patternSize;
  const K = t.patterns;
  const g = t.inputGain;
  const x = new Float64Array(batch * T * N);
  const target = new Float64Array(batch * P);
  const zeroed = new Uint8Array(batch * P);
  const half = Math.floor(P / 2);
  for (let b = 0; b < batch; b++) {
    const kb = fold(k, b);
    // seedp = ones(P); seedp[:P//2] = −1; each pattern = permutation(seedp)
    const pats = Array.from({ length: K }, (_, p) => {
      const perm = permutation(fold(kb, p), P);
      const v = new Float64Array(P);
      for (let i = 0; i < P; i++) v[i] = perm[i] < half ? -1 : 1;
      return v;
    });
    // testpattern = random.choice(patterns)
    const which = randint1(fold(kb, K), 0, K);
    // preservedbits: floor(PROBADEGRADE · P) zeros, shuffled
    const perm = permutation(fold(kb, K + 1), P);
    const base = b * T * N;
    for (let i = 0; i < P; i++) {
      target[b * P + i] = pats[which][i];
      zeroed[b * P + i] = perm[i] < Z ? 1 : 0;
    }
    for (let c = 0; c < t.cycles; c++) {
      // np.random.shuffle(patterns) at the start of each cycle
      const order = permutation(fold(kb, K + 2 + c), K);
      for (let ii = 0; ii < K; ii++) {
        for (let n = 0; n < t.presTime; n++) {
          const step = c * K * (t.presTime + t.interPresDelay) +
            ii * (t.presTime + t.interPresDelay) + n;
          const v = pats[order[ii]];
          for (let i = 0; i < P; i++) x[base + step * N + i] = g * v[i];
        }
      }
    }
    for (let n = 0; n < t.presTimeTest; n++) {
      const step = T - t.presTimeTest + n;
      for (let i = 0; i < P; i++) {
        x[base + step * N + i] = zeroed[b * P + i] ? 0 : g * target[b * P + i];
      }
    }
    // bias neuron: input 1 (× gain) at every step
    for (let step = 0; step < T; step++) x[base + step * N + N - 1] = g;
  }
  return { batch, seqLen: T, x, target, zeroed };
};

/**
 * Error rates of last outputs `y` (B×P) against the targets: over all P bits (the reference's
 * printed "error rate", `mean(sign(y) != sign(target))`) and over the zeroed bits only.
 *
 * @example
 * ```ts
 * import { miconiErrors } from "@neuroplastic/engines/hebbian-rnn";
 * const e = miconiErrors([0.9, 0.2, -0.5, 0.7], { target: new Float64Array([1, 1, -1, -1]), zeroed: new Uint8Array([0, 0, 1, 1]) });
 * console.log(e); // { all: 0.25, zeroed: 0.5 }
 * ```
 */
export const miconiErrors = (
  y: ArrayLike<number>,
  b: { readonly target: ArrayLike<number>; readonly zeroed: ArrayLike<number> },
): { all: number; zeroed: number } => {
  let wrong = 0;
  let wrongZ = 0;
  let nZ = 0;
  for (let k = 0; k < b.target.length; k++) {
    const bad = Math.sign(y[k]) !== Math.sign(b.target[k]) ? 1 : 0;
    wrong += bad;
    if (b.zeroed[k]) {
      nZ++;
      wrongZ += bad;
    }
  }
  return { all: wrong / b.target.length, zeroed: nZ ? wrongZ / nZ : NaN };
};
