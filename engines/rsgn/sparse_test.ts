import assert from "node:assert/strict";
import { key } from "@neuroplastic/core/random";
import type { FloatArray } from "@neuroplastic/core/tensor";
import { presetConfig, type RsgnConfig } from "./config.ts";
import { initParams, PARAM_NAMES, type RsgnParams } from "./params.ts";
import { crossEntropy } from "./model.ts";
import { sparseBackward, sparseForward } from "./sparse.ts";
import { denseSparseBackward, denseSparseForward } from "./testdata/sparse_dense.ts";

/** Byte-wise equality (so −0 ≠ +0 and NaN payloads count). */
const sameBits = (a: FloatArray, b: FloatArray, what: string): void => {
  assert.equal(a.constructor, b.constructor, what);
  assert.equal(a.length, b.length, what);
  const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  for (let i = 0; i < x.length; i++) {
    if (x[i] !== y[i]) {
      const e = Math.floor(i / a.BYTES_PER_ELEMENT);
      assert.fail(`${what}[${e}]: ${a[e]} vs ${b[e]}`);
    }
  }
};

const input = (n: number, seed: number, f32: boolean): FloatArray => {
  const X = f32 ? new Float32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) X[i] = Math.sin(0.37 * i + seed) * 1.2 + Math.cos(1.7 * i * seed);
  return X;
};

/** Spreads the parameters as training does, so that α varies and k-WTA has real choices. */
const spread = (p: RsgnParams, thShift: number): void => {
  for (let i = 0; i < p.affinityU.data.length; i++) p.affinityU.data[i] *= 20;
  for (let i = 0; i < p.thresholds.data.length; i++) {
    p.thresholds.data[i] += Math.sin(3.1 * i) * 0.6 + thShift;
  }
  for (let i = 0; i < p.whb.data.length; i++) p.whb.data[i] += Math.cos(i) * 0.3;
  for (let i = 0; i < p.levels.data.length; i++) p.levels.data[i] += Math.sin(i) * 2;
};

const compare = (
  c: RsgnConfig,
  dtype: "f32" | "f64",
  seed: number,
  B: number,
  T: number,
  thShift = 0,
) => {
  const p = initParams(c, key(seed), dtype);
  spread(p, thShift);
  const X = input(B * T * c.dimInput, seed, dtype === "f32");
  const y = new Int32Array(B).map((_, i) => (i * 7 + seed) % c.numClasses);
  const want = denseSparseForward(p, c, X, B, T, true);
  // a consumed cache of the same shape first, so that `got` reuses its (dirty) buffers
  const y0 = new Int32Array(B);
  const warm = sparseForward(p, c, input(X.length, seed + 3, dtype === "f32"), B, T, true);
  sparseBackward(p, c, warm.cache!, crossEntropy(warm.logits, y0, B, c.numClasses).dLogits);
  const got = sparseForward(p, c, X, B, T, true);
  // an inference call and another cached forward in between must not disturb `got.cache`
  sparseForward(p, c, input(X.length, seed + 1, dtype === "f32"), B, T);
  const other = sparseForward(p, c, input(X.length, seed + 2, dtype === "f32"), B, T, true);
  const tag = `${dtype} seed ${seed} N ${c.numNodes} k ${c.topK} a ${c.activeK} K ${c.numSteps}`;
  sameBits(got.logits, want.logits, `${tag} logits`);
  sameBits(got.alpha, want.alpha, `${tag} alpha`);
  assert.equal(got.macsPerSample, want.macsPerSample, `${tag} macs`);
  assert.equal(got.activeFraction, want.activeFraction, `${tag} activeFraction`);
  const dl = crossEntropy(want.logits, y, B, c.numClasses).dLogits;
  const gw = denseSparseBackward(p, c, want.cache!, dl);
  const gg = sparseBackward(p, c, got.cache!, dl);
  for (const name of PARAM_NAMES) sameBits(gg[name].data, gw[name].data, `${tag} d${name}`);
  sparseBackward(p, c, other.cache!, dl);
  // the cases exercise winners that were not winners before, winners that received no message,
  // and winners below the activity threshold (so active ⊊ winners)
  let newWin = 0, unreached = 0, quiet = 0;
  for (const s of want.cache!.steps) {
    for (const r of s.winRows) {
      if (s.alpha[r] === 0) newWin++;
      if (!s.received[r]) unreached++;
    }
    for (const r of s.winRows) if (s.alphaNew[r] <= 0.01) quiet++;
  }
  return { newWin, unreached, quiet };
};

Deno.test("sparse variant: compact forward/backward give the dense formulation's bits (f32, f64)", () => {
  const base = presetConfig("readme", {
    numNodes: 24,
    dimInput: 3,
    dimHidden: 8,
    numClasses: 3,
    affinityRank: 4,
    variant: "sparse",
  });
  const tot = { newWin: 0, unreached: 0, quiet: 0 };
  const cases: [Partial<RsgnConfig>, number, number, number][] = [
    [{ topK: 3, activeK: 5, numSteps: 3 }, 1, 3, 0],
    [{ topK: 1, activeK: 2, numSteps: 4 }, 2, 4, 0],
    // high thresholds: winners with α below the activity threshold
    [{ topK: 6, activeK: 9, numSteps: 3, temperature: 0.3 }, 3, 2, 4],
    [{ topK: 23, activeK: 24, numSteps: 2 }, 4, 3, 0], // k-WTA keeps everyone
    [{ topK: 4, activeK: 6, numSteps: 0 }, 5, 2, 0], // readout of the ignition state
  ];
  for (const dtype of ["f32", "f64"] as const) {
    for (const [over, seed, B, thShift] of cases) {
      const r = compare({ ...base, ...over }, dtype, seed, B, 4, thShift);
      tot.newWin += r.newWin;
      tot.unreached += r.unreached;
      tot.quiet += r.quiet;
    }
  }
  assert.ok(tot.newWin > 0 && tot.unreached > 0 && tot.quiet > 0, JSON.stringify(tot));
});

Deno.test("sparse variant: same bits as the dense formulation at the long-range shape (f32)", () => {
  const c = presetConfig("long-range", { variant: "sparse" });
  const r = compare(c, "f32", 7, 3, 16);
  assert.ok(r.newWin > 0, JSON.stringify(r));
});

Deno.test("sparse variant: a cache whose buffers a later forward reused is refused, not misread", () => {
  const c = presetConfig("readme", {
    numNodes: 12,
    dimInput: 2,
    dimHidden: 4,
    numClasses: 2,
    affinityRank: 2,
    variant: "sparse",
    topK: 3,
    activeK: 4,
    numSteps: 2,
  });
  const p = initParams(c, key(3), "f64");
  const X = input(2 * 3 * 2, 1, false), dl = Float64Array.of(1, -1, 0.5, -0.5);
  const out = sparseForward(p, c, X, 2, 3, true);
  const g1 = sparseBackward(p, c, out.cache!, dl);
  // a second backward before any other forward still reads intact buffers
  const g2 = sparseBackward(p, c, out.cache!, dl);
  for (const name of PARAM_NAMES) sameBits(g2[name].data, g1[name].data, name);
  sparseForward(p, c, input(X.length, 2, false), 2, 3, true);
  assert.throws(() => sparseBackward(p, c, out.cache!, dl), /cache was released/);
});
