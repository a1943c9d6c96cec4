import assert from "node:assert/strict";
import { Effect } from "effect";
import { key } from "@neuroplastic/core/random";
import { decodeConfig } from "@neuroplastic/core/sim";
import { checkModeCConfig, ModeCConfigSchema, modeCDefaults } from "./config.ts";
import {
  dnmsTrial,
  initModeC,
  modeCEvaluate,
  modeCScratch,
  modeCTrial,
  modeCTrialInPlace,
  runModeC,
  windowedErrorRate,
} from "./model.ts";

const small = {
  ...modeCDefaults,
  n: 20,
  trialTime: 60,
  stim1Start: 1,
  stim1Time: 10,
  stim2Start: 20,
  stim2Time: 10,
  evalTime: 10,
  warmupTrials: 2,
  probaModul: 0.05,
};

Deno.test("mode C never uses gradients: its module graph has no autodiff, BPTT or Mode B module", async () => {
  const here = new URL(".", import.meta.url).pathname;
  for (const f of ["model.ts", "config.ts", "study.ts", "process.ts"]) {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["info", "--json", `${here}${f}`],
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
    const info = JSON.parse(new TextDecoder().decode(out.stdout)) as {
      modules: { specifier: string }[];
    };
    const specs = info.modules.map((m) => m.specifier);
    assert.ok(
      specs.some((s) => s.endsWith(`/engines/hebbian-rnn/mode_c/${f}`)),
      "graph was resolved",
    );
    if (f === "model.ts") {
      assert.ok(
        specs.some((s) => s.endsWith("/plasticity/eligibility.ts")),
        "kernels in the graph",
      );
    }
    const grad = specs.filter((s) =>
      /core\/autodiff|bptt|mode_b\/|core\/optim|optimizer\.ts/.test(s)
    );
    assert.deepEqual(grad, [], `${f} reaches gradient code: ${grad.join(", ")}`);
  }
});

Deno.test("mode C: run(n) equals n single trials bit for bit; inputs never mutated; deterministic", () => {
  const s0 = initModeC(small, key(3));
  const J0 = s0.J.slice();
  const a = runModeC(s0, small, 6);
  let b = s0;
  for (let k = 0; k < 6; k++) b = modeCTrial(b, small);
  assert.deepEqual(s0.J, J0);
  assert.equal(s0.trial, 0);
  assert.deepEqual(a.J, b.J);
  assert.deepEqual(a.errs, b.errs);
  assert.deepEqual(a.wrong, b.wrong);
  assert.deepEqual(a.xTrace, b.xTrace);
  const c = runModeC(initModeC(small, key(3)), small, 6);
  assert.deepEqual(c.J, a.J);
  assert.notDeepEqual(runModeC(initModeC(small, key(4)), small, 6).J, a.J);
});

Deno.test("mode C: per-trial ΔJ is clipped to ±maxDw, none before the warm-up ends, and it learns something", () => {
  let s = initModeC(small, key(5));
  const before = runModeC(s, small, 2); // trials 0, 1: warm-up, no change
  assert.deepEqual(before.J, s.J);
  s = before;
  let changed = 0;
  for (let k = 0; k < 8; k++) {
    const next = runModeC(s, small, 1);
    for (let i = 0; i < s.J.length; i++) {
      const d = Math.abs(next.J[i] - s.J[i]);
      assert.ok(d <= small.maxDw * (1 + 1e-12), `|ΔJ| = ${d}`);
      if (d > 0) changed++;
    }
    s = next;
  }
  assert.ok(changed > 0);
});

Deno.test("mode C: GEMM eligibility equals the literal per-synapse loop of net.cpp", () => {
  const s0 = initModeC(small, key(6));
  const w1 = {
    J: s0.J.slice(),
    win: s0.win,
    xTrace: s0.xTrace.slice(),
    errTrace: s0.errTrace.slice(),
  };
  const w2 = {
    J: s0.J.slice(),
    win: s0.win,
    xTrace: s0.xTrace.slice(),
    errTrace: s0.errTrace.slice(),
  };
  const b1 = modeCScratch(small), b2 = modeCScratch(small);
  for (let t = 0; t < 6; t++) {
    modeCTrialInPlace(w1, small, s0.key, t, true, b1, false, "fast");
    modeCTrialInPlace(w2, small, s0.key, t, true, b2, false, "plain");
    for (let i = 0; i < b1.e.length; i++) {
      assert.ok(Math.abs(b1.e[i] - b2.e[i]) <= 1e-12 * (1 + Math.abs(b2.e[i])));
    }
  }
  for (let i = 0; i < w1.J.length; i++) assert.ok(Math.abs(w1.J[i] - w2.J[i]) < 1e-12);
});

Deno.test("mode C: DNMS trial types, bias units, frozen evaluation and error-rate windows", () => {
  assert.deepEqual([0, 1, 2, 3].map((t) => dnmsTrial(t).sign), [-1, 1, 1, -1]);
  const s = initModeC(small, key(7));
  const ev = modeCEvaluate(s, small, 8, true);
  assert.equal(ev.results.length, 8);
  assert.ok(ev.results.every((r) => r.output!.length === small.trialTime));
  assert.ok(ev.results.every((r) => Math.abs(r.output![r.output!.length - 1]) <= 1));
  assert.deepEqual(windowedErrorRate([1, 1, 0, 0, 1], 2), [1, 0]);
});

Deno.test("mode C: bad configs name the field", async () => {
  for (const [f, v] of [["n", 5], ["probaModul", 2], ["tau", 0], ["maxDw", -1]] as const) {
    const e = await Effect.runPromise(
      Effect.flip(decodeConfig(ModeCConfigSchema, { ...modeCDefaults, [f]: v })),
    );
    assert.equal(e.field, f);
  }
  assert.equal(checkModeCConfig({ ...modeCDefaults, dt: 40 })?.field, "dt");
  assert.equal(checkModeCConfig({ ...modeCDefaults, stim2Start: 900 })?.field, "stim2Time");
});
