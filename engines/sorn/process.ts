/**
 * SORN as a {@link Process}: the unit the CLI (`np sorn run`), the HTTP handler
 * and the sweep runner drive, checkpoint and resume generically. One process
 * step is one SORN step; the input each step follows `config.input`
 * (U(0,1) on the nu input units drawn from the state's key, or none).
 *
 * @module
 */
import { InvalidConfig } from "@neuroplastic/core/errors";
import type { Json, Process } from "@neuroplastic/core/sim";
import { hIp, type SornConfig, SornConfigSchema, sornDefaults } from "./config.ts";
import { RECORD_NAMES, recordSelectors, run } from "./run.ts";
import { initState, type SornState } from "./state.ts";
import { stateSummary } from "./stats.ts";
import { step } from "./step.ts";

/**
 * Largest ne·ne + ni·ne accepted through the process front ends (dense storage).
 *
 * @example
 * ```ts
 * import { MAX_PROCESS_PAIRS, sornDefaults, sornProcess } from "@neuroplastic/engines/sorn";
 * console.log(MAX_PROCESS_PAIRS); // 16000000
 * console.log(sornProcess.limits!({ ...sornDefaults, ne: 4000, ni: 800 })?.field); // "ne"
 * ```
 */
export const MAX_PROCESS_PAIRS = 16_000_000;

const records: { [name: string]: (s: SornState) => number | ArrayLike<number> } = {};
for (const name of RECORD_NAMES) records[name] = recordSelectors[name];

/**
 * The SORN process: reference defaults, 10,000 default steps, transient `run`,
 * the reference's callbacks as records, and a summary from running counters.
 *
 * @example
 * ```ts
 * import { sornProcess } from "@neuroplastic/engines/sorn";
 * import { key } from "@neuroplastic/core/random";
 * const p = sornProcess;
 * const s = p.run!(p.init(p.defaults, key(1)), p.defaults, 500);
 * console.log(p.summary(s, p.defaults).eeConnections);
 * ```
 */
export const sornProcess: Process<SornConfig, SornState> = {
  config: SornConfigSchema,
  defaults: sornDefaults,
  defaultSteps: 10_000,
  init: (config, k) => initState(config, k),
  step: (state, config) => step(state, config),
  run: (state, config, n) => run(state, config, n),
  summary: (state, config): { [key: string]: Json } => ({
    ...stateSummary(state),
    hIp: hIp(config),
    phase: config.phase,
    input: config.input,
  }),
  records,
  finite: (s) => ({ te: s.te, ti: s.ti, r: s.r }),
  limits: (c) =>
    c.ne * c.ne + c.ni * c.ne > MAX_PROCESS_PAIRS
      ? new InvalidConfig({
        field: "ne",
        message: `ne: ne² + ni·ne must be at most ${MAX_PROCESS_PAIRS} (dense weight storage)`,
        allowed: `ne² + ni·ne ≤ ${MAX_PROCESS_PAIRS}`,
      })
      : undefined,
};
