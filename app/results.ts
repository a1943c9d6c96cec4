/**
 * `deno task results <engine> <command> [flags]`: regenerates a published results file. It runs
 * the command through the orchestrator with `--out` in a temporary folder, then copies only the
 * command's own documents (the result's `files`: tables, figures, JSON) into `docs/results` (or
 * `--to dir`), so the run folder's bookkeeping never lands among the published results. This is
 * the one way a command writes into `docs/results`; no command does it by default.
 *
 * ```sh
 * deno task results genreg ultrasparse --trials 20 --workers 2
 * deno task results sorn counting --to docs/results
 * ```
 *
 * @module
 */
import { parseArgs } from "@neuroplastic/core/sim";
import { main } from "./cli.ts";
import { engines } from "./registry.ts";

/**
 * Runs the command into a temporary folder and copies its documents into `to`; returns the exit
 * code (the command's own, or 2 for a bad invocation).
 *
 * @example
 * ```ts ignore
 * const code = await publishResults(["rsgn", "table", "--in", "docs/results/rsgn"], "docs/results");
 * ```
 */
export const publishResults = async (argv: readonly string[], to: string): Promise<number> => {
  const tmp = Deno.makeTempDirSync({ prefix: "np-results-" });
  try {
    const out: string[] = [];
    const code = await main(
      [...argv, "--out", `${tmp}/run`, "--json"],
      (s) => out.push(s),
      (s) => console.error(s),
      engines,
    );
    if (code !== 0) return code;
    const result = JSON.parse(out.at(-1) ?? "{}") as { files?: string[] };
    if (!result.files?.length) {
      console.error("results: this command writes no documents");
      return 2;
    }
    Deno.mkdirSync(to, { recursive: true });
    for (const f of result.files) {
      const dest = `${to}/${f}`;
      Deno.mkdirSync(dest.slice(0, dest.lastIndexOf("/")), { recursive: true });
      Deno.copyFileSync(`${tmp}/run/${f}`, dest);
      console.log(dest);
    }
    return 0;
  } finally {
    Deno.removeSync(tmp, { recursive: true });
  }
};

if (import.meta.main) {
  const { flags } = parseArgs(Deno.args);
  const to = typeof flags.to === "string" ? flags.to : "docs/results";
  const argv = Deno.args.filter((a, i, all) =>
    a !== "--to" && all[i - 1] !== "--to" && !a.startsWith("--to=")
  );
  if (flags.out !== undefined) {
    console.error("results: --out is chosen by this task (a temporary folder); use --to dir");
    Deno.exit(2);
  }
  Deno.exit(await publishResults(argv, to));
}
