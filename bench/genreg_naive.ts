/**
 * Naive GENREG kernels used as same-run baselines by `bench/genreg_bench.ts` and
 * `bench/genreg_speed.ts`: straightforward transcriptions with nested arrays, per-call
 * allocation and `Math.tanh`, the way a first port of the Python would look.
 *
 * @module
 */

/**
 * Ultra-sparse forward of one sample with nested arrays (gathers the selected inputs first).
 *
 * @example
 * ```ts ignore
 * naiveSparseSample([[0, 1]], [[1, 1]], [0], [1], 0, [0.5, 0.5]);
 * ```
 */
export function naiveSparseSample(
  idx: number[][],
  w1: number[][],
  b1: number[],
  w2: number[],
  b2: number,
  x: ArrayLike<number>,
): number {
  const hidden: number[] = [];
  for (let j = 0; j < idx.length; j++) {
    const sel = idx[j].map((i) => x[i]);
    const pre = sel.reduce((a, v, q) => a + v * w1[j][q], b1[j]);
    hidden.push(Math.tanh(pre));
  }
  return Math.tanh(hidden.reduce((a, h, j) => a + h * w2[j], b2));
}

/**
 * Dense forward over a batch with nested arrays; returns the MSE.
 *
 * @example
 * ```ts ignore
 * naiveDenseMse([[1]], [0], [1], 0, [[0.5]], [0.3]);
 * ```
 */
export function naiveDenseMse(
  w1: number[][],
  b1: number[],
  w2: number[],
  b2: number,
  X: number[][],
  y: ArrayLike<number>,
): number {
  let se = 0;
  for (let s = 0; s < X.length; s++) {
    const h = w1.map((row, j) => Math.tanh(row.reduce((a, w, i) => a + w * X[s][i], b1[j])));
    const o = Math.tanh(h.reduce((a, v, j) => a + v * w2[j], b2));
    se += (o - y[s]) ** 2;
  }
  return se / X.length;
}

/**
 * Splits a flat genome into nested arrays (dense: H×D W1, b1, w2, b2).
 *
 * @example
 * ```ts ignore
 * nestDense(new Float64Array(5), 1, 2);
 * ```
 */
export function nestDense(g: Float64Array, H: number, D: number) {
  const w1 = Array.from({ length: H }, (_, j) => Array.from(g.subarray(j * D, (j + 1) * D)));
  const b1 = Array.from(g.subarray(H * D, H * D + H));
  const w2 = Array.from(g.subarray(H * D + H, H * D + 2 * H));
  return { w1, b1, w2, b2: g[H * D + 2 * H] };
}
