/**
 * Showcase of the LNDP engine for the demo and the report (a few seconds): the first generation
 * of the reference's CMA-ES (mean 0, σ₀ = 1, i.e. N(0, I) genomes) on CartPole, evaluated with
 * the batched population evaluator, then one lifetime of its best developmental program with
 * the network drawn as it grows and prunes, the edge count over the lifetime and the weights.
 *
 * @module
 */
import { fold, key, normal } from "@neuroplastic/core/random";
import { stateHash } from "@neuroplastic/core/checkpoint";
import { histogram, type ReportSection, type Showcase } from "@neuroplastic/core/chart";
import { analyzeLifetimes } from "./analysis.ts";
import { lifetimeDefaults } from "./config.ts";
import { makeModel } from "./model.ts";
import { evaluateBatchInline } from "./population.ts";
import { lndpLifetimeSections } from "./report.ts";

/**
 * The LNDP showcase.
 *
 * @example
 * ```ts ignore
 * import { lndpShowcase } from "@neuroplastic/engines/lndp";
 * await lndpShowcase.run({ seed: 1, progress: () => {} });
 * ```
 */
export const lndpShowcase: Showcase = {
  name: "lndp",
  title: "LNDP: developmental programs that grow, prune and reweight a policy network",
  run: ({ seed, progress }) => {
    const cfg = { ...lifetimeDefaults, task: "cartpole" as const };
    const P = makeModel(cfg.task, cfg).layout.size;
    const pop = 32, chunk = 8;
    const genomes = normal(fold(key(seed), 0), pop * P);
    const fitness = new Float64Array(pop);
    let envSteps = 0;
    const t0 = performance.now();
    for (let i = 0; i < pop; i += chunk) {
      // one member per call, keyed by its index, so the result does not depend on chunking
      for (let j = i; j < i + chunk; j++) {
        const r = evaluateBatchInline(
          cfg,
          genomes.subarray(j * P, (j + 1) * P),
          1,
          fold(fold(key(seed), 1), j),
        );
        fitness[j] = r.fitness[0];
        envSteps += r.envSteps[0];
      }
      progress(Math.min(pop, i + chunk), pop, "population", "genome");
    }
    const evalMs = performance.now() - t0;
    let best = 0;
    for (let i = 1; i < pop; i++) if (fitness[i] > fitness[best]) best = i;
    progress(0, 3, "lifetimes of the best genome", "lifetime");
    const a = analyzeLifetimes(cfg, genomes.slice(best * P, (best + 1) * P), fold(key(seed), 2), 3);
    progress(3, 3, "lifetimes of the best genome", "lifetime");
    const sorted = Array.from(fitness).sort((x, y) => x - y);
    const figures = {
      task: cfg.task,
      parameters: P,
      population: pop,
      bestFitness: Number(fitness[best].toFixed(2)),
      medianFitness: Number(sorted[pop >> 1].toFixed(2)),
      envStepsPerSecond: Math.round((envSteps / evalMs) * 1000),
      bestEpisodeMeans: a.episodeMean.map((m) => Number(m.toFixed(1))),
      edgesStartEnd: `${a.snapshots[0]?.edges ?? 0} → ${
        a.snapshots[a.snapshots.length - 1]?.edges ?? 0
      }`,
      stateHash: stateHash({ fitness, edges: Float64Array.from(a.edgeCounts) }),
    };
    const intro: ReportSection = {
      heading: "One CMA-ES generation on CartPole (N(0, I) genomes, as the reference's first)",
      text: `${pop} developmental programs of ${P} parameters, each evaluated on one lifetime of ` +
        `3 CartPole episodes with the network carried across episodes. Best fitness ` +
        `${figures.bestFitness}, median ${figures.medianFitness} (500 is the maximum). ` +
        "Training to the solved threshold takes many generations: see docs/results/lndp-cartpole.md.",
      plots: [
        histogram(fitness, {
          title: "Fitness of the population (mean return)",
          xLabel: "fitness (mean episode return)",
          yLabel: "probability density",
          id: "lndp-population-fitness",
          bins: 16,
          caption:
            `Fitness of the ${pop} genomes of one generation: best ${figures.bestFitness}, median ${figures.medianFitness}, worst ${
              sorted[0].toFixed(2)
            } (500 is the maximum).`,
        }),
      ],
    };
    return Promise.resolve({
      figures,
      sections: [intro, ...lndpLifetimeSections(a, "Best of the generation", "lndp-showcase")],
    });
  },
};
