/**
 * Short soak (the CI variant of `deno task soak`): heap stays flat over a run.
 */
import assert from "node:assert/strict";

const soak = async (
  engine: string,
  config: unknown,
  steps: number,
): Promise<{ heapMB: number[] }[]> => {
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      "--unstable-kv",
      "--v8-flags=--expose-gc",
      new URL("../bench/soak.ts", import.meta.url).pathname,
      "--engine",
      engine,
      "--config",
      JSON.stringify(config),
      "--steps",
      String(steps),
      "--samples",
      "10",
      "--json",
    ],
    stderr: "piped",
  }).output();
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
  return JSON.parse(new TextDecoder().decode(out.stdout));
};

Deno.test("soak (short): walk heap stays flat over 20,000 steps", async () => {
  const [r] = await soak("walk", { particles: 32 }, 20_000);
  const growth = r.heapMB[r.heapMB.length - 1] - r.heapMB[1];
  assert.ok(Math.abs(growth) < 1, `heap grew ${growth} MB: ${r.heapMB}`);
});
