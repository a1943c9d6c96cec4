// The GENREG report's captions quote numbers that its curves must show: the best MSE, the
// iteration count and the saturated-unit count k are checked against the series the plots are
// drawn from (the trial's trace and per-unit saturation), and, for the showcase itself, against
// the points read back from the rendered SVG.
import assert from "node:assert/strict";
import { key } from "@neuroplastic/core/random";
import type { ReportSection } from "@neuroplastic/core/chart";
import { type TrialConfig, trialDefaults } from "./config.ts";
import { genregSections } from "./report.ts";
import { trialResult } from "./run.ts";
import { initState, run, type TrialState } from "./step.ts";
import { genregShowcase } from "./showcase.ts";

interface Caption {
  readonly mse: number;
  readonly iterations: number;
  readonly k: number;
  readonly hidden: number;
}

const parseCaption = (text: string): Caption => {
  const m = /MSE ([0-9.e+-]+) after (\d+) \w+s \(\d+ evaluations\); (\d+) of (\d+) hidden/.exec(
    text,
  );
  assert.ok(m, `caption not understood: ${text}`);
  return { mse: Number(m[1]), iterations: +m[2], k: +m[3], hidden: +m[4] };
};

/** Points of a line chart's series, mapped back to data units through its linear tick labels. */
const readLineChart = (svg: string): { x: number; y: number }[][] => {
  const ticks = (anchor: string, coord: "x" | "y") =>
    [
      ...svg.matchAll(
        new RegExp(
          `<text x="([0-9.-]+)" y="([0-9.-]+)" text-anchor="${anchor}" font-size="11">([^<]+)</text>`,
          "g",
        ),
      ),
    ].map((t) => ({ px: coord === "x" ? +t[1] : +t[2] - 4, v: Number(t[3]) }));
  const axis = (t: { px: number; v: number }[]) => {
    assert.ok(t.length >= 2, "a linear axis needs two ticks");
    const [a, b] = [t[0], t[t.length - 1]];
    return (px: number) => a.v + ((px - a.px) * (b.v - a.v)) / (b.px - a.px);
  };
  const fx = axis(ticks("middle", "x")), fy = axis(ticks("end", "y"));
  return [...svg.matchAll(/<path class="series" d="([^"]*)"/g)].map((p) =>
    [...p[1].matchAll(/[ML]([0-9.-]+) ([0-9.-]+)/g)].map((q) => ({ x: fx(+q[1]), y: fy(+q[2]) }))
  );
};

const plot = (s: ReportSection, suffix: string): string => {
  const svg = s.plots?.find((p) => new RegExp(`data-plot="[^"]*-${suffix}"`).test(p));
  assert.ok(svg, `no ${suffix} plot in "${s.heading}"`);
  return svg;
};

/** The caption of a trial's section against the series its plots are drawn from. */
const checkTrial = (s: TrialState, c: TrialConfig): void => {
  const [section] = genregSections(s, c, "t", "x");
  const cap = parseCaption(section.text!);
  const r = trialResult(s, c);
  const tr = r.trace, n = tr.length;
  assert.ok(n >= 6, "at least two traced points");
  // the curves end where the caption does: last iteration, best MSE, saturated units
  assert.equal(tr[n - 3], cap.iterations, "last traced iteration");
  assert.equal(Number(tr[n - 2].toExponential(3)), cap.mse, "last traced best MSE");
  assert.equal(tr[n - 1], cap.k, "last traced k");
  // the per-unit saturation plot counts the same k (a unit is saturated above one half)
  assert.equal(r.perUnit.filter((v) => v > 0.5).length, cap.k, "units above 0.5 in the scatter");
  assert.equal(r.perUnit.length, cap.hidden);
  // every traced k is a real count of the network's units
  for (let i = 2; i < n; i += 3) assert.ok(Number.isInteger(tr[i]) && tr[i] <= cap.hidden);
};

const finish = (c: TrialConfig, seed: number): TrialState => {
  let s = initState(c, key(seed));
  while (!s.done) s = run(s, c, 97);
  return s;
};

Deno.test("report captions equal the last point of the series: SA, hill climbing, GA", () => {
  const sa: TrialConfig = {
    ...trialDefaults,
    sa: { ...trialDefaults.sa, steps: 3000 },
    traceEvery: 500,
  };
  const hill: TrialConfig = {
    ...trialDefaults,
    optimizer: "hill",
    hill: { maxSteps: 1200, patience: 10_000 },
    traceEvery: 300,
  };
  const ga: TrialConfig = {
    ...trialDefaults,
    optimizer: "ga",
    model: { kind: "dense", hidden: 8, k: 2 },
    ga: { ...trialDefaults.ga, popsize: 20, maxGenerations: 25 },
  };
  for (const [c, seed] of [[hill, 2], [ga, 1]] as const) checkTrial(finish(c, seed), c);
  const s = finish(sa, 1);
  checkTrial(s, sa);
  // the SA trace's k follows the best genome (not a constant): some traced k is positive
  assert.ok(s.trace.some((v, i) => i % 3 === 2 && v > 0), "SA trace records saturated units");
});

Deno.test("GENREG showcase: the k curve drawn in each section ends at the caption's k", async () => {
  const events: [number, number, string, string][] = [];
  const r = await genregShowcase.run({
    seed: 1,
    progress: (d, n, l, u) => events.push([d, n, l ?? "", u ?? ""]),
  });
  assert.equal(r.sections.length, 2);
  // the demo's counters: each phase, in its own unit, ends at its own total (100 %)
  const phases = [...new Set(events.map((e) => `${e[2]}|${e[3]}`))];
  assert.deepEqual(phases, ["ultra-sparse SA|step", "GENREG GA|generation"]);
  for (const p of phases) {
    const last = events.filter((e) => `${e[2]}|${e[3]}` === p).at(-1)!;
    assert.equal(last[0], last[1], `${p} ends at ${last[0]}/${last[1]}`);
  }
  for (const section of r.sections) {
    const cap = parseCaption(section.text!);
    const [kSeries] = readLineChart(plot(section, "k"));
    const last = kSeries[kSeries.length - 1];
    assert.equal(Math.round(last.y), cap.k, `${section.heading}: drawn k ${last.y}`);
    assert.ok(Math.abs(last.y - cap.k) < 0.05, `${section.heading}: drawn k ${last.y}`);
    // x read back to within a pixel of the caption's iteration count
    const [xFirst] = kSeries;
    const px = (last.x - xFirst.x) / 440;
    assert.ok(Math.abs(last.x - cap.iterations) <= px + 1e-9, `${section.heading}: x ${last.x}`);
  }
  // the headline figures quote the same numbers as the GA caption
  const gaCap = parseCaption(r.sections[1].text!);
  const figs = r.figures.ga as { saturatedUnits: string; generations: number; mse: number };
  assert.equal(figs.saturatedUnits, `${gaCap.k}/${gaCap.hidden}`);
  assert.equal(figs.generations, gaCap.iterations);
  assert.equal(figs.mse, gaCap.mse);
});
