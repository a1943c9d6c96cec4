/**
 * Command-line argument parsing for `np`.
 *
 * @module
 */

/** Parsed command line: positionals and flags (`--k v`, `--k=v`, bare `--k` → true). */
export interface ParsedArgs {
  readonly positional: readonly string[];
  readonly flags: { readonly [name: string]: string | boolean };
}

/** Flags that never take a value. */
const BOOLEAN_FLAGS = new Set(["json", "quiet", "help", "h", "force"]);

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

/**
 * `kebab-case` → `camelCase` (`--checkpoint-every` → `checkpointEvery`).
 *
 * @example
 * ```ts
 * import { camel } from "./args.ts";
 * console.log(camel("dev-steps")); // devSteps
 * ```
 */
export const camel = (s: string): string =>
  s.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/**
 * Parses a flag value as JSON when it looks like JSON (numbers, booleans, arrays,
 * objects, null), otherwise returns the string.
 *
 * @example
 * ```ts
 * import { flagValue } from "./args.ts";
 * console.log(flagValue("0.5"), flagValue("[1,2]"), flagValue("cartpole")); // 0.5 [1,2] "cartpole"
 * ```
 */
export const flagValue = (v: string | boolean): unknown => {
  if (typeof v === "boolean") return v;
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
};
