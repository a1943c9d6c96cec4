/**
 * The HTTP defaults of every command fit the HTTP limits: an empty request (`POST {}`) to every
 * command the handler serves, with the default limits, answers 200, never 422 on its own
 * defaults. The commands come from the registry (the conformance list, `listedCommands`) and
 * must equal what `GET /v1/engines` lists as `httpCommands`; a command whose reference defaults
 * are too large for one request declares `httpDefaults` / `httpSteps` (core/sim/command.ts).
 *
 * Each empty request must also finish well within the default budget (half of it here), so the
 * answer does not depend on the machine's load.
 */
import assert from "node:assert/strict";
import { listedCommands } from "@neuroplastic/core/sim";
import { defaultLimits, makeHandler } from "../app/handler.ts";
import { engines } from "../app/registry.ts";

const { fetch } = makeHandler(engines); // the default limits

/** Engine → the commands it serves over HTTP, from `GET /v1/engines`. */
const served = async (): Promise<Map<string, string[]>> => {
  const res = await fetch(new Request("http://127.0.0.1/v1/engines"));
  assert.equal(res.status, 200);
  const body = await res.json() as { engines: { name: string; httpCommands: string[] }[] };
  return new Map(body.engines.map((e) => [e.name, e.httpCommands]));
};

Deno.test("http defaults: GET /v1/engines serves a subset of the conformance list of commands", async () => {
  const listed = await served();
  assert.deepEqual([...listed.keys()], engines.map((e) => e.name));
  for (const e of engines) {
    const http = listed.get(e.name)!;
    const conformance = listedCommands(e);
    for (const c of http) assert.ok(conformance.includes(c), `${e.name} ${c} is not listed`);
  }
  // at least one command per engine is served
  for (const [name, cmds] of listed) assert.ok(cmds.length > 0, `${name} serves nothing`);
});

const listed = await served();
for (const e of engines) {
  for (const name of listed.get(e.name) ?? []) {
    Deno.test(`http defaults: POST {} /v1/${e.name}/${name} answers 200`, async () => {
      const t0 = performance.now();
      const res = await fetch(
        new Request(`http://127.0.0.1/v1/${e.name}/${name}`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: "{}",
        }),
      );
      const body = await res.json();
      const ms = performance.now() - t0;
      assert.equal(res.status, 200, `${e.name} ${name}: ${JSON.stringify(body)}`);
      assert.equal(body.engine, e.name);
      assert.equal(body.command, name);
      assert.equal(typeof body.stateHash, "string");
      assert.ok(
        ms < defaultLimits.budgetMs / 2,
        `${e.name} ${name}: an empty request took ${
          Math.round(ms)
        } ms (budget ${defaultLimits.budgetMs} ms)`,
      );
    });
  }
}
