/**
 * The faithful RSGN with pooled buffers (engines/rsgn/model.ts, pool.ts) against the fresh-array
 * code it replaced (engines/rsgn/testdata/faithful_fresh.ts, same bits): a forward pass and one
 * training step (forward, cross-entropy, backward) of each, interleaved in one process after a
 * warm-up of at least 2 rounds and `--warmup-s` seconds, median of `--reps`. Prints wall-clock
 * and CPU-time figures (the process's user + system time, which a shared machine inflates less
 * than the wall clock), the multiply-adds per second (forward: the analytic MACs of spec §1.10;
 * training: three times the forward's, since each of the step's products has two backward
 * products of its size) and the load average.
 *
 * Run: `deno run -A bench/rsgn_faithful_pool.ts [readme|hierarchical|long-range] [--reps 7] [--warmup-s 10]`
 *
 * @module
 */
import process from "node:process";
import { key } from "@neuroplastic/core/random";
import {
  crossEntropy,
  initParams,
  macsPerSample,
  presetConfig,
  rsgnBackward,
  rsgnForward,
} from "@neuroplastic/engines/rsgn";
import { freshBackward, freshForward } from "../engines/rsgn/testdata/faithful_fresh.ts";

const SHAPES: Record<string, [number, number]> = {
  readme: [32, 64],
  hierarchical: [64, 64],
  "long-range": [128, 32],
};

/** Median wall and CPU milliseconds of the four timed calls. */
export interface PoolComparison {
  /** Wall-clock ms: fresh and pooled forward, fresh and pooled training step. */
  readonly wall: { fwdFresh: number; fwdPooled: number; trainFresh: number; trainPooled: number };
  /** CPU ms (user + system) of the same calls. */
  readonly cpu: { fwdFresh: number; fwdPooled: number; trainFresh: number; trainPooled: number };
  /** Forward multiply-adds of one batch (analytic). */
  readonly forwardMacs: number;
}

/**
 * Interleaved timings of the fresh-array and the pooled faithful model on a preset's shape.
 *
 * @example
 * ```ts ignore
 * const r = compareFaithful("readme", 2, 0);
 * console.log(r.wall.trainFresh / r.wall.trainPooled);
 * ```
 */
export const compareFaithful = (name: string, reps = 7, warmupS = 10): PoolComparison => {
  const [T, B] = SHAPES[name];
  const c = presetConfig(name);
  const p = initParams(c, key(0));
  const X = new Float32Array(B * T * c.dimInput);
  for (let i = 0; i < X.length; i++) X[i] = Math.sin(i * 0.37) * 0.5;
  const y = new Int32Array(B).map((_, i) => i % c.numClasses);
  const calls = {
    fwdFresh: () => freshForward(p, c, X, B, T),
    fwdPooled: () => rsgnForward(p, c, X, B, T),
    trainFresh: () => {
      const o = freshForward(p, c, X, B, T, true);
      freshBackward(p, c, o.cache!, crossEntropy(o.logits, y, B, c.numClasses).dLogits);
    },
    trainPooled: () => {
      const o = rsgnForward(p, c, X, B, T, true);
      rsgnBackward(p, c, o.cache!, crossEntropy(o.logits, y, B, c.numClasses).dLogits);
    },
  };
  const names = Object.keys(calls) as (keyof typeof calls)[];
  const w0 = performance.now();
  for (let i = 0; i < 2 || performance.now() - w0 < warmupS * 1000; i++) {
    for (const k of names) calls[k]();
  }
  const wall = { fwdFresh: [], fwdPooled: [], trainFresh: [], trainPooled: [] } as Record<
    keyof typeof calls,
    number[]
  >;
  const cpu = structuredClone(wall);
  for (let r = 0; r < reps; r++) {
    for (const k of names) {
      const c0 = process.cpuUsage(), t0 = performance.now();
      calls[k]();
      wall[k].push(performance.now() - t0);
      const dc = process.cpuUsage(c0);
      cpu[k].push((dc.user + dc.system) / 1000);
    }
  }
  const med = (a: number[]) => a.sort((x, y) => x - y)[a.length >> 1];
  const medians = (m: Record<keyof typeof calls, number[]>) => ({
    fwdFresh: med(m.fwdFresh),
    fwdPooled: med(m.fwdPooled),
    trainFresh: med(m.trainFresh),
    trainPooled: med(m.trainPooled),
  });
  const macs = macsPerSample(c, T);
  return { wall: medians(wall), cpu: medians(cpu), forwardMacs: macs.total * B + macs.perBatch };
};

if (import.meta.main) {
  const arg = (n: string, d: string) => {
    const i = Deno.args.indexOf(`--${n}`);
    return i >= 0 ? Deno.args[i + 1] : d;
  };
  const name = Deno.args[0]?.startsWith("--") ? "readme" : Deno.args[0] ?? "readme";
  const load0 = Deno.loadavg();
  const r = compareFaithful(name, Number(arg("reps", "7")), Number(arg("warmup-s", "10")));
  const g = (macs: number, ms: number) => (macs / ms / 1e6).toFixed(2);
  for (const [clock, t] of [["wall", r.wall], ["cpu", r.cpu]] as const) {
    console.log(
      `${name} ${clock}: forward fresh ${t.fwdFresh.toFixed(0)} ms (${
        g(r.forwardMacs, t.fwdFresh)
      } GMAC/s), pooled ${t.fwdPooled.toFixed(0)} ms (${g(r.forwardMacs, t.fwdPooled)} GMAC/s), ×${
        (t.fwdFresh / t.fwdPooled).toFixed(2)
      }; train fresh ${t.trainFresh.toFixed(0)} ms (${
        g(3 * r.forwardMacs, t.trainFresh)
      } GMAC/s), pooled ${t.trainPooled.toFixed(0)} ms (${
        g(3 * r.forwardMacs, t.trainPooled)
      } GMAC/s), ×${(t.trainFresh / t.trainPooled).toFixed(2)}`,
    );
  }
  const la = (l: number[]) => l.map((x) => x.toFixed(1)).join("/");
  console.log(`load average ${la(load0)} at the start, ${la(Deno.loadavg())} at the end`);
}
