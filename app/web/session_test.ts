import assert from "node:assert/strict";
import { Effect } from "effect";
import { invoke } from "@neuroplastic/core/sim";
import { cli as walk } from "@neuroplastic/engines/walk";
import { main } from "../cli.ts";
import { openSession, readCheckpointBytes } from "./session.ts";

const cliHash = async (flags: Record<string, string>): Promise<string> =>
  String((await Effect.runPromise(invoke(walk, "run", flags))).stateHash);

Deno.test("a session run in segments (steps, short time boxes, a pause) ends on the CLI's stateHash", async () => {
  const flags = { steps: "300", seed: "3", sigma: "0.05" };
  const o = openSession(walk, "run", flags);
  assert.ok(o.ok);
  const s = o.session;
  assert.equal(s.total, 300);
  const one = await s.segment({ one: true });
  assert.equal(one.units, 1);
  assert.equal(one.done, 1);
  assert.equal(one.finished, false);
  let polls = 0; // each segment stops after its third chunk
  const saves: number[] = [];
  let segments = 1;
  let r = one;
  while (!r.finished) {
    r = await s.segment({ stop: () => ++polls % 3 === 0, onSave: (step) => saves.push(step) });
    segments++;
  }
  // every segment saved its checkpoint where it stopped, the last one at the end
  assert.equal(saves.length, segments - 1);
  assert.equal(saves.at(-1), 300);
  assert.ok(segments > 3, `only ${segments} segments`);
  assert.equal(r.done, 300);
  assert.equal(r.result.stateHash, await cliHash(flags));
  // a different seed changes the hash (the comparison can fail)
  assert.notEqual(r.result.stateHash, await cliHash({ ...flags, seed: "4" }));
});

Deno.test("a session continued from its checkpoint bytes ends on the CLI's stateHash", async () => {
  const flags = { steps: "120", seed: "5" };
  const a = openSession(walk, "run", flags);
  assert.ok(a.ok);
  await a.session.segment({ one: true });
  await a.session.segment({ one: true });
  const bytes = a.session.checkpoint();
  const c = readCheckpointBytes(bytes, "checkpoint.bin");
  assert.ok(c.ok);
  assert.equal(c.step, 2);
  const b = openSession(walk, "run", flags, c);
  assert.ok(b.ok);
  const r = await b.session.segment({});
  assert.equal(r.finished, true);
  assert.equal(r.result.stateHash, await cliHash(flags));
  bytes[20] ^= 1;
  const bad = readCheckpointBytes(bytes, "checkpoint.bin");
  assert.ok(!bad.ok && bad.error.startsWith("np: ") && bad.error.includes("checkpoint.bin"));
});

Deno.test("bad flags give the CLI's line (np: --flag: ...), naming the field", async () => {
  const o = openSession(walk, "run", { steps: "10", sigma: "-1" });
  assert.ok(!o.ok);
  assert.equal(o.field, "sigma");
  // the CLI's own line for the same flags (what `np walk run --steps 10 --sigma -1` prints)
  const err: string[] = [];
  const code = await main(
    ["walk", "run", "--steps", "10", "--sigma", "-1"],
    () => {},
    (l) => err.push(l),
    [walk],
  );
  assert.equal(code, 2);
  assert.equal(o.error, err.at(-1));
  const u = openSession(walk, "run", { stepz: "10" });
  assert.ok(!u.ok && u.error.includes("did you mean --steps"), JSON.stringify(u));
  for (const f of ["out", "workers", "record"]) {
    const o2 = openSession(walk, "run", { [f]: "2" });
    assert.ok(!o2.ok && o2.field === f, f);
  }
});

Deno.test("a run short enough to save once still gives its live figures (the init state is the first save's previous state)", async () => {
  const { cli: sorn } = await import("@neuroplastic/engines/sorn");
  const { liveFigures } = await import("./figures.ts");
  const o = openSession(sorn, "run", { steps: "50", seed: "1" });
  assert.ok(o.ok);
  const s = o.session;
  const cmd = sorn.commands.run as { process: Parameters<typeof liveFigures>[2] };
  const live = liveFigures("sorn", "run", cmd.process, s.config);
  const saves: [number, unknown][] = [];
  const r = await s.segment({
    onSave: (step, state, prev) => {
      saves.push([step, prev]);
      live.update(step, state, prev);
    },
  });
  assert.equal(r.finished, true);
  // one save (the end), and it has the fresh state at step 0 as its previous state
  assert.equal(saves.length, 1);
  assert.equal(saves[0][0], 50);
  assert.equal((saves[0][1] as { t: number }).t, 0);
  const ids = live.draw().map((f) => f.id);
  assert.deepEqual(ids, ["sorn-raster", "sorn-rates", "sorn-ee-count", "sorn-ee-weights"]);
});
