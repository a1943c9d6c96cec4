/**
 * Helpers shared by the end-to-end tests: the CLI called in-process, and waiting for a file
 * that a child process writes.
 */
import { main } from "../app/cli.ts";

/** Runs `np <argv>` in-process and collects its exit code, stdout and stderr. */
export const cli = async (
  ...argv: string[]
): Promise<{ code: number; out: string; err: string }> => {
  const out: string[] = [], err: string[] = [];
  const code = await main(argv, (s) => out.push(s), (s) => err.push(s));
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
