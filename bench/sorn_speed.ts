/**
 * SORN speed table: steps/s of the event-driven step (plasticity phase, no
 * records) at ne = 200, 1000, 2000, the plain dense reference step measured in
 * the same run, their ratio, and the memory slope over 1e6 steps.
 *
 * Run: `deno run -A --v8-flags=--expose-gc bench/sorn_speed.ts [--quick] [--write | --out DIR]`
 * (`--quick`: shorter timings and 1e5 steps for the memory line; `--write` writes
 * `docs/results/sorn-speed.{md,json}`, `--out DIR` writes them into DIR; the markdown is
 * `renderSornSpeedMarkdown(json)` from ./sorn_speed_report.ts).
 *
 * Scaling: ni = 0.2·ne and nu = 0.05·ne (so the reference target rate
 * h_IP = 2·nu/ne stays 0.1); lambda_ee = 20, lambda_ei = 40 as at ne = 200.
 * The network is first run 2,000 steps so that it is in its steady regime.
 *
 * Issue 20 adds: fresh 10,000-step runs at ne = 200 timed from step 0 (initState included; the
 * first with a cold JIT), by wall clock and process CPU time; and one run at ne = 10,000
 * (`--scale-steps N`, default 500, quick 50; the flag is recorded in the report's command) with
 * its steps/s and sampled RSS.
 *
 * @module
 */
import { key } from "@neuroplastic/core/random";
import {
  createDrawCache,
  denseStepInPlace,
  initState,
  run,
  type SornConfig,
  sornDefaults,
  stepMask,
  toDense,
} from "@neuroplastic/engines/sorn";
import { cpuMs, fromStepZero } from "./peers_sorn.ts";
import { renderSornSpeedMarkdown, type SornSpeedReport } from "./sorn_speed_report.ts";

const quick = Deno.args.includes("--quick");
const gc = (globalThis as { gc?: () => void }).gc;
const outIdx = Deno.args.indexOf("--out");
const outDir = outIdx >= 0
  ? Deno.args[outIdx + 1]
  : Deno.args.includes("--write")
  ? new URL("../docs/results/", import.meta.url).pathname
  : null;
const started = new Date().toISOString();
const loadStart = Deno.loadavg();

const configFor = (ne: number): SornConfig => ({
  ...sornDefaults,
  ne,
  ni: Math.round(0.2 * ne),
  nu: Math.round(0.05 * ne),
});

/** Steps per second of `fn(n)` (which advances n steps), measured for about `ms` milliseconds. */
const rate = (fn: (n: number) => void, chunk: number, ms: number): number => {
  fn(Math.max(1, Math.floor(chunk / 4))); // warm-up
  let steps = 0;
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < ms) {
    fn(chunk);
    steps += chunk;
    t = performance.now();
  }
  return (steps / (t - t0)) * 1000;
};

const fmt = (v: number): string => Math.round(v).toLocaleString("en-US");

// Issue 20: fresh 10,000-step runs at ne = 200 from step 0 (first with a cold JIT), measured as
// bench/peers.ts measures its target row
const fsSteps = 10_000;
const fromStart = { ne: 200, steps: fsSteps, ...fromStepZero(200, fsSteps, quick ? 3 : 7) };
console.log(
  `from step 0, ne = 200, ${fsSteps} steps: first ${fmt(fromStart.first)} steps/s, best ${
    fmt(fromStart.best)
  } (wall), best ${fmt(fromStart.cpuBest)} (CPU time)`,
);

console.log(
  `SORN speed (Deno ${Deno.version.deno}, V8 ${Deno.version.v8}; ${quick ? "quick" : "full"} mode)`,
);
console.log(
  "| ne | ni | nu | E→E synapses | event-driven steps/s | dense reference steps/s | ratio |",
);
console.log("|---:|---:|---:|---:|---:|---:|---:|");
const results: SornSpeedReport["rows"][number][] = [];
for (const ne of [200, 1000, 2000]) {
  const c = configFor(ne);
  const s = run(initState(c, key(1)), c, 2000);
  const sparse = rate((n) => run(s, c, n), ne === 200 ? 20_000 : 4_000, quick ? 1500 : 4000);
  const d = toDense(s);
  const draws = createDrawCache(d.ne, d.ni, d.nu);
  const mask = stepMask(c);
  const dense = rate(
    (n) => {
      for (let q = 0; q < n; q++) denseStepInPlace(d, c, undefined, draws, mask);
    },
    ne === 200 ? 500 : ne === 1000 ? 20 : 5,
    quick ? 1500 : 4000,
  );
  let syn = 0;
  for (let j = 0; j < ne; j++) syn += s.ee.outLen[j];
  results.push({ ne, ni: c.ni, nu: c.nu, synapses: syn, sparse, dense });
  console.log(
    `| ${ne} | ${c.ni} | ${c.nu} | ${fmt(syn)} | ${fmt(sparse)} | ${fmt(dense)} | ${
      (sparse / dense).toFixed(1)
    }× |`,
  );
}

// Memory over a long run without records: one run call, heap sampled every 10% (after GC).
const total = quick ? 100_000 : 1_000_000;
const c = sornDefaults;
const s0 = initState(c, key(7));
const samples: { t: number; heap: number; rss: number }[] = [];
const sample = (t: number): void => {
  gc?.();
  const m = Deno.memoryUsage();
  samples.push({ t, heap: m.heapUsed, rss: m.rss });
};
sample(0);
const t0 = performance.now();
run(s0, c, total, {
  onStep: (st) => {
    if (st.t % (total / 10) === 0) sample(st.t);
  },
});
const secs = (performance.now() - t0) / 1000;
const slope = (key: "heap" | "rss"): number => {
  const pts = samples.slice(1); // after the first chunk (JIT, buffers allocated)
  const mx = pts.reduce((a, p) => a + p.t, 0) / pts.length;
  const my = pts.reduce((a, p) => a + p[key], 0) / pts.length;
  let sxy = 0;
  let sxx = 0;
  for (const p of pts) {
    sxy += (p.t - mx) * (p[key] - my);
    sxx += (p.t - mx) ** 2;
  }
  return sxy / sxx;
};
const first = samples[0];
const last = samples[samples.length - 1];
console.log("");
console.log(
  `memory over ${fmt(total)} steps at ne = 200 (no records, ${
    fmt(total / secs)
  } steps/s incl. sampling${gc ? "" : ", no --expose-gc"}):`,
);
console.log(
  `  heapUsed ${(first.heap / 1e6).toFixed(2)} MB → ${(last.heap / 1e6).toFixed(2)} MB, slope ${
    slope("heap").toFixed(4)
  } bytes/step`,
);
console.log(
  `  rss      ${(first.rss / 1e6).toFixed(1)} MB → ${(last.rss / 1e6).toFixed(1)} MB, slope ${
    slope("rss").toFixed(4)
  } bytes/step`,
);
console.log(`  (the Python reference keeps ≈ 385 KB of history per step)`);
// Issue 20: one long run at ne = 10,000 (a single run call), RSS sampled every 50 steps.
const scaleSteps = Number(
  Deno.args.includes("--scale-steps")
    ? Deno.args[Deno.args.indexOf("--scale-steps") + 1]
    : quick
    ? 50
    : 500,
);
const c10k = configFor(10_000);
const i0 = performance.now();
const s10k = initState(c10k, key(3));
const initS = (performance.now() - i0) / 1000;
gc?.();
const rssStart = Deno.memoryUsage().rss;
let rssPeak = rssStart;
let rssFirst = NaN;
const w10 = performance.now(), u10 = cpuMs();
run(s10k, c10k, scaleSteps, {
  onStep: (st) => {
    if (st.t % 50 === 0 || st.t === 1) {
      const r = Deno.memoryUsage().rss;
      if (st.t === 1) rssFirst = r; // after run's copy of the state and the first step
      rssPeak = Math.max(rssPeak, r);
    }
  },
});
const scale = {
  ne: 10_000,
  steps: scaleSteps,
  initS,
  stepsPerS: scaleSteps / ((performance.now() - w10) / 1000),
  cpuStepsPerS: scaleSteps / ((cpuMs() - u10) / 1000),
  rssStart,
  rssFirst,
  rssPeak,
  rssEnd: Deno.memoryUsage().rss,
};
console.log(
  `ne = 10,000: ${scaleSteps} steps at ${scale.stepsPerS.toFixed(1)} steps/s (CPU ${
    scale.cpuStepsPerS.toFixed(1)
  }), init ${initS.toFixed(1)} s, RSS ${(rssStart / 1e6).toFixed(0)} → peak ${
    (rssPeak / 1e6).toFixed(0)
  } MB`,
);
const r200 = results[0];
console.log("");
console.log(
  `targets: ne=200 ≥ 30,000 steps/s: ${r200.sparse >= 30_000 ? "met" : "NOT met"} (${
    fmt(r200.sparse)
  }); ` +
    `ne=2000 ≥ 3,000 steps/s: ${results[2].sparse >= 3000 ? "met" : "NOT met"} (${
      fmt(results[2].sparse)
    })`,
);

if (outDir !== null) {
  const report: SornSpeedReport = {
    command: `deno run -A --v8-flags=--expose-gc bench/sorn_speed.ts${quick ? " --quick" : ""}${
      Deno.args.includes("--scale-steps") ? ` --scale-steps ${scaleSteps}` : ""
    } --write`,
    mode: quick ? "quick" : "full",
    started,
    deno: Deno.version.deno,
    v8: Deno.version.v8,
    cpus: navigator.hardwareConcurrency,
    loadStart,
    loadEnd: Deno.loadavg(),
    rows: results,
    memory: {
      steps: total,
      stepsPerS: total / secs,
      gc: gc !== undefined,
      heapFirst: first.heap,
      heapLast: last.heap,
      heapSlope: slope("heap"),
      rssFirst: first.rss,
      rssLast: last.rss,
      rssSlope: slope("rss"),
    },
    fromStart,
    scale,
  };
  Deno.mkdirSync(outDir, { recursive: true });
  Deno.writeTextFileSync(`${outDir}/sorn-speed.json`, JSON.stringify(report, null, 1) + "\n");
  Deno.writeTextFileSync(`${outDir}/sorn-speed.md`, renderSornSpeedMarkdown(report));
  console.log(`wrote ${outDir}/sorn-speed.{md,json}`);
}
