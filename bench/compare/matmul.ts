/**
 * f32 square matmul, side by side: the project's `matmulInto` (WebAssembly SIMD engine, and the
 * plain-JS engine it falls back to), a naive i-j-k triple loop, and a blocked C SGEMM
 * (`matmul.c`, compiled here with `cc -O3 -march=native` into a temp dir and run as a
 * subprocess). All timings are the best of several repetitions in this one run.
 *
 * Before any timing is trusted, the results are cross-checked: the maximum over elements of
 * |C_x − C_ours| / Σ_p |a_ip||b_pj| (a normalised error, 0 for identical results) must stay
 * below 1e-5 for the C and naive results.
 *
 * Usage: `deno run -A bench/compare/matmul.ts [--sizes 256,1024] [--quick]`
 * (`--quick` uses fewer repetitions). Without a C compiler the C column prints
 * "skipped: no C compiler" and the JS figures are still reported.
 *
 * @module
 */
import { matmulBackend, matmulInto } from "@neuroplastic/core/tensor";

const args = Deno.args;
const sizeArg = args.indexOf("--sizes");
const sizes = sizeArg >= 0 ? args[sizeArg + 1].split(",").map(Number) : [256, 1024];
const quick = args.includes("--quick");

/** Deterministic benchmark data in [-1, 1) (an LCG: inputs only, never a model's randomness). */
function data(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

/** The textbook i-j-k triple loop (rows [0, rows) of the result), accumulating in a double. */
function naiveMatmul(c: Float32Array, a: Float32Array, b: Float32Array, n: number, rows = n): void {
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < n; p++) s += a[i * n + p] * b[p * n + j];
      c[i * n + j] = s;
    }
  }
}

/** Best wall time (ms) of `reps` calls, after `warm` untimed calls. */
function best(f: () => void, reps: number, warm: number): number {
  for (let i = 0; i < warm; i++) f();
  let t = Infinity;
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    f();
    t = Math.min(t, performance.now() - t0);
  }
  return t;
}

/** max_ij |x − ref| / (Σ_p |a_ip||b_pj|) over the first `count` elements. */
function normErr(
  x: Float32Array,
  ref: Float32Array,
  scale: Float64Array,
  count = x.length,
): number {
  let e = 0;
  for (let i = 0; i < count; i++) e = Math.max(e, Math.abs(x[i] - ref[i]) / (scale[i] || 1));
  return e;
}

async function run(
  cmd: string,
  cmdArgs: string[],
): Promise<{ ok: boolean; out: string; err: string }> {
  const r = await new Deno.Command(cmd, { args: cmdArgs, stdout: "piped", stderr: "piped" })
    .output();
  const dec = new TextDecoder();
  return { ok: r.success, out: dec.decode(r.stdout), err: dec.decode(r.stderr) };
}

/** Compile matmul.c; returns the binary path, or a reason it could not be built. */
async function buildC(dir: string): Promise<{ bin?: string; reason?: string; version?: string }> {
  let version: string;
  try {
    const v = await run("cc", ["--version"]);
    if (!v.ok) return { reason: "skipped: no C compiler (cc --version failed)" };
    version = v.out.split("\n")[0];
  } catch {
    return { reason: "skipped: no C compiler" };
  }
  const src = `${import.meta.dirname}/matmul.c`;
  const bin = `${dir}/matmul`;
  const c = await run("cc", ["-O3", "-march=native", "-o", bin, src]);
  if (!c.ok) return { reason: `skipped: cc failed: ${c.err.trim().split("\n")[0]}` };
  return { bin, version };
}

const dir = await Deno.makeTempDir({ prefix: "np-matmul-" });
try {
  const cc = await buildC(dir);
  console.log(
    `matmulInto backend: ${matmulBackend()} | Deno ${Deno.version.deno}, V8 ${Deno.version.v8}`,
  );
  console.log(`C: ${cc.bin ? `${cc.version}, cc -O3 -march=native` : cc.reason}`);
  const rows: string[][] = [];
  let failed = false;
  for (const n of sizes) {
    const a = data(n * n, 1), b = data(n * n, 2);
    const flops = 2 * n ** 3;
    const gf = (ms: number): number => flops / ms / 1e6;
    // Σ|a||b| (in f64) normalises the cross-check errors.
    const scale = new Float64Array(n * n);
    matmulInto(scale, Float64Array.from(a, Math.abs), Float64Array.from(b, Math.abs), n, n, n);

    const big = n >= 1024;
    // The naive loop is timed on the first rows only at large n (every row does the same
    // n² multiply-adds, so the rate is representative; 1024 in full would take ~30 s).
    const naiveRows = big ? 128 : n;
    const naive = new Float32Array(n * n);
    const tNaive = best(() => naiveMatmul(naive, a, b, n, naiveRows), big || quick ? 1 : 3, 0);
    const gfNaive = (2 * naiveRows * n * n) / tNaive / 1e6;
    const js = new Float32Array(n * n);
    const tJs = best(
      () => matmulInto(js, a, b, n, n, n, { kernel: "js" }),
      quick || big ? 2 : 8,
      1,
    );
    if (cc.bin) {
      await Deno.writeFile(`${dir}/a.bin`, new Uint8Array(a.buffer));
      await Deno.writeFile(`${dir}/b.bin`, new Uint8Array(b.buffer));
    }
    // Alternate ours and C over a few rounds and keep each one's best, so that a burst of load
    // from other processes on this shared machine does not favour either side.
    const ours = new Float32Array(n * n);
    let tOurs = Infinity, cBest = 0, cLanes = "", cFail = "";
    for (let round = 0; round < (quick ? 1 : 3); round++) {
      tOurs = Math.min(
        tOurs,
        best(() => matmulInto(ours, a, b, n, n, n), quick ? 3 : big ? 5 : 30, 2),
      );
      if (!cc.bin) continue;
      const reps = quick ? 3 : big ? 5 : 30;
      const r = await run(cc.bin, [
        `${n}`,
        `${reps}`,
        `${dir}/a.bin`,
        `${dir}/b.bin`,
        `${dir}/c.bin`,
      ]);
      const m = /gflops ([\d.]+) ms [\d.]+ vec (\d+)/.exec(r.out);
      if (!r.ok || !m) cFail = `failed: ${r.err.trim()}`;
      else cBest = Math.max(cBest, Number(m[1])), cLanes = m[2];
    }
    const errNaive = normErr(naive, ours, scale, naiveRows * n), errJs = normErr(js, ours, scale);

    let cCol = cc.reason ?? cFail, cOverOurs = "—", errC = "—";
    if (cc.bin && !cFail) {
      const cRes = new Float32Array((await Deno.readFile(`${dir}/c.bin`)).buffer);
      const e = normErr(cRes, ours, scale);
      errC = e.toExponential(1);
      if (e > 1e-5) failed = true;
      cCol = `${cBest.toFixed(1)} (${cLanes}-lane)`;
      cOverOurs = `${(cBest / gf(tOurs)).toFixed(1)}×`;
    }
    if (errNaive > 1e-5 || errJs > 1e-5) failed = true;
    rows.push([
      `${n}`,
      gf(tOurs).toFixed(1),
      gf(tJs).toFixed(2),
      gfNaive.toFixed(2),
      cCol,
      `${(gf(tOurs) / gfNaive).toFixed(1)}×`,
      cOverOurs,
      errC,
      errNaive.toExponential(1),
    ]);
  }
  const head = [
    "n",
    "ours GFLOPS",
    "ours-JS GFLOPS",
    "naive GFLOPS",
    "C GFLOPS",
    "ours/naive",
    "C/ours",
    "err C",
    "err naive",
  ];
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]): string => r.map((c, i) => c.padStart(w[i])).join(" | ");
  console.log(line(head));
  console.log(w.map((x) => "-".repeat(x)).join("-|-"));
  for (const r of rows) console.log(line(r));
  console.log(
    'ours = matmulInto (auto engine); ours-JS = matmulInto {kernel: "js"}; naive = i-j-k loop\n' +
      `(first 128 rows at n ≥ 1024); C = matmul.c; best of repetitions over ${
        quick ? 1 : 3
      } alternating round(s);\n` +
      "err = max |C_x − C_ours| / Σ|a||b| (f32 accumulation ≈ 1e-7 expected).",
  );
  if (failed) {
    console.error("MISMATCH: results disagree beyond 1e-5; timings are not comparable.");
    Deno.exitCode = 1;
  }
} finally {
  await Deno.remove(dir, { recursive: true });
}
