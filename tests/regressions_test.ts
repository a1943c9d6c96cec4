/**
 * Every reproduction listed in the orchestrator issue (#16), as a regression test: each ran with
 * exit 0 doing something else than asked, or misreported what it ran, before the redesign.
 * (SIGKILL-then-resume of every stepping command is in tests/conformance_test.ts.)
 */
import assert from "node:assert/strict";
import { cli } from "./test_util.ts";

const tmp = () => Deno.makeTempDirSync({ prefix: "np-reg-" });
const json = (out: string) => JSON.parse(out);
const sha = async (path: string): Promise<string> =>
  Array.from(
    new Uint8Array(await crypto.subtle.digest("SHA-256", Deno.readFileSync(path))),
    (b) => b.toString(16).padStart(2, "0"),
  ).join("");

Deno.test("unknown or misspelled flags exit 2 naming the closest valid flag", async () => {
  const cases: [string[], RegExp][] = [
    [["rsgn", "data", "--seqlen", "99"], /unknown flag --seqlen \(did you mean --seq-len\?\)/],
    [["rsgn", "info", "--bogus", "1"], /unknown flag --bogus/],
    [["genreg", "ultrasparse", "--bogus", "1"], /unknown flag --bogus/],
    [["genreg", "population", "--bogus", "2"], /unknown flag --bogus/],
    [["rsgn", "train", "--epoch", "1"], /unknown flag --epoch \(did you mean --epochs\?\)/],
    [["sorn", "run", "--epochs", "5"], /unknown flag --epochs/],
  ];
  for (const [argv, re] of cases) {
    const r = await cli(...argv, "--quiet");
    assert.equal(r.code, 2, `${argv.join(" ")}: exit ${r.code} ${r.err}`);
    assert.match(r.err, re, argv.join(" "));
  }
});

Deno.test("run flags that do nothing for a command exit 2 (sorn counting records, workers, checkpoints)", async () => {
  const all = await cli(
    "sorn",
    "counting",
    "--workers",
    "7",
    "--record",
    "WEE",
    "--stride",
    "5",
    "--checkpoint-every",
    "10",
  );
  assert.equal(all.code, 2);
  assert.match((await cli("sorn", "counting", "--workers", "7")).err, /--workers does not apply/);
  assert.match((await cli("sorn", "counting", "--record", "WEE")).err, /--record does not apply/);
  assert.match(
    (await cli("sorn", "counting", "--checkpoint-every", "10")).err,
    /--checkpoint-every needs --out/,
  );
  assert.match((await cli("rsgn", "info", "--seed", "3")).err, /--seed does not apply/);
});

Deno.test("genreg run reports the steps it ran: 2000 SA steps are not 20", async () => {
  const a = json(
    (await cli("genreg", "run", "--sa.steps", "2000", "--seed", "1", "--json", "--quiet")).out,
  );
  const b = json(
    (await cli("genreg", "run", "--sa.steps", "20", "--seed", "1", "--json", "--quiet")).out,
  );
  assert.equal(a.steps, 2000);
  assert.equal(b.steps, 20);
  assert.notEqual(a.stateHash, b.stateHash);
  const s = await cli("genreg", "run", "--steps", "2000");
  assert.equal(s.code, 2);
  assert.match(s.err, /--steps does not apply to this command: its length is set by its config/);
});

Deno.test("sorn batch reports steps per network and networks separately", async () => {
  const r = await cli(
    "sorn",
    "batch",
    "--networks",
    "3",
    "--length",
    "50",
    "--seed",
    "2",
    "--json",
    "--quiet",
  );
  assert.equal(r.code, 0, r.err);
  const j = json(r.out);
  assert.equal(j.steps, 50);
  assert.equal(j.networks, 3);
});

Deno.test("rsgn train --seeds 42 reports seed 42 (not 0)", async () => {
  const r = await cli(
    "rsgn",
    "train",
    "--task",
    "long-range",
    "--model",
    "rsgn-sparse",
    "--epochs",
    "1",
    "--seeds",
    "42",
    "--train-limit",
    "16",
    "--val-limit",
    "8",
    "--batch-size",
    "8",
    "--num-steps",
    "1",
    "--json",
    "--quiet",
  );
  assert.equal(r.code, 0, r.err);
  const j = json(r.out);
  assert.deepEqual(j.config.seeds, [42]);
  assert.equal(j.seed, undefined, "train takes --seeds, not --seed");
  assert.deepEqual(j.seeds, [42]);
  assert.equal(j.epochs, 1);
});

Deno.test("--out alone checkpoints; a stopped run resumes from its checkpoint, not from step 0", async () => {
  const dir = tmp();
  try {
    const full = json(
      (await cli(
        "walk",
        "run",
        "--steps",
        "4000",
        "--particles",
        "2000",
        "--seed",
        "5",
        "--json",
        "--quiet",
      )).out,
    );
    const part = await cli(
      "walk",
      "run",
      "--steps",
      "4000",
      "--particles",
      "2000",
      "--seed",
      "5",
      "--out",
      dir,
      "--budget",
      "0.5",
      "--json",
      "--quiet",
    );
    assert.equal(part.code, 0, part.err);
    const p = json(part.out);
    assert.equal(p.stopped, "budget");
    assert.ok(p.steps > 0 && p.steps < 4000, `stopped at ${p.steps}`);
    const r = json((await cli("walk", "resume", dir, "--json", "--quiet")).out);
    assert.equal(r.resumedFrom, p.steps);
    assert.equal(r.stateHash, full.stateHash);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("flags after resume <dir> that would change the run exit 2", async () => {
  const dir = tmp();
  try {
    assert.equal((await cli("walk", "run", "--steps", "20", "--out", dir, "--quiet")).code, 0);
    for (const f of [["--steps", "40"], ["--sigma", "0.3"], ["--seed", "2"], ["--out", "x"]]) {
      const r = await cli("walk", "resume", dir, ...f, "--quiet");
      assert.equal(r.code, 2, `${f[0]}: ${r.err}`);
      assert.match(r.err, new RegExp(`${f[0]} cannot change when resuming`));
    }
    assert.equal((await cli("walk", "resume", dir, "--budget", "5", "--quiet")).code, 0);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("genreg ultrasparse without --out writes nothing (the published table stays)", async () => {
  const before = await sha("docs/results/genreg-ultrasparse.md");
  const r = await cli(
    "genreg",
    "ultrasparse",
    "--trials",
    "2",
    "--sa-steps",
    "300",
    "--seed",
    "1",
    "--json",
    "--quiet",
  );
  assert.equal(r.code, 0, r.err);
  assert.equal(json(r.out).files, undefined);
  assert.equal(await sha("docs/results/genreg-ultrasparse.md"), before);
});

Deno.test("--out on an unwritable path is one line naming it (exit 5), no stack trace", async () => {
  const r = await cli("walk", "run", "--steps", "2", "--out", "/proc/nope/run");
  assert.equal(r.code, 5);
  assert.equal(r.err.trim().split("\n").length, 1, r.err);
  assert.match(r.err, /^np: \/proc\/nope\/run: /);
  assert.doesNotMatch(r.err, /\bat .*\.ts:\d+/);
});

Deno.test("--out on another command's run folder exits 2 unless --force", async () => {
  const dir = tmp();
  try {
    assert.equal((await cli("walk", "run", "--steps", "5", "--out", dir, "--quiet")).code, 0);
    const r = await cli("sorn", "run", "--steps", "5", "--out", dir, "--quiet");
    assert.equal(r.code, 2);
    assert.match(
      r.err,
      /holds a run of walk run, not one of sorn run; choose another folder or add --force/,
    );
    assert.equal(
      (await cli("sorn", "run", "--steps", "5", "--out", dir, "--force", "--quiet")).code,
      0,
    );
    assert.equal(json(Deno.readTextFileSync(`${dir}/run.json`)).engine, "sorn");
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("one command per capability; internal commands hidden; --version", async () => {
  const help = (await cli("--help")).out;
  for (const gone of ["evolve", "golden", "mode-a ", "mode-b ", "mode-c ", "trial "]) {
    assert.ok(!new RegExp(`^ {6}${gone}`, "m").test(help), `--help still lists ${gone}`);
  }
  for (const cmd of ["mode-a-train", "mode-b-train", "mode-c-train", "train"]) {
    assert.match(help, new RegExp(`^ {6}${cmd} `, "m"));
  }
  const v = await cli("--version");
  assert.equal(v.code, 0);
  assert.match(v.out, /^neuroplastic \d+\.\d+\.\d+ \(deno \d+\.\d+\.\d+, v8 .*, typescript .*\)$/);
  // `np hebbian-rnn mode-a train` is another spelling of mode-a-train
  const two = await cli("hebbian-rnn", "mode-a", "train", "--help");
  assert.equal(two.code, 0);
  assert.match(two.out, /^np hebbian-rnn mode-a-train/);
});

Deno.test("choice errors list every allowed value", async () => {
  const r = await cli("lndp", "train", "--task", "nosuch");
  assert.equal(r.code, 2);
  assert.match(r.err, /--task: must be one of cartpole, acrobot/);
  for (const t of ["cartpole", "acrobot"]) assert.ok(r.err.includes(t));
});

Deno.test("snake_case and nested fields are flags (--sp-prob, --ga.popsize)", async () => {
  const s = await cli("sorn", "run", "--sp-prob", "0.2", "--steps", "10", "--json", "--quiet");
  assert.equal(s.code, 0, s.err);
  assert.equal(json(s.out).config.sp_prob, 0.2);
  const g = await cli(
    "genreg",
    "run",
    "--ga.popsize",
    "60",
    "--sa.steps",
    "10",
    "--json",
    "--quiet",
  );
  assert.equal(g.code, 0, g.err);
  assert.equal(json(g.out).config.ga.popsize, 60);
});

Deno.test("help shows every flag's description, range, unit and default", async () => {
  const h = (await cli("sorn", "run", "--help")).out;
  assert.match(h, /--sp-prob <value>\n {6}\S.* — a number in \[0, 1\].*; default /);
  assert.match(h, /--steps N\n {6}number of steps to run — unit steps; default 10000/);
  assert.match(
    (await cli("rsgn", "train", "--help")).out,
    /--task <choice>\n.*one of hierarchical, long-range/,
  );
});

Deno.test("a runtime failure is not reported as an invalid config: a missing file is exit 5", async () => {
  const r = await cli("lndp", "lifetime", "--from", "/nonexistent/run", "--quiet");
  assert.equal(r.code, 5, r.err);
  assert.match(r.err, /\/nonexistent\/run/);
  assert.doesNotMatch(r.err, /invalid config/);
});

Deno.test("deno task results copies only the command's documents into the target folder", async () => {
  const { publishResults } = await import("../app/results.ts");
  const to = tmp();
  try {
    const code = await publishResults(
      ["genreg", "ultrasparse", "--trials", "2", "--sa-steps", "300", "--seed", "1", "--quiet"],
      to,
    );
    assert.equal(code, 0);
    assert.deepEqual(
      [...Deno.readDirSync(to)].map((e) => e.name).sort(),
      ["genreg-ultrasparse.json", "genreg-ultrasparse.md"],
    );
  } finally {
    Deno.removeSync(to, { recursive: true });
  }
});

Deno.test("every engine has the canonical shape: same role files, explicit exports, kernels in its own gpu/", async () => {
  const { engines } = await import("../app/registry.ts");
  for (const e of engines) {
    const dir = `engines/${e.name}`;
    for (const f of ["process.ts", "report.ts", "showcase.ts", "mod.ts", "README.md"]) {
      Deno.statSync(`${dir}/${f}`); // throws, naming the file, when absent
    }
    assert.ok(e.reporter && e.showcase, `${e.name}: cli has no reporter or showcase`);
    const mod = Deno.readTextFileSync(`${dir}/mod.ts`);
    assert.doesNotMatch(mod, /^export \* from/m, `${dir}/mod.ts publishes internals with export *`);
  }
  assert.doesNotMatch(Deno.readTextFileSync("plasticity/mod.ts"), /^export \* from/m);
  const gpuFiles = [...Deno.readDirSync("gpu")].map((f) => f.name);
  for (const e of engines) {
    const stem = e.name.replace("-", "_");
    assert.ok(
      !gpuFiles.some((f) => f.startsWith(stem)),
      `gpu/ holds ${e.name} kernels (they belong in engines/${e.name}/gpu/)`,
    );
  }
});
