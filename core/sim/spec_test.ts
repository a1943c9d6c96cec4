import assert from "node:assert/strict";
import { Schema } from "effect";
import fc from "fast-check";
import {
  closest,
  flagOfPath,
  inRange,
  intInRange,
  kebab,
  NonNegative,
  paramSpecs,
  parseParam,
  Positive,
} from "./mod.ts";

const S = Schema.Struct({
  eta_stdp: inRange(0, 1),
  popSize: intInRange(2, 100),
  task: Schema.Literal("cartpole", "acrobot", "grid"),
  seeds: Schema.Array(intInRange(0, 9)),
  nested: Schema.Struct({ sigmaInit: Positive, lr: NonNegative, on: Schema.Boolean }),
  name: Schema.optional(Schema.String),
});
const defaults = {
  eta_stdp: 0.004,
  popSize: 40,
  task: "cartpole",
  seeds: [1, 2],
  nested: { sigmaInit: 1, lr: 0, on: true },
};
const specs = paramSpecs(S, defaults, { eta_stdp: { description: "rate", unit: "1/step" } });
const by = (f: string) => specs.find((p) => p.flag === f)!;

Deno.test("paramSpecs: one flag per leaf, kinds, ranges, choices and defaults from the schema", () => {
  assert.deepEqual(specs.map((p) => p.flag), [
    "eta-stdp",
    "pop-size",
    "task",
    "seeds",
    "nested.sigma-init",
    "nested.lr",
    "nested.on",
    "name",
  ]);
  assert.deepEqual([by("eta-stdp").kind, by("eta-stdp").min, by("eta-stdp").max], ["number", 0, 1]);
  assert.equal(by("eta-stdp").unit, "1/step");
  assert.deepEqual([by("pop-size").kind, by("pop-size").default], ["int", 40]);
  assert.deepEqual(by("task").choices, ["cartpole", "acrobot", "grid"]);
  assert.deepEqual([by("seeds").kind, by("seeds").max, by("seeds").default], ["int-list", 9, [
    1,
    2,
  ]]);
  assert.deepEqual([by("nested.sigma-init").min, by("nested.sigma-init").exclusiveMin], [0, true]);
  assert.equal(by("nested.lr").max, undefined);
  assert.equal(by("nested.on").kind, "boolean");
  assert.ok(by("name").optional);
});

Deno.test("parseParam: values in range pass, anything else names the flag and every allowed value", () => {
  assert.equal(parseParam(by("pop-size"), "7"), 7);
  assert.deepEqual(parseParam(by("seeds"), "3,4"), [3, 4]);
  assert.equal(parseParam(by("nested.on"), true), true);
  assert.throws(
    () => parseParam(by("task"), "nosuch"),
    /--task: must be one of cartpole, acrobot, grid/,
  );
  assert.throws(
    () => parseParam(by("pop-size"), "1"),
    /--pop-size: must be an integer in \[2, 100\], got "1"/,
  );
  assert.throws(() => parseParam(by("seeds"), "3,x"), /--seeds/);
  assert.throws(() => parseParam(by("nested.sigma-init"), "0"), /> 0/);
  fc.assert(
    fc.property(fc.double({ noNaN: true }), (x) => {
      const ok = x >= 0 && x <= 1;
      try {
        assert.equal(parseParam(by("eta-stdp"), String(x)), x + 0);
        return ok;
      } catch {
        return !ok;
      }
    }),
    { seed: 7, numRuns: 300 },
  );
});

Deno.test("the spelling rule is one kebab-case map per segment", () => {
  assert.equal(kebab("sp_prob"), "sp-prob");
  assert.equal(kebab("sigmaInit"), "sigma-init");
  assert.equal(flagOfPath(["ga", "popsize"]), "ga.popsize");
  fc.assert(
    fc.property(fc.stringMatching(/^[a-z][a-zA-Z0-9_]{0,12}$/), (name) => {
      const k = kebab(name);
      assert.match(k, /^[a-z0-9-]+$/);
      assert.equal(kebab(k), k); // idempotent
    }),
    { seed: 3 },
  );
});

Deno.test("closest suggests likely typos only", () => {
  assert.equal(closest("seqlen", ["seq-len", "seed"]), "seq-len");
  assert.equal(closest("epoch", ["epochs", "seeds"]), "epochs");
  assert.equal(closest("sp_prob", ["sp-prob"]), "sp-prob");
  assert.equal(closest("zzzzzz", ["seq-len", "seed"]), undefined);
});
