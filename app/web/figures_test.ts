import assert from "node:assert/strict";
import { key } from "@neuroplastic/core/random";
import type { Process } from "@neuroplastic/core/sim";
import { synapseCount } from "@neuroplastic/plasticity";
import { initState, makeConfigSync, run as sornRun } from "@neuroplastic/engines/sorn";
import { liveFigures } from "./figures.ts";
import { engines } from "../registry.ts";
import { openSession } from "./session.ts";

const noProcess = {} as Process<unknown, unknown>;
const svgOf = (figs: readonly { id: string; svg: string }[], id: string): string => {
  const f = figs.find((x) => x.id === id);
  assert.ok(f, `${id} not drawn (${figs.map((x) => x.id)})`);
  return f.svg;
};

Deno.test("GENREG figures: fitness from the trace's MSE column, saturation from its k column", () => {
  const draw = (trace: number[]) => {
    const live = liveFigures("genreg", "run", noProcess, { model: { hidden: 8 } });
    live.update(20, { trace, t: 20, lastMseBest: trace[4], lastK: trace[5] }, undefined);
    return live.draw();
  };
  const base = draw([10, 0.5, 3, 20, 0.25, 2]);
  const otherK = draw([10, 0.5, 6, 20, 0.25, 1]);
  const otherMse = draw([10, 0.9, 3, 20, 0.125, 2]);
  assert.equal(svgOf(otherK, "genreg-fitness"), svgOf(base, "genreg-fitness"));
  assert.notEqual(svgOf(otherK, "genreg-saturation"), svgOf(base, "genreg-saturation"));
  assert.equal(svgOf(otherMse, "genreg-saturation"), svgOf(base, "genreg-saturation"));
  assert.notEqual(svgOf(otherMse, "genreg-fitness"), svgOf(base, "genreg-fitness"));
  assert.match(svgOf(base, "genreg-saturation"), /of 8\)/);
});

Deno.test("SORN figures: the E→E histogram holds every present synapse", () => {
  const c = makeConfigSync({ ne: 60, ni: 12, lambda_ee: 8, lambda_ei: 10 });
  const s0 = initState(c, key(3));
  const s1 = sornRun(s0, c, 300);
  const live = liveFigures("sorn", "run", noProcess, c);
  live.update(300, s1, s0);
  const figs = live.draw();
  const n = synapseCount(s1.ee);
  assert.match(svgOf(figs, "sorn-ee-weights"), new RegExp(`at step 300 \\(${n} synapses\\)`));
  assert.ok(svgOf(figs, "sorn-ee-count").includes("E→E connections"));
  assert.ok(svgOf(figs, "sorn-raster").includes('class="tick"'));
});

Deno.test("LNDP figures: the replayed lifetime is deterministic (same state, same drawing) with the cart at 4 moments", async () => {
  const lndp = engines.find((e) => e.name === "lndp")!;
  const flags = {
    seed: "1",
    generations: "1",
    "n-episodes": "1",
    "n-nodes": "8",
    strategy: "openai",
    popsize: "4",
  };
  const o = openSession(lndp, "train", flags);
  assert.ok(o.ok);
  await o.session.segment({});
  const p = (lndp.commands.train as { process: Process<unknown, unknown> }).process;
  const draw = () => {
    const live = liveFigures("lndp", "train", p, o.session.config);
    live.update(1, o.session.state, undefined);
    return svgOf(live.draw(), "lndp-network");
  };
  const a = draw();
  assert.equal(draw(), a);
  assert.equal(a.match(/<g class="cart">/g)?.length, 4);
  assert.ok(/class="edge"/.test(a), "no edges drawn");
});
