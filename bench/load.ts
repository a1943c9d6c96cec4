/**
 * `deno task load`: a bounded load test of the HTTP handler on localhost.
 * Starts `deno serve app/serve.ts` as a child process, sends N requests at C
 * concurrent (mixed: valid runs, engine listings, malformed JSON, bad fields,
 * oversized bodies, unknown routes), and prints throughput, p50/p99 latency,
 * status counts by class and the server's RSS before and after.
 *
 * ```
 * deno task load [--requests 2000] [--concurrency 50] [--json]
 * ```
 *
 * @module
 */
import { parseArgs } from "@neuroplastic/core/sim";

const { flags } = parseArgs(Deno.args);
const N = Number(flags.requests ?? 2000);
const C = Number(flags.concurrency ?? 50);
const R = Number(flags.rounds ?? 3);
const port = 18000 + (Deno.pid % 1000);

const rss = (pid: number): number => {
  const m = /VmRSS:\s+(\d+) kB/.exec(Deno.readTextFileSync(`/proc/${pid}/status`));
  return m ? Number(m[1]) * 1024 : NaN;
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
    new URL("../app/serve.ts", import.meta.url).pathname,
  ],
  stdout: "null",
  stderr: "null",
}).spawn();
const base = `http://127.0.0.1:${port}`;
for (let i = 0;; i++) {
  try {
    const r = await fetch(`${base}/health`);
    await r.body?.cancel();
    if (r.ok) break;
  } catch {
    if (i > 200) throw new Error("server did not start");
    await new Promise((r) => setTimeout(r, 50));
  }
}

const kinds: [string, () => Promise<Response>][] = [
  [
    "run",
    () =>
      fetch(`${base}/v1/walk/run`, {
        method: "POST",
        body: JSON.stringify({ config: { particles: 16 }, seed: 1, steps: 20 }),
      }),
  ],
  ["engines", () => fetch(`${base}/v1/engines`)],
  ["health", () => fetch(`${base}/health`)],
  ["bad-json", () => fetch(`${base}/v1/walk/run`, { method: "POST", body: "{ oops" })],
  [
    "bad-field",
    () =>
      fetch(`${base}/v1/walk/run`, {
        method: "POST",
        body: JSON.stringify({ config: { particles: -5 } }),
      }),
  ],
  ["too-big", () => fetch(`${base}/v1/walk/run`, { method: "POST", body: "x".repeat(300_000) })],
  ["no-route", () => fetch(`${base}/v2/none`)],
];

// Warm up, then measure.
for (const [, f] of kinds) await (await f()).body?.cancel();
const rssBefore = rss(server.pid);
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
  await new Promise((r) => setTimeout(r, 300));
  rssPerRound.push(rss(server.pid));
}
const rssAfter = rssPerRound[rssPerRound.length - 1];
server.kill("SIGTERM");
await server.status;

lat.sort((a, b) => a - b);
const q = (p: number): number => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))];
const result = {
  requests: N,
  note: "latency and status counts are of the last round",
  concurrency: C,
  seconds: Number(elapsed.toFixed(2)),
  requestsPerSecond: Math.round(N / elapsed),
  p50ms: Number(q(0.5).toFixed(2)),
  p99ms: Number(q(0.99).toFixed(2)),
  byClass,
  byKind,
  rounds: R,
  serverRssMB: {
    before: Number((rssBefore / 2 ** 20).toFixed(1)),
    afterEachRound: rssPerRound.map((v) => Number((v / 2 ** 20).toFixed(1))),
    after: Number((rssAfter / 2 ** 20).toFixed(1)),
  },
  /** RSS growth per round after the first (MB): near 0 means no leak. */
  rssSlopeMBPerRound: R > 2
    ? Number(((rssPerRound[R - 1] - rssPerRound[1]) / (R - 2) / 2 ** 20).toFixed(2))
    : null,
  fiveXX: Object.entries(byClass).filter(([k]) => k.startsWith("5")).reduce((a, [, v]) => a + v, 0),
};
if (flags.json) console.log(JSON.stringify(result));
else console.log(JSON.stringify(result, null, 2));
if (result.fiveXX > 0 || byClass["network error"]) Deno.exit(1);
