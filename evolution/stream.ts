/**
 * Allocation-free random draws for hot loops (mutation operators, SA acceptance): a cursor over
 * the Threefry-2x32 counter space of one key, from `@neuroplastic/core/random`.
 *
 * Draw i of lane L is Threefry(key, (i, L)): uniforms take the 53 high bits of the two output
 * words, u = (y0·2²¹ + ⌊y1/2¹¹⌋)·2⁻⁵³ ∈ [0, 1); normals use the Box–Muller transform
 * z = √(−2 ln(1 − u₁)) · cos(2π u₂) (and the sine for the cached second value). The core samplers
 * (`fillUniform`, `fillNormal`) are preferred for bulk draws; this cursor avoids their per-call
 * setup when only a handful of values is needed per step.
 *
 * @module
 */
import { type Key, threefry2x32 } from "@neuroplastic/core/random";

/** A draw cursor (mutable; create one per use from a key, never store it in a state). */
export interface DrawStream {
  /** First key word. */
  readonly k0: number;
  /** Second key word. */
  readonly k1: number;
  /** Second counter word: independent lanes of one key. */
  readonly lane: number;
  /** Next counter. */
  i: number;
  /** Cached second Box–Muller value (NaN when empty). */
  spare: number;
}

// Output words of the last block (module scratch: draws are synchronous and read immediately).
const WORDS = new Uint32Array(2);

/**
 * A cursor over lane `lane` of `key`.
 *
 * @example
 * ```ts
 * import { drawStream, nextNormal, nextUniform } from "@neuroplastic/evolution";
 * import { key } from "@neuroplastic/core/random";
 * const s = drawStream(key(0));
 * console.log(nextUniform(s) < 1, Number.isFinite(nextNormal(s))); // true true
 * ```
 */
export function drawStream(key: Key, lane = 0): DrawStream {
  return { k0: key.k0, k1: key.k1, lane, i: 0, spare: NaN };
}

/**
 * Next uniform in [0, 1).
 *
 * @example
 * ```ts
 * import { drawStream, nextUniform } from "@neuroplastic/evolution";
 * import { key } from "@neuroplastic/core/random";
 * const u = nextUniform(drawStream(key(1)));
 * console.log(u >= 0 && u < 1); // true
 * ```
 */
export function nextUniform(s: DrawStream): number {
  const b = threefry2x32(s.k0, s.k1, s.i++, s.lane, WORDS);
  return (b[0] * 2097152 + (b[1] >>> 11)) * 1.1102230246251565e-16;
}

/**
 * Next standard normal (Box–Muller, pairs cached).
 *
 * @example
 * ```ts
 * import { drawStream, nextNormal } from "@neuroplastic/evolution";
 * import { key } from "@neuroplastic/core/random";
 * const s = drawStream(key(2));
 * let m = 0;
 * for (let i = 0; i < 10000; i++) m += nextNormal(s) / 10000;
 * console.log(Math.abs(m) < 0.05); // true
 * ```
 */
export function nextNormal(s: DrawStream): number {
  if (s.spare === s.spare) {
    const z = s.spare;
    s.spare = NaN;
    return z;
  }
  const u1 = nextUniform(s), u2 = nextUniform(s);
  const r = Math.sqrt(-2 * Math.log(1 - u1));
  const a = 2 * Math.PI * u2;
  s.spare = r * Math.sin(a);
  return r * Math.cos(a);
}

/**
 * Uniform integer in [0, m) (⌊u·m⌋; bias below 2⁻⁴⁰ for m < 2¹³).
 *
 * @example
 * ```ts
 * import { drawStream, nextInt } from "@neuroplastic/evolution";
 * import { key } from "@neuroplastic/core/random";
 * const i = nextInt(drawStream(key(3)), 10);
 * console.log(i >= 0 && i < 10); // true
 * ```
 */
export function nextInt(s: DrawStream, m: number): number {
  return Math.floor(nextUniform(s) * m);
}
