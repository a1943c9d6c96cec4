/**
 * Test helpers (not part of the public surface): small random configs for
 * property tests and invariant checks.
 *
 * @module
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { type Mechanism, type SornConfig, sornDefaults } from "./config.ts";
import type { SornState } from "./state.ts";
import { denseWeights } from "@neuroplastic/plasticity";

const MECHANISMS: readonly Mechanism[] = ["stdp", "ip", "sp", "istdp", "ss"];

/** Small valid configs (ne 6..30) spanning the switches of the model. */
export const arbConfig: fc.Arbitrary<SornConfig> = fc
  .record({
    ne: fc.integer({ min: 6, max: 30 }),
    ni: fc.integer({ min: 1, max: 8 }),
    nuFrac: fc.double({ min: 0, max: 1, noNaN: true }),
    lambdaEeFrac: fc.double({ min: 0, max: 1, noNaN: true }),
    lambdaEiFrac: fc.double({ min: 0, max: 1, noNaN: true }),
    eta_stdp: fc.double({ min: 0, max: 0.2, noNaN: true }),
    eta_inhib: fc.double({ min: 0, max: 0.2, noNaN: true }),
    eta_ip: fc.double({ min: 0, max: 0.2, noNaN: true }),
    te_max: fc.double({ min: 0, max: 1, noNaN: true }),
    ti_max: fc.double({ min: 0, max: 0.5, noNaN: true }),
    mu_ip: fc.double({ min: 0.01, max: 0.5, noNaN: true }),
    h_ip: fc.constantFrom("reference" as const, "mu_ip" as const),
    noise_sigma: fc.constantFrom(0, 0.04, 0.2),
    sp_prob: fc.constantFrom(0, 0.1, 0.5, 1),
    prune: fc.boolean(),
    freeze: fc.subarray([...MECHANISMS]),
    input: fc.constantFrom("uniform" as const, "none" as const),
  })
  .map((r): SornConfig => ({
    ...sornDefaults,
    ne: r.ne,
    ni: r.ni,
    nu: Math.floor(r.nuFrac * r.ne),
    lambda_ee: r.lambdaEeFrac * (r.ne - 1),
    lambda_ei: r.lambdaEiFrac * r.ne,
    eta_stdp: r.eta_stdp,
    eta_inhib: r.eta_inhib,
    eta_ip: r.eta_ip,
    te_min: 0,
    te_max: r.te_max,
    ti_min: 0,
    ti_max: r.ti_max,
    mu_ip: r.mu_ip,
    h_ip: r.h_ip,
    noise_sigma: r.noise_sigma,
    sp_prob: r.sp_prob,
    prune: r.prune,
    freeze: r.freeze,
    input: r.input,
    fano_window: 7,
  }));

/** Asserts the model invariants of a state (see the spec's "Invariants" list). */
export const assertInvariants = (s: SornState, c: SornConfig): void => {
  const { ne, ni } = s;
  for (const v of s.x) assert.ok(v === 0 || v === 1, "binary x");
  for (const v of s.y) assert.ok(v === 0 || v === 1, "binary y");
  const wee = denseWeights(s.ee);
  const wei = denseWeights(s.ei);
  for (const v of wee) assert.ok(v >= 0 && v <= 1, `Wee weight ${v} in [0,1]`);
  for (const v of wei) assert.ok(v >= 0 && v <= 1, `Wei weight ${v} in [0,1]`);
  for (let i = 0; i < ne; i++) {
    assert.equal(wee[i * ne + i], 0, "zero Wee diagonal");
    assert.equal(s.ee.mask[i * ne + i], 0, "no self-synapse");
  }
  for (const v of s.te) assert.ok(v >= c.te_min && v <= c.te_max, `Te ${v} in bounds`);
  for (const v of s.ti) assert.ok(v >= c.ti_min && v <= c.ti_max, `Ti ${v} in bounds`);
  // Absent synapses have weight 0; with pruning every present synapse is > 0.
  for (let q = 0; q < ne * ne; q++) {
    if (s.ee.mask[q] === 0) assert.equal(wee[q], 0);
    else if (c.prune) assert.ok(wee[q] > 0);
  }
  for (let q = 0; q < ni * ne; q++) {
    if (s.ei.mask[q] === 0) assert.equal(wei[q], 0);
    else if (c.prune) assert.ok(wei[q] > 0);
  }
  if (c.phase === "plasticity" && !c.freeze.includes("ss")) {
    for (let i = 0; i < ne; i++) {
      let see = 0;
      for (let j = 0; j < ne; j++) see += wee[j * ne + i];
      if (see > 0) assert.ok(Math.abs(see - 1) < 1e-6, `Wee column ${i} sums to ${see}`);
      let sei = 0;
      for (let k = 0; k < ni; k++) sei += wei[k * ne + i];
      if (sei > 0) assert.ok(Math.abs(sei - 1) < 1e-6, `Wei column ${i} sums to ${sei}`);
    }
  }
  // Index lists describe the masks; incoming lists ascending.
  for (const [m, nPre, nPost] of [[s.ee, ne, ne], [s.ei, ni, ne]] as const) {
    for (let i = 0; i < nPost; i++) {
      const ins = Array.from(m.inIdx.subarray(i * m.inCap, i * m.inCap + m.inLen[i]));
      const expect: number[] = [];
      for (let j = 0; j < nPre; j++) if (m.mask[j * nPost + i]) expect.push(j);
      assert.deepEqual(ins, expect);
    }
    for (let j = 0; j < nPre; j++) {
      for (let q = 0; q < m.outLen[j]; q++) {
        assert.equal(m.inIdx[m.outPos[j * m.outCap + q]], j, "row → column slot");
      }
      const outs = Array.from(m.outIdx.subarray(j * m.outCap, j * m.outCap + m.outLen[j])).sort((
        a,
        b,
      ) => a - b);
      const expect: number[] = [];
      for (let i = 0; i < nPost; i++) if (m.mask[j * nPost + i]) expect.push(i);
      assert.deepEqual(outs, expect);
    }
  }
};
