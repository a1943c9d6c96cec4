/**
 * The SORN engine's commands, as the run orchestrator (core/sim) drives them from the CLI, the
 * HTTP handler and sweeps:
 * - `run` ({@link sornProcess}): one process step is one SORN step;
 * - `counting` ({@link countingProcess}): the counting-task study of Lazar et al. 2009, one
 *   process step per (n, seed) trial, so it checkpoints and resumes; writes
 *   `sorn-counting.{md,json,svg}` into `--out`;
 * - `batch` ({@link batchCommand}): B networks of one config in lockstep on the CPU or WebGPU;
 * - `statistics` ({@link statisticsCommand}): population statistics of several networks at the
 *   reference defaults, `sorn-statistics.{md,json}`;
 * - `golden` ({@link goldenCommand}, hidden): the golden statistics file of the regression test.
 *
 * @module
 */
import { Effect } from "effect";
import { InvalidConfig } from "@neuroplastic/core/errors";
import { type Key, key, split } from "@neuroplastic/core/random";
import type { EngineCli, FunctionCommand, Json, Process } from "@neuroplastic/core/sim";
import {
  type BatchConfig,
  BatchConfigSchema,
  batchDefaults,
  batchDocs,
  runSornBatch,
} from "./batch.ts";
import { hIp, type SornConfig, SornConfigSchema, sornDefaults, sornDocs } from "./config.ts";
import {
  type CountingCell,
  countingCell,
  type CountingConfig,
  CountingConfigSchema,
  countingDefaults,
  countingDocs,
  countingRows,
} from "./counting.ts";
import { countingFiles, countingJson, countingProtocol } from "./counting_report.ts";
import {
  type GoldenConfig,
  GoldenConfigSchema,
  goldenDefaults,
  goldenDocs,
  goldenFileName,
  goldenStats,
} from "./golden.ts";
import { RECORD_NAMES, recordSelectors, run } from "./run.ts";
import { initState, type SornState } from "./state.ts";
import {
  type StatisticsConfig,
  StatisticsConfigSchema,
  statisticsDefaults,
  statisticsDocs,
  statisticsFiles,
  statisticsRow,
} from "./statistics.ts";
import { stateSummary } from "./stats.ts";
import { step } from "./step.ts";

/**
 * Largest ne·ne + ni·ne accepted through the command front ends (dense storage).
 *
 * @example
 * ```ts
 * import { MAX_PROCESS_PAIRS, sornDefaults, sornProcess } from "@neuroplastic/engines/sorn";
 * console.log(MAX_PROCESS_PAIRS); // 16000000
 * console.log(sornProcess.limits!({ ...sornDefaults, ne: 4000, ni: 800 })?.field); // "ne"
 * ```
 */
export const MAX_PROCESS_PAIRS = 16_000_000;

/** The dense-storage limit of one network, naming `field` (`ne` or `network.ne`). */
const pairsLimit = (
  c: { readonly ne: number; readonly ni: number },
  field: string,
): InvalidConfig | undefined =>
  c.ne * c.ne + c.ni * c.ne > MAX_PROCESS_PAIRS
    ? new InvalidConfig({
      field,
      message: `${field}: ne² + ni·ne must be at most ${MAX_PROCESS_PAIRS} (dense weight storage)`,
      allowed: `ne² + ni·ne ≤ ${MAX_PROCESS_PAIRS}`,
    })
    : undefined;

const records: { [name: string]: (s: SornState) => number | ArrayLike<number> } = {};
for (const name of RECORD_NAMES) records[name] = recordSelectors[name];

/**
 * The SORN process (`np sorn run`): reference defaults, one step per SORN step, 10,000 default
 * steps, transient `run`, the reference's callbacks as records, and a summary from running
 * counters.
 *
 * @example
 * ```ts
 * import { sornProcess } from "@neuroplastic/engines/sorn";
 * import { key } from "@neuroplastic/core/random";
 * const p = sornProcess;
 * const s = p.run!(p.init(p.defaults, key(1)), p.defaults, 500);
 * console.log(p.summary(s, p.defaults).eeConnections);
 * ```
 */
export const sornProcess: Process<SornConfig, SornState> = {
  config: SornConfigSchema,
  defaults: sornDefaults,
  docs: sornDocs,
  unit: "step",
  defaultSteps: 10_000,
  init: (config, k) => initState(config, k),
  step: (state, config) => step(state, config),
  run: (state, config, n) => run(state, config, n),
  summary: (state, config): { [key: string]: Json } => ({
    ...stateSummary(state),
    hIp: hIp(config),
  }),
  records,
  finite: (s) => ({ te: s.te, ti: s.ti, r: s.r }),
  limits: (c) => pairsLimit(c, "ne"),
};

/**
 * State of the counting study: the run's key (trial i uses `fold(key, i)`) and the cells done.
 *
 * @example
 * ```ts
 * import type { CountingState } from "@neuroplastic/engines/sorn";
 * const done = (s: CountingState): number => s.cells.length;
 * ```
 */
export interface CountingState {
  /** `key(seed)` of the run. */
  readonly key: Key;
  /** The (n, seed) cells done so far, n-major. */
  readonly cells: readonly CountingCell[];
}

/** The seed a key came from: `key(seed)` is `(⌊seed / 2³²⌋, seed mod 2³²)`. */
const seedOfKey = (k: Key): number => k.k0 * 4294967296 + k.k1;

/**
 * The counting study as a process (`np sorn counting`): one step (unit "trial") is one
 * (n, seed) cell, i.e. a plastic and a frozen network through the whole protocol; the run has
 * `ns.length × seeds` steps (no length flag). `--seed` is the base seed. At the end it writes
 * `sorn-counting.{md,json,svg}` into `--out`.
 *
 * @example
 * ```ts
 * import { key } from "@neuroplastic/core/random";
 * import { countingDefaults, countingProcess } from "@neuroplastic/engines/sorn";
 * const c = { ...countingDefaults, ns: [2], seeds: 1, plasticSteps: 100, trainSteps: 200, testSteps: 200, washoutSteps: 10 };
 * const s = countingProcess.step(countingProcess.init(c, key(0)), c);
 * console.log(countingProcess.length!(c), s.cells.length); // 1 1
 * ```
 */
export const countingProcess: Process<CountingConfig, CountingState> = {
  config: CountingConfigSchema,
  defaults: countingDefaults,
  docs: countingDocs,
  unit: "trial",
  defaultSteps: countingDefaults.ns.length * countingDefaults.seeds,
  length: (c) => c.ns.length * c.seeds,
  init: (_config, k) => ({ key: k, cells: [] }),
  step: (state, config) => {
    const i = state.cells.length;
    if (i >= config.ns.length * config.seeds) {
      throw new RangeError(`counting: all ${i} trials are done`);
    }
    return { key: state.key, cells: [...state.cells, countingCell(config, state.key, i)] };
  },
  summary: (state, config) => ({
    table: countingJson(config, seedOfKey(state.key), countingRows(config, state.cells)).rows,
    protocol: countingProtocol(config),
  }),
  files: (state, config) =>
    countingFiles(config, seedOfKey(state.key), countingRows(config, state.cells)),
  finite: (state) => ({
    accuracy: state.cells.flatMap((c) => [c.plastic.accuracy, c.frozen.accuracy]),
  }),
  limits: (c) => pairsLimit(c.network, "network.ne"),
};

/**
 * `np sorn batch`: B networks (keys `split(key(seed), B)`) of one config for `length` steps each,
 * on the CPU or WebGPU ({@link runSornBatch}); figures per network and their mean. The result
 * reports `steps` (per network) and `networks` separately.
 *
 * @example
 * ```ts
 * import { Effect } from "effect";
 * import { batchCommand, batchDefaults } from "@neuroplastic/engines/sorn";
 * const out = await Effect.runPromise(batchCommand.run({
 *   config: { ...batchDefaults, networks: 2, length: 50 },
 *   seed: 1,
 *   env: { workers: 1 },
 *   progress: () => {},
 * }));
 * console.log(out.count, out.figures.networks); // { unit: "step", n: 50 } 2
 * ```
 */
export const batchCommand: FunctionCommand<BatchConfig> = {
  kind: "function",
  description:
    "many networks (seeds) of one config in lockstep on the CPU or WebGPU; figures per network",
  http: true,
  config: BatchConfigSchema,
  defaults: batchDefaults,
  docs: batchDocs,
  seeded: true,
  run: ({ config, seed, cancelled }) =>
    Effect.gen(function* () {
      const limit = pairsLimit(config.network, "network.ne");
      if (limit) return yield* Effect.fail(limit);
      const r = yield* runSornBatch(
        config.network,
        split(key(seed), config.networks),
        config.length,
        { backend: config.backend, ...(cancelled ? { cancelled } : {}) },
      );
      const avg = (f: (n: (typeof r.networks)[number]) => number): number =>
        r.networks.reduce((a, n) => a + f(n), 0) / r.networks.length;
      const figures = {
        backend: r.backend,
        requested: config.backend,
        adapter: r.adapter,
        networks: r.networks.length,
        meanRateE: avg((n) => n.meanRateE),
        meanRateI: avg((n) => n.meanRateI),
        eeConnections: avg((n) => n.eeConnections),
        spFallbacks: r.spFallbacks,
        perNetwork: r.networks.map((n) => ({ ...n })),
      };
      return {
        figures,
        count: { unit: "step", n: r.steps },
        text: [
          `${r.networks.length} networks × ${r.steps} steps on ${r.backend}` +
          (r.adapter ? ` (${r.adapter})` : "") +
          `: mean rate E ${figures.meanRateE.toFixed(4)}, I ${figures.meanRateI.toFixed(4)}, ` +
          `E→E synapses ${figures.eeConnections.toFixed(1)}`,
        ],
      };
    }),
};

/**
 * `np sorn golden` (hidden): the golden statistics at the reference defaults from `--seed`,
 * returned as the file `sorn_defaults_seed<seed>_<length>.json` (regenerate the committed one
 * with `np sorn golden --seed 42 --out dir`, then copy the file into tests/golden/).
 *
 * @example
 * ```ts
 * import { Effect } from "effect";
 * import { goldenCommand } from "@neuroplastic/engines/sorn";
 * const out = await Effect.runPromise(goldenCommand.run({
 *   config: { length: 100 },
 *   seed: 42,
 *   env: { workers: 1 },
 *   progress: () => {},
 * }));
 * console.log(Object.keys(out.files!)); // ["sorn_defaults_seed42_100.json"]
 * ```
 */
export const goldenCommand: FunctionCommand<GoldenConfig> = {
  kind: "function",
  description:
    "golden statistics at the defaults (rates, connection counts) for the regression test",
  hidden: true,
  config: GoldenConfigSchema,
  defaults: goldenDefaults,
  docs: goldenDocs,
  seeded: true,
  run: ({ config, seed }) =>
    Effect.sync(() => {
      const g = goldenStats(seed, config.length);
      const name = goldenFileName(seed, config.length);
      return {
        figures: JSON.parse(JSON.stringify(g)) as { [k: string]: Json },
        count: { unit: "step", n: config.length },
        files: { [name]: JSON.stringify(g, null, 2) + "\n" },
      };
    }),
};

/**
 * `np sorn statistics`: `seeds` networks at the reference defaults (network i from
 * `key(seed + i)`), `length` steps each; figures per network (the population statistics of
 * `np sorn run --json`) and mean ± s.d., returned as `sorn-statistics.md` and `.json`
 * (publish with `deno task results sorn statistics --seed 1`).
 *
 * @example
 * ```ts
 * import { Effect } from "effect";
 * import { statisticsCommand } from "@neuroplastic/engines/sorn";
 * const out = await Effect.runPromise(statisticsCommand.run({
 *   config: { seeds: 2, length: 300 },
 *   seed: 1,
 *   env: { workers: 1 },
 *   progress: () => {},
 * }));
 * console.log(Object.keys(out.files!)); // ["sorn-statistics.md", "sorn-statistics.json"]
 * ```
 */
export const statisticsCommand: FunctionCommand<StatisticsConfig> = {
  kind: "function",
  description:
    "population statistics (population Fano, count autocorrelation, E→E trajectory, lognormal fits) of several networks at the defaults",
  http: false,
  config: StatisticsConfigSchema,
  defaults: statisticsDefaults,
  docs: statisticsDocs,
  seeded: true,
  run: ({ config, seed, progress }) =>
    Effect.sync(() => {
      const rows = [];
      for (let i = 0; i < config.seeds; i++) {
        rows.push(statisticsRow(seed + i, config.length));
        progress(i + 1, config.seeds, "network");
      }
      const files = statisticsFiles(config, seed, rows);
      const json = JSON.parse(files["sorn-statistics.json"]) as { [k: string]: Json };
      return {
        figures: { rows: json.rows, summary: json.summary },
        count: { unit: "network", n: rows.length },
        files,
        text: [files["sorn-statistics.md"]],
      };
    }),
};

/**
 * The SORN engine's commands alone, without its run-report sections and demo showcase: what the
 * HTTP handler and sweeps need (`@neuroplastic/engines/sorn/cli`, so a Deno Deploy function that
 * serves SORN loads no chart or report code). `cli` of `@neuroplastic/engines/sorn` (engine.ts)
 * is the same engine with its report and showcase, as registered in app/registry.ts.
 *
 * @example
 * ```ts
 * import { cli } from "@neuroplastic/engines/sorn/cli";
 * console.log(Object.keys(cli.commands)); // ["run", "counting", "batch", "statistics", "golden"]
 * ```
 */
export const cli: EngineCli = {
  name: "sorn",
  version: "0.1.0",
  description:
    "Self-Organizing Recurrent Network (Lazar et al. 2009; reference: the sorn Python package)",
  commands: {
    run: {
      kind: "process",
      description:
        "simulate SORN (plasticity phase by default) with U(0,1) input on the nu input units",
      quick: { steps: "40000", seed: "1", "sp-prob": "0.2" },
      process: sornProcess,
    },
    counting: {
      kind: "process",
      description:
        "counting task of Lazar et al. 2009: plastic SORN vs the same network frozen; one step per (n, seed) trial",
      http: false,
      quick: {
        ns: "2,3",
        seeds: "3",
        "plastic-steps": "10000",
        "train-steps": "1000",
        "test-steps": "1000",
        "washout-steps": "100",
        seed: "1",
        "network.sp-prob": "0.2",
      },
      process: countingProcess,
    },
    batch: {
      ...batchCommand,
      quick: { networks: "4", length: "300", seed: "1", "network.sp-prob": "0.2" },
      // an empty HTTP request: 4 networks (well inside one request's budget)
      httpDefaults: { networks: 4 },
    },
    statistics: { ...statisticsCommand, quick: { seeds: "2", length: "1000", seed: "1" } },
    golden: { ...goldenCommand, quick: { length: "200", seed: "1" } },
  },
};
