/**
 * Showcase of the Hebbian RNN engine (well under 20 s): the reference model's training curve
 * (Mode A, 300 epochs), a short plastic-vs-plain run on one-shot pattern completion (Mode B),
 * and the DNMS network of Miconi 2017 (Mode C) on its four trial types before learning. The
 * full studies are in `docs/results/hebbian-rnn-mode-{b,c}.md`.
 *
 * @module
 */
import { key } from "@neuroplastic/core/random";
import { lineChart, type ReportSection, type Showcase } from "@neuroplastic/core/chart";
import { modeADefaults } from "./mode_a/config.ts";
import { initModeATrain, modeATrainSummary, runModeATrain } from "./mode_a/train.ts";
import { modeBStudyConfig } from "./mode_b/study.ts";
import { initModeBTrain, modeBTrainSummary, runModeBTrain } from "./mode_b/train.ts";
import { modeCDefaults } from "./mode_c/config.ts";
import { initModeC, modeCEvaluate } from "./mode_c/model.ts";

/**
 * The Hebbian RNN showcase.
 *
 * @example
 * ```ts ignore
 * import { hebbianRnnShowcase } from "@neuroplastic/engines/hebbian-rnn";
 * const r = await hebbianRnnShowcase.run({ seed: 42, progress: () => {} });
 * console.log(r.figures.modeAFirstLoss); // 1.8339
 * ```
 */
export const hebbianRnnShowcase: Showcase = {
  name: "hebbian-rnn",
  title: "Hebbian RNN: the reference model, backpropamine, and learning without backprop",
  run: ({ seed, progress }) => {
    // Three phases, each counted to its end in its own unit; the runs are chunked for progress
    // only (a run of a + b epochs or steps equals a run of a then b).
    // Mode A: the reference loop (sc.py), 300 epochs.
    const epochs = 300;
    let a = initModeATrain(modeADefaults, key(seed));
    for (let e = 0; e < epochs; e += 30) {
      a = runModeATrain(a, modeADefaults, Math.min(30, epochs - e));
      progress(Math.min(epochs, e + 30), epochs, "mode A", "epoch");
    }
    const sa = modeATrainSummary(a, modeADefaults);
    // Mode B: 200 steps of plastic (simple neuromodulation) vs plain RNN, same parameter count.
    const steps = 200;
    const curves = (["simple", "none"] as const).map((v, i) => {
      const c = { ...modeBStudyConfig("pattern", v), batch: 16, evalBatch: 128, evalEvery: 25 };
      let s = initModeBTrain(c, key(seed));
      for (let t = 0; t < steps; t += 25) {
        s = runModeBTrain(s, c, Math.min(25, steps - t));
        progress(i * steps + Math.min(steps, t + 25), 2 * steps, "mode B", "step");
      }
      return { v, s, sum: modeBTrainSummary(s, c) };
    });
    // Mode C: a fresh DNMS network (no learning yet), output neuron on the four trial types.
    const c = modeCDefaults;
    progress(0, 4, "mode C", "trial type");
    const ev = modeCEvaluate(initModeC(c, key(seed)), c, 4, true);
    progress(4, 4, "mode C", "trial type");
    const t = Array.from({ length: c.trialTime }, (_, k) => k);
    const sections: ReportSection[] = [
      {
        heading: "Mode A: the reference model (Ria-Chaudhry/Hebbian-RNN-Model-, sc.py)",
        text:
          `First loss ${
            Number(sa.firstLoss).toFixed(4)
          } (the reference: ≈1.83), mean of the last 50 epochs ${
            Number(sa.meanLossLast50).toFixed(4)
          } (reference plateau ≈0.2465). The target is the next random bit, so ${sa.optimalLoss} is the best ` +
          "any model can do: the reference task cannot be learned.",
        plots: [
          lineChart([{ name: "MSE", x: a.losses.map((_, k) => k + 1), y: a.losses }], {
            title: "Mode A training loss",
            xLabel: "epoch",
            yLabel: "MSE (log scale)",
            id: "hebbian-rnn-showcase-a",
            logY: true,
            caption: [
              "Training loss from ",
              { value: a.losses[0], series: "MSE", stat: "first", digits: 4 },
              " (epoch 1) to ",
              { value: a.losses[a.losses.length - 1], series: "MSE", stat: "last", digits: 4 },
              ` (epoch ${a.losses.length}); lowest `,
              { value: Math.min(...a.losses), series: "MSE", stat: "min", digits: 4 },
              `; no model beats ${sa.optimalLoss} on a random next bit.`,
            ],
          }),
        ],
      },
      {
        heading: "Mode B: one-shot pattern completion, plastic vs plain RNN (short run)",
        text:
          curves.map((k) =>
            `${
              k.v === "none" ? "plain RNN" : "plastic (simple neuromodulation)"
            }: ${k.sum.params} parameters, ` +
            `held-out accuracy ${
              (100 * Number(k.sum.finalAccuracy)).toFixed(1)
            }% after ${steps} steps`
          ).join("; ") + ". Longer runs over 5 seeds: docs/results/hebbian-rnn-mode-b.md.",
        plots: [
          lineChart(curves.map((k) => ({ name: k.v, x: k.s.evalSteps, y: k.s.evalAccuracy })), {
            title: "held-out accuracy on the zeroed bits",
            xLabel: "training step",
            yLabel: "accuracy (fraction correct)",
            caption: curves.flatMap((k, i) => [
              i === 0 ? "Held-out accuracy after the last step: " : "; ",
              `${k.v} `,
              {
                value: k.s.evalAccuracy[k.s.evalAccuracy.length - 1],
                series: k.v,
                stat: "last" as const,
                digits: 3,
              },
            ]).concat([" (chance 0.5)."]),
            id: "hebbian-rnn-showcase-b",
          }),
        ],
      },
      {
        heading: "Mode C: the DNMS network of Miconi 2017 before learning",
        text:
          "Output neuron r₀ on the four trial types (AA, AB, BA, BB) of a fresh network (N = 200, " +
          "τ = 30 ms, perturbations on). Learning by node perturbation (no gradient) over thousands of " +
          "trials: docs/results/hebbian-rnn-mode-c.md.",
        plots: [
          lineChart(
            ev.results.map((r, i) => ({ name: ["AA", "AB", "BA", "BB"][i], x: t, y: r.output! })),
            {
              title: "r₀ during a trial",
              xLabel: "time in trial (ms)",
              yLabel: "output r₀ (rate, a.u.)",
              id: "hebbian-rnn-showcase-c",
              caption: [
                "Output of the untrained network on the four trial types; its peak on AA is ",
                {
                  value: Math.max(...ev.results[0].output!),
                  series: "AA",
                  stat: "max",
                  digits: 3,
                },
                ` (error rate ${ev.errorRate} before learning).`,
              ],
            },
          ),
        ],
      },
    ];
    return Promise.resolve({
      figures: {
        modeAFirstLoss: Number(Number(sa.firstLoss).toFixed(4)),
        modeAMeanLossLast50: Number(Number(sa.meanLossLast50).toFixed(4)),
        modeBPlasticAccuracy: curves[0].sum.finalAccuracy,
        modeBPlainAccuracy: curves[1].sum.finalAccuracy,
        modeCUntrainedErrorRate: ev.errorRate,
      },
      sections,
    });
  },
};
