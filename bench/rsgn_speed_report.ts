/**
 * The result of `bench/rsgn_speed.ts` as data, and the pure function that renders
 * `docs/results/rsgn-speed.md` from it (the docs drift test re-renders the committed JSON).
 *
 * @module
 */

/** One row of the table (ours, or torch's for the same config and variant). */
export interface RsgnSpeedRow {
  readonly config: string;
  readonly variant: string;
  readonly batch: number;
  readonly forwardSamplesPerS: number;
  readonly trainSamplesPerS: number;
  readonly forwardGmacPerS: number;
  readonly macsPerSample: number;
  readonly measuredMacsPerSample: number;
}

/** Committed accuracy of one (task, model), printed beside the throughput ratio. */
export interface AccuracyRow {
  readonly task: string;
  readonly model: string;
  readonly epochs: number;
  readonly seeds: readonly number[];
  readonly bestValAcc: readonly number[];
  /** Mean best validation accuracy (fraction). */
  readonly mean: number;
  /** Population std over the seeds (fraction). */
  readonly std: number;
}

/** What `rsgn_speed.ts` writes to `rsgn-speed.json`. */
export interface RsgnSpeedReport {
  /** Median over this many batches. */
  readonly reps: number;
  /** Warm-up: at least 3 calls and this many seconds per timed function (absent: 1 call). */
  readonly warmupS?: number;
  /** 1/5/15-minute load averages at the start and the end of the timings. */
  readonly load?: { readonly start: readonly number[]; readonly end: readonly number[] };
  /** Committed long-range accuracies of the faithful and the sparse RSGN. */
  readonly accuracy?: readonly AccuracyRow[];
  /** The machine the run saw. */
  readonly machine: {
    readonly os: string;
    readonly arch: string;
    readonly cpus: number;
    readonly deno: string;
  };
  readonly rows: readonly RsgnSpeedRow[];
  readonly torch: { readonly rows: readonly RsgnSpeedRow[]; readonly note: string };
}

/**
 * Renders `docs/results/rsgn-speed.md` from the report (pure).
 *
 * @example
 * ```ts
 * import { renderRsgnSpeedMarkdown } from "./rsgn_speed_report.ts";
 * const row = { config: "readme", variant: "faithful", batch: 64, forwardSamplesPerS: 20,
 *   trainSamplesPerS: 6, forwardGmacPerS: 1.3, macsPerSample: 6e7, measuredMacsPerSample: 6e7 };
 * const md = renderRsgnSpeedMarkdown({
 *   reps: 2, machine: { os: "linux", arch: "x86_64", cpus: 2, deno: "2.9.6" },
 *   rows: [row, { ...row, variant: "sparse" }], torch: { rows: [], note: "no torch" },
 * });
 * console.assert(md.includes("| readme | faithful | 64 |"));
 * ```
 */
export const renderRsgnSpeedMarkdown = (r: RsgnSpeedReport): string => {
  const fmt = (x: number) => x.toFixed(1);
  const m = r.machine;
  const lines = [
    "# RSGN speed (bench/rsgn_speed.ts)",
    "",
    `Machine: ${m.os}/${m.arch}, ${m.cpus} logical CPUs ` +
    `(shared with other jobs while measured), Deno ${m.deno}, float32, 1 thread, ` +
    `${
      r.warmupS === undefined ? "" : `warm-up of ≥ 3 calls and ≥ ${r.warmupS} s, then the `
    }median of ${r.reps} batches${
      r.load
        ? ` (load average ${r.load.start.map((x) => x.toFixed(1)).join("/")} at the start, ${
          r.load.end.map((x) => x.toFixed(1)).join("/")
        } at the end)`
        : ""
    }. MACs: analytic for the faithful model (spec §1.10), counted ` +
    `during the pass for the sparse variant (topK 16, activeK 32). ${r.torch.note}.`,
    "",
    "| config | variant | batch | forward samples/s | train samples/s | forward GMAC/s | MACs/sample | torch fwd samples/s | torch train samples/s | train ratio ours/torch |",
    "|---|---|---|---|---|---|---|---|---|---|",
  ];
  for (const x of r.rows) {
    const t = r.torch.rows.find((y) => y.config === x.config && y.variant === x.variant);
    lines.push(
      `| ${x.config} | ${x.variant} | ${x.batch} | ${fmt(x.forwardSamplesPerS)} | ${
        fmt(x.trainSamplesPerS)
      } | ${x.forwardGmacPerS.toFixed(2)} | ${
        Math.round(x.measuredMacsPerSample).toLocaleString("en-US")
      } | ${t ? fmt(t.forwardSamplesPerS) : "—"} | ${t ? fmt(t.trainSamplesPerS) : "—"} | ${
        t ? (x.trainSamplesPerS / t.trainSamplesPerS).toFixed(2) : "—"
      } |`,
    );
  }
  lines.push("", "Sparse variant vs faithful at equal N (training throughput):", "");
  for (const name of [...new Set(r.rows.map((x) => x.config))]) {
    const f = r.rows.find((x) => x.config === name && x.variant === "faithful");
    const s = r.rows.find((x) => x.config === name && x.variant === "sparse");
    if (!f || !s) continue;
    lines.push(
      `- ${name}: ×${(s.trainSamplesPerS / f.trainSamplesPerS).toFixed(1)} train, ×${
        (s.forwardSamplesPerS / f.forwardSamplesPerS).toFixed(1)
      } forward; MACs/sample ${Math.round(f.measuredMacsPerSample).toLocaleString("en-US")} → ${
        Math.round(s.measuredMacsPerSample).toLocaleString("en-US")
      }`,
    );
  }
  if (r.accuracy?.length) {
    const pct = (x: number) => (100 * x).toFixed(1);
    lines.push(
      "",
      "Accuracy beside it (committed training results in docs/results/rsgn/, not re-measured by " +
        "this bench; best validation accuracy, mean ± std over seeds):",
      "",
    );
    for (const a of r.accuracy) {
      lines.push(
        `- ${a.task} ${a.model}: ${pct(a.mean)} ± ${pct(a.std)} % (${a.epochs} epochs, seeds ${
          a.seeds.join(", ")
        }: ${a.bestValAcc.map(pct).join(", ")})`,
      );
    }
    const f = r.accuracy.find((a) => a.model === "rsgn");
    const s = r.accuracy.find((a) => a.model === "rsgn-sparse");
    if (f && s) {
      lines.push(`- sparse − faithful: ${(100 * (s.mean - f.mean)).toFixed(1)} points`);
    }
  }
  return lines.join("\n") + "\n";
};
