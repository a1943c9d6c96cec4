/**
 * Prints the LNDP speed table (network steps/s batched vs naive, population env steps/s
 * inline and on 1 and 2 workers), measured in one run. Usage:
 *   deno run -A bench/lndp_table.ts [minMs=1500] [popsize=32]
 * `np lndp bench --out docs/results` writes the same table to docs/results/lndp-bench.{md,json}.
 */
import { runBench } from "@neuroplastic/engines/lndp";

const minMs = Number(Deno.args[0] ?? 1500);
const popsize = Number(Deno.args[1] ?? 32);
const rows = runBench({ minMs, popsize, workers: [1, 2] });
for (const r of rows) {
  console.log(
    `${r.name.padEnd(56)} ${r.value.toFixed(r.unit === "×" ? 2 : 0).padStart(10)} ${
      r.unit.padEnd(12)
    } ${r.note}`,
  );
}
