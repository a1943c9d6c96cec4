/**
 * Command-line argument parsing for `np`.
 *
 * @module
 */

/** Parsed command line: positionals and flags (`--k v`, `--k=v`, bare `--k` → true). */
export interface ParsedArgs {
  /** Arguments that are not flags, in order (`sorn`, `run`, a run folder). */
  readonly positional: readonly string[];
  /** Flags by name without dashes; a bare flag is `true`. */
  readonly flags: { readonly [name: string]: string | boolean };
}

/** Flags that never take a value. */
const BOOLEAN_FLAGS = new Set(["json", "quiet", "help", "h", "force", "debug", "version"]);

/**
 * Parses `argv` (without the program name).
 *
 * @example
 * ```ts
 * import { parseArgs } from "./args.ts";
 * console.log(parseArgs(["sorn", "run", "--steps", "10", "--json"]));
 * ```
 */
export const parseArgs = (argv: readonly string[]): ParsedArgs => {
  const positional: string[] = [];
  const flags: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--") {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith("--") || (a.startsWith("-") && a.length === 2 && isNaN(Number(a)))) {
      const body = a.replace(/^--?/, "");
      const eq = body.indexOf("=");
      if (eq >= 0) {
        flags[body.slice(0, eq)] = body.slice(eq + 1);
      } else if (BOOLEAN_FLAGS.has(body)) {
        flags[body] = true;
      } else if (i + 1 < argv.length && !argv[i + 1].startsWith("--")) {
        flags[body] = argv[++i];
      } else {
        flags[body] = true;
      }
    } else {
      positional.push(a);
    }
  }
  return { positional, flags };
};
