import assert from "node:assert/strict";
import { key } from "@neuroplastic/core/random";
import {
  expandInputs,
  legacyNoiseParams,
  samplePoints,
  VARIANTS,
  withFreshNoise,
} from "./inputs.ts";

interface Golden {
  NF: number[];
  NP: number[];
  NS: number[];
  x: number[];
  rows: { [r: string]: number[] };
  colSums: number[];
  colSumSq: number[];
  corrCol117WithSin: number;
  float32Block: { rows: number[]; cols: number[]; values: number[][] };
}
const golden: Golden = JSON.parse(
  await Deno.readTextFile(new URL("./testdata/legacy_expansion.json", import.meta.url)),
);

const close = (a: number, b: number, tol: number, what: string): void => {
  assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);
};

Deno.test("legacy noise parameters: MT19937 RandomState(12345) check values", () => {
  const { nf, np, ns } = legacyNoiseParams();
  assert.equal(nf[0].toFixed(8), "9.30319932");
  assert.equal(np[0].toFixed(8), "1.23021626");
  assert.equal(ns[0].toFixed(7), "1.7704145");
  for (let i = 0; i < 5; i++) {
    assert.equal(nf[i], golden.NF[i]);
    assert.equal(np[i], golden.NP[i]);
    assert.equal(ns[i], golden.NS[i]);
  }
});

Deno.test("legacy expansion matches the NumPy golden values (rows, column sums)", () => {
  const inp = expandInputs({ mode: "legacy", trueColumns: 16, noiseColumns: 240 });
  assert.equal(inp.cols, 256);
  assert.equal(inp.freshColumns, 0);
  assert.deepEqual(Array.from(samplePoints()), golden.x);
  for (const [r, row] of Object.entries(golden.rows)) {
    for (let c = 0; c < 256; c++) {
      close(inp.data[Number(r) * 256 + c], row[c], 1e-12, `[${r},${c}]`);
    }
  }
  for (let c = 0; c < 256; c++) {
    let s = 0, s2 = 0;
    for (let r = 0; r < 100; r++) {
      const v = inp.data[r * 256 + c];
      s += v;
      s2 += v * v;
    }
    close(s, golden.colSums[c], 1e-10, `sum col ${c}`);
    close(s2, golden.colSumSq[c], 1e-10, `sumsq col ${c}`);
  }
  // the float32 reference agrees to ~1e-5
  const b = golden.float32Block;
  b.rows.forEach((r, i) =>
    b.cols.forEach((c, j) => close(inp.data[r * 256 + c], b.values[i][j], 1e-5, `f32 [${r},${c}]`))
  );
});

Deno.test("legacy quirk kept: column 117 is −sin(x) (correlation −1 with the target)", () => {
  const inp = expandInputs({ mode: "legacy", trueColumns: 16, noiseColumns: 240 });
  for (let r = 0; r < 100; r++) assert.equal(inp.data[r * 256 + 117], -inp.target[r]);
  assert.ok(Math.abs(golden.corrCol117WithSin + 1) < 1e-12);
});

Deno.test("clean noise: zero sample correlation with every true column and the target, std 0.5", () => {
  const inp = expandInputs({ mode: "clean", trueColumns: 16, noiseColumns: 240 });
  const col = (c: number) => Float64Array.from({ length: 100 }, (_, r) => inp.data[r * 256 + c]);
  for (let j = 16; j < 256; j += 7) {
    const z = col(j);
    let mean = 0, ss = 0;
    for (const v of z) mean += v / 100;
    for (const v of z) ss += v * v / 100;
    assert.ok(Math.abs(mean) < 1e-12);
    assert.ok(Math.abs(Math.sqrt(ss) - 0.5) < 1e-12);
    for (let c = 0; c < 15; c++) {
      const t = col(c);
      let d = 0;
      for (let r = 0; r < 100; r++) d += t[r] * z[r];
      assert.ok(Math.abs(d) < 1e-10, `col ${j} vs true ${c}: ${d}`);
    }
    let dy = 0;
    for (let r = 0; r < 100; r++) dy += inp.target[r] * z[r];
    assert.ok(Math.abs(dy) < 1e-10);
  }
  // same seed ⇒ same noise, other seed ⇒ other noise
  const again = expandInputs({ mode: "clean", trueColumns: 16, noiseColumns: 240 });
  assert.deepEqual(again.data, inp.data);
  const other = expandInputs({ mode: "clean", trueColumns: 16, noiseColumns: 240, cleanSeed: 1 });
  assert.notDeepEqual(other.data, inp.data);
});

Deno.test("sweep variants: widths, zero padding (C2/C3) and fresh noise beyond 240 (N5)", () => {
  const n1 = expandInputs({ mode: "legacy", ...VARIANTS.N1 });
  const n4 = expandInputs({ mode: "legacy", ...VARIANTS.N4 });
  assert.equal(n1.cols, 32);
  for (let r = 0; r < 100; r++) {
    for (let c = 0; c < 32; c++) assert.equal(n1.data[r * 32 + c], n4.data[r * 256 + c]);
  }
  const c3 = expandInputs({ mode: "legacy", ...VARIANTS.C3 });
  assert.equal(c3.cols, 256);
  for (let r = 0; r < 100; r++) {
    for (let c = 15; c < 256; c++) assert.equal(c3.data[r * 256 + c], 0);
  }
  const n5 = expandInputs({ mode: "legacy", ...VARIANTS.N5 });
  assert.equal(n5.cols, 512);
  assert.equal(n5.freshColumns, 256);
  const a = withFreshNoise(n5, key(1)),
    b = withFreshNoise(n5, key(1)),
    c = withFreshNoise(n5, key(2));
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
  for (let r = 0; r < 100; r++) {
    for (let j = 0; j < 256; j++) assert.equal(a[r * 512 + j], n4.data[r * 256 + j]);
  }
  assert.throws(
    () => expandInputs({ mode: "legacy", trueColumns: 0, noiseColumns: 1 }),
    RangeError,
  );
});
