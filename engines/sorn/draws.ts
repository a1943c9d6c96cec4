/**
 * The random numbers of SORN steps, drawn in blocks of {@link DRAW_BLOCK} steps
 * (one generator call per block instead of per step: the per-call cost of the
 * counter-based generator dominates at 240 values).
 *
 * Key usage of step t (identical in the event-driven and dense steps):
 * ```
 * b = ⌊t / B⌋, r = t mod B, kb = fold(key, b)
 * noise ξ (E then I)     row r of fillNormal(fold(kb, 1), B·(ne + ni), 0, σ), in float32
 *                        (computed by createNormal32Generator: the same bits, in WebAssembly)
 * uniform input u        row r of fillUniform(fold(kb, 2), B·nu, 0, 1)
 * structural gate        element r of fillUniform(fold(kb, 3), B, 0, 1)  (add if < p)
 * structural pair        chooseAbsentPair(fold(fold(kb, 4), r), ne, mask)
 * ```
 * A block is a pure function of (key, b), so caching it is invisible to callers:
 * the same (key, t) gives the same numbers whether a step runs alone or inside `run`.
 *
 * @module
 */
import {
  createNormal32Generator,
  fillUniform,
  fold,
  type Key,
  type Normal32Generator,
} from "@neuroplastic/core/random";

/**
 * Steps per block of random draws.
 *
 * @example
 * ```ts
 * import { createDrawCache, DRAW_BLOCK } from "@neuroplastic/engines/sorn";
 * console.log(createDrawCache(200, 40, 10).gate.length === DRAW_BLOCK); // true
 * ```
 */
export const DRAW_BLOCK = 32;

/**
 * Cached blocks of random draws for one key (scratch memory, not state).
 *
 * @example
 * ```ts
 * import { createDrawCache } from "@neuroplastic/engines/sorn";
 * console.log(createDrawCache(200, 40, 10).noise.length); // 7680
 * ```
 */
export interface DrawCache {
  /** Excitatory neurons. */
  readonly ne: number;
  /** Inhibitory neurons. */
  readonly ni: number;
  /** Input units. */
  readonly nu: number;
  /** First word of the key the blocks belong to. */
  k0: number;
  /** Second word of that key. */
  k1: number;
  /** Block index held in `noise` (−1: none). */
  noiseBlock: number;
  /** σ of the held noise block. */
  noiseSigma: number;
  /** Float32: the normal generator is ≈ 1.5× faster there, and σ·z needs no more precision. */
  readonly noise: Float32Array;
  /** The generator whose output `noise` is (WebAssembly; the same bits as `fillNormal`). */
  readonly normals: Normal32Generator;
  /** Block index held in `input` (−1: none). */
  inputBlock: number;
  /** U(0,1) inputs, `DRAW_BLOCK × nu`. */
  readonly input: Float64Array;
  /** Block index held in `gate` (−1: none). */
  gateBlock: number;
  /** Structural-plasticity gates, one per step of the block. */
  readonly gate: Float64Array;
}

/**
 * An empty draw cache for the given sizes.
 *
 * @example
 * ```ts
 * import { createDrawCache } from "@neuroplastic/engines/sorn";
 * console.log(createDrawCache(4, 1, 2).input.length); // 64
 * ```
 */
export const createDrawCache = (ne: number, ni: number, nu: number): DrawCache => {
  const normals = createNormal32Generator(DRAW_BLOCK * (ne + ni));
  return {
    ne,
    ni,
    nu,
    // NaN (a double, and unequal to every key word): key words above 2^30 are not small integers,
    // so a field that started as one would change representation and deoptimise the step
    k0: NaN,
    k1: NaN,
    noiseBlock: -1,
    noiseSigma: NaN,
    noise: normals.out,
    normals,
    inputBlock: -1,
    input: new Float64Array(DRAW_BLOCK * nu),
    gateBlock: -1,
    gate: new Float64Array(DRAW_BLOCK),
  };
};

const syncKey = (c: DrawCache, k: Key): void => {
  if (c.k0 !== k.k0 || c.k1 !== k.k1) {
    c.k0 = k.k0;
    c.k1 = k.k1;
    c.noiseBlock = -1;
    c.inputBlock = -1;
    c.gateBlock = -1;
  }
};

/**
 * Offset in `c.noise` of step t's ne + ni noise values (E first), drawing the block if needed.
 *
 * @example
 * ```ts
 * import { createDrawCache, noiseOffset } from "@neuroplastic/engines/sorn";
 * import { key } from "@neuroplastic/core/random";
 * const c = createDrawCache(3, 1, 0);
 * console.log(noiseOffset(c, key(0), 33, 0.04)); // 4
 * ```
 */
export const noiseOffset = (c: DrawCache, k: Key, t: number, sigma: number): number => {
  syncKey(c, k);
  const b = Math.floor(t / DRAW_BLOCK);
  if (c.noiseBlock !== b || c.noiseSigma !== sigma) {
    // = fillNormal(fold(fold(k, b), 1), c.noise, 0, sigma), bit for bit
    c.normals.fill(fold(fold(k, b), 1), 0, sigma);
    c.noiseBlock = b;
    c.noiseSigma = sigma;
  }
  return (t - b * DRAW_BLOCK) * (c.ne + c.ni);
};

/**
 * Offset in `c.input` of step t's nu uniform input values, drawing the block if needed.
 *
 * @example
 * ```ts
 * import { createDrawCache, inputOffset } from "@neuroplastic/engines/sorn";
 * import { key } from "@neuroplastic/core/random";
 * console.log(inputOffset(createDrawCache(3, 1, 2), key(0), 1)); // 2
 * ```
 */
export const inputOffset = (c: DrawCache, k: Key, t: number): number => {
  syncKey(c, k);
  const b = Math.floor(t / DRAW_BLOCK);
  if (c.inputBlock !== b) {
    fillUniform(fold(fold(k, b), 2), c.input, 0, 1);
    c.inputBlock = b;
  }
  return (t - b * DRAW_BLOCK) * c.nu;
};

/**
 * The structural-plasticity gate of step t: a U(0,1) draw (add a synapse if < p).
 *
 * @example
 * ```ts
 * import { createDrawCache, structuralGate } from "@neuroplastic/engines/sorn";
 * import { key } from "@neuroplastic/core/random";
 * const g = structuralGate(createDrawCache(3, 1, 0), key(0), 5);
 * console.log(g >= 0 && g < 1); // true
 * ```
 */
export const structuralGate = (c: DrawCache, k: Key, t: number): number => {
  syncKey(c, k);
  const b = Math.floor(t / DRAW_BLOCK);
  if (c.gateBlock !== b) {
    fillUniform(fold(fold(k, b), 3), c.gate, 0, 1);
    c.gateBlock = b;
  }
  return c.gate[t - b * DRAW_BLOCK];
};

/**
 * The key from which step t chooses the pair of a structural addition.
 *
 * @example
 * ```ts
 * import { structuralPairKey } from "@neuroplastic/engines/sorn";
 * import { key } from "@neuroplastic/core/random";
 * console.log(typeof structuralPairKey(key(0), 7).k0); // "number"
 * ```
 */
export const structuralPairKey = (k: Key, t: number): Key => {
  const b = Math.floor(t / DRAW_BLOCK);
  return fold(fold(fold(k, b), 4), t - b * DRAW_BLOCK);
};
