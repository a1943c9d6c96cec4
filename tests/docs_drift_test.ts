/**
 * Every registered `docs/results/*.md` equals its renderer applied to the committed data
 * (bench/results_renderers.ts): a hand edit of a figure, or a JSON regenerated without its
 * markdown (or the reverse), fails here. Markdown files without a renderer are printed, not
 * failed, so the gap stays visible. No benchmark runs here; everything is read from disk.
 */
import assert from "node:assert/strict";
import { RENDERERS } from "../bench/results_renderers.ts";
import { renderStudySvgs } from "../bench/study_svgs.ts";

// deno-lint-ignore no-explicit-any
type Loose = any;

const DIR = new URL("../docs/results", import.meta.url).pathname;

const firstDiff = (a: string, b: string): string => {
  const x = a.split("\n"), y = b.split("\n");
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if (x[i] !== y[i]) return `line ${i + 1}:\n  committed: ${x[i]}\n  rendered:  ${y[i]}`;
  }
  return "(no line differs)";
};

for (const [name, render] of Object.entries(RENDERERS)) {
  Deno.test(`docs/results/${name} equals its renderer applied to the committed data`, async () => {
    const committed = await Deno.readTextFile(`${DIR}/${name}`);
    const rendered = await render(DIR);
    assert.ok(
      committed === rendered,
      `docs/results/${name} drifted from its data; regenerate it. First difference at ${
        firstDiff(committed, rendered)
      }`,
    );
  });
}

Deno.test("docs/results study SVGs equal the chart code applied to their committed JSON", () => {
  for (const [name, svg] of Object.entries(renderStudySvgs(DIR))) {
    const committed = Deno.readTextFileSync(`${DIR}/${name}`);
    assert.ok(
      committed === svg,
      `docs/results/${name} drifted (deno run -A bench/study_svgs.ts --write); first difference at ${
        firstDiff(committed, svg)
      }`,
    );
  }
});

Deno.test("a changed figure in the data is caught (the check can fail)", async () => {
  // Copy gpu.json with one CPU time changed into a temp folder: the rendering must differ.
  const tmp = await Deno.makeTempDir();
  try {
    const j = JSON.parse(await Deno.readTextFile(`${DIR}/gpu.json`));
    const before = await RENDERERS["gpu.md"](DIR);
    j.rows[0].cpu = j.rows[0].cpu * 3 + 1;
    await Deno.writeTextFile(`${tmp}/gpu.json`, JSON.stringify(j));
    assert.notEqual(await RENDERERS["gpu.md"](tmp), before);
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("renderers read the figures from the JSON (a changed figure changes the rendering)", async () => {
  // one measured number per renderer family, changed in a temp copy of its JSON
  const cases: [string, string, (j: Loose) => void][] = [
    ["genreg-ultrasparse.md", "genreg-ultrasparse.json", (j) => j.rows[0].summary.mse.mean *= 2],
    ["evolution-eigh.md", "evolution-eigh.json", (j) => j.ours200Ms *= 2],
    ["evolution-benchmarks.md", "evolution-benchmarks.json", (j) => j.rows[0].medianBest *= 2],
    ["hebbian-rnn-mode-c.md", "hebbian-rnn-mode-c.json", (j) => j.runs[0].testMeanAbsError *= 2],
    ["http-load.md", "http-load.json", (j) => j.requestsPerSecond += 1],
    ["mutation.md", "mutation.json", (j) => j.seconds += 100],
    [
      "lndp-cartpole-solve.md",
      "lndp-cartpole-solve.json",
      (j) => j.runs[0].honest.best.fitnessMean += 1,
    ],
    [
      "lndp-cartpole-solve.svg",
      "lndp-cartpole-solve.json",
      (j) => j.runs[1].curve.bestSoFar[0] += 1,
    ],
    ["peers.md", "peers.json", (j) => j.rows[0].ratio *= 2],
    ["genreg-speed.md", "genreg-speed.json", (j) => j.rows[0].ours = "9.999 µs"],
    [
      "hebbian-rnn-speed.md",
      "hebbian-rnn-speed.json",
      (j) => j.modeC.rows[0].simulatedMsPerSecond *= 2,
    ],
  ];
  const tmp = await Deno.makeTempDir();
  try {
    for (const [md, json, change] of cases) {
      const j = JSON.parse(await Deno.readTextFile(`${DIR}/${json}`));
      change(j);
      await Deno.writeTextFile(`${tmp}/${json}`, JSON.stringify(j));
      assert.notEqual(await RENDERERS[md](tmp), await RENDERERS[md](DIR), md);
    }
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("docs/results markdown without a renderer (listed, not failed)", () => {
  const missing = [...Deno.readDirSync(DIR)]
    .filter((e) => e.isFile && e.name.endsWith(".md") && !(e.name in RENDERERS))
    .map((e) => e.name)
    .sort();
  console.log(`no renderer yet (${missing.length}): ${missing.join(", ")}`);
  // Every registered renderer must point at a file that exists.
  for (const name of Object.keys(RENDERERS)) {
    assert.ok(
      [...Deno.readDirSync(DIR)].some((e) => e.name === name),
      `registered ${name} is missing`,
    );
  }
});
