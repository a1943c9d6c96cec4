/**
 * The optimiser seam of the training loops: a pure `{ init, update }` pair over one flat
 * Float64Array of parameters, with plain-data state (checkpointable).
 *
 * `flatAdam` is PyTorch's `torch.optim.Adam` (single-tensor path, `torch/optim/adam.py`):
 * ```
 * m ← β1 m + (1 − β1) g;   v ← β2 v + (1 − β2) g²
 * p ← p − (lr / (1 − β1^t)) · m / (√v / √(1 − β2^t) + ε)
 * ```
 * It equals `@neuroplastic/core/optim`'s `adam` (checked in `optimizer_test.ts`) and is kept
 * as the in-place flat-vector kernel of the transient training loops.
 *
 * @module
 */

/** A pure first-order optimiser over a flat parameter vector. */
export interface FlatOptimizer<S> {
  /** Fresh optimiser state for `params`. */
  init(params: Float64Array): S;
  /** Returns new parameters and state; never mutates its arguments. */
  update(grads: Float64Array, state: S, params: Float64Array): { params: Float64Array; state: S };
}

/** Adam moments and step count. */
export interface AdamState {
  /** First moment estimate. */
  readonly m: Float64Array;
  /** Second moment estimate. */
  readonly v: Float64Array;
  /** Steps taken. */
  readonly t: number;
}

/** Adam hyper-parameters (PyTorch defaults for the betas and ε). */
export interface AdamOptions {
  /** Learning rate. */
  readonly lr: number;
  /** Decay of the first moment (default 0.9). */
  readonly beta1?: number;
  /** Decay of the second moment (default 0.999). */
  readonly beta2?: number;
  /** Denominator guard ε (default 1e-8). */
  readonly eps?: number;
}

/**
 * In place Adam step on `params`, `m`, `v` (step count `t` already incremented): the kernel of
 * {@link flatAdam}, exposed for the transient training loops.
 *
 * @example
 * ```ts
 * import { adamStepInPlace } from "@neuroplastic/engines/hebbian-rnn";
 * const p = new Float64Array([1]), m = new Float64Array(1), v = new Float64Array(1);
 * adamStepInPlace(p, new Float64Array([2]), m, v, 1, { lr: 0.1 });
 * console.log(p[0].toFixed(6)); // "0.900000"
 * ```
 */
export const adamStepInPlace = (
  params: Float64Array,
  grads: Float64Array,
  m: Float64Array,
  v: Float64Array,
  t: number,
  o: AdamOptions,
): void => {
  const b1 = o.beta1 ?? 0.9;
  const b2 = o.beta2 ?? 0.999;
  const eps = o.eps ?? 1e-8;
  const bc1 = 1 - b1 ** t;
  const bc2Sqrt = Math.sqrt(1 - b2 ** t);
  const stepSize = o.lr / bc1;
  for (let k = 0; k < params.length; k++) {
    const g = grads[k];
    // exp_avg.mul_(β1).add_(g, 1 − β1); exp_avg_sq.mul_(β2).addcmul_(g, g, 1 − β2)
    const mk = m[k] * b1 + (1 - b1) * g;
    const vk = v[k] * b2 + (1 - b2) * g * g;
    m[k] = mk;
    v[k] = vk;
    // p.addcdiv_(exp_avg, sqrt(exp_avg_sq)/sqrt(bc2) + ε, −lr/bc1)
    params[k] -= stepSize * (mk / (Math.sqrt(vk) / bc2Sqrt + eps));
  }
};

/**
 * PyTorch-semantics Adam as a pure {@link FlatOptimizer}.
 *
 * @example
 * ```ts
 * import { flatAdam } from "@neuroplastic/engines/hebbian-rnn";
 * const opt = flatAdam({ lr: 0.01 });
 * const p0 = new Float64Array([1, 2]);
 * const { params } = opt.update(new Float64Array([1, -1]), opt.init(p0), p0);
 * console.log(Array.from(params).map((x) => x.toFixed(2))); // ["0.99", "2.01"]
 * ```
 */
export const flatAdam = (o: AdamOptions): FlatOptimizer<AdamState> => ({
  init: (p) => ({ m: new Float64Array(p.length), v: new Float64Array(p.length), t: 0 }),
  update: (g, s, p) => {
    const params = p.slice();
    const m = s.m.slice();
    const v = s.v.slice();
    adamStepInPlace(params, g, m, v, s.t + 1, o);
    return { params, state: { m, v, t: s.t + 1 } };
  },
});
