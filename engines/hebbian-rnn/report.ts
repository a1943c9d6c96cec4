/**
 * Report sections of Hebbian RNN run directories (`np hebbian-rnn mode-a-train|mode-b-train|
 * pattern-miconi-train|mode-c-train --out dir`, and their `resume`): the learning curves stored in
 * `result.json`.
 *
 * @module
 */
import {
  type EngineReporter,
  lineChart,
  type ReportSection,
  type RunDir,
} from "@neuroplastic/core/chart";

const nums = (v: unknown): number[] | undefined =>
  Array.isArray(v) && v.every((x) => typeof x === "number" || x === null)
    ? (v as number[])
    : undefined;

const range = (n: number, step = 1, from = step): number[] =>
  Array.from({ length: n }, (_, k) => from + k * step);

/**
 * The Hebbian RNN reporter: Mode A loss curve against the unbeatable optimum, Mode B held-out
 * accuracy and loss, Mode C windowed error rate and mean absolute error.
 *
 * @example
 * ```ts ignore
 * import { readRunDir } from "@neuroplastic/core/chart";
 * import { hebbianRnnReporter } from "@neuroplastic/engines/hebbian-rnn";
 * const sections = hebbianRnnReporter(readRunDir("out/run"));
 * ```
 */
export const hebbianRnnReporter: EngineReporter = (run: RunDir): readonly ReportSection[] => {
  const r = run.result;
  const out: ReportSection[] = [];
  const aLoss = nums(r.lossCurve);
  if (typeof r.optimalLoss === "number" && aLoss) {
    const x = range(aLoss.length);
    out.push({
      heading: "Mode A: training loss (reference sc.py task)",
      text:
        `First loss ${Number(r.firstLoss).toFixed(4)}, mean of the last 50 epochs ${
          Number(r.meanLossLast50).toFixed(4)
        }, test loss with m = 1 ${
          Number(r.testLoss).toFixed(4)
        }. The target is a fresh coin flip, ` +
        `so no network can beat ${r.optimalLoss} (dashed): the task is unlearnable.`,
      plots: [
        lineChart([
          { name: "MSE per epoch", x, y: aLoss },
          {
            name: "optimum",
            x: [1, aLoss.length],
            y: [Number(r.optimalLoss), Number(r.optimalLoss)],
            dashed: true,
          },
        ], {
          title: "Mode A training loss",
          xLabel: "epoch",
          yLabel: "MSE",
          id: "hebbian-rnn-a-loss",
          logY: true,
        }),
      ],
    });
  }
  const acc = nums(r.accuracyCurve);
  const evalSteps = nums(r.evalSteps);
  if (acc && evalSteps) {
    const bLoss = nums(r.lossCurve) ?? [];
    const every = evalSteps.length > 1 ? evalSteps[1] - evalSteps[0] : 1;
    out.push({
      heading: `Mode B: ${r.task}, plasticity ${r.plasticity}`,
      text: `${r.params} parameters (hidden ${r.hidden}); held-out accuracy ${
        (100 * Number(r.finalAccuracy)).toFixed(1)
      }% after ${r.steps} Adam steps (chance 50%).`,
      plots: [
        lineChart([
          { name: "held-out accuracy", x: evalSteps, y: acc },
          { name: "chance", x: [0, evalSteps[evalSteps.length - 1]], y: [0.5, 0.5], dashed: true },
        ], {
          title: "Mode B accuracy",
          xLabel: "step",
          yLabel: "accuracy",
          id: "hebbian-rnn-b-acc",
        }),
        lineChart([{ name: "training loss", x: range(bLoss.length, every), y: bLoss }], {
          title: "Mode B loss (mean per evaluation interval)",
          xLabel: "step",
          yLabel: "training loss",
          id: "hebbian-rnn-b-loss",
        }),
      ],
    });
  }
  const pErr = nums(r.errorCurve);
  if (pErr && typeof r.neurons === "number") {
    const w = Number(r.window) || 1;
    const x = range(pErr.length, w);
    out.push({
      heading: `Pattern completion (Miconi et al. 2018), ${r.type} network of ${r.neurons} neurons`,
      text:
        `Error rate per ${w} training episodes; last window ${r.finalError} over all bits, ${r.finalErrorZeroed} over the zeroed bits; held-out test ${r.testErrorZeroed} over the zeroed bits (chance 0.5)${
          r.eta === null ? "" : `; learned η ${r.eta}`
        }.`,
      plots: [
        lineChart([
          { name: "all bits", x, y: pErr },
          { name: "zeroed bits", x, y: nums(r.errorZeroedCurve) ?? [] },
        ], {
          title: "Pattern completion error rate",
          xLabel: "episode",
          yLabel: "error rate",
          id: "hebbian-rnn-miconi-err",
        }),
      ],
    });
  }
  const err = nums(r.errorRateCurve);
  if (err) {
    const w = Number(r.window) || 1;
    const x = range(err.length, w);
    const mae = nums(r.meanAbsErrorCurve) ?? [];
    out.push({
      heading: "Mode C: delayed non-match-to-sample (Miconi 2017, no backprop)",
      text:
        `Error rate per ${w} trials (chance 50%); last window ${r.finalErrorRate}; first window below 10% after ${
          r.firstTrialBelow10pct ?? "—"
        } trials.`,
      plots: [
        lineChart([
          { name: "error rate", x, y: err },
          { name: "10%", x: [x[0] ?? 0, x[x.length - 1] ?? 1], y: [0.1, 0.1], dashed: true },
        ], {
          title: "Mode C error rate",
          xLabel: "trial",
          yLabel: "error rate",
          id: "hebbian-rnn-c-err",
        }),
        lineChart([{ name: "mean |r₀ − target|", x, y: mae }], {
          title: "Mode C mean absolute error",
          xLabel: "trial",
          yLabel: "mean |r₀ − target|",
          id: "hebbian-rnn-c-mae",
        }),
      ],
    });
  }
  return out;
};
