import assert from "node:assert/strict";
import { Chunk, Effect, Exit, Schema, Stream } from "effect";
import { NumericalDivergence } from "../errors.ts";
import { decodeConfig, formatProgress, intInRange, type Process, simulate } from "./mod.ts";

interface S {
  readonly t: number;
  readonly x: Float64Array;
}
const counter: Process<{ readonly blowAt: number }, S> = {
  config: Schema.Struct({ blowAt: intInRange(0, 1e9) }),
  defaults: { blowAt: 1e9 },
  docs: { blowAt: "step at which x becomes NaN" },
  defaultSteps: 10,
  init: () => ({ t: 0, x: new Float64Array([1]) }),
  step: (s, c) => ({
    t: s.t + 1,
    x: new Float64Array([s.t + 1 === c.blowAt ? NaN : s.x[0] * 1.5]),
  }),
  summary: (s) => ({ x: s.x[0] }),
};

Deno.test("simulate emits every `every` steps and at the end", () => {
  const evs = Effect.runSync(
    Stream.runCollect(
      simulate(counter, counter.defaults, counter.init(counter.defaults, { k0: 0, k1: 0 }), {
        to: 12,
        every: 5,
      }),
    ),
  );
  assert.deepStrictEqual(Chunk.toArray(evs).map((e) => e.step), [5, 10, 12]);
  assert.equal(Chunk.toArray(evs)[2].state.x[0], 1.5 ** 12);
});

Deno.test("simulate resumes from a step index on a multiple-of-every grid", () => {
  const s0 = counter.init(counter.defaults, { k0: 0, k1: 0 });
  const evs = Effect.runSync(
    Stream.runCollect(simulate(counter, counter.defaults, s0, { from: 7, to: 16, every: 5 })),
  );
  assert.deepStrictEqual(Chunk.toArray(evs).map((e) => e.step), [10, 15, 16]);
});

Deno.test("NaN guard fails with NumericalDivergence at the first bad step, even inside a chunk", () => {
  const cfg = { blowAt: 13 };
  const exit = Effect.runSyncExit(
    Stream.runLast(
      simulate(counter, cfg, counter.init(cfg, { k0: 0, k1: 0 }), { to: 100, every: 10 }),
    ),
  );
  assert.ok(Exit.isFailure(exit));
  const err = exit.cause._tag === "Fail" ? exit.cause.error : undefined;
  assert.ok(err instanceof NumericalDivergence);
  assert.equal(err.step, 13);
  assert.equal(err.field, "x");
});

Deno.test("decodeConfig names the bad field and its range", () => {
  const exit = Effect.runSyncExit(decodeConfig(counter.config, { blowAt: -1 }));
  assert.ok(Exit.isFailure(exit) && exit.cause._tag === "Fail");
  assert.equal(exit.cause.error.field, "blowAt");
  assert.match(exit.cause.error.message, /integer in \[0, 1000000000\]/);
  const extra = Effect.runSyncExit(decodeConfig(counter.config, { blowAt: 1, bogus: 2 }));
  assert.ok(
    Exit.isFailure(extra) && extra.cause._tag === "Fail" && extra.cause.error.field === "bogus",
  );
});

Deno.test("formatProgress shows rate and ETA", () => {
  assert.equal(formatProgress("x", 50, 100, 1000), "x  50/100 steps  50%  50 steps/s  ETA 1.0 s");
});

Deno.test("formatProgress after a resume counts only this session's steps (no inflated rate)", () => {
  // resumed at 90,000 of 100,000; 1,000 steps done in 1 s: 1,000 steps/s, not 91,000.
  assert.equal(
    formatProgress("x", 91_000, 100_000, 1000, "step", 90_000),
    "x  91,000/100,000 steps  91%  1,000 steps/s  ETA 9.0 s",
  );
});
