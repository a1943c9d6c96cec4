/**
 * `deno task test`: the whole suite in three processes.
 *
 * 1. `deno test --parallel` over every discovered test module except tests/gpu_test.ts and
 *    the three of step 2;
 * 2. tests/web_test.ts, tests/http_defaults_test.ts and tests/nonblocking_test.ts without
 *    `--parallel` (they bound wall-clock times: the page's long tasks in Chromium, an empty HTTP
 *    request within half the budget, /health within 100 ms during a run);
 * 3. tests/gpu_run.ts: every WebGPU test (what tests/gpu_test.ts registers), run under
 *    `deno run`.
 *
 * Why: on this machine's software adapter (llvmpipe, Deno 2.9.6) a `deno test` process that had
 * done WebGPU work intermittently crashed at exit (glibc heap corruption or SIGSEGV) after every
 * test had passed; `deno run` doing the same work never did. Measurements: tests/gpu_test.ts.
 *
 * Extra flags go to the `deno test` run (`--filter` to both). `--junit-path=P` writes one JUnit
 * report per run and merges them into P. With explicit test paths (`deno task test
 * engines/rsgn/`) it runs one plain `deno test` over them instead. Exits non-zero when either run fails; the last line is the
 * combined summary `ok | N passed | N failed | N ignored`.
 *
 * @module
 */

const PERMS = ["-A", "--unstable-kv", "--unstable-webgpu"];
const GPU_MODULE = "tests/gpu_test.ts";
/**
 * Run on their own after the parallel run, so other test files do not compete for the 2 cores:
 * the page's long-task check, the HTTP defaults' time bound (half the default budget) and the
 * handler's latency bounds (/health < 100 ms while runs go on; CI once saw 102 ms when the
 * parallel run shared the cores).
 */
const SOLO_MODULES = [
  "tests/web_test.ts",
  "tests/http_defaults_test.ts",
  "tests/nonblocking_test.ts",
];

const args = [...Deno.args];
const junitArg = args.find((a) => a.startsWith("--junit-path="));
const junit = junitArg?.slice("--junit-path=".length);
const rest = args.filter((a) => a !== junitArg);
// Positional test paths (the value after a bare `--filter` is not one).
const paths = rest.filter((a, i) => !a.startsWith("-") && rest[i - 1] !== "--filter");

/** Runs `deno <args> [--junit-path=report]`, echoing and collecting its stdout. */
const run = async (args: string[], report?: string): Promise<{ code: number; text: string }> => {
  const cmd = new Deno.Command(Deno.execPath(), {
    args: [...args, ...(report ? [`--junit-path=${report}`] : [])],
    stdout: "piped",
    stderr: "inherit",
  });
  const child = cmd.spawn();
  const chunks: string[] = [];
  const dec = new TextDecoder();
  for await (const c of child.stdout) {
    await Deno.stdout.write(c);
    chunks.push(dec.decode(c, { stream: true }));
  }
  const { code } = await child.status;
  return { code, text: chunks.join("") };
};

/** ANSI colour codes (ESC [ … m), stripped before reading the summary. */
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g");

/** Counts from Deno's summary line `ok | 12 passed (3 steps) | 0 failed | 2 ignored (1s)`. */
const summary = (text: string): { passed: number; failed: number; ignored: number } => {
  const line = text.replace(ANSI, "").split("\n").reverse()
    .find((l) => /^(ok|FAILED) \|/.test(l)) ?? "";
  const n = (w: string): number => Number(line.match(new RegExp(`(\\d+) ${w}`))?.[1] ?? 0);
  return { passed: n("passed"), failed: n("failed"), ignored: n("ignored") };
};

/** Sums the <testsuites> counters of several JUnit files and concatenates their suites. */
const mergeJunit = (files: string[], out: string): void => {
  const totals: Record<string, number> = { tests: 0, failures: 0, errors: 0 };
  const suites: string[] = [];
  for (const f of files) {
    let xml = "";
    try {
      xml = Deno.readTextFileSync(f);
    } catch {
      continue;
    }
    const head = xml.match(/<testsuites[^>]*>/)?.[0] ?? "";
    for (const k of Object.keys(totals)) {
      totals[k] += Number(head.match(new RegExp(` ${k}="(\\d+)"`))?.[1] ?? 0);
    }
    suites.push(xml.replace(/^[\s\S]*?<testsuites[^>]*>/, "").replace(/<\/testsuites>\s*$/, ""));
    Deno.removeSync(f);
  }
  Deno.writeTextFileSync(
    out,
    `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="deno test" tests="${totals.tests}" failures="${totals.failures}" errors="${totals.errors}">${
      suites.join("")
    }</testsuites>\n`,
  );
};

if (paths.length > 0) {
  Deno.exit((await run(["test", ...PERMS, ...rest], junit)).code);
}

const main = await run(
  ["test", ...PERMS, "--parallel", `--ignore=${[GPU_MODULE, ...SOLO_MODULES].join(",")}`, ...rest],
  junit && `${junit}.main`,
);
console.log(`\n== ${SOLO_MODULES.join(", ")} (one file at a time: they bound wall-clock times)\n`);
const solo = await run(["test", ...PERMS, ...SOLO_MODULES, ...rest], junit && `${junit}.solo`);
console.log(`\n== ${GPU_MODULE} (WebGPU tests, under deno run: tests/gpu_run.ts)\n`);
const fi = rest.findIndex((a) => a.startsWith("--filter"));
const filterArgs = fi < 0 ? [] : rest[fi].includes("=") ? [rest[fi]] : rest.slice(fi, fi + 2);
const b = await run(["run", ...PERMS, "tests/gpu_run.ts", ...filterArgs], junit && `${junit}.gpu`);
if (junit) mergeJunit([`${junit}.main`, `${junit}.solo`, `${junit}.gpu`], junit);
const runs = [main, solo, b];
const sums = runs.map((r) => summary(r.text));
const code = runs.find((r) => r.code !== 0)?.code ?? 0;
// a process that failed without a failed test (a crash) counts as one failure
const failed = sums.reduce(
  (n, s, i) => n + s.failed + (runs[i].code !== 0 && s.failed === 0 ? 1 : 0),
  0,
);
const total = (k: "passed" | "ignored"): number => sums.reduce((n, s) => n + s[k], 0);
console.log(
  `\n${code === 0 ? "ok" : "FAILED"} | ${total("passed")} passed | ${failed} failed | ${
    total("ignored")
  } ignored (all three processes)`,
);
Deno.exit(code);
