/**
 * Writes the evaluations-to-target study of every strategy on 10-D sphere, Rosenbrock and
 * Rastrigin to `docs/results/evolution-benchmarks.{md,json}` (or `--out dir`).
 *
 * ```
 * deno run -A evolution/bench_table.ts [--runs 5] [--budget 100000] [--seed 0] [--out docs/results]
 * ```
 *
 * @module
 */
import { benchmarksReportMarkdown, runBenchmarks } from "./benchmarks.ts";

const arg = (name: string, dflt: string): string => {
  const i = Deno.args.indexOf(`--${name}`);
  return i >= 0 && i + 1 < Deno.args.length ? Deno.args[i + 1] : dflt;
};

if (import.meta.main) {
  const runs = Number(arg("runs", "5"));
  const budget = Number(arg("budget", "100000"));
  const seed = Number(arg("seed", "0"));
  const out = arg("out", "docs/results");
  const t0 = performance.now();
  const rows = runBenchmarks({
    runs,
    budget,
    dims: 10,
    seed,
    onRow: (r) => console.error(`${r.problem} ${r.strategy}: ${r.successes} ${r.medianEvals}`),
  });
  const seconds = Number(((performance.now() - t0) / 1000).toFixed(1));
  const report = { runs, budget, seed, dims: 10, seconds, rows };
  await Deno.mkdir(out, { recursive: true });
  // the markdown is a function of the JSON alone (re-rendered by tests/docs_drift_test.ts)
  await Deno.writeTextFile(`${out}/evolution-benchmarks.md`, benchmarksReportMarkdown(report));
  await Deno.writeTextFile(
    `${out}/evolution-benchmarks.json`,
    JSON.stringify(report, null, 2) + "\n",
  );
  console.error(`wrote ${out}/evolution-benchmarks.md in ${seconds} s`);
}
