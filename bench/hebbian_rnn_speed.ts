/**
 * `deno task bench:hebbian-rnn`: speed of the Hebbian RNN engine, each figure beside a plain
 * baseline measured in the same run.
 *
 * - Mode A training throughput (sequences/s: forward + BPTT + Adam on batches of 32 random-bit
 *   sequences of length 10, hidden 32): the fused typed-array kernel (`bptt.ts`), the low-rank
 *   kernel (`bptt_lowrank.ts`), and a plain nested-array port (`hebbian_rnn_plain.ts`); plus
 *   PyTorch on CPU (`bench/compare/hebbian_rnn_torch.py`, 1 thread) run by `NP_PYTHON`, else the
 *   first `python3` on PATH that imports torch, else `/usr/bin/python3`; otherwise a skip line
 *   naming the interpreters tried.
 * - Mode C simulated milliseconds per wall-clock second (N = 200, learning trials): eligibility
 *   by one GEMM per trial vs the literal per-synapse loop of `dnms/net.cpp`.
 *
 * Flags: `--epochs N` (Mode A timed epochs per fast kernel, default 200; the plain port runs
 * 3 for every 10), `--trials N` (Mode C trials per implementation, default 6), `--json`,
 * `--write` (also write `docs/results/hebbian-rnn-speed.{md,json}`). Implementations are
 * interleaved (rounds of 10 epochs, alternating trials), so load drift on a shared machine
 * affects them alike.
 *
 * @module
 */
import { key } from "@neuroplastic/core/random";
import {
  adamStepInPlace,
  initModeAParams,
  initModeC,
  modeADefaults,
  modeALayout,
  modeALossAndGrad,
  modeALossAndGradLowRank,
  modeALowRankWorkspace,
  modeAWorkspace,
  modeCDefaults,
  modeCScratch,
  modeCTrialInPlace,
  randomBitBatch,
  torchGenerator,
} from "../engines/hebbian-rnn/mod.ts";
import { plainModeALossAndGrad } from "./hebbian_rnn_plain.ts";
import { runPeer } from "./compare/python.ts";
import { hebbianRnnSpeedMarkdown, type HebbianRnnSpeedReport } from "./hebbian_rnn_speed_md.ts";

const args = Deno.args;
const flag = (name: string, dflt: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const EPOCHS = flag("epochs", 200);
const TRIALS = flag("trials", 6);

const c = modeADefaults;
const shape = { input: c.input, hidden: c.hidden, output: c.output };
const B = c.batch, T = c.seqLen;
const n = B * T;

type Kernel = (
  p: Float64Array,
  x: Float64Array,
  m: Float64Array,
  y: Float64Array,
  g: Float64Array,
) => number;
const ws = modeAWorkspace(shape, T);
const lr = modeALowRankWorkspace(shape, B, T);
const kernels: { name: string; run: Kernel }[] = [
  {
    name: "fused typed-array BPTT (bptt.ts)",
    run: (p, x, m, y, g) => modeALossAndGrad(p, shape, x, m, y, B, T, c.eta, g, ws),
  },
  {
    name: "low-rank BPTT (bptt_lowrank.ts)",
    run: (p, x, m, y, g) => modeALossAndGradLowRank(p, shape, x, m, y, B, T, c.eta, g, lr),
  },
  {
    name: "plain nested-array port (baseline)",
    run: (p, x, m, y, g) => {
      const r = plainModeALossAndGrad(p, 1, 32, 1, x, m, y, B, T, c.eta);
      g.set(r.grad);
      return r.loss;
    },
  },
];

// Same loss and gradient before timing.
{
  const gen = torchGenerator(1);
  const p = initModeAParams(shape, gen);
  const x = new Float64Array(n), y = new Float64Array(n), m = new Float64Array(n);
  randomBitBatch(gen, c, x, y, m);
  const gs = kernels.map(() => new Float64Array(modeALayout(shape).size));
  const ls = kernels.map((k, i) => k.run(p, x, m, y, gs[i]));
  for (let i = 1; i < kernels.length; i++) {
    const dl = Math.abs(ls[i] - ls[0]);
    let dg = 0;
    for (let k = 0; k < gs[0].length; k++) dg = Math.max(dg, Math.abs(gs[i][k] - gs[0][k]));
    if (dl > 1e-12 || dg > 1e-10) throw new Error(`${kernels[i].name} disagrees: ${dl} ${dg}`);
  }
}

// Interleaved in rounds of 10 epochs so that a shared machine's load drift hits every kernel alike.
const modeA = (() => {
  const st = kernels.map((k) => {
    const gen = torchGenerator(42);
    const p = initModeAParams(shape, gen);
    const z = () => new Float64Array(p.length);
    return { k, gen, p, mo: z(), v: z(), g: z(), t: 0, epochs: 0, ms: 0 };
  });
  const x = new Float64Array(n), y = new Float64Array(n), m = new Float64Array(n);
  const epochs = (s: (typeof st)[number], count: number, timed: boolean) => {
    const t0 = performance.now();
    for (let e = 0; e < count; e++) {
      randomBitBatch(s.gen, c, x, y, m);
      s.k.run(s.p, x, m, y, s.g);
      s.t += 1;
      adamStepInPlace(s.p, s.g, s.mo, s.v, s.t, { lr: c.lr });
    }
    if (timed) {
      s.ms += performance.now() - t0;
      s.epochs += count;
    }
  };
  for (const s of st) epochs(s, 5, false); // warm-up
  for (let r = 0; r < Math.ceil(EPOCHS / 10); r++) {
    for (const s of st) epochs(s, s.k.name.includes("plain") ? 3 : 10, true);
  }
  return st.map((s) => ({
    impl: s.k.name,
    epochs: s.epochs,
    seconds: s.ms / 1000,
    sequencesPerSecond: (s.epochs * B) / (s.ms / 1000),
  }));
})();

// PyTorch CPU comparison: NP_PYTHON, else the first python3 on PATH that imports torch, else
// /usr/bin/python3 (bench/compare/python.ts); a skip line names the interpreters tried.
let torch: Record<string, unknown>;
{
  const r = runPeer("torch", "hebbian_rnn_torch.py", [
    "--epochs",
    String(EPOCHS),
    "--threads",
    "1",
  ]);
  torch = r.ok ? r.out : { skipped: true, reason: r.skip.replace(/^skipped: /, "") };
}

// Mode C: simulated ms per wall-clock second, GEMM eligibility vs the literal loop, trials
// alternating between the two (same load for both).
const cc = modeCDefaults;
const modeC = (() => {
  const impls = ["fast", "plain"] as const;
  const st = impls.map((impl) => {
    const s0 = initModeC(cc, key(1));
    return {
      impl,
      key: s0.key,
      w: { J: s0.J.slice(), win: s0.win, xTrace: s0.xTrace.slice(), errTrace: s0.errTrace.slice() },
      sc: modeCScratch(cc),
      trials: 0,
      ms: 0,
    };
  });
  const start = cc.warmupTrials + 1; // learning trials: eligibility on
  for (const s of st) modeCTrialInPlace(s.w, cc, s.key, start, true, s.sc, false, s.impl);
  for (let t = 1; t <= TRIALS; t++) {
    for (const s of st) {
      const t0 = performance.now();
      modeCTrialInPlace(s.w, cc, s.key, start + t, true, s.sc, false, s.impl);
      s.ms += performance.now() - t0;
      s.trials += 1;
    }
  }
  return st.map((s) => ({
    impl: s.impl === "fast" ? "GEMM eligibility per trial" : "per-synapse loop (net.cpp, baseline)",
    trials: s.trials,
    seconds: s.ms / 1000,
    simulatedMsPerSecond: (s.trials * cc.trialTime * cc.dt) / (s.ms / 1000),
  }));
})();

const result: HebbianRnnSpeedReport = {
  date: new Date().toISOString(),
  args: [...args],
  deno: Deno.version.deno,
  cpu: `${navigator.hardwareConcurrency} logical cores (shared)`,
  modeA: { batch: B, seqLen: T, hidden: c.hidden, rows: modeA, torch },
  modeC: { n: cc.n, trialTime: cc.trialTime, rows: modeC },
};

// the markdown is a function of the JSON (bench/hebbian_rnn_speed_md.ts; tests/docs_drift_test.ts)
const md = hebbianRnnSpeedMarkdown(result);

if (args.includes("--json")) console.log(JSON.stringify(result));
else console.log(md);
if (args.includes("--write")) {
  const dir = new URL("../docs/results/", import.meta.url).pathname;
  Deno.writeTextFileSync(`${dir}hebbian-rnn-speed.md`, md);
  Deno.writeTextFileSync(`${dir}hebbian-rnn-speed.json`, JSON.stringify(result, null, 2) + "\n");
}
