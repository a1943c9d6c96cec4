import assert from "node:assert/strict";
import { Effect, Either } from "effect";
import { GpuUnavailable, InvalidConfig } from "@neuroplastic/core/errors";
import { fold, key } from "@neuroplastic/core/random";
import { available } from "@neuroplastic/gpu";
import { populationCommand } from "../process.ts";
import { populationDefaults, type TrialConfig, trialDefaults } from "../config.ts";
import { trialContext } from "../context.ts";
import { evaluatePopulation } from "../population.ts";
import { withFreshNoise } from "../inputs.ts";

const gpu = await Effect.runPromise(Effect.either(available()));
const noGpu = Either.isLeft(gpu);
if (noGpu) console.warn(`GENREG GPU population tests skipped: ${gpu.left.message}`);

const dense: TrialConfig = { ...trialDefaults, model: { ...trialDefaults.model, kind: "dense" } };
const withProteins: TrialConfig = {
  ...trialDefaults,
  optimizer: "ga",
  ga: { ...trialDefaults.ga, proteins: true },
};
const freshNoise: TrialConfig = {
  ...trialDefaults,
  inputs: { ...trialDefaults.inputs, noiseColumns: 300 },
};

const population = (c: TrialConfig, P: number, seed = 1): Float64Array => {
  const tc = trialContext(c);
  const g = new Float64Array(P * tc.genes);
  for (let i = 0; i < P; i++) {
    tc.ops.random(fold(key(seed), i), g.subarray(i * tc.genes, (i + 1) * tc.genes));
  }
  return g;
};

/**
 * An independent f64 reference of a controller's MSE, written from the equations (GENREG
 * `network.ts` doc: h_j = tanh(b1_j + Σ_q W1_jq x_{idx_jq}), ŷ = tanh(b2 + Σ_j w2_j h_j),
 * MSE = mean_s (ŷ_s − y_s)²) with plain nested loops: no blocked GEMM, no column-major copy,
 * no shared buffers, none of the engine's evaluation code.
 */
const referenceMse = (c: TrialConfig, genome: Float64Array): number => {
  const { inputs, shape, layout } = trialContext(c);
  const X = inputs.freshColumns > 0
    ? withFreshNoise(inputs, fold({ k0: 0, k1: 0 }, 0)) // evaluate(·, null)'s documented key
    : inputs.data;
  const D = inputs.cols, H = shape.hidden;
  let se = 0;
  for (let s = 0; s < inputs.rows; s++) {
    let out = genome[layout.b2];
    for (let j = 0; j < H; j++) {
      let pre = genome[layout.b1 + j];
      if (shape.kind === "dense") {
        for (let i = 0; i < D; i++) pre += genome[layout.w1 + j * D + i] * X[s * D + i];
      } else {
        for (let q = 0; q < shape.k; q++) {
          pre += genome[layout.w1 + j * shape.k + q] * X[s * D + genome[j * shape.k + q]];
        }
      }
      out += genome[layout.w2 + j] * Math.tanh(pre);
    }
    se += (Math.tanh(out) - inputs.target[s]) ** 2;
  }
  return se / inputs.rows;
};

Deno.test("population on the CPU: every genome's MSE equals an independent f64 reference", async () => {
  for (const c of [trialDefaults, dense, withProteins, freshNoise]) {
    const tc = trialContext(c);
    const pop = population(c, 5);
    const r = await Effect.runPromise(evaluatePopulation(c, pop, { backend: "cpu" }));
    assert.equal(r.backend, "cpu");
    assert.equal(r.mse.length, 5);
    for (let i = 0; i < 5; i++) {
      const want = referenceMse(c, pop.subarray(i * tc.genes, (i + 1) * tc.genes));
      // only the summation order differs (the dense layer's blocked GEMM): ~1e-15 relative
      assert.ok(
        Math.abs(r.mse[i] - want) <= 1e-12 * want,
        `${c.model.kind}${c.ga.proteins ? "+proteins" : ""} #${i}: ${r.mse[i]} vs ${want}`,
      );
    }
    // the genomes differ, and so do their MSEs (a constant or a swapped result would not)
    assert.equal(new Set(r.mse).size, 5);
  }
  // auto above every threshold stays on the CPU.
  const a = await Effect.runPromise(
    evaluatePopulation(trialDefaults, population(trialDefaults, 3), {
      backend: "auto",
      autoMinWork: Infinity,
    }),
  );
  assert.equal(a.backend, "cpu");
});

Deno.test({
  name: "population on WebGPU: dense, sparse and protein genomes agree with the CPU",
  ignore: noGpu,
  fn: async () => {
    for (const c of [trialDefaults, dense, withProteins]) {
      const pop = population(c, 40);
      const cpu = await Effect.runPromise(evaluatePopulation(c, pop, { backend: "cpu" }));
      for (
        const opts of [{ backend: "gpu" as const }, { backend: "auto" as const, autoMinWork: 0 }]
      ) {
        const g = await Effect.runPromise(evaluatePopulation(c, pop, opts));
        assert.equal(g.backend, "gpu");
        // The kernel's f32 error bound is tested in gpu/genreg_eval_gpu_cases.ts (≤ ~1e-6 relative
        // at this size); 1e-4 relative still catches any layout or stride mistake (O(1)).
        for (let i = 0; i < 40; i++) {
          assert.ok(
            Math.abs(g.mse[i] - cpu.mse[i]) <= 1e-4 * cpu.mse[i] + 1e-9,
            `${c.model.kind} #${i}: gpu ${g.mse[i]}, cpu ${cpu.mse[i]}`,
          );
        }
      }
    }
    // Fresh noise per evaluation: gpu refuses, auto falls back to the CPU.
    const pop = population(freshNoise, 4);
    const r = await Effect.runPromise(
      Effect.either(evaluatePopulation(freshNoise, pop, { backend: "gpu" })),
    );
    assert.ok(Either.isLeft(r) && r.left instanceof InvalidConfig && r.left.field === "backend");
    const a = await Effect.runPromise(
      evaluatePopulation(freshNoise, pop, { backend: "auto", autoMinWork: 0 }),
    );
    assert.equal(a.backend, "cpu");
  },
});

Deno.test({
  name: "population: backend gpu without an adapter fails with GpuUnavailable",
  ignore: !noGpu,
  fn: async () => {
    const r = await Effect.runPromise(
      Effect.either(
        evaluatePopulation(trialDefaults, population(trialDefaults, 2), { backend: "gpu" }),
      ),
    );
    assert.ok(Either.isLeft(r) && r.left instanceof GpuUnavailable);
  },
});

Deno.test("np genreg population: figures, genome i from fold(key(seed), i), limits by field", async () => {
  const run = (config: typeof populationDefaults) =>
    Effect.runPromise(Effect.either(populationCommand.run({
      config,
      seed: 5,
      env: { workers: 1 },
      progress: () => {},
    })));
  const r = await run({ ...populationDefaults, population: 8 });
  assert.ok(Either.isRight(r));
  const f = r.right.figures as { backend: string; bestMse: number; meanMse: number };
  assert.equal(f.backend, "cpu");
  assert.deepEqual(r.right.count, { unit: "genome", n: 8 });
  assert.ok(f.bestMse <= f.meanMse);
  const tc = trialContext(trialDefaults);
  const g3 = new Float64Array(tc.genes);
  tc.ops.random(fold(key(5), 3), g3);
  assert.equal((r.right.state as { mse: number[] }).mse[3], tc.evaluate(g3, null).mse);
  const bad = await run({
    ...populationDefaults,
    inputs: { ...populationDefaults.inputs, noiseColumns: 16 },
    model: { kind: "sparse", hidden: 8, k: 33 },
  });
  assert.ok(
    Either.isLeft(bad) && bad.left instanceof InvalidConfig && bad.left.field === "model.k",
  );
  const k = await run({
    ...populationDefaults,
    population: 4,
    inputs: { ...populationDefaults.inputs, noiseColumns: 16 },
    model: { kind: "sparse", hidden: 8, k: 32 },
  });
  assert.ok(Either.isRight(k));
});
