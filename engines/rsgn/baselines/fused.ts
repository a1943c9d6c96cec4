/**
 * Fused elementwise nodes of the Transformer blocks, built with `makeVar` (own backward,
 * gradient-checked in `fused_test.ts` against the same graph of generic core ops):
 * - `addDropoutNorm`: post-LN residual LN(x + dropout(y))·γ + β (nn.TransformerEncoderLayer's
 *   `norm1(x + dropout1(sa))` and `norm2(x + dropout2(ff))`);
 * - `reluDropout`: dropout(ReLU(x)) (the FFN's inner activation and dropout);
 * - `dropoutMask`: keep-masks from 32-bit Threefry words (one Threefry block gives two masks).
 *
 * @module
 */
import { allocLike, makeVar, type Var } from "@neuroplastic/core/autodiff";
import { type Key, randomBits } from "@neuroplastic/core/random";

/**
 * Keep-mask of inverted dropout: keep_i = 1 iff u_i ≥ ⌊p·2³²⌋ for the 32-bit words
 * u = randomBits(key, n), so P(keep) = 1 − p up to 2⁻³². Returns null when p = 0.
 *
 * @example
 * ```ts
 * import { key } from "@neuroplastic/core/random";
 * import { dropoutMask } from "./fused.ts";
 * const m = dropoutMask(key(0), 10_000, 0.1)!;
 * console.log(m.reduce((a, b) => a + b, 0) > 8800); // true
 * ```
 */
export const dropoutMask = (key: Key, n: number, p: number): Uint8Array | null => {
  if (!(p >= 0 && p < 1)) throw new RangeError(`dropout p must be in [0, 1), got ${p}`);
  if (p === 0) return null;
  const u = randomBits(key, new Uint32Array(n));
  const thr = Math.floor(p * 4294967296);
  const keep = new Uint8Array(n);
  for (let i = 0; i < n; i++) keep[i] = u[i] >= thr ? 1 : 0;
  return keep;
};

/**
 * y = dropout(ReLU(x)) with a given keep-mask (null: no dropout) and scale 1/(1 − p).
 *
 * @example
 * ```ts
 * import { constant } from "@neuroplastic/core/autodiff";
 * import { reluDropout } from "./fused.ts";
 * const x = constant({ data: new Float64Array([-1, 2, 3]), shape: [3] });
 * console.log(reluDropout(x, new Uint8Array([1, 1, 0]), 2).value); // Float64Array [0, 4, 0]
 * ```
 */
export const reluDropout = (x: Var, keep: Uint8Array | null, scale: number): Var => {
  const xv = x.value, n = xv.length;
  const y = allocLike(xv, n);
  if (keep) {
    for (let i = 0; i < n; i++) {
      const v = xv[i];
      y[i] = v > 0 && keep[i] !== 0 ? v * scale : 0;
    }
  } else {
    for (let i = 0; i < n; i++) y[i] = xv[i] > 0 ? xv[i] : 0;
  }
  return makeVar(y, x.shape, [x], (g, sink) => {
    const gx = sink(0);
    if (gx === null) return;
    // ∂y/∂x = scale·keep·1[x > 0] (ReLU′(0) = 0 as torch)
    if (keep) {
      for (let i = 0; i < n; i++) if (keep[i] && xv[i] > 0) gx[i] += g[i] * scale;
    } else {
      for (let i = 0; i < n; i++) if (xv[i] > 0) gx[i] += g[i];
    }
  });
};

/**
 * Post-LN residual: s = x + keep ⊙ y · scale, out = (s − μ)/√(σ² + eps) · γ + β over the last
 * axis (biased variance, torch LayerNorm). `keep` null means no dropout (scale ignored).
 *
 * @example
 * ```ts
 * import { constant } from "@neuroplastic/core/autodiff";
 * import { addDropoutNorm } from "./fused.ts";
 * const x = constant({ data: new Float64Array([1, 3]), shape: [1, 2] });
 * const y = constant({ data: new Float64Array([0, 0]), shape: [1, 2] });
 * const g = constant({ data: new Float64Array([1, 1]), shape: [2] });
 * const b = constant({ data: new Float64Array([0, 0]), shape: [2] });
 * console.log(addDropoutNorm(x, y, null, 1, g, b, 0).value); // Float64Array [-1, 1]
 * ```
 */
export const addDropoutNorm = (
  x: Var,
  y: Var,
  keep: Uint8Array | null,
  scale: number,
  gamma: Var,
  beta: Var,
  eps = 1e-5,
): Var => {
  const xv = x.value, yv = y.value, gv = gamma.value, bv = beta.value;
  const D = x.shape[x.shape.length - 1], R = xv.length / D;
  const xhat = allocLike(xv, xv.length), out = allocLike(xv, xv.length);
  const rstd = new Float64Array(R);
  for (let r = 0; r < R; r++) {
    const o = r * D;
    let mu = 0;
    for (let j = 0; j < D; j++) {
      const k = o + j;
      // s = x + dropout(y)
      const s = xv[k] + (keep ? (keep[k] ? yv[k] * scale : 0) : yv[k]);
      xhat[k] = s;
      mu += s;
    }
    mu /= D;
    let va = 0;
    for (let j = 0; j < D; j++) {
      const c = xhat[o + j] - mu;
      va += c * c;
    }
    // LayerNorm (Ba et al. 2016; torch: biased variance): x̂ = (s − μ)/√(σ² + eps)
    const rs = 1 / Math.sqrt(va / D + eps);
    rstd[r] = rs;
    for (let j = 0; j < D; j++) {
      const k = o + j;
      xhat[k] = (xhat[k] - mu) * rs;
      out[k] = xhat[k] * gv[j] + bv[j];
    }
  }
  return makeVar(out, x.shape, [x, y, gamma, beta], (g, sink) => {
    const gx = sink(0), gy = sink(1), gg = sink(2), gb = sink(3);
    for (let r = 0; r < R; r++) {
      const o = r * D;
      // s̄ = (1/σ)(x̂̄ − mean(x̂̄) − x̂·mean(x̂̄ ⊙ x̂)), x̂̄ = ḡ ⊙ γ
      let m1 = 0, m2 = 0;
      for (let j = 0; j < D; j++) {
        const k = o + j, gh = g[k] * gv[j];
        m1 += gh;
        m2 += gh * xhat[k];
        if (gg) gg[j] += g[k] * xhat[k];
        if (gb) gb[j] += g[k];
      }
      m1 /= D;
      m2 /= D;
      const rs = rstd[r];
      for (let j = 0; j < D; j++) {
        const k = o + j;
        const gs = rs * (g[k] * gv[j] - m1 - xhat[k] * m2);
        if (gx) gx[k] += gs;
        if (gy) gy[k] += keep ? (keep[k] ? gs * scale : 0) : gs;
      }
    }
  });
};
