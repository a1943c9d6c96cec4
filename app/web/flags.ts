/**
 * The playground's run description, shared by the page and its worker (no imports: the page's
 * main bundle stays small): the catalogue of commands the worker sends, the flags a run is
 * decoded from (the CLI's spelling), the page URL that holds them and the matching
 * `deno task np ...` line.
 *
 * @module
 */

/** One parameter control: a config field and its flag (a plain copy of core/sim's `ParamSpec`). */
export interface ParamControl {
  /** Flag name without dashes (`sp-prob`, `ga.popsize`). */
  readonly flag: string;
  /** Dotted config field. */
  readonly field: string;
  /** Value kind (`int`, `number`, `boolean`, `choice`, `int-list`, ...). */
  readonly kind: string;
  /** Default as the CLI spells it ("" when the field has none). */
  readonly default: string;
  /** Smallest allowed value. */
  readonly min?: number;
  /** Largest allowed value. */
  readonly max?: number;
  /** Whether `min` is exclusive. */
  readonly exclusiveMin?: boolean;
  /** Allowed values of a choice. */
  readonly choices?: readonly string[];
  /** Unit. */
  readonly unit?: string;
  /** One-line description. */
  readonly description: string;
}

/**
 * One command the playground can run: a stepping process, or a function command with a
 * `--backend` flag (one call, on WebGPU or the CPU).
 */
export interface CatalogCommand {
  /** `process` (steps, pause, checkpoints) or `function` (one call, e.g. a batch on WebGPU). */
  readonly kind: "process" | "function";
  /** Engine name. */
  readonly engine: string;
  /** Engine version. */
  readonly version: string;
  /** Command name. */
  readonly command: string;
  /** One-line description. */
  readonly description: string;
  /** Unit of one step (`step`, `epoch`, `generation`, `trial`). */
  readonly unit: string;
  /** The length flag (`steps`, `epochs`, ...), or null when the config fixes the length. */
  readonly lengthFlag: string | null;
  /** Whether `--seed` applies. */
  readonly seeded: boolean;
  /** The command's parameters, in `--help` order. */
  readonly params: readonly ParamControl[];
  /** The flags a new run starts from (sized for a page, like the HTTP handler's defaults). */
  readonly start: { readonly [flag: string]: string };
}

/** Flags as the CLI spells them, without dashes: `{ "sp-prob": "0.2" }`. */
export type Flags = { readonly [flag: string]: string };

/**
 * The page address of a run: `?engine=sorn&command=run&seed=1&steps=2000&sp-prob=0.2`.
 *
 * @example
 * ```ts
 * import { queryOf } from "./flags.ts";
 * console.log(queryOf("sorn", "run", { seed: "1", steps: "2000" })); // ?engine=sorn&command=run&seed=1&steps=2000
 * ```
 */
export const queryOf = (engine: string, command: string, flags: Flags): string => {
  const q = new URLSearchParams({ engine, command });
  for (const [k, v] of Object.entries(flags)) q.append(k, v);
  return `?${q.toString().replace(/%2C/g, ",")}`;
};

/**
 * Reads a page address back: the engine, the command and the flags (undefined parts when absent).
 *
 * @example
 * ```ts
 * import { parseQuery } from "./flags.ts";
 * console.log(parseQuery("?engine=walk&command=run&seed=3").flags); // { seed: "3" }
 * ```
 */
export const parseQuery = (
  search: string,
): { readonly engine?: string; readonly command?: string; readonly flags: Flags } => {
  const q = new URLSearchParams(search);
  const flags: Record<string, string> = {};
  for (const [k, v] of q) if (k !== "engine" && k !== "command") flags[k] = v;
  return {
    engine: q.get("engine") ?? undefined,
    command: q.get("command") ?? undefined,
    flags,
  };
};

const SAFE = /^[A-Za-z0-9._,:+=/@%-]+$/;

/** One shell word (single-quoted when it holds anything but safe characters). */
const word = (s: string): string => (SAFE.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/**
 * The command line that runs the same thing in a terminal: `deno task np <engine> <command>
 * --flag value ...`, flags in the order given (the page puts seed and length first).
 *
 * @example
 * ```ts
 * import { cliLine } from "./flags.ts";
 * console.log(cliLine("sorn", "run", { seed: "1", steps: "2000" }));
 * // deno task np sorn run --seed 1 --steps 2000
 * ```
 */
export const cliLine = (engine: string, command: string, flags: Flags): string =>
  [
    "deno task np",
    word(engine),
    word(command),
    ...Object.entries(flags).map(([k, v]) => `--${k} ${word(v)}`),
  ].join(" ");

/**
 * The flags of a run in a stable order: seed, the length flag, then the parameters in `--help`
 * order (unknown names last, so the CLI reports them).
 *
 * @example
 * ```ts ignore
 * const ordered = orderFlags(cmd, { "sp-prob": "0.2", seed: "1" }); // { seed: "1", "sp-prob": "0.2" }
 * ```
 */
export const orderFlags = (cmd: CatalogCommand, flags: Flags): Flags => {
  const names = [
    "seed",
    ...(cmd.lengthFlag ? [cmd.lengthFlag] : []),
    ...cmd.params.map((p) => p.flag),
  ];
  const out: Record<string, string> = {};
  for (const n of names) if (Object.hasOwn(flags, n)) out[n] = flags[n];
  for (const [k, v] of Object.entries(flags)) if (!Object.hasOwn(out, k)) out[k] = v;
  return out;
};
