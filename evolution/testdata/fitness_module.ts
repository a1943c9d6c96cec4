/**
 * Fitness factories used by the pool tests (loaded by URL in workers and inline).
 *
 * @module
 */
import { type Key, uniform1 } from "@neuroplastic/core/random";

/** Noisy shifted sphere: −Σ(x − shift)² + 1e-3·u(key); the noise checks per-index keys. */
export const noisySphere = (ctx: { shift: number }) => (x: Float64Array, key: Key): number => {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i] - ctx.shift) ** 2;
  return -s + 1e-3 * uniform1(key);
};

/** Echoes (index, key) for a generic job. */
export const echo = () => (job: unknown, key: Key, index: number): unknown => ({ job, key, index });

/** Throws on job 3. */
export const failing = () => (_job: unknown, _key: Key, index: number): number => {
  if (index === 3) throw new Error("boom at 3");
  return index;
};

/** Returns a string (not a fitness). */
export const notANumber = () => (): string => "x";
