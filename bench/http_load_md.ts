/**
 * The markdown of `docs/results/http-load.md` (and the two tables `deno task load` prints) from
 * the JSON alone (`docs/results/http-load.json`, the `result` of `bench/load.ts`), so the load
 * test and the docs drift test (`tests/docs_drift_test.ts`) render the same text.
 *
 * @module
 */

/**
 * The parts of `bench/load.ts`'s result that the report shows.
 *
 * @example
 * ```ts ignore
 * const r: HttpLoadResult = JSON.parse(await Deno.readTextFile("docs/results/http-load.json"));
 * console.log(r.date); // "2026-12-07"
 * ```
 */
export interface HttpLoadResult {
  readonly requests: number;
  readonly concurrency: number;
  readonly rounds: number;
  readonly requestsPerSecond: number;
  readonly p50ms: number;
  readonly p99ms: number;
  readonly byClass: { readonly [cls: string]: number };
  readonly fiveXX: number;
  readonly serverRssMB: { readonly before: number; readonly afterEachRound: readonly number[] };
  readonly longRuns: {
    readonly runs: number;
    readonly stepsEach: number;
    readonly stepsPerSecondAlone: number;
  };
  readonly functionCommand: {
    readonly request: { readonly config: unknown };
    readonly runs: readonly { readonly stateHash: string }[];
  };
  readonly targets: readonly {
    readonly measure: string;
    readonly target: string;
    readonly value: string;
    readonly met: boolean;
  }[];
  readonly machine: {
    readonly cores: number;
    readonly loadAverage: readonly number[];
    readonly deno: string;
  };
  /** Day of the run (YYYY-MM-DD, UTC). */
  readonly date: string;
}

/**
 * The targets table and the short-request table.
 *
 * @example
 * ```ts ignore
 * const { table } = httpLoadTables(JSON.parse(Deno.readTextFileSync("docs/results/http-load.json")));
 * ```
 */
export const httpLoadTables = (result: HttpLoadResult): { table: string; shortTable: string } => {
  const table = [
    "| measure | target | measured | met |",
    "|---|---|---|---|",
    ...result.targets.map((t) =>
      `| ${t.measure} | ${t.target} | ${t.value} | ${t.met ? "met" : "missed"} |`
    ),
  ].join("\n");
  const shortTable = [
    "| | throughput (req/s) | p50 (ms) | p99 (ms) | 2xx | 4xx | 5xx | server RSS before → after each round (MB) |",
    "|---|---:|---:|---:|---:|---:|---:|---|",
    `| before (docs/reliability.md) | 1496 | 28.39 | 75.19 | 858 | 1142 | 0 | 95.5 → 169.7, 189.1, 206.1 |`,
    `| this run | ${result.requestsPerSecond} | ${result.p50ms} | ${result.p99ms} | ${
      result.byClass["2xx"] ?? 0
    } | ${result.byClass["4xx"] ?? 0} | ${result.fiveXX} | ${result.serverRssMB.before} → ${
      result.serverRssMB.afterEachRound.join(", ")
    } |`,
  ].join("\n");
  return { table, shortTable };
};

/**
 * The whole report.
 *
 * @example
 * ```ts ignore
 * const md = httpLoadMarkdown(JSON.parse(Deno.readTextFileSync("docs/results/http-load.json")));
 * console.log(md.startsWith("# HTTP handler under load")); // true
 * ```
 */
export const httpLoadMarkdown = (result: HttpLoadResult): string => {
  const { table, shortTable } = httpLoadTables(result);
  const m = result.machine;
  const lr = result.longRuns;
  const fn = result.functionCommand;
  return [
    "# HTTP handler under load",
    "",
    `Measured by \`deno task load --write\` (bench/load.ts) on ${result.date}: \`deno serve app/serve.ts\` on 127.0.0.1, Deno ${m.deno}, ${m.cores} cores (load average ${
      m.loadAverage.join(", ")
    } at the end: the machine is shared).`,
    "",
    "## Targets (issue 17)",
    "",
    table,
    "",
    `- Long runs: ${lr.runs} concurrent \`POST /v1/sorn/run\` of ${lr.stepsEach} steps (lengths calibrated so that four together take ≥ 5 s; \`sorn run\` alone runs ${lr.stepsPerSecondAlone} steps/s here), the last one streamed. \`GET /health\` is sent every 10 ms; only probes that start after all four requests are sent and end before the first run ends count. Processes run in 10 ms slices with a \`setTimeout(0)\` macrotask after each, so the event loop answers other requests between slices.`,
    `- Function commands (\`sorn batch\` with ${
      JSON.stringify(fn.request.config)
    }) run in a Web Worker (app/offload.ts); the first call may start the worker (cold), the second reuses the warm one. Both answered the same stateHash: ${
      [...new Set(fn.runs.map((f) => f.stateHash.slice(0, 16)))].join(", ")
    }….`,
    "- Disconnects: the client aborts its request mid-run, three times per case (the table shows the worst); the server's CPU time is sampled per thread every few ms (`/proc/<pid>/task/*/schedstat`, growth of each thread between two samples), and the time from the abort to the end of the last 25 ms window in which the server was still busy (more than 30% of its rate before the abort) is reported; a window may reach back before the abort, which can only lengthen the figure, and the V8 heap's housekeeping after a run (a GC step of 1–3 ms now and then) stays below the threshold over a window while a computation that goes on does not. A process run stops at the next slice (the orchestrator checks `req.signal`). A function command's worker is told through a shared cancel flag (`FunctionInput.cancelled`, which `sorn batch` reads before each network's next 25 steps); the request is answered at once and the worker, once its command has stopped, goes back to the pool warm. Terminating it instead would cost the isolate's teardown (~100–200 ms of CPU measured here), because Deno (2.9.6) tears an isolate down on its own thread (denoland/deno#12831); a worker that has not stopped within 250 ms is terminated.",
    "",
    "## Short requests (the earlier figures, measured again)",
    "",
    `${result.requests} requests per round at ${result.concurrency} concurrent, ${result.rounds} rounds, mixed valid and invalid (runs, listings, health, malformed JSON, bad fields, 300 KB bodies, unknown routes); latency of the last round.`,
    "",
    shortTable,
    "",
  ].join("\n");
};
