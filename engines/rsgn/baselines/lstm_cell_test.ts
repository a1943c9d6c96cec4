import assert from "node:assert/strict";
import { checkGradReport, constant, mul, sum, type Var } from "@neuroplastic/core/autodiff";
import { key, normal } from "@neuroplastic/core/random";
import type { Tensor } from "@neuroplastic/core/tensor";
import { lstmSequence, lstmStep } from "./lstm_cell.ts";

const t = (shape: number[], seed: number): Tensor => ({
  data: normal(key(seed), shape.reduce((a, b) => a * b)),
  shape,
});

Deno.test("fused LSTM step and sequence: gradients match finite differences (f64)", () => {
  const B = 3, H = 2, T = 3;
  const w = t([T, B, 2 * H], 9);
  const params = { pre: t([T, B, 4 * H], 1), wHh: t([4 * H, H], 2), s0: t([2, B, H], 3) };
  // three steps from a given state (or from zeros), weighted sum of the output sequence and c_T
  const f = (p: { pre: Var; wHh: Var; s0: Var }, fromZero: boolean): Var => {
    const fwd: Var[] = [], bwd: Var[] = [];
    let s: Var | null = fromZero ? null : p.s0;
    for (let k = 0; k < T; k++) fwd.push(s = lstmStep(p.pre, k, s, p.wHh));
    let r: Var | null = null;
    for (let k = T - 1; k >= 0; k--) bwd[k] = r = lstmStep(p.pre, k, r, p.wHh);
    return sum(mul(mul(lstmSequence(fwd, bwd), constant(w)), sum(s!)));
  };
  for (const fromZero of [false, true]) {
    const r = checkGradReport(
      (p) => f(p as unknown as { pre: Var; wHh: Var; s0: Var }, fromZero),
      params,
    );
    assert.ok(r.maxRelError < 1e-7, `${fromZero} ${JSON.stringify(r.worst)}`);
  }
});

Deno.test("fused LSTM step: torch gate order i, f, g, o with tanh on g", () => {
  // B = 1, H = 1, z = [zi, zf, zg, zo], previous h = 0 (W_hh = 0), previous c = 2
  const pre = constant({ data: new Float64Array([0.3, -0.2, 0.5, 0.7]), shape: [1, 1, 4] });
  const w = constant({ data: new Float64Array(4), shape: [4, 1] });
  const prev = constant({ data: new Float64Array([0, 2]), shape: [2, 1, 1] });
  const s = (x: number) => 1 / (1 + Math.exp(-x));
  const c = s(-0.2) * 2 + s(0.3) * Math.tanh(0.5);
  const out = lstmStep(pre, 0, prev, w).value;
  assert.ok(Math.abs(out[1] - c) < 1e-15);
  assert.ok(Math.abs(out[0] - s(0.7) * Math.tanh(c)) < 1e-15);
});
