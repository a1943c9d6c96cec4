/**
 * Genome operators for the mutation-based strategies: the GENREG masked Gaussian mutation
 * (each gene independently with probability `rate`, plus N(0, scale²); GENREG-sine
 * `sine_controller.py` `mutate`: `param += (rand < rate) · randn · scale`) and random genomes.
 *
 * The Bernoulli mask is drawn by geometric skipping (the gap to the next mutated gene is
 * ⌊ln u / ln(1 − rate)⌋, u ~ U(0, 1]), which gives the same i.i.d. mask distribution with about
 * rate·n uniforms instead of n; normals are drawn only for mutated genes.
 *
 * @module
 */
import { fillNormal, fillUniform, type Key } from "@neuroplastic/core/random";
import { drawStream, nextNormal, nextUniform } from "./stream.ts";
import type { GenomeOps } from "./types.ts";

/**
 * out = parent + mask ⊙ N(0, scale²), mask_i ~ Bernoulli(rate), over genes [from, to) (the rest
 * copied). `out` may equal `parent` (in place). Returns the number of mutated genes.
 * Draws: lane 0 of `key` for the geometric gaps, lane 1 for the normals ({@link drawStream}).
 *
 * @example
 * ```ts
 * import { maskedGaussianInto } from "@neuroplastic/evolution";
 * import { key } from "@neuroplastic/core/random";
 * const out = new Float64Array(1000);
 * const k = maskedGaussianInto(new Float64Array(1000), out, key(1), 0.1, 0.1);
 * console.log(k > 50 && k < 150); // true
 * ```
 */
export function maskedGaussianInto(
  parent: Float64Array,
  out: Float64Array,
  key: Key,
  rate: number,
  scale: number,
  from = 0,
  to = parent.length,
): number {
  if (out !== parent) out.set(parent);
  if (!(rate > 0) || to <= from) return 0;
  const gaps = drawStream(key, 0);
  const noise = drawStream(key, 1);
  const logq = Math.log1p(-Math.min(rate, 1));
  let i = from - 1;
  let count = 0;
  for (;;) {
    // gap ~ Geometric(rate): failures before the next mutated gene
    const gap = rate >= 1 ? 0 : Math.floor(Math.log(1 - nextUniform(gaps)) / logq);
    i += gap + 1;
    if (i >= to) break;
    out[i] += scale * nextNormal(noise);
    count++;
  }
  return count;
}

/** Parameters of {@link gaussianOps}. */
export interface GaussianOpsParams {
  /** Genome length. */
  readonly numDims: number;
  /** Per-gene mutation probability (GENREG 0.1). */
  readonly rate?: number;
  /** Mutation standard deviation (GENREG 0.1). */
  readonly scale?: number;
  /** Random genomes: N(0, initScale²) per gene (default 1), or U(initLo, initHi) when both given. */
  readonly initScale?: number;
  /** Lower bound of uniform random genomes (with `initHi`). */
  readonly initLo?: number;
  /** Upper bound of uniform random genomes (with `initLo`). */
  readonly initHi?: number;
}

/**
 * Masked-Gaussian mutation and Gaussian/uniform random genomes over flat vectors.
 *
 * @example
 * ```ts
 * import { gaussianOps } from "@neuroplastic/evolution";
 * import { key } from "@neuroplastic/core/random";
 * const ops = gaussianOps({ numDims: 4, rate: 1, scale: 0.1 });
 * const g = new Float64Array(4), m = new Float64Array(4);
 * ops.random(key(0), g);
 * ops.mutate(g, key(1), m);
 * ```
 */
export function gaussianOps(p: GaussianOpsParams): GenomeOps {
  const rate = p.rate ?? 0.1, scale = p.scale ?? 0.1, initScale = p.initScale ?? 1;
  if (!(rate >= 0 && rate <= 1)) throw new RangeError(`rate must be in [0, 1], got ${rate}`);
  if (!(scale >= 0)) throw new RangeError(`scale must be ≥ 0, got ${scale}`);
  const uniformInit = p.initLo !== undefined && p.initHi !== undefined;
  return {
    numDims: p.numDims,
    random: (key, out) => {
      if (uniformInit) fillUniform(key, out, p.initLo, p.initHi);
      else fillNormal(key, out, 0, initScale);
    },
    mutate: (parent, key, out) => {
      maskedGaussianInto(parent, out, key, rate, scale);
    },
  };
}
