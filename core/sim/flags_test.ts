import assert from "node:assert/strict";
import fc from "fast-check";
import { Effect, Either } from "effect";
import { InvalidConfig } from "../errors.ts";
import { badFlag, configField, enumFlag, enumListFlag, type Flags, flagValue } from "./mod.ts";
import { FRONT_END_FLAGS, intFlag, intListFlag, numberFlag, tryFlags } from "./mod.ts";

/** Asserts that `f` throws an InvalidConfig on `field` whose message names the flag. */
const throwsOn = (f: () => unknown, field: string, message?: RegExp): void => {
  assert.throws(f, (e: unknown) => {
    assert.ok(e instanceof InvalidConfig, String(e));
    assert.equal(e.field, field);
    assert.ok(e.message.startsWith(`--${field}: `), e.message);
    if (message) assert.match(e.message, message);
    return true;
  });
};

Deno.test("intFlag: absent → undefined; lo and hi inclusive; lo−1, hi+1, fractions, junk and bare flags throw", () => {
  const at = (v: string | boolean): number | undefined => intFlag({ n: v }, "n", 1, 10);
  assert.equal(intFlag({}, "n", 1, 10), undefined);
  assert.equal(intFlag({ m: "3" }, "n", 1, 10), undefined);
  assert.equal(at("1"), 1);
  assert.equal(at("10"), 10);
  assert.equal(at(" 7 "), 7);
  assert.equal(at("1e1"), 10);
  for (const bad of ["0", "11", "2.5", "NaN", "", "  ", "abc", "Infinity", "1,2", true, false]) {
    throwsOn(() => at(bad), "n", /must be an integer in \[1, 10\]/);
  }
  throwsOn(() => at(true), "n", /got no value$/);
  throwsOn(() => at(""), "n", /got ""$/);
  throwsOn(() => at("11"), "n", /^--n: must be an integer in \[1, 10\], got 11$/);
  assert.equal(
    (() => {
      try {
        at("0");
      } catch (e) {
        return (e as InvalidConfig).allowed;
      }
    })(),
    "integer in [1, 10]",
  );
  // −0 reads as 0; an empty string is not 0
  assert.ok(Object.is(intFlag({ n: "-0" }, "n", 0, 1), 0));
  throwsOn(() => intFlag({ n: "" }, "n", 0, 1), "n");
});

Deno.test("numberFlag: bounds inclusive, non-finite, empty and bare flags throw", () => {
  const at = (v: string | boolean): number | undefined => numberFlag({ r: v }, "r", 0, 1);
  assert.equal(numberFlag({}, "r", 0, 1), undefined);
  assert.equal(at("0"), 0);
  assert.equal(at("1"), 1);
  assert.equal(at("0.25"), 0.25);
  assert.equal(at("1e-3"), 0.001);
  for (const bad of ["-0.001", "1.0001", "NaN", "Infinity", "-Infinity", "", "x", true, false]) {
    throwsOn(() => at(bad), "r", /must be a number in \[0, 1\]/);
  }
  throwsOn(() => at("2"), "r", /^--r: must be a number in \[0, 1\], got 2$/);
});

Deno.test("enumFlag: one of the allowed values, otherwise named error listing them", () => {
  const allowed = ["faithful", "sparse", "hebbian"] as const;
  assert.equal(enumFlag({}, "model", allowed), undefined);
  assert.equal(enumFlag({ model: "sparse" }, "model", allowed), "sparse");
  for (const bad of ["dense", "", "SPARSE", true, false]) {
    throwsOn(() => enumFlag({ model: bad }, "model", allowed), "model");
  }
  assert.throws(
    () => enumFlag({ model: "dense" }, "model", allowed),
    (e: unknown) =>
      e instanceof InvalidConfig &&
      e.message === "--model: must be one of faithful, sparse, hebbian, got dense" &&
      e.allowed === "faithful | sparse | hebbian",
  );
});

Deno.test("intListFlag: every entry an integer in range; empty entries, junk and bare flags throw", () => {
  const at = (v: string | boolean): number[] | undefined => intListFlag({ s: v }, "s", 0, 100);
  assert.equal(intListFlag({}, "s", 0, 100), undefined);
  assert.deepEqual(at("0"), [0]);
  assert.deepEqual(at("100, 3,4"), [100, 3, 4]);
  for (const bad of ["-1", "101", "1,,2", "1,", "", "1.5", "a,b", "NaN", true, false]) {
    throwsOn(() => at(bad), "s", /must be a comma-separated list of integers in \[0, 100\]/);
  }
});

Deno.test("enumListFlag: every entry allowed; the first unknown one is named", () => {
  const allowed = ["pattern", "cue-reward"] as const;
  assert.equal(enumListFlag({}, "tasks", allowed), undefined);
  assert.deepEqual(enumListFlag({ tasks: "cue-reward, pattern" }, "tasks", allowed), [
    "cue-reward",
    "pattern",
  ]);
  throwsOn(
    () => enumListFlag({ tasks: "pattern,x" }, "tasks", allowed),
    "tasks",
    /unknown value x;/,
  );
  throwsOn(
    () => enumListFlag({ tasks: "pattern," }, "tasks", allowed),
    "tasks",
    /unknown value "";/,
  );
  throwsOn(() => enumListFlag({ tasks: "" }, "tasks", allowed), "tasks");
  throwsOn(() => enumListFlag({ tasks: true }, "tasks", allowed), "tasks", /got no value/);
});

Deno.test("badFlag and tryFlags: InvalidConfig passes through, other throws become InvalidConfig", () => {
  const e = badFlag("out", "cannot write", "a directory");
  assert.ok(e instanceof InvalidConfig);
  assert.deepEqual([e.field, e.message, e.allowed], ["out", "--out: cannot write", "a directory"]);
  assert.equal(Effect.runSync(tryFlags(() => intFlag({ n: "3" }, "n", 0, 9) ?? 1)), 3);
  const failed = (eff: Effect.Effect<unknown, InvalidConfig>): InvalidConfig => {
    const r = Effect.runSync(Effect.either(eff));
    assert.ok(Either.isLeft(r));
    return r.left;
  };
  assert.equal(failed(tryFlags(() => intFlag({ n: "x" }, "n", 0, 9))).field, "n");
  const other = failed(tryFlags(() => {
    throw new TypeError("boom");
  }));
  assert.ok(other instanceof InvalidConfig);
  assert.deepEqual([other.field, other.message], ["flags", "--flags: TypeError: boom"]);
  const custom = failed(tryFlags(
    () => JSON.parse("{"),
    () => new InvalidConfig({ field: "(input)", message: "bad" }),
  ));
  assert.equal(custom.field, "(input)");
});

Deno.test("configField (name or its camelCase form) and flagValue", () => {
  const fields = ["popsize", "checkpointEvery", "sigmaInit2", "dev-steps"];
  assert.equal(configField("popsize", fields), "popsize");
  assert.equal(configField("checkpoint-every", fields), "checkpointEvery");
  assert.equal(configField("sigma-init-2", fields), "sigmaInit2");
  assert.equal(configField("dev-steps", fields), "dev-steps");
  assert.equal(configField("checkpointevery", fields), undefined);
  assert.equal(configField("lr", fields), undefined);
  assert.deepEqual(
    [flagValue("0.5"), flagValue("[1,2]"), flagValue("cartpole"), flagValue(true)],
    [0.5, [1, 2], "cartpole", true],
  );
});

Deno.test("property: integers in [lo, hi] parse to themselves; outside, an InvalidConfig names the flag", () => {
  const range = fc.tuple(fc.integer({ min: -1e6, max: 1e6 }), fc.integer({ min: 0, max: 1e6 }))
    .map(([lo, w]) => [lo, lo + w] as const);
  fc.assert(
    fc.property(range, fc.integer({ min: -3e6, max: 3e6 }), ([lo, hi], n) => {
      const flags: Flags = { k: String(n), list: `${n},${lo},${hi}` };
      if (n >= lo && n <= hi) {
        assert.equal(intFlag(flags, "k", lo, hi), n);
        assert.equal(numberFlag(flags, "k", lo, hi), n);
        assert.deepEqual(intListFlag(flags, "list", lo, hi), [n, lo, hi]);
      } else {
        throwsOn(() => intFlag(flags, "k", lo, hi), "k");
        throwsOn(() => numberFlag(flags, "k", lo, hi), "k");
        throwsOn(() => intListFlag(flags, "list", lo, hi), "list");
      }
    }),
    { seed: 42, numRuns: 200 },
  );
});

Deno.test("property: a non-integer number string never passes intFlag but passes numberFlag in range", () => {
  fc.assert(
    fc.property(fc.double({ min: -1e3, max: 1e3, noNaN: true }), (x) => {
      fc.pre(!Number.isInteger(x));
      const flags: Flags = { x: String(x) };
      throwsOn(() => intFlag(flags, "x", -1e3, 1e3), "x");
      assert.equal(numberFlag(flags, "x", -1e3, 1e3), x);
    }),
    { seed: 42, numRuns: 200 },
  );
});

Deno.test("FRONT_END_FLAGS: distinct kebab-case names including the driver's config, seed, steps, out", () => {
  assert.equal(new Set(FRONT_END_FLAGS).size, FRONT_END_FLAGS.length);
  for (const f of ["config", "seed", "steps", "out", "checkpoint-every"]) {
    assert.ok(FRONT_END_FLAGS.includes(f), f);
  }
  for (const f of FRONT_END_FLAGS) assert.match(f, /^[a-z]+(-[a-z]+)*$/);
});
