/**
 * Builds the playground as static files: `deno task web:build [--out dir]` (default `out/web/`)
 * bundles the page ({@link ./main.ts}) and its worker ({@link ./worker.ts}, every engine) with
 * `deno bundle --platform browser`, and copies `index.html` and `style.css`. Any static host
 * serves the folder; so does the HTTP handler (`makeHandler(engines, { web: "out/web" })`, and
 * `app/serve.ts` when `out/web/` exists). The build fails when a bundle still imports a module a
 * browser cannot load (`node:*`, `npm:*`, `jsr:*`).
 *
 * It prints the size of every file (raw and gzip). The page is one bundle for every engine (the
 * worker registers them all), so "per engine page" is measured as what one engine costs alone:
 * each engine's `cli` descriptor (its commands, kernels, and the core/effect code they pull in)
 * bundled by itself for the browser, minified (`--no-engines` skips these bundles). The speed of
 * the page against the CLI needs a browser: `deno task web:speed` (bench/web_speed.ts).
 *
 * @module
 */

/** What a build produced. */
export interface WebBuild {
  /** The output folder. */
  readonly dir: string;
  /** File name → size in bytes. */
  readonly files: { readonly [name: string]: number };
}

const here = new URL(".", import.meta.url);

/**
 * Bundles and copies the playground into `outDir`.
 *
 * @example
 * ```ts ignore
 * import { buildWeb } from "./build.ts";
 * console.log((await buildWeb("out/web")).files);
 * ```
 */
export const buildWeb = async (
  outDir: string,
  opts: { minify?: boolean } = {},
): Promise<WebBuild> => {
  Deno.mkdirSync(outDir, { recursive: true });
  const args = [
    "bundle",
    "--quiet",
    "--platform",
    "browser",
    ...(opts.minify === false ? [] : ["--minify"]),
    "--outdir",
    outDir,
    new URL("main.ts", here).pathname,
    new URL("worker.ts", here).pathname,
  ];
  const out = await new Deno.Command(Deno.execPath(), {
    args,
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  if (!out.success) {
    throw new Error(`deno bundle failed:\n${new TextDecoder().decode(out.stderr)}`);
  }
  for (const entry of ["main", "worker"]) {
    const js = Deno.readTextFileSync(`${outDir}/${entry}.js`);
    const bad =
      /\bfrom\s*["']((?:node|npm|jsr):[^"']+)["']|\bimport\s*\(\s*["']((?:node|npm|jsr):[^"']+)["']/
        .exec(js);
    if (bad) {
      throw new Error(`${entry}.js still imports ${bad[1] ?? bad[2]}, which a browser cannot load`);
    }
  }
  for (const name of ["index.html", "style.css"]) {
    Deno.copyFileSync(new URL(name, here), `${outDir}/${name}`);
  }
  const files: { [name: string]: number } = {};
  for (const e of Deno.readDirSync(outDir)) {
    if (e.isFile) files[e.name] = Deno.statSync(`${outDir}/${e.name}`).size;
  }
  return { dir: outDir, files };
};

/** Gzip size of `bytes` (level of the platform's CompressionStream). */
const gzipSize = async (bytes: Uint8Array): Promise<number> => {
  const s = new Blob([bytes as BlobPart]).stream().pipeThrough(new CompressionStream("gzip"));
  return (await new Response(s).arrayBuffer()).byteLength;
};

/**
 * The minified browser bundle size of each engine's `cli` descriptor alone (what one engine's
 * page would load), in bytes, bundled two at a time.
 *
 * @example
 * ```ts ignore
 * import { engineBundleSizes } from "./build.ts";
 * console.log(await engineBundleSizes(["walk"])); // { walk: ... }
 * ```
 */
export const engineBundleSizes = async (
  names: readonly string[],
): Promise<{ [engine: string]: { bytes: number; gzip: number } }> => {
  const tmp = Deno.makeTempDirSync({ prefix: "np-web-engines-" });
  const out: { [engine: string]: { bytes: number; gzip: number } } = {};
  try {
    const one = async (name: string): Promise<void> => {
      const mod = new URL(`../../engines/${name}/mod.ts`, import.meta.url).href;
      const entry = `${tmp}/${name}.ts`;
      Deno.writeTextFileSync(entry, `export { cli } from "${mod}";\n`);
      const r = await new Deno.Command(Deno.execPath(), {
        args: [
          "bundle",
          "--quiet",
          "--platform",
          "browser",
          "--minify",
          "--config",
          new URL("../../deno.json", import.meta.url).pathname,
          "-o",
          `${tmp}/${name}.js`,
          entry,
        ],
        stdout: "piped",
        stderr: "piped",
        env: { NO_COLOR: "1" },
      }).output();
      if (!r.success) {
        throw new Error(`deno bundle ${name}: ${new TextDecoder().decode(r.stderr)}`);
      }
      const js = Deno.readFileSync(`${tmp}/${name}.js`);
      out[name] = { bytes: js.length, gzip: await gzipSize(js) };
    };
    for (let i = 0; i < names.length; i += 2) await Promise.all(names.slice(i, i + 2).map(one));
  } finally {
    Deno.removeSync(tmp, { recursive: true });
  }
  return out;
};

const kib = (n: number): string => `${(n / 1024).toFixed(1)} KiB`;

if (import.meta.main) {
  const i = Deno.args.indexOf("--out");
  const dir = i >= 0 ? Deno.args[i + 1] : "out/web";
  const t0 = performance.now();
  const b = await buildWeb(dir);
  console.log(`built ${dir}/ in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  console.log("\n| file | size | gzip |\n| --- | ---: | ---: |");
  for (const [name, size] of Object.entries(b.files)) {
    const gz = await gzipSize(Deno.readFileSync(`${dir}/${name}`));
    console.log(`| ${name} | ${kib(size)} | ${kib(gz)} |`);
  }
  if (!Deno.args.includes("--no-engines")) {
    const { engines } = await import("../registry.ts");
    const t1 = performance.now();
    const sizes = await engineBundleSizes(engines.map((e) => e.name));
    console.log(
      "\nper engine page: each engine's cli descriptor bundled alone (minified, browser; " +
        `core and effect included in each; ${((performance.now() - t1) / 1000).toFixed(1)} s)`,
    );
    console.log("\n| engine | size | gzip |\n| --- | ---: | ---: |");
    for (const [name, s] of Object.entries(sizes)) {
      console.log(`| ${name} | ${kib(s.bytes)} | ${kib(s.gzip)} |`);
    }
  }
  if (Deno.args.includes("--speed")) {
    // the page's steps/s against the CLI's, same machine, same run (needs Chromium)
    const r = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", new URL("../../bench/web_speed.ts", import.meta.url).pathname],
      stdout: "inherit",
      stderr: "inherit",
    }).output();
    if (!r.success) Deno.exit(r.code);
  } else {
    console.log(
      "\nsteps/s in the page vs the CLI: deno task web:build --speed, or deno task web:speed " +
        "(needs Chromium; --write: docs/results/web.md)",
    );
  }
}
