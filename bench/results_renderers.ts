/**
 * Registry of pure renderers for `docs/results/*.md`: for each registered markdown file, how to
 * rebuild its text from committed data alone (its sibling `.json`, or for `rsgn.md` the results
 * files of `docs/results/rsgn/`). `tests/docs_drift_test.ts` re-renders each one and fails on
 * drift; files without an entry are listed there as not yet covered.
 *
 * @module
 */
import { Effect } from "effect";
import { countingMarkdown, statisticsFiles } from "@neuroplastic/engines/sorn";
import { tableCommand } from "@neuroplastic/engines/rsgn";
import { type GpuReport, renderGpuMarkdown } from "./gpu_report.ts";
import { renderSornSpeedMarkdown, type SornSpeedReport } from "./sorn_speed_report.ts";
import { type BaselineSpeedReport, renderBaselineSpeedMarkdown } from "./rsgn_baselines_report.ts";
import { renderRsgnSpeedMarkdown, type RsgnSpeedReport } from "./rsgn_speed_report.ts";
import { type LndpResultsJson, lndpResultsMarkdown } from "./lndp_results_md.ts";
import { lndpSolveMarkdown, lndpSolveSvg, type SolveJson } from "./lndp_solve_md.ts";
import { benchMarkdown } from "@neuroplastic/engines/lndp";
import { webSpeedMarkdown, type WebSpeedReport } from "./web_speed_md.ts";
import { gaSoakMarkdown, type GaSoakReport } from "./ga_soak_md.ts";
import { type ExperimentJson, experimentJsonMarkdown } from "@neuroplastic/engines/genreg";
import {
  miconiStudyFiles,
  modeBStudyFiles,
  type ModeBStudyJson,
  modeBStudyMarkdown,
  modeCStudyFiles,
  type ModeCStudyJson,
  modeCStudyMarkdown,
} from "@neuroplastic/engines/hebbian-rnn";
import { type BenchmarksReport, benchmarksReportMarkdown } from "@neuroplastic/evolution";
import { type EighReport, eighReportMarkdown } from "../evolution/eigh_report.ts";
import { httpLoadMarkdown, type HttpLoadResult } from "./http_load_md.ts";
import { mutationMarkdown, type MutationReport } from "./mutation.ts";
import { peersMarkdown, type PeersReport } from "./peers_md.ts";
import { genregSpeedMarkdown, type GenregSpeedReport } from "./genreg_speed_md.ts";
import { hebbianRnnSpeedMarkdown, type HebbianRnnSpeedReport } from "./hebbian_rnn_speed_md.ts";

/** Rebuilds one markdown file from the `docs/results` folder (read-only). */
export type Renderer = (resultsDir: string) => Promise<string>;

const readJson = async <T>(dir: string, name: string): Promise<T> =>
  JSON.parse(await Deno.readTextFile(`${dir}/${name}`)) as T;

// deno-lint-ignore no-explicit-any
type Loose = any;

/** The `np genreg <experiment>` documents (their markdown is a function of their JSON). */
const GENREG = [
  "backprop",
  "dense-sa",
  "ga",
  "gsa",
  "hill",
  "sweep-compression",
  "sweep-hidden",
  "sweep-hidden-intent",
  "sweep-noise",
  "sweep-noise-intent",
  "ultrasparse",
  "ultrasparse-100",
].map((s) => `genreg-${s}`);

/** A study's markdown or SVG from `files(runs, config, stem)` applied to its committed JSON. */
const studyFile = (
  stem: string,
  ext: "md" | "svg",
  files: (runs: Loose, config: Loose, stem: string) => { [name: string]: string },
): Renderer =>
async (d) => {
  const j: Loose = await readJson(d, `${stem}.json`);
  return files(j.runs, j.config, stem)[`${stem}.${ext}`];
};

/**
 * File name (in docs/results; markdown, and the SVG figures of the studies that write them from
 * their JSON) → renderer.
 *
 * @example
 * ```ts ignore
 * import { RENDERERS } from "./results_renderers.ts";
 * const md = await RENDERERS["gpu.md"]("docs/results");
 * ```
 */
export const RENDERERS: Readonly<Record<string, Renderer>> = {
  ...Object.fromEntries(
    GENREG.map((stem) => [
      `${stem}.md`,
      async (d: string) =>
        experimentJsonMarkdown(await readJson<ExperimentJson>(d, `${stem}.json`)),
    ]),
  ),
  "evolution-benchmarks.md": async (d) =>
    benchmarksReportMarkdown(await readJson<BenchmarksReport>(d, "evolution-benchmarks.json")),
  "evolution-eigh.md": async (d) =>
    eighReportMarkdown(await readJson<EighReport>(d, "evolution-eigh.json")),
  "hebbian-rnn-mode-b.md": async (d) =>
    modeBStudyMarkdown(await readJson<ModeBStudyJson>(d, "hebbian-rnn-mode-b.json")),
  "hebbian-rnn-mode-b.svg": studyFile("hebbian-rnn-mode-b", "svg", modeBStudyFiles),
  "hebbian-rnn-mode-c.md": async (d) =>
    modeCStudyMarkdown(await readJson<ModeCStudyJson>(d, "hebbian-rnn-mode-c.json")),
  "hebbian-rnn-mode-c.svg": studyFile("hebbian-rnn-mode-c", "svg", modeCStudyFiles),
  "hebbian-rnn-pattern-miconi.md": studyFile("hebbian-rnn-pattern-miconi", "md", miconiStudyFiles),
  "hebbian-rnn-pattern-miconi.svg": studyFile(
    "hebbian-rnn-pattern-miconi",
    "svg",
    miconiStudyFiles,
  ),
  "http-load.md": async (d) =>
    httpLoadMarkdown(await readJson<HttpLoadResult>(d, "http-load.json")),
  "mutation.md": async (d) => mutationMarkdown(await readJson<MutationReport>(d, "mutation.json")),
  "genreg-ga-soak.md": async (d) =>
    gaSoakMarkdown(await readJson<GaSoakReport>(d, "genreg-ga-soak.json")),
  "web.md": async (d) => webSpeedMarkdown(await readJson<WebSpeedReport>(d, "web.json")),
  "lndp-bench.md": async (d) => {
    const j: Loose = await readJson(d, "lndp-bench.json");
    return benchMarkdown(j.rows, j.header);
  },
  "peers.md": async (d) => peersMarkdown(await readJson<PeersReport>(d, "peers.json")),
  "genreg-speed.md": async (d) =>
    genregSpeedMarkdown(await readJson<GenregSpeedReport>(d, "genreg-speed.json")),
  "hebbian-rnn-speed.md": async (d) =>
    hebbianRnnSpeedMarkdown(await readJson<HebbianRnnSpeedReport>(d, "hebbian-rnn-speed.json")),
  "lndp-cartpole.md": async (d) =>
    lndpResultsMarkdown(await readJson<LndpResultsJson>(d, "lndp-cartpole.json"), "lndp-cartpole"),
  "lndp-cartpole-openai.md": async (d) =>
    lndpResultsMarkdown(
      await readJson<LndpResultsJson>(d, "lndp-cartpole-openai.json"),
      "lndp-cartpole-openai",
    ),
  "lndp-cartpole-solve.md": async (d) =>
    lndpSolveMarkdown(await readJson<SolveJson>(d, "lndp-cartpole-solve.json")),
  "lndp-cartpole-solve.svg": async (d) =>
    lndpSolveSvg(await readJson<SolveJson>(d, "lndp-cartpole-solve.json")),
  "gpu.md": async (d) => renderGpuMarkdown(await readJson<GpuReport>(d, "gpu.json")),
  "sorn-speed.md": async (d) =>
    renderSornSpeedMarkdown(await readJson<SornSpeedReport>(d, "sorn-speed.json")),
  "rsgn-speed.md": async (d) =>
    renderRsgnSpeedMarkdown(await readJson<RsgnSpeedReport>(d, "rsgn-speed.json")),
  "rsgn-baselines-speed.md": async (d) =>
    renderBaselineSpeedMarkdown(
      await readJson<BaselineSpeedReport>(d, "rsgn-baselines-speed.json"),
    ),
  "sorn-statistics.md": async (d) => {
    const j: Loose = await readJson(d, "sorn-statistics.json");
    const files = statisticsFiles({ seeds: j.rows.length, length: j.steps }, j.seeds[0], j.rows);
    return files["sorn-statistics.md"];
  },
  "sorn-counting.md": async (d) => {
    const j: Loose = await readJson(d, "sorn-counting.json");
    const p = j.protocol;
    return countingMarkdown(
      {
        ns: p.ns,
        seeds: p.seeds,
        unitsPerSymbol: p.unitsPerSymbol,
        plasticSteps: p.plasticSteps,
        trainSteps: p.trainSteps,
        testSteps: p.testSteps,
        washoutSteps: p.washoutSteps,
        ridge: p.ridge,
        inputGain: p.inputGain,
        network: p.network ?? p.config,
      },
      p.seed,
      j.rows,
    );
  },
  "rsgn.md": async (d) => {
    const out = await Effect.runPromise(
      tableCommand.run({
        config: { in: `${d}/rsgn` },
        seed: 0,
        env: { workers: 1 },
        progress: () => {},
      } as Loose),
    );
    return String(out.files!["rsgn.md"]);
  },
};
