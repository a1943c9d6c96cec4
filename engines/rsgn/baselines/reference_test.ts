/**
 * Oracle tests: each traced forward equals a naive, loop-by-loop float64 implementation of the
 * torch module it reproduces (written from the torch documentation's equations).
 */
import assert from "node:assert/strict";
import * as math from "mathjs";
import { key } from "@neuroplastic/core/random";
import type { Tensor } from "@neuroplastic/core/tensor";
import type { BaselineName } from "./config.ts";
import { baselineByName } from "./mod.ts";
import type { EncoderLayerP, LinearP, LstmDirP, LstmP, MlpP, TransformerP } from "./specs.ts";
import { asInput, asVars, randomInput, tinyConfig } from "./test_util.ts";

type Mat = number[][];
const row = (t: Tensor, r: number, n: number): number[] =>
  Array.from(t.data.slice(r * n, (r + 1) * n));
const mat = (t: Tensor): Mat => {
  const [r, c] = t.shape;
  return Array.from({ length: r }, (_, i) => row(t, i, c));
};
/** y = x Wᵀ + b for each row of x. */
const lin = (x: Mat, p: LinearP<Tensor>): Mat => {
  const W = mat(p.w);
  return x.map((xr) => W.map((wr, o) => wr.reduce((s, w, i) => s + w * xr[i], p.b.data[o])));
};
const layerNorm = (x: Mat, g: Tensor, b: Tensor): Mat =>
  x.map((r) => {
    const mu = r.reduce((s, v) => s + v, 0) / r.length;
    const va = r.reduce((s, v) => s + (v - mu) ** 2, 0) / r.length;
    return r.map((v, i) => ((v - mu) / Math.sqrt(va + 1e-5)) * g.data[i] + b.data[i]);
  });
const addM = (a: Mat, b: Mat): Mat => a.map((r, i) => r.map((v, j) => v + b[i][j]));
const sig = (v: number): number => 1 / (1 + Math.exp(-v));
const gelu = (v: number): number => 0.5 * v * (1 + (math.erf(v / Math.SQRT2) as number));

const naiveEncoderLayer = (
  x: Mat,
  p: EncoderLayerP<Tensor>,
  heads: number,
  sparse: boolean,
): Mat => {
  const T = x.length, d = x[0].length, dh = d / heads;
  const inW = mat(p.inW);
  const proj = (r: number): Mat =>
    x.map((xr) =>
      Array.from(
        { length: d },
        (_, o) => inW[r * d + o].reduce((s, w, i) => s + w * xr[i], p.inB.data[r * d + o]),
      )
    );
  const q = proj(0), k = proj(1), v = proj(2);
  const ctx: Mat = Array.from({ length: T }, () => new Array(d).fill(0));
  for (let h = 0; h < heads; h++) {
    for (let i = 0; i < T; i++) {
      const s: number[] = [];
      for (let j = 0; j < T; j++) {
        const allowed = !sparse || Math.abs(i - j) <= 2 || j % 4 === 0;
        let dot = 0;
        for (let c = 0; c < dh; c++) dot += q[i][h * dh + c] * k[j][h * dh + c];
        s.push(allowed ? dot / Math.sqrt(dh) : -Infinity);
      }
      const m = Math.max(...s);
      const e = s.map((z) => Math.exp(z - m));
      const z = e.reduce((a, b) => a + b, 0);
      for (let j = 0; j < T; j++) {
        for (let c = 0; c < dh; c++) ctx[i][h * dh + c] += (e[j] / z) * v[j][h * dh + c];
      }
    }
  }
  const x1 = layerNorm(addM(x, lin(ctx, p.out)), p.norm1.g, p.norm1.b);
  const hid = lin(x1, p.ff1).map((r) => r.map((u) => (sparse ? gelu(u) : Math.max(0, u))));
  return layerNorm(addM(x1, lin(hid, p.ff2)), p.norm2.g, p.norm2.b);
};

const naiveTransformer = (p: TransformerP<Tensor>, x: Mat, heads: number, sparse: boolean) => {
  let h = lin(x, p.embed);
  for (const l of p.layers) h = naiveEncoderLayer(h, l, heads, sparse);
  const pooled = h[0].map((_, j) => h.reduce((s, r) => s + r[j], 0) / h.length);
  return lin([pooled], p.head)[0];
};

const naiveLstmDir = (xs: Mat, p: LstmDirP<Tensor>, reverse: boolean): Mat => {
  const H = p.wHh.shape[1];
  const Wi = mat(p.wIh), Wh = mat(p.wHh);
  let h = new Array(H).fill(0), c = new Array(H).fill(0);
  const out: Mat = new Array(xs.length);
  for (let s = 0; s < xs.length; s++) {
    const t = reverse ? xs.length - 1 - s : s;
    const z = Wi.map((wr, r) =>
      wr.reduce((a, w, i) => a + w * xs[t][i], 0) + p.bIh.data[r] + p.bHh.data[r] +
      Wh[r].reduce((a, w, i) => a + w * h[i], 0)
    );
    // gate order i, f, g, o (torch.nn.LSTM)
    c = c.map((cv, j) => sig(z[H + j]) * cv + sig(z[j]) * Math.tanh(z[2 * H + j]));
    h = c.map((cv, j) => sig(z[3 * H + j]) * Math.tanh(cv));
    out[t] = h;
  }
  return out;
};

const naiveLstm = (p: LstmP<Tensor>, x: Mat): number[] => {
  let seq = x;
  let last: number[] = [];
  p.layers.forEach((l, i) => {
    const f = naiveLstmDir(seq, l.fwd, false), b = naiveLstmDir(seq, l.bwd, true);
    seq = f.map((r, t) => [...r, ...b[t]]);
    if (i === p.layers.length - 1) last = [...f[f.length - 1], ...b[0]];
  });
  return lin([last], p.head)[0];
};

const naiveMlp = (p: MlpP<Tensor>, x: Mat): number[] => {
  const relu = (m: Mat) => m.map((r) => r.map((v) => Math.max(0, v)));
  return lin(relu(lin(relu(lin([x.flat()], p.fc1)), p.fc2)), p.fc3)[0];
};

const check = (name: BaselineName): void => {
  const m = baselineByName(name);
  const cfg = tinyConfig(name);
  const p = m.init(cfg, key(11));
  const B = 3;
  const xt = randomInput(B, cfg.seqLen, cfg.dIn, 5, "f64");
  const y = m.forward(asVars(p), asInput(xt), { train: false, key: key(0), cfg });
  assert.deepEqual(y.shape, [B, cfg.classes]);
  for (let b = 0; b < B; b++) {
    const xb: Mat = Array.from(
      { length: cfg.seqLen },
      (_, t) => row(xt, b * cfg.seqLen + t, cfg.dIn),
    );
    const want = name === "lstm"
      ? naiveLstm(p as LstmP<Tensor>, xb)
      : name === "mlp"
      ? naiveMlp(p as MlpP<Tensor>, xb)
      : naiveTransformer(p as TransformerP<Tensor>, xb, cfg.heads, name === "sparse-transformer");
    for (let c = 0; c < cfg.classes; c++) {
      const got = y.value[b * cfg.classes + c];
      assert.ok(Math.abs(got - want[c]) < 1e-10, `${name} b${b} c${c}: ${got} vs ${want[c]}`);
    }
  }
};

Deno.test("transformer equals a naive post-LN encoder (f64)", () => check("transformer"));
Deno.test("sparse-transformer equals a naive masked encoder (f64)", () => {
  // T = 6 has blocked pairs (e.g. query 0, key 3), so the mask matters here
  check("sparse-transformer");
});
Deno.test("lstm equals a naive 2-layer bidirectional LSTM (f64)", () => check("lstm"));
Deno.test("mlp equals a naive MLP (f64)", () => check("mlp"));
