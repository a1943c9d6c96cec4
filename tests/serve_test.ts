/**
 * The HTTP handler over real HTTP on localhost: health, engines, runs, NDJSON
 * streaming, malformed JSON, invalid UTF-8, huge bodies, wrong types, unknown
 * routes and concurrent requests. No bad input may produce a 5xx.
 */
import assert from "node:assert/strict";
import { post, withServer } from "./test_util.ts";

Deno.test("GET /health and /v1/engines", async () => {
  await withServer(async (base) => {
    const h = await fetch(`${base}/health`);
    assert.equal(h.status, 200);
    assert.deepStrictEqual(await h.json(), { ok: true });
    const e = await fetch(`${base}/v1/engines`);
    const body = await e.json();
    const walk = body.engines.find((x: { name: string }) => x.name === "walk");
    assert.ok(walk);
    const particles = walk.specs.run.params.find((p: { flag: string }) => p.flag === "particles");
    assert.equal(particles.default, 256);
    assert.equal(particles.min, 1);
    assert.ok(walk.commands.includes("run"));
  });
});

Deno.test("POST /v1/walk/run returns the CLI contract and is deterministic", async () => {
  await withServer(async (base) => {
    const body = JSON.stringify({ config: { particles: 16 }, seed: 5, steps: 100 });
    const a = await (await post(`${base}/v1/walk/run`, body)).json();
    const b = await (await post(`${base}/v1/walk/run`, body)).json();
    assert.equal(a.engine, "walk");
    assert.equal(a.steps, 100);
    assert.match(a.stateHash, /^[0-9a-f]{64}$/);
    assert.equal(a.stateHash, b.stateHash);
  });
});

Deno.test("NDJSON streaming sends progress lines then the result", async () => {
  await withServer(async (base) => {
    const res = await post(
      `${base}/v1/walk/run?stream=1`,
      JSON.stringify({ config: { particles: 8 }, steps: 200 }),
    );
    assert.equal(res.headers.get("content-type"), "application/x-ndjson");
    const lines = (await res.text()).trim().split("\n").map((l) => JSON.parse(l));
    assert.ok(lines.length >= 2);
    assert.ok(lines.slice(0, -1).every((l) => l.progress));
    assert.equal(lines.at(-1).result.steps, 200);
  });
});

Deno.test("bad input answers 4xx naming the field, never 5xx", async () => {
  await withServer(async (base) => {
    const cases: [BodyInit, number, string | undefined][] = [
      ["{ nope", 400, undefined],
      [new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), 400, undefined],
      ["[1,2]", 422, "(root)"],
      [JSON.stringify({ config: { particles: -3 } }), 422, "config.particles"],
      [JSON.stringify({ config: { sigma: "x" } }), 422, "config.sigma"],
      [JSON.stringify({ config: { sigma: 1e400 } }), 422, "config.sigma"],
      [JSON.stringify({ config: { bogus: 1 } }), 422, "config.bogus"],
      [JSON.stringify({ config: [] }), 422, "config"],
      [JSON.stringify({ steps: -1 }), 422, "steps"],
      [JSON.stringify({ steps: 1e9 }), 422, "steps"],
      [JSON.stringify({ seed: 1.5 }), 422, "seed"],
      [JSON.stringify({ extra: true }), 422, "extra"],
      ["x".repeat(10_000), 413, undefined],
    ];
    for (const [body, status, field] of cases) {
      const res = await post(`${base}/v1/walk/run`, body);
      const j = await res.json();
      assert.equal(res.status, status, `${String(body).slice(0, 40)} → ${JSON.stringify(j)}`);
      if (field) assert.equal(j.field, field);
    }
    assert.equal(
      (await fetch(`${base}/v1/nosuch/run`, { method: "POST", body: "{}" }).then((r) => {
        r.body?.cancel();
        return r;
      })).status,
      404,
    );
    assert.equal(
      (await fetch(`${base}/v1/walk/run`).then((r) => {
        r.body?.cancel();
        return r;
      })).status,
      405,
    );
    assert.equal(
      (await fetch(`${base}/nowhere`).then((r) => {
        r.body?.cancel();
        return r;
      })).status,
      404,
    );
  });
});

Deno.test("the wall-clock budget answers 422 naming steps", async () => {
  await withServer(async (base) => {
    const res = await post(
      `${base}/v1/walk/run`,
      JSON.stringify({ config: { particles: 100000 }, steps: 5000 }),
    );
    const j = await res.json();
    assert.equal(res.status, 422);
    assert.equal(j.field, "steps");
  }, { maxBodyBytes: 4096, maxSteps: 5000, budgetMs: 50 });
});

Deno.test("concurrent requests all succeed with their own deterministic results", async () => {
  await withServer(async (base) => {
    const reqs = Array.from(
      { length: 12 },
      (_, i) =>
        post(
          `${base}/v1/walk/run`,
          JSON.stringify({ config: { particles: 8 }, seed: i % 3, steps: 50 }),
        ).then((r) => r.json()),
    );
    const out = await Promise.all(reqs);
    for (let i = 0; i < out.length; i++) assert.equal(out[i].stateHash, out[i % 3].stateHash);
    assert.notEqual(out[0].stateHash, out[1].stateHash);
  });
});

Deno.test("HTTP function commands: counts above maxCount are refused naming the field", async () => {
  await withServer(async (base) => {
    const r = await post(`${base}/v1/sorn/batch`, JSON.stringify({ config: { networks: 65535 } }));
    assert.equal(r.status, 422);
    assert.equal((await r.json()).field, "config.networks");
  });
});

Deno.test("405 names the allowed method in an Allow header", async () => {
  await withServer(async (base) => {
    const r = await fetch(`${base}/v1/walk/run`);
    assert.equal(r.status, 405);
    assert.equal(r.headers.get("allow"), "POST");
    await r.body?.cancel();
    const h = await fetch(`${base}/health`, { method: "POST", body: "{}" });
    assert.equal(h.status, 405);
    assert.equal(h.headers.get("allow"), "GET");
    await h.body?.cancel();
  });
});

Deno.test("every registered engine is reachable over HTTP (GET /v1/engines lists its commands)", async () => {
  await withServer(async (base) => {
    const e = await (await fetch(`${base}/v1/engines`)).json();
    for (const x of e.engines as { name: string; httpCommands: string[] }[]) {
      assert.ok(x.httpCommands.length > 0, `${x.name} has no HTTP command`);
    }
    const r = await post(`${base}/v1/rsgn/info`, JSON.stringify({ config: { preset: "readme" } }));
    const body = await r.json();
    assert.equal(r.status, 200, JSON.stringify(body));
    assert.equal(body.paramCount, 44_862);
    const d = await post(
      `${base}/v1/rsgn/data`,
      JSON.stringify({
        config: { task: "long-range", n: 4, seqLen: 8, dim: 4, classes: 2 },
        seed: 42,
      }),
    );
    assert.equal(d.status, 200, await d.clone().text());
    const l = await post(
      `${base}/v1/lndp/train`,
      JSON.stringify({ config: { popsize: 7, strategy: "openai" }, steps: 1 }),
    );
    assert.equal(l.status, 422);
    assert.match((await l.json()).field, /popsize/);
    // One generation is one uninterruptible HTTP step: the reference's size (CMA-ES, popsize 256 ×
    // 3 CartPole lifetimes) is refused before it runs (an empty request runs the command's smaller
    // HTTP defaults instead), a small one runs.
    const t0 = performance.now();
    const big = await post(
      `${base}/v1/lndp/train`,
      JSON.stringify({ config: { strategy: "cma", popsize: 256, nEpisodes: 3 }, steps: 1 }),
    );
    assert.equal(big.status, 422);
    assert.equal((await big.json()).field, "config.popsize");
    assert.ok(performance.now() - t0 < 5000, `refusal took ${performance.now() - t0} ms`);
    const small = await post(
      `${base}/v1/lndp/train`,
      JSON.stringify({ config: { popsize: 4, nEpisodes: 1, task: "grid" }, steps: 1 }),
    );
    assert.equal(small.status, 200, await small.clone().text());
    assert.equal((await small.json()).generations, 1);
    // reachability, not speed. Under `deno test` (type checking on) the first function command
    // spawns the offload worker, whose module graph Deno type-checks at that moment: ~30 s on
    // this machine when the file runs alone (2 s under `deno run`), over the 5 s test limits.
  }, { maxBodyBytes: 4096, maxSteps: 5000, budgetMs: 120_000 });
});

Deno.test("limits are a partial object merged over the defaults and checked when the handler is built", async () => {
  const { makeHandler, resolveLimits, defaultLimits } = await import("../app/handler.ts");
  const { cli: walk } = await import("@neuroplastic/engines/walk");
  assert.deepEqual(resolveLimits({ maxSteps: 10 }), { ...defaultLimits, maxSteps: 10 });
  assert.throws(() => makeHandler([walk], { maxBodyBytes: -1 }), /maxBodyBytes must be an integer/);
  assert.throws(() => makeHandler([walk], { budgetMs: 0 }), /budgetMs/);
  // deno-lint-ignore no-explicit-any
  assert.throws(() => makeHandler([walk], { maxStep: 10 } as any), /unknown handler limit maxStep/);
  // a partial object keeps the body-size limit on (it was silently off before)
  const h = makeHandler([walk], { maxSteps: 10 });
  const big = await h.fetch(
    new Request("http://x/v1/walk/run", { method: "POST", body: "x".repeat(300_000) }),
  );
  assert.equal(big.status, 413);
  await big.body?.cancel();
});

Deno.test("CORS is off by default and answers only the configured origins", async () => {
  const { makeHandler } = await import("../app/handler.ts");
  const { cli: walk } = await import("@neuroplastic/engines/walk");
  const req = () => new Request("http://x/health", { headers: { origin: "https://a.example" } });
  const off = await makeHandler([walk]).fetch(req());
  assert.equal(off.headers.get("access-control-allow-origin"), null);
  await off.body?.cancel();
  const on = await makeHandler([walk], { cors: ["https://a.example"] }).fetch(req());
  assert.equal(on.headers.get("access-control-allow-origin"), "https://a.example");
  await on.body?.cancel();
  const other = await makeHandler([walk], { cors: ["https://b.example"] }).fetch(req());
  assert.equal(other.headers.get("access-control-allow-origin"), null);
  await other.body?.cancel();
  const pre = await makeHandler([walk], { cors: "*" }).fetch(
    new Request("http://x/v1/walk/run", { method: "OPTIONS", headers: { origin: "https://c" } }),
  );
  assert.equal(pre.status, 204);
  assert.equal(pre.headers.get("access-control-allow-origin"), "*");
});
