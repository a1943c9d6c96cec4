/**
 * Helpers shared by the end-to-end tests: the CLI called in-process, the HTTP handler on a
 * localhost port, and waiting for a file that a child process writes.
 */
import { main } from "../app/cli.ts";
import { makeHandler } from "../app/handler.ts";
import { engines } from "../app/registry.ts";

/** Runs `np <argv>` in-process and collects its exit code, stdout and stderr. */
export const cli = async (
  ...argv: string[]
): Promise<{ code: number; out: string; err: string }> => {
  const out: string[] = [], err: string[] = [];
  const code = await main(argv, (s) => out.push(s), (s) => err.push(s), engines);
  return { code, out: out.join("\n"), err: err.join("\n") };
};

/** Polls every `pollMs` until `path` exists; throws after `timeoutMs`. */
export const waitForFile = async (path: string, timeoutMs: number, pollMs = 5): Promise<void> => {
  const t0 = performance.now();
  while (true) {
    try {
      Deno.statSync(path);
      return;
    } catch {
      if (performance.now() - t0 > timeoutMs) {
        throw new Error(`no ${path.split("/").at(-1)} within ${timeoutMs / 1000} s`);
      }
      await new Promise((r) => setTimeout(r, pollMs));
    }
  }
};

/** Serves the default registry on a free localhost port for the duration of `fn(base)`. */
export const withServer = async (
  fn: (base: string) => Promise<void>,
  limits = { maxBodyBytes: 4096, maxSteps: 5000, budgetMs: 5000 },
): Promise<void> => {
  const ac = new AbortController();
  const server = Deno.serve({
    port: 0,
    hostname: "127.0.0.1",
    signal: ac.signal,
    onListen: () => {},
  }, makeHandler(engines, limits).fetch);
  try {
    await fn(`http://127.0.0.1:${server.addr.port}`);
  } finally {
    ac.abort();
    await server.finished;
  }
};

/** POSTs `body` as JSON (extra headers merged). */
export const post = (
  url: string,
  body: BodyInit,
  headers: Record<string, string> = {},
): Promise<Response> =>
  fetch(url, { method: "POST", body, headers: { "content-type": "application/json", ...headers } });

/** The path of an installed Chromium (or Chrome) for the browser tests, or undefined. */
export const chromiumPath = (): string | undefined => {
  for (const p of ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]) {
    try {
      if (Deno.statSync(p).isFile) return p;
    } catch { /* next */ }
  }
  return undefined;
};
