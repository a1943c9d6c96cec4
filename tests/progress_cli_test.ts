/**
 * The CLI's progress on stderr, end to end: counted and timed in the command's own unit (epochs
 * here, not "steps"), plain lines when stderr is a pipe, one bar redrawn in place when it is a
 * terminal (a pseudo-terminal from util-linux `script`, when the machine has it), nothing with
 * `--quiet`.
 */
import assert from "node:assert/strict";
import { main } from "../app/cli.ts";
import { engines } from "../app/registry.ts";

const CR = "\r", ESC = String.fromCharCode(27);
const ARGS = ["hebbian-rnn", "mode-a-train", "--epochs", "20", "--seed", "1"];
const cliPath = new URL("../app/cli.ts", import.meta.url).pathname;
const deno = (args: string[]) => [Deno.execPath(), "run", "-A", "--unstable-kv", cliPath, ...args];

const hasScript = (() => {
  try {
    return new Deno.Command("script", { args: ["--version"], stdout: "null", stderr: "null" })
      .outputSync().success;
  } catch {
    return false;
  }
})();

Deno.test("np to a pipe: plain progress lines in the command's unit, the last one at 100 %", async () => {
  const r = await new Deno.Command(deno(ARGS)[0], { args: deno(ARGS).slice(1), stdin: "null" })
    .output();
  const err = new TextDecoder().decode(r.stderr);
  assert.equal(r.code, 0, err);
  const lines = err.split("\n").filter((l) => l.startsWith("hebbian-rnn mode-a-train"));
  assert.ok(lines.length >= 1, err);
  for (const l of lines) {
    assert.match(
      l,
      /^hebbian-rnn mode-a-train {2}\d+\/20 epochs {2}\d+% {2}(\S+ epochs\/s|\S+ s\/epoch) {2}(ETA|in) /,
    );
  }
  assert.match(lines.at(-1)!, /20\/20 epochs {2}100% .* in \d/);
  assert.ok(!err.includes("steps/s") && !err.includes(CR) && !err.includes(ESC), err);
});

Deno.test("np with --quiet writes no progress", async () => {
  const err: string[] = [];
  const code = await main([...ARGS, "--quiet"], () => {}, (s) => err.push(s), engines, {
    tty: true,
    raw: (s) => err.push(s),
  });
  assert.equal(code, 0);
  assert.deepEqual(err, []);
});

Deno.test({
  name: "np on a terminal: one bar redrawn in place with the epoch rate and ETA",
  ignore: !hasScript,
  fn: async () => {
    // script(1) runs the command on a pseudo-terminal, so Deno.stderr.isTerminal() is true
    const cmd = deno(ARGS).map((a) => `'${a}'`).join(" ");
    const r = await new Deno.Command("script", {
      args: ["-qec", cmd, "/dev/null"],
      stdin: "null",
      env: { NO_COLOR: "1" },
    }).output();
    const tty = new TextDecoder().decode(r.stdout);
    assert.equal(r.code, 0, tty);
    const draws = tty.split(CR).filter((d) => d.startsWith("hebbian-rnn mode-a-train ["));
    assert.ok(draws.length >= 1, tty);
    for (const d of draws) {
      assert.match(
        d,
        /\[[█░]{20}\] +\d+% {2}\d+\/20 epochs {2}(\S+ epochs\/s|\S+ s\/epoch) {2}(ETA|in) /,
      );
      assert.ok(d.includes(`${ESC}[K`), "each draw erases the rest of the line");
    }
    assert.match(draws.at(-1)!, /\[█{20}\] 100% {2}20\/20 epochs/);
  },
});
