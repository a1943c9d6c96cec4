/**
 * End-to-end tests of the `np` CLI contract on the demo engine (walk):
 * help, unknown engine, bad config, --json fields, determinism, --out layout,
 * and resume after SIGKILL giving the same stateHash as an uninterrupted run.
 */
import assert from "node:assert/strict";
import { key, uniform } from "@neuroplastic/core/random";
import { readCheckpointSync } from "@neuroplastic/core/checkpoint";
import { cli, waitForFile } from "./test_util.ts";

Deno.test("np --help lists engines and commands", async () => {
  const r = await cli("--help");
  assert.equal(r.code, 0);
  assert.match(r.out, /walk/);
  assert.match(r.out, /run/);
  assert.match(r.out, /resume <dir>/);
});

Deno.test("np nosuch run exits 2 naming the known engines", async () => {
  const r = await cli("nosuch", "run");
  assert.equal(r.code, 2);
  assert.match(r.err, /unknown engine 'nosuch'/);
  assert.match(r.err, /Known engines: .*walk/);
});

Deno.test("bad flags and bad configs exit 2 naming the field and range", async () => {
  const neg = await cli("walk", "run", "--particles", "-1", "--steps", "1");
  assert.equal(neg.code, 2);
  assert.match(neg.err, /particles/);
  assert.match(neg.err, /integer in \[1, 1000000\]/);
  const unknown = await cli("walk", "run", "--bogus", "1");
  assert.equal(unknown.code, 2);
  assert.match(unknown.err, /unknown flag --bogus/);
  const seed = await cli("walk", "run", "--seed", "x");
  assert.equal(seed.code, 2);
  assert.match(seed.err, /--seed: must be an integer/);
  const cmd = await cli("walk", "fly");
  assert.equal(cmd.code, 2);
  assert.match(cmd.err, /unknown command 'fly'/);
  const dir = Deno.makeTempDirSync();
  Deno.writeTextFileSync(`${dir}/c.json`, JSON.stringify({ sigma: "big" }));
  const file = await cli("walk", "run", "--config", `${dir}/c.json`);
  assert.equal(file.code, 2);
  assert.match(file.err, /sigma/);
  Deno.writeTextFileSync(`${dir}/bad.json`, "{ not json");
  const badJson = await cli("walk", "run", "--config", `${dir}/bad.json`);
  assert.equal(badJson.code, 2);
  assert.match(badJson.err, /not valid JSON/);
  Deno.removeSync(dir, { recursive: true });
});

Deno.test("--json prints the contract fields; same seed same hash, other seed other hash", async () => {
  const a = await cli("walk", "run", "--steps", "40", "--seed", "3", "--json", "--quiet");
  assert.equal(a.code, 0, a.err);
  const ja = JSON.parse(a.out);
  for (const f of ["engine", "command", "seed", "steps", "elapsedMs", "stateHash"]) {
    assert.ok(f in ja, f);
  }
  assert.equal(ja.engine, "walk");
  assert.equal(ja.command, "run");
  assert.equal(ja.seed, 3);
  assert.equal(ja.steps, 40);
  assert.match(ja.stateHash, /^[0-9a-f]{64}$/);
  assert.ok(ja.maxNorm < 1);
  const b = JSON.parse(
    (await cli("walk", "run", "--steps", "40", "--seed", "3", "--json", "--quiet")).out,
  );
  assert.equal(b.stateHash, ja.stateHash);
  const c = JSON.parse(
    (await cli("walk", "run", "--steps", "40", "--seed", "4", "--json", "--quiet")).out,
  );
  assert.notEqual(c.stateHash, ja.stateHash);
});

Deno.test("--out writes config, records, checkpoints and final state; hash unchanged by checkpointing", async () => {
  const dir = Deno.makeTempDirSync();
  const plain = JSON.parse(
    (await cli("walk", "run", "--steps", "30", "--seed", "9", "--json", "--quiet")).out,
  );
  const r = await cli(
    "walk",
    "run",
    "--steps",
    "30",
    "--seed",
    "9",
    "--json",
    "--quiet",
    "--out",
    dir,
    "--checkpoint-every",
    "7",
    "--record",
    "positions",
    "--stride",
    "5",
  );
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  assert.equal(j.stateHash, plain.stateHash);
  const names = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
  assert.deepStrictEqual(names, [
    "checkpoint.bin",
    "config.json",
    "final.bin",
    "records.ndjson",
    "report.html",
    "result.json",
    "run.json",
  ]);
  const html = Deno.readTextFileSync(`${dir}/report.html`);
  assert.match(html, /data-plot="walk-final-disk"/);
  assert.match(html, /data-plot="record-positions-mean"/);
  assert.equal((await cli("report", dir)).code, 0);
  assert.equal((await cli("report", `${dir}/nope`)).code, 2);
  // the last checkpoint is the final state (resuming a finished run does nothing)
  assert.equal(readCheckpointSync(`${dir}/checkpoint.bin`).step, 30);
  const lines = Deno.readTextFileSync(`${dir}/records.ndjson`).trim().split("\n").map((l) =>
    JSON.parse(l)
  );
  assert.deepStrictEqual(lines.map((l) => l.step), [5, 10, 15, 20, 25, 30]);
  Deno.removeSync(dir, { recursive: true });
});

Deno.test("resume after SIGKILL mid-run gives the stateHash of the uninterrupted run", async () => {
  const args = [
    "walk",
    "run",
    "--steps",
    "600",
    "--seed",
    "11",
    "--particles",
    "1000",
    "--dim",
    "3",
  ];
  const reference = JSON.parse((await cli(...args, "--json", "--quiet")).out);
  // Kill at seeded pseudo-random moments after the first checkpoint appears.
  const delays = uniform(key(2024), 3, 0, 300);
  for (let trial = 0; trial < delays.length; trial++) {
    const dir = Deno.makeTempDirSync();
    const child = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        new URL("../app/cli.ts", import.meta.url).pathname,
        ...args,
        "--out",
        dir,
        "--checkpoint-every",
        "1",
        "--quiet",
        "--json",
      ],
      stdout: "null",
      stderr: "null",
    }).spawn();
    await waitForFile(`${dir}/checkpoint.bin`, 60_000, 10);
    await new Promise((r) => setTimeout(r, delays[trial]));
    child.kill("SIGKILL");
    const status = await child.status;
    assert.notEqual(status.code, 0, "the child should have been killed mid-run");
    // The checkpoint left behind is whole (never half-written).
    const ck = readCheckpointSync(`${dir}/checkpoint.bin`);
    assert.ok(ck.step >= 1 && ck.step < 600, `checkpoint step ${ck.step}`);
    const resumed = await cli("walk", "resume", dir, "--json", "--quiet");
    assert.equal(resumed.code, 0, resumed.err);
    const j = JSON.parse(resumed.out);
    assert.equal(j.resumedFrom, ck.step);
    assert.equal(j.steps, 600);
    assert.equal(j.stateHash, reference.stateHash);
    Deno.removeSync(dir, { recursive: true });
  }
});
