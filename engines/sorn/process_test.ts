import assert from "node:assert/strict";
import { Effect, Either } from "effect";
import { decodeState, encodeState } from "@neuroplastic/core/checkpoint";
import { key } from "@neuroplastic/core/random";
import type { CommandContext } from "@neuroplastic/core/sim";
import { cli } from "./cli.ts";
import { sornProcess } from "./process.ts";
import type { SornState } from "./state.ts";

const ctx = (
  flags: CommandContext["flags"],
  outDir: string,
  seed = 0,
  steps?: number,
): CommandContext => ({
  flags,
  positional: [],
  seed,
  steps,
  outDir,
  progress: () => {},
});

Deno.test("cli descriptor: run is the SORN process, counting, golden and batch are custom commands", () => {
  assert.equal(cli.name, "sorn");
  assert.deepEqual(Object.keys(cli.commands), ["run", "counting", "golden", "batch"]);
  assert.equal(cli.commands.run.kind, "process");
  assert.equal(cli.commands.counting.kind, "custom");
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
      "weeLognormal",
      "fanoFactor",
    ]
  ) assert.ok(f in sum, f);
  assert.equal(typeof sum.meanRateE, "number");
  const ln = sum.weeLognormal as { mu: number; sigma: number };
  assert.ok(Number.isFinite(ln.mu) && ln.sigma > 0);
  assert.ok(typeof sum.fanoFactor === "number" && sum.fanoFactor > 0);
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

Deno.test("counting command writes the table, JSON and SVG (tiny protocol)", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const cmd = cli.commands.counting;
    if (cmd.kind !== "custom") throw new Error("counting must be custom");
    const flags = {
      seeds: "2",
      n: "2,3",
      "plastic-steps": "300",
      "train-steps": "200",
      "test-steps": "200",
      washout: "50",
      name: "tiny",
    };
    const out = await Effect.runPromise(cmd.run(ctx(flags, dir)));
    const table = out.figures.table as {
      n: number;
      seeds: number;
      perSeed: { plastic: number[] };
    }[];
    assert.deepEqual(table.map((r) => r.n), [2, 3]);
    assert.equal(table[0].perSeed.plastic.length, 2);
    const md = await Deno.readTextFile(`${dir}/tiny.md`);
    assert.match(md, /\| 2 \| /);
    assert.match(md, /Phases shortened/);
    assert.match(await Deno.readTextFile(`${dir}/tiny.svg`), /^<svg/);
    const json = JSON.parse(await Deno.readTextFile(`${dir}/tiny.json`));
    assert.equal(json.protocol.plasticSteps, 300);
    // bad flags fail with InvalidConfig naming the flag
    const bad = await Effect.runPromise(Effect.either(cmd.run(ctx({ seeds: "0" }, dir))));
    assert.ok(
      Either.isLeft(bad) && bad.left._tag === "InvalidConfig" && bad.left.field === "seeds",
    );
    const badCfg = await Effect.runPromise(
      Effect.either(cmd.run(ctx({ config: `${dir}/missing.json` }, dir))),
    );
    assert.ok(
      Either.isLeft(badCfg) && badCfg.left._tag === "InvalidConfig" &&
        badCfg.left.field === "config",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("golden command writes the statistics file", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const cmd = cli.commands.golden;
    if (cmd.kind !== "custom") throw new Error("golden must be custom");
    const out = await Effect.runPromise(cmd.run(ctx({}, dir, 1, 200)));
    assert.equal(out.steps, 200);
    const g = JSON.parse(await Deno.readTextFile(`${dir}/sorn_defaults_seed1_200.json`));
    assert.equal(g.steps, 200);
    assert.ok(g.eeConnections > 0);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
