import assert from "node:assert/strict";
import fc from "fast-check";
import { Effect } from "effect";
import { key, normal, randint, split, uniform } from "@neuroplastic/core/random";
import { expandInputs } from "../inputs.ts";
import { evalBuffers, forwardMse, initGenome, layoutOf, type NetShape } from "../network.ts";
// The GPU test harness of @neuroplastic/gpu (not part of its public API).
import { gpuTest } from "@neuroplastic/gpu/testing";
import { createBackend, destroyBackend } from "@neuroplastic/gpu";
import {
  backendGenregEval,
  createGenregEval,
  genregEvalCpu,
  genregLayout,
  type GenregShape,
  runGenregEval,
} from "./genreg_eval.ts";

const U = 2 ** -24;
const gamma = (n: number): number => (n * U) / (1 - n * U);
/** Absolute error allowed for one f32 tanh (≈ 16 ulp at 1; WGSL leaves tanh's accuracy to sinh/cosh). */
const TANH_ERR = 1e-6;

/**
 * Straightforward f64 reference of the controllers on f32-rounded data, with a first-order
 * bound of the f32 GPU error of each prediction (dot products: γ_n Σ|terms| (Higham §3.1);
 * tanh is 1-Lipschitz, plus TANH_ERR per evaluation) and of each MSE.
 */
const reference = (
  shape: GenregShape,
  X: Float32Array,
  y: Float32Array,
  genomes: Float32Array,
) => {
  const L = genregLayout(shape);
  const { inputs: D, hidden: H, samples: S, population: P } = shape;
  const K = shape.k ?? 0;
  const mse = new Float64Array(P), mseTol = new Float64Array(P);
  const pred = new Float64Array(P * S), predTol = new Float64Array(P * S);
  for (let p = 0; p < P; p++) {
    const g = (i: number) => genomes[p * L.length + i];
    let se = 0, seTol = 0;
    for (let s = 0; s < S; s++) {
      let out = g(L.b2), outAbs = Math.abs(g(L.b2)), outErr = 0;
      for (let j = 0; j < H; j++) {
        let pre = g(L.b1 + j), abs = Math.abs(pre), n = 1;
        if (shape.kind === "dense") {
          for (let d = 0; d < D; d++) {
            pre += g(j * D + d) * X[s * D + d];
            abs += Math.abs(g(j * D + d) * X[s * D + d]);
          }
          n += D;
        } else {
          for (let q = 0; q < K; q++) {
            const v = g(L.w1 + j * K + q) * X[s * D + g(j * K + q)];
            pre += v;
            abs += Math.abs(v);
          }
          n += K;
        }
        const h = Math.tanh(pre);
        const hErr = gamma(n) * abs + TANH_ERR;
        out += g(L.w2 + j) * h;
        outAbs += Math.abs(g(L.w2 + j) * h);
        outErr += Math.abs(g(L.w2 + j)) * hErr;
      }
      const yHat = Math.tanh(out);
      const err = outErr + gamma(H + 1) * outAbs + TANH_ERR;
      pred[p * S + s] = yHat;
      predTol[p * S + s] = err;
      const r = yHat - y[s];
      se += r * r;
      seTol += 2 * Math.abs(r) * err + err * err;
    }
    mse[p] = se / S;
    mseTol[p] = seTol / S + gamma(S + 3) * mse[p] + 1e-30;
  }
  return { mse, mseTol, pred, predTol };
};

interface Case {
  shape: GenregShape;
  seed: number;
  scale: number;
}

const arbCase: fc.Arbitrary<Case> = fc
  .record({
    sparse: fc.boolean(),
    inputs: fc.integer({ min: 1, max: 300 }),
    hidden: fc.integer({ min: 1, max: 12 }),
    k: fc.integer({ min: 1, max: 4 }),
    samples: fc.integer({ min: 1, max: 140 }),
    population: fc.integer({ min: 1, max: 40 }),
    seed: fc.integer({ min: 0, max: 1e6 }),
    scale: fc.constantFrom(0.1, 1, 5),
  })
  .map((r) => ({
    seed: r.seed,
    scale: r.scale,
    shape: {
      kind: r.sparse ? "sparse" as const : "dense" as const,
      inputs: r.inputs,
      hidden: r.hidden,
      k: Math.min(r.k, r.inputs),
      samples: r.samples,
      population: r.population,
    },
  }));

/** Random f32 data: inputs N(0,1), targets N(0, 0.5²), genes N(0, scale²/fan), indices in [0, D). */
const makeData = (c: Case) => {
  const { shape } = c;
  const L = genregLayout(shape);
  const [kx, ky, kg, ki] = split(key(c.seed), 4);
  const X = Float32Array.from(normal(kx, shape.samples * shape.inputs));
  const y = Float32Array.from(normal(ky, shape.samples, 0, 0.5));
  const fan = shape.kind === "dense" ? shape.inputs : shape.k ?? 1;
  const genomes = Float32Array.from(
    normal(kg, shape.population * L.length, 0, c.scale / Math.sqrt(fan)),
  );
  if (shape.kind === "sparse") {
    const idx = randint(ki, shape.population * shape.hidden * (shape.k ?? 1), 0, shape.inputs);
    const n = shape.hidden * (shape.k ?? 1);
    for (let p = 0; p < shape.population; p++) {
      for (let q = 0; q < n; q++) genomes[p * L.length + q] = idx[p * n + q];
    }
  }
  return { X, y, genomes };
};

gpuTest("GENREG population evaluation agrees with the f64 reference (fast-check)", async (ctx) => {
  let dense = 0, sparse = 0;
  await fc.assert(
    fc.asyncProperty(arbCase, async (c) => {
      const { X, y, genomes } = makeData(c);
      const ref = reference(c.shape, X, y, genomes);
      const ev = createGenregEval(ctx, c.shape, X, y);
      try {
        const g = await runGenregEval(ev, genomes, true);
        const cpu = genregEvalCpu(c.shape, X, y, genomes, true);
        for (let p = 0; p < c.shape.population; p++) {
          const e = Math.abs(g.mse[p] - ref.mse[p]);
          if (!(e <= ref.mseTol[p])) {
            throw new Error(`mse[${p}]: gpu ${g.mse[p]}, ref ${ref.mse[p]}, tol ${ref.mseTol[p]}`);
          }
          assert.ok(Math.abs(cpu.mse[p] - ref.mse[p]) <= 1e-12 * (1 + ref.mse[p]));
        }
        for (let q = 0; q < ref.pred.length; q++) {
          const e = Math.abs(g.pred[q] - ref.pred[q]);
          if (!(e <= ref.predTol[q])) {
            throw new Error(`pred[${q}]: gpu ${g.pred[q]}, ref ${ref.pred[q]}`);
          }
          assert.ok(Math.abs(cpu.pred[q] - ref.pred[q]) <= 1e-12);
        }
        // Without predictions: the same MSEs, bit for bit.
        assert.deepEqual((await runGenregEval(ev, genomes)).mse, g.mse);
      } finally {
        ev.destroy();
      }
      if (c.shape.kind === "dense") dense++;
      else sparse++;
    }),
    { seed: 42, numRuns: 20, endOnFailure: true, interruptAfterTimeLimit: 30_000 },
  );
  assert.ok(dense > 0 && sparse > 0);
});

gpuTest("GENREG eval matches the engine's forwardMse on the GENREG-sine inputs", async (ctx) => {
  const inp = expandInputs({ mode: "legacy", trueColumns: 16, noiseColumns: 240 });
  const S = inp.rows, D = inp.cols;
  const X32 = Float32Array.from(inp.data), y32 = Float32Array.from(inp.target);
  const shapes: NetShape[] = [
    { kind: "dense", inputs: D, hidden: 8 },
    { kind: "sparse", inputs: D, hidden: 8, k: 2 },
  ];
  for (const net of shapes) {
    const P = 16;
    const shape: GenregShape = { ...net, samples: S, population: P };
    const G = layoutOf(net).length;
    assert.equal(genregLayout(shape).length, G);
    const pop = new Float64Array(P * G);
    for (let p = 0; p < P; p++) initGenome(net, key(p), pop.subarray(p * G, (p + 1) * G));
    const pop32 = Float32Array.from(pop);
    // The engine on the f32-rounded genomes and data (what the GPU sees).
    const X = Float64Array.from(X32), y = Float64Array.from(y32);
    const XT = new Float64Array(D * S);
    for (let s = 0; s < S; s++) for (let d = 0; d < D; d++) XT[d * S + s] = X[s * D + d];
    const buf = evalBuffers(net.hidden, S);
    const engine = Array.from(
      { length: P },
      (_, p) =>
        forwardMse(net, Float64Array.from(pop32.subarray(p * G, (p + 1) * G)), X, XT, y, buf),
    );
    const cpu = genregEvalCpu(shape, X32, y32, pop32);
    const ev = createGenregEval(ctx, shape, X32, y32);
    const gpu = await runGenregEval(ev, pop32);
    const ref = reference(shape, X32, y32, pop32);
    ev.destroy();
    for (let p = 0; p < P; p++) {
      assert.ok(Math.abs(cpu.mse[p] - engine[p]) <= 1e-12 * engine[p], `${net.kind} cpu ${p}`);
      assert.ok(Math.abs(gpu.mse[p] - engine[p]) <= ref.mseTol[p], `${net.kind} gpu ${p}`);
    }
  }
});

gpuTest("GENREG eval rejects bad sizes", (ctx) => {
  const shape: GenregShape = { kind: "dense", inputs: 2, hidden: 1, samples: 2, population: 1 };
  assert.throws(() => createGenregEval(ctx, shape, [1, 2, 3], [0, 0]), RangeError);
  assert.throws(() => createGenregEval(ctx, { ...shape, kind: "sparse" }, [1, 2, 3, 4], [0, 0]));
  assert.throws(() => genregEvalCpu(shape, [1, 2, 3, 4], [0, 0], [1]), RangeError);
  const ev = createGenregEval(ctx, shape, [1, 2, 3, 4], [0, 0]);
  const r = runGenregEval(ev, [1, 2]);
  ev.destroy();
  return assert.rejects(() => r, RangeError);
});

gpuTest(
  "backendGenregEval: auto thresholds dispatch, CPU path in f64, cached evaluator",
  async () => {
    // Forced thresholds: 0 → GPU, Infinity → CPU; the CPU path gives f64 results.
    const onGpu = await Effect.runPromise(createBackend("auto", { genregEval: 0 }));
    const onCpu = await Effect.runPromise(createBackend("auto", { genregEval: Infinity }));
    const shape = { kind: "dense" as const, inputs: 3, hidden: 2, samples: 4, population: 2 };
    const X = uniform(key(3), 12, -1, 1), y = uniform(key(4), 4, -1, 1);
    const genomes = uniform(key(5), 2 * (3 * 2 + 2 + 2 + 1), -1, 1);
    const g = await backendGenregEval(onGpu, shape, X, y, genomes);
    const c = await backendGenregEval(onCpu, shape, X, y, genomes);
    assert.ok(g.mse instanceof Float32Array && c.mse instanceof Float64Array);
    assert.deepEqual(c.mse, genregEvalCpu(shape, X, y, genomes).mse);
    for (let p = 0; p < 2; p++) assert.ok(Math.abs(g.mse[p] - c.mse[p]) < 1e-5);
    // The cached evaluator is reused for the same problem, rebuilt for new inputs.
    const again = await backendGenregEval(onGpu, shape, X, y, genomes);
    assert.deepEqual(again.mse, g.mse);
    const X2 = X.map((v) => -v);
    const g2 = await backendGenregEval(onGpu, shape, X2, y, genomes);
    const c2 = genregEvalCpu(shape, X2, y, genomes);
    for (let p = 0; p < 2; p++) assert.ok(Math.abs(g2.mse[p] - c2.mse[p]) < 1e-5);
    destroyBackend(onGpu);
    destroyBackend(onCpu);
  },
);
