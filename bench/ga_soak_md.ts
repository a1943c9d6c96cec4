/**
 * The markdown of `docs/results/genreg-ga-soak.md`, rendered from its JSON alone (the file
 * `bench/ga_soak_rss.ts --write` writes beside it), so the soak and the docs drift test
 * (`tests/docs_drift_test.ts`) can render the same text. The script runs at import time, hence
 * this module of its own. A hand-written reading of the run is kept in the JSON's `notes`
 * (`--notes FILE`) and printed verbatim after the table.
 *
 * @module
 */

/**
 * One sample of the soak, taken after `chunk` more generations (and a forced GC when
 * `gcForced`); memory in bytes as `Deno.memoryUsage()` reports it.
 *
 * @example
 * ```ts ignore
 * const s: GaSoakSample = JSON.parse(Deno.readTextFileSync("docs/results/genreg-ga-soak.json")).rows[0];
 * console.log(s.rss / 2 ** 20); // MiB
 * ```
 */
export interface GaSoakSample {
  readonly generations: number;
  /** Wall time since the first generation (ms). */
  readonly ms: number;
  readonly heapUsed: number;
  readonly heapTotal: number;
  readonly external: number;
  readonly rss: number;
  /** `Deno.loadavg()`: 1, 5 and 15 minutes. */
  readonly load: readonly number[];
}

/**
 * The JSON `bench/ga_soak_rss.ts --write` writes (`docs/results/genreg-ga-soak.json`).
 *
 * @example
 * ```ts ignore
 * const r: GaSoakReport = JSON.parse(Deno.readTextFileSync("docs/results/genreg-ga-soak.json"));
 * console.log(r.generations, r.rows.length);
 * ```
 */
export interface GaSoakReport {
  /** Start and end of the run (ISO 8601, UTC). */
  readonly start: string;
  readonly end: string;
  /** The command-line arguments of the run. */
  readonly args: readonly string[];
  readonly deno: string;
  readonly v8: string;
  readonly os: string;
  readonly arch: string;
  /** `navigator.hardwareConcurrency`. */
  readonly cores: number;
  readonly generations: number;
  readonly samples: number;
  /** Generations between two samples. */
  readonly chunk: number;
  /** Whether a GC was forced before each sample (`--v8-flags=--expose-gc`). */
  readonly gcForced: boolean;
  readonly rows: readonly GaSoakSample[];
  /** Hand-written reading of the run, printed after the table (markdown). */
  readonly notes?: string;
}

const mib = (b: number, digits: number): string => (b / 2 ** 20).toFixed(digits);

/**
 * `docs/results/genreg-ga-soak.md` from its JSON.
 *
 * @example
 * ```ts ignore
 * import { gaSoakMarkdown } from "./ga_soak_md.ts";
 * console.log(gaSoakMarkdown(JSON.parse(Deno.readTextFileSync("docs/results/genreg-ga-soak.json"))));
 * ```
 */
export const gaSoakMarkdown = (r: GaSoakReport): string =>
  [
    "# GENREG GA soak: RSS against the V8 heap (issue 20, item 3)",
    "",
    `One GA run of ${r.generations.toLocaleString("en-US")} generations (population 40, dense ` +
    "controller + proteins, no early stop) through the registered `genreg run` process, sampled",
    `every ${r.chunk.toLocaleString("en-US")} generations${
      r.gcForced ? " after a forced GC" : " (no forced GC: run without --expose-gc)"
    }: the V8 heap in use (\`heapUsed\`), the heap V8 has reserved (\`heapTotal\`), the ArrayBuffer`,
    "stores outside the V8 heap (`external`) and the RSS; Deno.memoryUsage() in MiB = 2²⁰ bytes.",
    "",
    `Command (${r.start} to ${r.end}, ${r.cores} logical cores, ${r.os}/${r.arch}, Deno ${r.deno}, ` +
    `V8 ${r.v8}):`,
    "",
    "```",
    `deno run -A --unstable-kv --v8-flags=--expose-gc bench/ga_soak_rss.ts ${r.args.join(" ")}`,
    "```",
    "",
    "| generations | s | heapUsed MB | heapTotal MB | external MB | rss MB | load (1/5/15 min) |",
    "|---:|---:|---:|---:|---:|---:|---|",
    ...r.rows.map((s) =>
      `| ${s.generations.toLocaleString("en-US")} | ${(s.ms / 1000).toFixed(0)} | ${
        mib(s.heapUsed, 2)
      } | ${mib(s.heapTotal, 1)} | ${mib(s.external, 2)} | ${mib(s.rss, 1)} | ${
        s.load.map((x) => x.toFixed(2)).join(" ")
      } |`
    ),
    "",
    ...(r.notes ? [r.notes.trimEnd(), ""] : []),
  ].join("\n");
