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
    w("curve.json", { max: [30, 12], mean: [9, 11] });
    w("best-genome.json", { genome: Array.from(normal(key(7), 1918, 0, 0.5)), fitness: 30 });
    w("mean-genome.json", { genome: Array.from(normal(key(8), 1918, 0, 0.5)) });
    const sections = lndpReporter(readRunDir(dir));
    assert.equal(sections[0].heading, "Fitness curve");
    // both metrics of the reference's log: best so far 30, gen_best of the last generation 12
    assert.match(sections[0].text!, /2 generations\..*`best`[^0-9]*30\.0.*`gen_best`[^0-9]*12\.0/);
    // the honest re-evaluation: 30 fresh lifetimes of both genomes, numbers from the analysis
    const honest = sections[1];
    assert.equal(honest.heading, "Honest re-evaluation");
    assert.match(honest.text!, /30 fresh lifetimes/);
    const fresh = analyzeLifetimes(
      lifetimeDefaults,
      normal(key(7), 1918, 0, 0.5),
      key(1_000_003),
      30,
    );
    assert.deepEqual(honest.table!.rows[0].slice(0, 2), [
      "best",
      `${fresh.fitnessMean.toFixed(1)} ± ${fresh.fitnessStd.toFixed(1)}`,
    ]);
    assert.equal(honest.table!.rows[1][0], "strategy mean");
    assert.equal(sections.length, 4);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
