/**
 * The SORN engine's commands for the CLI and the HTTP handler:
 * - `run` (process): `np sorn run --steps N --seed S [--config f.json] [--record WEE,TE --stride K]`;
 * - `counting` (custom): the counting-task study of Lazar et al. 2009, writing
 *   `sorn-counting.{md,json,svg}` into `--out` (default docs/results);
 * - `golden` (custom): the golden statistics file (defaults, fixed seed), written to
 *   `--out` (default tests/golden);
 * - `batch` (custom): `np sorn batch --networks B [--steps N] [--seed S] [--config f.json]
 *   [--backend cpu|gpu|auto]`: B networks (keys `split(key(seed), B)`) in lockstep, on the CPU
 *   or WebGPU (see batch.ts); figures per network and their mean.
 *
 * @module
 */
import { Effect } from "effect";
import { key, split } from "@neuroplastic/core/random";
import { InvalidConfig, type NeuroplasticError } from "@neuroplastic/core/errors";
import type { CommandContext, CommandOutput, EngineCli, Json } from "@neuroplastic/core/sim";
import { enumFlag, intFlag, intListFlag, numberFlag, tryFlags } from "@neuroplastic/core/sim";
import { makeConfig } from "./config.ts";
import { countingDefaults, type CountingOptions, countingStudy } from "./counting.ts";
import { countingJson, countingMarkdown, countingSvg } from "./counting_report.ts";
import { goldenStats } from "./golden.ts";
import { sornProcess } from "./process.ts";
import { runSornBatch } from "./batch.ts";

const readJsonFile = (path: string): Effect.Effect<unknown, InvalidConfig> =>
  Effect.tryPromise({
    try: async () => JSON.parse(await Deno.readTextFile(path)) as unknown,
    catch: (e) =>
      new InvalidConfig({
        field: "config",
        message: `config: cannot read ${path}: ${String(e)}`,
        allowed: "a JSON file",
      }),
  });

/** Parses the counting flags into options (network overrides from `--config f.json`). */
const countingOptions = (ctx: CommandContext): Effect.Effect<CountingOptions, InvalidConfig> =>
  Effect.gen(function* () {
    const overrides = typeof ctx.flags.config === "string"
      ? yield* readJsonFile(ctx.flags.config)
      : {};
    const config = yield* makeConfig({ ...countingDefaults.config, ...(overrides as object) });
    const f = ctx.flags, d = countingDefaults;
    return yield* tryFlags((): CountingOptions => ({
      ns: intListFlag(f, "n", 1, 1000) ?? [...d.ns],
      seeds: intFlag(f, "seeds", 1, 10_000) ?? d.seeds,
      seed: ctx.seed,
      unitsPerSymbol: intFlag(f, "units", 1, 10_000) ?? d.unitsPerSymbol,
      plasticSteps: intFlag(f, "plastic-steps", 0, 1e9) ?? d.plasticSteps,
      trainSteps: intFlag(f, "train-steps", 10, 1e8) ?? d.trainSteps,
      testSteps: intFlag(f, "test-steps", 10, 1e8) ?? d.testSteps,
      washoutSteps: intFlag(f, "washout", 0, 1e9) ?? d.washoutSteps,
      ridge: numberFlag(f, "ridge", 1e-12, 1e6) ?? d.ridge,
      inputGain: numberFlag(f, "gain", 0, 1e6) ?? d.inputGain,
      config,
    }));
  });

const writeFiles = (
  dir: string,
  files: { readonly [name: string]: string },
): Effect.Effect<void, InvalidConfig> =>
  Effect.tryPromise({
    try: async () => {
      await Deno.mkdir(dir, { recursive: true });
      for (const [name, text] of Object.entries(files)) {
        await Deno.writeTextFile(`${dir}/${name}`, text);
      }
    },
    catch: (e) =>
      new InvalidConfig({
        field: "out",
        message: `out: cannot write into ${dir}: ${String(e)}`,
        allowed: "a writable directory",
      }),
  });

const counting = (ctx: CommandContext): Effect.Effect<CommandOutput, NeuroplasticError> =>
  Effect.gen(function* () {
    const opts = yield* countingOptions(ctx);
    const rows = countingStudy(opts, ctx.progress);
    const dir = ctx.outDir ?? "docs/results";
    const stem = typeof ctx.flags.name === "string" ? ctx.flags.name : "sorn-counting";
    if (!/^[A-Za-z0-9_.-]+$/.test(stem)) {
      return yield* Effect.fail(
        new InvalidConfig({
          field: "name",
          message: `--name: must be a plain file stem, got ${stem}`,
          allowed: "[A-Za-z0-9_.-]+",
        }),
      );
    }
    const json = countingJson(opts, rows);
    yield* writeFiles(dir, {
      [`${stem}.md`]: countingMarkdown(opts, rows, `${stem}.svg`),
      [`${stem}.json`]: JSON.stringify(json, null, 2) + "\n",
      [`${stem}.svg`]: countingSvg(opts, rows),
    });
    const perTrial = opts.plasticSteps + 2 * (opts.trainSteps + opts.testSteps) + opts.washoutSteps;
    const text = rows.map((r) =>
      `n=${r.n}: SORN ${(100 * r.plastic.accuracy.mean).toFixed(1)}% vs frozen ${
        (100 * r.frozen.accuracy.mean).toFixed(1)
      }% ` +
      `(wins ${r.wins}/${r.seeds}, ceiling ${(100 * r.ceiling).toFixed(1)}%)`
    );
    return {
      figures: { table: json.rows, protocol: json.protocol, files: `${dir}/${stem}.{md,json,svg}` },
      steps: perTrial * opts.seeds * opts.ns.length,
      text: [...text, `wrote ${dir}/${stem}.{md,json,svg}`],
    };
  });

const golden = (ctx: CommandContext): Effect.Effect<CommandOutput, NeuroplasticError> =>
  Effect.gen(function* () {
    const steps = ctx.steps ?? 10_000;
    const g = goldenStats(ctx.seed, steps);
    const dir = ctx.outDir ?? "tests/golden";
    const name = `sorn_defaults_seed${ctx.seed}_${steps}.json`;
    yield* writeFiles(dir, { [name]: JSON.stringify(g, null, 2) + "\n" });
    return {
      figures: JSON.parse(JSON.stringify(g)) as { [k: string]: Json },
      steps,
      text: [`wrote ${dir}/${name}`],
    };
  });

const BACKENDS = ["cpu", "gpu", "auto"] as const;

const batch = (ctx: CommandContext): Effect.Effect<CommandOutput, NeuroplasticError> =>
  Effect.gen(function* () {
    const overrides = typeof ctx.flags.config === "string"
      ? yield* readJsonFile(ctx.flags.config)
      : {};
    const config = yield* makeConfig(overrides);
    const opts = yield* tryFlags(() => ({
      networks: intFlag(ctx.flags, "networks", 1, 65_535) ?? 16,
      backend: enumFlag(ctx.flags, "backend", BACKENDS) ?? "cpu",
    }));
    const steps = ctx.steps ?? 1000;
    const limit = sornProcess.limits?.(config);
    if (limit) return yield* Effect.fail(limit);
    const r = yield* runSornBatch(config, split(key(ctx.seed), opts.networks), steps, {
      backend: opts.backend,
    });
    const avg = (f: (n: (typeof r.networks)[number]) => number): number =>
      r.networks.reduce((a, n) => a + f(n), 0) / r.networks.length;
    const figures = {
      backend: r.backend,
      requested: opts.backend,
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
      steps: steps * r.networks.length,
      text: [
        `${r.networks.length} networks × ${steps} steps on ${r.backend}` +
        (r.adapter ? ` (${r.adapter})` : "") +
        `: mean rate E ${figures.meanRateE.toFixed(4)}, I ${figures.meanRateI.toFixed(4)}, ` +
        `E→E synapses ${figures.eeConnections.toFixed(1)}`,
      ],
    };
  });

/**
 * CLI/HTTP descriptor of the SORN engine (register in app/registry.ts).
 *
 * @example
 * ```ts
 * import { cli } from "@neuroplastic/engines/sorn";
 * console.log(Object.keys(cli.commands)); // ["run", "counting", "golden", "batch"]
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
      process: sornProcess,
    },
    counting: {
      kind: "custom",
      description:
        "counting task of Lazar et al. 2009: plastic SORN vs the same network frozen (random reservoir)",
      usage:
        "np sorn counting [--seeds 10] [--n 4,8,12,16,20] [--plastic-steps 50000] [--train-steps 5000] " +
        "[--test-steps 5000] [--washout 1000] [--ridge 0.01] [--gain 1] [--units 10] [--config f.json] [--seed 0] " +
        "[--out dir] [--name sorn-counting]",
      run: counting,
    },
    golden: {
      kind: "custom",
      description:
        "golden statistics at the defaults (rates, connection counts) for the regression test",
      usage: "np sorn golden [--steps 10000] [--seed 42] [--out tests/golden]",
      run: golden,
    },
    batch: {
      kind: "custom",
      description:
        "many networks (seeds) of one config in lockstep on the CPU or WebGPU; figures per network",
      usage:
        "np sorn batch [--networks 16] [--steps 1000] [--seed 0] [--config f.json] [--backend cpu|gpu|auto]",
      run: batch,
      http: true,
    },
  },
};
