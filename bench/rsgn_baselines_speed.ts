/**
 * Speed of the RSGN baselines against PyTorch, measured in the same run: for each (task,
 * model) and round, ours (`benchBaseline`) then `bench_torch.py` back to back.
 *
 * Run: `deno run -A bench/rsgn_baselines_speed.ts [--steps 3] [--rounds 2]
 * [--write | --out DIR]` (`--write` writes `docs/results/rsgn-baselines-speed.{md,json}`; the
 * markdown is `renderBaselineSpeedMarkdown(json)` from ./rsgn_baselines_report.ts). Needs
 * `/usr/bin/python3` with torch for the torch columns (left empty otherwise).
 *
 * @module
 */
import { benchBaseline } from "../engines/rsgn/baselines/bench.ts";
import { baselineByName } from "../engines/rsgn/baselines/mod.ts";
import type { BaselineTask } from "../engines/rsgn/baselines/config.ts";
import {
  type BaselinePair,
  type BaselineSpeedReport,
  renderBaselineSpeedMarkdown,
} from "./rsgn_baselines_report.ts";

const args = Deno.args;
const opt = (n: string, d: string): string => {
  const i = args.indexOf(n);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : d;
};
const steps = Number(opt("--steps", "3"));
const rounds = Number(opt("--rounds", "2"));
const outDir = args.includes("--out")
  ? opt("--out", ".")
  : args.includes("--write")
  ? new URL("../docs/results/", import.meta.url).pathname
  : null;
const torchScript = new URL("../engines/rsgn/baselines/bench_torch.py", import.meta.url).pathname;

const CASES: [BaselineTask, string][] = [
  ["hierarchical", "transformer"],
  ["hierarchical", "sparse-transformer"],
  ["hierarchical", "lstm"],
  ["hierarchical", "mlp"],
  ["long-range", "transformer"],
  ["long-range", "lstm"],
];

interface TorchRow {
  trainSamplesPerSec: number;
  evalSamplesPerSec: number;
  params: number;
  torch: string;
  threads: number;
}
const torchRun = (task: string, model: string): TorchRow | null => {
  try {
    const out = new Deno.Command("/usr/bin/python3", {
      args: [torchScript, "--task", task, "--models", model, "--steps", String(steps), "--json"],
      stdout: "piped",
      stderr: "inherit",
    }).outputSync();
    if (!out.success) return null;
    const rows = JSON.parse(new TextDecoder().decode(out.stdout)) as TorchRow[];
    return rows[0] ?? null;
  } catch {
    return null;
  }
};

const started = new Date().toISOString();
const pairs: BaselinePair[] = [];
let torchInfo: BaselineSpeedReport["torch"] = null;
for (let round = 0; round < rounds; round++) {
  for (const [task, model] of CASES) {
    const load = Deno.loadavg()[0];
    const ours = benchBaseline(model, task, steps);
    const t = torchRun(task, model);
    if (t) torchInfo = { version: t.torch, threads: t.threads };
    const m = baselineByName(model);
    const pair: BaselinePair = {
      task,
      model,
      batch: ours.batch,
      round,
      load,
      params: m.paramCount(m.referenceConfig(task)),
      ours: {
        trainSamplesPerSec: ours.trainSamplesPerSec,
        evalSamplesPerSec: ours.evalSamplesPerSec,
      },
      torch: t
        ? {
          trainSamplesPerSec: t.trainSamplesPerSec,
          evalSamplesPerSec: t.evalSamplesPerSec,
          params: t.params,
        }
        : null,
    };
    pairs.push(pair);
    console.error(JSON.stringify(pair));
  }
}
const report: BaselineSpeedReport = {
  command: `deno run -A bench/rsgn_baselines_speed.ts --steps ${steps} --rounds ${rounds} --write`,
  started,
  finished: new Date().toISOString(),
  deno: Deno.version.deno,
  cpus: navigator.hardwareConcurrency,
  steps,
  torch: torchInfo,
  pairs,
};
const md = renderBaselineSpeedMarkdown(report);
console.log(md);
if (outDir !== null) {
  Deno.mkdirSync(outDir, { recursive: true });
  Deno.writeTextFileSync(
    `${outDir}/rsgn-baselines-speed.json`,
    JSON.stringify(report, null, 1) + "\n",
  );
  Deno.writeTextFileSync(`${outDir}/rsgn-baselines-speed.md`, md);
}
