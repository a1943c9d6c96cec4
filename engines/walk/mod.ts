/**
 * Geodesic random walk in the Poincaré ball: the demo engine that exercises the
 * whole stack (keys, geometry, the orchestrator, checkpoints, CLI) end to end, and the worked
 * example of the canonical engine shape (docs/DEVELOPING.md).
 *
 * @example
 * ```ts
 * import { initState, run, walkDefaults, walkStats } from "@neuroplastic/engines/walk";
 * import { key } from "@neuroplastic/core/random";
 * const s = run(initState(walkDefaults, key(7)), walkDefaults, 100);
 * console.log(walkStats(s.x, walkDefaults).meanDistance > 0);
 * ```
 *
 * @module
 */
export { type WalkConfig, WalkConfigSchema, walkDefaults } from "./config.ts";
export { initState, type WalkState } from "./state.ts";
export { advanceWalkInPlace, run, step } from "./step.ts";
export { distancesFromOrigin, type WalkStats, walkStats } from "./stats.ts";
export { cli, walkDocs, walkProcess } from "./process.ts";
export { walkReporter } from "./report.ts";
export { walkShowcase } from "./showcase.ts";
// Types of @neuroplastic/core that appear in this module's signatures, re-exported so that the
// documentation of this entry point links them (`deno doc --lint` private-type-ref).
export type * from "../core_types.ts";
