/**
 * The PRNG key type (JAX-style): an immutable pair of 32-bit words that seeds a
 * Threefry-2x32 counter-based generator. Keys are split, never advanced in place.
 *
 * @module
 */

/**
 * A PRNG key: two unsigned 32-bit words. Treat as immutable; derive new keys with
 * `split` or `fold`. Plain data, so it serialises to JSON and into checkpoints.
 *
 * @example
 * ```ts
 * import type { Key } from "@neuroplastic/core/random";
 * const k: Key = { k0: 0, k1: 42 };
 * console.log(k.k1);
 * ```
 */
export interface Key {
  /** High 32-bit word (unsigned). */
  readonly k0: number;
  /** Low 32-bit word (unsigned). */
  readonly k1: number;
}
