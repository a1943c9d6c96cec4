import assert from "node:assert/strict";
import { fold, key, normal } from "@neuroplastic/core/random";
import { InvalidConfig } from "@neuroplastic/core/errors";
import { lifetimeConfig, lifetimeDefaults, lndpDefaults } from "./config.ts";
import { updateFastInPlace } from "./fast.ts";
import { fixtureGenome, fixtureNetState } from "./fixture_test_helpers.ts";
import { forwardInPlace } from "./forward.ts";
import { makeModel, type ModelOptions } from "./model.ts";
import { unflattenParams } from "./params.ts";
import { run } from "./run.ts";
import { closePools, evaluatePopulationSync } from "./pool.ts";
import { evaluateBatchInline } from "./population.ts";

import { cloneNetState, emptyNetState, initNetGraph, type NetState } from "./state.ts";
import { WasmF32Net } from "./wasm_f32.ts";
import { makeWorkspace } from "./workspace.ts";

const wasmOpts = (o: Partial<ModelOptions> = {}): ModelOptions => ({
  ...lndpDefaults,
  ...o,
  precision: "f32-wasm",
});

/** The largest |a − b| over the float fields of two states. */
function maxStateDiff(a: NetState, b: NetState): number {
  let d = 0;
  for (const k of ["h", "e", "w", "aSeq"] as const) {
    for (let i = 0; i < a[k].length; i++) d = Math.max(d, Math.abs(a[k][i] - b[k][i]));
  }
  return d;
}

// Tolerance of one update + forward against f64 away from saturation: the states compared (h, e,
// w, a_seq) are GRU blends and tanh outputs, |v| < 1; each float32 operation errs by ≤ 2^−24
// relative (≤ 2 ulp for the sigmoid, 1 for exp and tanh), and a value passes through ~20
// dependent operations per update (Wpre, attention, O, node GRU, edge projections, edge GRU):
// 20 × 4 ulp × 2^−24 ≈ 5e−6. Measured 2.7e−7 (acrobot) and 3.2e−7 (cartpole).
const TOL = 5e-6;

Deno.test("f32-wasm update + forward: within 5e-6 of the f64 fast step, same graph", () => {
  for (const [task, sigma, seed] of [["cartpole", 0.3, 3], ["acrobot", 0.35, 4]] as const) {
    const m64 = makeModel(task, lndpDefaults), mw = makeModel(task, wasmOpts());
    const genome = normal(key(seed), m64.layout.size, 0, sigma).map(Math.fround);
    const p = unflattenParams(m64.layout, genome);
    const s0 = fixtureNetState(m64);
    for (const k of ["h", "e", "w", "aSeq"] as const) s0[k].set(s0[k].map(Math.fround));
    const n64 = cloneNetState(s0), ws = makeWorkspace(m64);
    const net = new WasmF32Net(mw);
    net.loadGenome(genome);
    net.importState(s0);
    const out = emptyNetState(mw);
    let worst = 0, changed = 0;
    for (let u = 0; u < 3; u++) {
      const obs = Array.from({ length: m64.o }, (_, i) => 0.1 * (u + 1) * Math.cos(i + u));
      const before = n64.A.slice();
      updateFastInPlace(m64, p, n64, ws, fold(key(seed), u));
      net.r = n64.r;
      net.update(fold(key(seed), u));
      forwardInPlace(m64, n64, obs, ws);
      net.forward(obs);
      net.exportState(out);
      assert.deepEqual(out.A, n64.A, `${task}: graphs differ after update ${u}`);
      for (let i = 0; i < before.length; i++) changed += before[i] !== n64.A[i] ? 1 : 0;
      worst = Math.max(worst, maxStateDiff(out, n64));
      // every value is a float32
      assert.ok(out.e.every((v) => Math.fround(v) === v));
    }
    assert.ok(changed > 0, `${task}: the updates should add or prune edges`);
    assert.ok(worst > 0 && worst < TOL, `${task}: max |f64 − f32-wasm| = ${worst}`);
  }
});

Deno.test("f32-wasm: lifetimes reproducible bit for bit, the default and f32 results untouched", () => {
  const mw = makeModel("cartpole", wasmOpts());
  const genome = fixtureGenome(mw.layout.size, 0.35);
  const trace = (): number[] => {
    const out: number[] = [];
    const r = run(mw, genome, 2, key(6), undefined, ({ net }) => {
      out.push(...new Uint32Array(Float64Array.from(net.h).buffer), net.A.reduce((a, b) => a + b));
    });
    out.push(...r.returns, r.envSteps);
    return out;
  };
  const a = trace(), b = trace();
  assert.deepEqual(a, b);
  // the other precisions do not go through the kernel: the same lifetime differs from f64's
  const m64 = makeModel("cartpole", lndpDefaults);
  let h64: number[] = [];
  run(m64, genome, 1, key(6), undefined, ({ net }) => {
    if (net.t === 1 && h64.length === 0) h64 = Array.from(net.h);
  });
  assert.ok(h64.some((v) => Math.fround(v) !== v), "f64 states are not float32 values");
});

Deno.test("f32-wasm lifetimes: returns close to f64 for small-weight genomes", () => {
  // σ = 0.1 genomes are not chaotic: the two arithmetics keep the same graphs and actions
  const m64 = makeModel("cartpole", lndpDefaults), mw = makeModel("cartpole", wasmOpts());
  let same = 0, total = 0;
  for (let s = 0; s < 4; s++) {
    const g = normal(key(100 + s), m64.layout.size, 0, 0.1);
    const a = run(m64, g, 3, key(s)), b = run(mw, g, 3, key(s));
    for (let e = 0; e < 3; e++) {
      total++;
      if (a.returns[e] === b.returns[e]) same++;
    }
    assert.ok(Math.abs(a.fitness - b.fitness) <= 0.1 * a.fitness + 5, `${a.returns} ${b.returns}`);
  }
  assert.ok(same >= total - 2, `${same} of ${total} episode returns equal`);
});

Deno.test("f32-wasm: every option path runs (grid, development, gnnIters 2, stochastic, no pruning, bias, recurrence, output identity, pendulum, N not a multiple of 4)", () => {
  const cases: [string, Partial<ModelOptions>][] = [
    ["grid", { stochasticDecisions: true }],
    ["cartpole", { devSteps: 3, gnnIters: 2 }],
    ["cartpole", { pruning: false, stochasticDecisions: true }],
    ["cartpole", { synaptogenesis: false, useBias: true, isRecurrent: true }],
    ["cartpole", { outputIdentity: true }],
    ["pendulum", {}],
    ["mountaincar", { nNodes: 13 }],
  ];
  for (const [task, o] of cases) {
    const m64 = makeModel(task, { ...lndpDefaults, ...o }), mw = makeModel(task, wasmOpts(o));
    const g = normal(key(7), m64.layout.size, 0, 0.1);
    const a = run(m64, g, 1, key(8)), b = run(mw, g, 1, key(8));
    assert.deepEqual(run(mw, g, 1, key(8)), b, `${task} ${JSON.stringify(o)}: reproducible`);
    assert.equal(a.updates > 0, b.updates > 0);
    assert.ok(Number.isFinite(b.fitness), `${task} ${JSON.stringify(o)}`);
    // an N not divisible by 4 pads rows; a state round trip keeps the state
    if (o.nNodes === 13) {
      const net = new WasmF32Net(mw), s = initNetGraph(mw, key(9)), t = emptyNetState(mw);
      net.importState(s);
      net.exportState(t);
      assert.deepEqual(t.A, s.A);
      assert.ok(maxStateDiff(s, t) < 1e-7);
    }
  }
});

Deno.test("precision f32-wasm: accepted by the config, bad values name the field", () => {
  assert.equal(lifetimeConfig({ precision: "f32-wasm" }).precision, "f32-wasm");
  assert.throws(
    () => lifetimeConfig({ precision: "wasm" as "f32" }),
    (e: unknown) => e instanceof InvalidConfig && e.field === "precision",
  );
  const m = makeModel("cartpole", wasmOpts());
  assert.throws(
    () => run(m, new Float64Array(5), 1, key(1)),
    (e: unknown) => e instanceof InvalidConfig && e.field === "genome",
  );
});

Deno.test("f32-wasm through the worker pool: the same results on 2 workers as inline", () => {
  const cfg = { ...lifetimeDefaults, precision: "f32-wasm" as const, nEpisodes: 1 };
  const P = makeModel("cartpole", cfg).layout.size;
  const genomes = normal(key(41), 4 * P, 0, 1);
  try {
    const a = evaluatePopulationSync(cfg, genomes, 4, key(42), 2);
    const b = evaluateBatchInline(cfg, genomes, 4, key(42));
    assert.deepEqual(a, b);
  } finally {
    closePools();
  }
});
