/**
 * Multiply-add counts per sample (spec §1.10), derived from the shapes; the sparse variant also
 * reports the counts it actually performed (`SparseOutput.macsPerSample`).
 *
 * @module
 */
import type { RsgnConfig } from "./config.ts";

/** MACs per sample split into the parts of a forward pass. */
export interface MacCount {
  /** One propagation step (messages + W_h (+ the N² inhibition of the faithful model)). */
  readonly perStep: number;
  /** Ignition (embedding MLP and the T×N spark–node distances). */
  readonly ignition: number;
  /** init_state, readout and classifier. */
  readonly head: number;
  /** Whole forward pass per sample (excluding the per-batch W = σ(UVᵀ)… cost). */
  readonly total: number;
  /** Per-batch cost of the connection weights (N²·r for UVᵀ, or N·k·r sparse). */
  readonly perBatch: number;
}

/**
 * Forward MACs per sample for sequence length `T`. Faithful: K·(N²·D_h + N·D_h² + N²).
 * Sparse (every winner active; the message term is the mean, since in-degree is k and the mean
 * out-degree is k): K·(a·D_h² + a·k·D_h).
 *
 * @example
 * ```ts
 * import { rsgnDefaults, macsPerSample } from "@neuroplastic/engines/rsgn";
 * console.log((macsPerSample(rsgnDefaults, 32).perStep / 1e6).toFixed(2)); // "12.65"
 * ```
 */
export function macsPerSample(c: RsgnConfig, T: number): MacCount {
  const N = c.numNodes, H = c.dimHidden, S = c.dimSpace, I = c.dimInput, C = c.numClasses;
  const ignition = T * (I * 4 * S + 4 * S * S) + T * N * S;
  let perStep: number, perBatch: number, readout: number;
  if (c.variant === "sparse") {
    const a = Math.min(c.activeK, N), k = Math.min(c.topK, N - 1);
    perStep = a * H * H + a * k * H;
    perBatch = N * k * c.affinityRank;
    readout = a * H;
  } else {
    // messages N²·D_h, W_h N·D_h², inhibition N²   (spec §1.10)
    perStep = N * N * H + N * H * H + N * N;
    perBatch = N * N * c.affinityRank;
    readout = N * H;
  }
  const head = I * H + readout + H * C;
  return { perStep, ignition, head, total: c.numSteps * perStep + ignition + head, perBatch };
}
