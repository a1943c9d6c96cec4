/**
 * Speed measurements of the LNDP engine, all in one run so the ratios are meaningful on a
 * shared machine. Every throughput row is measured twice, with the fast update (fast.ts, the
 * default; "new") and with the bit-identical reference update (update.ts; "old"):
 * network steps/s for three genomes (plus the naive per-pair transcription), population
 * throughput (environment steps/s summed over the population) for N(0,1) genomes inline and on
 * 1 and 2 workers, and for a population of grown networks (the fixture genome plus small noise,
 * 400–800 edges) on the largest worker count; optionally CMA-ES generation times at the LNDP
 * genome size (reference, lazy eigendecomposition, sep-CMA-ES). Each row notes the 1-minute
 * load average when it was taken.
 *
 * @module
 */
import { fold, key, normal } from "@neuroplastic/core/random";
import { lifetimeDefaults, lndpDefaults } from "./config.ts";
import { updateFastInPlace } from "./fast.ts";
import { fixtureGenome, fixtureNetState } from "./fixture_test_helpers.ts";
import { forwardInPlace } from "./forward.ts";
import { makeModel, type Model } from "./model.ts";
import { naiveUpdateInPlace } from "./naive.ts";
import { type Params, unflattenParams } from "./params.ts";
import { closePools, evaluatePopulationSync, setPoolIdleMs } from "./pool.ts";
import type { UpdateKernel } from "./population.ts";
import { cloneNetState, initNetGraph, type NetState } from "./state.ts";
import { edgeCount } from "./stats.ts";
import { makeStrategy, type StrategyName } from "./strategy.ts";
import { updateInPlace } from "./update.ts";
import { lifetimeBuffers, run } from "./run.ts";
import type { UpdateFn } from "./step.ts";
import { makeWorkspace } from "./workspace.ts";
import { WasmF32Net } from "./wasm_f32.ts";

const naiveUpdate: UpdateFn = (m, p, net, _ws, k) => naiveUpdateInPlace(m, p, net, k);

/** One measured row. */
export interface BenchRow {
  /** Name of the measurement. */
  readonly name: string;
  /** Measured value (the fast update where the row compares kernels). */
  readonly value: number;
  /** The same measurement with the reference update (update.ts), in the same run. */
  readonly old?: number;
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
  /** Population size of the grown-network rows (0 = skip them). */
  readonly grownPopsize?: number;
  /** Whether to time CMA-ES generations at n = 1918, λ = 256 (minutes on 2 cores). */
  readonly cma?: boolean;
}

const load = (): string => `load ${Deno.loadavg()[0].toFixed(1)}`;

/**
 * A population of grown networks: θ = fixture genome (s = 0.35) + N(0, 0.05²) per member;
 * its lifetimes grow to 400–800 edges.
 *
 * @example
 * ```ts ignore
 * const g = grownGenomes(4, 1918);
 * ```
 */
export function grownGenomes(popsize: number, P: number): Float64Array {
  const base = fixtureGenome(P, 0.35), g = normal(key(31), popsize * P, 0, 0.05);
  for (let i = 0; i < popsize; i++) for (let k = 0; k < P; k++) g[i * P + k] += base[k];
  return g;
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

/**
 * Two measurements side by side on a loaded machine: rounds that time one call of each (order
 * alternating between rounds) on the same unit of work (`a(round)`, `b(round)` return units),
 * after one warm-up round, until both have ≥ `minMs`. Returns units/s of each from the sums.
 */
const alternate = (
  minMs: number,
  a: (round: number) => number,
  b: (round: number) => number,
): { a: number; b: number } => {
  a(0);
  b(0);
  let ua = 0, ub = 0, ta = 0, tb = 0;
  for (let r = 1; r < 3 || ta < minMs || tb < minMs; r++) {
    for (const first of r % 2 ? [true, false] : [false, true]) {
      const t0 = performance.now();
      const u = first ? a(r) : b(r);
      const dt = performance.now() - t0;
      if (first) {
        ua += u;
        ta += dt;
      } else {
        ub += u;
        tb += dt;
      }
    }
  }
  return { a: (ua / ta) * 1000, b: (ub / tb) * 1000 };
};

/** Old (reference update) and new (fast update) alternating on the same work. */
const timeAB = (
  minMs: number,
  f: (kernel: UpdateKernel, round: number) => number,
): { old: number; fast: number } => {
  const r = alternate(minMs, (k) => f("reference", k), (k) => f("fast", k));
  return { old: r.a, fast: r.b };
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
 * Runs the measurements and returns the rows (network steps/s new vs old and naive, population
 * env steps/s inline and per worker count new vs old, grown networks, CMA-ES generations).
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
    const step = (update: UpdateFn) =>
      timeIt(opts.minMs, () => {
        restore();
        update(m, p, net, ws, key(0));
        forwardInPlace(m, net, obs, ws);
        return 1;
      });
    // blocks of 50 steps, old and new alternating
    const ab = timeAB(opts.minMs, (k) => {
      const update = k === "fast" ? updateFastInPlace : updateInPlace;
      for (let t = 0; t < 50; t++) {
        restore();
        update(m, p, net, ws, key(0));
        forwardInPlace(m, net, obs, ws);
      }
      return 50;
    });
    const old = { perSec: ab.old }, fast = { perSec: ab.fast };
    const naive = step(naiveUpdate);
    const note = `${edgeCount(s0)} edges; ${load()}`;
    rows.push({
      name: `network step (${label})`,
      value: fast.perSec,
      old: old.perSec,
      unit: "steps/s",
      note,
    });
    rows.push({
      name: `network step, naive per-pair (${label})`,
      value: naive.perSec,
      unit: "steps/s",
      note: `${note}; new ×${(fast.perSec / naive.perSec).toFixed(1)}, old ×${
        (old.perSec / naive.perSec).toFixed(1)
      }`,
    });
    if (label.startsWith("fixture")) {
      // the float32 WebAssembly SIMD kernel beside the fast f64 step: blocks of 50 consecutive
      // steps from this state (the graph grows on), alternating
      const mw = makeModel("cartpole", { ...lndpDefaults, precision: "f32-wasm" });
      const wnet = new WasmF32Net(mw);
      wnet.loadGenome(fixtureGenome(1918, 0.35));
      const obsArr = Array.from(obs);
      let grownTo = 0;
      const wab = alternate(opts.minMs, () => {
        restore();
        for (let t = 0; t < 50; t++) {
          updateFastInPlace(m, p, net, ws, key(0));
          forwardInPlace(m, net, obs, ws);
        }
        grownTo = edgeCount(net);
        return 50;
      }, () => {
        wnet.importState(s0);
        for (let t = 0; t < 50; t++) {
          wnet.update(key(0));
          wnet.forward(obsArr);
        }
        return 50;
      });
      restore();
      rows.push({
        name: `network step, f32-wasm kernel (${label}, 50 steps on)`,
        value: wab.b,
        old: wab.a,
        unit: "steps/s",
        note:
          `precision "f32-wasm" (wasm_f32.ts); "old" here is the fast f64 step; blocks of 50 consecutive steps from the state (${
            edgeCount(s0)
          } → ${grownTo} edges in f64), alternating; ${load()}`,
      });
      // where the time goes: the step's Math.exp/Math.tanh calls alone (bit-identity pins them).
      // attention 3N² exp; node GRU N·dh·(2 exp + tanh); edge GRU E·de·(2 exp + tanh);
      // forward T·N tanh (arguments spread over [−2.5, 1.5])
      const N = m.N, E = edgeCount(s0);
      const nExp = 3 * N * N + 2 * N * 8 + 2 * E * 4, nTanh = N * 8 + E * 4 + m.T * N;
      const xs = new Float64Array(nExp + nTanh);
      for (let i = 0; i < xs.length; i++) xs[i] = 2 * Math.sin(i) - 0.5;
      // the sums go to a closure variable, so the calls cannot be optimised away
      let sink = 0;
      // alternating with blocks of 50 fast steps, so both see the same load
      const ab = alternate(opts.minMs, () => {
        let i = 0;
        for (; i < nExp; i++) sink += Math.exp(xs[i]);
        for (; i < nExp + nTanh; i++) sink += Math.tanh(xs[i]);
        return 1;
      }, () => {
        for (let t = 0; t < 50; t++) {
          restore();
          updateFastInPlace(m, p, net, ws, key(0));
          forwardInPlace(m, net, obs, ws);
        }
        return 50;
      });
      const floor = { perSec: ab.a };
      rows.push({
        name: `network step, its ${nExp} Math.exp + ${nTanh} Math.tanh calls alone (${label})`,
        value: floor.perSec,
        unit: "steps/s",
        note: `the ceiling of any bit-identical kernel; ${
          (100 * ab.b / floor.perSec).toFixed(0)
        }% of the new step's time (alternating with it); ${load()}`,
      });
    }
  }
  // pools stay up between the alternating calls (a restart would be timed with the next call)
  const idle = setPoolIdleMs(600_000);
  for (const task of opts.tasks ?? ["cartpole"] as const) {
    const cfg = { ...lifetimeDefaults, task };
    const P = makeModel(task, cfg).layout.size;
    const pop = opts.popsize;
    const genomes = normal(key(21), pop * P);
    let gen = 0;
    // old and new alternate on the same generations (same keys, so the same lifetimes)
    const measure = (workers: number, g = genomes, n = pop) =>
      timeAB(opts.minMs, (kernel, round) => {
        const r = evaluatePopulationSync(cfg, g, n, fold(key(24), round), workers, kernel);
        return r.envSteps.reduce((a, b) => a + b, 0);
      });
    // the straightforward baseline: the same lifetimes, one member after the other on this
    // thread, with the literal per-pair update (naive.ts)
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
      note: `popsize ${pop}, N(0,1) genomes; baseline; ${load()}`,
    });
    for (const w of [0, ...opts.workers]) {
      const ab = measure(w);
      const old = { perSec: ab.old }, r = { perSec: ab.fast };
      rows.push({
        name: `population ${task}, ${
          w === 0 ? "inline (main thread)" : `${w} worker${w > 1 ? "s" : ""}`
        }`,
        value: r.perSec,
        old: old.perSec,
        unit: "env steps/s",
        note: `popsize ${pop}, N(0,1) genomes; new ×${
          (r.perSec / naive.perSec).toFixed(1)
        } vs naive; ${load()}`,
      });
    }
    const gp = opts.grownPopsize ?? 0;
    if (gp > 0) {
      const grown = grownGenomes(gp, P);
      // edge counts over the lifetimes of the first 8 members (the population's size range)
      let lo = Infinity, hi = 0, sum = 0, count = 0;
      const model = makeModel(task, cfg), buffers = lifetimeBuffers(model);
      for (let i = 0; i < Math.min(8, gp); i++) {
        run(
          model,
          grown.subarray(i * P, (i + 1) * P),
          cfg.nEpisodes,
          fold(key(23), i),
          buffers,
          ({ net }) => {
            const e = edgeCount(net);
            sum += e;
            count++;
            if (e < lo) lo = e;
            if (e > hi) hi = e;
          },
        );
      }
      const w = Math.max(...opts.workers);
      const ab = measure(w, grown, gp);
      const old = { perSec: ab.old }, r = { perSec: ab.fast };
      const edges = `mean ${
        (sum / count).toFixed(0)
      } edges per step (range ${lo}–${hi}, 8 lifetimes)`;
      rows.push({
        name: `population ${task}, grown networks, ${w} workers`,
        value: r.perSec,
        old: old.perSec,
        unit: "env steps/s",
        note:
          `popsize ${gp}, fixture genome + N(0,0.05²), ${edges}; old and new alternating on the same generations; ${load()}`,
      });
      // the float32 WebAssembly SIMD kernel (precision "f32-wasm") beside the fast f64 kernel,
      // alternating on the same generations (same keys; a different arithmetic, so the
      // lifetimes and their lengths differ a little: each rate is its own env steps / time)
      const cfgW = { ...cfg, precision: "f32-wasm" as const };
      const wa = alternate(
        opts.minMs,
        (round) =>
          evaluatePopulationSync(cfg, grown, gp, fold(key(24), round), w, "fast").envSteps
            .reduce((a, b) => a + b, 0),
        (round) =>
          evaluatePopulationSync(cfgW, grown, gp, fold(key(24), round), w).envSteps
            .reduce((a, b) => a + b, 0),
      );
      rows.push({
        name: `population ${task}, grown networks, ${w} workers, f32-wasm kernel`,
        value: wa.b,
        old: wa.a,
        unit: "env steps/s",
        note:
          `precision "f32-wasm" (float32 WebAssembly SIMD, wasm_f32.ts); "old" here is the fast f64 kernel (the default), alternating on the same generations; popsize ${gp}, same genomes, ${edges} (f64); ${load()}`,
      });
    }
  }
  closePools();
  setPoolIdleMs(idle);
  if (opts.cma) rows.push(...cmaRows());
  return rows;
}

/** CMA-ES generation times (ask + tell) at the LNDP genome size n = 1918, λ = 256. */
function cmaRows(): BenchRow[] {
  const n = makeModel("cartpole", lndpDefaults).layout.size, lambda = 256;
  const gens = (name: StrategyName, count: number): number[] => {
    const es = makeStrategy({
      strategy: name,
      popsize: lambda,
      sigmaInit: 0.1,
      eliteRatio: 0.5,
      lrate: 0.05,
      fitnessShaping: "none",
    }, n);
    let st = es.init(key(0));
    const ms: number[] = [];
    for (let g = 0; g < count; g++) {
      const t = performance.now();
      const { candidates, state } = es.ask(st, fold(key(1), g));
      const f = new Float64Array(lambda);
      for (let k = 0; k < lambda; k++) f[k] = -(candidates[k * n] ** 2);
      st = es.tell(state, candidates, f);
      ms.push(performance.now() - t);
    }
    return ms;
  };
  const mean = (a: number[]): number => a.reduce((x, y) => x + y, 0) / a.length;
  // the reference decomposes C every generation: the second generation (the first has C = I)
  const ref = gens("cma", 2)[1] / 1000;
  const refLoad = load();
  // pycma's gap at n = 1918 is < 2 generations, so 4 generations hold 2 decompositions
  const lazy = mean(gens("cma-lazy", 4)) / 1000;
  const lazyLoad = load();
  const sep = mean(gens("sep-cma", 6).slice(1)) / 1000;
  return [
    {
      name: `CMA-ES generation, n = ${n}, λ = ${lambda} (reference: eigh every generation)`,
      value: ref,
      unit: "s/generation",
      note: `second of 2 generations; ${refLoad}`,
    },
    {
      name: `CMA-ES generation, lazy updates (cma-lazy, pycma gap)`,
      value: lazy,
      unit: "s/generation",
      note: `mean of 4 generations; ×${(ref / lazy).toFixed(1)} vs reference; ${lazyLoad}`,
    },
    {
      name: `sep-CMA-ES generation (sep-cma)`,
      value: sep,
      unit: "s/generation",
      note: `mean of 5 generations; ×${(ref / sep).toFixed(0)} vs reference; ${load()}`,
    },
  ];
}
