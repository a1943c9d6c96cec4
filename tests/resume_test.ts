/**
 * Interruption and resume for every engine (issue "Reliability"): run N steps uninterrupted; run
 * the same command as a real child process with checkpoints, kill it with SIGKILL at a seeded
 * pseudo-random moment (checkpoints are written often, so some kills land during a write), check
 * that the checkpoint left behind is whole, resume it with `np <engine> resume <dir>`, and compare
 * the final `stateHash` with the uninterrupted run's, bit for bit.
 */
import assert from "node:assert/strict";
import { key, uniform } from "@neuroplastic/core/random";
import { readCheckpointSync } from "@neuroplastic/core/checkpoint";
import { cli, waitForFile } from "./test_util.ts";
import { engines } from "../app/registry.ts";

/** One case per engine process command: arguments for a run of a few seconds. */
interface ResumeCase {
  readonly engine: string;
  readonly args: readonly string[];
  readonly steps: number;
  readonly every: number;
}

const gaConfig = Deno.makeTempFileSync({ suffix: ".json" });
Deno.writeTextFileSync(
  gaConfig,
  JSON.stringify({
    optimizer: "ga",
    model: { kind: "dense", hidden: 8 },
    ga: { popsize: 20, targetMse: 0, stagnationThreshold: 0 },
  }),
);

const CASES: readonly ResumeCase[] = [
  {
    engine: "sorn",
    args: ["sorn", "run", "--seed", "5", "--ne", "120", "--ni", "24", "--nu", "6"],
    steps: 4000,
    every: 100,
  },
  {
    engine: "genreg",
    args: ["genreg", "trial", "--seed", "5", "--config", gaConfig],
    steps: 250,
    every: 5,
  },
  {
    engine: "hebbian-rnn",
    args: ["hebbian-rnn", "mode-b-train", "--seed", "5"],
    steps: 120,
    every: 5,
  },
  {
    engine: "hebbian-rnn",
    args: ["hebbian-rnn", "mode-c-train", "--seed", "5"],
    steps: 30,
    every: 2,
  },
  {
    engine: "lndp",
    args: [
      "lndp",
      "evolve",
      "--seed",
      "5",
      "--popsize",
      "8",
      "--strategy",
      "openai",
      "--workers",
      "1",
      "--nEpisodes",
      "1",
    ],
    steps: 12,
    every: 1,
  },
];

const runUntilKilled = async (c: ResumeCase, dir: string, delayMs: number): Promise<void> => {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      "--unstable-kv",
      "--unstable-webgpu",
      new URL("../app/cli.ts", import.meta.url).pathname,
      ...c.args,
      "--steps",
      String(c.steps),
      "--out",
      dir,
      "--checkpoint-every",
      String(c.every),
      "--quiet",
      "--json",
    ],
    stdout: "null",
    stderr: "null",
  }).spawn();
  await waitForFile(`${dir}/checkpoint.bin`, 60_000);
  await new Promise((r) => setTimeout(r, delayMs));
  child.kill("SIGKILL");
  await child.status;
};

for (const c of CASES) {
  Deno.test({
    name: `resume after SIGKILL: ${c.args.slice(0, 2).join(" ")} equals the uninterrupted run`,
    ignore: !engines.some((e) => e.name === c.engine),
    fn: async () => {
      const ref = await cli(...c.args, "--steps", String(c.steps), "--json", "--quiet");
      assert.equal(ref.code, 0, ref.err);
      const reference = JSON.parse(ref.out);
      // Kill within the first half of the run's length (the child also writes checkpoints, so it
      // is slower than the in-process reference): a fixed window would let a fast machine finish
      // the run before the kill.
      const window = Math.max(1, reference.elapsedMs / 2);
      const delays = uniform(key(c.engine.length * 7919 + c.steps), 2, 0, window);
      for (const d of delays) {
        const dir = Deno.makeTempDirSync();
        await runUntilKilled(c, dir, d);
        // The checkpoint left behind is whole (temp file + rename), never half-written.
        const ck = readCheckpointSync(`${dir}/checkpoint.bin`);
        assert.ok(ck.step >= c.every && ck.step <= c.steps, `checkpoint step ${ck.step}`);
        const resumed = await cli(c.engine, "resume", dir, "--json", "--quiet");
        assert.equal(resumed.code, 0, resumed.err);
        const j = JSON.parse(resumed.out);
        assert.equal(j.steps, c.steps);
        assert.equal(j.stateHash, reference.stateHash, `killed after ${d.toFixed(0)} ms`);
        Deno.removeSync(dir, { recursive: true });
      }
    },
  });
}

// RSGN trains through a custom command with one checkpoint per epoch (`--checkpoint-dir`):
// rerunning the same command after a SIGKILL continues from the last whole checkpoint.
Deno.test({
  name: "resume after SIGKILL: rsgn train equals the uninterrupted run",
  ignore: !engines.some((e) => e.name === "rsgn"),
  fn: async () => {
    const base = Deno.makeTempDirSync();
    const args = (dir: string) => [
      "rsgn",
      "train",
      "--task",
      "long-range",
      "--model",
      "rsgn-sparse",
      "--epochs",
      "4",
      "--seeds",
      "42",
      "--train-limit",
      "32",
      "--val-limit",
      "16",
      "--checkpoint-dir",
      `${dir}/ck`,
      "--out",
      `${dir}/out`,
      "--quiet",
      "--json",
    ];
    const ref = await cli(...args(`${base}/ref`));
    assert.equal(ref.code, 0, ref.err);
    const reference = JSON.parse(ref.out);
    const dir = `${base}/killed`;
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", new URL("../app/cli.ts", import.meta.url).pathname, ...args(dir)],
      stdout: "null",
      stderr: "null",
    }).spawn();
    const ck = `${dir}/ck/rsgn-long-range-rsgn-sparse-s42-e4.ckpt`;
    await waitForFile(ck, 120_000);
    child.kill("SIGKILL");
    await child.status;
    const step = readCheckpointSync(ck).step;
    assert.ok(step >= 1, `checkpoint step ${step}`);
    const resumed = await cli(...args(dir));
    assert.equal(resumed.code, 0, resumed.err);
    const j = JSON.parse(resumed.out);
    assert.equal(j.stateHash, reference.stateHash);
    assert.deepStrictEqual(j.runs, reference.runs);
    Deno.removeSync(base, { recursive: true });
  },
});
