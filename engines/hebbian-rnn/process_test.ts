import assert from "node:assert/strict";
import { Effect, Either } from "effect";
import { readCheckpointSync } from "@neuroplastic/core/checkpoint";
import type { CommandContext, CommandOutput } from "@neuroplastic/core/sim";
import { cli } from "./cli.ts";
import type { ModeATrainState } from "./mode_a_train.ts";

const ctx = (
  positional: string[],
  flags: CommandContext["flags"],
  outDir?: string,
  seed = 0,
): CommandContext => ({ flags, positional, seed, steps: undefined, outDir, progress: () => {} });

const run = (name: string, c: CommandContext) => {
  const cmd = cli.commands[name];
  assert.equal(cmd.kind, "custom");
  if (cmd.kind !== "custom") throw new Error();
  return Effect.runSync(Effect.either(cmd.run(c)));
};

const ok = (e: Either.Either<CommandOutput, unknown>): CommandOutput => {
  if (Either.isLeft(e)) throw e.left;
  return e.right;
};

Deno.test("cli: mode-a/-b/-c custom commands and resumable process twins", () => {
  assert.equal(cli.name, "hebbian-rnn");
  assert.deepEqual(Object.keys(cli.commands), [
    "mode-a",
    "mode-b",
    "mode-c",
    "mode-a-train",
    "mode-b-train",
    "mode-c-train",
  ]);
  assert.equal(cli.commands["mode-c-train"].kind, "process");
});

Deno.test("cli: mode-a forward prints every step in the reference layout", () => {
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
  const out = ok(run("mode-a", ctx(["forward"], { params: f, json: true })));
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
  Deno.removeSync(dir, { recursive: true });
});

Deno.test("cli: mode-a train writes a resumable run directory with checkpoints", () => {
  const dir = Deno.makeTempDirSync();
  const out = ok(run("mode-a", ctx(["train"], { epochs: "4", "checkpoint-every": "2" }, dir, 42)));
  assert.equal(out.steps, 4);
  assert.ok(Math.abs((out.figures.firstLoss as number) - 1.8339) < 5e-4);
  const manifest = JSON.parse(Deno.readTextFileSync(`${dir}/run.json`));
  assert.equal(manifest.command, "mode-a-train");
  assert.equal(manifest.seed, 42);
  const ck = readCheckpointSync(`${dir}/checkpoint.bin`);
  assert.equal(ck.step, 4);
  assert.equal((ck.state as ModeATrainState).losses.length, 4);
  Deno.removeSync(dir, { recursive: true });
});

Deno.test("cli: typed errors for a bad sub-command, unknown flag, bad value and missing --params", () => {
  const field = (e: Either.Either<CommandOutput, unknown>) => {
    assert.ok(Either.isLeft(e));
    return (e.left as { _tag: string; field: string });
  };
  assert.equal(field(run("mode-a", ctx(["bogus"], {}))).field, "command");
  assert.equal(field(run("mode-a", ctx(["train"], { bogus: "1" }))).field, "bogus");
  assert.equal(field(run("mode-a", ctx(["train"], { eta: "1.5" }))).field, "eta");
  assert.equal(field(run("mode-a", ctx(["train"], { hidden: "-3" }))).field, "hidden");
  assert.equal(field(run("mode-a", ctx(["forward"], {}))).field, "params");
  assert.equal(field(run("mode-b", ctx(["train"], { plasticity: "x" }))).field, "plasticity");
  assert.equal(field(run("mode-c", ctx(["train"], { n: "3" }))).field, "n");
  assert.equal(field(run("mode-a", ctx(["train"], { epochs: "-1" }))).field, "epochs");
});

Deno.test("cli: mode-b and mode-c train run a few steps and report curves", () => {
  const b = ok(
    run(
      "mode-b",
      ctx(["train"], {
        epochs: "2",
        task: "cue-reward",
        hidden: "6",
        batch: "4",
        "eval-batch": "8",
      }),
    ),
  );
  assert.equal(b.figures.task, "cue-reward");
  assert.equal((b.figures.accuracyCurve as number[]).length, 1);
  const c = ok(
    run(
      "mode-c",
      ctx(["train"], {
        trials: "2",
        n: "20",
        "trial-time": "50",
        "stim1-time": "5",
        "stim2-start": "20",
        "stim2-time": "5",
        "eval-time": "10",
      }),
    ),
  );
  assert.equal(c.figures.trials, 2);
});
