/**
 * Decaying, neuromodulated Hebbian outer-product traces (fast weights).
 *
 * Equation (Miconi, Clune & Stanley 2018, Eq. 2; the `Hebbian-RNN-Model-` reference
 * `sc.py`, `HebbianRNN.forward`):
 * `Hebb[i, j] ← (1 − η) · Hebb[i, j] + η · m · pre[i] · post[j]`,
 * a convex combination of the old trace and the outer product, so with `m ∈ [0, 1]`
 * every entry stays inside `[−B, B]` once it starts there, `B = max |pre[i] post[j]|`.
 *
 * Layout: row-major `nPre × nPost` (`trace[i * nPost + j]`, `i` the presynaptic index),
 * the orientation of the reference's `bmm(h_{t−1}[:, :, None], h_t[:, None, :])`.
 *
 * @module
 */

/**
 * In place: `trace[i, j] ← (1 − η) trace[i, j] + η m pre[i] post[j]` (Miconi et al. 2018, Eq. 2).
 * `m` is the neuromodulation (1 = plain Hebbian decay trace, 0 = pure decay).
 *
 * @param trace row-major `nPre × nPost`, updated in place
 * @param pre presynaptic activity, length ≥ nPre (read from `preOffset`)
 * @param post postsynaptic activity, length ≥ nPost (read from `postOffset`)
 * @returns `trace`
 * @example
 * ```ts
 * import { hebbianTraceUpdate } from "@neuroplastic/plasticity";
 * const t = hebbianTraceUpdate(new Float64Array(4), new Float64Array([1, 0]), new Float64Array([0.5, 1]), 2, 2, 0.1, 1);
 * console.log(Array.from(t)); // [0.05, 0.1, 0, 0]
 * ```
 */
export const hebbianTraceUpdate = (
  trace: Float64Array,
  pre: ArrayLike<number>,
  post: ArrayLike<number>,
  nPre: number,
  nPost: number,
  eta: number,
  m: number,
  preOffset = 0,
  postOffset = 0,
  traceOffset = 0,
): Float64Array => {
  const decay = 1 - eta;
  const gain = eta * m;
  for (let i = 0; i < nPre; i++) {
    const gi = gain * pre[preOffset + i];
    const row = traceOffset + i * nPost;
    for (let j = 0; j < nPost; j++) {
      // Hebb ← (1 − η) Hebb + η m pre_i post_j (Miconi et al. 2018, Eq. 2)
      trace[row + j] = decay * trace[row + j] + gi * post[postOffset + j];
    }
  }
  return trace;
};

/**
 * `out[i] = Σ_j trace[i, j] · v[j]` for a row-major `n × n` trace: the plastic recurrent input
 * `Hebb h` of the reference (`torch.bmm(hebb, h[:, :, None])`). Set `accumulate` to add into `out`.
 *
 * @example
 * ```ts
 * import { traceMatvecInto } from "@neuroplastic/plasticity";
 * const out = traceMatvecInto(new Float64Array(2), new Float64Array([1, 2, 3, 4]), new Float64Array([1, 1]), 2, 2);
 * console.log(Array.from(out)); // [3, 7]
 * ```
 */
export const traceMatvecInto = (
  out: Float64Array,
  trace: Float64Array,
  v: ArrayLike<number>,
  rows: number,
  cols: number,
  accumulate = false,
  traceOffset = 0,
  vOffset = 0,
  outOffset = 0,
): Float64Array => {
  for (let i = 0; i < rows; i++) {
    const row = traceOffset + i * cols;
    let acc = 0;
    for (let j = 0; j < cols; j++) acc += trace[row + j] * v[vOffset + j];
    out[outOffset + i] = accumulate ? out[outOffset + i] + acc : acc;
  }
  return out;
};

/**
 * The bound `B = max_i |pre[i]| · max_j |post[j]|` that the convex update keeps the trace
 * within when it starts within it and `m ∈ [0, 1]`.
 *
 * @example
 * ```ts
 * import { hebbianTraceBound } from "@neuroplastic/plasticity";
 * console.log(hebbianTraceBound([0.5, -1], [0.2, 0.4])); // 0.4
 * ```
 */
export const hebbianTraceBound = (pre: ArrayLike<number>, post: ArrayLike<number>): number => {
  let a = 0;
  let b = 0;
  for (let i = 0; i < pre.length; i++) a = Math.max(a, Math.abs(pre[i]));
  for (let j = 0; j < post.length; j++) b = Math.max(b, Math.abs(post[j]));
  return a * b;
};
