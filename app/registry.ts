/**
 * The engines the CLI, the HTTP handler and the sweep runner know about.
 *
 * @module
 */
import type { EngineCli } from "@neuroplastic/core/sim";
import { cli as walk } from "@neuroplastic/engines/walk";
import { cli as sorn } from "@neuroplastic/engines/sorn";
import { cli as genreg } from "@neuroplastic/engines/genreg";
import { cli as hebbianRnn } from "@neuroplastic/engines/hebbian-rnn";
import { cli as lndp } from "@neuroplastic/engines/lndp";
import { cli as rsgn } from "@neuroplastic/engines/rsgn";

/**
 * Every registered engine, in display order.
 *
 * @example
 * ```ts
 * import { engines } from "./registry.ts";
 * console.log(engines.map((e) => e.name));
 * ```
 */
export const engines: readonly EngineCli[] = [walk, sorn, genreg, hebbianRnn, lndp, rsgn];
