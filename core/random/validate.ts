/**
 * Argument checks shared by the samplers. Every failure is a `RangeError` whose message names
 * the argument, the allowed range and the value received.
 *
 * @module
 */
import type { Key } from "./key.ts";

/** Largest sample count: element i uses the Threefry counter (i, n + i), which must fit 32 bits. */
export const MAX_COUNT = 2 ** 31 - 1;

/**
 * Throws a RangeError unless `value` is an integer in [min, max].
 *
 * @example
 * ```ts
 * import { checkInt } from "./validate.ts";
 * checkInt("n", 3, 0, 10); // ok
 * ```
 */
export function checkInt(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be an integer in [${min}, ${max}], got ${value}`);
  }
}

/**
 * Throws a RangeError unless `n` is a valid sample count (integer in [0, 2^31 − 1]).
 *
 * @example
 * ```ts
 * import { checkCount } from "./validate.ts";
 * checkCount("n", 1000);
 * ```
 */
export function checkCount(name: string, n: number): void {
  checkInt(name, n, 0, MAX_COUNT);
}

/**
 * Throws a RangeError unless `value` is a finite number.
 *
 * @example
 * ```ts
 * import { checkFinite } from "./validate.ts";
 * checkFinite("mean", 0.5);
 * ```
 */
export function checkFinite(name: string, value: number): void {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new RangeError(`${name} must be a finite number, got ${value}`);
  }
}

/**
 * Throws a RangeError unless `key` has two integer words in [0, 2^32).
 *
 * @example
 * ```ts
 * import { checkKey } from "./validate.ts";
 * checkKey({ k0: 0, k1: 42 });
 * ```
 */
export function checkKey(key: Key): void {
  if (
    key === null || typeof key !== "object" || !isWord(key.k0) || !isWord(key.k1)
  ) {
    const shown = key === null || typeof key !== "object"
      ? String(key)
      : `{ k0: ${key.k0}, k1: ${key.k1} }`;
    throw new RangeError(`key must be { k0, k1 } with integer words in [0, 2^32), got ${shown}`);
  }
}

function isWord(x: number): boolean {
  return Number.isInteger(x) && x >= 0 && x <= 0xffffffff;
}
