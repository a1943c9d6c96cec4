/**
 * `@neuroplastic/engines`: one namespace per engine. Each engine is also
 * importable on its own (`@neuroplastic/engines/sorn`, `.../genreg`, ...).
 *
 * @example
 * ```ts
 * import { walk } from "@neuroplastic/engines";
 * console.log(walk.walkDefaults.particles);
 * ```
 *
 * @module
 */
export * as walk from "./walk/mod.ts";
export * as sorn from "./sorn/mod.ts";
export * as genreg from "./genreg/mod.ts";
export * as hebbianRnn from "./hebbian-rnn/mod.ts";
export * as lndp from "./lndp/mod.ts";
export * as rsgn from "./rsgn/mod.ts";
