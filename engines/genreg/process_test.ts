import assert from "node:assert/strict";
import { Effect, Either } from "effect";
import type { CommandContext, CommandOutput } from "@neuroplastic/core/sim";
import { cli } from "./cli.ts";

const ctx = (flags: { [k: string]: string | boolean }, outDir?: string): CommandContext => ({
  flags,
  positional: [],
  seed: 3,
  steps: undefined,
  outDir,
  progress: () => {},
});

const run = (name: string, c: CommandContext) => {
  const cmd = cli.commands[name];
  if (cmd.kind !== "custom") throw new Error("not custom");
  return Effect.runPromise(Effect.either(cmd.run(c)));
};

Deno.test("np genreg inputs → { rows, cols, data } row-major", async () => {
  const r = await run("inputs", ctx({ mode: "legacy", noise: "16" }));
  assert.ok(Either.isRight(r));
  const f = (r.right as CommandOutput).figures as { rows: number; cols: number; data: number[] };
  assert.equal(f.rows, 100);
  assert.equal(f.cols, 32);
  assert.equal(f.data.length, 3200);
  assert.equal(f.data[4], Math.sin(Math.fround(-2 * Math.PI)));
  const clean = await run("inputs", ctx({ mode: "clean" }));
  assert.ok(Either.isRight(clean));
});

Deno.test("experiment commands write md/json and reject bad flags by name", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const r = await run("ultrasparse", ctx({ trials: "2", "sa-steps": "300", name: "t" }, dir));
    assert.ok(Either.isRight(r));
    const md = await Deno.readTextFile(`${dir}/t.md`);
    assert.match(md, /\| K2 \| 2 \|/);
    const json = JSON.parse(await Deno.readTextFile(`${dir}/t.json`));
    assert.equal(json.rows[0].trials.length, 2);
    assert.equal(json.rows[0].trials[0].iterations, 300);
    for (
      const [flags, field] of [
        [{ trials: "0" }, "trials"],
        [{ workers: "x" }, "workers"],
        [{ trust: "maybe" }, "trust"],
        [{ mode: "noisy" }, "mode"],
        [{ name: "../evil" }, "name"],
      ] as const
    ) {
      const bad = await run("ultrasparse", ctx(flags, dir));
      assert.ok(Either.isLeft(bad) && bad.left._tag === "InvalidConfig", JSON.stringify(flags));
      assert.equal((bad.left as { field: string }).field, field);
    }
    const badIn = await run("inputs", ctx({ noise: "-1" }));
    assert.ok(Either.isLeft(badIn) && (badIn.left as { field?: string }).field === "noise");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
