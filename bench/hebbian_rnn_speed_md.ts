/**
 * The markdown of `docs/results/hebbian-rnn-speed.md`, rendered from its JSON alone (the file
 * `bench/hebbian_rnn_speed.ts --write` writes beside it), so the benchmark and the docs drift
 * test (`tests/docs_drift_test.ts`) render the same text. The benchmark runs at import time,
 * hence this module of its own.
 *
 * @module
 */

/**
 * The JSON `bench/hebbian_rnn_speed.ts` writes (`docs/results/hebbian-rnn-speed.json`). The
 * plain baselines are the last row of each table (`modeA.rows[2]`, `modeC.rows[1]`).
 *
 * @example
 * ```ts ignore
 * const r: HebbianRnnSpeedReport = JSON.parse(
 *   Deno.readTextFileSync("docs/results/hebbian-rnn-speed.json"),
 * );
 * console.log(r.modeA.rows[1].sequencesPerSecond);
 * ```
 */
export interface HebbianRnnSpeedReport {
  /** Day and time of the run (ISO 8601, UTC). */
  readonly date: string;
  /** The command-line arguments of the run. */
  readonly args: readonly string[];
  readonly deno: string;
  readonly cpu: string;
  readonly modeA: {
    readonly batch: number;
    readonly seqLen: number;
    readonly hidden: number;
    readonly rows: readonly {
      readonly impl: string;
      readonly epochs: number;
      readonly seconds: number;
      readonly sequencesPerSecond: number;
    }[];
    /** The PyTorch peer's output, or why it was skipped. */
    // deno-lint-ignore no-explicit-any
    readonly torch: { readonly [k: string]: any };
  };
  readonly modeC: {
    readonly n: number;
    readonly trialTime: number;
    readonly rows: readonly {
      readonly impl: string;
      readonly trials: number;
      readonly seconds: number;
      readonly simulatedMsPerSecond: number;
    }[];
  };
}

/**
 * `docs/results/hebbian-rnn-speed.md` from its JSON.
 *
 * @example
 * ```ts ignore
 * import { hebbianRnnSpeedMarkdown } from "./hebbian_rnn_speed_md.ts";
 * const json = Deno.readTextFileSync("docs/results/hebbian-rnn-speed.json");
 * console.log(hebbianRnnSpeedMarkdown(JSON.parse(json)));
 * ```
 */
export const hebbianRnnSpeedMarkdown = (r: HebbianRnnSpeedReport): string => {
  const { modeA, modeC } = r;
  const torch = modeA.torch;
  const plainA = modeA.rows[2].sequencesPerSecond;
  const plainC = modeC.rows[1].simulatedMsPerSecond;
  return [
    "# Hebbian RNN speed",
    "",
    `Measured with \`deno task bench:hebbian-rnn ${
      r.args.join(" ")
    }\` on ${r.cpu}, Deno ${r.deno}, ${r.date}.`,
    "",
    `## Mode A training (batch ${modeA.batch}, sequence ${modeA.seqLen}, hidden ${modeA.hidden}; forward + BPTT + Adam)`,
    "",
    "| implementation | epochs | sequences/s | vs plain |",
    "|---|---:|---:|---:|",
    ...modeA.rows.map((w) =>
      `| ${w.impl} | ${w.epochs} | ${w.sequencesPerSecond.toFixed(0)} | ${
        (w.sequencesPerSecond / plainA).toFixed(2)
      }× |`
    ),
    torch.skipped
      ? `| PyTorch CPU | — | skipped: ${torch.reason} | — |`
      : `| PyTorch ${torch.torch} CPU (${torch.python}), ${torch.threads} thread(s) | ${torch.epochs} | ${
        Number(torch.sequencesPerSecond).toFixed(0)
      } | ${(Number(torch.sequencesPerSecond) / plainA).toFixed(2)}× |`,
    "",
    `## Mode C (N = ${modeC.n}, ${modeC.trialTime} ms trials, learning on)`,
    "",
    "| implementation | trials | simulated ms / s | vs plain |",
    "|---|---:|---:|---:|",
    ...modeC.rows.map((w) =>
      `| ${w.impl} | ${w.trials} | ${w.simulatedMsPerSecond.toFixed(0)} | ${
        (w.simulatedMsPerSecond / plainC).toFixed(2)
      }× |`
    ),
    "",
  ].join("\n");
};
