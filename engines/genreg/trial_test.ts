import assert from "node:assert/strict";
import { Effect, Either } from "effect";
import { fold, key } from "@neuroplastic/core/random";
import { runJobs } from "@neuroplastic/evolution/pool";
import { decodeTrialConfig, type TrialConfig, trialDefaults } from "./config.ts";
import { trialContext } from "./context.ts";
import { denseLossGrad } from "./backprop.ts";
import { evalBuffers, forwardMse } from "./network.ts";
import { mutateProteins, PROTEIN_DEFAULTS, runCascade, trustFitness } from "./proteins.ts";
import { trialProcess } from "./process.ts";
import { runTrial, stepsToFinish } from "./run.ts";
import { bestGenome, initState, run, step } from "./step.ts";
import type { TrialJobOutput } from "./trial_job.ts";

const small = (over: Partial<TrialConfig>): TrialConfig => ({ ...trialDefaults, ...over });

Deno.test("SA trial: bit-reproducible per seed, pure steps, incremental = full evaluation", () => {
  const c = small({ sa: { ...trialDefaults.sa, steps: 3000 }, traceEvery: 700 });
  const a = runTrial(c, key(5)), b = runTrial(c, key(5)), d = runTrial(c, key(6));
  assert.deepEqual(a, b);
  assert.notDeepEqual(a.indices, d.indices);
  // step purity: stepping does not mutate the state
  const s0 = initState(c, key(5));
  const snap = structuredClone(s0);
  const s1 = run(s0, c, 700);
  assert.deepEqual(s0, snap);
  assert.equal(s1.search!.step, 700);
  assert.equal(step(s0, c).search!.step, 1);
  assert.deepEqual(snap, s0);
  // the incremental evaluator's best MSE equals a full forward pass of the best genome
  let s = s0;
  while (!s.done) s = run(s, c, 700);
  const ctx = trialContext(c);
  const g = bestGenome(s, c);
  const full = forwardMse(
    ctx.shape,
    g,
    ctx.inputs.data,
    ctx.inputs.dataT,
    ctx.inputs.target,
    evalBuffers(8, 100),
  );
  assert.equal(-s.search!.bestFitness, full);
  assert.equal(a.mse, full);
  assert.equal(s.reason, "steps");
  assert.equal(a.params, 33);
});

Deno.test("hill climbing stops on patience; dense SA chunks resume identically", () => {
  const hill = small({
    model: { kind: "dense", hidden: 4, k: 2 },
    inputs: { ...trialDefaults.inputs, noiseColumns: 16 },
    optimizer: "hill",
    hill: { maxSteps: 50_000, patience: 40 },
    traceEvery: 25,
  });
  const r = runTrial(hill, key(1));
  assert.equal(r.reason, "patience");
  assert.ok(r.iterations < 50_000);
  const dense = small({
    model: { kind: "dense", hidden: 4, k: 2 },
    inputs: { ...trialDefaults.inputs, noiseColumns: 16 },
    sa: { ...trialDefaults.sa, steps: 600 },
    traceEvery: 150,
  });
  let s = initState(dense, key(2));
  const checkpoints = [];
  while (!s.done) {
    s = run(s, dense, 150);
    checkpoints.push(structuredClone(s));
  }
  assert.equal(s.t, 600);
  assert.equal(s.trace.length, 3 * 4); // one point every 150 steps
  // resuming from a cloned checkpoint gives the same end state
  let t = checkpoints[1];
  while (!t.done) t = run(t, dense, 150);
  assert.deepEqual(t, s);
  // batching does not matter: single steps and uneven batches give the same state
  let u = initState(dense, key(2));
  for (let i = 0; i < 37; i++) u = step(u, dense);
  while (!u.done) u = run(u, dense, 97);
  assert.deepEqual(u, s);
});

Deno.test("GA trial: elitism keeps the best fitness, stops on target/stagnation, reproducible", () => {
  const base = small({
    model: { kind: "dense", hidden: 4, k: 2 },
    inputs: { ...trialDefaults.inputs, noiseColumns: 0 },
    optimizer: "ga",
    ga: {
      ...trialDefaults.ga,
      popsize: 20,
      maxGenerations: 60,
      targetMse: 0,
      stagnationThreshold: 0,
    },
  });
  let s = initState(base, key(3));
  let prevBest = -Infinity;
  while (!s.done) {
    s = step(s, base);
    const best = Math.max(...s.ga!.fitness);
    assert.ok(best >= prevBest);
    prevBest = best;
  }
  assert.equal(s.reason, "max_generations");
  assert.equal(s.ga!.gen, 61);
  assert.equal(s.t, 61); // a step is one generation; the initial population's included
  assert.equal(trialProcess.length!(base), 61);
  const r1 = runTrial(base, key(3));
  assert.equal(r1.iterations, 60);
  assert.deepEqual(runTrial(base, key(3)), r1);
  const target = runTrial({ ...base, ga: { ...base.ga, targetMse: 0.5 } }, key(3));
  assert.equal(target.reason, "target_reached");
  const stag = runTrial(
    { ...base, ga: { ...base.ga, stagnationWindow: 5, stagnationThreshold: 10 } },
    key(3),
  );
  assert.equal(stag.reason, "stagnation");
  assert.equal(stag.iterations, 4);
});

Deno.test("proteins: Python mode semantics, clipping, trust direction in both modes", () => {
  const x = Float64Array.from({ length: 100 }, (_, i) => -6 + 0.12 * i);
  const y = x.map(Math.sin);
  // a perfect predictor gives zero error signals, hence zero trust
  assert.equal(runCascade(PROTEIN_DEFAULTS, 0, x, y, y).trust, 0);
  // one sample (x, ŷ, y) = (2, 0.5, −0.3) by hand, from the reset state (min = max = 0, α = 0):
  // S = (tanh 1, tanh 1, −tanh 1); T_pred = tanh(0.1 tanh 1), T_target = −T_pred;
  // C_err = tanh(2 tanh 1), C_trend = tanh(2 T_pred); I = tanh(C); U = scale·tanh(gain·I)
  const t1 = Math.tanh(1), tp = Math.tanh(0.1 * t1);
  const cErr = Math.tanh(2 * t1), cTr = Math.tanh(2 * tp);
  const expected = -0.1 * Math.tanh(2 * Math.tanh(cErr)) + 0.05 * Math.tanh(Math.tanh(cTr)) -
    0.05 * Math.tanh(cErr);
  const one = runCascade(
    PROTEIN_DEFAULTS,
    0,
    Float64Array.of(2),
    Float64Array.of(0.5),
    Float64Array.of(-0.3),
  );
  assert.ok(Math.abs(one.trust - expected) < 1e-15, `${one.trust} vs ${expected}`);
  assert.equal(one.kProteins, 0);
  // intent: higher trust ⇒ higher fitness; reference: the opposite (sign bug)
  assert.ok(trustFitness(0.01, 5, "intent") > trustFitness(0.01, -5, "intent"));
  assert.ok(trustFitness(0.01, 5, "reference") < trustFitness(0.01, -5, "reference"));
  assert.equal(trustFitness(0.01, 3, "off"), -0.01);
  assert.equal(trustFitness(0.1, -100, "intent"), -1); // multiplier floor 0.1
  // mode −1.5 → int(−1.5) = −1 → (−1) mod 4 = 3 ("a < b − θ")
  const g = PROTEIN_DEFAULTS.slice();
  g[12] = -1.5;
  const m3 = runCascade(g, 0, x, y, y);
  g[12] = 3.2;
  assert.equal(runCascade(g, 0, x, y, y).trust, m3.trust);
  // mutation keeps clipped ranges
  let p = PROTEIN_DEFAULTS.slice();
  for (let t = 0; t < 300; t++) {
    const q = new Float64Array(29);
    mutateProteins(p, q, 0, fold(key(0), t), 1, 1);
    p = q;
  }
  for (const i of [7, 9, 11, 17, 19, 20, 23, 26]) assert.ok(Math.abs(p[i]) <= 0.2); // scales
  for (const i of [6, 8, 10]) assert.ok(p[i] >= 0.5 && p[i] <= 0.99); // momenta
  for (const i of [16, 18]) assert.ok(p[i] >= 0.01 && p[i] <= 0.5); // decays
});

Deno.test("backprop: analytic gradient matches central differences; loss decreases", () => {
  const c = small({
    model: { kind: "dense", hidden: 3, k: 2 },
    inputs: { ...trialDefaults.inputs, noiseColumns: 4 },
    optimizer: "backprop",
    backprop: { epochs: 200, lr: 0.01 },
  });
  const ctx = trialContext(c);
  const p = new Float64Array(ctx.genes);
  ctx.ops.random(key(1), p);
  for (let i = 0; i < p.length; i++) p[i] += 0.1 * Math.sin(i);
  const g = new Float64Array(p.length);
  denseLossGrad(ctx, p, g);
  const grad = new Float64Array(p.length);
  for (let i = 0; i < p.length; i++) {
    const h = 1e-6, a = p.slice(), b = p.slice();
    a[i] += h;
    b[i] -= h;
    const fd = (denseLossGrad(ctx, a, grad) - denseLossGrad(ctx, b, grad)) / (2 * h);
    assert.ok(Math.abs(fd - g[i]) < 1e-7 * (1 + Math.abs(fd)), `param ${i}: ${fd} vs ${g[i]}`);
  }
  const r = runTrial(c, key(2));
  assert.equal(r.iterations, 200);
  assert.equal(r.reason, "epochs");
  const s0 = initState(c, key(2));
  const ev = forwardMse(
    ctx.shape,
    s0.backprop!.params,
    ctx.inputs.data,
    ctx.inputs.dataT,
    ctx.inputs.target,
    evalBuffers(3, 100),
  );
  assert.ok(r.mse < ev);
});

Deno.test("bad configs are rejected with a field-named InvalidConfig", () => {
  const cases: [unknown, string][] = [
    [{ model: { k: 300 } }, "model.k"],
    [{ model: { hidden: 0 } }, "model.hidden"],
    [{ inputs: { mode: "dirty" } }, "inputs.mode"],
    [{ sa: { t0: 0.001, t1: 0.01 } }, "sa.t1"],
    [{ mutation: { rate: 1.5 } }, "mutation.rate"],
    [{ ga: { popsize: 2 } }, "ga.popsize"],
    [{ optimizer: "backprop" }, "optimizer"],
    [{ optimizer: "annealing" }, "optimizer"],
    [{ model: { kind: "dense", hidden: 20000 } }, "model.hidden"],
    [{ bogus: 1 }, "bogus"],
  ];
  for (const [input, field] of cases) {
    const r = Effect.runSync(Effect.either(decodeTrialConfig(input)));
    assert.ok(Either.isLeft(r), JSON.stringify(input));
    assert.equal(r.left.field, field, JSON.stringify(input));
  }
  assert.equal(
    trialProcess.limits!({ ...trialDefaults, model: { kind: "sparse", hidden: 8, k: 999 } })?.field,
    "model.k",
  );
});

Deno.test("trials on the worker pool: identical results for 1 and 2 workers", async () => {
  const task = {
    moduleUrl: new URL("./trial_job.ts", import.meta.url).href,
    exportName: "genregTrial",
  };
  const c = small({ sa: { ...trialDefaults.sa, steps: 400 } });
  const jobs = [0, 1, 2].map(() => ({ config: c }));
  const one = await Effect.runPromise(runJobs<TrialJobOutput>(task, jobs, key(11), 1));
  const two = await Effect.runPromise(runJobs<TrialJobOutput>(task, jobs, key(11), 2));
  assert.deepEqual(two.map((o) => o.result), one.map((o) => o.result));
  assert.deepEqual(one[1].result, runTrial(c, fold(key(11), 1)));
});

Deno.test("a step is one optimiser iteration: n steps run n iterations, batching never matters", () => {
  // issue 16: `run --steps 2000` used to run 20 chunks of 1000 steps (same state as 20 steps)
  const c = small({ sa: { ...trialDefaults.sa, steps: 3000 } });
  const s20 = run(initState(c, key(1)), c, 20);
  const s2000 = run(initState(c, key(1)), c, 2000);
  assert.equal(s20.t, 20);
  assert.equal(s20.search!.step, 20);
  assert.equal(s2000.search!.step, 2000);
  assert.equal(trialProcess.length!(c), 3000);
  assert.equal(stepsToFinish(trialDefaults), trialDefaults.sa.steps);
  const tiny = {
    model: { kind: "dense" as const, hidden: 3, k: 2 },
    inputs: { ...trialDefaults.inputs, noiseColumns: 8 },
  };
  for (
    const cfg of [
      small({ ...tiny, optimizer: "hill", hill: { maxSteps: 300, patience: 50 }, traceEvery: 40 }),
      small({
        ...tiny,
        optimizer: "gsa",
        ga: { ...trialDefaults.ga, popsize: 8 },
        gsa: { generations: 6, saSteps: 50 },
      }),
      small({ ...tiny, optimizer: "backprop", backprop: { epochs: 30, lr: 0.01 } }),
      small({
        ...tiny,
        optimizer: "ga",
        ga: { ...trialDefaults.ga, popsize: 8, maxGenerations: 12, targetMse: 0 },
      }),
    ]
  ) {
    let a = initState(cfg, key(4));
    let n = 0;
    while (!a.done) {
      a = step(a, cfg);
      n++;
    }
    assert.equal(a.t, n, cfg.optimizer);
    assert.ok(n <= stepsToFinish(cfg), cfg.optimizer);
    let b = initState(cfg, key(4));
    while (!b.done) b = run(b, cfg, 7);
    assert.deepEqual(b, a, cfg.optimizer);
    assert.deepEqual(run(a, cfg, 5), a); // a finished trial is unchanged
  }
  const gsa = small({
    ...tiny,
    optimizer: "gsa",
    ga: { ...trialDefaults.ga, popsize: 8 },
    gsa: { generations: 6, saSteps: 50 },
  });
  assert.equal(run(initState(gsa, key(4)), gsa, 1e6).t, 56);
});

Deno.test("GA run recycles only populations it replaced: states the caller holds never change", () => {
  const cfg = small({
    model: { kind: "dense", hidden: 3, k: 2 },
    inputs: { ...trialDefaults.inputs, noiseColumns: 8 },
    optimizer: "ga",
    ga: { ...trialDefaults.ga, popsize: 10, maxGenerations: 40, targetMse: 0 },
  });
  // the reference: one generation per call, every state kept with a copy of its population
  const held = [initState(cfg, key(6))];
  for (let g = 0; g < 12; g++) held.push(step(held[held.length - 1], cfg));
  const copies = held.map((s) => s.ga!.population.slice());
  // batched runs from held states (each reuses the buffers of the generations it replaced)
  for (const [from, n] of [[0, 12], [1, 6], [3, 9], [2, 2], [5, 3]]) {
    const r = run(held[from], cfg, n);
    assert.deepEqual(r, held[from + n], `run(held[${from}], ${n})`);
    // a second run from the result leaves that result alone
    const again = run(r, cfg, 4);
    assert.deepEqual(r.ga!.population, held[from + n].ga!.population);
    assert.equal(again.ga!.gen, r.ga!.gen + 4);
  }
  held.forEach((s, i) => assert.deepEqual(s.ga!.population, copies[i], `held state ${i}`));
});
