import assert from "node:assert/strict";
import { Effect, Either } from "effect";
import { fold, key } from "@neuroplastic/core/random";
import {
  type CommandOutput,
  decodeConfig,
  type FunctionCommand,
  paramSpecs,
} from "@neuroplastic/core/sim";
import { trialDefaults } from "./config.ts";
import { EXPERIMENTS } from "./experiments.ts";
import { cli, inputsCommand, trialProcess } from "./process.ts";
import { runTrial } from "./run.ts";

const call = <C>(cmd: FunctionCommand<C>, config: C, seed = 3, workers = 1) =>
  Effect.runPromise(
    Effect.either(cmd.run({ config, seed, env: { workers }, progress: () => {} })),
  );

Deno.test("commands: one per capability, every field documented, nested trial fields as dotted flags", () => {
  assert.deepEqual(Object.keys(cli.commands).sort(), [
    "backprop",
    "dense-sa",
    "ga",
    "gsa",
    "hill",
    "inputs",
    "population",
    "run",
    "sweep-compression",
    "sweep-hidden",
    "sweep-noise",
    "ultrasparse",
  ]);
  for (const [name, cmd] of Object.entries(cli.commands)) {
    const specs = cmd.kind === "process"
      ? paramSpecs(cmd.process.config, cmd.process.defaults, cmd.process.docs)
      : paramSpecs(cmd.config, cmd.defaults, cmd.docs);
    assert.ok(specs.length > 0, name);
    for (const p of specs) assert.ok(p.description !== "", `${name} --${p.flag} has no docs`);
  }
  const run = paramSpecs(trialProcess.config, trialProcess.defaults, trialProcess.docs);
  const pop = run.find((p) => p.flag === "ga.popsize")!;
  assert.deepEqual([pop.kind, pop.min, pop.max, pop.default], ["int", 5, 100_000, 40]);
  assert.ok(run.some((p) => p.flag === "ga.max-generations"));
  assert.ok(run.some((p) => p.flag === "sa.steps" && p.unit === "steps"));
  assert.equal(run.length, 28);
  assert.ok(cli.reporter && cli.showcase);
});

Deno.test("experiments take only the options that change their trials", () => {
  const flags = (name: string) => {
    const cmd = cli.commands[name];
    if (cmd.kind !== "function") throw new Error(name);
    return paramSpecs(cmd.config, cmd.defaults, cmd.docs).map((p) => p.flag).sort();
  };
  assert.deepEqual(flags("ultrasparse"), ["mode", "name", "sa-steps", "trials"]);
  assert.deepEqual(flags("hill"), ["hill-max-steps", "mode", "name", "trials"]);
  assert.deepEqual(flags("sweep-noise"), ["max-generations", "mode", "name", "trials", "trust"]);
  // unknown fields (e.g. --bogus) are rejected by the schema
  const cmd = cli.commands.ultrasparse;
  if (cmd.kind !== "function") throw new Error("ultrasparse");
  const bad = Effect.runSync(
    Effect.either(decodeConfig(cmd.config, { ...cmd.defaults, bogus: 1 })),
  );
  assert.ok(Either.isLeft(bad) && bad.left.field === "bogus");
  const stem = Effect.runSync(
    Effect.either(decodeConfig(cmd.config, { ...cmd.defaults, name: "../evil" })),
  );
  assert.ok(Either.isLeft(stem) && stem.left.field === "name");
  const pop = cli.commands.population;
  if (pop.kind !== "function") throw new Error("population");
  const bogus = Effect.runSync(
    Effect.either(decodeConfig(pop.config, { ...pop.defaults, bogus: 2 })),
  );
  assert.ok(Either.isLeft(bogus) && bogus.left.field === "bogus");
});

Deno.test("np genreg inputs → { rows, cols, data } row-major", async () => {
  const r = await call(inputsCommand, { ...trialDefaults.inputs, noiseColumns: 16 });
  assert.ok(Either.isRight(r));
  const f = (r.right as CommandOutput).figures as { rows: number; cols: number; data: number[] };
  assert.equal(f.rows, 100);
  assert.equal(f.cols, 32);
  assert.equal(f.data.length, 3200);
  assert.equal(f.data[4], Math.sin(Math.fround(-2 * Math.PI)));
  const clean = await call(inputsCommand, { ...trialDefaults.inputs, mode: "clean" as const });
  assert.ok(Either.isRight(clean));
});

Deno.test("experiments return their md/json as files, the same for 1 and 2 workers", async () => {
  const cmd = cli.commands.ultrasparse;
  if (cmd.kind !== "function") throw new Error("ultrasparse");
  const config = { ...cmd.defaults, trials: 2, saSteps: 300, name: "t" };
  const one = await call(cmd, config, 3, 1);
  const two = await call(cmd, config, 3, 2);
  assert.ok(Either.isRight(one) && Either.isRight(two));
  const out = one.right as CommandOutput;
  assert.deepEqual(Object.keys(out.files ?? {}).sort(), ["t.json", "t.md"]);
  const md = out.files!["t.md"] as string;
  assert.match(md, /\| K2 \| 2 \|/);
  assert.match(md, /np genreg ultrasparse --trials 2 --seed 3 --sa-steps 300/);
  const json = JSON.parse(out.files!["t.json"] as string);
  assert.equal(json.rows[0].trials.length, 2);
  assert.equal(json.rows[0].trials[0].iterations, 300);
  assert.deepEqual(out.count, { unit: "trial", n: 2 });
  // trial t of row 0 uses fold(key(seed), t)
  const c = { ...trialDefaults, sa: { ...trialDefaults.sa, steps: 300 } };
  assert.deepEqual((out.state as unknown[])[1], runTrial(c, fold(key(3), 1)));
  assert.deepEqual((two.right as CommandOutput).state, out.state);
  assert.equal(EXPERIMENTS.ultrasparse.defaultTrials, cmd.defaults.trials);
});
