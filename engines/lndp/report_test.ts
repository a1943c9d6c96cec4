import assert from "node:assert/strict";
import { analyzeLifetimes } from "./analysis.ts";
import { lifetimeDefaults } from "./config.ts";
import { key, normal } from "@neuroplastic/core/random";
import { lndpCurveSvg, lndpGraphSvg, lndpLifetimeSections, lndpReporter } from "./report.ts";
import { readRunDir } from "@neuroplastic/core/chart";

Deno.test("lndpGraphSvg: one line per edge, coloured by the sign of w; one circle per node", () => {
  const n = 5, A = new Uint8Array(n * n), w = new Float64Array(n * n);
  A[0 * n + 2] = 1, w[0 * n + 2] = 0.5; // I → H
  A[2 * n + 3] = 1, w[2 * n + 3] = -0.25; // H → H
  A[3 * n + 4] = 1, w[3 * n + 4] = 0.1; // H → O
  w[1 * n + 2] = 0.9; // a weight without an edge is not drawn
  const svg = lndpGraphSvg(A, w, n, 2, 1, { title: "t<1>", id: "g" });
  assert.equal((svg.match(/<line class="edge" /g) ?? []).length, 3);
  assert.equal((svg.match(/<circle class="node" /g) ?? []).length, 5);
  assert.equal((svg.match(/class="edge"[^>]*stroke="#d62728"/g) ?? []).length, 1);
  // the colour key names the node roles and the edge signs
  for (const label of ["input", "hidden", "output (action)", "edge, w ≥ 0", "edge, w &lt; 0"]) {
    assert.ok(svg.includes(`>${label}</text>`), label);
  }
  assert.match(svg, /3 edges, max \|w\| 0\.50/);
  assert.match(svg, /t&lt;1&gt;/);
});

Deno.test("lifetime sections and the reporter on a run directory", () => {
  const a = analyzeLifetimes(lifetimeDefaults, normal(key(5), 1918, 0, 0.5), key(6), 1);
  const secs = lndpLifetimeSections(a, "g");
  assert.equal(secs[0].plots!.length, a.snapshots.length);
  const edgesAtStart = a.snapshots[0].edges;
  assert.match(secs[0].plots![0], new RegExp(`>${edgesAtStart} edges`));
  assert.ok(lndpCurveSvg([1, 3, 2], [1, 1, 1], "c", 475).includes("solved (475)"));

  const dir = Deno.makeTempDirSync();
  try {
    const config = { ...lifetimeDefaults, strategy: "cma", popsize: 4 };
    const w = (name: string, v: unknown): void =>
      Deno.writeTextFileSync(`${dir}/${name}`, JSON.stringify(v));
    w("run.json", { engine: "lndp", command: "train", seed: 1, steps: 2, config });
    w("curve.json", { max: [12, 30], mean: [9, 11] });
    w("best-genome.json", { genome: Array.from(normal(key(7), 1918, 0, 0.5)), fitness: 30 });
    const sections = lndpReporter(readRunDir(dir));
    assert.equal(sections[0].heading, "Fitness curve");
    assert.match(sections[0].text!, /2 generations; best single-lifetime fitness 30\.0/);
    assert.equal(sections.length, 3);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
