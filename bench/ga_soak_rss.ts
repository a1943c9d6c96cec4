/**
 * Why the GENREG GA soak's RSS grows while its heap stays flat: one long GA run (population 40,
 * proteins on, no early stop) through the registered `genreg run` process, sampling after a
 * forced GC the V8 heap in use (`heapUsed`), the heap V8 has reserved (`heapTotal`), the
 * ArrayBuffer backing stores outside the V8 heap (`external`) and the RSS, with the load average.
 *
 * ```
 * nice -n 10 deno run -A --unstable-kv --v8-flags=--expose-gc bench/ga_soak_rss.ts [generations] [samples]
 * ```
 * Defaults: 200,000 generations, 40 samples (twice the soak plan's 1e5 generations).
 *
 * @module
 */
import { key } from "@neuroplastic/core/random";
import { advance, decodeConfig, mergeConfig, type Process } from "@neuroplastic/core/sim";
import { Effect } from "effect";
import { engines } from "../app/registry.ts";

const generations = Number(Deno.args[0] ?? 200_000);
const samples = Number(Deno.args[1] ?? 40);
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
const MB = (b: number) => (b / 2 ** 20).toFixed(1);
const t0 = performance.now();
console.log(
  "| generations | s | heapUsed MB | heapTotal MB | external MB | rss MB | load (1/5/15) |",
);
console.log("|---:|---:|---:|---:|---:|---:|---|");
for (let i = 0; i < samples; i++) {
  s = advance(p, cfg, s, chunk);
  gc?.();
  const m = Deno.memoryUsage();
  console.log(
    `| ${(i + 1) * chunk} | ${((performance.now() - t0) / 1000).toFixed(0)} | ${
      (m.heapUsed / 2 ** 20).toFixed(2)
    } | ${MB(m.heapTotal)} | ${MB(m.external)} | ${MB(m.rss)} | ${Deno.loadavg().join(" ")} |`,
  );
}
