/**
 * The walk engine's commands for the CLI and the HTTP handler.
 *
 * @module
 */
import type { EngineCli, Process } from "@neuroplastic/core/sim";
import { type WalkConfig, WalkConfigSchema, walkDefaults } from "./config.ts";
import { initWalk, type WalkState } from "./state.ts";
import { runWalk, stepWalk } from "./step.ts";
import { walkStats } from "./stats.ts";

/**
 * The random walk as a steppable process.
 *
 * @example
 * ```ts
 * import { walkProcess } from "@neuroplastic/engines/walk";
 * console.log(walkProcess.defaultSteps);
 * ```
 */
export const walkProcess: Process<WalkConfig, WalkState> = {
  config: WalkConfigSchema,
  defaults: walkDefaults,
  defaultSteps: 1000,
  init: initWalk,
  step: stepWalk,
  run: runWalk,
  summary: (s, c) => {
    const st = walkStats(s.x, c);
    return { meanDistance: st.meanDistance, meanNorm: st.meanNorm, maxNorm: st.maxNorm };
  },
  records: { positions: (s) => s.x },
};

/**
 * CLI/HTTP descriptor of the walk engine.
 *
 * @example
 * ```ts
 * import { cli } from "@neuroplastic/engines/walk";
 * console.log(cli.name); // "walk"
 * ```
 */
export const cli: EngineCli = {
  name: "walk",
  version: "0.1.0",
  description: "geodesic random walk of many particles in the Poincaré ball (demo engine)",
  commands: {
    run: { kind: "process", description: "run the walk for --steps steps", process: walkProcess },
  },
};
