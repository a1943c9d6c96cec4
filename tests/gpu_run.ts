/**
 * Runs the WebGPU tests (everything tests/gpu_test.ts registers) under `deno run` instead of
 * `deno test`: `deno run -A --unstable-kv --unstable-webgpu tests/gpu_run.ts [--junit-path=P]
 * [--filter S]`. tests/runner.ts (`deno task test`) calls it.
 *
 * Why: on llvmpipe with Deno 2.9.6 the `deno test` process itself crashes at exit, after every
 * test passed, once its test modules have done some WebGPU work — also with a single module:
 * one module creating 25 devices (one dispatch each) crashed 3 of 40 `deno test` runs
 * (SIGSEGV), a module sharing one device 4 of 60, while the same 25 devices under `deno run`
 * crashed 0 of 40 (measurements: tests/gpu_test.ts). So this file collects the `Deno.test`
 * registrations and runs them itself, in order, one at a time: `ignore` is honoured, a throw or
 * rejection is a failure with its stack printed, and the output ends with Deno's summary line
 * (`ok | N passed | N failed | N ignored`); `--junit-path` writes a JUnit report. What it does
 * not do: Deno's op/resource sanitizers and `t.step` (no GPU test uses steps).
 *
 * @module
 */

interface Case {
  readonly name: string;
  readonly ignore: boolean;
  readonly fn: (t: unknown) => unknown;
}

const cases: Case[] = [];
type TestFn = (t: unknown) => unknown;
type TestDef = { name: string; fn: TestFn; ignore?: boolean };
(Deno as unknown as { test: (...a: unknown[]) => void }).test = (...a: unknown[]): void => {
  const [x, y, z] = a;
  const def: TestDef = typeof x === "string"
    ? (typeof y === "function"
      ? { name: x, fn: y as TestFn }
      : { ...(y as object), name: x, fn: z as TestFn })
    : typeof x === "function"
    ? { name: x.name, fn: x as TestFn }
    : x as TestDef;
  cases.push({ name: def.name, ignore: def.ignore === true, fn: def.fn });
};

await import("./gpu_test.ts");

const arg = (name: string): string | undefined => {
  const i = Deno.args.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return undefined;
  const a = Deno.args[i];
  return a.includes("=") ? a.slice(a.indexOf("=") + 1) : Deno.args[i + 1];
};
const filter = arg("filter");
const junit = arg("junit-path");
const selected = cases.filter((c) => filter === undefined || c.name.includes(filter));

const xml = (s: string): string =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const ms = (t: number): string => t < 1000 ? `${Math.round(t)}ms` : `${Math.round(t / 1000)}s`;

console.log(`running ${selected.length} tests from ./tests/gpu_test.ts (under deno run)`);
const t0 = performance.now();
const rows: string[] = [];
/** One JUnit <testcase> (dt in ms; body: <skipped/>, <failure …> or nothing). */
const testcase = (name: string, dt: number, body = ""): string =>
  `<testcase name="${xml(name)}" classname="./tests/gpu_test.ts" time="${
    (dt / 1000).toFixed(3)
  }">${body}</testcase>`;
let passed = 0, failed = 0, ignored = 0;
for (const c of selected) {
  if (c.ignore) {
    ignored++;
    console.log(`${c.name} ... ignored (0ms)`);
    rows.push(testcase(c.name, 0, "<skipped/>"));
    continue;
  }
  const s = performance.now();
  try {
    await c.fn({ name: c.name });
    const dt = performance.now() - s;
    passed++;
    console.log(`${c.name} ... ok (${ms(dt)})`);
    rows.push(testcase(c.name, dt));
  } catch (e) {
    const dt = performance.now() - s;
    failed++;
    const msg = e instanceof Error ? (e.stack ?? e.message) : String(e);
    console.log(`${c.name} ... FAILED (${ms(dt)})\n${msg}`);
    rows.push(testcase(c.name, dt, `<failure message="${xml(String(e))}">${xml(msg)}</failure>`));
  }
}
const total = passed + failed + ignored;
console.log(
  `\n${failed ? "FAILED" : "ok"} | ${passed} passed | ${failed} failed | ${ignored} ignored (${
    ms(performance.now() - t0)
  })`,
);
if (junit) {
  Deno.writeTextFileSync(
    junit,
    `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="deno test" tests="${total}" failures="${failed}" errors="0"><testsuite name="./tests/gpu_test.ts" tests="${total}" failures="${failed}" errors="0">${
      "\n" + rows.join("\n") + "\n"
    }</testsuite></testsuites>\n`,
  );
}
Deno.exitCode = failed ? 1 : 0;
