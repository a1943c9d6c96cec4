import assert from "node:assert/strict";
import { Effect, Either } from "effect";
import { InvalidConfig } from "@neuroplastic/core/errors";
import { key } from "@neuroplastic/core/random";
import { checkInput, hIp, isPlastic, makeConfig, makeConfigSync, sornDefaults } from "./config.ts";
import { run } from "./run.ts";
import { initState } from "./state.ts";
import { step } from "./step.ts";

const fails = (overrides: unknown): InvalidConfig => {
  const r = Effect.runSync(Effect.either(makeConfig(overrides)));
  assert.ok(Either.isLeft(r), `expected ${JSON.stringify(overrides)} to fail`);
  return r.left;
};

Deno.test("defaults are the reference's and decode", () => {
  const c = makeConfigSync();
  assert.deepEqual(c, sornDefaults);
  assert.equal(c.ne, 200);
  assert.equal(c.ni, 40);
  assert.equal(c.nu, 10);
  assert.equal(c.lambda_ee, 20);
  assert.equal(c.lambda_ei, 40);
  assert.equal(c.eta_stdp, 0.004);
  assert.equal(c.eta_inhib, 0.001);
  assert.equal(c.eta_ip, 0.01);
  assert.deepEqual([c.te_min, c.te_max, c.ti_min, c.ti_max], [0, 1, 0, 0.5]);
  assert.equal(c.mu_ip, 0.1);
  assert.equal(c.noise_sigma, 0.04);
  assert.equal(c.sp_prob, 0.1);
  assert.equal(hIp(c), 0.1); // 2·nu/ne
});

Deno.test("h_ip: reference ignores mu_ip, the mu_ip variant uses it", () => {
  assert.equal(hIp({ ...sornDefaults, mu_ip: 0.3 }), 0.1);
  assert.equal(hIp({ ...sornDefaults, mu_ip: 0.3, h_ip: "mu_ip" }), 0.3);
});

Deno.test("any field can be overridden", () => {
  const c = makeConfigSync({
    ne: 50,
    ni: 10,
    nu: 5,
    eta_ip: 0.02,
    freeze: ["stdp", "sp"],
    phase: "training",
  });
  assert.equal(c.ne, 50);
  assert.deepEqual(c.freeze, ["stdp", "sp"]);
  assert.equal(isPlastic(c, "ip"), false); // training phase
  assert.equal(isPlastic({ ...c, phase: "plasticity" }, "ip"), true);
  assert.equal(isPlastic({ ...c, phase: "plasticity" }, "stdp"), false);
});

Deno.test("bad values fail with InvalidConfig naming the field and its range", () => {
  const cases: [unknown, string][] = [
    [{ ne: 0 }, "ne"],
    [{ ne: -3 }, "ne"],
    [{ ne: 2.5 }, "ne"],
    [{ nu: 300 }, "nu"],
    [{ eta_stdp: -0.1 }, "eta_stdp"],
    [{ eta_ip: Number.NaN }, "eta_ip"],
    [{ eta_inhib: "fast" }, "eta_inhib"],
    [{ noise_sigma: -1 }, "noise_sigma"],
    [{ sp_prob: 1.5 }, "sp_prob"],
    [{ lambda_ee: 200 }, "lambda_ee"],
    [{ lambda_ei: 201 }, "lambda_ei"],
    [{ te_min: 0.8, te_max: 0.2 }, "te_max"],
    [{ mu_ip: 0 }, "mu_ip"],
    [{ freeze: ["stdp", "hebb"] }, "freeze.1"],
    [{ phase: "testing" }, "phase"],
    [{ unknown_field: 1 }, "unknown_field"],
  ];
  for (const [o, field] of cases) {
    const e = fails(o);
    assert.equal(e._tag, "InvalidConfig");
    assert.equal(e.field, field, `field of ${JSON.stringify(o)}: ${e.message}`);
  }
  // the allowed range is named
  assert.match(fails({ ne: 0 }).allowed ?? "", /\[1, 20000\]/);
  assert.match(fails({ nu: 300 }).allowed ?? "", /\[0, 200\]/);
  assert.match(fails({ eta_stdp: -1 }).allowed ?? "", /\[0, 1\]/);
});

Deno.test("wrong input length or non-finite input fails with InvalidConfig", () => {
  assert.equal(checkInput(sornDefaults, new Float64Array(10)), undefined);
  assert.equal(checkInput(sornDefaults, [1, 2])?.field, "input");
  assert.equal(checkInput(sornDefaults, [...Array(9).fill(0), Number.NaN])?.field, "input");
  const s = initState({ ...sornDefaults, ne: 20, ni: 4, lambda_ee: 3, lambda_ei: 4 }, key(0));
  const c = { ...sornDefaults, ne: 20, ni: 4, lambda_ee: 3, lambda_ei: 4 };
  assert.throws(
    () => step(s, c, [1, 2, 3]),
    (e: unknown) => e instanceof InvalidConfig && e.field === "input",
  );
  assert.throws(
    () => run(s, c, 3, { input: (_t, out) => out.fill(Number.POSITIVE_INFINITY) }),
    (e: unknown) => e instanceof InvalidConfig && e.field === "input",
  );
  // a state and a config of different sizes
  assert.throws(
    () => step(s, sornDefaults),
    (e: unknown) => e instanceof InvalidConfig && e.field === "ne",
  );
  assert.throws(
    () => run(s, c, 3, { record: { names: ["WXYZ" as "WEE"], stride: 1, sink: () => {} } }),
    (e: unknown) => e instanceof InvalidConfig && e.field === "record",
  );
  assert.throws(
    () => run(s, c, 3, { record: { names: ["WEE"], stride: 0, sink: () => {} } }),
    (e: unknown) => e instanceof InvalidConfig && e.field === "stride",
  );
});

Deno.test("kwargs never persist: a config is a value, two runs with different configs do not interact", () => {
  const small = makeConfigSync({ ne: 30, ni: 6, lambda_ee: 5, lambda_ei: 6 });
  const a = initState(small, key(1));
  const big = initState(sornDefaults, key(1));
  const a2 = initState(makeConfigSync({ ne: 30, ni: 6, lambda_ee: 5, lambda_ei: 6 }), key(1));
  assert.equal(big.ne, 200);
  assert.deepEqual(a, a2);
  assert.equal(makeConfigSync().ne, 200);
});
