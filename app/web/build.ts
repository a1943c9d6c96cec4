/**
 * Builds the playground as static files: `deno task web:build [--out dir]` (default `out/web/`)
 * bundles the page ({@link ./main.ts}) and its worker ({@link ./worker.ts}, every engine) with
 * `deno bundle --platform browser`, and copies `index.html` and `style.css`. Any static host
 * serves the folder; so does the HTTP handler (`makeHandler(engines, { web: "out/web" })`, and
 * `app/serve.ts` when `out/web/` exists). The build fails when a bundle still imports a module a
 * browser cannot load (`node:*`, `npm:*`, `jsr:*`).
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

if (import.meta.main) {
  const i = Deno.args.indexOf("--out");
  const dir = i >= 0 ? Deno.args[i + 1] : "out/web";
  const t0 = performance.now();
  const b = await buildWeb(dir);
  for (const [name, size] of Object.entries(b.files)) {
    console.log(`${dir}/${name}  ${(size / 1024).toFixed(1)} KiB`);
  }
  console.log(`built in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
