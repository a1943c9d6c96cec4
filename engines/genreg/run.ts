/**
 * Running a trial to completion and summarising it.
 *
 * @module
 */
import { fold, type Key } from "@neuroplastic/core/random";
import type { TrialConfig } from "./config.ts";
import { trialContext } from "./context.ts";
import { LEGACY_TRUE } from "./inputs.ts";
import { evalBuffers, forwardMse } from "./network.ts";
import { energy, saturation } from "./stats.ts";
import { bestGenome, initState, run, type TrialState } from "./step.ts";

/**
 * What a finished trial reports.
 *
 * @example
 * ```ts
 * import { runTrial, trialDefaults, type TrialResult } from "@neuroplastic/engines/genreg";
 * import { key } from "@neuroplastic/core/random";
 * const r: TrialResult = runTrial({ ...trialDefaults, sa: { ...trialDefaults.sa, steps: 300 } }, key(0));
 * console.log(r.iterations, r.params, r.indices.length); // 300 33 16
 * ```
 */
export interface TrialResult {
  /** Reported MSE: SA/hill/GSA best; GA: the final population's best MSE (as the reference). */
  readonly mse: number;
  /** Saturated hidden units of the reported genome (GA: the fitness-best member). */
  readonly k: number;
  /** Hidden units H. */
  readonly hidden: number;
  /** k / H. */
  readonly kRatio: number;
  /** Per-unit saturation ratios of the best genome. */
  readonly perUnit: number[];
  /** Trainable parameters. */
  readonly params: number;
  /** Energy of the best genome. */
  readonly energy: { activation: number; weight: number; total: number };
  /** MSE of the best genome, re-evaluated. */
  readonly bestGenomeMse: number;
  /** Fitness evaluations performed. */
  readonly evals: number;
  /** SA/hill steps, GA generations (evolutions, as the reference counts), or epochs. */
  readonly iterations: number;
  /** Stop reason. */
  readonly reason: string;
  /** Ultra-sparse: distinct true inputs (< 16) among the selected indices, and their share. */
  readonly trueInputs: number[];
  /** Share of the selected indices that are true inputs. */
  readonly trueRatio: number;
  /** Ultra-sparse: the selected indices, unit by unit. */
  readonly indices: number[];
  /** Trace triples [iteration, best MSE, k]. */
  readonly trace: number[];
}

/**
 * Summary of a (finished) trial state: re-evaluates the best genome.
 *
 * @example
 * ```ts
 * import { initState, trialDefaults, trialResult } from "@neuroplastic/engines/genreg";
 * import { key } from "@neuroplastic/core/random";
 * console.log(trialResult(initState(trialDefaults, key(0)), trialDefaults).params); // 33
 * ```
 */
export function trialResult(s: TrialState, c: TrialConfig): TrialResult {
  const ctx = trialContext(c);
  const g = bestGenome(s, c);
  const buf = evalBuffers(ctx.shape.hidden, ctx.inputs.rows);
  let bestMse: number;
  if (ctx.stochastic) bestMse = ctx.evaluate(g, fold(fold(s.key, 3), 0x7fffffff), buf).mse;
  else {
    bestMse = forwardMse(ctx.shape, g, ctx.inputs.data, ctx.inputs.dataT, ctx.inputs.target, buf);
  }
  const sat = saturation(buf.hidden);
  const en = energy(ctx.shape, g, buf.hidden);
  const isGa = c.optimizer === "ga";
  const indices: number[] = [];
  if (ctx.shape.kind === "sparse") {
    for (let i = 0; i < ctx.shape.hidden * ctx.shape.k; i++) indices.push(g[i]);
  }
  const trueSet = [
    ...new Set(indices.filter((i) => i < Math.min(LEGACY_TRUE, c.inputs.trueColumns))),
  ]
    .sort((a, b) => a - b);
  const trueCount = indices.filter((i) => i < Math.min(LEGACY_TRUE, c.inputs.trueColumns)).length;
  const iterations = c.optimizer === "ga"
    ? Math.max(0, (s.ga?.gen ?? 1) - 1)
    : c.optimizer === "gsa"
    ? (s.ga?.gen ?? 0) + (s.search?.step ?? 0)
    : c.optimizer === "backprop"
    ? s.backprop!.epoch
    : s.search!.step;
  return {
    mse: isGa ? s.lastMseBest : bestMse,
    k: isGa ? s.lastK : sat.k,
    hidden: ctx.shape.hidden,
    kRatio: (isGa ? s.lastK : sat.k) / ctx.shape.hidden,
    perUnit: sat.perUnit,
    params: ctx.layout.params,
    energy: en,
    bestGenomeMse: bestMse,
    evals: s.evals,
    iterations,
    reason: s.reason,
    trueInputs: trueSet,
    trueRatio: indices.length ? trueCount / indices.length : 0,
    indices,
    trace: s.trace,
  };
}

/**
 * Runs a trial to completion and summarises it (same result as stepping it from `initState`).
 *
 * @example
 * ```ts
 * import { runTrial, trialDefaults } from "@neuroplastic/engines/genreg";
 * import { key } from "@neuroplastic/core/random";
 * const c = { ...trialDefaults, sa: { ...trialDefaults.sa, steps: 500 } };
 * console.log(runTrial(c, key(1)).iterations); // 500
 * ```
 */
export function runTrial(c: TrialConfig, key: Key): TrialResult {
  let s = initState(c, key);
  while (!s.done) s = run(s, c, stepsToFinish(c));
  return trialResult(s, c);
}

/**
 * Steps that finish a trial (an upper bound: hill climbing and the GA may stop earlier). A step is
 * one SA / hill-climbing step, one GA generation (the initial population's included, so
 * `ga.maxGenerations + 1`) or one epoch; GSA: its generations plus its SA steps.
 *
 * @example
 * ```ts
 * import { stepsToFinish, trialDefaults } from "@neuroplastic/engines/genreg";
 * console.log(stepsToFinish(trialDefaults)); // 20000
 * ```
 */
export const stepsToFinish = (c: TrialConfig): number => {
  switch (c.optimizer) {
    case "sa":
      return c.sa.steps;
    case "hill":
      return c.hill.maxSteps;
    case "ga":
      return c.ga.maxGenerations + 1;
    case "gsa":
      return c.gsa.generations + c.gsa.saSteps;
    default:
      return c.backprop.epochs;
  }
};
