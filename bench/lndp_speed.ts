/**
 * LNDP speed table, every row measured in this one run (so the ratios hold on a shared machine):
 * - one network step (update + forward) with the batched update and with the naive per-pair
 *   transcription (`engines/lndp/naive.ts`), and their ratio, for three genomes;
 * - population evaluation throughput (environment steps/s summed over the population): the
 *   naive unbatched baseline (members one after the other, per-pair update), the batched
 *   evaluator on the main thread, and on 1 and 2 Web Workers, with the ratios.
 *
 *   deno task bench:lndp [--min-ms 1500] [--popsize 32] [--out docs/results]
 *
 * With `--out dir` it also writes `lndp-bench.{md,json}` there.
 */
import { benchMarkdown, runBench } from "@neuroplastic/engines/lndp";

const arg = (name: string, dflt: string): string => {
  const i = Deno.args.indexOf(`--${name}`);
  return i >= 0 && i + 1 < Deno.args.length ? Deno.args[i + 1] : dflt;
};
const minMs = Number(arg("min-ms", "1500"));
const popsize = Number(arg("popsize", "32"));
const out = arg("out", "");
const rows = runBench({ minMs, popsize, workers: [1, 2], tasks: ["cartpole"] });
const header =
  `Measured in one run on ${navigator.hardwareConcurrency} logical cores (Deno ${Deno.version.deno}, ${Deno.build.os}/${Deno.build.arch}), shared with other jobs; ≥ ${minMs} ms per row, ` +
  `popsize ${popsize}. Float64 throughout. Absolute rates vary with the machine's load; the ` +
  "ratios are measured side by side.";
for (const r of rows) {
  console.log(
    `${r.name.padEnd(58)} ${r.value.toFixed(r.unit === "×" ? 2 : 0).padStart(10)} ${
      r.unit.padEnd(12)
    } ${r.note}`,
  );
}
if (out) {
  Deno.mkdirSync(out, { recursive: true });
  Deno.writeTextFileSync(`${out}/lndp-bench.md`, benchMarkdown(rows, header));
  Deno.writeTextFileSync(
    `${out}/lndp-bench.json`,
    JSON.stringify({ header, minMs, popsize, rows }, null, 1) + "\n",
  );
  console.log(`wrote ${out}/lndp-bench.{md,json}`);
}
