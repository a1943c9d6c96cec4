/**
 * Speed measurements of the LNDP engine, all in one run so the ratios are meaningful on a
 * shared machine: network steps/s (batched update vs the naive per-pair transcription) and
 * population throughput (environment steps/s summed over the population) inline and on
 * 1 and 2 workers.
 *
 * @module
 */
import { fold, key, normal } from "@neuroplastic/core/random";
import { lifetimeDefaults, lndpDefaults } from "./config.ts";
import { fixtureGenome, fixtureNetState } from "./fixture_test_helpers.ts";
import { forwardInPlace } from "./forward.ts";
import { makeModel, type Model } from "./model.ts";
import { naiveUpdateInPlace } from "./naive.ts";
import { type Params, unflattenParams } from "./params.ts";
import { closePools, evaluatePopulationSync } from "./pool.ts";
import { cloneNetState, initNetGraph, type NetState } from "./state.ts";
import { edgeCount } from "./stats.ts";
import { updateInPlace } from "./update.ts";
import { lifetimeBuffers, run } from "./run.ts";
import type { UpdateFn } from "./step.ts";
import { makeWorkspace } from "./workspace.ts";

const naiveUpdate: UpdateFn = (m, p, net, _ws, k) => naiveUpdateInPlace(m, p, net, k);

/** One measured row. */
export interface BenchRow {
  /** Name of the measurement. */
  readonly name: string;
  /** Measured value. */
  readonly value: number;
  /** Unit of `value`. */
  readonly unit: string;
  /** Free-text note (setup, sample size). */
  readonly note: string;
}

/** Bench options. */
export interface BenchOptions {
  /** Minimum wall time per measurement (ms). */
  readonly minMs: number;
  /** Population size of the population rows. */
  readonly popsize: number;
  /** Worker counts to measure. */
  readonly workers: readonly number[];
  /** Tasks of the population rows (default cartpole). */
  readonly tasks?: readonly ("cartpole" | "mountaincar" | "acrobot" | "pendulum" | "grid")[];
}

const timeIt = (
  minMs: number,
  f: () => number,
  warmUp = true,
): { perSec: number; units: number; ms: number } => {
  if (warmUp) f();
  let units = 0;
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < minMs) {
    units += f();
    t = performance.now();
  }
  return { perSec: (units / (t - t0)) * 1000, units, ms: t - t0 };
};

/** A network state after a few steps of a genome, to bench one network step from. */
function benchState(m: Model, p: Params, start: NetState, obs: Float64Array): NetState {
  const net = cloneNetState(start);
  const ws = makeWorkspace(m);
  for (let t = 0; t < 5; t++) {
    updateInPlace(m, p, net, ws, key(t));
    forwardInPlace(m, net, obs, ws);
  }
  return net;
}

/**
 * Runs the measurements and returns the rows (network steps/s batched and naive with their
 * ratio, population env steps/s inline and per worker count).
 *
 * @example
 * ```ts ignore
 * import { runBench } from "@neuroplastic/engines/lndp";
 * console.table(runBench({ minMs: 500, popsize: 16, workers: [1, 2] }));
 * ```
 */
export function runBench(opts: BenchOptions): BenchRow[] {
  const rows: BenchRow[] = [];
  const m = makeModel("cartpole", lndpDefaults);
  const obs = Float64Array.of(0.01, -0.02, 0.03, 0.04);
  const cases: [string, Params, NetState][] = [
    [
      "fixture genome s=0.35",
      unflattenParams(m.layout, fixtureGenome(1918, 0.35)),
      fixtureNetState(m),
    ],
    ["N(0,1) genome", unflattenParams(m.layout, normal(key(11), 1918)), initNetGraph(m, key(12))],
    [
      "N(0,0.1) genome",
      unflattenParams(m.layout, normal(key(13), 1918, 0, 0.1)),
      initNetGraph(m, key(14)),
    ],
  ];
  for (const [label, p, start] of cases) {
    const s0 = benchState(m, p, start, obs);
    const ws = makeWorkspace(m);
    const net = cloneNetState(s0);
    const restore = (): void => {
      net.A.set(s0.A);
      net.e.set(s0.e);
      net.h.set(s0.h);
      net.w.set(s0.w);
      net.aSeq.set(s0.aSeq);
    };
    const batched = timeIt(opts.minMs, () => {
      restore();
      updateInPlace(m, p, net, ws, key(0));
      forwardInPlace(m, net, obs, ws);
      return 1;
    });
    const naive = timeIt(opts.minMs, () => {
      restore();
      naiveUpdateInPlace(m, p, net, key(0));
      forwardInPlace(m, net, obs, ws);
      return 1;
    });
    const note = `${edgeCount(s0)} edges`;
    rows.push({
      name: `network step, batched (${label})`,
      value: batched.perSec,
      unit: "steps/s",
      note,
    });
    rows.push({
      name: `network step, naive per-pair (${label})`,
      value: naive.perSec,
      unit: "steps/s",
      note,
    });
    rows.push({
      name: `ratio batched/naive (${label})`,
      value: batched.perSec / naive.perSec,
      unit: "×",
      note,
    });
  }
  for (const task of opts.tasks ?? ["cartpole"] as const) {
    const cfg = { ...lifetimeDefaults, task };
    const P = makeModel(task, cfg).layout.size;
    const pop = opts.popsize;
    const genomes = normal(key(21), pop * P);
    let gen = 0;
    const measure = (workers: number) =>
      timeIt(opts.minMs, () => {
        const r = evaluatePopulationSync(cfg, genomes, pop, fold(key(22), gen++), workers);
        return r.envSteps.reduce((a, b) => a + b, 0);
      });
    // the straightforward baseline: the same lifetimes, one member after the other on this
    // thread, with the literal per-pair update (naive.ts) instead of the batched one
    const naive = timeIt(opts.minMs, () => {
      const model = makeModel(task, cfg), buffers = lifetimeBuffers(model);
      const k = fold(key(22), gen++);
      let steps = 0;
      for (let i = 0; i < pop; i++) {
        const g = genomes.subarray(i * P, (i + 1) * P);
        steps += run(model, g, cfg.nEpisodes, fold(k, i), buffers, undefined, naiveUpdate)
          .envSteps;
      }
      return steps;
    }, false);
    rows.push({
      name: `population ${task}, naive unbatched (main thread)`,
      value: naive.perSec,
      unit: "env steps/s",
      note: `popsize ${pop}, N(0,1) genomes; baseline`,
    });
    const inline = measure(0);
    rows.push({
      name: `population ${task}, batched inline (main thread)`,
      value: inline.perSec,
      unit: "env steps/s",
      note: `×${(inline.perSec / naive.perSec).toFixed(2)} vs naive`,
    });
    for (const w of opts.workers) {
      const r = measure(w);
      rows.push({
        name: `population ${task}, batched, ${w} worker${w > 1 ? "s" : ""}`,
        value: r.perSec,
        unit: "env steps/s",
        note: `×${(r.perSec / naive.perSec).toFixed(2)} vs naive, ×${
          (r.perSec / inline.perSec).toFixed(2)
        } vs inline`,
      });
    }
  }
  closePools();
  return rows;
}
