/**
 * CPU vs WebGPU, per kernel and size, measured in the same run: CPU time, GPU time
 * including uploads and the read-back, and their ratio (CPU/GPU: > 1 means the GPU path is
 * faster). Prints which adapter it saw (a software adapter such as llvmpipe runs the WGSL on
 * the CPU cores), the fixed read-back latency, and the crossover per kernel.
 *
 * Run: `deno run -A --unstable-webgpu bench/gpu_compare.ts [--quick] [--write | --out DIR]`
 * (`--write` writes `docs/results/gpu.{md,json}`; `--out DIR` writes them into DIR; the
 * markdown is `renderGpuMarkdown(json)` from ./gpu_report.ts).
 *
 * CPU baselines are the fastest CPU paths of the repository: `matmulInto` (WebAssembly SIMD),
 * the SORN engine's event-driven `stepInPlace` per network, the GENREG engine's
 * `forwardMse` per genome, and `rsgnConnectivityCpu`. The GPU SORN time includes drawing the
 * random numbers on the CPU (the engine's key usage); the GENREG/RSGN GPU times include
 * uploading the genomes / parameters of the call.
 *
 * @module
 */
import { Effect } from "effect";
import { key, normal, split, uniform } from "@neuroplastic/core/random";
import { matmulInto } from "@neuroplastic/core/tensor";
import {
  allocSornDraws,
  batchInitOf,
  cloneState,
  createScratch,
  createSornBatch,
  drawCachesOf,
  fillSornDraws,
  initState,
  netParamsOf,
  readSornBatch,
  run,
  shapeOf,
  sornBatchSteps,
  type SornConfig,
  sornDefaults,
  stepInPlace,
  stepMask,
  toDense,
} from "@neuroplastic/engines/sorn";
import {
  createGenregEval,
  evalBuffers,
  expandInputs,
  forwardMse,
  type GenregShape,
  initGenome,
  layoutOf,
  type NetShape,
  runGenregEval,
} from "@neuroplastic/engines/genreg";
import {
  createRsgnConnectivity,
  rsgnConnectivityCpu,
  runRsgnConnectivity,
} from "@neuroplastic/engines/rsgn";
import {
  AUTO_MIN_WORK,
  createGpuContext,
  createStaging,
  destroyGpuContext,
  gpuMatmul,
  readWords,
  storageBuffer,
  workOf,
} from "@neuroplastic/gpu";
import { type GpuReport, type GpuRow, renderGpuMarkdown } from "./gpu_report.ts";

const quick = Deno.args.includes("--quick");
const outIdx = Deno.args.indexOf("--out");
const outDir = outIdx >= 0
  ? Deno.args[outIdx + 1]
  : Deno.args.includes("--write")
  ? new URL("../docs/results/", import.meta.url).pathname
  : null;
const started = new Date().toISOString();
const loadStart = Deno.loadavg();

const probe = await Effect.runPromise(Effect.either(createGpuContext()));
if (probe._tag === "Left") {
  console.log(`No WebGPU adapter (${probe.left.reason}); nothing to compare.`);
  Deno.exit(0);
}
const ctx = probe.right;

/** Median wall time (ms) of `fn` over `reps` runs after one warm-up run. */
const time = async (fn: () => unknown, reps: number): Promise<number> => {
  await fn();
  const t: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    await fn();
    t.push(performance.now() - t0);
  }
  t.sort((a, b) => a - b);
  return t[Math.floor(t.length / 2)];
};

type Row = GpuRow & { note?: string };
const rows: Row[] = [];
const line = (r: Row): string =>
  `| ${r.kernel} | ${r.size} | ${r.work.toExponential(2)} | ${r.cpu.toFixed(2)} | ` +
  `${r.gpu.toFixed(2)} | ${(r.cpu / r.gpu).toFixed(2)} |`;
/** Records a row and prints it at once (a long run keeps what it measured if stopped). */
const add = (r: Row): void => {
  rows.push(r);
  console.log(`measured ${line(r)}`);
};
const reps = quick ? 3 : 7;
const f32 = (seed: number, n: number) => Float32Array.from(uniform(key(seed), n, -1, 1));

console.log(
  `Adapter: ${ctx.info.description} (vendor ${ctx.info.vendor}, device ${ctx.info.device}` +
    `${ctx.info.isFallbackAdapter ? ", software/fallback adapter" : ""})`,
);
console.log(
  `Deno ${Deno.version.deno}; ${navigator.hardwareConcurrency} logical CPUs; ` +
    `${quick ? "quick" : "full"} mode, median of ${reps}`,
);

let roundTripMs = NaN;
// Fixed cost of one upload + read-back of 4 KB (no kernel).
{
  const buf = storageBuffer(ctx, 1024, "latency");
  const st = createStaging();
  const data = new Float32Array(1024);
  const ms = await time(async () => {
    ctx.device.queue.writeBuffer(buf, 0, data);
    await readWords(ctx, buf, 0, 1024, st);
  }, 10);
  roundTripMs = ms;
  console.log(`Round trip (4 KB upload + read-back, no kernel): ${ms.toFixed(2)} ms`);
  buf.destroy();
}

// --- Batched matmul ------------------------------------------------------------------------
const mmSizes: [number, number, number, number][] = quick
  ? [[64, 64, 64, 1], [256, 256, 256, 1], [512, 512, 512, 1], [128, 128, 128, 32], [
    2048,
    2048,
    1,
    1,
  ]]
  : [
    [64, 64, 64, 1],
    [256, 256, 256, 1],
    [512, 512, 512, 1],
    [1024, 1024, 1024, 1],
    [128, 128, 128, 32],
    [256, 256, 128, 64],
    [2048, 2048, 1, 1],
  ];
for (const [m, k, n, batch] of mmSizes) {
  const a = f32(1, batch * m * k), b = f32(2, batch * k * n), out = new Float32Array(batch * m * n);
  const cpu = await time(() => {
    for (let z = 0; z < batch; z++) {
      matmulInto(out, a, b, m, k, n, {
        aOffset: z * m * k,
        bOffset: z * k * n,
        outOffset: z * m * n,
      });
    }
  }, reps);
  const gpu = await time(() => gpuMatmul(ctx, out, a, b, m, k, n, { batch }), reps);
  add({
    kernel: "matmul",
    size: `${batch > 1 ? `${batch}× ` : ""}${m}×${k}·${k}×${n}`,
    work: workOf.matmul(m, k, n, batch),
    cpu,
    gpu,
  });
}

// --- SORN networks in lockstep -------------------------------------------------------------
const STEPS = 64;
const sornBatches = quick ? [16, 64] : [16, 64, 256];
{
  const config: SornConfig = sornDefaults; // ne 200, ni 40, nu 10
  const maxB = sornBatches[sornBatches.length - 1];
  // Networks in their steady regime: 300 CPU steps from init.
  const warm = Array.from({ length: maxB }, (_, b) => run(initState(config, key(b)), config, 300));
  for (const B of sornBatches) {
    const states = warm.slice(0, B);
    const mask = stepMask(config);
    const cpu = await time(() => {
      for (const s0 of states) {
        const s = cloneState(s0);
        const sc = createScratch(s.ne, s.ni, s.nu);
        for (let t = 0; t < STEPS; t++) stepInPlace(s, config, sc, undefined, mask);
      }
    }, reps);
    const ds = states.map(toDense);
    const shape = shapeOf(ds);
    const configs = ds.map(() => config);
    const keys = ds.map((d) => d.key);
    const draws = allocSornDraws(shape, STEPS);
    const t0 = ds[0].t;
    const drawMs = await time(
      () => fillSornDraws(draws, configs, keys, t0, drawCachesOf(shape), shape),
      reps,
    );
    const batch = createSornBatch(ctx, shape, configs.map(netParamsOf), batchInitOf(ds));
    const gpu = await time(async () => {
      fillSornDraws(draws, configs, keys, t0, drawCachesOf(shape), shape);
      sornBatchSteps(batch, draws);
      await readSornBatch(batch, "spikes");
    }, reps);
    batch.destroy();
    add({
      kernel: "SORN lockstep",
      size: `${B} nets × ${STEPS} steps (ne 200)`,
      work: workOf.sornBatch(B, config.ne, config.ni) * STEPS,
      cpu,
      gpu,
      drawMs,
      note: `GPU time includes ${drawMs.toFixed(1)} ms of CPU draws`,
    });
  }
}

// --- GENREG population evaluation ----------------------------------------------------------
{
  const inp = expandInputs({ mode: "legacy", trueColumns: 16, noiseColumns: 240 });
  const S = inp.rows, D = inp.cols;
  const X32 = Float32Array.from(inp.data), y32 = Float32Array.from(inp.target);
  const nets: NetShape[] = [
    { kind: "dense", inputs: D, hidden: 8 },
    { kind: "sparse", inputs: D, hidden: 8, k: 2 },
  ];
  for (const net of nets) {
    for (const P of quick ? [64, 1024] : [64, 256, 1024, 4096]) {
      const G = layoutOf(net).length;
      const pop = new Float64Array(P * G);
      for (let p = 0; p < P; p++) initGenome(net, key(p), pop.subarray(p * G, (p + 1) * G));
      const buf = evalBuffers(net.hidden, S);
      const cpu = await time(() => {
        for (let p = 0; p < P; p++) {
          forwardMse(net, pop.subarray(p * G, (p + 1) * G), inp.data, inp.dataT, inp.target, buf);
        }
      }, reps);
      const shape: GenregShape = { ...net, samples: S, population: P };
      const ev = createGenregEval(ctx, shape, X32, y32);
      const gpu = await time(() => runGenregEval(ev, pop), reps);
      ev.destroy();
      add({
        kernel: `GENREG ${net.kind}`,
        size: `P = ${P}, 256→8→1${net.kind === "sparse" ? ", K = 2" : ""}`,
        work: workOf.genregEval(shape),
        cpu,
        gpu,
      });
    }
  }
}

// --- RSGN connectivity ---------------------------------------------------------------------
for (const n of quick ? [128, 512] : [64, 128, 256, 512, 1024]) {
  const [kp, ku, kv] = split(key(n), 3);
  const input = {
    n,
    dim: 3,
    rank: 32,
    positions: Float32Array.from(normal(kp, n * 3, 0, 0.3)),
    u: Float32Array.from(normal(ku, n * 32, 0, 0.01)),
    v: Float32Array.from(normal(kv, n * 32, 0, 0.01)),
    levels: Float32Array.from({ length: n }, (_, i) => i / (n - 1)),
    tau: 1,
  };
  const cpu = await time(() => rsgnConnectivityCpu(input), reps);
  const plan = createRsgnConnectivity(ctx, n, 3, 32);
  const gpu = await time(() => runRsgnConnectivity(plan, input), reps);
  plan.destroy();
  add({
    kernel: "RSGN connectivity",
    size: `N = ${n}, D 3, r 32`,
    work: workOf.rsgnConnectivity(n, 32),
    cpu,
    gpu,
  });
}

console.log("");
console.log("| kernel | size | work | CPU ms | GPU ms (incl. transfers) | CPU/GPU |");
console.log("|---|---|---:|---:|---:|---:|");
for (const r of rows) console.log(line(r));
const notes = rows.filter((r) => r.note);
if (notes.length > 0) {
  console.log("");
  for (const r of notes) console.log(`- ${r.kernel}, ${r.size}: ${r.note}`);
}

// Crossover per kernel family: smallest work where the GPU path won, and the work at which
// the CPU path takes 25 ms (twice the read-back latency) at its measured throughput.
console.log("");
console.log("| kernel | smallest work where GPU won here | work at 25 ms of CPU |");
console.log("|---|---:|---:|");
const families = [...new Set(rows.map((r) => r.kernel.replace(/ (dense|sparse)$/, "")))];
for (const fam of families) {
  const rs = rows.filter((r) => r.kernel.startsWith(fam));
  const won = rs.filter((r) => r.cpu > r.gpu).map((r) => r.work);
  const big = rs.reduce((a, r) => (r.work > a.work ? r : a));
  console.log(
    `| ${fam} | ${won.length > 0 ? Math.min(...won).toExponential(1) : "never"} | ` +
      `${((big.work / big.cpu) * 25).toExponential(1)} |`,
  );
}
if (outDir !== null) {
  const report: GpuReport = {
    command: `deno run -A --unstable-webgpu bench/gpu_compare.ts${quick ? " --quick" : ""} --write`,
    mode: quick ? "quick" : "full",
    reps,
    started,
    finished: new Date().toISOString(),
    deno: Deno.version.deno,
    cpus: navigator.hardwareConcurrency,
    loadStart,
    loadEnd: Deno.loadavg(),
    adapter: {
      description: ctx.info.description,
      vendor: ctx.info.vendor,
      device: ctx.info.device,
      isFallbackAdapter: ctx.info.isFallbackAdapter,
    },
    roundTripMs,
    rows: rows.map(({ note: _note, ...r }) => r),
    autoMinWork: Object.fromEntries(
      Object.entries(AUTO_MIN_WORK).map(([k, v]) => [k, {
        software: Number.isFinite(v.software) ? v.software : null,
        hardware: Number.isFinite(v.hardware) ? v.hardware : null,
      }]),
    ),
  };
  Deno.mkdirSync(outDir, { recursive: true });
  Deno.writeTextFileSync(`${outDir}/gpu.json`, JSON.stringify(report, null, 1) + "\n");
  Deno.writeTextFileSync(`${outDir}/gpu.md`, renderGpuMarkdown(report));
  console.log(`wrote ${outDir}/gpu.{md,json}`);
}
destroyGpuContext(ctx);
