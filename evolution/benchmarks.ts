/**
 * Standard test functions and an evaluations-to-target study of every strategy (the table in
 * `docs/results/evolution-benchmarks.md`, written by `evolution/bench_table.ts`).
 *
 * Functions (all minimised, minimum 0 at the optimum):
 * - sphere f(x) = Σ x_i²;
 * - Rosenbrock f(x) = Σ_{i<n−1} 100 (x_{i+1} − x_i²)² + (1 − x_i)²;
 * - Rastrigin f(x) = 10 n + Σ (x_i² − 10 cos(2π x_i)).
 *
 * @module
 */
import { fold, type Key, key as mkKey, uniform } from "@neuroplastic/core/random";
import { cmaEs } from "./cma_es.ts";
import { ga, genregGa } from "./ga.ts";
import { gsa } from "./gsa.ts";
import { openaiEs } from "./openai_es.ts";
import { gaussianOps } from "./ops.ts";
import { hillClimb, simulatedAnnealing } from "./sa.ts";
import type { Strategy } from "./types.ts";

/**
 * Sphere Σ x_i².
 *
 * @example
 * ```ts
 * import { sphere } from "@neuroplastic/evolution";
 * console.log(sphere(Float64Array.of(1, 2))); // 5
 * ```
 */
export function sphere(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  return s;
}

/**
 * Rosenbrock Σ 100 (x_{i+1} − x_i²)² + (1 − x_i)².
 *
 * @example
 * ```ts
 * import { rosenbrock } from "@neuroplastic/evolution";
 * console.log(rosenbrock(Float64Array.of(1, 1, 1))); // 0
 * ```
 */
export function rosenbrock(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length - 1; i++) {
    s += 100 * (x[i + 1] - x[i] * x[i]) ** 2 + (1 - x[i]) ** 2;
  }
  return s;
}

/**
 * Rastrigin 10 n + Σ (x_i² − 10 cos 2πx_i).
 *
 * @example
 * ```ts
 * import { rastrigin } from "@neuroplastic/evolution";
 * console.log(rastrigin(new Float64Array(10))); // 0
 * ```
 */
export function rastrigin(x: Float64Array): number {
  let s = 10 * x.length;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i] - 10 * Math.cos(2 * Math.PI * x[i]);
  return s;
}

/** One benchmark problem. */
export interface Problem {
  /** Display name. */
  readonly name: string;
  /** Objective (minimised). */
  readonly f: (x: Float64Array) => number;
  /** Targets, loosest first; a run stops at the last one. */
  readonly targets: readonly number[];
  /** Initial points are drawn from U(lo, hi)ⁿ. */
  readonly lo: number;
  /** Upper bound of the initial box. */
  readonly hi: number;
}

/**
 * The three problems of the study (10-D).
 *
 * @example
 * ```ts
 * import { PROBLEMS } from "@neuroplastic/evolution";
 * console.log(PROBLEMS.map((p) => p.name)); // ["sphere", "rosenbrock", "rastrigin"]
 * console.log(PROBLEMS[0].f(new Float64Array([1, 2]))); // 5
 * ```
 */
export const PROBLEMS: readonly Problem[] = [
  { name: "sphere", f: sphere, targets: [1e-2, 1e-6], lo: -3, hi: 3 },
  { name: "rosenbrock", f: rosenbrock, targets: [10, 1e-3], lo: -2, hi: 2 },
  { name: "rastrigin", f: rastrigin, targets: [20, 1], lo: -5.12, hi: 5.12 },
];

/** A strategy factory for the study: (n, initial point) → strategy (minimising). */
export interface Contender {
  /** Display name. */
  readonly name: string;
  /** Builds the strategy for n dimensions from an initial point. */
  readonly make: (n: number, x0: Float64Array) => Strategy<unknown>;
}

/**
 * The strategies compared, with the settings used.
 *
 * @example
 * ```ts
 * import { CONTENDERS } from "@neuroplastic/evolution";
 * const es = CONTENDERS[0].make(2, new Float64Array([1, 1]));
 * console.log(CONTENDERS[0].name, es.numDims); // "cma-es (λ=10, σ₀=1)" 2
 * ```
 */
export const CONTENDERS: readonly Contender[] = [
  {
    name: "cma-es (λ=10, σ₀=1)",
    make: (n, x0) =>
      cmaEs({
        numDims: n,
        popsize: 4 + Math.floor(3 * Math.log(n)),
        meanInit: x0,
        maximize: false,
      }) as Strategy<
        unknown
      >,
  },
  {
    name: "openai-es (λ=50, σ=0.1, lr=0.05)",
    make: (n, x0) =>
      openaiEs({
        numDims: n,
        popsize: 50,
        sigmaInit: 0.1,
        lrate: 0.05,
        meanInit: x0,
        maximize: false,
      }) as Strategy<
        unknown
      >,
  },
  {
    name: "genreg-ga (40; 0.1/0.1)",
    make: (n) =>
      genregGa({ ops: gaussianOps({ numDims: n, initScale: 2 }), maximize: false }) as Strategy<
        unknown
      >,
  },
  {
    name: "ga (tournament 3, uniform cx, 50)",
    make: (n) =>
      ga({
        ops: gaussianOps({ numDims: n, rate: 0.2, scale: 0.1, initScale: 2 }),
        popsize: 50,
        elitism: 2,
        maximize: false,
      }) as Strategy<unknown>,
  },
  {
    name: "sa (T 1→1e-6, rate 0.3/0.1)",
    make: (n, x0) =>
      simulatedAnnealing({
        ops: gaussianOps({ numDims: n, rate: 0.3, scale: 0.1 }),
        steps: 100_000,
        t0: 1,
        t1: 1e-6,
        initial: x0,
        maximize: false,
      }) as Strategy<unknown>,
  },
  {
    name: "hill (patience 2000, rate 0.3/0.1)",
    make: (n, x0) =>
      hillClimb({
        ops: gaussianOps({ numDims: n, rate: 0.3, scale: 0.1 }),
        maxSteps: 100_000,
        patience: 2000,
        initial: x0,
        maximize: false,
      }) as Strategy<unknown>,
  },
  {
    name: "gsa (ga 500 gens + sa 80k)",
    make: (n) =>
      gsa({
        ops: gaussianOps({ numDims: n, initScale: 2 }),
        saOps: gaussianOps({ numDims: n, rate: 0.3, scale: 0.05 }),
        generations: 500,
        saSteps: 80_000,
        t0: 0.1,
        t1: 1e-7,
        maximize: false,
      }) as Strategy<unknown>,
  },
];

/** Outcome of one run. */
export interface RunOutcome {
  /** Per target: evaluations until the best fitness first reached it, or null. */
  readonly evalsToTarget: (number | null)[];
  /** Best (lowest) objective value found. */
  readonly bestFitness: number;
  /** Objective evaluations used. */
  readonly evaluations: number;
}

/**
 * Runs `strategy` on `f` (minimised) for at most `budget` evaluations, stopping at the last
 * (tightest) target.
 * Known fitness (unchanged GA survivors) is not re-evaluated and not counted.
 *
 * @example
 * ```ts
 * import { cmaEs, runToTarget, sphere } from "@neuroplastic/evolution";
 * import { key } from "@neuroplastic/core/random";
 * const s = cmaEs({ numDims: 2, popsize: 6, meanInit: 1, maximize: false });
 * console.log(runToTarget(s, sphere, [1e-8], 5000, key(0)).evalsToTarget[0] !== null); // true
 * ```
 */
export function runToTarget<S>(
  strategy: Strategy<S>,
  f: (x: Float64Array) => number,
  targets: readonly number[],
  budget: number,
  key: Key,
): RunOutcome {
  const n = strategy.numDims;
  const hits: (number | null)[] = targets.map(() => null);
  const last = targets.length - 1;
  let st = strategy.init(fold(key, 0));
  let evals = 0;
  let best = Infinity;
  for (let t = 0; evals < budget && !(strategy.done?.(st) ?? false); t++) {
    const { candidates, state, knownFitness } = strategy.ask(st, fold(fold(key, 1), t));
    const count = candidates.length / n;
    const fit = new Float64Array(count);
    for (let k = 0; k < count; k++) {
      const known = knownFitness?.[k];
      if (known !== undefined && known === known) {
        fit[k] = known;
        continue;
      }
      fit[k] = f(candidates.subarray(k * n, (k + 1) * n));
      evals++;
      if (fit[k] < best) {
        best = fit[k];
        for (let t = 0; t <= last; t++) if (hits[t] === null && best <= targets[t]) hits[t] = evals;
        if (hits[last] !== null) {
          return { evalsToTarget: hits, bestFitness: best, evaluations: evals };
        }
      }
    }
    st = strategy.tell(state, candidates, fit);
  }
  return { evalsToTarget: hits, bestFitness: best, evaluations: evals };
}

/** One row of the study. */
export interface BenchmarkRow {
  /** Problem name. */
  readonly problem: string;
  /** Strategy name and settings. */
  readonly strategy: string;
  /** Targets (loose, tight). */
  readonly targets: readonly number[];
  /** Independent runs. */
  readonly runs: number;
  /** Per target: runs that reached it. */
  readonly successes: number[];
  /** Per target: median evaluations-to-target over the successful runs (null if none). */
  readonly medianEvals: (number | null)[];
  /** Median best fitness over all runs. */
  readonly medianBest: number;
  /** Evaluation budget per run. */
  readonly budget: number;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/**
 * The evaluations-to-target study: every contender on every problem, `runs` seeds each.
 *
 * @example
 * ```ts
 * import { runBenchmarks } from "@neuroplastic/evolution";
 * const rows = runBenchmarks({ runs: 1, budget: 2000, dims: 2, seed: 0 });
 * console.log(rows.length); // 21
 * ```
 */
export function runBenchmarks(opts: {
  readonly runs: number;
  readonly budget: number;
  readonly dims: number;
  readonly seed: number;
  readonly onRow?: (row: BenchmarkRow) => void;
}): BenchmarkRow[] {
  const rows: BenchmarkRow[] = [];
  for (const [pi, p] of PROBLEMS.entries()) {
    for (const c of CONTENDERS) {
      const evals: number[][] = p.targets.map(() => []);
      const bests: number[] = [];
      for (let r = 0; r < opts.runs; r++) {
        const k = fold(fold(mkKey(opts.seed), pi), r);
        const x0 = uniform(fold(k, 99), opts.dims, p.lo, p.hi);
        const out = runToTarget(c.make(opts.dims, x0), p.f, p.targets, opts.budget, k);
        out.evalsToTarget.forEach((e, t) => e !== null && evals[t].push(e));
        bests.push(out.bestFitness);
      }
      const row: BenchmarkRow = {
        problem: p.name,
        strategy: c.name,
        targets: p.targets,
        runs: opts.runs,
        successes: evals.map((e) => e.length),
        medianEvals: evals.map((e) => (e.length ? median(e) : null)),
        medianBest: median(bests),
        budget: opts.budget,
      };
      opts.onRow?.(row);
      rows.push(row);
    }
  }
  return rows;
}

/**
 * Markdown table of {@link runBenchmarks} rows.
 *
 * @example
 * ```ts
 * import { benchmarksMarkdown } from "@neuroplastic/evolution";
 * console.log(benchmarksMarkdown([], "").startsWith("#"));
 * ```
 */
export function benchmarksMarkdown(rows: readonly BenchmarkRow[], header: string): string {
  const lines = [
    "# Evolution strategies: evaluations to target (10-D)",
    "",
    header,
    "",
    "Cells: median evaluations to reach the target (successful runs / runs); — = never within",
    "the budget.",
    "",
    "| problem | strategy | loose target | tight target | median best f |",
    "|---|---|---|---|---|",
  ];
  const cell = (r: BenchmarkRow, t: number): string =>
    `f ≤ ${r.targets[t]}: ${r.medianEvals[t] ?? "—"} (${r.successes[t]}/${r.runs})`;
  for (const r of rows) {
    lines.push(
      `| ${r.problem} | ${r.strategy} | ${cell(r, 0)} | ${cell(r, 1)} | ${
        r.medianBest.toExponential(2)
      } |`,
    );
  }
  return lines.join("\n") + "\n";
}

/**
 * The JSON of the study (`docs/results/evolution-benchmarks.json`): its settings, the wall time
 * of the run and the rows.
 *
 * @example
 * ```ts
 * import type { BenchmarksReport } from "@neuroplastic/evolution";
 * const r: BenchmarksReport = { runs: 5, budget: 100000, seed: 0, dims: 10, seconds: 101.7, rows: [] };
 * console.log(r.seconds); // 101.7
 * ```
 */
export interface BenchmarksReport {
  /** Independent runs per cell. */
  readonly runs: number;
  /** Evaluation budget per run. */
  readonly budget: number;
  /** Seed of the study. */
  readonly seed: number;
  /** Dimension of every problem. */
  readonly dims: number;
  /** Wall time of the whole study (s, one decimal). */
  readonly seconds: number;
  /** The rows of {@link runBenchmarks}. */
  readonly rows: readonly BenchmarkRow[];
}

/**
 * The markdown of `docs/results/evolution-benchmarks.md` from its JSON alone (the header's
 * settings and wall time included); `evolution/bench_table.ts` writes it with this function.
 *
 * @example
 * ```ts
 * import { benchmarksReportMarkdown } from "@neuroplastic/evolution";
 * const md = benchmarksReportMarkdown({ runs: 1, budget: 10, seed: 0, dims: 10, seconds: 0.1, rows: [] });
 * console.log(md.includes("1 runs per cell (seed 0)")); // true
 * ```
 */
export function benchmarksReportMarkdown(report: BenchmarksReport): string {
  const { runs, budget, seed } = report;
  const header = [
    `${runs} runs per cell (seed ${seed}), budget ${budget} evaluations, all strategies minimising.`,
    "Initial points/means drawn from U(lo, hi)¹⁰: sphere [−3, 3], Rosenbrock [−2, 2], Rastrigin",
    "[−5.12, 5.12] (GA populations from N(0, 2²)). Unchanged GA survivors are not re-evaluated or",
    `counted. Generated by \`deno run -A evolution/bench_table.ts\` in ${
      report.seconds.toFixed(1)
    } s.`,
  ].join("\n");
  return benchmarksMarkdown(report.rows, header);
}
