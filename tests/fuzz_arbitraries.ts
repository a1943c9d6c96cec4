/**
 * fast-check generators of bad input for every surface: engine configs, CLI
 * argument vectors and HTTP requests. Shared by tests/fuzz_test.ts (short) and
 * bench/fuzz.ts (long, writes the counts to docs/reliability.md).
 *
 * @module
 */
import fc from "fast-check";
import { commandParams, type EngineCli, type Process } from "@neuroplastic/core/sim";

/** Values that break numeric and structural fields. */
export const junkValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    NaN,
    Infinity,
    -Infinity,
    -1,
    0,
    -0,
    0.5,
    1e308,
    -1e308,
    2 ** 53,
    2 ** 31,
    -(2 ** 31),
  ),
  fc.constantFrom("x", "", "1", "NaN", null, true, false, [], {}, [1, 2], { a: { b: { c: 1 } } }),
  fc.string({ maxLength: 20 }),
  fc.double(),
  fc.integer(),
  fc.array(fc.double(), { maxLength: 5 }),
  fc.constant("y".repeat(10_000)),
);

/** A config: the defaults with some fields replaced by junk, unknown fields added, or the whole thing replaced. */
export const configFuzz = (defaults: unknown): fc.Arbitrary<unknown> => {
  const fields = defaults && typeof defaults === "object" ? Object.keys(defaults as object) : [];
  const mutate = fc.record({
    picks: fc.subarray(fields, { minLength: 1 }),
    values: fc.array(junkValue, { minLength: fields.length, maxLength: fields.length }),
    extra: fc.option(
      fc.dictionary(
        fc.string({ minLength: 1, maxLength: 8 }).filter((k) =>
          !fields.includes(k) && k !== "__proto__"
        ),
        junkValue,
        { maxKeys: 2, noNullPrototype: true },
      ),
      { nil: undefined },
    ),
  }).map(({ picks, values, extra }) => {
    const out: Record<string, unknown> = { ...(defaults as object) };
    picks.forEach((f, i) => (out[f] = values[i]));
    return extra ? { ...out, ...extra } : out;
  });
  return fields.length
    ? fc.oneof({ weight: 4, arbitrary: mutate }, { weight: 1, arbitrary: junkValue })
    : junkValue;
};

/** Every process command of every engine. */
export const processCommands = (
  engines: readonly EngineCli[],
): { engine: string; command: string; process: Process<unknown, unknown> }[] =>
  engines.flatMap((e) =>
    Object.entries(e.commands).flatMap(([command, c]) =>
      c.kind === "process"
        ? [{ engine: e.name, command, process: c.process as Process<unknown, unknown> }]
        : []
    )
  );

const flagJunk = fc.constantFrom(
  "-1",
  "0",
  "NaN",
  "Infinity",
  "1e309",
  "abc",
  "[]",
  "{}",
  "null",
  "true",
  "0.5",
  "",
  "1e99",
  "2.5",
);

/** CLI argument vectors: real or bogus engines/commands, config flags with junk values, bad global flags. */
export const argvFuzz = (engines: readonly EngineCli[]): fc.Arbitrary<string[]> => {
  const procs = processCommands(engines);
  const names = [...engines.map((e) => e.name), "nosuch", ""];
  return fc.record({
    target: fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...procs.map((p) => [p.engine, p.command])) },
      {
        weight: 1,
        arbitrary: fc.tuple(
          fc.constantFrom(...names),
          fc.constantFrom("bogus", "resume", "run", ""),
        ),
      },
    ),
    flags: fc.array(
      fc.oneof(
        fc.tuple(
          fc.constantFrom(
            ...new Set(
              engines.flatMap((e) =>
                Object.values(e.commands).flatMap((c) => commandParams(c).map((q) => q.flag))
              ),
            ),
          ).map((f) => `--${f}`),
          flagJunk,
        ),
        fc.tuple(
          fc.constantFrom(
            "--seed",
            "--steps",
            "--checkpoint-every",
            "--stride",
            "--record",
            "--config",
            "--bogus",
          ),
          flagJunk,
        ),
      ),
      { maxLength: 4 },
    ),
    steps: fc.constantFrom("0", "1", "-1", "x", "1e99", "2.5"),
  }).map((
    { target, flags, steps },
  ) => [...target.filter(Boolean), ...flags.flat(), "--steps", steps, "--quiet"]);
};

/** HTTP requests against the handler: (method, path, body bytes or string, headers). */
export const httpFuzz = (
  engines: readonly EngineCli[],
): fc.Arbitrary<{ method: string; path: string; body?: string | Uint8Array }> => {
  const procs = processCommands(engines);
  const runPaths = procs.map((p) => `/v1/${p.engine}/${p.command}`);
  const customPaths = engines.flatMap((e) =>
    Object.entries(e.commands).flatMap(([n, c]) =>
      c.kind === "function" && c.http ? [`/v1/${e.name}/${n}`] : []
    )
  );
  const flagValue = fc.oneof(
    junkValue,
    fc.integer({ min: -3, max: 64 }),
    fc.constantFrom("cpu", "gpu", "auto", "tpu", "", "1e9", "NaN", "-1", "/etc/passwd"),
  );
  const flagName = fc.constantFrom(
    "networks",
    "population",
    "backend",
    "seed",
    "steps",
    "config",
    "out",
    "params",
    "task",
    "mode",
    "x",
  );
  const body = fc.oneof(
    fc.json().map((j) => j),
    fc.uint8Array({ maxLength: 64 }),
    fc.constantFrom("{", "[]", "null", '"x"', '{"config":', "\uFFFF", '{"seed":1e999}'),
    fc.integer({ min: 1, max: 20000 }).map((n) => "[".repeat(n) + "]".repeat(n)),
    fc.constant("z".repeat(300_000)),
    fc.record({
      config: fc.oneof(junkValue, ...procs.map((p) => configFuzz(p.process.defaults))),
      seed: fc.option(junkValue, { nil: undefined }),
      steps: fc.option(fc.oneof(junkValue, fc.integer({ min: 0, max: 3 })), { nil: undefined }),
    }).map((o) => JSON.stringify(o)),
    fc.record({
      config: fc.oneof(junkValue, fc.dictionary(flagName, flagValue, { maxKeys: 4 })),
      seed: fc.option(junkValue, { nil: undefined }),
      steps: fc.option(fc.oneof(junkValue, fc.integer({ min: 0, max: 3 })), { nil: undefined }),
    }).map((o) => JSON.stringify(o)),
  );
  return fc.record({
    method: fc.constantFrom("POST", "POST", "POST", "GET", "PUT", "DELETE"),
    path: fc.oneof(
      { weight: 5, arbitrary: fc.constantFrom(...runPaths) },
      ...(customPaths.length ? [{ weight: 2, arbitrary: fc.constantFrom(...customPaths) }] : []),
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          "/v1/engines",
          "/health",
          "/v1/nosuch/run",
          "/",
          "/v1//run",
          "/v1/walk/run/extra",
          "/v1/sorn/counting",
          "/v1/sorn/__proto__",
          "/v1/jobs",
          "/v1/jobs/00000000-0000-4000-8000-000000000000",
        ),
      },
    ),
    body,
  }).map((r) => (r.method === "GET" ? { method: r.method, path: r.path } : r));
};

/** Requests under `/v1/jobs` (the background job API): submissions with junk fields, ids, methods. */
export const jobsFuzz = (
  engines: readonly EngineCli[],
): fc.Arbitrary<{ method: string; path: string; body?: string | Uint8Array }> => {
  const procs = processCommands(engines);
  const commands = engines.flatMap((e) => Object.keys(e.commands).map((c) => [e.name, c]));
  const target = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...procs.map((p) => [p.engine, p.command])) },
    { weight: 2, arbitrary: fc.constantFrom(...commands) },
    { weight: 1, arbitrary: fc.tuple(junkValue, junkValue) },
  );
  const submission = fc.record({
    target,
    config: fc.option(
      fc.oneof(
        junkValue,
        fc.constant({}),
        ...procs.map((p) => configFuzz(p.process.defaults)),
      ),
      { nil: undefined, freq: 2 },
    ),
    seed: fc.option(fc.oneof(junkValue, fc.nat()), { nil: undefined, freq: 2 }),
    steps: fc.option(fc.oneof(junkValue, fc.integer({ min: 0, max: 8 })), {
      nil: undefined,
      freq: 2,
    }),
    extra: fc.oneof(
      { weight: 6, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: fc.constantFrom("x", "__proto__", "kvPath") },
    ),
  }).map(({ target: [engine, command], config, seed, steps, extra }) =>
    JSON.stringify({ engine, command, config, seed, steps, ...(extra ? { [extra]: 1 } : {}) })
  );
  const body = fc.oneof(
    { weight: 6, arbitrary: submission },
    { weight: 1, arbitrary: fc.json() },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }) },
    { weight: 1, arbitrary: fc.constantFrom("{", "[]", "null", '{"engine":', "\uFFFF") },
  );
  const id = fc.oneof(
    fc.uuid(),
    fc.constantFrom(
      "x",
      "..",
      "%00",
      "__proto__",
      "0".repeat(3000),
      "00000000-0000-4000-8000-00000000000g",
    ),
    fc.string({ maxLength: 40 }).map(encodeURIComponent),
  );
  const other = fc.record({
    method: fc.constantFrom("POST", "GET", "DELETE", "PUT"),
    path: fc.oneof(
      fc.constant("/v1/jobs"),
      id.map((i) => `/v1/jobs/${i}`),
      id.map((i) => `/v1/jobs/${i}/x`),
    ),
    body,
  }).map((
    r,
  ) => (r.method === "GET" || r.method === "DELETE" ? { method: r.method, path: r.path } : r));
  return fc.oneof(
    { weight: 3, arbitrary: body.map((b) => ({ method: "POST", path: "/v1/jobs", body: b })) },
    { weight: 2, arbitrary: other },
  );
};
