import assert from "node:assert/strict";
import fc from "fast-check";
import { key, normal, split, uniform } from "@neuroplastic/core/random";
import { Effect } from "effect";
// The GPU test harness of @neuroplastic/gpu (not part of its public API).
import { gpuTest } from "@neuroplastic/gpu/testing";
import { createBackend, destroyBackend } from "@neuroplastic/gpu";
import {
  backendRsgnConnectivity,
  createRsgnConnectivity,
  gpuPoincarePairwise,
  poincarePairwiseCpu,
  RSGN_EPS,
  rsgnConnectivityCpu,
  type RsgnConnectivityInput,
  rsgnProjectRows,
  runRsgnConnectivity,
} from "./connectivity.ts";

/** f32 unit roundoff. */
const U = 2 ** -24;

/**
 * Error model of the f32 GPU evaluation against f64 on the same f32 inputs.
 * Distance: coordinates carry a few ulp (projection in f32), so
 *   |Δd| ≤ 4u · d · cond,  cond = 1 + (‖x‖ + ‖y‖)/‖x − y‖ + 1/(1 − ‖x‖²) + 1/(1 − ‖y‖²)
 * (relative condition of ‖x − y‖² and of the two 1 − ‖·‖² factors; acosh(1 + z) has relative
 * condition ≤ 1 in z). Connectivity: WGSL allows exp(x) an error of 3 + 2|x| ulp, and W has
 * three exponentials (σ, exp(−d/τ), softplus) plus the propagated distance error:
 *   |ΔW| ≤ W · (u (17 + 2|a| + 2 d/τ + 2|ℓ_i − ℓ_j + 1|) + |Δd|/τ) + 1e-37 (f32 subnormals).
 */
const distTol = (d: number, cond: number): number => 4 * U * d * cond;

const conditionOf = (p: Float64Array, dim: number, i: number, j: number): number => {
  let nx = 0, ny = 0, sq = 0;
  for (let d = 0; d < dim; d++) {
    const a = p[i * dim + d], b = p[j * dim + d];
    nx += a * a, ny += b * b, sq += (a - b) ** 2;
  }
  if (sq === 0) return 1 + 1 / (1 - nx) + 1 / (1 - ny); // clamped at eps: no cancellation
  return 1 + (Math.sqrt(nx) + Math.sqrt(ny)) / Math.sqrt(sq) + 1 / (1 - nx) + 1 / (1 - ny);
};

interface Case {
  n: number;
  dim: number;
  rank: number;
  tau: number;
  levelScale: number;
  seed: number;
}
const arbCase: fc.Arbitrary<Case> = fc.record({
  n: fc.integer({ min: 1, max: 48 }),
  dim: fc.integer({ min: 1, max: 4 }),
  rank: fc.integer({ min: 1, max: 33 }),
  tau: fc.constantFrom(0.1, 0.5, 1, 2),
  levelScale: fc.constantFrom(1, 30),
  seed: fc.integer({ min: 0, max: 1e6 }),
});

/**
 * Raw positions with each row's norm in [0, 0.95] or in (1, 3.1] (projected back to ≈ 0.95),
 * U, V ~ N(0, 0.5²) (so σ is not ≈ 0.5 everywhere), levels U(0, scale) (scale 30 reaches
 * torch's softplus threshold 20).
 */
const makeInput = (c: Case): RsgnConnectivityInput => {
  const [kp, kr, ku, kv, kl] = split(key(c.seed), 5);
  const dir = normal(kp, c.n * c.dim);
  const radius = uniform(kr, c.n, 0, 1);
  const pos = new Float32Array(c.n * c.dim);
  for (let i = 0; i < c.n; i++) {
    let s = 0;
    for (let d = 0; d < c.dim; d++) s += dir[i * c.dim + d] ** 2;
    const r = radius[i] < 0.8 ? (radius[i] / 0.8) * 0.95 : 1.0001 + (radius[i] - 0.8) * 10;
    for (let d = 0; d < c.dim; d++) {
      pos[i * c.dim + d] = (dir[i * c.dim + d] / Math.sqrt(s || 1)) * r;
    }
  }
  return {
    n: c.n,
    dim: c.dim,
    rank: c.rank,
    positions: pos,
    u: Float32Array.from(normal(ku, c.n * c.rank, 0, 0.5)),
    v: Float32Array.from(normal(kv, c.n * c.rank, 0, 0.5)),
    levels: Float32Array.from(uniform(kl, c.n, 0, c.levelScale)),
    tau: c.tau,
  };
};

gpuTest(
  "RSGN connectivity and distances agree with the f64 reference (fast-check)",
  async (ctx) => {
    let softplusLinear = 0, projected = 0;
    await fc.assert(
      fc.asyncProperty(arbCase, async (c) => {
        const inp = makeInput(c);
        const ref = rsgnConnectivityCpu(inp);
        const plan = createRsgnConnectivity(ctx, c.n, c.dim, c.rank);
        const g = await runRsgnConnectivity(plan, inp, true);
        // W without the distances: same W bits.
        assert.deepEqual((await runRsgnConnectivity(plan, inp)).w, g.w);
        plan.destroy();
        const p = rsgnProjectRows(inp.positions, c.n, c.dim);
        for (let i = 0; i < c.n * c.dim; i++) if (p[i] !== inp.positions[i]) projected++;
        for (let i = 0; i < c.n; i++) {
          for (let j = 0; j < c.n; j++) {
            const q = i * c.n + j;
            const dTol = distTol(ref.dist[q], conditionOf(p, c.dim, i, j));
            if (!(Math.abs(g.dist[q] - ref.dist[q]) <= dTol)) {
              throw new Error(`dist[${i},${j}]: gpu ${g.dist[q]}, ref ${ref.dist[q]}, tol ${dTol}`);
            }
            let a = 0;
            for (let k = 0; k < c.rank; k++) a += inp.u[i * c.rank + k] * inp.v[j * c.rank + k];
            const lf = inp.levels[i] - inp.levels[j] + 1;
            if (lf > 20) softplusLinear++;
            const wTol = ref.w[q] *
                (U * (17 + 2 * Math.abs(a) + (2 * ref.dist[q]) / c.tau + 2 * Math.abs(lf)) +
                  dTol / c.tau) + 1e-37;
            if (!(Math.abs(g.w[q] - ref.w[q]) <= wTol)) {
              throw new Error(`w[${i},${j}]: gpu ${g.w[q]}, ref ${ref.w[q]}, tol ${wTol}`);
            }
            if (i === j) assert.equal(g.w[q], 0);
          }
        }
      }),
      { seed: 42, numRuns: 40, endOnFailure: true, interruptAfterTimeLimit: 30_000 },
    );
    assert.ok(softplusLinear > 0 && projected > 0, "threshold and projection branches exercised");
  },
);

gpuTest("RSGN reference quirks: d(x,x) = acosh(1 + eps), projection keeps ‖x‖ < 1", async (ctx) => {
  // d(x, x) = acosh(1 + 1e-5) = 0.0044721 (rsgn.md §1.1, verified against torch there).
  const x = [0.3, -0.2, 0.1, 0.96, 0, 0];
  const gd = await gpuPoincarePairwise(ctx, x, x, 1, 2, 2, 3);
  const cd = poincarePairwiseCpu(x, x, 1, 2, 2, 3);
  assert.equal(cd[0].toFixed(7), "0.0044721");
  assert.ok(Math.abs(cd[0] - Math.acosh(1 + RSGN_EPS)) < 1e-10 * cd[0]);
  assert.ok(Math.abs(gd[0] - cd[0]) <= 4 * U * cd[0] * 3);
  assert.ok(Math.abs(gd[3] - cd[3]) <= 4 * U * cd[3] * 60);
  // The buffers of this shape stay in the context and serve the next call with new data.
  assert.ok(ctx.resources.has("pairwise:1,2,2,3"));
  const x2 = x.map((v) => v / 2);
  const gd2 = await gpuPoincarePairwise(ctx, x2, x, 1, 2, 2, 3);
  const cd2 = poincarePairwiseCpu(x2, x, 1, 2, 2, 3);
  // cond ≤ 60 for these points (‖x‖ ≤ 0.96: 1/(1 − ‖x‖²) ≈ 12.8, twice, plus the norm ratios).
  for (let q = 0; q < 4; q++) assert.ok(Math.abs(gd2[q] - cd2[q]) <= 4 * U * cd2[q] * 60, `${q}`);
  // proj: 0.96 stays 0.96, 1.0 becomes 0.95/(1 + eps) = 0.94999…
  const p = rsgnProjectRows([0.96, 0, 1, 0], 2, 2);
  assert.equal(p[0], 0.96);
  assert.equal(p[2], 0.95 / (1 + RSGN_EPS));
  // Through the connectivity kernel: the row with ‖x‖ = 1 is projected on the GPU too.
  const plan = createRsgnConnectivity(ctx, 2, 2, 1);
  const c = await runRsgnConnectivity(plan, {
    n: 2,
    dim: 2,
    rank: 1,
    positions: [0.96, 0, 1, 0],
    u: [0, 0],
    v: [0, 0],
    levels: [0, 1],
    tau: 1,
  }, true);
  plan.destroy();
  const ref = poincarePairwiseCpu(p, p, 1, 2, 2, 2);
  assert.ok(Math.abs(c.dist[1] - ref[1]) / ref[1] < 1e-3, `${c.dist[1]} vs ${ref[1]}`);
});

gpuTest("batched pairwise distances agree with the CPU (fast-check)", async (ctx) => {
  await fc.assert(
    fc.asyncProperty(
      fc.record({
        b: fc.integer({ min: 1, max: 3 }),
        n: fc.integer({ min: 1, max: 20 }),
        m: fc.integer({ min: 1, max: 20 }),
        dim: fc.integer({ min: 1, max: 5 }),
        seed: fc.integer({ min: 0, max: 1e6 }),
      }),
      async ({ b, n, m, dim, seed }) => {
        // Points inside the ball of radius 0.9 (no projection in the pairwise module).
        const pts = (k: number, rows: number) => {
          const v = Float32Array.from(normal(key(k), rows * dim));
          for (let r = 0; r < rows; r++) {
            let s = 0;
            for (let d = 0; d < dim; d++) s += v[r * dim + d] ** 2;
            const f = (0.9 * ((r * 7919) % 101) / 100) / Math.sqrt(s || 1);
            for (let d = 0; d < dim; d++) v[r * dim + d] *= f;
          }
          return v;
        };
        const x = pts(seed, b * n), y = pts(seed + 1, b * m);
        const g = await gpuPoincarePairwise(ctx, x, y, b, n, m, dim);
        const c = poincarePairwiseCpu(x, y, b, n, m, dim);
        const p64 = new Float64Array([...x, ...y]);
        for (let z = 0; z < b; z++) {
          for (let i = 0; i < n; i++) {
            for (let j = 0; j < m; j++) {
              const q = (z * n + i) * m + j;
              const tol = distTol(c[q], conditionOf(p64, dim, z * n + i, b * n + z * m + j));
              assert.ok(Math.abs(g[q] - c[q]) <= tol, `${g[q]} vs ${c[q]}`);
            }
          }
        }
      },
    ),
    { seed: 42, numRuns: 25, endOnFailure: true, interruptAfterTimeLimit: 30_000 },
  );
  await assert.rejects(() => gpuPoincarePairwise(ctx, [0], [0], 1, 1, 1, 2), RangeError);
});

gpuTest(
  "backendRsgnConnectivity: the GPU plan agrees with the CPU path, which is the f64 kernel",
  async () => {
    // Forced thresholds: 0 → GPU, Infinity → CPU.
    const onGpu = await Effect.runPromise(createBackend("auto", { rsgnConnectivity: 0 }));
    const onCpu = await Effect.runPromise(createBackend("auto", { rsgnConnectivity: Infinity }));
    const input = {
      n: 5,
      dim: 3,
      rank: 4,
      positions: uniform(key(6), 15, -0.5, 0.5),
      u: uniform(key(7), 20, -1, 1),
      v: uniform(key(8), 20, -1, 1),
      levels: uniform(key(9), 5, 0, 1),
      tau: 1,
    };
    const rg = await backendRsgnConnectivity(onGpu, input, true);
    const rc = await backendRsgnConnectivity(onCpu, input, true);
    assert.deepEqual(rc.w, rsgnConnectivityCpu(input).w);
    for (let q = 0; q < 25; q++) assert.ok(Math.abs(rg.w[q] - rc.w[q]) <= 1e-5 * rc.w[q] + 1e-7);
    // the plan of this (N, D, r) is cached in the context and reused
    const again = await backendRsgnConnectivity(onGpu, input, true);
    assert.deepEqual(again.w, rg.w);
    destroyBackend(onGpu);
    destroyBackend(onCpu);
  },
);
