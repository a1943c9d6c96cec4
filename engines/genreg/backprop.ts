/**
 * Backprop baseline of the dense controller (GENREG-sine `comprehensive_benchmark.py`
 * `train_backprop`): full-batch MSE loss L = mean_s (ŷ_s − y_s)², `torch.optim.Adam` (lr 0.01,
 * β₁ = 0.9, β₂ = 0.999, ε = 1e−8; `@neuroplastic/core/optim` `adam`, PyTorch semantics) for 1000
 * epochs, from the same He initialisation as the evolutionary runs.
 *
 * Gradients (hand-derived, checked against central finite differences in backprop_test.ts):
 * δ2_s = 2(ŷ_s − y_s)/N · (1 − ŷ_s²); ∂L/∂w2_j = Σ_s δ2_s h_js; ∂L/∂b2 = Σ_s δ2_s;
 * δ1_js = δ2_s w2_j (1 − h_js²); ∂L/∂W1_ji = Σ_s δ1_js x_si; ∂L/∂b1_j = Σ_s δ1_js.
 *
 * @module
 */
import { adam, type OptState } from "@neuroplastic/core/optim";
import type { Key } from "@neuroplastic/core/random";
import type { Tensor } from "@neuroplastic/core/tensor";
import { matmulInto } from "@neuroplastic/core/tensor";
import type { TrialConfig } from "./config.ts";
import type { TrialContext } from "./context.ts";
import { evalBuffers, forwardMse } from "./network.ts";

/**
 * Backprop state (plain data).
 *
 * @example
 * ```ts
 * import { type BackpropState, initBackprop, trialContext, trialDefaults } from "@neuroplastic/engines/genreg";
 * import { key } from "@neuroplastic/core/random";
 * const c = { ...trialDefaults, optimizer: "backprop" as const, model: { kind: "dense" as const, hidden: 8, k: 2 } };
 * const s: BackpropState = initBackprop(c, trialContext(c), key(0));
 * console.log(s.epoch, s.opt.step); // 0 0
 * ```
 */
export interface BackpropState {
  /** Flat parameters in the dense genome layout. */
  readonly params: Float64Array;
  /** Adam state over the one-leaf tree `{ theta }`. */
  readonly opt: OptState;
  /** Epochs done. */
  readonly epoch: number;
  /** Loss at the start of the last epoch (the reference's returned `loss.item()`). */
  readonly lastLoss: number;
}

const tree = (theta: Float64Array): { theta: Tensor } => ({
  theta: { data: theta, shape: [theta.length] },
});

/**
 * He-initialised parameters and zero Adam moments.
 *
 * @example
 * ```ts
 * import { initBackprop, trialContext, trialDefaults } from "@neuroplastic/engines/genreg";
 * import { key } from "@neuroplastic/core/random";
 * const c = { ...trialDefaults, optimizer: "backprop" as const, model: { kind: "dense" as const, hidden: 8, k: 2 } };
 * console.log(initBackprop(c, trialContext(c), key(0)).params.length); // 2065
 * ```
 */
export function initBackprop(_c: TrialConfig, ctx: TrialContext, key: Key): BackpropState {
  const params = new Float64Array(ctx.genes);
  ctx.ops.random(key, params);
  return { params, opt: adam({ lr: 0.01 }).init(tree(params)), epoch: 0, lastLoss: NaN };
}

/**
 * Loss and gradient of the dense controller (writes ∂L/∂θ into `grad`, returns L).
 *
 * @example
 * ```ts
 * import { denseLossGrad, trialContext, trialDefaults } from "@neuroplastic/engines/genreg";
 * import { key } from "@neuroplastic/core/random";
 * const c = { ...trialDefaults, model: { kind: "dense" as const, hidden: 8, k: 2 } };
 * const ctx = trialContext(c);
 * const p = new Float64Array(ctx.genes);
 * ctx.ops.random(key(0), p);
 * console.log(denseLossGrad(ctx, p, new Float64Array(p.length)) > 0);
 * ```
 */
export function denseLossGrad(ctx: TrialContext, p: Float64Array, grad: Float64Array): number {
  const { inputs, layout, shape } = ctx;
  if (shape.kind !== "dense") throw new RangeError("backprop: dense model only");
  const N = inputs.rows, H = shape.hidden, D = shape.inputs;
  const buf = evalBuffers(H, N);
  const loss = forwardMse(shape, p, inputs.data, inputs.dataT, inputs.target, buf);
  grad.fill(0);
  const d1 = new Float64Array(N * H); // δ1, samples × hidden
  for (let s = 0; s < N; s++) {
    const y = buf.pred[s];
    const d2 = ((2 * (y - inputs.target[s])) / N) * (1 - y * y);
    grad[layout.b2] += d2;
    for (let j = 0; j < H; j++) {
      const h = buf.hidden[j][s];
      grad[layout.w2 + j] += d2 * h;
      const d = d2 * p[layout.w2 + j] * (1 - h * h);
      d1[s * H + j] = d;
      grad[layout.b1 + j] += d;
    }
  }
  // ∂L/∂W1 = δ1ᵀ X  (H × D)
  matmulInto(grad.subarray(0, H * D), d1, inputs.data, H, N, D, { transA: true });
  return loss;
}

/**
 * Runs `n` Adam epochs (pure: returns a new state).
 *
 * @example
 * ```ts
 * import { backpropEpochs, initBackprop, trialContext, trialDefaults } from "@neuroplastic/engines/genreg";
 * import { key } from "@neuroplastic/core/random";
 * const c = { ...trialDefaults, optimizer: "backprop" as const, model: { kind: "dense" as const, hidden: 8, k: 2 } };
 * const ctx = trialContext(c);
 * const s = backpropEpochs(initBackprop(c, ctx, key(0)), c, ctx, 10);
 * console.log(s.epoch); // 10
 * ```
 */
export function backpropEpochs(
  s: BackpropState,
  c: TrialConfig,
  ctx: TrialContext,
  n: number,
): BackpropState {
  const opt = adam({ lr: c.backprop.lr });
  let params = s.params, state = s.opt, epoch = s.epoch, loss = s.lastLoss;
  const end = Math.min(c.backprop.epochs, epoch + n);
  for (; epoch < end; epoch++) {
    const g = new Float64Array(params.length);
    loss = denseLossGrad(ctx, params, g);
    const r = opt.update(tree(g), state, tree(params));
    params = (r.params as { theta: Tensor }).theta.data as Float64Array;
    state = r.state;
  }
  return { params, opt: state, epoch, lastLoss: loss };
}
