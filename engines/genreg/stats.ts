/**
 * GENREG metrics: MSE, hidden-unit saturation k, and energy.
 *
 * - Saturation (GENREG-sine `sine_controller.py` `get_saturation_per_neuron`/`get_k`): unit j's
 *   saturation ratio is the fraction of samples with |h_j| > 0.95; a unit counts as saturated when
 *   that ratio exceeds 0.5 (the spec's "on (nearly) all inputs" is the reference's "on more than
 *   half of the inputs"); k ∈ [0, H], reported with k/H.
 * - Energy (reference `comprehensive_benchmark.py` `get_model_stats`): activation energy =
 *   mean over units and samples of |h_js|; weight energy = mean |θ| over the trainable
 *   parameters (W1, b1, w2, b2; not the sparse index genes); total = activation + weight energy.
 *
 * @module
 */
import { layoutOf, type NetShape } from "./network.ts";

/**
 * Saturation summary.
 *
 * @example
 * ```ts
 * import { type Saturation, saturation } from "@neuroplastic/engines/genreg";
 * const s: Saturation = saturation([Float64Array.of(0.99, -0.97), Float64Array.of(0.1, 0.99)]);
 * console.log(s.perUnit, s.k, s.ratio); // [ 1, 0.5 ] 1 0.5
 * ```
 */
export interface Saturation {
  /** Per unit: fraction of samples with |h| > threshold. */
  readonly perUnit: number[];
  /** Units whose fraction exceeds `unitFraction`. */
  readonly k: number;
  /** k / H. */
  readonly ratio: number;
}

/**
 * Saturation of hidden rows (unit-major).
 *
 * @example
 * ```ts
 * import { saturation } from "@neuroplastic/engines/genreg";
 * console.log(saturation([Float64Array.of(0.99, -0.97), Float64Array.of(0.1, 0.99)]).k); // 1
 * ```
 */
export function saturation(
  hidden: readonly Float64Array[],
  threshold = 0.95,
  unitFraction = 0.5,
): Saturation {
  const perUnit = hidden.map((h) => {
    let c = 0;
    for (let s = 0; s < h.length; s++) if (Math.abs(h[s]) > threshold) c++;
    return c / h.length;
  });
  const k = perUnit.filter((f) => f > unitFraction).length;
  return { perUnit, k, ratio: hidden.length ? k / hidden.length : 0 };
}

/**
 * Energy summary.
 *
 * @example
 * ```ts
 * import { type Energy, energy } from "@neuroplastic/engines/genreg";
 * const shape = { kind: "dense", inputs: 1, hidden: 1 } as const; // genes [w1, b1, w2, b2]
 * const e: Energy = energy(shape, Float64Array.of(1, -1, 2, 0), [Float64Array.of(0.5, -0.5)]);
 * console.log(e.activation, e.weight); // 0.5 1
 * ```
 */
export interface Energy {
  /** Mean |h| over units and samples. */
  readonly activation: number;
  /** Mean |θ| over trainable parameters. */
  readonly weight: number;
  /** activation + weight. */
  readonly total: number;
}

/**
 * Activation energy (mean |h|) + weight energy (mean |θ| over trainable parameters).
 *
 * @example
 * ```ts
 * import { energy } from "@neuroplastic/engines/genreg";
 * const shape = { kind: "dense", inputs: 1, hidden: 1 } as const; // genes [w1, b1, w2, b2]
 * console.log(energy(shape, Float64Array.of(1, -1, 2, 0), [Float64Array.of(0.5, -0.5)]).total); // 0.5 + 1
 * ```
 */
export function energy(
  shape: NetShape,
  genome: Float64Array,
  hidden: readonly Float64Array[],
): Energy {
  let a = 0, na = 0;
  for (const h of hidden) {
    for (let s = 0; s < h.length; s++) a += Math.abs(h[s]);
    na += h.length;
  }
  const L = layoutOf(shape);
  let w = 0;
  for (let i = L.w1; i < L.length; i++) w += Math.abs(genome[i]);
  const activation = na ? a / na : 0;
  const weight = w / L.params;
  return { activation, weight, total: activation + weight };
}

/**
 * Mean, population standard deviation (NumPy `np.std`), min and max.
 *
 * @example
 * ```ts
 * import { describe } from "@neuroplastic/engines/genreg";
 * console.log(describe([1, 3])); // { mean: 2, std: 1, min: 1, max: 3, median: 2 }
 * ```
 */
export function describe(xs: readonly number[]): {
  mean: number;
  std: number;
  min: number;
  max: number;
  median: number;
} {
  const n = xs.length;
  if (n === 0) return { mean: NaN, std: NaN, min: NaN, max: NaN, median: NaN };
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const std = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
  const s = [...xs].sort((a, b) => a - b);
  const median = n % 2 ? s[n >> 1] : (s[n / 2 - 1] + s[n / 2]) / 2;
  return { mean, std, min: s[0], max: s[n - 1], median };
}
