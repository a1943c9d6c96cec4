import assert from "node:assert/strict";
import { lndpDefaults } from "./config.ts";
import { fixtureGenome, fixtureNetState } from "./fixture_test_helpers.ts";
import { forwardInPlace, readAction } from "./forward.ts";
import { makeModel } from "./model.ts";
import { naiveUpdateInPlace } from "./naive.ts";
import { unflattenParams } from "./params.ts";
import { cloneNetState } from "./state.ts";
import { nodeFeaturesInto, updateInPlace } from "./update.ts";
import { makeWorkspace } from "./workspace.ts";

const close = (actual: number, expected: number, what: string, rel = 1e-6): void => {
  const tol = rel * Math.max(1, Math.abs(expected));
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual} vs ${expected}`);
};
const sum = (a: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s;
};
const OBS = Float64Array.of(0.5, -1.0, 0.3, 0.8);
const KEY = { k0: 0, k1: 0 };

const model = makeModel("cartpole", lndpDefaults);

Deno.test("fixture inputs: 251 edges and the listed node features (col2 = out/10 + in/200)", () => {
  const s = fixtureNetState(model);
  assert.equal(sum(s.A), 251);
  const f = new Float64Array(5);
  const rows: [number, number[]][] = [[0, [0.8, 0, 0.8, 1, 0]], [4, [0.9, 0.9, 0.945, 0, 0]], [31, [
    0,
    0.9,
    0.045,
    0,
    1,
  ]]];
  for (const [i, expected] of rows) {
    nodeFeaturesInto(f, 0, s.A, 32, i, 4, 2);
    for (let c = 0; c < 5; c++) close(f[c], expected[c], `nodefeat[${i},${c}]`, 1e-12);
  }
});

for (const impl of ["batched", "naive"] as const) {
  Deno.test(`§8 LNDP update+forward fixture, s = 0.35 (${impl})`, () => {
    const p = unflattenParams(model.layout, fixtureGenome(model.layout.size, 0.35));
    const net = fixtureNetState(model);
    const ws = makeWorkspace(model);
    if (impl === "naive") {
      const info = naiveUpdateInPlace(model, p, net, KEY);
      close(info.c0, 0.582356905, "c0");
      close(info.gtSum, 56.0221717, "GT output sum");
    } else {
      const info = updateInPlace(model, p, net, ws, KEY);
      close(info.c0, 0.582356905, "c0");
      assert.equal(info.added, 262);
      assert.equal(info.pruned, 0);
    }
    assert.equal(sum(net.A), 513);
    close(sum(net.h), 4.42128073, "Σh'");
    close(net.h[5 * 8], 0.26231099, "h'[5,0]");
    close(net.h[5 * 8 + 1], -0.41699924, "h'[5,1]");
    close(net.h[5 * 8 + 2], 0.89933376, "h'[5,2]");
    close(sum(net.e), -48.8855491, "Σê");
    close(sum(net.w), -29.5667571, "Σw");
    assert.equal(net.t, 1);
    const aT = forwardInPlace(model, net, OBS, ws);
    close(aT[30], 0.92624306, "a3[30]");
    close(aT[31], -0.87586003, "a3[31]");
    assert.equal(readAction(model, aT), 0);
    const expect4 = [0, -0.23496827, -0.78363379, -0.88817039];
    for (let t = 0; t < 4; t++) close(net.aSeq[4 * 4 + t], expect4[t], `a_seq[4,${t}]`);
    // invariant 5: inputs clamped in the first T columns, a_T[inputs] = 0
    for (let i = 0; i < 4; i++) {
      for (let t = 0; t < 3; t++) assert.equal(net.aSeq[i * 4 + t], OBS[i]);
      assert.equal(net.aSeq[i * 4 + 3], 0);
    }
  });

  Deno.test(`§8 LNDP update+forward fixture, s = 0.4: all pruned, w keeps the lag (${impl})`, () => {
    const p = unflattenParams(model.layout, fixtureGenome(model.layout.size, 0.4));
    const net = fixtureNetState(model);
    const ws = makeWorkspace(model);
    const info = impl === "naive"
      ? naiveUpdateInPlace(model, p, net, KEY)
      : updateInPlace(model, p, net, ws, KEY);
    close(info.c0, 0.61286738, "c0");
    assert.equal(sum(net.A), 0);
    let nz = 0;
    for (let i = 0; i < net.w.length; i++) if (net.w[i] !== 0) nz++;
    assert.equal(nz, 251);
    close(sum(net.e), -55.5880419, "Σê");
    close(sum(net.w), -32.9163633, "Σw");
    close(sum(net.h), 4.89256651, "Σh'");
    const aT = forwardInPlace(model, net, OBS, ws);
    close(aT[30], 0.95338704, "a3[30]");
    close(aT[31], -0.86888575, "a3[31]");
  });
}

Deno.test("batched update equals the naive per-pair update (stochastic decisions, several steps)", () => {
  const m = makeModel("acrobot", { ...lndpDefaults, stochasticDecisions: true });
  const p = unflattenParams(m.layout, fixtureGenome(m.layout.size, 0.3));
  const a = fixtureNetState(m), b = cloneNetState(a);
  const ws = makeWorkspace(m);
  for (let t = 0; t < 4; t++) {
    const k = { k0: 1, k1: t };
    updateInPlace(m, p, a, ws, k);
    naiveUpdateInPlace(m, p, b, k);
    assert.deepEqual(a.A, b.A);
    for (let i = 0; i < a.e.length; i++) assert.ok(Math.abs(a.e[i] - b.e[i]) < 1e-12);
    for (let i = 0; i < a.h.length; i++) assert.ok(Math.abs(a.h[i] - b.h[i]) < 1e-12);
    forwardInPlace(m, a, [0.1, 0.2, 0.3, 0.4, 0.5, 0.6], ws);
    b.aSeq.set(a.aSeq);
  }
});
