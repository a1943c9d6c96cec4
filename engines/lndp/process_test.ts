import assert from "node:assert/strict";
import { Effect, Exit } from "effect";
import { decodeState, encodeState, writeCheckpointSync } from "@neuroplastic/core/checkpoint";
import { FileError, InvalidConfig } from "@neuroplastic/core/errors";
import { key } from "@neuroplastic/core/random";
import {
  type CommandOutput,
  decodeConfigSync,
  type FunctionCommand,
  paramSpecs,
} from "@neuroplastic/core/sim";
import { type TrainConfig, TrainConfigSchema, trainDefaults } from "./config.ts";
import { TASKS } from "./envs/mod.ts";
import { closePools } from "./pool.ts";
import { cli, lifetimeCommand, reportCommand, trainProcess } from "./process.ts";
import type { TrainState } from "./train.ts";

const small: TrainConfig = decodeConfigSync(TrainConfigSchema, {
  ...trainDefaults,
  popsize: 4,
  strategy: "openai",
  sigmaInit: 2,
  nEpisodes: 1,
});

const steps = (s: TrainState, n: number, workers = 1): TrainState => {
  for (let i = 0; i < n; i++) s = trainProcess.step(s, small, { workers });
  return s;
};

const run = <C>(cmd: FunctionCommand<C>, over: Partial<C>, seed = 1): CommandOutput =>
  Effect.runSync(
    cmd.run({
      config: { ...cmd.defaults, ...over },
      seed,
      env: { workers: 1 },
      progress: () => {},
    }),
  );

const failure = <C>(cmd: FunctionCommand<C>, over: Partial<C>): unknown => {
  const exit = Effect.runSyncExit(
    cmd.run({
      config: { ...cmd.defaults, ...over },
      seed: 0,
      env: { workers: 1 },
      progress: () => {},
    }),
  );
  assert.ok(Exit.isFailure(exit), "expected a failure");
  return (exit.cause as unknown as { error: unknown }).error;
};

const text = (f: string | Uint8Array | undefined): string =>
  typeof f === "string" ? f : new TextDecoder().decode(f);

Deno.test("lndp cli: train is the one training process (unit generation, --workers), lifetime and report are functions", () => {
  assert.deepEqual(Object.keys(cli.commands), ["train", "lifetime", "report"]);
  const train = cli.commands.train;
  assert.ok(train.kind === "process");
  assert.equal(train.process.unit, "generation");
  assert.equal(train.process.workers, true);
  assert.ok(cli.reporter && cli.showcase);
  for (const cmd of Object.values(cli.commands)) {
    const specs = cmd.kind === "process"
      ? paramSpecs(cmd.process.config, cmd.process.defaults, cmd.process.docs)
      : paramSpecs(cmd.config, cmd.defaults, cmd.docs);
    for (const p of specs) {
      assert.ok(p.description.length > 0, `--${p.flag} has no description`);
      assert.ok(!["seed", "steps", "workers", "out", "config", "record"].includes(p.field));
    }
  }
  const specs = paramSpecs(trainProcess.config, trainProcess.defaults, trainProcess.docs);
  const task = specs.find((p) => p.flag === "task")!;
  assert.deepEqual(task.choices, [...TASKS]);
  assert.deepEqual(specs.find((p) => p.flag === "strategy")!.choices, [
    "cma",
    "cma-lazy",
    "sep-cma",
    "openai",
  ]);
  const pop = specs.find((p) => p.flag === "popsize")!;
  assert.deepEqual([pop.kind, pop.min, pop.max, pop.default], ["int", 2, 65536, 256]);
  assert.ok(specs.some((p) => p.flag === "n-episodes") && specs.some((p) => p.flag === "p-hh"));
  assert.equal(trainProcess.limits?.({ ...small, popsize: 5 })?.field, "popsize");
});

Deno.test("train process: 1 or 2 workers give the same run; a checkpoint round-trip resumes bit-exactly; files are functions of the state", () => {
  try {
    const full = steps(trainProcess.init(small, key(3)), 3);
    assert.deepEqual(encodeState(steps(trainProcess.init(small, key(3)), 3, 2)), encodeState(full));
    // killed after generation 1: the checkpoint holds the whole state (CMA/OpenAI-ES state, key)
    const ckpt = decodeState(encodeState(steps(trainProcess.init(small, key(3)), 1))) as TrainState;
    const resumed = steps(ckpt, 2);
    assert.deepEqual(encodeState(resumed), encodeState(full));
    const files = trainProcess.files!(full, small);
    assert.deepEqual(files, trainProcess.files!(resumed, small));
    assert.deepEqual(Object.keys(files), ["curve.json", "best-genome.json", "mean-genome.json"]);
    const curve = JSON.parse(text(files["curve.json"]));
    assert.deepEqual(curve.generation, [1, 2, 3]);
    assert.deepEqual(curve.max, full.curveMax);
    const best = JSON.parse(text(files["best-genome.json"]));
    assert.equal(best.genome.length, 1918);
    const summary = trainProcess.summary(full, small);
    assert.equal(best.fitness, summary.bestFitness);
    assert.equal(summary.generations, 3);
    assert.equal(summary.evaluations, 12);
    assert.equal(JSON.parse(text(files["mean-genome.json"])).genome.length, 1918);
  } finally {
    closePools();
  }
});

/** A training run directory as the orchestrator writes it (finished unless `killed`). */
const trainRunDir = (gens: number, killed = false, extra: Record<string, unknown> = {}): {
  dir: string;
  state: TrainState;
} => {
  const dir = Deno.makeTempDirSync();
  const state = steps(trainProcess.init(small, key(5)), gens);
  Deno.writeTextFileSync(`${dir}/config.json`, JSON.stringify({ ...small, ...extra }));
  Deno.writeTextFileSync(
    `${dir}/run.json`,
    JSON.stringify({ engine: "lndp", command: "train", seed: 5, steps: gens + 2, config: small }),
  );
  writeCheckpointSync(`${dir}/${killed ? "checkpoint.bin" : "final.bin"}`, {
    step: gens,
    meta: {},
    state,
  });
  if (!killed) {
    Deno.writeTextFileSync(`${dir}/result.json`, JSON.stringify({ elapsedMs: 60_000, seed: 5 }));
  }
  return { dir, state };
};

Deno.test("lndp lifetime: a genome file or a run directory; FileError names an unreadable path; a wrong genome length names from", () => {
  const { dir, state } = trainRunDir(2);
  try {
    const file = `${dir}/g.json`;
    Deno.writeTextFileSync(file, JSON.stringify(Array.from(state.bestGenome)));
    const a = run(lifetimeCommand, { from: file, lifetimes: 2, nEpisodes: 1 });
    assert.deepEqual(Object.keys(a.files!), [
      "lndp-lifetime-cartpole.md",
      "lndp-lifetime-cartpole.json",
    ]);
    assert.deepEqual(a.count, { unit: "lifetime", n: 2 });
    // the run's best genome is that genome; the run's config has nEpisodes 1
    const b = run(lifetimeCommand, { from: dir, lifetimes: 2 });
    assert.deepEqual(b.figures.tracedReturns, a.figures.tracedReturns);
    assert.equal(b.figures.source, `${dir} (bestGenome)`);
    const m = run(lifetimeCommand, { from: dir, which: "mean", lifetimes: 1 });
    assert.match(text(m.files!["lndp-lifetime-cartpole.md"]), /mean genome/);
    const missing = failure(lifetimeCommand, { from: `${dir}/nope.json` });
    assert.ok(missing instanceof FileError && missing.path === `${dir}/nope.json`, String(missing));
    Deno.writeTextFileSync(file, JSON.stringify([1, 2, 3]));
    const short = failure(lifetimeCommand, { from: file });
    assert.ok(short instanceof InvalidConfig && short.field === "from", String(short));
  } finally {
    Deno.removeSync(dir, { recursive: true });
    closePools();
  }
});

Deno.test("lndp report: a finished run, an interrupted one (last checkpoint) and a run of the old layout (workers in config.json)", () => {
  const done = trainRunDir(3);
  const killed = trainRunDir(2, true, { workers: 2 });
  try {
    const r = run(reportCommand, { from: done.dir, lifetimes: 2 });
    assert.deepEqual(Object.keys(r.files!), ["lndp-train-cartpole.md", "lndp-train-cartpole.json"]);
    const md = text(r.files!["lndp-train-cartpole.md"]);
    assert.match(md, /seed 5\. Generations run: 3; evaluations: 12;/);
    assert.match(md, /wall time 1\.0 min/);
    // both readings: the reference's `best`/`gen_best` and the fresh-lifetime re-evaluation
    assert.match(md, /`best` \(the largest single-lifetime fitness seen so far\) [0-9.]+/);
    assert.match(md, /`gen_best` \(the generation's maximum\) [0-9.]+ in the last generation/);
    assert.match(md, /re-evaluated on [0-9]+ fresh lifetimes: [0-9.]+ ± [0-9.]+/);
    const json = JSON.parse(text(r.files!["lndp-train-cartpole.json"]));
    assert.deepEqual(json.result.curveMax, done.state.curveMax);
    assert.equal(json.bestGenome.length, 1918);
    assert.equal(r.figures.bestFitness, done.state.bestFitness);
    assert.equal(r.figures.interrupted, false);
    const k = run(reportCommand, { from: killed.dir, lifetimes: 1 });
    assert.equal(k.figures.interrupted, true);
    assert.equal(k.figures.generations, 2);
    assert.match(
      text(k.files!["lndp-train-cartpole.md"]),
      /interrupted run: its last checkpoint, generation 2/,
    );
    const none = failure(reportCommand, {});
    assert.ok(none instanceof InvalidConfig && none.field === "from", String(none));
    const empty = Deno.makeTempDirSync();
    try {
      const e = failure(reportCommand, { from: empty });
      assert.ok(e instanceof FileError && e.path === `${empty}/config.json`, String(e));
    } finally {
      Deno.removeSync(empty, { recursive: true });
    }
  } finally {
    Deno.removeSync(done.dir, { recursive: true });
    Deno.removeSync(killed.dir, { recursive: true });
    closePools();
  }
});
