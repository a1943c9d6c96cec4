/**
 * Sweep jobs: a grid of config overrides × seeds, each run as one engine
 * process to its end, returning the CLI result (deterministic: no timings in
 * the part that is compared).
 *
 * @module
 */
import { Effect, Exit } from "effect";
import { InvalidConfig } from "@neuroplastic/core/errors";
import {
  codesOf,
  decodeCommandConfig,
  type EngineCli,
  type Json,
  mergeConfig,
  runInvocation,
} from "@neuroplastic/core/sim";

/** A sweep description (the `--grid` file). */
export interface SweepSpec {
  /** Process command to run (default "run"). */
  readonly command?: string;
  /** Steps per job (default: the process's defaultSteps). */
  readonly steps?: number;
  /** Seeds (default [0]). */
  readonly seeds?: readonly number[];
  /** Config applied to every job. */
  readonly base?: { readonly [field: string]: Json };
  /** Field → values; the sweep is the cartesian product (fields in sorted order). */
  readonly grid?: { readonly [field: string]: readonly Json[] };
}

/** One job of a sweep. */
export interface Job {
  /** Job id (`j00000`, `j00001`, ... in expansion order), the key of its result. */
  readonly id: string;
  /** Engine name (`EngineCli.name`). */
  readonly engine: string;
  /** Process command to run. */
  readonly command: string;
  /** Seed of the run's PRNG key. */
  readonly seed: number;
  /** Number of steps to run. */
  readonly steps: number;
  /** The job's config overrides (`base` merged with one grid point), applied over the defaults. */
  readonly config: { readonly [field: string]: Json };
}

/** A job's result: the CLI result fields (minus timings) and the job id. */
export type JobResult = { readonly id: string; readonly [k: string]: Json };

/**
 * Expands a sweep spec into jobs, validating it (InvalidConfig names the bad field).
 *
 * @example
 * ```ts ignore
 * import { expandSweep } from "./jobs.ts";
 * const jobs = expandSweep(walkCli, { grid: { sigma: [0.01, 0.1] }, seeds: [1, 2], steps: 10 });
 * console.log(jobs.length); // 4
 * ```
 */
export const expandSweep = (engine: EngineCli, spec: unknown): Job[] => {
  if (typeof spec !== "object" || spec === null || Array.isArray(spec)) {
    throw new InvalidConfig({ field: "(root)", message: "the grid file must hold a JSON object" });
  }
  const s = spec as SweepSpec;
  for (const k of Object.keys(s)) {
    if (!["command", "steps", "seeds", "base", "grid"].includes(k)) {
      throw new InvalidConfig({
        field: k,
        message: `unknown field ${k}; allowed: command, steps, seeds, base, grid`,
      });
    }
  }
  const command = s.command ?? "run";
  const cmd = engine.commands[command];
  if (!cmd || cmd.kind !== "process") {
    throw new InvalidConfig({
      field: "command",
      message: `${engine.name} has no process command ${command}`,
    });
  }
  const steps = s.steps ?? cmd.process.defaultSteps;
  if (!Number.isInteger(steps) || steps < 0 || steps > 1e9) {
    throw new InvalidConfig({
      field: "steps",
      message: "steps must be an integer in [0, 1e9]",
      allowed: "[0, 1e9]",
    });
  }
  const seeds = s.seeds ?? [0];
  if (
    !Array.isArray(seeds) || seeds.length === 0 ||
    !seeds.every((x) => Number.isSafeInteger(x) && x >= 0)
  ) {
    throw new InvalidConfig({
      field: "seeds",
      message: "seeds must be a non-empty array of non-negative integers",
    });
  }
  const grid = s.grid ?? {};
  const fields = Object.keys(grid).sort();
  for (const f of fields) {
    if (!Array.isArray(grid[f]) || grid[f].length === 0) {
      throw new InvalidConfig({
        field: `grid.${f}`,
        message: "each grid field needs a non-empty array of values",
      });
    }
  }
  let combos: { [k: string]: Json }[] = [{}];
  for (const f of fields) combos = combos.flatMap((c) => grid[f].map((v) => ({ ...c, [f]: v })));
  const jobs: Job[] = [];
  for (const combo of combos) {
    for (const seed of seeds) {
      const config = mergeConfig(s.base ?? {}, combo) as { [k: string]: Json };
      jobs.push({
        id: `j${String(jobs.length).padStart(5, "0")}`,
        engine: engine.name,
        command,
        seed,
        steps,
        config,
      });
    }
  }
  if (jobs.length > 100_000) {
    throw new InvalidConfig({ field: "grid", message: "a sweep may hold at most 100,000 jobs" });
  }
  // Validate every job's config up front, so a bad grid fails before anything runs.
  for (const j of jobs) {
    const r = Effect.runSyncExit(
      decodeCommandConfig(cmd, mergeConfig(cmd.process.defaults, j.config)),
    );
    if (r._tag === "Failure") {
      const e = (r.cause as { error?: InvalidConfig }).error;
      throw new InvalidConfig({
        field: `grid/base: ${e?.field ?? "?"}`,
        message: `job ${j.id}: ${e?.message ?? "invalid config"}`,
      });
    }
  }
  return jobs;
};

/**
 * Runs one job to its end through the orchestrator (pure function of the job: the NaN guard
 * included): the result object minus timings, or `{ id, error, exitCode }` when the job fails
 * (a diverging grid point does not stop the sweep).
 *
 * @example
 * ```ts ignore
 * import { runJob } from "./jobs.ts";
 * const r = runJob(engines, job);
 * ```
 */
export const runJob = (registry: readonly EngineCli[], job: Job): JobResult => {
  const engine = registry.find((e) => e.name === job.engine);
  const cmd = engine?.commands[job.command];
  if (!engine || !cmd || cmd.kind !== "process") {
    throw new Error(`job ${job.id}: unknown ${job.engine} ${job.command}`);
  }
  const exit = Effect.runSyncExit(
    runInvocation(engine, job.command, {
      configInput: mergeConfig(cmd.process.defaults, job.config) as Json,
      options: {
        seed: job.seed,
        steps: job.steps,
        force: false,
        records: [],
        stride: 1,
        workers: 1,
      },
    }),
  );
  const base = { id: job.id, engine: job.engine, command: job.command, seed: job.seed };
  if (Exit.isFailure(exit)) {
    const f = exit.cause._tag === "Fail" ? exit.cause.error : undefined;
    return {
      ...base,
      error: f ? (f as Error).message : String(exit.cause),
      exitCode: codesOf(f).exit,
    };
  }
  const { elapsedMs: _e, stepsPerSecond: _r, config: _c, ...rest } = exit.value as Record<
    string,
    Json
  >;
  return { ...rest, ...base, steps: job.steps, config: job.config };
};
