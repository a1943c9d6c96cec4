// The output identity (ours, `outputIdentity`): a dh × k genome leaf appended after the
// reference's leaves; output node m adds its column to its pre-projection. Off by default.
import assert from "node:assert/strict";
import { fillNormal, key } from "@neuroplastic/core/random";
import { lndpDefaults } from "./config.ts";
import { TASKS } from "./envs/mod.ts";
import { makeModel } from "./model.ts";
import { NODE_FEATURES, unflattenParams } from "./params.ts";
import { naiveUpdateInPlace } from "./naive.ts";
import { run } from "./run.ts";
import { cloneNetState } from "./state.ts";
import { makeWorkspace } from "./workspace.ts";
import { fixtureGenome, fixtureNetState } from "./fixture_test_helpers.ts";
import { updateInPlace } from "./update.ts";
import { updateFastInPlace } from "./fast.ts";
import type { UpdateFn } from "./step.ts";

const withId = { ...lndpDefaults, outputIdentity: true };

Deno.test("output identity: + 8k genome parameters as one last leaf; the reference leaves keep their offsets", () => {
  for (const task of TASKS) {
    const ref = makeModel(task, lndpDefaults), ours = makeModel(task, withId);
    assert.equal(ours.layout.size, 1918 + NODE_FEATURES * ours.k, task);
    assert.deepEqual(ours.layout.leaves.slice(0, -1), ref.layout.leaves, task);
    const leaf = ours.layout.leaves.at(-1)!;
    assert.deepEqual([leaf.name, leaf.shape, leaf.offset], [
      "ours.output_id.weight",
      [NODE_FEATURES, ours.k],
      1918,
    ]);
  }
  // CartPole: P = 1934 (the figure the option's description and the README state)
  assert.equal(makeModel("cartpole", withId).layout.size, 1934);
});

/** One CartPole lifetime: returns, env steps and the bits of h after every step. */
const lifetime = (opts: typeof lndpDefaults, genome: Float64Array, update: UpdateFn) => {
  const hs: number[] = [];
  const r = run(makeModel("cartpole", opts), genome, 3, key(7), undefined, ({ net }) => {
    hs.push(...new Uint32Array(net.h.slice().buffer));
  }, update);
  return { returns: r.returns, envSteps: r.envSteps, hs };
};

Deno.test("output identity: zero columns replay the reference lifetime bit for bit; non-zero ones change it", () => {
  const g = new Float64Array(1918);
  fillNormal(key(4), g, 0, 0.1);
  const ref = lifetime(lndpDefaults, g, updateFastInPlace);
  const zero = new Float64Array(1934);
  zero.set(g);
  for (const update of [updateFastInPlace, updateInPlace]) {
    const r = lifetime(withId, zero, update);
    assert.deepEqual(r.returns, ref.returns);
    assert.equal(r.envSteps, ref.envSteps);
    assert.deepEqual(r.hs, ref.hs);
  }
  const used = zero.slice();
  fillNormal(key(5), used.subarray(1918), 0, 0.5);
  const a = lifetime(withId, used, updateFastInPlace);
  const b = lifetime(withId, used, updateInPlace);
  assert.deepEqual(a.hs, b.hs);
  assert.notDeepEqual(a.hs, ref.hs);
});

Deno.test("output identity: the naive transcription adds the same columns (1e-12)", () => {
  const m = makeModel("cartpole", withId);
  const p = unflattenParams(m.layout, fixtureGenome(m.layout.size, 0.35));
  const a = fixtureNetState(m), b = cloneNetState(a), c = fixtureNetState(m);
  updateInPlace(m, p, a, makeWorkspace(m), key(1));
  naiveUpdateInPlace(m, p, b, key(1));
  // the control: the same state updated without the columns
  updateInPlace(
    m,
    unflattenParams(m.layout, fixtureGenome(m.layout.size, 0.35).fill(0, 1918)),
    c,
    makeWorkspace(m),
    key(1),
  );
  let diff = 0, moved = 0;
  for (let q = 0; q < a.h.length; q++) {
    diff = Math.max(diff, Math.abs(a.h[q] - b.h[q]));
    moved = Math.max(moved, Math.abs(a.h[q] - c.h[q]));
  }
  assert.ok(diff <= 1e-12, `naive vs batched: ${diff}`);
  assert.ok(moved > 1e-3, `the columns changed h by ${moved} only`);
});
