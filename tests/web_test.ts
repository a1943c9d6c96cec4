/**
 * The playground in a real browser: the page is built into a temporary folder
 * (`app/web/build.ts`, `deno bundle --platform browser`), served by the HTTP handler
 * (`makeHandler(engines, { web })`) on 127.0.0.1 and driven in headless Chromium (Debian's, through
 * playwright-core). Each engine runs in the page's Web Worker and must end on the `stateHash` of
 * the CLI line the page shows, run here in-process by `main` (`np ... --json`); a 5-second SORN
 * run must leave no long task (> 50 ms) on the page's main thread; a bad value must show the CLI's
 * own error line; a run folder must go both ways between the page and `np resume`.
 * Skips with a message where Chromium is absent. The repository is never written.
 */
import assert from "node:assert/strict";
import { main } from "../app/cli.ts";
import { makeHandler } from "../app/handler.ts";
import { engines } from "../app/registry.ts";
import { buildWeb } from "../app/web/build.ts";
import { untar } from "../app/web/tar.ts";
import { chromiumPath } from "./test_util.ts";

const exe = chromiumPath();

/** `np <argv> --json --quiet` in-process: its result object (and its stderr lines). */
const np = async (
  argv: readonly string[],
): Promise<{ result?: Record<string, unknown>; err: string[] }> => {
  const out: string[] = [], err: string[] = [];
  const code = await main(
    [...argv, "--json", "--quiet"],
    (s) => out.push(s),
    (s) => err.push(s),
    engines,
  );
  return code === 0 ? { result: JSON.parse(out.join("")), err } : { err };
};

/** The argv of a `deno task np ...` line (the page quotes nothing in these cases). */
const argvOf = (line: string): string[] => {
  assert.ok(line.startsWith("deno task np "), line);
  assert.ok(!/['"]/.test(line), `unexpected quoting in ${line}`);
  return line.slice("deno task np ".length).split(" ");
};

// Page-side conditions (expressions evaluated in the page).
const STATUS_FINISHED = `document.getElementById("status").dataset.finished === "true"`;
const HASH_SHOWN = `/^[0-9a-f]{64}$/.test(document.getElementById("hash").textContent)`;
const statusDone = (n: number): string =>
  `document.getElementById("status").dataset.done === "${n}"`;

/** Short runs of every engine's playground command (the page's flags; seconds each). */
const RUNS: readonly {
  readonly query: string;
  readonly plots: readonly string[];
  /** Elements the figures must hold: selector → how many. */
  readonly count?: { readonly [selector: string]: number };
}[] = [
  { query: "engine=walk&command=run&seed=1&steps=300", plots: ["walk-disk"] },
  {
    query: "engine=genreg&command=run&seed=1&sa.steps=600",
    plots: ["genreg-fitness", "genreg-saturation"],
  },
  {
    query: "engine=hebbian-rnn&command=mode-a-train&seed=1&epochs=3",
    plots: ["hebbian-rnn-loss", "hebbian-rnn-traces"],
  },
  {
    query: "engine=hebbian-rnn&command=mode-b-train&seed=1&steps=4",
    plots: ["hebbian-rnn-loss", "hebbian-rnn-norm"],
  },
  {
    query: "engine=hebbian-rnn&command=mode-c-train&seed=1&trials=2",
    plots: ["hebbian-rnn-loss", "hebbian-rnn-norm", "hebbian-rnn-traces"],
  },
  {
    query:
      "engine=lndp&command=train&seed=1&generations=2&n-episodes=1&n-nodes=8&strategy=openai&popsize=8",
    plots: ["lndp-fitness", "lndp-network", "lndp-edges"],
    // a replayed lifetime on CartPole: 4 moments, each with its network and the cart
    count: { "svg[data-plot=lndp-network] g.cart": 4 },
  },
  {
    query:
      "engine=rsgn&command=train&model=rsgn-sparse&epochs=1&train-limit=8&val-limit=8&batch-size=8&num-steps=1",
    plots: ["rsgn-accuracy", "rsgn-disk"],
  },
];

/** The result object a function command shows in #result (after its text lines). */
const resultOf = (text: string): Record<string, unknown> =>
  JSON.parse(text.slice(text.indexOf("{")));

Deno.test({
  name: "playground: every engine in the page ends on the CLI's stateHash, without long tasks",
  ignore: exe === undefined,
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async (t) => {
    const { chromium } = await import("playwright-core");
    const dir = Deno.makeTempDirSync({ prefix: "np-web-test-" });
    const timings: string[] = [];
    const timed = async <T>(label: string, f: () => Promise<T>): Promise<T> => {
      const t0 = performance.now();
      try {
        return await f();
      } finally {
        timings.push(`${label} ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      }
    };
    const web = `${dir}/web`;
    const built = await timed("build", () => buildWeb(web));
    assert.ok(
      built.files["worker.js"] > 100_000 && built.files["main.js"] > 1000,
      JSON.stringify(built.files),
    );
    const handler = makeHandler(engines, { web });
    const server = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen: () => {} },
      handler.fetch,
    );
    const base = `http://127.0.0.1:${server.addr.port}/`;
    const marker = `--np-web-test=${crypto.randomUUID()}`;
    const browser = await chromium.launch({
      executablePath: exe,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        marker,
      ],
    });
    const page = await browser.newPage({
      viewport: { width: 1300, height: 1000 },
      acceptDownloads: true,
    });
    const errors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    page.on("pageerror", (e) => errors.push(String(e)));
    const load = async (query: string): Promise<string> => {
      await page.goto(`${base}?${query}`);
      await page.waitForSelector("#start:not([disabled])", { timeout: 30_000 });
      return (await page.textContent("#cli")) ?? "";
    };
    /** Starts the page's run, runs `meanwhile` (the CLI side, in this process), then waits. */
    const finish = async <T>(meanwhile?: () => Promise<T>): Promise<[string, T | undefined]> => {
      await page.click("#start");
      const other = meanwhile ? await meanwhile() : undefined;
      await page.waitForFunction(STATUS_FINISHED, null, { timeout: 60_000 });
      await page.waitForFunction(HASH_SHOWN);
      return [(await page.textContent("#hash")) ?? "", other];
    };
    try {
      await t.step(
        "SORN, 2,000 steps at seed 1: the stateHash of np sorn run --steps 2000 --seed 1",
        async () => {
          const line = await load("engine=sorn&command=run&seed=1&steps=2000");
          assert.equal(line, "deno task np sorn run --seed 1 --steps 2000");
          // the CLI run goes on in this process while the page runs in the browser
          const [hash, cli] = await timed(
            "sorn 2000 steps (page and CLI)",
            () => finish(() => np(["sorn", "run", "--steps", "2000", "--seed", "1"])),
          );
          assert.equal(hash, cli?.result?.stateHash);
          const plots = await page.$$eval(
            "svg.plot",
            (els) => els.map((e) => e.getAttribute("data-plot")),
          );
          for (const p of ["sorn-raster", "sorn-rates", "sorn-ee-count", "sorn-ee-weights"]) {
            assert.ok(plots.includes(p), `${p} not in ${plots}`);
          }
          assert.ok(await page.$$eval("svg[data-plot=sorn-raster] .tick", (els) => els.length) > 0);
        },
      );

      for (const r of RUNS) {
        const name = new URLSearchParams(r.query);
        await t.step(
          `${name.get("engine")} ${name.get("command")}: the stateHash of the page's CLI line`,
          async () => {
            const line = await load(r.query);
            const [hash, cli] = await timed(
              `${name.get("engine")} ${name.get("command")} (page and CLI)`,
              () => finish(() => np(argvOf(line))),
            );
            assert.ok(cli?.result, cli?.err.join("\n"));
            assert.equal(hash, cli.result.stateHash, line);
            for (const plot of r.plots) {
              assert.ok(await page.$(`svg[data-plot="${plot}"]`), `${plot} missing`);
            }
            for (const [sel, n] of Object.entries(r.count ?? {})) {
              assert.equal(await page.$$eval(sel, (els) => els.length), n, sel);
            }
          },
        );
      }

      await t.step(
        "function commands with --backend: without a WebGPU adapter the page says so and runs them on the CPU, with the CLI's stateHash",
        async () => {
          // this browser runs with --disable-gpu: no adapter
          await page.waitForFunction(`document.getElementById("backend").dataset.gpu === "false"`);
          assert.equal(await page.textContent("#backend"), "CPU (no WebGPU adapter)");
          // chosen from the menu, a command with --backend starts on the CPU here
          await page.selectOption("#command", "genreg population");
          await page.waitForFunction(
            `document.getElementById("cli").textContent.endsWith("--backend cpu")`,
          );
          // a link without --backend runs the CLI's default (cpu)
          const line = await load("engine=genreg&command=population&seed=1&population=64");
          assert.equal(line, "deno task np genreg population --seed 1 --population 64");
          const [hash, cli] = await finish(() => np(argvOf(line)));
          assert.ok(cli?.result, cli?.err.join("\n"));
          assert.equal(hash, cli.result.stateHash);
          assert.equal(resultOf((await page.textContent("#result")) ?? "").backend, "cpu");
        },
      );

      await t.step("a 5-second SORN run leaves no task over 50 ms on the main thread", async () => {
        await load("engine=sorn&command=run&seed=1&steps=10000000");
        await page.evaluate(() => {
          const w = window as unknown as { longTasks: number[] };
          w.longTasks = [];
          new PerformanceObserver((list) => {
            for (const e of list.getEntries()) w.longTasks.push(e.duration);
          }).observe({ type: "longtask" });
        });
        await page.click("#start");
        await timed("sorn 5 s run (page)", () => new Promise((res) => setTimeout(res, 5000)));
        await page.click("#pause");
        await page.waitForFunction(HASH_SHOWN);
        const done = Number(await page.getAttribute("#status", "data-done"));
        const long = await page.evaluate(() =>
          (window as unknown as { longTasks: number[] }).longTasks
        );
        assert.ok(done > 500, `only ${done} steps in 5 s`);
        assert.deepStrictEqual(long, [], `long tasks on the main thread: ${long.join(", ")} ms`);
        // the observer does see a long task (a deliberate 80 ms busy loop in a timer task of the
        // page), so the check can fail
        await page.evaluate(() =>
          setTimeout(() => {
            const t0 = performance.now();
            while (performance.now() - t0 < 80) { /* busy */ }
          }, 0)
        );
        await page.waitForFunction(
          () => (window as unknown as { longTasks: number[] }).longTasks.length > 0,
          null,
          { timeout: 5_000 },
        );
        timings.push(`sorn 5 s run: ${done} steps, no long task`);
      });

      await t.step("a bad value shows the CLI's own error line and marks the control", async () => {
        await load("engine=sorn&command=run&seed=1&steps=100");
        await page.fill('[data-flag="sp-prob"] input', "2");
        await page.dispatchEvent('[data-flag="sp-prob"] input', "change");
        await page.waitForSelector("#error:not([hidden])");
        const shown = (await page.textContent("#error")) ?? "";
        const line = (await page.textContent("#cli")) ?? "";
        assert.ok(line.includes("--sp-prob 2"), line);
        const cli = await np(argvOf(line));
        assert.equal(cli.result, undefined);
        assert.equal(shown, cli.err.at(-1));
        assert.ok(await page.$('[data-flag="sp-prob"].bad'));
        assert.ok(await page.$("#start[disabled]"));
      });

      await t.step(
        "a run folder: downloaded from the page, np resume finishes it; exported by np, the page finishes it",
        async () => {
          const full = await np(["sorn", "run", "--seed", "2", "--steps", "600"]);
          // page → CLI: three single steps, then download the run folder and np resume it
          await load("engine=sorn&command=run&seed=2&steps=600");
          for (let k = 1; k <= 3; k++) {
            await page.click("#step");
            await page.waitForFunction(statusDone(k));
          }
          const [download] = await Promise.all([
            page.waitForEvent("download"),
            page.click("#export"),
          ]);
          const tar = `${dir}/page.tar`;
          await download.saveAs(tar);
          const files = untar(Deno.readFileSync(tar));
          const folder = files[0].name.split("/")[0];
          assert.deepStrictEqual(files.map((f) => f.name.split("/")[1]).sort(), [
            "checkpoint.bin",
            "config.json",
            "run.json",
          ]);
          for (const f of files) {
            Deno.mkdirSync(`${dir}/out/${folder}`, { recursive: true });
            Deno.writeFileSync(`${dir}/out/${f.name}`, f.bytes);
          }
          const resumed = await timed(
            "np resume of the page's folder",
            () => np(["resume", `${dir}/out/${folder}`]),
          );
          assert.equal(resumed.result?.resumedFrom, 3);
          assert.equal(resumed.result?.stateHash, full.result?.stateHash);
          // CLI → page: a run stopped by its budget, continued in the page
          const runDir = `${dir}/cli-run`;
          const stopped = await np([
            "sorn",
            "run",
            "--seed",
            "2",
            "--steps",
            "600",
            "--out",
            runDir,
            "--budget",
            "0.001",
          ]);
          const at = Number(stopped.result?.steps);
          assert.ok(at > 0 && at < 600, `stopped at ${at}`);
          await page.setInputFiles("#import", [`${runDir}/run.json`, `${runDir}/checkpoint.bin`]);
          await page.waitForFunction(statusDone(at));
          assert.equal(
            await page.textContent("#cli"),
            "deno task np sorn run --seed 2 --steps 600",
          );
          const [continued] = await timed("page continuing np's folder", () => finish());
          assert.equal(continued, full.result?.stateHash);
        },
      );
      await t.step(
        "WebGPU (Chromium with --enable-unsafe-webgpu): the function commands run their WGSL kernels in the page",
        async () => {
          const gpuBrowser = await chromium.launch({
            executablePath: exe,
            args: ["--no-sandbox", "--enable-unsafe-webgpu", "--no-first-run", marker],
          });
          try {
            const gp = await gpuBrowser.newPage();
            gp.on("pageerror", (e) => errors.push(String(e)));
            await gp.goto(base);
            await gp.waitForSelector("#start:not([disabled])", { timeout: 30_000 });
            const shown = (await gp.textContent("#backend")) ?? "";
            if (!shown.startsWith("WebGPU")) {
              // a Chromium without a WebGPU adapter (e.g. no SwiftShader): the CPU fallback
              assert.match(shown, /^CPU \(/);
              timings.push(`no WebGPU adapter in this Chromium (${shown}): GPU path not run`);
              return;
            }
            timings.push(`backend: ${shown}`);
            // chosen from the menu, a command with --backend starts on the GPU here
            await gp.selectOption("#command", "genreg population");
            await gp.waitForFunction(
              `document.getElementById("cli").textContent.endsWith("--backend gpu")`,
            );
            await gp.goto(
              `${base}?engine=genreg&command=population&seed=1&population=64&backend=gpu`,
            );
            await gp.waitForSelector("#start:not([disabled])", { timeout: 30_000 });
            const line = (await gp.textContent("#cli")) ?? "";
            assert.equal(
              line,
              "deno task np genreg population --seed 1 --population 64 --backend gpu",
            );
            const run = async (): Promise<Record<string, unknown>> => {
              await gp.click("#start");
              await gp.waitForFunction(STATUS_FINISHED, null, { timeout: 60_000 });
              return resultOf((await gp.textContent("#result")) ?? "");
            };
            const onGpu = await timed("genreg population 64 on WebGPU (page)", run);
            // the CPU reference (f64) from the CLI: the GPU kernel computes in f32
            const cpu = await np(argvOf(line.replace("--backend gpu", "--backend cpu")));
            assert.equal(onGpu.backend, "gpu");
            assert.equal(onGpu.bestIndex, cpu.result?.bestIndex);
            const rel = Math.abs(Number(onGpu.bestMse) / Number(cpu.result?.bestMse) - 1);
            assert.ok(rel < 1e-5, `GPU best MSE ${onGpu.bestMse} vs CPU ${cpu.result?.bestMse}`);
            assert.notEqual(onGpu.stateHash, cpu.result?.stateHash); // f32, not the f64 bits
            await gp.goto(`${base}?engine=rsgn&command=connectivity&seed=1&backend=gpu`);
            await gp.waitForSelector("#start:not([disabled])", { timeout: 30_000 });
            const rsgn = await timed("rsgn connectivity on WebGPU (page)", run);
            assert.equal(rsgn.backend, "gpu");
            assert.ok(Number(rsgn.maxRelDiffVsCpuF64) < 1e-4, String(rsgn.maxRelDiffVsCpuF64));
          } finally {
            await gpuBrowser.close();
          }
        },
      );
      assert.deepStrictEqual(errors, [], "console errors");
    } finally {
      await browser.close();
      await server.shutdown();
      Deno.removeSync(dir, { recursive: true });
      console.log(`web_test timings: ${timings.join("; ")}`);
    }
  },
});

if (exe === undefined) {
  console.warn(
    "web_test: skipped — no Chromium found at /usr/bin/chromium (apt-get install chromium)",
  );
}
