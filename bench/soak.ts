/**
 * `deno task soak`: long runs stay flat. Runs registered engine processes for many
 * steps in chunks, sampling heap/RSS (after a forced GC when `--expose-gc` is on)
 * and throughput, and prints the least-squares slope of each against steps.
 *
 * ```
 * deno task soak [--only walk,sorn,ga] [--scale 1] [--json]
 * deno run -A --v8-flags=--expose-gc bench/soak.ts --engine walk --command run --steps 100000 --samples 20
 * ```
 * The default plan: SORN for 1e7 steps and a GA for 1e5 generations (when those engines are
 * registered), and the walk demo engine; `--scale 0.01` shortens every run (the test suite's variant).
 *
 * @module
 */
import { key } from "@neuroplastic/core/random";
import { advance, decodeConfig, mergeConfig, type Process } from "@neuroplastic/core/sim";
import { Effect } from "effect";
import { parseArgs } from "@neuroplastic/core/sim";
import { engines } from "../app/registry.ts";

/** One soak measurement. */
export interface SoakResult {
  readonly engine: string;
  readonly command: string;
  readonly steps: number;
  readonly samples: number;
  readonly heapMB: readonly number[];
  readonly rssMB: readonly number[];
  readonly stepsPerSecond: readonly number[];
  /** Heap growth in MB per million steps (least squares over the samples after the first). */
  readonly heapSlopeMBPerMillionSteps: number;
  readonly rssSlopeMBPerMillionSteps: number;
  /** Throughput change per million steps, relative to the mean throughput. */
  readonly throughputSlopePerMillionSteps: number;
}

const slope = (x: readonly number[], y: readonly number[]): number => {
  const n = x.length;
  const mx = x.reduce((a, b) => a + b, 0) / n, my = y.reduce((a, b) => a + b, 0) / n;
  let sxy = 0, sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
  }
  return sxx > 0 ? sxy / sxx : 0;
};

const gc = (globalThis as { gc?: () => void }).gc;

/**
 * Soaks one process command: `steps` steps in `samples` chunks.
 *
 * @example
 * ```ts ignore
 * const r = soak("walk", "run", {}, 100_000, 20);
 * ```
 */
export const soak = (
  engine: string,
  command: string,
  config: unknown,
  steps: number,
  samples: number,
): SoakResult => {
  const cmd = engines.find((e) => e.name === engine)?.commands[command];
  if (!cmd || cmd.kind !== "process") throw new Error(`no process command ${engine} ${command}`);
  const p = cmd.process as Process<unknown, unknown>;
  const cfg = Effect.runSync(decodeConfig(p.config, mergeConfig(p.defaults, config)));
  let s = p.init(cfg, key(1));
  const chunk = Math.max(1, Math.floor(steps / samples));
  const xs: number[] = [], heap: number[] = [], rss: number[] = [], rate: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t0 = performance.now();
    s = advance(p, cfg, s, chunk);
    const dt = performance.now() - t0;
    gc?.();
    const m = Deno.memoryUsage();
    xs.push(((i + 1) * chunk) / 1e6);
    heap.push(m.heapUsed / 2 ** 20);
    rss.push(m.rss / 2 ** 20);
    rate.push((chunk / dt) * 1000);
  }
  const meanRate = rate.reduce((a, b) => a + b, 0) / rate.length;
  const tail = (a: number[]) => a.slice(1);
  return {
    engine,
    command,
    steps: chunk * samples,
    samples,
    heapMB: heap.map((v) => Number(v.toFixed(2))),
    rssMB: rss.map((v) => Number(v.toFixed(1))),
    stepsPerSecond: rate.map((v) => Math.round(v)),
    heapSlopeMBPerMillionSteps: Number(slope(tail(xs), tail(heap)).toFixed(4)),
    rssSlopeMBPerMillionSteps: Number(slope(tail(xs), tail(rss)).toFixed(3)),
    throughputSlopePerMillionSteps: Number((slope(tail(xs), tail(rate)) / meanRate).toFixed(4)),
  };
};

/** The default plan: [engine, command, config, steps]. Entries whose engine is not registered are skipped. */
export const PLAN: readonly [string, string, unknown, number][] = [
  ["sorn", "run", {}, 10_000_000],
  // The GENREG GA (population 40, proteins on): one generation per step; no early stop.
  [
    "genreg",
    "run",
    {
      optimizer: "ga",
      ga: { maxGenerations: 10_000_000, targetMse: 0, stagnationThreshold: 0 },
    },
    100_000,
  ],
  ["walk", "run", { particles: 64 }, 1_000_000],
];

if (import.meta.main) {
  const { flags } = parseArgs(Deno.args);
  if (!gc) console.error("soak: run with --v8-flags=--expose-gc for GC-settled memory samples");
  const results: SoakResult[] = [];
  if (typeof flags.engine === "string") {
    results.push(
      soak(
        flags.engine,
        String(flags.command ?? "run"),
        flags.config ? JSON.parse(String(flags.config)) : {},
        Number(flags.steps ?? 1e5),
        Number(flags.samples ?? 20),
      ),
    );
  } else {
    const scale = Number(flags.scale ?? 1);
    const only = typeof flags.only === "string" ? flags.only.split(",") : undefined;
    for (const [engine, command, config, steps] of PLAN) {
      if (only && !only.includes(engine)) continue;
      if (!engines.find((e) => e.name === engine)?.commands[command]) {
        console.error(`soak: skipping ${engine} ${command} (not registered)`);
        continue;
      }
      console.error(`soak: ${engine} ${command} for ${Math.round(steps * scale)} steps ...`);
      results.push(soak(engine, command, config, Math.max(20, Math.round(steps * scale)), 20));
    }
  }
  if (flags.json) console.log(JSON.stringify(results));
  else {
    for (const r of results) {
      console.log(
        `${r.engine} ${r.command}: ${r.steps} steps, heap ${r.heapMB[1]}→${
          r.heapMB.at(-1)
        } MB (slope ${r.heapSlopeMBPerMillionSteps} MB/1e6 steps), ` +
          `rss slope ${r.rssSlopeMBPerMillionSteps} MB/1e6 steps, throughput ${
            r.stepsPerSecond[1]
          }→${
            r.stepsPerSecond.at(-1)
          } steps/s (rel. slope ${r.throughputSlopePerMillionSteps}/1e6 steps)`,
      );
    }
  }
}
