import assert from "node:assert/strict";
import { key } from "@neuroplastic/core/random";
import type { Tensor } from "@neuroplastic/core/tensor";
import { isTensor, treeLeaves } from "@neuroplastic/core/tree";
import { BASELINE_NAMES, type BaselineName } from "./config.ts";
import { baselineByName, sparseAttentionMask, transformer } from "./mod.ts";
import type { TransformerP } from "./specs.ts";
import { asInput, asVars, batchRows, randomInput } from "./test_util.ts";

const B = 3;

const setup = (name: BaselineName) => {
  const m = baselineByName(name);
  // reference widths (d 128, 4 heads, ff 512, H 128), a shorter sequence to keep the test fast
  const cfg = { ...m.referenceConfig("hierarchical"), seqLen: 16 };
  const p = asVars(m.init(cfg, key(3)));
  const x = randomInput(B, cfg.seqLen, cfg.dIn, 9, "f32");
  return { m, cfg, p, x };
};

const maxRel = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let e = 0;
  for (let i = 0; i < a.length; i++) {
    e = Math.max(e, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(b[i])));
  }
  return e;
};

for (const name of BASELINE_NAMES) {
  Deno.test(`${name}: logits [B, C], eval deterministic, batch independent`, () => {
    const { m, cfg, p, x } = setup(name);
    const y = m.forward(p, asInput(x), { train: false, key: key(1), cfg });
    assert.deepEqual(y.shape, [B, cfg.classes]);
    assert.ok(y.value instanceof Float32Array);
    assert.ok(y.value.every(Number.isFinite));
    // eval mode: no dropout, so a different key gives the same bits
    const y2 = m.forward(p, asInput(x), { train: false, key: key(2), cfg });
    assert.deepEqual(y2.value, y.value);
    // forward(x)[b] = forward(x[b:b+1]) (spec §8.10, ~1e-4 relative)
    for (let b = 0; b < B; b++) {
      const yb = m.forward(p, asInput(batchRows(x, b, b + 1)), { train: false, key: key(1), cfg });
      const want = y.value.slice(b * cfg.classes, (b + 1) * cfg.classes);
      assert.ok(maxRel(yb.value, want) < 1e-5, `${name} row ${b}`);
    }
  });
}

const permuteT = (x: Tensor, perm: number[]): Tensor => {
  const [b, T, D] = x.shape;
  const out = new Float32Array(x.data.length);
  for (let i = 0; i < b; i++) {
    for (let t = 0; t < T; t++) {
      out.set(x.data.subarray((i * T + perm[t]) * D, (i * T + perm[t] + 1) * D), (i * T + t) * D);
    }
  }
  return { data: out, shape: x.shape };
};

Deno.test("sequence permutation: only the dense Transformer is invariant (spec §8.9)", () => {
  for (const name of BASELINE_NAMES) {
    const { m, cfg, p, x } = setup(name);
    const perm = Array.from({ length: cfg.seqLen }, (_, t) => (t * 7 + 3) % cfg.seqLen);
    const a = m.forward(p, asInput(x), { train: false, key: key(1), cfg }).value;
    const b = m.forward(p, asInput(permuteT(x, perm)), { train: false, key: key(1), cfg }).value;
    const e = maxRel(a, b);
    if (name === "transformer") assert.ok(e < 1e-5, `${name} ${e}`);
    else assert.ok(e > 1e-3, `${name} should depend on order (${e})`);
  }
});

Deno.test("dropout: active only in train mode and a pure function of the key", () => {
  const { m, cfg, p, x } = setup("transformer");
  const ev = m.forward(p, asInput(x), { train: false, key: key(1), cfg }).value;
  const t1 = m.forward(p, asInput(x), { train: true, key: key(1), cfg }).value;
  const t1b = m.forward(p, asInput(x), { train: true, key: key(1), cfg }).value;
  const t2 = m.forward(p, asInput(x), { train: true, key: key(2), cfg }).value;
  assert.deepEqual(t1, t1b);
  assert.ok(maxRel(t1, ev) > 1e-4);
  assert.ok(maxRel(t1, t2) > 1e-4);
  // the sparse Transformer has no dropout (nn.MultiheadAttention default 0): train == eval
  const s = setup("sparse-transformer");
  const se = s.m.forward(s.p, asInput(s.x), { train: false, key: key(1), cfg: s.cfg }).value;
  const st = s.m.forward(s.p, asInput(s.x), { train: true, key: key(5), cfg: s.cfg }).value;
  assert.deepEqual(st, se);
});

Deno.test("sparse attention mask equals the notebook's construction", () => {
  for (const T of [1, 5, 8, 64]) {
    const got = sparseAttentionMask(T, "f64").data;
    // notebook: mask = ones; mask[i, max(0,i−2):min(T,i+3)] = 0; mask[i, 0:T:4] = 0
    for (let i = 0; i < T; i++) {
      const blocked = new Array(T).fill(true);
      for (let j = Math.max(0, i - 2); j < Math.min(T, i + 3); j++) blocked[j] = false;
      for (let j = 0; j < T; j += 4) blocked[j] = false;
      for (let j = 0; j < T; j++) assert.equal(got[i * T + j], blocked[j] ? -Infinity : 0);
    }
  }
});

Deno.test("transformer layers start equal (TransformerEncoder clones its layer) unless disabled", () => {
  const cfg = transformer.referenceConfig("long-range");
  const p = transformer.init(cfg, key(4)) as TransformerP<Tensor>;
  const l0 = treeLeaves<Tensor>(p.layers[0], isTensor);
  const l2 = treeLeaves<Tensor>(p.layers[2], isTensor);
  l0.forEach((t, i) => assert.deepEqual(t.data, l2[i].data));
  assert.notEqual(l0[0].data, l2[0].data); // distinct buffers
  const q = transformer.init({ ...cfg, cloneLayers: false }, key(4)) as TransformerP<Tensor>;
  assert.notDeepEqual(q.layers[0].inW.data, q.layers[1].inW.data);
});

Deno.test("baselineByName rejects unknown names with InvalidConfig(model)", () => {
  assert.throws(
    () => baselineByName("gru"),
    (e: { _tag: string; field: string }) => e._tag === "InvalidConfig" && e.field === "model",
  );
});
