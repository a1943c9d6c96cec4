/**
 * Benchmarks for `@neuroplastic/core/random`: Threefry uniform/normal fills of 1e5 values and
 * NumPy-MT19937 `randomSample`, each against a naive per-value baseline measured in the same
 * run (`deno bench -A bench/random_bench.ts`; the `baseline` row is 1×).
 *
 * @module
 */
import {
  fillNormal,
  fillUniform,
  key,
  normal,
  numpy,
  threefry2x32,
  truncatedNormal,
} from "@neuroplastic/core/random";

const N = 100_000;
const k = key(42);
const f64 = new Float64Array(N);
const f32 = new Float32Array(N);

const y = new Uint32Array(2);

/** Naive uniform: one `threefry2x32` call per value (reused 2-word buffer, no allocation). */
function naiveUniform(out: Float64Array): void {
  for (let i = 0; i < out.length; i++) {
    threefry2x32(k.k0, k.k1, i, out.length + i, y);
    out[i] = (y[0] * 2097152 + (y[1] >>> 11)) / 9007199254740992;
  }
}

/** Naive uniform that allocates the 2-word result per value (the API's default). */
function naiveUniformAlloc(out: Float64Array): void {
  for (let i = 0; i < out.length; i++) {
    const w = threefry2x32(k.k0, k.k1, i, out.length + i);
    out[i] = (w[0] * 2097152 + (w[1] >>> 11)) / 9007199254740992;
  }
}

/** Naive normal: per-value Threefry + Box–Muller with Math.log/Math.cos. */
function naiveNormal(out: Float64Array): void {
  for (let i = 0; i < out.length; i++) {
    threefry2x32(k.k0, k.k1, i, out.length + i, y);
    const u1 = (y[0] + 1) / 4294967297;
    const u2 = y[1] / 4294967296;
    out[i] = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}

Deno.bench("uniform fill 1e5 f64: naive per-value threefry2x32", {
  group: "uniform",
  baseline: true,
}, () => {
  naiveUniform(f64);
});
Deno.bench("uniform fill 1e5 f64: naive, allocating threefry2x32", { group: "uniform" }, () => {
  naiveUniformAlloc(f64);
});
Deno.bench("uniform fill 1e5 f64: fillUniform", { group: "uniform" }, () => {
  fillUniform(k, f64);
});
Deno.bench("uniform fill 1e5 f32: fillUniform", { group: "uniform" }, () => {
  fillUniform(k, f32, -0.1, 0.1);
});

Deno.bench("normal fill 1e5 f64: naive per-value Box–Muller", {
  group: "normal",
  baseline: true,
}, () => {
  naiveNormal(f64);
});
Deno.bench("normal fill 1e5 f64: fillNormal (ziggurat)", { group: "normal" }, () => {
  fillNormal(k, f64);
});
Deno.bench("normal fill 1e5 f32: fillNormal (ziggurat)", { group: "normal" }, () => {
  fillNormal(k, f32, 0, 0.05);
});
Deno.bench("normal 240 (one SORN step of noise)", { group: "normal-small" }, () => {
  normal(k, 240);
});
Deno.bench("truncatedNormal 1e4 on [-2, 2]", { group: "normal-small" }, () => {
  truncatedNormal(k, 10_000, -2, 2);
});

const rs = numpy.randomState(12345);
Deno.bench("MT19937 1e5 doubles: nextDouble per value", {
  group: "mt19937",
  baseline: true,
}, () => {
  for (let i = 0; i < N; i++) f64[i] = numpy.nextDouble(rs);
});
Deno.bench("MT19937 1e5 doubles: randomSample", { group: "mt19937" }, () => {
  numpy.randomSample(rs, N);
});
Deno.bench("MT19937 1e5 randn (polar)", { group: "mt19937" }, () => {
  numpy.randn(rs, N);
});
