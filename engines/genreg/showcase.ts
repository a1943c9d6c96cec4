/**
 * Showcase of the GENREG engine for the demo: the ultra-sparse result (K = 2 inputs per unit,
 * 8 hidden units, 33 parameters, simulated annealing, 20,000 steps) and the GENREG GA with its
 * protein cascade on the dense 256 → 8 → 1 network, where saturation emerges.
 *
 * @module
 */
import { fold, key } from "@neuroplastic/core/random";
import { stateHash } from "@neuroplastic/core/checkpoint";
import type { Showcase } from "@neuroplastic/core/chart";
import { type TrialConfig, trialDefaults } from "./config.ts";
import { genregSections } from "./report.ts";
import { trialResult } from "./run.ts";
import { initState, run, type TrialState } from "./step.ts";

const runTo = (
  c: TrialConfig,
  seed: number,
  salt: number,
  batch: number,
  onStep: (s: TrialState) => void,
): TrialState => {
  let s = initState(c, fold(key(seed), salt));
  while (!s.done) {
    s = run(s, c, batch);
    onStep(s);
  }
  return s;
};

/**
 * The GENREG showcase.
 *
 * @example
 * ```ts ignore
 * import { genregShowcase } from "@neuroplastic/engines/genreg";
 * const r = await genregShowcase.run({ seed: 1, progress: () => {} });
 * console.log(r.figures);
 * ```
 */
export const genregShowcase: Showcase = {
  name: "genreg",
  title: "GENREG: gradient-free evolution, emergent saturation and an ultra-sparse sine regressor",
  run: ({ seed, progress }) => {
    const sparse: TrialConfig = { ...trialDefaults, traceEvery: 500 };
    const ga: TrialConfig = {
      ...trialDefaults,
      optimizer: "ga",
      model: { kind: "dense", hidden: 8, k: 2 },
      ga: { ...trialDefaults.ga, maxGenerations: 150 },
    };
    // two phases, each counted to its end in its own unit
    const saTotal = sparse.sa.steps, gaTotal = ga.ga.maxGenerations;
    const t0 = performance.now();
    const a = runTo(
      sparse,
      seed,
      0,
      500,
      (s) => progress(s.search?.step ?? 0, saTotal, "ultra-sparse SA", "step"),
    );
    const b = runTo(
      ga,
      seed,
      1,
      1,
      (s) => progress(Math.min(gaTotal, s.gens - 1), gaTotal, "GENREG GA", "generation"),
    );
    const elapsed = performance.now() - t0;
    const ra = trialResult(a, sparse), rb = trialResult(b, ga);
    const figures = {
      ultraSparse: {
        params: ra.params,
        mse: Number(ra.bestGenomeMse.toExponential(3)),
        selectedInputs: ra.indices,
        trueInputShare: Number(ra.trueRatio.toFixed(2)),
      },
      ga: {
        params: rb.params,
        generations: rb.iterations,
        mse: Number(rb.mse.toExponential(3)),
        saturatedUnits: `${rb.k}/${rb.hidden}`,
        reason: rb.reason,
      },
      elapsedMs: Math.round(elapsed),
      stateHash: stateHash(a),
    };
    return Promise.resolve({
      figures,
      sections: [
        ...genregSections(
          a,
          sparse,
          "Ultra-sparse: 33 parameters, SA 20,000 steps",
          "genreg-sparse",
        ),
        ...genregSections(b, ga, "GENREG GA with proteins (dense 256 → 8 → 1)", "genreg-ga"),
      ],
    });
  },
};
