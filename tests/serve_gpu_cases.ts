/**
 * The HTTP handler's custom commands on the GPU backends (`sorn batch`, `rsgn connectivity`
 * with --backend cpu|gpu|auto). Registered by tests/gpu_test.ts, the one test module that
 * touches WebGPU (see there why).
 */
import assert from "node:assert/strict";
import { post, withServer } from "./test_util.ts";

Deno.test("HTTP function commands: sorn batch on cpu/gpu/auto agree; genreg population; file flags refused", async () => {
  await withServer(async (base) => {
    const e = await (await fetch(`${base}/v1/engines`)).json();
    const sorn = e.engines.find((x: { name: string }) => x.name === "sorn");
    assert.ok(sorn.httpCommands.includes("batch"), JSON.stringify(sorn.httpCommands));
    const hasGpu = typeof navigator !== "undefined" && "gpu" in navigator &&
      (await navigator.gpu.requestAdapter()) !== null;
    const backends = hasGpu ? ["cpu", "gpu", "auto"] : ["cpu", "auto"];
    const rates: unknown[] = [];
    for (const backend of backends) {
      const r = await post(
        `${base}/v1/sorn/batch`,
        JSON.stringify({ config: { networks: 2, backend, length: 20 }, seed: 3 }),
      );
      const body = await r.json();
      assert.equal(r.status, 200, JSON.stringify(body));
      assert.equal(body.engine, "sorn");
      assert.equal(body.command, "batch");
      assert.equal(body.backend, backend === "gpu" ? "gpu" : body.backend);
      rates.push(body.perNetwork.map((n: { meanRateE: number }) => n.meanRateE));
    }
    // Same spikes on every backend (f32 GPU vs f64 CPU only differ below the thresholds here).
    for (const r of rates.slice(1)) assert.deepStrictEqual(r, rates[0]);
    const p = await post(
      `${base}/v1/genreg/population`,
      JSON.stringify({ config: { population: 16, backend: "cpu" }, seed: 1 }),
    );
    assert.equal(p.status, 200, await p.clone().text());
    assert.ok(Number.isFinite((await p.json()).bestMse));
    // Only config, seed (and steps for processes) are accepted; unknown commands and bad values are 4xx.
    const f = await post(
      `${base}/v1/sorn/batch`,
      JSON.stringify({ flags: { config: "/etc/passwd" } }),
    );
    assert.equal(f.status, 422);
    assert.equal((await f.json()).field, "flags");
    const c = await post(`${base}/v1/sorn/counting`, "{}");
    assert.equal(c.status, 404);
    await c.body?.cancel();
    const b = await post(`${base}/v1/sorn/batch`, JSON.stringify({ config: { backend: "tpu" } }));
    assert.equal(b.status, 422);
    assert.match((await b.json()).field, /backend/);
  });
});

Deno.test("rsgn connectivity over HTTP: gpu and cpu agree to f32 precision", async () => {
  await withServer(async (base) => {
    const hasGpu = typeof navigator !== "undefined" && "gpu" in navigator &&
      (await navigator.gpu.requestAdapter()) !== null;
    for (const backend of hasGpu ? ["cpu", "gpu", "auto"] : ["cpu", "auto"]) {
      const r = await post(
        `${base}/v1/rsgn/connectivity`,
        JSON.stringify({ config: { preset: "readme", backend }, seed: 1 }),
      );
      const body = await r.json();
      assert.equal(r.status, 200, JSON.stringify(body));
      if (backend === "gpu") assert.equal(body.backend, "gpu");
      assert.ok(body.maxRelDiffVsCpuF64 < 1e-4, `${backend}: ${body.maxRelDiffVsCpuF64}`);
      assert.equal(body.nodes, 256);
    }
  });
});
