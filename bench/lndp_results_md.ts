/**
 * The markdown of `docs/results/lndp-<task>.md`, rendered from its JSON alone (the file
 * `bench/lndp_results.ts` writes beside it), so a drift test can rebuild it
 * (`bench/results_renderers.ts`) and the wording can change without the training run.
 *
 * Both ways of reading a run are given: the reference's own log metrics (`best`, the largest
 * single-lifetime fitness seen so far, and `gen_best`, the generation's maximum; both from one
 * lifetime per member, so optimistic) and the honest ones (the best genome and the strategy's
 * mean genome re-evaluated on fresh lifetimes, with the change from episode 1 to the last).
 *
 * @module
 */
import { makeModel } from "@neuroplastic/engines/lndp";

/** One lifetime analysis as stored in the JSON (`analysisJson` of the engine). */
export interface LndpAnalysisJson {
  readonly lifetimes: number;
  readonly tracedReturns: readonly number[];
  readonly edgeCounts: readonly number[];
  readonly weightMeans: readonly number[];
  readonly snapshots: readonly {
    readonly label: string;
    readonly step: number;
    readonly edges: number;
    readonly weightMean: number;
    readonly weightStd: number;
    readonly histogram: { readonly counts: readonly number[] };
  }[];
  readonly episodeMean: readonly number[];
  readonly episodeStd: readonly number[];
  readonly fitnessMean: number;
  readonly fitnessStd: number;
  readonly improvementMean: number;
  readonly improvementStd: number;
  readonly improvedFraction: number;
}

/** The JSON of one LNDP training result (`docs/results/lndp-<task>.json`). */
export interface LndpResultsJson {
  readonly task: string;
  readonly command: string;
  // deno-lint-ignore no-explicit-any
  readonly config: Record<string, any>;
  readonly seed: number;
  readonly generations: number;
  readonly evaluations: number;
  readonly envSteps: number;
  readonly wallSeconds: number;
  readonly evalsPerSecond: number;
  readonly envStepsPerSecond: number;
  readonly curve: {
    readonly max: readonly number[];
    readonly mean: readonly number[];
    readonly bestSoFar: readonly number[];
    readonly envSteps: readonly number[];
    readonly seconds: readonly (number | null)[];
  };
  readonly bestTrainingFitness: number;
  readonly bestGeneration: number;
  readonly reevaluation: {
    readonly lifetimes: number;
    readonly key: string;
    readonly seconds?: number;
  };
  readonly best: LndpAnalysisJson;
  readonly mean: LndpAnalysisJson | null;
  readonly solved: boolean;
  readonly projection: {
    readonly meanSlopePerGeneration: number;
    readonly generationsToThreshold: number | null;
    readonly secondsPerSolvedGeneration: number;
  };
  readonly bestGenome: readonly number[];
  /** Load average during the run, as the generator was told (`--load`). */
  readonly load?: string;
}

const f1 = (x: number | null | undefined): string =>
  typeof x === "number" && Number.isFinite(x) ? x.toFixed(1) : String(x ?? "–");
const f2 = (x: number): string => (Number.isFinite(x) ? x.toFixed(2) : String(x));

const strategyLine = (c: LndpResultsJson["config"], popsize: number): string =>
  c.strategy === "cma"
    ? `Strategy CMA-ES (evosax 0.1.6 CMA_ES, the reference's), popsize ${popsize}, σ₀ ${c.sigmaInit}, elite ratio ${c.eliteRatio}, `
    : c.strategy === "cma-lazy"
    ? `Strategy CMA-ES with pycma's lazy eigendecomposition (not the reference's), popsize ${popsize}, σ₀ ${c.sigmaInit}, elite ratio ${c.eliteRatio}, `
    : c.strategy === "sep-cma"
    ? `Strategy sep-CMA-ES (diagonal covariance, Ros & Hansen 2008; not the reference's), popsize ${popsize}, σ₀ ${c.sigmaInit}, elite ratio ${c.eliteRatio}, `
    : `Strategy OpenAI-ES (evosax OpenES: antithetic, Adam lr ${c.lrate}, fitness shaping ${c.fitnessShaping}), popsize ${popsize}, σ ${c.sigmaInit}, `;

const costLine = (strategy: string): string =>
  strategy === "cma"
    ? "strategy's own cost (CMA-ES: one 1918×1918 eigendecomposition per generation). "
    : strategy === "cma-lazy"
    ? "strategy's own cost (lazy CMA-ES: a 1918×1918 eigendecomposition every few generations). "
    : `strategy's own cost (small for ${strategy === "sep-cma" ? "sep-CMA-ES" : "OpenAI-ES"}). `;

const lifetimeMd = (title: string, a: LndpAnalysisJson, maskCount: number): string[] => {
  const ec = a.edgeCounts;
  const lo = Math.min(...ec), hi = Math.max(...ec);
  return [
    `### ${title}`,
    "",
    `${a.lifetimes} fresh lifetimes: fitness (mean of the ${a.episodeMean.length} episode returns) **${
      f1(a.fitnessMean)
    } ± ${f1(a.fitnessStd)}**.`,
    "",
    "| episode | mean return | std |",
    "|---|---|---|",
    ...a.episodeMean.map((m, e) => `| ${e + 1} | ${f1(m)} | ${f1(a.episodeStd[e])} |`),
    "",
    `Within-lifetime improvement, episode ${a.episodeMean.length} − episode 1: **${
      f1(a.improvementMean)
    } ± ${f1(a.improvementStd)}**; the last episode beat the first in ${
      (a.improvedFraction * 100).toFixed(0)
    } % of lifetimes.`,
    "",
    `Traced lifetime (the first of them): returns ${a.tracedReturns.map(f1).join(", ")}; edges ${
      ec[0]
    } after the first step, min ${lo}, max ${hi}, ${
      ec[ec.length - 1]
    } at the end (${ec.length} steps).`,
    "",
    lo === hi
      ? `Structure: the first update already sets ${ec[0]} of the ${maskCount} allowed edges and ` +
        "no edge is pruned or added afterwards; the lifetime's change is in the weights (mean w " +
        `from ${f2(a.weightMeans[0])} after the first step to ${
          f2(a.weightMeans[a.weightMeans.length - 1])
        } at the end, range ${f2(Math.min(...a.weightMeans))}…${f2(Math.max(...a.weightMeans))}).`
      : `Structure: the edge count moves between ${lo} and ${hi} of the ${maskCount} allowed edges over the lifetime.`,
    "",
    "| moment | edges | w mean | w std | histogram of w on edges (20 bins over [−1, 1]) |",
    "|---|---|---|---|---|",
    ...a.snapshots.map((s) =>
      `| ${s.label} (step ${s.step + 1}) | ${s.edges} | ${f2(s.weightMean)} | ${
        f2(s.weightStd)
      } | ${s.histogram.counts.join(" ")} |`
    ),
    "",
  ];
};

/**
 * The results markdown of one LNDP training run, from its JSON.
 *
 * @example
 * ```ts ignore
 * import { lndpResultsMarkdown } from "./lndp_results_md.ts";
 * const j = JSON.parse(Deno.readTextFileSync("docs/results/lndp-cartpole.json"));
 * console.log(lndpResultsMarkdown(j, "lndp-cartpole"));
 * ```
 */
export const lndpResultsMarkdown = (j: LndpResultsJson, name: string): string => {
  const c = j.config, task = j.task;
  const threshold = task === "cartpole" ? 475 : Infinity;
  const popsize = Number(c.popsize), G = j.generations;
  const { max, mean, bestSoFar, envSteps, seconds } = j.curve;
  const maskCount = makeModel(task as never, c as never).maskCount;
  const nEpisodes = j.best.episodeMean.length;
  const firstAt = max.findIndex((x) => x >= threshold);
  const refEvals = 10_000 * 256;
  const p = j.projection;
  const gens = p.generationsToThreshold;
  const solvedGenSec = p.secondsPerSolvedGeneration;
  const honestMean = j.mean?.fitnessMean;
  return [
    `# LNDP on ${task}: training result`,
    "",
    `Command: \`${j.command}\` (\`bench/lndp_np.ts\` is the \`np\` CLI restricted to LNDP, i.e. \`deno task np lndp train ...\` before lndp is registered; a 2-core machine shared with other jobs${
      j.load ? `, load average ${j.load} during the run` : ""
    }).`,
    "",
    strategyLine(c, popsize) +
    `${nEpisodes} episodes per lifetime, P = ${j.bestGenome.length}, ${
      c.workers === undefined ? "" : `${c.workers} workers, `
    }seed ${j.seed}.`,
    "",
    `Budget: **${G} generations = ${j.evaluations} evaluations** (${j.envSteps} environment steps) in ${
      (j.wallSeconds / 60).toFixed(1)
    } min of wall time: ${f2(j.evalsPerSecond)} evaluations/s, ${
      Math.round(j.envStepsPerSecond)
    } env steps/s including the ` + costLine(String(c.strategy)) +
    `The reference trains for 10 000 generations × 256 = ${refEvals} evaluations (${
      (100 * j.evaluations / refEvals).toFixed(2)
    } % of that here; \`train.py\`'s default; the paper's CartPole figure and its budget could not be checked, since only the paper's abstract was available here).`,
    "",
    "## Result, two ways",
    "",
    "The reference's log (one lifetime per member per generation, so a lucky lifetime counts):",
    "",
    `- \`best\` (the largest single-lifetime fitness seen so far): **${
      f1(bestSoFar[G - 1])
    }**, set at generation ${j.bestGeneration}; first generation whose \`gen_best\` reached ${threshold}: ${
      firstAt >= 0 ? firstAt + 1 : "none"
    }.`,
    `- \`gen_best\` (the generation's maximum) in the last generation: ${
      f1(max[G - 1])
    } (generation 1: ${f1(max[0])}); population mean ${f1(mean[G - 1])} (generation 1: ${
      f1(mean[0])
    }).`,
    "",
    `Honest (fresh lifetimes, ${j.reevaluation.key}, never used in training):`,
    "",
    `- The genome behind \`best\`, re-evaluated on ${j.reevaluation.lifetimes} fresh lifetimes: mean fitness **${
      f1(j.best.fitnessMean)
    } ± ${f1(j.best.fitnessStd)}** (JSON \`best.fitnessMean\`).`,
    honestMean === undefined
      ? ""
      : `- The strategy's mean genome on the same lifetimes: **${f1(honestMean)} ± ${
        f1(j.mean!.fitnessStd)
      }** (JSON \`mean.fitnessMean\`).`,
    `- Within-lifetime change of the best genome, episode ${nEpisodes} − episode 1: ${
      f1(j.best.improvementMean)
    } ± ${f1(j.best.improvementStd)}${
      j.mean
        ? `; of the mean genome: ${f1(j.mean.improvementMean)} ± ${f1(j.mean.improvementStd)}`
        : ""
    }.`,
    "",
    j.best.fitnessMean >= threshold
      ? `The re-evaluated best genome reaches the solved threshold (${threshold}).`
      : `**Not solved**: ${
        f1(j.best.fitnessMean)
      } < ${threshold}. Projected budget (crude): the population ` +
        `mean rose by ${
          f2(p.meanSlopePerGeneration)
        } per generation over the second half of the run; a straight line would ` +
        `reach ${threshold} after about ${gens ?? "∞ (no upward trend)"} more generations. ` +
        `Lifetimes lengthen as the policy improves: a generation of ${popsize} solved lifetimes is ${
          popsize * 1500
        } env steps, ` +
        `≈ ${(solvedGenSec / 60).toFixed(1)} min at this run's ${
          Math.round(j.envStepsPerSecond)
        } env steps/s; ` +
        `so ${gens ?? "N"} generations need roughly ${
          gens === null ? "?" : ((gens * solvedGenSec) / 3600).toFixed(0)
        } h on this shared machine at most (upper bound: every member at 1500 steps), and the ` +
        `reference's full 10 000 generations ≈ ${
          ((10_000 * solvedGenSec) / 86400).toFixed(0)
        } days. ` +
        `On an unloaded machine the bench (lndp-bench.md) runs several times faster.`,
    "",
    "## Learning curve",
    "",
    `![LNDP ${task}](${name}.svg)`,
    "",
    "| generation | `gen_best` (population max) | population mean | `best` (so far) | env steps | seconds |",
    "|---|---|---|---|---|---|",
    ...max.flatMap((m, g) =>
      g % Math.max(1, Math.ceil(G / 30)) === 0 || g === G - 1
        ? [
          `| ${g + 1} | ${f1(m)} | ${f1(mean[g])} | ${f1(bestSoFar[g])} | ${envSteps[g]} | ${
            f1(seconds[g])
          } |`,
        ]
        : []
    ),
    "",
    "## The best genome over a lifetime",
    "",
    "Graph changes are driven by the developmental program: the edge count after every step and the",
    "weight distribution on existing edges at each episode's start and end (w = first edge-state",
    "channel; a just-pruned edge keeps its weight for one step, reference quirk).",
    "",
    ...lifetimeMd("Best member genome", j.best, maskCount),
    ...(j.mean ? lifetimeMd("Strategy mean genome", j.mean, maskCount) : []),
    (j.reevaluation.seconds === undefined
      ? ""
      : `Re-evaluation took ${f1(j.reevaluation.seconds)} s. `) +
    `Files: ${name}.json (curves, analyses, best genome), ${name}.svg.`,
    "",
  ].join("\n");
};
