import assert from "node:assert/strict";
import { Effect, Exit, Schema } from "effect";
import fc from "fast-check";
import {
  type EngineCli,
  type FunctionCommand,
  inRange,
  intInRange,
  invoke,
  type Process,
  resume,
  type RunResult,
} from "./mod.ts";
import { fold, uniform } from "../random/mod.ts";
import type { Key } from "../random/key.ts";

interface Cfg {
  readonly rate: number;
  readonly mode: "add" | "mul";
  readonly nested: { readonly popSize: number; readonly sp_prob: number };
}
interface St {
  readonly t: number;
  readonly key: Key;
  readonly x: Float64Array;
}
const CfgSchema = Schema.Struct({
  rate: inRange(-10, 10),
  mode: Schema.Literal("add", "mul"),
  nested: Schema.Struct({ popSize: intInRange(2, 100), sp_prob: inRange(0, 1) }),
});
const toy: Process<Cfg, St> = {
  config: CfgSchema,
  defaults: { rate: 0.5, mode: "add", nested: { popSize: 4, sp_prob: 0.1 } },
  docs: {
    rate: { description: "drift per step", unit: "1/step" },
    mode: "how the drift applies",
    "nested.popSize": "population",
    "nested.sp_prob": "probability",
  },
  defaultSteps: 50,
  init: (c, k) => ({ t: 0, key: k, x: new Float64Array(c.nested.popSize) }),
  step: (s, c) => {
    const u = uniform(fold(s.key, s.t), s.x.length);
    const x = s.x.map((v, i) => c.mode === "add" ? v + c.rate * u[i] : v * (1 + c.rate * u[i]));
    // Diverges on purpose when rate is 7 (for the NaN guard test).
    if (c.rate === 7 && s.t === 12) x[1] = NaN;
    return { t: s.t + 1, key: s.key, x };
  },
  summary: (s) => ({ sum: s.x.reduce((a, b) => a + b, 0), t: s.t }),
  records: { x: (s) => s.x, first: (s) => s.x[0] },
  files: (s) => ({ "table.md": `| t |\n| ${s.t} |\n` }),
};
const table: FunctionCommand<{ readonly n: number }> = {
  kind: "function",
  description: "a table",
  config: Schema.Struct({ n: intInRange(1, 10) }),
  defaults: { n: 3 },
  docs: { n: "rows" },
  run: ({ config }) =>
    Effect.succeed({
      figures: { rows: config.n },
      files: { "t.md": "x\n".repeat(config.n) },
    }),
};
const engine: EngineCli = {
  name: "toy",
  version: "0.0.1",
  description: "toy",
  commands: {
    run: { kind: "process", description: "run", process: toy },
    table,
    secret: { ...table, hidden: true },
  },
};

const run = (flags: Record<string, string | boolean>, command = "run") =>
  Effect.runSyncExit(invoke(engine, command, flags)) as Exit.Exit<RunResult, unknown>;
const runP = (flags: Record<string, string | boolean>, command = "run") =>
  Effect.runPromiseExit(invoke(engine, command, flags));
const failure = (e: Exit.Exit<unknown, unknown>): { _tag: string; message: string } => {
  assert.ok(Exit.isFailure(e), "expected a failure");
  const f = (e.cause as { _tag: string; error?: unknown }).error;
  return f as { _tag: string; message: string };
};
const tmp = () => Deno.makeTempDirSync({ prefix: "np-orch-" });

Deno.test("unknown flags fail with the closest valid one", () => {
  const e = failure(run({ rat: "1" }));
  assert.equal(e._tag, "UsageError");
  assert.match(e.message, /unknown flag --rat \(did you mean --rate\?\)/);
  assert.match(failure(run({ step: "5" })).message, /did you mean --steps\?/);
  assert.match(failure(run({ "nested.popsize": "5" })).message, /did you mean --nested.pop-size/);
});

Deno.test("flags follow one spelling rule: kebab-case segments joined by dots", () => {
  const r = run({ "nested.pop-size": "6", "nested.sp-prob": "0.3", steps: "3" });
  assert.ok(Exit.isSuccess(r));
  const cfg = r.value.config as { nested: { popSize: number; sp_prob: number } };
  assert.deepEqual(cfg.nested, { popSize: 6, sp_prob: 0.3 });
  assert.equal(r.value.steps, 3);
});

Deno.test("choice errors list every allowed value; ranges are named", () => {
  const e = failure(run({ mode: "nosuch" }));
  assert.equal(e._tag, "InvalidConfig");
  assert.match(e.message, /--mode: must be one of add, mul, got "nosuch"/);
  assert.match(failure(run({ rate: "11" })).message, /--rate: must be a number in \[-10, 10\]/);
  assert.match(failure(run({ "nested.pop-size": "2.5" })).message, /an integer in \[2, 100\]/);
  assert.match(failure(run({ steps: "" })).message, /--steps: must be an integer/);
  assert.match(failure(run({ rate: true })).message, /got no value/);
});

Deno.test("flags that do not apply to a command exit as usage errors", () => {
  assert.match(failure(run({ workers: "2" })).message, /--workers does not apply/);
  assert.match(failure(run({ seed: "1" }, "table")).message, /--seed does not apply/);
  assert.match(failure(run({ record: "x" }, "table")).message, /--record does not apply/);
  assert.match(failure(run({ stride: "2" })).message, /--stride needs --record/);
  assert.match(failure(run({ "checkpoint-every": "2" })).message, /needs --out/);
  assert.match(failure(run({ record: "nope" })).message, /unknown record nope; allowed: x, first/);
});

Deno.test("the result reports the settings as run, records included", () => {
  const r = run({ seed: "9", steps: "20", rate: "0.25", record: "first", stride: "5" });
  assert.ok(Exit.isSuccess(r));
  assert.equal(r.value.seed, 9);
  assert.equal(r.value.steps, 20);
  assert.equal(r.value.unit, "step");
  assert.equal((r.value.config as { rate: number }).rate, 0.25);
  assert.equal((r.value.records as { first: number[] }).first.length, 4);
});

Deno.test("same (config, seed) gives the same hash for any chunking", () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 99 }), (n, seed) => {
      const a = run({ steps: String(n), seed: String(seed) });
      const b = Effect.runSyncExit(
        invoke(engine, "run", { steps: String(n), seed: String(seed) }, { sliceMs: 0 }),
      );
      assert.ok(Exit.isSuccess(a) && Exit.isSuccess(b));
      assert.equal(a.value.stateHash, b.value.stateHash);
    }),
    { numRuns: 30, seed: 16 },
  );
});

Deno.test("--out writes the run folder; resume continues to the uninterrupted hash", async () => {
  const dir = tmp();
  try {
    const full = run({ steps: "40", seed: "3" });
    assert.ok(Exit.isSuccess(full));
    const out = `${dir}/run`;
    // A run stopped by its budget after its first chunks is a killed run that left a checkpoint.
    let calls = 0;
    const partial = await Effect.runPromiseExit(
      invoke(engine, "run", {
        steps: "40",
        seed: "3",
        out,
        "checkpoint-every": "10",
        record: "first",
      }, {
        sliceMs: 0,
        signal: {
          get aborted() {
            return ++calls > 2;
          },
        } as AbortSignal,
      }),
    );
    assert.ok(Exit.isSuccess(partial));
    assert.equal(partial.value.stopped, "cancelled");
    for (const f of ["run.json", "config.json", "checkpoint.bin", "final.bin", "result.json"]) {
      Deno.statSync(`${out}/${f}`);
    }
    const resumed = await Effect.runPromiseExit(resume([engine], out, {}));
    assert.ok(Exit.isSuccess(resumed));
    assert.equal(resumed.value.stateHash, full.value.stateHash);
    assert.ok((resumed.value.resumedFrom as number) > 0);
    assert.equal(resumed.value.steps, 40);
    Deno.statSync(`${out}/table.md`);
    const recs = Deno.readTextFileSync(`${out}/records.ndjson`).trim().split("\n")
      .map((l) => JSON.parse(l).step);
    assert.deepEqual(recs, Array.from({ length: 40 }, (_, i) => i + 1));
    // flags after resume that would change the run are refused
    const bad = await Effect.runPromiseExit(resume([engine], out, { steps: "80" }));
    assert.match(failure(bad).message, /--steps cannot change when resuming/);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("--out on a foreign non-empty folder needs --force; only run files are replaced", async () => {
  const dir = tmp();
  try {
    Deno.writeTextFileSync(`${dir}/mine.txt`, "keep");
    assert.match(
      failure(await runP({ steps: "2", out: dir })).message,
      /is not empty and holds no run/,
    );
    const forced = await runP({ steps: "2", out: dir, force: true });
    assert.ok(Exit.isSuccess(forced));
    assert.equal(Deno.readTextFileSync(`${dir}/mine.txt`), "keep");
    // the same command again is accepted; another command is not
    assert.ok(Exit.isSuccess(await runP({ steps: "2", out: dir })));
    assert.match(failure(await runP({ out: dir }, "table")).message, /holds a run of toy run/);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("function commands write their files only into --out", async () => {
  const dir = tmp();
  try {
    const r = await runP({ n: "2", out: `${dir}/t` }, "table");
    assert.ok(Exit.isSuccess(r));
    assert.equal(Deno.readTextFileSync(`${dir}/t/t.md`), "x\nx\n");
    assert.deepEqual(r.value.files, ["t.md"]);
    const noOut = run({ n: "2" }, "table");
    assert.ok(Exit.isSuccess(noOut));
    assert.equal(noOut.value.files, undefined);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("an unwritable --out is a FileError naming the path", async () => {
  const e = failure(await runP({ steps: "2", out: "/proc/nope/run" }));
  assert.equal(e._tag, "FileError");
  assert.match(e.message, /^\/proc\/nope\/run: /);
});

Deno.test("divergence fails with the first bad step and keeps the last good checkpoint", async () => {
  const dir = tmp();
  try {
    const e = await runP({ steps: "30", rate: "7", out: dir, "checkpoint-every": "5" });
    const err = failure(e) as unknown as { _tag: string; step: number; field: string };
    assert.equal(err._tag, "NumericalDivergence");
    assert.equal(err.step, 13);
    assert.equal(err.field, "x");
    const resumed = await Effect.runPromiseExit(resume([engine], dir, {}));
    assert.equal((failure(resumed) as unknown as { step: number }).step, 13);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("a budget stops the run early, checkpointed, and resume finishes it", async () => {
  const dir = tmp();
  try {
    let t = 0;
    const r = await Effect.runPromiseExit(
      invoke(engine, "run", { steps: "100", out: dir, budget: "0.01" }, {
        now: () => (t += 3),
      }),
    );
    assert.ok(Exit.isSuccess(r));
    assert.equal(r.value.stopped, "budget");
    assert.ok((r.value.steps as number) < 100);
    const full = run({ steps: "100" });
    const resumed = await Effect.runPromiseExit(resume([engine], dir, {}));
    assert.ok(Exit.isSuccess(resumed) && Exit.isSuccess(full));
    assert.equal(resumed.value.stateHash, full.value.stateHash);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("resume of a folder written before a config field existed: the field takes its default", async () => {
  const dir = tmp();
  try {
    let t = 0;
    const r = await Effect.runPromiseExit(
      invoke(engine, "run", { steps: "100", out: dir, budget: "0.01" }, {
        now: () => (t += 3),
      }),
    );
    assert.ok(Exit.isSuccess(r) && r.value.stopped === "budget");
    // the older code had no `mode` (its behaviour was today's default, "add")
    const m = JSON.parse(Deno.readTextFileSync(`${dir}/run.json`));
    delete m.config.mode;
    Deno.writeTextFileSync(`${dir}/run.json`, JSON.stringify(m));
    const resumed = await Effect.runPromiseExit(resume([engine], dir, {}));
    const full = run({ steps: "100" });
    assert.ok(Exit.isSuccess(resumed) && Exit.isSuccess(full));
    assert.equal(resumed.value.stateHash, full.value.stateHash);
    // the folder's own values win over the defaults
    const dir2 = tmp();
    try {
      t = 0;
      await Effect.runPromiseExit(
        invoke(engine, "run", { steps: "100", out: dir2, budget: "0.01", mode: "mul" }, {
          now: () => (t += 3),
        }),
      );
      const m2 = JSON.parse(Deno.readTextFileSync(`${dir2}/run.json`));
      delete m2.config.rate;
      Deno.writeTextFileSync(`${dir2}/run.json`, JSON.stringify(m2));
      const r2 = await Effect.runPromiseExit(resume([engine], dir2, {}));
      const f2 = run({ steps: "100", mode: "mul" });
      assert.ok(Exit.isSuccess(r2) && Exit.isSuccess(f2));
      assert.equal(r2.value.stateHash, f2.value.stateHash);
    } finally {
      Deno.removeSync(dir2, { recursive: true });
    }
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("choice errors from a --config file list every allowed value too", () => {
  const dir = tmp();
  try {
    Deno.writeTextFileSync(`${dir}/c.json`, JSON.stringify({ mode: "nosuch" }));
    const e = failure(run({ config: `${dir}/c.json` }));
    assert.match(e.message, /--mode: must be one of add, mul, got "nosuch"/);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("a process that is done inside a chunk reports the steps it really ran", () => {
  const early: Process<Cfg, St> = { ...toy, done: (s) => s.t >= 17, run: undefined };
  const e: EngineCli = {
    ...engine,
    commands: { run: { kind: "process", description: "r", process: early } },
  };
  for (const sliceMs of [0, 1e9]) {
    const r = Effect.runSyncExit(invoke(e, "run", { steps: "40" }, { sliceMs }));
    assert.ok(Exit.isSuccess(r));
    assert.equal(r.value.steps, 17);
    assert.equal(r.value.t, 17);
    assert.equal(r.value.stopped, "done");
  }
});

Deno.test("a checkpoint store (no run folder) is loaded at the start and saved to, to the same hash", async () => {
  const saved: { step: number; state: unknown }[] = [];
  const store = {
    load: () => Effect.succeed(saved.at(-1)),
    save: (step: number, state: unknown) => Effect.sync(() => void saved.push({ step, state })),
  };
  const full = run({ steps: "60", seed: "4" });
  let calls = 0;
  const first = await Effect.runPromiseExit(
    invoke(engine, "run", { steps: "60", seed: "4" }, {
      store,
      sliceMs: 0,
      signal: {
        get aborted() {
          return ++calls > 3;
        },
      } as AbortSignal,
    }),
  );
  assert.ok(Exit.isSuccess(first) && first.value.stopped === "cancelled");
  assert.ok(saved.length > 0 && saved.at(-1)!.step === first.value.steps);
  const second = await Effect.runPromiseExit(
    invoke(engine, "run", { steps: "60", seed: "4" }, { store }),
  );
  assert.ok(Exit.isSuccess(second) && Exit.isSuccess(full));
  assert.equal(second.value.resumedFrom, first.value.steps);
  assert.equal(second.value.stateHash, full.value.stateHash);
  assert.equal(saved.at(-1)!.step, 60);
});

Deno.test("a function command that polls `cancelled` stops when the caller goes away", async () => {
  const { CANCELLED } = await import("./mod.ts");
  let polls = 0;
  const slow: FunctionCommand<{ readonly n: number }> = {
    ...table,
    run: ({ cancelled }) =>
      Effect.sync(() => {
        for (let i = 0; i < 1e6; i++) {
          polls++;
          if (cancelled?.()) throw CANCELLED;
        }
        return { figures: { done: true } };
      }),
  };
  const e: EngineCli = { ...engine, commands: { slow } };
  let checks = 0;
  const r = await Effect.runPromiseExit(
    invoke(e, "slow", {}, {
      signal: {
        get aborted() {
          return ++checks > 5;
        },
      } as AbortSignal,
    }),
  );
  assert.match(failure(r).message, /cancelled/);
  assert.equal(polls, 6);
  const done = await Effect.runPromiseExit(invoke(e, "slow", {}));
  assert.ok(Exit.isSuccess(done));
});
