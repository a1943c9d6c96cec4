/**
 * Re-renders the committed study figures of docs/results from their committed JSON (no training):
 * hebbian-rnn-mode-b.svg, hebbian-rnn-mode-c.svg and hebbian-rnn-pattern-miconi.svg. Prints
 * whether each committed SVG equals its rendering; `--write` replaces the ones that differ (after
 * a change of the chart code, core/chart/curves.ts).
 *
 *   deno run -A bench/study_svgs.ts [--write]
 *
 * (docs/results/lndp-cartpole*.svg need the training run folder: bench/lndp_results.ts.)
 *
 * @module
 */
import {
  miconiStudyFiles,
  modeBStudyDefaults,
  modeBStudyFiles,
  modeCStudyDefaults,
  modeCStudyFiles,
} from "@neuroplastic/engines/hebbian-rnn";

const DIR = new URL("../docs/results", import.meta.url).pathname;

/**
 * The study SVGs rendered from the JSON in `dir` (name → SVG text).
 *
 * @example
 * ```ts ignore
 * import { renderStudySvgs } from "./study_svgs.ts";
 * console.log(Object.keys(renderStudySvgs("docs/results")));
 * ```
 */
export const renderStudySvgs = (dir: string): { [name: string]: string } => {
  const read = (stem: string) => JSON.parse(Deno.readTextFileSync(`${dir}/${stem}.json`));
  const b = read("hebbian-rnn-mode-b"), c = read("hebbian-rnn-mode-c");
  const m = read("hebbian-rnn-pattern-miconi");
  // The SVGs depend on the runs only (the configs shape the markdown); mode-b.json predates its
  // config field and an old mode-c.json kept the network config only.
  return {
    "hebbian-rnn-mode-b.svg": modeBStudyFiles(b.runs, b.config ?? modeBStudyDefaults)[
      "hebbian-rnn-mode-b.svg"
    ],
    "hebbian-rnn-mode-c.svg": modeCStudyFiles(
      c.runs,
      // the study config ({seeds, trialsPerSeed, testTrials, net}); older files kept net only
      c.config?.net ? c.config : { ...modeCStudyDefaults, net: c.config },
    )["hebbian-rnn-mode-c.svg"],
    "hebbian-rnn-pattern-miconi.svg": miconiStudyFiles(m.runs, m.config)[
      "hebbian-rnn-pattern-miconi.svg"
    ],
  };
};

if (import.meta.main) {
  const write = Deno.args.includes("--write");
  for (const [name, svg] of Object.entries(renderStudySvgs(DIR))) {
    const same = Deno.readTextFileSync(`${DIR}/${name}`) === svg;
    if (!same && write) Deno.writeTextFileSync(`${DIR}/${name}`, svg);
    console.log(`${name}: ${same ? "unchanged" : write ? "rewritten" : "differs (--write)"}`);
  }
}
