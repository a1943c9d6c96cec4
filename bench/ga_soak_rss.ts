/**
 * Why the GENREG GA soak's RSS grows while its heap stays flat: one long GA run (population 40,
 * proteins on, no early stop) through the registered `genreg run` process, sampling after a
 * forced GC the V8 heap in use (`heapUsed`), the heap V8 has reserved (`heapTotal`), the
 * ArrayBuffer backing stores outside the V8 heap (`external`) and the RSS, with the load average.
 *
 * ```
 * nice -n 10 deno run -A --unstable-kv --v8-flags=--expose-gc bench/ga_soak_rss.ts [generations] [samples] [--write] [--notes FILE]
 * ```
 * Defaults: 200,000 generations, 40 samples (twice the soak plan's 1e5 generations). Prints the
 * markdown (bench/ga_soak_md.ts); `--write` also writes `docs/results/genreg-ga-soak.{json,md}`,
 * the markdown rendered from the JSON, with the markdown of `--notes FILE` (a hand-written
 * reading of the run) stored in the JSON and printed after the table.
 *
 * @module
 */
import { key } from "@neuroplastic/core/random";
import { advance, decodeConfig, mergeConfig, type Process } from "@neuroplastic/core/sim";
import { Effect } from "effect";
import { engines } from "../app/registry.ts";
import { gaSoakMarkdown, type GaSoakReport, type GaSoakSample } from "./ga_soak_md.ts";

const args = Deno.args;
const notesAt = args.indexOf("--notes");
// [generations] [samples]: the arguments that are neither a flag nor the --notes file
const positional = args.filter((a, i) =>
  !a.startsWith("--") && !(notesAt >= 0 && i === notesAt + 1)
);
const generations = Number(positional[0] ?? 200_000);
const samples = Number(positional[1] ?? 40);
const cmd = engines.find((e) => e.name === "genreg")?.commands["run"];
if (!cmd || cmd.kind !== "process") throw new Error("genreg run is not a registered process");
const p = cmd.process as Process<unknown, unknown>;
const cfg = Effect.runSync(decodeConfig(
  p.config,
  mergeConfig(p.defaults, {
    optimizer: "ga",
    ga: { maxGenerations: 10_000_000, targetMse: 0, stagnationThreshold: 0 },
  }),
));
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) console.error("ga_soak_rss: run with --v8-flags=--expose-gc for GC-settled samples");
let s = p.init(cfg, key(1));
const chunk = Math.floor(generations / samples);
const start = new Date().toISOString();
const t0 = performance.now();
const rows: GaSoakSample[] = [];
for (let i = 0; i < samples; i++) {
  s = advance(p, cfg, s, chunk);
  gc?.();
  const m = Deno.memoryUsage();
  rows.push({
    generations: (i + 1) * chunk,
    ms: performance.now() - t0,
    heapUsed: m.heapUsed,
    heapTotal: m.heapTotal,
    external: m.external,
    rss: m.rss,
    load: Deno.loadavg(),
  });
  console.error(`ga_soak_rss: ${rows.length}/${samples} samples`);
}
const report: GaSoakReport = {
  start,
  end: new Date().toISOString(),
  args: [...args],
  deno: Deno.version.deno,
  v8: Deno.version.v8,
  os: Deno.build.os,
  arch: Deno.build.arch,
  cores: navigator.hardwareConcurrency,
  generations,
  samples,
  chunk,
  gcForced: gc !== undefined,
  rows,
  ...(notesAt >= 0 ? { notes: Deno.readTextFileSync(args[notesAt + 1]) } : {}),
};
// the markdown is a function of the JSON (bench/ga_soak_md.ts)
const md = gaSoakMarkdown(report);
console.log(md);
if (args.includes("--write")) {
  const out = new URL("../docs/results/", import.meta.url).pathname;
  Deno.writeTextFileSync(`${out}genreg-ga-soak.json`, JSON.stringify(report, null, 1) + "\n");
  Deno.writeTextFileSync(`${out}genreg-ga-soak.md`, md);
}
