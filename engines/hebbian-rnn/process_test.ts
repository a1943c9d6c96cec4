import assert from "node:assert/strict";
import { Effect, Either, type Schema } from "effect";
import { key } from "@neuroplastic/core/random";
import { commandParams, decodeConfig, RUN_FLAG_NAMES } from "@neuroplastic/core/sim";
import { cli } from "./process.ts";
import { ModeAConfigSchema, modeADefaults, ModeAForwardConfigSchema } from "./mode_a/config.ts";
import { modeAForwardCommand, modeATrainProcess } from "./mode_a/process.ts";
import { ModeBConfigSchema, modeBDefaults, modeBTaskOf } from "./mode_b/config.ts";
import { modeBTrainProcess } from "./mode_b/process.ts";
import { ModeCConfigSchema, modeCDefaults, modeCStudyDefaults } from "./mode_c/config.ts";
import { modeCStudyProcess, modeCTrainProcess } from "./mode_c/process.ts";

const RUN_LEVEL = RUN_FLAG_NAMES;

const specsOf = commandParams;

Deno.test("cli: one command per capability, units, every flag documented, no run-level names", () => {
  assert.equal(cli.name, "hebbian-rnn");
  assert.deepEqual(Object.keys(cli.commands), [
    "mode-a-train",
    "mode-a-forward",
    "mode-b-train",
    "mode-b-study",
    "pattern-miconi-train",
    "pattern-miconi",
    "mode-c-train",
    "mode-c-study",
  ]);
  const kinds = Object.fromEntries(
    Object.entries(cli.commands).map((
      [n, c],
    ) => [n, c.kind === "process" ? `process/${c.process.unit}` : "function"]),
  );
  assert.deepEqual(kinds, {
    "mode-a-train": "process/epoch",
    "mode-a-forward": "function",
    "mode-b-train": "process/step",
    "mode-b-study": "process/step",
    "pattern-miconi-train": "process/step",
    "pattern-miconi": "process/step",
    "mode-c-train": "process/trial",
    "mode-c-study": "process/trial",
  });
  assert.ok(cli.reporter && cli.showcase);
  for (const [name, c] of Object.entries(cli.commands)) {
    const specs = specsOf(c);
    assert.ok(specs.length > 0, name);
    for (const p of specs) {
      assert.ok(p.description.length > 0, `${name} --${p.flag} has no description`);
      assert.ok(!RUN_LEVEL.includes(p.path[0]), `${name}: field ${p.field} is a run-level flag`);
    }
  }
  const b = specsOf(cli.commands["mode-b-train"]);
  assert.deepEqual(b.find((p) => p.flag === "cue-reward.items")?.min, 2);
  assert.deepEqual(b.find((p) => p.flag === "plasticity")?.choices, [
    "none",
    "hebbian",
    "simple",
    "retroactive",
  ]);
  const study = specsOf(cli.commands["mode-b-study"]);
  assert.equal(study.find((p) => p.flag === "seeds")?.kind, "int-list");
  assert.equal(study.find((p) => p.flag === "variants")?.kind, "string-list");
  assert.equal(study.find((p) => p.flag === "train.hidden")?.default, 24);
  const miconi = specsOf(cli.commands["pattern-miconi"]);
  assert.equal(miconi.find((p) => p.flag === "paper1000.pattern-size")?.default, 1000);
  assert.equal(miconi.find((p) => p.flag === "harder.add-neurons")?.default, 7);
  assert.deepEqual(
    specsOf(cli.commands["pattern-miconi-train"]).find((p) => p.flag === "type")
      ?.choices,
    ["plastic", "nonplastic"],
  );
});

const forward = (config: unknown) =>
  Effect.runSync(Effect.either(modeAForwardCommand.run({
    config: config as never,
    seed: 0,
    env: { workers: 1 },
    progress: () => {},
  })));

Deno.test("mode-a-forward: every step in the reference layout, returned and as forward.json", () => {
  const dir = Deno.makeTempDirSync();
  const f = `${dir}/f.json`;
  Deno.writeTextFileSync(
    f,
    JSON.stringify({
      weights: {
        i2h: { weight: [[1], [0.5]], bias: [0.1, -0.1] },
        h2h: { weight: [[0.2, -0.3], [0.4, 0.1]], bias: [0, 0.05] },
        out: { weight: [[1.5, -2]], bias: [0.3] },
      },
      x: [[[1], [0], [1]]],
    }),
  );
  const e = forward({ params: f, eta: null });
  if (Either.isLeft(e)) throw e.left;
  const out = e.right;
  const h = out.figures.h as number[][][];
  const hebb = out.figures.hebb as number[][][][];
  const y = out.figures.y as number[][][];
  assert.deepEqual([h.length, h[0].length, h[0][0].length], [1, 3, 2]);
  assert.deepEqual([hebb[0].length, hebb[0][1].length, hebb[0][1][0].length], [3, 2, 2]);
  assert.equal(y[0][2].length, 1);
  // step 1: h_0 = 0 ⇒ Hebb_1 = 0; step 2: Hebb_2[i][j] = 0.1 · h_1[i] · h_2[j] (m absent ⇒ 1)
  assert.deepEqual(hebb[0][0], [[0, 0], [0, 0]]);
  assert.ok(Math.abs(hebb[0][1][0][1] - 0.1 * h[0][0][0] * h[0][1][1]) < 1e-15);
  assert.equal(h[0][0][0], Math.tanh(1 + 0.1));
  assert.deepEqual(out.count, { unit: "step", n: 3 });
  assert.deepEqual(JSON.parse(out.files!["forward.json"] as string).h, h);
  // --eta overrides the file's η
  const e2 = forward({ params: f, eta: 0.5 });
  if (Either.isLeft(e2)) throw e2.left;
  const h2 = e2.right.figures.h as number[][][];
  const hebb2 = e2.right.figures.hebb as number[][][][];
  assert.ok(Math.abs(hebb2[0][1][0][1] - 0.5 * h2[0][0][0] * h2[0][1][1]) < 1e-15);
  Deno.removeSync(dir, { recursive: true });
});

Deno.test("mode-a-forward: FileError for an unreadable file, InvalidConfig naming the field otherwise", async () => {
  const miss = forward({ params: "/nonexistent/f.json", eta: null });
  assert.ok(Either.isLeft(miss));
  assert.equal((miss.left as { _tag: string })._tag, "FileError");
  assert.equal((miss.left as { path: string }).path, "/nonexistent/f.json");
  const dir = Deno.makeTempDirSync();
  Deno.writeTextFileSync(`${dir}/bad.json`, "{ not json");
  const bad = forward({ params: `${dir}/bad.json`, eta: null });
  assert.ok(Either.isLeft(bad));
  assert.equal((bad.left as { field: string }).field, "params");
  Deno.writeTextFileSync(`${dir}/x.json`, JSON.stringify({ weights: {}, x: [] }));
  const shape = forward({ params: `${dir}/x.json`, eta: null });
  assert.ok(Either.isLeft(shape));
  assert.equal((shape.left as { _tag: string })._tag, "InvalidConfig");
  Deno.removeSync(dir, { recursive: true });
  // --params is required: the defaults alone do not decode
  const e = await Effect.runPromise(
    Effect.flip(decodeConfig(ModeAForwardConfigSchema, modeAForwardCommand.defaults)),
  );
  assert.equal(e.field, "params");
});

Deno.test("mode-a-train: one step = one epoch; step ×4 equals run(4); seed 42 replays sc.py", () => {
  const p = modeATrainProcess;
  const s0 = p.init(modeADefaults, key(42));
  const a = p.run!(s0, modeADefaults, 4);
  let b = s0;
  for (let k = 0; k < 4; k++) b = p.step(b, modeADefaults);
  assert.deepEqual(a.params, b.params);
  assert.deepEqual(a.losses, b.losses);
  const sum = p.summary(a, modeADefaults);
  assert.equal(sum.epochs, 4);
  assert.ok(Math.abs((sum.firstLoss as number) - 1.8339) < 5e-4);
  assert.equal(p.limits!({ ...modeADefaults, output: 2 })?.field, "output");
});

Deno.test("mode-b-train: --task cue-reward alone trains cue-reward at its own sizes", async () => {
  const c = await Effect.runPromise(
    decodeConfig(ModeBConfigSchema, { ...modeBDefaults, task: "cue-reward" }),
  );
  assert.deepEqual(modeBTaskOf(c), {
    task: "cue-reward",
    bits: 8,
    items: 4,
    show: 12,
    gap: 0,
    probe: 1,
  });
  const small = { ...c, hidden: 6, batch: 4, evalBatch: 8 };
  const s = modeBTrainProcess.run!(modeBTrainProcess.init(small, key(0)), small, 2);
  const f = modeBTrainProcess.summary(s, small);
  assert.equal(f.task, "cue-reward");
  assert.equal(f.steps, 2);
  assert.equal((f.accuracyCurve as number[]).length, 1);
});

Deno.test("mode-c-train: one step = one trial; the study's length is seeds × trials", () => {
  const c = {
    ...modeCDefaults,
    n: 20,
    trialTime: 50,
    stim1Time: 5,
    stim2Start: 20,
    stim2Time: 5,
    evalTime: 10,
  };
  const p = modeCTrainProcess;
  const s = p.run!(p.init(c, key(0)), c, 2);
  assert.equal(p.summary(s, c).trials, 2);
  assert.equal(modeCStudyProcess.length!(modeCStudyDefaults), 3 * 5000);
  assert.equal(modeCStudyProcess.seeded, false);
});

Deno.test("bad values name the field", async () => {
  // deno-lint-ignore no-explicit-any
  const field = async (schema: Schema.Schema<any>, input: unknown) =>
    (await Effect.runPromise(Effect.flip(decodeConfig(schema, input)))).field;
  assert.equal(await field(ModeAConfigSchema, { ...modeADefaults, eta: 1.5 }), "eta");
  assert.equal(await field(ModeAConfigSchema, { ...modeADefaults, hidden: -3 }), "hidden");
  assert.equal(await field(ModeBConfigSchema, { ...modeBDefaults, plasticity: "x" }), "plasticity");
  assert.equal(
    await field(ModeBConfigSchema, {
      ...modeBDefaults,
      cueReward: { ...modeBDefaults.cueReward, items: 1 },
    }),
    "cueReward.items",
  );
  assert.equal(await field(ModeCConfigSchema, { ...modeCDefaults, n: 3 }), "n");
});
