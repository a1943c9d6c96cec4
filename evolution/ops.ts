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
import { fillNormal, fillUniform, type Key, threefryBlocks } from "@neuroplastic/core/random";
import type { GenomeOps } from "./types.ts";

/**
 * out = parent + mask ⊙ N(0, scale²), mask_i ~ Bernoulli(rate), over genes [from, to) (the rest
 * copied). `out` may equal `parent` (in place). Returns the number of mutated genes.
 * Draws: lane 0 of `key` for the geometric gaps, lane 1 for the normals (the values of
 * `drawStream(key, 0)`'s `nextUniform` and `drawStream(key, 1)`'s `nextNormal`, computed in
 * batches with `threefryBlocks`).
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
  const k0 = key.k0, k1 = key.k1;
  // The draws of `drawStream(key, 0)` (gaps) and `drawStream(key, 1)` (normals), in batches
  // (draw i of lane L is Threefry(key, (i, L))): the expected need plus a margin, refilled if
  // short, so the same values as one `nextUniform` / `nextNormal` per draw.
  const batch = Math.min(MAX_BATCH, Math.ceil((to - from) * Math.min(rate, 1) * 1.2) + 16);
  const gw = GAP_WORDS, nw = NOISE_WORDS;
  let gNext = 0, gEnd = 0, gBase = 0; // gap draws [gBase, gBase + gEnd / 2) are in gw
  let nNext = 0, nEnd = 0, nBase = 0;
  let spare = NaN;
  const logq = Math.log1p(-Math.min(rate, 1));
  const tab = rate < 1 ? gapTable(rate, logq) : null;
  let i = from - 1;
  let count = 0;
  for (;;) {
    // gap ~ Geometric(rate): failures before the next mutated gene
    let gap = 0;
    if (rate < 1) {
      if (gNext === gEnd) {
        gBase += gEnd >> 1;
        threefryBlocks(k0, k1, gBase, 0, batch, gw, 0);
        gNext = 0;
        gEnd = 2 * batch;
      }
      const u = ((gw[gNext] >>> 0) * 2097152 + (gw[gNext + 1] >>> 11)) * TWO_M53;
      gNext += 2;
      gap = geometricGap(tab!, 1 - u, logq);
    }
    i += gap + 1;
    if (i >= to) break;
    // Box–Muller: z = √(−2 ln(1 − u₁))·cos(2π u₂), the sine kept for the next gene (nextNormal)
    let z: number;
    if (spare === spare) {
      z = spare;
      spare = NaN;
    } else {
      if (nNext === nEnd) {
        nBase += nEnd >> 1;
        threefryBlocks(k0, k1, nBase, 1, batch + (batch & 1), nw, 0);
        nNext = 0;
        nEnd = 2 * (batch + (batch & 1));
      }
      const u1 = ((nw[nNext] >>> 0) * 2097152 + (nw[nNext + 1] >>> 11)) * TWO_M53;
      const u2 = ((nw[nNext + 2] >>> 0) * 2097152 + (nw[nNext + 3] >>> 11)) * TWO_M53;
      nNext += 4;
      const r = Math.sqrt(-2 * Math.log(1 - u1));
      const a = 2 * Math.PI * u2;
      spare = r * Math.sin(a);
      z = r * Math.cos(a);
    }
    out[i] += scale * z;
    count++;
  }
  return count;
}

/** Cells of a gap table: x = 1 − u ∈ (0, 1] is in cell ⌊x·GAP_CELLS⌋ (exact: a power of 2). */
const GAP_CELLS = 4096;
/** Relative margin that separates a cell from the nearest gap boundary (see `gapTable`). */
const GAP_MARGIN = 1e-9;
const gapTables = new Map<number, Int32Array>();

/**
 * The gap ⌊ln x / ln(1 − rate)⌋ of each cell of x where every x of the cell has the same value
 * with a margin, else −1. For x in cell c, t(x) = ln x / logq lies in [t((c + 1)/C), t(c/C)]
 * (t decreasing); when both ends are at least GAP_MARGIN (relative) inside [g, g + 1), the
 * computed `Math.floor(Math.log(x) / logq)` is g for every x of the cell: `Math.log` and the
 * division err by a few 1e-16 (relative), far below the margin. Cells with a boundary inside
 * (about 2 % for rate 0.1), cell 0 (x < 1/C, large gaps) and cell C (x = 1) keep −1.
 */
function gapTable(rate: number, logq: number): Int32Array {
  const hit = gapTables.get(rate);
  if (hit) return hit;
  const tab = new Int32Array(GAP_CELLS + 1).fill(-1);
  for (let c = 1; c < GAP_CELLS; c++) {
    const tLo = Math.log((c + 1) / GAP_CELLS) / logq; // t at the cell's upper end
    const tHi = Math.log(c / GAP_CELLS) / logq; // t at its lower end
    const g = Math.floor(tLo);
    if (
      tLo - g >= GAP_MARGIN * Math.max(1, tLo) &&
      g + 1 - tHi >= GAP_MARGIN * Math.max(1, tHi) && g < 0x7fffffff
    ) tab[c] = g;
  }
  if (gapTables.size >= 8) gapTables.clear(); // a few rates are in use at a time
  gapTables.set(rate, tab);
  return tab;
}

/**
 * `Math.floor(Math.log(x) / Math.log1p(-rate))` for x ∈ (0, 1] and rate ∈ (0, 1), the geometric
 * gap of `maskedGaussianInto` (x = 1 − u), read from a per-rate table where it is certain (the
 * same value; see `gapTable`). Internal to this module's mutation; exported for its tests.
 *
 * @example
 * ```ts
 * import { geometricGapOf } from "./ops.ts";
 * console.log(geometricGapOf(0.5, 0.1) === Math.floor(Math.log(0.5) / Math.log1p(-0.1))); // true
 * ```
 */
export function geometricGapOf(x: number, rate: number): number {
  const logq = Math.log1p(-rate);
  return geometricGap(gapTable(rate, logq), x, logq);
}

/** ⌊ln x / logq⌋ for x ∈ (0, 1]: the table's value when the cell has one, else computed. */
function geometricGap(tab: Int32Array, x: number, logq: number): number {
  const g = tab[(x * GAP_CELLS) | 0];
  return g >= 0 ? g : Math.floor(Math.log(x) / logq);
}

/** 2⁻⁵³ (the uniform of `nextUniform`). */
const TWO_M53 = 1.1102230246251565e-16;
/** Most draws per batch of `maskedGaussianInto` (module scratch, filled and read within a call). */
const MAX_BATCH = 1024;
const GAP_WORDS = new Int32Array(2 * MAX_BATCH);
const NOISE_WORDS = new Int32Array(2 * MAX_BATCH + 2);

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
