/**
 * Training and inference throughput of the baselines (samples/s) on the notebook's configs:
 * one train step = forward + cross-entropy + backward + global-norm clip 1.0 + AdamW, batch 64
 * (hierarchical: T 64, D_in 32, C 20) or 32 (long-range: T 128, C 10), f32.
 *
 * Usage: `deno run -A engines/rsgn/baselines/bench.ts [--task hierarchical|long-range]
 *   [--models transformer,lstm] [--steps 5] [--json]`. Compare with `bench_torch.py` (same
 * configs in PyTorch on CPU).
 *
 * @module
 */
import { constant, crossEntropy, valueAndGrad, type Var } from "@neuroplastic/core/autodiff";
import { adamw, clipByGlobalNorm } from "@neuroplastic/core/optim";
import { key, normal, randint } from "@neuroplastic/core/random";
import type { Tensor } from "@neuroplastic/core/tensor";
import { isTensor, type Tree, treeMap } from "@neuroplastic/core/tree";
import { BASELINE_NAMES, type BaselineTask } from "./config.ts";
import { baselineByName } from "./mod.ts";

/** One measurement. */
export interface BaselineBenchRow {
  readonly model: string;
  readonly task: BaselineTask;
  readonly batch: number;
  readonly trainSamplesPerSec: number;
  readonly evalSamplesPerSec: number;
}

/**
 * Measures train-step and eval throughput of one baseline (after one warm-up step).
 *
 * @example
 * ```ts
 * import { benchBaseline } from "./bench.ts";
 * const r = benchBaseline("mlp", "hierarchical", 1);
 * console.log(r.trainSamplesPerSec > 0); // true
 * ```
 */
export const benchBaseline = (
  name: string,
  task: BaselineTask,
  steps: number,
): BaselineBenchRow => {
  const m = baselineByName(name);
  const cfg = m.referenceConfig(task);
  const B = task === "long-range" ? 32 : 64;
  const xt: Tensor = {
    data: Float32Array.from(normal(key(1), B * cfg.seqLen * cfg.dIn)),
    shape: [B, cfg.seqLen, cfg.dIn],
  };
  const x = constant(xt);
  const labels = randint(key(2), B, 0, cfg.classes);
  let params: Tree<Tensor> = m.init(cfg, key(3));
  const opt = adamw({ lr: 1e-3, weightDecay: 1e-4 });
  let state = opt.init(params);
  let stepNo = 0;
  const trainStep = (): void => {
    const k = key(100 + stepNo++);
    const r = valueAndGrad((p: Tree<Var>) =>
      crossEntropy(m.forward(p, x, { train: true, key: k, cfg }), labels)
    )(params);
    const g = clipByGlobalNorm(r.grad, 1.0).grads;
    ({ params, state } = opt.update(g, state, params));
  };
  trainStep();
  let t0 = performance.now();
  for (let s = 0; s < steps; s++) trainStep();
  const train = (steps * B) / ((performance.now() - t0) / 1000);
  const frozen = treeMap(params, (t) => constant(t), isTensor);
  t0 = performance.now();
  for (let s = 0; s < steps; s++) m.forward(frozen, x, { train: false, key: key(0), cfg });
  const ev = (steps * B) / ((performance.now() - t0) / 1000);
  return { model: name, task, batch: B, trainSamplesPerSec: train, evalSamplesPerSec: ev };
};

if (import.meta.main) {
  const args = Deno.args;
  const opt = (n: string, d: string): string => {
    const i = args.indexOf(n);
    return i >= 0 && i + 1 < args.length ? args[i + 1] : d;
  };
  const task = opt("--task", "hierarchical") as BaselineTask;
  const models = opt("--models", BASELINE_NAMES.join(",")).split(",");
  const steps = Number(opt("--steps", "5"));
  const rows = models.map((n) => benchBaseline(n, task, steps));
  if (args.includes("--json")) console.log(JSON.stringify(rows, null, 1));
  else {
    for (const r of rows) {
      console.log(
        `${r.model.padEnd(20)} ${r.task} B=${r.batch}  train ${
          r.trainSamplesPerSec.toFixed(1)
        } samples/s  eval ${r.evalSamplesPerSec.toFixed(1)} samples/s`,
      );
    }
  }
}
