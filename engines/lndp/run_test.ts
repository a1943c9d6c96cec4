import assert from "node:assert/strict";
import { fold, key, normal, split } from "@neuroplastic/core/random";
import { lndpDefaults } from "./config.ts";
import { makeModel, type Model } from "./model.ts";
import { unflattenParams } from "./params.ts";
import { lifetimeBuffers, run } from "./run.ts";
import { initState, stepInPlace } from "./step.ts";
import type { NetState } from "./state.ts";
import { makeWorkspace } from "./workspace.ts";

/**
 * The reference's `_rollout` transcribed literally: a fixed-length scan of max_steps per
 * episode with valid mask, carried d = 1 − valid (old valid), r = last_reward·valid, and an
 * auto-resetting environment. Used to check the early-exit port in run.ts.
 */
function scanLifetime(m: Model, genome: Float64Array, nEp: number, k: ReturnType<typeof key>) {
  const p = unflattenParams(m.layout, genome);
  const ws = makeWorkspace(m);
  const env = m.env;
  const s = new Float64Array(env.stateSize), obs = new Float64Array(env.obsDims);
  let net: NetState | undefined;
  const returns: number[] = [];
  let fitness = 0;
  for (let ep = 0; ep < nEp; ep++) {
    const [kReset, kSteps, kModel] = split(fold(k, ep), 3);
    if (!net) net = initState(m, p, kModel, ws);
    env.reset(kReset, s, obs);
    let cum = 0, valid = 1, lastReward = 0;
    for (let t = 0; t < env.maxSteps; t++) {
      const action = stepInPlace(m, p, net, obs, lastReward, fold(kSteps, t), ws);
      const { reward, done } = env.stepInto(s, action, obs);
      if (done) env.reset(fold(kReset, 1000 + t), s, obs); // gymnax auto-reset
      cum += reward * valid;
      net.d = 1 - valid;
      lastReward = reward * valid;
      valid = valid * (done ? 0 : 1);
    }
    returns.push(cum);
    fitness = fitness + cum / nEp;
  }
  return { fitness, returns, net: net! };
}

Deno.test("early-exit lifetime equals the reference's fixed-length scan (update/skip timing, §2)", () => {
  for (const task of ["cartpole", "mountaincar"]) {
    const m = makeModel(task, { ...lndpDefaults, stochasticDecisions: task === "mountaincar" });
    for (let seed = 0; seed < 3; seed++) {
      const g = normal(key(seed), m.layout.size, 0, 0.4);
      let finalNet: NetState | undefined;
      const r = run(m, g, 3, key(100 + seed), lifetimeBuffers(m), (ev) => {
        finalNet = ev.net;
      });
      const ref = scanLifetime(m, g, 3, key(100 + seed));
      assert.deepEqual(r.returns, ref.returns);
      assert.equal(r.fitness, ref.fitness);
      assert.equal(r.updates, ref.net.t);
      assert.deepEqual(finalNet!.A, ref.net.A);
      assert.deepEqual(finalNet!.e, ref.net.e);
      assert.deepEqual(finalNet!.h, ref.net.h);
    }
  }
});

Deno.test("update count: +1 per valid step, +1 after an early termination, −1 at a skipped episode start", () => {
  const m = makeModel("cartpole", lndpDefaults);
  const g = normal(key(5), m.layout.size, 0, 0.4);
  const r = run(m, g, 3, key(6));
  let expected = 0;
  let prevEarly = false;
  for (let e = 0; e < 3; e++) {
    const L = r.returns[e]; // CartPole: return = number of valid steps
    const early = L < 500;
    expected += L + (early ? 1 : 0) - (e > 0 && prevEarly ? 1 : 0);
    prevEarly = early;
  }
  assert.equal(r.updates, expected);
  for (const ret of r.returns) assert.ok(ret >= 1 && ret <= 500);
});

Deno.test("blockLtUpdates freezes the graph; grid runs one 100-step lifetime with an update per step", () => {
  const m = makeModel("cartpole", { ...lndpDefaults, blockLtUpdates: true });
  assert.equal(run(m, normal(key(1), 1918, 0, 0.3), 3, key(2)).updates, 0);
  const gm = makeModel("grid", lndpDefaults);
  const r = run(gm, normal(key(1), gm.layout.size, 0, 0.3), 3, key(2));
  assert.equal(r.updates, 100);
  assert.equal(r.returns.length, 1);
  assert.equal(r.fitness % 10, 0);
});

Deno.test("development phase: devSteps updates before the first episode, OU leaves in the genome", () => {
  const m = makeModel("cartpole", { ...lndpDefaults, devSteps: 7 });
  assert.equal(m.layout.size, 1946);
  const p = unflattenParams(m.layout, normal(key(3), m.layout.size, 0, 0.3));
  const net = initState(m, p, key(4), makeWorkspace(m));
  assert.equal(net.t, 7);
  assert.ok(net.a.every((v) => v === 0));
  const sizes = { acrobot: 1972, mountaincar: 1928, pendulum: 1936, grid: 1922 };
  for (const [task, P] of Object.entries(sizes)) {
    assert.equal(makeModel(task, { ...lndpDefaults, devSteps: 1 }).layout.size, P);
  }
});
