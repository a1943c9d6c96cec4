import assert from "node:assert/strict";
import { Effect, Either } from "effect";
import { decodeState, encodeState } from "@neuroplastic/core/checkpoint";
import { key, split } from "@neuroplastic/core/random";
import { commandParams, decodeConfig, RUN_FLAG_NAMES } from "@neuroplastic/core/sim";
import { BatchConfigSchema, batchDefaults } from "./batch.ts";
import { countingDefaults, countingStudy } from "./counting.ts";
import { cli } from "./engine.ts";
import {
  batchCommand,
  countingProcess,
  type CountingState,
  goldenCommand,
  sornProcess,
  statisticsCommand,
} from "./process.ts";
import { run } from "./run.ts";
import { initState, type SornState } from "./state.ts";
import { stateSummary } from "./stats.ts";

const paramsOf = commandParams;

/** Run-level flags of the orchestrator: no config field may take their names. */
const RUN_FLAGS = RUN_FLAG_NAMES;

const tiny = {
  ...countingDefaults,
  ns: [2, 3],
  seeds: 2,
  plasticSteps: 300,
  trainSteps: 200,
  testSteps: 200,
  washoutSteps: 50,
};

const runCounting = (c: typeof tiny, k = key(0)): CountingState => {
  let s = countingProcess.init(c, k);
  for (let i = 0; i < countingProcess.length!(c); i++) s = countingProcess.step(s, c);
  return s;
};

Deno.test("cli descriptor: run and counting are processes, batch a function, golden hidden", () => {
  assert.equal(cli.name, "sorn");
  assert.deepEqual(Object.keys(cli.commands), [
    "run",
    "counting",
    "batch",
    "statistics",
    "golden",
  ]);
  const { run: r, counting, batch, golden } = cli.commands;
  assert.ok(r.kind === "process" && (r.process.unit ?? "step") === "step");
  assert.ok(counting.kind === "process" && counting.process.unit === "trial");
  assert.equal(countingProcess.length!(countingDefaults), 50);
  assert.ok(batch.kind === "function" && batch.http === true && batch.seeded === true);
  assert.ok(golden.kind === "function" && golden.hidden === true);
  assert.equal(typeof cli.reporter, "function");
  assert.equal(cli.showcase?.name, "sorn");
});

Deno.test("every field of every command is a documented flag (nested ones dotted, snake_case kebab)", () => {
  for (const [name, cmd] of Object.entries(cli.commands)) {
    const params = paramsOf(cmd);
    assert.ok(params.length > 0, name);
    for (const p of params) {
      assert.ok(p.description.length > 0, `${name} --${p.flag} has no description`);
      assert.ok(!RUN_FLAGS.includes(p.flag), `${name} --${p.flag} shadows a run flag`);
    }
  }
  const flags = (n: string) => paramsOf(cli.commands[n]).map((p) => p.flag);
  assert.ok(flags("run").includes("sp-prob"));
  assert.ok(flags("run").includes("fano-window"));
  assert.equal(flags("run").length, Object.keys(sornProcess.defaults).length);
  assert.ok(flags("counting").includes("network.sp-prob"));
  assert.ok(flags("counting").includes("plastic-steps"));
  assert.ok(!flags("counting").includes("network.phase"), "the protocol sets the phase");
  assert.ok(!flags("counting").includes("network.input"), "the protocol sets the input");
  assert.ok(flags("batch").includes("network.sp-prob"));
  const sp = paramsOf(cli.commands.run).find((p) => p.flag === "sp-prob")!;
  assert.deepEqual([sp.min, sp.max, sp.default, sp.unit], [0, 1, 0.1, "1/step"]);
  const backend = paramsOf(cli.commands.batch).find((p) => p.flag === "backend")!;
  assert.deepEqual(backend.choices, ["cpu", "gpu", "auto"]);
});

Deno.test("counting declares only what it uses: no records, no workers", () => {
  assert.equal(countingProcess.records, undefined);
  assert.notEqual(countingProcess.workers, true);
  assert.notEqual(batchCommand.workers, true);
});

Deno.test("process summary has the documented figures", () => {
  const p = sornProcess;
  const s = p.run!(p.init(p.defaults, key(3)), p.defaults, 400);
  const sum = p.summary(s, p.defaults);
  for (
    const f of [
      "meanRateE",
      "meanRateI",
      "eeConnections",
      "eiConnections",
      "teMean",
      "tiMean",
      "weeMean",
      "weeLognormalAll",
      "weeLognormalGe001",
      "fanoPerNeuronMean",
      "fanoPopulation",
      "fanoPopulationEI",
      "countAutocorrLag1",
      "countAutocorrLag2",
      "eeTrajectory",
      "rateEFirst500",
      "populationWindowSteps",
      "hIp",
    ]
  ) assert.ok(f in sum, f);
  assert.equal(typeof sum.meanRateE, "number");
  const ln = sum.weeLognormalGe001 as { mu: number; sigma: number };
  assert.ok(Number.isFinite(ln.mu) && ln.sigma > 0);
  assert.ok(typeof sum.fanoPerNeuronMean === "number" && sum.fanoPerNeuronMean > 0);
  assert.deepEqual(Object.keys(p.records!), [
    "ExcitatoryActivation",
    "InhibitoryActivation",
    "RecurrentActivation",
    "WEE",
    "WEI",
    "WIE",
    "TE",
    "TI",
    "EEConnectionCounts",
    "EIConnectionCounts",
  ]);
  assert.equal((p.records!.WEE(s) as Float64Array).length, 200 * 200);
  assert.equal(p.limits!({ ...p.defaults, ne: 10_000, ni: 2000 })?.field, "ne");
  assert.equal(p.limits!(p.defaults), undefined);
});

Deno.test("checkpoint round trip resumes bit-exactly", () => {
  const p = sornProcess;
  const s0 = p.init(p.defaults, key(9));
  const straight = p.run!(s0, p.defaults, 120);
  const mid = decodeState(encodeState(p.run!(s0, p.defaults, 50))) as SornState;
  const resumed = p.run!(mid, p.defaults, 70);
  assert.deepEqual(encodeState(resumed), encodeState(straight));
});

Deno.test("counting process: one step per (n, seed) trial, same table as the study, files", () => {
  const s = runCounting(tiny, key(5));
  assert.equal(s.cells.length, 4);
  assert.deepEqual(s.cells.map((c) => [c.n, c.trial]), [[2, 0], [2, 1], [3, 0], [3, 1]]);
  const sum = countingProcess.summary(s, tiny);
  const table = sum.table as { n: number; seeds: number; perSeed: { plastic: number[] } }[];
  assert.deepEqual(table.map((r) => r.n), [2, 3]);
  assert.equal(table[0].perSeed.plastic.length, 2);
  assert.deepEqual(table, JSON.parse(JSON.stringify(countingStudy(tiny, key(5)))));
  const files = countingProcess.files!(s, tiny);
  assert.deepEqual(Object.keys(files), [
    "sorn-counting.md",
    "sorn-counting.json",
    "sorn-counting.svg",
  ]);
  assert.match(files["sorn-counting.md"] as string, /\| 2 \| /);
  assert.match(files["sorn-counting.md"] as string, /Phases shortened/);
  assert.match(files["sorn-counting.md"] as string, /base seed 5\./);
  assert.match(files["sorn-counting.svg"] as string, /^<svg/);
  const json = JSON.parse(files["sorn-counting.json"] as string);
  assert.equal(json.protocol.plasticSteps, 300);
  assert.equal(json.protocol.seed, 5);
});

Deno.test("counting process: a checkpoint between trials resumes to the same state", () => {
  const straight = runCounting(tiny);
  let s = countingProcess.init(tiny, key(0));
  s = countingProcess.step(countingProcess.step(s, tiny), tiny);
  s = decodeState(encodeState(s)) as CountingState;
  for (let i = 2; i < 4; i++) s = countingProcess.step(s, tiny);
  assert.deepEqual(encodeState(s), encodeState(straight));
});

Deno.test("counting config: bad values name the field", () => {
  const field = (over: object): string | undefined => {
    const r = Effect.runSync(
      Effect.either(decodeConfig(countingProcess.config, { ...countingDefaults, ...over })),
    );
    return Either.isLeft(r) ? r.left.field : undefined;
  };
  assert.equal(field({}), undefined);
  assert.equal(field({ seeds: 0 }), "seeds");
  assert.equal(field({ ns: [] }), "ns");
  assert.equal(field({ ns: [4, 4] }), "ns");
  assert.equal(field({ unitsPerSymbol: 5 }), "network.nu");
  assert.equal(field({ network: { ...countingDefaults.network, sp_prob: 2 } }), "network.sp_prob");
  assert.equal(
    countingProcess.limits!({
      ...countingDefaults,
      network: { ...countingDefaults.network, ne: 5000 },
    })
      ?.field,
    "network.ne",
  );
});

Deno.test("batch function: reports the steps per network and the networks separately", async () => {
  const network = { ...batchDefaults.network, ne: 60, ni: 12, nu: 6, lambda_ee: 8, lambda_ei: 12 };
  const out = await Effect.runPromise(batchCommand.run({
    config: { networks: 3, length: 30, backend: "cpu", network },
    seed: 3,
    env: { workers: 1 },
    progress: () => {},
  }));
  assert.deepEqual(out.count, { unit: "step", n: 30 });
  assert.equal(out.figures.networks, 3);
  assert.equal(out.figures.backend, "cpu");
  const per = out.figures.perNetwork as { meanRateE: number; eeConnections: number }[];
  split(key(3), 3).forEach((k, b) => {
    const sum = stateSummary(run(initState(network, k), network, 30));
    assert.equal(per[b].meanRateE, sum.meanRateE);
    assert.equal(per[b].eeConnections, sum.eeConnections);
  });
  for (const [over, f] of [[{ backend: "tpu" }, "backend"], [{ networks: 0 }, "networks"]]) {
    const r = Effect.runSync(
      Effect.either(decodeConfig(BatchConfigSchema, { ...batchDefaults, ...(over as object) })),
    );
    assert.ok(Either.isLeft(r) && r.left.field === f, JSON.stringify(r));
  }
});

Deno.test("golden function returns the statistics file (written only into --out)", async () => {
  const out = await Effect.runPromise(goldenCommand.run({
    config: { length: 200 },
    seed: 1,
    env: { workers: 1 },
    progress: () => {},
  }));
  assert.deepEqual(out.count, { unit: "step", n: 200 });
  assert.deepEqual(Object.keys(out.files!), ["sorn_defaults_seed1_200.json"]);
  const g = JSON.parse(out.files!["sorn_defaults_seed1_200.json"] as string);
  assert.equal(g.steps, 200);
  assert.ok(g.eeConnections > 0);
});

Deno.test("statistics function: one row per seed (equal to the run summary), mean ± s.d., both files", async () => {
  const out = await Effect.runPromise(statisticsCommand.run({
    config: { seeds: 2, length: 600 },
    seed: 3,
    env: { workers: 1 },
    progress: () => {},
  }));
  assert.deepEqual(out.count, { unit: "network", n: 2 });
  assert.deepEqual(Object.keys(out.files!), ["sorn-statistics.md", "sorn-statistics.json"]);
  const j = JSON.parse(out.files!["sorn-statistics.json"] as string);
  assert.deepEqual(j.seeds, [3, 4]);
  const want = stateSummary(
    run(initState(sornProcess.defaults, key(4)), sornProcess.defaults, 600),
  );
  const row = j.rows[1];
  for (
    const f of ["fanoPopulation", "countAutocorrLag1", "rateEFirst500", "eeTrajectory"] as const
  ) {
    assert.deepEqual(row[f], want[f], f);
  }
  const mean = (j.rows[0].fanoPopulation + j.rows[1].fanoPopulation) / 2;
  assert.ok(Math.abs(j.summary.fanoPopulation.mean - mean) < 1e-12);
  const md = out.files!["sorn-statistics.md"] as string;
  assert.match(md, /\| mean ± s\.d\. \|/);
  assert.match(md, /Shorter than 2,000 steps: the windowed statistics use the 600 steps/);
});

Deno.test("sorn batch: polling for cancellation changes no result, and a cancel stops the CPU loop", async () => {
  const { Effect: E } = await import("effect");
  const { runSornBatch, sornDefaults } = await import("./mod.ts");
  const { key: k, split: sp } = await import("@neuroplastic/core/random");
  const { CANCELLED } = await import("@neuroplastic/core/sim");
  const cfg = { ...sornDefaults, ne: 60, ni: 12, nu: 6 };
  const keys = sp(k(3), 2);
  const plain = E.runSync(runSornBatch(cfg, keys, 120));
  const polled = E.runSync(runSornBatch(cfg, keys, 120, { cancelled: () => false }));
  assert.deepStrictEqual(polled, plain);
  let n = 0;
  assert.throws(
    () => E.runSync(runSornBatch(cfg, keys, 1000, { cancelled: () => ++n > 2 })),
    (e: unknown) => String(e).includes("cancelled") || e === CANCELLED,
  );
  assert.equal(n, 3); // stopped at the third poll: 2 × 25 steps, not 1,000
});
