/**
 * Linear readout of reservoir states: ridge regression onto one-hot targets
 * (Lazar et al. 2009 train a linear readout with the Moore–Penrose pseudoinverse;
 * ridge with a small λ is its regularised form).
 *
 * `W = argmin ‖[X 1] W − Y‖² + λ ‖W_x‖²  ⇒  ([X 1]^T [X 1] + λ I') W = [X 1]^T Y`,
 * I' = identity without the bias entry; solved by Cholesky. Rows of X are often
 * sparse binary states, so the Gram matrix is accumulated over non-zeros only.
 *
 * @module
 */

/**
 * A fitted linear readout: `weights[(d + 1) × m]`, the last row is the bias.
 *
 * @example
 * ```ts
 * import type { RidgeModel } from "@neuroplastic/engines/sorn";
 * const outputs = (m: RidgeModel): number => m.outputs;
 * ```
 */
export interface RidgeModel {
  /** Feature dimension d. */
  readonly inputs: number;
  /** Output dimension m. */
  readonly outputs: number;
  /** `(d + 1) × m` weights, last row = bias. */
  readonly weights: Float64Array;
}

/** Solves `A X = B` for symmetric positive definite A (n × n) and B (n × m) in place (B ← X). */
const choleskySolve = (a: Float64Array, n: number, b: Float64Array, m: number): void => {
  // A = L L^T, L stored in the lower triangle of a.
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j];
    for (let k = 0; k < j; k++) d -= a[j * n + k] * a[j * n + k];
    if (!(d > 0)) throw new Error("ridge: Gram matrix is not positive definite (increase lambda)");
    const ljj = Math.sqrt(d);
    a[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let v = a[i * n + j];
      for (let k = 0; k < j; k++) v -= a[i * n + k] * a[j * n + k];
      a[i * n + j] = v / ljj;
    }
  }
  for (let c = 0; c < m; c++) {
    // L z = b
    for (let i = 0; i < n; i++) {
      let v = b[i * m + c];
      for (let k = 0; k < i; k++) v -= a[i * n + k] * b[k * m + c];
      b[i * m + c] = v / a[i * n + i];
    }
    // L^T x = z
    for (let i = n - 1; i >= 0; i--) {
      let v = b[i * m + c];
      for (let k = i + 1; k < n; k++) v -= a[k * n + i] * b[k * m + c];
      b[i * m + c] = v / a[i * n + i];
    }
  }
};

/**
 * Fits a ridge readout from `T × d` features (row-major) to `T × m` targets.
 *
 * @example
 * ```ts
 * import { ridgeFit, ridgePredict } from "@neuroplastic/engines/sorn";
 * // y = 2 x + 1
 * const m = ridgeFit(new Float64Array([0, 1, 2, 3]), new Float64Array([1, 3, 5, 7]), 4, 1, 1, 1e-9);
 * console.log(ridgePredict(m, new Float64Array([10]), 1)[0].toFixed(3)); // "21.000"
 * ```
 */
export const ridgeFit = (
  X: ArrayLike<number>,
  Y: ArrayLike<number>,
  T: number,
  d: number,
  m: number,
  lambda: number,
): RidgeModel => {
  const n = d + 1;
  const g = new Float64Array(n * n);
  const b = new Float64Array(n * m);
  const nz: number[] = [];
  for (let t = 0; t < T; t++) {
    nz.length = 0;
    for (let i = 0; i < d; i++) if (X[t * d + i] !== 0) nz.push(i);
    nz.push(d); // bias feature = 1
    for (const i of nz) {
      const xi = i === d ? 1 : X[t * d + i];
      for (const j of nz) {
        if (j > i) break;
        const xj = j === d ? 1 : X[t * d + j];
        g[i * n + j] += xi * xj;
      }
      for (let c = 0; c < m; c++) b[i * m + c] += xi * Y[t * m + c];
    }
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) g[j * n + i] = g[i * n + j];
  for (let i = 0; i < d; i++) g[i * n + i] += lambda;
  if (!(g[d * n + d] > 0)) g[d * n + d] = lambda > 0 ? lambda : 1;
  choleskySolve(g, n, b, m);
  return { inputs: d, outputs: m, weights: b };
};

/**
 * Readout outputs for `T` feature rows: `[X 1] W` (`T × m`).
 *
 * @example
 * ```ts
 * import { ridgePredict } from "@neuroplastic/engines/sorn";
 * const model = { inputs: 1, outputs: 1, weights: new Float64Array([2, 1]) };
 * console.log(ridgePredict(model, new Float64Array([3]), 1)[0]); // 7
 * ```
 */
export const ridgePredict = (model: RidgeModel, X: ArrayLike<number>, T: number): Float64Array => {
  const { inputs: d, outputs: m, weights: w } = model;
  const out = new Float64Array(T * m);
  for (let t = 0; t < T; t++) {
    for (let c = 0; c < m; c++) out[t * m + c] = w[d * m + c];
    for (let i = 0; i < d; i++) {
      const xi = X[t * d + i];
      if (xi === 0) continue;
      for (let c = 0; c < m; c++) out[t * m + c] += xi * w[i * m + c];
    }
  }
  return out;
};

/**
 * One-hot encoding of class labels (`T × classes`).
 *
 * @example
 * ```ts
 * import { oneHot } from "@neuroplastic/engines/sorn";
 * console.log(Array.from(oneHot([1, 0], 2))); // [0, 1, 1, 0]
 * ```
 */
export const oneHot = (labels: ArrayLike<number>, classes: number): Float64Array => {
  const y = new Float64Array(labels.length * classes);
  for (let t = 0; t < labels.length; t++) y[t * classes + labels[t]] = 1;
  return y;
};

/**
 * Predicted class per row: argmax of the readout outputs.
 *
 * @example
 * ```ts
 * import { ridgeClassify } from "@neuroplastic/engines/sorn";
 * const model = { inputs: 1, outputs: 2, weights: new Float64Array([1, -1, 0, 0]) };
 * console.log(Array.from(ridgeClassify(model, new Float64Array([1, -1]), 2))); // [0, 1]
 * ```
 */
export const ridgeClassify = (model: RidgeModel, X: ArrayLike<number>, T: number): Int32Array => {
  const out = ridgePredict(model, X, T);
  const m = model.outputs;
  const labels = new Int32Array(T);
  for (let t = 0; t < T; t++) {
    let best = 0;
    for (let c = 1; c < m; c++) if (out[t * m + c] > out[t * m + best]) best = c;
    labels[t] = best;
  }
  return labels;
};

/**
 * Classification report: accuracy and error rate over the rows where `mask` is
 * non-zero (all rows when omitted), and the mean squared error of the raw outputs
 * against one-hot targets.
 *
 * @example
 * ```ts
 * import { readoutReport } from "@neuroplastic/engines/sorn";
 * const model = { inputs: 1, outputs: 2, weights: new Float64Array([1, -1, 0, 0]) };
 * console.log(readoutReport(model, new Float64Array([1, -1]), [0, 0], 2).accuracy); // 0.5
 * ```
 */
export const readoutReport = (
  model: RidgeModel,
  X: ArrayLike<number>,
  labels: ArrayLike<number>,
  T: number,
  mask?: ArrayLike<number>,
): {
  readonly accuracy: number;
  readonly error: number;
  readonly mse: number;
  readonly count: number;
} => {
  const out = ridgePredict(model, X, T);
  const m = model.outputs;
  let correct = 0;
  let count = 0;
  let se = 0;
  for (let t = 0; t < T; t++) {
    if (mask && mask[t] === 0) continue;
    let best = 0;
    for (let c = 1; c < m; c++) if (out[t * m + c] > out[t * m + best]) best = c;
    if (best === labels[t]) correct++;
    for (let c = 0; c < m; c++) se += (out[t * m + c] - (c === labels[t] ? 1 : 0)) ** 2;
    count++;
  }
  const accuracy = count > 0 ? correct / count : NaN;
  return { accuracy, error: 1 - accuracy, mse: count > 0 ? se / (count * m) : NaN, count };
};
