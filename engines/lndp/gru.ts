/**
 * equinox v0.11.4 `GRUCell` and `MLP` semantics as kernels (lndp-reference.md §2 "GRU").
 *
 * @module
 */
import { sigmoidF32, tanhF32 } from "./f32.ts";

/**
 * Logistic sigmoid σ(x) = 1/(1 + e^{−x}) (jax.nn.sigmoid).
 *
 * @example
 * ```ts
 * import { sigmoid } from "@neuroplastic/engines/lndp";
 * console.log(sigmoid(0)); // 0.5
 * ```
 */
export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/**
 * One equinox GRUCell step written into `out[outOff..outOff+H)`:
 * gates in row order [r | z | n],
 * r = σ(W_ih,r x + b_r + W_hh,r h), z = σ(W_ih,z x + b_z + W_hh,z h),
 * n = tanh(W_ih,n x + b_n + r ⊙ (W_hh,n h + bias_n)), h' = n + z ⊙ (h − n)
 * (equinox/nn/_rnn.py GRUCell.__call__). `out` may alias `h` (the gates are computed first
 * into `scratch`, length ≥ 6H). With `f32`, σ, tanh and h' are rounded to float32 (see f32.ts).
 *
 * @example
 * ```ts
 * import { gruCellInto } from "@neuroplastic/engines/lndp";
 * const out = new Float64Array(1);
 * gruCellInto(out, 0, Float64Array.of(.1, .2, .3), Float64Array.of(.4, .5, .6),
 *   Float64Array.of(.01, .02, .03), Float64Array.of(.04), Float64Array.of(1), 0, 1,
 *   Float64Array.of(.5), 0, 1, new Float64Array(6));
 * console.log(out[0]); // 0.49324065...
 * ```
 */
export function gruCellInto(
  out: Float64Array,
  outOff: number,
  wih: Float64Array,
  whh: Float64Array,
  b: Float64Array,
  bn: Float64Array,
  x: Float64Array,
  xOff: number,
  inDim: number,
  h: Float64Array,
  hOff: number,
  H: number,
  scratch: Float64Array,
  f32 = false,
): void {
  const G = 3 * H;
  for (let g = 0; g < G; g++) {
    // igates = W_ih x + b
    let si = b[g];
    const ri = g * inDim;
    for (let c = 0; c < inDim; c++) si += wih[ri + c] * x[xOff + c];
    // hgates = W_hh h
    let sh = 0;
    const rh = g * H;
    for (let c = 0; c < H; c++) sh += whh[rh + c] * h[hOff + c];
    scratch[g] = si;
    scratch[G + g] = sh;
  }
  if (f32) {
    for (let u = 0; u < H; u++) {
      const r = sigmoidF32(scratch[u] + scratch[G + u]);
      const z = sigmoidF32(scratch[H + u] + scratch[G + H + u]);
      const n = tanhF32(scratch[2 * H + u] + r * (scratch[G + 2 * H + u] + bn[u]));
      out[outOff + u] = Math.fround(n + z * (h[hOff + u] - n));
    }
    return;
  }
  for (let u = 0; u < H; u++) {
    const r = 1 / (1 + Math.exp(-(scratch[u] + scratch[G + u])));
    const z = 1 / (1 + Math.exp(-(scratch[H + u] + scratch[G + H + u])));
    const n = Math.tanh(scratch[2 * H + u] + r * (scratch[G + 2 * H + u] + bn[u]));
    const hv = h[hOff + u];
    out[outOff + u] = n + z * (hv - n);
  }
}

/**
 * equinox `MLP(in, 1, width, depth=1, final_activation=sigmoid)`:
 * p = σ(W2 relu(W1 x + b1) + b2), for one input at `x[xOff..xOff+inDim)`.
 *
 * @example
 * ```ts
 * import { mlpSigmoid } from "@neuroplastic/engines/lndp";
 * const p = mlpSigmoid(new Float64Array(16 * 4), new Float64Array(16), new Float64Array(16),
 *   0, new Float64Array(4), 0, 4, 16);
 * console.log(p); // 0.5
 * ```
 */
export function mlpSigmoid(
  w1: Float64Array,
  b1: Float64Array,
  w2: Float64Array,
  b2: number,
  x: Float64Array,
  xOff: number,
  inDim: number,
  width: number,
): number {
  let o = b2;
  for (let u = 0; u < width; u++) {
    let s = b1[u];
    const r = u * inDim;
    for (let c = 0; c < inDim; c++) s += w1[r + c] * x[xOff + c];
    if (s > 0) o += w2[u] * s;
  }
  return 1 / (1 + Math.exp(-o));
}
