/**
 * The SORN engine as the command line, the demo and run reports see it: its commands (`cli` of
 * `@neuroplastic/engines/sorn/cli`, process.ts) with its report sections and demo showcase.
 *
 * @module
 */
import type { EngineCli } from "@neuroplastic/core/sim";
import { cli as commands } from "./process.ts";
import { sornReporter } from "./report.ts";
import { sornShowcase } from "./showcase.ts";

/**
 * CLI/HTTP descriptor of the SORN engine with its report and showcase (registered in
 * app/registry.ts). To serve SORN alone over HTTP, `cli` of `@neuroplastic/engines/sorn/cli` has
 * the same commands and loads fewer modules.
 *
 * @example
 * ```ts
 * import { cli } from "@neuroplastic/engines/sorn";
 * console.log(Object.keys(cli.commands), cli.showcase !== undefined); // ["run", "counting", "batch", "golden"] true
 * ```
 */
export const cli: EngineCli = { ...commands, reporter: sornReporter, showcase: sornShowcase };
