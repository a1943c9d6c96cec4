/**
 * A/B of the GENREG WebAssembly kernels against the code they replace, measured in the same run
 * (interleaved; process CPU time per call, best of the rounds, so time slices lost to other jobs
 * on a shared machine do not count; wall-clock best-of is printed too):
 * - tanh of 900 values: `tanhInPlace` (core/tensor/wasm_tanh.ts) vs a `Math.tanh` loop;
 * - dense 256 → 8 → 1 forward + MSE, batch 100 (issue 20 item 1): the former path
 *   (`matmulInto` then `Math.tanh` loops, written out here) vs `forwardMse` (inputs copied into
 *   WebAssembly memory on every call) vs `denseForward` with resident inputs (the GA's path);
 *   the MSEs must agree bit for bit.
 * - GA generation, population 40, dense + proteins (issue 20 item 2): best and median wall time
 *   of `step` from a warmed-up state, as `bench/peers.ts` measures it (no "before" in-process).
 *
 * Flags: `--rounds N` (default 8), `--check N`: also compare `tanhInPlace` with `Math.tanh` on N
 * random inputs over [2⁻⁶⁰, 64) and the special values (e.g. `--check 100000000`, ~1 min).
 *
 * Run: `deno run -A bench/genreg_kernels.ts`.
 *
 * @module
 */
import process from "node:process";
import { key } from "@neuroplastic/core/random";
import { matmulInto } from "@neuroplastic/core/tensor";
import { tanhInPlace, wasmTanhAvailable } from "@neuroplastic/core/tensor/wasm";
import {
  denseForward,
  evalBuffers,
  expandInputs,
  forwardMse,
  initGenome,
  initState,
  type NetShape,
  step,
  type TrialConfig,
  trialDefaults,
} from "@neuroplastic/engines/genreg";

const args = Deno.args;
const flag = (name: string, dflt: number): number => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const rounds = flag("--rounds", 8);
const check = flag("--check", 0);
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

if (check > 0) {
  const n = check, chunk = 1 << 20;
  const x = new Float64Array(chunk);
  let s = 0x9e3779b9, bad = 0;
  const t0 = performance.now();
  for (let done = 0; done < n; done += chunk) {
    const m = Math.min(chunk, n - done);
    for (let i = 0; i < m; i++) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      const e = (s / 2 ** 32) * 66 - 60;
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      x[i] = (s & 1 ? -1 : 1) * 2 ** e * (1 + (s >>> 1) / 2 ** 32);
    }
    const y = tanhInPlace(x.slice(0, m));
    for (let i = 0; i < m; i++) {
      const w = Math.tanh(x[i]);
      if (!(Object.is(w, y[i]) || (w !== w && y[i] !== y[i]))) bad++;
    }
  }
  console.log(
    `tanh check: ${n.toLocaleString("en-US")} inputs, ${bad} differ from Math.tanh ` +
      `(${((performance.now() - t0) / 1000).toFixed(1)} s; kernel in use: ${wasmTanhAvailable()})`,
  );
  if (bad > 0) Deno.exit(1);
}

const inp = expandInputs({ mode: "legacy", trueColumns: 16, noiseColumns: 240 });
const shape: NetShape & { kind: "dense" } = { kind: "dense", inputs: 256, hidden: 8 };
const g = new Float64Array(2065);
initGenome(shape, key(2), g);
const buf = evalBuffers(8, 100), bufOld = evalBuffers(8, 100);
const pre = new Float64Array(800);
const MM = { transB: true } as const;
/** The dense forward + MSE as it was before the WebAssembly kernels. */
const before = (): number => {
  matmulInto(pre, inp.data, g, 100, 256, 8, MM);
  for (let j = 0; j < 8; j++) {
    const bj = g[2048 + j], hj = bufOld.hidden[j];
    for (let s = 0; s < 100; s++) hj[s] = Math.tanh(pre[s * 8 + j] + bj);
  }
  let se = 0;
  for (let s = 0; s < 100; s++) {
    let acc = g[2064];
    for (let j = 0; j < 8; j++) acc += g[2056 + j] * bufOld.hidden[j][s];
    const y = Math.tanh(acc);
    bufOld.pred[s] = y;
    const d = y - inp.target[s];
    se += d * d;
  }
  return se / 100;
};
const resident = denseForward(shape, 100);
resident?.setInputs(inp.dataT);
const mseBefore = before();
const mseNew = forwardMse(shape, g, inp.data, inp.dataT, inp.target, buf);
const mseRes = resident ? resident.mse(g, inp.target, buf) : mseNew;
if (!Object.is(mseBefore, mseNew) || !Object.is(mseBefore, mseRes)) {
  throw new Error(
    `dense MSE differs: before ${mseBefore}, forwardMse ${mseNew}, resident ${mseRes}`,
  );
}

const tx = Float64Array.from({ length: 900 }, (_, i) => 3 * Math.sin(i * 0.7));
const ty = new Float64Array(900);
const cases: [string, () => unknown][] = [
  ["tanh ×900, Math.tanh loop", () => {
    for (let i = 0; i < 900; i++) ty[i] = Math.tanh(tx[i]);
  }],
  ["tanh ×900, tanhInPlace", () => tanhInPlace(ty.fill(0.5))],
  ["dense forward + MSE, before (matmulInto + Math.tanh)", before],
  [
    "dense forward + MSE, forwardMse",
    () => forwardMse(shape, g, inp.data, inp.dataT, inp.target, buf),
  ],
];
if (resident) {
  cases.push(["dense forward + MSE, denseForward (resident X)", () => resident.run(g, inp.target)]);
}
const inner = 1000;
for (let i = 0; i < 2000; i++) for (const [, f] of cases) f();
const cpu: Record<string, number> = {}, wall: Record<string, number> = {};
for (let r = 0; r < rounds; r++) {
  for (const [name, f] of cases) {
    const c0 = cpuMs(), t0 = performance.now();
    for (let i = 0; i < inner; i++) f();
    const c = ((cpuMs() - c0) / inner) * 1000, w = ((performance.now() - t0) / inner) * 1000;
    cpu[name] = Math.min(cpu[name] ?? Infinity, c);
    wall[name] = Math.min(wall[name] ?? Infinity, w);
  }
}
console.log(
  `wasm tanh kernel in use: ${wasmTanhAvailable()}; resident forward: ${resident !== null}`,
);
console.log("| kernel | CPU µs/call (best) | wall µs/call (best) |\n|---|---|---|");
for (const [name] of cases) {
  console.log(`| ${name} | ${cpu[name].toFixed(2)} | ${wall[name].toFixed(2)} |`);
}
const r = (a: string, b: string): string => (cpu[a] / cpu[b]).toFixed(2);
console.log(
  `tanh: ${r("tanh ×900, Math.tanh loop", "tanh ×900, tanhInPlace")}× faster; dense forward: ` +
    `forwardMse ${
      r("dense forward + MSE, before (matmulInto + Math.tanh)", "dense forward + MSE, forwardMse")
    }×` +
    (resident
      ? `, resident ${
        r(
          "dense forward + MSE, before (matmulInto + Math.tanh)",
          "dense forward + MSE, denseForward (resident X)",
        )
      }×`
      : "") +
    " the former path (CPU time)",
);

const gaConfig: TrialConfig = {
  ...trialDefaults,
  model: { kind: "dense", hidden: 8, k: 2 },
  optimizer: "ga",
  ga: { ...trialDefaults.ga, targetMse: 0, stagnationThreshold: 0 },
};
let st = initState(gaConfig, key(3));
for (let i = 0; i < 5; i++) st = step(st, gaConfig);
for (let i = 0; i < 200; i++) step(st, gaConfig);
const ts: number[] = [];
const c0 = cpuMs();
for (let i = 0; i < 41 * Math.max(1, rounds >> 2); i++) {
  const t0 = performance.now();
  step(st, gaConfig);
  ts.push(performance.now() - t0);
}
const gaCpu = (cpuMs() - c0) / ts.length;
ts.sort((a, b) => a - b);
console.log(
  `GA generation (population 40, dense + proteins): best ${ts[0].toFixed(3)} ms, median ${
    ts[ts.length >> 1].toFixed(3)
  } ms wall; mean CPU ${gaCpu.toFixed(3)} ms (includes garbage collection)`,
);
