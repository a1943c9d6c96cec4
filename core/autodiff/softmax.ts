/**
 * The softmax family as fused nodes (one forward and one backward pass each, max-shifted for
 * stability): softmax, logSoftmax, logSumExp along any axis, and the classification losses
 * crossEntropy (from logits) and nllLoss (from log-probabilities), averaged over the batch.
 *
 * @module
 */
import { ShapeMismatch } from "../errors.ts";
import { normAxis } from "./broadcast.ts";
import { allocLike, makeVar, type Var } from "./var.ts";

/** outer × len × inner decomposition of a shape around `axis`. */
function lanes(shape: readonly number[], axis: number): [number, number, number] {
  const ax = normAxis(axis, shape.length);
  let outer = 1, inner = 1;
  for (let i = 0; i < ax; i++) outer *= shape[i];
  for (let i = ax + 1; i < shape.length; i++) inner *= shape[i];
  return [outer, shape[ax], inner];
}

/** Writes log-softmax (log = true) or softmax along lanes of x into y. */
function softmaxLanes(
  x: ArrayLike<number>,
  y: Float32Array | Float64Array,
  outer: number,
  len: number,
  inner: number,
  log: boolean,
): void {
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * len * inner + i;
      let m = -Infinity;
      for (let j = 0; j < len; j++) {
        const v = x[base + j * inner];
        if (v > m) m = v;
      }
      if (m === -Infinity) m = 0;
      let s = 0;
      for (let j = 0; j < len; j++) s += Math.exp(x[base + j * inner] - m);
      if (log) {
        // log softmax_j = (x_j − m) − ln Σ_k e^(x_k − m)
        const ls = Math.log(s);
        for (let j = 0; j < len; j++) y[base + j * inner] = x[base + j * inner] - m - ls;
      } else {
        // softmax_j = e^(x_j − m) / Σ_k e^(x_k − m)
        const r = 1 / s;
        for (let j = 0; j < len; j++) y[base + j * inner] = Math.exp(x[base + j * inner] - m) * r;
      }
    }
  }
}

/**
 * Softmax along `axis` (default last): e^(x_j − max) / Σ_k e^(x_k − max).
 * Gradient: x̄ = y ⊙ (ȳ − Σ_k ȳ_k y_k).
 *
 * @example
 * ```ts
 * import { constant, softmax } from "@neuroplastic/core/autodiff";
 * import { fromNested } from "@neuroplastic/core/tensor";
 * console.log(softmax(constant(fromNested([0, Math.log(3)]))).value); // [0.25, 0.75]
 * ```
 */
export function softmax(a: Var, axis = -1): Var {
  const [outer, len, inner] = lanes(a.shape, axis);
  const y = allocLike(a.value, a.value.length);
  softmaxLanes(a.value, y, outer, len, inner, false);
  return makeVar(y, a.shape, [a], (g, sink) => {
    const gx = sink(0);
    if (gx === null) return;
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) {
        const base = o * len * inner + i;
        let s = 0;
        for (let j = 0; j < len; j++) s += g[base + j * inner] * y[base + j * inner];
        for (let j = 0; j < len; j++) {
          const p = base + j * inner;
          gx[p] += y[p] * (g[p] - s);
        }
      }
    }
  });
}

/**
 * log-softmax along `axis` (default last): x_j − logsumexp(x). Gradient: x̄ = ȳ − softmax·Σ ȳ.
 *
 * @example
 * ```ts
 * import { constant, logSoftmax } from "@neuroplastic/core/autodiff";
 * import { fromNested } from "@neuroplastic/core/tensor";
 * console.log(logSoftmax(constant(fromNested([0, 0]))).value); // [-0.693…, -0.693…]
 * ```
 */
export function logSoftmax(a: Var, axis = -1): Var {
  const [outer, len, inner] = lanes(a.shape, axis);
  const y = allocLike(a.value, a.value.length);
  softmaxLanes(a.value, y, outer, len, inner, true);
  return makeVar(y, a.shape, [a], (g, sink) => {
    const gx = sink(0);
    if (gx === null) return;
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) {
        const base = o * len * inner + i;
        let s = 0;
        for (let j = 0; j < len; j++) s += g[base + j * inner];
        for (let j = 0; j < len; j++) {
          const p = base + j * inner;
          gx[p] += g[p] - Math.exp(y[p]) * s;
        }
      }
    }
  });
}

/**
 * Cross-entropy of logits [N, C] against integer class labels, averaged over N (torch
 * `F.cross_entropy` with reduction "mean"): L = −(1/N) Σ_n log softmax(z_n)[y_n].
 * Gradient: z̄_nc = (L̄/N)·(softmax(z_n)_c − 1[c = y_n]).
 *
 * @example
 * ```ts
 * import { constant, crossEntropy } from "@neuroplastic/core/autodiff";
 * import { fromNested } from "@neuroplastic/core/tensor";
 * console.log(crossEntropy(constant(fromNested([[0, 0]])), [1]).value[0]); // 0.693… (ln 2)
 * ```
 */
export function crossEntropy(logits: Var, labels: Int32Array | readonly number[]): Var {
  const [N, C] = checkLabels(logits, labels, "crossEntropy");
  const ls = new Float64Array(N * C);
  softmaxLanes(logits.value, ls, N, C, 1, true);
  let loss = 0;
  for (let n = 0; n < N; n++) loss -= ls[n * C + labels[n]];
  const y = allocLike(logits.value, 1);
  y[0] = loss / N;
  return makeVar(y, [], [logits], (g, sink) => {
    const gx = sink(0);
    if (gx === null) return;
    const s = g[0] / N;
    for (let n = 0; n < N; n++) {
      const o = n * C;
      for (let c = 0; c < C; c++) gx[o + c] += s * Math.exp(ls[o + c]);
      gx[o + labels[n]] -= s;
    }
  });
}

/**
 * Negative log-likelihood of log-probabilities [N, C] (e.g. from {@link logSoftmax}) at integer
 * labels, averaged over N (torch `F.nll_loss`, reduction "mean"): L = −(1/N) Σ_n logp[n, y_n].
 *
 * @example
 * ```ts
 * import { constant, logSoftmax, nllLoss } from "@neuroplastic/core/autodiff";
 * import { fromNested } from "@neuroplastic/core/tensor";
 * console.log(nllLoss(logSoftmax(constant(fromNested([[0, 0]]))), [0]).value[0]); // ln 2
 * ```
 */
export function nllLoss(logp: Var, labels: Int32Array | readonly number[]): Var {
  const [N, C] = checkLabels(logp, labels, "nllLoss");
  let loss = 0;
  for (let n = 0; n < N; n++) loss -= logp.value[n * C + labels[n]];
  const y = allocLike(logp.value, 1);
  y[0] = loss / N;
  return makeVar(y, [], [logp], (g, sink) => {
    const gx = sink(0);
    if (gx === null) return;
    for (let n = 0; n < N; n++) gx[n * C + labels[n]] -= g[0] / N;
  });
}

/**
 * log Σ exp along `axis` (default last), stable (max-shifted); gradient softmax(x)·ḡ.
 *
 * @example
 * ```ts
 * import { constant, logSumExp } from "@neuroplastic/core/autodiff";
 * import { fromNested } from "@neuroplastic/core/tensor";
 * console.log(logSumExp(constant(fromNested([0, 0]))).value[0]); // ln 2
 * ```
 */
export function logSumExp(a: Var, axis = -1, keepDims = false): Var {
  const [outer, len, inner] = lanes(a.shape, axis);
  const ls = new Float64Array(a.value.length);
  softmaxLanes(a.value, ls, outer, len, inner, true);
  const x = a.value, y = allocLike(x, outer * inner);
  // logsumexp = x_j − log softmax_j (any j; j = 0)
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const p = o * len * inner + i;
      y[o * inner + i] = len === 0 ? -Infinity : x[p] - ls[p];
    }
  }
  const ax = normAxis(axis, a.shape.length);
  const shape = a.shape.slice();
  if (keepDims) shape[ax] = 1;
  else shape.splice(ax, 1);
  return makeVar(y, shape, [a], (g, sink) => {
    const gx = sink(0);
    if (gx === null) return;
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) {
        const gi = g[o * inner + i];
        for (let j = 0; j < len; j++) {
          const p = o * len * inner + j * inner + i;
          gx[p] += gi * Math.exp(ls[p]);
        }
      }
    }
  });
}

function checkLabels(
  logits: Var,
  labels: Int32Array | readonly number[],
  what: string,
): [number, number] {
  if (logits.shape.length !== 2) {
    throw new ShapeMismatch({
      what: `${what} input [N, C]`,
      expected: [labels.length, -1],
      actual: logits.shape,
    });
  }
  const [N, C] = logits.shape;
  if (labels.length !== N) {
    throw new ShapeMismatch({ what: `${what} labels`, expected: [N], actual: [labels.length] });
  }
  for (let n = 0; n < N; n++) {
    const t = labels[n];
    if (!Number.isInteger(t) || t < 0 || t >= C) {
      throw new RangeError(`${what}: label ${t} at ${n} is outside [0, ${C})`);
    }
  }
  return [N, C];
}
