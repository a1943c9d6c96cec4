/**
 * RSGN speed table (printed and written to `docs/results/rsgn-speed.{md,json}`):
 * forward and training throughput (samples/s) and the multiply-adds per second achieved, for the
 * README config and the notebook configs, for the faithful model and our sparse variant at equal
 * N; beside PyTorch on CPU (`bench/compare/rsgn.py`, same configs) when python3-torch is present.
 *
 * Every variant is timed the same way: warm-up calls until at least 3 calls and `--warmup-s`
 * seconds (default 5; the JIT needs a few calls, training runs thousands), then the median of
 * `--reps` calls. The load average at start and end is recorded. The long-range accuracies printed
 * beside the ratio are the committed training results (docs/results/rsgn/long-range-rsgn*.json),
 * not re-measured here.
 *
 * Run: `deno run -A bench/rsgn_speed.ts [--reps 3] [--warmup-s 5] [--configs readme,hierarchical,long-range] [--write | --out DIR]`
 * (`--write`: docs/results/rsgn-speed.{md,json}; without it or `--out` nothing is written; the
 * markdown is `renderRsgnSpeedMarkdown(json)` from ./rsgn_speed_report.ts)
 *
 * @module
 */
import { key } from "@neuroplastic/core/random";
import { adamw, clipByGlobalNorm } from "@neuroplastic/core/optim";
import type { Tensor } from "@neuroplastic/core/tensor";
import type { Tree } from "@neuroplastic/core/tree";
import {
  crossEntropy,
  initParams,
  macsPerSample,
  presetConfig,
  rsgnBackward,
  type RsgnConfig,
  rsgnForward,
  sparseBackward,
  sparseForward,
} from "@neuroplastic/engines/rsgn";
import { type ExperimentResult, mergeResults } from "@neuroplastic/engines/rsgn";
import {
  type AccuracyRow,
  renderRsgnSpeedMarkdown,
  type RsgnSpeedReport,
  type RsgnSpeedRow,
} from "./rsgn_speed_report.ts";

const arg = (name: string, dflt: string): string => {
  const i = Deno.args.indexOf(`--${name}`);
  return i >= 0 && i + 1 < Deno.args.length ? Deno.args[i + 1] : dflt;
};

const SHAPES: { [k: string]: { T: number; B: number } } = {
  readme: { T: 32, B: 64 },
  hierarchical: { T: 64, B: 64 },
  "long-range": { T: 128, B: 32 },
};

// warm-up per timed function: at least `warmupCalls` calls and `warmupS` seconds (the command
// line sets 3 and 5; bench/peers.ts keeps one call)
let warmupCalls = 1, warmupS = 0;

/** Median of `reps` timings (ms) after the warm-up calls. */
const median = (fn: () => void, reps: number): number => {
  const w0 = performance.now();
  for (let n = 0; n < warmupCalls || performance.now() - w0 < warmupS * 1000; n++) fn();
  const ts: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    fn();
    ts.push(performance.now() - t0);
  }
  ts.sort((a, b) => a - b);
  return ts[ts.length >> 1];
};

/** One row of the table. */
export type Row = RsgnSpeedRow;

/**
 * Forward and training throughput of one config (median of `reps` batches).
 *
 * @example
 * ```ts ignore
 * benchRsgn("readme", presetConfig("readme"), 3).trainSamplesPerS;
 * ```
 */
export const benchRsgn = (name: string, c: RsgnConfig, reps: number): Row => {
  const { T, B } = SHAPES[name];
  const p = initParams(c, key(0));
  const X = new Float32Array(B * T * c.dimInput);
  for (let i = 0; i < X.length; i++) X[i] = Math.sin(i * 0.37) * 0.5;
  const y = new Int32Array(B).map((_, i) => i % c.numClasses);
  const sparse = c.variant === "sparse";
  let measured = 0;
  const fwd = () => {
    if (sparse) measured = sparseForward(p, c, X, B, T).macsPerSample;
    else rsgnForward(p, c, X, B, T);
  };
  const opt = adamw({ lr: 1e-3, weightDecay: 1e-4 });
  let params = p as unknown as Tree<Tensor>;
  let st = opt.init(params);
  const train = () => {
    const q = params as unknown as typeof p;
    const out = sparse ? sparseForward(q, c, X, B, T, true) : rsgnForward(q, c, X, B, T, true);
    const ce = crossEntropy(out.logits, y, B, c.numClasses);
    const g = sparse
      ? sparseBackward(q, c, (out as ReturnType<typeof sparseForward>).cache!, ce.dLogits)
      : rsgnBackward(q, c, (out as ReturnType<typeof rsgnForward>).cache!, ce.dLogits);
    const cl = clipByGlobalNorm(g as unknown as Tree<Tensor>, 1);
    const u = opt.update(cl.grads, st, params);
    params = u.params;
    st = u.state;
  };
  const tf = median(fwd, reps), tt = median(train, reps);
  const macs = macsPerSample(c, T);
  const perSample = sparse ? measured : macs.total;
  return {
    config: name,
    variant: c.variant,
    batch: B,
    forwardSamplesPerS: (B * 1000) / tf,
    trainSamplesPerS: (B * 1000) / tt,
    forwardGmacPerS: (perSample * B + macs.perBatch) / tf / 1e6,
    macsPerSample: macs.total,
    measuredMacsPerSample: perSample,
  };
};

const torchRows = (configs: string[], reps: number): { rows: Row[]; note: string } => {
  // the first interpreter that imports torch (pyenv's python3 may lack Debian's python3-torch)
  let last = { rows: [] as Row[], note: "PyTorch comparison skipped: no python3" };
  for (const py of [Deno.env.get("PYTHON") ?? "python3", "/usr/bin/python3"]) {
    last = torchRowsWith(py, configs, reps);
    if (last.rows.length) return last;
  }
  return last;
};

const torchRowsWith = (
  py: string,
  configs: string[],
  reps: number,
): { rows: Row[]; note: string } => {
  try {
    const out = new Deno.Command(py, {
      args: ["bench/compare/rsgn.py", "--configs", configs.join(","), "--reps", String(reps)],
      stdout: "piped",
      stderr: "piped",
    }).outputSync();
    const text = new TextDecoder().decode(out.stdout).trim();
    const j = JSON.parse(text.split("\n").pop() ?? "{}");
    if (j.skipped) return { rows: [], note: `PyTorch comparison skipped: ${j.skipped}` };
    return { rows: j.rows as Row[], note: `PyTorch ${j.torch}, ${j.threads} thread(s)` };
  } catch (e) {
    return { rows: [], note: `PyTorch comparison skipped: ${String(e)}` };
  }
};

/**
 * Best validation accuracy (mean ± population std over seeds) of the committed long-range
 * results of the faithful and the sparse RSGN in `dir` (docs/results/rsgn).
 *
 * @example
 * ```ts ignore
 * committedAccuracy("docs/results/rsgn").map((a) => a.model); // ["rsgn", "rsgn-sparse"]
 * ```
 */
export const committedAccuracy = (dir: string): AccuracyRow[] => {
  const files: ExperimentResult[] = [];
  for (const e of Deno.readDirSync(dir)) {
    if (!/^long-range-rsgn(-sparse)?(-s\d+)?\.json$/.test(e.name)) continue;
    files.push(JSON.parse(Deno.readTextFileSync(`${dir}/${e.name}`)) as ExperimentResult);
  }
  return mergeResults(files)
    .sort((a, b) => a.model.localeCompare(b.model))
    .map((r) => ({
      task: r.task,
      model: r.model,
      epochs: r.settings.epochs,
      seeds: r.runs.map((x) => x.seed),
      bestValAcc: r.runs.map((x) => x.bestValAcc),
      mean: r.mean,
      std: r.std,
    }));
};

if (import.meta.main) {
  const reps = Number(arg("reps", "3"));
  warmupS = Number(arg("warmup-s", "5"));
  warmupCalls = 3;
  const outDir = Deno.args.includes("--out")
    ? arg("out", "docs/results")
    : Deno.args.includes("--write")
    ? new URL("../docs/results/", import.meta.url).pathname
    : null;
  const configs = arg("configs", "readme,hierarchical,long-range").split(",");
  const loadStart = Deno.loadavg();
  const rows: Row[] = [];
  for (const name of configs) {
    for (const variant of ["faithful", "sparse"] as const) {
      const c = presetConfig(name === "readme" ? "readme" : name, { variant });
      const r = benchRsgn(name, c, reps);
      rows.push(r);
      console.error(JSON.stringify(r));
    }
  }
  const loadEnd = Deno.loadavg();
  const torch = torchRows(configs, reps);
  const report: RsgnSpeedReport = {
    reps,
    warmupS,
    machine: {
      os: Deno.build.os,
      arch: Deno.build.arch,
      cpus: navigator.hardwareConcurrency,
      deno: Deno.version.deno,
    },
    load: { start: loadStart, end: loadEnd },
    rows,
    torch,
    accuracy: committedAccuracy(new URL("../docs/results/rsgn", import.meta.url).pathname),
  };
  const md = renderRsgnSpeedMarkdown(report);
  console.log(md);
  if (outDir) {
    Deno.mkdirSync(outDir, { recursive: true });
    Deno.writeTextFileSync(`${outDir}/rsgn-speed.md`, md);
    Deno.writeTextFileSync(`${outDir}/rsgn-speed.json`, JSON.stringify(report, null, 1) + "\n");
  }
}
