/**
 * Graph statistics over a lifetime: edge counts and weight histograms.
 *
 * @module
 */
import type { NetState } from "./state.ts";

/**
 * Number of edges (Σ A).
 *
 * @example
 * ```ts
 * import { edgeCount } from "@neuroplastic/engines/lndp";
 * console.log(edgeCount({ A: Uint8Array.of(1, 0, 1) } as never)); // 2
 * ```
 */
export function edgeCount(net: Pick<NetState, "A">): number {
  let n = 0;
  for (let i = 0; i < net.A.length; i++) n += net.A[i];
  return n;
}

/** A fixed-bin histogram. */
export interface Histogram {
  /** Bin edges (bins + 1 values). */
  readonly edges: number[];
  /** Number of values per bin (bins values). */
  readonly counts: number[];
}

/**
 * Histogram of the synaptic weights w of the current edges (A = 1) over `bins` equal bins
 * of [lo, hi] (values outside are clamped into the end bins). Weights lie in (−1, 1) since
 * they are GRU states.
 *
 * @example
 * ```ts
 * import { weightHistogram } from "@neuroplastic/engines/lndp";
 * const h = weightHistogram({ A: Uint8Array.of(1, 1), w: Float64Array.of(-0.5, 0.5) } as never, 2);
 * console.log(h.counts); // [1, 1]
 * ```
 */
export function weightHistogram(
  net: Pick<NetState, "A" | "w">,
  bins = 10,
  lo = -1,
  hi = 1,
): Histogram {
  const counts = new Array<number>(bins).fill(0);
  const width = (hi - lo) / bins;
  for (let i = 0; i < net.A.length; i++) {
    if (!net.A[i]) continue;
    const b = Math.min(bins - 1, Math.max(0, Math.floor((net.w[i] - lo) / width)));
    counts[b]++;
  }
  const edges = Array.from({ length: bins + 1 }, (_, b) => lo + b * width);
  return { edges, counts };
}

/**
 * Mean and standard deviation of the weights on current edges.
 *
 * @example
 * ```ts
 * import { weightMoments } from "@neuroplastic/engines/lndp";
 * console.log(weightMoments({ A: Uint8Array.of(1, 1), w: Float64Array.of(-1, 1) } as never)); // { mean: 0, std: 1 }
 * ```
 */
export function weightMoments(net: Pick<NetState, "A" | "w">): { mean: number; std: number } {
  let n = 0, s = 0, s2 = 0;
  for (let i = 0; i < net.A.length; i++) {
    if (!net.A[i]) continue;
    n++;
    s += net.w[i];
    s2 += net.w[i] * net.w[i];
  }
  if (n === 0) return { mean: 0, std: 0 };
  const mean = s / n;
  return { mean, std: Math.sqrt(Math.max(0, s2 / n - mean * mean)) };
}
