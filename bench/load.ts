/**
 * `deno task load`: a bounded load test of the HTTP handler under `deno serve` on 127.0.0.1 (a
 * free port). One run measures, against the targets of issue 17:
 *
 * 1. **Short requests** (the earlier figures): N requests at C concurrent, mixed valid and invalid
 *    (runs, listings, health, malformed JSON, bad fields, 300 KB bodies, unknown routes), R rounds;
 *    throughput, p50/p99 latency of the last round, status counts, server RSS per round.
 * 2. **Health under long runs**: 4 concurrent `POST /v1/sorn/run` of ≥ 5 s each (lengths
 *    calibrated on this machine; one of them streamed); `GET /health` every 10 ms while all four
 *    are in progress: p50/p99/max over ≥ 200 requests (target p99 ≤ 50 ms).
 * 3. **Streaming**: a streamed run alone (and the one under load): time to the first progress
 *    line (target ≤ 250 ms) and the longest gap between lines (target ≤ 1 s).
 * 4. **Function commands**: `GET /health` while a `sorn batch` runs (in a Web Worker).
 * 5. **Disconnects**: a plain run, a streamed run and a function command are aborted by the
 *    client mid-run; the server's CPU time (all its threads, `/proc/<pid>/task/*∕schedstat`,
 *    nanoseconds) is sampled every ~5 ms, and the time from the abort to the end of the last
 *    busy sample is reported (target ≤ 100 ms).
 *
 * ```
 * deno task load [--requests 2000] [--concurrency 50] [--rounds 3] [--json] [--write]
 * ```
 *
 * `--write` writes `docs/results/http-load.md` and `.json`. `--json` prints one JSON line (the
 * short-request figures at the top level, as `bench/reliability.ts` reads them). Exits 1 on a 5xx
 * or a network error in the short-request phase.
 *
 * @module
 */
import { parseArgs } from "@neuroplastic/core/sim";

const { flags } = parseArgs(Deno.args);
const N = Number(flags.requests ?? 2000);
const C = Number(flags.concurrency ?? 50);
const R = Number(flags.rounds ?? 3);
const root = new URL("..", import.meta.url).pathname;
const log = (s: string) => console.error(`load: ${s}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const r1 = (x: number) => Math.round(x * 10) / 10;

const freePort = (): number => {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const p = (l.addr as Deno.NetAddr).port;
  l.close();
  return p;
};
const port = freePort();

const rss = (pid: number): number => {
  const m = /VmRSS:\s+(\d+) kB/.exec(Deno.readTextFileSync(`/proc/${pid}/status`));
  return m ? Number(m[1]) * 1024 : NaN;
};

/** CPU time of every thread of `pid` in ms (schedstat: ns), or from `stat` ticks as a fallback. */
const cpuMs = (pid: number): number => {
  let ns = 0;
  try {
    for (const t of Deno.readDirSync(`/proc/${pid}/task`)) {
      try {
        ns += Number(Deno.readTextFileSync(`/proc/${pid}/task/${t.name}/schedstat`).split(" ")[0]);
      } catch { /* thread ended */ }
    }
    return ns / 1e6;
  } catch {
    const f = Deno.readTextFileSync(`/proc/${pid}/stat`).split(") ")[1].split(" ");
    return (Number(f[11]) + Number(f[12])) * 10;
  }
};

const server = new Deno.Command(Deno.execPath(), {
  args: [
    "serve",
    "-A",
    "--unstable-kv",
    "--port",
    String(port),
    "--host",
    "127.0.0.1",
    `${root}app/serve.ts`,
  ],
  cwd: root,
  stdout: "null",
  stderr: "null",
}).spawn();
const pid = server.pid;
const base = `http://127.0.0.1:${port}`;
const startedAt = performance.now();
for (let i = 0;; i++) {
  try {
    const r = await fetch(`${base}/health`);
    await r.body?.cancel();
    if (r.ok) break;
  } catch {
    if (i > 600) throw new Error("server did not start within 30 s");
    await sleep(50);
  }
}
log(`server pid ${pid} on ${base} (up after ${Math.round(performance.now() - startedAt)} ms)`);

const post = (path: string, body: unknown, signal?: AbortSignal): Promise<Response> =>
  fetch(`${base}${path}`, { method: "POST", body: JSON.stringify(body), signal });

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))] : NaN;
  return { n: s.length, p50ms: r1(q(0.5)), p99ms: r1(q(0.99)), maxms: r1(s.at(-1) ?? NaN) };
};

// ---------------------------------------------------------------- 1. short requests (old figures)
log(`short requests: ${N} × ${R} rounds at ${C} concurrent`);
const kinds: [string, () => Promise<Response>][] = [
  ["run", () => post("/v1/walk/run", { config: { particles: 16 }, seed: 1, steps: 20 })],
  ["engines", () => fetch(`${base}/v1/engines`)],
  ["health", () => fetch(`${base}/health`)],
  ["bad-json", () => fetch(`${base}/v1/walk/run`, { method: "POST", body: "{ oops" })],
  ["bad-field", () => post("/v1/walk/run", { config: { particles: -5 } })],
  ["too-big", () => fetch(`${base}/v1/walk/run`, { method: "POST", body: "x".repeat(300_000) })],
  ["no-route", () => fetch(`${base}/v2/none`)],
];
for (const [, f] of kinds) await (await f()).body?.cancel();
const rssBefore = rss(pid);
const rssPerRound: number[] = [];
let lat: number[] = [];
let byClass: Record<string, number> = {};
let byKind: Record<string, Record<number, number>> = {};
let elapsed = 0;
for (let round = 0; round < R; round++) {
  lat = [];
  byClass = {};
  byKind = {};
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: C }, async () => {
    while (next < N) {
      const i = next++;
      const [kind, f] = kinds[i % kinds.length];
      const s = performance.now();
      let status = 0;
      try {
        const res = await f();
        await res.arrayBuffer();
        status = res.status;
      } catch {
        status = -1;
      }
      lat.push(performance.now() - s);
      const cls = status < 0 ? "network error" : `${Math.floor(status / 100)}xx`;
      byClass[cls] = (byClass[cls] ?? 0) + 1;
      (byKind[kind] ??= {})[status] = (byKind[kind][status] ?? 0) + 1;
    }
  }));
  elapsed = (performance.now() - t0) / 1000;
  await sleep(300);
  rssPerRound.push(rss(pid));
}
const shortLat = stats(lat);
const fiveXX = Object.entries(byClass).filter(([k]) => k.startsWith("5")).reduce(
  (a, [, v]) => a + v,
  0,
);

// ---------------------------------------------------------------- helpers for long runs
interface StreamTiming {
  status: number;
  firstLineMs: number;
  firstProgressMs: number;
  maxGapMs: number;
  lines: number;
  totalMs: number;
  result?: Record<string, unknown>;
}

/** A streamed run: when each NDJSON line arrives (ms after the request was sent). */
const streamed = async (path: string, body: unknown, signal?: AbortSignal, onLine?: () => void) => {
  const t0 = performance.now();
  const at: number[] = [];
  let firstProgress = NaN;
  let result: Record<string, unknown> | undefined;
  const res = await post(`${path}?stream=1`, body, signal);
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buf = "";
  try {
    while (true) {
      const { done, value } = await reader.read();
      if (done) break;
      buf += value;
      let nl;
      while ((nl = buf.indexOf("\n")) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        const t = performance.now() - t0;
        at.push(t);
        const j = JSON.parse(line);
        if (j.progress && Number.isNaN(firstProgress)) firstProgress = t;
        if (j.result) result = j.result;
        if (j.error) result = j;
        onLine?.();
      }
    }
  } catch (e) {
    if (!signal?.aborted) throw e;
  }
  const gaps = at.slice(1).map((t, i) => t - at[i]);
  return {
    status: res.status,
    firstLineMs: r1(at[0] ?? NaN),
    firstProgressMs: r1(firstProgress),
    maxGapMs: r1(Math.max(0, ...gaps)),
    lines: at.length,
    totalMs: r1(performance.now() - t0),
    result,
  } satisfies StreamTiming;
};

/** `GET /health` one after another (10 ms apart) until `stop()`; start time and latency of each. */
const probeHealth = async (stop: () => boolean, gapMs = 10) => {
  const out: { t: number; ms: number }[] = [];
  while (!stop()) {
    const t = performance.now();
    const r = await fetch(`${base}/health`);
    await r.arrayBuffer();
    out.push({ t, ms: performance.now() - t });
    await sleep(gapMs);
  }
  return out;
};

// ---------------------------------------------------------------- 2. health under 4 long runs
log("calibrating the length of a 5 s run");
// a short run warms the engine up, a second one of about a second gives the rate
let rate = Number(
  (await (await post("/v1/sorn/run", { steps: 4000, seed: 1 })).json()).stepsPerSecond,
);
rate = Number(
  (await (await post("/v1/sorn/run", { steps: Math.round(rate), seed: 1 })).json()).stepsPerSecond,
);
const RUNS = 4;
const targetS = 10;
const longSteps = Math.max(4000, Math.min(100_000, Math.round(rate * targetS / RUNS)));
log(`sorn run alone: ${Math.round(rate)} steps/s → ${longSteps} steps per run × ${RUNS}`);

const runsT0 = performance.now();
const runEnds: number[] = [];
let inFlight = RUNS;
const runTasks = Array.from({ length: RUNS }, (_, i) => {
  const body = { steps: longSteps, seed: 10 + i };
  const done = (x: unknown) => {
    runEnds.push(performance.now() - runsT0);
    inFlight--;
    return x;
  };
  return i === RUNS - 1
    ? streamed("/v1/sorn/run", body).then(done)
    : post("/v1/sorn/run", body).then((r) => r.json()).then(done);
});
await sleep(100);
const underLoad = await probeHealth(() => inFlight < RUNS);
const runResults = await Promise.all(runTasks);
const firstEnd = Math.min(...runEnds);
// only probes that started after all four requests were sent and ended before the first finished
const inWindow = underLoad.filter((p) => p.t - runsT0 >= 100 && p.t - runsT0 + p.ms <= firstEnd);
const healthLoad = stats(inWindow.map((p) => p.ms));
const streamUnderLoad = runResults[RUNS - 1] as StreamTiming;
const runSeconds = runEnds.map((t) => r1(t / 1000));
const runStatus = runResults.map((r, i) =>
  i === RUNS - 1
    ? (r as StreamTiming).result?.stopped ?? "done"
    : (r as Record<string, unknown>).stopped ?? "done"
);
log(`health under load: ${JSON.stringify(healthLoad)}; runs took ${runSeconds.join(", ")} s`);

// ---------------------------------------------------------------- 3. a streamed run alone
const streamAlone = await streamed("/v1/sorn/run", {
  steps: Math.min(100_000, Math.round(rate * 2)),
  seed: 2,
});
log(`streamed run alone: ${JSON.stringify({ ...streamAlone, result: undefined })}`);

// ---------------------------------------------------------------- 4. health while a function runs
const batchBody = { config: { networks: 32, length: 1000 }, seed: 1 };
const fnRuns: { ms: number; health: ReturnType<typeof stats>; stateHash: string }[] = [];
for (let k = 0; k < 2; k++) {
  let busy = true;
  const t0 = performance.now();
  const task = post("/v1/sorn/batch", batchBody).then((r) => r.json()).finally(() => busy = false);
  const probes = await probeHealth(() => !busy);
  const body = await task;
  fnRuns.push({
    ms: Math.round(performance.now() - t0),
    health: stats(probes.map((p) => p.ms)),
    stateHash: String(body.stateHash),
  });
}
log(`health while sorn batch runs: ${JSON.stringify(fnRuns)}`);

// ---------------------------------------------------------------- 5. disconnects free the CPU
interface FreeTiming {
  case: string;
  busyCoresBefore: number;
  freeMs: number;
  sampleMs: number;
  cpuMsAfter: number;
}
const disconnect = async (
  name: string,
  start: (signal: AbortSignal) => Promise<unknown>,
  busyAfterMs: number,
): Promise<FreeTiming> => {
  const ac = new AbortController();
  const task = start(ac.signal).catch(() => {});
  await sleep(busyAfterMs);
  const samples: { t: number; cpu: number }[] = [];
  const sampleUntil = async (end: number) => {
    while (performance.now() < end) {
      samples.push({ t: performance.now(), cpu: cpuMs(pid) });
      await sleep(4);
    }
  };
  await sampleUntil(performance.now() + 300);
  const tA = performance.now();
  ac.abort();
  await sampleUntil(tA + 1000);
  await task;
  const before = samples.filter((s) => s.t <= tA);
  const busyBefore = (before.at(-1)!.cpu - before[0].cpu) / (before.at(-1)!.t - before[0].t);
  const threshold = Math.max(0.15, 0.3 * busyBefore);
  let lastBusyEnd = tA;
  const dts: number[] = [];
  for (let i = 1; i < samples.length; i++) {
    const a = samples[i - 1], b = samples[i];
    if (b.t <= tA) continue;
    dts.push(b.t - a.t);
    if ((b.cpu - a.cpu) / (b.t - a.t) > threshold) lastBusyEnd = b.t;
  }
  const after = samples.filter((s) => s.t >= tA);
  return {
    case: name,
    busyCoresBefore: Math.round(busyBefore * 100) / 100,
    freeMs: r1(lastBusyEnd - tA),
    sampleMs: r1(dts.reduce((x, y) => x + y, 0) / Math.max(1, dts.length)),
    cpuMsAfter: r1(after.at(-1)!.cpu - after[0].cpu),
  };
};
const longBody = { steps: 100_000, seed: 3 };
const frees: FreeTiming[] = [];
frees.push(
  await disconnect("plain process run (sorn run)", (s) => post("/v1/sorn/run", longBody, s), 700),
);
frees.push(
  await disconnect(
    "streamed process run (sorn run ?stream=1)",
    (s) => streamed("/v1/sorn/run", longBody, s),
    700,
  ),
);
frees.push(
  await disconnect(
    "function command in a worker (sorn batch)",
    (s) => post("/v1/sorn/batch", { config: { networks: 128, length: 1000 }, seed: 1 }, s),
    1200,
  ),
);
for (const f of frees) log(`disconnect: ${JSON.stringify(f)}`);

// the server still answers after all that
const alive = (await fetch(`${base}/health`)).status;
const rssAfter = rss(pid);
server.kill("SIGTERM");
await server.status;

// ---------------------------------------------------------------- report
const targets = [
  {
    measure: "runs in progress during the health probes",
    target: "4 concurrent, each ≥ 5 s",
    value: `${RUNS} runs of ${longSteps} steps: ${runSeconds.join(", ")} s`,
    met: Math.min(...runSeconds) >= 5,
  },
  {
    measure: "GET /health while 4 runs are in progress",
    target: "p99 ≤ 50 ms over ≥ 200 requests",
    value:
      `p99 ${healthLoad.p99ms} ms (p50 ${healthLoad.p50ms}, max ${healthLoad.maxms}) over ${healthLoad.n}`,
    met: healthLoad.p99ms <= 50 && healthLoad.n >= 200,
  },
  {
    measure: "streamed run alone: first progress line",
    target: "≤ 250 ms",
    value: `${streamAlone.firstProgressMs} ms`,
    met: streamAlone.firstProgressMs <= 250,
  },
  {
    measure: "streamed run alone: longest gap between lines",
    target: "≤ 1,000 ms",
    value: `${streamAlone.maxGapMs} ms (${streamAlone.lines} lines in ${streamAlone.totalMs} ms)`,
    met: streamAlone.maxGapMs <= 1000,
  },
  {
    measure: "streamed run under the 4-run load: first progress line",
    target: "≤ 250 ms",
    value: `${streamUnderLoad.firstProgressMs} ms`,
    met: streamUnderLoad.firstProgressMs <= 250,
  },
  {
    measure: "streamed run under the 4-run load: longest gap between lines",
    target: "≤ 1,000 ms",
    value: `${streamUnderLoad.maxGapMs} ms (${streamUnderLoad.lines} lines)`,
    met: streamUnderLoad.maxGapMs <= 1000,
  },
  ...fnRuns.map((f, k) => ({
    measure: `GET /health while sorn batch runs (${k === 0 ? "first" : "second"} call, ${f.ms} ms)`,
    target: "p99 ≤ 50 ms",
    value: `p99 ${f.health.p99ms} ms (max ${f.health.maxms}) over ${f.health.n}`,
    met: f.health.p99ms <= 50,
  })),
  ...frees.map((f) => ({
    measure: `disconnect frees the CPU: ${f.case}`,
    target: "≤ 100 ms",
    value:
      `${f.freeMs} ms (busy ${f.busyCoresBefore} cores before; sampled every ${f.sampleMs} ms)`,
    met: f.freeMs <= 100 && f.busyCoresBefore >= 0.3,
  })),
];
const result = {
  // the short-request figures at the top level (read by bench/reliability.ts)
  requests: N,
  note: "latency and status counts are of the last round",
  concurrency: C,
  seconds: Number(elapsed.toFixed(2)),
  requestsPerSecond: Math.round(N / elapsed),
  p50ms: shortLat.p50ms,
  p99ms: shortLat.p99ms,
  byClass,
  byKind,
  rounds: R,
  serverRssMB: {
    before: Number((rssBefore / 2 ** 20).toFixed(1)),
    afterEachRound: rssPerRound.map((v) => Number((v / 2 ** 20).toFixed(1))),
    after: Number((rssPerRound[R - 1] / 2 ** 20).toFixed(1)),
    atEnd: Number((rssAfter / 2 ** 20).toFixed(1)),
  },
  rssSlopeMBPerRound: R > 2
    ? Number(((rssPerRound[R - 1] - rssPerRound[1]) / (R - 2) / 2 ** 20).toFixed(2))
    : null,
  fiveXX,
  previous: { requestsPerSecond: 1496, p50ms: 28.39, p99ms: 75.19, source: "docs/reliability.md" },
  longRuns: {
    engine: "sorn run",
    runs: RUNS,
    stepsEach: longSteps,
    stepsPerSecondAlone: Math.round(rate),
    seconds: runSeconds,
    stopped: runStatus,
    health: healthLoad,
    streamedUnderLoad: { ...streamUnderLoad, result: undefined },
  },
  streamAlone: { ...streamAlone, result: undefined },
  functionCommand: { request: batchBody, runs: fnRuns },
  disconnects: frees,
  aliveAfter: alive,
  targets,
  machine: {
    cores: navigator.hardwareConcurrency,
    loadAverage: Deno.loadavg().map((x) => Math.round(x * 100) / 100),
    deno: Deno.version.deno,
  },
};

const table = [
  "| measure | target | measured | met |",
  "|---|---|---|---|",
  ...targets.map((t) =>
    `| ${t.measure} | ${t.target} | ${t.value} | ${t.met ? "met" : "missed"} |`
  ),
].join("\n");
const shortTable = [
  "| | throughput (req/s) | p50 (ms) | p99 (ms) | 2xx | 4xx | 5xx | server RSS before → after each round (MB) |",
  "|---|---:|---:|---:|---:|---:|---:|---|",
  `| before (docs/reliability.md) | 1496 | 28.39 | 75.19 | 858 | 1142 | 0 | 95.5 → 169.7, 189.1, 206.1 |`,
  `| this run | ${result.requestsPerSecond} | ${result.p50ms} | ${result.p99ms} | ${
    byClass["2xx"] ?? 0
  } | ${byClass["4xx"] ?? 0} | ${fiveXX} | ${result.serverRssMB.before} → ${
    result.serverRssMB.afterEachRound.join(", ")
  } |`,
].join("\n");

if (flags.json) console.log(JSON.stringify(result));
else console.log(`${table}\n\nShort requests:\n\n${shortTable}`);

if (flags.write) {
  const md = [
    "# HTTP handler under load",
    "",
    `Measured by \`deno task load --write\` (bench/load.ts) on ${
      new Date().toISOString().slice(0, 10)
    }: \`deno serve app/serve.ts\` on 127.0.0.1, Deno ${Deno.version.deno}, ${navigator.hardwareConcurrency} cores (load average ${
      result.machine.loadAverage.join(", ")
    } at the end: the machine is shared).`,
    "",
    "## Targets (issue 17)",
    "",
    table,
    "",
    `- Long runs: ${RUNS} concurrent \`POST /v1/sorn/run\` of ${longSteps} steps (lengths calibrated so that four together take ≥ 5 s; \`sorn run\` alone runs ${
      Math.round(rate)
    } steps/s here), the last one streamed. \`GET /health\` is sent every 10 ms; only probes that start after all four requests are sent and end before the first run ends count. Processes run in 10 ms slices with a \`setTimeout(0)\` macrotask after each, so the event loop answers other requests between slices.`,
    `- Function commands (\`sorn batch\` with ${
      JSON.stringify(batchBody.config)
    }) run in a Web Worker (app/offload.ts); the first call may start the worker (cold), the second reuses the warm one. Both answered the same stateHash: ${
      [...new Set(fnRuns.map((f) => f.stateHash.slice(0, 16)))].join(", ")
    }….`,
    "- Disconnects: the client aborts its request mid-run; the server's CPU time over all its threads (`/proc/<pid>/task/*/schedstat`) is sampled every few ms, and the time from the abort to the end of the last sample in which the server was still busy (more than 30% of its rate before the abort) is reported. A process run stops at the next slice (the orchestrator checks `req.signal`). A function command's worker is told through a shared cancel flag (`FunctionInput.cancelled`, read by `sorn batch` every 25 steps) and terminated; Deno (2.9.6) terminates a worker only when its JavaScript returns to the event loop (denoland/deno#12831: termination is signalled, not forced), so the CPU is freed after the command's next poll plus the isolate's teardown. Commands that do not poll run to their end.",
    "",
    "## Short requests (the earlier figures, measured again)",
    "",
    `${N} requests per round at ${C} concurrent, ${R} rounds, mixed valid and invalid (runs, listings, health, malformed JSON, bad fields, 300 KB bodies, unknown routes); latency of the last round.`,
    "",
    shortTable,
    "",
  ].join("\n");
  Deno.writeTextFileSync(`${root}docs/results/http-load.md`, md);
  Deno.writeTextFileSync(
    `${root}docs/results/http-load.json`,
    JSON.stringify(result, null, 2) + "\n",
  );
  log("wrote docs/results/http-load.md and .json");
}
if (fiveXX > 0 || byClass["network error"] || alive !== 200) Deno.exit(1);
