/**
 * Lifetime analysis of one genome: per-episode returns, the edge count at every step and
 * weight histograms at episode boundaries for one lifetime, plus the within-lifetime
 * improvement (return of the last episode minus the first) over many lifetimes.
 *
 * @module
 */
import { fold, type Key } from "@neuroplastic/core/random";
import type { LifetimeConfig } from "./config.ts";
import { makeModel } from "./model.ts";
import { lifetimeBuffers, run } from "./run.ts";
import { edgeCount, type Histogram, weightHistogram, weightMoments } from "./stats.ts";

/** The graph at one moment of the traced lifetime. */
export interface GraphSnapshot {
  /** Label of the moment (e.g. start, end of an episode). */
  readonly label: string;
  /** Episode index of the moment. */
  readonly episode: number;
  /** Step within the episode. */
  readonly step: number;
  /** Number of existing edges. */
  readonly edges: number;
  /** Mean weight over existing edges. */
  readonly weightMean: number;
  /** Standard deviation of the weights over existing edges. */
  readonly weightStd: number;
  /** Histogram of the weights on existing edges. */
  readonly histogram: Histogram;
  /** Copy of the adjacency A (N×N, row = presynaptic) at this moment. */
  readonly adjacency: Uint8Array;
  /** Copy of the weights w (N×N) at this moment (w may be nonzero on a just-pruned edge). */
  readonly weights: Float64Array;
}

/** Result of {@link analyzeLifetimes}. */
export interface LifetimeAnalysis {
  /** Task name. */
  readonly task: string;
  /** Number of lifetimes analysed. */
  readonly lifetimes: number;
  /** Node layout: N nodes, inputs 0..inputs−1, outputs N−outputs..N−1. */
  readonly nodes: { readonly n: number; readonly inputs: number; readonly outputs: number };
  /** Returns of the traced lifetime (lifetime 0). */
  readonly tracedReturns: number[];
  /** Edge count after every step of the traced lifetime, and where each episode starts in it. */
  readonly edgeCounts: number[];
  /** Mean weight on existing edges after every step of the traced lifetime. */
  readonly weightMeans: number[];
  /** Index in `edgeCounts` / `weightMeans` where each episode starts. */
  readonly episodeStarts: number[];
  /** Snapshots of the graph during the traced lifetime. */
  readonly snapshots: GraphSnapshot[];
  /** Mean / std of the return of episode e over all lifetimes. */
  readonly episodeMean: number[];
  /** Standard deviation of the return of episode e over all lifetimes. */
  readonly episodeStd: number[];
  /** Mean fitness over the lifetimes. */
  readonly fitnessMean: number;
  /** Standard deviation of the fitness over the lifetimes. */
  readonly fitnessStd: number;
  /** Mean and std of (last episode − first episode) and the fraction of lifetimes where it is > 0. */
  readonly improvementMean: number;
  /** Standard deviation of (last episode − first episode). */
  readonly improvementStd: number;
  /** Fraction of lifetimes whose last episode beats the first. */
  readonly improvedFraction: number;
}

const meanStd = (xs: number[]): [number, number] => {
  const n = xs.length;
  if (n === 0) return [NaN, NaN];
  const m = xs.reduce((a, b) => a + b, 0) / n;
  const v = xs.reduce((a, b) => a + (b - m) * (b - m), 0) / n;
  return [m, Math.sqrt(v)];
};

/**
 * Runs `lifetimes` lifetimes of `genome` (keys fold(key, l)); traces lifetime 0.
 *
 * @example
 * ```ts
 * import { analyzeLifetimes, lifetimeDefaults } from "@neuroplastic/engines/lndp";
 * const a = analyzeLifetimes(lifetimeDefaults, new Float64Array(1918), { k0: 0, k1: 1 }, 2);
 * console.log(a.episodeMean.length); // 3
 * ```
 */
export function analyzeLifetimes(
  cfg: LifetimeConfig,
  genome: Float64Array,
  key: Key,
  lifetimes: number,
  bins = 10,
): LifetimeAnalysis {
  const model = makeModel(cfg.task, cfg);
  const buffers = lifetimeBuffers(model);
  const edgeCounts: number[] = [];
  const weightMeans: number[] = [];
  const episodeStarts: number[] = [];
  const snapshots: GraphSnapshot[] = [];
  let lastEpisode = -1;
  const snap = (
    label: string,
    episode: number,
    step: number,
    net: Parameters<typeof edgeCount>[0] & {
      w: Float64Array;
    },
  ): void => {
    const { mean, std } = weightMoments(net);
    snapshots.push({
      label,
      episode,
      step,
      edges: edgeCount(net),
      weightMean: mean,
      weightStd: std,
      histogram: weightHistogram(net, bins),
      adjacency: Uint8Array.from(net.A),
      weights: Float64Array.from(net.w),
    });
  };
  const traced = run(model, genome, cfg.nEpisodes, fold(key, 0), buffers, (ev) => {
    if (ev.episode !== lastEpisode) {
      episodeStarts.push(edgeCounts.length);
      lastEpisode = ev.episode;
      snap(`episode ${ev.episode + 1}, step 1`, ev.episode, ev.step, ev.net);
    }
    edgeCounts.push(edgeCount(ev.net));
    weightMeans.push(weightMoments(ev.net).mean);
    const last = ev.done && model.env.name !== "grid" || ev.step === model.env.maxSteps - 1;
    if (last) snap(`episode ${ev.episode + 1}, end`, ev.episode, ev.step, ev.net);
  });
  const all = [traced];
  for (let l = 1; l < lifetimes; l++) {
    all.push(run(model, genome, cfg.nEpisodes, fold(key, l), buffers));
  }
  const nR = traced.returns.length;
  const episodeMean: number[] = [], episodeStd: number[] = [];
  for (let e = 0; e < nR; e++) {
    const [m, s] = meanStd(all.map((r) => r.returns[e]));
    episodeMean.push(m);
    episodeStd.push(s);
  }
  const [fitnessMean, fitnessStd] = meanStd(all.map((r) => r.fitness));
  const imp = all.map((r) => r.returns[nR - 1] - r.returns[0]);
  const [improvementMean, improvementStd] = meanStd(imp);
  return {
    task: cfg.task,
    lifetimes,
    nodes: { n: model.N, inputs: model.o, outputs: model.k },
    tracedReturns: traced.returns,
    edgeCounts,
    weightMeans,
    episodeStarts,
    snapshots,
    episodeMean,
    episodeStd,
    fitnessMean,
    fitnessStd,
    improvementMean,
    improvementStd,
    improvedFraction: imp.filter((d) => d > 0).length / imp.length,
  };
}
