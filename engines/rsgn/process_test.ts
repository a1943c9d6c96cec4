// The commands of `np rsgn`: `train` as a process (one epoch per step, resumable from its state),
// `table`, `info`, `data` and `connectivity` as functions of their declared configs. Tiny budgets
// only (8 training samples, 1 propagation step).
import assert from "node:assert/strict";
import { Effect, Either, Schema } from "effect";
import { key } from "@neuroplastic/core/random";
import { decodeState, encodeState, stateHash } from "@neuroplastic/core/checkpoint";
import { type CommandOutput, type EngineCommand, paramSpecs } from "@neuroplastic/core/sim";
import {
  dataDefaults,
  infoDefaults,
  MODEL_NAMES,
  presetConfig,
  type TrainConfig,
  TrainConfigSchema,
  trainDefaults,
  trainDocs,
} from "./config.ts";
import { longRangeData } from "./data.ts";
import type { ExperimentResult } from "./experiment.ts";
import { paramCount } from "./params.ts";
import { cli, trainProcess } from "./process.ts";
import { modelOf, trainSetup, type TrainState } from "./state.ts";
import { trainRun } from "./train.ts";

const tiny: TrainConfig = {
  ...trainDefaults,
  task: "long-range",
  model: "rsgn-sparse",
  epochs: 2,
  seeds: [42, 7],
  trainLimit: 8,
  valLimit: 8,
  batchSize: 8,
  numSteps: 1,
};

Deno.test("train: epochs × seeds steps; each seed's run equals trainRun; the seeds are reported", async () => {
  assert.equal(trainProcess.length!(tiny), 4);
  assert.equal(trainProcess.unit, "epoch");
  assert.equal(trainProcess.seeded, false);
  const mlp = modelOf({ ...tiny, model: "mlp" });
  assert.equal(mlp.rsgn, null);
  assert.equal(mlp.model.paramCount, 128 * 32 * 128 + 128 + 128 * 128 + 128 + 128 * 10 + 10);
  let s = trainProcess.init(tiny, key(0));
  for (let i = 0; i < 4; i++) s = trainProcess.step(s, tiny);
  assert.equal(s.seedIndex, 2);
  assert.equal(trainProcess.step(s, tiny), s); // nothing left to do
  assert.deepEqual(s.runs.map((r) => r.seed), [42, 7]);
  const setup = trainSetup(tiny);
  for (const r of s.runs) {
    const ref = await Effect.runPromise(
      trainRun(setup.model, setup.data, setup.train, setup.val, setup.settings(r.seed)),
    );
    assert.deepEqual(r.history, ref.history.map(({ seconds: _, ...h }) => h));
    assert.equal(r.bestValAcc, ref.bestValAcc);
  }
  assert.equal(
    stateHash(trainProcess.run!(trainProcess.init(tiny, key(0)), tiny, 4)),
    stateHash(s),
  );
  // issue 16: `rsgn train --seeds 42` reported seed 0; the summary reports the seeds as run and
  // leaves `epochs` (epochs run, over all seeds) to the orchestrator
  const sum = trainProcess.summary(s, tiny);
  assert.deepEqual(sum.seeds, [42, 7]);
  assert.deepEqual((sum.runs as { seed: number }[]).map((r) => r.seed), [42, 7]);
  assert.equal(sum.epochs, undefined);
  assert.equal(sum.epochsPerSeed, 2);
  const files = trainProcess.files!(s, tiny);
  assert.deepEqual(Object.keys(files), ["long-range-rsgn-sparse.json"]);
  const json = JSON.parse(files["long-range-rsgn-sparse.json"] as string) as ExperimentResult;
  assert.equal(json.engine, "rsgn");
  assert.deepEqual(json.runs.map((r) => r.seed), [42, 7]);
  assert.deepEqual(json.runs.map((r) => r.history.length), [2, 2]);
  assert.equal(json.settings.trainSamples, 8);
  assert.equal(json.settings.valSamples, 8);
  assert.equal(json.settings.epochs, 2);
  assert.equal(json.settings.rsgn?.numSteps, 1);
  assert.equal(json.settings.rsgn?.variant, "sparse");
  assert.equal(json.final?.levels.length, 256);
  assert.ok(json.runs.every((r) => r.history.every((h) => typeof h.seconds === "number")));
});

Deno.test("train: a state restored from checkpoint bytes (keys sorted) continues bit-exactly", () => {
  const c: TrainConfig = { ...tiny, model: "rsgn-hebbian", epochs: 3, seeds: [42] };
  const states = [trainProcess.init(c, key(0))];
  for (let i = 0; i < 3; i++) states.push(trainProcess.step(states[i], c));
  const end = stateHash(states[3]);
  // a fresh config object, as after a restart: data and model are regenerated from it
  const c2 = JSON.parse(JSON.stringify(c)) as TrainConfig;
  for (const at of [1, 2]) {
    let r = decodeState(encodeState(states[at])) as TrainState;
    for (let i = at; i < 3; i++) r = trainProcess.step(r, c2);
    assert.equal(stateHash(r), end, `resumed after epoch ${at}`);
  }
  // epochs run in an earlier process have no time in the results file
  const c3 = JSON.parse(JSON.stringify(c)) as TrainConfig;
  const resumed = trainProcess.step(decodeState(encodeState(states[2])) as TrainState, c3);
  const json = JSON.parse(
    trainProcess.files!(resumed, c3)["long-range-rsgn-hebbian.json"] as string,
  ) as ExperimentResult;
  assert.equal(json.runs[0].seconds, null);
  assert.deepEqual(json.runs[0].history.map((h) => h.seconds === null), [true, true, false]);
  assert.equal(json.settings.hebbian, "notebook");
});

Deno.test("train: a run stopped early keeps its epochs in the results file", () => {
  const s = trainProcess.step(trainProcess.init(tiny, key(0)), tiny);
  const json = JSON.parse(
    trainProcess.files!(s, tiny)["long-range-rsgn-sparse.json"] as string,
  ) as ExperimentResult;
  assert.deepEqual(json.runs.map((r) => [r.seed, r.history.length]), [[42, 1]]);
  assert.equal(json.final, undefined);
});

Deno.test("train: a non-finite loss is left for the guard; HTTP refuses unlimited epochs", () => {
  const s = trainProcess.init(tiny, key(0));
  const p = s.loop.params as unknown as Record<string, { data: Float32Array; shape: number[] }>;
  const poisoned = {
    ...p,
    clsW: { data: new Float32Array(p.clsW.data.length).fill(NaN), shape: p.clsW.shape },
  };
  const bad: TrainState = {
    ...s,
    loop: { ...s.loop, params: poisoned as unknown as TrainState["loop"]["params"] },
  };
  const next = trainProcess.step(bad, tiny);
  const f = trainProcess.finite!(next);
  assert.ok(!Number.isFinite(f.trainLoss as number));
  assert.ok("params.clsW" in f);
  assert.equal(trainProcess.httpLimits!(tiny), undefined);
  assert.equal(trainProcess.httpLimits!(trainDefaults)?.field, "trainLimit");
});

const call = <C>(cmd: EngineCommand, config: C, seed = 0) => {
  if (cmd.kind !== "function") throw new Error("not a function command");
  return Effect.runPromise(
    Effect.either(cmd.run({ config, seed, env: { workers: 1 }, progress: () => {} })),
  );
};

Deno.test("flags: every field of every command is a documented flag (issue 16 reproductions)", () => {
  const flags = (name: string) => {
    const cmd = cli.commands[name];
    const specs = cmd.kind === "process"
      ? paramSpecs(cmd.process.config, cmd.process.defaults, cmd.process.docs)
      : paramSpecs(cmd.config, cmd.defaults, cmd.docs);
    for (const p of specs) assert.ok(p.description.length > 0, `${name} --${p.flag}: no doc`);
    return specs.map((p) => p.flag);
  };
  // `np rsgn train --epoch 1` ran 50 epochs: now there is no such flag (--epochs is one)
  assert.deepEqual(flags("train"), [
    "task",
    "model",
    "epochs",
    "seeds",
    "batch-size",
    "train-limit",
    "val-limit",
    "hebbian",
    "top-k",
    "active-k",
    "num-steps",
  ]);
  // `np rsgn data --seqlen 99` was ignored: the flag is --seq-len
  assert.deepEqual(flags("data"), ["task", "n", "seq-len", "dim", "classes", "noise"]);
  // `np rsgn info --bogus 1` was ignored: info's flags are the preset and the model's fields
  assert.deepEqual(flags("info").slice(0, 4), ["preset", "seq-len", "num-classes", "num-nodes"]);
  assert.equal(flags("info").length, 16);
  assert.deepEqual(flags("table"), ["in"]);
  assert.deepEqual(flags("connectivity"), ["preset", "backend"]);
  const specs = paramSpecs(TrainConfigSchema, trainDefaults, trainDocs);
  const seeds = specs.find((p) => p.flag === "seeds")!;
  assert.equal(seeds.kind, "int-list");
  assert.deepEqual(seeds.default, [42]);
  assert.deepEqual(specs.find((p) => p.flag === "model")!.choices, [...MODEL_NAMES]);
  assert.equal(specs.find((p) => p.flag === "epochs")!.min, 1);
  const decode = Schema.decodeUnknownEither(TrainConfigSchema);
  assert.ok(Either.isLeft(decode({ ...trainDefaults, seeds: [42, 42] })));
  assert.ok(Either.isLeft(decode({ ...trainDefaults, seeds: [] })));
  assert.ok(Either.isRight(decode({ ...trainDefaults, seeds: [42, 43] })));
});

Deno.test("info, data, connectivity: figures from the config as given", async () => {
  const info = await call(cli.commands.info, { ...infoDefaults, preset: "hierarchical" });
  assert.ok(Either.isRight(info));
  assert.equal((info.right as CommandOutput).figures.paramCount, 41_672);
  assert.equal((info.right as CommandOutput).figures.seqLen, 64);
  const small = await call(cli.commands.info, { ...infoDefaults, numNodes: 128, seqLen: 10 });
  assert.ok(Either.isRight(small));
  const sf = (small.right as CommandOutput).figures as { paramCount: number; seqLen: number };
  assert.equal(sf.paramCount, paramCount(presetConfig("readme", { numNodes: 128 })));
  assert.equal(sf.seqLen, 10);
  const d = await call(
    cli.commands.data,
    { ...dataDefaults, task: "long-range", n: 3, seqLen: 9, dim: 2, classes: 4 },
    5,
  );
  assert.ok(Either.isRight(d));
  const f = (d.right as CommandOutput).figures as { X: number[]; y: number[] };
  const ref = longRangeData({ n: 3, seqLen: 9, dim: 2, classes: 4, seed: 5 });
  assert.deepEqual(f.X, Array.from(ref.X));
  assert.deepEqual(f.y, Array.from(ref.y));
  const badSeq = await call(cli.commands.data, { ...dataDefaults, task: "long-range", seqLen: 4 });
  assert.ok(Either.isLeft(badSeq) && (badSeq.left as { field: string }).field === "seqLen");
  const big = await call(cli.commands.data, { ...dataDefaults, n: 10_000_000 });
  assert.ok(Either.isLeft(big) && (big.left as { field: string }).field === "n");
  const w = await call(cli.commands.connectivity, { preset: "ablation-128", backend: "cpu" }, 3);
  assert.ok(Either.isRight(w));
  const wf = (w.right as CommandOutput).figures;
  assert.equal(wf.nodes, 128);
  assert.equal(wf.backend, "cpu");
  assert.equal(wf.maxRelDiffVsCpuF64, 0);
});

Deno.test("table: results files (one per seed) merge into rsgn.md, returned and not written", async () => {
  const dir = await Deno.makeTempDir();
  try {
    for (const seed of [42, 7]) {
      const c: TrainConfig = { ...tiny, epochs: 1, seeds: [seed] };
      const s = trainProcess.run!(trainProcess.init(c, key(0)), c, 1);
      await Deno.writeTextFile(
        `${dir}/s${seed}-long-range-rsgn-sparse.json`,
        trainProcess.files!(s, c)["long-range-rsgn-sparse.json"] as string,
      );
    }
    const t = await call(cli.commands.table, { in: dir });
    assert.ok(Either.isRight(t), String(Either.isLeft(t) && t.left));
    const out = t.right as CommandOutput;
    const md = out.files!["rsgn.md"] as string;
    assert.match(md, /\| rsgn-sparse \| [\d.]+ ± [\d.]+ \| 7: [\d.]+, 42: [\d.]+ \|/);
    assert.match(md, /\| rsgn \| not run \|/);
    assert.equal(out.figures.resultFiles, 2);
    assert.equal([...Deno.readDirSync(dir)].length, 2);
    const missing = await call(cli.commands.table, { in: `${dir}/nope` });
    assert.ok(Either.isLeft(missing) && (missing.left as { _tag: string })._tag === "FileError");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
