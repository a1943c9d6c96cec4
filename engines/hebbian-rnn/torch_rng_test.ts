// The PyTorch random-stream emulation (torch_rng.ts) against draws of PyTorch itself:
// testdata/torch_rng.json, written by testdata/make_torch_rng.py with torch.manual_seed on the
// CPU (torch 1.13, Debian's python3-torch). Every value must match bit for bit.
import assert from "node:assert/strict";
import {
  torchGenerator,
  torchLinearInit,
  torchRandint,
  torchSkipRandn,
  torchUniform,
} from "./torch_rng.ts";
import { initModeAParams } from "./mode_a/params.ts";
import { randomBitBatch } from "./mode_a/train.ts";
import { modeADefaults } from "./mode_a/config.ts";

interface Fixture {
  torch: string;
  uniform: {
    seed: number;
    lo: number;
    hi: number;
    n: number;
    values: number[];
    then_rand3: number[];
  }[];
  randint: { seed: number; lo: number; hi: number; n: number; values: number[] }[];
  randn_skip: { seed: number; n: number; then_rand4: number[] }[];
  linear: { seed: number; fan_in: number; fan_out: number; weight: number[]; bias: number[] }[];
  sc_py: {
    seed: number;
    hidden: number;
    batch: number;
    seq_len: number;
    params: number[];
    x: number[];
    mod: number[];
  };
}

const fx: Fixture = JSON.parse(
  await Deno.readTextFile(new URL("./testdata/torch_rng.json", import.meta.url)),
);

Deno.test("torch.manual_seed + uniform_ / rand: the same float32 values, then the same stream", () => {
  assert.ok(fx.uniform.length >= 4);
  for (const c of fx.uniform) {
    const g = torchGenerator(c.seed);
    assert.deepEqual(
      Array.from(torchUniform(g, c.lo, c.hi, new Float64Array(c.n))),
      c.values,
      `seed ${c.seed}`,
    );
    assert.deepEqual(
      Array.from(torchUniform(g, 0, 1, new Float64Array(3))),
      c.then_rand3,
      `seed ${c.seed}`,
    );
  }
});

Deno.test("torch.randint: the same integers", () => {
  for (const c of fx.randint) {
    assert.deepEqual(Array.from(torchRandint(torchGenerator(c.seed), c.lo, c.hi, c.n)), c.values);
  }
});

Deno.test("torch.randn(n), n ≥ 16: skipping its draws leaves the generator where PyTorch leaves it", () => {
  for (const c of fx.randn_skip) {
    const g = torchGenerator(c.seed);
    torchSkipRandn(g, c.n);
    assert.deepEqual(
      Array.from(torchUniform(g, 0, 1, new Float64Array(4))),
      c.then_rand4,
      `n = ${c.n}`,
    );
  }
});

Deno.test("nn.Linear default init: the same weight and bias", () => {
  for (const c of fx.linear) {
    const w = new Float64Array(c.fan_in * c.fan_out), b = new Float64Array(c.fan_out);
    torchLinearInit(torchGenerator(c.seed), c.fan_in, c.fan_out, w, b);
    assert.deepEqual(Array.from(w), c.weight, `Linear(${c.fan_in}, ${c.fan_out}) weight`);
    assert.deepEqual(Array.from(b), c.bias, `Linear(${c.fan_in}, ${c.fan_out}) bias`);
  }
});

Deno.test("mode A starts where sc.py starts: initial weights and the first batch of seed 42", () => {
  const r = fx.sc_py;
  const c = { ...modeADefaults, hidden: r.hidden, batch: r.batch, seqLen: r.seq_len };
  assert.equal(c.modulation, "uniform");
  const g = torchGenerator(r.seed);
  assert.deepEqual(
    Array.from(initModeAParams({ input: 1, hidden: r.hidden, output: 1 }, g)),
    r.params,
  );
  const n = r.batch * r.seq_len;
  const x = new Float64Array(n), y = new Float64Array(n), m = new Float64Array(n);
  randomBitBatch(g, c, x, y, m);
  assert.deepEqual(Array.from(x), r.x);
  assert.deepEqual(Array.from(m), r.mod);
});
