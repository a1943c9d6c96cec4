/**
 * GENREG trial state (re-exported from `step.ts`, where the transition lives).
 *
 * @module
 */
export type { GaMeta, TrialState } from "./step.ts";
export { initState } from "./step.ts";
