/**
 * Markdown and JSON of the LNDP documents (`np lndp lifetime`, `np lndp report`, the speed table of
 * `deno task bench:lndp`), built from a training run's figures and lifetime analyses.
 *
 * @module
 */
import type { Json } from "@neuroplastic/core/sim";
import type { LifetimeAnalysis } from "./analysis.ts";
import type { BenchRow } from "./bench.ts";

/**
 * The reference's `best` per generation: the largest generation maximum (`gen_best`) so far.
 *
 * @example
 * ```ts
 * import { bestSoFarCurve } from "@neuroplastic/engines/lndp";
 * console.log(bestSoFarCurve([3, 1, 4, 1])); // [3, 3, 4, 4]
 * ```
 */
export function bestSoFarCurve(curveMax: readonly number[]): number[] {
  let best = -Infinity;
  return curveMax.map((v) => (best = Math.max(best, v)));
}

const f2 = (x: number): string => (Number.isFinite(x) ? x.toFixed(2) : String(x));

/**
 * Markdown section for a lifetime analysis.
 *
 * @example
 * ```ts ignore
 * import { analysisMarkdown } from "./report.ts";
 * ```
 */
export function analysisMarkdown(title: string, a: LifetimeAnalysis): string[] {
  const lines = [`### ${title}`, ""];
  lines.push(
    `${a.lifetimes} lifetimes (fresh keys): fitness ${f2(a.fitnessMean)} ± ${f2(a.fitnessStd)}.`,
    "",
  );
  lines.push("| episode | mean return | std |", "|---|---|---|");
  a.episodeMean.forEach((m, e) => lines.push(`| ${e + 1} | ${f2(m)} | ${f2(a.episodeStd[e])} |`));
  lines.push("");
  if (a.episodeMean.length > 1) {
    lines.push(
      `Within-lifetime improvement (last − first episode): ${f2(a.improvementMean)} ± ${
        f2(a.improvementStd)
      }; ` +
        `improved in ${(a.improvedFraction * 100).toFixed(0)} % of lifetimes.`,
      "",
    );
  }
  lines.push(`Traced lifetime returns: ${a.tracedReturns.map(f2).join(", ")}.`, "");
  lines.push(
    "| moment | edges | w mean | w std | histogram of w on edges, 10 bins over [−1, 1] |",
    "|---|---|---|---|---|",
  );
  for (const s of a.snapshots) {
    lines.push(
      `| ${s.label} (step ${s.step + 1}) | ${s.edges} | ${f2(s.weightMean)} | ${
        f2(s.weightStd)
      } | ${s.histogram.counts.join(" ")} |`,
    );
  }
  lines.push("");
  const ec = a.edgeCounts;
  if (ec.length) {
    const stride = Math.max(1, Math.floor(ec.length / 12));
    const pts: string[] = [];
    for (let i = 0; i < ec.length; i += stride) pts.push(`${i + 1}:${ec[i]}`);
    pts.push(`${ec.length}:${ec[ec.length - 1]}`);
    lines.push(`Edge count over the traced lifetime (step:edges): ${pts.join(", ")}.`, "");
  }
  return lines;
}

/** A training run as read from its directory. */
export interface RunSummary {
  /** The run's config, as written to its directory. */
  readonly config: { readonly [k: string]: Json };
  /** The run's result, as written to its directory. */
  readonly result: { readonly [k: string]: Json };
}

/**
 * Markdown of a training report: configuration, budget, learning curve and lifetime analyses.
 *
 * @example
 * ```ts ignore
 * import { trainMarkdown } from "./report.ts";
 * ```
 */
export function trainMarkdown(
  run: RunSummary,
  best: LifetimeAnalysis,
  mean: LifetimeAnalysis | undefined,
  threshold: number,
): string {
  const r = run.result, c = run.config;
  const curveMax = (r.curveMax as number[]) ?? [];
  const curveMean = (r.curveMean as number[]) ?? [];
  const steps = (r.curveSteps as number[]) ?? [];
  const G = curveMax.length;
  const lines = [`# LNDP training: ${c.task}`, ""];
  const wall = typeof r.elapsedMs === "number"
    ? `; wall time ${(r.elapsedMs / 60000).toFixed(1)} min` +
      (typeof r.workers === "number" ? ` on ${r.workers} workers` : "")
    : "";
  lines.push(
    `Strategy ${c.strategy}, popsize ${c.popsize}, σ₀ ${c.sigmaInit}, ${c.nEpisodes} episodes per lifetime, ` +
      `seed ${r.seed}. Generations run: ${G}; evaluations: ${G * Number(c.popsize)}; ` +
      `environment steps: ${steps.reduce((a, b) => a + b, 0)}${wall}` +
      (r.interruptedAt !== undefined
        ? ` (interrupted run: its last checkpoint, generation ${r.interruptedAt})`
        : "") +
      ".",
    "",
  );
  const firstSolved = curveMax.findIndex((x) => x >= threshold);
  const bestSoFar = bestSoFarCurve(curveMax);
  lines.push(
    "The reference's log (one lifetime per member per generation, so a lucky lifetime counts): " +
      `\`best\` (the largest single-lifetime fitness seen so far) ${
        f2(Number(r.bestFitness))
      }, set at generation ${
        Number(r.bestGeneration) + 1
      }; \`gen_best\` (the generation's maximum) ${f2(curveMax[G - 1])} in the last generation; ` +
      `first generation whose \`gen_best\` reached ${threshold}: ${
        firstSolved >= 0 ? firstSolved + 1 : "none"
      }.`,
    "",
    `Honest: the genome behind \`best\`${
      mean ? " and the strategy's mean genome" : ""
    } re-evaluated on ${best.lifetimes} fresh lifetimes: ${f2(best.fitnessMean)} ± ${
      f2(best.fitnessStd)
    }${mean ? ` and ${f2(mean.fitnessMean)} ± ${f2(mean.fitnessStd)}` : ""} ` +
      `(mean fitness ± sd; episode ${best.episodeMean.length} − episode 1: ${
        f2(best.improvementMean)
      } ± ${f2(best.improvementStd)}${
        mean ? ` and ${f2(mean.improvementMean)} ± ${f2(mean.improvementStd)}` : ""
      }).`,
    "",
    "The reference's budget is `train.py`'s default (CMA-ES, popsize 256, 10 000 generations); " +
      "the paper's CartPole figure and budget could not be checked (only its abstract was available).",
    "",
  );
  lines.push(
    "## Learning curve",
    "",
    "| generation | `gen_best` (population max) | population mean | `best` (so far) | env steps |",
    "|---|---|---|---|---|",
  );
  const stride = Math.max(1, Math.ceil(G / 25));
  for (let g = 0; g < G; g++) {
    if (g % stride !== 0 && g !== G - 1) continue;
    lines.push(
      `| ${g + 1} | ${f2(curveMax[g])} | ${f2(curveMean[g])} | ${f2(bestSoFar[g])} | ${steps[g]} |`,
    );
  }
  lines.push("", "## Re-evaluation on fresh lifetimes", "");
  lines.push(...analysisMarkdown("Best member genome", best));
  if (mean) lines.push(...analysisMarkdown("Strategy mean genome", mean));
  return lines.join("\n") + "\n";
}

/**
 * Markdown table of bench rows.
 *
 * @example
 * ```ts ignore
 * import { benchMarkdown } from "./report.ts";
 * ```
 */
export function benchMarkdown(rows: readonly BenchRow[], header: string): string {
  const lines = [
    "# LNDP speed",
    "",
    header,
    "",
    // rows of the f32-wasm kernel compare it with the fast f64 kernel (their "old")
    rows.some((r) => r.name.includes("f32-wasm"))
      ? "| measurement | new (fast.ts; f32-wasm rows: wasm_f32.ts) | old (update.ts; f32-wasm rows: fast.ts) | new/old | unit | note |"
      : "| measurement | new (fast.ts) | old (update.ts) | new/old | unit | note |",
    "|---|---|---|---|---|---|",
  ];
  const fmt = (v: number, unit: string): string =>
    v.toFixed(unit === "×" ? 2 : unit.startsWith("s/") ? (v < 1 ? 3 : 2) : 0);
  for (const r of rows) {
    const old = r.old === undefined ? "—" : fmt(r.old, r.unit);
    const ratio = r.old === undefined ? "—" : `×${(r.value / r.old).toFixed(2)}`;
    lines.push(
      `| ${r.name} | ${fmt(r.value, r.unit)} | ${old} | ${ratio} | ${r.unit} | ${r.note} |`,
    );
  }
  return lines.join("\n") + "\n";
}

/**
 * A lifetime analysis as JSON (plain numbers).
 *
 * @example
 * ```ts ignore
 * import { analysisJson } from "./report.ts";
 * ```
 */
export function analysisJson(a: LifetimeAnalysis): Json {
  const snapshots = a.snapshots.map(({ adjacency: _a, weights: _w, ...rest }) => rest);
  return JSON.parse(JSON.stringify({ ...a, snapshots })) as Json;
}
