/**
 * Conformance of every engine × command of the registry to the orchestrator's contract:
 *
 * - `--help` lists every flag (each parameter with a description, each run flag that applies);
 * - an unknown flag exits 2 (naming the closest valid flag when there is one);
 * - a bad value for each numeric flag exits 2 naming the flag;
 * - a short run (the command's `quick` flags) with `--out` writes the canonical files and a result
 *   reporting the settings given (seed, length, every parameter given);
 * - for every stepping command: SIGKILL in mid-run, then `resume` gives the uninterrupted
 *   stateHash, with no checkpoint flag given;
 * - nothing is written outside `--out` (the repository tree listed before and after).
 *
 * It fails when a command has no spec: a parameter without a description, or no `quick` flags.
 */
import assert from "node:assert/strict";
import {
  commandParams,
  type EngineCli,
  type EngineCommand,
  listedCommands,
  runFlags,
} from "@neuroplastic/core/sim";
import { engines } from "../app/registry.ts";
import { cli, waitForFile } from "./test_util.ts";

const pairs: [EngineCli, string, EngineCommand][] = engines.flatMap((e) =>
  listedCommands(e).map((name) => [e, name, e.commands[name]] as [EngineCli, string, EngineCommand])
);

/** Every file below the repository (without .git), for the "nothing outside --out" check. */
const tree = (root = "."): Set<string> => {
  const out = new Set<string>();
  const walk = (dir: string): void => {
    for (const e of Deno.readDirSync(dir)) {
      if (dir === root && (e.name === ".git" || e.name === "node_modules")) continue;
      const p = `${dir}/${e.name}`;
      if (p === `${root}/out/ci`) continue; // CI's own log of this very test run
      if (e.isDirectory) walk(p);
      else out.add(`${p}:${e.isFile ? Deno.statSync(p).mtime?.getTime() : "l"}`);
    }
  };
  walk(root);
  return out;
};

const diff = (a: Set<string>, b: Set<string>): string[] => [
  ...[...b].filter((x) => !a.has(x)),
  ...[...a].filter((x) => !b.has(x)),
];

const quickArgs = (c: EngineCommand): string[] =>
  Object.entries(c.quick ?? {}).flatMap(([k, v]) => [`--${k}`, v]);

Deno.test("conformance: the pairs covered equal the commands listed by np --help", async () => {
  const help = await cli("--help");
  assert.equal(help.code, 0);
  const listed = help.out.split("\n").filter((l) => /^ {6}\S/.test(l)).length;
  console.log(`conformance: ${pairs.length} engine × command pairs (np --help lists ${listed})`);
  assert.equal(pairs.length, listed);
});

for (const [engine, name, cmd] of pairs) {
  const id = `${engine.name} ${name}`;

  Deno.test(`conformance ${id}: a spec for every flag; --help lists them`, async () => {
    const params = commandParams(cmd);
    const applicable = runFlags(cmd).filter((f) => !f.notApplicable).map((f) => f.name);
    for (const p of params) {
      assert.ok(p.description.trim().length > 0, `${id}: --${p.flag} has no description`);
      assert.ok(!applicable.includes(p.flag), `${id}: --${p.flag} is shadowed by the run flag`);
    }
    assert.ok(cmd.quick, `${id}: no quick flags (a short run for this test)`);
    const h = await cli(engine.name, name, "--help");
    assert.equal(h.code, 0, h.err);
    for (const p of params) {
      assert.ok(h.out.includes(`--${p.flag} `), `${id}: help lacks --${p.flag}`);
    }
    for (const f of runFlags(cmd).filter((f) => !f.notApplicable)) {
      assert.ok(h.out.includes(`--${f.name}`), `${id}: help lacks --${f.name}`);
    }
  });

  Deno.test(`conformance ${id}: unknown flags and bad numeric values exit 2 naming the flag`, async () => {
    const u = await cli(engine.name, name, "--no-such-flag", "1", "--quiet");
    assert.equal(u.code, 2, u.err);
    assert.match(u.err, /unknown flag --no-such-flag/);
    const numeric = commandParams(cmd).filter((p) =>
      ["int", "number", "int-list", "number-list"].includes(p.kind)
    );
    for (const p of numeric) {
      const r = await cli(engine.name, name, `--${p.flag}`, "abc", "--quiet");
      assert.equal(r.code, 2, `${id} --${p.flag} abc: ${r.err}`);
      assert.ok(
        r.err.includes(`--${p.flag}`),
        `${id}: the error does not name --${p.flag}: ${r.err}`,
      );
    }
    const seedApplies = runFlags(cmd).some((f) => f.name === "seed" && !f.notApplicable);
    const s = await cli(engine.name, name, "--seed", "x", "--quiet");
    assert.equal(s.code, 2);
    assert.match(s.err, seedApplies ? /--seed: must be an integer/ : /--seed does not apply/);
  });

  Deno.test(`conformance ${id}: a short run writes the canonical files, reports its settings, writes nothing else`, async () => {
    assert.ok(cmd.quick, `${id}: no quick flags (a short run for this test)`);
    const dir = Deno.makeTempDirSync({ prefix: "np-conf-" });
    const before = tree();
    try {
      const r = await cli(
        engine.name,
        name,
        ...quickArgs(cmd),
        "--out",
        `${dir}/o`,
        "--json",
        "--quiet",
      );
      assert.equal(r.code, 0, `${id}: ${r.err}`);
      const result = JSON.parse(r.out);
      assert.equal(result.engine, engine.name);
      assert.equal(result.command, name);
      const q = cmd.quick ?? {};
      if (q.seed !== undefined) assert.equal(result.seed, Number(q.seed));
      const files = [...Deno.readDirSync(`${dir}/o`)].map((e) => e.name);
      const canonical = cmd.kind === "process"
        ? ["run.json", "config.json", "checkpoint.bin", "final.bin", "result.json", "report.html"]
        : ["run.json", "config.json", "result.json"];
      for (const f of canonical) assert.ok(files.includes(f), `${id}: --out lacks ${f}`);
      if (cmd.kind === "process") {
        const unit = `${cmd.process.unit ?? "step"}s`;
        if (q[unit] !== undefined) assert.equal(result[unit], Number(q[unit]), `${id}: ${unit}`);
      }
      for (const p of commandParams(cmd)) {
        if (q[p.flag] === undefined) continue;
        let v: unknown = result.config;
        for (const k of p.path) v = (v as Record<string, unknown>)?.[k];
        const given = q[p.flag];
        const shown = Array.isArray(v) ? v.join(",") : String(v);
        assert.equal(shown, given, `${id}: result.config.${p.field} = ${shown}, given ${given}`);
      }
      const saved = JSON.parse(Deno.readTextFileSync(`${dir}/o/result.json`));
      assert.equal(saved.stateHash, result.stateHash);
      const changed = diff(before, tree());
      assert.deepEqual(changed, [], `${id} wrote outside --out: ${changed.join(", ")}`);
    } finally {
      Deno.removeSync(dir, { recursive: true });
    }
  });

  if (cmd.kind !== "process") continue;
  Deno.test(`conformance ${id}: SIGKILL in mid-run, then resume, gives the uninterrupted stateHash`, async () => {
    assert.ok(cmd.quick, `${id}: no quick flags (a short run for this test)`);
    const dir = Deno.makeTempDirSync({ prefix: "np-kill-" });
    try {
      const full = await cli(engine.name, name, ...quickArgs(cmd), "--json", "--quiet");
      assert.equal(full.code, 0, full.err);
      const want = JSON.parse(full.out).stateHash;
      const child = new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "-A",
          "--unstable-kv",
          "--unstable-webgpu",
          "app/cli.ts",
          engine.name,
          name,
          ...quickArgs(cmd),
          "--out",
          `${dir}/o`,
          "--quiet",
        ],
        stdout: "null",
        stderr: "null",
      }).spawn();
      await waitForFile(`${dir}/o/checkpoint.bin`, 60_000, 2);
      child.kill("SIGKILL");
      await child.status;
      let finished = true;
      try {
        Deno.statSync(`${dir}/o/result.json`);
      } catch {
        finished = false;
      }
      assert.ok(!finished, `${id}: the quick run ended before the kill; make it longer`);
      const r = await cli(engine.name, "resume", `${dir}/o`, "--json", "--quiet");
      assert.equal(r.code, 0, r.err);
      const got = JSON.parse(r.out);
      assert.ok(got.resumedFrom > 0, `${id}: resumed from step 0`);
      assert.equal(got.stateHash, want);
    } finally {
      Deno.removeSync(dir, { recursive: true });
    }
  });
}
