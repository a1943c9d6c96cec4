/**
 * Sorting and fitness-shaping helpers shared by the strategies.
 *
 * @module
 */

/**
 * Stable argsort, ascending: ties keep their original order (like `jnp.argsort(stable=True)`).
 * NaN sorts last.
 *
 * @example
 * ```ts
 * import { argsortStable } from "@neuroplastic/evolution";
 * console.log(Array.from(argsortStable(Float64Array.of(3, 1, 3, 0)))); // [3, 1, 0, 2]
 * ```
 */
export function argsortStable(x: ArrayLike<number>): Int32Array {
  const idx = Array.from({ length: x.length }, (_, i) => i);
  idx.sort((a, b) => {
    const xa = x[a], xb = x[b];
    if (xa < xb) return -1;
    if (xa > xb) return 1;
    const na = xa !== xa, nb = xb !== xb;
    if (na !== nb) return na ? 1 : -1;
    return a - b;
  });
  return Int32Array.from(idx);
}

/**
 * Stable argsort, descending (best first when maximising); ties keep their original order.
 *
 * @example
 * ```ts
 * import { argsortDescending } from "@neuroplastic/evolution";
 * console.log(Array.from(argsortDescending(Float64Array.of(3, 1, 3, 0)))); // [0, 2, 1, 3]
 * ```
 */
export function argsortDescending(x: ArrayLike<number>): Int32Array {
  const neg = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) neg[i] = x[i] !== x[i] ? Infinity : -x[i];
  return argsortStable(neg);
}

/**
 * evosax `centered_rank_transform`: ranks (stable, ascending) scaled to [−0.5, 0.5]:
 * r_k / (λ − 1) − 0.5.
 *
 * @example
 * ```ts
 * import { centeredRanks } from "@neuroplastic/evolution";
 * console.log(Array.from(centeredRanks(Float64Array.of(3, 1, 2)))); // [0.5, -0.5, 0]
 * ```
 */
export function centeredRanks(f: ArrayLike<number>): Float64Array {
  const n = f.length;
  const order = argsortStable(f);
  const out = new Float64Array(n);
  for (let r = 0; r < n; r++) out[order[r]] = n > 1 ? r / (n - 1) - 0.5 : 0;
  return out;
}

/**
 * z-score: (f − mean) / (std + 1e-10) (evosax `z_score_fitness`).
 *
 * @example
 * ```ts
 * import { zScore } from "@neuroplastic/evolution";
 * console.log(Array.from(zScore(Float64Array.of(1, 3)))); // ≈ [-1, 1]
 * ```
 */
export function zScore(f: ArrayLike<number>): Float64Array {
  const n = f.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += f[i];
  mean /= n;
  let v = 0;
  for (let i = 0; i < n; i++) v += (f[i] - mean) ** 2;
  const sd = Math.sqrt(v / n) + 1e-10;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = (f[i] - mean) / sd;
  return out;
}

/**
 * Index of the best fitness (first one on ties; NaN never wins), or −1 if all are NaN.
 *
 * @example
 * ```ts
 * import { bestIndex } from "@neuroplastic/evolution";
 * console.log(bestIndex(Float64Array.of(1, 5, 5), true), bestIndex(Float64Array.of(1, 5), false)); // 1 0
 * ```
 */
export function bestIndex(fitness: ArrayLike<number>, maximize: boolean): number {
  let best = -1;
  for (let i = 0; i < fitness.length; i++) {
    const f = fitness[i];
    if (f !== f) continue;
    if (best < 0 || (maximize ? f > fitness[best] : f < fitness[best])) best = i;
  }
  return best;
}

/**
 * Best-so-far update: returns the new (genome, fitness) pair, reusing the old one when the
 * generation's best is not strictly better.
 *
 * @example
 * ```ts
 * import { updateBest } from "@neuroplastic/evolution";
 * const b = updateBest(new Float64Array(1), -Infinity, Float64Array.of(7, 8), Float64Array.of(2, 1), 1, true);
 * console.log(b.bestFitness, Array.from(b.bestGenome)); // 2 [7]
 * ```
 */
export function updateBest(
  bestGenome: Float64Array,
  bestFitness: number,
  candidates: Float64Array,
  fitness: ArrayLike<number>,
  n: number,
  maximize: boolean,
): { bestGenome: Float64Array; bestFitness: number } {
  const i = bestIndex(fitness, maximize);
  if (i < 0) return { bestGenome, bestFitness };
  const f = fitness[i];
  const better = bestFitness !== bestFitness || (maximize ? f > bestFitness : f < bestFitness);
  if (!better) return { bestGenome, bestFitness };
  return { bestGenome: candidates.slice(i * n, (i + 1) * n), bestFitness: f };
}

/**
 * The "worst possible" fitness for an orientation (the initial best-so-far).
 *
 * @example
 * ```ts
 * import { worstFitness } from "@neuroplastic/evolution";
 * console.log(worstFitness(true), worstFitness(false)); // -Infinity Infinity
 * ```
 */
export const worstFitness = (maximize: boolean): number => maximize ? -Infinity : Infinity;
