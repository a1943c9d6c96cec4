/**
 * Report sections of GENREG runs (`np genreg run --out dir`, and the demo's showcase):
 * the fitness (best MSE) curve with the number of saturated units, saturation per hidden unit,
 * and the best genome's prediction against the target sine.
 *
 * @module
 */
import { key } from "@neuroplastic/core/random";
import {
  type EngineReporter,
  lineChart,
  type ReportSection,
  type RunDir,
  scatterChart,
} from "@neuroplastic/core/chart";
import type { TrialConfig } from "./config.ts";
import { trialContext } from "./context.ts";
import { evalBuffers } from "./network.ts";
import { trialResult } from "./run.ts";
import { bestGenome, type TrialState } from "./step.ts";

/**
 * The plots of one GENREG trial state: fitness curve, saturation per unit, prediction vs sine.
 *
 * @example
 * ```ts
 * import { key } from "@neuroplastic/core/random";
 * import { genregSections, initState, run, trialDefaults } from "@neuroplastic/engines/genreg";
 * const c = { ...trialDefaults, sa: { ...trialDefaults.sa, steps: 200 }, traceEvery: 100 };
 * const s = run(initState(c, key(0)), c, 200);
 * console.log(genregSections(s, c, "demo", "x").length); // 1
 * ```
 */
export const genregSections = (
  s: TrialState,
  c: TrialConfig,
  heading: string,
  idPrefix: string,
): ReportSection[] => {
  const r = trialResult(s, c);
  const ctx = trialContext(c);
  const buf = evalBuffers(ctx.shape.hidden, ctx.inputs.rows);
  // Fresh-noise inputs (legacy mode with > 240 noise columns) are drawn from a fixed key here.
  ctx.evaluate(bestGenome(s, c), ctx.stochastic ? key(0) : null, buf);
  const it: number[] = [], mse: number[] = [], k: number[] = [];
  for (let i = 0; i + 2 < r.trace.length; i += 3) {
    it.push(r.trace[i]);
    mse.push(r.trace[i + 1]);
    k.push(r.trace[i + 2]);
  }
  const unitIdx = r.perUnit.map((_, j) => j);
  const isGa = c.optimizer === "ga";
  const what = isGa ? "generation" : c.optimizer === "backprop" ? "epoch" : "step";
  // The caption quotes the last point of the curves below: GA the last population's best MSE and
  // its fitness-best member's k (the member plotted per unit); other optimisers the best genome.
  return [{
    heading,
    text: `${c.optimizer.toUpperCase()} on the ${c.model.kind} ${c.model.hidden}-unit network ` +
      `(${r.params} parameters, ${c.inputs.mode} inputs): best ${isGa ? "population " : ""}MSE ${
        r.mse.toExponential(3)
      } ` +
      `after ${r.iterations} ${what}s (${r.evals} evaluations); ${r.k} of ${r.hidden} hidden ` +
      `units saturated${isGa ? " in the fitness-best member" : ""} (|h| > 0.95 on more than ` +
      `half of the samples).` +
      (r.indices.length
        ? ` Selected inputs: ${r.indices.join(", ")} (true columns < 16: ${
          (r.trueRatio * 100).toFixed(0)
        }%).`
        : ""),
    plots: [
      lineChart([{ name: "best MSE", x: it, y: mse }], {
        title: "Fitness curve (best MSE)",
        xLabel: what,
        yLabel: "best MSE (log scale)",
        logY: true,
        id: `${idPrefix}-fitness`,
        caption: [
          "The best MSE falls from ",
          { value: mse[0], series: "best MSE", stat: "first" },
          ` (${what} ${it[0]}) to `,
          { value: mse[mse.length - 1], series: "best MSE", stat: "last" },
          ` (${what} ${it[it.length - 1]}).`,
        ],
      }),
      lineChart([{ name: "saturated units k", x: it, y: k }], {
        title: "Saturated hidden units over training",
        xLabel: what,
        yLabel: "saturated units k (count)",
        id: `${idPrefix}-k`,
        caption: [
          "Hidden units with |h| > 0.95 on more than half of the samples: ",
          { value: k[k.length - 1], series: "saturated units k", stat: "last" },
          ` of ${r.hidden} at the end (at most `,
          { value: Math.max(...k), series: "saturated units k", stat: "max" },
          " during training).",
        ],
      }),
      scatterChart([{ name: "fraction of samples with |h| > 0.95", x: unitIdx, y: r.perUnit }], {
        title: "Saturation per hidden unit",
        xLabel: "hidden unit",
        yLabel: "fraction of samples saturated",
        id: `${idPrefix}-saturation`,
        caption: `Per hidden unit of the best genome: ${
          r.perUnit.filter((v) => v > 0.5).length
        } of ${r.perUnit.length} units above one half.`,
        radius: 4,
      }),
      lineChart([
        { name: "sin(x)", x: ctx.inputs.x, y: ctx.inputs.target, dashed: true },
        { name: "prediction", x: ctx.inputs.x, y: buf.pred },
      ], {
        title: "Best genome: prediction vs target",
        xLabel: "x (radians)",
        yLabel: "y = sin(x), prediction",
        id: `${idPrefix}-prediction`,
        caption: `The best genome's output against the target on ${ctx.inputs.x.length} points.`,
      }),
    ],
  }];
};

/**
 * The GENREG reporter for run directories.
 *
 * @example
 * ```ts ignore
 * import { readRunDir } from "@neuroplastic/core/chart";
 * import { genregReporter } from "@neuroplastic/engines/genreg";
 * const sections = genregReporter(readRunDir("out/run"));
 * ```
 */
export const genregReporter: EngineReporter = (run: RunDir): readonly ReportSection[] => {
  const s = run.finalState as TrialState | undefined;
  const c = run.manifest.config as TrialConfig | null;
  if (!s || !c || typeof s !== "object" || !("trace" in s)) return [];
  return genregSections(s, c, "GENREG trial", "genreg-run");
};
