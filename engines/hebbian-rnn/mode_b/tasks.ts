/**
 * Mode B tasks: episodes that can only be solved by storing information seen once, inside
 * the episode.
 *
 * - `pattern`: one-shot binary pattern completion (Miconi, Clune & Stanley 2018, §4.2, scaled
 *   down): K random ±1 patterns of N bits are each shown once (`show` steps, then `gap` blank
 *   steps); then one of them is shown with half of its bits zeroed for `probe` steps and the
 *   network must output the full pattern. Scored on the zeroed bits at the last step.
 * - `cue-reward`: cue–reward association (after Miconi et al. 2019, §4.1): each episode draws
 *   C fresh random ±1 cues of D bits and gives each its own reward, +1 or −1. Each trial shows
 *   a random cue for two steps, the network answers (the expected reward) at the second, then
 *   the cue is shown with the reward on an extra input channel. Scored on the answers to cues
 *   whose reward was already shown in the episode (chance 50%). Cues and rewards are new every
 *   episode, so the associations must be learned within the episode.
 *
 * @module
 */
import { fold, type Key, uniform } from "@neuroplastic/core/random";

/** Task name. */
export type ModeBTaskName = "pattern" | "cue-reward";

/** Task parameters (sizes of the episode). */
export interface ModeBTaskSpec {
  /** Which task generates the episodes. */
  readonly task: ModeBTaskName;
  /** pattern: bits per pattern N; cue-reward: bits per cue D. */
  readonly bits: number;
  /** pattern: patterns per episode K; cue-reward: cues per episode C. */
  readonly items: number;
  /** pattern: steps each pattern is shown; cue-reward: trials per episode. */
  readonly show: number;
  /** pattern: blank steps after each pattern. */
  readonly gap: number;
  /** pattern: steps of the degraded probe. */
  readonly probe: number;
}

/** One batch of episodes, row-major. */
export interface ModeBBatch {
  /** Episodes in the batch B. */
  readonly batch: number;
  /** Steps per episode T. */
  readonly seqLen: number;
  /** B×T×I inputs. */
  readonly x: Float64Array;
  /** B×T×O targets. */
  readonly target: Float64Array;
  /** B×T loss weights (1 = scored in training). */
  readonly weight: Float64Array;
  /** B×T×O: 1 where an output entry counts for the accuracy metric. */
  readonly scored: Uint8Array;
}

/**
 * Input/output sizes and sequence length of a task.
 *
 * @example
 * ```ts
 * import { modeBTaskShape } from "@neuroplastic/engines/hebbian-rnn";
 * console.log(modeBTaskShape({ task: "cue-reward", bits: 8, items: 4, show: 10, gap: 0, probe: 0 }));
 * // { input: 9, output: 1, seqLen: 30 }
 * ```
 */
export const modeBTaskShape = (
  t: ModeBTaskSpec,
): { input: number; output: number; seqLen: number } =>
  t.task === "pattern"
    ? { input: t.bits, output: t.bits, seqLen: t.items * (t.show + t.gap) + t.probe }
    : { input: t.bits + 1, output: 1, seqLen: 3 * t.show };

const sign = (u: number): number => (u < 0.5 ? -1 : 1);

/**
 * Draws `batch` episodes of the task from `k` (same key ⇒ same batch).
 *
 * @example
 * ```ts
 * import { modeBTaskBatch } from "@neuroplastic/engines/hebbian-rnn";
 * import { key } from "@neuroplastic/core/random";
 * const b = modeBTaskBatch({ task: "pattern", bits: 8, items: 2, show: 2, gap: 1, probe: 2 }, key(0), 4);
 * console.log(b.seqLen, b.x.length); // 8 256
 * ```
 */
export const modeBTaskBatch = (t: ModeBTaskSpec, k: Key, batch: number): ModeBBatch => {
  const { input: I, output: O, seqLen: T } = modeBTaskShape(t);
  const x = new Float64Array(batch * T * I);
  const target = new Float64Array(batch * T * O);
  const weight = new Float64Array(batch * T);
  const scored = new Uint8Array(batch * T * O);
  const N = t.bits;
  for (let b = 0; b < batch; b++) {
    const u = uniform(fold(k, b), 4 * N * t.items + 4 * t.show + 8);
    let q = 0;
    const next = () => u[q++];
    if (t.task === "pattern") {
      const pats = Array.from(
        { length: t.items },
        () => Array.from({ length: N }, () => sign(next())),
      );
      let step = 0;
      for (let it = 0; it < t.items; it++) {
        for (let r = 0; r < t.show; r++, step++) {
          for (let i = 0; i < N; i++) x[(b * T + step) * I + i] = pats[it][i];
        }
        step += t.gap;
      }
      const which = Math.min(t.items - 1, Math.floor(next() * t.items));
      // zero a random half of the bits: rank N uniforms, zero the N/2 smallest
      const keys = Array.from({ length: N }, () => next());
      const order = keys.map((v, i) => [v, i] as const).sort((a, c) => a[0] - c[0]);
      const hidden = new Uint8Array(N);
      for (let r = 0; r < Math.floor(N / 2); r++) hidden[order[r][1]] = 1;
      for (let r = 0; r < t.probe; r++, step++) {
        weight[b * T + step] = 1;
        for (let i = 0; i < N; i++) {
          x[(b * T + step) * I + i] = hidden[i] ? 0 : pats[which][i];
          target[(b * T + step) * O + i] = pats[which][i];
          if (r === t.probe - 1 && hidden[i]) scored[(b * T + step) * O + i] = 1;
        }
      }
    } else {
      const cues = Array.from(
        { length: t.items },
        () => Array.from({ length: N }, () => sign(next())),
      );
      // each cue of the episode gets its own reward, +1 or −1 with probability ½
      const reward = Array.from({ length: t.items }, () => sign(next()));
      const seen = new Uint8Array(t.items);
      for (let tr = 0; tr < t.show; tr++) {
        const cue = Math.min(t.items - 1, Math.floor(next() * t.items));
        const r = reward[cue];
        const s0 = b * T + 3 * tr;
        // steps s0, s0 + 1: the cue; answer (expected reward) at s0 + 1; s0 + 2: cue + reward
        for (let k = 0; k < 3; k++) {
          for (let i = 0; i < N; i++) x[(s0 + k) * I + i] = cues[cue][i];
        }
        target[(s0 + 1) * O] = r;
        weight[s0 + 1] = 1;
        // scored only when this cue's reward has been shown earlier in the episode
        if (seen[cue]) scored[(s0 + 1) * O] = 1;
        seen[cue] = 1;
        x[(s0 + 2) * I + N] = r;
      }
    }
  }
  return { batch, seqLen: T, x, target, weight, scored };
};

/**
 * Fraction of scored output entries whose sign matches the target (chance = 0.5).
 *
 * @example
 * ```ts
 * import { modeBAccuracy } from "@neuroplastic/engines/hebbian-rnn";
 * console.log(modeBAccuracy(new Float64Array([0.3, -2]), new Float64Array([1, 1]), new Uint8Array([1, 1]))); // 0.5
 * ```
 */
export const modeBAccuracy = (
  y: ArrayLike<number>,
  target: ArrayLike<number>,
  scored: ArrayLike<number>,
): number => {
  let n = 0;
  let ok = 0;
  for (let k = 0; k < scored.length; k++) {
    if (!scored[k]) continue;
    n++;
    if (Math.sign(y[k]) === Math.sign(target[k])) ok++;
  }
  return n ? ok / n : NaN;
};
