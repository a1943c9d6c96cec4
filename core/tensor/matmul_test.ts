import assert from "node:assert/strict";
import fc from "fast-check";
import * as math from "mathjs";
import { gemmJs, type JsBlocking } from "./gemm_js.ts";
import {
  matmul,
  matmulBackend,
  matmulInto,
  matvecInto,
  outerInto,
  transpose2d,
  transposeInto,
} from "./matmul.ts";
import { fromNested, tensor, toNested } from "./tensor.ts";
import { assertClose, assertWithin, FC, floatArray, toRows, U32, U64 } from "./test_util.ts";
import { gemmWasm, type WasmBlocking, wasmGemmAvailable } from "./wasm_gemm.ts";
import type { FloatArray } from "./tensor.ts";

type Kernel = "auto" | "js" | "wasm";
type Engine = (
  out: FloatArray,
  a: FloatArray,
  b: FloatArray,
  m: number,
  k: number,
  n: number,
  transA: boolean,
  transB: boolean,
  accumulate: boolean,
  aOff: number,
  bOff: number,
  oOff: number,
) => void;

interface Case {
  m: number;
  k: number;
  n: number;
  transA: boolean;
  transB: boolean;
  accumulate: boolean;
  aOff: number;
  bOff: number;
  oOff: number;
  kernel: Kernel;
}

const caseArb = (
  f32: boolean,
  maxDim: number,
): fc.Arbitrary<{ c: Case; a: FloatArray; b: FloatArray; out: FloatArray }> =>
  fc.record({
    m: fc.integer({ min: 1, max: maxDim }),
    k: fc.integer({ min: 1, max: maxDim }),
    n: fc.integer({ min: 1, max: maxDim }),
    transA: fc.boolean(),
    transB: fc.boolean(),
    accumulate: fc.boolean(),
    aOff: fc.integer({ min: 0, max: 3 }),
    bOff: fc.integer({ min: 0, max: 3 }),
    oOff: fc.integer({ min: 0, max: 3 }),
    kernel: fc.constantFrom<Kernel>("auto", "js", "wasm"),
  }).chain((c) =>
    fc.record({
      c: fc.constant(c),
      a: floatArray(f32, c.aOff + c.m * c.k),
      b: floatArray(f32, c.bOff + c.k * c.n),
      out: floatArray(f32, c.oOff + c.m * c.n + 2),
    })
  );

/** Run `engine` on one case and compare with mathjs using a rounding-error bound. */
function check(
  f32: boolean,
  c: Case,
  a: FloatArray,
  b: FloatArray,
  out: FloatArray,
  engine: Engine,
): void {
  const { m, k, n, transA, transB, accumulate, aOff, bOff, oOff } = c;
  const out0 = out.slice();
  engine(out, a, b, m, k, n, transA, transB, accumulate, aOff, bOff, oOff);
  const A = transA ? math.transpose(toRows(a, aOff, k, m)) : toRows(a, aOff, m, k);
  const B = transB ? math.transpose(toRows(b, bOff, n, k)) : toRows(b, bOff, k, n);
  const AB = math.multiply(A, B) as number[][];
  const S = math.multiply(math.abs(A), math.abs(B)) as number[][];
  // Recursive-summation bound (Higham §3.1): |Δ| ≤ γ_k Σ|a||b|, plus the store rounding and
  // (for f32) underflow of products; the mathjs reference carries its own f64 γ_k.
  const gamma = f32 ? (k + 4) * U32 : (2 * k + 4) * U64;
  const tiny = f32 ? k * 2 ** -149 : 0;
  const expected: number[] = [], actual: number[] = [], bound: number[] = [];
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const o0 = accumulate ? out0[oOff + i * n + j] : 0;
      expected.push(o0 + AB[i][j]);
      actual.push(out[oOff + i * n + j]);
      bound.push(gamma * (S[i][j] + Math.abs(o0)) + tiny);
    }
  }
  assertWithin(`matmul ${JSON.stringify(c)}`, actual, expected, bound);
  for (let i = 0; i < oOff; i++) assert.ok(Object.is(out[i], out0[i]), "wrote before outOffset");
  for (let i = oOff + m * n; i < out.length; i++) {
    assert.ok(Object.is(out[i], out0[i]), "wrote past the result");
  }
}

const viaMatmulInto =
  (kernel: Kernel): Engine =>
  (out, a, b, m, k, n, transA, transB, accumulate, aOffset, bOffset, outOffset) => {
    matmulInto(out, a, b, m, k, n, {
      transA,
      transB,
      accumulate,
      aOffset,
      bOffset,
      outOffset,
      kernel,
    });
  };

for (const f32 of [false, true]) {
  Deno.test(`matmulInto matches mathjs (${f32 ? "f32" : "f64"}, trans/accumulate/offsets, all kernels)`, () => {
    fc.assert(
      fc.property(
        caseArb(f32, 20),
        ({ c, a, b, out }) => check(f32, c, a, b, out, viaMatmulInto(c.kernel)),
      ),
      FC,
    );
  });
}

// Tiny blocks so that 1..30-sized problems cross every k-block, row-block, column-block and
// wasm-chunk boundary, including ragged last panels.
const tinyJs: JsBlocking = { kc: 3, mc: 8, nc: 8, unpackedMax: 0 };
const tinyWasm: WasmBlocking = { kc: 3, mc: 8, mChunk: 9, nChunk: 14 };

Deno.test("packed JS and wasm engines match mathjs across all block edges (tiny blocking)", () => {
  const js: Engine = (out, a, b, m, k, n, tA, tB, acc, ao, bo, oo) =>
    gemmJs(out, a, b, m, k, n, tA, tB, acc, ao, bo, oo, tinyJs);
  const wasm = (f64: boolean): Engine => (out, a, b, m, k, n, tA, tB, acc, ao, bo, oo) => {
    assert.ok(gemmWasm(out, a, b, m, k, n, tA, tB, acc, ao, bo, oo, f64, tinyWasm));
  };
  for (const f32 of [false, true]) {
    fc.assert(
      fc.property(caseArb(f32, 30), ({ c, a, b, out }) => {
        check(f32, c, a, b, out.slice(), js);
        if (wasmGemmAvailable()) {
          check(f32, c, a, b, out.slice(), wasm(!f32));
          if (f32) check(f32, c, a, b, out.slice(), wasm(true));
        }
      }),
      { ...FC, numRuns: 40 },
    );
  }
});

Deno.test("f64: wasm and JS engines are bit-identical (default and tiny blocking)", () => {
  if (!wasmGemmAvailable()) return;
  fc.assert(
    fc.property(caseArb(false, 40), ({ c, a, b, out }) => {
      const { m, k, n, transA, transB, accumulate, aOff, bOff, oOff } = c;
      const o1 = out.slice(), o2 = out.slice(), o3 = out.slice(), o4 = out.slice();
      const opts = { transA, transB, accumulate, aOffset: aOff, bOffset: bOff, outOffset: oOff };
      matmulInto(o1, a, b, m, k, n, { ...opts, kernel: "js" });
      matmulInto(o2, a, b, m, k, n, { ...opts, kernel: "wasm" });
      gemmJs(o3, a, b, m, k, n, transA, transB, accumulate, aOff, bOff, oOff, tinyJs);
      gemmWasm(o4, a, b, m, k, n, transA, transB, accumulate, aOff, bOff, oOff, true, tinyWasm);
      for (let i = 0; i < out.length; i++) {
        assert.ok(
          Object.is(o1[i], o2[i]),
          `default blocking differs at ${i}: ${o1[i]} vs ${o2[i]}`,
        );
        assert.ok(Object.is(o3[i], o4[i]), `tiny blocking differs at ${i}: ${o3[i]} vs ${o4[i]}`);
      }
    }),
    { ...FC, numRuns: 50 },
  );
});

Deno.test("matmulInto: large shapes cross the default k-block and chunk sizes (mathjs)", () => {
  const rnd = lcg(3);
  for (const [m, k, n] of [[37, 300, 29], [6, 9, 1030]]) {
    for (const f32 of [false, true]) {
      const mk = (len: number): FloatArray => {
        const d = f32 ? new Float32Array(len) : new Float64Array(len);
        for (let i = 0; i < len; i++) d[i] = rnd() * 2 - 1;
        return d;
      };
      const a = mk(m * k), b = mk(k * n);
      for (const kernel of ["js", "wasm"] as const) {
        check(
          f32,
          {
            m,
            k,
            n,
            transA: false,
            transB: false,
            accumulate: false,
            aOff: 0,
            bOff: 0,
            oOff: 0,
            kernel,
          },
          a,
          b,
          f32 ? new Float32Array(m * n) : new Float64Array(m * n),
          viaMatmulInto(kernel),
        );
      }
    }
  }
});

Deno.test("matmulInto: k = 0 gives zeros (or leaves out when accumulating); bad sizes throw", () => {
  const out = new Float64Array([5, 5, 5, 5]);
  matmulInto(out, new Float64Array(0), new Float64Array(0), 2, 0, 2, { accumulate: true });
  assert.deepEqual([...out], [5, 5, 5, 5]);
  matmulInto(out, new Float64Array(0), new Float64Array(0), 2, 0, 2);
  assert.deepEqual([...out], [0, 0, 0, 0]);
  assert.throws(
    () => matmulInto(new Float64Array(4), new Float64Array(3), new Float64Array(4), 2, 2, 2),
    RangeError,
  );
  assert.throws(
    () =>
      matmulInto(new Float64Array(4), new Float64Array(4), new Float64Array(4), 2, 2, 2, {
        bOffset: 1,
      }),
    /b needs 4 elements from offset 1/,
  );
  assert.throws(
    () => matmulInto(new Float64Array(4), new Float64Array(4), new Float64Array(4), 2, 2.5, 2),
    RangeError,
  );
  assert.ok(["wasm-simd", "js"].includes(matmulBackend()));
});

Deno.test("matvecInto matches mathjs (plain and transposed, accumulate)", () => {
  const arb = fc.record({
    m: fc.integer({ min: 1, max: 23 }),
    n: fc.integer({ min: 1, max: 23 }),
    trans: fc.boolean(),
    accumulate: fc.boolean(),
    f32: fc.boolean(),
  }).chain((c) =>
    fc.record({
      c: fc.constant(c),
      a: floatArray(c.f32, c.m * c.n),
      x: floatArray(c.f32, c.trans ? c.m : c.n),
      out: floatArray(c.f32, c.trans ? c.n : c.m),
    })
  );
  fc.assert(
    fc.property(arb, ({ c, a, x, out }) => {
      const out0 = Array.from(out);
      matvecInto(out, a, x, c.m, c.n, c.trans, c.accumulate);
      const A = toRows(a, 0, c.m, c.n);
      const M = c.trans ? math.transpose(A) : A;
      const y = math.multiply(M, Array.from(x)) as number[];
      const s = math.multiply(math.abs(M), math.abs(Array.from(x))) as number[];
      const len = c.trans ? c.m : c.n;
      const gamma = c.f32 ? (len + 4) * U32 : (2 * len + 4) * U64;
      const expected = y.map((v, i) => (c.accumulate ? out0[i] : 0) + v);
      const bound = s.map((v, i) =>
        gamma * (v + (c.accumulate ? Math.abs(out0[i]) : 0)) + len * 2 ** -149
      );
      assertWithin("matvec", out, expected, bound);
    }),
    FC,
  );
});

Deno.test("matmul (tensor): 2-D, batched 3-D, broadcast 3-D×2-D and 2-D×3-D match mathjs", () => {
  const rnd = lcg(11);
  const rand = (shape: number[], f32: boolean) => {
    const size = shape.reduce((x, y) => x * y, 1);
    const d = f32 ? new Float32Array(size) : new Float64Array(size);
    for (let i = 0; i < size; i++) d[i] = Math.round((rnd() * 2 - 1) * 8) / 4; // exact in f32
    return tensor(d, shape);
  };
  const cases: [number[], number[]][] = [
    [[3, 4], [4, 5]],
    [[2, 3, 4], [2, 4, 5]],
    [[2, 3, 4], [4, 5]],
    [[3, 4], [2, 4, 5]],
    [[1, 3, 4], [3, 4, 2]],
    [[3, 3, 4], [1, 4, 2]],
    [[1, 1], [1, 1]],
  ];
  for (const [sa, sb] of cases) {
    for (const f32 of [false, true]) {
      const a = rand(sa, f32), b = rand(sb, f32);
      const c = matmul(a, b);
      assert.equal(c.data instanceof Float32Array, f32);
      const A = toNested(a) as number[][] | number[][][],
        B = toNested(b) as number[][] | number[][][];
      const batch = Math.max(sa.length === 3 ? sa[0] : 1, sb.length === 3 ? sb[0] : 1);
      const pick = (X: number[][] | number[][][], s: number[], t: number): number[][] =>
        s.length === 2 ? (X as number[][]) : (X as number[][][])[s[0] === 1 ? 0 : t];
      const exp = sa.length === 2 && sb.length === 2
        ? math.multiply(A as number[][], B as number[][])
        : Array.from({ length: batch }, (_, t) => math.multiply(pick(A, sa, t), pick(B, sb, t)));
      // Inputs are multiples of 1/4 in [-2, 2] and k ≤ 4: every product and sum is exact.
      assert.deepEqual(toNested(c), exp);
    }
  }
  assert.throws(() => matmul(rand([2, 3], false), rand([4, 2], false)), /\[2, 3\] and \[4, 2\]/);
  assert.throws(() => matmul(rand([2, 2, 3], false), rand([3, 3, 2], false)), RangeError);
  assert.throws(() => matmul(rand([6], false), rand([6, 1], false)), RangeError);
});

Deno.test("transpose2d / transposeInto match math.transpose; outerInto matches mathjs", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 70 }),
      fc.integer({ min: 1, max: 70 }),
      fc.boolean(),
      (m, n, f32) => {
        const d = f32 ? new Float32Array(m * n) : new Float64Array(m * n);
        for (let i = 0; i < d.length; i++) d[i] = i * 0.5 - 3;
        const t = transpose2d(tensor(d, [m, n]));
        assert.deepEqual(t.shape, [n, m]);
        assert.equal(t.data instanceof Float32Array, f32);
        assert.deepEqual(toNested(t), math.transpose(toRows(d, 0, m, n)));
      },
    ),
    { ...FC, numRuns: 30 },
  );
  assert.throws(() => transposeInto(new Float64Array(3), new Float64Array(4), 2, 2), RangeError);
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 12 }).chain((m) => floatArray(false, m)),
      fc.integer({ min: 1, max: 12 }).chain((n) => floatArray(false, n)),
      fc.boolean(),
      (x, y, accumulate) => {
        const out = new Float64Array(x.length * y.length).fill(1);
        outerInto(out, x, y, accumulate, 0.5);
        const xy = math.multiply(
          toRows(x, 0, x.length, 1),
          toRows(y, 0, 1, y.length),
        ) as number[][];
        const expected = xy.flat().map((v) => 0.5 * v + (accumulate ? 1 : 0));
        assertClose("outer", out, expected, 4 * U64, 4 * U64);
      },
    ),
    { ...FC, numRuns: 50 },
  );
  assert.deepEqual(toNested(transpose2d(fromNested([[1, 2, 3]]))), [[1], [2], [3]]);
});

/** Small deterministic generator for fixed (non-property) test data. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}
