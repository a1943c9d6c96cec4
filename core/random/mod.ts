/**
 * Seeded randomness for neuroplastic.
 *
 * - JAX-style splittable keys over Threefry-2x32-20 (`key`, `split`, `fold`, `randomBits`,
 *   bit-identical to JAX's classic `PRNGKey`/`split`/`fold_in`/`bits`), and samplers that
 *   depend only on (key, n, params): `uniform`, `normal` (ziggurat), `truncatedNormal` (exact
 *   rejection), `bernoulli`, `randint` (unbiased), `permutation`, `choice`.
 * - `numpy`: an exact port of NumPy's legacy `RandomState` (MT19937) with explicit state, to
 *   reproduce reference experiments bit for bit.
 *
 * @example
 * ```ts
 * import { key, normal, numpy, split } from "@neuroplastic/core/random";
 * const [kInit, kNoise] = split(key(42));
 * const w = normal(kInit, 4, 0, 0.1);
 * const rs = numpy.randomState(12345);
 * console.log(w.length, numpy.randomSample(rs, 1)[0].toFixed(8), kNoise.k0 >= 0);
 * ```
 *
 * @module
 */
export type { Key } from "./key.ts";
export { threefry2x32 } from "./threefry.ts";
export { fold, key, randomBits, split } from "./keys.ts";
export { bernoulli, fillBernoulli, fillUniform, uniform, uniform1 } from "./uniform.ts";
export {
  createNormal32Generator,
  fillNormal,
  normal,
  normal1,
  type Normal32Generator,
  threefryBlocks,
} from "./normal.ts";
export { fillTruncatedNormal, truncatedNormal } from "./truncated_normal.ts";
export { choice, permutation, randint, randint1 } from "./integers.ts";
export * as numpy from "./mt19937.ts";
