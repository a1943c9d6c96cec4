/**
 * The walk engine's commands for the orchestrator (CLI, HTTP handler, sweeps): one process,
 * `run`, whose step is one geodesic step of every walker.
 *
 * @module
 */
import type { EngineCli, FieldDocs, Process } from "@neuroplastic/core/sim";
import { type WalkConfig, WalkConfigSchema, walkDefaults } from "./config.ts";
import { initState, type WalkState } from "./state.ts";
import { run, step } from "./step.ts";
import { walkStats } from "./stats.ts";
import { walkReporter } from "./report.ts";
import { walkShowcase } from "./showcase.ts";

/**
 * One line and unit per config field: the flags `--particles`, `--dim`, `--curvature`, `--sigma`.
 *
 * @example
 * ```ts
 * import { walkDocs } from "@neuroplastic/engines/walk";
 * console.log(Object.keys(walkDocs)); // ["particles", "dim", "curvature", "sigma"]
 * ```
 */
export const walkDocs: FieldDocs = {
  particles: { description: "number of independent walkers", unit: "walkers" },
  dim: { description: "dimension of the Poincaré ball", unit: "dimensions" },
  curvature: { description: "curvature c of the ball (radius 1/√c)", unit: "1/length²" },
  sigma: { description: "std of each Gaussian tangent step (Riemannian length)", unit: "length" },
};

/**
 * The random walk as a steppable process.
 *
 * @example
 * ```ts
 * import { walkProcess } from "@neuroplastic/engines/walk";
 * console.log(walkProcess.defaultSteps); // 1000
 * ```
 */
export const walkProcess: Process<WalkConfig, WalkState> = {
  config: WalkConfigSchema,
  defaults: walkDefaults,
  docs: walkDocs,
  unit: "step",
  defaultSteps: 1000,
  init: initState,
  step,
  run,
  summary: (s, c) => {
    const st = walkStats(s.x, c);
    return { meanDistance: st.meanDistance, meanNorm: st.meanNorm, maxNorm: st.maxNorm };
  },
  records: { positions: (s) => s.x },
};

/**
 * The walk engine as the front ends see it: its commands, reporter and showcase.
 *
 * @example
 * ```ts
 * import { cli } from "@neuroplastic/engines/walk";
 * console.log(cli.name, Object.keys(cli.commands)); // "walk" ["run"]
 * ```
 */
export const cli: EngineCli = {
  name: "walk",
  version: "0.1.0",
  description: "geodesic random walk of many particles in the Poincaré ball (demo engine)",
  commands: {
    run: {
      kind: "process",
      description: "run the walk for --steps steps",
      process: walkProcess,
      quick: { steps: "12000", seed: "1", sigma: "0.04" },
    },
  },
  reporter: walkReporter,
  showcase: walkShowcase,
};
