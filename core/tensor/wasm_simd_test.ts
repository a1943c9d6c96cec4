import assert from "node:assert/strict";
import fc from "fast-check";
import { emitModule, I32, op } from "./wasm_emit.ts";
import { EXP_CLAMP_ABOVE, EXP_FLUSH_BELOW, FnBuilder, vmathModule } from "./wasm_simd.ts";
import { FC } from "./test_util.ts";

type MapFn = (src: number, dst: number, bytes: number) => void;

const inst = new WebAssembly.Instance(new WebAssembly.Module(vmathModule(130)), {});
const mem = inst.exports.memory as WebAssembly.Memory;
const CH = 1 << 20;

/** Applies an exported map to `xs` (≤ CH values) and returns the float32 results. */
function apply(name: "exp" | "sigmoid" | "tanh", xs: ArrayLike<number>): Float32Array {
  const f = new Float32Array(mem.buffer);
  f.fill(0, 0, CH);
  f.set(xs);
  (inst.exports[name] as MapFn)(0, 4 * CH, 4 * Math.ceil(xs.length / 4) * 4);
  return f.slice(CH, CH + xs.length);
}

/** Bits of a float32 on a line where adjacent floats differ by 1 (±0 both map to 0). */
const ordered = (bits: number): number => (bits >= 0 ? bits : -(bits & 0x7fffffff));
const bitsOf = (v: number): number => new Int32Array(Float32Array.of(v).buffer)[0];
const ulps = (a: number, b: number): number => Math.abs(ordered(bitsOf(a)) - ordered(bitsOf(b)));

/** Every 2^14-th float32 bit pattern of both signs plus an offset (2^18 inputs), finite ones. */
function sampleInputs(): Float32Array {
  const u = new Int32Array(1 << 18);
  for (let k = 0; k < u.length; k++) u[k] = (k * 16384 + 1237) | 0;
  return new Float32Array(u.buffer).filter(Number.isFinite);
}

// the reference is Math.fround of the float64 function: correctly rounded except when the
// float64 value lies within one float64 ulp of a float32 rounding boundary
const cases = [
  ["exp", Math.exp, EXP_FLUSH_BELOW, EXP_CLAMP_ABOVE, 1],
  ["sigmoid", (x: number) => 1 / (1 + Math.exp(-x)), EXP_FLUSH_BELOW, Infinity, 2],
  ["tanh", Math.tanh, -Infinity, Infinity, 1],
] as const;

Deno.test("vectorised exp/sigmoid/tanh: within the documented ulp of the correctly rounded value on 2^18 inputs", () => {
  const xs = sampleInputs();
  for (const [name, ref, lo, hi, bound] of cases) {
    let worst = 0, n = 0;
    for (let s = 0; s < xs.length; s += CH) {
      const chunk = xs.subarray(s, s + CH);
      const ys = apply(name, chunk);
      for (let k = 0; k < chunk.length; k++) {
        const x = chunk[k];
        if (x < lo || x > hi) continue;
        n++;
        worst = Math.max(worst, ulps(ys[k], Math.fround(ref(x))));
      }
    }
    assert.ok(n > 120_000, `${name}: ${n} inputs`);
    assert.ok(worst <= bound, `${name}: max ${worst} ulp > ${bound}`);
    assert.ok(worst >= 1, `${name}: a rounding error is expected somewhere`);
  }
});

Deno.test("vectorised exp/sigmoid/tanh: special values, saturation, flush, NaN", () => {
  const xs = [0, -0, 1, -200, 200, EXP_FLUSH_BELOW - 0.01, 100, NaN, Infinity, -Infinity, 10, -10];
  const e = apply("exp", xs), s = apply("sigmoid", xs), t = apply("tanh", xs);
  assert.equal(e[0], 1);
  assert.equal(e[1], 1);
  assert.equal(e[3], 0); // flushed: no subnormal result
  assert.equal(e[5], 0);
  assert.ok(e[4] > 2e38 && Number.isFinite(e[4])); // saturates at e^88.37, no overflow
  assert.ok(Number.isNaN(e[7]) && Number.isNaN(s[7]) && Number.isNaN(t[7]));
  assert.equal(e[9], 0);
  assert.equal(s[0], 0.5);
  assert.equal(s[4], 1);
  assert.ok(s[3] >= 2 ** -126 && s[3] < 1.2e-38); // ≈ the smallest normal, never subnormal
  assert.equal(t[0], 0);
  assert.equal(t[4], 1);
  assert.equal(t[3], -1);
  assert.equal(t[8], 1);
  assert.equal(t[9], -1);
  assert.equal(t[10], 1);
  // odd symmetry of tanh and σ(−x) = 1 − σ(x) within rounding
  fc.assert(
    fc.property(fc.float({ min: -20, max: 20, noNaN: true }), (x) => {
      const [a, b] = apply("tanh", [x, -x]);
      const [p, q] = apply("sigmoid", [x, -x]);
      return a === -b && Math.abs(p + q - 1) <= 2 ** -22;
    }),
    FC,
  );
});

Deno.test("vectorised functions are deterministic: same bits on a fresh instance", () => {
  const xs = Float32Array.from({ length: 4096 }, (_, i) => 30 * Math.sin(i * 1.7));
  const other = new WebAssembly.Instance(new WebAssembly.Module(vmathModule(1)), {});
  const f = new Float32Array((other.exports.memory as WebAssembly.Memory).buffer);
  for (const name of ["exp", "sigmoid", "tanh"] as const) {
    f.set(xs);
    (other.exports[name] as MapFn)(0, 4 * 4096, 4 * 4096);
    assert.deepEqual(f.slice(4096, 8192), apply(name, xs), name);
  }
});

Deno.test("FnBuilder: locals, named locals, counted loops, constants", () => {
  const b = new FnBuilder("sum", [I32], [I32]);
  const s = b.local(I32), i = b.local(I32);
  assert.equal(b.local(I32, "x"), b.local(I32, "x"));
  b.forRange(i, op.i32Const(0), op.localGet(0), 1, () => {
    b.emit(op.localGet(s), op.localGet(i), op.i32Add, op.localSet(s));
  });
  b.emit(op.localGet(s));
  const c = b.constant(0.5);
  assert.equal(b.constant(0.5), c);
  assert.notEqual(b.constant(0.5, true), c);
  const bytes = emitModule([b.build()], 1);
  assert.ok(WebAssembly.validate(bytes));
  const sum = new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports.sum as (
    n: number,
  ) => number;
  assert.equal(sum(0), 0);
  assert.equal(sum(10), 45);
});
