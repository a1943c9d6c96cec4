import assert from "node:assert/strict";
import { decodeState, encodeState } from "@neuroplastic/core/checkpoint";
import { InvalidConfig } from "@neuroplastic/core/errors";
import { decodeConfigSync } from "@neuroplastic/core/sim";
import { fold, key } from "@neuroplastic/core/random";
import { closePools } from "./pool.ts";
import type { RunEnv } from "@neuroplastic/core/sim";
import { type TrainConfig, TrainConfigSchema, trainDefaults } from "./config.ts";
import { trainProcess } from "./process.ts";
import { makeModel } from "./model.ts";
import { run } from "./run.ts";
import {
  askGeneration,
  HTTP_MAX_GENERATION_ENV_STEPS,
  httpGenerationProblem,
  initTrain,
  lifetimeOf,
  type TrainState,
} from "./train.ts";

const small = (over: Partial<TrainConfig> = {}): TrainConfig =>
  decodeConfigSync(TrainConfigSchema, { ...trainDefaults, popsize: 6, ...over });

const steps = (s: TrainState, c: TrainConfig, n: number, env?: RunEnv): TrainState => {
  for (let i = 0; i < n; i++) s = trainProcess.step(s, c, env);
  return s;
};

for (const strategy of ["openai"] as const) {
  Deno.test(`train (${strategy}): same seed ⇒ same run on 1 (main thread) and 2 workers; checkpoint/resume is bit-exact`, () => {
    try {
      const c0 = small({ strategy, sigmaInit: 2 });
      const a = steps(trainProcess.init(c0, key(4)), c0, 3, { workers: 1 });
      const b = steps(trainProcess.init(c0, key(4)), c0, 3, { workers: 2 });
      assert.deepEqual(encodeState(a), encodeState(b));
      // resume: run 1, round-trip the state through the checkpoint codec, run 2 more
      const mid = decodeState(
        encodeState(steps(trainProcess.init(c0, key(4)), c0, 1)),
      ) as TrainState;
      const resumed = steps(mid, c0, 2);
      assert.deepEqual(encodeState(resumed), encodeState(a));
      assert.equal(a.generation, 3);
      assert.equal(a.curveMax.length, 3);
      assert.ok(a.bestFitness >= Math.max(...a.curveMax) - 1e-12);
      const sum = trainProcess.summary(a, c0);
      assert.equal(sum.generations, 3);
      assert.equal((sum.bestGenome as number[]).length, 1918);
    } finally {
      closePools();
    }
  });
}

Deno.test("httpGenerationProblem: popsize · nEpisodes · maxSteps ≤ 32,768 over HTTP, at the boundary", () => {
  assert.equal(HTTP_MAX_GENERATION_ENV_STEPS, 32_768);
  // CartPole-v1: 500 steps per episode. 65 · 1 · 500 = 32,500 fits; 66 · 1 · 500 = 33,000 does not.
  const cp = { ...trainDefaults, task: "cartpole" as const, nEpisodes: 1 };
  assert.equal(httpGenerationProblem({ ...cp, popsize: 65 }), undefined);
  const e = httpGenerationProblem({ ...cp, popsize: 66 });
  assert.ok(e instanceof InvalidConfig && e.field === "popsize", String(e));
  assert.match(e.message, /33000 environment steps.*popsize ≤ 65 at nEpisodes 1/);
  // The reference default (popsize 256, 3 episodes) is refused over HTTP.
  assert.equal(httpGenerationProblem(trainDefaults)?.field, "popsize");
  // Only the HTTP hook carries it: the CLI's limits accept the default.
  assert.equal(trainProcess.limits?.(trainDefaults), undefined);
  assert.equal(trainProcess.httpLimits?.(trainDefaults)?.field, "popsize");
});

Deno.test("train config: bad task, popsize or strategy ⇒ InvalidConfig naming the field", () => {
  const bad = (over: Record<string, unknown>, field: string): void => {
    assert.throws(
      () => decodeConfigSync(TrainConfigSchema, { ...trainDefaults, ...over }),
      (e: unknown) => e instanceof InvalidConfig && e.field === field,
    );
  };
  bad({ task: "pong" }, "task");
  bad({ popsize: 1 }, "popsize");
  bad({ strategy: "ga" }, "strategy");
  // workers is a run-level setting (--workers), not a config field
  bad({ workers: 2 }, "workers");
});

Deno.test("evalReps (ours): a member's fitness is the mean of its lifetimes fold(evalKey, i·R + r); R = 1 is the reference's one lifetime", () => {
  const c1 = small({ strategy: "openai", popsize: 4, nEpisodes: 1, sigmaInit: 0.3 });
  const c3 = { ...c1, evalReps: 3 };
  const s0 = initTrain(c3, key(2));
  const asked = askGeneration(s0, c3);
  assert.equal(asked.lifetimeCount, 12);
  const s1 = trainProcess.step(s0, c3);
  const model = makeModel("cartpole", lifetimeOf(c3));
  const P = model.layout.size;
  let steps = 0;
  const fit = [0, 1, 2, 3].map((i) => {
    const g = asked.candidates.subarray(i * P, (i + 1) * P);
    let f = 0;
    for (let r = 0; r < 3; r++) {
      const l = run(model, g, 1, fold(asked.evalKey, i * 3 + r));
      f += l.fitness;
      steps += l.envSteps;
    }
    return f / 3;
  });
  assert.equal(s1.curveMax[0], Math.max(...fit));
  assert.equal(s1.curveMean[0], fit.reduce((a, b) => a + b, 0) / 4);
  assert.equal(s1.curveSteps[0], steps);
  // the lifetimes differ (distinct keys), or the mean would equal one lifetime
  const one = [0, 1, 2, 3].map((i) =>
    run(model, asked.candidates.subarray(i * P, (i + 1) * P), 1, fold(asked.evalKey, i)).fitness
  );
  assert.notDeepEqual(fit, one);
  // evalReps = 1 runs member i with fold(evalKey, i), as before the option
  const b1 = trainProcess.step(initTrain(c1, key(2)), c1);
  assert.equal(b1.curveMean[0], one.reduce((a, b) => a + b, 0) / 4);
  assert.equal(askGeneration(initTrain(c1, key(2)), c1).lifetimes.length, 4 * P);
});
