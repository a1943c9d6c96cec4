import assert from "node:assert/strict";
import fc from "fast-check";
import { key } from "@neuroplastic/core/random";
// The agreement test needs the engine's dense step and its draw glue as the oracle.
import {
  batchInitOf,
  type DenseSornState,
  denseStepInPlace,
  type DrawCache,
  drawCachesOf,
  fillSornDraws,
  hIp,
  initState,
  inputOffset,
  type Mechanism,
  netParamsOf,
  noiseOffset,
  shapeOf,
  type SornConfig,
  sornDefaults,
  STEP_IP,
  STEP_ISTDP,
  STEP_SP,
  STEP_SS,
  STEP_STDP,
  STEP_UNIFORM_INPUT,
  stepMask,
  toDense,
} from "@neuroplastic/engines/sorn";
import { gpuTest } from "@neuroplastic/gpu/testing";
import {
  allocSornDraws,
  createSornBatch,
  readSornBatch,
  SORN_FLAG,
  type SornBatchState,
  sornBatchSteps,
  writeSornBatch,
} from "./kernel.ts";

/** f32 unit roundoff. */
const U = 2 ** -24;
/** γ_n = n·u/(1 − n·u): bound of the relative error of an n-term f32 sum (Higham §3.1). */
const gamma = (n: number): number => (n * U) / (1 - n * U);
/** First-order bounds below drop O(u²) terms (< 1e-12 relative here); this factor covers them. */
const SLACK = 1.01;
/**
 * Absolute error of an f32 op near 0: WGSL may flush subnormals, so any result below the
 * smallest normal f32 (2⁻¹²⁶) can become 0 (fast-check does generate rates like 1e-300).
 */
const TINY = 4 * 2 ** -126;

const MECHANISMS: readonly Mechanism[] = ["stdp", "ip", "sp", "istdp", "ss"];

interface NetCase {
  config: SornConfig;
  seed: number;
}

const rate = (max: number) => fc.double({ min: 0, max, noNaN: true });

const arbNet = (ne: number, ni: number, nu: number): fc.Arbitrary<NetCase> =>
  fc.record({
    lambdaEeFrac: fc.double({ min: 0.05, max: 0.6, noNaN: true }),
    lambdaEiFrac: fc.double({ min: 0.1, max: 1, noNaN: true }),
    // Rates near the reference (η_STDP 0.004, η_inhib 0.001: changes stay below the clip) or large.
    eta_stdp: fc.oneof(rate(0.01), rate(0.2)),
    eta_inhib: fc.oneof(rate(0.003), rate(0.2)),
    eta_ip: rate(0.2),
    te_max: fc.double({ min: 0, max: 1, noNaN: true }),
    ti_max: fc.double({ min: 0, max: 0.5, noNaN: true }),
    mu_ip: fc.double({ min: 0.02, max: 0.5, noNaN: true }),
    h_ip: fc.constantFrom("reference" as const, "mu_ip" as const),
    noise_sigma: fc.constantFrom(0, 0.04, 0.2),
    sp_prob: fc.constantFrom(0, 0.1, 0.5, 1),
    prune: fc.boolean(),
    freeze: fc.subarray([...MECHANISMS]),
    input: fc.constantFrom("uniform" as const, "none" as const),
    seed: fc.integer({ min: 0, max: 1e6 }),
  }).map((r) => ({
    seed: r.seed,
    config: {
      ...sornDefaults,
      ne,
      ni,
      nu,
      lambda_ee: r.lambdaEeFrac * (ne - 1),
      lambda_ei: r.lambdaEiFrac * ne,
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
    },
  }));

const arbBatch = fc
  .record({
    ne: fc.integer({ min: 8, max: 32 }),
    ni: fc.integer({ min: 1, max: 6 }),
    nuFrac: fc.double({ min: 0, max: 0.5, noNaN: true }),
    batch: fc.integer({ min: 1, max: 3 }),
  })
  .chain(({ ne, ni, nuFrac, batch }) => {
    const nu = Math.floor(nuFrac * ne);
    return fc.array(arbNet(ne, ni, nu), { minLength: batch, maxLength: batch });
  });

/** Rounds the float state to f32 in place: the GPU then starts the step from the same numbers. */
const roundToF32 = (d: DenseSornState): void => {
  for (const a of [d.r, d.te, d.ti, d.wee, d.wei, d.wie]) {
    for (let q = 0; q < a.length; q++) a[q] = Math.fround(a[q]);
  }
};

const copyDense = (d: DenseSornState): DenseSornState => ({
  ...d,
  key: { ...d.key },
  x: d.x.slice(),
  y: d.y.slice(),
  r: d.r.slice(),
  te: d.te.slice(),
  ti: d.ti.slice(),
  wee: d.wee.slice(),
  eeMask: d.eeMask.slice(),
  wei: d.wei.slice(),
  eiMask: d.eiMask.slice(),
  wie: d.wie.slice(),
});

/**
 * Per-element bounds of |GPU − CPU| after one step from the same f32 state (first order in
 * u = 2⁻²⁴; the GPU computes in f32, the CPU in f64, on the same draws):
 * - drive r_i = Σ_{x_j} Wee − Σ_{y_k} Wei + ξ_i − Te_i: ≤ γ_{ne+ni+4}·(Σ|terms|) + u|u_i|
 *   (sums in ascending order; u_i, the f64 input, is rounded to f32);
 * - a spike decision (x' or y') whose CPU argument lies within that bound of 0 (unless all
 *   its terms are 0: then both sides compute exactly 0), or a
 *   pruning decision with |W − η| within 2u(W + η) (the f32 rate may flip it), is
 *   *ambiguous*: the network-step is not compared (it would be a coin flip, not a bug);
 * - plastic W before normalisation, p = clip(W + ΔW): ≤ e(p) = u(p + w_max·[p = w_max]) + e_Δ,
 *   e_Δ = u·η_STDP (the f32 rate) for E→E, 6u·η_inhib·(2 + 1/μ) for I→E (ΔW is 4 f32 ops);
 * - normalised W = p/s, s = Σ_j p_j ≥ 0 (no cancellation): ≤ (e(p_i) + W·Σ_j e(p_j))/s
 *   + (γ_n + u)·W; applied to every column (an untouched column's GPU value is exact, so
 *   this only loosens the bound there);
 * - IP threshold clip(Te ± η(·−h)): ≤ u|Te'| + 3u·η_IP·(1 + h) + u·max(|te_min|, |te_max|);
 * - every bound gets TINY (results below 2⁻¹²⁶ may be flushed to 0);
 * - x, y, masks, Wie, Ti and the spike counters: exact.
 */
interface StepBounds {
  ambiguous: boolean;
  r: Float64Array;
  te: Float64Array;
  wee: Float64Array;
  wei: Float64Array;
}

const stepBounds = (
  d: DenseSornState,
  c: SornConfig,
  cache: DrawCache,
  pre: DenseSornState,
  post: DenseSornState,
): StepBounds => {
  const { ne, ni, nu, x, y, wee, wei, wie, te, ti } = d;
  const mask = stepMask(c);
  const nOff = c.noise_sigma > 0 ? noiseOffset(cache, d.key, d.t, c.noise_sigma) : -1;
  const uOff = (mask & STEP_UNIFORM_INPUT) !== 0 && nu > 0 ? inputOffset(cache, d.key, d.t) : -1;
  let ambiguous = false;
  const r = new Float64Array(ne);
  for (let i = 0; i < ne; i++) {
    let e = 0, h = 0;
    for (let j = 0; j < ne; j++) if (x[j]) e += wee[j * ne + i];
    for (let q = 0; q < ni; q++) if (y[q]) h += wei[q * ne + i];
    const xi = nOff >= 0 ? cache.noise[nOff + i] : 0;
    const ui = i < nu && uOff >= 0 ? cache.input[uOff + i] : 0;
    const mag = e + h + Math.abs(xi) + Math.abs(te[i]) + ui;
    r[i] = SLACK * (gamma(ne + ni + 4) * mag + U * ui) + TINY;
    // All terms 0: both sides compute exactly 0, no ambiguity.
    if (mag > 0 && Math.abs(e - h + xi + ui - te[i]) <= r[i]) ambiguous = true;
  }
  for (let q = 0; q < ni; q++) {
    let e = 0;
    for (let j = 0; j < ne; j++) if (x[j]) e += wie[j * ni + q];
    const xi = nOff >= 0 ? cache.noise[nOff + ne + q] : 0;
    const mag = e + Math.abs(xi) + Math.abs(ti[q]);
    if (mag > 0 && Math.abs(e + xi - ti[q]) <= SLACK * gamma(ne + 3) * mag + TINY) ambiguous = true;
  }
  const stdpOn = (mask & STEP_STDP) !== 0 && c.eta_stdp > 0;
  const istdpOn = (mask & STEP_ISTDP) !== 0 && c.eta_inhib > 0;
  if (c.prune) {
    const near = (w: number, eta: number) => Math.abs(w - eta) <= 2 * U * (w + eta);
    for (let q = 0; q < wee.length; q++) {
      if (stdpOn && d.eeMask[q] && near(wee[q], c.eta_stdp)) ambiguous = true;
    }
    for (let q = 0; q < wei.length; q++) {
      if (istdpOn && d.eiMask[q] && near(wei[q], c.eta_inhib)) ambiguous = true;
    }
  }
  const ss = (mask & STEP_SS) !== 0;
  const weightBounds = (p: Float64Array, rows: number, eDelta: number): Float64Array => {
    const err = p.map((v) => U * (v + (v >= c.w_max ? c.w_max : 0)) + eDelta + TINY);
    if (!ss) return err.map((v) => SLACK * v);
    const out = new Float64Array(p.length);
    for (let i = 0; i < ne; i++) {
      let s = 0, es = 0;
      for (let j = 0; j < rows; j++) (s += p[j * ne + i]), (es += err[j * ne + i]);
      for (let j = 0; j < rows; j++) {
        const q = j * ne + i;
        out[q] = s > 0
          ? SLACK * ((err[q] + (p[q] / s) * es) / s + (gamma(rows) + U) * (p[q] / s))
          : SLACK * err[q];
      }
    }
    return out;
  };
  const eI = istdpOn ? 6 * U * c.eta_inhib * (2 + 1 / c.mu_ip) : 0;
  const h = hIp(c);
  const teTol = (mask & STEP_IP) !== 0
    ? post.te.map((v) =>
      SLACK * (U * Math.abs(v) + 3 * U * c.eta_ip * (1 + Math.abs(h)) +
          U * Math.max(Math.abs(c.te_min), Math.abs(c.te_max))) + TINY
    )
    : new Float64Array(ne);
  return {
    ambiguous,
    r,
    te: teTol,
    wee: weightBounds(pre.wee, ne, stdpOn ? U * c.eta_stdp : 0),
    wei: weightBounds(pre.wei, ni, eI),
  };
};

/** The first difference of network b beyond its bound, or null. */
const difference = (
  g: SornBatchState,
  b: number,
  d: DenseSornState,
  tol: StepBounds,
): string | null => {
  const { ne, ni } = d;
  const exact = (name: string, gv: ArrayLike<number>, cv: ArrayLike<number>, n: number) => {
    for (let q = 0; q < n; q++) {
      if (gv[b * n + q] !== cv[q]) return `${name}[${q}]: gpu ${gv[b * n + q]}, cpu ${cv[q]}`;
    }
    return null;
  };
  const close = (
    name: string,
    gv: ArrayLike<number>,
    cv: ArrayLike<number>,
    n: number,
    t: ArrayLike<number>,
  ) => {
    for (let q = 0; q < n; q++) {
      if (!(Math.abs(gv[b * n + q] - cv[q]) <= t[q])) {
        return `${name}[${q}]: gpu ${gv[b * n + q]}, cpu ${cv[q]}, bound ${t[q]}`;
      }
    }
    return null;
  };
  return exact("x", g.x, d.x, ne) ?? exact("y", g.y, d.y, ni) ??
    exact("spikesE", g.spikesE, d.x, ne) ?? exact("spikesI", g.spikesI, d.y, ni) ??
    exact("eeMask", g.eeMask, d.eeMask, ne * ne) ?? exact("eiMask", g.eiMask, d.eiMask, ni * ne) ??
    exact("ti", g.ti, d.ti, ni) ?? exact("wie", g.wie, d.wie, ne * ni) ??
    close("te", g.te, d.te, ne, tol.te) ?? close("r", g.r, d.r, ne, tol.r) ??
    close("wee", g.wee, d.wee, ne * ne, tol.wee) ?? close("wei", g.wei, d.wei, ni * ne, tol.wei);
};

gpuTest("SORN flag bits are the engine's STEP_* bits", () => {
  assert.deepEqual(
    [SORN_FLAG.stdp, SORN_FLAG.ip, SORN_FLAG.sp, SORN_FLAG.istdp, SORN_FLAG.ss],
    [STEP_STDP, STEP_IP, STEP_SP, STEP_ISTDP, STEP_SS],
  );
  assert.equal(SORN_FLAG.uniformInput, STEP_UNIFORM_INPUT);
  return Promise.resolve();
});

/*
 * Agreement per step. Each step starts both sides from the same f32-rounded state (the CPU
 * state is rounded and re-uploaded), so the comparison checks the kernel against the error
 * bound of ONE step (see StepBounds) instead of an f32 trajectory drifting away from an f64
 * one: with large rates, W + ΔW can cancel (W ≈ η), which turns an f32 rounding of 1e-8 into
 * a relative error of 1e-4 that later steps carry along (the original free-running version
 * of this test failed that way: wei 0.0303355 vs 0.0303307 at step 21). GPU-side carrying of
 * the state across steps is covered bit for bit by the chunked-run test below.
 */
gpuTest(
  "SORN batch step agrees with the CPU dense step within its f32 bound (fast-check)",
  async (ctx) => {
    const STEPS = 12;
    let checked = 0, ambiguousSteps = 0;
    // Coverage of the run: spikes, synapses added/removed, weight changes (CPU side).
    let spikes = 0, maskChanges = 0, weightChanges = 0;
    await fc.assert(
      fc.asyncProperty(arbBatch, async (nets) => {
        const configs = nets.map((n) => n.config);
        const ds = nets.map((n) => toDense(initState(n.config, key(n.seed))));
        ds.forEach(roundToF32);
        const shape = shapeOf(ds);
        const batch = createSornBatch(ctx, shape, configs.map(netParamsOf), batchInitOf(ds));
        const cpuCaches = drawCachesOf(shape), gpuCaches = drawCachesOf(shape);
        const preCaches = drawCachesOf(shape);
        const draws = allocSornDraws(shape, 1);
        try {
          for (let t = 0; t < STEPS; t++) {
            ds.forEach(roundToF32);
            writeSornBatch(batch, batchInitOf(ds));
            // The CPU step without normalisation gives the pre-normalisation weights p.
            const pre = ds.map((d, b) => {
              const p = copyDense(d);
              denseStepInPlace(
                p,
                configs[b],
                undefined,
                preCaches[b],
                stepMask(configs[b]) & ~STEP_SS,
              );
              return p;
            });
            const before = ds.map(copyDense);
            ds.forEach((d, b) => denseStepInPlace(d, configs[b], undefined, cpuCaches[b]));
            const bounds = before.map((d, b) =>
              stepBounds(d, configs[b], cpuCaches[b], pre[b], ds[b])
            );
            ds.forEach((d, b) => {
              spikes += d.x.reduce((a, v) => a + v, 0);
              maskChanges += d.eeMask.reduce(
                (a, v, q) => a + (v !== before[b].eeMask[q] ? 1 : 0),
                0,
              );
              weightChanges += d.wee.reduce((a, v, q) => a + (v !== before[b].wee[q] ? 1 : 0), 0);
            });
            fillSornDraws(draws, configs, before.map((d) => d.key), t, gpuCaches, shape);
            sornBatchSteps(batch, draws);
            const g = await readSornBatch(batch);
            assert.ok(g.spFallbacks.every((v) => v === 0));
            for (let b = 0; b < ds.length; b++) {
              if (bounds[b].ambiguous) {
                ambiguousSteps++;
                continue;
              }
              checked++;
              const diff = difference(g, b, ds[b], bounds[b]);
              if (diff !== null) throw new Error(`network ${b}, step ${t}: ${diff}`);
            }
          }
        } finally {
          batch.destroy();
        }
      }),
      { seed: 42, numRuns: 10, endOnFailure: true, interruptAfterTimeLimit: 30_000 },
    );
    assert.ok(spikes > 0 && maskChanges > 0 && weightChanges > 0, "the runs exercise plasticity");
    // Decisions within a few ulp of a threshold are rare; many would hide disagreements.
    assert.ok(checked >= 100, `${checked} network-steps compared`);
    assert.ok(ambiguousSteps <= checked * 0.05, `${ambiguousSteps} ambiguous in ${checked}`);
  },
);

gpuTest(
  "SORN batch: chunked multi-step run equals step-by-step runs, counters add up",
  async (ctx) => {
    const configs = [0, 1, 2].map((i) => ({
      ...sornDefaults,
      ne: 60,
      ni: 12,
      nu: 6,
      lambda_ee: 10,
      lambda_ei: 20,
      sp_prob: 0.5,
      eta_stdp: 0.02 * (i + 1),
    }));
    const ds = configs.map((c, i) => toDense(initState(c, key(100 + i))));
    const shape = shapeOf(ds);
    const STEPS = 40;
    const all = allocSornDraws(shape, STEPS);
    fillSornDraws(all, configs, ds.map((d) => d.key), 0, drawCachesOf(shape), shape);
    // Chunks of 16 steps (three uploads) in one call.
    const chunked = createSornBatch(ctx, shape, configs.map(netParamsOf), batchInitOf(ds), 16);
    sornBatchSteps(chunked, all);
    // The same steps one per call, summing the spikes read back after each.
    const single = createSornBatch(ctx, shape, configs.map(netParamsOf), batchInitOf(ds));
    const one = allocSornDraws(shape, 1);
    const sums = new Float64Array(shape.batch * shape.ne);
    let active = 0;
    for (let s = 0; s < STEPS; s++) {
      const B = shape.batch, row = (ne: number) => B * ne;
      one.noise.set(
        all.noise.subarray(s * row(shape.ne + shape.ni), (s + 1) * row(shape.ne + shape.ni)),
      );
      one.input.set(all.input.subarray(s * row(shape.nu), (s + 1) * row(shape.nu)));
      one.cand.set(all.cand.subarray(s * row(1 + shape.tries), (s + 1) * row(1 + shape.tries)));
      sornBatchSteps(single, one);
      const g = await readSornBatch(single, "spikes");
      g.x.forEach((v, q) => (sums[q] += v));
      active += g.x.reduce((a, v) => a + v, 0);
    }
    const a = await readSornBatch(chunked), b = await readSornBatch(single);
    assert.deepEqual(a, b);
    assert.deepEqual(Array.from(a.spikesE), Array.from(sums));
    assert.ok(active > 0, "some spikes");
    assert.equal(chunked.steps, STEPS);
    chunked.destroy();
    single.destroy();
  },
);

gpuTest("SORN batch rejects bad shapes", (ctx) => {
  const d = toDense(
    initState({ ...sornDefaults, ne: 10, ni: 2, nu: 1, lambda_ee: 3, lambda_ei: 3 }, key(0)),
  );
  const shape = shapeOf([d]);
  const init = batchInitOf([d]);
  const p = [netParamsOf(sornDefaults)];
  assert.throws(() => createSornBatch(ctx, { ...shape, batch: 2 }, p, init), RangeError);
  assert.throws(() => createSornBatch(ctx, shape, [], init), RangeError);
  assert.throws(() => createSornBatch(ctx, { ...shape, ne: 100000, ni: 1 }, p, init), RangeError);
  const batch = createSornBatch(ctx, shape, p, init);
  assert.throws(() => sornBatchSteps(batch, allocSornDraws({ ...shape, nu: 2 }, 1)), RangeError);
  batch.destroy();
  return Promise.resolve();
});
