import assert from "node:assert/strict";
import { Effect } from "effect";
import { encodeState, readCheckpointSync } from "@neuroplastic/core/checkpoint";
import { InvalidConfig } from "@neuroplastic/core/errors";
import type { CommandContext, CommandOutput } from "@neuroplastic/core/sim";
import { closePools } from "./pool.ts";
import { trainCommand } from "./train_cli.ts";

const ctx = (
  flags: Record<string, string | boolean>,
  outDir?: string,
  lines: string[] = [],
): CommandContext => ({
  flags,
  positional: [],
  seed: Number(flags.seed ?? 0),
  steps: undefined,
  outDir,
  progress: (_d, _t, label) => lines.push(label ?? ""),
});

const run = (c: CommandContext): CommandOutput => Effect.runSync(trainCommand(c));

const common = { task: "cartpole", popsize: "4", strategy: "openai", "sigma-init": "2", seed: "3" };

Deno.test("np lndp train: progress per generation, files, resume identical to an uninterrupted run", () => {
  const dirA = Deno.makeTempDirSync(), dirB = Deno.makeTempDirSync();
  try {
    const lines: string[] = [];
    const full = run(
      ctx({ ...common, generations: "3", workers: "0", "checkpoint-every": "1" }, dirA, lines),
    );
    assert.equal(lines.length, 3);
    assert.match(lines[2], /gen 3: best [-\d.]+ max [-\d.]+ mean [-\d.]+, [\d.]+ evals\/s/);
    const curve = JSON.parse(Deno.readTextFileSync(`${dirA}/curve.json`));
    assert.deepEqual(curve.generation, [1, 2, 3]);
    assert.equal(curve.seconds.length, 3);
    const best = JSON.parse(Deno.readTextFileSync(`${dirA}/best-genome.json`));
    assert.equal(best.genome.length, 1918);
    assert.equal(best.fitness, full.figures.bestFitness);
    // interrupted after 1 generation, then resumed to 3
    run(ctx({ ...common, generations: "1", workers: "0" }, dirB));
    const resumed = run(ctx({ resume: dirB, generations: "3" }));
    assert.equal(readCheckpointSync(`${dirB}/checkpoint.bin`).step, 3);
    assert.deepEqual(encodeState(resumed.state), encodeState(full.state));
    assert.deepEqual(resumed.figures.curveMax, full.figures.curveMax);
  } finally {
    closePools();
    Deno.removeSync(dirA, { recursive: true });
    Deno.removeSync(dirB, { recursive: true });
  }
});

Deno.test("np lndp train: unknown flag, bad task or odd OpenAI-ES popsize ⇒ InvalidConfig naming it", () => {
  const fails = (flags: Record<string, string>, field: string): void => {
    const exit = Effect.runSyncExit(trainCommand(ctx(flags)));
    assert.ok(exit._tag === "Failure");
    const err = (exit.cause as unknown as { error: unknown }).error;
    assert.ok(err instanceof InvalidConfig && err.field === field, String(err));
  };
  fails({ task: "pong" }, "task");
  fails({ popsize: "5", strategy: "openai" }, "popsize");
  fails({ "learning-speed": "3" }, "learning-speed");
});
