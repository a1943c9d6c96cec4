import assert from "node:assert/strict";
import { Effect } from "effect";
import { key } from "@neuroplastic/core/random";
import { decodeConfig } from "@neuroplastic/core/sim";
import { matchedHiddenSize, modeBLayout } from "./model.ts";
import { modeBTaskBatch, modeBTaskShape } from "./tasks.ts";
import { ModeBConfigSchema, modeBDefaults, modeBTaskPreset } from "./config.ts";
import { initModeBTrain, modeBSpecOf, runModeBTrain } from "./train.ts";

Deno.test("mode B pattern task: half the probe bits hidden, targets the full pattern, deterministic", () => {
  const t = modeBTaskPreset("pattern");
  const { input: I, seqLen: T } = modeBTaskShape(t);
  const a = modeBTaskBatch(t, key(1), 6);
  assert.deepEqual(a.x, modeBTaskBatch(t, key(1), 6).x);
  assert.notDeepEqual(a.x, modeBTaskBatch(t, key(2), 6).x);
  for (let b = 0; b < 6; b++) {
    const last = b * T + T - 1;
    let zeros = 0, scored = 0;
    for (let i = 0; i < I; i++) {
      const xi = a.x[last * I + i], ti = a.target[last * I + i];
      assert.ok(ti === 1 || ti === -1);
      if (xi === 0) zeros++;
      else assert.equal(xi, ti);
      scored += a.scored[last * I + i];
    }
    assert.equal(zeros, I / 2);
    assert.equal(scored, I / 2);
    // the probed pattern was shown once, earlier in the episode
    const shown = [0, 1, 2].some((k) =>
      Array.from({ length: I }, (_, i) => a.x[(b * T + 3 * k) * I + i]).every((v, i) =>
        v === a.target[last * I + i]
      )
    );
    assert.ok(shown);
  }
});

Deno.test("mode B cue-reward task: reward channel repeats the target; only already-seen cues are scored", () => {
  const t = modeBTaskPreset("cue-reward");
  const { input: I, seqLen: T } = modeBTaskShape(t);
  const a = modeBTaskBatch(t, key(3), 8);
  for (let b = 0; b < 8; b++) {
    const seen = new Map<string, number>();
    for (let tr = 0; tr < t.show; tr++) {
      const s0 = b * T + 3 * tr;
      const cue = Array.from(a.x.subarray(s0 * I, s0 * I + t.bits)).join(",");
      const ans = s0 + 1;
      assert.equal(a.x[(s0 + 2) * I + t.bits], a.target[ans]);
      assert.equal(a.weight[s0] + a.weight[ans] + a.weight[s0 + 2], 1);
      assert.equal(a.scored[ans], seen.has(cue) ? 1 : 0);
      if (seen.has(cue)) assert.equal(seen.get(cue), a.target[ans]);
      seen.set(cue, a.target[ans]);
    }
  }
});

Deno.test("mode B training: run(n) equals n single steps bit for bit; same seed ⇒ same bits", () => {
  const c = { ...modeBDefaults, hidden: 6, batch: 4, evalBatch: 8, evalEvery: 2 };
  const a = runModeBTrain(initModeBTrain(c, key(1)), c, 3);
  let s = initModeBTrain(c, key(1));
  for (let k = 0; k < 3; k++) s = runModeBTrain(s, c, 1);
  assert.deepEqual(s.params, a.params);
  assert.deepEqual(s.losses, a.losses);
  assert.deepEqual(s.evalAccuracy, a.evalAccuracy);
  assert.deepEqual(runModeBTrain(initModeBTrain(c, key(1)), c, 3).params, a.params);
  assert.ok(a.losses.every(Number.isFinite));
});

Deno.test("mode B: the non-plastic baseline has the plastic network's parameter count (±2%)", () => {
  for (const task of ["pattern", "cue-reward"] as const) {
    const c = { ...modeBDefaults, ...modeBTaskPreset(task) };
    const plastic = modeBLayout(modeBSpecOf(c)).size;
    const none = modeBLayout(modeBSpecOf({ ...c, plasticity: "none" })).size;
    assert.ok(Math.abs(none - plastic) / plastic < 0.02, `${task}: ${none} vs ${plastic}`);
  }
  assert.equal(matchedHiddenSize(9, 1, 1442), 33);
});

Deno.test("mode B: bad configs name the field", async () => {
  for (
    const [f, v] of [["hidden", 0], ["eta", 2], ["plasticity", "foo"], ["task", "x"], [
      "lr",
      -1,
    ]] as const
  ) {
    const e = await Effect.runPromise(
      Effect.flip(decodeConfig(ModeBConfigSchema, { ...modeBDefaults, [f]: v })),
    );
    assert.equal(e.field, f);
  }
});
