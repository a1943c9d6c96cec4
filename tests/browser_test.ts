/**
 * The HTML reports in a real browser: headless Chromium (Debian's, driven by
 * playwright-core) opens each report, which must render without console errors
 * and contain its expected plots. Screenshots go to a temporary folder (removed), to
 * docs/screenshots/ with NP_SCREENSHOTS=docs (how the README's figures are made), or to the folder
 * NP_SCREENSHOTS names. The repository is never written otherwise (tests/conformance_test.ts lists
 * the tree while this test runs in parallel).
 *
 * On every page: each chart with axes (svg.plot other than disk and network drawings) has an x and
 * a y axis title; no line of text (HTML or SVG) sticks out of its card (the section), nor SVG text
 * out of its plot; no absolute filesystem path appears in the page's text; figures are numbered
 * and every number a caption claims from the data matches the drawing
 * (core/chart/caption_check.ts), and every showcase figure has a caption.
 * Skips with a message where Chromium is absent.
 */
import assert from "node:assert/strict";
import { main, writeRunReport } from "../app/cli.ts";
import { type AxisChartOptions, lineChart, renderReport } from "@neuroplastic/core/chart";
import { checkReportFigures } from "../core/chart/caption_check.ts";
import { engines } from "../app/registry.ts";
import { chromiumPath } from "./test_util.ts";
import type { Page } from "playwright-core";

const showcases = engines.flatMap((e) => (e.showcase ? [e.showcase] : []));

const exe = chromiumPath();
const shotEnv = Deno.env.get("NP_SCREENSHOTS");
const shotDir = shotEnv === "docs"
  ? "docs/screenshots"
  : shotEnv
  ? shotEnv
  : Deno.makeTempDirSync({ prefix: "np-shots-" });

/** Plots each engine's showcase must contain (data-plot ids). */
const EXPECTED_PLOTS: { readonly [engine: string]: readonly string[] } = {
  walk: ["walk-distance", "walk-hist"],
  sorn: ["sorn-raster", "sorn-weights", "sorn-connections", "sorn-te", "sorn-isi"],
  genreg: ["genreg-ga-fitness", "genreg-ga-saturation", "genreg-sparse-prediction"],
  "hebbian-rnn": ["hebbian-rnn-showcase-a", "hebbian-rnn-showcase-b", "hebbian-rnn-showcase-c"],
  lndp: ["lndp-population-fitness", "lndp-showcase-edges", "lndp-showcase-graph-0"],
  rsgn: ["rsgn-showcase-acc", "rsgn-showcase-disk", "rsgn-showcase-alpha-sparse"],
};

/**
 * In the page (plain JS: this file has no DOM types): every line of text of a card (section)
 * must lie inside it, and SVG text inside its plot; the page must not scroll sideways. Returns
 * the offending texts.
 */
const OVERFLOW_SCRIPT = `(() => {
  const bad = [];
  const slack = 0.5;
  const outside = (r, box) =>
    r.width > 0 && (r.left < box.left - slack || r.right > box.right + slack ||
      r.top < box.top - slack || r.bottom > box.bottom + slack);
  for (const card of document.querySelectorAll("section")) {
    const box = card.getBoundingClientRect();
    const walker = document.createTreeWalker(card, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (!n.textContent.trim()) continue;
      const range = document.createRange();
      range.selectNodeContents(n);
      const svg = n.parentElement && n.parentElement.closest("svg");
      const plot = svg && svg.getBoundingClientRect();
      for (const r of range.getClientRects()) {
        if (outside(r, box) || (plot && outside(r, plot))) {
          const where = svg ? svg.getAttribute("data-plot") : card.querySelector("h2")?.textContent;
          bad.push(JSON.stringify(n.textContent.trim().slice(0, 60)) + " in " + where);
          break;
        }
      }
    }
  }
  const doc = document.documentElement;
  if (doc.scrollWidth > doc.clientWidth) bad.push("page " + doc.scrollWidth + "px wide");
  return bad;
})()`;

/** What the page checks found: untitled charts, overflowing text, absolute paths. */
interface LayoutProblems {
  readonly untitled: string[];
  readonly overflow: string[];
  readonly paths: string[];
}

const layoutProblems = async (page: Page): Promise<LayoutProblems> => {
  // Every chart with axes has both axis titles (disks and network drawings have none).
  const untitled: string[] = await page.$$eval(
    "svg.plot",
    (els) =>
      els.filter((e) => !["disk", "network"].includes(e.getAttribute("data-kind") ?? ""))
        .filter((e) =>
          !e.querySelector(".axis-title.x")?.textContent?.trim() ||
          !e.querySelector(".axis-title.y")?.textContent?.trim()
        ).map((e) => e.getAttribute("data-plot") ?? "?"),
  );
  // No line of text leaves its card (section), and no SVG text leaves its plot; the page does
  // not scroll sideways.
  const overflow = await page.evaluate(OVERFLOW_SCRIPT) as string[];
  // No absolute filesystem path (a temporary folder, the checkout) in the page's text.
  const text = await page.evaluate("document.body.textContent") as string;
  const paths = text.match(/(?:^|[^\w.])\/(?:tmp|work|home|root|Users|var)\/[^\s"<]*/g) ?? [];
  return { untitled, overflow, paths };
};

const LAUNCH_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** The run reports: name, CLI arguments (without --out), plots each must contain. */
const RUNS: readonly (readonly [string, readonly string[], readonly string[]])[] = [
  ["walk-run", [
    "walk",
    "run",
    "--steps",
    "60",
    "--seed",
    "2",
    "--record",
    "positions",
    "--stride",
    "10",
  ], [
    "walk-final-disk",
    "walk-final-norms",
    "record-positions-mean",
  ]],
  ["sorn-run", [
    "sorn",
    "run",
    "--steps",
    "3000",
    "--seed",
    "1",
    "--record",
    "ExcitatoryActivation",
    "--stride",
    "5",
  ], ["sorn-run-raster", "sorn-run-weights", "record-ExcitatoryActivation-mean"]],
  ["genreg-run", ["genreg", "run", "--seed", "1", "--sa.steps", "3000"], [
    "genreg-run-fitness",
    "genreg-run-k",
  ]],
  ["hebbian-rnn-run", ["hebbian-rnn", "mode-a-train", "--epochs", "100", "--seed", "42"], [
    "hebbian-rnn-a-loss",
  ]],
  ["lndp-run", [
    "lndp",
    "train",
    "--task",
    "grid",
    "--n-episodes",
    "2",
    "--strategy",
    "openai",
    "--popsize",
    "4",
    "--generations",
    "3",
    "--seed",
    "1",
  ], ["lndp-curve", "lndp-best-graph-0", "lndp-best-edges"]],
  // two seeds: the accuracy curves are the mean with the min–max band over seeds
  ["rsgn-run", [
    "rsgn",
    "train",
    "--task",
    "long-range",
    "--model",
    "rsgn-sparse",
    "--epochs",
    "3",
    "--seeds",
    "42,43",
    "--train-limit",
    "16",
    "--val-limit",
    "8",
    "--batch-size",
    "8",
    "--num-steps",
    "1",
  ], ["rsgn-long-range-rsgn-sparse-acc", "rsgn-long-range-rsgn-sparse-disk"]],
];

/** Reports to open: name → [html path, expected data-plot ids]. */
const buildReports = async (dir: string): Promise<[string, string, string[]][]> => {
  const out: [string, string, string[]][] = [];
  // One CLI run directory report per engine (short runs: a few seconds each).
  for (const [name, args, plots] of RUNS) {
    const runDir = `${dir}/${name}`;
    const errs: string[] = [];
    const code = await main(
      [...args, "--out", runDir, "--quiet"],
      () => {},
      (e) => errs.push(e),
      engines,
    );
    assert.equal(code, 0, `${name}: ${errs.join("\n")}`);
    const report = writeRunReport(runDir, engines);
    const { problems } = checkReportFigures(Deno.readTextFileSync(report));
    assert.deepEqual(problems, [], `${name} figures`);
    out.push([name, report, [...plots]]);
  }
  // Each showcase's report (the demo's sections).
  for (const sc of showcases) {
    const r = await sc.run({ seed: 1, progress: () => {} });
    const path = `${dir}/${sc.name}-showcase.html`;
    const html = renderReport({ title: sc.title, sections: r.sections, figures: r.figures });
    Deno.writeTextFileSync(path, html);
    // numbered figures, each with a caption computed from its data, whose claimed numbers match
    // the drawn series
    const { figures, problems } = checkReportFigures(html);
    assert.deepEqual(problems, [], `${sc.name} showcase figures`);
    const bare = figures.filter((f) => !f.hasCaption).map((f) => f.id);
    assert.deepEqual(bare, [], `${sc.name} showcase figures without a caption`);
    const ids = r.sections.flatMap((s) =>
      (s.plots ?? []).map((p) => /data-plot="([^"]*)"/.exec(p)?.[1] ?? "")
    );
    // The plots a researcher expects from each engine (issue "The user's side").
    for (const want of EXPECTED_PLOTS[sc.name] ?? []) {
      assert.ok(ids.includes(want), `${sc.name} showcase lacks the ${want} plot (has ${ids})`);
    }
    assert.ok(ids.length > 0, `${sc.name} showcase has no plots`);
    out.push([`${sc.name}-showcase`, path, ids]);
  }
  return out;
};

Deno.test({
  name: "reports render in headless Chromium without console errors, with their plots",
  ignore: exe === undefined,
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    const { chromium } = await import("playwright-core");
    const dir = Deno.makeTempDirSync();
    const reports = await buildReports(dir);
    Deno.mkdirSync(shotDir, { recursive: true });
    const browser = await chromium.launch({ executablePath: exe, args: LAUNCH_ARGS });
    try {
      for (const [name, path, ids] of reports) {
        const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
        const errors: string[] = [];
        page.on("console", (m) => {
          if (m.type() === "error") errors.push(m.text());
        });
        page.on("pageerror", (e) => errors.push(String(e)));
        await page.goto(`file://${path}`);
        const found: string[] = await page.$$eval(
          "svg.plot",
          (els) => els.map((e) => e.getAttribute("data-plot") ?? ""),
        );
        for (const id of ids) {
          assert.ok(found.includes(id), `${name}: plot ${id} missing (found ${found})`);
        }
        // Every plot has a non-empty box and drawn content.
        const sizes: number[][] = await page.$$eval("svg.plot", (els) =>
          els.map((e) => {
            const r = e.getBoundingClientRect();
            return [
              r.width,
              r.height,
              e.querySelectorAll(".series,.bar,.node,.tick,circle").length,
            ];
          }));
        for (const [w, h, n] of sizes) {
          assert.ok(
            w > 100 && h > 100 && n > 0,
            `${name}: empty plot ${JSON.stringify(sizes)} ${found}`,
          );
        }
        assert.deepStrictEqual(errors, [], `${name}: console errors`);
        const bad = await layoutProblems(page);
        assert.deepStrictEqual(bad.untitled, [], `${name}: charts without x and y axis titles`);
        assert.deepStrictEqual(bad.overflow, [], `${name}: text outside its card or plot`);
        assert.deepStrictEqual(bad.paths, [], `${name}: absolute paths in the page`);
        await page.screenshot({ path: `${shotDir}/${name}.png`, fullPage: true });
        await page.close();
      }
    } finally {
      await browser.close();
      Deno.removeSync(dir, { recursive: true });
      if (!shotEnv) Deno.removeSync(shotDir, { recursive: true });
    }
  },
});

Deno.test({
  name: "the page checks catch an untitled axis, overflowing text and an absolute path",
  ignore: exe === undefined,
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    const { chromium } = await import("playwright-core");
    const dir = Deno.makeTempDirSync();
    const browser = await chromium.launch({ executablePath: exe, args: LAUNCH_ARGS });
    try {
      // a chart without its y title, an SVG label running out of its plot, a table wider than
      // its card, and a temporary folder in the text
      const noY = lineChart([{ name: "a", x: [0, 1], y: [0, 1] }], {
        title: "t",
        xLabel: "x",
        id: "no-y",
      } as unknown as AxisChartOptions);
      const html = renderReport({
        title: "broken",
        subtitle: "run folder /tmp/np-abc/walk-run",
        sections: [
          {
            heading: "a",
            plots: [
              noY.replace(
                "</svg>",
                '<text x="470" y="60">a label far too long for it</text></svg>',
              ),
            ],
          },
          {
            heading: "b",
            table: { columns: ["k"], rows: [["x".repeat(40) + " " + "y".repeat(400)]] },
          },
        ],
      }).replace("td,th{", "td,th{white-space:nowrap;overflow-wrap:normal;");
      Deno.writeTextFileSync(`${dir}/broken.html`, html);
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      await page.goto(`file://${dir}/broken.html`);
      const bad = await layoutProblems(page);
      assert.deepStrictEqual(bad.untitled, ["no-y"]);
      assert.ok(bad.overflow.some((o) => o.includes("a label far too long")), `${bad.overflow}`);
      assert.ok(bad.overflow.some((o) => o.includes("yyyy")), `${bad.overflow}`);
      assert.deepStrictEqual(bad.paths.map((p) => p.trim()), ["/tmp/np-abc/walk-run"]);
      await page.close();
    } finally {
      await browser.close();
      Deno.removeSync(dir, { recursive: true });
    }
  },
});

if (exe === undefined) {
  console.warn("browser_test: skipped — no Chromium found (apt-get install chromium)");
}
