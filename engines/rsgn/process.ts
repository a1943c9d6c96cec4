/**
 * The RSGN engine's commands for `deno task np rsgn <command>` and the HTTP handler:
 * - `train` (process, one step = one epoch): a task × model trained once per seed; writes
 *   `<task>-<model>.json` into `--out`;
 * - `table` (function): `rsgn.md` from a folder of results files;
 * - `info` (function): parameter count, shapes and multiply-adds of a model config;
 * - `data` (function, seeded): a reference data set, bit-exact with NumPy;
 * - `connectivity` (function, seeded): the connection matrix W of a fresh model on the CPU or GPU.
 *
 * @module
 */
import { Effect } from "effect";
import { FileError, InvalidConfig, type NeuroplasticError } from "@neuroplastic/core/errors";
import { key } from "@neuroplastic/core/random";
import type {
  CommandOutput,
  EngineCli,
  FunctionCommand,
  FunctionInput,
  Json,
  Process,
} from "@neuroplastic/core/sim";
import type { Tensor } from "@neuroplastic/core/tensor";
import { isTensor, type Tree, treeMap } from "@neuroplastic/core/tree";
import {
  type BackendChoice,
  createBackend,
  destroyBackend,
  usesGpu,
  workOf,
} from "@neuroplastic/gpu";
import type {
  ConnectivityConfig,
  DataConfig,
  InfoConfig,
  TableConfig,
  TrainConfig,
} from "./config.ts";
import {
  ConnectivityConfigSchema,
  connectivityDefaults,
  connectivityDocs,
  DataConfigSchema,
  dataDefaults,
  dataDocs,
  decodeRsgnConfig,
  InfoConfigSchema,
  infoDefaults,
  infoDocs,
  PRESETS,
  presetWithOverrides,
  TableConfigSchema,
  tableDefaults,
  tableDocs,
  TrainConfigSchema,
  trainDefaults,
  trainDocs,
} from "./config.ts";
import { generateTask } from "./data.ts";
import { type ExperimentResult, mergeResults, resultsMarkdown } from "./experiment.ts";
import { backendRsgnConnectivity, rsgnConnectivityCpu } from "./gpu/connectivity.ts";
import { macsPerSample } from "./macs.ts";
import { initParams, paramCount, paramShapes } from "./params.ts";
import { rsgnReporter } from "./report.ts";
import { run } from "./run.ts";
import { rsgnShowcase } from "./showcase.ts";
import { initState, type TrainState } from "./state.ts";
import { experimentResult, trainSummary } from "./stats.ts";
import { step } from "./step.ts";

/** Largest training or validation subset the HTTP handler trains on (one epoch per step). */
const HTTP_MAX_SAMPLES = 256;

/**
 * `np rsgn train` as a process: one step is one epoch of the run in progress; the runs of
 * `seeds` follow each other, so the run has `epochs × seeds.length` steps (no length flag). The
 * data set and the model are derived from the config; the state holds the runs' progress.
 *
 * @example
 * ```ts
 * import { trainDefaults, trainProcess } from "@neuroplastic/engines/rsgn";
 * console.log(trainProcess.length!({ ...trainDefaults, epochs: 3, seeds: [42, 43] })); // 6
 * ```
 */
export const trainProcess: Process<TrainConfig, TrainState> = {
  config: TrainConfigSchema,
  defaults: trainDefaults,
  docs: trainDocs,
  unit: "epoch",
  defaultSteps: trainDefaults.epochs * trainDefaults.seeds.length,
  length: (c) => c.epochs * c.seeds.length,
  seeded: false,
  init: (c) => initState(c),
  step: (s, c) => step(s, c),
  run: (s, c, n) => run(s, c, n),
  summary: trainSummary,
  files: (s, c) => ({
    [`${c.task}-${c.model}.json`]: JSON.stringify(experimentResult(s, c), null, 1) + "\n",
  }),
  finite: (s) => {
    const out: { [field: string]: ArrayLike<number> | number } = {};
    const last = s.history.at(-1) ?? s.runs.at(-1)?.history.at(-1);
    if (last) out.trainLoss = last.trainLoss;
    treeMap(s.loop.params as Tree<Tensor>, (t: Tensor, path: string) => {
      out[`params${path.startsWith("[") ? "" : "."}${path}`] = t.data;
      return t;
    }, isTensor);
    return out;
  },
  httpLimits: (c) =>
    c.trainLimit === null || c.trainLimit > HTTP_MAX_SAMPLES ||
      c.valLimit === null || c.valLimit > HTTP_MAX_SAMPLES
      ? new InvalidConfig({
        field: c.trainLimit === null || c.trainLimit > HTTP_MAX_SAMPLES ? "trainLimit" : "valLimit",
        message:
          `over HTTP an epoch must finish within the request: train-limit and val-limit ≤ ${HTTP_MAX_SAMPLES}`,
        allowed: `an integer in [1, ${HTTP_MAX_SAMPLES}]`,
      })
      : undefined,
};

const readResults = (dir: string): Effect.Effect<ExperimentResult[], FileError> =>
  Effect.tryPromise({
    try: async () => {
      const results: ExperimentResult[] = [];
      for await (const e of Deno.readDir(dir)) {
        if (!e.isFile || !e.name.endsWith(".json") || e.name === "result.json") continue;
        const path = `${dir}/${e.name}`;
        let r: unknown;
        try {
          r = JSON.parse(await Deno.readTextFile(path));
        } catch (err) {
          throw new FileError({ path, reason: `not JSON: ${String(err)}` });
        }
        const x = r as Partial<ExperimentResult> | null;
        if (x?.engine === "rsgn" && Array.isArray(x.runs)) results.push(x as ExperimentResult);
      }
      return results;
    },
    catch: (e) =>
      e instanceof FileError
        ? e
        : new FileError({ path: dir, reason: e instanceof Error ? e.message : String(e) }),
  });

/**
 * `np rsgn table`: reads the results files of a folder (files of one task and model, e.g. one per
 * seed, are merged) and returns `rsgn.md`, our numbers beside the reference's.
 *
 * @example
 * ```ts ignore
 * import { Effect } from "effect";
 * import { tableCommand } from "@neuroplastic/engines/rsgn";
 * const out = await Effect.runPromise(tableCommand.run({ config: { in: "docs/results/rsgn" }, seed: 0, env: { workers: 1 }, progress: () => {} }));
 * console.log(Object.keys(out.files!)); // ["rsgn.md"]
 * ```
 */
export const tableCommand: FunctionCommand<TableConfig> = {
  kind: "function",
  description:
    "rsgn.md (our numbers beside the reference's) from a folder of results files; files of one task and model are merged",
  config: TableConfigSchema,
  defaults: tableDefaults,
  docs: tableDocs,
  run: ({ config }) =>
    Effect.gen(function* () {
      const results = yield* readResults(config.in);
      const merged = yield* Effect.try({
        try: () =>
          mergeResults(results).sort((a, b) => (a.task + a.model).localeCompare(b.task + b.model)),
        catch: (e) =>
          new FileError({ path: config.in, reason: e instanceof Error ? e.message : String(e) }),
      });
      const extra = yield* Effect.promise(() =>
        Deno.readTextFile(`${config.in}/notes.md`).catch(() => "")
      );
      const md = resultsMarkdown(merged, extra);
      return {
        figures: {
          results: merged.length,
          resultFiles: results.length,
          rows: merged.map((r) => ({
            task: r.task,
            model: r.model,
            mean: r.mean,
            std: r.std,
            seeds: r.runs.map((x) => x.seed),
          })),
        },
        files: { "rsgn.md": md },
        text: md.split("\n").filter((l) => l.startsWith("|")),
      };
    }),
};

/** The sequence length a preset's task uses (for the MAC count). */
const presetSeqLen = (preset: string): number =>
  preset === "long-range" ? 128 : preset === "readme" ? 32 : 64;

/**
 * `np rsgn info`: parameter count, shapes and multiply-adds per sample of a preset with overrides.
 *
 * @example
 * ```ts
 * import { Effect } from "effect";
 * import { infoCommand, infoDefaults } from "@neuroplastic/engines/rsgn";
 * const out = await Effect.runPromise(infoCommand.run({ config: { ...infoDefaults, preset: "hierarchical" }, seed: 0, env: { workers: 1 }, progress: () => {} }));
 * console.log(out.figures.paramCount); // 41672
 * ```
 */
export const infoCommand: FunctionCommand<InfoConfig> = {
  kind: "function",
  description: "Parameter count, shapes and multiply-adds per sample of a model config",
  http: true,
  config: InfoConfigSchema,
  defaults: infoDefaults,
  docs: infoDocs,
  run: ({ config }) =>
    Effect.gen(function* () {
      const c = yield* presetWithOverrides(config.preset, config);
      const T = config.seqLen ?? presetSeqLen(config.preset);
      const macs = macsPerSample(c, T);
      const shapes = paramShapes(c);
      const figures: { [k: string]: Json } = {
        preset: config.preset,
        paramCount: paramCount(c),
        shapes: Object.fromEntries(Object.entries(shapes).map(([k, v]) => [k, [...v]])),
        seqLen: T,
        macsPerSample: macs.total,
        macsPerStep: macs.perStep,
        macsPerBatch: macs.perBatch,
        model: c as unknown as Json,
      };
      return {
        figures,
        text: [
          `RSGN (${c.variant}) N=${c.numNodes} D_in=${c.dimInput} D_h=${c.dimHidden} C=${c.numClasses} K=${c.numSteps}`,
          `parameters: ${paramCount(c)}; MACs/sample ≈ ${
            (macs.total / 1e6).toFixed(2)
          }M (T = ${T})`,
        ],
      };
    }),
};

/** The notebook's sizes of each generator: n, seqLen, dim, classes. */
const DATA_SIZES = {
  hierarchical: [5000, 64, 32, 20],
  "long-range": [3000, 128, 32, 10],
  "src-hierarchical": [5000, 32, 64, 10],
} as const;

/** Largest data set `np rsgn data` generates (n · seqLen · dim values). */
const MAX_DATA_VALUES = 5e7;

/**
 * `np rsgn data`: a reference data set, bit-exact with NumPy (`--seed` is NumPy's seed; the
 * notebook uses 42), as X (flat, row-major) and y.
 *
 * @example
 * ```ts
 * import { Effect } from "effect";
 * import { dataCommand, dataDefaults } from "@neuroplastic/engines/rsgn";
 * const c = { ...dataDefaults, task: "long-range" as const, n: 2, seqLen: 8, dim: 1, classes: 2 };
 * const out = await Effect.runPromise(dataCommand.run({ config: c, seed: 42, env: { workers: 1 }, progress: () => {} }));
 * console.log(out.figures.shape); // [2, 8, 1]
 * ```
 */
export const dataCommand: FunctionCommand<DataConfig> = {
  kind: "function",
  description:
    "Generate a reference data set (bit-exact with NumPy; --seed is NumPy's seed, the notebook's is 42)",
  http: true,
  seeded: true,
  config: DataConfigSchema,
  defaults: dataDefaults,
  docs: dataDocs,
  run: ({ config, seed }: FunctionInput<DataConfig>) =>
    Effect.gen(function* () {
      const [n0, t0, d0, c0] = DATA_SIZES[config.task];
      const o = {
        n: config.n ?? n0,
        seqLen: config.seqLen ?? t0,
        dim: config.dim ?? d0,
        classes: config.classes ?? c0,
        seed,
        ...(config.noise !== null ? { noise: config.noise } : {}),
      };
      if (config.task === "long-range" && o.seqLen < 8) {
        return yield* Effect.fail(
          new InvalidConfig({
            field: "seqLen",
            message: `--seq-len: long-range needs ≥ 8, got ${o.seqLen}`,
            allowed: "an integer ≥ 8",
          }),
        );
      }
      if (o.n * o.seqLen * o.dim > MAX_DATA_VALUES) {
        return yield* Effect.fail(
          new InvalidConfig({
            field: "n",
            message: `--n: n·seq-len·dim must be ≤ ${MAX_DATA_VALUES}, got ${
              o.n * o.seqLen * o.dim
            }`,
            allowed: `n·seq-len·dim ≤ ${MAX_DATA_VALUES}`,
          }),
        );
      }
      const d = generateTask(config.task, o);
      return {
        figures: {
          task: config.task,
          shape: [d.n, d.seqLen, d.dim],
          classes: d.classes,
          X: Array.from(d.X),
          y: Array.from(d.y),
        },
        count: { unit: "sample", n: d.n },
        state: { X: d.X, y: d.y },
        text: [
          `${config.task}: X (${d.n}, ${d.seqLen}, ${d.dim}) float32, y[:8] = ${d.y.slice(0, 8)}`,
        ],
      };
    }),
};

/**
 * `np rsgn connectivity`: the connection matrix W_ij = σ(u_i·v_j) · exp(−d(P_i, P_j)/τ) · level
 * factor (zero diagonal) of a freshly initialised model (init key `--seed`), on the CPU or with
 * the WebGPU kernel, with its agreement against the f64 CPU reference.
 *
 * @example
 * ```ts
 * import { Effect } from "effect";
 * import { connectivityCommand, connectivityDefaults } from "@neuroplastic/engines/rsgn";
 * const out = await Effect.runPromise(connectivityCommand.run({ config: connectivityDefaults, seed: 0, env: { workers: 1 }, progress: () => {} }));
 * console.log(out.figures.nodes); // 256
 * ```
 */
export const connectivityCommand: FunctionCommand<ConnectivityConfig> = {
  kind: "function",
  description:
    "Connection matrix W of an initialised model on the CPU or the WebGPU kernel, with its f64 agreement",
  http: true,
  seeded: true,
  config: ConnectivityConfigSchema,
  defaults: connectivityDefaults,
  docs: connectivityDocs,
  run: ({ config, seed }): Effect.Effect<CommandOutput, NeuroplasticError> =>
    Effect.gen(function* () {
      const c = yield* decodeRsgnConfig({ ...PRESETS[config.preset] });
      const p = initParams(c, key(seed), "f32");
      const input = {
        n: c.numNodes,
        dim: c.dimSpace,
        rank: c.affinityRank,
        positions: p.positions.data,
        u: p.affinityU.data,
        v: p.affinityV.data,
        levels: p.levels.data,
        tau: c.tau,
      };
      const b: BackendChoice = config.backend;
      const backend = yield* createBackend(b);
      const t0 = performance.now();
      const r = yield* Effect.promise(() => backendRsgnConnectivity(backend, input));
      const ms = performance.now() - t0;
      const onGpu = backend.ctx !== null &&
        usesGpu(backend, "rsgnConnectivity", workOf.rsgnConnectivity(input.n, input.rank));
      const adapter = backend.info?.description ?? null;
      destroyBackend(backend);
      // W_ij = σ(u_i·v_j) · exp(−d_ij/τ) · level factor (spec §1.4), f64 reference for agreement.
      const ref = rsgnConnectivityCpu(input);
      let sum = 0, maxRel = 0, nnz = 0;
      for (let i = 0; i < r.w.length; i++) {
        sum += r.w[i];
        if (r.w[i] > 1e-3) nnz++;
        maxRel = Math.max(
          maxRel,
          Math.abs(r.w[i] - ref.w[i]) / Math.max(1e-6, Math.abs(ref.w[i])),
        );
      }
      return {
        state: { w: Float64Array.from(ref.w) },
        figures: {
          preset: config.preset,
          nodes: c.numNodes,
          requested: b,
          backend: onGpu ? "gpu" : "cpu",
          adapter,
          ms: Math.round(ms * 100) / 100,
          wSum: Number(sum.toFixed(4)),
          fractionAbove1e3: Number((nnz / r.w.length).toFixed(4)),
          maxRelDiffVsCpuF64: Number(maxRel.toExponential(2)),
        },
      };
    }),
};

/**
 * The RSGN engine for the CLI and the HTTP handler.
 *
 * @example
 * ```ts
 * import { cli } from "@neuroplastic/engines/rsgn";
 * console.log(Object.keys(cli.commands)); // ["train", "table", "info", "data", "connectivity"]
 * ```
 */
export const cli: EngineCli = {
  name: "rsgn",
  version: "0.1.0",
  description:
    "RSGN: Poincaré-ball sparse geometry network (faithful notebook model, Hebbian learner, sparse variant, baselines)",
  commands: {
    train: {
      kind: "process",
      description:
        "Train a model on a reference task once per seed (one step = one epoch); writes <task>-<model>.json into --out",
      process: trainProcess,
      quick: {
        task: "long-range",
        model: "rsgn-sparse",
        epochs: "4",
        seeds: "42",
        "train-limit": "16",
        "val-limit": "8",
        "batch-size": "8",
        "num-steps": "1",
      },
      // an empty HTTP request: small subsets and one epoch (about 3 s here; the faithful
      // hierarchical model costs ≈ 0.1 s per sample and pass)
      httpDefaults: { epochs: 1, trainLimit: 16, valLimit: 16 },
    },
    table: { ...tableCommand, quick: { in: "docs/results/rsgn" } },
    info: { ...infoCommand, quick: { preset: "hierarchical", "num-nodes": "128" } },
    data: {
      ...dataCommand,
      quick: { task: "long-range", n: "4", "seq-len": "8", dim: "4", classes: "2", seed: "42" },
      // an empty HTTP request: 16 sequences, not the notebook's 5,000 (X would be ~10M numbers)
      httpDefaults: { n: 16 },
    },
    connectivity: {
      ...connectivityCommand,
      quick: { preset: "ablation-128", backend: "cpu", seed: "1" },
    },
  },
  reporter: rsgnReporter,
  showcase: rsgnShowcase,
};
