/**
 * Every engine's showcase, in demo order.
 *
 * @module
 */
import type { Showcase } from "@neuroplastic/core/chart";
import { walkShowcase } from "./walk.ts";
import { sornShowcase } from "@neuroplastic/engines/sorn";
import { hebbianRnnShowcase } from "./hebbian_rnn.ts";
import { genregShowcase } from "./genreg.ts";
import { lndpShowcase } from "./lndp.ts";
import { rsgnShowcase } from "./rsgn.ts";

/**
 * The showcases the demo runs.
 *
 * @example
 * ```ts ignore
 * import { showcases } from "./mod.ts";
 * console.log(showcases.map((s) => s.name));
 * ```
 */
export const showcases: readonly Showcase[] = [
  walkShowcase,
  sornShowcase,
  genregShowcase,
  hebbianRnnShowcase,
  lndpShowcase,
  rsgnShowcase,
];
export type { Showcase, ShowcaseResult } from "@neuroplastic/core/chart";
