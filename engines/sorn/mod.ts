/**
 * SORN — Self-Organizing Recurrent Network (Lazar, Pipa & Triesch 2009; reference
 * implementation: the `sorn` Python package, Saran-nns/sorn).
 *
 * Pure `initState(config, key)`, `step(state, config, input?)`, and a transient
 * `run(state, config, n, opts)` with streamed records; an event-driven step and a
 * plain dense reference step that agree bit for bit; analysis statistics; a ridge
 * readout; the counting task of Lazar et al. 2009; batches of networks on the CPU or WebGPU
 * (`runSornBatch`, `backend: "cpu" | "gpu" | "auto"`); and the CLI (`cli`).
 *
 * @example
 * ```ts
 * import { initState, makeConfigSync, run, stateSummary } from "@neuroplastic/engines/sorn";
 * import { key } from "@neuroplastic/core/random";
 * const config = makeConfigSync({});
 * const s = run(initState(config, key(42)), config, 1000);
 * console.log(stateSummary(s).meanRateE);
 * ```
 *
 * @module
 */
export * from "./config.ts";
export * from "./state.ts";
export * from "./step.ts";
export * from "./dense_step.ts";
export * from "./draws.ts";
export * from "./run.ts";
export * from "./stats.ts";
export * from "./readout.ts";
export * from "./counting.ts";
export * from "./counting_report.ts";
export * from "./golden.ts";
export * from "./process.ts";
export * from "./gpu.ts";
export * from "./batch.ts";
export { cli } from "./cli.ts";
// Types of other members that appear in this module's signatures, re-exported so that the
// documentation of this entry point links them (`deno doc --lint` private-type-ref).
export type * from "../core_types.ts";
export type { ColumnSet, SynapseMatrix } from "@neuroplastic/plasticity";
export type { BackendChoice } from "@neuroplastic/gpu";
