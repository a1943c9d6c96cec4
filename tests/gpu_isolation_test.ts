/**
 * Guards the rule in gpu_test.ts: only that module may touch WebGPU in a `deno test` process,
 * and every `*_gpu_cases.ts` file must be imported by it (otherwise its tests would silently
 * never run, since `deno test` does not discover `*_gpu_cases.ts` files).
 */
import assert from "node:assert/strict";

const root = new URL("..", import.meta.url).pathname;
const SKIP = new Set(["out", "runs", ".runs", "node_modules", ".git", "docs"]);

const walk = (dir: string): string[] =>
  [...Deno.readDirSync(dir)].flatMap((e) =>
    e.isDirectory
      ? (SKIP.has(e.name) ? [] : walk(`${dir}/${e.name}`))
      : e.isFile && e.name.endsWith(".ts")
      ? [`${dir}/${e.name}`.slice(root.length).replace(/^\/+/, "")]
      : []
  );

const files = walk(root.replace(/\/$/, ""));
// deno test's default discovery: {*_,*.,}test.{ts,tsx,mts,js,mjs,jsx}
const discovered = files.filter((f) => /(^|\/|_|\.)test\.ts$/.test(f.split("/").at(-1)!));

// Ways a test module reaches WebGPU: the API itself, the gpu package's contexts/backends, the
// GPU test harness, a GPU or auto backend asked for by name, or a case file imported directly.
const TOUCHES_GPU =
  /navigator\.gpu|\bavailable\(\)|createGpuContext|gpuContextScoped|createBackend\(|gpuTest\(|backend:\s*"(gpu|auto)"|"--backend",\s*"(gpu|auto)"|_gpu_cases\.ts/;

Deno.test("only tests/gpu_test.ts touches WebGPU among the discovered test modules", () => {
  assert.ok(discovered.length > 50, `found only ${discovered.length} test modules`);
  const offenders = discovered.filter((f) =>
    f !== "tests/gpu_test.ts" && f !== "tests/gpu_isolation_test.ts" &&
    TOUCHES_GPU.test(Deno.readTextFileSync(`${root}${f}`))
  );
  assert.deepEqual(offenders, [], "move these GPU tests into a *_gpu_cases.ts file");
});

Deno.test("every *_gpu_cases.ts file is imported by tests/gpu_test.ts", () => {
  const cases = files.filter((f) => f.endsWith("_gpu_cases.ts"));
  assert.ok(cases.length >= 8, `found only ${cases.length} GPU case files`);
  const entry = Deno.readTextFileSync(`${root}tests/gpu_test.ts`);
  const imported = [...entry.matchAll(/import "\.\.?\/([^"]+)";/g)].map((m) =>
    m[0].includes('"./') ? `tests/${m[1]}` : m[1]
  );
  assert.deepEqual([...cases].sort(), [...imported].sort());
});
