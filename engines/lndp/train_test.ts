import assert from "node:assert/strict";
import { decodeState, encodeState } from "@neuroplastic/core/checkpoint";
import { InvalidConfig } from "@neuroplastic/core/errors";
import { decodeConfigSync } from "@neuroplastic/core/sim";
import { key } from "@neuroplastic/core/random";
import { closePools } from "./pool.ts";
import type { RunEnv } from "@neuroplastic/core/sim";
import { type TrainConfig, TrainConfigSchema, trainDefaults } from "./config.ts";
import { trainProcess } from "./process.ts";
import { HTTP_MAX_GENERATION_ENV_STEPS, httpGenerationProblem, type TrainState } from "./train.ts";

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
