/**
 * The packages used the way the README tells a user to use them:
 *
 * - `deno test --doc README.md`: every TypeScript block of the README type-checks and runs,
 *   including the one-engine Deno Deploy function;
 * - a fresh project in a temporary folder outside the repository (the clone beside it, as the
 *   README says) with the README's `deno.json` (`links`), the README's SORN example and the
 *   README's command: it runs and prints the SORN summary;
 * - the README's Deploy function, from that project, under `deno serve --host 127.0.0.1`: it
 *   answers `/health` and a SORN run, and `deno info` counts at most 90 modules for it;
 * - the root `mod.ts`: `import * as np from "<root>/mod.ts"` gives one namespace per entry point
 *   of every member.
 *
 * No network beyond the npm registry (the npm packages come from the shared DENO_DIR cache).
 */
import assert from "node:assert/strict";

const root = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
const readme = Deno.readTextFileSync(`${root}/README.md`);

/** The first fenced block of `lang` after the line that contains `marker`. */
const blockAfter = (marker: string, lang: string): string => {
  const at = readme.indexOf(marker);
  assert.ok(at >= 0, `README has no "${marker}"`);
  const open = readme.indexOf("```" + lang + "\n", at);
  assert.ok(open >= 0, `README has no ${lang} block after "${marker}"`);
  const start = open + lang.length + 4;
  return readme.slice(start, readme.indexOf("```", start));
};

const DEPLOY_MARKER = "## Deno Deploy: one engine";
const deployBlock = (): string => blockAfter(DEPLOY_MARKER, "ts");

/** Runs `deno <args>` in `cwd`; returns the exit code and the combined output. */
const deno = async (args: string[], cwd: string): Promise<{ code: number; out: string }> => {
  const r = await new Deno.Command(Deno.execPath(), {
    args,
    cwd,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  return { code: r.code, out: dec.decode(r.stdout) + dec.decode(r.stderr) };
};

/** `dependencies: N unique` of `deno info <file>`. */
const moduleCount = async (file: string, cwd: string): Promise<number> => {
  const r = await deno(["info", file], cwd);
  assert.equal(r.code, 0, r.out);
  const m = r.out.match(/dependencies: (\d+) unique/);
  assert.ok(m, r.out);
  return Number(m[1]);
};

Deno.test("README: deno test --doc README.md passes (the Deploy function included)", async () => {
  const r = await deno(["test", "--doc", "--no-lock", "README.md"], root);
  assert.equal(r.code, 0, r.out);
  // the Deploy block ran: its line range is one of the doc tests
  const line = readme.slice(0, readme.indexOf(DEPLOY_MARKER)).split("\n").length;
  const ranges = [...r.out.matchAll(/README\.md#(\d+)-(\d+)\.ts \.\.\. ok/g)]
    .map((m) => [Number(m[1]), Number(m[2])]);
  assert.ok(ranges.some(([a]) => a > line), `no doc test after line ${line}:\n${r.out}`);
});

Deno.test("README: the Deploy function is 10–15 lines, binds 127.0.0.1, equals app/examples/deploy_sorn.ts", () => {
  const code = deployBlock();
  const lines = code.trimEnd().split("\n").length;
  assert.ok(lines >= 10 && lines <= 15, `${lines} lines`);
  assert.match(code, /makeHandler\(\[sorn\]/);
  assert.match(code, /jsr:@neuroplastic\/app\/handler/);
  assert.match(code, /deno serve --host 127\.0\.0\.1/);
  const file = Deno.readTextFileSync(`${root}/app/examples/deploy_sorn.ts`);
  assert.equal(code, file.replace(/^\/\/ deno-lint-ignore-file .*\n/, "")); // the README's code, verbatim
  // every `deno serve` command of the README's shell blocks listens on 127.0.0.1 only
  const sh = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]).join("\n");
  const serves = sh.split("\n").filter((l) => /deno serve /.test(l));
  assert.ok(serves.length >= 2);
  for (const l of serves) assert.match(l, /--host 127\.0\.0\.1/, l);
});

Deno.test("README: the one-engine Deploy function loads at most 90 modules (deno info)", async () => {
  const n = await moduleCount("app/examples/deploy_sorn.ts", root);
  console.log(`deno info app/examples/deploy_sorn.ts: ${n} unique dependencies`);
  assert.ok(n <= 90, `${n} modules`);
});

Deno.test("consumer: a project outside the repository uses the packages as the README says", async () => {
  const tmp = await Deno.makeTempDir({ prefix: "np-consumer-" });
  try {
    assert.ok(!Deno.realPathSync(tmp).startsWith(root + "/"), tmp);
    // the clone beside the project, as in the README
    await Deno.symlink(root, `${tmp}/neuroplastic`);
    const project = `${tmp}/my-project`;
    await Deno.mkdir(project);
    await Deno.writeTextFile(`${project}/deno.json`, blockAfter("`my-project/deno.json`", "json"));
    await Deno.writeTextFile(`${project}/main.ts`, blockAfter("### SORN in five lines", "ts"));
    await Deno.writeTextFile(`${project}/server.ts`, deployBlock());

    // the README's command (`npx -y deno@2.9.6` is this very binary)
    const documented = blockAfter("then put the SORN example above", "sh").trim();
    assert.equal(documented, "npx -y deno@2.9.6 run main.ts");
    const run = await deno(["run", "main.ts"], project);
    assert.equal(run.code, 0, run.out);
    assert.match(run.out, /meanRateE: 0\.\d+/);
    assert.match(run.out, /weeLognormalAll: \{ mu: -?\d/);

    // the Deploy function, served from the project on 127.0.0.1
    const probe = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const port = (probe.addr as Deno.NetAddr).port;
    probe.close();
    const child = new Deno.Command(Deno.execPath(), {
      args: ["serve", "--host", "127.0.0.1", "--port", String(port), "server.ts"],
      cwd: project,
      env: { NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const log: string[] = [];
    const dec = new TextDecoder();
    const drain = async (s: ReadableStream<Uint8Array>) => {
      for await (const c of s) log.push(dec.decode(c));
    };
    const drained = Promise.all([drain(child.stdout), drain(child.stderr)]);
    try {
      const t0 = Date.now();
      while (!log.join("").includes("Listening on http://127.0.0.1:")) {
        assert.ok(Date.now() - t0 < 60_000, `no listening line:\n${log.join("")}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      const base = `http://127.0.0.1:${port}`;
      const health = await fetch(`${base}/health`);
      assert.deepEqual(await health.json(), { ok: true });
      const res = await fetch(`${base}/v1/sorn/run`, {
        method: "POST",
        body: JSON.stringify({ config: { ne: 100 }, seed: 1, steps: 200 }),
      });
      const body = await res.json();
      assert.equal(res.status, 200, JSON.stringify(body));
      assert.equal(body.steps, 200);
      const engines = await (await fetch(`${base}/v1/engines`)).json();
      assert.deepEqual(engines.engines.map((e: { name: string }) => e.name), ["sorn"]);
      const big = await fetch(`${base}/v1/sorn/run`, {
        method: "POST",
        body: JSON.stringify({ steps: 20_001 }),
      });
      assert.equal(big.status, 422); // the function's own limit
      await big.body?.cancel();
    } finally {
      child.kill("SIGTERM");
      await child.status;
      await drained;
    }

    const n = await moduleCount("server.ts", project);
    console.log(`deno info server.ts (outside the repository): ${n} unique dependencies`);
    assert.ok(n <= 90, `${n} modules`);
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

/** `./sorn/cli` → `sornCli`, `./fp-ts` → `fpTs`, `.` → the member's name. */
const namespaceOf = (member: string, subpath: string): string =>
  (subpath === "." ? member : subpath.slice(2)).split(/[/_-]/)
    .map((w, i) => (i === 0 ? w : w[0].toUpperCase() + w.slice(1))).join("");

Deno.test("root mod.ts: import * as np gives one namespace per entry point of every member", async () => {
  const np = await import("../mod.ts") as Record<string, Record<string, unknown>>;
  const { workspace } = JSON.parse(Deno.readTextFileSync(`${root}/deno.json`));
  const skipped = ["@neuroplastic/gpu/testing"]; // the test harness: probes the GPU on import
  const expected: string[] = [];
  for (const dir of workspace as string[]) {
    const member = dir.replace(/^\.\//, "");
    const cfg = JSON.parse(Deno.readTextFileSync(`${root}/${member}/deno.json`));
    for (const [sub, file] of Object.entries(cfg.exports as Record<string, string>)) {
      if (skipped.includes(`${cfg.name}${sub.slice(1)}`)) continue;
      const name = namespaceOf(member, sub);
      expected.push(name);
      assert.ok(name in np, `mod.ts lacks ${name} (${cfg.name}${sub.slice(1)})`);
      const mod = await import(`${root}/${member}/${(file as string).replace(/^\.\//, "")}`);
      assert.deepEqual(Object.keys(np[name]).sort(), Object.keys(mod).sort(), name);
    }
  }
  assert.deepEqual(Object.keys(np).sort(), [...new Set(expected)].sort());
  // and it works
  const sorn = np.sorn as typeof import("../engines/sorn/mod.ts");
  const random = np.random as typeof import("../core/random/mod.ts");
  const config = sorn.makeConfigSync({ ne: 40 });
  assert.equal(sorn.run(sorn.initState(config, random.key(1)), config, 50).t, 50);
});
