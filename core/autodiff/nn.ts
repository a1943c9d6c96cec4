/**
 * Fused neural-network layers and losses (one node each, hand-written backward): mse,
 * layerNorm, dropout, linear, norm. The softmax family lives in `softmax.ts`.
 *
 * @module
 */
import { ShapeMismatch } from "../errors.ts";
import { fillBernoulli, type Key } from "../random/mod.ts";
import { matmulInto } from "../tensor/mod.ts";
import { addExpanded, addReduced, sameShape } from "./broadcast.ts";
import { mul, sub } from "./elementwise.ts";
import { mean, reducePlan } from "./reduce.ts";
import { allocLike, makeVar, type Var } from "./var.ts";

/**
 * Mean squared error: mean((a − b)²) over all elements (torch `F.mse_loss`); b may broadcast.
 *
 * @example
 * ```ts
 * import { constant, mse } from "@neuroplastic/core/autodiff";
 * import { fromNested } from "@neuroplastic/core/tensor";
 * console.log(mse(constant(fromNested([1, 2])), constant(fromNested([1, 4]))).value[0]); // 2
 * ```
 */
export function mse(a: Var, b: Var): Var {
  if (!sameShape(a.shape, b.shape)) {
    const d = sub(a, b);
    return mean(mul(d, d));
  }
  const x = a.value, t = b.value, n = x.length;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const d = x[i] - t[i];
    s += d * d;
  }
  const y = allocLike(x, 1);
  y[0] = s / n;
  return makeVar(y, [], [a, b], (g, sink) => {
    const ga = sink(0), gb = sink(1);
    // ∂/∂a = 2(a − b)/n, ∂/∂b = −2(a − b)/n
    const k = (2 * g[0]) / n;
    if (ga !== null) { for (let i = 0; i < n; i++) ga[i] += k * (x[i] - t[i]); }
    if (gb !== null) { for (let i = 0; i < n; i++) gb[i] -= k * (x[i] - t[i]); }
  });
}

/**
 * Layer normalisation over the last axis (Ba et al. 2016; torch `nn.LayerNorm`):
 * y = (x − μ)/√(σ² + eps)·γ + β with the biased variance σ² = mean((x − μ)²).
 * Backward: with x̂ = (x − μ)/s and d = ȳ·γ, x̄ = (d − mean(d) − x̂·mean(d·x̂))/s;
 * γ̄ = Σ_rows ȳ·x̂, β̄ = Σ_rows ȳ.
 *
 * @example
 * ```ts
 * import { constant, layerNorm } from "@neuroplastic/core/autodiff";
 * import { fromNested } from "@neuroplastic/core/tensor";
 * console.log(layerNorm(constant(fromNested([[1, 3]])), undefined, undefined, 0).value); // [-1, 1]
 * ```
 */
export function layerNorm(x: Var, gamma?: Var, beta?: Var, eps = 1e-5): Var {
  const r = x.shape.length;
  if (r === 0) throw new ShapeMismatch({ what: "layerNorm input", expected: [-1], actual: [] });
  const D = x.shape[r - 1], R = D === 0 ? 0 : x.value.length / D;
  for (const [name, p] of [["gamma", gamma], ["beta", beta]] as const) {
    if (p !== undefined && p.value.length !== D) {
      throw new ShapeMismatch({ what: `layerNorm ${name}`, expected: [D], actual: p.shape });
    }
  }
  const xv = x.value, gv = gamma?.value, bv = beta?.value;
  const xhat = new Float64Array(xv.length), rstd = new Float64Array(R);
  const y = allocLike(xv, xv.length);
  for (let row = 0; row < R; row++) {
    const o = row * D;
    let mu = 0;
    for (let j = 0; j < D; j++) mu += xv[o + j];
    mu /= D;
    let v = 0;
    for (let j = 0; j < D; j++) {
      const d = xv[o + j] - mu;
      v += d * d;
    }
    const rs = 1 / Math.sqrt(v / D + eps);
    rstd[row] = rs;
    for (let j = 0; j < D; j++) {
      const h = (xv[o + j] - mu) * rs;
      xhat[o + j] = h;
      y[o + j] = (gv ? h * gv[j] : h) + (bv ? bv[j] : 0);
    }
  }
  const parents = [x];
  if (gamma) parents.push(gamma);
  if (beta) parents.push(beta);
  const gi = gamma ? 1 : -1, bi = beta ? (gamma ? 2 : 1) : -1;
  return makeVar(y, x.shape, parents, (g, sink) => {
    const gx = sink(0), gg = gi > 0 ? sink(gi) : null, gb = bi > 0 ? sink(bi) : null;
    const d = new Float64Array(D);
    for (let row = 0; row < R; row++) {
      const o = row * D;
      if (gg !== null) { for (let j = 0; j < D; j++) gg[j] += g[o + j] * xhat[o + j]; }
      if (gb !== null) { for (let j = 0; j < D; j++) gb[j] += g[o + j]; }
      if (gx === null) continue;
      let md = 0, mdx = 0;
      for (let j = 0; j < D; j++) {
        const dj = gv ? g[o + j] * gv[j] : g[o + j];
        d[j] = dj;
        md += dj;
        mdx += dj * xhat[o + j];
      }
      md /= D;
      mdx /= D;
      const rs = rstd[row];
      for (let j = 0; j < D; j++) gx[o + j] += (d[j] - md - xhat[o + j] * mdx) * rs;
    }
  });
}

/**
 * Inverted dropout (torch `F.dropout`): in training, each element is zeroed with probability p
 * and the survivors scaled by 1/(1−p); the keep-mask is Bernoulli(1−p) drawn from `key`, so the
 * same key gives the same mask. In evaluation (`train = false`) or with p = 0 it is the identity.
 *
 * @example
 * ```ts
 * import { constant, dropout } from "@neuroplastic/core/autodiff";
 * import { key } from "@neuroplastic/core/random";
 * import { ones } from "@neuroplastic/core/tensor";
 * const y = dropout(constant(ones([8])), 0.5, key(0), true);
 * console.log(y.value.every((v) => v === 0 || v === 2)); // true
 * ```
 */
export function dropout(x: Var, p: number, key: Key, train: boolean): Var {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`dropout: p must be in [0, 1], got ${p}`);
  if (!train || p === 0) return x;
  const n = x.value.length, xv = x.value;
  const keep = new Uint8Array(n);
  if (p < 1) fillBernoulli(key, keep, 1 - p);
  const s = p < 1 ? 1 / (1 - p) : 0;
  const y = allocLike(xv, n);
  for (let i = 0; i < n; i++) y[i] = keep[i] ? xv[i] * s : 0;
  return makeVar(y, x.shape, [x], (g, sink) => {
    const gx = sink(0);
    if (gx !== null) { for (let i = 0; i < n; i++) if (keep[i]) gx[i] += g[i] * s; }
  });
}

/**
 * Affine layer in torch layout: y = x·Wᵀ + b with W [out, in], b [out], x [..., in].
 * One fused node: forward is a single (M×in)·(in×out)ᵀ product; backward x̄ += ȳ·W,
 * W̄ += ȳᵀ·x, b̄ += Σ_rows ȳ.
 *
 * @example
 * ```ts
 * import { constant, linear } from "@neuroplastic/core/autodiff";
 * import { fromNested } from "@neuroplastic/core/tensor";
 * const y = linear(constant(fromNested([[1, 2]])), constant(fromNested([[1, 1], [0, 1]])), constant(fromNested([0, 10])));
 * console.log(y.value); // Float64Array [3, 12]
 * ```
 */
export function linear(x: Var, W: Var, b?: Var): Var {
  const r = x.shape.length;
  if (W.shape.length !== 2 || r === 0 || x.shape[r - 1] !== W.shape[1]) {
    throw new ShapeMismatch({
      what: "linear weight [out, in]",
      expected: [-1, x.shape[r - 1] ?? -1],
      actual: W.shape,
    });
  }
  const [O, I] = W.shape;
  if (b !== undefined && b.value.length !== O) {
    throw new ShapeMismatch({ what: "linear bias [out]", expected: [O], actual: b.shape });
  }
  const M = I === 0 ? 0 : x.value.length / I;
  const xv = x.value, wv = W.value, bv = b?.value;
  const y = allocLike(xv, M * O);
  // Y = X·Wᵀ (W stored O×I, i.e. transB)
  matmulInto(y, xv, wv, M, I, O, { transB: true });
  if (bv) { for (let m = 0; m < M; m++) for (let o = 0; o < O; o++) y[m * O + o] += bv[o]; }
  const shape = [...x.shape.slice(0, -1), O];
  return makeVar(y, shape, b ? [x, W, b] : [x, W], (g, sink) => {
    const gx = sink(0), gw = sink(1), gb = b ? sink(2) : null;
    if (gx !== null) matmulInto(gx, g, wv, M, O, I, { accumulate: true });
    if (gw !== null) matmulInto(gw, g, xv, O, M, I, { transA: true, accumulate: true });
    if (gb !== null) {
      for (let m = 0; m < M; m++) for (let o = 0; o < O; o++) gb[o] += g[m * O + o];
    }
  });
}

/**
 * Euclidean norm along `axis` (default last; an array of axes or `undefined` for all is also
 * accepted): ‖x‖ = √(Σ x² + eps) (eps default 0). Zero-safe: the gradient x/‖x‖ is 0 where
 * ‖x‖ = 0, never NaN.
 *
 * @example
 * ```ts
 * import { constant, norm } from "@neuroplastic/core/autodiff";
 * import { fromNested } from "@neuroplastic/core/tensor";
 * console.log(norm(constant(fromNested([[3, 4], [0, 0]]))).value); // Float64Array [5, 0]
 * ```
 */
export function norm(
  a: Var,
  axis: number | readonly number[] | undefined = -1,
  keepDims = false,
  eps = 0,
): Var {
  const p = reducePlan(a.shape, axis, keepDims);
  const x = a.value, n = x.length;
  const sq = new Float64Array(n);
  for (let i = 0; i < n; i++) sq[i] = x[i] * x[i];
  const acc = new Float64Array(p.size);
  addReduced(acc, sq, p.plan);
  const y = allocLike(x, p.size);
  for (let j = 0; j < p.size; j++) {
    acc[j] = Math.sqrt(acc[j] + eps);
    y[j] = acc[j];
  }
  return makeVar(y, p.shape, [a], (g, sink) => {
    const gx = sink(0);
    if (gx === null) return;
    // ∂‖x‖/∂x_i = x_i/‖x‖, defined as 0 at ‖x‖ = 0
    const k = new Float64Array(p.size);
    for (let j = 0; j < p.size; j++) k[j] = acc[j] > 0 ? g[j] / acc[j] : 0;
    const kx = new Float64Array(n);
    addExpanded(kx, k, p.plan);
    for (let i = 0; i < n; i++) gx[i] += kx[i] * x[i];
  });
}
