import assert from "node:assert/strict";
import { configSection, formatValue, renderReport } from "./html.ts";
import { runFolderName, runReportHtml } from "./run_report.ts";
import { lineChart, poincareDisk } from "./svg.ts";

Deno.test("formatValue: numbers, arrays and objects as text, never JSON", () => {
  assert.equal(formatValue(0.123456), "0.1235");
  assert.equal(formatValue(161952), "161,952");
  assert.equal(formatValue(4.063e-4), "4.063e-4");
  assert.equal(formatValue([1, 2.5]), "1, 2.5");
  assert.equal(formatValue({ mu: 0.1, sizes: [1, 2] }), "mu 0.1 · sizes 1, 2");
  assert.equal(formatValue({ a: { b: 1 } }), "a (b 1)");
  assert.equal(formatValue(true), "yes");
  assert.match(formatValue(Array.from({ length: 20 }, (_, i) => i)), /… \(20 values\)$/);
});

Deno.test("renderReport: summary without raw JSON, figures numbered in page order", () => {
  const chart = (id: string, caption?: string) =>
    lineChart([{ name: "a", x: [0, 1], y: [0, 1] }], {
      title: `t ${id}`,
      xLabel: "x",
      yLabel: "y",
      id,
      caption,
    });
  const html = renderReport({
    title: "r",
    figures: { nested: { mse: 0.000406, selected: [61, 239] }, n: 3 },
    sections: [
      { heading: "a", plots: [chart("p1", "first <caption>")] },
      { heading: "b", plots: [chart("p2"), poincareDisk([0, 0], { title: "disk" })] },
    ],
  });
  assert.ok(!/[{}[\]"]/.test(/<dl>.*<\/dl>/.exec(html)![0]), "no JSON in the summary");
  assert.match(html, /<dd>mse 4\.060e-4 · selected 61, 239<\/dd>/);
  const numbers = [...html.matchAll(/<b>Figure (\d+)\.<\/b>/g)].map((m) => Number(m[1]));
  assert.deepEqual(numbers, [1, 2, 3]);
  // the caption (escaped) when given, else the title
  assert.match(html, /<b>Figure 1\.<\/b> first &lt;caption&gt;<\/figcaption>/);
  assert.match(html, /<b>Figure 2\.<\/b> t p2<\/figcaption>/);
});

Deno.test("configSection: a nested configuration as a two-column table", () => {
  const s = configSection({ sa: { steps: 20000, t0: 0.5 }, seeds: [1, 2], name: "x" });
  assert.deepEqual(s.table?.rows, [
    ["sa.steps", "20000"],
    ["sa.t0", "0.5"],
    ["seeds", "1, 2"],
    ["name", "x"],
  ]);
});

Deno.test("run reports name the run folder, not its absolute path", () => {
  assert.equal(runFolderName("/tmp/np-abc/walk-run/"), "walk-run");
  assert.equal(runFolderName("out\\run1"), "run1");
  const html = runReportHtml({
    dir: "/tmp/np-xyz/walk-run",
    manifest: { engine: "walk", command: "run", seed: 2, steps: 60, config: { dim: 2 } },
    result: { engine: "walk", meanDistance: 0.5 },
    records: new Map(),
    finalState: undefined,
  }, {});
  assert.ok(!html.includes("/tmp/"), "absolute path in the page");
  assert.match(html, /run folder walk-run/);
  assert.match(html, /<td>dim<\/td><td>2<\/td>/);
});
