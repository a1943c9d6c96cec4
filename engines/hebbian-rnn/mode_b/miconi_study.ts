/**
 * The `pattern-miconi` study: the binary pattern-completion experiment of Miconi, Clune & Stanley
 * 2018 (§4.1) with the reference's constants — for each setup (the paper's 50-bit plastic vs
 * non-plastic comparison, Mode B's harder sizes in the same network, the 1000-bit task), train
 * the plastic and the non-plastic network over several seeds and write the learning curves and
 * final errors (`hebbian-rnn-pattern-miconi.{md,json,svg}` into `--out`). One process; one step
 * is one Adam step of the current run, so it checkpoints and resumes like any training.
 *
 * @module
 */
import { key } from "@neuroplastic/core/random";
import type { Json } from "@neuroplastic/core/sim";
import { flagOfPath } from "@neuroplastic/core/sim";
import { curveBand, curvePanelsSvg } from "@neuroplastic/core/chart";
import {
  MICONI_SETUPS,
  type MiconiConfig,
  type MiconiNetType,
  type MiconiSetupName,
  type MiconiStudyConfig,
  miconiStudyDefaults,
} from "./miconi_config.ts";
import { miconiTaskShape } from "./miconi_task.ts";
import {
  initMiconiTrain,
  type MiconiTrainState,
  miconiTrainSummary,
  runMiconiTrain,
} from "./miconi_train.ts";

/** One finished run of the study. */
export interface MiconiRun {
  /** Setup of the run. */
  readonly setup: MiconiSetupName;
  /** Network type. */
  readonly type: MiconiNetType;
  /** Seed. */
  readonly seed: number;
  /** Neurons N. */
  readonly neurons: number;
  /** Trained parameters. */
  readonly params: number;
  /** Adam steps taken. */
  readonly iterations: number;
  /** Learned η at the end (null when non-plastic). */
  readonly eta: number | null;
  /** Error rate over all bits, mean of the last window of training episodes. */
  readonly finalError: number;
  /** Error rate over the zeroed bits, mean of the last window. */
  readonly finalErrorZeroed: number;
  /** Error rate over all bits on the held-out test episodes. */
  readonly testError: number;
  /** Error rate over the zeroed bits on the held-out test episodes. */
  readonly testErrorZeroed: number;
  /** Error rate over all bits, mean per window of training episodes. */
  readonly errorCurve: number[];
  /** Error rate over the zeroed bits, mean per window. */
  readonly errorZeroedCurve: number[];
}

/**
 * The training config of one run: the setup's constants and the network type.
 *
 * @example
 * ```ts
 * import { miconiRunConfig, miconiStudyDefaults } from "@neuroplastic/engines/hebbian-rnn";
 * console.log(miconiRunConfig(miconiStudyDefaults, "harder", "nonplastic").addNeurons); // 7
 * ```
 */
export const miconiRunConfig = (
  c: MiconiStudyConfig,
  setup: MiconiSetupName,
  type: MiconiNetType,
): MiconiConfig => {
  const { iterations: _, seedCount: __, ...rest } = c[setup];
  return { ...rest, type };
};

/** The (setup, type, seed) of every run, in order (setups with 0 iterations skipped). */
const plan = (c: MiconiStudyConfig) =>
  MICONI_SETUPS.filter((setup) => c[setup].iterations > 0).flatMap((setup) =>
    c.types.flatMap((type) =>
      (c[setup].seedCount > 0 ? c.seeds.slice(0, c[setup].seedCount) : c.seeds).map((seed) => ({
        setup,
        type,
        seed,
      }))
    )
  );

/**
 * Steps of a study: Σ over setups of iterations × types × seeds.
 *
 * @example
 * ```ts
 * import { miconiStudyDefaults, miconiStudyLength } from "@neuroplastic/engines/hebbian-rnn";
 * console.log(miconiStudyLength(miconiStudyDefaults)); // 6 · 30000 + 6 · 60000 + 2 · 100 = 540200
 * ```
 */
export const miconiStudyLength = (c: MiconiStudyConfig): number =>
  plan(c).reduce((a, p) => a + c[p.setup].iterations, 0);

/** State of the study: finished runs and the training state of the current one. */
export interface MiconiStudyState {
  /** Index of the current run in plan order. */
  readonly run: number;
  /** Training state of the current run (null before it starts). */
  readonly current: MiconiTrainState | null;
  /** Finished runs. */
  readonly runs: readonly MiconiRun[];
}

/**
 * The initial study state.
 *
 * @example
 * ```ts
 * import { initMiconiStudy } from "@neuroplastic/engines/hebbian-rnn";
 * console.log(initMiconiStudy().run); // 0
 * ```
 */
export const initMiconiStudy = (): MiconiStudyState => ({ run: 0, current: null, runs: [] });

/**
 * `n` steps of the study (pure); a run starts from `initMiconiTrain(config, key(seed))` and is
 * tabulated (with its held-out test) when it reaches its setup's iterations.
 *
 * @example
 * ```ts
 * import { initMiconiStudy, miconiStudyDefaults, runMiconiStudy } from "@neuroplastic/engines/hebbian-rnn";
 * const c = { ...miconiStudyDefaults, seeds: [0], types: ["plastic" as const],
 *   paper50: { ...miconiStudyDefaults.paper50, patternSize: 6, iterations: 2, testEpisodes: 2 },
 *   harder: { ...miconiStudyDefaults.harder, iterations: 0 },
 *   paper1000: { ...miconiStudyDefaults.paper1000, iterations: 0 } };
 * console.log(runMiconiStudy(initMiconiStudy(), c, 2).runs.length); // 1
 * ```
 */
export const runMiconiStudy = (
  s: MiconiStudyState,
  c: MiconiStudyConfig,
  n: number,
): MiconiStudyState => {
  const runs = plan(c);
  let { run, current } = s;
  const done = s.runs.slice();
  let left = n;
  while (left > 0 && run < runs.length) {
    const p = runs[run];
    const rc = miconiRunConfig(c, p.setup, p.type);
    const iterations = c[p.setup].iterations;
    const cur = current ?? initMiconiTrain(rc, key(p.seed));
    const k = Math.min(left, iterations - cur.step);
    const next = runMiconiTrain(cur, rc, k);
    left -= k;
    if (next.step >= iterations) {
      const sum = miconiTrainSummary(next, rc);
      done.push({
        ...p,
        neurons: sum.neurons as number,
        params: sum.params as number,
        iterations,
        eta: sum.eta as number | null,
        finalError: sum.finalError as number,
        finalErrorZeroed: sum.finalErrorZeroed as number,
        testError: sum.testError as number,
        testErrorZeroed: sum.testErrorZeroed as number,
        errorCurve: sum.errorCurve as number[],
        errorZeroedCurve: sum.errorZeroedCurve as number[],
      });
      run += 1;
      current = null;
    } else current = next;
  }
  return { run, current, runs: done };
};

const stats = (v: readonly number[]) => {
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const sd = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, v.length - 1));
  return { mean, sd };
};

/** The flags of config leaves that differ from `base`. */
const changedFlags = (c: unknown, base: unknown, path: string[] = []): string[] => {
  if (c !== null && typeof c === "object" && !Array.isArray(c)) {
    return Object.keys(c).flatMap((k) =>
      changedFlags(
        (c as Record<string, unknown>)[k],
        (base as Record<string, unknown> | undefined)?.[k],
        [...path, k],
      )
    );
  }
  const v = Array.isArray(c) ? c.join(",") : String(c);
  const b = Array.isArray(base) ? base.join(",") : String(base);
  return v === b ? [] : [`--${flagOfPath(path)} ${v}`];
};

/**
 * The command line that reproduces a study config.
 *
 * @example
 * ```ts
 * import { miconiStudyCommandLine, miconiStudyDefaults } from "@neuroplastic/engines/hebbian-rnn";
 * console.log(miconiStudyCommandLine({ ...miconiStudyDefaults, seeds: [4] }));
 * // "deno task np hebbian-rnn pattern-miconi --seeds 4"
 * ```
 */
export const miconiStudyCommandLine = (c: MiconiStudyConfig): string =>
  ["deno task np hebbian-rnn pattern-miconi", ...changedFlags(c, miconiStudyDefaults)].join(" ");

const pct = (v: number): string => `${(100 * v).toFixed(1)}%`;
const pct2 = (v: number): string => `${(100 * v).toFixed(2)}%`;

const SETUP_TITLE: { readonly [k in MiconiSetupName]: string } = {
  paper50: "paper, 50 bits (full.py comparison)",
  harder: "harder: Mode B's sizes, 24 neurons",
  paper1000: "paper, 1000 bits (simple.py)",
};

const SETUP_SOURCE: { readonly [k in MiconiSetupName]: string } = {
  paper50: "`simple/README.md` command line for `full.py --type plastic` (50 bits); " +
    "PRESTIMETEST = PRESTIME and the α diagonal zeroed at init as in `full.py`",
  harder: "Mode B's `pattern` task sizes (`modeBTaskPreset`), 7 extra neurons; other constants " +
    "as the 50-bit setup",
  paper1000: "`simple/simple.py` constants (also `full.py`'s defaults)",
};

const REFERENCE_ITERS: { readonly [k in MiconiSetupName]: string } = {
  paper50: "1 000 000 (`--nbiter 1000000`)",
  harder: "—",
  paper1000: "2 000 (`range(2000)`)",
};

/**
 * The study's files: Markdown (constants with their source, per-seed final errors), JSON (config,
 * every run and its curves) and the SVG learning curves (mean and min–max band over seeds).
 *
 * @example
 * ```ts
 * import { miconiStudyDefaults, miconiStudyFiles } from "@neuroplastic/engines/hebbian-rnn";
 * console.log(Object.keys(miconiStudyFiles([], miconiStudyDefaults, "x"))); // ["x.md", "x.json", "x.svg"]
 * ```
 */
export const miconiStudyFiles = (
  runs: readonly MiconiRun[],
  c: MiconiStudyConfig,
  stem = "hebbian-rnn-pattern-miconi",
): { [name: string]: string } => {
  const command = miconiStudyCommandLine(c);
  const setups = MICONI_SETUPS.filter((s) => runs.some((r) => r.setup === s));
  const constants = (name: MiconiSetupName): string[] => {
    const s = c[name];
    const shape = miconiTaskShape(s);
    return [
      `### ${SETUP_TITLE[name]}`,
      "",
      `Source: ${SETUP_SOURCE[name]}. Iterations: ${s.iterations} here, ` +
      `${REFERENCE_ITERS[name]} in the reference.`,
      "",
      "| constant | value |",
      "|---|---:|",
      `| pattern size P (PATTERNSIZE) | ${s.patternSize} |`,
      `| patterns per episode (NBPATTERNS) | ${s.patterns} |`,
      `| presentation cycles (NBPRESCYCLES) | ${s.cycles} |`,
      `| presentation time (PRESTIME) | ${s.presTime} steps |`,
      `| test presentation time (PRESTIMETEST) | ${s.presTimeTest} steps |`,
      `| inter-presentation delay (INTERPRESDELAY) | ${s.interPresDelay} steps |`,
      `| steps per episode (NBSTEPS) | ${shape.seqLen} |`,
      `| bits zeroed in the test pattern (PROBADEGRADE) | ${s.degrade} (${shape.zeroed} bits) |`,
      `| input gain | ${s.inputGain} |`,
      `| neurons (P + extra ${s.addNeurons} + bias) | ${shape.neurons} |`,
      `| η at init (learned) | ${s.eta} |`,
      `| w, α init | ${s.initScale} · N(0, 1)${s.zeroDiagAlpha ? ", α diagonal zeroed" : ""} |`,
      `| Adam lr | ${s.lr} |`,
      `| episodes per step | ${s.batch} |`,
      `| curve window (print_every) | ${s.window} episodes |`,
      `| held-out test episodes | ${s.testEpisodes} |`,
      "",
    ];
  };
  const rows = setups.flatMap((setup) =>
    c.types.filter((type) => runs.some((r) => r.setup === setup && r.type === type)).map(
      (type) => {
        const rs = runs.filter((r) => r.setup === setup && r.type === type);
        const fe = stats(rs.map((r) => r.finalError));
        const fz = stats(rs.map((r) => r.finalErrorZeroed));
        const tz = stats(rs.map((r) => r.testErrorZeroed));
        // one seed: no spread to show
        const sd = (v: number, d: number) => (rs.length > 1 ? ` ± ${(100 * v).toFixed(d)}` : "");
        return `| ${setup} | ${type} | ${rs[0].neurons} | ${rs[0].params} | ${
          rs[0].iterations
        } | ${rs.length} | ${pct2(fe.mean)}${sd(fe.sd, 2)} | ${pct(fz.mean)}${sd(fz.sd, 1)} | ${
          pct(tz.mean)
        }${sd(tz.sd, 1)} |`;
      },
    )
  );
  const perSeed = runs.map((r) =>
    `| ${r.setup} | ${r.type} | ${r.seed} | ${pct2(r.finalError)} | ${pct(r.finalErrorZeroed)} | ${
      pct2(r.testError)
    } | ${pct(r.testErrorZeroed)} | ${r.eta === null ? "—" : r.eta.toFixed(4)} |`
  );
  const md = [
    "# Hebbian RNN, Mode B: binary pattern completion as in Miconi, Clune & Stanley 2018",
    "",
    `Measured with \`${command}\`. The network and task of the reference ` +
    "(`uber-research/differentiable-plasticity`, `simple/`): one neuron per pattern bit plus a bias " +
    "neuron (input 1 × gain at every step), no input or output weights; " +
    "`y_t = tanh((w + α ⊙ Hebb_{t−1})ᵀ y_{t−1} + x_t)`, `Hebb_t = (1 − η) Hebb_{t−1} + η y_{t−1} y_tᵀ` " +
    "with one learned η; loss = summed squared error of the pattern neurons at the last step; Adam. " +
    "**nonplastic** is the same network with α ≡ 0 (the reference's `--type nonplastic`). " +
    "Gradients by hand-written BPTT (`engines/hebbian-rnn/mode_b/miconi.ts`), checked against " +
    "central finite differences (`miconi_test.ts`).",
    "",
    "Error rate = fraction of pattern bits whose sign differs from the target at the last step " +
    "(the reference's printed metric, over all bits: the shown half is given by the input, so " +
    "guessing the zeroed half gives 25%); the zeroed-bit error is the same over the zeroed bits " +
    "only (chance 50%; 1 − it is Mode B's accuracy). Final = mean over the last window of training " +
    "episodes (fresh every step); test = fresh held-out episodes after training.",
    "",
    "| setup | type | neurons | params | iterations | seeds | final error, all bits | " +
    "final error, zeroed bits | test error, zeroed bits |",
    "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ...rows,
    "",
    "Per seed:",
    "",
    "| setup | type | seed | final error, all | final error, zeroed | test error, all | " +
    "test error, zeroed | learned η |",
    "|---|---|---:|---:|---:|---:|---:|---:|",
    ...perSeed,
    "",
    `![learning curves](${stem}.svg)`,
    "",
    "## Constants",
    "",
    ...setups.flatMap(constants),
  ];
  const json: Json = {
    command,
    config: c as unknown as Json,
    runs: runs as unknown as Json,
  };
  const svg = curvePanelsSvg(setups.map((setup) => {
    const s = c[setup];
    return {
      title: `${SETUP_TITLE[setup]}: error (mean, min–max over seeds)`,
      xLabel: "episode",
      yLabel: "error rate, all pattern bits",
      yRange: [0, 0.3] as const,
      legend: "upper-right" as const,
      hLines: [{ y: s.degrade / 2, label: "chance" }],
      series: c.types.filter((type) => runs.some((r) => r.setup === setup && r.type === type)).map(
        (type) => {
          const rs = runs.filter((r) => r.setup === setup && r.type === type);
          const band = curveBand(rs.map((r) => r.errorCurve));
          return {
            name: `${type} (${rs.length} seed${rs.length > 1 ? "s" : ""})`,
            x: band.mean.map((_, i) => Math.min((i + 1) * s.window, s.iterations) * s.batch),
            y: band.mean,
            lo: band.lo,
            hi: band.hi,
          };
        },
      ),
    };
  }));
  return {
    [`${stem}.md`]: md.join("\n"),
    [`${stem}.json`]: JSON.stringify(json, null, 2) + "\n",
    [`${stem}.svg`]: svg,
  };
};
