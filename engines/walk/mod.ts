/**
 * Geodesic random walk in the Poincaré ball: the demo engine that exercises the
 * whole stack (keys, geometry, the Effect runner, checkpoints, CLI) end to end.
 *
 * @example
 * ```ts
 * import { initWalk, runWalk, walkDefaults, walkStats } from "@neuroplastic/engines/walk";
 * import { key } from "@neuroplastic/core/random";
 * const s = runWalk(initWalk(walkDefaults, key(7)), walkDefaults, 100);
 * console.log(walkStats(s.x, walkDefaults).meanDistance > 0);
 * ```
 *
 * @module
 */
export { type WalkConfig, WalkConfigSchema, walkDefaults } from "./config.ts";
export { initWalk, type WalkState } from "./state.ts";
export { advanceWalkInPlace, runWalk, stepWalk } from "./step.ts";
export { distancesFromOrigin, type WalkStats, walkStats } from "./stats.ts";
export { cli, walkProcess } from "./cli.ts";
// Types of @neuroplastic/core that appear in this module's signatures, re-exported so that the
// documentation of this entry point links them (`deno doc --lint` private-type-ref).
export type * from "../core_types.ts";
