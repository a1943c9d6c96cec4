/**
 * A job server for tests/jobs_test.ts: serves `makeHandler([walk, sorn], { jobs: makeJobs(...) })` on 127.0.0.1
 * (a free port, printed as the first stdout line) with the KV file and lease given as arguments:
 * `deno run -A --unstable-kv tests/jobs_server.ts <kvPath> <leaseMs>`.
 *
 * @module
 */
import { makeHandler } from "../app/handler.ts";
import { makeJobs } from "../app/jobs_api.ts";
import { cli as walk } from "@neuroplastic/engines/walk";
import { cli as sorn } from "@neuroplastic/engines/sorn";

const [kvPath, leaseMs = "1500"] = Deno.args;
const jobs = makeJobs([walk, sorn], { kvPath, leaseMs: Number(leaseMs) });
const { fetch } = makeHandler([walk, sorn], { jobs });
Deno.serve({
  hostname: "127.0.0.1",
  port: 0,
  onListen: ({ port }) => console.log(JSON.stringify({ port })),
}, fetch);
