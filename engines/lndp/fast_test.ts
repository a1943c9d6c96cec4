import { deepStrictEqual, ok, strictEqual } from "node:assert";
import { key, normal } from "@neuroplastic/core/random";
import { lndpDefaults } from "./config.ts";
import { updateFastInPlace } from "./fast.ts";
import { fixtureGenome, fixtureNetState } from "./fixture_test_helpers.ts";
import { forwardInPlace } from "./forward.ts";
import { makeModel, type ModelOptions } from "./model.ts";
import { unflattenParams } from "./params.ts";
import { run } from "./run.ts";
import { cloneNetState, type NetState } from "./state.ts";
import type { UpdateFn } from "./step.ts";
import { updateInPlace } from "./update.ts";
import { makeWorkspace } from "./workspace.ts";

/** Every field of a state as bit patterns (so −0 ≠ 0 and NaN payloads count). */
function bits(net: NetState): Record<string, number[] | number> {
  const f = (a: Float64Array): number[] => Array.from(new Uint32Array(a.slice().buffer));
  return {
    A: Array.from(net.A),
    h: f(net.h),
    e: f(net.e),
    w: f(net.w),
    a: f(net.a),
    aSeq: f(net.aSeq),
    r: net.r,
    d: net.d,
    t: net.t,
  };
}

/** One lifetime with `update`: returns, final state bits, and the structural events seen. */
function lifetime(task: string, opts: ModelOptions, genome: Float64Array, update: UpdateFn) {
  const m = makeModel(task, opts);
  let last: NetState | undefined, prev: Uint8Array | undefined;
  let added = 0, pruned = 0;
  const r = run(m, genome, 3, key(3), undefined, ({ net }) => {
    if (prev) {
      for (let i = 0; i < prev.length; i++) {
        if (prev[i] < net.A[i]) added++;
        if (prev[i] > net.A[i]) pruned++;
      }
    }
    prev = net.A.slice();
    last = net;
  }, update);
  return { returns: r.returns, envSteps: r.envSteps, state: bits(last!), added, pruned };
}

const fx = (P: number): Float64Array => fixtureGenome(P, 0.35);
const cases: [string, string, Partial<ModelOptions>, (P: number) => Float64Array][] = [
  ["f64 deterministic, growing", "cartpole", {}, fx],
  ["f64 deterministic, pruning", "cartpole", {}, (P) => normal(key(6), P, 0, 0.5)],
  ["f64 stochastic", "cartpole", { stochasticDecisions: true }, fx],
  ["f32 deterministic", "cartpole", { precision: "f32" }, fx],
  ["f32 stochastic", "cartpole", { precision: "f32", stochasticDecisions: true }, fx],
  ["gnnIters 2, development", "cartpole", { gnnIters: 2, devSteps: 3 }, fx],
  ["no pruning, stochastic", "cartpole", { pruning: false, stochasticDecisions: true }, fx],
  ["grid", "grid", { stochasticDecisions: true }, fx],
  ["output identity (ours)", "cartpole", { outputIdentity: true }, fx],
];

for (const [label, task, o, g] of cases) {
  Deno.test(`fast update: whole lifetimes bit-identical to updateInPlace (${label})`, () => {
    const opts = { ...lndpDefaults, ...o };
    const genome = g(makeModel(task, opts).layout.size);
    const ref = lifetime(task, opts, genome, updateInPlace);
    const fast = lifetime(task, opts, genome, updateFastInPlace);
    // the lifetimes must contain structural events, or the comparison proves little
    ok(ref.added + ref.pruned > 0, `${label}: no add/prune event`);
    deepStrictEqual(fast.returns, ref.returns);
    strictEqual(fast.envSteps, ref.envSteps);
    deepStrictEqual([fast.added, fast.pruned], [ref.added, ref.pruned]);
    deepStrictEqual(fast.state, ref.state);
  });
}

Deno.test("fast update: step by step, same UpdateInfo and state, with adds and prunes", () => {
  const m = makeModel("cartpole", { ...lndpDefaults, stochasticDecisions: true });
  const p = unflattenParams(m.layout, fixtureGenome(1918, 0.35));
  const a = fixtureNetState(m), b = cloneNetState(a);
  const wa = makeWorkspace(m), wb = makeWorkspace(m);
  const obs = Float64Array.of(0.01, -0.02, 0.03, 0.04);
  let added = 0, pruned = 0;
  for (let t = 0; t < 40; t++) {
    const ia = updateInPlace(m, p, a, wa, key(100 + t));
    const ib = updateFastInPlace(m, p, b, wb, key(100 + t));
    deepStrictEqual(ib, ia);
    forwardInPlace(m, a, obs, wa);
    forwardInPlace(m, b, obs, wb);
    added += ia.added;
    pruned += ia.pruned;
    deepStrictEqual(bits(b), bits(a), `step ${t}`);
  }
  ok(added > 0 && pruned > 0, `adds ${added}, prunes ${pruned}`);
});

Deno.test("fast update: one scratch per workspace, reused across models of another size", () => {
  // a workspace of a 32-node model and one of a 40-node model: no stale scratch between them
  for (const nNodes of [32, 40, 32]) {
    const m = makeModel("cartpole", { ...lndpDefaults, nNodes });
    const p = unflattenParams(m.layout, fixtureGenome(m.layout.size, 0.35));
    const a = fixtureNetState(m), b = cloneNetState(a);
    const ws = makeWorkspace(m);
    updateInPlace(m, p, a, makeWorkspace(m), key(1));
    updateFastInPlace(m, p, b, ws, key(1));
    deepStrictEqual(bits(b), bits(a));
  }
});
