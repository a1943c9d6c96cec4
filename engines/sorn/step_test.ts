import assert from "node:assert/strict";
import fc from "fast-check";
import { key } from "@neuroplastic/core/random";
import { denseWeights } from "@neuroplastic/plasticity";
import { type SornConfig, sornDefaults } from "./config.ts";
import { createDrawCache } from "./draws.ts";
import { denseStepInPlace, toDense } from "./dense_step.ts";
import { run } from "./run.ts";
import { cloneState, initState, type SornState } from "./state.ts";
import { step } from "./step.ts";
import { arbConfig, assertInvariants } from "./test_helpers.ts";

const physicalEqual = (s: SornState, d: ReturnType<typeof toDense>, label: string): void => {
  assert.equal(s.t, d.t, `${label}: t`);
  assert.deepEqual(s.x, d.x, `${label}: x`);
  assert.deepEqual(s.y, d.y, `${label}: y`);
  assert.deepEqual(s.r, d.r, `${label}: r`);
  assert.deepEqual(s.te, d.te, `${label}: te`);
  assert.deepEqual(s.ti, d.ti, `${label}: ti`);
  assert.deepEqual(denseWeights(s.ee), d.wee, `${label}: Wee`);
  assert.deepEqual(s.ee.mask, d.eeMask, `${label}: Wee mask`);
  assert.deepEqual(denseWeights(s.ei), d.wei, `${label}: Wei`);
  assert.deepEqual(s.ei.mask, d.eiMask, `${label}: Wei mask`);
  assert.deepEqual(s.wie, d.wie, `${label}: Wie`);
};

Deno.test("event-driven step equals the dense reference step bit for bit: 500 steps at the defaults", () => {
  const s0 = initState(sornDefaults, key(2024));
  const d = toDense(s0);
  const draws = createDrawCache(d.ne, d.ni, d.nu);
  let s = s0;
  for (let block = 0; block < 5; block++) {
    s = run(s, sornDefaults, 100);
    for (let q = 0; q < 100; q++) denseStepInPlace(d, sornDefaults, undefined, draws);
    physicalEqual(s, d, `after ${s.t} steps`);
  }
  // the run did something: synapses were pruned and added
  assert.notDeepEqual(s.ee.mask, s0.ee.mask);
});

Deno.test("event-driven step equals the dense step bit for bit over random configs (property, 500 steps)", () => {
  fc.assert(
    fc.property(arbConfig, fc.nat(1_000_000), (c, seed) => {
      const s0 = initState(c, key(seed));
      const d = toDense(s0);
      const draws = createDrawCache(d.ne, d.ni, d.nu);
      for (let q = 0; q < 500; q++) denseStepInPlace(d, c, undefined, draws);
      physicalEqual(run(s0, c, 500), d, `seed ${seed}`);
    }),
    { seed: 42, numRuns: 25 },
  );
});

Deno.test("invariants hold along trajectories (property)", () => {
  fc.assert(
    fc.property(arbConfig, fc.nat(1_000_000), (c, seed) => {
      let s = initState(c, key(seed));
      assertInvariants(s, c);
      for (let q = 0; q < 40; q++) {
        const next = step(s, c);
        assertInvariants(next, c);
        // at most one E→E synapse appears per step, none of I→E
        let added = 0;
        for (let i = 0; i < s.ee.mask.length; i++) if (next.ee.mask[i] && !s.ee.mask[i]) added++;
        assert.ok(added <= 1, `${added} synapses added in one step`);
        if (!c.prune || c.phase !== "plasticity") {
          for (let i = 0; i < s.ee.mask.length; i++) {
            if (s.ee.mask[i]) assert.equal(next.ee.mask[i], 1);
          }
        }
        for (let i = 0; i < s.ei.mask.length; i++) {
          if (next.ei.mask[i]) assert.equal(s.ei.mask[i], 1);
        }
        s = next;
      }
    }),
    { seed: 42, numRuns: 40 },
  );
});

Deno.test("run(s, n) equals n calls of step, and neither mutates its input (property)", () => {
  fc.assert(
    fc.property(arbConfig, fc.nat(1_000_000), fc.integer({ min: 0, max: 60 }), (c, seed, n) => {
      const s0 = run(initState(c, key(seed)), c, 5);
      const snapshot = cloneState(s0);
      let s = s0;
      for (let q = 0; q < n; q++) s = step(s, c);
      const r = run(s0, c, n);
      assert.deepEqual(r, s);
      assert.deepEqual(s0, snapshot, "input state unchanged");
    }),
    { seed: 42, numRuns: 30 },
  );
});

Deno.test("explicit inputs: run with an input function equals step with the same inputs; input arrays untouched", () => {
  const c: SornConfig = {
    ...sornDefaults,
    ne: 30,
    ni: 6,
    nu: 5,
    lambda_ee: 5,
    lambda_ei: 8,
    input: "none",
  };
  const s0 = initState(c, key(11));
  const inputs = Array.from(
    { length: 50 },
    (_, t) => Float64Array.from({ length: 5 }, (_, i) => ((t + i) % 3) / 2),
  );
  const copies = inputs.map((u) => u.slice());
  let s = s0;
  for (const u of inputs) s = step(s, c, u);
  const r = run(s0, c, 50, { input: (t, out) => out.set(inputs[t]) });
  assert.deepEqual(r, s);
  assert.deepEqual(inputs, copies);
});

Deno.test("same seed ⇒ same bits; different seeds ⇒ different trajectories", () => {
  const a = run(initState(sornDefaults, key(1)), sornDefaults, 300);
  const b = run(initState(sornDefaults, key(1)), sornDefaults, 300);
  assert.deepEqual(a, b);
  const c = run(initState(sornDefaults, key(2)), sornDefaults, 300);
  assert.notDeepEqual(a.x, c.x);
  assert.notDeepEqual(a.te, c.te);
  // also when only the dynamics' noise differs: same network, different step key
  const s0 = initState(sornDefaults, key(1));
  const other = run({ ...s0, key: { k0: s0.key.k0 ^ 1, k1: s0.key.k1 } }, sornDefaults, 300);
  assert.notDeepEqual(other.x, a.x);
});

Deno.test("each frozen mechanism leaves its parameters bit-identical", () => {
  const s0 = run(initState(sornDefaults, key(5)), sornDefaults, 50);
  const frozen = (freeze: SornConfig["freeze"]): SornState =>
    run(s0, { ...sornDefaults, freeze }, 200);
  const ip = frozen(["ip"]);
  assert.deepEqual(ip.te, s0.te);
  assert.notDeepEqual(ip.ee.inW, s0.ee.inW);
  const ee = frozen(["stdp", "sp"]);
  assert.deepEqual(ee.ee, s0.ee); // weights, mask and index lists
  const ei = frozen(["istdp"]);
  assert.deepEqual(ei.ei, s0.ei);
  // structural plasticity alone frozen: no synapse is ever added
  const sp = frozen(["sp"]);
  for (let q = 0; q < sp.ee.mask.length; q++) if (sp.ee.mask[q]) assert.equal(s0.ee.mask[q], 1);
  // ss frozen: plastic columns are no longer renormalised
  const ss = frozen(["ss"]);
  let off = 0;
  const wss = denseWeights(ss.ee);
  for (let i = 0; i < ss.ne; i++) {
    let sum = 0;
    for (let j = 0; j < ss.ne; j++) sum += wss[j * ss.ne + i];
    if (sum > 0 && Math.abs(sum - 1) > 1e-6) off++;
  }
  assert.ok(off > 0);
  // training phase: nothing plastic at all
  const tr = run(s0, { ...sornDefaults, phase: "training" }, 200);
  assert.deepEqual([tr.te, tr.ti, tr.ee, tr.ei, tr.wie], [s0.te, s0.ti, s0.ee, s0.ei, s0.wie]);
  assert.notDeepEqual(tr.x, s0.x);
});

Deno.test("noise only (input none) keeps the network alive; uniform input drives the input units", () => {
  const none = run(initState({ ...sornDefaults, input: "none" }, key(3)), {
    ...sornDefaults,
    input: "none",
  }, 2000);
  const uni = run(initState(sornDefaults, key(3)), sornDefaults, 2000);
  const rate = (s: SornState, from: number, to: number): number => {
    let a = 0;
    for (let i = from; i < to; i++) a += s.counters.spikesE[i];
    return a / (s.counters.steps * (to - from));
  };
  assert.ok(rate(uni, 0, 10) > rate(none, 0, 10));
  assert.ok(rate(none, 0, 200) > 0);
});
