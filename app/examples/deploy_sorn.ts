// deno-lint-ignore-file no-import-prefix no-unversioned-import -- the README's jsr: imports, verbatim
// main.ts: a Deno Deploy function that serves one engine, SORN
import { makeHandler } from "jsr:@neuroplastic/app/handler";
import { cli as sorn } from "jsr:@neuroplastic/engines/sorn/cli";

// GET /health, GET /v1/engines, POST /v1/sorn/run and /v1/sorn/batch
const handler = makeHandler([sorn], {
  maxSteps: 20_000, // steps per request (422 above)
  budgetMs: 10_000, // wall clock per request (422 naming `steps`)
  maxBodyBytes: 16_384, // request body (413 above)
});

// locally: deno serve --host 127.0.0.1 --port 8000 main.ts
export default handler satisfies Deno.ServeDefaultExport;
