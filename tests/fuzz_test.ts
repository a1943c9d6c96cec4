/**
 * Bad input never crashes (short variant; `deno task fuzz` runs the long one):
 * engine configs decode to a config or an InvalidConfig naming a field; the CLI
 * exits 0/2/3/4/5/6 with a message, never an uncaught exception (exit 1); the HTTP
 * handler answers 2xx/4xx, never 5xx.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { Effect, Exit } from "effect";
import { InvalidConfig } from "@neuroplastic/core/errors";
import { decodeConfig } from "@neuroplastic/core/sim";
import { main } from "../app/cli.ts";
import { engines } from "../app/registry.ts";
import { makeHandler } from "../app/handler.ts";
import { makeJobs } from "../app/jobs_api.ts";
import { argvFuzz, configFuzz, httpFuzz, jobsFuzz, processCommands } from "./fuzz_arbitraries.ts";

const RUNS = Number(Deno.env.get("NP_FUZZ_RUNS") ?? 150);

for (const p of processCommands(engines)) {
  Deno.test(`fuzz: ${p.engine} ${p.command} config decoding returns a config or an InvalidConfig naming a field`, () => {
    fc.assert(
      fc.property(configFuzz(p.process.defaults), (cfg) => {
        const exit = Effect.runSyncExit(decodeConfig(p.process.config, cfg));
        if (Exit.isFailure(exit)) {
          assert.equal(exit.cause._tag, "Fail", "a defect, not a typed failure");
          const e = (exit.cause as { error: unknown }).error;
          assert.ok(e instanceof InvalidConfig);
          assert.ok(e.field.length > 0 && e.message.length > 0);
        }
      }),
      { seed: 42, numRuns: RUNS },
    );
  });
}

Deno.test("fuzz: the CLI exits 0, 2, 3, 4, 5 or 6 with a message, never with an uncaught error", async () => {
  await fc.assert(
    fc.asyncProperty(argvFuzz(engines), async (argv) => {
      const err: string[] = [];
      const code = await main(argv, () => {}, (s) => err.push(s), engines);
      assert.ok(
        [0, 2, 3, 4, 5, 6].includes(code),
        `exit ${code} for ${JSON.stringify(argv)}: ${err.join(" ")}`,
      );
      if (code !== 0) assert.ok(err.join("").length > 0);
    }),
    { seed: 42, numRuns: Math.min(RUNS, 120) },
  );
});

Deno.test("fuzz: the HTTP handler (job API included) answers 2xx or 4xx, never 5xx, with an error body on 4xx", async () => {
  // The job API is fuzzed too: an in-memory KV, no consumer (jobs are accepted or refused, never run).
  const jobs = makeJobs(engines, { kvPath: ":memory:", consume: false });
  const handler = makeHandler(engines, {
    maxBodyBytes: 64 * 1024,
    maxSteps: 5,
    budgetMs: 2000,
    jobs,
  });
  await fc.assert(
    fc.asyncProperty(fc.oneof(httpFuzz(engines), jobsFuzz(engines)), async (r) => {
      const res = await handler.fetch(
        new Request(`http://localhost${r.path}`, {
          method: r.method,
          body: r.body as BodyInit | undefined,
        }),
      );
      const text = await res.text();
      assert.ok(res.status < 500, `${r.method} ${r.path} → ${res.status} ${text.slice(0, 200)}`);
      if (res.status >= 400) assert.ok(JSON.parse(text).error, "4xx without an error message");
    }),
    { seed: 42, numRuns: RUNS },
  ).finally(() => jobs.close());
});
