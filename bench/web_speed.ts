/**
 * The playground's speed against the CLI, and its screenshots: `deno task web:speed [--write]`.
 *
 * Builds the page (`app/web/build.ts`), serves it with the HTTP handler on 127.0.0.1 and drives
 * headless Chromium (Debian's, through playwright-core) at a fixed 1300 × 1000 viewport. For one
 * run of each engine's playground command it measures, on this machine and in this process:
 *
 * - page: units per second of the run in the page's Web Worker (the worker's own figure: units
 *   over the orchestrator's elapsed time of the segment, live figures included — they are drawn
 *   in the same worker), read from the status line's `data-per-second`;
 * - CLI: units per second of the same `deno task np ...` line (the page's "copy as CLI" line),
 *   run in-process by `main` after the page has finished (never both at once);
 * - the ratio page / CLI.
 *
 * It also times one function command on WebGPU in a second Chromium started with
 * `--enable-unsafe-webgpu` (a software SwiftShader adapter where there is no GPU) against the
 * same command on the CPU in the page and in the CLI.
 *
 * `--write` writes `docs/results/web.{md,json}` and `docs/screenshots/web-<engine>.png` (one per
 * engine page, after its run); without it nothing in the repository is written.
 *
 * @module
 */
import { chromium, type Page } from "playwright-core";
import { main } from "../app/cli.ts";
import { makeHandler } from "../app/handler.ts";
import { engines } from "../app/registry.ts";
import { buildWeb } from "../app/web/build.ts";
import { chromiumPath } from "../tests/test_util.ts";
import { webSpeedMarkdown, type WebSpeedReport, type WebSpeedRow } from "./web_speed_md.ts";

const write = Deno.args.includes("--write");
const root = new URL("../", import.meta.url).pathname;
const exe = chromiumPath();
if (!exe) {
  console.error("web:speed needs Chromium (/usr/bin/chromium: apt-get install chromium)");
  Deno.exit(1);
}

/** One run per engine page (seconds each in the page). */
const RUNS: readonly { readonly name: string; readonly query: string }[] = [
  { name: "sorn", query: "engine=sorn&command=run&seed=1&steps=4000" },
  { name: "walk", query: "engine=walk&command=run&seed=1&steps=3000" },
  { name: "genreg", query: "engine=genreg&command=run&seed=1&sa.steps=5000&trace-every=100" },
  { name: "hebbian-rnn", query: "engine=hebbian-rnn&command=mode-a-train&seed=1&epochs=60" },
  {
    name: "lndp",
    query: "engine=lndp&command=train&seed=1&generations=4&n-episodes=2&strategy=openai&popsize=16",
  },
  { name: "rsgn", query: "engine=rsgn&command=train&epochs=2&train-limit=32&val-limit=16" },
];

const np = async (argv: readonly string[]): Promise<Record<string, unknown>> => {
  const out: string[] = [], err: string[] = [];
  const code = await main(
    [...argv, "--json", "--quiet"],
    (s) => out.push(s),
    (s) => err.push(s),
    engines,
  );
  if (code !== 0) throw new Error(`np ${argv.join(" ")}: ${err.join("\n")}`);
  return JSON.parse(out.join(""));
};
const argvOf = (line: string): string[] => line.slice("deno task np ".length).split(" ");

const dir = Deno.makeTempDirSync({ prefix: "np-web-speed-" });
const web = `${dir}/web`;
const built = await buildWeb(web);
const handler = makeHandler(engines, { web });
const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, handler.fetch);
const base = `http://127.0.0.1:${server.addr.port}/`;

const open = async (browser: Awaited<ReturnType<typeof chromium.launch>>): Promise<Page> => {
  const page = await browser.newPage({ viewport: { width: 1300, height: 1000 } });
  page.on("pageerror", (e) => console.error("page error:", String(e)));
  return page;
};
const load = async (page: Page, query: string): Promise<string> => {
  await page.goto(`${base}?${query}`);
  await page.waitForSelector("#start:not([disabled])", { timeout: 60_000 });
  return (await page.textContent("#cli")) ?? "";
};
const finish = async (page: Page): Promise<void> => {
  await page.click("#start");
  await page.waitForFunction(
    `document.getElementById("status").dataset.finished === "true" && /^[0-9a-f]{64}$/.test(document.getElementById("hash").textContent)`,
    null,
    { timeout: 600_000 },
  );
};

type Row = WebSpeedRow;
const rows: Row[] = [];
const started = new Date().toISOString();
const loadStart = Deno.loadavg();
const browser = await chromium.launch({
  executablePath: exe,
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
});
const chromiumVersion = browser.version();
/**
 * How often Math.exp, Math.log and Math.sin give a different double in this Chromium than in this
 * Deno, over the same 200,000 arguments in [−10, 10): a run whose stateHash differs between the
 * page and the CLI traces back to these (the engines use the built-in Math functions).
 */
const MATH_PROBE = `(() => {
  let s = 12345;
  const xs = [];
  for (let i = 0; i < 200000; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    xs.push((s / 2147483648 - 0.5) * 20);
  }
  const fs = { exp: Math.exp, log: (x) => Math.log(Math.abs(x)), sin: Math.sin };
  const r = {};
  for (const [k, f] of Object.entries(fs)) r[k] = xs.map(f);
  return JSON.stringify(r);
})()`;
let mathDiff: { [fn: string]: number } = {};
let mathMaxRel = 0;
try {
  const page = await open(browser);
  {
    const inDeno = JSON.parse((0, eval)(MATH_PROBE)) as { [k: string]: number[] };
    const inPage = JSON.parse(await page.evaluate(MATH_PROBE)) as { [k: string]: number[] };
    mathDiff = Object.fromEntries(
      Object.keys(inDeno).map((k) => [k, inDeno[k].filter((v, i) => v !== inPage[k][i]).length]),
    );
    for (const k of Object.keys(inDeno)) {
      inDeno[k].forEach((v, i) => {
        if (v !== inPage[k][i]) mathMaxRel = Math.max(mathMaxRel, Math.abs(v / inPage[k][i] - 1));
      });
    }
    console.log(`Math results that differ page vs Deno (of 200,000): ${JSON.stringify(mathDiff)}`);
  }
  for (const r of RUNS) {
    const line = await load(page, r.query);
    await finish(page);
    const pagePerSecond = Number(await page.getAttribute("#status", "data-per-second"));
    const pageHash = (await page.textContent("#hash")) ?? "";
    // let the last figures land before the screenshot
    await page.waitForTimeout(300);
    const shot = write ? `${root}docs/screenshots/web-${r.name}.png` : `${dir}/web-${r.name}.png`;
    await page.screenshot({ path: shot });
    const cli = await np(argvOf(line));
    const unit = String(cli.unit);
    const units = Number(cli[`${unit}s`]);
    const cliPerSecond = units / (Number(cli.elapsedMs) / 1000);
    rows.push({
      engine: r.name,
      line,
      unit,
      units,
      pagePerSecond,
      cliPerSecond,
      ratio: pagePerSecond / cliPerSecond,
      sameHash: pageHash === cli.stateHash,
    });
    console.log(
      `${r.name}: page ${pagePerSecond.toPrecision(4)} ${unit}s/s, CLI ${
        cliPerSecond.toPrecision(4)
      } ${unit}s/s, ratio ${(pagePerSecond / cliPerSecond).toFixed(2)}`,
    );
  }
} finally {
  await browser.close();
}

// One function command with a --backend flag: WebGPU in the page vs CPU in the page and the CLI.
const FN = "engine=genreg&command=population&seed=1&population=1024";
let gpuRow: WebSpeedReport["gpu"] = undefined;
{
  const gb = await chromium.launch({
    executablePath: exe,
    args: ["--no-sandbox", "--enable-unsafe-webgpu", "--no-first-run"],
  });
  try {
    const page = await open(gb);
    const timeFn = async (query: string) => {
      const line = await load(page, query);
      await page.click("#start");
      await page.waitForFunction(
        `document.getElementById("status").dataset.finished === "true"`,
        null,
        {
          timeout: 600_000,
        },
      );
      const text = (await page.textContent("#result")) ?? "";
      return { line, result: JSON.parse(text.slice(text.indexOf("{"))) as Record<string, unknown> };
    };
    const adapter = await (async () => {
      await load(page, FN);
      return (await page.textContent("#backend")) ?? "";
    })();
    const hasGpu = adapter.startsWith("WebGPU");
    const g = hasGpu ? await timeFn(`${FN}&backend=gpu`) : undefined;
    const c = await timeFn(`${FN}&backend=cpu`);
    const cli = await np(argvOf(c.line));
    gpuRow = {
      line: g?.line ?? c.line,
      adapter,
      pageGpuMs: g ? Number(g.result.evalMs) : null,
      pageCpuMs: Number(c.result.evalMs),
      cliCpuMs: Number(cli.evalMs),
      gpuBestMse: g ? Number(g.result.bestMse) : null,
      cpuBestMse: Number(cli.bestMse),
    };
    console.log(`genreg population 1024: ${JSON.stringify(gpuRow)}`);
  } finally {
    await gb.close();
  }
}
await server.shutdown();
Deno.removeSync(dir, { recursive: true });

const report: WebSpeedReport = {
  started,
  deno: Deno.version.deno,
  v8: Deno.version.v8,
  chromium: chromiumVersion,
  cores: navigator.hardwareConcurrency,
  loadStart,
  rows,
  gpu: gpuRow,
  bundles: built.files,
  mathDiff,
  mathMaxRel,
};
const md = webSpeedMarkdown(report);
console.log("\n" + md);
if (write) {
  Deno.writeTextFileSync(`${root}docs/results/web.md`, md);
  Deno.writeTextFileSync(
    `${root}docs/results/web.json`,
    JSON.stringify(report, null, 2) + "\n",
  );
}
