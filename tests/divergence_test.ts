/**
 * A run that diverges stops with NumericalDivergence at the first bad step
 * (CLI exit 3) and keeps the last good checkpoint.
 */
import assert from "node:assert/strict";
import { Schema } from "effect";
import { readCheckpointSync } from "@neuroplastic/core/checkpoint";
import { type EngineCli, inRange, type Process } from "@neuroplastic/core/sim";
import { main } from "../app/cli.ts";

interface S {
  readonly t: number;
  readonly w: Float64Array;
}
const growth: Process<{ readonly rate: number }, S> = {
  config: Schema.Struct({ rate: inRange(0, 1e300) }),
  defaults: { rate: 2 },
  docs: { rate: "growth factor per step" },
  defaultSteps: 10,
  init: () => ({ t: 0, w: new Float64Array([1, 1]) }),
  // w ← rate · w (a learning rate "far too high" overflows to Infinity)
  step: (s, c) => ({ t: s.t + 1, w: s.w.map((v) => v * c.rate) }),
  summary: (s) => ({ w0: s.w[0] }),
};
const registry: EngineCli[] = [{
  name: "growth",
  version: "0",
  description: "test engine",
  commands: { run: { kind: "process", description: "grow", process: growth } },
}];

Deno.test("divergence: exit 3 at the first non-finite step, last good checkpoint kept", async () => {
  const dir = Deno.makeTempDirSync();
  const err: string[] = [];
  // 1e100^t overflows at t = 4 (1e400 > 1.8e308).
  const code = await main(
    [
      "growth",
      "run",
      "--rate",
      "1e100",
      "--steps",
      "10",
      "--out",
      dir,
      "--checkpoint-every",
      "1",
      "--quiet",
    ],
    () => {},
    (s) => err.push(s),
    registry,
  );
  assert.equal(code, 3);
  assert.match(err.join("\n"), /numerical divergence at step 4 \(field w is not finite\)/);
  const ck = readCheckpointSync(`${dir}/checkpoint.bin`);
  assert.equal(ck.step, 3);
  assert.deepStrictEqual((ck.state as S).w, new Float64Array([1e300, 1e300]));
  // The divergent run can be resumed with the same outcome (it fails again at step 4, checkpoint intact).
  const again = await main(["growth", "resume", dir, "--quiet"], () => {}, () => {}, registry);
  assert.equal(again, 3);
  assert.equal(readCheckpointSync(`${dir}/checkpoint.bin`).step, 3);
  Deno.removeSync(dir, { recursive: true });
});

Deno.test("divergence: also found inside a chunk (checkpoint every 5)", async () => {
  const dir = Deno.makeTempDirSync();
  const err: string[] = [];
  const code = await main(
    [
      "growth",
      "run",
      "--rate",
      "1e50",
      "--steps",
      "20",
      "--out",
      dir,
      "--checkpoint-every",
      "5",
      "--quiet",
    ],
    () => {},
    (s) => err.push(s),
    registry,
  );
  assert.equal(code, 3);
  assert.match(err.join("\n"), /step 7 /); // 1e50^7 = 1e350
  assert.equal(readCheckpointSync(`${dir}/checkpoint.bin`).step, 5);
  Deno.removeSync(dir, { recursive: true });
});
