import assert from "node:assert/strict";
import { Effect, Either } from "effect";
import { fillNormal, key } from "@neuroplastic/core/random";
import { evaluatePopulation } from "./evaluate.ts";
import { makeWorkerPool, runJobs, type WorkerTask } from "./pool.ts";

const url = new URL("./testdata/fitness_module.ts", import.meta.url).href;
const sphere: WorkerTask = { moduleUrl: url, exportName: "noisySphere", context: { shift: 0.5 } };

Deno.test("evaluatePopulation: identical results for 1, 2 and 3 workers; keys by index", async () => {
  const n = 5, lam = 23;
  const pop = new Float64Array(lam * n);
  fillNormal(key(3), pop);
  const runs = [];
  for (const workers of [1, 2, 3]) {
    runs.push(await Effect.runPromise(evaluatePopulation(sphere, pop, n, key(9), { workers })));
  }
  assert.deepEqual(runs[1], runs[0]);
  assert.deepEqual(runs[2], runs[0]);
  // skipping known entries keeps the keys of the others
  const known = new Float64Array(lam).fill(NaN);
  known[0] = 123;
  known[7] = -1;
  const partial = await Effect.runPromise(
    evaluatePopulation(sphere, pop, n, key(9), { workers: 2, knownFitness: known }),
  );
  assert.equal(partial[0], 123);
  assert.equal(partial[7], -1);
  for (let k = 0; k < lam; k++) if (k !== 0 && k !== 7) assert.equal(partial[k], runs[0][k]);
});

Deno.test("worker pool: reused across runs, generic jobs in order, failures are WorkerFailed", async () => {
  const echo: WorkerTask = { moduleUrl: url, exportName: "echo" };
  const out = await Effect.runPromise(Effect.scoped(Effect.gen(function* () {
    const pool = yield* makeWorkerPool(echo, 2);
    const a = yield* pool.run<{ job: number; index: number }>([10, 11, 12, 13, 14], key(1), {
      chunk: 1,
    });
    const b = yield* pool.run<{ job: number; index: number }>(["x"], key(1));
    return { a, b, size: pool.size };
  })));
  assert.equal(out.size, 2);
  assert.deepEqual(out.a.map((r) => r.job), [10, 11, 12, 13, 14]);
  assert.deepEqual(out.a.map((r) => r.index), [0, 1, 2, 3, 4]);
  assert.deepEqual(out.b[0].job, "x");
  for (const workers of [1, 2]) {
    const failing = await Effect.runPromise(Effect.either(
      runJobs({ moduleUrl: url, exportName: "failing" }, [0, 1, 2, 3, 4], key(0), workers),
    ));
    assert.ok(Either.isLeft(failing) && failing.left._tag === "WorkerFailed");
    assert.match(failing.left.reason, /boom at 3/);
    const missing = await Effect.runPromise(Effect.either(
      runJobs({ moduleUrl: url, exportName: "nope" }, [0], key(0), workers),
    ));
    assert.ok(Either.isLeft(missing) && /no exported function nope/.test(missing.left.reason));
    const nan = await Effect.runPromise(Effect.either(
      evaluatePopulation(
        { moduleUrl: url, exportName: "notANumber" },
        new Float64Array(4),
        2,
        key(0),
        {
          workers,
        },
      ),
    ));
    assert.ok(Either.isLeft(nan) && /not a number/.test(nan.left.reason));
  }
});
