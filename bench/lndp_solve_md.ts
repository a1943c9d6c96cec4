/**
 * The markdown and the SVG of `docs/results/lndp-cartpole-solve.{md,svg}`, rendered from its JSON
 * alone (the file `bench/lndp_solve.ts` writes beside them), so the drift test rebuilds both
 * (`bench/results_renderers.ts`).
 *
 * The study (issue #18 item 5): our settings (non-reference options, labelled as such) and the
 * reference settings trained for the same wall time on the same shared 2-core machine, the
 * best-so-far curves side by side, and the honest reading of each run: its best genome and its
 * strategy mean re-evaluated on 30 fresh lifetimes never used in training.
 *
 * @module
 */
import { type CurvePanel, curvePanelsSvg } from "@neuroplastic/core/chart";

/** The honest re-evaluation of one genome (fresh lifetimes). */

/** The run folder's own name: the pages name the folder, not where it sits on the machine. */
const folderName = (dir: string): string => dir.replace(/\/+$/, "").split("/").pop() ?? dir;

/** `command` with the run folder's absolute path replaced by its name. */
const withoutRoot = (command: string, dir: string): string =>
  command.split(dir).join(folderName(dir));

export interface SolveHonest {
  /** Mean fitness (mean episode return) over the fresh lifetimes. */
  readonly fitnessMean: number;
  /** Standard deviation of the lifetime fitness. */
  readonly fitnessStd: number;
  /** Mean return per episode. */
  readonly episodeMean: readonly number[];
  /** Lifetimes whose fitness reached the threshold. */
  readonly solvedLifetimes: number;
}

/** One training run of the study. */
export interface SolveRun {
  /** "ours" or "reference". */
  readonly label: string;
  /** The command that trained it (and its resumes). */
  readonly command: string;
  /** The run folder (kept outside the repository; `np lndp resume` continues it). */
  readonly runDir: string;
  /** The training config as run (config.json). */
  // deno-lint-ignore no-explicit-any
  readonly config: Record<string, any>;
  /** The settings that differ from the reference, each with what it is. */
  readonly ours: readonly string[];
  /** Seed of the run. */
  readonly seed: number;
  /** Genome size P. */
  readonly genomeSize: number;
  /** Generations completed. */
  readonly generations: number;
  /** Lifetimes simulated in training (popsize · evalReps per generation). */
  readonly lifetimes: number;
  /** Environment steps simulated in training. */
  readonly envSteps: number;
  /** Wall time of the training (sum of its segments). */
  readonly wallSeconds: number;
  /** Per generation: population max and mean fitness, best so far, wall time at its end (s). */
  readonly curve: {
    readonly max: readonly number[];
    readonly mean: readonly number[];
    readonly bestSoFar: readonly number[];
    readonly seconds: readonly number[];
  };
  /** Least-squares slope of the population mean over the second half of the run. */
  readonly slope: { readonly perGeneration: number; readonly perHour: number };
  /** The best member genome and the strategy mean, re-evaluated. */
  readonly honest: { readonly best: SolveHonest; readonly mean: SolveHonest | null };
}

/** The JSON of the study (`docs/results/lndp-cartpole-solve.json`). */
export interface SolveJson {
  /** The solved threshold (CartPole: 475). */
  readonly threshold: number;
  /** Wall-time budget each run was given. */
  readonly budgetSeconds: number;
  /** The honest re-evaluation protocol. */
  readonly reevaluation: { readonly lifetimes: number; readonly key: string };
  /** Load average seen during the runs (as the generator was told). */
  readonly load: string;
  /** How the two trainings shared the machine (default: one after the other, 2 workers each). */
  readonly schedule?: string;
  /** Ours first, then the reference. */
  readonly runs: readonly SolveRun[];
}

const f1 = (x: number | null | undefined): string =>
  typeof x === "number" && Number.isFinite(x) ? x.toFixed(1) : "–";
const f2 = (x: number): string => (Number.isFinite(x) ? x.toFixed(2) : "–");
const min = (s: number): string => (s / 60).toFixed(1);

/** The best honest mean of a run (its best genome or its strategy mean, whichever is higher). */
const bestHonest = (r: SolveRun): { value: number; which: string } =>
  r.honest.mean && r.honest.mean.fitnessMean > r.honest.best.fitnessMean
    ? { value: r.honest.mean.fitnessMean, which: "strategy mean genome" }
    : { value: r.honest.best.fitnessMean, which: "best member genome" };

const strategyName = (c: SolveRun["config"]): string =>
  c.strategy === "cma"
    ? `CMA-ES (evosax CMA_ES, the reference), σ₀ ${c.sigmaInit}, elite ratio ${c.eliteRatio}`
    : c.strategy === "cma-lazy"
    ? `CMA-ES with lazy eigendecomposition (ours), σ₀ ${c.sigmaInit}, elite ratio ${c.eliteRatio}`
    : c.strategy === "sep-cma"
    ? `sep-CMA-ES (diagonal covariance; ours), σ₀ ${c.sigmaInit}, elite ratio ${c.eliteRatio}`
    : `OpenAI-ES (Adam lr ${c.lrate}, fitness shaping ${c.fitnessShaping}), σ ${c.sigmaInit}`;

const honestLine = (name: string, h: SolveHonest | null, n: number, threshold: number): string =>
  h === null
    ? `- ${name}: none (the strategy keeps no mean).`
    : `- ${name}: **${f1(h.fitnessMean)} ± ${
      f1(h.fitnessStd)
    }** over ${n} fresh lifetimes (episodes ${
      h.episodeMean.map(f1).join(", ")
    }); ${h.solvedLifetimes} of ${n} lifetimes ≥ ${threshold}.`;

const runSection = (r: SolveRun, j: SolveJson): string[] => {
  const c = r.config, G = r.generations;
  const n = j.reevaluation.lifetimes;
  const step = Math.max(1, Math.ceil(G / 20));
  return [
    `## ${r.label === "ours" ? "Our settings" : "Reference settings"}`,
    "",
    `Command: \`${withoutRoot(r.command, r.runDir)}\``,
    "",
    `${strategyName(c)}, popsize ${c.popsize}, ${c.evalReps ?? 1} lifetime${
      (c.evalReps ?? 1) > 1 ? "s" : ""
    } per genome per generation, ${c.nEpisodes} episodes per lifetime, P = ${r.genomeSize}, seed ${r.seed}.`,
    "",
    r.ours.length
      ? `Not the reference (ours): ${r.ours.join("; ")}.`
      : "Every setting is the reference's (train.py defaults; the reference is float32 JAX, this is float64).",
    "",
    `Budget used: **${G} generations, ${r.lifetimes} lifetimes, ${r.envSteps} environment steps in ${
      min(r.wallSeconds)
    } min** of wall time. The run stopped on its budget, checkpointed; \`deno task np lndp resume ${
      folderName(r.runDir)
    } --budget <seconds> --workers 2\` continues it.`,
    "",
    `Training log: best single-genome training fitness (mean of its lifetimes in one generation) ${
      f1(r.curve.bestSoFar[G - 1])
    }; last generation's max ${f1(r.curve.max[G - 1])}, population mean ${
      f1(r.curve.mean[G - 1])
    } (generation 1: ${f1(r.curve.mean[0])}). Slope of the population mean over the second half: ${
      f2(r.slope.perGeneration)
    } per generation = ${f1(r.slope.perHour)} per hour of wall time.`,
    "",
    `Honest (${j.reevaluation.key}, lifetimes never used in training):`,
    "",
    honestLine("Best member genome", r.honest.best, n, j.threshold),
    honestLine("Strategy mean genome", r.honest.mean, n, j.threshold),
    "",
    "| generation | minutes | population max | population mean | best so far |",
    "|---|---|---|---|---|",
    ...r.curve.max.flatMap((m, g) =>
      g % step === 0 || g === G - 1
        ? [
          `| ${g + 1} | ${min(r.curve.seconds[g])} | ${f1(m)} | ${f1(r.curve.mean[g])} | ${
            f1(r.curve.bestSoFar[g])
          } |`,
        ]
        : []
    ),
    "",
  ];
};

/**
 * The study's markdown, from its JSON.
 *
 * @example
 * ```ts ignore
 * import { lndpSolveMarkdown } from "./lndp_solve_md.ts";
 * const j = JSON.parse(Deno.readTextFileSync("docs/results/lndp-cartpole-solve.json"));
 * console.log(lndpSolveMarkdown(j));
 * ```
 */
export const lndpSolveMarkdown = (j: SolveJson): string => {
  const [ours, ref] = j.runs;
  const bo = bestHonest(ours), br = bestHonest(ref);
  const solved = bo.value >= j.threshold;
  return [
    "# LNDP on CartPole: solving it honestly (issue #18 item 5)",
    "",
    `Two trainings on the same shared 2-core machine, ${
      j.schedule ?? "one after the other, each on 2 workers"
    }, ` +
    `each given ${min(j.budgetSeconds)} min of wall time (\`--budget\`; a run stops after the ` +
    "generation that spends it, checkpointed and resumable with `np lndp resume`): our settings " +
    "(non-reference options, each labelled below) and the reference settings. The honest measure " +
    `is a genome's mean fitness over ${j.reevaluation.lifetimes} fresh lifetimes (${j.reevaluation.key}); ` +
    `CartPole counts as solved at ≥ ${j.threshold}. Load average: ${j.load}.`,
    "",
    solved
      ? `**Solved** with our settings: the ${bo.which} averages ${
        f1(bo.value)
      } ≥ ${j.threshold} over ${j.reevaluation.lifetimes} fresh lifetimes after ${
        min(ours.wallSeconds)
      } min.`
      : `**Not solved** in this budget. Best honest mean: ours ${f1(bo.value)} (${bo.which}), ` +
        `reference ${
          f1(br.value)
        } (${br.which}); the population mean's slope over the second half ` +
        `of each run: ours ${f2(ours.slope.perGeneration)} per generation (${
          f1(ours.slope.perHour)
        } per hour), reference ${f2(ref.slope.perGeneration)} per generation (${
          f1(ref.slope.perHour)
        } per hour).`,
    "",
    `| settings | generations | lifetimes | env steps | minutes | best so far (training) | honest: best genome | honest: mean genome |`,
    "|---|---|---|---|---|---|---|---|",
    ...j.runs.map((r) =>
      `| ${r.label} | ${r.generations} | ${r.lifetimes} | ${r.envSteps} | ${min(r.wallSeconds)} | ${
        f1(r.curve.bestSoFar[r.generations - 1])
      } | ${f1(r.honest.best.fitnessMean)} ± ${f1(r.honest.best.fitnessStd)} | ${
        r.honest.mean ? `${f1(r.honest.mean.fitnessMean)} ± ${f1(r.honest.mean.fitnessStd)}` : "–"
      } |`
    ),
    "",
    "![best-so-far curves, ours and the reference](lndp-cartpole-solve.svg)",
    "",
    "The training curves count a genome's mean over the lifetimes of one generation (ours: " +
    `${
      ours.config.evalReps ?? 1
    } per genome; the reference: 1), so \`best so far\` is optimistic; ` +
    "only the honest columns re-run genomes on fresh lifetimes.",
    "",
    ...runSection(ours, j),
    ...runSection(ref, j),
    "Files: lndp-cartpole-solve.json (curves, configs, honest re-evaluations), " +
    "lndp-cartpole-solve.svg; generator `bench/lndp_solve.ts`, renderer `bench/lndp_solve_md.ts`.",
    "",
  ].join("\n");
};

/**
 * The study's figure: one panel per run, side by side, fitness against wall-clock minutes (the
 * population max and mean per generation, the best so far, the honest means as lines).
 *
 * @example
 * ```ts ignore
 * import { lndpSolveSvg } from "./lndp_solve_md.ts";
 * const j = JSON.parse(Deno.readTextFileSync("docs/results/lndp-cartpole-solve.json"));
 * Deno.writeTextFileSync("x.svg", lndpSolveSvg(j));
 * ```
 */
export const lndpSolveSvg = (j: SolveJson): string => {
  const panels: CurvePanel[] = j.runs.map((r) => {
    const x = r.curve.seconds.map((s) => s / 60);
    return {
      title: `${
        r.label === "ours" ? "Ours" : "Reference"
      }: ${r.config.strategy}, popsize ${r.config.popsize}, σ₀ ${r.config.sigmaInit}`,
      xLabel: "wall time (minutes)",
      yLabel: "fitness (mean return per episode)",
      yRange: [0, 500],
      series: [
        { name: "best so far", x, y: r.curve.bestSoFar },
        { name: "population max", x, y: r.curve.max },
        { name: "population mean", x, y: r.curve.mean },
      ],
      hLines: [
        { y: j.threshold, label: `solved (${j.threshold})` },
        {
          y: bestHonest(r).value,
          label: `honest ${f1(bestHonest(r).value)} (${j.reevaluation.lifetimes} fresh lifetimes)`,
        },
      ],
    };
  });
  return curvePanelsSvg(panels);
};
