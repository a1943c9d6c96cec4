import assert from "node:assert/strict";
import { checkReportFigures } from "./caption_check.ts";
import { renderReport } from "./html.ts";
import { type Caption, lineChart, poincareDisk } from "./svg.ts";

const x = Array.from({ length: 40 }, (_, i) => 10 * i);
const y = x.map((v) => 3 + Math.sin(v / 50) * v / 100);
const yLog = x.map((v) => 2 * Math.exp(-v / 80));

const report = (caption: Caption, logY = false, series = "s"): string =>
  renderReport({
    title: "r",
    sections: [{
      heading: "h",
      plots: [
        lineChart([
          { name: "s", x, y: logY ? yLog : y },
          { name: "other", x, y: x.map(() => (logY ? 1 : 0)) },
        ], { title: "t", xLabel: "x (s)", yLabel: "y (m)", logY, caption }),
        poincareDisk(new Float64Array([0, 0, 0.3, 0.1, -0.2, 0.5]), {
          title: "disk",
          edges: [[0, 1], [1, 2]],
          caption: [{ value: 3, series: "", stat: "nodes" }, " nodes, ", {
            value: 2,
            series: "",
            stat: "edges",
          }, " edges"],
        }),
      ],
    }],
  }).replace('data-series="s"', `data-series="${series}"`);

const ys = (logY: boolean) => (logY ? yLog : y);
const stats = (logY: boolean): Caption => {
  const v = ys(logY);
  const iMax = v.indexOf(Math.max(...v));
  return [
    { value: v[0], series: "s", stat: "first", digits: 3 },
    { value: v[v.length - 1], series: "s", stat: "last" },
    { value: Math.max(...v), series: "s", stat: "max" },
    { value: Math.min(...v), series: "s", stat: "min" },
    { value: v.reduce((a, b) => a + b, 0) / v.length, series: "s", stat: "mean" },
    { value: x[iMax], series: "s", stat: "xAtMax" },
  ];
};

Deno.test("checkReportFigures: true claims pass on linear and log axes, disks counted", () => {
  for (const logY of [false, true]) {
    const { figures, problems } = checkReportFigures(report(stats(logY), logY));
    assert.deepEqual(problems, []);
    assert.deepEqual(figures.map((f) => [f.number, f.claims, f.hasCaption]), [
      [1, 6, true],
      [2, 2, true],
    ]);
  }
});

Deno.test("checkReportFigures: catches a wrong value, a wrong series, a wrong count", () => {
  for (const logY of [false, true]) {
    const v = ys(logY);
    // the mean quoted as the last value (a caption computed from the wrong statistic)
    const wrongStat = checkReportFigures(
      report([{ value: v.reduce((a, b) => a + b, 0) / v.length, series: "s", stat: "last" }], logY),
    );
    assert.equal(wrongStat.problems.length, 1, `${logY}: ${wrongStat.problems}`);
    // a value off by 2 % of the range
    const off = (Math.max(...v) - Math.min(...v)) * 0.02;
    const wrong = checkReportFigures(
      report([{ value: v[v.length - 1] + off, series: "s", stat: "last", digits: 4 }], logY),
    );
    assert.equal(wrong.problems.length, 1, `${logY}: ${wrong.problems}`);
    // the claim names another series than the one it was computed from
    const other = checkReportFigures(
      report([{ value: v[0], series: "s", stat: "first" }], logY, "other"),
    );
    assert.equal(other.problems.length, 1, `${logY}: ${other.problems}`);
  }
  const html = report("plain").replace(">3</span>", ">4</span>");
  assert.match(checkReportFigures(html).problems.join(), /nodes.*but 3 are drawn/);
  // figure numbers must run in sequence
  const renumbered = report("plain").replace('id="figure-2"', 'id="figure-3"');
  assert.ok(checkReportFigures(renumbered).problems.some((p) => /expected number 2/.test(p)));
});
